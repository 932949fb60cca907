#![no_main]
//! See `twohats_fuzz::gitlog` for the path the bytes take and what is checked.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    twohats_fuzz::gitlog(data);
});

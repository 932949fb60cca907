#![no_main]
//! See `twohats_fuzz::config` for the path the bytes take and what is checked.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    twohats_fuzz::config(data);
});

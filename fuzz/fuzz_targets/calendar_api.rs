#![no_main]
//! See `twohats_fuzz::calendar_api` for the path the bytes take and what is checked.

use libfuzzer_sys::{fuzz_target, Corpus};

fuzz_target!(|data: &[u8]| -> Corpus {
    match twohats_fuzz::known::run(|| twohats_fuzz::calendar_api(data)) {
        Some(_) => Corpus::Keep,
        None => Corpus::Reject,
    }
});

#![no_main]
//! See `twohats_fuzz::ics` for the path the bytes take and what is checked.

use libfuzzer_sys::{fuzz_target, Corpus};

fuzz_target!(|data: &[u8]| -> Corpus {
    if twohats_fuzz::known::skip_ics(data) {
        return Corpus::Reject;
    }
    twohats_fuzz::ics(data);
    Corpus::Keep
});

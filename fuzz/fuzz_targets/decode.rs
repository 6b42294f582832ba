//! Every generated model's decoder on arbitrary bytes: the first byte picks the model, the rest
//! is the response body. Decoding may fail, but must never panic; a value that decodes must
//! re-encode and decode back equal.
#![no_main]

use libfuzzer_sys::fuzz_target;
use soracom_billing_tests::models::{round_trip, MODEL_NAMES, UNSTABLE};

fuzz_target!(|data: &[u8]| {
    let Some((&pick, body)) = data.split_first() else {
        return;
    };
    let name = MODEL_NAMES[usize::from(pick) % MODEL_NAMES.len()];
    if let Some(Err(error)) = round_trip(name, body) {
        assert!(!error.starts_with(UNSTABLE), "{name}: {error}");
    }
});

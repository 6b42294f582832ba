//! The generator on arbitrary (mutated) spec text: it may refuse the input with an error, but
//! must never panic or hang.
#![no_main]

use codegen::{OperationFilter, SpecInput};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let input = SpecInput {
        file: "fuzz.yml",
        text,
        operations: OperationFilter::All,
    };
    let _ = codegen::generate(&[input], "cargo fuzz run generate");
});

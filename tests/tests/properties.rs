//! Property tests over every generated model (the list comes from the SDK's own model, see
//! `tests/build.rs`): values the spec allows decode, re-encode and decode back equal, and
//! properties or enum values a newer server may send decode without losing the known fields;
//! every struct's builder makes any such value again, and fails naming a required field left out.

use proptest::test_runner::{Config, TestCaseError, TestRunner};
use soracom_billing_tests::arbitrary_json::{self, conforms, Options};
use soracom_billing_tests::models::{rebuild, round_trip, MODEL_NAMES};

/// Cases per model (68 models): enough to reach every optional field and enum value.
const CASES: u32 = 96;

fn check_every_model(options: Options) {
    let mut failures = Vec::new();
    for &name in MODEL_NAMES {
        let mut runner = TestRunner::new(Config {
            cases: CASES,
            failure_persistence: None,
            ..Config::default()
        });
        let outcome = runner.run(&arbitrary_json::model(name, options), |value| {
            let bytes = serde_json::to_vec(&value).unwrap();
            let trip = round_trip(name, &bytes)
                .expect("a model in MODEL_NAMES")
                .map_err(TestCaseError::fail)?;
            conforms(name, &value, &trip.encoded).map_err(|e| {
                TestCaseError::fail(format!(
                    "the SDK's encoding does not keep the input: {e}\n  input:   {value}\n  encoded: {}",
                    trip.encoded
                ))
            })
        });
        if let Err(error) = outcome {
            failures.push(format!("{name}: {error}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} models failed:\n{}",
        failures.len(),
        MODEL_NAMES.len(),
        failures.join("\n\n")
    );
}

#[test]
fn every_model_round_trips_through_json() {
    check_every_model(Options::default());
}

#[test]
fn extra_properties_and_unknown_enum_values_decode_and_keep_the_known_fields() {
    check_every_model(Options {
        extras: true,
        unknown_enums: true,
    });
}

#[test]
fn every_struct_is_made_again_by_its_builder() {
    // Every setter (and `set_…` twin) of every struct's builder, over values the spec allows.
    let mut failures = Vec::new();
    let mut structs = 0;
    for &name in MODEL_NAMES {
        if rebuild(name, b"null").is_none() {
            continue; // an enum or a `oneOf`: no builder
        }
        structs += 1;
        let mut runner = TestRunner::new(Config {
            cases: CASES / 4,
            failure_persistence: None,
            ..Config::default()
        });
        let outcome = runner.run(&arbitrary_json::model(name, Options::default()), |value| {
            let bytes = serde_json::to_vec(&value).unwrap();
            rebuild(name, &bytes)
                .expect("a struct")
                .map_err(TestCaseError::fail)
        });
        if let Err(error) = outcome {
            failures.push(format!("{name}: {error}"));
        }
    }
    assert!(structs >= 40, "{structs}");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn the_model_list_is_the_sdks() {
    // The table is built from the spec the SDK is generated from: a name that is not a model
    // is refused, and the list is not empty.
    assert!(MODEL_NAMES.len() >= 60, "{}", MODEL_NAMES.len());
    for name in [
        "GetBillingHistoryResponse",
        "ShippingOption",
        "Currency",
        "AuthRequest",
    ] {
        assert!(MODEL_NAMES.contains(&name), "{name} is missing");
    }
    assert!(round_trip("NoSuchModel", b"{}").is_none());
}

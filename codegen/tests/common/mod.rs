//! Helpers shared by the integration tests: loading fixtures and running the generator on them.

// Each test crate uses only some of these.
#![allow(dead_code)]

use std::path::PathBuf;

use codegen::{Error, Generated, Model, OperationFilter, SpecInput};

/// The command named in the `@generated` header of the code these tests generate (which they
/// never write: the golden files are xtask's `golden` test).
pub const COMMAND: &str = "cargo test -p openapi-client-codegen";

/// `codegen/tests/fixtures`.
pub fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// The text of `fixtures/<name>.yaml`.
pub fn fixture(name: &str) -> String {
    let path = fixtures_dir().join(format!("{name}.yaml"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// The file name a fixture is given to the generator under (it shows in headers and origins).
pub fn fixture_file(name: &str) -> String {
    format!("fixtures/{name}.yaml")
}

/// Runs `f` and fails the test with a clear message if the generator panicked.
pub fn no_panic<T>(what: &str, f: impl FnOnce() -> T) -> T {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        Ok(value) => value,
        Err(payload) => {
            let message = payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            panic!("the generator panicked on {what} instead of returning an error: {message}")
        }
    }
}

/// Generates a single spec text (all operations).
pub fn generate_text(file: &str, text: &str) -> Result<Generated, Error> {
    no_panic(file, || {
        codegen::generate(
            &[SpecInput {
                file,
                text,
                operations: OperationFilter::All,
            }],
            COMMAND,
        )
    })
}

/// Builds the model of a single spec text (all operations).
pub fn model_text(file: &str, text: &str) -> Result<Model, Error> {
    no_panic(file, || {
        codegen::model(&[SpecInput {
            file,
            text,
            operations: OperationFilter::All,
        }])
    })
}

/// Generates a fixture, failing the test on an error.
pub fn generate_fixture(name: &str) -> Generated {
    let text = fixture(name);
    generate_text(&fixture_file(name), &text)
        .unwrap_or_else(|e| panic!("fixture {name} does not generate: {e}"))
}

/// The model of a fixture, failing the test on an error.
pub fn model_fixture(name: &str) -> Model {
    let text = fixture(name);
    model_text(&fixture_file(name), &text)
        .unwrap_or_else(|e| panic!("fixture {name} has no model: {e}"))
}

/// One entry of `spec/sdk.toml`: a spec file, its text and its operation filter.
pub struct ConfiguredSpec {
    /// Path as the generator is given it (`spec/<file>`).
    pub file: String,
    /// The file's text.
    pub text: String,
    /// Which operations to generate.
    pub operations: OperationFilter,
}

/// `codegen/../spec`.
pub fn spec_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../spec")
}

/// The real spec set as `spec/sdk.toml` configures it (read as `cargo xtask generate` reads
/// it, by [`codegen::config`]), primary first.
pub fn configured_specs() -> Vec<ConfiguredSpec> {
    let path = spec_dir().join("sdk.toml");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let config = codegen::config::parse("spec/sdk.toml", &text).unwrap_or_else(|e| panic!("{e}"));
    config
        .ordered_specs()
        .into_iter()
        .map(|entry| {
            let path = spec_dir().join(&entry.file);
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            ConfiguredSpec {
                file: format!("spec/{}", entry.file),
                text,
                operations: entry.operations.filter(),
            }
        })
        .collect()
}

/// The generator's inputs for a configured spec set.
pub fn inputs(specs: &[ConfiguredSpec]) -> Vec<SpecInput<'_>> {
    specs
        .iter()
        .map(|s| SpecInput {
            file: &s.file,
            text: &s.text,
            operations: s.operations.clone(),
        })
        .collect()
}

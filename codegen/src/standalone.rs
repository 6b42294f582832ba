//! The layout of a standalone crate (`cargo xtask generate --spec … --out … --name …`): which
//! files the generator owns, which it only writes when they are missing, and the one section of
//! `Cargo.toml` it keeps up to date.

use std::collections::BTreeMap;

use crate::error::Error;
use crate::input::Generated;
use crate::{names, runtime};

/// The runtime crate's package name, as a generated `Cargo.toml` names it.
pub fn runtime_package() -> &'static str {
    runtime::PACKAGE
}

/// The runtime version generated code needs, as a caret requirement (`0.1`).
pub fn runtime_version() -> &'static str {
    runtime::VERSION
}

/// How a standalone crate's `Cargo.toml` names the runtime crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuntimeSource {
    /// `{ version = "…", path = "…" }`: builds against the runtime at that path (relative to the
    /// crate's folder), and can still be published as it is (cargo drops the path).
    Path(String),
    /// `"…"`: the version alone, as published on crates.io.
    Registry,
}

/// A standalone crate's files, by who owns them. Paths are relative to the crate's folder.
#[derive(Debug, Clone)]
pub struct StandaloneCrate {
    /// Owned by the generator and rewritten on every run: everything under `src/generated/`.
    pub generated: BTreeMap<String, String>,
    /// Written only when missing (`Cargo.toml`, `src/lib.rs`); afterwards they are the user's.
    pub scaffold: BTreeMap<String, String>,
    /// The dependencies of the generated code: the section of `Cargo.toml` between
    /// [`DEPENDENCIES_BEGIN`] and [`DEPENDENCIES_END`], kept up to date by [`update_manifest`].
    pub dependencies: String,
}

/// The line that opens the managed section of a standalone crate's `Cargo.toml`.
pub const DEPENDENCIES_BEGIN: &str =
    "# @generated: the dependencies of src/generated, kept up to date by the generator (edit below the end line)";
/// The line that closes it.
pub const DEPENDENCIES_END: &str = "# end of @generated dependencies";

/// Lays out a complete crate named `name` around `generated`, depending on the runtime as
/// `runtime` says.
pub fn standalone_crate(
    name: &str,
    generated: &Generated,
    runtime: &RuntimeSource,
) -> Result<StandaloneCrate, Error> {
    let valid = name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !valid {
        return Err(Error::Config {
            message: format!(
                "`{name}` is not a valid crate name (ASCII letters, digits, `-` and `_`, starting with a letter)"
            ),
        });
    }
    let model = &generated.model;
    let title = model
        .specs
        .first()
        .map(|s| s.title.as_str())
        .unwrap_or(name);
    let runtime_line = match runtime {
        RuntimeSource::Path(path) => format!(
            "{} = {{ version = \"{}\", path = \"{}\" }}",
            runtime::PACKAGE,
            runtime::VERSION,
            toml_text(path)
        ),
        RuntimeSource::Registry => format!("{} = \"{}\"", runtime::PACKAGE, runtime::VERSION),
    };
    let dependencies = format!(
        "{DEPENDENCIES_BEGIN}\n{runtime_line}\nserde = {{ version = \"1\", features = [\"derive\"] }}\nserde_json = \"1\"\n{DEPENDENCIES_END}\n"
    );
    let mut scaffold = BTreeMap::new();
    scaffold.insert(
        "Cargo.toml".to_owned(),
        format!(
            "# Written by `cargo xtask generate --spec … --out … --name {name}` because it was missing;\n\
             # yours to edit, except the section between the two `@generated` lines.\n\
             [package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\
             description = \"Client for {} {}\"\n\n\
             # A crate of its own, even when generated inside another workspace.\n[workspace]\n\n\
             [dependencies]\n{dependencies}\n{FEATURES}",
            toml_text(title),
            toml_text(&model.api_version),
        ),
    );
    let library = name.replace('-', "_");
    scaffold.insert(
        "src/lib.rs".to_owned(),
        format!(
            "//! Async client for {title} (API version {version}), generated from its OpenAPI description.\n\
             //!\n\
             //! Build a [`Client`] with [`Client::builder`], then call one method per operation; each\n\
             //! returns a request builder to `.await`.\n\
             //!\n\
             //! ```no_run\n\
             //! # async fn run() -> Result<(), {library}::Error> {{\n\
             //! let client = {library}::Client::builder()\n\
             //!     .base_url(\"https://api.example.com\")\n\
             //!     .build()?;\n\
             //! # let _ = client;\n\
             //! # Ok(())\n\
             //! # }}\n\
             //! ```\n\
             //!\n\
             //! Written once by the generator; yours to edit. `src/generated/` is rewritten on every run.\n\n\
             #![deny(missing_docs)]\n\n\
             #[rustfmt::skip]\n\
             pub mod generated;\n\n\
             #[cfg(feature = \"test-support\")]\n\
             pub use generated::test_support;\n\
             pub use generated::{{models, operations, Client, ClientBuilder, SPEC_HASH, SPEC_VERSION}};\n\
             pub use {runtime_library}::{{\n    stream, ApiError, BuildError, Error, IntoYearMonth, RetryPolicy, YearMonth,\n}};\n",
            title = one_line(title),
            version = one_line(&model.api_version),
            runtime_library = runtime::library(),
        ),
    );
    let generated = generated
        .files
        .iter()
        .map(|(path, text)| (format!("src/generated/{path}"), text.clone()))
        .collect();
    Ok(StandaloneCrate {
        generated,
        scaffold,
        dependencies,
    })
}

/// The scaffold manifest's features: `test-support`, which compiles the generated
/// `test_support` module (a fake server of the API and a client pointed at it) for the crate's
/// users' dev-dependencies.
pub const FEATURES: &str = "[features]\n\
# The fake server of this API for tests (`test_support`); for dev-dependencies.\n\
test-support = [\"openapi-client-runtime/test-support\"]\n";

/// `manifest` with its managed section replaced by `dependencies`, or `None` when it has no
/// such section (one with a begin line and, after it, an end line).
pub fn update_manifest(manifest: &str, dependencies: &str) -> Option<String> {
    let begin = manifest.find(DEPENDENCIES_BEGIN)?;
    let end_line = begin + manifest[begin..].find(DEPENDENCIES_END)?;
    let end = manifest[end_line..]
        .find('\n')
        .map(|n| end_line + n + 1)
        .unwrap_or(manifest.len());
    Some(format!(
        "{}{dependencies}{}",
        &manifest[..begin],
        &manifest[end..]
    ))
}

/// Text safe inside a TOML basic string.
fn toml_text(text: &str) -> String {
    one_line(text).replace('\\', "\\\\").replace('"', "\\\"")
}

/// Text on one line, for a `//!` comment or a TOML string.
fn one_line(text: &str) -> String {
    names::doc_safe(&text.replace(['\r', '\n'], " "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_managed_section_is_replaced_and_nothing_else() {
        let old = format!(
            "[package]\nname = \"pets\"\n\n[dependencies]\n{DEPENDENCIES_BEGIN}\nold = \"1\"\n{DEPENDENCIES_END}\nmine = \"2\"\n\n[dev-dependencies]\ntokio = \"1\"\n"
        );
        let section = format!("{DEPENDENCIES_BEGIN}\nnew = \"3\"\n{DEPENDENCIES_END}\n");
        let updated = update_manifest(&old, &section).unwrap();
        assert_eq!(
            updated,
            format!(
                "[package]\nname = \"pets\"\n\n[dependencies]\n{DEPENDENCIES_BEGIN}\nnew = \"3\"\n{DEPENDENCIES_END}\nmine = \"2\"\n\n[dev-dependencies]\ntokio = \"1\"\n"
            )
        );
        assert_eq!(update_manifest("[package]\nname = \"x\"\n", &section), None);
        let only_begin = format!("{DEPENDENCIES_BEGIN}\nold = \"1\"\n");
        assert_eq!(update_manifest(&only_begin, &section), None);
    }
}

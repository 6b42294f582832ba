//! The generator: OpenAPI 3.0 documents in, the files of a Rust API client out. It does no IO
//! (callers pass spec texts in and get file texts out; see `xtask`) and never panics on a bad
//! spec: every problem is an [`Error`] naming the file and the place in it, and a construct it
//! cannot type exactly becomes raw JSON with a [`Warning`].
//!
//! # Map, in pipeline order
//!
//! [`generate_with`] drives the pipeline: load → build → emit. Data flows one way; each step
//! reads only what the one before produced.
//!
//! | step | module | what it does |
//! |---|---|---|
//! | in | `input`, [`config`] | the spec texts and the operations to take ([`SpecInput`]); `sdk.toml` parsed |
//! | 1 | `load` | text → `openapiv3` documents, with located parse errors |
//! | 2 | `build` | documents → [`Model`]: the walk (`build::operations`, `build::schemas`, `build::media`, `build::extensions` for every `x-…` and vendor convention, `build::journal` to roll back a skipped operation), then the passes in `build::passes`, run in the order `build::finish` lists (allOf merge, reachability, naming, cycles, leniency, defaults, type and operation definitions) |
//! | 2 | `names` | every naming rule (identifiers, keywords, collisions, setters, modules), used by `build` only |
//! | 2 | `location` | where a node is: file and JSON pointer, for every error and warning |
//! | = | [`model`](mod@model) | the intermediate model: every `$ref` resolved, every name decided, every Rust type chosen |
//! | 2b | `links` | the model's doc links made to work in rustdoc (operation references, site-relative links against [`ClientSettings::docs_base`]) |
//! | 3 | `emit` | model → tokens → formatted files, one module per kind: `types`, `enums`, `one_of`, `operations`, `pagination`, `client`, `crate_files`; `runtime` names every runtime path printed |
//! | out | [`Generated`], [`standalone`] | the files; the layout of a crate around them |
//! | beside | [`diff`] | two models compared: each change's kind and impact, and the version bump |
//!
//! To type a construct differently (say `format: date`): `build::schemas` chooses each schema's
//! form in its match on the schema's type (`Type::String` there), `build::raw` lists the forms,
//! and [`model::TypeRef`] is what the form becomes; `emit::tokens::rust_type` prints it.

#![deny(missing_docs)]

mod build;
pub mod config;
pub mod diff;
mod emit;
mod error;
mod input;
mod links;
mod load;
mod location;
pub mod model;
mod names;
mod runtime;
pub mod standalone;

use std::collections::BTreeMap;

pub use error::{Error, Warning};
pub use input::{Generated, OperationFilter, SpecInput};
pub use model::{ClientSettings, Model};

/// Builds the model of `inputs` (the first is the primary spec) without printing it, its doc
/// links resolved as [`generate`] resolves them (site-relative ones, with no documentation base,
/// are plain text with a warning).
pub fn model(inputs: &[SpecInput<'_>]) -> Result<Model, Error> {
    let documents = load::load(inputs)?;
    let mut model = build::build(inputs, documents)?;
    links::resolve_links(&mut model, None);
    Ok(model)
}

/// Generates the code for `inputs`; the first one is the primary spec, whose version and servers
/// the code exposes. `command` is the command named in each file's `@generated` header.
pub fn generate(inputs: &[SpecInput<'_>], command: &str) -> Result<Generated, Error> {
    generate_with(inputs, command, &ClientSettings::default())
}

/// [`generate`] with the settings of the generated client that the spec does not give (the
/// tracing span's name, the headers that say how long to wait before a retry, the parameters
/// that default to a login value).
pub fn generate_with(
    inputs: &[SpecInput<'_>],
    command: &str,
    client: &ClientSettings,
) -> Result<Generated, Error> {
    let model = model_with(inputs, client)?;
    let files = emit::emit(&model, &header(command, inputs))?;
    Ok(Generated { files, model })
}

/// The model [`generate_with`] prints: [`model()`] with the client settings applied (doc links
/// resolved against its `docs_base`, parameters given their login defaults). A
/// `login_defaults` entry that names no required string path parameter of any operation is an
/// error.
pub fn model_with(inputs: &[SpecInput<'_>], client: &ClientSettings) -> Result<Model, Error> {
    let (model, unmatched) = settled_model(inputs, client)?;
    if !unmatched.is_empty() {
        return Err(Error::Config {
            message: format!(
                "login_defaults names {}, which no generated operation has as a required path parameter of type string",
                unmatched
                    .iter()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        });
    }
    Ok(model)
}

/// [`model_with`] without refusing the `login_defaults` entries that match nothing (returned,
/// sorted): for comparing two versions of one spec as a client with these settings sees them
/// ([`spec_diff_with`]), where a version may lack the parameters.
fn settled_model(
    inputs: &[SpecInput<'_>],
    client: &ClientSettings,
) -> Result<(Model, Vec<String>), Error> {
    check_client_settings(client)?;
    let documents = load::load(inputs)?;
    let mut model = build::build(inputs, documents)?;
    links::resolve_links(&mut model, client.docs_base.as_deref());
    model.client = client.clone();
    let unmatched = build::passes::login_defaults::login_defaults(&mut model, client);
    Ok((model, unmatched))
}

/// A span name is any non-empty text without control characters; a documentation base an
/// http(s) URL; a wait header must be a valid HTTP header name (RFC 9110 token).
fn check_client_settings(client: &ClientSettings) -> Result<(), Error> {
    if client.span_name.is_empty() || client.span_name.chars().any(char::is_control) {
        return Err(Error::Config {
            message: format!(
                "the span name {:?} must be non-empty text without control characters",
                client.span_name
            ),
        });
    }
    if let Some(base) = &client.docs_base {
        let url = base
            .strip_prefix("https://")
            .or(base.strip_prefix("http://"));
        if url.is_none_or(|rest| rest.is_empty() || rest.contains(char::is_whitespace)) {
            return Err(Error::Config {
                message: format!(
                    "the documentation base {base:?} must be an http(s) URL without spaces"
                ),
            });
        }
    }
    for (param, value) in &client.login_defaults {
        for name in [param, value] {
            if name.is_empty() || name.chars().any(|c| c.is_control() || c.is_whitespace()) {
                return Err(Error::Config {
                    message: format!(
                        "the login default {param:?} = {value:?}: {name:?} must be non-empty text without spaces or control characters"
                    ),
                });
            }
        }
    }
    for name in &client.wait_headers {
        let token = !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
        if !token {
            return Err(Error::Config {
                message: format!("the wait header {name:?} is not a valid HTTP header name"),
            });
        }
    }
    Ok(())
}

/// Prints a model built by [`model()`]; [`generate`] is `model` followed by this.
pub fn render(
    model: &Model,
    inputs: &[SpecInput<'_>],
    command: &str,
) -> Result<BTreeMap<String, String>, Error> {
    emit::emit(model, &header(command, inputs))
}

/// Parses a spec file (YAML or JSON) as OpenAPI 3.0 without building anything from it.
pub fn parse(file: &str, text: &str) -> Result<openapiv3::OpenAPI, Error> {
    load::parse(file, text)
}

/// Compares two versions of a spec (every operation of each), as the generator sees them.
pub fn spec_diff(old: SpecInput<'_>, new: SpecInput<'_>) -> Result<diff::SpecDiff, Error> {
    let old = model(&[old])?;
    let new = model(&[new])?;
    Ok(diff::diff(&old, &new))
}

/// [`spec_diff`] as a client generated with the settings `client` sees the two versions: a
/// parameter with a login default is a setter, not an argument, so gaining one is compatible.
pub fn spec_diff_with(
    old: SpecInput<'_>,
    new: SpecInput<'_>,
    client: &ClientSettings,
) -> Result<diff::SpecDiff, Error> {
    let (old, _) = settled_model(&[old], client)?;
    let (new, _) = settled_model(&[new], client)?;
    Ok(diff::diff(&old, &new))
}

/// The first line of every generated file.
pub fn header(command: &str, inputs: &[SpecInput<'_>]) -> String {
    let sources: Vec<&str> = inputs.iter().map(|i| i.file).collect();
    format!(
        "// @generated by `{command}` from {}. Do not edit by hand.",
        sources.join(", ")
    )
}

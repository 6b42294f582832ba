//! Documents -> intermediate model. Resolves every `$ref`, decides every name and every Rust type.
//!
//! Two steps: the first ([`build`], through [`operations`] and [`schemas`]) walks the selected
//! operations and the schemas they reach, collecting raw types identified by number (inline
//! enums and `oneOf`s deduplicated by content); the second (`Builder::finish`, running the
//! [`passes`] in order) names them all at once, so a name never depends on the order in which
//! types were met.
//!
//! - [`raw`]: the first step's forms (`Raw`, `RawType`, `RawOperation`, …);
//! - [`operations`]: operations, parameters, request bodies, responses, security;
//! - [`schemas`]: `$ref`s to components, inline schemas, objects, arrays, enums, `oneOf`, `allOf`;
//! - [`media`]: media kinds, picking a media type, examples;
//! - [`extensions`]: vendor extensions (`x-…`) and vendor formats;
//! - [`keywords`]: the schema keywords the walk does not read: the list of those ignored by
//!   design, and a warning for any other;
//! - [`journal`]: undoing what a skipped operation added;
//! - [`docs`]: spec text -> doc lines;
//! - [`passes`]: the second step.

mod docs;
mod extensions;
mod journal;
mod keywords;
mod media;
mod operations;
pub(crate) mod passes;
mod raw;
mod schemas;

use std::collections::{BTreeSet, HashMap};

use openapiv3::OpenAPI;
use sha2::{Digest, Sha256};

use crate::error::{Error, Warning};
use crate::input::{OperationFilter, SpecInput};
use crate::load::Loaded;
use crate::location::Location;
use crate::model::*;

use journal::Journal;
use passes::Decided;
use raw::*;

/// The first step's state: the documents, the raw types found so far, and what is needed to
/// deduplicate them, report problems and undo a skipped operation.
struct Builder<'a> {
    files: Vec<&'a str>,
    docs: Vec<OpenAPI>,
    /// Each document's YAML tree, for the keywords `openapiv3` does not keep (see [`keywords`]).
    trees: Vec<serde_yaml::Value>,
    types: Vec<RawType>,
    /// Component schemas already resolved, by (file, name).
    components: HashMap<(usize, String), Raw>,
    /// Components being resolved (to break cycles that go through no named type).
    resolving: Vec<(usize, String)>,
    enums: HashMap<Vec<String>, TypeId>,
    one_ofs: HashMap<Vec<RawVariant>, TypeId>,
    /// Every example the spec gives, with the type it illustrates.
    examples: Vec<(Raw, serde_json::Value)>,
    warnings: Vec<Warning>,
    /// Errors made by [`Builder::unsupported`].
    unsupported: Vec<Error>,
    /// What an operation being built changed in state that existed before it, so that a
    /// skipped operation leaves no trace (see [`Builder::rollback`]).
    journal: Journal,
    /// Operations skipped by [`Builder::unsupported`] errors.
    skipped_operations: Vec<String>,
    /// Names given to operations without `operationId`.
    derived_operation_ids: Vec<String>,
    /// The `operationId`s the inputs give to the operations they generate.
    explicit_ids: BTreeSet<String>,
}

/// Builds the model of the given specs (the first one is the primary) from their parsed
/// `documents` (one per input, in the same order).
pub fn build(inputs: &[SpecInput<'_>], documents: Vec<Loaded>) -> Result<Model, Error> {
    if inputs.is_empty() {
        return Err(Error::Config {
            message: "no spec file given".to_owned(),
        });
    }
    let (docs, trees) = documents.into_iter().map(|d| (d.doc, d.raw)).unzip();
    let mut builder = Builder {
        files: inputs.iter().map(|i| i.file).collect(),
        docs,
        trees,
        types: Vec::new(),
        components: HashMap::new(),
        resolving: Vec::new(),
        enums: HashMap::new(),
        one_ofs: HashMap::new(),
        examples: Vec::new(),
        warnings: Vec::new(),
        unsupported: Vec::new(),
        journal: Journal::default(),
        skipped_operations: Vec::new(),
        derived_operation_ids: Vec::new(),
        explicit_ids: BTreeSet::new(),
    };
    // Explicit ids of every file, which an id derived for an operation without one must not
    // take (whatever file comes first).
    for (doc, input) in builder.docs.iter().zip(inputs) {
        let ids = doc
            .paths
            .paths
            .values()
            .filter_map(|item| item.as_item())
            .flat_map(|item| item.iter().filter_map(|(_, op)| op.operation_id.clone()))
            .filter(|id| match &input.operations {
                OperationFilter::All => true,
                OperationFilter::Only(wanted) => wanted.contains(id),
            });
        builder.explicit_ids.extend(ids);
    }
    let mut operations = Vec::new();
    let mut seen_ids: HashMap<String, String> = HashMap::new();
    for (file, input) in inputs.iter().enumerate() {
        let found = builder.operations(file, &input.operations, &mut seen_ids, &mut operations)?;
        if let OperationFilter::Only(wanted) = &input.operations {
            for id in wanted {
                if !found.contains(id) {
                    return Err(Error::Config {
                        message: format!("operation `{id}` is not in {}", input.file),
                    });
                }
            }
        }
    }
    let about = about(inputs, &builder.docs);
    builder.finish(operations, about)
}

impl Builder<'_> {
    /// The second step: the passes over all the types at once (see [`passes`]), in order, then
    /// the model.
    fn finish(mut self, operations: Vec<RawOperation>, about: About) -> Result<Model, Error> {
        // 1. `allOf`s become structs.
        self.merge_all_ofs();
        // 2-3. Only types the operations reach are named and printed: the members of an
        // `allOf` are merged into it, and types left pending were abandoned by a fallback.
        let reachable = self.reachable(&operations);
        // 2b. `readOnly` and `writeOnly`, by the direction each type travels in.
        let (sent, received) = self.directions(&operations);
        self.apply_directions(&sent, &received);
        let names = self.assign_names(&reachable);
        // 4-6. What each type needs: boxes, lenient fields, a derived `Default`.
        let boxed = self.cycles();
        let lenient = self.lenient_fields();
        let defaults = self.defaults(&boxed);
        let decided = Decided {
            names,
            boxed,
            lenient,
            defaults,
        };
        // 7-8. The model's types, then its operations (pagination looks into the types).
        let mut types = self.type_defs(&decided);
        let named = |ids: &BTreeSet<TypeId>| -> BTreeSet<String> {
            ids.iter()
                .filter_map(|id| decided.names.get(id).cloned())
                .collect()
        };
        passes::conversions::find_conversions(&mut types, &named(&sent), &named(&received));
        let operations = self.operation_defs(operations, &types, &decided.names);
        let mut warnings = self.warnings;
        warnings.sort();
        warnings.dedup();
        let mut skipped_operations = self.skipped_operations;
        skipped_operations.sort();
        let mut derived_operation_ids = self.derived_operation_ids;
        derived_operation_ids.sort();
        Ok(Model {
            specs: about.specs,
            api_version: about.api_version,
            spec_hash: about.spec_hash,
            servers: about.servers,
            types,
            operations,
            warnings,
            skipped_operations,
            derived_operation_ids,
            client: crate::model::ClientSettings::default(),
        })
    }
}

/// What the model says about the input specs themselves.
struct About {
    specs: Vec<SpecMeta>,
    api_version: String,
    spec_hash: String,
    servers: Vec<Server>,
}

/// The specs' titles and versions, the hash of their texts, and the primary spec's version and
/// servers.
fn about(inputs: &[SpecInput<'_>], docs: &[OpenAPI]) -> About {
    let mut hasher = Sha256::new();
    for input in inputs {
        hasher.update(input.file.as_bytes());
        hasher.update([0]);
        hasher.update(input.text.as_bytes());
        hasher.update([0]);
    }
    let spec_hash = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let primary_doc = &docs[0];
    let servers = primary_doc
        .servers
        .iter()
        .map(|s| Server {
            url: s.url.clone(),
            description: s.description.clone(),
        })
        .collect();
    let specs = inputs
        .iter()
        .zip(docs)
        .map(|(input, doc)| SpecMeta {
            file: input.file.to_owned(),
            title: doc.info.title.clone(),
            version: doc.info.version.clone(),
            description: doc.info.description.clone(),
        })
        .collect();
    let api_version = docs[0].info.version.clone();
    About {
        specs,
        api_version,
        spec_hash,
        servers,
    }
}

impl<'a> Builder<'a> {
    /// An error located at `at`.
    pub(crate) fn err(&self, at: &Location, message: impl Into<String>) -> Error {
        Error::invalid(self.files[at.file], &at.pointer, message)
    }

    /// An error about something valid that the generated code cannot do (a media type, a
    /// parameter style). With every operation asked for, the operation is skipped with a warning
    /// instead; asked for by name, it is an error.
    pub(crate) fn unsupported(&mut self, at: &Location, message: impl Into<String>) -> Error {
        let error = self.err(at, message);
        self.unsupported.push(error.clone());
        error
    }

    /// Records a warning located at `at`.
    pub(crate) fn warn(&mut self, at: &Location, message: impl Into<String>) {
        self.warnings.push(Warning {
            file: self.files[at.file].to_owned(),
            pointer: at.pointer.clone(),
            message: message.into(),
        });
    }

    /// The place `at` as the model's `origins` write it: file name and JSON pointer.
    pub(crate) fn origin(&self, at: &Location) -> String {
        format!("{}{}", self.files[at.file], at.pointer)
    }

    /// `#/components/<section>/<Name>` -> `Name`, or a located error.
    pub(crate) fn local_ref(
        &self,
        at: &Location,
        reference: &str,
        section: &str,
    ) -> Result<String, Error> {
        if !reference.starts_with('#') {
            return Err(self.err(at, format!(
                "external `$ref` `{reference}` is not supported; bundle the spec into one file first"
            )));
        }
        let prefix = format!("#/components/{section}/");
        match reference.strip_prefix(&prefix) {
            Some(name) if !name.is_empty() && !name.contains('/') => {
                Ok(name.replace("~1", "/").replace("~0", "~"))
            }
            _ => Err(self.err(
                at,
                format!("`$ref` `{reference}` must point into `#/components/{section}/`"),
            )),
        }
    }
}

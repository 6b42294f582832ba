//! What callers hand the generator (spec files and which operations to take from each) and what
//! they get back.

use std::collections::BTreeMap;

use crate::model::Model;

/// Which operations of a spec file to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OperationFilter {
    /// Every operation.
    All,
    /// Only these `operationId`s; naming one the file does not have is an error.
    Only(Vec<String>),
}

/// One spec file to generate from.
#[derive(Debug, Clone)]
pub struct SpecInput<'a> {
    /// The name used in messages and in the generated header (e.g. `spec/billing.yml`).
    pub file: &'a str,
    /// The file's text (YAML or JSON).
    pub text: &'a str,
    /// Which operations to take from it.
    pub operations: OperationFilter,
}

/// What the generator produced.
#[derive(Debug, Clone)]
pub struct Generated {
    /// File texts by path relative to the output folder (`mod.rs`, `models/…`, `operations/…`).
    pub files: BTreeMap<String, String>,
    /// The model they were printed from.
    pub model: Model,
}

//! Spec -> intermediate model. Resolves every `$ref`, decides every name and every Rust type.
//!
//! Two passes: the first walks the selected operations and the schemas they reach, collecting raw
//! types identified by number (inline enums and `oneOf`s deduplicated by content); the second
//! names them all at once, so a name never depends on the order in which types were met.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use openapiv3::{
    AdditionalProperties, OpenAPI, Parameter, ParameterSchemaOrContent, PathStyle, QueryStyle,
    ReferenceOr, RequestBody, Response, Schema, SchemaKind, SecurityScheme, StatusCode, Type,
    VariantOrUnknownOrEmpty,
};
use sha2::{Digest, Sha256};

use crate::error::{Error, Warning};
use crate::input::{OperationFilter, SpecInput};
use crate::location::Location;
use crate::model::*;
use crate::names;

type TypeId = usize;

/// How many `$ref`s deep schemas may nest (each is a level of recursion in the builder).
const MAX_REF_DEPTH: usize = 100;

/// How many (type, value) steps walking the spec's examples may take in all.
const EXAMPLE_BUDGET: usize = 200_000;

/// A type during the first pass: named types are referred to by id.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Raw {
    String,
    I32,
    I64,
    F64,
    Bool,
    Vec(Box<Raw>),
    Map(Box<Raw>),
    Named(TypeId),
    Json,
    JsonObject,
}

/// Candidate names for an inline type from one place that uses it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Hint {
    /// The name it gets when nothing else wants it (`Currency`).
    short: String,
    /// The name it gets otherwise (`MonthlyBillCurrency`).
    long: String,
}

impl Hint {
    fn new(short: &str, long: &str) -> Self {
        Hint {
            short: names::schema_type_name(short),
            long: names::schema_type_name(long),
        }
    }

    /// The hint for a property `prop` of a type hinted `self`.
    fn property(&self, prop: &str) -> Self {
        Hint::new(prop, &format!("{}_{}", self.long, prop))
    }

    /// The hint for the elements of an array hinted `self`.
    fn item(&self) -> Self {
        Hint::new(&names::singular(&self.short), &names::singular(&self.long))
    }
}

#[derive(Debug)]
enum Naming {
    Component {
        file: usize,
        name: String,
    },
    /// Each place's naming hint, with the docs it had there.
    Inline {
        hints: BTreeMap<Hint, Vec<String>>,
    },
}

#[derive(Debug)]
struct RawType {
    naming: Naming,
    docs: Vec<String>,
    origins: BTreeSet<String>,
    kind: RawKind,
}

#[derive(Debug)]
enum RawKind {
    Pending,
    Struct(Vec<RawField>),
    Enum(Vec<String>),
    /// An `allOf` until `merge_all_ofs` makes it a struct.
    AllOf {
        members: Vec<Raw>,
        at: Location,
    },
    OneOf {
        variants: Vec<RawVariant>,
        discriminator: Option<(String, Vec<(String, usize)>)>,
    },
}

#[derive(Debug, Clone)]
struct RawField {
    wire_name: String,
    ty: Raw,
    required: bool,
    nullable: bool,
    docs: Vec<String>,
    /// A string with a digits-only date format (`yyyyMM`…), which servers send as numbers too.
    digits_format: bool,
    format: Option<String>,
    default: Option<serde_json::Value>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
struct RawVariant {
    /// Name taken from the referenced component, if any.
    component: Option<String>,
    ty: Raw,
}

/// `Shape` with an order, for deduplication keys.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum ShapeKey {
    Object {
        properties: Vec<String>,
        required: Vec<String>,
    },
    String,
    Integer,
    Number,
    Boolean,
    Array,
    Any,
}

struct RawParam {
    wire_name: String,
    location: ParamLocation,
    ty: Raw,
    /// A string named or formatted `yyyyMM`: typed as a validated year-month.
    year_month: bool,
    required: bool,
    docs: Vec<String>,
}

struct RawBody {
    ty: Raw,
    encoding: BodyEncoding,
    required: bool,
    docs: Vec<String>,
}

enum RawResponse {
    Unit,
    Json(Raw),
    Text,
    Bytes,
}

struct RawOperation {
    id: String,
    file: usize,
    method: Method,
    path: String,
    params: Vec<RawParam>,
    body: Option<RawBody>,
    response: RawResponse,
    security: Vec<SecurityHeader>,
    /// (query parameter, response header) of `x-soracom-cli-pagination`.
    pagination: Option<(String, String)>,
    docs: Vec<String>,
}

struct Builder<'a> {
    files: Vec<&'a str>,
    docs: Vec<OpenAPI>,
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

/// Changes to pre-existing state made while building one operation.
#[derive(Default)]
struct Journal {
    /// Origins and naming hints added to types that already existed.
    reused: Vec<(TypeId, Option<String>, Option<Hint>)>,
    /// Components resolved.
    components: Vec<(usize, String)>,
}

/// Sizes of the builder's growing state before an operation.
struct Checkpoint {
    types: usize,
    examples: usize,
    warnings: usize,
    derived_operation_ids: usize,
}

/// Builds the model of the given specs (the first one is the primary) from their parsed
/// `documents` (one per input, in the same order).
pub fn build(inputs: &[SpecInput<'_>], documents: Vec<OpenAPI>) -> Result<Model, Error> {
    if inputs.is_empty() {
        return Err(Error::Config {
            message: "no spec file given".to_owned(),
        });
    }
    let mut builder = Builder {
        files: inputs.iter().map(|i| i.file).collect(),
        docs: documents,
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
    let primary_doc = &builder.docs[0];
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
        .zip(&builder.docs)
        .map(|(input, doc)| SpecMeta {
            file: input.file.to_owned(),
            title: doc.info.title.clone(),
            version: doc.info.version.clone(),
            description: doc.info.description.clone(),
        })
        .collect();
    let api_version = builder.docs[0].info.version.clone();
    builder.finish(operations, specs, api_version, spec_hash, servers)
}

const METHODS: [(&str, Method); 7] = [
    ("get", Method::Get),
    ("put", Method::Put),
    ("post", Method::Post),
    ("delete", Method::Delete),
    ("options", Method::Options),
    ("head", Method::Head),
    ("patch", Method::Patch),
];

impl<'a> Builder<'a> {
    fn err(&self, at: &Location, message: impl Into<String>) -> Error {
        Error::invalid(self.files[at.file], &at.pointer, message)
    }

    /// An error about something valid that the generated code cannot do (a media type, a
    /// parameter style). With every operation asked for, the operation is skipped with a warning
    /// instead; asked for by name, it is an error.
    fn unsupported(&mut self, at: &Location, message: impl Into<String>) -> Error {
        let error = self.err(at, message);
        self.unsupported.push(error.clone());
        error
    }

    /// Whether a value of `t` is one piece of text on the wire: a string, number, boolean or
    /// enum (what parameters and form fields can carry).
    fn is_scalar(&self, t: &Raw) -> bool {
        match t {
            Raw::String | Raw::I32 | Raw::I64 | Raw::F64 | Raw::Bool => true,
            Raw::Named(id) => matches!(self.types[*id].kind, RawKind::Enum(_)),
            _ => false,
        }
    }

    /// Why `ty` cannot be sent as `name=value` pairs, if it cannot: a form body is an object
    /// whose values are scalars. Lists, nested objects and raw JSON have no form encoding here.
    fn form_problem(&self, ty: &Raw) -> Option<String> {
        const FORM: &str = "a form body (`application/x-www-form-urlencoded`)";
        match ty {
            Raw::Named(id) => match &self.types[*id].kind {
                RawKind::Struct(fields) => {
                    fields.iter().find(|f| !self.is_scalar(&f.ty)).map(|f| {
                        format!(
                            "property `{}` of {FORM} is not a string, number, boolean or enum",
                            f.wire_name
                        )
                    })
                }
                _ => Some(format!("{FORM} must be an object with declared properties")),
            },
            Raw::Map(item) if self.is_scalar(item) => None,
            _ => Some(format!(
                "{FORM} must be an object of strings, numbers, booleans or enums"
            )),
        }
    }

    /// Another place uses the existing (deduplicated) inline type `id`: record the place and
    /// its naming hint.
    fn reuse(&mut self, at: &Location, id: TypeId, hint: &Hint, docs: Vec<String>) {
        let origin = self.origin(at);
        let t = &mut self.types[id];
        let new_origin = t.origins.insert(origin.clone());
        let mut new_hint = None;
        if let Naming::Inline { hints } = &mut t.naming {
            if let std::collections::btree_map::Entry::Vacant(entry) = hints.entry(hint.clone()) {
                entry.insert(docs);
                new_hint = Some(hint.clone());
            }
        }
        if new_origin || new_hint.is_some() {
            self.journal
                .reused
                .push((id, new_origin.then_some(origin), new_hint));
        }
    }

    /// Starts recording what building one operation changes.
    fn checkpoint(&mut self) -> Checkpoint {
        self.journal = Journal::default();
        Checkpoint {
            types: self.types.len(),
            examples: self.examples.len(),
            warnings: self.warnings.len(),
            derived_operation_ids: self.derived_operation_ids.len(),
        }
    }

    /// Undoes everything since `checkpoint`: the types, examples and warnings added, the
    /// deduplication entries and components that point at new types, and the origins and
    /// hints added to older types. A skipped operation leaves the model as if it were not in
    /// the spec.
    fn rollback(&mut self, checkpoint: &Checkpoint) {
        let journal = std::mem::take(&mut self.journal);
        for (id, origin, hint) in journal.reused.into_iter().rev() {
            if id >= checkpoint.types {
                continue;
            }
            let t = &mut self.types[id];
            if let Some(origin) = origin {
                t.origins.remove(&origin);
            }
            if let (Some(hint), Naming::Inline { hints }) = (hint, &mut t.naming) {
                hints.remove(&hint);
            }
        }
        for key in journal.components {
            self.components.remove(&key);
        }
        self.types.truncate(checkpoint.types);
        self.enums.retain(|_, id| *id < checkpoint.types);
        self.one_ofs.retain(|_, id| *id < checkpoint.types);
        self.examples.truncate(checkpoint.examples);
        self.warnings.truncate(checkpoint.warnings);
        self.derived_operation_ids
            .truncate(checkpoint.derived_operation_ids);
        self.resolving.clear();
    }

    fn warn(&mut self, at: &Location, message: impl Into<String>) {
        self.warnings.push(Warning {
            file: self.files[at.file].to_owned(),
            pointer: at.pointer.clone(),
            message: message.into(),
        });
    }

    fn origin(&self, at: &Location) -> String {
        format!("{}{}", self.files[at.file], at.pointer)
    }

    /// Collects the selected operations of one file; returns the ids it found.
    fn operations(
        &mut self,
        file: usize,
        filter: &OperationFilter,
        seen: &mut HashMap<String, String>,
        out: &mut Vec<RawOperation>,
    ) -> Result<BTreeSet<String>, Error> {
        let mut found = BTreeSet::new();
        let paths: Vec<(String, ReferenceOr<openapiv3::PathItem>)> = self.docs[file]
            .paths
            .paths
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let paths_at = Location::root(file).join("paths");
        for (path, item) in paths {
            let item_at = paths_at.join(&path);
            let item =
                match item {
                    ReferenceOr::Item(item) => item,
                    ReferenceOr::Reference { .. } => return Err(self.err(
                        &item_at,
                        "a path item given by `$ref` is not supported; write the operations inline",
                    )),
                };
            if item.trace.is_some() {
                self.warn(
                    &item_at.join("trace"),
                    "TRACE operations are not supported; skipped",
                );
            }
            for (key, method) in METHODS {
                let operation = match key {
                    "get" => &item.get,
                    "put" => &item.put,
                    "post" => &item.post,
                    "delete" => &item.delete,
                    "options" => &item.options,
                    "head" => &item.head,
                    _ => &item.patch,
                };
                let Some(operation) = operation else { continue };
                let operation_at = item_at.join(key);
                // From here, a skipped operation is undone (its derived name included).
                let checkpoint = self.checkpoint();
                let id = match (&operation.operation_id, filter) {
                    (Some(id), _) if id.trim().is_empty() => {
                        return Err(self.err(
                            &operation_at,
                            "`operationId` is empty; every operation needs a name",
                        ))
                    }
                    (Some(id), _) => id.clone(),
                    (None, OperationFilter::All) => {
                        let base = derived_operation_id(key, &path);
                        let mut id = base.clone();
                        let mut n = 2;
                        while self.explicit_ids.contains(&id) || seen.contains_key(&id) {
                            id = format!("{base}{n}");
                            n += 1;
                        }
                        self.derived_operation_ids.push(id.clone());
                        self.warn(
                            &operation_at,
                            format!("operation has no `operationId`; named `{id}` after its method and path"),
                        );
                        id
                    }
                    (None, OperationFilter::Only(_)) => continue,
                };
                if let OperationFilter::Only(wanted) = filter {
                    if !wanted.contains(&id) {
                        continue;
                    }
                }
                let here = self.origin(&operation_at);
                if let Some(first) = seen.insert(id.clone(), here) {
                    return Err(self.err(
                        &operation_at,
                        format!("duplicate `operationId` `{id}` (first used at {first})"),
                    ));
                }
                found.insert(id.clone());
                let op = match self.operation(
                    &operation_at,
                    id.clone(),
                    method,
                    &path,
                    &item.parameters,
                    operation,
                ) {
                    // With every operation asked for, one the generated code cannot call is left
                    // out with a warning rather than failing the whole spec.
                    Err(
                        ref error @ Error::Invalid {
                            ref pointer,
                            ref message,
                            ..
                        },
                    ) if matches!(filter, OperationFilter::All)
                        && self.unsupported.contains(error) =>
                    {
                        self.rollback(&checkpoint);
                        self.skipped_operations.push(id.clone());
                        let at = Location {
                            file,
                            pointer: pointer.clone(),
                        };
                        self.warn(&at, format!("operation `{id}` skipped: {message}"));
                        found.remove(&id);
                        continue;
                    }
                    op => op?,
                };
                out.push(op);
            }
        }
        Ok(found)
    }

    fn operation(
        &mut self,
        at: &Location,
        id: String,
        method: Method,
        path: &str,
        path_params: &[ReferenceOr<Parameter>],
        op: &openapiv3::Operation,
    ) -> Result<RawOperation, Error> {
        let file = at.file;
        let op_hint_base = names::type_name(&id);
        // Parameters: path-level ones, overridden by operation-level ones with the same name and place.
        let mut merged: Vec<(Location, Parameter)> = Vec::new();
        let item_parameters_at = at.parent().join("parameters");
        for (i, p) in path_params.iter().enumerate() {
            let (param, param_at) = self.resolve_parameter(&item_parameters_at.index(i), p)?;
            merged.push((param_at, param));
        }
        let parameters_at = at.join("parameters");
        for (i, p) in op.parameters.iter().enumerate() {
            let (param, param_at) = self.resolve_parameter(&parameters_at.index(i), p)?;
            let key = (param.parameter_data_ref().name.clone(), location_of(&param));
            merged.retain(|(_, q)| (q.parameter_data_ref().name.clone(), location_of(q)) != key);
            merged.push((param_at, param));
        }
        let template_names = template_params(path).map_err(|m| self.err(at, m))?;
        let mut params = Vec::new();
        for (param_at, param) in &merged {
            let (data, location) = match param {
                Parameter::Path {
                    parameter_data,
                    style,
                } => {
                    if !matches!(style, PathStyle::Simple) {
                        return Err(self.unsupported(
                            param_at,
                            format!(
                                "path parameter style `{style:?}` is not supported (only `simple`)"
                            ),
                        ));
                    }
                    (parameter_data, ParamLocation::Path)
                }
                Parameter::Query {
                    parameter_data,
                    style,
                    ..
                } => {
                    if !matches!(style, QueryStyle::Form) {
                        return Err(self.unsupported(
                            param_at,
                            format!(
                                "query parameter style `{style:?}` is not supported (only `form`)"
                            ),
                        ));
                    }
                    if parameter_data.explode == Some(false) {
                        return Err(self.unsupported(
                            param_at,
                            "query parameters with `explode: false` are not supported",
                        ));
                    }
                    (parameter_data, ParamLocation::Query)
                }
                Parameter::Header { parameter_data, .. } => (parameter_data, ParamLocation::Header),
                Parameter::Cookie { .. } => {
                    return Err(self.unsupported(param_at, "cookie parameters are not supported"));
                }
            };
            let schema = match &data.format {
                ParameterSchemaOrContent::Schema(schema) => schema,
                ParameterSchemaOrContent::Content(_) => {
                    return Err(self.unsupported(
                        param_at,
                        format!(
                            "parameter `{}` is described by `content`; only `schema` is supported",
                            data.name
                        ),
                    ))
                }
            };
            let hint = Hint::new(&data.name, &format!("{op_hint_base}_{}", data.name));
            let ty = self.schema(&param_at.join("schema"), schema, &hint)?;
            let ok = match (&ty, location) {
                (Raw::Vec(inner), ParamLocation::Query) => self.is_scalar(inner),
                (t, _) => self.is_scalar(t),
            };
            if !ok {
                return Err(self.unsupported(param_at, format!(
                    "parameter `{}` has a type that cannot be sent in the {}; only strings, numbers, booleans and enums (and arrays of them in the query) are supported",
                    data.name,
                    match location { ParamLocation::Path => "path", ParamLocation::Query => "query", ParamLocation::Header => "headers" }
                )));
            }
            if location == ParamLocation::Path && !template_names.contains(&data.name) {
                return Err(self.err(
                    param_at,
                    format!(
                        "path parameter `{}` does not appear in the path `{path}`",
                        data.name
                    ),
                ));
            }
            let format = match schema {
                ReferenceOr::Item(s) => schema_format(s),
                ReferenceOr::Reference { .. } => None,
            };
            let year_month = matches!(ty, Raw::String)
                && location != ParamLocation::Header
                && (data.name == "yyyyMM" || format.as_deref() == Some("yyyyMM"));
            params.push(RawParam {
                wire_name: data.name.clone(),
                location,
                year_month,
                ty,
                required: data.required || location == ParamLocation::Path,
                docs: doc_lines(data.description.as_deref()),
            });
        }
        for name in &template_names {
            if !params
                .iter()
                .any(|p| p.location == ParamLocation::Path && &p.wire_name == name)
            {
                return Err(self.err(at, format!(
                    "the path `{path}` uses `{{{name}}}` but the operation declares no path parameter `{name}`"
                )));
            }
        }
        // Path parameters first, in template order; the others in spec order.
        params.sort_by_key(|p| match p.location {
            ParamLocation::Path => template_names
                .iter()
                .position(|n| n == &p.wire_name)
                .unwrap_or(0),
            _ => usize::MAX,
        });

        let body = match &op.request_body {
            None => None,
            Some(body) => Some(self.request_body(&at.join("requestBody"), body, &op_hint_base)?),
        };
        let response = self.response(at, &op.responses, &op_hint_base)?;
        let security = self.security(at, op)?;
        let pagination = self.pagination(at, op, &params)?;
        let mut docs = Vec::new();
        if let Some(summary) = op.summary.as_deref() {
            docs.extend(doc_lines(Some(summary)));
        }
        if let Some(description) = op.description.as_deref() {
            if op.summary.as_deref().map(str::trim) != Some(description.trim()) {
                if !docs.is_empty() {
                    docs.push(String::new());
                }
                docs.extend(doc_lines(Some(description)));
            }
        }
        Ok(RawOperation {
            id,
            file,
            method,
            path: path.to_owned(),
            params,
            body,
            response,
            security,
            pagination,
            docs,
        })
    }

    /// Reads `x-soracom-cli-pagination: {request: {param: P}, response: {header: H}}`. Anything
    /// else there is an error: a generator that skipped it would lose the paging silently.
    fn pagination(
        &self,
        at: &Location,
        op: &openapiv3::Operation,
        params: &[RawParam],
    ) -> Result<Option<(String, String)>, Error> {
        const KEY: &str = "x-soracom-cli-pagination";
        let Some(value) = op.extensions.get(KEY) else {
            return Ok(None);
        };
        let extension_at = at.join(KEY);
        let text = |path: [&str; 2]| {
            value
                .get(path[0])
                .and_then(|v| v.get(path[1]))
                .and_then(|v| v.as_str())
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
        };
        let (Some(param), Some(header)) =
            (text(["request", "param"]), text(["response", "header"]))
        else {
            return Err(self.err(
                &extension_at,
                "cannot read this pagination extension: expected `{request: {param: <query parameter>}, response: {header: <response header>}}`",
            ));
        };
        let known = params.iter().any(|p| {
            p.location == ParamLocation::Query
                && p.wire_name == param
                && matches!(p.ty, Raw::String)
        });
        if !known {
            return Err(self.err(
                &extension_at,
                format!("the pagination parameter `{param}` is not a string query parameter of the operation"),
            ));
        }
        if invalid_header_name(&header) {
            return Err(self.err(
                &extension_at,
                format!("`{header}` is not a valid header name"),
            ));
        }
        Ok(Some((param, header)))
    }

    /// The parameter, and the location where it is written (the component, for a `$ref`).
    fn resolve_parameter(
        &self,
        at: &Location,
        p: &ReferenceOr<Parameter>,
    ) -> Result<(Parameter, Location), Error> {
        let mut current = p;
        let mut location = at.clone();
        for _ in 0..32 {
            match current {
                ReferenceOr::Item(item) => return Ok((item.clone(), location)),
                ReferenceOr::Reference { reference } => {
                    let name = self.local_ref(at, reference, "parameters")?;
                    location = Location::component(at.file, "parameters", &name);
                    current = self.docs[at.file]
                        .components
                        .as_ref()
                        .and_then(|c| c.parameters.get(&name))
                        .ok_or_else(|| {
                            self.err(at, format!("`$ref` `{reference}` points to nothing"))
                        })?;
                }
            }
        }
        Err(self.err(at, "`$ref` chain is too long or circular"))
    }

    /// `#/components/<section>/<Name>` -> `Name`, or a located error.
    fn local_ref(&self, at: &Location, reference: &str, section: &str) -> Result<String, Error> {
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

    fn request_body(
        &mut self,
        at: &Location,
        body: &ReferenceOr<RequestBody>,
        op: &str,
    ) -> Result<RawBody, Error> {
        let mut component_at = None;
        let body = match body {
            ReferenceOr::Item(b) => b.clone(),
            ReferenceOr::Reference { reference } => {
                let name = self.local_ref(at, reference, "requestBodies")?;
                component_at = Some(Location::component(at.file, "requestBodies", &name));
                match self.docs[at.file]
                    .components
                    .as_ref()
                    .and_then(|c| c.request_bodies.get(&name))
                {
                    Some(ReferenceOr::Item(b)) => b.clone(),
                    Some(ReferenceOr::Reference { .. }) => {
                        return Err(self.err(
                            at,
                            format!("`$ref` `{reference}` points to another `$ref`; not supported"),
                        ))
                    }
                    None => {
                        return Err(self.err(at, format!("`$ref` `{reference}` points to nothing")))
                    }
                }
            }
        };
        // Past the `$ref`, problems are located in the component.
        let at = component_at.as_ref().unwrap_or(at);
        let docs = doc_lines(body.description.as_deref());
        let Some((media, content)) = pick_media(&body.content) else {
            return Err(self.err(&at.join("content"), "request body declares no content"));
        };
        let media_at = at.join("content").join(media);
        let encoding = match media_kind(media) {
            MediaKind::Json => BodyEncoding::Json,
            MediaKind::Text => BodyEncoding::Text,
            MediaKind::Bytes if media == "application/octet-stream" => BodyEncoding::Bytes,
            MediaKind::Form => BodyEncoding::Form,
            _ => {
                return Err(self.unsupported(&media_at, format!(
                    "request media type `{media}` is not supported (application/json, application/x-www-form-urlencoded, text/plain or application/octet-stream)"
                )))
            }
        };
        let schema_at = media_at.join("schema");
        let ty = match (&content.schema, encoding) {
            (Some(schema), BodyEncoding::Json | BodyEncoding::Form) => self.schema(
                &schema_at,
                schema,
                &Hint::new(&format!("{op}Request"), &format!("{op}Request")),
            )?,
            (None, BodyEncoding::Form) => {
                return Err(self.unsupported(
                    &media_at,
                    "a form body (`application/x-www-form-urlencoded`) needs a schema",
                ))
            }
            (None, BodyEncoding::Json) => Raw::Json,
            (_, BodyEncoding::Text) => Raw::String,
            (_, BodyEncoding::Bytes) => Raw::Json,
        };
        if encoding == BodyEncoding::Form {
            if let Some(problem) = self.form_problem(&ty) {
                return Err(self.unsupported(&schema_at, problem));
            }
        }
        self.media_examples(&ty, content);
        Ok(RawBody {
            ty,
            encoding,
            required: body.required,
            docs,
        })
    }

    fn response(
        &mut self,
        at: &Location,
        responses: &openapiv3::Responses,
        op: &str,
    ) -> Result<RawResponse, Error> {
        let mut success: Vec<(u16, String, &ReferenceOr<Response>)> = responses
            .responses
            .iter()
            .filter_map(|(code, r)| match code {
                StatusCode::Code(c) if (200..300).contains(c) => Some((*c, c.to_string(), r)),
                StatusCode::Range(2) => Some((299, "2XX".to_owned(), r)),
                _ => None,
            })
            .collect();
        success.sort_by_key(|(c, _, _)| *c);
        // The first success that has a body (`200` without content next to `201` with some
        // types the `201`).
        let components = self.docs[at.file].components.as_ref();
        let has_content = |r: &ReferenceOr<Response>| match r {
            ReferenceOr::Item(r) => !r.content.is_empty(),
            ReferenceOr::Reference { reference } => reference
                .strip_prefix("#/components/responses/")
                .and_then(|name| components?.responses.get(name))
                .is_some_and(|r| matches!(r, ReferenceOr::Item(r) if !r.content.is_empty())),
        };
        let chosen = success
            .iter()
            .find(|(c, _, r)| *c != 204 && has_content(r))
            .or_else(|| success.first())
            .cloned();
        let Some((code, key, response)) = chosen else {
            if responses.default.as_ref().is_some_and(has_content) {
                self.warn(
                    &at.join("responses").join("default"),
                    "no 2xx response is declared, only `default`; the call returns `()` on success",
                );
            }
            return Ok(RawResponse::Unit);
        };
        let mut response_at = at.join("responses").join(&key);
        let mut component_at = None;
        let response = match response {
            ReferenceOr::Item(r) => r.clone(),
            ReferenceOr::Reference { reference } => {
                let name = self.local_ref(&response_at, reference, "responses")?;
                component_at = Some(Location::component(at.file, "responses", &name));
                match self.docs[at.file]
                    .components
                    .as_ref()
                    .and_then(|c| c.responses.get(&name))
                {
                    Some(ReferenceOr::Item(r)) => r.clone(),
                    Some(ReferenceOr::Reference { .. }) => {
                        return Err(self.err(
                            &response_at,
                            format!("`$ref` `{reference}` points to another `$ref`; not supported"),
                        ))
                    }
                    None => {
                        return Err(self.err(
                            &response_at,
                            format!("`$ref` `{reference}` points to nothing"),
                        ))
                    }
                }
            }
        };
        if let Some(component) = component_at {
            response_at = component;
        }
        if code == 204 {
            return Ok(RawResponse::Unit);
        }
        let Some((media, content)) = pick_media(&response.content) else {
            return Ok(RawResponse::Unit);
        };
        Ok(match media_kind(media) {
            MediaKind::Json => match &content.schema {
                Some(schema) => {
                    let schema_at = response_at.join("content").join(media).join("schema");
                    let hint = Hint::new(&format!("{op}Response"), &format!("{op}Response"));
                    let ty = self.schema(&schema_at, schema, &hint)?;
                    self.media_examples(&ty, content);
                    RawResponse::Json(ty)
                }
                None => RawResponse::Json(Raw::Json),
            },
            MediaKind::Text => RawResponse::Text,
            MediaKind::Bytes | MediaKind::Form => RawResponse::Bytes,
        })
    }

    /// Records the `example` and `examples` of a media type.
    fn media_examples(&mut self, ty: &Raw, content: &openapiv3::MediaType) {
        if let Some(example) = &content.example {
            self.examples.push((ty.clone(), example.clone()));
        }
        for example in content.examples.values() {
            if let ReferenceOr::Item(openapiv3::Example {
                value: Some(value), ..
            }) = example
            {
                self.examples.push((ty.clone(), value.clone()));
            }
        }
    }

    fn security(
        &mut self,
        at: &Location,
        op: &openapiv3::Operation,
    ) -> Result<Vec<SecurityHeader>, Error> {
        let (requirements, security_at) = match &op.security {
            Some(s) => (s.clone(), at.join("security")),
            None => (
                self.docs[at.file].security.clone().unwrap_or_default(),
                Location::root(at.file).join("security"),
            ),
        };
        // An empty requirement means "no credentials needed" is one of the alternatives.
        if requirements.is_empty() || requirements.iter().any(|r| r.is_empty()) {
            return Ok(Vec::new());
        }
        let mut headers = Vec::new();
        for scheme in requirements[0].keys() {
            let found = self.docs[at.file]
                .components
                .as_ref()
                .and_then(|c| c.security_schemes.get(scheme))
                .cloned();
            match found {
                Some(ReferenceOr::Item(SecurityScheme::APIKey { location: openapiv3::APIKeyLocation::Header, name, .. })) => {
                    headers.push(SecurityHeader { scheme: scheme.clone(), header: name });
                }
                Some(_) => self.warn(&security_at, format!(
                    "security scheme `{scheme}` is not an API key sent in a header; the operation is generated without it"
                )),
                None => {
                    return Err(self.err(&security_at, format!(
                        "security scheme `{scheme}` is not defined in `#/components/securitySchemes`"
                    )))
                }
            }
        }
        if requirements.len() > 1 {
            self.warn(
                &security_at,
                "several alternative security requirements; the first one is used",
            );
        }
        Ok(headers)
    }

    /// The type of a schema or `$ref`.
    fn schema(
        &mut self,
        at: &Location,
        schema: &ReferenceOr<Schema>,
        hint: &Hint,
    ) -> Result<Raw, Error> {
        match schema {
            ReferenceOr::Reference { reference } => self.component(at, reference),
            ReferenceOr::Item(schema) => {
                let raw = self.inline(at, schema, hint, None)?;
                if let Some(example) = &schema.schema_data.example {
                    self.examples.push((raw.clone(), example.clone()));
                }
                Ok(raw)
            }
        }
    }

    fn boxed_schema(
        &mut self,
        at: &Location,
        schema: &ReferenceOr<Box<Schema>>,
        hint: &Hint,
    ) -> Result<Raw, Error> {
        match schema {
            ReferenceOr::Reference { reference } => self.component(at, reference),
            ReferenceOr::Item(schema) => self.inline(at, schema, hint, None),
        }
    }

    fn component(&mut self, at: &Location, reference: &str) -> Result<Raw, Error> {
        // Each level of `$ref` is a level of recursion here: bound it, so that a pathological
        // chain is an error instead of a stack overflow.
        if self.resolving.len() >= MAX_REF_DEPTH {
            return Err(self.err(
                at,
                format!("schemas nest more than {MAX_REF_DEPTH} `$ref`s deep; not supported"),
            ));
        }
        let name = self.local_ref(at, reference, "schemas")?;
        let file = at.file;
        let key = (file, name.clone());
        if let Some(raw) = self.components.get(&key) {
            return Ok(raw.clone());
        }
        let Some(schema) = self.docs[file]
            .components
            .as_ref()
            .and_then(|c| c.schemas.get(&name))
            .cloned()
        else {
            return Err(self.err(
                at,
                format!("`$ref` `{reference}` points to nothing: there is no schema `{name}`"),
            ));
        };
        if self.resolving.contains(&key) {
            self.warn(
                at,
                format!(
                    "schema `{name}` refers to itself through no object; it is typed as raw JSON"
                ),
            );
            return Ok(Raw::Json);
        }
        let component_at = Location::component(file, "schemas", &name);
        self.resolving.push(key.clone());
        let mut pending_example = None;
        let result = match &schema {
            ReferenceOr::Reference { reference } => self.component(&component_at, reference),
            ReferenceOr::Item(schema) => {
                pending_example = schema.schema_data.example.clone();
                let hint = Hint::new(&name, &name);
                let naming = Naming::Component {
                    file,
                    name: name.clone(),
                };
                self.inline(&component_at, schema, &hint, Some((naming, key.clone())))
            }
        };
        self.resolving.pop();
        let raw = result?;
        if let Some(example) = pending_example {
            self.examples.push((raw.clone(), example));
        }
        self.journal.components.push(key.clone());
        self.components.insert(key, raw.clone());
        Ok(raw)
    }

    /// Whether the schema a `$ref` leads to is `nullable`.
    fn ref_nullable(&self, file: usize, reference: &str) -> bool {
        let mut current = reference.to_owned();
        for _ in 0..32 {
            let Some(name) = current.strip_prefix("#/components/schemas/") else {
                return false;
            };
            match self.docs[file]
                .components
                .as_ref()
                .and_then(|c| c.schemas.get(name))
            {
                Some(ReferenceOr::Item(s)) => return s.schema_data.nullable,
                Some(ReferenceOr::Reference { reference }) => current = reference.clone(),
                None => return false,
            }
        }
        false
    }

    fn new_type(&mut self, naming: Naming, docs: Vec<String>, origin: String) -> TypeId {
        let mut origins = BTreeSet::new();
        origins.insert(origin);
        self.types.push(RawType {
            naming,
            docs,
            origins,
            kind: RawKind::Pending,
        });
        self.types.len() - 1
    }

    /// Registers a named type before its contents are walked, so that cycles end at it.
    fn open_named(
        &mut self,
        at: &Location,
        component: Option<(Naming, (usize, String))>,
        hint: &Hint,
        docs: Vec<String>,
    ) -> TypeId {
        let origin = self.origin(at);
        match component {
            Some((naming, key)) => {
                let id = self.new_type(naming, docs, origin);
                self.journal.components.push(key.clone());
                self.components.insert(key, Raw::Named(id));
                id
            }
            None => {
                let mut hints = BTreeMap::new();
                hints.insert(hint.clone(), docs.clone());
                self.new_type(Naming::Inline { hints }, docs, origin)
            }
        }
    }

    /// The type of an inline schema (or of a component's body, when `component` is given).
    fn inline(
        &mut self,
        at: &Location,
        schema: &Schema,
        hint: &Hint,
        component: Option<(Naming, (usize, String))>,
    ) -> Result<Raw, Error> {
        let docs = doc_lines(
            schema
                .schema_data
                .description
                .as_deref()
                .or(schema.schema_data.title.as_deref()),
        );
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => {
                let values: Vec<String> = s.enumeration.iter().flatten().cloned().collect();
                if values.is_empty() {
                    return Ok(Raw::String);
                }
                Ok(self.string_enum(at, values, hint, component, docs))
            }
            SchemaKind::Type(Type::Integer(i)) => Ok(match &i.format {
                VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int32) => Raw::I32,
                _ => Raw::I64,
            }),
            SchemaKind::Type(Type::Number(_)) => Ok(Raw::F64),
            SchemaKind::Type(Type::Boolean(_)) => Ok(Raw::Bool),
            SchemaKind::Type(Type::Array(a)) => self.array(at, a.items.as_ref(), hint),
            SchemaKind::Type(Type::Object(o)) => self.object(
                at,
                &o.properties,
                &o.required,
                o.additional_properties.as_ref(),
                hint,
                component,
                docs,
            ),
            SchemaKind::OneOf { one_of } => {
                self.one_of(at, one_of, "oneOf", schema, hint, component, docs)
            }
            SchemaKind::AnyOf { any_of } => {
                self.one_of(at, any_of, "anyOf", schema, hint, component, docs)
            }
            SchemaKind::AllOf { all_of } => self.all_of(at, all_of, hint, component, docs),
            SchemaKind::Not { .. } => {
                self.warn(at, "`not` schemas cannot be typed; raw JSON is used");
                Ok(Raw::Json)
            }
            SchemaKind::Any(any) => {
                let typ = any.typ.as_deref();
                if !any.properties.is_empty()
                    || typ == Some("object")
                    || any.additional_properties.is_some()
                {
                    if any.one_of.is_empty() && any.any_of.is_empty() && any.all_of.is_empty() {
                        return self.object(
                            at,
                            &any.properties,
                            &any.required,
                            any.additional_properties.as_ref(),
                            hint,
                            component,
                            docs,
                        );
                    }
                } else if any.items.is_some() || typ == Some("array") {
                    if any.one_of.is_empty() && any.any_of.is_empty() && any.all_of.is_empty() {
                        return self.array(at, any.items.as_ref(), hint);
                    }
                } else if any.one_of.is_empty()
                    && any.any_of.is_empty()
                    && any.all_of.is_empty()
                    && any.not.is_none()
                {
                    match typ {
                        None if any.enumeration.is_empty() => return Ok(Raw::Json),
                        Some("string") | None => {
                            let values: Option<Vec<String>> = any
                                .enumeration
                                .iter()
                                .map(|v| v.as_str().map(str::to_owned))
                                .collect();
                            match values {
                                Some(values) if !values.is_empty() => {
                                    return Ok(self.string_enum(at, values, hint, component, docs))
                                }
                                Some(_) if typ.is_some() => return Ok(Raw::String),
                                _ => {}
                            }
                        }
                        Some("integer") => {
                            return Ok(if any.format.as_deref() == Some("int32") {
                                Raw::I32
                            } else {
                                Raw::I64
                            })
                        }
                        Some("number") => return Ok(Raw::F64),
                        Some("boolean") => return Ok(Raw::Bool),
                        _ => {}
                    }
                }
                if let Some(t) = typ {
                    if !["string", "integer", "number", "boolean", "object", "array"].contains(&t) {
                        return Err(self.err(at, format!("unknown schema type `{t}`")));
                    }
                }
                self.warn(
                    at,
                    "a schema mixing keywords this generator cannot combine; raw JSON is used",
                );
                Ok(Raw::Json)
            }
        }
    }

    fn array(
        &mut self,
        at: &Location,
        items: Option<&ReferenceOr<Box<Schema>>>,
        hint: &Hint,
    ) -> Result<Raw, Error> {
        match items {
            Some(items) => {
                let inner = self.boxed_schema(&at.join("items"), items, &hint.item())?;
                Ok(Raw::Vec(Box::new(inner)))
            }
            None => {
                self.warn(at, "array without `items`; its elements are raw JSON");
                Ok(Raw::Vec(Box::new(Raw::Json)))
            }
        }
    }

    fn string_enum(
        &mut self,
        at: &Location,
        mut values: Vec<String>,
        hint: &Hint,
        component: Option<(Naming, (usize, String))>,
        docs: Vec<String>,
    ) -> Raw {
        let mut seen = BTreeSet::new();
        values.retain(|v| seen.insert(v.clone()));
        if component.is_none() {
            if let Some(&id) = self.enums.get(&values) {
                self.reuse(at, id, hint, docs);
                return Raw::Named(id);
            }
        }
        let is_component = component.is_some();
        let id = self.open_named(at, component, hint, docs);
        self.types[id].kind = RawKind::Enum(values.clone());
        if !is_component {
            self.enums.insert(values, id);
        }
        Raw::Named(id)
    }

    #[allow(clippy::too_many_arguments)]
    fn object(
        &mut self,
        at: &Location,
        properties: &indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        additional: Option<&AdditionalProperties>,
        hint: &Hint,
        component: Option<(Naming, (usize, String))>,
        docs: Vec<String>,
    ) -> Result<Raw, Error> {
        if properties.is_empty() {
            return match additional {
                Some(AdditionalProperties::Schema(schema)) => {
                    let inner =
                        self.schema(&at.join("additionalProperties"), schema, &hint.item())?;
                    Ok(Raw::Map(Box::new(inner)))
                }
                _ => Ok(Raw::JsonObject),
            };
        }
        if let Some(AdditionalProperties::Schema(_)) | Some(AdditionalProperties::Any(true)) =
            additional
        {
            self.warn(at, "`additionalProperties` next to `properties`: only the declared properties are typed");
        }
        for name in required {
            if !properties.contains_key(name) {
                self.warn(
                    at,
                    format!("`required` names `{name}`, which is not a declared property; ignored"),
                );
            }
        }
        let id = self.open_named(at, component, hint, docs);
        let parent = Hint {
            short: hint.long.clone(),
            long: hint.long.clone(),
        };
        let mut fields = Vec::new();
        let properties_at = at.join("properties");
        for (prop, schema) in properties {
            let property_at = properties_at.join(prop);
            let ty = self.boxed_schema(&property_at, schema, &parent.property(prop))?;
            if let ReferenceOr::Item(s) = schema {
                if let Some(example) = &s.schema_data.example {
                    let mut wrapped = serde_json::Map::new();
                    wrapped.insert(prop.clone(), example.clone());
                    self.examples
                        .push((Raw::Named(id), serde_json::Value::Object(wrapped)));
                }
            }
            let (description, nullable, format) = match schema {
                ReferenceOr::Item(s) => (
                    s.schema_data.description.clone(),
                    s.schema_data.nullable,
                    match &s.schema_kind {
                        SchemaKind::Type(Type::String(st)) => match &st.format {
                            VariantOrUnknownOrEmpty::Unknown(f) => Some(f.clone()),
                            _ => None,
                        },
                        _ => None,
                    },
                ),
                ReferenceOr::Reference { reference } => {
                    (None, self.ref_nullable(at.file, reference), None)
                }
            };
            let (any_format, default) = match schema {
                ReferenceOr::Item(s) => (schema_format(s), s.schema_data.default.clone()),
                ReferenceOr::Reference { .. } => (None, None),
            };
            let mut docs = doc_lines(description.as_deref());
            // A date written as digits (`format: yyyyMM`, or the pattern given as the example, as
            // in `example: yyyyMMdd`): servers send such values as JSON numbers too.
            let is_date_pattern =
                |f: &str| !f.is_empty() && f.chars().all(|c| "yMdHhms".contains(c));
            let example_pattern = match schema {
                ReferenceOr::Item(s) => s
                    .schema_data
                    .example
                    .as_ref()
                    .and_then(|e| e.as_str())
                    .is_some_and(is_date_pattern),
                ReferenceOr::Reference { .. } => false,
            };
            let digits_format = example_pattern || format.as_deref().is_some_and(is_date_pattern);
            if let Some(format) = format {
                if !docs.is_empty() {
                    docs.push(String::new());
                }
                docs.push(format!(
                    "Format `{format}`, kept as the string the API sends."
                ));
            }
            fields.push(RawField {
                wire_name: prop.clone(),
                ty,
                required: required.contains(prop),
                nullable,
                docs,
                digits_format,
                format: any_format,
                default,
            });
        }
        self.types[id].kind = RawKind::Struct(fields);
        Ok(Raw::Named(id))
    }

    #[allow(clippy::too_many_arguments)]
    fn one_of(
        &mut self,
        at: &Location,
        members: &[ReferenceOr<Schema>],
        keyword: &str,
        schema: &Schema,
        hint: &Hint,
        component: Option<(Naming, (usize, String))>,
        docs: Vec<String>,
    ) -> Result<Raw, Error> {
        if members.is_empty() {
            self.warn(at, format!("empty `{keyword}`; raw JSON is used"));
            return Ok(Raw::Json);
        }
        // A component is registered before its variants are walked, so that a variant leading
        // back to it (`Sum.left: $ref Expr`) finds it.
        let mut docs = Some(docs);
        let mut component = component;
        let opened = component
            .take()
            .map(|c| self.open_named(at, Some(c), hint, docs.take().unwrap_or_default()));
        let mut variants = Vec::new();
        let members_at = at.join(keyword);
        for (i, member) in members.iter().enumerate() {
            let variant_hint = Hint::new(
                &format!("{}_{}", hint.short, i + 1),
                &format!("{}_{}", hint.long, i + 1),
            );
            let ty = self.schema(&members_at.index(i), member, &variant_hint)?;
            let component = match member {
                ReferenceOr::Reference { reference } => {
                    reference.rsplit('/').next().map(str::to_owned)
                }
                ReferenceOr::Item(_) => None,
            };
            variants.push(RawVariant { component, ty });
        }
        let discriminator = match &schema.schema_data.discriminator {
            None => None,
            Some(d) => {
                let mut mapping = Vec::new();
                for (i, v) in variants.iter().enumerate() {
                    if let Some(name) = &v.component {
                        let explicit: Vec<&String> = d
                            .mapping
                            .iter()
                            .filter(|(_, target)| target.rsplit('/').next() == Some(name.as_str()))
                            .map(|(value, _)| value)
                            .collect();
                        if explicit.is_empty() {
                            mapping.push((name.clone(), i));
                        } else {
                            mapping.extend(explicit.into_iter().map(|value| (value.clone(), i)));
                        }
                    }
                }
                Some((d.property_name.clone(), mapping))
            }
        };
        if let Some(id) = opened {
            self.types[id].kind = RawKind::OneOf {
                variants,
                discriminator,
            };
            return Ok(Raw::Named(id));
        }
        if discriminator.is_none() {
            if let Some(&id) = self.one_ofs.get(&variants) {
                self.reuse(at, id, hint, docs.take().unwrap_or_default());
                return Ok(Raw::Named(id));
            }
        }
        let id = self.open_named(at, None, hint, docs.take().unwrap_or_default());
        self.types[id].kind = RawKind::OneOf {
            variants: variants.clone(),
            discriminator: discriminator.clone(),
        };
        if discriminator.is_none() {
            self.one_ofs.insert(variants, id);
        }
        Ok(Raw::Named(id))
    }

    fn shape_of(&self, ty: &Raw) -> ShapeKey {
        match ty {
            Raw::String => ShapeKey::String,
            Raw::I32 | Raw::I64 => ShapeKey::Integer,
            Raw::F64 => ShapeKey::Number,
            Raw::Bool => ShapeKey::Boolean,
            Raw::Vec(_) => ShapeKey::Array,
            Raw::Map(_) | Raw::JsonObject => ShapeKey::Object {
                properties: Vec::new(),
                required: Vec::new(),
            },
            Raw::Json => ShapeKey::Any,
            Raw::Named(id) => match &self.types[*id].kind {
                RawKind::Struct(fields) => ShapeKey::Object {
                    properties: fields.iter().map(|f| f.wire_name.clone()).collect(),
                    required: fields
                        .iter()
                        .filter(|f| f.required)
                        .map(|f| f.wire_name.clone())
                        .collect(),
                },
                RawKind::Enum(_) => ShapeKey::String,
                RawKind::OneOf { .. } | RawKind::AllOf { .. } | RawKind::Pending => ShapeKey::Any,
            },
        }
    }

    fn all_of(
        &mut self,
        at: &Location,
        members: &[ReferenceOr<Schema>],
        hint: &Hint,
        component: Option<(Naming, (usize, String))>,
        docs: Vec<String>,
    ) -> Result<Raw, Error> {
        let members_at = at.join("allOf");
        // `allOf: [$ref]` is the usual way to attach a description to a reference.
        if members.len() == 1 && component.is_none() {
            return self.schema(&members_at.index(0), &members[0], hint);
        }
        let id = self.open_named(at, component, hint, docs);
        let mut raws = Vec::new();
        for (i, member) in members.iter().enumerate() {
            raws.push(self.schema(
                &members_at.index(i),
                member,
                &Hint::new(
                    &format!("{}_{}", hint.short, i + 1),
                    &format!("{}_{}", hint.long, i + 1),
                ),
            )?);
        }
        // Merged once every type is known: a member may still be in the making here when the
        // schemas refer to each other.
        self.types[id].kind = RawKind::AllOf {
            members: raws,
            at: at.clone(),
        };
        Ok(Raw::Named(id))
    }

    /// Turns every `allOf` into the struct of its members' fields; one that cannot be merged
    /// (a member that is not an object, or an `allOf` containing itself) becomes raw JSON.
    fn merge_all_ofs(&mut self) {
        let mut done: BTreeMap<TypeId, Option<Vec<RawField>>> = BTreeMap::new();
        for id in 0..self.types.len() {
            if matches!(self.types[id].kind, RawKind::AllOf { .. }) {
                self.merged_fields(id, &mut done, &mut Vec::new());
            }
        }
        for (id, result) in done {
            match result {
                Some(fields) => self.types[id].kind = RawKind::Struct(fields),
                None => {
                    if let RawKind::AllOf { at, .. } = &self.types[id].kind {
                        let at = at.clone();
                        self.warn(
                            &at,
                            "an `allOf` member is not an object, or the `allOf` contains itself; the whole `allOf` is raw JSON",
                        );
                    }
                    self.types[id].kind = RawKind::Pending;
                }
            }
        }
    }

    fn merged_fields(
        &self,
        id: TypeId,
        done: &mut BTreeMap<TypeId, Option<Vec<RawField>>>,
        stack: &mut Vec<TypeId>,
    ) -> Option<Vec<RawField>> {
        if let Some(result) = done.get(&id) {
            return result.clone();
        }
        let members = match &self.types[id].kind {
            RawKind::Struct(fields) => return Some(fields.clone()),
            RawKind::AllOf { members, .. } => members,
            _ => return None,
        };
        if stack.contains(&id) {
            return None;
        }
        stack.push(id);
        let mut fields: Vec<RawField> = Vec::new();
        let mut ok = true;
        for member in members {
            let member_fields = match member {
                Raw::Named(member_id) => self.merged_fields(*member_id, done, stack),
                Raw::JsonObject => Some(Vec::new()),
                _ => None,
            };
            let Some(member_fields) = member_fields else {
                ok = false;
                break;
            };
            for field in member_fields {
                match fields.iter_mut().find(|f| f.wire_name == field.wire_name) {
                    Some(existing) => existing.required |= field.required,
                    None => fields.push(field),
                }
            }
        }
        stack.pop();
        let result = ok.then_some(fields);
        done.insert(id, result.clone());
        result
    }

    /// Second pass: names, cycles, defaults.
    fn finish(
        mut self,
        operations: Vec<RawOperation>,
        specs: Vec<SpecMeta>,
        api_version: String,
        spec_hash: String,
        servers: Vec<Server>,
    ) -> Result<Model, Error> {
        // Only types the operations reach are printed: the members of an `allOf` are merged
        // into it, and types left pending were abandoned by a fallback.
        self.merge_all_ofs();
        let reachable = self.reachable(&operations);
        let names = self.assign_names(&reachable);
        let mut types = BTreeMap::new();
        let mut modules = BTreeSet::new();
        let boxed = self.cycles();
        let lenient = self.lenient_fields();
        let defaults = self.defaults(&boxed);
        let mut order: Vec<TypeId> = (0..self.types.len())
            .filter(|id| names.contains_key(id))
            .collect();
        order.sort_by(|a, b| names[a].cmp(&names[b]));
        for id in order {
            let name = names[&id].clone();
            let raw = &self.types[id];
            let kind = match &raw.kind {
                RawKind::Pending | RawKind::AllOf { .. } => continue,
                RawKind::Struct(fields) => {
                    let wires: Vec<&str> = fields.iter().map(|f| f.wire_name.as_str()).collect();
                    let idents = stable_idents(&wires, names::value_name, &[], false);
                    let fields = fields
                        .iter()
                        .zip(idents)
                        .map(|(f, ident)| {
                            let ty = self.resolve(&f.ty, &names);
                            Field {
                                name: ident,
                                wire_name: f.wire_name.clone(),
                                lenient: ty.has_plain_string()
                                    && (f.digits_format
                                        || lenient.contains(&(id, f.wire_name.clone()))),
                                ty,
                                required: f.required,
                                nullable: f.nullable,
                                secret: is_secret(&f.wire_name, f.format.as_deref()),
                                format: f.format.clone(),
                                default: f.default.clone(),
                                boxed: matches!(f.ty, Raw::Named(target) if boxed.contains(&(id, target))),
                                docs: if f.docs.is_empty() {
                                    vec![names::doc_safe(&format!("The `{}` property.", f.wire_name).replace('\n', " "))]
                                } else {
                                    f.docs.clone()
                                },
                            }
                        })
                        .collect();
                    TypeKind::Struct {
                        fields,
                        default: defaults.contains(&id),
                    }
                }
                RawKind::Enum(values) => {
                    let wires: Vec<&str> = values.iter().map(String::as_str).collect();
                    let variant_name = |v: &str| {
                        if v.is_empty() {
                            "Empty".to_owned()
                        } else {
                            names::type_name(v)
                        }
                    };
                    let idents = stable_idents(&wires, variant_name, &[], false);
                    let taken: BTreeSet<String> = idents.iter().cloned().collect();
                    let variants: Vec<EnumVariant> = values
                        .iter()
                        .zip(idents)
                        .map(|(v, ident)| EnumVariant {
                            name: ident,
                            value: v.clone(),
                        })
                        .collect();
                    let unknown = names::unique("Unknown", |n| taken.contains(n));
                    TypeKind::Enum { variants, unknown }
                }
                RawKind::OneOf {
                    variants,
                    discriminator,
                } => {
                    let bases: Vec<String> = variants
                        .iter()
                        .enumerate()
                        .map(|(i, v)| match (&v.component, &v.ty) {
                            (Some(c), _) => names::schema_type_name(c),
                            (None, Raw::Named(t)) => {
                                names.get(t).cloned().unwrap_or_else(|| "Json".to_owned())
                            }
                            (None, ty) => primitive_variant_name(ty, i),
                        })
                        .collect();
                    let stripped = strip_common_prefix(&bases);
                    let mut taken = BTreeSet::new();
                    let variants: Vec<OneOfVariant> = variants
                        .iter()
                        .zip(stripped)
                        .map(|(v, base)| {
                            let ident = names::unique(&base, |n| taken.contains(n));
                            taken.insert(ident.clone());
                            OneOfVariant {
                                name: ident,
                                ty: self.resolve(&v.ty, &names),
                                boxed: matches!(v.ty, Raw::Named(target) if boxed.contains(&(id, target))),
                                shape: shape_from_key(&self.shape_of(&v.ty)),
                            }
                        })
                        .collect();
                    let other = names::unique("Other", |n| taken.contains(n));
                    TypeKind::OneOf {
                        variants,
                        other,
                        discriminator: discriminator.clone(),
                    }
                }
            };
            let module = names::unique(&names::module_name(&name), |m| modules.contains(m));
            modules.insert(module.clone());
            let origins = raw.origins.iter().cloned().collect::<Vec<_>>();
            // A type shared by several places is documented as the place that gave its name.
            let docs = match &raw.naming {
                Naming::Inline { hints } => hints
                    .get(preferred_hint(hints))
                    .cloned()
                    .unwrap_or_default(),
                Naming::Component { .. } => raw.docs.clone(),
            };
            let docs = if docs.is_empty() {
                vec![default_type_doc(&raw.naming, &raw.kind)]
            } else {
                docs
            };
            types.insert(
                name.clone(),
                TypeDef {
                    name,
                    module,
                    docs,
                    origins,
                    kind,
                },
            );
        }

        let mut ops = Vec::new();
        let mut method_names = BTreeSet::new();
        let mut builder_names = BTreeSet::new();
        let mut sorted = operations;
        sorted.sort_by(|a, b| {
            names::value_name(&a.id)
                .cmp(&names::value_name(&b.id))
                .then(a.id.cmp(&b.id))
        });
        for op in sorted {
            let base = names::value_name(&op.id);
            let base = if crate::client::CLIENT_METHODS.contains(&base.as_str()) {
                format!("{base}_operation")
            } else {
                base
            };
            let method_name = names::unique(&base, |n| method_names.contains(n));
            method_names.insert(method_name.clone());
            let builder_name =
                names::unique(&names::builder_name(&op.id), |n| builder_names.contains(n));
            builder_names.insert(builder_name.clone());
            // Parameter names avoid the builder's own methods and each other's `set_…` setters.
            // Same name in two places (query `id`, header `id`): path, query, header order.
            let mut order: Vec<usize> = (0..op.params.len()).collect();
            order.sort_by_key(|&i| location_rank(op.params[i].location));
            let wires: Vec<&str> = order
                .iter()
                .map(|&i| op.params[i].wire_name.as_str())
                .collect();
            let sorted = stable_idents(&wires, names::value_name, names::BUILDER_METHODS, true);
            let mut idents = vec![String::new(); op.params.len()];
            for (ident, &i) in sorted.into_iter().zip(&order) {
                idents[i] = ident;
            }
            let mut taken: BTreeSet<String> = names::BUILDER_METHODS
                .iter()
                .map(|s| s.to_string())
                .collect();
            taken.extend(idents.iter().cloned());
            let params: Vec<Param> = op
                .params
                .iter()
                .zip(idents)
                .map(|(p, ident)| Param {
                    setter: setter_name(&ident),
                    name: ident,
                    wire_name: p.wire_name.clone(),
                    location: p.location,
                    ty: if p.year_month {
                        TypeRef::YearMonth
                    } else {
                        self.resolve(&p.ty, &names)
                    },
                    required: p.required,
                    docs: if p.docs.is_empty() {
                        vec![names::doc_safe(
                            &format!("The `{}` parameter.", p.wire_name).replace('\n', " "),
                        )]
                    } else {
                        p.docs.clone()
                    },
                })
                .collect();
            let body = op.body.as_ref().map(|b| {
                let name = names::unique("body", |n| {
                    taken.contains(n) || taken.contains(&setter_name(n))
                });
                Body {
                    setter: setter_name(&name),
                    name,
                    ty: self.resolve(&b.ty, &names),
                    encoding: b.encoding,
                    required: b.required,
                    docs: if b.docs.is_empty() {
                        vec!["The request body.".to_owned()]
                    } else {
                        b.docs.clone()
                    },
                }
            });
            let response = match &op.response {
                RawResponse::Unit => ResponseKind::Unit,
                RawResponse::Json(t) => ResponseKind::Json(self.resolve(t, &names)),
                RawResponse::Text => ResponseKind::Text,
                RawResponse::Bytes => ResponseKind::Bytes,
            };
            let module = match method_name.strip_prefix("r#") {
                Some(bare) => format!("{bare}_"),
                None => method_name.clone(),
            };
            let mut docs = op.docs.clone();
            if docs.is_empty() {
                docs.push(format!("Calls `{}`.", op.id));
            }
            let pagination = op.pagination.as_ref().map(|(wire, header)| {
                let param = params
                    .iter()
                    .find(|p| p.location == ParamLocation::Query && &p.wire_name == wire)
                    .map(|p| p.name.clone())
                    .unwrap_or_default();
                let items = match &response {
                    ResponseKind::Json(TypeRef::Vec(item)) => Some(PageItems {
                        field: None,
                        optional: false,
                        ty: (**item).clone(),
                    }),
                    ResponseKind::Json(TypeRef::Named(name)) => {
                        match types.get(name).map(|t| &t.kind) {
                            Some(TypeKind::Struct { fields, .. }) => {
                                let lists: Vec<&Field> = fields
                                    .iter()
                                    .filter(|f| matches!(f.ty, TypeRef::Vec(_)))
                                    .collect();
                                match lists.as_slice() {
                                    [list] => match &list.ty {
                                        TypeRef::Vec(item) => Some(PageItems {
                                            field: Some(list.name.clone()),
                                            optional: list.is_option(),
                                            ty: (**item).clone(),
                                        }),
                                        _ => None,
                                    },
                                    _ => None,
                                }
                            }
                            _ => None,
                        }
                    }
                    _ => None,
                };
                Pagination {
                    param,
                    wire_param: wire.clone(),
                    header: header.clone(),
                    items,
                }
            });
            ops.push(Operation {
                id: op.id.clone(),
                method_name,
                builder_name,
                module,
                http_method: op.method,
                path: op.path.clone(),
                params,
                body,
                response,
                security: op.security.clone(),
                pagination,
                docs,
                file: self.files[op.file].to_owned(),
            });
        }
        let mut warnings = self.warnings;
        warnings.sort();
        warnings.dedup();
        let mut skipped_operations = self.skipped_operations;
        skipped_operations.sort();
        let mut derived_operation_ids = self.derived_operation_ids;
        derived_operation_ids.sort();
        Ok(Model {
            specs,
            api_version,
            spec_hash,
            servers,
            types,
            operations: ops,
            warnings,
            skipped_operations,
            derived_operation_ids,
            client: crate::model::ClientSettings::default(),
        })
    }

    fn resolve(&self, raw: &Raw, names: &BTreeMap<TypeId, String>) -> TypeRef {
        match raw {
            Raw::String => TypeRef::String,
            Raw::I32 => TypeRef::I32,
            Raw::I64 => TypeRef::I64,
            Raw::F64 => TypeRef::F64,
            Raw::Bool => TypeRef::Bool,
            Raw::Vec(inner) => TypeRef::Vec(Box::new(self.resolve(inner, names))),
            Raw::Map(inner) => TypeRef::Map(Box::new(self.resolve(inner, names))),
            Raw::Named(id) => match names.get(id) {
                Some(name) => TypeRef::Named(name.clone()),
                None => TypeRef::Json,
            },
            Raw::Json => TypeRef::Json,
            Raw::JsonObject => TypeRef::JsonObject,
        }
    }

    /// Names every type: components by their schema name, inline types by their short hint
    /// when no other type wants it, by their long hint otherwise.
    fn assign_names(&self, reachable: &BTreeSet<TypeId>) -> BTreeMap<TypeId, String> {
        let mut names: BTreeMap<TypeId, String> = BTreeMap::new();
        let mut taken: BTreeSet<String> = BTreeSet::new();
        let mut components: Vec<(usize, &str, TypeId)> = Vec::new();
        // (short, long, first place it is used, id): sorted, so that equal hints are numbered
        // by where the types are in the spec, not by the order they were met.
        let mut inline: Vec<(String, String, String, TypeId)> = Vec::new();
        for (id, t) in self.types.iter().enumerate() {
            if matches!(t.kind, RawKind::Pending) || !reachable.contains(&id) {
                continue;
            }
            match &t.naming {
                Naming::Component { file, name } => components.push((*file, name, id)),
                Naming::Inline { hints } => {
                    let chosen = preferred_hint(hints);
                    let first = t.origins.iter().next().cloned().unwrap_or_default();
                    inline.push((chosen.short.clone(), chosen.long.clone(), first, id));
                }
            }
        }
        components.sort();
        for (_, name, id) in components {
            let name = names::unique(&names::schema_type_name(name), |n| taken.contains(n));
            taken.insert(name.clone());
            names.insert(id, name);
        }
        inline.sort();
        let mut wanted: BTreeMap<&str, usize> = BTreeMap::new();
        for (short, _, _, _) in &inline {
            *wanted.entry(short.as_str()).or_default() += 1;
        }
        for (short, long, _, id) in &inline {
            let name = if wanted[short.as_str()] == 1 && !taken.contains(short) {
                short.clone()
            } else {
                names::unique(long, |n| taken.contains(n))
            };
            taken.insert(name.clone());
            names.insert(*id, name);
        }
        names
    }

    /// The named types used by the operations, directly or through other types.
    fn reachable(&self, operations: &[RawOperation]) -> BTreeSet<TypeId> {
        fn named(raw: &Raw, out: &mut Vec<TypeId>) {
            match raw {
                Raw::Named(id) => out.push(*id),
                Raw::Vec(inner) | Raw::Map(inner) => named(inner, out),
                _ => {}
            }
        }
        let mut stack = Vec::new();
        for op in operations {
            for p in &op.params {
                named(&p.ty, &mut stack);
            }
            if let Some(b) = &op.body {
                named(&b.ty, &mut stack);
            }
            if let RawResponse::Json(t) = &op.response {
                named(t, &mut stack);
            }
        }
        let mut seen = BTreeSet::new();
        while let Some(id) = stack.pop() {
            if !seen.insert(id) {
                continue;
            }
            match &self.types[id].kind {
                RawKind::Struct(fields) => fields.iter().for_each(|f| named(&f.ty, &mut stack)),
                RawKind::OneOf { variants, .. } => {
                    variants.iter().for_each(|v| named(&v.ty, &mut stack))
                }
                RawKind::Enum(_) | RawKind::AllOf { .. } | RawKind::Pending => {}
            }
        }
        seen
    }

    /// The string fields the spec's own examples fill with numbers: (type, property) pairs.
    fn lenient_fields(&self) -> BTreeSet<(TypeId, String)> {
        let mut marks = BTreeSet::new();
        let mut budget = EXAMPLE_BUDGET;
        for (raw, example) in &self.examples {
            self.walk_example(raw, example, None, &mut marks, &mut budget, 0);
        }
        marks
    }

    fn walk_example(
        &self,
        raw: &Raw,
        value: &serde_json::Value,
        field: Option<(TypeId, &str)>,
        marks: &mut BTreeSet<(TypeId, String)>,
        budget: &mut usize,
        depth: usize,
    ) {
        use serde_json::Value;
        // `oneOf`s nested in each other could make this exponential, or endless (a `oneOf` is
        // walked without descending into the value): a fixed budget of steps and of depth.
        if *budget == 0 || depth > 64 {
            return;
        }
        *budget -= 1;
        match (raw, value) {
            (Raw::String, Value::Number(_)) => {
                if let Some((id, name)) = field {
                    marks.insert((id, name.to_owned()));
                }
            }
            (Raw::Vec(inner), Value::Array(items)) => {
                for item in items {
                    self.walk_example(inner, item, field, marks, budget, depth + 1);
                }
            }
            (Raw::Map(inner), Value::Object(map)) => {
                for item in map.values() {
                    self.walk_example(inner, item, field, marks, budget, depth + 1);
                }
            }
            (Raw::Named(id), Value::Object(map)) => match &self.types[*id].kind {
                RawKind::Struct(fields) => {
                    for (key, item) in map {
                        if let Some(f) = fields.iter().find(|f| &f.wire_name == key) {
                            self.walk_example(
                                &f.ty,
                                item,
                                Some((*id, key)),
                                marks,
                                budget,
                                depth + 1,
                            );
                        }
                    }
                }
                RawKind::OneOf { variants, .. } => {
                    for v in variants {
                        self.walk_example(&v.ty, value, None, marks, budget, depth + 1);
                    }
                }
                _ => {}
            },
            _ => {}
        }
    }

    /// The (container, contained) pairs that must be boxed: a direct (not via `Vec`/map) use
    /// of a type that leads back to the container.
    fn cycles(&self) -> BTreeSet<(TypeId, TypeId)> {
        let direct = |id: TypeId| -> Vec<TypeId> {
            match &self.types[id].kind {
                RawKind::Struct(fields) => fields
                    .iter()
                    .filter_map(|f| {
                        if let Raw::Named(t) = f.ty {
                            Some(t)
                        } else {
                            None
                        }
                    })
                    .collect(),
                RawKind::OneOf { variants, .. } => variants
                    .iter()
                    .filter_map(|v| {
                        if let Raw::Named(t) = v.ty {
                            Some(t)
                        } else {
                            None
                        }
                    })
                    .collect(),
                _ => Vec::new(),
            }
        };
        let reaches = |from: TypeId, to: TypeId| -> bool {
            let mut stack = vec![from];
            let mut seen = BTreeSet::new();
            while let Some(id) = stack.pop() {
                if id == to {
                    return true;
                }
                if seen.insert(id) {
                    stack.extend(direct(id));
                }
            }
            false
        };
        let mut boxed = BTreeSet::new();
        for id in 0..self.types.len() {
            for target in direct(id) {
                if reaches(target, id) {
                    boxed.insert((id, target));
                }
            }
        }
        boxed
    }

    /// Structs whose every field has a `Default`, so the struct derives it.
    /// A required field that leads back to its own struct (boxed) has no finite default.
    fn defaults(&self, boxed: &BTreeSet<(TypeId, TypeId)>) -> BTreeSet<TypeId> {
        let mut set: BTreeSet<TypeId> = (0..self.types.len())
            .filter(|&id| matches!(self.types[id].kind, RawKind::Struct(_)))
            .collect();
        loop {
            let before = set.len();
            let snapshot = set.clone();
            set.retain(|&id| match &self.types[id].kind {
                RawKind::Struct(fields) => fields.iter().all(|f| {
                    !f.required
                        || f.nullable
                        || match &f.ty {
                            Raw::Named(t) => snapshot.contains(t) && !boxed.contains(&(id, *t)),
                            _ => true,
                        }
                }),
                _ => false,
            });
            if set.len() == before {
                return set;
            }
        }
    }
}

/// The hint an inline type is named after: the shortest short name (then the first by order).
fn preferred_hint(hints: &BTreeMap<Hint, Vec<String>>) -> &Hint {
    static EMPTY: std::sync::OnceLock<Hint> = std::sync::OnceLock::new();
    hints
        .keys()
        .min_by(|a, b| a.short.len().cmp(&b.short.len()).then(a.cmp(b)))
        .unwrap_or_else(|| EMPTY.get_or_init(|| Hint::new("", "")))
}

/// Whether `name` cannot be an HTTP header name (RFC 9110 token characters only).
fn invalid_header_name(name: &str) -> bool {
    name.is_empty()
        || !name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// The `set_…` twin of a builder setter named `name`.
fn setter_name(name: &str) -> String {
    format!("set_{}", name.trim_start_matches("r#"))
}

/// Whether a property holds a secret, by its name or `format: password`.
fn is_secret(wire_name: &str, format: Option<&str>) -> bool {
    let name: String = wire_name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    // An identifier of a secret (`authKeyId`) is not one.
    format == Some("password")
        || !name.ends_with("id")
            && [
                "password",
                "secret",
                "token",
                "apikey",
                "authkey",
                "otp",
                "credential",
            ]
            .iter()
            .any(|word| name.contains(word))
}

fn location_rank(location: ParamLocation) -> u8 {
    match location {
        ParamLocation::Path => 0,
        ParamLocation::Query => 1,
        ParamLocation::Header => 2,
    }
}

/// Identifiers for `wires` (property names, enum values, parameters) that do not depend on their
/// order: a wire name that is already its identifier keeps it, the others are numbered in sorted
/// order. No identifier is in `reserved`; with `setters`, none is `set_` followed by another
/// (parameters get `set_…` twins).
fn stable_idents(
    wires: &[&str],
    base: impl Fn(&str) -> String,
    reserved: &[&str],
    setters: bool,
) -> Vec<String> {
    let mut order: Vec<usize> = (0..wires.len()).collect();
    let exact = |w: &str| base(w).trim_start_matches("r#").trim_end_matches('_') == w;
    order.sort_by_key(|&i| (!exact(wires[i]), wires[i]));
    let mut taken: BTreeSet<String> = reserved.iter().map(|s| s.to_string()).collect();
    let mut idents = vec![String::new(); wires.len()];
    for i in order {
        let ident = names::unique(&base(wires[i]), |n| {
            let bare = n.trim_start_matches("r#");
            taken.contains(n)
                || (setters
                    && (taken.contains(&setter_name(bare))
                        || bare
                            .strip_prefix("set_")
                            .is_some_and(|rest| taken.contains(rest))))
        });
        taken.insert(ident.clone());
        idents[i] = ident;
    }
    idents
}

/// The `format` of a schema, whatever its type.
fn schema_format(schema: &Schema) -> Option<String> {
    fn text<T>(f: &VariantOrUnknownOrEmpty<T>, known: fn(&T) -> &'static str) -> Option<String> {
        match f {
            VariantOrUnknownOrEmpty::Item(item) => Some(known(item).to_owned()),
            VariantOrUnknownOrEmpty::Unknown(other) => Some(other.clone()),
            VariantOrUnknownOrEmpty::Empty => None,
        }
    }
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => text(&s.format, |f| match f {
            openapiv3::StringFormat::Date => "date",
            openapiv3::StringFormat::DateTime => "date-time",
            openapiv3::StringFormat::Password => "password",
            openapiv3::StringFormat::Byte => "byte",
            openapiv3::StringFormat::Binary => "binary",
        }),
        SchemaKind::Type(Type::Integer(i)) => text(&i.format, |f| match f {
            openapiv3::IntegerFormat::Int32 => "int32",
            openapiv3::IntegerFormat::Int64 => "int64",
        }),
        SchemaKind::Type(Type::Number(n)) => text(&n.format, |f| match f {
            openapiv3::NumberFormat::Float => "float",
            openapiv3::NumberFormat::Double => "double",
        }),
        SchemaKind::Any(any) => any.format.clone(),
        _ => None,
    }
}

fn default_type_doc(naming: &Naming, kind: &RawKind) -> String {
    match (naming, kind) {
        (Naming::Component { name, .. }, _) => format!("The `{name}` schema."),
        (Naming::Inline { .. }, RawKind::Enum(_)) => "One of the values below.".to_owned(),
        (Naming::Inline { .. }, RawKind::OneOf { .. }) => "One of the variants below.".to_owned(),
        (Naming::Inline { .. }, _) => "An object the spec declares inline.".to_owned(),
    }
}

fn primitive_variant_name(ty: &Raw, index: usize) -> String {
    match ty {
        Raw::String => "String".to_owned(),
        Raw::I32 | Raw::I64 => "Integer".to_owned(),
        Raw::F64 => "Number".to_owned(),
        Raw::Bool => "Boolean".to_owned(),
        Raw::Vec(_) => "Array".to_owned(),
        Raw::Map(_) | Raw::JsonObject => "Object".to_owned(),
        _ => format!("Variant{}", index + 1),
    }
}

/// `ShippingOptionOfNekopos`, `ShippingOptionOfExpeditedShipping` -> `Nekopos`, `ExpeditedShipping`
/// (the common prefix cut at a word boundary; kept whole if that would leave a name empty or
/// starting with a digit).
fn strip_common_prefix(names: &[String]) -> Vec<String> {
    if names.len() < 2 {
        return names.to_vec();
    }
    let first = &names[0];
    let mut len = first.len();
    for other in &names[1..] {
        len = len.min(
            first
                .bytes()
                .zip(other.bytes())
                .take_while(|(a, b)| a == b)
                .count(),
        );
    }
    // Back up to the start of an upper-case word in every name.
    while len > 0
        && !names
            .iter()
            .all(|n| n[len..].starts_with(|c: char| c.is_ascii_uppercase()))
    {
        len -= 1;
    }
    if len == 0 || names.iter().any(|n| n.len() == len || &n[len..] == "Self") {
        return names.to_vec();
    }
    names.iter().map(|n| n[len..].to_owned()).collect()
}

fn shape_from_key(key: &ShapeKey) -> Shape {
    match key {
        ShapeKey::Object {
            properties,
            required,
        } => Shape::Object {
            properties: properties.clone(),
            required: required.clone(),
        },
        ShapeKey::String => Shape::String,
        ShapeKey::Integer => Shape::Integer,
        ShapeKey::Number => Shape::Number,
        ShapeKey::Boolean => Shape::Boolean,
        ShapeKey::Array => Shape::Array,
        ShapeKey::Any => Shape::Any,
    }
}

fn location_of(p: &Parameter) -> &'static str {
    match p {
        Parameter::Path { .. } => "path",
        Parameter::Query { .. } => "query",
        Parameter::Header { .. } => "header",
        Parameter::Cookie { .. } => "cookie",
    }
}

/// The `{name}`s of a path template, in order.
fn template_params(path: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let Some(end) = rest[start..].find('}') else {
            return Err(format!("unclosed `{{` in path `{path}`"));
        };
        let name = &rest[start + 1..start + end];
        if name.is_empty() || name.contains('{') {
            return Err(format!("malformed parameter in path `{path}`"));
        }
        out.push(name.to_owned());
        rest = &rest[start + end + 1..];
    }
    if rest.contains('}') {
        return Err(format!("unmatched `}}` in path `{path}`"));
    }
    Ok(out)
}

enum MediaKind {
    Json,
    Form,
    Text,
    Bytes,
}

/// A name for an operation without `operationId`: the method, then the path's segments in
/// PascalCase, parameters as `By…` (`GET /pets/{petId}/photos` → `getPetsByPetIdPhotos`, `GET /`
/// → `getRoot`).
fn derived_operation_id(method: &str, path: &str) -> String {
    use heck::ToUpperCamelCase;
    let mut id = method.to_owned();
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(param) => {
                id.push_str("By");
                id.push_str(&param.to_upper_camel_case());
            }
            None => id.push_str(&segment.to_upper_camel_case()),
        }
    }
    if id == method {
        id.push_str("Root");
    }
    id
}

fn media_kind(media: &str) -> MediaKind {
    let essence = media
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if essence == "application/json" || essence.ends_with("+json") || essence == "*/*" {
        MediaKind::Json
    } else if essence == "application/x-www-form-urlencoded" {
        MediaKind::Form
    } else if essence.starts_with("text/") && essence != "text/csv" {
        MediaKind::Text
    } else {
        MediaKind::Bytes
    }
}

/// The media type to use: JSON if offered, else a form, else the first one.
fn pick_media(
    content: &indexmap::IndexMap<String, openapiv3::MediaType>,
) -> Option<(&str, &openapiv3::MediaType)> {
    content
        .iter()
        .find(|(m, _)| matches!(media_kind(m), MediaKind::Json))
        .or_else(|| {
            content
                .iter()
                .find(|(m, _)| matches!(media_kind(m), MediaKind::Form))
        })
        .or_else(|| content.iter().next())
        .map(|(m, c)| (m.as_str(), c))
}

/// Spec text -> rustdoc lines: trailing blanks trimmed, bare URLs wrapped in `<>`, code fences
/// without a language marked `text` so they never become doctests.
pub(crate) fn doc_lines(text: Option<&str>) -> Vec<String> {
    let Some(text) = text else { return Vec::new() };
    let text = names::doc_safe(&text.replace("\r\n", "\n").replace('\r', "\n"));
    let text = text.as_str();
    let mut lines: Vec<String> = Vec::new();
    let mut in_fence = false;
    for line in text.lines() {
        let line = line.trim_end();
        let trimmed = line.trim_start();
        if let Some(info) = trimmed.strip_prefix("```") {
            if !in_fence && info.trim().is_empty() {
                lines.push(format!("{}```text", &line[..line.len() - trimmed.len()]));
            } else {
                lines.push(line.to_owned());
            }
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            lines.push(line.to_owned());
        } else {
            lines.push(wrap_bare_urls(line));
        }
    }
    if in_fence {
        lines.push("```".to_owned());
    }
    // Collapse runs of blank lines and trim blank lines at both ends.
    let mut out: Vec<String> = Vec::new();
    for line in lines {
        if line.is_empty() && out.last().is_none_or(|l: &String| l.is_empty()) {
            continue;
        }
        out.push(line);
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    out
}

fn wrap_bare_urls(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut in_code = false;
    let mut i = 0;
    let bytes = line.as_bytes();
    while i < line.len() {
        let c = bytes[i];
        if c == b'`' {
            in_code = !in_code;
            out.push('`');
            i += 1;
            continue;
        }
        let rest = &line[i..];
        if !in_code && (rest.starts_with("http://") || rest.starts_with("https://")) {
            let prev = line[..i].chars().last();
            let end = rest
                .find(|ch: char| {
                    ch.is_whitespace() || matches!(ch, ')' | '>' | ']' | '"' | '\'' | '<')
                })
                .unwrap_or(rest.len());
            let mut url = &rest[..end];
            while url.ends_with(['.', ',', ';', ':']) {
                url = &url[..url.len() - 1];
            }
            if matches!(prev, Some('(') | Some('<') | Some('[') | Some('"')) {
                out.push_str(url);
            } else {
                out.push('<');
                out.push_str(url);
                out.push('>');
            }
            i += url.len();
            continue;
        }
        let ch = rest.chars().next().unwrap_or(' ');
        out.push(ch);
        i += ch.len_utf8();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes() {
        let v = |s: &[&str]| s.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            strip_common_prefix(&v(&[
                "ShippingOptionOfNekopos",
                "ShippingOptionOfExpeditedShipping"
            ])),
            v(&["Nekopos", "ExpeditedShipping"])
        );
        assert_eq!(strip_common_prefix(&v(&["Cat", "Dog"])), v(&["Cat", "Dog"]));
        assert_eq!(
            strip_common_prefix(&v(&["PetCat", "Pet"])),
            v(&["PetCat", "Pet"])
        );
    }

    #[test]
    fn docs() {
        assert_eq!(
            doc_lines(Some(
                "See https://example.com/x. And [a](https://b.c)\n\n\n```\ncode\n```\n\n"
            )),
            vec![
                "See <https://example.com/x>. And [a](https://b.c)",
                "",
                "```text",
                "code",
                "```"
            ]
        );
        assert_eq!(template_params("/a/{b}/c/{d}").unwrap(), vec!["b", "d"]);
        assert!(template_params("/a/{b").is_err());
    }
}

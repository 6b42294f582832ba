//! The second step: once every operation is walked, merge the `allOf`s, find what the operations
//! reach, name every type, find the cycles to box, the lenient fields and the defaults, and
//! assemble the model.

use std::collections::{BTreeMap, BTreeSet};

use super::docs::default_type_doc;
use super::raw::*;
use super::Builder;
use crate::error::Error;
use crate::model::*;
use crate::names;

/// How many (type, value) steps walking the spec's examples may take in all.
const EXAMPLE_BUDGET: usize = 200_000;

/// The hint an inline type is named after: the shortest short name (then the first by order).
fn preferred_hint(hints: &BTreeMap<Hint, Vec<String>>) -> &Hint {
    static EMPTY: std::sync::OnceLock<Hint> = std::sync::OnceLock::new();
    hints
        .keys()
        .min_by(|a, b| a.short.len().cmp(&b.short.len()).then(a.cmp(b)))
        .unwrap_or_else(|| EMPTY.get_or_init(|| Hint::new("", "")))
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

impl Builder<'_> {
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
    pub(crate) fn finish(
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
}

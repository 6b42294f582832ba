//! Schemas -> raw types: `$ref`s to components, inline schemas, objects, arrays, string enums,
//! `oneOf`/`anyOf` and `allOf` (merged later, by a pass).

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{
    AdditionalProperties, ReferenceOr, Schema, SchemaKind, Type, VariantOrUnknownOrEmpty,
};

use super::docs::doc_lines;
use super::extensions::digits_format;
use super::raw::*;
use super::Builder;
use crate::error::Error;
use crate::location::Location;
use crate::model::TypeRef;
use crate::names::Hint;

/// How many `$ref`s deep schemas may nest (each is a level of recursion in the builder).
const MAX_REF_DEPTH: usize = 100;

/// The `format` of a schema, whatever its type.
pub(crate) fn schema_format(schema: &Schema) -> Option<String> {
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

impl Builder<'_> {
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

    /// The type of a schema or `$ref`.
    pub(crate) fn schema(
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
                let hint = Hint::component(&name);
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
            SchemaKind::Type(Type::Integer(i)) => {
                let format = match &i.format {
                    VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int32) => Some("int32"),
                    VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int64) => Some("int64"),
                    VariantOrUnknownOrEmpty::Unknown(format) => Some(format.as_str()),
                    VariantOrUnknownOrEmpty::Empty => None,
                };
                let range = (i.minimum.map(|m| m as f64), i.maximum.map(|m| m as f64));
                Ok(self.integer(at, format, range))
            }
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
            SchemaKind::Any(any) => self.any_schema(at, any, hint, component, docs),
        }
    }

    /// The Rust integer for `type: integer` with `format` and the range (`minimum`, `maximum`):
    /// the format's type (`int8` … `int64`, `uint8` … `uint64`; `i64` for none or another
    /// format), unless the range does not fit it: then `i64`, or `u64` for a range only it holds
    /// (`minimum: 0`, `maximum: 18446744073709551615`). A range no 64-bit integer holds is `i64`
    /// with a warning. A value outside the chosen type fails to decode, naming its path.
    fn integer(
        &mut self,
        at: &Location,
        format: Option<&str>,
        (minimum, maximum): (Option<f64>, Option<f64>),
    ) -> Raw {
        let by_format = match format {
            Some("int8") => TypeRef::I8,
            Some("int16") => TypeRef::I16,
            Some("int32") => TypeRef::I32,
            Some("uint8") => TypeRef::U8,
            Some("uint16") => TypeRef::U16,
            Some("uint32") => TypeRef::U32,
            Some("uint64") => TypeRef::U64,
            _ => TypeRef::I64,
        };
        let holds = |ty: &TypeRef| {
            let (low, high) = integer_range(ty);
            minimum.is_none_or(|m| m >= low) && maximum.is_none_or(|m| m <= high)
        };
        let ty = [by_format, TypeRef::I64, TypeRef::U64]
            .into_iter()
            .find(|ty| holds(ty))
            .unwrap_or_else(|| {
                self.warn(
                    at,
                    "the integer's `minimum` and `maximum` fit no 64-bit integer; typed `i64`, so values outside it fail to decode",
                );
                TypeRef::I64
            });
        Raw::Int(ty)
    }

    /// The type of a schema that `openapiv3` could not give a kind (no `type`, or keywords of
    /// several kinds): an object, array, enum or scalar when the keywords say which, else raw
    /// JSON with a warning.
    fn any_schema(
        &mut self,
        at: &Location,
        any: &openapiv3::AnySchema,
        hint: &Hint,
        component: Option<(Naming, (usize, String))>,
        docs: Vec<String>,
    ) -> Result<Raw, Error> {
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
                    return Ok(self.integer(at, any.format.as_deref(), (any.minimum, any.maximum)))
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
        let parent = hint.parent();
        let mut fields = Vec::new();
        let properties_at = at.join("properties");
        for (prop, schema) in properties {
            let property_at = properties_at.join(prop);
            let required = required.contains(prop);
            let field = self.property(id, &property_at, prop, schema, required, &parent)?;
            fields.push(field);
        }
        self.types[id].kind = RawKind::Struct(fields);
        Ok(Raw::Named(id))
    }

    /// The field of property `prop` of the struct `id`, with the property's example recorded as
    /// an example of the struct.
    fn property(
        &mut self,
        id: TypeId,
        property_at: &Location,
        prop: &str,
        schema: &ReferenceOr<Box<Schema>>,
        required: bool,
        parent: &Hint,
    ) -> Result<RawField, Error> {
        let ty = self.boxed_schema(property_at, schema, &parent.property(prop))?;
        if let ReferenceOr::Item(s) = schema {
            if let Some(example) = &s.schema_data.example {
                let mut wrapped = serde_json::Map::new();
                wrapped.insert(prop.to_owned(), example.clone());
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
                (None, self.ref_nullable(property_at.file, reference), None)
            }
        };
        let (any_format, default) = match schema {
            ReferenceOr::Item(s) => (schema_format(s), s.schema_data.default.clone()),
            ReferenceOr::Reference { .. } => (None, None),
        };
        let mut docs = doc_lines(description.as_deref());
        let example = match schema {
            ReferenceOr::Item(s) => s.schema_data.example.as_ref(),
            ReferenceOr::Reference { .. } => None,
        };
        let digits_format = digits_format(example, format.as_deref());
        if let Some(format) = format {
            if !docs.is_empty() {
                docs.push(String::new());
            }
            docs.push(format!(
                "Format `{format}`, kept as the string the API sends."
            ));
        }
        Ok(RawField {
            wire_name: prop.to_owned(),
            ty,
            required,
            nullable,
            docs,
            digits_format,
            format: any_format,
            default,
        })
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
            let variant_hint = hint.member(i);
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
            raws.push(self.schema(&members_at.index(i), member, &hint.member(i))?);
        }
        // Merged once every type is known: a member may still be in the making here when the
        // schemas refer to each other.
        self.types[id].kind = RawKind::AllOf {
            members: raws,
            at: at.clone(),
        };
        Ok(Raw::Named(id))
    }
}

/// The smallest and largest value of the integer type `ty`, as `f64` (the spec's `minimum` and
/// `maximum` are compared as numbers; `u64::MAX` rounds up to 2^64, which keeps the comparison
/// right for integers written in the spec).
fn integer_range(ty: &TypeRef) -> (f64, f64) {
    match ty {
        TypeRef::I8 => (i8::MIN as f64, i8::MAX as f64),
        TypeRef::I16 => (i16::MIN as f64, i16::MAX as f64),
        TypeRef::I32 => (i32::MIN as f64, i32::MAX as f64),
        TypeRef::U8 => (0.0, u8::MAX as f64),
        TypeRef::U16 => (0.0, u16::MAX as f64),
        TypeRef::U32 => (0.0, u32::MAX as f64),
        TypeRef::U64 => (0.0, u64::MAX as f64),
        _ => (i64::MIN as f64, i64::MAX as f64),
    }
}

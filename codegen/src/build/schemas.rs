//! Schemas -> raw types: `$ref`s to components, inline schemas, objects, arrays, string enums,
//! `oneOf`/`anyOf` and `allOf` (merged later, by a pass).

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{
    AdditionalProperties, ReferenceOr, Schema, SchemaKind, Type, VariantOrUnknownOrEmpty,
};

use super::docs::doc_lines;
use super::extensions::digits_format;
use super::keywords::{Form, Place};
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
        self.schema_at(at, schema, hint, Place::Other)
    }

    /// The type of a schema or `$ref` at `place` (what its keywords mean depends on it).
    pub(crate) fn schema_at(
        &mut self,
        at: &Location,
        schema: &ReferenceOr<Schema>,
        hint: &Hint,
        place: Place,
    ) -> Result<Raw, Error> {
        match schema {
            ReferenceOr::Reference { reference } => self.component(at, reference),
            ReferenceOr::Item(schema) => {
                let raw = self.inline(at, schema, hint, None, place)?;
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
            ReferenceOr::Item(schema) => self.inline(at, schema, hint, None, Place::Other),
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
                let component = Some((naming, key.clone()));
                self.inline(&component_at, schema, &hint, component, Place::Component)
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

    /// Whether the schema a `$ref` leads to allows `null` (see [`schema_nullable`]).
    fn ref_nullable(&self, file: usize, reference: &str) -> bool {
        self.ref_target(file, reference)
            .is_some_and(|(_, schema)| schema_nullable(schema))
    }

    /// The component schema a `$ref` of file `file` leads to, through `$ref`s to `$ref`s, with
    /// its name; `None` when it leads nowhere (or through more than 32 `$ref`s).
    pub(super) fn ref_target(&self, file: usize, reference: &str) -> Option<(String, &Schema)> {
        let mut current = reference.to_owned();
        for _ in 0..32 {
            let name = current
                .strip_prefix("#/components/schemas/")?
                .replace("~1", "/")
                .replace("~0", "~");
            match self.docs[file]
                .components
                .as_ref()
                .and_then(|c| c.schemas.get(&name))?
            {
                ReferenceOr::Item(s) => return Some((name, s)),
                ReferenceOr::Reference { reference } => current = reference.clone(),
            }
        }
        None
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

    /// The type of an inline schema (or of a component's body, when `component` is given) at
    /// `place`, with a warning for each of its keywords that the type does not honour (see
    /// `keywords`).
    fn inline(
        &mut self,
        at: &Location,
        schema: &Schema,
        hint: &Hint,
        component: Option<(Naming, (usize, String))>,
        place: Place,
    ) -> Result<Raw, Error> {
        let raw = self.type_inline(at, schema, hint, component)?;
        if let Some(form) = self.form(schema, &raw) {
            self.check_keywords(at, schema, form, place);
        }
        Ok(raw)
    }

    /// The type of an inline schema (or of a component's body, when `component` is given).
    fn type_inline(
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
            SchemaKind::AllOf { all_of } => {
                let nullable = schema.schema_data.nullable;
                self.all_of(at, all_of, None, nullable, hint, component, docs)
            }
            SchemaKind::Not { .. } => {
                self.warn(at, "`not` schemas cannot be typed; raw JSON is used");
                Ok(Raw::Json)
            }
            SchemaKind::Any(any) if all_of_with_siblings(any) => {
                let siblings = Siblings {
                    properties: &any.properties,
                    required: &any.required,
                    additional: any.additional_properties.as_ref(),
                    object: any.typ.is_some(),
                };
                let nullable = schema.schema_data.nullable;
                self.all_of(
                    at,
                    &any.all_of,
                    Some(siblings),
                    nullable,
                    hint,
                    component,
                    docs,
                )
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
                let items_at = at.join("items");
                if let ReferenceOr::Reference { reference } = items {
                    self.check_nullable_ref(&items_at, reference, "array items");
                }
                let inner = self.boxed_schema(&items_at, items, &hint.item())?;
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
                    let values_at = at.join("additionalProperties");
                    if let ReferenceOr::Reference { reference } = schema.as_ref() {
                        self.check_nullable_ref(&values_at, reference, "map values");
                    }
                    let inner = self.schema(&values_at, schema, &hint.item())?;
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
        let ty = match schema {
            ReferenceOr::Reference { reference } => self.component(property_at, reference)?,
            ReferenceOr::Item(s) => self.inline(
                property_at,
                s,
                &parent.property(prop),
                None,
                Place::Property,
            )?,
        };
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
                schema_nullable(s),
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
        let (read_only, write_only) = match schema {
            ReferenceOr::Item(s) => (s.schema_data.read_only, s.schema_data.write_only),
            ReferenceOr::Reference { .. } => (false, false),
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
            example: example.cloned(),
            read_only,
            write_only,
            never_sent: false,
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

    /// The type of an `allOf` at `at`: its members (each walked as a schema), what `siblings`
    /// declares beside them (`properties` and `required` next to `allOf`) and the `required`
    /// names of every member, merged later by pass 1 (`merge_all_ofs`). Members that declare
    /// nothing but constraints (`{type: object, required: […]}`, `{nullable: true}`, see
    /// [`constraint_only`]) add their `required` names and `nullable` and are not walked.
    /// What is left being a single member with nothing beside it, the `allOf` is that member's
    /// type (for a component, only when it is a nullable `$ref`: `NullableX: {nullable: true,
    /// allOf: [$ref: X]}` is `X`, its fields `Option<X>`); declaring no property at all, it is
    /// an object without declared properties, each of its `required` names a warning.
    #[allow(clippy::too_many_arguments)]
    fn all_of(
        &mut self,
        at: &Location,
        members: &[ReferenceOr<Schema>],
        siblings: Option<Siblings<'_>>,
        nullable: bool,
        hint: &Hint,
        component: Option<(Naming, (usize, String))>,
        docs: Vec<String>,
    ) -> Result<Raw, Error> {
        let members_at = at.join("allOf");
        let mut nullable = nullable;
        let mut object = siblings.is_some_and(|s| s.object);
        // `required` names beside the members and in members without properties: what the
        // `allOf` adds to its members' own.
        let mut added = Vec::new();
        if let Some(siblings) = siblings {
            added.extend(required_entries(&at.join("required"), siblings.required));
        }
        let mut kept = Vec::new();
        for (i, member) in members.iter().enumerate() {
            if let ReferenceOr::Item(schema) = member {
                if let Some(required) = constraint_only(schema) {
                    self.check_keywords(
                        &members_at.index(i),
                        schema,
                        Form::Constraints,
                        Place::Other,
                    );
                    nullable |= schema.schema_data.nullable;
                    object |=
                        !matches!(schema.schema_kind, SchemaKind::Any(ref a) if a.typ.is_none());
                    let required_at = members_at.index(i).join("required");
                    added.extend(required_entries(&required_at, required));
                    continue;
                }
            }
            kept.push(i);
        }
        let own = siblings.map(|s| s.properties).filter(|p| !p.is_empty());
        // (An empty `allOf`, which JSON Schema does not allow, stays the empty struct it was.)
        if kept.is_empty() && own.is_none() && !members.is_empty() {
            for (name, entry_at) in &added {
                self.warn(entry_at, unmet_required(name));
            }
            return Ok(if object || !added.is_empty() {
                Raw::JsonObject
            } else {
                Raw::Json
            });
        }
        // `allOf: [$ref]` is the usual way to attach a description (or `nullable`) to a
        // reference.
        if let [only] = kept[..] {
            let alias = component.is_none() || (nullable && members[only].as_item().is_none());
            if alias && own.is_none() && added.is_empty() {
                return self.schema(&members_at.index(only), &members[only], hint);
            }
        }
        let mut required = added;
        let id = self.open_named(at, component, hint, docs);
        let mut raws = Vec::new();
        for &i in &kept {
            let member_at = members_at.index(i);
            let raw = match &members[i] {
                ReferenceOr::Reference { reference } => {
                    // A plain object component's `required` names that it does not declare
                    // itself may be declared by another member.
                    if let Some((name, schema)) = self.ref_target(at.file, reference) {
                        let component_at = Location::component(at.file, "schemas", &name);
                        let entries = required_entries(
                            &component_at.join("required"),
                            plain_required(schema),
                        );
                        required.extend(entries);
                    }
                    self.schema(&member_at, &members[i], &hint.member(i))?
                }
                ReferenceOr::Item(schema) => {
                    // An inline member's `required` names are the `allOf`'s: the member's own
                    // type takes only those it declares, so that a name another member declares
                    // is no warning there.
                    let entries =
                        required_entries(&member_at.join("required"), plain_required(schema));
                    required.extend(entries);
                    let own_required = own_required_only(schema);
                    self.schema(&member_at, &own_required, &hint.member(i))?
                }
            };
            raws.push(raw);
        }
        let mut fields = Vec::new();
        if let Some(siblings) = siblings {
            if let Some(AdditionalProperties::Schema(_)) | Some(AdditionalProperties::Any(true)) =
                siblings.additional
            {
                self.warn(at, "`additionalProperties` next to `allOf`: only the declared properties are typed");
            }
            let parent = hint.parent();
            let properties_at = at.join("properties");
            for (prop, schema) in siblings.properties {
                let property_at = properties_at.join(prop);
                fields.push(self.property(id, &property_at, prop, schema, false, &parent)?);
            }
        }
        // Merged once every type is known: a member may still be in the making here when the
        // schemas refer to each other.
        self.types[id].kind = RawKind::AllOf {
            members: raws,
            own: fields,
            required,
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

/// The keywords an `allOf` schema has beside `allOf` itself, which merge into its struct like
/// one more member (`description` and `nullable`, in the schema's data, are read apart).
#[derive(Clone, Copy)]
struct Siblings<'s> {
    properties: &'s indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
    required: &'s [String],
    additional: Option<&'s AdditionalProperties>,
    /// Whether `type: object` is written beside it.
    object: bool,
}

/// Whether a schema `openapiv3` could not give a kind is an `allOf` with object keywords beside
/// it (`type: object`, `properties`, `required`, `additionalProperties`) and nothing of another
/// kind: such a schema is typed as an `allOf` with [`Siblings`].
pub(super) fn all_of_with_siblings(any: &openapiv3::AnySchema) -> bool {
    !any.all_of.is_empty()
        && any.one_of.is_empty()
        && any.any_of.is_empty()
        && any.not.is_none()
        && any.items.is_none()
        && any.enumeration.is_empty()
        && matches!(any.typ.as_deref(), None | Some("object"))
}

/// The `required` list of an inline `allOf` member that declares nothing but constraints on the
/// others: no property, no map, no type but `object`, no composition of its own (`{type:
/// object, required: [a, b]}`, `{nullable: true}`, `{description: …}`). `None` for a member
/// that declares a type.
fn constraint_only(schema: &Schema) -> Option<&[String]> {
    let map = |a: Option<&AdditionalProperties>| matches!(a, Some(AdditionalProperties::Schema(_)));
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(o))
            if o.properties.is_empty() && !map(o.additional_properties.as_ref()) =>
        {
            Some(&o.required)
        }
        SchemaKind::Any(a)
            if a.properties.is_empty()
                && !map(a.additional_properties.as_ref())
                && matches!(a.typ.as_deref(), None | Some("object"))
                && a.items.is_none()
                && a.enumeration.is_empty()
                && a.one_of.is_empty()
                && a.any_of.is_empty()
                && a.all_of.is_empty()
                && a.not.is_none() =>
        {
            Some(&a.required)
        }
        _ => None,
    }
}

/// Whether a schema allows `null`: `nullable: true` on it, or on a member of its `allOf` that
/// only adds constraints (`allOf: [{$ref: X}, {nullable: true}]`).
pub(super) fn schema_nullable(schema: &Schema) -> bool {
    let members = match &schema.schema_kind {
        SchemaKind::AllOf { all_of } => all_of.as_slice(),
        SchemaKind::Any(any) if all_of_with_siblings(any) => any.all_of.as_slice(),
        _ => &[],
    };
    schema.schema_data.nullable
        || members.iter().any(|m| {
            m.as_item()
                .is_some_and(|s| s.schema_data.nullable && constraint_only(s).is_some())
        })
}

/// The `required` list of a plain object schema (properties, no `allOf` of its own: an `allOf`
/// member that is itself an `allOf` passes the names it lacks up through the merge); empty for
/// any other schema.
fn plain_required(schema: &Schema) -> &[String] {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(o)) => &o.required,
        SchemaKind::Any(any) if any.all_of.is_empty() => &any.required,
        _ => &[],
    }
}

/// A plain object schema with only the `required` names it declares as properties (the others
/// are left to the `allOf` it is a member of); any other schema as it is.
fn own_required_only(schema: &Schema) -> ReferenceOr<Schema> {
    let mut schema = schema.clone();
    match &mut schema.schema_kind {
        SchemaKind::Type(Type::Object(o)) => {
            let properties = &o.properties;
            o.required.retain(|name| properties.contains_key(name));
        }
        SchemaKind::Any(any) if any.all_of.is_empty() => {
            let properties = &any.properties;
            any.required.retain(|name| properties.contains_key(name));
        }
        _ => {}
    }
    ReferenceOr::Item(schema)
}

/// Each name of a `required` list at `required_at`, with the place of its entry.
fn required_entries(required_at: &Location, names: &[String]) -> Vec<(String, Location)> {
    names
        .iter()
        .enumerate()
        .map(|(k, name)| (name.clone(), required_at.index(k)))
        .collect()
}

/// The warning for a `required` name of an `allOf` that none of its members declares.
pub(crate) fn unmet_required(name: &str) -> String {
    format!("`required` names `{name}`, which no member of the `allOf` declares; ignored")
}

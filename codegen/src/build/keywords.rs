//! Schema keywords, in one place: those the walk does not read are either ignored by design
//! ([`IGNORED_BY_DESIGN`], each with why) or a warning located at the schema (file and JSON
//! pointer) that says what was not honoured and what the generated code does instead
//! ([`Builder::check_keywords`], called once for every schema the walk types).
//!
//! What `schemas` reads, and where:
//!
//! | keyword | honoured on | becomes |
//! |---|---|---|
//! | `type` | every schema | the form of the Rust type |
//! | `format` | strings, integers, numbers | see below |
//! | `enum` | strings | a Rust enum (one value: a one-variant enum) |
//! | `minimum`, `maximum` | integers | the integer's width |
//! | `items` | arrays | `Vec` |
//! | `properties`, `required`, `additionalProperties` | objects | a struct, or a map without `properties` |
//! | `allOf`, `oneOf`, `anyOf`, `not` | — | a merged struct; an enum of variants; raw JSON with a warning |
//! | `discriminator` | beside `oneOf` or `anyOf` | the variant its property names |
//! | `nullable` | properties, the schemas they `$ref`, `allOf`; parameters | an `Option` field; nothing more than the optional parameter's `Option` |
//! | `readOnly`, `writeOnly` | properties | see `passes::directions` |
//!
//! Formats: on a string every format keeps the text as the API sends it (`date`, `date-time`,
//! `uuid`, `byte` as base64 text, `email`, …: no value is lost, none is checked); `password`
//! makes the field a secret hidden from `Debug`, and a date written as digits (`yyyyMM`,
//! `yyyyMMdd`, …) also accepts a JSON number. Integers know `int8` … `int64` and `uint8` …
//! `uint64`; numbers know `float` and `double` (both `f64`). Any other format of an integer or a
//! number, or a format on any other type, is a warning.
//!
//! Documented rather than warned about: `anyOf` is typed like `oneOf` (the variant the value fits
//! best; raw JSON, nothing dropped, when it fits none or several equally); keywords written
//! beside a `$ref` are ignored, as OpenAPI 3.0 says a Reference Object has no other field (to
//! describe or make nullable a property that refers to a schema, write `allOf: [$ref: …]` with
//! the keywords beside it).
//!
//! A keyword outside OpenAPI 3.0 (`const`, `examples`, `patternProperties`, `if`, …) is dropped
//! by `openapiv3` while parsing; it is found in the YAML tree the loader keeps, and warned about.

use openapiv3::{Schema, SchemaKind, Type};

use super::raw::*;
use super::schemas::{all_of_with_siblings, schema_format, schema_nullable};
use super::Builder;
use crate::location::Location;
use crate::model::TypeRef;

/// The schema keywords the generated code does not honour on purpose, with why. None of them is
/// a warning; `x-…` stands for every vendor extension.
pub(crate) const IGNORED_BY_DESIGN: &[(&str, &str)] = &[
    // Validation: the client decodes what the server sends and sends what it is given; the
    // server checks what it receives.
    ("pattern", "validation of a string, left to the server"),
    ("minLength", "validation of a string's length, left to the server"),
    ("maxLength", "validation of a string's length, left to the server"),
    (
        "minimum",
        "validation, left to the server; it widens an integer's type to hold the range",
    ),
    (
        "maximum",
        "validation, left to the server; it widens an integer's type to hold the range",
    ),
    (
        "exclusiveMinimum",
        "validation, left to the server (it only narrows the range `minimum` gives)",
    ),
    (
        "exclusiveMaximum",
        "validation, left to the server (it only narrows the range `maximum` gives)",
    ),
    ("multipleOf", "validation of a number, left to the server"),
    ("minItems", "validation of an array's length, left to the server"),
    ("maxItems", "validation of an array's length, left to the server"),
    (
        "uniqueItems",
        "validation, left to the server: the array is a `Vec` in the order sent",
    ),
    ("minProperties", "validation of an object's size, left to the server"),
    ("maxProperties", "validation of an object's size, left to the server"),
    // Annotations: they describe values and change none.
    (
        "title",
        "a label: a type's docs fall back on it without `description`; names come from where the schema is",
    ),
    (
        "description",
        "the docs of the type, field or parameter; where there is none (array items, map values), nothing",
    ),
    (
        "example",
        "an illustration, never checked; read to let a string field accept the numbers its examples show",
    ),
    ("externalDocs", "a link for readers; docs come from `description`"),
    (
        "deprecated",
        "no `#[deprecated]`: the API still sends the value, and clients built with `-D warnings` must compile",
    ),
    (
        "default",
        "the server applies it to what the client leaves out (an unset field is `None`, not sent); `spec-diff` reports a changed default",
    ),
    (
        "xml",
        "describes XML bodies, which the generated code does not use (their operations are skipped with a warning)",
    ),
    (
        "x-…",
        "vendor extensions are for the tools that define them; none on a schema changes the generated type",
    ),
];

/// What the walk made of a schema, as far as its keywords go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Form {
    /// A `String`.
    Text,
    /// A string enum.
    Enum,
    /// An integer of this Rust type.
    Integer(&'static str),
    /// An `f64`.
    Number,
    Boolean,
    Array,
    /// A map, or an object of no declared property.
    Map,
    Struct,
    /// An `allOf` (a merged struct, or the one member it stands for).
    AllOf,
    /// A `oneOf` or `anyOf` enum.
    OneOf,
    /// Raw JSON: any value.
    Json,
    /// An `allOf` member that only adds `required` names or `nullable` to the others.
    Constraints,
}

impl Form {
    fn describe(self) -> String {
        match self {
            Form::Text => "a `String`".to_owned(),
            Form::Enum => "a string enum".to_owned(),
            Form::Integer(ty) => format!("`{ty}`"),
            Form::Number => "`f64`".to_owned(),
            Form::Boolean => "`bool`".to_owned(),
            Form::Array => "a `Vec`".to_owned(),
            Form::Map => "a map".to_owned(),
            Form::Struct | Form::AllOf | Form::Constraints => "a struct".to_owned(),
            Form::OneOf => "an enum of its variants".to_owned(),
            Form::Json => "raw JSON".to_owned(),
        }
    }

    fn object(self) -> bool {
        matches!(
            self,
            Form::Map | Form::Struct | Form::AllOf | Form::Constraints
        )
    }
}

/// Where a schema is: what `nullable`, `readOnly` and `writeOnly` mean depends on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Place {
    /// A property of an object (or of the keywords beside an `allOf`).
    Property,
    /// `#/components/schemas/<name>`: what properties `$ref`.
    Component,
    /// A parameter's schema: `nullable` there says the parameter may be left out, which an
    /// optional parameter's `Option` already says (a query, path or header cannot carry `null`).
    Parameter,
    /// Anywhere else: array items, map values, variants, members, bodies.
    Other,
}

/// Whether `keyword` is ignored by design.
pub(crate) fn ignored_by_design(keyword: &str) -> bool {
    keyword.starts_with("x-") || IGNORED_BY_DESIGN.iter().any(|(k, _)| *k == keyword)
}

/// The Rust name of an integer type.
fn integer_name(ty: &TypeRef) -> &'static str {
    match ty {
        TypeRef::I8 => "i8",
        TypeRef::I16 => "i16",
        TypeRef::I32 => "i32",
        TypeRef::U8 => "u8",
        TypeRef::U16 => "u16",
        TypeRef::U32 => "u32",
        TypeRef::U64 => "u64",
        _ => "i64",
    }
}

/// The node at `pointer` (`#/a/b~1c/0`) of a YAML tree.
fn node<'v>(root: &'v serde_yaml::Value, pointer: &str) -> Option<&'v serde_yaml::Value> {
    let rest = pointer.strip_prefix('#')?;
    if rest.is_empty() {
        return Some(root);
    }
    let mut node = root;
    for token in rest.strip_prefix('/')?.split('/') {
        let token = token.replace("~1", "/").replace("~0", "~");
        node = match node {
            serde_yaml::Value::Mapping(map) => match map.get(token.as_str()) {
                Some(value) => value,
                // Keys written as numbers or booleans (`200:`).
                None => {
                    map.iter()
                        .find(|(key, _)| scalar_text(key).as_deref() == Some(token.as_str()))?
                        .1
                }
            },
            serde_yaml::Value::Sequence(items) => items.get(token.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(node)
}

fn scalar_text(value: &serde_yaml::Value) -> Option<String> {
    match value {
        serde_yaml::Value::String(s) => Some(s.clone()),
        serde_yaml::Value::Number(n) => Some(n.to_string()),
        serde_yaml::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The keywords of a schema as `openapiv3` keeps them: what is known when the YAML tree has no
/// node at the schema's pointer (which the walk's pointers always have).
fn typed_keywords(schema: &Schema) -> Vec<String> {
    let data = &schema.schema_data;
    let mut keys: Vec<&str> = Vec::new();
    let flags = [
        (data.nullable, "nullable"),
        (data.read_only, "readOnly"),
        (data.write_only, "writeOnly"),
        (data.deprecated, "deprecated"),
        (data.external_docs.is_some(), "externalDocs"),
        (data.example.is_some(), "example"),
        (data.title.is_some(), "title"),
        (data.description.is_some(), "description"),
        (data.discriminator.is_some(), "discriminator"),
        (data.default.is_some(), "default"),
    ];
    keys.extend(flags.iter().filter(|(on, _)| *on).map(|(_, k)| *k));
    match &schema.schema_kind {
        SchemaKind::Type(t) => {
            keys.push("type");
            if schema_format(schema).is_some() {
                keys.push("format");
            }
            let enumerated = match t {
                Type::String(s) => !s.enumeration.is_empty(),
                Type::Integer(i) => !i.enumeration.is_empty(),
                Type::Number(n) => !n.enumeration.is_empty(),
                Type::Boolean(b) => !b.enumeration.is_empty(),
                Type::Object(_) | Type::Array(_) => false,
            };
            if enumerated {
                keys.push("enum");
            }
            if let Type::Object(o) = t {
                if !o.properties.is_empty() {
                    keys.push("properties");
                }
                if !o.required.is_empty() {
                    keys.push("required");
                }
                if o.additional_properties.is_some() {
                    keys.push("additionalProperties");
                }
            }
            if let Type::Array(a) = t {
                if a.items.is_some() {
                    keys.push("items");
                }
            }
        }
        SchemaKind::OneOf { .. } => keys.push("oneOf"),
        SchemaKind::AnyOf { .. } => keys.push("anyOf"),
        SchemaKind::AllOf { .. } => keys.push("allOf"),
        SchemaKind::Not { .. } => keys.push("not"),
        SchemaKind::Any(any) => {
            let present = [
                (any.typ.is_some(), "type"),
                (any.format.is_some(), "format"),
                (!any.enumeration.is_empty(), "enum"),
                (any.items.is_some(), "items"),
                (!any.properties.is_empty(), "properties"),
                (!any.required.is_empty(), "required"),
                (any.additional_properties.is_some(), "additionalProperties"),
                (!any.all_of.is_empty(), "allOf"),
                (!any.one_of.is_empty(), "oneOf"),
                (!any.any_of.is_empty(), "anyOf"),
                (any.not.is_some(), "not"),
            ];
            keys.extend(present.iter().filter(|(on, _)| *on).map(|(_, k)| *k));
        }
    }
    keys.into_iter().map(str::to_owned).collect()
}

/// The `type` a schema declares.
fn declared_type(schema: &Schema) -> Option<&str> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(_)) => Some("string"),
        SchemaKind::Type(Type::Integer(_)) => Some("integer"),
        SchemaKind::Type(Type::Number(_)) => Some("number"),
        SchemaKind::Type(Type::Boolean(_)) => Some("boolean"),
        SchemaKind::Type(Type::Array(_)) => Some("array"),
        SchemaKind::Type(Type::Object(_)) => Some("object"),
        SchemaKind::Any(any) => any.typ.as_deref(),
        _ => None,
    }
}

/// The warning for `keyword` of a schema typed as `form` at `place`, or `None` when the keyword
/// is honoured there or ignored by design.
fn problem(keyword: &str, schema: &Schema, form: Form, place: Place) -> Option<String> {
    if ignored_by_design(keyword) {
        return None;
    }
    let data = &schema.schema_data;
    let elsewhere = |applies: &str| {
        Some(format!(
            "`{keyword}` applies to {applies}, but this schema is typed as {}; ignored",
            form.describe()
        ))
    };
    match keyword {
        "type" => {
            let declared = declared_type(schema)?;
            let honoured = match declared {
                "string" => matches!(form, Form::Text | Form::Enum),
                "integer" => matches!(form, Form::Integer(_)),
                "number" => form == Form::Number,
                "boolean" => form == Form::Boolean,
                "array" => form == Form::Array,
                "object" => form.object(),
                _ => true,
            };
            (!honoured && form != Form::Json).then(|| {
                format!(
                    "`type: {declared}` is not honoured: the schema's other keywords make it {}",
                    form.describe()
                )
            })
        }
        "format" => {
            let format = schema_format(schema)?;
            match form {
                Form::Text | Form::Enum | Form::Json => None,
                Form::Integer(ty) => {
                    let known = [
                        "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
                    ];
                    (!known.contains(&format.as_str())).then(|| {
                        format!(
                            "integer `format: {format}` is not one this generator knows (`int8` … `int64`, `uint8` … `uint64`); typed `{ty}`"
                        )
                    })
                }
                Form::Number => (format != "float" && format != "double").then(|| {
                    format!("number `format: {format}` is not `float` or `double`; typed `f64`")
                }),
                _ => Some(format!(
                    "`format: {format}` applies to strings and numbers, but this schema is typed as {}; ignored",
                    form.describe()
                )),
            }
        }
        "enum" => match form {
            Form::Enum | Form::Text | Form::Json => None,
            _ => Some(format!(
                "`enum` is typed for strings only: this schema is typed as {}, so any value decodes and can be sent, not only those listed",
                form.describe()
            )),
        },
        "items" => match form {
            Form::Array | Form::Json => None,
            _ => elsewhere("arrays"),
        },
        "properties" | "required" | "additionalProperties" => match form {
            _ if form.object() => None,
            Form::Json => None,
            _ => elsewhere("objects"),
        },
        "allOf" => match form {
            Form::AllOf | Form::Json => None,
            _ => elsewhere("`allOf` schemas"),
        },
        "oneOf" | "anyOf" => match form {
            Form::OneOf | Form::Json => None,
            _ => elsewhere("`oneOf` and `anyOf` schemas"),
        },
        "not" => match form {
            Form::Json => None,
            _ => elsewhere("`not` schemas"),
        },
        "discriminator" => {
            let property = &data.discriminator.as_ref()?.property_name;
            (!matches!(form, Form::OneOf | Form::Json)).then(|| {
                format!(
                    "`discriminator` is honoured beside `oneOf` or `anyOf` only: this schema is typed as {} and its `{property}` chooses no other schema (list the schemas that extend it in a `oneOf` with the discriminator)",
                    form.describe()
                )
            })
        }
        "nullable" => {
            let honoured = !data.nullable
                || matches!(place, Place::Property | Place::Component | Place::Parameter)
                || matches!(form, Form::Json | Form::OneOf | Form::Constraints);
            (!honoured).then(|| {
                format!(
                    "`nullable` is honoured on properties (and the schemas they `$ref`) only: here the schema is typed as {}, which has no `null`",
                    form.describe()
                )
            })
        }
        "readOnly" | "writeOnly" => {
            let set = if keyword == "readOnly" {
                data.read_only
            } else {
                data.write_only
            };
            if !set || place == Place::Property {
                return None;
            }
            Some(if place == Place::Component {
                format!(
                    "`{keyword}` is honoured on properties only; ignored here, and a property that `$ref`s this schema does not inherit it (write `{keyword}: true` beside `allOf: [$ref: …]` in the property)"
                )
            } else {
                format!("`{keyword}` is honoured on properties only; ignored here")
            })
        }
        "<<" => Some(format!(
            "YAML merge keys (`<<`) are not applied: what this one merges is ignored, and the schema is typed as {} by its other keywords",
            form.describe()
        )),
        _ => Some(format!(
            "`{keyword}` is not an OpenAPI 3.0 schema keyword; ignored: the schema is typed as {} by its other keywords",
            form.describe()
        )),
    }
}

impl Builder<'_> {
    /// What the walk made of `schema`, typed as `raw`: `None` for a form that already warned
    /// that it is raw JSON (`not`, an empty `oneOf`).
    pub(crate) fn form(&self, schema: &Schema, raw: &Raw) -> Option<Form> {
        match &schema.schema_kind {
            SchemaKind::Not { .. } => return None,
            SchemaKind::AllOf { .. } => return Some(Form::AllOf),
            SchemaKind::Any(any) if all_of_with_siblings(any) => return Some(Form::AllOf),
            SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => {
                return (raw != &Raw::Json).then_some(Form::OneOf)
            }
            _ => {}
        }
        Some(match raw {
            Raw::String => Form::Text,
            Raw::Int(ty) => Form::Integer(integer_name(ty)),
            Raw::F64 => Form::Number,
            Raw::Bool => Form::Boolean,
            Raw::Vec(_) => Form::Array,
            Raw::Map(_) | Raw::JsonObject => Form::Map,
            Raw::Json => Form::Json,
            Raw::Named(id) => match &self.types.get(*id)?.kind {
                RawKind::Enum(_) => Form::Enum,
                RawKind::Struct(_) => Form::Struct,
                RawKind::AllOf { .. } => Form::AllOf,
                RawKind::OneOf { .. } => Form::OneOf,
                RawKind::Pending => return None,
            },
        })
    }

    /// Warns, at `at`, about each keyword of `schema` (typed as `form`, at `place`) that is
    /// neither honoured there nor ignored by design. A schema typed as raw JSON with a warning
    /// of its own at `at` (keywords the generator cannot combine) is not warned about again.
    pub(crate) fn check_keywords(
        &mut self,
        at: &Location,
        schema: &Schema,
        form: Form,
        place: Place,
    ) {
        if form == Form::Json {
            let file = self.files[at.file];
            if self
                .warnings
                .iter()
                .any(|w| w.pointer == at.pointer && w.file == file)
            {
                return;
            }
        }
        let keywords = match self
            .trees
            .get(at.file)
            .and_then(|tree| node(tree, &at.pointer))
            .and_then(|n| n.as_mapping())
        {
            Some(map) => map.keys().filter_map(scalar_text).collect(),
            None => typed_keywords(schema),
        };
        for keyword in keywords {
            if let Some(message) = problem(&keyword, schema, form, place) {
                self.warn(at, message);
            }
        }
    }

    /// Warns when the `$ref` at `at`, an array's items or a map's values, leads to a nullable
    /// schema: `nullable` is honoured on properties only, so a `null` element fails to decode.
    pub(crate) fn check_nullable_ref(&mut self, at: &Location, reference: &str, what: &str) {
        let nullable = self
            .ref_target(at.file, reference)
            .is_some_and(|(_, schema)| schema_nullable(schema));
        if nullable {
            self.warn(
                at,
                format!(
                    "`{reference}` is nullable, but `nullable` is honoured on properties only: {what} are typed without `null`, so a `null` one fails to decode"
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::{OperationFilter, SpecInput};

    /// The warnings of a spec whose one operation answers `schema` (YAML, indented for the
    /// response) and whose components are `components` (YAML, indented for `schemas`), as
    /// (pointer, message).
    fn warnings(schema: &str, components: &str) -> Vec<(String, String)> {
        let text = format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /a:\n    get:\n      \
             operationId: getA\n      responses:\n        '200':\n          description: ok\n          \
             content:\n            application/json:\n              schema:\n{schema}\n\
             components:\n  schemas:\n{components}\n"
        );
        let inputs = [SpecInput {
            file: "t.yaml",
            text: &text,
            operations: OperationFilter::All,
        }];
        let model = crate::model(&inputs).unwrap_or_else(|e| panic!("{e}\n{text}"));
        model
            .warnings
            .into_iter()
            .map(|w| (w.pointer, w.message))
            .collect()
    }

    #[test]
    fn pointers_are_followed_through_escapes_numbers_and_lists() {
        let tree: serde_yaml::Value =
            serde_yaml::from_str("a/b: {200: [x, {c~d: 1}]}\ntrue: 2").unwrap();
        let at = |p: &str| node(&tree, p).cloned();
        assert_eq!(at("#/a~1b/200/1/c~0d"), Some(serde_yaml::Value::from(1)));
        assert_eq!(at("#/a~1b/200/0"), Some(serde_yaml::Value::from("x")));
        assert_eq!(at("#/true"), Some(serde_yaml::Value::from(2)));
        assert_eq!(at("#"), Some(tree.clone()));
        for missing in [
            "#/a",
            "#/a~1b/200/2",
            "#/a~1b/200/x",
            "#/true/0",
            "a~1b",
            "#a",
        ] {
            assert_eq!(at(missing), None, "{missing}");
        }
    }

    #[test]
    fn typed_keywords_name_what_openapiv3_kept() {
        let schema: Schema = serde_yaml::from_str(
            "{type: object, properties: {a: {type: string}}, required: [a], nullable: true, \
             x-y: 1, const: 2}",
        )
        .unwrap();
        assert_eq!(
            typed_keywords(&schema),
            ["nullable", "type", "properties", "required"]
        );
        let schema: Schema =
            serde_yaml::from_str("{type: integer, format: int128, enum: [1], readOnly: true}")
                .unwrap();
        assert_eq!(
            typed_keywords(&schema),
            ["readOnly", "type", "format", "enum"]
        );
        let schema: Schema = serde_yaml::from_str("{type: string, items: {}, title: t}").unwrap();
        assert_eq!(typed_keywords(&schema), ["title", "type", "items"]);
    }

    #[test]
    fn the_list_holds_no_keyword_the_walk_reads_and_none_twice() {
        let read = [
            "type",
            "format",
            "enum",
            "items",
            "properties",
            "required",
            "additionalProperties",
            "allOf",
            "oneOf",
            "anyOf",
            "not",
            "discriminator",
            "nullable",
            "readOnly",
            "writeOnly",
        ];
        let mut seen = std::collections::BTreeSet::new();
        for (keyword, why) in IGNORED_BY_DESIGN {
            assert!(!read.contains(keyword), "{keyword} is read");
            assert!(seen.insert(*keyword), "{keyword} is listed twice");
            assert!(!why.is_empty(), "{keyword} has no reason");
        }
        assert!(ignored_by_design("x-anything"));
        assert!(!ignored_by_design("const"));
    }

    #[test]
    fn keywords_only_the_yaml_tree_has_are_found_under_numeric_keys() {
        // `const` is dropped by `openapiv3`; the status `200` is a number in the YAML tree.
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      \
                    operationId: getA\n      responses:\n        200:\n          description: ok\n          \
                    content:\n            application/json:\n              schema: {type: string, const: x}\n";
        let inputs = [SpecInput {
            file: "t.yaml",
            text,
            operations: OperationFilter::All,
        }];
        let model = crate::model(&inputs).unwrap_or_else(|e| panic!("{e}"));
        let found: Vec<(&str, &str)> = model
            .warnings
            .iter()
            .map(|w| (w.pointer.as_str(), w.message.as_str()))
            .collect();
        assert_eq!(
            found,
            [(
                "#/paths/~1a/get/responses/200/content/application~1json/schema",
                "`const` is not an OpenAPI 3.0 schema keyword; ignored: the schema is typed as a `String` by its other keywords"
            )]
        );
    }

    #[test]
    fn false_flags_ref_siblings_and_honoured_keywords_give_no_warning() {
        let found = warnings(
            "                type: array\n                items:\n                  \
             $ref: '#/components/schemas/A'\n                  description: ignored beside $ref",
            "    A:\n      type: object\n      readOnly: false\n      nullable: false\n      \
             properties:\n        n:\n          type: integer\n          format: int32\n          \
             nullable: true\n          readOnly: true\n          minimum: 0\n        \
             e:\n          type: string\n          enum: [a]\n          format: date",
        );
        assert_eq!(found, []);
    }

    #[test]
    fn a_schema_already_warned_as_raw_json_is_not_warned_again() {
        let found = warnings(
            "                type: string\n                oneOf: [{type: string}]\n                \
             nullable: true\n                const: x",
            "    A: {type: string}",
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].1.contains("mixing keywords"), "{found:?}");
    }
}

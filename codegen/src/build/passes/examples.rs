//! Pass 8, for each operation: the body a fake server answers a success with by default
//! ([`Operation::example`](crate::model::Operation::example)), decided on the model's types (pass
//! 7), so that it is a value the generated code decodes.
//!
//! The spec's own example of the success response (its JSON media type's `example`, else the
//! first of its `examples` with a `value`: the first candidate that fits) is taken when it fits
//! the response type ([`Walk::fits`]); otherwise a value is built from the type
//! ([`Walk::build`]):
//!
//! - a struct gets every field, required and optional (a test that needs "some bills" gets one
//!   full bill), each its property's own `example` when that fits (a date pattern such as
//!   `example: yyyyMMdd` is taken as the field's format, not as a value), else its `default`
//!   when that fits, else a value built from its type;
//! - an enum, its first value; a `oneOf`, its first variant;
//! - a string, a placeholder that respects its `format` ([`string_placeholder`]); a year and
//!   month, `"202401"`;
//! - a number `0` (`0.0` for `f64`), a boolean `false`;
//! - a list, one element; a map, one entry `{"key": …}`; raw JSON and objects without declared
//!   properties, `{}`.
//!
//! Cycles: a struct already on the path from the response type gets only its required fields;
//! an optional field whose type is on the path is left out (a required nullable one is `null`);
//! a list or map of a type on the path is empty. Work is bounded by a depth
//! ([`MAX_DEPTH`]) and a number of steps ([`BUDGET`]): past them, nothing fits (a spec example
//! too deep or too large is not taken) and a built value's containers are empty and structs
//! `{}`, so odd specs give a value (perhaps one that does not fit) and never a panic.
//!
//! Objects are `serde_json::Map`s, which in this workspace (no `preserve_order` feature) keep
//! their keys sorted by name, not in the spec's field order. Everything else is in spec order,
//! so the value is deterministic.

use std::collections::BTreeMap;

use serde_json::{Map, Number, Value};

use crate::model::*;

/// How deep the walk may go (each list, map, struct field or `oneOf` variant is a level).
pub(crate) const MAX_DEPTH: usize = 32;

/// How many (type, value) steps fitting one operation's examples may take (all its candidates
/// together), and as many building a value: nested `oneOf`s and structs that require each other
/// could otherwise take exponential time.
pub(crate) const BUDGET: usize = 20_000;

/// The fixed UUID a `format: uuid` string gets.
pub(crate) const UUID: &str = "00000000-0000-4000-8000-000000000000";

/// The default answer of an operation that returns `response`, given the spec's examples of
/// that response (`candidates`, in order): see the module docs. `None` when the success has no
/// JSON body.
pub(crate) fn operation_example(
    response: &ResponseKind,
    candidates: &[Value],
    types: &BTreeMap<String, TypeDef>,
) -> Option<Value> {
    let ty = json_body(response)?;
    let mut walk = Walk::new(types);
    if let Some(found) = candidates.iter().find(|c| walk.fits(c, ty, false, 0)) {
        return Some(found.clone());
    }
    let mut walk = Walk::new(types);
    Some(walk.build(ty, None, &mut Vec::new(), 0))
}

/// The type of the JSON body a success answers: the response's, or for several success shapes
/// the first status's whose body is JSON; `None` when no success has a JSON body.
pub(crate) fn json_body(response: &ResponseKind) -> Option<&TypeRef> {
    match response {
        ResponseKind::Json(ty) => Some(ty),
        ResponseKind::ByStatus(statuses) => {
            statuses
                .variants
                .iter()
                .find_map(|v| match v.body.as_ref() {
                    ResponseKind::Json(ty) => Some(ty),
                    _ => None,
                })
        }
        ResponseKind::Unit | ResponseKind::Text | ResponseKind::Bytes => None,
    }
}

/// A placeholder string for `format` (the schema's, if any) of a field named `wire_name`:
///
/// - `date-time` → `2024-01-01T00:00:00Z`, `date` → `2024-01-01`, `time` → `00:00:00`;
/// - `email` → `user@example.com`; `uri`, `url` → `https://example.com`; `hostname` →
///   `example.com`; `ipv4` → `192.0.2.1`; `ipv6` → `2001:db8::1`; `uuid` → [`UUID`];
/// - `byte` (base64) → `c3RyaW5n` (`string` in base64);
/// - a date written as digits (`yyyyMM`, `yyyyMMdd`, `yyyyMMddHHmmss`, made of the letters
///   `yMdHhms`) → that pattern with 2024-01-01 00:00:00 put in (`202401`, `20240101`, …); so is
///   a string without a format whose name ends in `yearMonth` (as [`Accessor::YearMonth`]
///   reads it) → `202401`;
/// - a string whose `example` is such a pattern (`example: yyyyMMdd`) is given it as its
///   format (by the caller);
/// - anything else → `string`.
///
/// Matching is case-insensitive for the named formats, exact for digit patterns.
pub(crate) fn string_placeholder(format: Option<&str>, accessor: Option<Accessor>) -> String {
    let known = match format.map(str::to_ascii_lowercase).as_deref() {
        Some("date-time") => Some("2024-01-01T00:00:00Z"),
        Some("date") => Some("2024-01-01"),
        Some("time") => Some("00:00:00"),
        Some("email") => Some("user@example.com"),
        Some("uri") | Some("url") => Some("https://example.com"),
        Some("hostname") => Some("example.com"),
        Some("ipv4") => Some("192.0.2.1"),
        Some("ipv6") => Some("2001:db8::1"),
        Some("uuid") => Some(UUID),
        Some("byte") => Some("c3RyaW5n"),
        _ => None,
    };
    if let Some(known) = known {
        return known.to_owned();
    }
    if let Some(digits) = format.and_then(digit_date) {
        return digits;
    }
    if accessor == Some(Accessor::YearMonth) {
        return "202401".to_owned();
    }
    "string".to_owned()
}

/// A date pattern made of `yMdHhms` (`yyyyMM`) with 2024-01-01 00:00:00 put in; `None` for
/// anything else.
fn digit_date(pattern: &str) -> Option<String> {
    if !is_date_pattern(pattern) {
        return None;
    }
    let mut out = String::new();
    let mut rest = pattern;
    while let Some(c) = rest.chars().next() {
        let run = rest.chars().take_while(|&d| d == c).count();
        let value = match c {
            'y' => 2024,
            'M' | 'd' => 1,
            _ => 0,
        };
        // `yy` is the year's last two digits; other runs are zero-padded to their length.
        let text = format!("{value:0run$}");
        out.push_str(&text[text.len() - run.min(text.len())..]);
        rest = &rest[run..];
    }
    Some(out)
}

/// Whether `text` is a year and month written `yyyyMM`: six digits, the month 01 to 12.
pub(crate) fn is_year_month(text: &str) -> bool {
    text.len() == 6
        && text.bytes().all(|b| b.is_ascii_digit())
        && matches!(text[4..].parse::<u8>(), Ok(1..=12))
}

/// Whether a JSON number fits the integer type `ty` (exactly: `1.0` is not an integer for the
/// decoder).
fn integer_fits(n: &Number, ty: &TypeRef) -> bool {
    let (low, high): (i128, i128) = match ty {
        TypeRef::I8 => (i8::MIN.into(), i8::MAX.into()),
        TypeRef::I16 => (i16::MIN.into(), i16::MAX.into()),
        TypeRef::I32 => (i32::MIN.into(), i32::MAX.into()),
        TypeRef::I64 => (i64::MIN.into(), i64::MAX.into()),
        TypeRef::U8 => (0, u8::MAX.into()),
        TypeRef::U16 => (0, u16::MAX.into()),
        TypeRef::U32 => (0, u32::MAX.into()),
        TypeRef::U64 => (0, u64::MAX.into()),
        _ => return false,
    };
    let value = match (n.as_i64(), n.as_u64()) {
        (Some(v), _) => i128::from(v),
        (None, Some(v)) => i128::from(v),
        _ => return false,
    };
    (low..=high).contains(&value)
}

/// Whether `text` is a date pattern made of the letters `yMdHhms` (`yyyyMMdd`): what some
/// specs give as a string's `example` instead of a value.
fn is_date_pattern(text: &str) -> bool {
    !text.is_empty() && text.chars().all(|c| "yMdHhms".contains(c))
}

/// The field's own example, else its default, when it fits the field. An example that is a
/// date pattern (`example: yyyyMMdd`) is not a value: it is the field's format (see
/// [`field_format`]).
fn field_value(walk: &mut Walk<'_>, field: &Field, depth: usize) -> Option<Value> {
    let example = field
        .example
        .as_ref()
        .filter(|e| !e.as_str().is_some_and(is_date_pattern));
    [example, field.default.as_ref()]
        .into_iter()
        .flatten()
        .find(|v| walk.fits_field(v, field, depth))
        .cloned()
}

/// The format that decides a string field's placeholder: its schema's `format`, else its
/// `example` when that is a date pattern (`example: yyyyMMdd`, as `digits_format` reads it).
fn field_format(field: &Field) -> Option<&str> {
    field.format.as_deref().or_else(|| {
        field
            .example
            .as_ref()
            .and_then(Value::as_str)
            .filter(|e| is_date_pattern(e))
    })
}

/// One walk over the model's types, with what is left of its step budget.
pub(crate) struct Walk<'t> {
    types: &'t BTreeMap<String, TypeDef>,
    budget: usize,
}

impl<'t> Walk<'t> {
    pub(crate) fn new(types: &'t BTreeMap<String, TypeDef>) -> Self {
        Walk {
            types,
            budget: BUDGET,
        }
    }

    /// Takes one step; `false` when the budget or the depth is spent.
    fn step(&mut self, depth: usize) -> bool {
        if self.budget == 0 || depth >= MAX_DEPTH {
            return false;
        }
        self.budget -= 1;
        true
    }

    /// Whether `value` is a present value of `field` (`null` for an `Option` field).
    fn fits_field(&mut self, value: &Value, field: &Field, depth: usize) -> bool {
        if value.is_null() {
            return field.is_option();
        }
        self.fits(value, &field.ty, field.lenient, depth)
    }

    /// Whether `value` decodes as `ty` (with `lenient`, a string also takes a JSON number):
    /// objects for structs, with every required non-nullable field present and each present
    /// field fitting (unknown properties are fine); any string for an enum; a `oneOf` when any
    /// variant fits; integers in range; any number for `f64`; anything for raw JSON. A named
    /// type the model does not have takes anything. Past the depth or the budget, nothing fits.
    pub(crate) fn fits(
        &mut self,
        value: &Value,
        ty: &TypeRef,
        lenient: bool,
        depth: usize,
    ) -> bool {
        if !self.step(depth) {
            return false;
        }
        match ty {
            TypeRef::Json => true,
            TypeRef::JsonObject => value.is_object(),
            TypeRef::String => value.is_string() || (lenient && value.is_number()),
            TypeRef::YearMonth => value.as_str().is_some_and(is_year_month),
            TypeRef::F64 => value.is_number(),
            TypeRef::Bool => value.is_boolean(),
            t if t.is_integer() => value.as_number().is_some_and(|n| integer_fits(n, t)),
            TypeRef::Vec(inner) => match value.as_array() {
                Some(items) => items
                    .iter()
                    .all(|item| self.fits(item, inner, lenient, depth + 1)),
                None => false,
            },
            TypeRef::Map(inner) => match value.as_object() {
                Some(map) => map
                    .values()
                    .all(|item| self.fits(item, inner, lenient, depth + 1)),
                None => false,
            },
            TypeRef::Named(name) => {
                let types = self.types;
                match types.get(name).map(|t| &t.kind) {
                    None => true,
                    Some(TypeKind::Enum { .. }) => value.is_string(),
                    Some(TypeKind::OneOf {
                        variants,
                        discriminator,
                        ..
                    }) => match discriminator {
                        // With a discriminator, the variant its property names, as decoding
                        // chooses it (a value naming none decodes as the catch-all).
                        Some((property, mapping)) => value
                            .get(property)
                            .and_then(Value::as_str)
                            .and_then(|tag| mapping.iter().find(|(v, _)| v == tag))
                            .and_then(|(_, index)| variants.get(*index))
                            .is_some_and(|v| self.fits(value, &v.ty, false, depth + 1)),
                        None => variants
                            .iter()
                            .any(|v| self.fits(value, &v.ty, false, depth + 1)),
                    },
                    Some(TypeKind::Struct { fields, .. }) => {
                        let Some(map) = value.as_object() else {
                            return false;
                        };
                        fields.iter().all(|f| match map.get(&f.wire_name) {
                            Some(v) => self.fits_field(v, f, depth + 1),
                            None => !f.required || f.nullable,
                        })
                    }
                }
            }
            // The integer types, taken above.
            _ => false,
        }
    }

    /// Whether `ty` leads to (is, or is a list or map of) a named type on `path`.
    fn on_path(ty: &TypeRef, path: &[&str]) -> bool {
        match ty {
            TypeRef::Named(name) => path.contains(&name.as_str()),
            TypeRef::Vec(inner) | TypeRef::Map(inner) => Self::on_path(inner, path),
            _ => false,
        }
    }

    /// A value of `ty` (of `field`, when it is one: its format picks a string's placeholder),
    /// `path` the named types being built around it: see the module docs.
    pub(crate) fn build(
        &mut self,
        ty: &TypeRef,
        field: Option<&Field>,
        path: &mut Vec<&'t str>,
        depth: usize,
    ) -> Value {
        let room = self.step(depth);
        match ty {
            TypeRef::String => Value::String(string_placeholder(
                field.and_then(field_format),
                field.and_then(|f| f.accessor),
            )),
            TypeRef::YearMonth => Value::String("202401".to_owned()),
            TypeRef::F64 => Value::from(0.0),
            TypeRef::Bool => Value::Bool(false),
            t if t.is_integer() => Value::from(0),
            TypeRef::Json | TypeRef::JsonObject => Value::Object(Map::new()),
            TypeRef::Vec(inner) => {
                if !room || Self::on_path(inner, path) {
                    return Value::Array(Vec::new());
                }
                Value::Array(vec![self.build(inner, field, path, depth + 1)])
            }
            TypeRef::Map(inner) => {
                let mut map = Map::new();
                if room && !Self::on_path(inner, path) {
                    map.insert("key".to_owned(), self.build(inner, field, path, depth + 1));
                }
                Value::Object(map)
            }
            TypeRef::Named(name) => self.build_named(name, field, path, depth, room),
            // The integer types, taken above.
            _ => Value::from(0),
        }
    }

    fn build_named(
        &mut self,
        name: &str,
        field: Option<&Field>,
        path: &mut Vec<&'t str>,
        depth: usize,
        room: bool,
    ) -> Value {
        let types = self.types;
        let Some(def) = types.get(name) else {
            return Value::Object(Map::new());
        };
        match &def.kind {
            TypeKind::Enum { variants, .. } => match variants.first() {
                Some(v) => Value::String(v.value.clone()),
                None => Value::String(string_placeholder(None, None)),
            },
            _ if !room => Value::Object(Map::new()),
            TypeKind::OneOf {
                variants,
                discriminator,
                ..
            } => {
                // The first variant, or the first that does not lead back into the path.
                let Some((index, variant)) = variants
                    .iter()
                    .enumerate()
                    .find(|(_, v)| !Self::on_path(&v.ty, path))
                    .or(variants.iter().enumerate().next())
                else {
                    return Value::Object(Map::new());
                };
                path.push(def.name.as_str());
                let mut value = self.build(&variant.ty, field, path, depth + 1);
                path.pop();
                // With a discriminator, its property names the variant built.
                if let (Some((property, mapping)), Value::Object(map)) = (discriminator, &mut value)
                {
                    if let Some((tag, _)) = mapping.iter().find(|(_, i)| *i == index) {
                        map.insert(property.clone(), Value::String(tag.clone()));
                    }
                }
                value
            }
            TypeKind::Struct { fields, .. } => {
                let required_only = path.contains(&def.name.as_str());
                path.push(def.name.as_str());
                let mut map = Map::new();
                for f in fields {
                    if required_only && !f.required {
                        continue;
                    }
                    // A field of a type on the path (not a list or map of it, which is
                    // built empty) is left out when it may be, `null` when it may be.
                    let back = matches!(&f.ty, TypeRef::Named(n) if path.contains(&n.as_str()));
                    let value = match field_value(self, f, depth + 1) {
                        Some(value) => value,
                        None if back && !f.required => continue,
                        None if back && f.nullable => Value::Null,
                        None => self.build(&f.ty, Some(f), path, depth + 1),
                    };
                    map.insert(f.wire_name.clone(), value);
                }
                path.pop();
                Value::Object(map)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::{OperationFilter, SpecInput};

    /// The model of a spec whose `components/schemas` are `schemas` and whose operation `get`
    /// answers 200 with `response` (a media type object, YAML).
    fn model(schemas: &str, response: &str) -> Model {
        let indent = |text: &str, n: usize| {
            text.lines()
                .map(|l| format!("{}{l}\n", " ".repeat(n)))
                .collect::<String>()
        };
        let text = format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /x:\n    get:\n      operationId: get\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n{}components:\n  schemas:\n{}",
            indent(response, 14),
            indent(schemas, 4),
        );
        crate::model(&[SpecInput {
            file: "t.yaml",
            text: &text,
            operations: OperationFilter::All,
        }])
        .unwrap_or_else(|e| panic!("{e}\n{text}"))
    }

    fn example(m: &Model) -> Option<Value> {
        m.operations[0].example.clone()
    }

    fn fits(m: &Model, value: Value, ty: TypeRef) -> bool {
        Walk::new(&m.types).fits(&value, &ty, false, 0)
    }

    fn named(name: &str) -> TypeRef {
        TypeRef::Named(name.to_owned())
    }

    const THING: &str = "\
Thing:
  type: object
  required: [id, note]
  properties:
    id: {type: integer, format: int32}
    note: {type: string, nullable: true}
    kind: {type: string, enum: [small, large]}
    tags: {type: array, items: {type: string}}
    labels: {type: object, additionalProperties: {type: integer}}
    ratio: {type: number}
    done: {type: boolean}
    code: {type: string, example: 20231004123456}
    extra: {type: object}
";

    #[test]
    fn structs_fit_with_their_required_fields_and_fitting_present_ones() {
        let m = model(THING, "schema: {$ref: '#/components/schemas/Thing'}");
        let thing = || named("Thing");
        // `note` is required but nullable: it may be absent; unknown properties are fine.
        assert!(fits(&m, json!({"id": 1, "unknown": [1]}), thing()));
        assert!(fits(
            &m,
            json!({"id": 1, "note": null, "kind": "medium"}),
            thing()
        ));
        assert!(!fits(&m, json!({"note": "n"}), thing()), "id missing");
        assert!(!fits(&m, json!({"id": null}), thing()), "id not nullable");
        assert!(
            !fits(&m, json!({"id": 1, "kind": 3}), thing()),
            "an enum is a string"
        );
        assert!(!fits(&m, json!({"id": 1, "tags": ["a", 1]}), thing()));
        assert!(!fits(&m, json!({"id": 1, "labels": {"a": "b"}}), thing()));
        assert!(fits(
            &m,
            json!({"id": 1, "labels": {"a": 2}, "ratio": 3}),
            thing()
        ));
        assert!(!fits(&m, json!({"id": 1, "done": 0}), thing()));
        assert!(!fits(&m, json!({"id": 1, "extra": []}), thing()));
        // Optional fields take `null` (decoded as absent).
        assert!(fits(&m, json!({"id": 1, "done": null}), thing()));
        // `code` is lenient (the spec's example fills it with a number); `note` is not.
        assert!(fits(&m, json!({"id": 1, "code": 12}), thing()));
        assert!(!fits(&m, json!({"id": 1, "note": 12}), thing()));
        assert!(!fits(&m, json!([]), thing()));
    }

    #[test]
    fn scalars_fit_by_kind_and_range() {
        let m = model(THING, "schema: {type: object}");
        assert!(fits(&m, json!(127), TypeRef::I8));
        assert!(!fits(&m, json!(128), TypeRef::I8));
        assert!(!fits(&m, json!(-1), TypeRef::U64));
        assert!(fits(&m, json!(u64::MAX), TypeRef::U64));
        assert!(!fits(&m, json!(u64::MAX), TypeRef::I64));
        assert!(!fits(&m, json!(1.0), TypeRef::I64), "1.0 is not an integer");
        assert!(!fits(&m, json!("1"), TypeRef::I32));
        assert!(fits(&m, json!(1), TypeRef::F64));
        assert!(fits(&m, json!(1.5), TypeRef::F64));
        assert!(!fits(&m, json!("1.5"), TypeRef::F64));
        assert!(!fits(&m, json!(1), TypeRef::String));
        assert!(Walk::new(&m.types).fits(&json!(1), &TypeRef::String, true, 0));
        assert!(fits(&m, json!("202412"), TypeRef::YearMonth));
        assert!(!fits(&m, json!("202413"), TypeRef::YearMonth));
        assert!(!fits(&m, json!("202400"), TypeRef::YearMonth));
        assert!(!fits(&m, json!("2024-1"), TypeRef::YearMonth));
        assert!(!fits(&m, json!(202412), TypeRef::YearMonth));
        assert!(fits(&m, json!(null), TypeRef::Json));
        assert!(fits(&m, json!({}), TypeRef::JsonObject));
        assert!(!fits(&m, json!([]), TypeRef::JsonObject));
        assert!(fits(
            &m,
            json!([[1], []]),
            TypeRef::Vec(Box::new(TypeRef::Vec(Box::new(TypeRef::U8))))
        ));
    }

    #[test]
    fn a_one_of_fits_any_variant() {
        let schemas = "\
Either:
  oneOf:
    - {type: object, required: [a], properties: {a: {type: integer}}}
    - {type: string}
";
        let m = model(schemas, "schema: {$ref: '#/components/schemas/Either'}");
        assert!(fits(&m, json!({"a": 1}), named("Either")));
        assert!(fits(&m, json!("text"), named("Either")));
        assert!(!fits(&m, json!({"a": "x"}), named("Either")));
        assert!(!fits(&m, json!(true), named("Either")));
        // Built: the first variant.
        assert_eq!(example(&m), Some(json!({"a": 0})));
    }

    #[test]
    fn the_spec_example_is_taken_when_it_fits() {
        let response = "\
schema: {$ref: '#/components/schemas/Thing'}
example: {id: 7, note: hello, kind: large, whatever: 1}
";
        let m = model(THING, response);
        assert_eq!(
            example(&m),
            Some(json!({"id": 7, "note": "hello", "kind": "large", "whatever": 1}))
        );
    }

    #[test]
    fn the_first_fitting_of_the_examples_is_taken() {
        let response = "\
schema: {$ref: '#/components/schemas/Thing'}
examples:
  wrong: {value: {id: 70000000000}}
  external: {externalValue: 'https://example.com/x.json'}
  right: {value: {id: 2}}
";
        let m = model(THING, response);
        assert_eq!(example(&m), Some(json!({"id": 2})));
    }

    #[test]
    fn an_example_that_does_not_fit_gives_a_built_value_with_every_field() {
        let response = "\
schema: {$ref: '#/components/schemas/Thing'}
example: {id: '7'}
";
        let m = model(THING, response);
        assert_eq!(
            example(&m),
            Some(json!({
                "id": 0,
                "note": "string",
                "kind": "small",
                "tags": ["string"],
                "labels": {"key": 0},
                "ratio": 0.0,
                "done": false,
                "code": 20231004123456u64,
                "extra": {},
            }))
        );
    }

    #[test]
    fn property_examples_and_defaults_are_used_when_they_fit() {
        let schemas = "\
Settings:
  type: object
  properties:
    size: {type: integer, format: int32, default: 12, example: 30}
    count: {type: integer, format: uint8, default: 3}
    wrong: {type: integer, format: uint8, default: -1, example: 300}
    name: {type: string, example: Alice}
    mode: {type: string, enum: [a, b], default: b}
    odd: {type: string, enum: [a, b], example: c}
    flag: {type: boolean, default: true}
    rate: {type: number, default: 0.5}
    list: {type: array, items: {type: integer}, example: [1, 2]}
";
        let m = model(schemas, "schema: {$ref: '#/components/schemas/Settings'}");
        assert_eq!(
            example(&m),
            Some(json!({
                "size": 30,
                "count": 3,
                "wrong": 0,
                "name": "Alice",
                "mode": "b",
                // Any string fits a forward-compatible enum.
                "odd": "c",
                "flag": true,
                "rate": 0.5,
                "list": [1, 2],
            }))
        );
    }

    #[test]
    fn strings_get_placeholders_by_format() {
        let schemas = "\
Formats:
  type: object
  properties:
    at: {type: string, format: date-time}
    day: {type: string, format: date}
    mail: {type: string, format: email}
    link: {type: string, format: uri}
    site: {type: string, format: url}
    id: {type: string, format: uuid}
    blob: {type: string, format: byte}
    month: {type: string, format: yyyyMM}
    stamp: {type: string, format: yyyyMMddHHmmss}
    start: {type: string, example: yyyyMMdd}
    expiryYearMonth: {type: string}
    secret: {type: string, format: password}
    plain: {type: string}
";
        let m = model(schemas, "schema: {$ref: '#/components/schemas/Formats'}");
        assert_eq!(
            example(&m),
            Some(json!({
                "at": "2024-01-01T00:00:00Z",
                "day": "2024-01-01",
                "mail": "user@example.com",
                "link": "https://example.com",
                "site": "https://example.com",
                "id": UUID,
                "blob": "c3RyaW5n",
                "month": "202401",
                "stamp": "20240101000000",
                "start": "20240101",
                "expiryYearMonth": "202401",
                "secret": "string",
                "plain": "string",
            }))
        );
        assert_eq!(digit_date("yyMd").as_deref(), Some("2411"));
        assert_eq!(digit_date("yyyy-MM"), None);
        assert!(UUID.parse::<Uuidish>().is_ok());
    }

    /// Checks the shape of a UUID (8-4-4-4-12 hexadecimal digits, version 4, variant 1).
    struct Uuidish;

    impl std::str::FromStr for Uuidish {
        type Err = ();

        fn from_str(s: &str) -> Result<Self, ()> {
            let groups: Vec<&str> = s.split('-').collect();
            let lengths: Vec<usize> = groups.iter().map(|g| g.len()).collect();
            let hex = s.chars().all(|c| c == '-' || c.is_ascii_hexdigit());
            let ok = lengths == [8, 4, 4, 4, 12]
                && hex
                && groups[2].starts_with('4')
                && groups[3].starts_with(['8', '9', 'a', 'b']);
            ok.then_some(Uuidish).ok_or(())
        }
    }

    const CYCLES: &str = "\
Node:
  type: object
  required: [name]
  properties:
    name: {type: string}
    parent: {$ref: '#/components/schemas/Node'}
    children: {type: array, items: {$ref: '#/components/schemas/Node'}}
    byName: {type: object, additionalProperties: {$ref: '#/components/schemas/Node'}}
    owner: {$ref: '#/components/schemas/Owner'}
Owner:
  type: object
  required: [node, back]
  properties:
    node: {$ref: '#/components/schemas/Node'}
    back:
      allOf: [{$ref: '#/components/schemas/Owner'}]
      nullable: true
    note: {type: string}
";

    #[test]
    fn cycles_end_at_the_types_on_the_path() {
        let m = model(CYCLES, "schema: {$ref: '#/components/schemas/Node'}");
        // `parent` (optional, a Node) is left out; lists and maps of a Node are empty; the
        // Owner's required Node gets only its required fields; its required nullable Owner is
        // `null`.
        assert_eq!(
            example(&m),
            Some(json!({
                "name": "string",
                "children": [],
                "byName": {},
                "owner": {"node": {"name": "string"}, "back": null, "note": "string"},
            }))
        );
    }

    #[test]
    fn structs_that_require_each_other_end_within_the_bounds() {
        let schemas = "\
A:
  type: object
  required: [b, c]
  properties:
    b: {$ref: '#/components/schemas/B'}
    c: {$ref: '#/components/schemas/B'}
B:
  type: object
  required: [a, d]
  properties:
    a: {$ref: '#/components/schemas/A'}
    d: {$ref: '#/components/schemas/A'}
";
        // No finite value fits; the walk gives one anyway, the same each time.
        let first = example(&model(schemas, "schema: {$ref: '#/components/schemas/A'}"));
        let second = example(&model(schemas, "schema: {$ref: '#/components/schemas/A'}"));
        assert!(first.is_some());
        assert_eq!(first, second);
        let text = first.unwrap().to_string();
        assert!(text.len() < 2_000_000, "{} bytes", text.len());
    }

    #[test]
    fn by_status_takes_the_first_json_body_and_non_json_is_none() {
        let status = |body: ResponseKind| StatusVariant {
            name: String::new(),
            status: Some(200),
            body: Box::new(body),
            docs: Vec::new(),
        };
        let types = BTreeMap::new();
        let by_status = ResponseKind::ByStatus(StatusResponses {
            name: "R".to_owned(),
            variants: vec![
                status(ResponseKind::Text),
                status(ResponseKind::Unit),
                status(ResponseKind::Json(TypeRef::Vec(Box::new(TypeRef::Bool)))),
                status(ResponseKind::Json(TypeRef::String)),
            ],
            other: None,
        });
        assert_eq!(
            operation_example(&by_status, &[], &types),
            Some(json!([false]))
        );
        assert_eq!(
            operation_example(&by_status, &[json!([true, false]), json!("x")], &types),
            Some(json!([true, false]))
        );
        for none in [ResponseKind::Unit, ResponseKind::Text, ResponseKind::Bytes] {
            assert_eq!(operation_example(&none, &[json!({})], &types), None);
        }
        assert_eq!(
            operation_example(&ResponseKind::Json(TypeRef::Json), &[], &types),
            Some(json!({}))
        );
    }

    #[test]
    fn a_by_status_operation_takes_its_first_json_response_example() {
        let text = "\
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /x:
    post:
      operationId: run
      responses:
        '200':
          description: done
          content:
            text/plain:
              schema: {type: string}
              example: finished
        '201':
          description: made
          content:
            application/json:
              schema: {type: object, required: [id], properties: {id: {type: integer}}}
              example: {id: 5}
        '202':
          description: later
          content:
            application/json:
              schema: {type: object, properties: {ticket: {type: string}}}
              example: {ticket: t}
";
        let m = crate::model(&[SpecInput {
            file: "t.yaml",
            text,
            operations: OperationFilter::All,
        }])
        .unwrap();
        assert!(matches!(
            m.operations[0].response,
            ResponseKind::ByStatus(_)
        ));
        assert_eq!(m.operations[0].example, Some(json!({"id": 5})));
    }

    /// The real spec set, as `spec/sdk.toml` configures it: every operation with a JSON success
    /// has an example, and every example fits its type.
    #[test]
    fn every_soracom_example_fits() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
        let read = |name: &str| std::fs::read_to_string(root.join(name)).unwrap();
        let config = crate::config::parse("spec/sdk.toml", &read("sdk.toml")).unwrap();
        let specs: Vec<(String, String, OperationFilter)> = config
            .ordered_specs()
            .into_iter()
            .map(|s| (s.file.clone(), read(&s.file), s.operations.filter()))
            .collect();
        let inputs: Vec<SpecInput<'_>> = specs
            .iter()
            .map(|(file, text, operations)| SpecInput {
                file,
                text,
                operations: operations.clone(),
            })
            .collect();
        let m = crate::model_with(&inputs, &config.client.settings()).unwrap();
        for op in &m.operations {
            match (json_body(&op.response), &op.example) {
                (Some(ty), Some(value)) => assert!(
                    Walk::new(&m.types).fits(value, ty, false, 0),
                    "{}: {value} does not fit {ty:?}",
                    op.id
                ),
                (None, None) => {}
                (ty, value) => panic!("{}: {ty:?} with {value:?}", op.id),
            }
        }
    }
}

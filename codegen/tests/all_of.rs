//! `allOf` at its edges (issue 11): the shapes of the `allof_shapes` golden fixture written in
//! ways it does not cover, and malformed ones, each typed or warned about, never a panic.

mod common;

use codegen::model::{Model, ResponseKind, TypeKind, TypeRef};

/// The model of a spec whose `getA` answers `schema`, with `components` (YAML lines indented by
/// four spaces) as its component schemas.
fn model(schema: &str, components: &str) -> Model {
    let text = format!(
        "openapi: 3.0.0\ninfo: {{title: t, version: '1'}}\npaths:\n  /a:\n    get:\n      operationId: getA\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {schema}\ncomponents:\n  schemas:\n{components}"
    );
    common::model_text("spec.yaml", &text).unwrap_or_else(|e| panic!("{e}"))
}

/// (wire name, required, nullable, type) of each field of struct `name`.
fn fields(m: &Model, name: &str) -> Vec<(String, bool, bool, TypeRef)> {
    match &m
        .types
        .get(name)
        .unwrap_or_else(|| panic!("no `{name}` in {:?}", m.types.keys()))
        .kind
    {
        TypeKind::Struct { fields, .. } => fields
            .iter()
            .map(|f| (f.wire_name.clone(), f.required, f.nullable, f.ty.clone()))
            .collect(),
        other => panic!("`{name}` is not a struct: {other:?}"),
    }
}

/// (pointer, message) of each warning.
fn warnings(m: &Model) -> Vec<(&str, &str)> {
    m.warnings
        .iter()
        .map(|w| (w.pointer.as_str(), w.message.as_str()))
        .collect()
}

const BASE: &str =
    "    Base: {type: object, properties: {id: {type: string}, name: {type: string}}}\n";

#[test]
fn a_name_an_inner_all_of_lacks_is_required_where_an_outer_one_declares_it() {
    let m = model(
        "{$ref: '#/components/schemas/Outer'}",
        &format!(
            "{BASE}    Inner: {{allOf: [{{required: [id, extra]}}, {{$ref: '#/components/schemas/Base'}}]}}\n    Outer: {{allOf: [{{$ref: '#/components/schemas/Inner'}}, {{type: object, properties: {{extra: {{type: integer}}}}}}]}}\n"
        ),
    );
    let s = TypeRef::String;
    assert_eq!(
        fields(&m, "Outer"),
        [
            ("id".to_owned(), true, false, s.clone()),
            ("name".to_owned(), false, false, s),
            ("extra".to_owned(), true, false, TypeRef::I64),
        ]
    );
    // Inner itself lacks it: one warning, at Inner's entry (not repeated for Outer).
    assert_eq!(
        warnings(&m),
        [(
            "#/components/schemas/Inner/allOf/0/required/1",
            "`required` names `extra`, which no member of the `allOf` declares; ignored"
        )]
    );
}

#[test]
fn an_all_of_declaring_no_property_is_an_object_and_its_required_names_warnings() {
    let m = model(
        "{allOf: [{type: object, required: [a]}, {nullable: true}]}",
        "    Unused: {type: string}\n",
    );
    assert_eq!(
        operation_response(&m),
        ResponseKind::Json(TypeRef::JsonObject)
    );
    assert_eq!(
        warnings(&m),
        [(
            "#/paths/~1a/get/responses/200/content/application~1json/schema/allOf/0/required/0",
            "`required` names `a`, which no member of the `allOf` declares; ignored"
        )]
    );
    // Annotations alone say nothing of the value: raw JSON, as `{}` is.
    let m = model(
        "{allOf: [{description: d}, {nullable: true}]}",
        "    Unused: {type: string}\n",
    );
    assert_eq!(operation_response(&m), ResponseKind::Json(TypeRef::Json));
    assert!(m.warnings.is_empty(), "{:?}", m.warnings);
}

fn operation_response(m: &Model) -> ResponseKind {
    m.operations[0].response.clone()
}

#[test]
fn the_nullable_idiom_over_a_scalar_or_an_inline_object_is_that_type() {
    let m = model(
        "{$ref: '#/components/schemas/Holder'}",
        "    Name: {type: string}\n    Holder:\n      type: object\n      required: [name]\n      properties:\n        name: {allOf: [{$ref: '#/components/schemas/Name'}, {nullable: true}]}\n        inline: {allOf: [{type: object, properties: {x: {type: boolean}}}, {nullable: true, description: d}]}\n",
    );
    assert_eq!(
        fields(&m, "Holder"),
        [
            ("name".to_owned(), true, true, TypeRef::String),
            (
                "inline".to_owned(),
                false,
                true,
                TypeRef::Named("Inline".to_owned())
            ),
        ]
    );
    assert!(m.warnings.is_empty(), "{:?}", m.warnings);
}

#[test]
fn additional_properties_beside_all_of_is_a_warning_and_the_properties_are_typed() {
    let m = model(
        "{$ref: '#/components/schemas/Open'}",
        &format!(
            "{BASE}    Open:\n      type: object\n      additionalProperties: {{type: string}}\n      properties:\n        extra: {{type: string}}\n      allOf: [{{$ref: '#/components/schemas/Base'}}]\n"
        ),
    );
    let names: Vec<String> = fields(&m, "Open").into_iter().map(|f| f.0).collect();
    assert_eq!(names, ["id", "name", "extra"]);
    assert_eq!(
        warnings(&m),
        [(
            "#/components/schemas/Open",
            "`additionalProperties` next to `allOf`: only the declared properties are typed"
        )]
    );
}

#[test]
fn an_unmergeable_all_of_with_required_beside_it_is_raw_json_with_one_warning() {
    let m = model(
        "{required: [a], properties: {a: {type: string}}, allOf: [{type: string}]}",
        "    Unused: {type: string}\n",
    );
    assert_eq!(operation_response(&m), ResponseKind::Json(TypeRef::Json));
    assert_eq!(m.warnings.len(), 1, "{:?}", m.warnings);
    assert!(
        m.warnings[0].message.contains("is not an object"),
        "{:?}",
        m.warnings
    );
}

#[test]
fn a_non_nullable_single_ref_component_is_still_its_own_struct() {
    // Unchanged: `Named: {description, allOf: [$ref]}` is a type of its own, with its docs.
    let m = model(
        "{$ref: '#/components/schemas/Named'}",
        &format!(
            "{BASE}    Named: {{description: A named base., allOf: [{{$ref: '#/components/schemas/Base'}}]}}\n"
        ),
    );
    assert_eq!(m.types["Named"].docs, ["A named base."]);
    assert_eq!(fields(&m, "Named").len(), 2);
}

//! Regressions from a review of the generator: specs that crashed, hung, or produced code that
//! did not compile or leaked secrets.

use codegen::model::{Model, ResponseKind, TypeKind, TypeRef};
use codegen::{Error, OperationFilter, SpecInput};

fn input(text: &str) -> SpecInput<'_> {
    SpecInput {
        file: "spec.yaml",
        text,
        operations: OperationFilter::All,
    }
}

fn model(text: &str) -> Model {
    codegen::model(&[input(text)]).unwrap_or_else(|e| panic!("{e}"))
}

fn files(text: &str) -> std::collections::BTreeMap<String, String> {
    codegen::generate(&[input(text)], "test")
        .unwrap_or_else(|e| panic!("{e}"))
        .files
}

fn one_get(schema: &str, components: &str) -> String {
    format!(
        "openapi: 3.0.0\ninfo: {{title: t, version: '1'}}\npaths:\n  /a:\n    get:\n      operationId: getA\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {schema}\ncomponents:\n  schemas:\n{components}"
    )
}

#[test]
fn a_one_of_over_an_unmergeable_all_of_falls_back_to_json() {
    let spec = one_get(
        "{oneOf: [{allOf: [{type: string}, {type: object, properties: {a: {type: string}}}]}, {type: integer}]}",
        "    Unused: {type: string}\n",
    );
    let m = model(&spec);
    assert!(
        m.warnings.iter().any(|w| w.message.contains("`allOf`")),
        "{:?}",
        m.warnings
    );
    let TypeKind::OneOf { variants, .. } = &m.types["GetAResponse"].kind else {
        panic!("a oneOf")
    };
    assert_eq!(variants[0].ty, TypeRef::Json);
}

#[test]
fn a_very_long_ref_chain_is_an_error_not_a_stack_overflow() {
    let mut components = String::new();
    for i in 0..150 {
        components.push_str(&format!(
            "    S{i}:\n      type: object\n      properties:\n        next: {{$ref: '#/components/schemas/S{}'}}\n",
            i + 1
        ));
    }
    components.push_str("    S150: {type: string}\n");
    let spec = one_get("{$ref: '#/components/schemas/S0'}", &components);
    match codegen::model(&[input(&spec)]) {
        Err(Error::Invalid { message, .. }) => {
            assert!(message.contains("`$ref`s deep"), "{message}")
        }
        other => panic!("expected a located error, got {other:?}"),
    }
}

#[test]
fn nested_one_of_examples_do_not_blow_up() {
    let spec = format!(
        "{}\n              example: {{value: 1}}\n",
        one_get("{$ref: '#/components/schemas/Expr'}", "    Expr: {oneOf: [{$ref: '#/components/schemas/Literal'}, {$ref: '#/components/schemas/Pair'}]}\n    Pair: {oneOf: [{$ref: '#/components/schemas/Expr'}, {$ref: '#/components/schemas/Expr'}]}\n    Literal: {type: object, properties: {value: {type: string}}}\n")
            .replace("components:\n", "")
            .split("\n  schemas:")
            .next()
            .unwrap()
    );
    // The example goes under the media type; rebuild the spec with it there.
    let spec = format!(
        "{spec}components:\n  schemas:\n    Expr: {{oneOf: [{{$ref: '#/components/schemas/Literal'}}, {{$ref: '#/components/schemas/Pair'}}]}}\n    Pair: {{oneOf: [{{$ref: '#/components/schemas/Expr'}}, {{$ref: '#/components/schemas/Expr'}}]}}\n    Literal: {{type: object, properties: {{value: {{type: string}}}}}}\n"
    );
    let started = std::time::Instant::now();
    let _ = codegen::model(&[input(&spec)]);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn operations_named_like_client_methods_are_renamed() {
    let spec = "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get: {operationId: builder, responses: {'204': {description: ok}}}\n  /b:\n    get: {operationId: clone, responses: {'204': {description: ok}}}\n  /c:\n    get: {operationId: baseUrl, responses: {'204': {description: ok}}}\n";
    let m = model(spec);
    let names: Vec<String> = m
        .operations
        .iter()
        .map(|o| o.method_name.to_string())
        .collect();
    assert_eq!(
        names,
        ["base_url_operation", "builder_operation", "clone_operation"]
    );
}

#[test]
fn awkward_type_and_variant_names_are_camel_case() {
    let spec = one_get(
        "{$ref: '#/components/schemas/éa'}",
        "    éa:\n      type: object\n      properties:\n        kind: {type: string, enum: [éx, self, Self]}\n        pet: {oneOf: [{$ref: '#/components/schemas/PetSelf'}, {$ref: '#/components/schemas/PetDog'}]}\n    PetSelf: {type: object, properties: {a: {type: string}}}\n    PetDog: {type: object, properties: {b: {type: string}}}\n",
    );
    let m = model(&spec);
    assert!(
        m.types.contains_key("A"),
        "{:?}",
        m.types.keys().collect::<Vec<_>>()
    );
    let TypeKind::Enum { variants, .. } = &m.types["Kind"].kind else {
        panic!("an enum")
    };
    let names: Vec<&str> = variants.iter().map(|v| v.name.as_str()).collect();
    // `Self` sorts before `self`: colliding names are numbered in sorted order.
    assert_eq!(names, ["X", "SelfValue2", "SelfValue"]);
    let TypeKind::OneOf { variants, .. } = &m.types["Pet"].kind else {
        panic!("a oneOf")
    };
    let names: Vec<&str> = variants.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, ["PetSelf", "PetDog"]);
    files(&spec);
}

#[test]
fn control_characters_never_reach_doc_comments() {
    let spec = one_get(
        "{$ref: '#/components/schemas/T'}",
        "    T:\n      type: object\n      description: \"line\\rmore \\u202E reversed\"\n      properties:\n        kind: {type: string, enum: [\"a\\rb\"]}\n",
    );
    for (path, text) in files(&spec) {
        for line in text.lines().filter(|l| l.trim_start().starts_with("//")) {
            assert!(
                !line.contains('\r') && !line.contains('\u{202E}'),
                "{path}: {line:?}"
            );
        }
    }
}

#[test]
fn a_standalone_crate_manifest_survives_odd_titles() {
    let spec = "openapi: 3.0.0\ninfo: {title: \"multi\\nline \\\"quoted\\\" back\\\\slash\", version: \"1\\n2\"}\npaths: {}\n";
    let generated = codegen::generate(&[input(spec)], "test").unwrap();
    let layout = codegen::standalone::standalone_crate(
        "odd",
        &generated,
        &codegen::standalone::RuntimeSource::Path("../a \"b\"".to_owned()),
    )
    .unwrap();
    let crate_files = &layout.scaffold;
    let manifest = &crate_files["Cargo.toml"];
    assert!(
        manifest.contains(r#"openapi-client-runtime = { version = "0.1", path = "../a \"b\"" }"#),
        "{manifest}"
    );
    let description = manifest
        .lines()
        .find(|l| l.starts_with("description = "))
        .unwrap();
    assert_eq!(
        description,
        r#"description = "Client for multi line \"quoted\" back\\slash 1 2""#
    );
    let lib = &crate_files["src/lib.rs"];
    assert!(lib.lines().next().unwrap().contains("multi line"), "{lib}");
}

#[test]
fn nullable_through_a_ref_is_an_option() {
    let spec = one_get(
        "{$ref: '#/components/schemas/T'}",
        "    T:\n      type: object\n      required: [when]\n      properties:\n        when: {$ref: '#/components/schemas/MaybeDate'}\n    MaybeDate: {type: string, nullable: true}\n",
    );
    let m = model(&spec);
    let TypeKind::Struct { fields, .. } = &m.types["T"].kind else {
        panic!("a struct")
    };
    assert!(fields[0].nullable && fields[0].is_option());
}

#[test]
fn the_success_response_with_a_body_is_the_one_typed() {
    let spec = "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    post:\n      operationId: make\n      responses:\n        '200': {description: nothing}\n        '201':\n          description: made\n          content:\n            application/json:\n              schema: {type: object, properties: {id: {type: string}}}\n";
    let m = model(spec);
    assert!(
        matches!(
            &m.operations[0].response,
            ResponseKind::Json(TypeRef::Named(_))
        ),
        "{:?}",
        m.operations[0].response
    );
}

#[test]
fn secret_fields_are_redacted_in_debug() {
    let spec = one_get(
        "{$ref: '#/components/schemas/Login'}",
        "    Login:\n      type: object\n      properties:\n        authKey: {type: string}\n        password: {type: string}\n        userName: {type: string}\n        pin: {type: string, format: password}\n",
    );
    let m = model(&spec);
    let TypeKind::Struct { fields, .. } = &m.types["Login"].kind else {
        panic!("a struct")
    };
    let secret: Vec<&str> = fields
        .iter()
        .filter(|f| f.secret)
        .map(|f| f.wire_name.as_str())
        .collect();
    assert_eq!(secret, ["authKey", "password", "pin"]);
    let text = &files(&spec)["models/login.rs"];
    assert!(!text.contains("Clone, Debug"), "{text}");
    assert!(
        text.contains(".field(\"password\", &self.password.as_ref().map(|_| rt::Redacted))"),
        "{text}"
    );
    assert!(
        text.contains(".field(\"user_name\", &self.user_name)"),
        "{text}"
    );
}

fn paginated(extension: &str) -> String {
    format!(
        "openapi: 3.0.0\ninfo: {{title: t, version: '1'}}\npaths:\n  /items:\n    get:\n      operationId: listItems\n      parameters:\n        - {{name: last_evaluated_key, in: query, schema: {{type: string}}}}\n        - {{name: limit, in: query, schema: {{type: integer}}}}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{type: object, properties: {{itemList: {{type: array, items: {{type: string}}}}, total: {{type: integer}}}}}}\n{extension}"
    )
}

#[test]
fn pagination_is_read_from_the_extension() {
    let m = model(&paginated(
        "      x-soracom-cli-pagination:\n        request: {param: last_evaluated_key}\n        response: {header: x-soracom-next-key}\n",
    ));
    let p = m.operations[0].pagination.as_ref().expect("paginated");
    assert_eq!(
        (p.wire_param.as_str(), p.header.as_str(), p.param.bare()),
        (
            "last_evaluated_key",
            "x-soracom-next-key",
            "last_evaluated_key"
        )
    );
    let items = p.items.as_ref().expect("the page's list is known");
    assert_eq!(
        (
            items.field.as_ref().map(|f| f.bare()),
            items.optional,
            &items.ty
        ),
        (Some("item_list"), true, &TypeRef::String)
    );
}

#[test]
fn a_pagination_extension_that_cannot_be_read_is_an_error() {
    let cases = [
        ("      x-soracom-cli-pagination:\n        request: {parameter: last_evaluated_key}\n        response: {header: x-next}\n", "cannot read this pagination extension"),
        ("      x-soracom-cli-pagination: true\n", "cannot read this pagination extension"),
        ("      x-soracom-cli-pagination:\n        request: {param: cursor}\n        response: {header: x-next}\n", "`cursor` is not a string or integer query parameter"),
        ("      x-soracom-cli-pagination:\n        request: {param: last_evaluated_key}\n        response: {header: \"bad header\"}\n", "not a valid header name"),
    ];
    for (extension, expected) in cases {
        match codegen::model(&[input(&paginated(extension))]) {
            Err(Error::Invalid {
                pointer, message, ..
            }) => {
                assert_eq!(pointer, "#/paths/~1items/get/x-soracom-cli-pagination");
                assert!(message.contains(expected), "{message}");
            }
            other => panic!("expected a located error, got {other:?}"),
        }
    }
}

#[test]
fn year_month_parameters_are_typed() {
    let spec = "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths:\n  /bills/{yyyyMM}:\n    get:\n      operationId: getBill\n      parameters:\n        - {name: yyyyMM, in: path, required: true, schema: {type: string}}\n        - {name: from, in: query, schema: {type: string, format: yyyyMM}}\n        - {name: note, in: query, schema: {type: string}}\n      responses: {'204': {description: ok}}\n";
    let m = model(spec);
    let types: Vec<(&str, &TypeRef)> = m.operations[0]
        .params
        .iter()
        .map(|p| (p.wire_name.as_str(), &p.ty))
        .collect();
    assert_eq!(
        types,
        [
            ("yyyyMM", &TypeRef::YearMonth),
            ("from", &TypeRef::YearMonth),
            ("note", &TypeRef::String)
        ]
    );
    let text = &files(spec)["operations/get_bill.rs"];
    assert!(text.contains("yyyy_mm: impl rt::IntoYearMonth"), "{text}");
}

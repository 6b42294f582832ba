//! Awkward names: Rust keywords, std and runtime names, names that only differ in case or
//! punctuation. The generated code must parse and be free of the name clashes `rustc` rejects
//! (checked statically by `common::lint`), whatever the spec calls things.

mod common;

use codegen::model::{Model, TypeKind};
use common::{generate_text, lint};

/// Generates `text` and returns the model, failing on an error or a name clash.
#[track_caller]
fn generate_clean(what: &str, text: &str) -> Model {
    let generated = generate_text(&format!("{what}.yaml"), text)
        .unwrap_or_else(|e| panic!("{what}: generation failed: {e}"));
    let problems = lint(&generated.files);
    assert!(
        problems.is_empty(),
        "{what}: the generated code has name clashes:\n{}",
        problems.join("\n")
    );
    generated.model
}

/// Like `generate_clean` but collects the failure instead of panicking.
fn clean_or_problem(what: &str, text: &str) -> Option<String> {
    match generate_text(&format!("{what}.yaml"), text) {
        Err(e) => Some(format!("{what}: generation failed: {e}")),
        Ok(generated) => {
            let problems = lint(&generated.files);
            (!problems.is_empty()).then(|| format!("{what}: {}", problems.join("; ")))
        }
    }
}

fn header() -> &'static str {
    "openapi: 3.0.3\ninfo:\n  title: Names\n  version: \"1\"\n"
}

/// One GET operation per id, each answering a string.
fn operations(ids: &[&str]) -> String {
    let mut text = format!("{}paths:\n", header());
    for (i, id) in ids.iter().enumerate() {
        text.push_str(&format!(
            "  /op{i}:\n    get:\n      operationId: \"{id}\"\n      parameters:\n        - name: q\n          in: query\n          schema:\n            type: string\n      responses:\n        \"200\":\n          description: ok\n          content:\n            application/json:\n              schema:\n                type: string\n"
        ));
    }
    text
}

/// One operation with the given query parameter names.
fn query_params(names: &[&str]) -> String {
    let mut text = format!(
        "{}paths:\n  /x:\n    post:\n      operationId: getX\n      parameters:\n",
        header()
    );
    for name in names {
        text.push_str(&format!(
            "        - name: \"{name}\"\n          in: query\n          schema:\n            type: string\n"
        ));
    }
    text.push_str("      requestBody:\n        content:\n          application/json:\n            schema:\n              type: object\n      responses:\n        \"204\":\n          description: ok\n");
    text
}

/// One operation answering a schema `Holder` whose properties have the given names and types.
fn holder(properties: &str, components: &str) -> String {
    format!(
        "{}paths:\n  /x:\n    get:\n      operationId: getX\n      responses:\n        \"200\":\n          description: ok\n          content:\n            application/json:\n              schema:\n                $ref: \"#/components/schemas/Holder\"\ncomponents:\n  schemas:\n    Holder:\n      type: object\n      properties:\n{properties}{components}",
        header()
    )
}

#[test]
fn keyword_operation_ids() {
    let ids = [
        "type",
        "match",
        "crate",
        "super",
        "mod",
        "fn",
        "async",
        "await",
        "dyn",
        "try",
        "loop",
        "where",
        "use",
        "impl",
        "2fa",
        "get-thing/v2",
        "_",
    ];
    let model = generate_clean("keyword_operation_ids", &operations(&ids));
    let mut methods: Vec<(&str, &str, &str)> = model
        .operations
        .iter()
        .map(|o| {
            (
                o.id.as_str(),
                o.method_name.as_str(),
                o.builder_name.as_str(),
            )
        })
        .collect();
    methods.sort();
    let expected = [
        ("2fa", "_2fa", "V2fa"),
        ("_", "value", "Unnamed"),
        ("async", "r#async", "Async"),
        ("await", "r#await", "Await"),
        ("crate", "crate_", "Crate"),
        ("dyn", "r#dyn", "Dyn"),
        ("fn", "r#fn", "Fn"),
        ("get-thing/v2", "get_thing_v2", "GetThingV2"),
        ("impl", "r#impl", "Impl"),
        ("loop", "r#loop", "Loop"),
        ("match", "r#match", "Match"),
        ("mod", "r#mod", "Mod"),
        ("super", "super_", "Super"),
        ("try", "r#try", "Try"),
        ("type", "r#type", "Type"),
        ("use", "r#use", "Use"),
        ("where", "r#where", "Where"),
    ];
    assert_eq!(methods, expected);
    let modules: Vec<&str> = model.operations.iter().map(|o| o.module.as_str()).collect();
    assert!(modules.contains(&"type_") && modules.contains(&"mod_") && modules.contains(&"crate_"));
}

#[test]
fn schema_names_that_shadow_std_or_runtime_names_are_renamed() {
    let names = [
        "Result", "String", "Box", "Option", "Vec", "Client", "Error", "Value", "Map", "Self",
    ];
    let mut properties = String::new();
    let mut components = String::new();
    for name in names {
        properties.push_str(&format!(
            "        p{name}:\n          $ref: \"#/components/schemas/{name}\"\n"
        ));
        components.push_str(&format!(
            "    {name}:\n      type: object\n      properties:\n        inner:\n          type: string\n"
        ));
    }
    let model = generate_clean("std_names", &holder(&properties, &components));
    let types: Vec<&str> = model.types.keys().map(String::as_str).collect();
    assert_eq!(
        types,
        [
            "BoxModel",
            "ClientModel",
            "ErrorModel",
            "Holder",
            "MapModel",
            "OptionModel",
            "ResultModel",
            "SelfModel",
            "StringModel",
            "ValueModel",
            "VecModel",
        ]
    );
}

#[test]
fn schema_names_that_only_match_runtime_names_in_operation_files_are_kept() {
    // `Request`, `Operation`, `Method` are imported by operation files, which refer to models as
    // `models::X`, so model types may use these names.
    let properties = "        a:\n          $ref: \"#/components/schemas/Request\"\n        b:\n          $ref: \"#/components/schemas/Operation\"\n        c:\n          $ref: \"#/components/schemas/Method\"\n";
    let components = "    Request:\n      type: object\n      properties:\n        x:\n          type: string\n    Operation:\n      type: string\n      enum: [a, b]\n    Method:\n      type: object\n      properties:\n        y:\n          type: string\n";
    let model = generate_clean("runtime_names", &holder(properties, components));
    assert!(model.types.contains_key("Request"));
    assert!(model.types.contains_key("Operation"));
    assert!(model.types.contains_key("Method"));
}

#[test]
fn keyword_and_awkward_enum_values() {
    let properties = "        kind:\n          type: string\n          enum: [type, match, crate, super, async, \"\", \"Unknown\", \"a b\", \"A-B\", \"42\", \"Other\"]\n";
    let model = generate_clean("enum_values", &holder(properties, ""));
    let TypeKind::Enum { variants, unknown } = &model.types["Kind"].kind else {
        panic!("Kind is an enum")
    };
    let names: Vec<&str> = variants.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(
        names,
        [
            // "A-B" sorts before "a b": colliding names are numbered in sorted order of their
            // values, so that reordering the enum never renames a variant.
            "Type", "Match", "Crate", "Super", "Async", "Empty", "Unknown", "AB2", "AB", "V42",
            "Other"
        ]
    );
    assert_eq!(unknown, "Unknown2");
}

#[test]
fn keyword_and_awkward_property_names() {
    let mut properties = String::new();
    for name in [
        "type", "self", "Self", "super", "crate", "match", "fn", "1st", "foo-bar", "foo.bar",
        "$ref", "@type", "", "_", "__", "名前", "value",
    ] {
        properties.push_str(&format!("        \"{name}\":\n          type: string\n"));
    }
    let model = generate_clean("properties", &holder(&properties, ""));
    let TypeKind::Struct { fields, .. } = &model.types["Holder"].kind else {
        panic!("Holder is a struct")
    };
    let names: Vec<(&str, &str)> = fields
        .iter()
        .map(|f| (f.wire_name.as_str(), f.name.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("type", "r#type"),
            ("self", "self_"),
            ("Self", "self_2"),
            ("super", "super_"),
            ("crate", "crate_"),
            ("match", "r#match"),
            ("fn", "r#fn"),
            ("1st", "_1st"),
            ("foo-bar", "foo_bar"),
            ("foo.bar", "foo_bar2"),
            ("$ref", "r#ref"),
            ("@type", "r#type2"),
            ("", "value2"),
            ("_", "value3"),
            ("__", "value4"),
            ("名前", "value5"),
            ("value", "value"),
        ]
    );
}

#[test]
fn parameter_names_that_match_builder_internals() {
    // `client` is the builder's own field; `body` is the body's name; `request`, `response` and
    // `value` are locals of `send`.
    let model = generate_clean(
        "builder_internals",
        &query_params(&[
            "client",
            "body",
            "request",
            "response",
            "value",
            "OPERATION",
            "self",
        ]),
    );
    let op = &model.operations[0];
    let names: Vec<&str> = op.params.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "client2",
            "body",
            "request",
            "response",
            "value",
            "operation",
            "self_"
        ]
    );
    assert_eq!(op.body.as_ref().map(|b| b.name.as_str()), Some("body2"));
}

// ---------------------------------------------------------------------------------------------
// Known bugs: each of these specs produces code that does not compile (verified with rustc on a
// crate made of the generated files and the SDK runtime), or no code at all.

#[test]
fn operation_ids_named_like_what_operation_files_use() {
    let ids = [
        "request",
        "result",
        "client",
        "error",
        "method",
        "operation",
        "intoFuture",
        "boxFuture",
        "box",
        "option",
        "string",
    ];
    let problems: Vec<String> = ids
        .iter()
        .filter_map(|id| clean_or_problem(id, &operations(&[id])))
        .collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn operation_id_self() {
    generate_clean("op_self", &operations(&["self"]));
}

#[test]
fn enum_value_self() {
    let properties = "        who:\n          type: string\n          enum: [self, other]\n";
    generate_clean("enum_self", &holder(properties, ""));
}

#[test]
fn parameter_named_send() {
    generate_clean("param_send", &query_params(&["send"]));
}

#[test]
fn parameters_foo_and_set_foo() {
    generate_clean("param_set_foo", &query_params(&["foo", "set_foo"]));
}

#[test]
fn schema_named_shape_in_a_one_of() {
    let properties =
        "        figure:\n          oneOf:\n            - $ref: \"#/components/schemas/Shape\"\n            - type: string\n";
    let components =
        "    Shape:\n      type: object\n      properties:\n        sides:\n          type: integer\n";
    generate_clean("shape_variant", &holder(properties, components));
}

#[test]
fn inline_one_of_named_shape() {
    let properties = "        shape:\n          oneOf:\n            - type: string\n            - type: integer\n";
    generate_clean("shape_one_of", &holder(properties, ""));
}

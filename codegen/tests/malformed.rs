//! Malformed and unsupported specs: each must give a specific, located error (file name, JSON
//! pointer or YAML line and column, and a message saying what is wrong), never a panic. Constructs
//! that cannot be typed exactly give a located warning and a raw-JSON fallback instead.

mod common;

use codegen::model::{ResponseKind, TypeKind, TypeRef};
use codegen::{Error, OperationFilter, SpecInput, Warning};
use common::{generate_text, no_panic};

const FILE: &str = "specs/bad.yaml";

/// A document with the usual header and the given body (`paths:` / `components:` …).
fn doc(body: &str) -> String {
    format!("openapi: 3.0.3\ninfo:\n  title: Bad\n  version: \"1\"\n{body}")
}

/// The error of generating `text` (every case must fail without panicking).
fn error_of(text: &str) -> Error {
    match generate_text(FILE, text) {
        Ok(generated) => panic!(
            "expected an error, but generation succeeded with warnings {:?}",
            generated.model.warnings
        ),
        Err(e) => e,
    }
}

/// Asserts an `Error::Invalid` at `pointer` in FILE whose message contains `needle`.
#[track_caller]
fn assert_invalid(text: &str, pointer: &str, needle: &str) -> String {
    match error_of(text) {
        Error::Invalid {
            file,
            pointer: actual,
            message,
        } => {
            assert_eq!(file, FILE, "wrong file in {message}");
            assert_eq!(actual, pointer, "wrong pointer; message: {message}");
            assert!(
                message.contains(needle),
                "message {message:?} does not mention {needle:?}"
            );
            message
        }
        other => panic!("expected Error::Invalid at {pointer}, got {other:?}"),
    }
}

#[track_caller]
fn assert_unsupported(text: &str, found: &str) {
    match error_of(text) {
        Error::UnsupportedVersion {
            file,
            found: actual,
        } => {
            assert_eq!(file, FILE);
            assert_eq!(actual, found);
        }
        other => panic!("expected Error::UnsupportedVersion, got {other:?}"),
    }
}

/// A GET operation at `path` with the given YAML lines for its `parameters`.
fn get_with_params(path: &str, params: &str) -> String {
    doc(&format!(
        "paths:\n  {path}:\n    get:\n      operationId: op\n      parameters:\n{params}      responses:\n        \"204\":\n          description: ok\n"
    ))
}

// ---------------------------------------------------------------------------------------------
// Not YAML, not OpenAPI 3.0.

#[test]
fn invalid_yaml_is_located_by_line_and_column() {
    let text = "openapi: 3.0.3\ninfo:\n  title: Bad\n  version: \"1\"\npaths:\n  /x: [unclosed\n";
    match error_of(text) {
        Error::Yaml {
            file,
            line,
            column,
            message,
        } => {
            assert_eq!(file, FILE);
            assert_eq!((line, column), (Some(7), Some(1)), "{message}");
            assert!(!message.is_empty());
        }
        other => panic!("expected Error::Yaml, got {other:?}"),
    }
}

#[test]
fn invalid_yaml_in_the_middle_of_a_line() {
    // `title: a: b`: a second mapping value on one line, at line 3, column 11.
    let text = "openapi: 3.0.3\ninfo:\n  title: a: b\n  version: \"1\"\npaths: {}\n";
    match error_of(text) {
        Error::Yaml {
            file,
            line,
            column,
            message,
        } => {
            assert_eq!(file, FILE);
            assert_eq!((line, column), (Some(3), Some(11)), "{message}");
            assert!(
                message.contains("mapping values are not allowed"),
                "{message}"
            );
        }
        other => panic!("expected Error::Yaml, got {other:?}"),
    }
}

#[test]
fn tab_indentation_is_located() {
    let text = "openapi: 3.0.3\ninfo:\n\ttitle: a\n  version: \"1\"\npaths: {}\n";
    match error_of(text) {
        Error::Yaml {
            file, line, column, ..
        } => {
            assert_eq!(file, FILE);
            assert_eq!((line, column), (Some(3), Some(1)));
        }
        other => panic!("expected Error::Yaml, got {other:?}"),
    }
}

#[test]
fn duplicate_key_is_a_located_yaml_error() {
    // Two `get:` under one path. The YAML parser locates the mapping that holds the duplicate
    // (line 7, column 5: the first key of `/x`) and names the key path in its message.
    let text = doc(
        "paths:\n  /x:\n    get:\n      operationId: a\n      responses: {}\n    get:\n      operationId: b\n      responses: {}\n",
    );
    match error_of(&text) {
        Error::Yaml {
            file,
            line,
            column,
            message,
        } => {
            assert_eq!(file, FILE);
            assert_eq!((line, column), (Some(7), Some(5)), "{message}");
            assert!(
                message.contains("paths./x: duplicate entry with key \"get\""),
                "{message}"
            );
        }
        other => panic!("expected Error::Yaml, got {other:?}"),
    }
}

#[test]
fn yaml_error_display_has_file_line_and_column() {
    let e = error_of("openapi: 3.0.3\ninfo:\n  title: a: b\n");
    assert!(
        e.to_string()
            .starts_with("specs/bad.yaml:3:11: invalid YAML: "),
        "{e}"
    );
}

#[test]
fn swagger_2_is_rejected() {
    assert_unsupported(
        "swagger: \"2.0\"\ninfo:\n  title: Old\n  version: \"1\"\npaths: {}\n",
        "swagger: 2.0",
    );
}

#[test]
fn openapi_3_1_is_rejected() {
    assert_unsupported(
        "openapi: 3.1.0\ninfo:\n  title: New\n  version: \"1\"\npaths: {}\n",
        "openapi: 3.1.0",
    );
}

#[test]
fn openapi_version_given_as_a_number_is_rejected() {
    assert_unsupported(
        "openapi: 3.0\ninfo:\n  title: Number\n  version: \"1\"\npaths: {}\n",
        "openapi: 3.0",
    );
}

#[test]
fn missing_openapi_field_is_rejected() {
    assert_unsupported(
        "info:\n  title: Nothing\n  version: \"1\"\npaths: {}\n",
        "no `openapi` field",
    );
}

#[test]
fn a_list_document_is_rejected() {
    assert_unsupported(
        "- openapi: 3.0.3\n- paths: {}\n",
        "a document that is not a mapping",
    );
}

#[test]
fn the_display_of_unsupported_versions_says_what_to_do() {
    let e = error_of("swagger: \"2.0\"\ninfo:\n  title: Old\n  version: \"1\"\npaths: {}\n");
    let text = e.to_string();
    assert!(text.starts_with(FILE), "{text}");
    assert!(text.contains("only OpenAPI 3.0.x is supported"), "{text}");
}

// ---------------------------------------------------------------------------------------------
// Structurally wrong documents.

#[test]
fn paths_that_are_not_a_mapping() {
    assert_invalid(
        &doc("paths: 5\n"),
        "#/paths",
        "not a valid OpenAPI 3.0 document",
    );
}

#[test]
fn missing_info() {
    assert_invalid("openapi: 3.0.3\npaths: {}\n", "#", "missing field `info`");
}

#[test]
fn structural_error_inside_a_component_schema_names_at_least_the_schema() {
    let text = doc(
        "paths: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties: 5\n",
    );
    match error_of(&text) {
        Error::Invalid {
            file,
            pointer,
            message,
        } => {
            assert_eq!(file, FILE);
            assert!(
                pointer.starts_with("#/components/schemas/A"),
                "{pointer}: {message}"
            );
            assert!(message.contains("expected a map"), "{message}");
        }
        other => panic!("expected Error::Invalid, got {other:?}"),
    }
}

#[test]
fn structural_error_inside_an_operation_is_located_at_the_operation() {
    let cases = [
        (
            "responses given as a list",
            "paths:\n  /x:\n    get:\n      operationId: op\n      responses:\n        - 200\n",
            "#/paths/~1x/get/responses",
        ),
        (
            "parameter with an unknown `in`",
            "paths:\n  /x:\n    get:\n      operationId: op\n      parameters:\n        - name: q\n          in: nowhere\n      responses: {}\n",
            "#/paths/~1x/get/parameters/0",
        ),
    ];
    let mut wrong = Vec::new();
    for (what, body, prefix) in cases {
        match error_of(&doc(body)) {
            Error::Invalid { pointer, .. } if pointer.starts_with(prefix) => {}
            Error::Invalid {
                pointer, message, ..
            } => wrong.push(format!(
                "{what}: expected a pointer under {prefix}, got {pointer} ({message})"
            )),
            other => wrong.push(format!("{what}: expected Error::Invalid, got {other:?}")),
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

// ---------------------------------------------------------------------------------------------
// References.

#[test]
fn dangling_ref_is_reported_where_it_is_used() {
    let text = doc(r##"paths:
  /a:
    get:
      operationId: getA
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/A"
components:
  schemas:
    A:
      type: object
      properties:
        b:
          $ref: "#/components/schemas/Missing"
"##);
    let message = assert_invalid(
        &text,
        "#/components/schemas/A/properties/b",
        "points to nothing",
    );
    assert!(
        message.contains("#/components/schemas/Missing"),
        "{message}"
    );
}

#[test]
fn dangling_ref_in_a_response_schema() {
    let text = doc(r##"paths:
  /a:
    get:
      operationId: getA
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Nope"
"##);
    assert_invalid(
        &text,
        "#/paths/~1a/get/responses/200/content/application~1json/schema",
        "there is no schema `Nope`",
    );
}

#[test]
fn external_ref_is_not_supported() {
    let text = doc(r##"paths:
  /a:
    get:
      operationId: getA
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: array
                items:
                  $ref: "other.yaml#/components/schemas/Thing"
"##);
    let message = assert_invalid(
        &text,
        "#/paths/~1a/get/responses/200/content/application~1json/schema/items",
        "external `$ref`",
    );
    assert!(
        message.contains("other.yaml#/components/schemas/Thing"),
        "{message}"
    );
}

#[test]
fn ref_outside_components_schemas() {
    let text = doc(r##"paths:
  /a:
    get:
      operationId: getA
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                $ref: "#/definitions/Thing"
"##);
    assert_invalid(
        &text,
        "#/paths/~1a/get/responses/200/content/application~1json/schema",
        "must point into `#/components/schemas/`",
    );
}

#[test]
fn dangling_parameter_ref() {
    let text = get_with_params("/x", "        - $ref: \"#/components/parameters/Limit\"\n");
    assert_invalid(
        &text,
        "#/paths/~1x/get/parameters/0",
        "`#/components/parameters/Limit` points to nothing",
    );
}

#[test]
fn circular_parameter_refs() {
    let text = format!(
        "{}components:\n  parameters:\n    A:\n      $ref: \"#/components/parameters/B\"\n    B:\n      $ref: \"#/components/parameters/A\"\n",
        get_with_params("/x", "        - $ref: \"#/components/parameters/A\"\n")
    );
    assert_invalid(
        &text,
        "#/paths/~1x/get/parameters/0",
        "too long or circular",
    );
}

#[test]
fn dangling_response_ref() {
    let text = doc(r##"paths:
  /a:
    get:
      operationId: getA
      responses:
        "200":
          $ref: "#/components/responses/Gone"
"##);
    assert_invalid(
        &text,
        "#/paths/~1a/get/responses/200",
        "`#/components/responses/Gone` points to nothing",
    );
}

#[test]
fn dangling_request_body_ref() {
    let text = doc(r##"paths:
  /a:
    post:
      operationId: postA
      requestBody:
        $ref: "#/components/requestBodies/Gone"
      responses:
        "204":
          description: ok
"##);
    assert_invalid(
        &text,
        "#/paths/~1a/post/requestBody",
        "`#/components/requestBodies/Gone` points to nothing",
    );
}

#[test]
fn path_item_given_by_ref() {
    let text = doc("paths:\n  /a:\n    $ref: \"#/components/pathItems/A\"\n");
    assert_invalid(&text, "#/paths/~1a", "path item given by `$ref`");
}

// ---------------------------------------------------------------------------------------------
// Operations.

#[test]
fn duplicate_operation_id() {
    let text = doc(r##"paths:
  /a:
    get:
      operationId: same
      responses:
        "204":
          description: ok
  /b:
    put:
      operationId: same
      responses:
        "204":
          description: ok
"##);
    let message = assert_invalid(&text, "#/paths/~1b/put", "duplicate `operationId` `same`");
    assert!(
        message.contains("specs/bad.yaml#/paths/~1a/get"),
        "the message names the first use: {message}"
    );
}

#[test]
fn duplicate_operation_id_across_files_names_both_files() {
    let first = doc(
        "paths:\n  /a:\n    get:\n      operationId: same\n      responses:\n        \"204\":\n          description: ok\n",
    );
    let second = doc(
        "paths:\n  /b:\n    get:\n      operationId: same\n      responses:\n        \"204\":\n          description: ok\n",
    );
    let result = no_panic("two files", || {
        codegen::generate(
            &[
                SpecInput {
                    file: "first.yaml",
                    text: &first,
                    operations: OperationFilter::All,
                },
                SpecInput {
                    file: "second.yaml",
                    text: &second,
                    operations: OperationFilter::All,
                },
            ],
            "test",
        )
    });
    match result {
        Err(Error::Invalid {
            file,
            pointer,
            message,
        }) => {
            assert_eq!(file, "second.yaml");
            assert_eq!(pointer, "#/paths/~1b/get");
            assert!(message.contains("first.yaml#/paths/~1a/get"), "{message}");
        }
        other => panic!("expected a duplicate operationId error, got {other:?}"),
    }
}

#[test]
fn missing_operation_id_is_derived_from_method_and_path_with_a_warning() {
    let text = doc(
        "paths:\n  /a/{itemId}/sub-items:\n    delete:\n      parameters:\n        - name: itemId\n          in: path\n          required: true\n          schema:\n            type: string\n      responses:\n        \"204\":\n          description: ok\n  /:\n    get:\n      responses:\n        \"204\":\n          description: ok\n",
    );
    let (generated, warnings) = warnings_of(&text);
    let ids: Vec<&str> = generated
        .model
        .operations
        .iter()
        .map(|o| o.id.as_str())
        .collect();
    assert_eq!(ids, ["deleteAByItemIdSubItems", "getRoot"]);
    assert_one_warning(
        &warnings,
        "#/paths/~1a~1{itemId}~1sub-items/delete",
        "no `operationId`; named `deleteAByItemIdSubItems`",
    );
    assert_one_warning(&warnings, "#/paths/~1/get", "named `getRoot`");
}

#[test]
fn derived_operation_ids_never_collide_with_each_other_or_with_explicit_ones() {
    let text = doc(
        "paths:\n  /pets:\n    get:\n      responses:\n        \"204\":\n          description: ok\n  /pets/:\n    get:\n      responses:\n        \"204\":\n          description: ok\n  /other:\n    get:\n      operationId: getPets3\n      responses:\n        \"204\":\n          description: ok\n  /other/{x}:\n    get:\n      operationId: getPets\n      parameters:\n        - name: x\n          in: path\n          required: true\n          schema:\n            type: string\n      responses:\n        \"204\":\n          description: ok\n",
    );
    let (generated, _) = warnings_of(&text);
    let mut ids: Vec<&str> = generated
        .model
        .operations
        .iter()
        .map(|o| o.id.as_str())
        .collect();
    ids.sort_unstable();
    assert_eq!(ids, ["getPets", "getPets2", "getPets3", "getPets4"]);
}

#[test]
fn a_skipped_operation_leaves_no_trace_in_names_docs_or_warnings() {
    // `skipped` uses the same inline enum as `kept` (and comes first), then a cookie
    // parameter makes it impossible to generate.
    let with_skipped = doc(
        "paths:\n  /a:\n    get:\n      operationId: skipped\n      parameters:\n        - name: s\n          in: query\n          schema:\n            type: string\n            enum: [on, off]\n        - name: sid\n          in: cookie\n          schema:\n            type: string\n      responses:\n        \"204\":\n          description: ok\n  /b:\n    get:\n      operationId: kept\n      parameters:\n        - name: status\n          in: query\n          schema:\n            type: string\n            enum: [on, off]\n      responses:\n        \"204\":\n          description: ok\n",
    );
    let without = doc(
        "paths:\n  /b:\n    get:\n      operationId: kept\n      parameters:\n        - name: status\n          in: query\n          schema:\n            type: string\n            enum: [on, off]\n      responses:\n        \"204\":\n          description: ok\n",
    );
    let (skipped, warnings) = warnings_of(&with_skipped);
    let (plain, _) = warnings_of(&without);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].message.contains("`skipped` skipped"),
        "{warnings:?}"
    );
    // Same model and same files (but for the spec hash in `mod.rs`) as without the operation.
    assert_eq!(skipped.model.types, plain.model.types);
    let names: Vec<&String> = skipped.model.types.keys().collect();
    assert_eq!(names, ["Status"]);
    for (path, text) in plain.files.iter().filter(|(path, _)| *path != "mod.rs") {
        assert_eq!(skipped.files.get(path), Some(text), "{path}");
    }
    assert_eq!(
        skipped.files.keys().collect::<Vec<_>>(),
        plain.files.keys().collect::<Vec<_>>()
    );

    // The other order: the kept operation first, the skipped one (without `operationId`)
    // reusing its enum and a `oneOf` after it.
    let kept_first = doc(
        "paths:\n  /b:\n    get:\n      operationId: kept\n      parameters:\n        - name: status\n          in: query\n          schema:\n            type: string\n            enum: [on, off]\n      responses:\n        \"204\":\n          description: ok\n  /z:\n    post:\n      parameters:\n        - name: mode\n          in: query\n          schema:\n            type: string\n            enum: [on, off]\n        - name: sid\n          in: cookie\n          schema:\n            type: string\n      requestBody:\n        content:\n          application/json:\n            schema:\n              oneOf:\n                - type: string\n                - type: integer\n      responses:\n        \"204\":\n          description: ok\n",
    );
    let (skipped, warnings) = warnings_of(&kept_first);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].message.contains("`postZ` skipped"),
        "{warnings:?}"
    );
    assert!(skipped.model.derived_operation_ids.is_empty());
    assert_eq!(skipped.model.skipped_operations, ["postZ"]);
    assert_eq!(skipped.model.types, plain.model.types);
}

#[test]
fn a_form_body_must_be_flat() {
    let text = doc(
        "paths:\n  /form:\n    post:\n      operationId: postForm\n      requestBody:\n        content:\n          application/x-www-form-urlencoded:\n            schema:\n              type: object\n              properties:\n                name:\n                  type: string\n                tags:\n                  type: array\n                  items:\n                    type: string\n      responses:\n        \"204\":\n          description: ok\n",
    );
    assert_skipped(
        &text,
        "#/paths/~1form/post/requestBody/content/application~1x-www-form-urlencoded/schema",
        "property `tags` of a form body (`application/x-www-form-urlencoded`) is not a string, number, boolean or enum",
    );
}

#[test]
fn a_derived_operation_id_gives_way_to_an_explicit_one_in_a_later_file() {
    let first = doc(
        "paths:\n  /pets:\n    get:\n      responses:\n        \"204\":\n          description: ok\n",
    );
    let second = doc(
        "paths:\n  /animals:\n    get:\n      operationId: getPets\n      responses:\n        \"204\":\n          description: ok\n",
    );
    let model = codegen::model(&[
        SpecInput {
            file: "first.yaml",
            text: &first,
            operations: OperationFilter::All,
        },
        SpecInput {
            file: "second.yaml",
            text: &second,
            operations: OperationFilter::All,
        },
    ])
    .expect("no duplicate: the derived id makes way");
    let mut ids: Vec<&str> = model.operations.iter().map(|o| o.id.as_str()).collect();
    ids.sort_unstable();
    assert_eq!(ids, ["getPets", "getPets2"]);
    assert_eq!(model.derived_operation_ids, ["getPets2"]);
}

#[test]
fn an_operation_with_an_unsupported_body_is_skipped_with_a_warning_or_refused_when_asked_for() {
    let text = doc(
        "paths:\n  /form:\n    post:\n      operationId: postForm\n      requestBody:\n        content:\n          application/xml:\n            schema:\n              type: object\n      responses:\n        \"204\":\n          description: ok\n  /ok:\n    get:\n      operationId: getOk\n      responses:\n        \"204\":\n          description: ok\n",
    );
    let (generated, warnings) = warnings_of(&text);
    let ids: Vec<&str> = generated
        .model
        .operations
        .iter()
        .map(|o| o.id.as_str())
        .collect();
    assert_eq!(ids, ["getOk"]);
    assert_one_warning(
        &warnings,
        "#/paths/~1form/post/requestBody/content/application~1xml",
        "operation `postForm` skipped: request media type `application/xml` is not supported",
    );
    // Asked for by name, it is an error.
    let error = codegen::model(&[SpecInput {
        file: "spec.yaml",
        text: &text,
        operations: OperationFilter::Only(vec!["postForm".into()]),
    }])
    .expect_err("postForm cannot be generated");
    assert_eq!(
        error.pointer(),
        Some("#/paths/~1form/post/requestBody/content/application~1xml")
    );
}

#[test]
fn empty_operation_id() {
    let text = doc(
        "paths:\n  /a:\n    get:\n      operationId: \" \"\n      responses:\n        \"204\":\n          description: ok\n",
    );
    assert_invalid(&text, "#/paths/~1a/get", "`operationId` is empty");
}

#[test]
fn operations_without_id_are_fine_when_not_selected() {
    let text = doc(
        "paths:\n  /a:\n    get:\n      responses:\n        \"204\":\n          description: ok\n  /b:\n    get:\n      operationId: wanted\n      responses:\n        \"204\":\n          description: ok\n",
    );
    let model = no_panic("filter", || {
        codegen::model(&[SpecInput {
            file: FILE,
            text: &text,
            operations: OperationFilter::Only(vec!["wanted".to_owned()]),
        }])
    })
    .expect("the operation without an id is not selected, so it is not an error");
    assert_eq!(model.operations.len(), 1);
}

#[test]
fn unknown_operation_in_filter_is_a_config_error() {
    let text = doc(
        "paths:\n  /a:\n    get:\n      operationId: real\n      responses:\n        \"204\":\n          description: ok\n",
    );
    let result = no_panic("filter", || {
        codegen::generate(
            &[SpecInput {
                file: FILE,
                text: &text,
                operations: OperationFilter::Only(vec!["real".to_owned(), "nope".to_owned()]),
            }],
            "test",
        )
    });
    match result {
        Err(Error::Config { message }) => {
            assert!(message.contains("`nope`"), "{message}");
            assert!(message.contains(FILE), "{message}");
        }
        other => panic!("expected Error::Config, got {other:?}"),
    }
}

#[test]
fn no_spec_at_all_is_a_config_error() {
    let result = no_panic("no input", || codegen::generate(&[], "test"));
    match result {
        Err(e @ Error::Config { .. }) => {
            assert_eq!(e.file(), None);
            assert!(e.to_string().contains("no spec file given"), "{e}");
        }
        other => panic!("expected Error::Config, got {other:?}"),
    }
}

#[test]
fn error_in_a_secondary_file_names_that_file() {
    let good = doc(
        "paths:\n  /a:\n    get:\n      operationId: a\n      responses:\n        \"204\":\n          description: ok\n",
    );
    let result = no_panic("two files", || {
        codegen::generate(
            &[
                SpecInput {
                    file: "good.yaml",
                    text: &good,
                    operations: OperationFilter::All,
                },
                SpecInput {
                    file: "broken.yaml",
                    text: "openapi: 3.1.0\n",
                    operations: OperationFilter::All,
                },
            ],
            "test",
        )
    });
    match result {
        Err(e) => assert_eq!(e.file(), Some("broken.yaml"), "{e:?}"),
        Ok(_) => panic!("expected an error"),
    }
}

// ---------------------------------------------------------------------------------------------
// Bodies.

#[test]
fn multipart_request_body_is_not_supported() {
    let text = doc(r##"paths:
  /upload:
    post:
      operationId: upload
      requestBody:
        content:
          multipart/form-data:
            schema:
              type: object
              properties:
                file:
                  type: string
                  format: binary
      responses:
        "204":
          description: ok
"##);
    assert_skipped(
        &text,
        "#/paths/~1upload/post/requestBody/content/multipart~1form-data",
        "`multipart/form-data` is not supported",
    );
}

#[test]
fn request_body_without_content() {
    let text = doc(
        "paths:\n  /a:\n    post:\n      operationId: a\n      requestBody:\n        content: {}\n      responses:\n        \"204\":\n          description: ok\n",
    );
    assert_invalid(
        &text,
        "#/paths/~1a/post/requestBody/content",
        "declares no content",
    );
}

// ---------------------------------------------------------------------------------------------
// Parameters.

#[test]
fn deep_object_query_style_is_not_supported() {
    let text = get_with_params(
        "/x",
        "        - name: filter\n          in: query\n          style: deepObject\n          schema:\n            type: object\n            properties:\n              a:\n                type: string\n",
    );
    assert_skipped(&text, "#/paths/~1x/get/parameters/0", "style `DeepObject`");
}

#[test]
fn non_exploded_query_arrays_are_not_supported() {
    let text = get_with_params(
        "/x",
        "        - name: ids\n          in: query\n          explode: false\n          schema:\n            type: array\n            items:\n              type: string\n",
    );
    assert_skipped(&text, "#/paths/~1x/get/parameters/0", "`explode: false`");
}

#[test]
fn matrix_path_style_is_not_supported() {
    let text = get_with_params(
        "/x/{id}",
        "        - name: id\n          in: path\n          required: true\n          style: matrix\n          schema:\n            type: string\n",
    );
    assert_skipped(
        &text,
        "#/paths/~1x~1{id}/get/parameters/0",
        "path parameter style `Matrix`",
    );
}

#[test]
fn cookie_parameters_are_not_supported() {
    let text = get_with_params(
        "/x",
        "        - name: session\n          in: cookie\n          schema:\n            type: string\n",
    );
    assert_skipped(&text, "#/paths/~1x/get/parameters/0", "cookie parameters");
}

#[test]
fn path_level_cookie_parameter_is_located_at_the_path_item() {
    let text = doc(r##"paths:
  /x:
    parameters:
      - name: session
        in: cookie
        schema:
          type: string
    get:
      operationId: op
      responses:
        "204":
          description: ok
"##);
    assert_skipped(&text, "#/paths/~1x/parameters/0", "cookie parameters");
}

#[test]
fn parameter_given_by_content() {
    let text = get_with_params(
        "/x",
        "        - name: filter\n          in: query\n          content:\n            application/json:\n              schema:\n                type: object\n",
    );
    assert_skipped(
        &text,
        "#/paths/~1x/get/parameters/0",
        "parameter `filter` is described by `content`",
    );
}

#[test]
fn template_parameter_that_is_not_declared() {
    let text = doc(
        "paths:\n  /things/{thingId}:\n    get:\n      operationId: op\n      responses:\n        \"204\":\n          description: ok\n",
    );
    assert_invalid(
        &text,
        "#/paths/~1things~1{thingId}/get",
        "uses `{thingId}` but the operation declares no path parameter `thingId`",
    );
}

#[test]
fn declared_path_parameter_not_in_the_template() {
    let text = get_with_params(
        "/things",
        "        - name: thingId\n          in: path\n          required: true\n          schema:\n            type: string\n",
    );
    assert_invalid(
        &text,
        "#/paths/~1things/get/parameters/0",
        "path parameter `thingId` does not appear in the path `/things`",
    );
}

#[test]
fn unclosed_brace_in_path_template() {
    let text = doc(
        "paths:\n  /things/{id:\n    get:\n      operationId: op\n      responses:\n        \"204\":\n          description: ok\n",
    );
    assert_invalid(&text, "#/paths/~1things~1{id/get", "unclosed `{`");
}

#[test]
fn object_typed_query_parameter() {
    let text = get_with_params(
        "/x",
        "        - name: filter\n          in: query\n          schema:\n            type: object\n            properties:\n              a:\n                type: string\n",
    );
    assert_skipped(
        &text,
        "#/paths/~1x/get/parameters/0",
        "parameter `filter` has a type that cannot be sent in the query",
    );
}

#[test]
fn array_typed_header_parameter() {
    let text = get_with_params(
        "/x",
        "        - name: X-Ids\n          in: header\n          schema:\n            type: array\n            items:\n              type: string\n",
    );
    assert_skipped(
        &text,
        "#/paths/~1x/get/parameters/0",
        "cannot be sent in the headers",
    );
}

// ---------------------------------------------------------------------------------------------
// Security and schemas.

#[test]
fn undefined_security_scheme_in_global_security() {
    let text = doc(
        "security:\n  - api_key: []\npaths:\n  /a:\n    get:\n      operationId: a\n      responses:\n        \"204\":\n          description: ok\n",
    );
    let (generated, warnings) = warnings_of(&text);
    assert_one_warning(
        &warnings,
        "#/security",
        "security scheme `api_key` is not defined in `#/components/securitySchemes`; the operation is generated without it",
    );
    // The operation is kept, sending no credential header of its own.
    let ops = &generated.model.operations;
    assert_eq!((ops.len(), ops[0].security.len()), (1, 0), "{ops:?}");
}

#[test]
fn undefined_security_scheme_in_operation_security() {
    let text = doc(
        "paths:\n  /a:\n    get:\n      operationId: a\n      security:\n        - token: []\n      responses:\n        \"204\":\n          description: ok\n",
    );
    let (generated, warnings) = warnings_of(&text);
    assert_one_warning(
        &warnings,
        "#/paths/~1a/get/security",
        "security scheme `token`",
    );
    assert_eq!(generated.model.operations.len(), 1);
}

#[test]
fn unknown_schema_type() {
    let text = doc(r##"paths:
  /a:
    get:
      operationId: a
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Odd"
components:
  schemas:
    Odd:
      type: object
      properties:
        when:
          type: datetime
"##);
    assert_invalid(
        &text,
        "#/components/schemas/Odd/properties/when",
        "unknown schema type `datetime`",
    );
}

// ---------------------------------------------------------------------------------------------
// Warnings: constructs that are typed as raw JSON instead of failing.

fn warnings_of(text: &str) -> (codegen::Generated, Vec<Warning>) {
    let generated = generate_text(FILE, text).unwrap_or_else(|e| panic!("expected Ok, got {e}"));
    let warnings = generated.model.warnings.clone();
    (generated, warnings)
}

#[track_caller]
/// The spec generates without its one operation, with a warning at `pointer` saying why; asked
/// for by name, that operation is an error at the same place.
fn assert_skipped(text: &str, pointer: &str, needle: &str) {
    let (generated, warnings) = warnings_of(text);
    assert!(
        generated.model.operations.is_empty(),
        "{:?}",
        generated.model.operations
    );
    assert_one_warning(&warnings, pointer, needle);
    let id = warnings[0]
        .message
        .split('`')
        .nth(1)
        .expect("the warning names the operation")
        .to_owned();
    let error = codegen::model(&[SpecInput {
        file: "specs/bad.yaml",
        text,
        operations: OperationFilter::Only(vec![id]),
    }])
    .expect_err("asked for by name, the operation is an error");
    assert_eq!(error.pointer(), Some(pointer));
    assert!(error.to_string().contains(needle), "{error}");
}

fn assert_one_warning(warnings: &[Warning], pointer: &str, needle: &str) {
    let found: Vec<&Warning> = warnings.iter().filter(|w| w.pointer == pointer).collect();
    assert_eq!(
        found.len(),
        1,
        "expected one warning at {pointer}, got {warnings:?}"
    );
    assert_eq!(found[0].file, FILE);
    assert!(
        found[0].message.contains(needle),
        "warning {:?} does not mention {needle:?}",
        found[0].message
    );
}

#[test]
fn not_schema_is_a_warning_and_raw_json() {
    let text = doc(r##"paths:
  /a:
    get:
      operationId: a
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Holder"
components:
  schemas:
    Holder:
      type: object
      properties:
        anythingButText:
          not:
            type: string
"##);
    let (generated, warnings) = warnings_of(&text);
    assert_one_warning(
        &warnings,
        "#/components/schemas/Holder/properties/anythingButText",
        "`not` schemas cannot be typed",
    );
    let holder = &generated.model.types["Holder"];
    let TypeKind::Struct { fields, .. } = &holder.kind else {
        panic!("Holder is a struct")
    };
    assert_eq!(fields[0].ty, TypeRef::Json);
    assert!(generated.files["models/holder.rs"]
        .contains("pub anything_but_text: Option<serde_json::Value>,"));
    assert_eq!(
        warnings[0].to_string(),
        format!(
            "warning: {FILE}: #/components/schemas/Holder/properties/anythingButText: {}",
            warnings[0].message
        )
    );
}

#[test]
fn array_without_items_is_a_warning() {
    let text = doc(r##"paths:
  /a:
    get:
      operationId: a
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: array
"##);
    let (generated, warnings) = warnings_of(&text);
    assert_one_warning(
        &warnings,
        "#/paths/~1a/get/responses/200/content/application~1json/schema",
        "array without `items`",
    );
    assert_eq!(
        generated.model.operations[0].response,
        ResponseKind::Json(TypeRef::Vec(Box::new(TypeRef::Json)))
    );
}

#[test]
fn schema_that_is_only_a_reference_to_itself_is_a_warning() {
    let text = doc(r##"paths:
  /a:
    get:
      operationId: a
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Loop"
components:
  schemas:
    Loop:
      $ref: "#/components/schemas/Loop"
"##);
    let (generated, warnings) = warnings_of(&text);
    assert_one_warning(&warnings, "#/components/schemas/Loop", "refers to itself");
    assert_eq!(
        generated.model.operations[0].response,
        ResponseKind::Json(TypeRef::Json)
    );
}

#[test]
fn trace_operation_is_skipped_with_a_warning() {
    let text = doc(
        "paths:\n  /a:\n    trace:\n      operationId: traceA\n      responses:\n        \"204\":\n          description: ok\n    get:\n      operationId: getA\n      responses:\n        \"204\":\n          description: ok\n",
    );
    let (generated, warnings) = warnings_of(&text);
    assert_one_warning(
        &warnings,
        "#/paths/~1a/trace",
        "TRACE operations are not supported",
    );
    let ids: Vec<&str> = generated
        .model
        .operations
        .iter()
        .map(|o| o.id.as_str())
        .collect();
    assert_eq!(ids, ["getA"]);
}

#[test]
fn non_header_security_scheme_is_a_warning() {
    let text = doc(r##"security:
  - bearer: []
paths:
  /a:
    get:
      operationId: a
      responses:
        "204":
          description: ok
components:
  securitySchemes:
    bearer:
      type: http
      scheme: bearer
"##);
    let (generated, warnings) = warnings_of(&text);
    assert_one_warning(&warnings, "#/security", "not an API key sent in a header");
    assert!(generated.model.operations[0].security.is_empty());
}

#[test]
fn additional_properties_next_to_properties_and_undeclared_required_are_warnings() {
    let text = doc(r##"paths:
  /a:
    get:
      operationId: a
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Mixed"
components:
  schemas:
    Mixed:
      type: object
      required: [ghost]
      properties:
        real:
          type: string
      additionalProperties:
        type: integer
"##);
    let (_, warnings) = warnings_of(&text);
    let at: Vec<&Warning> = warnings
        .iter()
        .filter(|w| w.pointer == "#/components/schemas/Mixed")
        .collect();
    assert_eq!(at.len(), 2, "{warnings:?}");
    assert!(at.iter().any(|w| w
        .message
        .contains("`additionalProperties` next to `properties`")));
    assert!(at.iter().any(|w| w.message.contains("`ghost`")));
}

// ---------------------------------------------------------------------------------------------
// Errors inside components reached through `$ref` from an operation must point into the
// component, where the problem is, not at a path that does not exist in the document.

#[test]
fn error_in_a_referenced_parameter_points_into_the_component() {
    let text = doc(r##"paths:
  /x:
    get:
      operationId: a
      parameters:
        - $ref: "#/components/parameters/Limit"
      responses:
        "204":
          description: ok
components:
  parameters:
    Limit:
      name: limit
      in: query
      schema:
        $ref: "#/components/schemas/Missing"
"##);
    assert_invalid(
        &text,
        "#/components/parameters/Limit/schema",
        "points to nothing",
    );
}

#[test]
fn error_in_a_referenced_response_points_into_the_component() {
    let text = doc(r##"paths:
  /x:
    get:
      operationId: a
      responses:
        "200":
          $ref: "#/components/responses/Ok"
components:
  responses:
    Ok:
      description: ok
      content:
        application/json:
          schema:
            $ref: "#/components/schemas/Missing"
"##);
    assert_invalid(
        &text,
        "#/components/responses/Ok/content/application~1json/schema",
        "points to nothing",
    );
}

#[test]
fn error_in_a_referenced_request_body_points_into_the_component() {
    let text = doc(r##"paths:
  /x:
    post:
      operationId: a
      requestBody:
        $ref: "#/components/requestBodies/Upload"
      responses:
        "204":
          description: ok
components:
  requestBodies:
    Upload:
      content:
        multipart/form-data:
          schema:
            type: object
"##);
    assert_skipped(
        &text,
        "#/components/requestBodies/Upload/content/multipart~1form-data",
        "`multipart/form-data` is not supported",
    );
}

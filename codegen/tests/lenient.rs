//! Which string fields decode numbers too: those the spec's own examples fill with numbers, and
//! dates written as digits (`format: yyyyMM`, `example: yyyyMMdd`). No others.

use codegen::model::{Model, TypeKind};
use codegen::{OperationFilter, SpecInput};

const SPEC: &str = r#"
openapi: 3.0.0
info: {title: t, version: '1'}
paths:
  /orders:
    get:
      operationId: getOrder
      responses:
        '200':
          description: ok
          content:
            application/json:
              example:
                labels: [1234, "a"]
                nested: {tags: {date: 20221111}}
              schema: {$ref: '#/components/schemas/Order'}
components:
  schemas:
    Order:
      type: object
      properties:
        month: {type: string, format: yyyyMM}
        start: {type: string, example: yyyyMMdd}
        shipped: {type: string, example: 20231004123456}
        labels: {type: array, items: {type: string}}
        nested: {$ref: '#/components/schemas/Nested'}
        plain: {type: string}
        email: {type: string, format: email}
        count: {type: integer}
    Nested:
      type: object
      properties:
        tags:
          type: object
          additionalProperties: {type: string}
        other:
          type: object
          additionalProperties: {type: string}
"#;

fn lenient(model: &Model, type_name: &str) -> Vec<String> {
    match &model.types[type_name].kind {
        TypeKind::Struct { fields, .. } => fields
            .iter()
            .filter(|f| f.lenient)
            .map(|f| f.wire_name.clone())
            .collect(),
        other => panic!("{type_name} is not a struct: {other:?}"),
    }
}

#[test]
fn numbers_are_accepted_where_the_spec_shows_or_implies_them() {
    let model = codegen::model(&[SpecInput {
        file: "t.yaml",
        text: SPEC,
        operations: OperationFilter::All,
    }])
    .expect("valid spec");
    assert_eq!(
        lenient(&model, "Order"),
        ["month", "start", "shipped", "labels"]
    );
    assert_eq!(lenient(&model, "Nested"), ["tags"]);
}

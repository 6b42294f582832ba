//! Each operation's default answer (`Operation::example`, for a fake server in tests): the
//! spec's example of the success response when it fits, else a value built from the response
//! type (see `build::passes::examples`).

mod common;

use codegen::model::{Model, ResponseKind};
use common::{configured_specs, inputs, model_fixture, no_panic};
use serde_json::json;

fn example(model: &Model, id: &str) -> Option<serde_json::Value> {
    model
        .operations
        .iter()
        .find(|op| op.id == id)
        .unwrap_or_else(|| panic!("no operation {id}"))
        .example
        .clone()
}

#[test]
fn cycles_fixture_builds_a_finite_value() {
    let model = model_fixture("cycles");
    // `Node.parent` leads back to `Node` and is left out; `B.a` back to `A`; a `Tree`'s list
    // and map of `Tree`s are empty. (Keys come out sorted: `serde_json` keeps no order here.)
    assert_eq!(
        example(&model, "getGraph"),
        Some(json!({
            "node": {"name": "string"},
            "a": {"b": {"label": "string"}},
            "tree": {"children": [], "byName": {}},
        }))
    );
}

#[test]
fn status_responses_fixture_takes_the_first_json_status() {
    let model = model_fixture("status_responses");
    // 200 `JobResult` of 200/202.
    assert_eq!(
        example(&model, "runJob"),
        Some(json!({"output": "string", "exitCode": 0}))
    );
    // 200 (inline, `output` required) of 200/203/204/2XX text.
    assert_eq!(example(&model, "getJob"), Some(json!({"output": "string"})));
}

#[test]
fn responses_fixture_has_no_example_without_a_json_body() {
    let model = model_fixture("responses");
    for op in &model.operations {
        let json = match &op.response {
            ResponseKind::Json(_) => true,
            ResponseKind::ByStatus(s) => s
                .variants
                .iter()
                .any(|v| matches!(*v.body, ResponseKind::Json(_))),
            _ => false,
        };
        assert_eq!(op.example.is_some(), json, "{}: {:?}", op.id, op.response);
    }
}

#[test]
fn every_soracom_operation_with_a_json_success_has_an_example() {
    let specs = configured_specs();
    let inputs = inputs(&specs);
    let model = no_panic("the real specs", || codegen::model(&inputs)).expect("the real specs");
    let mut with_json = 0;
    for op in &model.operations {
        match &op.response {
            ResponseKind::Json(_) | ResponseKind::ByStatus(_) => {
                with_json += 1;
                assert!(op.example.is_some(), "{} has no example", op.id);
            }
            _ => assert_eq!(op.example, None, "{}", op.id),
        }
    }
    assert!(with_json > 30, "{with_json} operations with a JSON success");
    // The spec's own example, as written (it fits `MonthlyBill`).
    assert_eq!(
        example(&model, "getBilling"),
        Some(json!({
            "amount": 28734,
            "currency": "JPY",
            "paymentStatus": "paid",
            "paymentTransactionId": "12345678901234567_xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx",
            "state": "closed",
            "yearMonth": "202208",
        }))
    );
    // Built: every field, `yearMonth` (`format: yyyyMM`) a valid month.
    let summary = example(&model, "getBillingSummaryOfSims").unwrap();
    assert_eq!(summary[0]["yearMonth"], json!("202401"));
    assert_eq!(
        summary[0]["costBreakdownList"].as_array().map(Vec::len),
        Some(1)
    );
}

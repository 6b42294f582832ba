//! `fixtures/allof_shapes.yaml` (case `10-allof-required-only-member`): decodes real JSON into the types generated from `codegen/tests/fixtures/allof_shapes.yaml`
//! (issue 11, `allOf` as people write it), and builds them: a property made required by another
//! `allOf` member, or written beside `allOf`, must be there; a nullable `$ref` accepts `null`.

use openapi_client_golden_allof_shapes::models::{
    MemoTransfer, NewTransfer, Payment, Receipt, Shapes, Status, Union,
};
use serde_json::json;

/// The message of the error decoding `value` as `T`, failing the test if it decodes.
fn decode_error<T: serde::de::DeserializeOwned + std::fmt::Debug>(
    value: serde_json::Value,
) -> String {
    match serde_json::from_value::<T>(value.clone()) {
        Ok(decoded) => panic!("{value} decoded as {decoded:?}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn a_required_only_member_makes_the_other_members_properties_required() {
    let t: NewTransfer = serde_json::from_str(r#"{"from":"a","to":"b","amount":1.5}"#).unwrap();
    assert_eq!(
        (t.from.as_str(), t.to.as_str(), t.amount, t.memo),
        ("a", "b", 1.5, None)
    );
    let t: NewTransfer =
        serde_json::from_str(r#"{"from":"a","to":"b","amount":2,"memo":"rent"}"#).unwrap();
    assert_eq!((t.amount, t.memo.as_deref()), (2.0, Some("rent")));

    let message = decode_error::<NewTransfer>(json!({"from": "a", "to": "b"}));
    assert!(message.contains("missing field `amount`"), "{message}");
    let message = decode_error::<NewTransfer>(json!({"to": "b", "amount": 1.5}));
    assert!(message.contains("missing field `from`"), "{message}");
    // Through an allOf of that allOf, `memo` is required too.
    let message = decode_error::<MemoTransfer>(json!({"from": "a", "to": "b", "amount": 1.5}));
    assert!(message.contains("missing field `memo`"), "{message}");
}

#[test]
fn a_required_field_must_be_set_before_build() {
    let error = NewTransfer::builder()
        .from("a")
        .to("b")
        .build()
        .unwrap_err();
    assert_eq!(
        (error.type_name(), error.field()),
        ("NewTransfer", "amount")
    );
    assert!(error.to_string().contains("`amount`"), "{error}");
    let t = NewTransfer::builder()
        .from("a")
        .to("b")
        .amount(1.5)
        .build()
        .unwrap();
    assert_eq!((t.amount, t.memo.as_deref()), (1.5, None));
    assert_eq!(
        serde_json::to_value(&t).unwrap(),
        json!({"from": "a", "to": "b", "amount": 1.5})
    );
}

#[test]
fn properties_and_required_beside_all_of_are_merged() {
    let p: Payment =
        serde_json::from_value(json!({"id": "p1", "amount": 3.0, "note": "n"})).unwrap();
    assert_eq!(
        (p.id.as_str(), p.amount, p.note.as_deref(), p.from),
        ("p1", 3.0, Some("n"), None)
    );
    let message = decode_error::<Payment>(json!({"amount": 3.0}));
    assert!(message.contains("missing field `id`"), "{message}");
    let message = decode_error::<Payment>(json!({"id": "p1"}));
    assert!(message.contains("missing field `amount`"), "{message}");

    let r: Receipt = serde_json::from_value(json!({"number": 7, "from": "a"})).unwrap();
    assert_eq!((r.number, r.from.as_str()), (7, "a"));
    let message = decode_error::<Receipt>(json!({"number": 7}));
    assert!(message.contains("missing field `from`"), "{message}");
}

#[test]
fn required_is_the_union_of_every_members_list() {
    let full = json!({"a": "1", "b": "2", "c": "3", "d": "4", "f": true});
    let u: Union = serde_json::from_value(full.clone()).unwrap();
    assert_eq!(
        (
            u.a.as_str(),
            u.b.as_str(),
            u.c.as_str(),
            u.d.as_str(),
            u.f,
            u.e
        ),
        ("1", "2", "3", "4", true, None)
    );
    for name in ["a", "b", "c", "d", "f"] {
        let mut partial = full.clone();
        partial.as_object_mut().unwrap().remove(name);
        let message = decode_error::<Union>(partial);
        assert!(
            message.contains(&format!("missing field `{name}`")),
            "{message}"
        );
    }
}

#[test]
fn nullable_refs_accept_null_and_a_value() {
    let transfer = json!({"from": "a", "to": "b", "amount": 1.5});
    let s: Shapes = serde_json::from_value(json!({
        "newTransfer": transfer,
        "memberNullRequired": null,
        "memberNullOptional": {"memo": "m"},
        "siblingNullRequired": {"from": "x"},
        "siblingNullOptional": null,
        "componentNullRequired": null,
        "componentNullTooRequired": {"amount": 2.5},
        "statusRequired": null,
        "inlineRequired": {"amount": 4.0, "tag": "t"},
    }))
    .unwrap();
    assert_eq!(s.new_transfer.amount, 1.5);
    assert!(s.member_null_required.is_none());
    assert_eq!(
        s.member_null_optional
            .as_ref()
            .and_then(|u| u.memo.as_deref()),
        Some("m")
    );
    assert_eq!(
        s.sibling_null_required
            .as_ref()
            .and_then(|u| u.from.as_deref()),
        Some("x")
    );
    assert!(s.sibling_null_optional.is_none());
    assert!(s.component_null_required.is_none());
    assert_eq!(
        s.component_null_too_required
            .as_ref()
            .and_then(|u| u.amount),
        Some(2.5)
    );
    assert!(s.status_required.is_none());
    let inline = s.inline_required.as_ref().expect("a value");
    assert_eq!((inline.amount, inline.tag.as_str()), (4.0, "t"));

    // The other way round: values where there were nulls.
    let s: Shapes = serde_json::from_value(json!({
        "newTransfer": transfer,
        "memberNullRequired": {"to": "y"},
        "componentNullRequired": {"memo": "c"},
        "componentNullTooRequired": null,
        "statusRequired": "done",
        "inlineRequired": null,
    }))
    .unwrap();
    assert_eq!(
        s.member_null_required
            .as_ref()
            .and_then(|u| u.to.as_deref()),
        Some("y")
    );
    assert_eq!(
        s.component_null_required
            .as_ref()
            .and_then(|u| u.memo.as_deref()),
        Some("c")
    );
    assert!(s.component_null_too_required.is_none());
    assert_eq!(s.status_required, Some(Status::Done));
    assert!(s.inline_required.is_none());
    // A required nullable field is written, as `null` when it is `None`.
    let written = serde_json::to_value(&s).unwrap();
    assert_eq!(written["componentNullTooRequired"], serde_json::Value::Null);
    assert_eq!(written["memberNullRequired"], json!({"to": "y"}));

    // The inline allOf's own required property must be there.
    let message = decode_error::<Shapes>(json!({
        "newTransfer": transfer,
        "inlineRequired": {"amount": 4.0},
    }));
    assert!(message.contains("missing field `tag`"), "{message}");
}

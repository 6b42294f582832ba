//! `fixtures/decoding.yaml`: the printed `Deserialize` of structs (codegen/src/emit/deserialize.rs)
//! reads every kind of field as `#[derive(Deserialize)]` did, with serde's error texts, whatever
//! the keys and names; and over HTTP a body that does not fit is a `Decode` error at its path.

use openapi_client_golden_decoding::models::{Empty, Record, D};
use openapi_client_golden_decoding::{Client, Error};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const FULL: &str = r#"{
    "id": 7,
    "note": "first",
    "code": 20231004123456,
    "tags": ["a", "b"],
    "labels": {"k": "v"},
    "child": {"id": 8, "note": null, "child": {"id": 9, "note": "deep"}},
    "nothing": {"anything": [1, {"nested": true}]},
    "x-count": 3,
    "type": "plain",
    "unknown": {"a": [1, 2, {"b": null}]},
    "another": "skipped"
}"#;

fn decode<T: serde::de::DeserializeOwned>(json: &str) -> Result<T, String> {
    serde_json::from_str(json).map_err(|e| e.to_string())
}

#[test]
fn every_kind_of_field_decodes_and_unknown_keys_are_skipped() {
    let record: Record = decode(FULL).unwrap();
    assert_eq!(record.id, 7);
    assert_eq!(record.note.as_deref(), Some("first"));
    assert_eq!(record.code.as_deref(), Some("20231004123456"), "lenient");
    assert_eq!(
        record.tags.as_deref(),
        Some(&["a".to_owned(), "b".to_owned()][..])
    );
    assert_eq!(record.labels.as_ref().unwrap()["k"], "v");
    let child = record.child.as_deref().unwrap();
    assert_eq!((child.id, child.note.as_deref()), (8, None));
    assert_eq!(
        child.child.as_deref().unwrap().note.as_deref(),
        Some("deep")
    );
    assert_eq!(record.nothing, Some(Empty::default()));
    assert_eq!(record.x_count, Some(3));
    assert_eq!(record.r#type.as_deref(), Some("plain"));
    // What it encodes back is what it read, less the keys it does not know.
    let mut expected: serde_json::Value = serde_json::from_str(FULL).unwrap();
    let object = expected.as_object_mut().unwrap();
    object.remove("unknown");
    object.remove("another");
    object["code"] = json!("20231004123456");
    object["child"]["child"]["note"] = json!("deep");
    object["nothing"] = json!({});
    assert_eq!(serde_json::to_value(&record).unwrap(), expected);
}

#[test]
fn absent_and_null_optional_fields_are_none_and_a_required_one_is_missing() {
    let record: Record = decode(r#"{"id": 1}"#).unwrap();
    assert_eq!(record.note, None, "required but nullable: absent is null");
    assert!(record.code.is_none() && record.tags.is_none() && record.child.is_none());
    let record: Record =
        decode(r#"{"id": 1, "note": null, "tags": null, "x-count": null}"#).unwrap();
    assert!(record.note.is_none() && record.tags.is_none() && record.x_count.is_none());
    let error = decode::<Record>(r#"{"note": "n"}"#).unwrap_err();
    assert!(error.starts_with("missing field `id`"), "{error}");
    let error = decode::<D>(r#"{}"#).unwrap_err();
    assert!(error.starts_with("missing field `deserializer`"), "{error}");
}

#[test]
fn errors_keep_serdes_words() {
    let error = decode::<Record>(r#"{"id": 1, "id": 2}"#).unwrap_err();
    assert!(error.starts_with("duplicate field `id`"), "{error}");
    let error = decode::<Record>(r#"{"id": 1, "code": 1, "code": "2"}"#).unwrap_err();
    assert!(error.starts_with("duplicate field `code`"), "{error}");
    // serde's sequence form of a struct is not JSON an API sends: refused.
    let error = decode::<Record>(r#"[1, null]"#).unwrap_err();
    assert!(error.contains("expected struct Record"), "{error}");
    let error = decode::<Record>(r#"null"#).unwrap_err();
    assert!(error.contains("expected struct Record"), "{error}");
    let error = decode::<Record>(r#"{"id": "1"}"#).unwrap_err();
    assert!(
        error.starts_with("invalid type: string \"1\", expected i64"),
        "{error}"
    );
    let error = decode::<Record>(r#"{"id": 1, "code": true}"#).unwrap_err();
    assert!(error.starts_with("invalid type: boolean `true`"), "{error}");
    let error = decode::<Empty>(r#"[]"#).unwrap_err();
    assert!(error.contains("expected struct Empty"), "{error}");
}

#[test]
fn keys_decode_borrowed_copied_or_owned() {
    // Borrowed from the text, copied when written with an escape, owned in a `Value`, read from
    // a reader (never borrowed): the same field each time.
    let escaped: Record = decode(r#"{"\u0069d": 2, "x-\u0063ount": 4}"#).unwrap();
    assert_eq!((escaped.id, escaped.x_count), (2, Some(4)));
    let owned: Record = serde_json::from_value(json!({"id": 3, "type": "t"})).unwrap();
    assert_eq!((owned.id, owned.r#type.as_deref()), (3, Some("t")));
    let read: Record = serde_json::from_reader(FULL.as_bytes()).unwrap();
    assert_eq!(read, decode::<Record>(FULL).unwrap());
}

#[test]
fn names_the_visitor_uses_are_plain_fields_here() {
    let d: D = decode(
        r#"{"deserializer": "1", "map": "2", "key": "3", "name": "4", "f": "5", "value": "6",
            "a": {"d": 7}, "visitor": {"value": 8}, "keys": {"index": 9},
            "locals": {"é_é_map": "m", "é_é_key": "k", "é_é_index": "i", "é_é_state": "s"}}"#,
    )
    .unwrap();
    let texts = [&d.map, &d.key, &d.name, &d.f, &d.value].map(|v| v.as_deref().unwrap());
    assert_eq!(d.deserializer, "1");
    assert_eq!(texts, ["2", "3", "4", "5", "6"]);
    assert_eq!(d.a.unwrap().d, Some(7));
    assert_eq!(d.visitor.unwrap().value, Some(8));
    assert_eq!(d.keys.unwrap().index, Some(9));
    let locals = d.locals.unwrap();
    let texts = [&locals.map, &locals.key, &locals.index, &locals.state];
    assert_eq!(texts.map(|v| v.as_deref().unwrap()), ["m", "k", "i", "s"]);
    let written = serde_json::to_value(&locals).unwrap();
    assert_eq!(
        written,
        json!({"é_é_map": "m", "é_é_key": "k", "é_é_index": "i", "é_é_state": "s"})
    );
}

#[tokio::test]
async fn over_http_a_body_that_does_not_fit_is_a_decode_error_at_its_path() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/records/7"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(FULL, "application/json"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/records/8"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            r#"{"id": 8, "child": {"id": 9, "tags": ["a", 2]}}"#,
            "application/json",
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/records/9"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            r#"{"child": {"note": "no id"}, "id": 9}"#,
            "application/json",
        ))
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    let record = client.get_record(7).await.unwrap();
    assert_eq!(record, decode::<Record>(FULL).unwrap());
    match client.get_record(8).await {
        Err(Error::Decode { path, message, .. }) => {
            assert_eq!(path, "child.tags[1]", "{message}");
            assert!(message.contains("expected a string"), "{message}");
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
    match client.get_record(9).await {
        Err(Error::Decode { path, message, .. }) => {
            assert_eq!(path, "child", "{message}");
            assert!(message.contains("missing field `id`"), "{message}");
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[test]
fn a_format_with_counted_maps_reads_back_what_was_written() {
    // CBOR writes the field count a struct announces before its fields: a count that differs
    // from the fields written would not read back. Optional fields absent and present, a
    // nullable required one null, nested structs.
    for json in [
        FULL,
        r#"{"id": 1}"#,
        r#"{"id": 1, "note": null, "child": {"id": 2}}"#,
    ] {
        let record: Record = decode(json).unwrap();
        let mut cbor = Vec::new();
        ciborium::into_writer(&record, &mut cbor).unwrap();
        let back: Record = ciborium::from_reader(cbor.as_slice()).unwrap();
        assert_eq!(back, record, "{json}");
    }
}

//! `fixtures/integer_formats.yaml` (case `03-uint64`): each integer format holds its whole range,
//! in fields, lists, maps and parameters, and a value outside it is a `Decode` error naming its
//! JSON path, never a wrapped number.

use openapi_client_golden_integer_formats::{Client, Error};
use serde_json::Value;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Every field at the edge of its type.
const EDGES: &str = r#"{
    "sizeBytes": 18446744073709551615,
    "inodes": 4294967295,
    "offset": -9223372036854775808,
    "counter": 18446744073709551615,
    "tiny": -128,
    "small": -32768,
    "byte": 255,
    "port": 65535,
    "plain": 9223372036854775807,
    "widened": 4294967295,
    "ranged": 4294967295,
    "huge": -1,
    "history": [0, 18446744073709551615],
    "flags": {"a": 255, "b": 0}
}"#;

async fn answering(body: &str) -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body.to_owned(), "application/json"))
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    (server, client)
}

#[tokio::test]
async fn every_format_holds_its_whole_range_and_re_encodes_unchanged() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/volumes/4294967295"))
        .and(query_param("minSize", "18446744073709551615"))
        .and(query_param("delta", "-128"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(EDGES, "application/json"))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    let volume = client
        .list_volumes(u32::MAX)
        .min_size(u64::MAX)
        .delta(i8::MIN)
        .await
        .unwrap();
    assert_eq!(volume.size_bytes, u64::MAX);
    assert_eq!(volume.inodes, Some(u32::MAX));
    assert_eq!(volume.offset, Some(i64::MIN));
    assert_eq!(volume.counter, Some(u64::MAX));
    assert_eq!(volume.tiny, Some(i8::MIN));
    assert_eq!(volume.small, Some(i16::MIN));
    assert_eq!(volume.byte, Some(u8::MAX));
    assert_eq!(volume.port, Some(u16::MAX));
    assert_eq!(volume.plain, Some(i64::MAX));
    assert_eq!(volume.widened, Some(4_294_967_295_i64));
    assert_eq!(volume.history, Some(vec![0, u64::MAX]));
    assert_eq!(
        volume.flags.as_ref().and_then(|f| f.get("a")),
        Some(&255_u8)
    );
    // Sent back as received: no digit lost or changed.
    let encoded = serde_json::to_value(&volume).unwrap();
    let received: Value = serde_json::from_str(EDGES).unwrap();
    assert_eq!(encoded, received);
}

#[tokio::test]
async fn a_value_outside_its_type_is_a_decode_error_naming_its_path() {
    for (body, at) in [
        (r#"{"sizeBytes": -1}"#, "sizeBytes"),
        (r#"{"sizeBytes": 18446744073709551616}"#, "sizeBytes"),
        (r#"{"sizeBytes": 1, "inodes": 4294967296}"#, "inodes"),
        (r#"{"sizeBytes": 1, "tiny": 128}"#, "tiny"),
        (r#"{"sizeBytes": 1, "small": -32769}"#, "small"),
        (r#"{"sizeBytes": 1, "byte": 256}"#, "byte"),
        (r#"{"sizeBytes": 1, "port": -1}"#, "port"),
        (r#"{"sizeBytes": 1, "plain": 9223372036854775808}"#, "plain"),
        (r#"{"sizeBytes": 1, "history": [1, -1]}"#, "history[1]"),
        (r#"{"sizeBytes": 1, "flags": {"a": 256}}"#, "flags.a"),
    ] {
        let (_server, client) = answering(body).await;
        match client.list_volumes(1).await {
            Err(Error::Decode { path, .. }) => assert_eq!(path, at, "{body}"),
            other => panic!("{body}: expected a decode error at {at}, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn a_list_of_unsigned_parameters_is_sent_whole() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/volumes/0"))
        .and(query_param("sizes", "18446744073709551615"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(r#"{"sizeBytes": 0}"#, "application/json"),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    let volume = client.list_volumes(0).sizes(vec![u64::MAX]).await.unwrap();
    assert_eq!(volume.size_bytes, 0);
}

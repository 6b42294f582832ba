//! Compressed answers: with the default `compression` feature the client asks for gzip, deflate,
//! brotli and zstd and decodes each; a coding it cannot decode is said to be one, never blamed
//! on the spec. Without any decoder (`--no-default-features --features rustls`) it asks for
//! `identity`.

mod common;

use common::{base, call, client, received};
use openapi_client_runtime::__private as rt;
use rt::{Error, Method, Operation, RetryPolicy};
use serde::Deserialize;
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

static GET_SUBSCRIBER: Operation = Operation {
    id: "getSubscriber",
    method: Method::Get,
    path: "/subscribers/001010000000001",
    security: &[],
};

const BODY: &[u8] = br#"{"imsi":"001010000000001","status":"active"}"#;

#[derive(Debug, Deserialize, PartialEq)]
struct Subscriber {
    imsi: String,
    status: String,
}

/// A server answering `body` with `Content-Encoding: coding`.
async fn answering(coding: &str, body: Vec<u8>) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(path("/v1/subscribers/001010000000001"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-encoding", coding)
                .set_body_raw(body, "application/json"),
        )
        .mount(&server)
        .await;
    server
}

#[cfg(feature = "compression")]
fn compressed(coding: &str) -> Vec<u8> {
    use std::io::Write;
    match coding {
        "gzip" => {
            let mut encoder =
                flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
            encoder.write_all(BODY).unwrap();
            encoder.finish().unwrap()
        }
        // HTTP's `deflate` is the zlib format (RFC 9110, 8.4.1.2).
        "deflate" => {
            let mut encoder =
                flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
            encoder.write_all(BODY).unwrap();
            encoder.finish().unwrap()
        }
        "br" => {
            let mut out = Vec::new();
            {
                let mut encoder = brotli::CompressorWriter::new(&mut out, 4096, 5, 22);
                encoder.write_all(BODY).unwrap();
            }
            out
        }
        "zstd" => zstd::encode_all(BODY, 3).unwrap(),
        other => panic!("no encoder for {other}"),
    }
}

#[cfg(feature = "compression")]
#[tokio::test]
async fn every_coding_asked_for_is_decoded() {
    for coding in ["gzip", "deflate", "br", "zstd"] {
        let body = compressed(coding);
        assert_ne!(body, BODY);
        let server = answering(coding, body).await;
        let client = client(&base(&server), RetryPolicy::disabled());
        let subscriber: Subscriber = call(&client, &GET_SUBSCRIBER)
            .await
            .unwrap_or_else(|e| panic!("{coding}: {e}"));
        assert_eq!(
            subscriber,
            Subscriber {
                imsi: "001010000000001".into(),
                status: "active".into()
            },
            "{coding}"
        );
        let requests = received(&server).await;
        let accepted = requests[0]
            .headers
            .get("accept-encoding")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        for asked in ["gzip", "deflate", "br", "zstd"] {
            assert!(accepted.contains(asked), "{asked} not in {accepted:?}");
        }
    }
}

#[tokio::test]
async fn a_coding_the_client_cannot_decode_is_named_not_blamed_on_the_spec() {
    let server = answering("compress", b"\x1f\x9d\x90binary".to_vec()).await;
    let client = client(&base(&server), RetryPolicy::disabled());
    let err = call::<Subscriber>(&client, &GET_SUBSCRIBER)
        .await
        .unwrap_err();
    match &err {
        Error::Decode { path, message, .. } => {
            assert_eq!(path, "");
            assert!(
                message.contains("`Content-Encoding: compress`"),
                "{message}"
            );
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
    let text = err.to_string();
    assert!(text.contains("could not be read as JSON"), "{text}");
    assert!(!text.contains("does not match the spec"), "{text}");
}

#[cfg(not(any(
    feature = "gzip",
    feature = "deflate",
    feature = "brotli",
    feature = "zstd"
)))]
#[tokio::test]
async fn without_decoders_the_client_asks_for_identity() {
    let server = answering("identity", BODY.to_vec()).await;
    let client = client(&base(&server), RetryPolicy::disabled());
    let subscriber: Subscriber = call(&client, &GET_SUBSCRIBER).await.unwrap();
    assert_eq!(subscriber.status, "active");
    let requests = received(&server).await;
    assert_eq!(
        requests[0]
            .headers
            .get("accept-encoding")
            .and_then(|v| v.to_str().ok()),
        Some("identity")
    );
}

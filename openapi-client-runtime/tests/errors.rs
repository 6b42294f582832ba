//! How answers map to `Error`: the `Api` error with status, code, message and raw body from the
//! common error bodies; `Decode` errors naming the JSON path; a 3xx that is returned, not
//! followed; and empty bodies.

mod common;

use common::{base, call, call_unit, client, received};
use openapi_client_runtime::__private as rt;
use openapi_client_runtime::ApiError;
use rt::{Error, Method, Operation, Request, RetryPolicy};
use serde::Deserialize;
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

static GET_THING: Operation = Operation {
    id: "getThing",
    method: Method::Get,
    path: "/thing",
    security: &[],
};

static DELETE_THING: Operation = Operation {
    id: "deleteThing",
    method: Method::Delete,
    path: "/thing",
    security: &[],
};

#[derive(Debug, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
struct Item {
    id: i64,
    name: String,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
struct Listing {
    #[serde(default)]
    item_list: Vec<Item>,
    owner: Option<Owner>,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
struct Owner {
    email_address: String,
}

#[derive(Debug, Default, Deserialize, PartialEq)]
struct AllOptional {
    note: Option<String>,
}

/// A server whose `GET /v1/thing` (and `DELETE`) answers `answer`.
async fn answering(answer: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(path("/v1/thing"))
        .respond_with(answer)
        .mount(&server)
        .await;
    server
}

/// `getThing` against `answer`, decoded as `T`, sent once.
async fn get<T: serde::de::DeserializeOwned>(answer: ResponseTemplate) -> Result<T, Error> {
    let server = answering(answer).await;
    call(&client(&base(&server), RetryPolicy::disabled()), &GET_THING).await
}

/// The server's answer inside `err`, which must be an `Api` error.
fn api_error(err: &Error) -> &ApiError {
    match err {
        Error::Api(api) => api,
        other => panic!("expected an Api error, got {other:?}"),
    }
}

#[tokio::test]
async fn code_and_message_from_a_code_message_body() {
    let body = r#"{"code":"SEM0001","message":"the thing is locked","extra":[1,2]}"#;
    let err = get::<Item>(
        ResponseTemplate::new(409)
            .set_body_raw(body.as_bytes().to_vec(), "application/json;charset=UTF-8"),
    )
    .await
    .unwrap_err();
    assert_eq!(err.status(), Some(409));
    assert_eq!(err.code(), Some("SEM0001"));
    assert_eq!(err.message(), Some("the thing is locked"));
    assert_eq!(err.operation(), Some("getThing"));
    assert_eq!(err.attempts(), 1);
    let api = api_error(&err);
    assert_eq!(api.operation, "getThing");
    assert_eq!(
        &api.body[..],
        body.as_bytes(),
        "the raw body, byte for byte"
    );
    assert_eq!(api.body_text(), body);
    assert_eq!(
        api.content_type.as_deref(),
        Some("application/json;charset=UTF-8")
    );
    assert_eq!(
        err.to_string(),
        "getThing: the server answered HTTP 409: SEM0001: the thing is locked"
    );
}

#[tokio::test]
async fn code_and_message_from_an_error_code_error_message_body() {
    let err = get::<Item>(ResponseTemplate::new(400).set_body_json(
        json!({"errorCode": "AUM0004", "errorMessage": "Invalid request", "ts": 1}),
    ))
    .await
    .unwrap_err();
    assert_eq!(
        (err.status(), err.code(), err.message()),
        (Some(400), Some("AUM0004"), Some("Invalid request"))
    );
}

#[tokio::test]
async fn a_numeric_code_is_kept_as_text() {
    let err =
        get::<Item>(ResponseTemplate::new(400).set_body_json(json!({"code": 42, "message": "no"})))
            .await
            .unwrap_err();
    assert_eq!((err.code(), err.message()), (Some("42"), Some("no")));
}

#[tokio::test]
async fn message_from_a_problem_json_body() {
    let body = json!({
        "type": "https://example.com/probs/invalid",
        "title": "Invalid request",
        "detail": "The request did not match the schema",
        "status": 422,
        "errors": [
            {"name": "limit", "reason": "must be at most 100"},
            {"message": "name is required"},
            "body is too long"
        ]
    });
    let err = get::<Item>(ResponseTemplate::new(422).set_body_raw(
        serde_json::to_vec(&body).unwrap(),
        "application/problem+json",
    ))
    .await
    .unwrap_err();
    let api = api_error(&err);
    assert_eq!(api.status, 422);
    assert_eq!(api.code, None);
    assert_eq!(
        api.message.as_deref(),
        Some("Invalid request: The request did not match the schema (must be at most 100; name is required; body is too long)")
    );
    assert_eq!(
        api.content_type.as_deref(),
        Some("application/problem+json")
    );
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&api.body).unwrap(),
        body
    );
}

#[tokio::test]
async fn a_problem_json_with_a_title_only() {
    let err = get::<Item>(ResponseTemplate::new(403).set_body_raw(
        br#"{"title":"Forbidden","status":403}"#.to_vec(),
        "application/problem+json",
    ))
    .await
    .unwrap_err();
    assert_eq!((err.code(), err.message()), (None, Some("Forbidden")));
}

#[tokio::test]
async fn a_short_text_body_is_the_message_and_html_is_not() {
    let err = get::<Item>(ResponseTemplate::new(400).set_body_string("  bad month  \n"))
        .await
        .unwrap_err();
    assert_eq!((err.code(), err.message()), (None, Some("bad month")));
    assert_eq!(
        err.to_string(),
        "getThing: the server answered HTTP 400: bad month"
    );

    let html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    let err =
        get::<Item>(ResponseTemplate::new(502).set_body_raw(html.as_bytes().to_vec(), "text/html"))
            .await
            .unwrap_err();
    assert_eq!((err.status(), err.message()), (Some(502), None));
    assert_eq!(err.api_error().unwrap().body_text(), html);
    assert!(err.to_string().contains("502 Bad Gateway"), "{err}");
}

#[tokio::test]
async fn an_empty_error_body() {
    let err = get::<Item>(ResponseTemplate::new(404)).await.unwrap_err();
    assert!(err.is_not_found());
    assert_eq!((err.code(), err.message()), (None, None));
    assert!(err.api_error().unwrap().body.is_empty());
    assert_eq!(
        err.to_string(),
        "getThing: the server answered HTTP 404 with an empty body"
    );
}

#[tokio::test]
async fn a_decode_error_names_the_json_path_of_a_wrong_type() {
    let body = json!({"itemList": [{"id": 1, "name": "a"}, {"id": "two", "name": "b"}]});
    let err = get::<Listing>(ResponseTemplate::new(200).set_body_json(&body))
        .await
        .unwrap_err();
    match &err {
        Error::Decode {
            operation,
            status,
            path,
            message,
            excerpt,
        } => {
            assert_eq!((*operation, *status), ("getThing", 200));
            assert_eq!(path, "itemList[1].id");
            assert!(message.contains("invalid type"), "{message}");
            assert_eq!(excerpt, &body.to_string());
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
    assert_eq!(err.status(), Some(200));
    assert!(err.to_string().contains("`itemList[1].id`"), "{err}");
}

#[tokio::test]
async fn a_decode_error_names_the_object_missing_a_field() {
    let body = json!({"itemList": [{"id": 1, "name": "a"}], "owner": {"name": "x"}});
    let err = get::<Listing>(ResponseTemplate::new(200).set_body_json(&body))
        .await
        .unwrap_err();
    match &err {
        Error::Decode { path, message, .. } => {
            assert_eq!(path, "owner");
            assert!(message.contains("emailAddress"), "{message}");
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_body_that_is_not_json_is_said_to_be_so_not_blamed_on_the_spec() {
    let err =
        get::<Listing>(ResponseTemplate::new(200).set_body_string("<html>maintenance</html>"))
            .await
            .unwrap_err();
    match &err {
        Error::Decode { path, excerpt, .. } => {
            assert_eq!(path, "");
            assert_eq!(excerpt, "<html>maintenance</html>");
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
    let text = err.to_string();
    assert!(
        text.starts_with("getThing: the response (HTTP 200) could not be read as JSON: expected value at line 1 column 1"),
        "{text}"
    );
    assert!(!text.contains("spec"), "{text}");
}

#[tokio::test]
async fn a_long_body_is_quoted_only_in_part() {
    let long = "x".repeat(5000);
    let err = get::<Listing>(ResponseTemplate::new(200).set_body_json(json!({"itemList": long})))
        .await
        .unwrap_err();
    match &err {
        Error::Decode {
            path,
            message,
            excerpt,
            ..
        } => {
            assert_eq!(path, "itemList");
            assert!(excerpt.chars().count() <= 513, "{}", excerpt.len());
            assert!(excerpt.ends_with('…'));
            assert!(message.len() <= 520, "{}", message.len());
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_redirect_is_returned_not_followed() {
    let elsewhere = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": 1, "name": "x"})))
        .mount(&elsewhere)
        .await;
    for status in [301, 302, 303, 307, 308] {
        let server = answering(
            ResponseTemplate::new(status)
                .insert_header("location", format!("{}/v1/thing", elsewhere.uri()).as_str()),
        )
        .await;
        let client = common::builder(&base(&server))
            .credential("api_key", "KEY-SECRET")
            .retry(common::quick(3))
            .build()
            .unwrap();
        let err = call::<Item>(&client, &GET_THING).await.unwrap_err();
        assert_eq!((err.status(), err.attempts()), (Some(status), 1), "{err:?}");
        let api = api_error(&err);
        assert_eq!(api.status, status);
        assert_eq!(
            received(&server).await.len(),
            1,
            "HTTP {status}: not retried"
        );
    }
    assert!(
        received(&elsewhere).await.is_empty(),
        "the redirect target was never called"
    );
}

#[tokio::test]
async fn an_empty_body_is_unit() {
    for answer in [
        ResponseTemplate::new(204),
        ResponseTemplate::new(200),
        ResponseTemplate::new(202).set_body_string("  \n"),
        ResponseTemplate::new(200).set_body_json(json!({"ignored": true})),
    ] {
        let server = answering(answer).await;
        let client = client(&base(&server), RetryPolicy::disabled());
        call_unit(&client, &DELETE_THING).await.unwrap();
    }
    // Decoding `()` from an empty body, as an operation declaring a JSON body it may leave
    // empty does.
    get::<()>(ResponseTemplate::new(200)).await.unwrap();
    let none: Option<Item> = get(ResponseTemplate::new(200)).await.unwrap();
    assert_eq!(none, None);
    let empty: AllOptional = get(ResponseTemplate::new(204)).await.unwrap();
    assert_eq!(empty, AllOptional::default());
}

#[tokio::test]
async fn an_empty_body_where_a_value_is_required_is_a_decode_error() {
    let err = get::<Item>(ResponseTemplate::new(200)).await.unwrap_err();
    match &err {
        Error::Decode {
            path,
            status,
            message,
            ..
        } => {
            assert_eq!((path.as_str(), *status), (".", 200));
            assert!(message.contains("empty"), "{message}");
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_text_body_and_its_utf8_check() {
    let server = answering(ResponseTemplate::new(200).set_body_string("id,name\n1,a\n")).await;
    let client = client(&base(&server), RetryPolicy::disabled());
    let text = client
        .execute(Request::new(&GET_THING))
        .await
        .unwrap()
        .text()
        .unwrap();
    assert_eq!(text, "id,name\n1,a\n");

    let server =
        answering(ResponseTemplate::new(200).set_body_raw(vec![0xff, 0xfe, b'a'], "text/plain"))
            .await;
    let client = common::client(&base(&server), RetryPolicy::disabled());
    let err = client
        .execute(Request::new(&GET_THING))
        .await
        .unwrap()
        .text()
        .unwrap_err();
    assert!(
        matches!(&err, Error::Decode { path, .. } if path == "."),
        "{err:?}"
    );
    let bytes = client
        .execute(Request::new(&GET_THING))
        .await
        .unwrap()
        .into_body();
    assert_eq!(&bytes[..], &[0xff, 0xfe, b'a']);
}

#[tokio::test]
async fn errors_are_std_errors_with_their_sources() {
    let base = format!("http://127.0.0.1:{}/v1", common::closed_port());
    let err = call::<Item>(&client(&base, RetryPolicy::disabled()), &GET_THING)
        .await
        .unwrap_err();
    let source = std::error::Error::source(&err).expect("a transport error has a source");
    assert!(source
        .downcast_ref::<openapi_client_runtime::reqwest::Error>()
        .is_some());

    let api = get::<Item>(ResponseTemplate::new(500)).await.unwrap_err();
    assert!(std::error::Error::source(&api).is_none());
}

#[tokio::test]
async fn a_layer_error_is_read_back_with_downcast_ref() {
    #[derive(Debug)]
    struct ExportFailed(&'static str);
    impl std::fmt::Display for ExportFailed {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "the export failed: {}", self.0)
        }
    }
    impl std::error::Error for ExportFailed {}

    let err = Error::other("exportThings", ExportFailed("disk full"));
    assert_eq!(err.operation(), Some("exportThings"));
    assert_eq!(err.downcast_ref::<ExportFailed>().unwrap().0, "disk full");
    assert!(err.downcast_ref::<std::io::Error>().is_none());
    assert_eq!(
        err.to_string(),
        "exportThings: the export failed: disk full"
    );
}

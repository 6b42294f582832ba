//! The predicates a caller acts on: `is_rate_limited`, `is_server_error` and `is_outcome_unknown`
//! (may a failed `POST` have been applied?), each against a real answer or a real broken
//! connection on loopback.

mod common;

use std::time::Duration;

use common::{base, call_unit, closed_port, quick, raw_server, response, Action};
use openapi_client_runtime::__private as rt;
use rt::{Error, Method, Operation, RetryPolicy};
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

static CREATE_ORDER: Operation = Operation {
    id: "createOrder",
    method: Method::Post,
    path: "/orders",
    security: &[],
};

/// The error of one `POST /v1/orders` answered with `status`.
async fn post_answered(status: u16) -> Error {
    let server = MockServer::start().await;
    Mock::given(path("/v1/orders"))
        .respond_with(ResponseTemplate::new(status).set_body_string("{}"))
        .mount(&server)
        .await;
    let client = common::client(&base(&server), quick(3));
    call_unit(&client, &CREATE_ORDER).await.unwrap_err()
}

/// `(rate limited, server error, outcome unknown)`.
fn verdict(err: &Error) -> (bool, bool, bool) {
    (
        err.is_rate_limited(),
        err.is_server_error(),
        err.is_outcome_unknown(),
    )
}

#[tokio::test]
async fn answers_by_status() {
    for (status, expected) in [
        (429, (true, false, false)),
        (500, (false, true, true)),
        (503, (false, true, true)),
        (400, (false, false, false)),
        (404, (false, false, false)),
        (409, (false, false, false)),
    ] {
        let err = post_answered(status).await;
        assert_eq!(verdict(&err), expected, "HTTP {status}: {err}");
        // A POST is never sent again by the runtime.
        assert_eq!(err.attempts(), 1, "HTTP {status}");
    }
}

#[tokio::test]
async fn a_connection_lost_after_sending_leaves_the_outcome_unknown() {
    let server = raw_server(|_| Action::Close).await;
    let client = common::client(&server.base, quick(3));
    let err = call_unit(&client, &CREATE_ORDER).await.unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert_eq!(verdict(&err), (false, false, true), "{err}");
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn a_timeout_after_sending_leaves_the_outcome_unknown() {
    let server = raw_server(|_| Action::Stall).await;
    let client = common::builder(&server.base)
        .timeout(Duration::from_millis(200))
        .retry(RetryPolicy::disabled())
        .build()
        .unwrap();
    let err = call_unit(&client, &CREATE_ORDER).await.unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert!(err.is_outcome_unknown(), "{err}");
}

#[tokio::test]
async fn a_connection_never_made_was_not_applied() {
    let base = format!("http://127.0.0.1:{}/v1", closed_port());
    let client = common::client(&base, RetryPolicy::disabled());
    let err = call_unit(&client, &CREATE_ORDER).await.unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert_eq!(verdict(&err), (false, false, false), "{err}");
}

#[tokio::test]
async fn a_refusal_before_sending_was_not_applied() {
    let server = raw_server(|_| Action::Respond(response("200 OK", &[], ""))).await;
    let client = common::client(&server.base, RetryPolicy::disabled());
    let mut request = rt::Request::new(&CREATE_ORDER);
    request.header("x-bad", "line\nbreak");
    let err = client.execute(request).await.unwrap_err();
    assert!(matches!(err, Error::InvalidInput { .. }), "{err:?}");
    assert!(!err.is_outcome_unknown());
    assert_eq!(server.count(), 0);
}

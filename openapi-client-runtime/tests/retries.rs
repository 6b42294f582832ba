//! Retries against servers on 127.0.0.1: which answers and failures are tried again, for which
//! methods, how many times, and how long the runtime waits when the server says how long.

mod common;

use std::time::{Duration, Instant};

use common::{base, call, call_unit, client, quick, raw_server, received, response, Action};
use openapi_client_runtime::__private as rt;
use rt::{ClientBuilder, Error, Method, Operation, RetryPolicy};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

static GET_THING: Operation = Operation {
    id: "getThing",
    method: Method::Get,
    path: "/thing",
    security: &[],
};

static PUT_THING: Operation = Operation {
    id: "putThing",
    method: Method::Put,
    path: "/thing",
    security: &[],
};

static DELETE_THING: Operation = Operation {
    id: "deleteThing",
    method: Method::Delete,
    path: "/thing",
    security: &[],
};

static CREATE_THING: Operation = Operation {
    id: "createThing",
    method: Method::Post,
    path: "/thing",
    security: &[],
};

static PATCH_THING: Operation = Operation {
    id: "patchThing",
    method: Method::Patch,
    path: "/thing",
    security: &[],
};

/// Lists only `Retry-After`.
static RETRY_AFTER_ONLY: rt::Api = rt::Api {
    servers: &[],
    span: rt::call_span!("retry_after_only_call"),
    wait_headers: &["Retry-After"],
    user_agent: "runtime-tests/0.1.0",
};

/// Lists only a made-up rate-limit header.
static RATE_LIMIT_ONLY: rt::Api = rt::Api {
    servers: &[],
    span: rt::call_span!("rate_limit_only_call"),
    wait_headers: &["X-RateLimit-Reset-After"],
    user_agent: "runtime-tests/0.1.0",
};

/// Lists no wait header at all.
static NO_WAIT_HEADERS: rt::Api = rt::Api {
    servers: &[],
    span: rt::call_span!("no_wait_headers_call"),
    wait_headers: &[],
    user_agent: "runtime-tests/0.1.0",
};

/// `first` for the first `times` requests to `verb /v1/thing`, then `then`.
async fn server_with(
    verb: &str,
    times: u64,
    first: ResponseTemplate,
    then: ResponseTemplate,
) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method(verb))
        .and(path("/v1/thing"))
        .respond_with(first)
        .up_to_n_times(times)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method(verb))
        .and(path("/v1/thing"))
        .respond_with(then)
        .with_priority(2)
        .mount(&server)
        .await;
    server
}

fn ok() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"id": 7}))
}

#[tokio::test]
async fn a_get_is_retried_on_429_and_5xx_up_to_max_attempts() {
    for status in [429, 500, 502, 503, 504] {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/v1/thing"))
            .respond_with(
                ResponseTemplate::new(status)
                    .set_body_json(json!({"code": "BUSY", "message": "try later"})),
            )
            .mount(&server)
            .await;
        let err = call::<serde_json::Value>(&client(&base(&server), quick(3)), &GET_THING)
            .await
            .unwrap_err();
        assert_eq!(received(&server).await.len(), 3, "HTTP {status}");
        assert_eq!(err.attempts(), 3, "HTTP {status}: {err:?}");
        assert_eq!(err.status(), Some(status));
        assert_eq!(err.code(), Some("BUSY"));
        assert!(err.to_string().ends_with("(after 3 attempts)"), "{err}");
    }
}

#[tokio::test]
async fn a_get_succeeds_after_failed_attempts() {
    let server = server_with("GET", 2, ResponseTemplate::new(503), ok()).await;
    let value: serde_json::Value = call(&client(&base(&server), quick(4)), &GET_THING)
        .await
        .unwrap();
    assert_eq!(value, json!({"id": 7}));
    assert_eq!(received(&server).await.len(), 3);
}

#[tokio::test]
async fn max_attempts_one_and_disabled_send_once() {
    for policy in [quick(1), RetryPolicy::disabled(), quick(0)] {
        let server = server_with("GET", 1, ResponseTemplate::new(503), ok()).await;
        let err = call::<serde_json::Value>(&client(&base(&server), policy), &GET_THING)
            .await
            .unwrap_err();
        assert_eq!((err.status(), err.attempts()), (Some(503), 1));
        assert_eq!(received(&server).await.len(), 1);
    }
}

#[tokio::test]
async fn a_4xx_other_than_429_is_not_retried() {
    for status in [400, 401, 403, 404, 409, 422] {
        let server = server_with("GET", 1, ResponseTemplate::new(status), ok()).await;
        let err = call::<serde_json::Value>(&client(&base(&server), quick(4)), &GET_THING)
            .await
            .unwrap_err();
        assert_eq!((err.status(), err.attempts()), (Some(status), 1));
        assert_eq!(received(&server).await.len(), 1, "HTTP {status}");
    }
}

#[tokio::test]
async fn put_and_delete_are_retried_like_a_get() {
    for (verb, op) in [("PUT", &PUT_THING), ("DELETE", &DELETE_THING)] {
        let server = server_with(
            verb,
            2,
            ResponseTemplate::new(500),
            ResponseTemplate::new(204),
        )
        .await;
        call_unit(&client(&base(&server), quick(4)), op)
            .await
            .unwrap();
        assert_eq!(received(&server).await.len(), 3, "{verb}");
    }
}

#[tokio::test]
async fn post_and_patch_are_not_retried_on_5xx_or_429() {
    for (verb, op) in [("POST", &CREATE_THING), ("PATCH", &PATCH_THING)] {
        for status in [500, 503, 429] {
            let server = server_with(verb, 1, ResponseTemplate::new(status), ok()).await;
            let err = call::<serde_json::Value>(&client(&base(&server), quick(4)), op)
                .await
                .unwrap_err();
            assert_eq!(
                (err.status(), err.attempts()),
                (Some(status), 1),
                "{verb} {status}"
            );
            assert_eq!(received(&server).await.len(), 1, "{verb} {status}");
        }
    }
}

#[tokio::test]
async fn a_connection_cut_after_the_request_was_sent_retries_a_get_but_not_a_post() {
    let server = raw_server(|_| Action::Close).await;
    let client = client(&server.base, quick(3));

    let err = call::<serde_json::Value>(&client, &CREATE_THING)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Transport { attempts: 1, source, .. } if !source.is_connect()),
        "{err:?}"
    );
    assert_eq!(server.count(), 1, "the POST reached the server once only");
    assert!(server.requests.lock().unwrap()[0].starts_with("POST /v1/thing "));

    let err = call::<serde_json::Value>(&client, &GET_THING)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Transport { attempts: 3, .. }),
        "{err:?}"
    );
    assert_eq!(server.count(), 4, "1 POST, then 3 GETs");
}

#[tokio::test]
async fn a_broken_connection_then_success_for_a_get() {
    let server = raw_server(|n| {
        if n == 0 {
            Action::Close
        } else {
            Action::Respond(response(
                "200 OK",
                &[("content-type", "application/json")],
                r#"{"id":7}"#,
            ))
        }
    })
    .await;
    let value: serde_json::Value = call(&client(&server.base, quick(3)), &GET_THING)
        .await
        .unwrap();
    assert_eq!(value["id"], 7);
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn a_refused_connection_is_retried_even_for_a_post() {
    let base = format!("http://127.0.0.1:{}/v1", common::closed_port());
    let err = call::<serde_json::Value>(&client(&base, quick(3)), &CREATE_THING)
        .await
        .unwrap_err();
    match &err {
        Error::Transport {
            operation,
            source,
            attempts,
        } => {
            assert_eq!((*operation, *attempts), ("createThing", 3));
            assert!(source.is_connect(), "{source:?}");
        }
        other => panic!("expected a transport error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_post_reaches_a_server_that_starts_listening_between_attempts() {
    let port = common::closed_port();
    let listening = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(150)).await;
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
            .await
            .expect("bind the port again");
        common::raw_server_on(listener, |_| {
            Action::Respond(response(
                "201 Created",
                &[("content-type", "application/json")],
                r#"{"id":9}"#,
            ))
        })
    });
    let policy = RetryPolicy::new()
        .max_attempts(40)
        .base_delay(Duration::from_millis(20))
        .max_delay(Duration::from_millis(40));
    let base = format!("http://127.0.0.1:{port}/v1");
    let created: serde_json::Value = call(&client(&base, policy), &CREATE_THING).await.unwrap();
    assert_eq!(created["id"], 9);
    let server = listening.await.unwrap();
    assert_eq!(server.count(), 1, "created exactly once");
}

/// A client of `api` at `base` with short backoff, so that only a server's wait takes long, and
/// an overall bound of 2 s, so that a wait taken from the wrong header fails quickly.
fn client_of(api: &'static rt::Api, base: &str) -> rt::Client {
    ClientBuilder::new(api)
        .base_url(base)
        .retry(quick(3))
        .operation_timeout(Duration::from_secs(2))
        .build()
        .unwrap()
}

/// Sends `GET /thing` to a server that answers `first` once, then 200; how long it took.
async fn time_one_retry(api: &'static rt::Api, first: ResponseTemplate) -> Duration {
    let server = server_with("GET", 1, first, ok()).await;
    let started = Instant::now();
    let value: serde_json::Value = call(&client_of(api, &base(&server)), &GET_THING)
        .await
        .unwrap();
    let elapsed = started.elapsed();
    assert_eq!(value["id"], 7);
    assert_eq!(received(&server).await.len(), 2);
    elapsed
}

#[tokio::test]
async fn a_wait_header_the_api_names_is_honoured() {
    // `common::API` lists `X-RateLimit-Reset-After` (in that case); the answer carries it in
    // lowercase.
    for status in [429, 503] {
        let waited = time_one_retry(
            &common::API,
            ResponseTemplate::new(status).insert_header("x-ratelimit-reset-after", "0.4"),
        )
        .await;
        assert!(
            waited >= Duration::from_millis(400) && waited < Duration::from_millis(1500),
            "HTTP {status}: waited {waited:?}"
        );
    }
}

#[tokio::test]
async fn the_wait_header_is_matched_without_regard_to_case() {
    // The API names `X-RateLimit-Reset-After`; this server writes the name in capitals, byte for
    // byte.
    let server = raw_server(|n| {
        if n == 0 {
            Action::Respond(response(
                "429 Too Many Requests",
                &[("X-RATELIMIT-RESET-AFTER", "0.4")],
                "",
            ))
        } else {
            Action::Respond(response(
                "200 OK",
                &[("content-type", "application/json")],
                r#"{"id":7}"#,
            ))
        }
    })
    .await;
    let started = Instant::now();
    let value: serde_json::Value = call(&client_of(&RATE_LIMIT_ONLY, &server.base), &GET_THING)
        .await
        .unwrap();
    let waited = started.elapsed();
    assert_eq!(value["id"], 7);
    assert_eq!(server.count(), 2);
    assert!(
        waited >= Duration::from_millis(400) && waited < Duration::from_millis(1500),
        "waited {waited:?}"
    );
}

#[tokio::test]
async fn retry_after_is_used_when_the_api_lists_it() {
    let waited = time_one_retry(
        &RETRY_AFTER_ONLY,
        ResponseTemplate::new(503).insert_header("Retry-After", "1"),
    )
    .await;
    assert!(
        waited >= Duration::from_secs(1) && waited < Duration::from_millis(1900),
        "waited {waited:?}"
    );
}

#[tokio::test]
async fn the_first_listed_wait_header_wins() {
    // `common::API` lists the rate-limit header before `Retry-After`: 0.3 s, not 3 s (which
    // would run into the 2 s overall timeout).
    let waited = time_one_retry(
        &common::API,
        ResponseTemplate::new(429)
            .insert_header("Retry-After", "3")
            .insert_header("X-RateLimit-Reset-After", "0.3"),
    )
    .await;
    assert!(
        waited >= Duration::from_millis(300) && waited < Duration::from_millis(1500),
        "waited {waited:?}"
    );
}

#[tokio::test]
async fn wait_headers_the_api_does_not_list_are_ignored() {
    // Soracom's header is not built into the runtime, and `Retry-After` counts only when listed.
    let asks_to_wait = || {
        ResponseTemplate::new(429)
            .insert_header("X-Soracom-Ratelimit-Seconds-Before-Refresh", "1")
            .insert_header("Retry-After", "1")
    };
    for api in [&RATE_LIMIT_ONLY, &NO_WAIT_HEADERS] {
        let waited = time_one_retry(api, asks_to_wait()).await;
        assert!(
            waited < Duration::from_millis(500),
            "{:?}: waited {waited:?}",
            api.wait_headers
        );
    }
}

#[tokio::test]
async fn a_wait_header_that_is_not_a_number_of_seconds_falls_back_to_the_next() {
    let waited = time_one_retry(
        &common::API,
        ResponseTemplate::new(503)
            .insert_header("X-RateLimit-Reset-After", "soon")
            .insert_header("Retry-After", "1"),
    )
    .await;
    assert!(
        waited >= Duration::from_secs(1) && waited < Duration::from_millis(1900),
        "waited {waited:?}"
    );
}

#[tokio::test]
async fn the_server_wait_is_capped_by_max_delay() {
    let server = server_with(
        "GET",
        1,
        ResponseTemplate::new(429).insert_header("X-RateLimit-Reset-After", "30"),
        ok(),
    )
    .await;
    let client = ClientBuilder::new(&common::API)
        .base_url(base(&server))
        .retry(quick(3).max_delay(Duration::from_millis(100)))
        .operation_timeout(Duration::from_secs(2))
        .build()
        .unwrap();
    let started = Instant::now();
    call::<serde_json::Value>(&client, &GET_THING)
        .await
        .unwrap();
    assert!(
        started.elapsed() < Duration::from_millis(1000),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn a_post_is_not_retried_even_when_the_server_names_a_wait() {
    let server = server_with(
        "POST",
        1,
        ResponseTemplate::new(429).insert_header("X-RateLimit-Reset-After", "0.1"),
        ok(),
    )
    .await;
    let err = call::<serde_json::Value>(&client_of(&common::API, &base(&server)), &CREATE_THING)
        .await
        .unwrap_err();
    assert_eq!((err.status(), err.attempts()), (Some(429), 1));
    assert_eq!(received(&server).await.len(), 1);
}

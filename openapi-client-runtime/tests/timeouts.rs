//! Timeouts: of one attempt (`timeout`), of the whole call with its retries
//! (`operation_timeout`), and of making the connection (`connect_timeout`).

mod common;

use std::time::{Duration, Instant};

use common::{base, builder, call, quick, raw_server, received, response, Action};
use openapi_client_runtime::__private as rt;
use rt::{Error, Method, Operation, RetryPolicy};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

static GET_THING: Operation = Operation {
    id: "getThing",
    method: Method::Get,
    path: "/thing",
    security: &[],
};

static CREATE_THING: Operation = Operation {
    id: "createThing",
    method: Method::Post,
    path: "/thing",
    security: &[],
};

/// Runs `call` for at most 2 s, so that a broken operation timeout fails the test quickly.
async fn bounded<T>(call: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(2), call)
        .await
        .expect("the operation timeout should have ended the call")
}

/// The per-attempt timeout error: `Timeout` with reqwest's error as its source.
fn assert_attempt_timeout(err: &Error, expected_attempts: u32) {
    match err {
        Error::Timeout {
            source: Some(source),
            attempts,
            ..
        } => {
            assert!(source.is_timeout(), "{source:?}");
            assert_eq!(*attempts, expected_attempts, "{err:?}");
        }
        other => panic!("expected an attempt's timeout, got {other:?}"),
    }
    assert!(err.is_timeout());
    assert!(err.status().is_none());
}

#[tokio::test]
async fn an_attempt_that_gets_no_answer_times_out() {
    let server = raw_server(|_| Action::Stall).await;
    let client = builder(&server.base)
        .timeout(Duration::from_millis(200))
        .retry(RetryPolicy::disabled())
        .build()
        .unwrap();
    let started = Instant::now();
    let err = call::<serde_json::Value>(&client, &GET_THING)
        .await
        .unwrap_err();
    let elapsed = started.elapsed();
    assert_attempt_timeout(&err, 1);
    assert_eq!(err.operation(), Some("getThing"));
    assert!(
        elapsed >= Duration::from_millis(200) && elapsed < Duration::from_secs(1),
        "{elapsed:?}"
    );
    assert!(err.to_string().contains("timed out"), "{err}");
}

#[tokio::test]
async fn the_attempt_timeout_covers_reading_the_body() {
    let head =
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{\"id\":"
            .to_vec();
    let server = raw_server(move |_| Action::StallAfter(head.clone())).await;
    let client = builder(&server.base)
        .timeout(Duration::from_millis(200))
        .retry(RetryPolicy::disabled())
        .build()
        .unwrap();
    let started = Instant::now();
    let err = call::<serde_json::Value>(&client, &GET_THING)
        .await
        .unwrap_err();
    assert_attempt_timeout(&err, 1);
    assert!(started.elapsed() < Duration::from_secs(1));
}

#[tokio::test]
async fn a_get_that_times_out_is_retried_then_succeeds() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/thing"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(3)))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/thing"))
        .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"id":1}"#))
        .with_priority(2)
        .mount(&server)
        .await;
    let client = builder(&base(&server))
        .timeout(Duration::from_millis(200))
        .retry(quick(3))
        .build()
        .unwrap();
    let started = Instant::now();
    let value: serde_json::Value = call(&client, &GET_THING).await.unwrap();
    assert_eq!(value["id"], 1);
    assert!(started.elapsed() < Duration::from_secs(1));
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn every_attempt_of_a_get_times_out() {
    let server = raw_server(|_| Action::Stall).await;
    let client = builder(&server.base)
        .timeout(Duration::from_millis(150))
        .retry(quick(3))
        .build()
        .unwrap();
    let err = call::<serde_json::Value>(&client, &GET_THING)
        .await
        .unwrap_err();
    assert_attempt_timeout(&err, 3);
    assert_eq!(server.count(), 3);
}

#[tokio::test]
async fn a_post_that_times_out_after_sending_is_not_retried() {
    let server = raw_server(|_| Action::Stall).await;
    let client = builder(&server.base)
        .timeout(Duration::from_millis(150))
        .retry(quick(3))
        .build()
        .unwrap();
    let err = call::<serde_json::Value>(&client, &CREATE_THING)
        .await
        .unwrap_err();
    assert_attempt_timeout(&err, 1);
    // Give a (wrong) second attempt the time to arrive.
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn the_operation_timeout_bounds_all_attempts_and_waits() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/thing"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let client = builder(&base(&server))
        .retry(
            RetryPolicy::new()
                .max_attempts(1000)
                .base_delay(Duration::from_millis(20))
                .max_delay(Duration::from_millis(40)),
        )
        .operation_timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = bounded(call::<serde_json::Value>(&client, &GET_THING))
        .await
        .unwrap_err();
    let elapsed = started.elapsed();
    assert!(
        elapsed >= Duration::from_millis(300) && elapsed < Duration::from_secs(1),
        "{elapsed:?}"
    );
    match &err {
        Error::Timeout {
            operation,
            source: None,
            attempts,
        } => {
            assert_eq!(*operation, "getThing");
            assert!(*attempts >= 2, "{err:?}");
            assert_eq!(*attempts as usize, received(&server).await.len());
        }
        other => panic!("expected the overall timeout, got {other:?}"),
    }
    assert!(err.is_timeout());
    assert!(err.to_string().contains("overall timeout"), "{err}");
}

#[tokio::test]
async fn the_operation_timeout_cuts_a_single_slow_attempt() {
    let server = raw_server(|_| Action::Stall).await;
    let client = builder(&server.base)
        .timeout(Duration::from_secs(10))
        .operation_timeout(Duration::from_millis(250))
        .retry(quick(3))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = bounded(call::<serde_json::Value>(&client, &GET_THING))
        .await
        .unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(1));
    assert!(
        matches!(
            err,
            Error::Timeout {
                source: None,
                attempts: 1,
                ..
            }
        ),
        "{err:?}"
    );
}

/// A listener on 127.0.0.1 whose accept queue is full, so that the kernel drops further SYNs and
/// a new connection hangs in the handshake; with the sockets that fill it (keep them alive).
async fn full_listener() -> Option<(
    std::net::SocketAddr,
    Vec<tokio::net::TcpStream>,
    tokio::net::TcpListener,
)> {
    let socket = tokio::net::TcpSocket::new_v4().ok()?;
    socket.bind("127.0.0.1:0".parse().unwrap()).ok()?;
    let listener = socket.listen(1).ok()?;
    let address = listener.local_addr().ok()?;
    let mut fillers = Vec::new();
    for _ in 0..8 {
        match tokio::time::timeout(
            Duration::from_millis(100),
            tokio::net::TcpStream::connect(address),
        )
        .await
        {
            Ok(Ok(stream)) => fillers.push(stream),
            // The queue is full: this connection hangs, as the client's will.
            Err(_) => return Some((address, fillers, listener)),
            Ok(Err(_)) => return None,
        }
    }
    None
}

#[tokio::test]
async fn a_connection_that_cannot_be_made_in_time_is_a_timeout() {
    let Some((address, _fillers, _listener)) = full_listener().await else {
        panic!("could not make a listener whose accept queue is full");
    };
    let client = builder(&format!("http://{address}/v1"))
        .connect_timeout(Duration::from_millis(200))
        .timeout(Duration::from_secs(10))
        .retry(RetryPolicy::disabled())
        .build()
        .unwrap();
    let started = Instant::now();
    let err = call::<serde_json::Value>(&client, &CREATE_THING)
        .await
        .unwrap_err();
    let elapsed = started.elapsed();
    assert!(
        elapsed >= Duration::from_millis(200) && elapsed < Duration::from_secs(1),
        "{elapsed:?}"
    );
    match &err {
        Error::Timeout {
            source: Some(source),
            attempts: 1,
            ..
        } => assert!(source.is_connect() && source.is_timeout(), "{source:?}"),
        other => panic!("expected a connect timeout, got {other:?}"),
    }
}

#[tokio::test]
async fn a_connect_timeout_is_retried_even_for_a_post() {
    let Some((address, _fillers, _listener)) = full_listener().await else {
        panic!("could not make a listener whose accept queue is full");
    };
    let client = builder(&format!("http://{address}/v1"))
        .connect_timeout(Duration::from_millis(100))
        .retry(quick(3))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = call::<serde_json::Value>(&client, &CREATE_THING)
        .await
        .unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(1));
    assert!(
        matches!(
            err,
            Error::Timeout {
                source: Some(_),
                attempts: 3,
                ..
            }
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn an_unroutable_address_fails_within_the_connect_timeout() {
    // 10.255.255.1 is not answered: the connection either hangs (a timeout) or the network says
    // it is unreachable at once (a transport error); both within the connect timeout. Plain HTTP
    // is refused for another machine, so this is `https`, which connects the same way first.
    let client = builder("https://10.255.255.1/v1")
        .connect_timeout(Duration::from_millis(300))
        .timeout(Duration::from_secs(10))
        .retry(RetryPolicy::disabled())
        .build()
        .unwrap();
    let started = Instant::now();
    let err = call::<serde_json::Value>(&client, &GET_THING)
        .await
        .unwrap_err();
    let elapsed = started.elapsed();
    assert!(elapsed < Duration::from_millis(1300), "{elapsed:?}");
    match &err {
        Error::Timeout {
            source: Some(source),
            attempts: 1,
            ..
        } => assert!(source.is_connect(), "{source:?}"),
        Error::Transport {
            source,
            attempts: 1,
            ..
        } => assert!(source.is_connect(), "{source:?}"),
        other => panic!("expected a connect failure, got {other:?}"),
    }
}

#[tokio::test]
async fn a_closed_port_is_a_transport_error_at_once() {
    let base = format!("http://127.0.0.1:{}/v1", common::closed_port());
    let client = builder(&base)
        .connect_timeout(Duration::from_secs(5))
        .retry(RetryPolicy::disabled())
        .build()
        .unwrap();
    let started = Instant::now();
    let err = call::<serde_json::Value>(&client, &GET_THING)
        .await
        .unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(1));
    match &err {
        Error::Transport {
            operation,
            source,
            attempts,
        } => {
            assert_eq!((*operation, *attempts), ("getThing", 1));
            assert!(source.is_connect() && !source.is_timeout(), "{source:?}");
        }
        other => panic!("expected a transport error, got {other:?}"),
    }
    assert!(!err.is_timeout());
    assert!(
        err.to_string().starts_with("getThing: the request failed"),
        "{err}"
    );
}

#[tokio::test]
async fn a_fast_answer_is_unaffected_by_short_timeouts() {
    let server = raw_server(|_| {
        Action::Respond(response(
            "200 OK",
            &[("content-type", "application/json")],
            r#"{"id":3}"#,
        ))
    })
    .await;
    let client = builder(&server.base)
        .timeout(Duration::from_millis(500))
        .connect_timeout(Duration::from_millis(500))
        .operation_timeout(Duration::from_millis(800))
        .build()
        .unwrap();
    let value: serde_json::Value = call(&client, &GET_THING).await.unwrap();
    assert_eq!(value["id"], 3);
}

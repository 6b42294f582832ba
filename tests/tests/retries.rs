//! The retry policy against servers on 127.0.0.1 that fail on purpose: rate limits, 5xx, slow
//! answers, refused connections.

use std::time::{Duration, Instant};

use serde_json::json;
use soracom_billing::{Client, Error, RetryPolicy};
use soracom_billing_tests::{base_url, received, start_server, API_KEY, TOKEN};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Retries with short waits, so that only a wait the server asks for takes long.
fn client(base: String, policy: RetryPolicy) -> Client {
    Client::builder()
        .base_url(base)
        .api_key_and_token(API_KEY, TOKEN)
        .retry(policy)
        .build()
        .unwrap()
}

fn quick() -> RetryPolicy {
    RetryPolicy::new()
        .max_attempts(4)
        .base_delay(Duration::from_millis(10))
        .max_delay(Duration::from_secs(5))
}

async fn mount_first(
    server: &MockServer,
    verb: &str,
    route: &str,
    times: u64,
    response: ResponseTemplate,
) {
    Mock::given(method(verb))
        .and(path(route))
        .respond_with(response)
        .up_to_n_times(times)
        .with_priority(1)
        .mount(server)
        .await;
}

async fn mount_then(server: &MockServer, verb: &str, route: &str, response: ResponseTemplate) {
    Mock::given(method(verb))
        .and(path(route))
        .respond_with(response)
        .with_priority(2)
        .mount(server)
        .await;
}

fn bills() -> ResponseTemplate {
    ResponseTemplate::new(200)
        .set_body_json(json!({"billList": [{"yearMonth": "202208", "amount": 1}]}))
}

#[tokio::test]
async fn a_429_waits_as_long_as_the_rate_limit_header_says_then_succeeds() {
    for header in ["X-Soracom-Ratelimit-Seconds-Before-Refresh", "Retry-After"] {
        let server = start_server().await;
        mount_first(
            &server,
            "GET",
            "/v1/bills",
            1,
            ResponseTemplate::new(429).insert_header(header, "1"),
        )
        .await;
        mount_then(&server, "GET", "/v1/bills", bills()).await;
        let started = Instant::now();
        let history = client(base_url(&server), quick())
            .get_billing_history()
            .await
            .unwrap();
        let waited = started.elapsed();
        assert_eq!(history.bill_list.unwrap().len(), 1);
        assert_eq!(received(&server).await.len(), 2, "{header}");
        assert!(
            waited >= Duration::from_secs(1),
            "{header}: waited only {waited:?}"
        );
    }
}

#[tokio::test]
async fn the_server_wait_is_capped_by_max_delay() {
    let server = start_server().await;
    mount_first(
        &server,
        "GET",
        "/v1/bills",
        1,
        ResponseTemplate::new(429)
            .insert_header("X-Soracom-Ratelimit-Seconds-Before-Refresh", "30"),
    )
    .await;
    mount_then(&server, "GET", "/v1/bills", bills()).await;
    let started = Instant::now();
    client(
        base_url(&server),
        quick().max_delay(Duration::from_millis(100)),
    )
    .get_billing_history()
    .await
    .unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn several_503_then_success() {
    let server = start_server().await;
    mount_first(
        &server,
        "GET",
        "/v1/bills",
        3,
        ResponseTemplate::new(503).set_body_string("busy"),
    )
    .await;
    mount_then(&server, "GET", "/v1/bills", bills()).await;
    let history = client(base_url(&server), quick())
        .get_billing_history()
        .await
        .unwrap();
    assert_eq!(
        history.bill_list.unwrap()[0].year_month.as_deref(),
        Some("202208")
    );
    assert_eq!(received(&server).await.len(), 4);
}

#[tokio::test]
async fn a_503_forever_gives_the_last_answer_after_max_attempts() {
    let server = start_server().await;
    mount_then(
        &server,
        "GET",
        "/v1/bills",
        ResponseTemplate::new(503)
            .set_body_json(json!({"code": "SYS0001", "message": "still busy"})),
    )
    .await;
    let err = client(base_url(&server), quick().max_attempts(3))
        .get_billing_history()
        .await
        .unwrap_err();
    assert_eq!(received(&server).await.len(), 3);
    assert_eq!(err.attempts(), 3);
    assert_eq!(err.status(), Some(503));
    assert_eq!(err.code(), Some("SYS0001"));
    assert_eq!(err.message(), Some("still busy"));
    assert_eq!(
        err.api_error().unwrap().body_text(),
        r#"{"code":"SYS0001","message":"still busy"}"#
    );
    assert!(err.to_string().ends_with("(after 3 attempts)"), "{err}");
}

#[tokio::test]
async fn a_put_is_retried_but_a_post_is_not_after_a_500_or_a_429() {
    for status in [500, 429] {
        let server = start_server().await;
        mount_then(
            &server,
            "POST",
            "/v1/coupons",
            ResponseTemplate::new(status),
        )
        .await;
        mount_first(
            &server,
            "PUT",
            "/v1/orders/o-1/cancel",
            1,
            ResponseTemplate::new(status),
        )
        .await;
        mount_then(
            &server,
            "PUT",
            "/v1/orders/o-1/cancel",
            ResponseTemplate::new(204),
        )
        .await;
        let client = client(base_url(&server), quick());
        let body = soracom_billing::models::CreateEstimatedCouponRequest::builder()
            .amount(1000.0)
            .build()
            .unwrap();
        let err = client.create_coupon_quotation(body).await.unwrap_err();
        assert_eq!((err.status(), err.attempts()), (Some(status), 1));
        client.cancel_order("o-1").await.unwrap();
        let requests = received(&server).await;
        let posts = requests
            .iter()
            .filter(|r| r.method.as_str() == "POST")
            .count();
        let puts = requests
            .iter()
            .filter(|r| r.method.as_str() == "PUT")
            .count();
        assert_eq!((posts, puts), (1, 2), "status {status}");
    }
}

#[tokio::test]
async fn a_4xx_is_not_retried() {
    let server = start_server().await;
    mount_then(
        &server,
        "GET",
        "/v1/bills/202208",
        ResponseTemplate::new(404),
    )
    .await;
    let err = client(base_url(&server), quick())
        .get_billing("202208")
        .await
        .unwrap_err();
    assert!(err.is_not_found());
    assert_eq!(received(&server).await.len(), 1);
}

/// A port where nothing listens yet; after `delay`, a one-shot HTTP server answers there.
async fn listener_after(
    delay: Duration,
    response: &'static str,
) -> (String, tokio::task::JoinHandle<usize>) {
    let port = soracom_billing_tests::free_port();
    let handle = tokio::spawn(async move {
        tokio::time::sleep(delay).await;
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
            .await
            .unwrap();
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut buf = vec![0u8; 65536];
        let mut read = 0;
        // Read the head and a body of the length it announces.
        loop {
            let n = socket.read(&mut buf[read..]).await.unwrap();
            read += n;
            let text = String::from_utf8_lossy(&buf[..read]).to_string();
            if let Some(end) = text.find("\r\n\r\n") {
                let length = text
                    .lines()
                    .find_map(|l| {
                        l.to_ascii_lowercase()
                            .strip_prefix("content-length:")
                            .map(|v| v.trim().parse::<usize>().unwrap())
                    })
                    .unwrap_or(0);
                if read >= end + 4 + length {
                    break;
                }
            }
            if n == 0 {
                break;
            }
        }
        socket.write_all(response.as_bytes()).await.unwrap();
        socket.shutdown().await.unwrap();
        read
    });
    (format!("http://127.0.0.1:{port}/v1"), handle)
}

#[tokio::test]
async fn a_refused_connection_is_retried_even_for_a_post() {
    const CREATED: &str = "HTTP/1.1 201 Created\r\ncontent-type: application/json\r\ncontent-length: 17\r\nconnection: close\r\n\r\n{\"orderId\":\"o-9\"}";
    let (base, server) = listener_after(Duration::from_millis(400), CREATED).await;
    let policy = quick()
        .max_attempts(10)
        .base_delay(Duration::from_millis(100))
        .max_delay(Duration::from_millis(200));
    let body = soracom_billing::models::CreateEstimatedCouponRequest::builder()
        .amount(500.0)
        .build()
        .unwrap();
    let quotation = client(base, policy)
        .create_coupon_quotation(body)
        .await
        .unwrap();
    assert_eq!(quotation.order_id.as_deref(), Some("o-9"));
    assert!(
        server.await.unwrap() > 0,
        "the request reached the server once it listened"
    );
}

#[tokio::test]
async fn a_refused_connection_gives_up_after_max_attempts() {
    let base = soracom_billing_tests::closed_port_base_url();
    let err = client(base, quick().max_attempts(3))
        .get_billing_history()
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Transport { attempts: 3, .. }),
        "{err:?}"
    );
}

#[tokio::test]
async fn an_attempt_that_times_out_is_retried_for_a_get() {
    let server = start_server().await;
    mount_first(
        &server,
        "GET",
        "/v1/bills",
        1,
        bills().set_delay(Duration::from_secs(3)),
    )
    .await;
    mount_then(&server, "GET", "/v1/bills", bills()).await;
    let client = Client::builder()
        .base_url(base_url(&server))
        .api_key_and_token(API_KEY, TOKEN)
        .timeout(Duration::from_millis(300))
        .retry(quick())
        .build()
        .unwrap();
    let started = Instant::now();
    client.get_billing_history().await.unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn the_overall_timeout_bounds_all_attempts() {
    let server = start_server().await;
    mount_then(&server, "GET", "/v1/bills", ResponseTemplate::new(503)).await;
    let client = Client::builder()
        .base_url(base_url(&server))
        .api_key_and_token(API_KEY, TOKEN)
        .retry(
            RetryPolicy::new()
                .max_attempts(100)
                .base_delay(Duration::from_millis(100)),
        )
        .operation_timeout(Duration::from_millis(700))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = client.get_billing_history().await.unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    match &err {
        Error::Timeout {
            source: None,
            attempts,
            ..
        } => assert!(*attempts >= 2, "{err:?}"),
        other => panic!("expected the overall timeout, got {other:?}"),
    }
    assert!(err.is_timeout());
    assert!(err.to_string().contains("overall timeout"), "{err}");
}

//! Errors (server answers, undecodable bodies, timeouts, connection failures, bad input and
//! configuration) and keeping secrets out of `Debug` output.

use std::time::{Duration, Instant};

use serde_json::json;
use soracom_billing::models::AuthRequest;
use soracom_billing::{Client, Error};
use soracom_billing_tests::{
    base_url, closed_port_base_url, expect, received, setup, start_server, API_KEY, TOKEN,
};
use wiremock::ResponseTemplate;

// ---------------------------------------------------------------------------------------------
// Error answers from the server
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_json_error_answer_gives_api_error_with_code_message_and_body() {
    let (server, client) = setup().await;
    let body = r#"{"code":"SEM0016","message":"Not found"}"#;
    expect("GET", "/v1/bills/202301")
        .respond(ResponseTemplate::new(404).set_body_raw(body, "application/json"))
        .mount(&server)
        .await;

    let err = client.get_billing("202301").await.unwrap_err();
    assert!(err.is_not_found());
    assert!(!err.is_timeout());
    assert_eq!(err.status(), Some(404));
    assert_eq!(err.code(), Some("SEM0016"));
    assert_eq!(err.message(), Some("Not found"));
    assert_eq!(err.operation(), Some("getBilling"));
    let Error::Api(api) = &err else {
        panic!("expected Error::Api, got {err:?}")
    };
    assert_eq!(api.operation, "getBilling");
    assert_eq!(api.status, 404);
    assert_eq!(api.code.as_deref(), Some("SEM0016"));
    assert_eq!(api.message.as_deref(), Some("Not found"));
    assert_eq!(api.content_type.as_deref(), Some("application/json"));
    assert_eq!(&api.body[..], body.as_bytes());
    assert_eq!(api.body_text(), body);
    assert!(std::ptr::eq(err.api_error().unwrap(), &**api));
    let text = err.to_string();
    assert!(text.contains("getBilling"), "{text}");
    assert!(text.contains("404"), "{text}");
    assert!(
        text.contains("SEM0016") && text.contains("Not found"),
        "{text}"
    );
}

#[tokio::test]
async fn a_problem_document_gives_its_title_detail_and_listed_problems_as_the_message() {
    let cases = [
        (
            json!({"title": "Invalid request", "detail": "See below.",
                   "validation": [{"message": "limit must be integer"}, {"message": "x is required"}]}),
            "Invalid request: See below. (limit must be integer; x is required)",
        ),
        (
            json!({"title": "Bad Request", "invalid-params": [{"name": "age", "reason": "must be positive"}]}),
            "Bad Request (must be positive)",
        ),
        (
            json!({"detail": "Token expired", "errors": ["expired"]}),
            "Token expired (expired)",
        ),
        // A Soracom error's own message wins over problem fields.
        (
            json!({"code": "AUM0001", "message": "Invalid token", "title": "ignored"}),
            "Invalid token",
        ),
    ];
    for (body, message) in cases {
        let (server, client) = setup().await;
        expect("GET", "/v1/bills")
            .respond(
                ResponseTemplate::new(400)
                    .set_body_raw(body.to_string(), "application/problem+json"),
            )
            .mount(&server)
            .await;
        let err = client.get_billing_history().await.unwrap_err();
        assert_eq!(err.message(), Some(message), "{body}");
        assert!(err.to_string().contains(message), "{err}");
    }
}

#[tokio::test]
async fn a_plain_text_error_answer_keeps_the_text() {
    let (server, client) = setup().await;
    let body = "Internal Server Error: please retry later";
    expect("GET", "/v1/bills")
        .respond(ResponseTemplate::new(500).set_body_string(body))
        .mount(&server)
        .await;

    let err = client.get_billing_history().await.unwrap_err();
    assert_eq!(err.status(), Some(500));
    assert!(!err.is_not_found());
    assert_eq!(err.code(), None);
    assert_eq!(err.message(), Some(body));
    let api = err.api_error().expect("Error::Api");
    assert_eq!(api.body_text(), body);
    assert_eq!(&api.body[..], body.as_bytes());
    assert!(
        api.content_type
            .as_deref()
            .is_some_and(|c| c.starts_with("text/plain")),
        "{:?}",
        api.content_type
    );
    assert!(err.to_string().contains(body), "{err}");
}

#[tokio::test]
async fn an_empty_error_answer_gives_api_error_without_code_or_message() {
    let (server, client) = setup().await;
    expect("POST", "/v1/coupons/SPENT/register")
        .respond_empty(400)
        .mount(&server)
        .await;

    let err = client.register_coupon("SPENT").await.unwrap_err();
    assert_eq!(err.status(), Some(400));
    assert_eq!(err.operation(), Some("registerCoupon"));
    assert_eq!(err.code(), None);
    assert_eq!(err.message(), None);
    assert!(!err.is_not_found());
    let api = err.api_error().expect("Error::Api");
    assert!(api.body.is_empty());
    assert_eq!(api.content_type, None);
    assert!(err.to_string().contains("400"), "{err}");
}

#[tokio::test]
async fn error_code_and_error_message_keys_are_read_too() {
    let (server, client) = setup().await;
    expect("GET", "/v1/payment_history/transactions/t-1")
        .respond_json(
            400,
            json!({"errorCode": "SEM0001", "errorMessage": "Invalid payment transaction ID."}),
        )
        .mount(&server)
        .await;

    let err = client.get_payment_transaction("t-1").await.unwrap_err();
    assert_eq!(err.status(), Some(400));
    assert_eq!(err.code(), Some("SEM0001"));
    assert_eq!(err.message(), Some("Invalid payment transaction ID."));
}

#[tokio::test]
async fn a_404_that_is_not_json_is_still_not_found() {
    let (server, client) = setup().await;
    expect("GET", "/v1/payment_methods/current")
        .respond(ResponseTemplate::new(404).set_body_raw("<html>Not Found</html>", "text/html"))
        .mount(&server)
        .await;

    let err = client.get_payment_method().await.unwrap_err();
    assert!(err.is_not_found());
    assert_eq!(err.code(), None);
    assert_eq!(
        err.api_error().unwrap().body_text(),
        "<html>Not Found</html>"
    );
}

// ---------------------------------------------------------------------------------------------
// Success answers that do not decode
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn an_undecodable_body_gives_decode_error_with_path_and_excerpt() {
    let (server, client) = setup().await;
    let body = r#"{"billList":[{"amount":"not a number"}]}"#;
    expect("GET", "/v1/bills")
        .respond(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
        .mount(&server)
        .await;

    let err = client.get_billing_history().await.unwrap_err();
    assert_eq!(err.status(), Some(200));
    assert_eq!(err.operation(), Some("getBillingHistory"));
    assert!(!err.is_not_found());
    assert!(err.api_error().is_none());
    match &err {
        Error::Decode {
            operation,
            status,
            path,
            message,
            excerpt,
        } => {
            assert_eq!(*operation, "getBillingHistory");
            assert_eq!(*status, 200);
            assert_eq!(path, "billList[0].amount");
            assert!(!message.is_empty());
            assert!(
                excerpt.starts_with(r#"{"billList":[{"amount""#),
                "{excerpt}"
            );
            assert_eq!(excerpt, body);
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
    assert!(err.to_string().contains("billList[0].amount"), "{err}");
}

#[tokio::test]
async fn the_excerpt_of_a_long_undecodable_body_is_its_start() {
    let (server, client) = setup().await;
    let body = format!(
        r#"{{"billList":[{{"yearMonth":"202201","amount":true}}],"padding":"{}"}}"#,
        "x".repeat(4000)
    );
    expect("GET", "/v1/bills")
        .respond(ResponseTemplate::new(200).set_body_raw(body.clone(), "application/json"))
        .mount(&server)
        .await;

    let err = client.get_billing_history().await.unwrap_err();
    let Error::Decode { path, excerpt, .. } = &err else {
        panic!("expected Error::Decode, got {err:?}")
    };
    assert_eq!(path, "billList[0].amount");
    let kept = excerpt.trim_end_matches('…');
    assert!(kept.len() >= 64 && kept.len() <= 512, "{}", kept.len());
    assert!(body.starts_with(kept));
    assert!(kept.len() < body.len());
}

#[tokio::test]
async fn an_empty_body_where_a_required_field_is_expected_is_a_decode_error() {
    let (server, client) = setup().await;
    expect("GET", "/v1/operators/OP1/shipping_addresses/sa-1")
        .respond_empty(200)
        .mount(&server)
        .await;
    expect("GET", "/v1/operators/OP1/shipping_addresses/sa-2")
        .respond_json(200, json!({"shippingAddressId": "sa-2"}))
        .mount(&server)
        .await;

    let err = client
        .get_shipping_address("sa-1")
        .operator_id("OP1")
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Decode { status: 200, .. }), "{err:?}");
    let err = client
        .get_shipping_address("sa-2")
        .operator_id("OP1")
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
}

#[tokio::test]
async fn trailing_garbage_after_the_json_is_a_decode_error() {
    let (server, client) = setup().await;
    expect("GET", "/v1/bills/latest")
        .respond(ResponseTemplate::new(200).set_body_raw(r#"{"amount":1} {"#, "application/json"))
        .mount(&server)
        .await;

    let err = client.get_latest_billing().await.unwrap_err();
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
}

// ---------------------------------------------------------------------------------------------
// Timeouts and connection failures
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_slow_server_gives_timeout() {
    let server = start_server().await;
    let client = Client::builder()
        .retry(soracom_billing::RetryPolicy::disabled())
        .base_url(base_url(&server))
        .api_key_and_token(API_KEY, TOKEN)
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    expect("GET", "/v1/bills")
        .respond(
            ResponseTemplate::new(200)
                .set_body_json(json!({"billList": []}))
                .set_delay(Duration::from_secs(5)),
        )
        .mount(&server)
        .await;

    let started = Instant::now();
    let err = client.get_billing_history().await.unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "{:?}",
        started.elapsed()
    );
    assert!(err.is_timeout(), "{err:?}");
    assert!(
        matches!(
            err,
            Error::Timeout {
                operation: "getBillingHistory",
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(err.status(), None);
    assert!(std::error::Error::source(&err).is_some());
}

#[tokio::test]
async fn a_closed_port_gives_transport_error() {
    let client = Client::builder()
        .retry(soracom_billing::RetryPolicy::disabled())
        .base_url(closed_port_base_url())
        .api_key_and_token(API_KEY, TOKEN)
        .connect_timeout(Duration::from_secs(5))
        .build()
        .unwrap();

    let err = client.get_billing_history().await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Transport {
                operation: "getBillingHistory",
                ..
            }
        ),
        "{err:?}"
    );
    assert!(!err.is_timeout());
    assert!(!err.is_not_found());
    assert_eq!(err.status(), None);
    assert_eq!(err.operation(), Some("getBillingHistory"));
    assert!(std::error::Error::source(&err).is_some());
    assert!(err.to_string().contains("getBillingHistory"), "{err}");
}

#[tokio::test]
async fn a_body_that_stalls_gives_timeout() {
    // The status line and headers arrive at once; the body never completes.
    let base = soracom_billing_tests::raw_http_server(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"billList\":"
            .to_vec(),
        Duration::from_secs(5),
    )
    .await;
    let client = Client::builder()
        .retry(soracom_billing::RetryPolicy::disabled())
        .base_url(base)
        .api_key_and_token(API_KEY, TOKEN)
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();

    let started = Instant::now();
    let err = client.get_billing_history().await.unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "{:?}",
        started.elapsed()
    );
    assert!(err.is_timeout(), "{err:?}");
    assert!(
        matches!(
            err,
            Error::Timeout {
                operation: "getBillingHistory",
                ..
            }
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_body_cut_short_gives_transport_error() {
    // The server promises 100 bytes, sends 12 and closes the connection.
    let base = soracom_billing_tests::raw_http_server(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"billList\":"
            .to_vec(),
        Duration::ZERO,
    )
    .await;
    let client = Client::builder()
        .retry(soracom_billing::RetryPolicy::disabled())
        .base_url(base)
        .api_key_and_token(API_KEY, TOKEN)
        .build()
        .unwrap();

    let err = client.get_billing_history().await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Transport {
                operation: "getBillingHistory",
                ..
            }
        ),
        "{err:?}"
    );
    assert!(!err.is_timeout());
}

// ---------------------------------------------------------------------------------------------
// Credentials and configuration
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn without_credentials_authenticated_operations_are_refused_before_sending() {
    let server = start_server().await;
    let client = Client::builder()
        .retry(soracom_billing::RetryPolicy::disabled())
        .base_url(base_url(&server))
        .build()
        .unwrap();

    let err = client.get_billing_history().await.unwrap_err();
    match &err {
        Error::InvalidInput {
            operation,
            parameter,
            ..
        } => {
            assert_eq!(*operation, Some("getBillingHistory"));
            assert_eq!(parameter, "api_key");
        }
        other => panic!("expected InvalidInput, got {other:?}"),
    }
    let err = client
        .export_billing("202208")
        .export_mode("async")
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidInput { .. }), "{err:?}");
    let err = client.get_exported_file("fe_1").await.unwrap_err();
    assert!(matches!(err, Error::InvalidInput { .. }), "{err:?}");
    assert!(received(&server).await.is_empty());

    // `auth` needs no credentials and works with this client.
    expect("POST", "/v1/auth")
        .unauthenticated()
        .json_body(json!({"email": "soracomapi@example.com", "password": "p@$$w0rd"}))
        .respond_json(
            200,
            json!({"apiKey": "api-new", "operatorId": "OP1", "token": "token-new"}),
        )
        .mount(&server)
        .await;
    let auth = client
        .auth(
            AuthRequest::builder()
                .email("soracomapi@example.com")
                .password("p@$$w0rd")
                .build(),
        )
        .await
        .unwrap();
    assert_eq!(auth.api_key.as_deref(), Some("api-new"));
    assert_eq!(auth.operator_id.as_deref(), Some("OP1"));
    assert_eq!(auth.token.as_deref(), Some("token-new"));
    assert_eq!(auth.user_name, None);
}

#[tokio::test]
async fn with_only_an_api_key_the_missing_token_is_named() {
    let server = start_server().await;
    let client = Client::builder()
        .retry(soracom_billing::RetryPolicy::disabled())
        .base_url(base_url(&server))
        .credential("api_key", API_KEY)
        .build()
        .unwrap();

    let err = client.list_coupons().await.unwrap_err();
    assert!(
        matches!(&err, Error::InvalidInput { operation: Some("listCoupons"), parameter, .. } if parameter == "api_token"),
        "{err:?}"
    );
    assert!(received(&server).await.is_empty());
}

#[test]
fn bad_client_settings_are_refused_by_build() {
    for url in [
        "not a url",
        "ftp://example.com/v1",
        "http://127.0.0.1/v1?x=1",
        "/v1",
    ] {
        let err = Client::builder()
            .retry(soracom_billing::RetryPolicy::disabled())
            .base_url(url)
            .build()
            .unwrap_err();
        assert!(
            matches!(&err, Error::InvalidInput { operation: None, parameter, .. } if parameter == "base_url"),
            "{url}: {err:?}"
        );
    }
    let err = Client::builder()
        .retry(soracom_billing::RetryPolicy::disabled())
        .base_url("http://127.0.0.1/v1")
        .api_key_and_token("bad\nkey-SECRET", TOKEN)
        .build()
        .unwrap_err();
    assert!(
        matches!(&err, Error::InvalidInput { operation: None, parameter, .. } if parameter == "api_key"),
        "{err:?}"
    );
    assert!(!format!("{err} {err:?}").contains("SECRET"));
}

#[test]
fn the_default_base_url_is_the_japan_coverage() {
    let client = Client::builder()
        .retry(soracom_billing::RetryPolicy::disabled())
        .build()
        .unwrap();
    assert_eq!(client.base_url(), "https://api.soracom.io/v1");
    let client = Client::builder()
        .retry(soracom_billing::RetryPolicy::disabled())
        .coverage(soracom_billing::Coverage::Global)
        .build()
        .unwrap();
    assert_eq!(client.base_url(), "https://g.api.soracom.io/v1");
}

// ---------------------------------------------------------------------------------------------
// Secrets
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn debug_output_never_shows_the_api_key_or_token() {
    let key = "api-key-VERY-SECRET-1234";
    let token = "token-VERY-SECRET-5678";
    let builder = Client::builder()
        .retry(soracom_billing::RetryPolicy::disabled())
        .base_url("http://127.0.0.1:9/v1")
        .api_key_and_token(key, token);
    let builder_debug = format!("{builder:?} {builder:#?}");
    let client = builder.build().unwrap();
    let client_debug = format!("{client:?} {client:#?}");
    let request_debug = format!(
        "{:?} {:?}",
        client.get_billing("202208"),
        client.auth(AuthRequest::default())
    );
    for (what, text) in [
        ("builder", &builder_debug),
        ("client", &client_debug),
        ("request", &request_debug),
    ] {
        assert!(!text.contains(key), "{what} shows the key: {text}");
        assert!(!text.contains(token), "{what} shows the token: {text}");
        assert!(!text.contains("SECRET"), "{what}: {text}");
    }
    // The output is still useful.
    assert!(
        client_debug.contains("http://127.0.0.1:9/v1"),
        "{client_debug}"
    );
    assert!(
        builder_debug.contains("http://127.0.0.1:9/v1"),
        "{builder_debug}"
    );

    // Errors do not show them either.
    let (server, client) = setup().await;
    expect("GET", "/v1/bills")
        .respond_empty(401)
        .mount(&server)
        .await;
    let err = client.get_billing_history().await.unwrap_err();
    let text = format!("{err} {err:?}");
    assert!(!text.contains(API_KEY) && !text.contains(TOKEN), "{text}");
}

/// A redirect to another origin must not carry the API key and token there: the client does not
/// follow redirects and reports the 3xx as an API error.
#[tokio::test]
async fn a_redirect_to_another_origin_does_not_carry_the_credentials() {
    let elsewhere = wiremock::MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"billList": []})))
        .mount(&elsewhere)
        .await;
    let (server, client) = setup().await;
    for status in [301, 302, 303, 307, 308] {
        let path = format!("/v1/orders/o-{status}");
        expect("GET", &path)
            .respond(
                ResponseTemplate::new(status)
                    .insert_header("location", format!("{}/collect", elsewhere.uri())),
            )
            .mount(&server)
            .await;
        let err = client.get_order(format!("o-{status}")).await.unwrap_err();
        assert_eq!(err.status(), Some(status), "{err}");
        assert!(matches!(err, soracom_billing::Error::Api(_)), "{err:?}");
    }

    let leaked: Vec<String> = received(&elsewhere)
        .await
        .iter()
        .filter(|r| {
            r.headers
                .contains_key(soracom_billing_tests::API_KEY_HEADER)
                || r.headers.contains_key(soracom_billing_tests::TOKEN_HEADER)
        })
        .map(soracom_billing_tests::describe)
        .collect();
    assert!(
        leaked.is_empty(),
        "the credentials reached another origin:\n{}",
        leaked.join("\n")
    );
}

// ---------------------------------------------------------------------------------------------
// Review regressions
// ---------------------------------------------------------------------------------------------

/// Request and response bodies that carry secrets (auth keys, passwords, API keys, tokens) show
/// `***` in `Debug`, and so do the request builders that hold them.
#[tokio::test]
async fn secrets_in_bodies_are_redacted_in_debug() {
    let (_server, client) = setup().await;
    let request = soracom_billing::models::AuthRequest::builder()
        .auth_key_id("keyId-VISIBLE")
        .auth_key("AUTHKEY-SECRET")
        .password("PW-SECRET")
        .mfa_otp_code("123456")
        .build();
    let response = soracom_billing::models::AuthResponse::builder()
        .api_key("APIKEY-SECRET")
        .token("TOKEN-SECRET")
        .operator_id("OP-VISIBLE")
        .build();
    let text = format!(
        "{request:?} {response:?} {:?}",
        client.auth(request.clone())
    );
    for secret in [
        "AUTHKEY-SECRET",
        "PW-SECRET",
        "123456",
        "APIKEY-SECRET",
        "TOKEN-SECRET",
    ] {
        assert!(!text.contains(secret), "{secret} in {text}");
    }
    assert!(
        text.contains("keyId-VISIBLE") && text.contains("OP-VISIBLE"),
        "{text}"
    );
    assert!(text.contains("auth_key: Some(***)"), "{text}");
}

/// An error answer whose body breaks off keeps its status.
#[tokio::test]
async fn an_error_answer_cut_short_keeps_its_status() {
    let answer = b"HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{\"code\":\"".to_vec();
    let base = soracom_billing_tests::raw_http_server(answer, Duration::from_millis(0)).await;
    let client = Client::builder()
        .retry(soracom_billing::RetryPolicy::disabled())
        .base_url(base)
        .api_key_and_token(API_KEY, TOKEN)
        .build()
        .unwrap();
    let err = client.get_billing_history().await.unwrap_err();
    assert_eq!(err.status(), Some(503), "{err:?}");
    assert!(
        err.message()
            .unwrap_or_default()
            .contains("could not be read"),
        "{err:?}"
    );
}

#[test]
fn a_base_url_with_a_user_name_or_password_is_refused() {
    for url in [
        "https://user:pass@api.soracom.io/v1",
        "https://user@api.soracom.io/v1",
    ] {
        let err = Client::builder().base_url(url).build().unwrap_err();
        assert!(
            err.to_string()
                .contains("must not carry a user name or password"),
            "{err}"
        );
        assert!(!err.to_string().contains("pass@"), "{err}");
    }
}

/// serde_json repeats a bad value whole in its message: the error keeps it bounded.
#[tokio::test]
async fn a_huge_bad_value_gives_a_bounded_error() {
    let (server, client) = setup().await;
    let huge = "x".repeat(200_000);
    expect("GET", "/v1/bills")
        .respond_json(200, json!({ "billList": [{ "amount": huge }] }))
        .mount(&server)
        .await;
    let err = client.get_billing_history().await.unwrap_err();
    let text = err.to_string();
    assert!(text.len() < 2_000, "{} bytes", text.len());
    assert!(
        matches!(err, Error::Decode { ref path, .. } if path == "billList[0].amount"),
        "{err:?}"
    );
}

//! Logging in with an auth key: one login shared by all calls, renewed before expiry and after a
//! 401, never more than once per refused call.

use std::time::Duration;

use serde_json::json;
use soracom_billing::{Client, Credentials, Error, RetryPolicy};
use soracom_billing_tests::{base_url, received, start_server};
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn login_answer(n: u32) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"apiKey": format!("api-{n}"), "token": format!("tok-{n}"), "operatorId": "OP0000000001"}))
}

fn client(server: &MockServer, timeout: Duration) -> Client {
    Client::builder()
        .base_url(base_url(server))
        .credentials_with_timeout(Credentials::auth_key("keyId-test", "secret-test"), timeout)
        .retry(RetryPolicy::disabled())
        .build()
        .unwrap()
}

async fn mount_bills_for(server: &MockServer, n: u32) {
    Mock::given(method("GET"))
        .and(path("/v1/bills"))
        .and(header("x-soracom-api-key", format!("api-{n}").as_str()))
        .and(header("x-soracom-token", format!("tok-{n}").as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"billList": []})))
        .with_priority(2)
        .mount(server)
        .await;
}

async fn count(server: &MockServer, verb: &str, route: &str) -> usize {
    received(server)
        .await
        .iter()
        .filter(|r| r.method.as_str() == verb && r.url.path() == route)
        .count()
}

#[tokio::test]
async fn one_login_serves_every_call() {
    let server = start_server().await;
    Mock::given(method("POST"))
        .and(path("/v1/auth"))
        .and(body_json(json!({"authKeyId": "keyId-test", "authKey": "secret-test", "tokenTimeoutSeconds": 86400})))
        .respond_with(login_answer(1))
        .mount(&server)
        .await;
    mount_bills_for(&server, 1).await;
    let client = client(&server, Duration::from_secs(86_400));
    for _ in 0..3 {
        client.get_billing_history().await.unwrap();
    }
    assert_eq!(count(&server, "POST", "/v1/auth").await, 1);
    assert_eq!(count(&server, "GET", "/v1/bills").await, 3);
    // The login call itself carries no credentials.
    let requests = received(&server).await;
    let login = requests
        .iter()
        .find(|r| r.url.path() == "/v1/auth")
        .unwrap();
    assert!(
        !login.headers.contains_key("x-soracom-api-key")
            && !login.headers.contains_key("x-soracom-token")
    );
}

#[tokio::test]
async fn a_hundred_concurrent_calls_share_one_login() {
    let server = start_server().await;
    Mock::given(method("POST"))
        .and(path("/v1/auth"))
        .respond_with(login_answer(1).set_delay(Duration::from_millis(200)))
        .mount(&server)
        .await;
    mount_bills_for(&server, 1).await;
    let client = client(&server, Duration::from_secs(86_400));
    let calls: Vec<_> = (0..100)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.get_billing_history().await.map(|_| ()) })
        })
        .collect();
    for call in calls {
        call.await.unwrap().unwrap();
    }
    assert_eq!(count(&server, "POST", "/v1/auth").await, 1);
    assert_eq!(count(&server, "GET", "/v1/bills").await, 100);
}

#[tokio::test]
async fn a_401_logs_in_once_more_and_retries_once() {
    let server = start_server().await;
    Mock::given(method("POST"))
        .and(path("/v1/auth"))
        .respond_with(login_answer(1))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1/auth"))
        .respond_with(login_answer(2))
        .with_priority(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/bills"))
        .and(header("x-soracom-token", "tok-1"))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_json(json!({"code": "AUM0002", "message": "expired"})),
        )
        .with_priority(1)
        .mount(&server)
        .await;
    mount_bills_for(&server, 2).await;
    let client = client(&server, Duration::from_secs(86_400));
    client.get_billing_history().await.unwrap();
    assert_eq!(count(&server, "POST", "/v1/auth").await, 2);
    assert_eq!(count(&server, "GET", "/v1/bills").await, 2);
    // The renewed token stays in use.
    client.get_billing_history().await.unwrap();
    assert_eq!(count(&server, "POST", "/v1/auth").await, 2);
}

#[tokio::test]
async fn a_401_that_persists_is_returned_without_a_loop() {
    let server = start_server().await;
    Mock::given(method("POST"))
        .and(path("/v1/auth"))
        .respond_with(login_answer(1))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/bills"))
        .respond_with(
            ResponseTemplate::new(401).set_body_json(json!({"code": "AUM0001", "message": "no"})),
        )
        .mount(&server)
        .await;
    let err = client(&server, Duration::from_secs(86_400))
        .get_billing_history()
        .await
        .unwrap_err();
    assert_eq!((err.status(), err.code()), (Some(401), Some("AUM0001")));
    assert_eq!(count(&server, "POST", "/v1/auth").await, 2);
    assert_eq!(count(&server, "GET", "/v1/bills").await, 2);
}

#[tokio::test]
async fn the_token_is_renewed_before_it_expires() {
    let server = start_server().await;
    Mock::given(method("POST"))
        .and(path("/v1/auth"))
        .respond_with(login_answer(1))
        .mount(&server)
        .await;
    mount_bills_for(&server, 1).await;
    // A one-second token is renewed a tenth of its lifetime early.
    let client = client(&server, Duration::from_secs(1));
    client.get_billing_history().await.unwrap();
    client.get_billing_history().await.unwrap();
    assert_eq!(count(&server, "POST", "/v1/auth").await, 1);
    tokio::time::sleep(Duration::from_millis(950)).await;
    client.get_billing_history().await.unwrap();
    assert_eq!(count(&server, "POST", "/v1/auth").await, 2);
}

#[tokio::test]
async fn a_refused_login_is_the_error_and_nothing_else_is_sent() {
    let server = start_server().await;
    Mock::given(method("POST"))
        .and(path("/v1/auth"))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_json(json!({"code": "AUM0001", "message": "bad key"})),
        )
        .mount(&server)
        .await;
    let err = client(&server, Duration::from_secs(86_400))
        .get_billing_history()
        .await
        .unwrap_err();
    match &err {
        Error::Login {
            operation,
            source,
            failures,
            attempts,
        } => {
            assert_eq!(
                (*operation, *failures, *attempts),
                ("getBillingHistory", 1, 0)
            );
            assert!(
                matches!(source.as_ref(), Error::Api(e) if e.operation == "auth" && e.status == 401),
                "{source:?}"
            );
        }
        other => panic!("not a login failure: {other:?}"),
    }
    assert_eq!((err.status(), err.code()), (Some(401), Some("AUM0001")));
    assert_eq!(
        err.to_string(),
        "getBillingHistory: the login failed: auth: the server answered HTTP 401: AUM0001: bad key"
    );
    assert!(!err.is_outcome_unknown());
    assert_eq!(count(&server, "GET", "/v1/bills").await, 0);
}

#[tokio::test]
async fn a_wrong_key_costs_one_login_for_concurrent_and_later_calls() {
    let server = start_server().await;
    Mock::given(method("POST"))
        .and(path("/v1/auth"))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_json(json!({"code": "AUM0001", "message": "bad key"}))
                .set_delay(Duration::from_millis(100)),
        )
        .mount(&server)
        .await;
    let client = client(&server, Duration::from_secs(86_400));
    // Three concurrent calls, then nine more one after another (well within the one-second
    // pause after a failed login): all fail with the one login's error.
    let concurrent: Vec<_> = (0..3)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.get_billing_history().await.map(|_| ()) })
        })
        .collect();
    let mut errors = Vec::new();
    for call in concurrent {
        errors.push(call.await.unwrap().unwrap_err());
    }
    for _ in 0..9 {
        errors.push(client.get_billing_history().await.unwrap_err());
    }
    assert_eq!(count(&server, "POST", "/v1/auth").await, 1);
    assert_eq!(count(&server, "GET", "/v1/bills").await, 0);
    for err in &errors {
        assert!(matches!(err, Error::Login { failures: 1, .. }), "{err:?}");
        assert_eq!(err.code(), Some("AUM0001"));
    }
}

#[tokio::test]
async fn secrets_stay_out_of_debug_and_errors() {
    let server = start_server().await;
    Mock::given(method("POST"))
        .and(path("/v1/auth"))
        .respond_with(ResponseTemplate::new(401))
        .mount(&server)
        .await;
    let credentials =
        Credentials::root_account("ops@example.com", "PW-SECRET").with_mfa_code("987654");
    let builder = Client::builder()
        .base_url(base_url(&server))
        .credentials(credentials.clone())
        .retry(RetryPolicy::disabled());
    let client = builder.clone().build().unwrap();
    let err = client.get_billing_history().await.unwrap_err();
    let text = format!("{credentials:?} {builder:?} {client:?} {err} {err:?}");
    for secret in ["PW-SECRET", "987654"] {
        assert!(!text.contains(secret), "{secret} in {text}");
    }
    assert!(text.contains("root account ops@example.com"), "{text}");
}

#[test]
fn an_auth_key_from_the_environment() {
    std::env::set_var("SORACOM_AUTH_KEY_ID", "keyId-env");
    std::env::set_var("SORACOM_AUTH_KEY", "secret-env");
    let credentials = Credentials::from_env().expect("both variables are set");
    assert!(format!("{credentials:?}").contains("auth key keyId-env"));
    std::env::remove_var("SORACOM_AUTH_KEY");
    assert!(Credentials::from_env().is_none());
    std::env::remove_var("SORACOM_AUTH_KEY_ID");
}

#[tokio::test]
async fn a_hundred_concurrent_calls_on_an_expired_token_make_one_login() {
    let server = start_server().await;
    Mock::given(method("POST"))
        .and(path("/v1/auth"))
        .respond_with(login_answer(1).set_delay(Duration::from_millis(100)))
        .mount(&server)
        .await;
    mount_bills_for(&server, 1).await;
    let client = client(&server, Duration::from_secs(1));
    client.get_billing_history().await.unwrap();
    assert_eq!(count(&server, "POST", "/v1/auth").await, 1);
    tokio::time::sleep(Duration::from_millis(950)).await;
    let calls: Vec<_> = (0..100)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.get_billing_history().await.map(|_| ()) })
        })
        .collect();
    for call in calls {
        call.await.unwrap().unwrap();
    }
    assert_eq!(
        count(&server, "POST", "/v1/auth").await,
        2,
        "one login for the first call, one renewal for all hundred"
    );
}

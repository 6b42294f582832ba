//! The operator id (issue 12): `client.operator_id()`, and the operations under
//! `/operators/{operator_id}/…` taking it when the call does not name an operator.

use serde_json::json;
use soracom_billing::{Client, Credentials, Error, RetryPolicy};
use soracom_billing_tests::fixtures::{self, OPERATOR_ID};
use soracom_billing_tests::{base_url, expect, received, start_server, API_KEY, TOKEN};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A client that logs in with an auth key; its `/auth` answers `OPERATOR_ID`.
async fn logging_in(server: &MockServer) -> Client {
    Mock::given(method("POST"))
        .and(path("/v1/auth"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "apiKey": API_KEY,
            "token": TOKEN,
            "operatorId": OPERATOR_ID
        })))
        .mount(server)
        .await;
    Client::builder()
        .base_url(base_url(server))
        .credentials(Credentials::auth_key("keyId-test", "secret-test"))
        .retry(RetryPolicy::disabled())
        .build()
        .unwrap()
}

async fn count(server: &MockServer, verb: &str, route: &str) -> usize {
    received(server)
        .await
        .iter()
        .filter(|r| r.method.as_str() == verb && r.url.path() == route)
        .count()
}

/// A JWT as Soracom issues API tokens (header, payload, signature), its payload naming
/// `operator_id` as soracom-cli reads it; the signature is not checked by the client.
fn jwt_naming(operator_id: &str) -> String {
    let payload = json!({
        "iss": "https://soracom.io",
        "operator": {"operatorId": operator_id, "rootOperatorId": operator_id},
        "exp": 4102444800u64
    });
    format!(
        "eyJhbGciOiJSUzI1NiJ9.{}.c2lnbmF0dXJl",
        base64url(payload.to_string().as_bytes())
    )
}

/// Base64url without padding, written out here so that the test does not share the SDK's
/// decoder.
fn base64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | (b as u32) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

#[tokio::test]
async fn one_login_gives_the_operator_id_to_the_shipping_address_operations() {
    let server = start_server().await;
    let client = logging_in(&server).await;
    expect(
        "GET",
        &format!("/v1/operators/{OPERATOR_ID}/shipping_addresses"),
    )
    .respond_json(
        200,
        json!({"shippingAddresses": [fixtures::registered_address_json("sa-0001")]}),
    )
    .mount(&server)
    .await;
    expect(
        "DELETE",
        &format!("/v1/operators/{OPERATOR_ID}/shipping_addresses/sa-0001"),
    )
    .respond_empty(204)
    .mount(&server)
    .await;

    let addresses = client.list_shipping_addresses().send().await.unwrap();
    assert_eq!(
        addresses.shipping_addresses,
        Some(vec![fixtures::registered_address_model("sa-0001")])
    );
    client.delete_shipping_address("sa-0001").await.unwrap();
    assert_eq!(client.operator_id().await.unwrap(), OPERATOR_ID);
    // One login served the default, both calls and `operator_id()`; nothing else was sent.
    assert_eq!(count(&server, "POST", "/v1/auth").await, 1);
    assert_eq!(received(&server).await.len(), 3);
}

#[tokio::test]
async fn operator_id_logs_in_when_no_call_has() {
    let server = start_server().await;
    let client = logging_in(&server).await;
    assert_eq!(count(&server, "POST", "/v1/auth").await, 0);
    assert_eq!(client.operator_id().await.unwrap(), OPERATOR_ID);
    assert_eq!(client.operator_id().await.unwrap(), OPERATOR_ID);
    assert_eq!(
        client.login_value("operator_id").await.unwrap().as_deref(),
        Some(OPERATOR_ID)
    );
    assert_eq!(client.login_value("no_such_value").await.unwrap(), None);
    assert_eq!(count(&server, "POST", "/v1/auth").await, 1);
}

#[tokio::test]
async fn the_setter_names_another_operator() {
    let server = start_server().await;
    let client = logging_in(&server).await;
    expect(
        "GET",
        "/v1/operators/OP0099999999/shipping_addresses/sa-0001",
    )
    .respond_json(200, fixtures::registered_address_json("sa-0001"))
    .mount(&server)
    .await;

    let address = client
        .get_shipping_address("sa-0001")
        .operator_id("OP0099999999")
        .await
        .unwrap();
    assert_eq!(address, fixtures::registered_address_model("sa-0001"));
    // `set_operator_id(None)` goes back to the login's.
    expect(
        "GET",
        &format!("/v1/operators/{OPERATOR_ID}/shipping_addresses/sa-0001"),
    )
    .respond_json(200, fixtures::registered_address_json("sa-0001"))
    .mount(&server)
    .await;
    client
        .get_shipping_address("sa-0001")
        .operator_id("OP0099999999")
        .set_operator_id(None)
        .await
        .unwrap();
    let paths: Vec<String> = received(&server)
        .await
        .iter()
        .filter(|r| r.method.as_str() == "GET")
        .map(|r| r.url.path().to_owned())
        .collect();
    assert_eq!(
        paths,
        [
            "/v1/operators/OP0099999999/shipping_addresses/sa-0001".to_owned(),
            format!("/v1/operators/{OPERATOR_ID}/shipping_addresses/sa-0001"),
        ]
    );
}

#[tokio::test]
async fn a_ready_token_names_its_operator_as_soracom_cli_reads_it() {
    let server = start_server().await;
    let token = jwt_naming("OP0055555555");
    let client = Client::builder()
        .base_url(base_url(&server))
        .credentials(Credentials::api_key_and_token(API_KEY, &token))
        .retry(RetryPolicy::disabled())
        .build()
        .unwrap();
    Mock::given(method("GET"))
        .and(path("/v1/operators/OP0055555555/shipping_addresses"))
        .and(wiremock::matchers::header(
            "x-soracom-token",
            token.as_str(),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"shippingAddresses": []})))
        .expect(1)
        .mount(&server)
        .await;

    assert_eq!(client.operator_id().await.unwrap(), "OP0055555555");
    client.list_shipping_addresses().await.unwrap();
    // No login: the token is used as it is.
    assert_eq!(count(&server, "POST", "/v1/auth").await, 0);
    assert_eq!(received(&server).await.len(), 1);

    // The builder's `operator_id`, given after the token, replaces the token's.
    let named = Client::builder()
        .base_url(base_url(&server))
        .api_key_and_token(API_KEY, &token)
        .operator_id(OPERATOR_ID)
        .build()
        .unwrap();
    assert_eq!(named.operator_id().await.unwrap(), OPERATOR_ID);
}

#[tokio::test]
async fn without_an_operator_id_the_call_fails_before_sending_saying_how_to_set_it() {
    let server = start_server().await;
    // "test-token" is no JWT: nothing names the operator.
    let client = soracom_billing_tests::client_for(&server);

    let err = client
        .update_shipping_address("sa-0001", fixtures::address_model())
        .await
        .unwrap_err();
    match &err {
        Error::InvalidInput {
            operation,
            parameter,
            reason,
        } => {
            assert_eq!(*operation, Some("updateShippingAddress"));
            assert_eq!(parameter, "operator_id");
            assert!(reason.contains("`.operator_id(…)`"), "{reason}");
        }
        other => panic!("expected InvalidInput, got {other:?}"),
    }
    assert_eq!(
        err.to_string(),
        "updateShippingAddress: invalid `operator_id`: not set, and the client has no login to \
         tell its `operator_id`, and none was given to its builder (`login_value(\"operator_id\", …)`): \
         set it on the request with `.operator_id(…)` (nothing was sent)"
    );
    let err = client.operator_id().await.unwrap_err();
    assert!(
        matches!(&err, Error::InvalidInput { operation: None, parameter, .. } if parameter == "operator_id"),
        "{err:?}"
    );
    assert!(
        err.to_string()
            .contains("give it with `ClientBuilder::operator_id(…)`"),
        "{err}"
    );
    assert!(received(&server).await.is_empty());

    // Given to the builder, it serves as the login's would.
    let client = Client::builder()
        .base_url(base_url(&server))
        .api_key_and_token(API_KEY, TOKEN)
        .operator_id(OPERATOR_ID)
        .build()
        .unwrap();
    expect(
        "PUT",
        &format!("/v1/operators/{OPERATOR_ID}/shipping_addresses/sa-0001"),
    )
    .json_body(fixtures::address_json())
    .respond_empty(200)
    .mount(&server)
    .await;
    client
        .update_shipping_address("sa-0001", fixtures::address_model())
        .await
        .unwrap();
}

#[tokio::test]
async fn a_login_answer_without_operator_id_is_a_clear_error_and_a_failed_login_is_the_calls() {
    let server = start_server().await;
    Mock::given(method("POST"))
        .and(path("/v1/auth"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"apiKey": API_KEY, "token": TOKEN})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(base_url(&server))
        .credentials(Credentials::auth_key("keyId-test", "secret-test"))
        .build()
        .unwrap();
    let err = client.list_shipping_addresses().await.unwrap_err();
    assert!(
        err.to_string().contains(
            "listShippingAddresses: invalid `operator_id`: not set, and the client's login did not tell its `operator_id`"
        ),
        "{err}"
    );

    // A wrong key: the login's 401, as the error of the call that needed it.
    let refusing = start_server().await;
    Mock::given(method("POST"))
        .and(path("/v1/auth"))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_json(json!({"code": "AUM0001", "message": "bad key"})),
        )
        .expect(1)
        .mount(&refusing)
        .await;
    let client = Client::builder()
        .base_url(base_url(&refusing))
        .credentials(Credentials::auth_key("keyId-test", "wrong"))
        .build()
        .unwrap();
    let err = client.list_shipping_addresses().await.unwrap_err();
    assert!(
        matches!(
            &err,
            Error::Login {
                operation: "listShippingAddresses",
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(err.code(), Some("AUM0001"));
    // The shared failure: no second login within the pause.
    let err = client.operator_id().await.unwrap_err();
    assert!(matches!(&err, Error::Login { .. }), "{err:?}");
    assert_eq!(count(&refusing, "POST", "/v1/auth").await, 1);
}

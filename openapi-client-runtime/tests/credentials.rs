//! Credentials: fixed values per security scheme, sent only where the operation lists the
//! scheme; missing ones refused before sending; a `CredentialSource` asked once per call and
//! once more after a 401; and no secret in any `Debug` output or error.

mod common;

use std::sync::{Arc, Mutex, OnceLock};

use common::{base, builder, call, call_unit, client, received};
use openapi_client_runtime::__private as rt;
use openapi_client_runtime::reqwest::header::HeaderValue;
use openapi_client_runtime::CredentialSet;
use rt::{
    BoxFuture, Client, ClientBuilder, CredentialSource, Error, Method, Operation, RetryPolicy,
};
use serde_json::json;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "KEY-SECRET-0c1d";
const TOKEN: &str = "TOKEN-SECRET-9f8e";

static GET_KEYED: Operation = Operation {
    id: "getKeyed",
    method: Method::Get,
    path: "/keyed",
    security: &[("api_key", "X-Api-Key")],
};

static GET_BOTH: Operation = Operation {
    id: "getBoth",
    method: Method::Get,
    path: "/both",
    security: &[("api_key", "X-Api-Key"), ("api_token", "X-Api-Token")],
};

static GET_OPEN: Operation = Operation {
    id: "getOpen",
    method: Method::Get,
    path: "/open",
    security: &[],
};

/// A server answering 200 `{}` to everything under `/v1`.
async fn open_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&server)
        .await;
    server
}

/// The value of `name` in the request to `route`.
async fn header_sent(server: &MockServer, route: &str, name: &str) -> Option<String> {
    let requests = received(server).await;
    let request = requests
        .iter()
        .rev()
        .find(|r| r.url.path() == route)
        .unwrap_or_else(|| panic!("no request to {route}"));
    request
        .headers
        .get(name)
        .map(|v| v.to_str().unwrap().to_owned())
}

#[tokio::test]
async fn fixed_credentials_are_sent_only_where_the_operation_lists_their_scheme() {
    let server = open_server().await;
    let client = builder(&base(&server))
        .credential("api_key", KEY)
        .credential("api_token", TOKEN)
        .build()
        .unwrap();

    call::<serde_json::Value>(&client, &GET_KEYED)
        .await
        .unwrap();
    assert_eq!(
        header_sent(&server, "/v1/keyed", "x-api-key")
            .await
            .as_deref(),
        Some(KEY)
    );
    assert_eq!(header_sent(&server, "/v1/keyed", "x-api-token").await, None);

    call::<serde_json::Value>(&client, &GET_BOTH).await.unwrap();
    assert_eq!(
        header_sent(&server, "/v1/both", "x-api-key")
            .await
            .as_deref(),
        Some(KEY)
    );
    assert_eq!(
        header_sent(&server, "/v1/both", "x-api-token")
            .await
            .as_deref(),
        Some(TOKEN)
    );

    call::<serde_json::Value>(&client, &GET_OPEN).await.unwrap();
    assert_eq!(header_sent(&server, "/v1/open", "x-api-key").await, None);
    assert_eq!(header_sent(&server, "/v1/open", "x-api-token").await, None);
    for request in received(&server).await {
        for (name, value) in &request.headers {
            if name != "x-api-key" && name != "x-api-token" {
                let value = value.to_str().unwrap_or("");
                assert!(!value.contains("SECRET"), "{name}: {value}");
            }
        }
    }
}

#[tokio::test]
async fn missing_credentials_are_refused_before_sending() {
    let server = open_server().await;
    let client = builder(&base(&server))
        .credential("api_key", KEY)
        .build()
        .unwrap();
    let err = call::<serde_json::Value>(&client, &GET_BOTH)
        .await
        .unwrap_err();
    match &err {
        Error::InvalidInput {
            operation,
            parameter,
            reason,
        } => {
            assert_eq!(*operation, Some("getBoth"));
            assert_eq!(parameter, "api_token");
            assert!(reason.contains("credentials"), "{reason}");
        }
        other => panic!("expected InvalidInput, got {other:?}"),
    }
    assert_eq!(err.attempts(), 0);
    assert!(err.to_string().contains("nothing was sent"), "{err}");

    let anonymous = client_without_credentials(&server);
    let err = call::<serde_json::Value>(&anonymous, &GET_KEYED)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::InvalidInput { parameter, .. } if parameter == "api_key"),
        "{err:?}"
    );
    assert!(
        received(&server).await.is_empty(),
        "no request reached the server"
    );

    // An operation without security needs none.
    call::<serde_json::Value>(&anonymous, &GET_OPEN)
        .await
        .unwrap();
    assert_eq!(received(&server).await.len(), 1);
}

fn client_without_credentials(server: &MockServer) -> Client {
    client(&base(server), RetryPolicy::disabled())
}

#[tokio::test]
async fn a_401_with_fixed_credentials_is_returned_as_it_is() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(401).set_body_json(json!({"code": "AUTH", "message": "no"})),
        )
        .mount(&server)
        .await;
    let client = builder(&base(&server))
        .credential("api_key", KEY)
        .retry(common::quick(3))
        .build()
        .unwrap();
    let err = call::<serde_json::Value>(&client, &GET_KEYED)
        .await
        .unwrap_err();
    assert_eq!(
        (err.status(), err.code(), err.attempts()),
        (Some(401), Some("AUTH"), 1)
    );
    assert_eq!(received(&server).await.len(), 1);
}

/// What a test source was asked and answered.
#[derive(Default)]
struct Log {
    /// The `stale` argument of each call.
    asked: Vec<Option<Arc<CredentialSet>>>,
    /// The sets it gave, in order.
    given: Vec<Arc<CredentialSet>>,
}

/// Hands out `token-1`, `token-2`, … for `api_key` (one new set per call), or fails.
struct CountingSource {
    log: Arc<Mutex<Log>>,
    fail: bool,
}

impl CredentialSource for CountingSource {
    fn credentials(
        &self,
        stale: Option<Arc<CredentialSet>>,
    ) -> BoxFuture<Result<Arc<CredentialSet>, Error>> {
        let log = self.log.clone();
        let fail = self.fail;
        Box::pin(async move {
            if fail {
                return Err(Error::other(
                    "login",
                    std::io::Error::other("login refused"),
                ));
            }
            let mut log = log.lock().unwrap();
            log.asked.push(stale);
            let mut value =
                HeaderValue::from_str(&format!("token-{}", log.given.len() + 1)).unwrap();
            value.set_sensitive(true);
            let set = Arc::new(CredentialSet::from([("api_key".to_owned(), value)]));
            log.given.push(set.clone());
            Ok(set)
        })
    }

    fn describe(&self) -> String {
        "counting login for tests".to_owned()
    }
}

/// A client whose credentials come from a [`CountingSource`]; its log; the client the factory
/// was given.
fn with_source(base: &str, fail: bool) -> (Client, Arc<Mutex<Log>>, Arc<OnceLock<Client>>) {
    let log = Arc::new(Mutex::new(Log::default()));
    let plain = Arc::new(OnceLock::new());
    let (for_factory, plain_slot) = (log.clone(), plain.clone());
    let client = builder(base)
        .retry(common::quick(3))
        .credential_source("counting login for tests", move |client: Client| {
            let _ = plain_slot.set(client);
            Arc::new(CountingSource {
                log: for_factory.clone(),
                fail,
            }) as Arc<dyn CredentialSource>
        })
        .build()
        .unwrap();
    (client, log, plain)
}

#[tokio::test]
async fn a_source_is_asked_once_per_call() {
    let server = open_server().await;
    let (client, log, _) = with_source(&base(&server), false);
    for _ in 0..3 {
        call::<serde_json::Value>(&client, &GET_KEYED)
            .await
            .unwrap();
    }
    let sent: Vec<String> = received(&server)
        .await
        .iter()
        .map(|r| r.headers["x-api-key"].to_str().unwrap().to_owned())
        .collect();
    assert_eq!(sent, ["token-1", "token-2", "token-3"]);
    let log = log.lock().unwrap();
    assert_eq!(log.asked.len(), 3);
    assert!(log.asked.iter().all(Option::is_none), "no set was stale");
}

#[tokio::test]
async fn a_source_is_not_asked_for_an_operation_without_security() {
    let server = open_server().await;
    let (client, log, _) = with_source(&base(&server), false);
    call::<serde_json::Value>(&client, &GET_OPEN).await.unwrap();
    assert!(log.lock().unwrap().asked.is_empty());
    assert_eq!(header_sent(&server, "/v1/open", "x-api-key").await, None);
}

#[tokio::test]
async fn a_401_asks_the_source_again_with_the_stale_set_and_sends_once_more() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/keyed"))
        .and(header("x-api-key", "token-1"))
        .respond_with(ResponseTemplate::new(401))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/keyed"))
        .and(header("x-api-key", "token-2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"ok": true})))
        .mount(&server)
        .await;
    let (client, log, _) = with_source(&base(&server), false);
    let value: serde_json::Value = call(&client, &GET_KEYED).await.unwrap();
    assert_eq!(value, json!({"ok": true}));
    assert_eq!(received(&server).await.len(), 2);
    let log = log.lock().unwrap();
    assert_eq!(log.asked.len(), 2);
    assert!(log.asked[0].is_none());
    let stale = log.asked[1]
        .as_ref()
        .expect("the refused set is passed back");
    assert!(
        Arc::ptr_eq(stale, &log.given[0]),
        "the stale set is the one refused"
    );
}

#[tokio::test]
async fn a_second_401_is_returned_without_asking_again() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_json(json!({"code": "AUTH01", "message": "expired"})),
        )
        .mount(&server)
        .await;
    let (client, log, _) = with_source(&base(&server), false);
    let err = call::<serde_json::Value>(&client, &GET_KEYED)
        .await
        .unwrap_err();
    assert_eq!((err.status(), err.code()), (Some(401), Some("AUTH01")));
    assert_eq!(
        log.lock().unwrap().asked.len(),
        2,
        "asked once, and once after the 401"
    );
    let sent: Vec<String> = received(&server)
        .await
        .iter()
        .map(|r| r.headers["x-api-key"].to_str().unwrap().to_owned())
        .collect();
    assert_eq!(sent, ["token-1", "token-2"], "sent twice, no loop");
}

#[tokio::test]
async fn attempts_count_the_request_sent_again_after_a_401() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(401))
        .mount(&server)
        .await;
    let (client, _, _) = with_source(&base(&server), false);
    let err = call::<serde_json::Value>(&client, &GET_KEYED)
        .await
        .unwrap_err();
    assert_eq!(received(&server).await.len(), 2);
    // `Error::attempts`: "How many times the request was sent before this error".
    assert_eq!(err.attempts(), 2, "{err:?}");
}

#[tokio::test]
async fn a_source_that_fails_fails_the_call_before_sending() {
    let server = open_server().await;
    let (client, _, _) = with_source(&base(&server), true);
    let err = call::<serde_json::Value>(&client, &GET_KEYED)
        .await
        .unwrap_err();
    assert_eq!(err.operation(), Some("login"));
    assert_eq!(
        err.downcast_ref::<std::io::Error>()
            .map(ToString::to_string)
            .as_deref(),
        Some("login refused")
    );
    assert!(received(&server).await.is_empty());
}

#[tokio::test]
async fn the_source_is_made_from_a_client_without_credentials() {
    let server = open_server().await;
    let (_client, log, plain) = with_source(&base(&server), false);
    let plain = plain
        .get()
        .expect("the factory ran when the client was built");
    assert_eq!(plain.base_url(), base(&server));
    // Its calls never ask the source (which could make a login call itself recursively).
    let err = call::<serde_json::Value>(plain, &GET_KEYED)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidInput { .. }), "{err:?}");
    call::<serde_json::Value>(plain, &GET_OPEN).await.unwrap();
    assert!(log.lock().unwrap().asked.is_empty());
}

#[tokio::test]
async fn secrets_never_show_in_debug_output_or_errors() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(403).set_body_json(json!({"code": "DENIED"})))
        .mount(&server)
        .await;
    let configured = builder(&base(&server))
        .credential("api_key", KEY)
        .credential("api_token", TOKEN)
        .header("X-Trace", "trace-1");
    let client = configured.clone().build().unwrap();

    let mut outputs = vec![
        format!("{configured:?}"),
        format!("{configured:#?}"),
        format!("{client:?}"),
        format!("{client:#?}"),
    ];
    assert!(
        outputs[0].contains("api_key") && outputs[0].contains("api_token"),
        "{}",
        outputs[0]
    );
    assert!(outputs[2].contains("api_key"), "{}", outputs[2]);

    let err = call::<serde_json::Value>(&client, &GET_BOTH)
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(403));
    outputs.push(format!("{err:?}"));
    outputs.push(err.to_string());

    // A transport error (its source names the URL, never a header).
    let closed = builder(&format!("http://127.0.0.1:{}/v1", common::closed_port()))
        .credential("api_key", KEY)
        .credential("api_token", TOKEN)
        .retry(RetryPolicy::disabled())
        .build()
        .unwrap();
    let err = call_unit(&closed, &GET_BOTH).await.unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    outputs.push(format!("{err:?}"));
    outputs.push(err.to_string());

    // A credential that cannot be sent in a header: the error names the scheme, not the value.
    let err = ClientBuilder::new(&common::API)
        .base_url(base(&server))
        .credential("api_key", format!("{KEY}\n"))
        .build()
        .unwrap_err();
    assert!(
        matches!(&err, Error::InvalidInput { operation: None, parameter, .. } if parameter == "api_key"),
        "{err:?}"
    );
    outputs.push(format!("{err:?}"));
    outputs.push(err.to_string());

    // A source is described, never its secrets.
    let (with_login, _, _) = with_source(&base(&server), false);
    let described = format!("{with_login:?}");
    assert!(
        described.contains("counting login for tests"),
        "{described}"
    );
    outputs.push(described);

    // What a generated model prints in place of a secret field.
    assert_eq!(format!("{:?}", rt::Redacted), "***");

    for output in &outputs {
        for secret in [KEY, TOKEN, "SECRET"] {
            assert!(!output.contains(secret), "{secret} in {output}");
        }
    }
}

/// Fixed credentials and a credential source replace each other: the later setting wins.
#[tokio::test]
async fn the_later_of_fixed_credentials_and_a_source_wins() {
    let server = open_server().await;
    let log = Arc::new(Mutex::new(Log::default()));
    let source = |log: Arc<Mutex<Log>>| {
        move |_: Client| {
            Arc::new(CountingSource {
                log: log.clone(),
                fail: false,
            }) as Arc<dyn CredentialSource>
        }
    };
    let fixed_last = builder(&base(&server))
        .credential_source("counting login for tests", source(log.clone()))
        .credential("api_key", KEY)
        .build()
        .unwrap();
    call::<serde_json::Value>(&fixed_last, &GET_KEYED)
        .await
        .unwrap();
    assert_eq!(
        header_sent(&server, "/v1/keyed", "x-api-key")
            .await
            .as_deref(),
        Some(KEY)
    );
    assert!(
        log.lock().unwrap().asked.is_empty(),
        "the source was replaced"
    );

    let source_last = builder(&base(&server))
        .credential("api_key", KEY)
        .credential_source("counting login for tests", source(log.clone()))
        .build()
        .unwrap();
    call::<serde_json::Value>(&source_last, &GET_KEYED)
        .await
        .unwrap();
    assert_eq!(
        header_sent(&server, "/v1/keyed", "x-api-key")
            .await
            .as_deref(),
        Some("token-1")
    );
}

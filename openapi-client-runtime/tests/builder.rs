//! `ClientBuilder::build`: which base URLs are accepted, the default one from `Api::servers`,
//! and the headers every request carries (user agent, `Accept`, extra headers).

mod common;

use common::{base, received};
use openapi_client_runtime::__private as rt;
use rt::{ClientBuilder, Error, Method, Operation};
use serde_json::json;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

static GET_THING: Operation = Operation {
    id: "getThing",
    method: Method::Get,
    path: "/thing",
    security: &[],
};

/// A spec without `servers`.
static NO_SERVERS: rt::Api = rt::Api {
    servers: &[],
    span: rt::call_span!("no_servers_call"),
    wait_headers: &[],
    user_agent: "no-servers/0.0.1",
};

/// A spec whose first server is plain HTTP to another machine.
static PLAIN_HTTP_SERVER: rt::Api = rt::Api {
    servers: &[("http://api.example.com/v1", "Production, unencrypted")],
    span: rt::call_span!("plain_http_call"),
    wait_headers: &[],
    user_agent: "plain-http/0.0.1",
};

/// A spec whose first server is on this machine.
static LOCAL_SERVER: rt::Api = rt::Api {
    servers: &[("http://localhost:8080/api/", "A local gateway")],
    span: rt::call_span!("local_call"),
    wait_headers: &[],
    user_agent: "local/0.0.1",
};

/// The `base_url` setting error, or a panic naming what was built.
fn refused(builder: ClientBuilder) -> String {
    match builder.build() {
        Err(Error::InvalidInput {
            operation: None,
            parameter,
            reason,
        }) => {
            assert_eq!(parameter, "base_url", "{reason}");
            reason
        }
        Err(other) => panic!("expected InvalidInput for base_url, got {other:?}"),
        Ok(client) => panic!("expected a refusal, built {client:?}"),
    }
}

#[test]
fn plain_http_to_another_machine_is_refused() {
    for url in [
        "http://example.com/v1",
        "http://api.example.com",
        "http://10.0.0.1:8080/v1",
        "http://192.168.1.10/v1",
        "http://[2001:db8::1]/v1",
        "http://localhost.example.com/v1",
        "http://127.0.0.1.nip.io/v1",
    ] {
        let reason = refused(ClientBuilder::new(&common::API).base_url(url));
        assert!(reason.contains("plain HTTP"), "{url}: {reason}");
    }
    let err = ClientBuilder::new(&common::API)
        .base_url("http://example.com/v1")
        .build()
        .unwrap_err();
    assert!(
        err.to_string()
            .starts_with("invalid client setting `base_url`"),
        "{err}"
    );
    assert_eq!(err.operation(), None);
    assert_eq!(err.attempts(), 0);
}

#[test]
fn plain_http_to_a_loopback_address_and_https_anywhere_are_accepted() {
    for (url, expected) in [
        ("http://127.0.0.1:8080/v1", "http://127.0.0.1:8080/v1"),
        ("http://127.5.6.7/v1", "http://127.5.6.7/v1"),
        ("http://localhost:3000/v1/", "http://localhost:3000/v1"),
        ("http://LOCALHOST:3000", "http://LOCALHOST:3000"),
        ("http://[::1]:9000/v1", "http://[::1]:9000/v1"),
        ("https://api.example.com/v1/", "https://api.example.com/v1"),
        ("https://10.0.0.1/v1", "https://10.0.0.1/v1"),
    ] {
        let client = ClientBuilder::new(&common::API)
            .base_url(url)
            .build()
            .unwrap_or_else(|e| panic!("{url}: {e}"));
        assert_eq!(client.base_url(), expected, "{url}");
    }
}

#[test]
fn other_bad_base_urls_are_refused() {
    for (url, says) in [
        ("api.example.com/v1", "absolute"),
        ("", "absolute"),
        ("ftp://example.com/v1", "http(s)"),
        ("file:///etc/passwd", "http(s)"),
        ("https://user:password@api.example.com/v1", "user name"),
        ("https://token@api.example.com/v1", "user name"),
        ("https://api.example.com/v1?debug=1", "query"),
        ("https://api.example.com/v1#top", "query or fragment"),
    ] {
        let reason = refused(ClientBuilder::new(&common::API).base_url(url));
        assert!(reason.contains(says), "{url}: {reason}");
    }
    // The refusal never repeats a password from the URL.
    let err = ClientBuilder::new(&common::API)
        .base_url("https://user:pa55word@api.example.com/v1")
        .build()
        .unwrap_err();
    assert!(!format!("{err:?} {err}").contains("pa55word"), "{err:?}");
}

#[test]
fn the_default_base_url_is_the_first_of_the_api_servers() {
    let client = ClientBuilder::new(&common::API).build().unwrap();
    assert_eq!(client.base_url(), "https://api.example.com/v1");
    let local = ClientBuilder::new(&LOCAL_SERVER).build().unwrap();
    assert_eq!(local.base_url(), "http://localhost:8080/api");
    // A base URL set by hand replaces it.
    let client = ClientBuilder::new(&common::API)
        .base_url("https://sandbox.example.com/v1")
        .build()
        .unwrap();
    assert_eq!(client.base_url(), "https://sandbox.example.com/v1");
}

#[test]
fn a_default_server_is_checked_like_any_base_url() {
    let reason = refused(ClientBuilder::new(&PLAIN_HTTP_SERVER));
    assert!(reason.contains("plain HTTP"), "{reason}");
    // Set by hand, another base URL is fine.
    let client = ClientBuilder::new(&PLAIN_HTTP_SERVER)
        .base_url("https://api.example.com/v1")
        .build()
        .unwrap();
    assert_eq!(client.base_url(), "https://api.example.com/v1");
}

#[test]
fn no_server_and_no_base_url_is_refused() {
    let reason = refused(ClientBuilder::new(&NO_SERVERS));
    assert!(reason.contains("no server"), "{reason}");
    let client = ClientBuilder::new(&NO_SERVERS)
        .base_url("http://127.0.0.1:1/v1")
        .build()
        .unwrap();
    assert_eq!(client.base_url(), "http://127.0.0.1:1/v1");
}

#[test]
fn headers_that_cannot_be_sent_are_refused() {
    for (name, value) in [("bad header", "x"), ("X-Fine", "line\nbreak")] {
        let err = ClientBuilder::new(&common::API)
            .header(name, value)
            .build()
            .unwrap_err();
        assert!(
            matches!(&err, Error::InvalidInput { operation: None, parameter, .. } if parameter == name),
            "{err:?}"
        );
    }
}

async fn one_request(builder: ClientBuilder) -> wiremock::Request {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&server)
        .await;
    let client = builder.base_url(base(&server)).build().unwrap();
    let _: serde_json::Value = common::call(&client, &GET_THING).await.unwrap();
    let mut requests = received(&server).await;
    assert_eq!(requests.len(), 1);
    let request = requests.remove(0);
    assert_eq!(request.url.path(), "/v1/thing");
    request
}

fn header<'a>(request: &'a wiremock::Request, name: &str) -> Option<&'a str> {
    request.headers.get(name).map(|v| v.to_str().unwrap())
}

#[tokio::test]
async fn the_user_agent_is_the_api_s_unless_replaced() {
    let request = one_request(ClientBuilder::new(&common::API)).await;
    assert_eq!(header(&request, "user-agent"), Some("runtime-tests/0.1.0"));
    assert_eq!(header(&request, "accept"), Some("application/json"));

    let request = one_request(ClientBuilder::new(&common::API).user_agent("my-app/2.0")).await;
    assert_eq!(header(&request, "user-agent"), Some("my-app/2.0"));
}

#[tokio::test]
async fn extra_headers_are_sent_and_a_later_value_replaces_an_earlier_one() {
    let request = one_request(
        ClientBuilder::new(&common::API)
            .header("X-Request-Source", "first")
            .header("x-request-source", "second")
            .header("X-Tenant", "t-1"),
    )
    .await;
    let sources: Vec<&str> = request
        .headers
        .get_all("x-request-source")
        .iter()
        .map(|v| v.to_str().unwrap())
        .collect();
    assert_eq!(sources, ["second"]);
    assert_eq!(header(&request, "x-tenant"), Some("t-1"));
}

#[test]
fn a_builder_shows_its_settings_in_debug_output() {
    let builder = ClientBuilder::new(&common::API)
        .base_url("https://api.example.com/v1")
        .timeout(std::time::Duration::from_secs(7))
        .header("X-Tenant", "t-1");
    let shown = format!("{builder:?}");
    for expected in [
        "https://api.example.com/v1",
        "7s",
        "X-Tenant",
        "runtime-tests/0.1.0",
    ] {
        assert!(shown.contains(expected), "{expected} not in {shown}");
    }
    assert!(
        !shown.contains("t-1"),
        "header values are not shown: {shown}"
    );
}

#[test]
fn a_password_in_the_base_url_is_never_repeated_by_the_refusal() {
    for url in [
        "http://user:pa55word@example.com/v1",
        "https://user:pa55word@api.example.com:99999/v1",
    ] {
        let err = ClientBuilder::new(&common::API)
            .base_url(url)
            .build()
            .unwrap_err();
        assert!(matches!(err, Error::InvalidInput { .. }), "{err:?}");
        assert!(
            !format!("{err:?} {err}").contains("pa55word"),
            "{url}: {err}"
        );
    }
}

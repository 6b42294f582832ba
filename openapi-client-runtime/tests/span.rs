//! The tracing span of each call, as a subscriber sees it: named by the generated crate's
//! `call_span!`, with the operation, method and path template, then status, attempts and
//! duration; the retry and failure events inside it; never a secret.

mod common;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use common::{base, builder, call, quick};
use openapi_client_runtime::__private as rt;
use rt::{ClientBuilder, Method, Operation, RetryPolicy};
use serde_json::json;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Level, Metadata, Subscriber};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

static GET_THING: Operation = Operation {
    id: "getThing",
    method: Method::Get,
    path: "/things/{thing_id}",
    security: &[("api_key", "X-Api-Key")],
};

static CREATE_THING: Operation = Operation {
    id: "createThing",
    method: Method::Post,
    path: "/things",
    security: &[],
};

/// An API whose generated crate names its span `my_api_call`.
static MY_API: rt::Api = rt::Api {
    servers: &[],
    span: rt::call_span!("my_api_call"),
    wait_headers: &[],
    user_agent: "my-api/1.0.0",
};

const SECRET: &str = "KEY-SECRET-77";

#[derive(Debug)]
struct SpanRecord {
    name: &'static str,
    level: Level,
    fields: BTreeMap<String, String>,
}

#[derive(Debug)]
struct EventRecord {
    level: Level,
    /// The span the event happened in (its index in `spans`).
    span: Option<usize>,
    fields: BTreeMap<String, String>,
}

#[derive(Default)]
struct State {
    spans: Vec<SpanRecord>,
    events: Vec<EventRecord>,
    entered: Vec<usize>,
}

/// A subscriber that keeps every span with its fields as recorded, and every event with the
/// span it happened in.
#[derive(Clone, Default)]
struct Recorder(Arc<Mutex<State>>);

struct Fields<'a>(&'a mut BTreeMap<String, String>);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }

    fn record_u64(&mut self, field: &Field, value: u64) {
        self.0.insert(field.name().to_owned(), value.to_string());
    }

    fn record_i64(&mut self, field: &Field, value: i64) {
        self.0.insert(field.name().to_owned(), value.to_string());
    }
}

impl Subscriber for Recorder {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, attributes: &Attributes<'_>) -> Id {
        let mut fields = BTreeMap::new();
        attributes.record(&mut Fields(&mut fields));
        let mut state = self.0.lock().unwrap();
        state.spans.push(SpanRecord {
            name: attributes.metadata().name(),
            level: *attributes.metadata().level(),
            fields,
        });
        Id::from_u64(state.spans.len() as u64)
    }

    fn record(&self, span: &Id, values: &Record<'_>) {
        let mut state = self.0.lock().unwrap();
        let index = span.into_u64() as usize - 1;
        values.record(&mut Fields(&mut state.spans[index].fields));
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut fields = BTreeMap::new();
        event.record(&mut Fields(&mut fields));
        let mut state = self.0.lock().unwrap();
        let span = match event.parent() {
            Some(id) => Some(id.into_u64() as usize - 1),
            None => state.entered.last().copied(),
        };
        state.events.push(EventRecord {
            level: *event.metadata().level(),
            span,
            fields,
        });
    }

    fn enter(&self, span: &Id) {
        self.0
            .lock()
            .unwrap()
            .entered
            .push(span.into_u64() as usize - 1);
    }

    fn exit(&self, _: &Id) {
        self.0.lock().unwrap().entered.pop();
    }
}

impl Recorder {
    /// The one span named `name`, as recorded.
    fn only_span(&self, name: &str) -> (usize, BTreeMap<String, String>, Level) {
        let state = self.0.lock().unwrap();
        let found: Vec<(usize, &SpanRecord)> = state
            .spans
            .iter()
            .enumerate()
            .filter(|(_, s)| s.name == name)
            .collect();
        assert_eq!(found.len(), 1, "spans named {name}: {:?}", state.spans);
        let (index, span) = found[0];
        (index, span.fields.clone(), span.level)
    }

    /// The events that happened in span `index`.
    fn events_in(&self, index: usize) -> Vec<(Level, BTreeMap<String, String>)> {
        let state = self.0.lock().unwrap();
        state
            .events
            .iter()
            .filter(|e| e.span == Some(index))
            .map(|e| (e.level, e.fields.clone()))
            .collect()
    }

    /// Everything recorded, as text.
    fn dump(&self) -> String {
        let state = self.0.lock().unwrap();
        format!("{:?}\n{:?}", state.spans, state.events)
    }
}

fn field<'a>(fields: &'a BTreeMap<String, String>, name: &str) -> Option<&'a str> {
    fields.get(name).map(String::as_str)
}

#[tokio::test(flavor = "current_thread")]
async fn the_span_has_the_generated_name_and_every_field() {
    let recorder = Recorder::default();
    let _default = tracing::subscriber::set_default(recorder.clone());

    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/things/t-1"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/things/t-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "t-1"})))
        .with_priority(2)
        .mount(&server)
        .await;
    let client = builder(&base(&server))
        .credential("api_key", SECRET)
        .retry(quick(3))
        .build()
        .unwrap();
    let mut request = rt::Request::new(&GET_THING);
    request.path("thing_id", "t-1");
    let value: serde_json::Value = client.execute(request).await.unwrap().json().unwrap();
    assert_eq!(value["id"], "t-1");

    let (index, fields, level) = recorder.only_span("runtime_test_call");
    assert_eq!(level, Level::INFO);
    assert_eq!(field(&fields, "operation"), Some("getThing"));
    assert_eq!(field(&fields, "method"), Some("GET"));
    assert_eq!(field(&fields, "path"), Some("/things/{thing_id}"));
    assert_eq!(field(&fields, "status"), Some("200"));
    assert_eq!(field(&fields, "attempts"), Some("2"));
    let duration: u64 = field(&fields, "duration_ms")
        .expect("duration_ms recorded")
        .parse()
        .unwrap();
    assert!(duration < 2000, "{duration}");

    let events = recorder.events_in(index);
    assert!(
        events
            .iter()
            .any(|(_, f)| field(f, "message") == Some("retrying")
                && field(f, "attempt") == Some("1")),
        "no retry event in the span: {events:?}"
    );
    assert!(!recorder.dump().contains(SECRET), "{}", recorder.dump());
}

#[tokio::test(flavor = "current_thread")]
async fn the_span_name_comes_from_the_api() {
    let recorder = Recorder::default();
    let _default = tracing::subscriber::set_default(recorder.clone());

    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({})))
        .mount(&server)
        .await;
    let mine = ClientBuilder::new(&MY_API)
        .base_url(base(&server))
        .build()
        .unwrap();
    let _: serde_json::Value = call(&mine, &CREATE_THING).await.unwrap();

    let (_, fields, _) = recorder.only_span("my_api_call");
    assert_eq!(field(&fields, "operation"), Some("createThing"));
    assert_eq!(field(&fields, "method"), Some("POST"));
    assert_eq!(field(&fields, "path"), Some("/things"));
    assert_eq!(field(&fields, "status"), Some("201"));
    assert_eq!(field(&fields, "attempts"), Some("1"));
    let state = recorder.0.lock().unwrap();
    assert!(
        state.spans.iter().all(|s| s.name != "runtime_test_call"),
        "only the API's own span name is used: {:?}",
        state.spans
    );
}

#[tokio::test(flavor = "current_thread")]
async fn a_failed_call_records_its_status_attempts_and_a_debug_event() {
    let recorder = Recorder::default();
    let _default = tracing::subscriber::set_default(recorder.clone());

    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(404).set_body_json(json!({"code": "NF", "message": "gone"})),
        )
        .mount(&server)
        .await;
    let client = builder(&base(&server))
        .credential("api_key", SECRET)
        .retry(quick(3))
        .build()
        .unwrap();
    let mut request = rt::Request::new(&GET_THING);
    request.path("thing_id", "t-2");
    let err = client.execute(request).await.unwrap_err();
    assert_eq!(err.status(), Some(404));

    let (index, fields, _) = recorder.only_span("runtime_test_call");
    assert_eq!(field(&fields, "status"), Some("404"));
    assert_eq!(field(&fields, "attempts"), Some("1"));
    let events = recorder.events_in(index);
    let failed = events
        .iter()
        .find(|(_, f)| field(f, "message") == Some("call failed"))
        .unwrap_or_else(|| panic!("no failure event in the span: {events:?}"));
    assert_eq!(failed.0, Level::DEBUG);
    assert!(
        field(&failed.1, "error").is_some_and(|e| e.contains("HTTP 404") && e.contains("NF: gone")),
        "{failed:?}"
    );
    assert!(!recorder.dump().contains(SECRET));
}

#[tokio::test(flavor = "current_thread")]
async fn a_transport_failure_records_attempts_but_no_status() {
    let recorder = Recorder::default();
    let _default = tracing::subscriber::set_default(recorder.clone());

    let base = format!("http://127.0.0.1:{}/v1", common::closed_port());
    let client = common::client(&base, quick(2));
    let err = call::<serde_json::Value>(&client, &CREATE_THING)
        .await
        .unwrap_err();
    assert_eq!(err.attempts(), 2);

    let (_, fields, _) = recorder.only_span("runtime_test_call");
    assert_eq!(field(&fields, "operation"), Some("createThing"));
    assert_eq!(field(&fields, "attempts"), Some("2"));
    assert_eq!(field(&fields, "status"), None, "{fields:?}");
    assert!(fields.contains_key("duration_ms"));
}

#[tokio::test(flavor = "current_thread")]
async fn one_span_per_call() {
    let recorder = Recorder::default();
    let _default = tracing::subscriber::set_default(recorder.clone());

    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&server)
        .await;
    let client = common::client(&base(&server), RetryPolicy::disabled());
    for _ in 0..3 {
        let _: serde_json::Value = call(&client, &CREATE_THING).await.unwrap();
    }
    let state = recorder.0.lock().unwrap();
    let calls: Vec<&SpanRecord> = state
        .spans
        .iter()
        .filter(|s| s.name == "runtime_test_call")
        .collect();
    assert_eq!(calls.len(), 3, "{:?}", state.spans);
    assert!(calls
        .iter()
        .all(|s| field(&s.fields, "status") == Some("200")
            && field(&s.fields, "attempts") == Some("1")));
}

#[tokio::test(flavor = "current_thread")]
async fn each_login_is_a_debug_event_in_the_call_that_needed_it() {
    let recorder = Recorder::default();
    let _default = tracing::subscriber::set_default(recorder.clone());

    let server = MockServer::start().await;
    // The first token is refused once; the second is accepted.
    Mock::given(method("GET"))
        .and(wiremock::matchers::header("x-api-key", "token-1"))
        .respond_with(ResponseTemplate::new(401))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(wiremock::matchers::header("x-api-key", "token-2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&server)
        .await;
    let logins = Arc::new(std::sync::atomic::AtomicU32::new(0));
    let count = logins.clone();
    let login =
        openapi_client_runtime::SharedLogin::new("test login", move || {
            let n = count.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
            Box::pin(async move {
                openapi_client_runtime::Grant::new(std::time::Duration::from_secs(3600))
                    .with_secret("login", "api_key", &format!("token-{n}"))
            })
        });
    let client = builder(&base(&server))
        .credential_source("test login", move |_| Arc::new(login.clone()))
        .retry(RetryPolicy::disabled())
        .build()
        .unwrap();
    let mut request = rt::Request::new(&GET_THING);
    request.path("thing_id", "t-3");
    client.execute(request).await.unwrap();

    let (index, fields, _) = recorder.only_span("runtime_test_call");
    assert_eq!(field(&fields, "attempts"), Some("2"));
    let reasons: Vec<(Level, String)> = recorder
        .events_in(index)
        .into_iter()
        .filter(|(_, f)| field(f, "message") == Some("logging in"))
        .map(|(level, f)| (level, field(&f, "reason").unwrap_or("").to_owned()))
        .collect();
    assert_eq!(
        reasons,
        [
            (Level::DEBUG, "first".to_owned()),
            (Level::DEBUG, "refused".to_owned())
        ]
    );
    assert_eq!(logins.load(std::sync::atomic::Ordering::SeqCst), 2);
    assert!(!recorder.dump().contains("token-"), "{}", recorder.dump());
}

//! The fake server (feature `test-support`) on its own, with operations written as generated
//! code writes them: default examples, typed records, rules and sequences, strictness, faults,
//! credentials, pages and the download host, all over real HTTP on 127.0.0.1.
#![cfg(feature = "test-support")]

mod common;

use std::time::{Duration, Instant};

use common::{builder, quick};
use openapi_client_runtime::__private as rt;
use openapi_client_runtime::fake::{Fake, FakeOperation, Media, Paging, RawRequest, Spec};
use rt::{Client, Error, Method, Operation, Request};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Thing {
    id: String,
    size: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct ThingList {
    things: Vec<Thing>,
}

/// `getThing`: `GET /things/{id}?verbose=`, secured by `X-Key`.
struct GetThing;
/// Its typed record.
#[derive(Debug)]
struct GetThingRequest {
    id: String,
    verbose: Option<bool>,
}

static GET_THING_OP: Operation = Operation {
    id: "getThing",
    method: Method::Get,
    path: "/things/{id}",
    security: &[("key", "X-Key")],
};
static GET_THING: Spec = Spec {
    operation: &GET_THING_OP,
    query: &["verbose"],
    status: 200,
    media: Media::Json,
    example: Some(r#"{"id":"example","size":7}"#),
    paging: None,
    check: |raw| GetThing::record(raw).map(drop),
};

impl FakeOperation for GetThing {
    type Response = Thing;
    type Request = GetThingRequest;
    fn spec() -> &'static Spec {
        &GET_THING
    }
    fn record(raw: &RawRequest) -> Result<GetThingRequest, String> {
        Ok(GetThingRequest {
            id: raw.path("id")?,
            verbose: raw.query("verbose")?,
        })
    }
}

/// `putThing`: `PUT /things/{id}` with a JSON body, answered 204.
struct PutThing;
static PUT_THING_OP: Operation = Operation {
    id: "putThing",
    method: Method::Put,
    path: "/things/{id}",
    security: &[],
};
static PUT_THING: Spec = Spec {
    operation: &PUT_THING_OP,
    query: &[],
    status: 204,
    media: Media::None,
    example: None,
    paging: None,
    check: |raw| PutThing::record(raw).map(drop),
};
impl FakeOperation for PutThing {
    type Response = ();
    type Request = (String, Thing);
    fn spec() -> &'static Spec {
        &PUT_THING
    }
    fn record(raw: &RawRequest) -> Result<(String, Thing), String> {
        Ok((raw.path("id")?, raw.json()?))
    }
}

/// `listThings`: `GET /things`, paged by `x-next` / `after`; `/things/latest` is its own.
struct ListThings;
static LIST_THINGS_OP: Operation = Operation {
    id: "listThings",
    method: Method::Get,
    path: "/things",
    security: &[],
};
static LIST_THINGS: Spec = Spec {
    operation: &LIST_THINGS_OP,
    query: &["after"],
    status: 200,
    media: Media::Json,
    example: Some(r#"{"things":[]}"#),
    paging: Some(Paging {
        header: "x-next",
        param: "after",
        items: Some("things"),
    }),
    check: |raw| raw.query::<String>("after").map(drop),
};
impl FakeOperation for ListThings {
    type Response = ThingList;
    type Request = Option<String>;
    fn spec() -> &'static Spec {
        &LIST_THINGS
    }
    fn record(raw: &RawRequest) -> Result<Option<String>, String> {
        raw.query("after")
    }
}

static SPECS: &[&Spec] = &[&GET_THING, &PUT_THING, &LIST_THINGS];

fn client(fake: &Fake, attempts: u32) -> Client {
    builder(fake.url())
        .credential("key", "k1")
        .retry(quick(attempts))
        .build()
        .expect("the client builds")
}

async fn get(client: &Client, id: &str, verbose: Option<bool>) -> Result<Thing, Error> {
    let mut request = Request::new(&GET_THING_OP);
    request.path("id", id);
    if let Some(verbose) = verbose {
        request.query("verbose", &verbose);
    }
    client.execute(request).await?.json()
}

#[tokio::test]
async fn the_example_answers_by_default_and_each_request_is_recorded_typed() {
    let fake = Fake::start(SPECS).await;
    let client = client(&fake, 1);
    let thing = get(&client, "a b/c", Some(true)).await.unwrap();
    assert_eq!(
        thing,
        Thing {
            id: "example".into(),
            size: 7
        }
    );
    let sent = fake.requests::<GetThing>();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].id, "a b/c");
    assert_eq!(sent[0].verbose, Some(true));
    assert_eq!(sent[0].header("x-key"), Some("k1"));
    assert!(fake.requests::<PutThing>().is_empty());
}

#[tokio::test]
async fn rules_answer_in_order_match_typed_fields_and_the_latest_wins() {
    let fake = Fake::start(SPECS).await;
    let client = client(&fake, 3);
    let big = Thing {
        id: "big".into(),
        size: 1000,
    };
    fake.on::<GetThing>().answer(big.clone());
    fake.on::<GetThing>()
        .when(|r| r.id == "slow")
        .error(429, "LIMIT", "slow down")
        .header("Retry-After", "0")
        .answer(Thing {
            id: "slow".into(),
            size: 1,
        })
        .once();
    // The 429 is retried; the answer after it ends the rule; then the earlier rule answers.
    assert_eq!(get(&client, "slow", None).await.unwrap().id, "slow");
    assert_eq!(get(&client, "slow", None).await.unwrap(), big);
    assert_eq!(get(&client, "other", None).await.unwrap(), big);
    assert_eq!(fake.requests::<GetThing>().len(), 4);

    fake.on::<GetThing>()
        .error(404, "NOT_FOUND", "no such thing");
    let error = get(&client, "gone", None).await.unwrap_err();
    assert_eq!(error.status(), Some(404));
    assert_eq!(error.code(), Some("NOT_FOUND"));
}

#[tokio::test]
async fn a_request_the_spec_does_not_allow_is_refused_and_fails_the_test() {
    let fake = Fake::start(SPECS).await;
    let client = client(&fake, 1);
    let unknown = client
        .execute(Request::new(&DELETE_THING))
        .await
        .unwrap_err();
    assert_eq!(unknown.status(), Some(404));
    let mut request = Request::new(&GET_THING_OP);
    request.path("id", "a");
    request.query("colour", "red");
    client.execute(request).await.unwrap_err();
    let mut request = Request::new(&GET_THING_OP);
    request.path("id", "a");
    request.query("verbose", "maybe");
    client.execute(request).await.unwrap_err();
    let violations = fake.take_violations();
    assert_eq!(violations.len(), 3, "{violations:#?}");
    assert!(
        violations[0].contains("`DELETE /things/a`: no operation"),
        "{}",
        violations[0]
    );
    assert!(
        violations[1].contains("query parameter `colour` is not one of the operation's (verbose)"),
        "{}",
        violations[1]
    );
    assert!(
        violations[2].contains("`getThing` (`GET /things/a`): query parameter `verbose` = `maybe`"),
        "{}",
        violations[2]
    );
    assert!(
        fake.requests::<GetThing>().is_empty(),
        "refused requests are not recorded"
    );
}

static DELETE_THING: Operation = Operation {
    id: "deleteThing",
    method: Method::Delete,
    path: "/things/a",
    security: &[],
};

#[tokio::test]
#[should_panic(expected = "the fake server received requests the spec does not allow")]
async fn dropping_the_fake_after_a_violation_panics() {
    let fake = Fake::start(SPECS).await;
    let _ = client(&fake, 1).execute(Request::new(&DELETE_THING)).await;
}

#[tokio::test]
async fn a_raw_success_that_does_not_fit_is_refused_naming_the_operation_and_path() {
    let fake = Fake::start(SPECS).await;
    let refused = fake
        .on::<GetThing>()
        .try_raw(200, "application/json", r#"{"id":"x","size":"big"}"#)
        .err()
        .expect("refused");
    assert!(
        refused
            .starts_with("the raw answer of `getThing` does not fit its response type at `size`"),
        "{refused}"
    );
    // An error status is not a response of that type: any body goes.
    fake.on::<GetThing>().raw(500, "text/plain", "boom");
    assert_eq!(
        get(&client(&fake, 1), "a", None)
            .await
            .unwrap_err()
            .status(),
        Some(500)
    );
}

#[tokio::test]
async fn faults_reset_truncate_and_delay() {
    let fake = Fake::start(SPECS).await;
    let client = client(&fake, 1);
    fake.on::<GetThing>().reset().once();
    let reset = get(&client, "a", None).await.unwrap_err();
    assert!(matches!(reset, Error::Transport { .. }), "{reset:?}");
    fake.on::<GetThing>()
        .answer(Thing {
            id: "long".repeat(50),
            size: 1,
        })
        .truncate()
        .once();
    let truncated = get(&client, "a", None).await.unwrap_err();
    assert!(
        matches!(truncated, Error::Transport { .. } | Error::Decode { .. }),
        "{truncated:?}"
    );
    fake.on::<GetThing>()
        .delay(Duration::from_millis(150))
        .once();
    let started = Instant::now();
    assert_eq!(get(&client, "a", None).await.unwrap().id, "example");
    assert!(started.elapsed() >= Duration::from_millis(150));
    // After the faults, the fake answers as before.
    assert_eq!(get(&client, "a", None).await.unwrap().id, "example");
}

#[tokio::test]
async fn expired_credentials_are_answered_401_until_new_ones_are_accepted() {
    let fake = Fake::start(SPECS).await;
    let client = client(&fake, 1);
    assert!(
        get(&client, "a", None).await.is_ok(),
        "unchecked before any is accepted"
    );
    fake.accept_credential("X-Key", "k1");
    assert!(get(&client, "a", None).await.is_ok());
    fake.expire_credentials();
    let expired = get(&client, "a", None).await.unwrap_err();
    assert_eq!(
        (expired.status(), expired.code()),
        (Some(401), Some("UNAUTHORIZED"))
    );
    fake.accept_credential("x-key", "k1");
    assert!(get(&client, "a", None).await.is_ok());
    assert_eq!(
        fake.requests::<GetThing>().len(),
        3,
        "a 401 is not recorded"
    );
}

#[tokio::test]
async fn pages_spread_the_items_over_pages_with_next_keys() {
    let fake = Fake::start(SPECS).await;
    let client = client(&fake, 1);
    let things: Vec<Thing> = (0..5)
        .map(|i| Thing {
            id: format!("t{i}"),
            size: i,
        })
        .collect();
    fake.on::<ListThings>().pages(
        ThingList {
            things: things.clone(),
        },
        3,
    );
    let mut seen = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let mut request = Request::new(&LIST_THINGS_OP);
        if let Some(key) = &after {
            request.query("after", key);
        }
        let response = client.execute(request).await.unwrap();
        after = response.next_key("x-next", "after");
        seen.extend(response.json::<ThingList>().unwrap().things);
        if after.is_none() {
            break;
        }
    }
    assert_eq!(seen, things);
    let keys: Vec<Option<String>> = fake
        .requests::<ListThings>()
        .into_iter()
        .map(|s| s.request)
        .collect();
    assert_eq!(keys, [None, Some("page-1".into()), Some("page-2".into())]);
}

#[tokio::test]
async fn the_download_host_serves_files_and_records_requests() {
    let fake = Fake::start(SPECS).await;
    let url = fake.serve_file("bill.csv", "a,b\n1,2\n");
    assert!(!url.starts_with(fake.url()), "a second address: {url}");
    let http = openapi_client_runtime::reqwest::Client::new();
    let body = http.get(&url).send().await.unwrap().text().await.unwrap();
    assert_eq!(body, "a,b\n1,2\n");
    let missing = http.get(format!("{url}.old")).send().await.unwrap();
    assert_eq!(missing.status(), 404);
    assert_eq!(fake.downloads().len(), 2);
    assert_eq!(fake.take_violations().len(), 1);
}

#[tokio::test]
async fn bodies_are_read_into_records_and_literal_paths_route_before_parameters() {
    let fake = Fake::start(SPECS).await;
    let client = client(&fake, 1);
    let mut request = Request::new(&PUT_THING_OP);
    request.path("id", "z");
    request
        .json(&Thing {
            id: "z".into(),
            size: 3,
        })
        .unwrap();
    client.execute(request).await.unwrap().unit().unwrap();
    let sent = fake.requests::<PutThing>();
    assert_eq!(
        sent[0].request,
        (
            "z".to_owned(),
            Thing {
                id: "z".into(),
                size: 3
            }
        )
    );
    let mut bad = Request::new(&PUT_THING_OP);
    bad.path("id", "z");
    bad.json(&serde_json::json!({"id": "z"})).unwrap();
    client.execute(bad).await.unwrap_err();
    let violations = fake.take_violations();
    assert!(
        violations[0].contains("missing field `size`"),
        "{violations:?}"
    );
}

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
        .map(|s| s.into_record())
        .collect();
    assert_eq!(keys, [None, Some("1".into()), Some("2".into())]);
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
        *sent[0].record(),
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

/// The bodies of the `getThing` answers `n` calls get (`id`, or the error status).
async fn ids(client: &Client, n: usize) -> Vec<String> {
    let mut seen = Vec::new();
    for _ in 0..n {
        seen.push(match get(client, "a", None).await {
            Ok(thing) => thing.id,
            Err(e) => format!("{}", e.status().unwrap_or(0)),
        });
    }
    seen
}

fn thing(id: &str) -> Thing {
    Thing {
        id: id.into(),
        size: 1,
    }
}

#[tokio::test]
async fn modifiers_before_every_answer_apply_to_the_first_and_once_counts_every_answer() {
    let fake = Fake::start(SPECS).await;
    let client = client(&fake, 1);
    fake.on::<GetThing>()
        .header("x-first", "yes")
        .error(429, "LIMIT", "slow")
        .once();
    let raw = openapi_client_runtime::reqwest::get(format!("{}/things/a", fake.url()))
        .await
        .unwrap();
    assert_eq!(
        (
            raw.status().as_u16(),
            raw.headers()["x-first"].to_str().unwrap()
        ),
        (429, "yes")
    );
    assert_eq!(ids(&client, 1).await, ["example"]);

    fake.on::<GetThing>()
        .once()
        .answer(thing("a"))
        .answer(thing("b"));
    assert_eq!(ids(&client, 3).await, ["a", "b", "example"]);
    fake.on::<GetThing>()
        .answer(thing("c"))
        .times(2)
        .answer(thing("d"));
    assert_eq!(ids(&client, 3).await, ["c", "d", "example"]);
}

#[tokio::test]
async fn two_conditions_must_both_hold() {
    let fake = Fake::start(SPECS).await;
    let client = client(&fake, 1);
    fake.on::<GetThing>()
        .when(|r| r.id == "a")
        .when(|r| r.verbose == Some(true))
        .answer(thing("both"));
    assert_eq!(get(&client, "a", Some(true)).await.unwrap().id, "both");
    assert_eq!(get(&client, "a", None).await.unwrap().id, "example");
    assert_eq!(get(&client, "b", Some(true)).await.unwrap().id, "example");
}

#[tokio::test]
async fn a_panic_in_a_rule_is_answered_500_and_fails_the_test() {
    let fake = Fake::start(SPECS).await;
    let client = client(&fake, 1);
    fake.on::<GetThing>().answer_with(|r| {
        assert_eq!(r.id, "expected", "the code asked for the wrong thing");
        thing("x")
    });
    let error = get(&client, "other", None).await.unwrap_err();
    assert_eq!(error.status(), Some(500));
    let violations = fake.take_violations();
    assert_eq!(violations.len(), 1);
    assert!(violations[0].contains("a function of the test's rule panicked: assertion `left == right` failed: the code asked for the wrong thing"), "{}", violations[0]);
}

#[tokio::test]
async fn a_truncated_answer_sends_its_head_and_half_its_body() {
    let fake = Fake::start(SPECS).await;
    fake.on::<GetThing>()
        .answer(thing("a-short-one"))
        .truncate();
    let mut stream =
        std::net::TcpStream::connect(fake.url().trim_start_matches("http://")).unwrap();
    use std::io::{Read, Write};
    stream
        .write_all(b"GET /things/a HTTP/1.1\r\nhost: fake\r\nx-key: any\r\n\r\n")
        .unwrap();
    let mut received = Vec::new();
    stream.read_to_end(&mut received).unwrap();
    let text = String::from_utf8_lossy(&received);
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    assert!(head.starts_with("HTTP/1.1 200 OK"), "{head}");
    assert!(head.contains("content-length: 29"), "{head}");
    assert_eq!(body, r#"{"id":"a-short"#);
}

#[tokio::test]
async fn the_fake_answers_while_the_test_blocks_its_thread() {
    // A current-thread runtime blocked by synchronous code: the fake runs on its own thread.
    let fake = Fake::start(SPECS).await;
    let mut stream =
        std::net::TcpStream::connect(fake.url().trim_start_matches("http://")).unwrap();
    use std::io::{Read, Write};
    stream
        .write_all(b"GET /things HTTP/1.1\r\nhost: fake\r\nconnection: close\r\n\r\n")
        .unwrap();
    let mut received = String::new();
    stream.read_to_string(&mut received).unwrap();
    assert!(received.ends_with(r#"{"things":[]}"#), "{received}");
}

#[tokio::test]
async fn files_of_any_name_are_served_and_their_paths_recorded() {
    let fake = Fake::start(SPECS).await;
    let url = fake.serve_file("my bill #1 請求.csv", "a\n");
    let body = openapi_client_runtime::reqwest::get(&url)
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(body, "a\n");
    let downloads = fake.downloads();
    assert_eq!(
        *downloads[0].record(),
        url.strip_prefix(&url[..url.find("/files").unwrap()])
            .unwrap()
    );
    assert_eq!(downloads[0].header("accept"), Some("*/*"));
}

#[tokio::test]
async fn requests_refused_for_their_credentials_are_kept_apart() {
    let fake = Fake::start(SPECS).await;
    let client = client(&fake, 1);
    fake.require_credentials("X-Key");
    assert_eq!(
        get(&client, "a", None).await.unwrap_err().status(),
        Some(401)
    );
    assert!(fake.requests::<GetThing>().is_empty());
    let refused = fake.unauthorized_requests();
    assert_eq!(refused.len(), 1);
    assert_eq!(refused[0].header_text("x-key"), Some("k1"));
}

#[tokio::test]
async fn once_on_pages_covers_the_whole_listing() {
    let fake = Fake::start(SPECS).await;
    let client = client(&fake, 1);
    let things: Vec<Thing> = (0..6).map(|i| thing(&format!("t{i}"))).collect();
    fake.on::<ListThings>()
        .pages(
            ThingList {
                things: things.clone(),
            },
            3,
        )
        .once();
    let mut seen = Vec::new();
    let mut after: Option<String> = None;
    for _ in 0..4 {
        let mut request = Request::new(&LIST_THINGS_OP);
        if let Some(key) = &after {
            request.query("after", key);
        }
        let response = client.execute(request).await.unwrap();
        after = response.next_key("x-next", "after");
        seen.extend(response.json::<ThingList>().unwrap().things);
    }
    // Three pages, then (the rule used up) the example's empty list.
    assert_eq!(seen, things);
}

#[tokio::test]
async fn an_unchecked_raw_answer_reaches_the_client_as_a_decode_error() {
    let fake = Fake::start(SPECS).await;
    fake.on::<GetThing>()
        .raw_unchecked(200, "application/json", r#"{"id":"x","size":"big"}"#);
    let error = get(&client(&fake, 1), "a", None).await.unwrap_err();
    assert!(
        matches!(&error, Error::Decode { path, .. } if path == "size"),
        "{error:?}"
    );
}

#[tokio::test]
#[should_panic(expected = "`bad header` cannot be a header name")]
async fn a_header_http_does_not_allow_is_refused_where_it_is_set() {
    let fake = Fake::start(SPECS).await;
    fake.on::<GetThing>().header("bad header", "x");
}

/// An operation `GET <path>` whose record is its path parameters, for the routing tests.
macro_rules! path_op {
    ($name:ident, $op:ident, $spec:ident, $id:literal, $path:literal) => {
        struct $name;
        static $op: Operation = Operation {
            id: $id,
            method: Method::Get,
            path: $path,
            security: &[],
        };
        static $spec: Spec = Spec {
            operation: &$op,
            query: &[],
            status: 200,
            media: Media::Json,
            example: Some(concat!("\"", $id, "\"")),
            paging: None,
            check: |_| Ok(()),
        };
        impl FakeOperation for $name {
            type Response = String;
            type Request = Vec<(String, String)>;
            fn spec() -> &'static Spec {
                &$spec
            }
            fn record(raw: &RawRequest) -> Result<Self::Request, String> {
                Ok(["id", "x", "y"]
                    .iter()
                    .filter_map(|n| raw.path::<String>(n).ok().map(|v| (n.to_string(), v)))
                    .collect())
            }
        }
    };
}
path_op!(
    GetReport,
    GET_REPORT_OP,
    GET_REPORT,
    "getReport",
    "/reports/{id}.csv"
);
path_op!(GetAxc, GET_AXC_OP, GET_AXC, "getAxc", "/a/{x}/c");
path_op!(GetAby, GET_ABY_OP, GET_ABY, "getAby", "/a/b/{y}");
static ROUTES: &[&Spec] = &[&GET_REPORT, &GET_AXC, &GET_ABY];
static ROUTES_REVERSED: &[&Spec] = &[&GET_ABY, &GET_AXC, &GET_REPORT];

async fn answered(fake: &Fake, path: &str) -> String {
    let client = builder(fake.url()).build().unwrap();
    let op = match path {
        p if p.starts_with("/reports") => &GET_REPORT_OP,
        _ => &GET_AXC_OP,
    };
    let mut request = Request::new(op);
    let (name, value) = match path {
        "/reports/a.b.csv" => ("id", "a.b"),
        _ => ("x", "b"),
    };
    request.path(name, value);
    client
        .execute(request)
        .await
        .unwrap()
        .json::<String>()
        .unwrap()
}

#[tokio::test]
async fn parameters_inside_a_segment_route_and_the_most_literal_path_wins_in_any_order() {
    for table in [ROUTES, ROUTES_REVERSED] {
        let fake = Fake::start(table).await;
        assert_eq!(answered(&fake, "/reports/a.b.csv").await, "getReport");
        assert_eq!(
            fake.requests::<GetReport>()[0].record(),
            &[("id".to_owned(), "a.b".to_owned())]
        );
        // `/a/b/c`: both templates match; `/a/b/{y}` is literal first, whatever the table's order.
        assert_eq!(answered(&fake, "/a/b/c").await, "getAby");
        assert_eq!(
            fake.requests::<GetAby>()[0].record(),
            &[("y".to_owned(), "c".to_owned())]
        );
        assert!(fake.requests::<GetAxc>().is_empty());
    }
}

#[tokio::test]
async fn a_refused_raw_answer_sets_nothing_of_its_rule() {
    let fake = Fake::start(SPECS).await;
    let refused = fake
        .on::<GetThing>()
        .error(500, "BOOM", "boom")
        .once()
        .try_raw(200, "application/json", "\"nope\"");
    assert!(refused.is_err());
    assert_eq!(
        get(&client(&fake, 1), "a", None).await.unwrap().id,
        "example"
    );
}

#[tokio::test]
async fn a_header_set_replaces_one_of_the_same_name_and_an_empty_body_truncates_too() {
    let fake = Fake::start(SPECS).await;
    fake.on::<GetThing>()
        .raw(500, "application/json", "x")
        .header("Content-Type", "text/plain")
        .once();
    let answer = openapi_client_runtime::reqwest::get(format!("{}/things/a", fake.url()))
        .await
        .unwrap();
    let types: Vec<_> = answer.headers().get_all("content-type").iter().collect();
    assert_eq!(types, ["text/plain"]);
    fake.on::<GetThing>().status(200).truncate().once();
    let error = get(&client(&fake, 1), "a", None).await.unwrap_err();
    assert!(
        matches!(error, Error::Transport { .. } | Error::Decode { .. }),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_query_that_is_not_utf8_is_a_violation_and_dot_names_are_served() {
    let fake = Fake::start(SPECS).await;
    let answer = openapi_client_runtime::reqwest::get(format!("{}/things?after=%FF", fake.url()))
        .await
        .unwrap();
    assert_eq!(answer.status(), 400);
    assert_eq!(
        fake.take_violations(),
        ["`listThings` (`GET /things`): query `after=%FF` is not UTF-8 text once decoded"]
    );
    let url = fake.serve_file("..", "dots");
    assert!(url.ends_with("/files/1/file"), "{url}");
    let body = openapi_client_runtime::reqwest::get(&url)
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(body, "dots");
}

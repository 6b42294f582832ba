//! `pages` and `items` over a paginated operation, written as generated code writes it: the next
//! key from a header or from `link: <…>; rel=next`, a key handed out twice, an error mid-way.

mod common;

use common::{base, client, received};
use openapi_client_runtime::__private as rt;
use openapi_client_runtime::stream::{StreamExt, TryStreamExt};
use rt::{Client, Error, Method, Operation, Request, RetryPolicy, Stream};
use serde::Deserialize;
use serde_json::json;
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

static LIST_THINGS: Operation = Operation {
    id: "listThings",
    method: Method::Get,
    path: "/things",
    security: &[],
};

#[derive(Debug, Clone, PartialEq, Deserialize)]
struct Thing {
    id: i64,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
struct ThingPage {
    #[serde(default)]
    things: Option<Vec<Thing>>,
}

/// The request builder of `listThings`, as generated for an operation with
/// `x-soracom-cli-pagination`.
#[derive(Clone, Debug)]
struct ListThings {
    client: Client,
    last_evaluated_key: Option<String>,
    limit: Option<i32>,
}

impl ListThings {
    fn new(client: &Client) -> Self {
        ListThings {
            client: client.clone(),
            last_evaluated_key: None,
            limit: Some(2),
        }
    }

    async fn send_page(self) -> Result<(ThingPage, Option<String>), Error> {
        let mut request = Request::new(&LIST_THINGS);
        if let Some(value) = &self.last_evaluated_key {
            request.query("last_evaluated_key", value);
        }
        if let Some(value) = &self.limit {
            request.query("limit", value);
        }
        let response = self.client.execute(request).await?;
        let next = response.next_key("x-next-key", "last_evaluated_key");
        response.json().map(|page| (page, next))
    }

    fn pages(self) -> impl Stream<Item = Result<ThingPage, Error>> + Send + 'static {
        rt::pages(
            self,
            LIST_THINGS.id,
            |mut builder: Self, key| {
                builder.last_evaluated_key = Some(key);
                Ok(builder)
            },
            Self::send_page,
        )
    }

    fn items(self) -> impl Stream<Item = Result<Thing, Error>> + Send + 'static {
        rt::items(self.pages(), |page: ThingPage| {
            page.things.unwrap_or_default()
        })
    }
}

fn page(ids: &[i64]) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(
        json!({"things": ids.iter().map(|id| json!({"id": id})).collect::<Vec<_>>()}),
    )
}

/// Answers the request with `key` (`None`: the first request, without a key).
async fn mount_page(server: &MockServer, key: Option<&str>, answer: ResponseTemplate) {
    let mock = Mock::given(method("GET"))
        .and(path("/v1/things"))
        .and(query_param("limit", "2"));
    let mock = match key {
        Some(key) => mock.and(query_param("last_evaluated_key", key)),
        None => mock.and(query_param_is_missing("last_evaluated_key")),
    };
    mock.respond_with(answer).mount(server).await;
}

fn ids(items: &[Thing]) -> Vec<i64> {
    items.iter().map(|t| t.id).collect()
}

/// The keys the server was sent, in order (`-` for none).
async fn keys_sent(server: &MockServer) -> Vec<String> {
    received(server)
        .await
        .iter()
        .map(|r| {
            r.url
                .query_pairs()
                .find(|(k, _)| k == "last_evaluated_key")
                .map_or("-".to_owned(), |(_, v)| v.into_owned())
        })
        .collect()
}

#[tokio::test]
async fn three_pages_by_next_key_header() {
    let server = MockServer::start().await;
    mount_page(
        &server,
        None,
        page(&[1, 2]).insert_header("x-next-key", "k1"),
    )
    .await;
    mount_page(
        &server,
        Some("k1"),
        page(&[3, 4]).insert_header("X-Next-Key", "k2"),
    )
    .await;
    mount_page(&server, Some("k2"), page(&[5])).await;
    let client = client(&base(&server), RetryPolicy::disabled());

    let pages: Vec<ThingPage> = ListThings::new(&client)
        .pages()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 3);
    assert_eq!(ids(pages[2].things.as_ref().unwrap()), vec![5]);
    assert_eq!(keys_sent(&server).await, ["-", "k1", "k2"]);

    let items: Vec<Thing> = ListThings::new(&client)
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids(&items), vec![1, 2, 3, 4, 5]);
    assert_eq!(received(&server).await.len(), 6);
}

#[tokio::test]
async fn three_pages_by_link_header() {
    let server = MockServer::start().await;
    // An absolute link, then a relative one among other relations; the last page links back only.
    let first_link = format!(
        "<{}/things?last_evaluated_key=k1&limit=2>; rel=\"next\"",
        base(&server)
    );
    mount_page(
        &server,
        None,
        page(&[1, 2]).insert_header("link", first_link.as_str()),
    )
    .await;
    mount_page(
        &server,
        Some("k1"),
        page(&[3, 4]).insert_header(
            "link",
            "</v1/things?limit=2>; rel=\"prev\", </v1/things?limit=2&last_evaluated_key=k%202>; rel=next",
        ),
    )
    .await;
    mount_page(
        &server,
        Some("k 2"),
        page(&[5]).insert_header(
            "link",
            "</v1/things?last_evaluated_key=k1&limit=2>; rel=\"prev\"",
        ),
    )
    .await;
    let client = client(&base(&server), RetryPolicy::disabled());

    let items: Vec<Thing> = ListThings::new(&client)
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids(&items), vec![1, 2, 3, 4, 5]);
    assert_eq!(keys_sent(&server).await, ["-", "k1", "k 2"]);
}

#[tokio::test]
async fn an_empty_next_key_ends_the_stream() {
    let server = MockServer::start().await;
    mount_page(&server, None, page(&[1]).insert_header("x-next-key", "k1")).await;
    mount_page(
        &server,
        Some("k1"),
        page(&[2]).insert_header("x-next-key", ""),
    )
    .await;
    let client = client(&base(&server), RetryPolicy::disabled());
    let items: Vec<Thing> = ListThings::new(&client)
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids(&items), vec![1, 2]);
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn a_key_given_twice_ends_with_an_error_instead_of_looping() {
    let server = MockServer::start().await;
    mount_page(
        &server,
        None,
        page(&[1, 2]).insert_header("x-next-key", "k1"),
    )
    .await;
    mount_page(
        &server,
        Some("k1"),
        page(&[3, 4]).insert_header("x-next-key", "k1"),
    )
    .await;
    let client = client(&base(&server), RetryPolicy::disabled());

    let mut pages = Box::pin(ListThings::new(&client).pages());
    assert!(pages.next().await.unwrap().is_ok());
    assert!(
        pages.next().await.unwrap().is_ok(),
        "the repeated page itself is still given"
    );
    match pages.next().await {
        Some(Err(Error::InvalidInput {
            operation: Some("listThings"),
            parameter,
            reason,
        })) => {
            assert_eq!(parameter, "next page key");
            assert!(reason.contains("`k1`"), "{reason}");
        }
        other => panic!("expected an InvalidInput error, got {other:?}"),
    }
    assert!(
        pages.next().await.is_none(),
        "the stream ends after the error"
    );
    assert_eq!(keys_sent(&server).await, ["-", "k1"]);
}

#[tokio::test]
async fn a_cycle_over_several_keys_is_noticed_too() {
    let server = MockServer::start().await;
    mount_page(&server, None, page(&[1]).insert_header("x-next-key", "a")).await;
    mount_page(
        &server,
        Some("a"),
        page(&[2]).insert_header("x-next-key", "b"),
    )
    .await;
    mount_page(
        &server,
        Some("b"),
        page(&[3]).insert_header("x-next-key", "a"),
    )
    .await;
    let client = client(&base(&server), RetryPolicy::disabled());

    let results: Vec<Result<Thing, Error>> = ListThings::new(&client)
        .items()
        .take(10) // a stream that loops fails the test instead of hanging it
        .collect()
        .await;
    assert_eq!(results.len(), 4, "{results:?}");
    let items: Vec<i64> = results[..3]
        .iter()
        .map(|r| r.as_ref().unwrap().id)
        .collect();
    assert_eq!(items, vec![1, 2, 3]);
    assert!(
        matches!(&results[3], Err(Error::InvalidInput { parameter, .. }) if parameter == "next page key"),
        "{:?}",
        results[3]
    );
    assert_eq!(keys_sent(&server).await, ["-", "a", "b"]);
}

#[tokio::test]
async fn an_error_mid_way_is_given_once_and_ends_the_stream() {
    let server = MockServer::start().await;
    mount_page(&server, None, page(&[1]).insert_header("x-next-key", "k1")).await;
    mount_page(
        &server,
        Some("k1"),
        ResponseTemplate::new(500).set_body_json(json!({"code": "E500", "message": "oops"})),
    )
    .await;
    let client = client(&base(&server), RetryPolicy::disabled());

    let results: Vec<Result<Thing, Error>> = ListThings::new(&client)
        .items()
        .take(10) // a stream that loops fails the test instead of hanging it
        .collect()
        .await;
    assert_eq!(results.len(), 2, "{results:?}");
    assert_eq!(results[0].as_ref().unwrap().id, 1);
    let err = results[1].as_ref().unwrap_err();
    assert_eq!((err.status(), err.code()), (Some(500), Some("E500")));
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn pages_are_fetched_only_as_they_are_read() {
    let server = MockServer::start().await;
    mount_page(
        &server,
        None,
        page(&[1, 2]).insert_header("x-next-key", "k1"),
    )
    .await;
    mount_page(&server, Some("k1"), page(&[3, 4])).await;
    let client = client(&base(&server), RetryPolicy::disabled());

    let first: Vec<Thing> = ListThings::new(&client)
        .items()
        .take(2)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids(&first), vec![1, 2]);
    assert_eq!(
        received(&server).await.len(),
        1,
        "the second page was not asked for"
    );
}

#[tokio::test]
async fn a_page_without_items_is_skipped_by_items() {
    let server = MockServer::start().await;
    mount_page(
        &server,
        None,
        ResponseTemplate::new(200)
            .set_body_json(json!({}))
            .insert_header("x-next-key", "k1"),
    )
    .await;
    mount_page(&server, Some("k1"), page(&[7])).await;
    let client = client(&base(&server), RetryPolicy::disabled());
    let items: Vec<Thing> = ListThings::new(&client)
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids(&items), vec![7]);
}

/// `listThings` with an integer page key (a timestamp), as generated when the pagination
/// parameter is `type: integer`: the key from the header is parsed, or ends the stream.
#[derive(Clone, Debug)]
struct ListThingsSince {
    client: Client,
    last_evaluated_key: Option<i64>,
}

impl ListThingsSince {
    async fn send_page(self) -> Result<(ThingPage, Option<String>), Error> {
        let mut request = Request::new(&LIST_THINGS);
        if let Some(value) = &self.last_evaluated_key {
            request.query("last_evaluated_key", value);
        }
        let response = self.client.execute(request).await?;
        let next = response.next_key("x-next-key", "last_evaluated_key");
        response.json().map(|page| (page, next))
    }

    fn pages(self) -> impl Stream<Item = Result<ThingPage, Error>> + Send + 'static {
        rt::pages(
            self,
            LIST_THINGS.id,
            |mut builder: Self, key| {
                builder.last_evaluated_key = Some(key.parse().map_err(|_| {
                    Error::invalid_input(
                        Some(LIST_THINGS.id),
                        "next page key",
                        format!("the server gave `{key}`, which is not an integer"),
                    )
                })?);
                Ok(builder)
            },
            Self::send_page,
        )
    }
}

#[tokio::test]
async fn an_integer_key_is_sent_back_as_a_number_and_a_bad_one_ends_the_stream() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(query_param_is_missing("last_evaluated_key"))
        .respond_with(page(&[1]).insert_header("x-next-key", "1700000000"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(query_param("last_evaluated_key", "1700000000"))
        .respond_with(page(&[2]).insert_header("x-next-key", "soon"))
        .mount(&server)
        .await;
    let client = client(&base(&server), RetryPolicy::disabled());
    let builder = ListThingsSince {
        client,
        last_evaluated_key: None,
    };
    let results: Vec<Result<ThingPage, Error>> = builder.pages().collect().await;
    assert_eq!(results.len(), 3, "{results:?}");
    assert!(results[0].is_ok() && results[1].is_ok());
    let error = results[2].as_ref().unwrap_err();
    assert!(
        error
            .to_string()
            .contains("the server gave `soon`, which is not an integer"),
        "{error}"
    );
    assert_eq!(received(&server).await.len(), 2);
}

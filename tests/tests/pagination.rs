//! `listOrderedSubscribers` pages and items, following `x-soracom-next-key` or a `link` header.

use serde_json::json;
use soracom_billing::stream::{StreamExt, TryStreamExt};
use soracom_billing::Error;
use soracom_billing_tests::{client_for, received, start_server};
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

const PATH: &str = "/v1/orders/o-1/subscribers";

fn page(sims: &[&str]) -> serde_json::Value {
    json!({"orderedSubscriberList": sims.iter().map(|s| json!({"simId": s})).collect::<Vec<_>>()})
}

/// Three pages (the last one empty), chained by `next` on each answer.
async fn mount_pages(server: &MockServer, next: impl Fn(&str) -> (String, String)) {
    let steps: [(Option<&str>, &[&str], Option<&str>); 3] = [
        (None, &["sim-1", "sim-2"], Some("k1")),
        (Some("k1"), &["sim-3", "sim-4"], Some("k2")),
        (Some("k2"), &[], None),
    ];
    for (key, sims, next_key) in steps {
        let mut answer = ResponseTemplate::new(200).set_body_json(page(sims));
        if let Some(next_key) = next_key {
            let (name, value) = next(next_key);
            answer = answer.insert_header(name.as_str(), value.as_str());
        }
        let mock = Mock::given(method("GET"))
            .and(path(PATH))
            .and(query_param("limit", "2"));
        let mock = match key {
            None => mock.and(query_param_is_missing("last_evaluated_key")),
            Some(key) => mock.and(query_param("last_evaluated_key", key)),
        };
        mock.respond_with(answer).expect(1).mount(server).await;
    }
}

#[tokio::test]
async fn items_follow_the_next_key_header_across_pages() {
    let server = start_server().await;
    mount_pages(&server, |key| {
        ("x-soracom-next-key".to_owned(), key.to_owned())
    })
    .await;
    let sims: Vec<String> = client_for(&server)
        .list_ordered_subscribers("o-1")
        .limit(2)
        .items()
        .map_ok(|s| s.sim_id.unwrap_or_default())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(sims, ["sim-1", "sim-2", "sim-3", "sim-4"]);
    assert_eq!(received(&server).await.len(), 3);
}

#[tokio::test]
async fn streams_are_used_as_they_are_with_next_and_stored_by_name() {
    let server = start_server().await;
    mount_pages(&server, |key| {
        ("x-soracom-next-key".to_owned(), key.to_owned())
    })
    .await;
    // No `pin!`: `next()` needs `Unpin`, and the streams have names to store them under.
    let mut pages: soracom_billing::stream::Pages<_> = client_for(&server)
        .list_ordered_subscribers("o-1")
        .limit(2)
        .pages();
    let mut sizes = Vec::new();
    while let Some(page) = pages.next().await {
        sizes.push(
            page.unwrap()
                .ordered_subscriber_list
                .unwrap_or_default()
                .len(),
        );
    }
    assert_eq!(sizes, [2, 2, 0]);
    fn unpin_send<T: Unpin + Send + 'static>(_: &T) {}
    let items: soracom_billing::stream::Items<soracom_billing::models::OrderedSubscriber> =
        client_for(&server).list_ordered_subscribers("o-1").items();
    unpin_send(&items);
    unpin_send(&pages);
}

#[tokio::test]
async fn pages_follow_a_link_header() {
    let server = start_server().await;
    mount_pages(&server, |key| {
        ("link".to_owned(), format!("<https://api.soracom.io/v1/orders/o-1/subscribers?last_evaluated_key={key}&limit=2>; rel=next"))
    })
    .await;
    let pages: Vec<_> = client_for(&server)
        .list_ordered_subscribers("o-1")
        .limit(2)
        .pages()
        .collect()
        .await;
    let sizes: Vec<usize> = pages
        .into_iter()
        .map(|p| p.unwrap().ordered_subscriber_list.unwrap_or_default().len())
        .collect();
    assert_eq!(sizes, [2, 2, 0]);
}

#[tokio::test]
async fn an_error_ends_the_stream_after_the_pages_before_it() {
    let server = start_server().await;
    Mock::given(method("GET"))
        .and(path(PATH))
        .and(query_param_is_missing("last_evaluated_key"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(page(&["sim-1"]))
                .insert_header("x-soracom-next-key", "k1"),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(PATH))
        .and(query_param("last_evaluated_key", "k1"))
        .respond_with(
            ResponseTemplate::new(404).set_body_json(json!({"code": "ORD0001", "message": "gone"})),
        )
        .mount(&server)
        .await;
    let results: Vec<Result<_, Error>> = client_for(&server)
        .list_ordered_subscribers("o-1")
        .items()
        .collect()
        .await;
    assert_eq!(results.len(), 2);
    assert_eq!(
        results[0].as_ref().unwrap().sim_id.as_deref(),
        Some("sim-1")
    );
    assert_eq!(results[1].as_ref().unwrap_err().code(), Some("ORD0001"));
}

#[tokio::test]
async fn the_same_key_twice_stops_with_an_error_instead_of_looping() {
    let server = start_server().await;
    Mock::given(method("GET"))
        .and(path(PATH))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(page(&["sim-1"]))
                .insert_header("x-soracom-next-key", "same"),
        )
        .mount(&server)
        .await;
    let pages: Vec<_> = client_for(&server)
        .list_ordered_subscribers("o-1")
        .pages()
        .collect()
        .await;
    assert_eq!(pages.len(), 3, "two pages, then the error");
    assert!(
        pages[2].as_ref().unwrap_err().to_string().contains("again"),
        "{:?}",
        pages[2]
    );
}

#[tokio::test]
async fn send_returns_one_page_and_send_page_its_next_key() {
    let server = start_server().await;
    Mock::given(method("GET"))
        .and(path(PATH))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(page(&["sim-1"]))
                .insert_header("x-soracom-next-key", "k9"),
        )
        .mount(&server)
        .await;
    let client = client_for(&server);
    let (first, next) = client
        .list_ordered_subscribers("o-1")
        .send_page()
        .await
        .unwrap();
    assert_eq!(
        (
            first.ordered_subscriber_list.unwrap().len(),
            next.as_deref()
        ),
        (1, Some("k9"))
    );
    let only = client.list_ordered_subscribers("o-1").await.unwrap();
    assert_eq!(only.ordered_subscriber_list.unwrap().len(), 1);
}

#[tokio::test]
async fn keys_that_cycle_stop_with_an_error() {
    let server = start_server().await;
    for (given, next) in [(None, "A"), (Some("A"), "B"), (Some("B"), "A")] {
        let mock = Mock::given(method("GET")).and(path(PATH));
        let mock = match given {
            None => mock.and(query_param_is_missing("last_evaluated_key")),
            Some(key) => mock.and(query_param("last_evaluated_key", key)),
        };
        mock.respond_with(
            ResponseTemplate::new(200)
                .set_body_json(page(&["sim"]))
                .insert_header("x-soracom-next-key", next),
        )
        .mount(&server)
        .await;
    }
    let pages: Vec<_> = client_for(&server)
        .list_ordered_subscribers("o-1")
        .pages()
        .collect()
        .await;
    assert_eq!(pages.len(), 4, "three pages, then the error");
    assert!(pages[3].is_err());
}

//! The SDK's test support (`soracom_billing::test_support`) as a user's tests use it: the fake
//! Soracom, its login, typed answers and records, faults, token expiry, pages and exports.

use std::time::Duration;

use soracom_billing::models::{
    CouponResponse, Currency, GetBillingHistoryResponse, ListOrderedSubscriberResponse,
    MonthlyBill, OrderedSubscriber, ShippingAddressModel,
};
use soracom_billing::operations::{
    Auth, CreateShippingAddress, GetBilling, GetBillingHistory, ListOrderedSubscribers,
    RegisterCoupon,
};
use soracom_billing::stream::TryStreamExt;
use soracom_billing::test_support::{self, OPERATOR_ID};
use soracom_billing::{Credentials, Error, ExportOptions};

fn bill(year_month: &str, amount: f64) -> MonthlyBill {
    MonthlyBill::builder()
        .year_month(year_month)
        .amount(amount)
        .currency(Currency::Jpy)
        .build()
}

#[tokio::test]
async fn the_client_logs_in_through_auth_and_sends_the_issued_key_and_token() {
    let (fake, client) = test_support::start().await;
    fake.on::<GetBillingHistory>().answer(
        GetBillingHistoryResponse::builder()
            .bill_list(vec![bill("202401", 1200.0), bill("202402", 800.5)])
            .build(),
    );
    let bills = client
        .get_billing_history()
        .await
        .unwrap()
        .bill_list
        .unwrap();
    assert_eq!(bills[1].amount, Some(800.5));
    assert_eq!(client.operator_id().await.unwrap(), OPERATOR_ID);

    let logins = fake.requests::<Auth>();
    assert_eq!(logins.len(), 1);
    assert_eq!(
        logins[0].body.auth_key_id.as_deref(),
        Some(test_support::AUTH_KEY_ID)
    );
    let sent = fake.requests::<GetBillingHistory>();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].header("x-soracom-api-key"), Some("api-key-1"));
    assert_eq!(sent[0].header("x-soracom-token"), Some("token-1"));
}

#[tokio::test]
async fn an_expired_token_is_answered_401_and_the_client_logs_in_again() {
    let (fake, client) = test_support::start().await;
    fake.on::<GetBilling>().answer(bill("202401", 10.0));
    client.get_billing("202401").await.unwrap();
    test_support::expire_tokens(&fake);
    assert_eq!(
        client.get_billing("202401").await.unwrap().amount,
        Some(10.0)
    );
    assert_eq!(
        fake.requests::<Auth>().len(),
        2,
        "one login, then one after the 401"
    );
    let sent = fake.requests::<GetBilling>();
    assert_eq!(sent.len(), 2, "the call rejected 401 is not recorded");
    assert_eq!(sent[1].header("x-soracom-token"), Some("token-2"));
    assert_eq!(sent[1].yyyy_mm.to_string(), "202401");
}

#[tokio::test]
async fn typed_matches_errors_and_sequences() {
    let (fake, client) = test_support::start().await;
    // The latest rule that applies answers: the general one first, then the exception.
    fake.on::<RegisterCoupon>().answer(
        CouponResponse::builder()
            .coupon_code("WELCOME")
            .amount(500.0)
            .build(),
    );
    fake.on::<RegisterCoupon>()
        .when(|request| request.coupon_code == "EXPIRED")
        .error(400, "BIL0013", "The coupon has expired.");
    let expired = client.register_coupon("EXPIRED").await.unwrap_err();
    assert_eq!(
        (expired.status(), expired.code()),
        (Some(400), Some("BIL0013"))
    );
    assert_eq!(expired.message(), Some("The coupon has expired."));
    assert_eq!(
        client.register_coupon("WELCOME").await.unwrap().amount,
        Some(500.0)
    );
    let codes: Vec<String> = fake
        .requests::<RegisterCoupon>()
        .iter()
        .map(|sent| sent.coupon_code.clone())
        .collect();
    assert_eq!(codes, ["EXPIRED", "WELCOME"]);

    // A 429 with Soracom's rate-limit header, then the bill: a read is retried after the wait.
    fake.on::<GetBilling>()
        .when(|request| request.yyyy_mm.to_string() == "202402")
        .error(429, "COM0006", "Too many requests")
        .header("X-Soracom-Ratelimit-Seconds-Before-Refresh", "0")
        .answer(bill("202402", 42.0));
    assert_eq!(
        client.get_billing("202402").await.unwrap().amount,
        Some(42.0)
    );
    assert_eq!(
        fake.requests::<GetBilling>().len(),
        2,
        "the 429, then the retry"
    );
}

#[tokio::test]
async fn a_request_body_is_recorded_typed_and_the_operator_comes_from_the_login() {
    let (fake, client) = test_support::start().await;
    let address = ShippingAddressModel::builder()
        .city("Minato-ku")
        .state("Tokyo")
        .zip_code("107-0052")
        .address_line1("1-2-3 Akasaka")
        .build()
        .unwrap();
    client
        .create_shipping_address(address.clone())
        .await
        .unwrap();
    let sent = fake.requests::<CreateShippingAddress>();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].operator_id, OPERATOR_ID);
    assert_eq!(sent[0].body, address);
}

#[tokio::test]
async fn pages_are_spread_over_next_keys_and_items_come_back_in_order() {
    let (fake, client) = test_support::start().await;
    let sims: Vec<OrderedSubscriber> = (0..7)
        .map(|i| {
            OrderedSubscriber::builder()
                .imsi(format!("44010000000000{i}"))
                .build()
        })
        .collect();
    fake.on::<ListOrderedSubscribers>().pages(
        ListOrderedSubscriberResponse::builder()
            .ordered_subscriber_list(sims.clone())
            .build(),
        3,
    );
    let all: Vec<OrderedSubscriber> = client
        .list_ordered_subscribers("order-1")
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all, sims);
    let keys: Vec<Option<String>> = fake
        .requests::<ListOrderedSubscribers>()
        .iter()
        .map(|sent| sent.last_evaluated_key.clone())
        .collect();
    assert_eq!(keys, [None, Some("1".into()), Some("2".into())]);
}

#[tokio::test]
async fn an_export_is_downloaded_from_the_second_address_without_credentials() {
    let (fake, client) = test_support::start().await;
    let csv = "date,imsi,amount\n20240101,440100000000001,12.5\n";
    test_support::export_file(&fake, "billing-202401.csv", csv);
    let file = client
        .export_billing_csv("202401", &ExportOptions::new())
        .await
        .unwrap();
    let mut downloaded = Vec::new();
    file.download_to(&mut downloaded).await.unwrap();
    assert_eq!(downloaded, csv.as_bytes());
    let downloads = fake.downloads();
    assert_eq!(downloads.len(), 1);
    assert!(!file.url().starts_with(fake.url()), "a host of its own");
    assert_eq!(downloads[0].header("x-soracom-token"), None);
    assert_eq!(downloads[0].header("x-soracom-api-key"), None);
}

#[tokio::test]
async fn faults_reach_the_caller_as_the_sdk_reports_them() {
    let (fake, client) = test_support::start_with(|builder| {
        builder
            .retry(soracom_billing::RetryPolicy::new().max_attempts(1))
            .operation_timeout(Duration::from_millis(200))
    })
    .await;
    fake.on::<GetBilling>().reset().once();
    let reset = client.get_billing("202401").await.unwrap_err();
    assert!(matches!(reset, Error::Transport { .. }), "{reset:?}");
    fake.on::<GetBilling>().delay(Duration::from_secs(2)).once();
    let slow = client.get_billing("202401").await.unwrap_err();
    assert!(slow.is_timeout(), "{slow:?}");
    fake.on::<GetBilling>()
        .answer(bill("202401", 1.0))
        .truncate()
        .once();
    let cut = client.get_billing("202401").await.unwrap_err();
    assert!(
        matches!(cut, Error::Transport { .. } | Error::Decode { .. }),
        "{cut:?}"
    );
}

#[tokio::test]
async fn a_raw_answer_the_spec_rejects_is_refused_naming_the_operation_and_path() {
    let (fake, _client) = test_support::start().await;
    let refused = fake
        .on::<GetBillingHistory>()
        .try_raw(
            200,
            "application/json",
            r#"{"billList":[{"amount":"a lot"}]}"#,
        )
        .err()
        .unwrap();
    assert!(
        refused.starts_with(
            "the raw answer of `getBillingHistory` does not fit its response type at `billList[0].amount`"
        ),
        "{refused}"
    );
}

#[tokio::test]
async fn a_request_the_spec_does_not_have_is_refused_with_a_readable_message() {
    let (fake, client) = test_support::start().await;
    let base = client.base_url().to_owned();
    let http = reqwest::Client::new();
    let answer = http
        .get(format!("{base}/bills/202401/weekly"))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 404);
    let answer = http
        .get(format!("{base}/bills?colour=red"))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 400);
    assert_eq!(
        fake.take_violations(),
        [
            "`GET /bills/202401/weekly`: no operation of the spec has this method and path",
            "`getBillingHistory` (`GET /bills`): query parameter `colour` is not one of the operation's (it has none)",
        ]
    );
}

#[tokio::test]
async fn credentials_given_to_start_with_replace_the_login() {
    let (fake, client) = test_support::start_with(|builder| {
        builder.credentials(Credentials::api_key_and_token("my-key", "my-token"))
    })
    .await;
    let refused = client.get_billing("202401").await.unwrap_err();
    assert_eq!(refused.status(), Some(401), "{refused:?}");
    assert!(
        fake.requests::<Auth>().is_empty(),
        "no login with a ready key and token"
    );
    assert_eq!(
        fake.unauthorized_requests()[0].header_text("x-soracom-api-key"),
        Some("my-key")
    );
    fake.accept_credential("X-Soracom-API-Key", "my-key");
    fake.accept_credential("X-Soracom-Token", "my-token");
    client.get_billing("202401").await.unwrap();
}

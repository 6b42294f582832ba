//! The test-support fake (issue targets: starting the fake and its client under 10 ms, 1,000
//! calls per second through it), each against wiremock, which tests use without it, measured in
//! the same run:
//! - start: `test_support::start()` (both listeners, the client with its login set up) against
//!   `MockServer::start()` plus a client pointed at it;
//! - first call: start, then one call (the fake's includes the login);
//! - call: one `getBilling` answered by a rule, against the same call answered by a wiremock
//!   mock, on a started server (the client kept, connections kept alive);
//! - throughput: 1,000 such calls, 16 at a time.
//!
//! Run: `cargo bench -p soracom-billing-tests --bench fake`.

use criterion::{criterion_group, criterion_main, Criterion};
use soracom_billing::models::MonthlyBill;
use soracom_billing::operations::GetBilling;
use soracom_billing::test_support;
use soracom_billing_tests::client_at;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn bill() -> MonthlyBill {
    MonthlyBill::builder()
        .year_month("202401")
        .amount(1200.0)
        .build()
}

fn fake(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let bill_json = r#"{"yearMonth":"202401","amount":1200.0}"#;

    let mut group = c.benchmark_group("start");
    group.bench_function("wiremock MockServer + client", |b| {
        b.iter(|| {
            runtime.block_on(async {
                let server = MockServer::start().await;
                let client = client_at(&server.uri());
                (server, client)
            })
        })
    });
    group.bench_function("test_support::start", |b| {
        b.iter(|| runtime.block_on(test_support::start()))
    });
    group.finish();

    let mut group = c.benchmark_group("start and first call");
    group.bench_function("wiremock MockServer + mock + call", |b| {
        b.iter(|| {
            runtime.block_on(async {
                let server = MockServer::start().await;
                Mock::given(method("GET"))
                    .and(path("/bills/202401"))
                    .respond_with(
                        ResponseTemplate::new(200).set_body_raw(bill_json, "application/json"),
                    )
                    .mount(&server)
                    .await;
                let client = client_at(&server.uri());
                client.get_billing("202401").await.unwrap()
            })
        })
    });
    group.bench_function("test_support::start + rule + call (with login)", |b| {
        b.iter(|| {
            runtime.block_on(async {
                let (fake, client) = test_support::start().await;
                fake.on::<GetBilling>().answer(bill());
                client.get_billing("202401").await.unwrap()
            })
        })
    });
    group.finish();

    let mut group = c.benchmark_group("one call");
    let server = runtime.block_on(async {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/bills/202401"))
            .respond_with(ResponseTemplate::new(200).set_body_raw(bill_json, "application/json"))
            .mount(&server)
            .await;
        server
    });
    let wiremock_client = client_at(&server.uri());
    group.bench_function("wiremock", |b| {
        b.iter(|| {
            runtime
                .block_on(wiremock_client.get_billing("202401").send())
                .unwrap()
        })
    });
    let (fake, client) = runtime.block_on(test_support::start());
    fake.on::<GetBilling>().answer(bill());
    group.bench_function("test_support fake", |b| {
        b.iter(|| {
            runtime
                .block_on(client.get_billing("202401").send())
                .unwrap()
        })
    });
    group.finish();

    // Throughput: 1,000 calls, 20 at a time (calls per second = 1,000 / the time).
    let mut group = c.benchmark_group("1000 calls, 20 concurrent");
    group.sample_size(10);
    let thousand = |client: &soracom_billing::Client| {
        let client = client.clone();
        async move {
            let mut tasks = tokio::task::JoinSet::new();
            for _ in 0..20 {
                let client = client.clone();
                tasks.spawn(async move {
                    for _ in 0..50 {
                        client.get_billing("202401").send().await.unwrap();
                    }
                });
            }
            while let Some(done) = tasks.join_next().await {
                done.unwrap();
            }
        }
    };
    group.bench_function("wiremock", |b| {
        b.iter(|| runtime.block_on(thousand(&wiremock_client)))
    });
    group.bench_function("test_support fake", |b| {
        b.iter(|| runtime.block_on(thousand(&client)))
    });
    group.finish();
}

criterion_group!(benches, fake);
criterion_main!(benches);

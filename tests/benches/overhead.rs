//! Per-request overhead: an SDK call versus a hand-written `reqwest` call (same headers, same
//! small JSON answer decoded into a hand-written struct) to the same keep-alive server on
//! 127.0.0.1. Run: `cargo bench -p soracom-billing-tests --bench overhead`.

use criterion::{criterion_group, criterion_main, Criterion};
use serde::Deserialize;
use soracom_billing_tests::keep_alive::{two_bills, KeepAliveServer};
use soracom_billing_tests::{client_at, API_KEY, API_KEY_HEADER, TOKEN, TOKEN_HEADER};

#[derive(Deserialize)]
struct Bill {
    #[serde(rename = "yearMonth")]
    year_month: Option<String>,
    amount: Option<f64>,
}

#[derive(Deserialize)]
struct Bills {
    #[serde(rename = "billList")]
    bill_list: Option<Vec<Bill>>,
}

fn overhead(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let server = runtime.block_on(KeepAliveServer::start(two_bills()));
    let client = client_at(&server.base_url);
    // The same timeouts the SDK sets by default (60 s per attempt, 10 s to connect): a timer per
    // request is part of what a careful hand-written client pays too.
    let raw = reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(60))
        .connect_timeout(std::time::Duration::from_secs(10))
        .build()
        .unwrap();
    let url = format!("{}/bills", server.base_url);
    let mut group = c.benchmark_group("one small call");
    group.bench_function("reqwest + serde (hand-written)", |b| {
        b.iter(|| {
            runtime.block_on(async {
                let bills: Bills = serde_json::from_slice(
                    &raw.get(&url)
                        .header(API_KEY_HEADER, API_KEY)
                        .header(TOKEN_HEADER, TOKEN)
                        .header("user-agent", "hand-written/1.0")
                        .send()
                        .await
                        .unwrap()
                        .error_for_status()
                        .unwrap()
                        .bytes()
                        .await
                        .unwrap(),
                )
                .unwrap();
                let list = bills.bill_list.unwrap_or_default();
                (
                    list.len(),
                    list.first().and_then(|b| b.amount),
                    list.first().and_then(|b| b.year_month.clone()),
                )
            })
        })
    });
    group.bench_function("sdk", |b| {
        b.iter(|| {
            runtime.block_on(async {
                let bills = client.get_billing_history().await.unwrap();
                let list = bills.bill_list.unwrap_or_default();
                (
                    list.len(),
                    list.first().and_then(|b| b.amount),
                    list.first().and_then(|b| b.year_month.clone()),
                )
            })
        })
    });
    group.finish();
}

criterion_group!(benches, overhead);
criterion_main!(benches);

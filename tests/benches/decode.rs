//! Decoding big answers: a 50,000-item `orderedSubscriberList` page and a 10,000-item bill list,
//! through the SDK's generated models versus `serde_json` into hand-written structs (the limit:
//! derived enums, no leniency, no unknown-value fallback). Both straight from bytes, and as whole
//! calls to a keep-alive server on 127.0.0.1 (SDK call versus `reqwest` + `serde_json`).
//! Run: `cargo bench -p soracom-billing-tests --bench decode`.

use criterion::{criterion_group, BenchmarkId, Criterion, Throughput};
use serde::Deserialize;
use serde_json::json;
use soracom_billing::models::{GetBillingHistoryResponse, ListOrderedSubscriberResponse};
use soracom_billing_tests::keep_alive::KeepAliveServer;
use soracom_billing_tests::{client_at, API_KEY, API_KEY_HEADER, TOKEN, TOKEN_HEADER};
use std::hint::black_box;

/// What a careful hand-written client would declare. The fields are never read: the benchmark
/// only decodes (and `black_box`es the result, so nothing is optimised away).
#[allow(dead_code)]
mod hand_written {
    use super::Deserialize;

    #[derive(Deserialize)]
    pub struct SubscriberPage {
        #[serde(rename = "orderedSubscriberList")]
        pub ordered_subscriber_list: Option<Vec<OrderedSubscriber>>,
    }

    #[derive(Deserialize)]
    pub struct OrderedSubscriber {
        pub bundles: Option<Vec<String>>,
        #[serde(rename = "deviceSerialNumber")]
        pub device_serial_number: Option<String>,
        pub eiccid: Option<String>,
        pub iccid: Option<String>,
        pub imsi: Option<String>,
        pub msisdn: Option<String>,
        #[serde(rename = "serialNumber")]
        pub serial_number: Option<String>,
        #[serde(rename = "simId")]
        pub sim_id: Option<String>,
    }

    #[derive(Deserialize)]
    pub struct BillList {
        #[serde(rename = "billList")]
        pub bill_list: Option<Vec<MonthlyBill>>,
    }

    #[derive(Deserialize)]
    pub struct MonthlyBill {
        pub amount: Option<f64>,
        #[serde(rename = "appliedCouponAmount")]
        pub applied_coupon_amount: Option<f64>,
        pub currency: Option<Currency>,
        #[serde(rename = "paymentStatus")]
        pub payment_status: Option<PaymentStatus>,
        #[serde(rename = "paymentTransactionId")]
        pub payment_transaction_id: Option<String>,
        pub state: Option<State>,
        #[serde(rename = "yearMonth")]
        pub year_month: Option<String>,
    }

    #[derive(Deserialize)]
    pub enum Currency {
        #[serde(rename = "JPY")]
        Jpy,
        #[serde(rename = "USD")]
        Usd,
        #[serde(rename = "EUR")]
        Eur,
    }

    /// Every value the spec lists, as in the SDK.
    #[derive(Deserialize)]
    pub enum PaymentStatus {
        #[serde(rename = "lessThanMinimumCharge")]
        LessThanMinimumCharge,
        #[serde(rename = "paying")]
        Paying,
        #[serde(rename = "paid")]
        Paid,
        #[serde(rename = "fail")]
        Fail,
        #[serde(rename = "refunding")]
        Refunding,
        #[serde(rename = "refunded")]
        Refunded,
        #[serde(rename = "refund_fail")]
        RefundFail,
        #[serde(rename = "delegating_to_third_party")]
        DelegatingToThirdParty,
        #[serde(rename = "delegated_to_third_party")]
        DelegatedToThirdParty,
        #[serde(rename = "charging")]
        Charging,
        #[serde(rename = "canceling")]
        Canceling,
        #[serde(rename = "cancelled")]
        Cancelled,
        #[serde(rename = "cancel_failed")]
        CancelFailed,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub enum State {
        Temporary,
        Closed,
    }
}

fn subscribers(n: usize) -> Vec<u8> {
    let list: Vec<_> = (0..n)
        .map(|i| {
            json!({
                "bundles": ["D-300MB"],
                "deviceSerialNumber": format!("SN{i:010}"),
                "eiccid": format!("8981100000{i:010}"),
                "iccid": format!("8981200000{i:010}"),
                "imsi": format!("44010{i:010}"),
                "msisdn": format!("81{i:010}"),
                "serialNumber": format!("AX{i:08}"),
                "simId": format!("8981300000{i:010}")
            })
        })
        .collect();
    serde_json::to_vec(&json!({ "orderedSubscriberList": list })).unwrap()
}

fn bills(n: usize) -> Vec<u8> {
    let statuses = ["paying", "paid", "fail"];
    let list: Vec<_> = (0..n)
        .map(|i| {
            json!({
                "amount": 1000.5 + i as f64,
                "appliedCouponAmount": (i % 7) as f64,
                "currency": if i % 2 == 0 { "JPY" } else { "USD" },
                "paymentStatus": statuses[i % 3],
                "paymentTransactionId": format!("12345678901234567_{i:08}"),
                "state": if i % 5 == 0 { "temporary" } else { "closed" },
                "yearMonth": format!("{}{:02}", 2000 + i / 12 % 100, i % 12 + 1)
            })
        })
        .collect();
    serde_json::to_vec(&json!({ "billList": list })).unwrap()
}

fn from_bytes(c: &mut Criterion) {
    // The SDK's enums keep unknown values (`Unknown(UnknownValue)`, one pointer), which makes
    // its items bigger than those of a hand-written client with fieldless enums; growing the
    // list copies more.
    eprintln!(
        "item sizes: sdk MonthlyBill {} B, hand-written {} B; sdk OrderedSubscriber {} B, hand-written {} B",
        std::mem::size_of::<soracom_billing::models::MonthlyBill>(),
        std::mem::size_of::<hand_written::MonthlyBill>(),
        std::mem::size_of::<soracom_billing::models::OrderedSubscriber>(),
        std::mem::size_of::<hand_written::OrderedSubscriber>(),
    );
    let pages = [
        ("50,000 ordered subscribers", subscribers(50_000)),
        ("10,000 bills", bills(10_000)),
    ];
    for (what, body) in &pages {
        let mut group = c.benchmark_group(format!("decode {what}"));
        group.throughput(Throughput::Bytes(body.len() as u64));
        group.sample_size(30);
        group.measurement_time(std::time::Duration::from_secs(8));
        let subscribers = what.contains("subscribers");
        group.bench_function(BenchmarkId::new("hand-written serde", what), |b| {
            b.iter(|| {
                if subscribers {
                    let page: hand_written::SubscriberPage = serde_json::from_slice(body).unwrap();
                    black_box(page);
                } else {
                    let page: hand_written::BillList = serde_json::from_slice(body).unwrap();
                    black_box(page);
                }
            })
        });
        group.bench_function(BenchmarkId::new("sdk model", what), |b| {
            b.iter(|| {
                if subscribers {
                    let page: ListOrderedSubscriberResponse = serde_json::from_slice(body).unwrap();
                    black_box(page);
                } else {
                    let page: GetBillingHistoryResponse = serde_json::from_slice(body).unwrap();
                    black_box(page);
                }
            })
        });
        group.finish();
    }
}

fn whole_calls(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let mut group = c.benchmark_group("call returning 10,000 bills");
    group.sample_size(50);
    group.measurement_time(std::time::Duration::from_secs(8));
    let server = runtime.block_on(KeepAliveServer::start(bills(10_000)));
    let client = client_at(&server.base_url);
    let raw = reqwest::Client::new();
    let url = format!("{}/bills", server.base_url);
    group.bench_function("reqwest + hand-written serde", |b| {
        b.iter(|| {
            runtime.block_on(async {
                let body = raw
                    .get(&url)
                    .header(API_KEY_HEADER, API_KEY)
                    .header(TOKEN_HEADER, TOKEN)
                    .send()
                    .await
                    .unwrap()
                    .bytes()
                    .await
                    .unwrap();
                let page: hand_written::BillList = serde_json::from_slice(&body).unwrap();
                black_box(page);
            })
        })
    });
    group.bench_function("sdk", |b| {
        b.iter(|| {
            runtime.block_on(async {
                let page = client.get_billing_history().await.unwrap();
                black_box(page);
            })
        })
    });
    group.finish();
}

/// The same comparisons taken in turns: each round times the hand-written decoder and the SDK's
/// back to back (which one goes first alternates), and the figure is the median of the rounds'
/// ratios. Criterion times one function for seconds before the other, so a machine whose speed
/// drifts (a shared virtual machine) moves its ratios by ±15%; a ratio taken within one round
/// does not drift. `INTERLEAVED_ROUNDS` sets the rounds (default 61).
fn interleaved() {
    use std::time::{Duration, Instant};

    let rounds: usize = std::env::var("INTERLEAVED_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(61);
    // `(hand-written, sdk)` run `times` times, timed in turns.
    let compare = |what: &str, times: usize, hand: &mut dyn FnMut(), sdk: &mut dyn FnMut()| {
        let time = |f: &mut dyn FnMut()| {
            let start = Instant::now();
            for _ in 0..times {
                f();
            }
            start.elapsed()
        };
        // Warm-up.
        time(hand);
        time(sdk);
        let mut ratios: Vec<f64> = Vec::with_capacity(rounds);
        let (mut hand_total, mut sdk_total) = (Duration::ZERO, Duration::ZERO);
        for round in 0..rounds {
            let (h, s) = if round % 2 == 0 {
                let h = time(hand);
                (h, time(sdk))
            } else {
                let s = time(sdk);
                (time(hand), s)
            };
            hand_total += h;
            sdk_total += s;
            // SDK throughput against hand-written: above 1 the SDK is faster.
            ratios.push(h.as_secs_f64() / s.as_secs_f64());
        }
        ratios.sort_by(f64::total_cmp);
        let at = |q: f64| ratios[((ratios.len() - 1) as f64 * q).round() as usize];
        let per = |total: Duration| total.as_secs_f64() * 1e3 / (rounds * times) as f64;
        println!(
            "interleaved {what}: SDK throughput / hand-written = {:.3} (median of {rounds} rounds; quartiles {:.3}–{:.3}); hand-written {:.2} ms, SDK {:.2} ms",
            at(0.5),
            at(0.25),
            at(0.75),
            per(hand_total),
            per(sdk_total),
        );
    };

    let body = subscribers(50_000);
    compare(
        "decode 50,000 ordered subscribers",
        1,
        &mut || {
            let page: hand_written::SubscriberPage = serde_json::from_slice(&body).unwrap();
            black_box(page);
        },
        &mut || {
            let page: ListOrderedSubscriberResponse = serde_json::from_slice(&body).unwrap();
            black_box(page);
        },
    );
    let body = bills(10_000);
    compare(
        "decode 10,000 bills",
        8,
        &mut || {
            let page: hand_written::BillList = serde_json::from_slice(&body).unwrap();
            black_box(page);
        },
        &mut || {
            let page: GetBillingHistoryResponse = serde_json::from_slice(&body).unwrap();
            black_box(page);
        },
    );

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let server = runtime.block_on(KeepAliveServer::start(bills(10_000)));
    let client = client_at(&server.base_url);
    let raw = reqwest::Client::new();
    let url = format!("{}/bills", server.base_url);
    compare(
        "call returning 10,000 bills",
        5,
        &mut || {
            runtime.block_on(async {
                let body = raw
                    .get(&url)
                    .header(API_KEY_HEADER, API_KEY)
                    .header(TOKEN_HEADER, TOKEN)
                    .send()
                    .await
                    .unwrap()
                    .bytes()
                    .await
                    .unwrap();
                let page: hand_written::BillList = serde_json::from_slice(&body).unwrap();
                black_box(page);
            })
        },
        &mut || {
            runtime.block_on(async {
                let page = client.get_billing_history().await.unwrap();
                black_box(page);
            })
        },
    );
}

criterion_group!(benches, from_bytes, whole_calls);

fn main() {
    // `cargo bench --bench decode -- interleaved` runs only the interleaved comparison.
    let only_interleaved = std::env::args().any(|a| a == "interleaved");
    if !only_interleaved {
        benches();
        criterion::Criterion::default()
            .configure_from_args()
            .final_summary();
    }
    interleaved();
}

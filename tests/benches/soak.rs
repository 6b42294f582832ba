//! Memory soak: 20,000 calls through one `Client` against a keep-alive server on 127.0.0.1,
//! 100 at a time, printing the resident memory and open descriptors every tenth of the run.
//! Run: `cargo bench -p soracom-billing-tests --bench soak`. A leak shows as RSS that keeps
//! climbing after the warm-up; flat is the goal.

use soracom_billing_tests::client_at;
use soracom_billing_tests::keep_alive::{open_fds, two_bills, KeepAliveServer};
use tokio::task::JoinSet;

const CALLS: usize = 20_000;
const IN_FLIGHT: usize = 100;

/// Resident set size of this process in KiB (`/proc/self/statm`, pages of 4 KiB).
fn rss_kib() -> u64 {
    let statm = std::fs::read_to_string("/proc/self/statm").expect("read /proc/self/statm");
    let pages: u64 = statm
        .split_whitespace()
        .nth(1)
        .and_then(|p| p.parse().ok())
        .expect("statm's resident field");
    pages * 4
}

fn main() {
    // `SOAK_CALLS=150000` for a longer run (at least 1,000).
    let calls = std::env::var("SOAK_CALLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(CALLS)
        .max(10 * IN_FLIGHT);
    let report_every = (calls / 10).max(IN_FLIGHT) / IN_FLIGHT * IN_FLIGHT;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a tokio runtime");
    runtime.block_on(async {
        let server = KeepAliveServer::start(two_bills()).await;
        let client = client_at(&server.base_url);
        println!(
            "{:>8} {:>10} {:>6} {:>12}",
            "calls", "RSS KiB", "fds", "connections"
        );
        let mut samples = Vec::new();
        let mut done = 0;
        while done < calls {
            let mut batch = JoinSet::new();
            for _ in 0..IN_FLIGHT {
                let client = client.clone();
                batch.spawn(async move { client.get_billing_history().await });
            }
            while let Some(result) = batch.join_next().await {
                let history = result.expect("task").expect("call");
                assert_eq!(history.bill_list.map(|b| b.len()), Some(2));
            }
            done += IN_FLIGHT;
            if done % report_every == 0 {
                let rss = rss_kib();
                samples.push(rss);
                println!(
                    "{done:>8} {rss:>10} {:>6} {:>12}",
                    open_fds(),
                    server.connections()
                );
            }
        }
        // The first sample is the warm-up (pool filled, allocator arenas grown).
        let warm = samples[0];
        let last = *samples.last().unwrap();
        let max = *samples.iter().max().unwrap();
        println!(
            "RSS after warm-up {warm} KiB, at the end {last} KiB ({:+} KiB), peak {max} KiB; \
             {} requests on {} connections",
            last as i64 - warm as i64,
            server.requests(),
            server.connections()
        );
    });
}

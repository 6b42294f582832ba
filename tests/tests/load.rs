//! Load through one `Client`: a thousand concurrent calls all succeed over reused keep-alive
//! connections, and no file descriptor outlives the client. (The 20,000-call memory soak is a
//! benchmark: `cargo bench -p soracom-billing-tests --bench soak`.) This file holds one test
//! because it counts the process's file descriptors.

use std::time::{Duration, Instant};

use soracom_billing::Client;
use soracom_billing_tests::client_at;
use soracom_billing_tests::keep_alive::{open_fds, two_bills, KeepAliveServer};
use tokio::task::JoinSet;

const CONCURRENT: usize = 1_000;

/// Raises this process's soft limit on open files to at least `needed` (the usual default soft
/// limit is 1,024; the hard limit is far higher), or says why it cannot.
fn allow_open_files(needed: u64) {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: plain getrlimit/setrlimit on a local struct.
    unsafe {
        assert_eq!(libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit), 0);
        if limit.rlim_cur >= needed {
            return;
        }
        assert!(
            limit.rlim_max >= needed,
            "this test needs {needed} open files; the hard limit (ulimit -Hn) is {}",
            limit.rlim_max
        );
        limit.rlim_cur = needed;
        assert_eq!(libc::setrlimit(libc::RLIMIT_NOFILE, &limit), 0);
    }
}

/// `CONCURRENT` calls at once; every one must succeed and decode both bills.
async fn wave(client: &Client) {
    let mut calls = JoinSet::new();
    for _ in 0..CONCURRENT {
        let client = client.clone();
        calls.spawn(async move { client.get_billing_history().await });
    }
    let mut done = 0;
    while let Some(result) = calls.join_next().await {
        let history = result.expect("the task ran").expect("the call succeeded");
        assert_eq!(history.bill_list.map(|b| b.len()), Some(2));
        done += 1;
    }
    assert_eq!(done, CONCURRENT);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_concurrent_calls_reuse_connections_and_leak_no_descriptors() {
    // Client and server sockets of every connection live in this process.
    allow_open_files(2 * CONCURRENT as u64 + 100);
    let server = KeepAliveServer::start(two_bills()).await;
    let baseline = open_fds();
    let client = client_at(&server.base_url);

    wave(&client).await;
    let first = server.connections();
    assert!(
        first <= CONCURRENT,
        "{first} connections for {CONCURRENT} calls"
    );
    let peak = open_fds();
    // A second wave takes idle connections from the pool before opening any: over both waves
    // no more connections than calls in flight at once (without reuse: 2,000).
    wave(&client).await;
    let both = server.connections();
    assert!(
        both <= CONCURRENT,
        "{both} connections after two waves of {CONCURRENT}: idle connections were not reused"
    );
    // One call at a time: always on an idle pooled connection.
    for _ in 0..200 {
        client.get_billing_history().await.unwrap();
    }
    assert_eq!(
        server.connections(),
        both,
        "sequential calls opened connections"
    );
    assert_eq!(server.requests(), 2 * CONCURRENT + 200);
    // Never more sockets than calls in flight (client and server end of each).
    let after_calls = open_fds();
    assert!(
        peak.max(after_calls) <= baseline + 2 * CONCURRENT + 16,
        "more descriptors than connections: baseline {baseline}, after the first wave {peak}, \
         after all calls {after_calls} ({both} connections)"
    );

    // Dropping the last handle of the client closes its connections; the server then sees
    // them close, and every descriptor the calls used is gone.
    drop(client);
    let started = Instant::now();
    while server.open_connections() > 0 && started.elapsed() < Duration::from_secs(10) {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(server.open_connections(), 0, "connections left open");
    let after = open_fds();
    eprintln!(
        "load: {} calls, {first} connections after the first wave, {both} after both; \
         descriptors: {baseline} before, {peak} at the first wave's end, {after} after the client was dropped",
        server.requests()
    );
    assert!(
        after <= baseline + 2,
        "descriptors leaked: {baseline} before the client, {after} after it was dropped"
    );
}

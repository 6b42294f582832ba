//! What the integration tests share: an `Api` static as generated code writes it, clients with
//! quick retries, and a bare HTTP server on 127.0.0.1 for what wiremock cannot do (cut a
//! connection after reading the request, stall, send header names in any case).
//!
//! Each test binary uses a different part of this module.
#![allow(dead_code)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use openapi_client_runtime::__private as rt;
use rt::{Client, ClientBuilder, Error, Operation, Request, RetryPolicy};
use serde::de::DeserializeOwned;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// The API of the tests, as a generated `client.rs` writes it. Its wait headers are made up, so
/// nothing Soracom-specific can pass for them.
pub static API: rt::Api = rt::Api {
    servers: &[
        ("https://api.example.com/v1", "Production"),
        ("https://sandbox.example.com/v1", "Sandbox"),
    ],
    span: rt::call_span!("runtime_test_call"),
    wait_headers: &["X-RateLimit-Reset-After", "Retry-After"],
    user_agent: "runtime-tests/0.1.0",
};

/// Short waits between attempts (1–2 ms), so that only a wait the server asks for takes long;
/// a server's wait is honoured up to 5 s.
pub fn quick(attempts: u32) -> RetryPolicy {
    RetryPolicy::new()
        .max_attempts(attempts)
        .base_delay(Duration::from_millis(2))
        .max_delay(Duration::from_secs(5))
}

/// A client of [`API`] at `base`, retrying with `policy`; every call is bounded at 5 s so that a
/// broken behaviour fails instead of hanging.
pub fn client(base: &str, policy: RetryPolicy) -> Client {
    builder(base)
        .retry(policy)
        .build()
        .expect("the client builds")
}

/// A builder of [`API`] at `base` with a 5 s bound per call.
pub fn builder(base: &str) -> ClientBuilder {
    ClientBuilder::new(&API)
        .base_url(base)
        .operation_timeout(Duration::from_secs(5))
}

/// The base URL of a wiremock server, with the `/v1` prefix the operations' paths follow.
pub fn base(server: &wiremock::MockServer) -> String {
    format!("{}/v1", server.uri())
}

/// What a generated operation does for a JSON answer: a request without parameters, sent and
/// decoded.
pub async fn call<T: DeserializeOwned>(
    client: &Client,
    op: &'static Operation,
) -> Result<T, Error> {
    client.execute(Request::new(op)).await?.json()
}

/// What a generated operation does for an answer without a body.
pub async fn call_unit(client: &Client, op: &'static Operation) -> Result<(), Error> {
    client.execute(Request::new(op)).await?.unit()
}

/// The requests a wiremock server received.
pub async fn received(server: &wiremock::MockServer) -> Vec<wiremock::Request> {
    server
        .received_requests()
        .await
        .expect("request recording is on")
}

/// A port on 127.0.0.1 where nothing listens: one that was just bound and released.
pub fn closed_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("bind an ephemeral port")
        .port()
}

/// What the bare server does with one request, once it has read it.
#[derive(Clone)]
pub enum Action {
    /// Writes these bytes as they are, then closes the connection.
    Respond(Vec<u8>),
    /// Closes the connection without answering.
    Close,
    /// Keeps the connection open without answering (for as long as the test runs).
    Stall,
    /// Writes these bytes (an answer's head and the start of its body), then keeps the
    /// connection open without writing the rest.
    StallAfter(Vec<u8>),
}

/// A bare HTTP/1.1 server on 127.0.0.1: for the `n`th connection (from 0) it reads one request
/// and does `script(n)`. Every request (head and body, as text) is kept in `requests`.
pub struct RawServer {
    /// `http://127.0.0.1:PORT/v1`.
    pub base: String,
    /// The requests read so far, in order of arrival.
    pub requests: Arc<Mutex<Vec<String>>>,
}

impl RawServer {
    /// How many requests arrived.
    pub fn count(&self) -> usize {
        self.requests.lock().unwrap().len()
    }
}

pub async fn raw_server(script: impl Fn(usize) -> Action + Send + Sync + 'static) -> RawServer {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    raw_server_on(listener, script)
}

/// [`raw_server`] on a listener the caller made.
pub fn raw_server_on(
    listener: TcpListener,
    script: impl Fn(usize) -> Action + Send + Sync + 'static,
) -> RawServer {
    let port = listener.local_addr().expect("local address").port();
    let requests = Arc::new(Mutex::new(Vec::new()));
    let seen = requests.clone();
    let script = Arc::new(script);
    tokio::spawn(async move {
        let mut n = 0;
        while let Ok((socket, _)) = listener.accept().await {
            let action = script(n);
            n += 1;
            let seen = seen.clone();
            tokio::spawn(serve(socket, action, seen));
        }
    });
    RawServer {
        base: format!("http://127.0.0.1:{port}/v1"),
        requests,
    }
}

async fn serve(mut socket: TcpStream, action: Action, seen: Arc<Mutex<Vec<String>>>) {
    let Some(request) = read_request(&mut socket).await else {
        return;
    };
    seen.lock().unwrap().push(request);
    match action {
        Action::Respond(bytes) => {
            let _ = socket.write_all(&bytes).await;
            let _ = socket.shutdown().await;
        }
        Action::Close => drop(socket),
        Action::Stall => {
            tokio::time::sleep(Duration::from_secs(30)).await;
        }
        Action::StallAfter(bytes) => {
            let _ = socket.write_all(&bytes).await;
            tokio::time::sleep(Duration::from_secs(30)).await;
        }
    }
}

/// Reads a request head and the body its `content-length` announces.
async fn read_request(socket: &mut TcpStream) -> Option<String> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        let n = socket.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
        let text = String::from_utf8_lossy(&buf);
        if let Some(end) = text.find("\r\n\r\n") {
            let length = text[..end]
                .lines()
                .find_map(|l| {
                    let (name, value) = l.split_once(':')?;
                    name.trim()
                        .eq_ignore_ascii_case("content-length")
                        .then(|| value.trim().parse::<usize>().ok())
                        .flatten()
                })
                .unwrap_or(0);
            if buf.len() >= end + 4 + length {
                return Some(text.into_owned());
            }
        }
    }
}

/// An HTTP/1.1 answer with `connection: close`, these headers (names as given) and a body.
pub fn response(status: &str, headers: &[(&str, &str)], body: &str) -> Vec<u8> {
    let mut text = format!("HTTP/1.1 {status}\r\n");
    for (name, value) in headers {
        text.push_str(&format!("{name}: {value}\r\n"));
    }
    text.push_str(&format!(
        "content-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    ));
    text.into_bytes()
}

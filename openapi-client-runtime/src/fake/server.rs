//! The fake's HTTP/1.1 server (hyper): routing a request to its operation, the strict checks,
//! the credentials check, choosing the answer, and the faults on the wire.

use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};

use bytes::Bytes;
use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt, Full, StreamBody};
use hyper::body::{Frame, Incoming};
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};

use super::rule::{example_reply, Reply};
use super::{error_body, route, Outcome, RawRequest, Shared};

/// Which of the fake's two addresses.
#[derive(Clone, Copy)]
pub(crate) enum Host {
    /// The API: the spec's operations.
    Api,
    /// The download host: files from [`Fake::serve_file`](super::Fake::serve_file).
    Files,
}

type Body = BoxBody<Bytes, io::Error>;

/// The fake's server thread: stopped (and joined) by [`Running::stop`].
pub(crate) struct Running {
    stop: tokio::sync::oneshot::Sender<()>,
    thread: std::thread::JoinHandle<()>,
}

impl Running {
    /// Stops both addresses and waits until their sockets are closed.
    pub(crate) fn stop(self) {
        let _ = self.stop.send(());
        let _ = self.thread.join();
    }
}

/// Binds the API and the download host on `127.0.0.1` (ephemeral ports) and serves them from a
/// thread with a Tokio runtime of its own.
pub(crate) fn start(shared: Arc<Shared>) -> io::Result<(Running, SocketAddr, SocketAddr)> {
    let bind = || -> io::Result<(std::net::TcpListener, SocketAddr)> {
        let listener = std::net::TcpListener::bind(("127.0.0.1", 0))?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        Ok((listener, addr))
    };
    let (api, api_addr) = bind()?;
    let (files, files_addr) = bind()?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let thread = std::thread::Builder::new()
        .name("fake-server".into())
        .spawn(move || {
            runtime.block_on(async move {
                for (listener, host) in [(api, Host::Api), (files, Host::Files)] {
                    match TcpListener::from_std(listener) {
                        Ok(listener) => {
                            tokio::spawn(serve_listener(listener, shared.clone(), host));
                        }
                        Err(e) => eprintln!("the fake server cannot listen: {e}"),
                    }
                }
                let _ = stopped.await;
            });
            // Dropping the runtime drops every connection.
        })?;
    Ok((Running { stop, thread }, api_addr, files_addr))
}

/// Accepts connections of `host` and serves each on a task of its own.
async fn serve_listener(listener: TcpListener, shared: Arc<Shared>, host: Host) {
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            // Out of file descriptors, most likely: wait rather than spin.
            Err(_) => {
                tokio::time::sleep(std::time::Duration::from_millis(10)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let reset = Arc::new(AtomicBool::new(false));
        let io = TokioIo::new(Connection {
            stream,
            reset: reset.clone(),
        });
        let shared = shared.clone();
        let service = hyper::service::service_fn(move |request| {
            serve(shared.clone(), host, reset.clone(), request)
        });
        tokio::spawn(async move {
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(io, service)
                .await;
        });
    }
}

/// The fault asked for: the connection is reset (closed with `SO_LINGER` 0, so the peer reads
/// a TCP reset) rather than closed.
#[derive(Debug)]
struct Reset;

impl std::fmt::Display for Reset {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection reset by the fake (a fault the test asked for)")
    }
}

impl std::error::Error for Reset {}

async fn serve(
    shared: Arc<Shared>,
    host: Host,
    reset: Arc<AtomicBool>,
    request: Request<Incoming>,
) -> Result<Response<Body>, Reset> {
    let (parts, body) = request.into_parts();
    let body = match body.collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(_) => Bytes::new(),
    };
    let headers: Vec<(String, String)> = parts
        .headers
        .iter()
        .map(|(name, value)| {
            (
                name.as_str().to_owned(),
                String::from_utf8_lossy(value.as_bytes()).into_owned(),
            )
        })
        .collect();
    let path = parts.uri.path();
    let query = parts.uri.query().unwrap_or("");
    let outcome = match host {
        Host::Api => decide(&shared, parts.method.as_str(), path, query, headers, body),
        Host::Files => download(&shared, parts.method.as_str(), path, headers),
    };
    match outcome {
        Outcome::Reply {
            reply,
            delay,
            truncate,
        } => {
            if !delay.is_zero() {
                tokio::time::sleep(delay).await;
            }
            Ok(response(reply, truncate))
        }
        Outcome::Reset { delay } => {
            if !delay.is_zero() {
                tokio::time::sleep(delay).await;
            }
            reset.store(true, Ordering::Relaxed);
            Err(Reset)
        }
    }
}

fn response(reply: Reply, truncate: bool) -> Response<Body> {
    let mut builder = Response::builder().status(reply.status);
    for (name, value) in &reply.headers {
        builder = builder.header(name.as_str(), value.as_str());
    }
    let body: Body = if truncate {
        let half = reply.body.slice(..reply.body.len() / 2);
        let announced = reply.body.len().max(1);
        builder = builder.header("content-length", announced.to_string());
        // The half, then (after a pause, in which hyper writes what it has) an error, on which
        // hyper closes the connection.
        let frames = futures_util::stream::unfold(Some(half), |half| async move {
            match half {
                Some(half) => Some((Ok(Frame::data(half)), None)),
                None => {
                    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                    let cut = io::Error::new(
                        io::ErrorKind::ConnectionAborted,
                        "body truncated by the fake (a fault the test asked for)",
                    );
                    Some((Err(cut), None))
                }
            }
        });
        BodyExt::boxed(StreamBody::new(frames))
    } else {
        BodyExt::boxed(Full::new(reply.body).map_err(|never| match never {}))
    };
    builder.body(body).unwrap_or_else(|e| {
        // A header name or value the test set that HTTP does not allow.
        let body = error_body(
            "FAKE_BAD_ANSWER",
            &format!("the answer set cannot be sent: {e}"),
        );
        let mut response = Response::new(BodyExt::boxed(
            Full::new(body).map_err(|never| match never {}),
        ));
        *response.status_mut() = hyper::StatusCode::INTERNAL_SERVER_ERROR;
        response
    })
}

/// Answers `status` with `message` (a request the spec does not allow), and keeps the message
/// to fail the test with.
fn violation(shared: &Shared, status: u16, code: &str, message: String) -> Outcome {
    let outcome = refuse(status, code, &message);
    shared.lock().violations.push(message);
    outcome
}

fn refuse(status: u16, code: &str, message: &str) -> Outcome {
    Outcome::Reply {
        reply: Reply::error(status, code, message),
        delay: std::time::Duration::ZERO,
        truncate: false,
    }
}

/// What the API answers: the route, the strict checks, the credentials, then the rules.
fn decide(
    shared: &Shared,
    method: &str,
    path: &str,
    query: &str,
    headers: Vec<(String, String)>,
    body: Bytes,
) -> Outcome {
    let routed = match route::route(shared.specs, method, path) {
        Ok(routed) => routed,
        Err(why) => {
            let message = format!("`{method} {path}`: {why}");
            return violation(shared, 400, "FAKE_BAD_REQUEST", message);
        }
    };
    let Some((spec, params)) = routed else {
        let message =
            format!("`{method} {path}`: no operation of the spec has this method and path");
        return violation(shared, 404, "FAKE_UNKNOWN_OPERATION", message);
    };
    let op = spec.operation;
    let query = match route::query_pairs(query) {
        Ok(pairs) => pairs,
        Err(why) => {
            let message = format!("`{}` (`{method} {path}`): {why}", op.id);
            return violation(shared, 400, "FAKE_BAD_REQUEST", message);
        }
    };
    let raw = RawRequest {
        operation: op.id,
        path: params,
        query,
        headers,
        body,
    };
    let unknown: Vec<&str> = raw
        .query
        .iter()
        .map(|(name, _)| name.as_str())
        .filter(|name| !spec.query.contains(name))
        .collect();
    let problem = if !unknown.is_empty() {
        Some(format!(
            "query parameter `{}` is not one of the operation's ({})",
            unknown.join("`, `"),
            if spec.query.is_empty() {
                "it has none".to_owned()
            } else {
                spec.query.join(", ")
            }
        ))
    } else {
        (spec.check)(&raw).err()
    };
    if let Some(problem) = problem {
        let message = format!("`{}` (`{method} {path}`): {problem}", op.id);
        return violation(shared, 400, "FAKE_BAD_REQUEST", message);
    }
    let mut state = shared.lock();
    for (_, header) in op.security {
        let Some((_, accepted)) = state
            .credentials
            .iter()
            .find(|(h, _)| h.eq_ignore_ascii_case(header))
        else {
            continue;
        };
        let sent = raw.header_text(header);
        if !sent.is_some_and(|value| accepted.iter().any(|a| a == value)) {
            state.unauthorized.push(raw.clone());
            return refuse(
                401,
                "UNAUTHORIZED",
                &format!("`{header}` is missing, expired or was never issued"),
            );
        }
    }
    let mut step = Ok(None);
    for rule in state.rules.iter_mut().rev() {
        step = rule.take(&raw);
        if !matches!(step, Ok(None)) {
            break;
        }
    }
    state.records.push(raw.clone());
    drop(state);
    let outcome = match step {
        Ok(Some(step)) => step.outcome(&raw),
        Ok(None) => Ok(Outcome::Reply {
            reply: example_reply(spec),
            delay: std::time::Duration::ZERO,
            truncate: false,
        }),
        Err(panic) => Err(panic),
    };
    outcome.unwrap_or_else(|panic| {
        let message = format!(
            "`{}` (`{method} {path}`): a function of the test's rule panicked: {panic}",
            op.id
        );
        violation(shared, 500, "FAKE_RULE_PANICKED", message)
    })
}

/// What the download host answers: a file served, or a 404 that breaks the test.
fn download(shared: &Shared, method: &str, path: &str, headers: Vec<(String, String)>) -> Outcome {
    let mut state = shared.lock();
    let file = state
        .files
        .iter()
        .find(|(p, _)| p == path)
        .map(|(_, bytes)| bytes.clone());
    state.downloads.push((path.to_owned(), headers));
    match (method, file) {
        ("GET", Some(bytes)) => Outcome::Reply {
            reply: Reply {
                status: 200,
                headers: vec![("content-type".into(), "application/octet-stream".into())],
                body: bytes,
            },
            delay: std::time::Duration::ZERO,
            truncate: false,
        },
        _ => {
            let message = format!("download host: `{method} {path}` is no file served");
            state.violations.push(message.clone());
            drop(state);
            refuse(404, "FAKE_NO_FILE", &message)
        }
    }
}

/// A connection that, when a test asks for a reset, closes with `SO_LINGER` 0: the peer reads
/// a TCP reset, not an orderly close.
struct Connection {
    stream: TcpStream,
    reset: Arc<AtomicBool>,
}

impl Drop for Connection {
    fn drop(&mut self) {
        if self.reset.load(Ordering::Relaxed) {
            let _ = self.stream.set_zero_linger();
        }
    }
}

impl AsyncRead for Connection {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_read(cx, buf)
    }
}

impl AsyncWrite for Connection {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }
}

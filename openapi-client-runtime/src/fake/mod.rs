//! A fake server for the tests of code that calls a generated client (feature `test-support`):
//! an HTTP/1.1 server on `127.0.0.1` that knows every operation of the spec, answers each with
//! the spec's example by default, answers what a test sets per operation ([`Rule`]), records
//! every request as the operation's typed record ([`Sent`]), injects faults (delays, connection
//! resets, truncated bodies, expired credentials, pages), serves downloads from a second
//! address, and fails the test on any request the spec does not allow.
//!
//! A generated crate with the feature `test-support` has a `test_support` module: the
//! [`FakeOperation`] of each operation (implemented by its request builder), the table of its
//! operations, and a `start` function that returns this fake with a client pointed at it.
//!
//! The client under test talks to the fake over real HTTP, so retries, headers, decoding and
//! timeouts run as in production.

mod record;
mod route;
mod rule;
mod server;

use std::sync::{Arc, Mutex, MutexGuard, Weak};
use std::time::Duration;

use bytes::Bytes;

pub use record::{FromParam, RawRequest, Sent};
pub use rule::Rule;
use rule::{Reply, StoredRule};

use crate::request::Operation;

/// What the fake knows of one operation: generated from the spec, one per operation.
#[derive(Debug)]
pub struct Spec {
    /// The operation (`operationId`, method, path template, security headers).
    pub operation: &'static Operation,
    /// The wire names of its query parameters: any other is refused.
    pub query: &'static [&'static str],
    /// The status of a success.
    pub status: u16,
    /// How a success's body is written.
    pub media: Media,
    /// The body of a success when the test sets none: the spec's example of the response, or a
    /// value built from its schema (JSON text).
    pub example: Option<&'static str>,
    /// How the operation pages, if it does.
    pub paging: Option<Paging>,
    /// Reads a request into the operation's typed record, telling why it does not fit (a
    /// missing or mistyped parameter, a body that does not decode).
    pub check: fn(&RawRequest) -> Result<(), String>,
}

/// How a success's body is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Media {
    /// No body.
    None,
    /// `application/json`.
    Json,
    /// `text/plain`.
    Text,
    /// `application/octet-stream`.
    Bytes,
}

/// How a paginated operation pages: the response header that holds the next page's key, the
/// query parameter that sends it back, and the JSON property of the page that holds the items
/// (`None` when the page is the list itself).
#[derive(Debug)]
pub struct Paging {
    /// The header with the next page's key (`x-soracom-next-key`).
    pub header: &'static str,
    /// The query parameter that asks for the page after a key (`last_evaluated_key`).
    pub param: &'static str,
    /// The property of the page that holds the items, or `None` for a top-level list.
    pub items: Option<&'static str>,
}

/// An operation as the fake sees it: implemented by each generated request builder.
pub trait FakeOperation: 'static {
    /// What a success returns: the type a test answers with.
    type Response: serde::Serialize;
    /// The typed record of one request: its parameters and body.
    type Request: 'static;
    /// What the fake knows of the operation.
    fn spec() -> &'static Spec;
    /// Reads a received request into its typed record.
    fn record(raw: &RawRequest) -> Result<Self::Request, String>;
}

/// The fake server: answers the operations of `specs` on `127.0.0.1` (an ephemeral port), and
/// files on a second address (the download host). It runs on a thread and a Tokio runtime of
/// its own, so that neither a test's blocking code nor the end of a test's runtime stops it.
/// Dropping it stops both addresses; it panics then if a request broke the spec (see
/// [`take_violations`](Fake::take_violations)), unless the thread already panics.
pub struct Fake {
    shared: Arc<Shared>,
    url: String,
    download_url: String,
    server: Option<server::Running>,
}

pub(crate) struct Shared {
    pub(crate) specs: &'static [&'static Spec],
    pub(crate) state: Mutex<State>,
}

#[derive(Default)]
pub(crate) struct State {
    pub(crate) rules: Vec<StoredRule>,
    pub(crate) records: Vec<RawRequest>,
    pub(crate) violations: Vec<String>,
    /// (header in lower case, values accepted): headers whose value is checked.
    pub(crate) credentials: Vec<(String, Vec<String>)>,
    pub(crate) files: Vec<(String, Bytes)>,
    pub(crate) downloads: Vec<(String, Vec<(String, String)>)>,
    pub(crate) unauthorized: Vec<RawRequest>,
}

impl Fake {
    /// Starts the fake for the operations `specs` (a generated crate's table).
    ///
    /// # Panics
    /// When no port of `127.0.0.1` can be bound or no thread started.
    pub async fn start(specs: &'static [&'static Spec]) -> Fake {
        let shared = Arc::new(Shared {
            specs,
            state: Mutex::new(State::default()),
        });
        let (running, api, files) = server::start(shared.clone())
            .unwrap_or_else(|e| panic!("the fake server cannot start: {e}"));
        Fake {
            shared,
            url: format!("http://{api}"),
            download_url: format!("http://{files}"),
            server: Some(running),
        }
    }

    /// The base URL of the API: `http://127.0.0.1:<port>`, the operations' paths below it.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// What the test sets for operation `O`: answers, faults, when they apply and how often.
    /// The rule takes effect when the returned [`Rule`] is dropped (at the end of the
    /// statement), and takes precedence over the rules set before it.
    pub fn on<O: FakeOperation>(&self) -> Rule<'_, O> {
        Rule::new(self)
    }

    /// Every request for `O` the fake answered past the credentials check, oldest first, as
    /// typed records with their headers (those answered 401 for their credentials are in
    /// [`unauthorized_requests`](Fake::unauthorized_requests)).
    pub fn requests<O: FakeOperation>(&self) -> Vec<Sent<O::Request>> {
        let id = O::spec().operation.id;
        self.state()
            .records
            .iter()
            .filter(|raw| raw.operation == id)
            .filter_map(|raw| O::record(raw).ok().map(|r| Sent::new(r, raw)))
            .collect()
    }

    /// Every request the fake answered past the credentials check, of any operation, oldest
    /// first.
    pub fn raw_requests(&self) -> Vec<RawRequest> {
        self.state().records.clone()
    }

    /// Every request answered 401 because its credentials were missing, expired or never
    /// accepted, oldest first.
    pub fn unauthorized_requests(&self) -> Vec<RawRequest> {
        self.state().unauthorized.clone()
    }

    /// The requests that broke the spec (an unknown operation or parameter, a body that does
    /// not decode), as readable messages; taking them clears them, so that dropping the fake
    /// does not panic over them.
    pub fn take_violations(&self) -> Vec<String> {
        std::mem::take(&mut self.state().violations)
    }

    /// Serves `bytes` on the download host as `name` (any text: it is percent-encoded into the
    /// URL; an empty name, `.` and `..` become `file`) and returns its URL
    /// (`http://127.0.0.1:<port>/files/<n>/<name>`).
    pub fn serve_file(&self, name: &str, bytes: impl Into<Bytes>) -> String {
        let mut state = self.state();
        // `.` and `..` would move the URL's path: they are served under a name of their own.
        let name = match name {
            "" | "." | ".." => "file",
            name => name,
        };
        let name = percent_encoding::utf8_percent_encode(name, crate::request::SEGMENT);
        let path = format!("/files/{}/{name}", state.files.len() + 1);
        state.files.push((path.clone(), bytes.into()));
        format!("{}{path}", self.download_url)
    }

    /// Every request the download host received, oldest first: its path (as sent, encoded),
    /// and its headers.
    pub fn downloads(&self) -> Vec<Sent<String>> {
        self.state()
            .downloads
            .iter()
            .map(|(path, headers)| Sent::with_headers(path.clone(), headers.clone()))
            .collect()
    }

    /// From now on, an operation that sends header `header` (a security scheme's) is answered
    /// 401 unless its value is one of those accepted since the last
    /// [`expire_credentials`](Fake::expire_credentials).
    pub fn accept_credential(&self, header: &str, value: impl Into<String>) {
        self.credentials().accept(header, value);
    }

    /// From now on, an operation that sends header `header` (a security scheme's) is answered
    /// 401 unless its value is one accepted later (by [`accept_credential`](Fake::accept_credential)
    /// or a [`Credentials`] handle, as a login answer issues them).
    pub fn require_credentials(&self, header: &str) {
        let header = header.to_ascii_lowercase();
        let mut state = self.state();
        if !state.credentials.iter().any(|(h, _)| *h == header) {
            state.credentials.push((header, Vec::new()));
        }
    }

    /// A handle that accepts credentials from inside an answer (a login operation's, which
    /// issues them), without keeping the fake alive.
    pub fn credentials(&self) -> Credentials {
        Credentials(Arc::downgrade(&self.shared))
    }

    /// Every accepted credential expires: the next secured call is answered 401 (`code`
    /// `UNAUTHORIZED`), as a server answers an expired token, until new ones are accepted.
    pub fn expire_credentials(&self) {
        for (_, values) in &mut self.state().credentials {
            values.clear();
        }
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.shared.lock()
    }

    pub(crate) fn add_rule(&self, rule: StoredRule) {
        self.state().rules.push(rule);
    }
}

/// Accepts credentials of a [`Fake`] (see [`Fake::credentials`]); does nothing once the fake
/// is dropped.
#[derive(Clone, Debug)]
pub struct Credentials(Weak<Shared>);

impl Credentials {
    /// Accepts `value` in header `header` (see [`Fake::accept_credential`]).
    pub fn accept(&self, header: &str, value: impl Into<String>) {
        let Some(shared) = self.0.upgrade() else {
            return;
        };
        let header = header.to_ascii_lowercase();
        let mut state = shared.lock();
        match state.credentials.iter_mut().find(|(h, _)| *h == header) {
            Some((_, values)) => values.push(value.into()),
            None => state.credentials.push((header, vec![value.into()])),
        }
    }
}

impl std::fmt::Debug for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Shared")
    }
}

impl Shared {
    pub(crate) fn lock(&self) -> MutexGuard<'_, State> {
        // A panic while the lock is held (in a test's matcher) leaves nothing half-written.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Drop for Fake {
    fn drop(&mut self) {
        if let Some(server) = self.server.take() {
            server.stop();
        }
        let violations = self.take_violations();
        if !violations.is_empty() && !std::thread::panicking() {
            panic!(
                "the fake server received requests the spec does not allow:\n- {}",
                violations.join("\n- ")
            );
        }
    }
}

impl std::fmt::Debug for Fake {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fake")
            .field("url", &self.url)
            .field("download_url", &self.download_url)
            .finish_non_exhaustive()
    }
}

/// A JSON error body `{"code", "message"}`.
pub(crate) fn error_body(code: &str, message: &str) -> Bytes {
    Bytes::from(serde_json::json!({ "code": code, "message": message }).to_string())
}

/// What the fake does with one request, decided under the lock.
pub(crate) enum Outcome {
    /// Answers `reply` after `delay`; `truncate` cuts the body in half, the length announced
    /// whole.
    Reply {
        reply: Reply,
        delay: Duration,
        truncate: bool,
    },
    /// Resets the connection after `delay`, without an answer.
    Reset { delay: Duration },
}

//! The client every call of a generated API client goes through, and what the generated crate
//! tells it about its API.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::HeaderValue;

use crate::credentials::CredentialSource;
use crate::request::Operation;
use crate::RetryPolicy;

/// What a generated client tells the runtime about its API: the data that differs from one API
/// to another. Generated code makes one `static` of it.
#[derive(Debug)]
pub struct Api {
    /// The spec's `servers` (URL, description); the first is the default base URL.
    pub servers: &'static [(&'static str, &'static str)],
    /// Makes the tracing span of one call (see `call_span!`, which names it).
    pub span: fn(&'static Operation) -> tracing::Span,
    /// Response headers in which the server says how many seconds to wait before trying again
    /// (a rate limit's reset, `Retry-After`), in order of preference; matched without regard to
    /// case.
    pub wait_headers: &'static [&'static str],
    /// The default `User-Agent`: the generated crate's name and version.
    pub user_agent: &'static str,
}

/// A secret that never shows in `Debug` output.
#[derive(Clone)]
pub(crate) struct Secret(pub(crate) HeaderValue);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"***\"")
    }
}

/// The HTTP client of a generated API client: the connection pool, base URL, credentials, retry
/// policy and timeouts that every call shares. Cheap to clone (clones share one connection
/// pool). A generated crate wraps it in its own `Client`, whose methods are the operations.
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) http: reqwest::Client,
    pub(crate) base_url: String,
    pub(crate) credentials: BTreeMap<String, Secret>,
    pub(crate) source: Option<Arc<dyn CredentialSource>>,
    pub(crate) retry: RetryPolicy,
    pub(crate) operation_timeout: Duration,
    pub(crate) api: &'static Api,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field(
                "credentials",
                &self.inner.credentials.keys().collect::<Vec<_>>(),
            )
            .field("login", &self.inner.source.as_ref().map(|s| s.describe()))
            .finish()
    }
}

impl Client {
    /// The base URL every path is appended to (no trailing `/`).
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }
}

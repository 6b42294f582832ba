//! The client, the request a generated operation fills in, and the response it decodes.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, ACCEPT, CONTENT_TYPE};
use reqwest::Url;
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::error::{excerpt, ApiError, Error};
use super::retry::{server_delay, RetryPolicy};
use super::ParamValue;

/// Everything but RFC 3986 unreserved characters is escaped in a path segment, `/` included, so a
/// value can never change the path.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Default overall timeout of one request.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// Default timeout for making a connection.
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default limit for a whole call, retries and waits included.
const DEFAULT_OPERATION_TIMEOUT: Duration = Duration::from_secs(300);

/// A secret that never shows in `Debug` output.
#[derive(Clone)]
struct Secret(HeaderValue);

/// Header values by security scheme name (`api_key` -> the API key), marked sensitive.
pub(crate) type CredentialSet = BTreeMap<String, HeaderValue>;

/// Where credentials come from when they are not fixed: a login, renewed as needed.
pub(crate) trait CredentialSource: Send + Sync + 'static {
    /// Current credentials. `stale` is the set the server just refused (401): a source that can
    /// renew it does so, once, unless another call already has.
    fn credentials(
        &self,
        stale: Option<Arc<CredentialSet>>,
    ) -> super::BoxFuture<Result<Arc<CredentialSet>, Error>>;
    /// What the client's `Debug` says about it (never a secret).
    fn describe(&self) -> String;
}

/// Makes the credential source of a client from the same client without credentials (which
/// the source uses to log in).
pub(crate) type SourceFactory = Arc<dyn Fn(Client) -> Arc<dyn CredentialSource> + Send + Sync>;

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"***\"")
    }
}

/// The API client. Cheap to clone (clones share one connection pool); every operation is a
/// method that returns a request builder to `.await`.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    base_url: String,
    credentials: BTreeMap<String, Secret>,
    source: Option<Arc<dyn CredentialSource>>,
    retry: RetryPolicy,
    operation_timeout: Duration,
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

/// Configures a [`Client`].
#[derive(Clone)]
pub struct ClientBuilder {
    base_url: Option<String>,
    credentials: BTreeMap<String, String>,
    timeout: Duration,
    connect_timeout: Duration,
    operation_timeout: Duration,
    retry: RetryPolicy,
    user_agent: String,
    source: Option<(String, SourceFactory)>,
    headers: Vec<(String, String)>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("credentials", &self.credentials.keys().collect::<Vec<_>>())
            .field("login", &self.source.as_ref().map(|(what, _)| what))
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("operation_timeout", &self.operation_timeout)
            .field("retry", &self.retry)
            .field("user_agent", &self.user_agent)
            .field(
                "headers",
                &self.headers.iter().map(|(n, _)| n).collect::<Vec<_>>(),
            )
            .finish()
    }
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder {
            base_url: None,
            credentials: BTreeMap::new(),
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            operation_timeout: DEFAULT_OPERATION_TIMEOUT,
            retry: RetryPolicy::default(),
            source: None,
            headers: Vec::new(),
            user_agent: concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")).to_owned(),
        }
    }
}

impl Client {
    /// Starts configuring a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The base URL every path is appended to (no trailing `/`).
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }
}

impl ClientBuilder {
    /// The base URL to call, e.g. `https://api.soracom.io/v1` (default: the spec's first server).
    /// A trailing `/` is ignored.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// The value for the security scheme `scheme` of the spec (an API key sent as a header on
    /// every operation that requires that scheme).
    pub fn credential(mut self, scheme: impl Into<String>, value: impl Into<String>) -> Self {
        self.credentials.insert(scheme.into(), value.into());
        self
    }

    /// The longest a whole request (connect, send, receive the body) may take; default 60 s.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The longest a whole call may take, all attempts and waits between them included;
    /// default 300 s.
    pub fn operation_timeout(mut self, timeout: Duration) -> Self {
        self.operation_timeout = timeout;
        self
    }

    /// How failed requests are retried (see [`RetryPolicy`]); [`RetryPolicy::disabled`] sends
    /// every request once.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Credentials come from `factory`'s source instead of fixed values (`what` describes it
    /// in `Debug`).
    #[allow(dead_code)] // only APIs with a login use it
    pub(crate) fn credential_source(
        mut self,
        what: impl Into<String>,
        factory: SourceFactory,
    ) -> Self {
        self.source = Some((what.into(), factory));
        self
    }

    /// The longest making a connection may take; default 10 s.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// A header sent with every request (a later value for the same name replaces an earlier
    /// one). Credentials set this way are not redacted: use [`credential`](Self::credential).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        let name = name.into();
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(&name));
        self.headers.push((name, value.into()));
        self
    }

    /// Replaces the `User-Agent` (default: this crate's name and version).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// Builds the client; fails on a base URL that is not an absolute `http`/`https` URL or on a
    /// credential that cannot be sent as a header.
    pub fn build(self) -> Result<Client, Error> {
        let base = match self.base_url {
            Some(url) => url,
            None => crate::generated::SERVERS
                .first()
                .map(|(url, _)| (*url).to_owned())
                .ok_or_else(|| {
                    Error::invalid(None, "base_url", "the spec lists no server; set a base URL")
                })?,
        };
        let base = base.trim_end_matches('/').to_owned();
        let parsed = Url::parse(&base).map_err(|e| {
            Error::invalid(
                None,
                "base_url",
                format!("`{base}` is not an absolute URL: {e}"),
            )
        })?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(Error::invalid(
                None,
                "base_url",
                format!("`{base}` is not an http(s) URL"),
            ));
        }
        // Credentials never cross a network in clear text: plain HTTP is for this machine only.
        let host = parsed.host_str().unwrap_or("");
        let loopback = host.eq_ignore_ascii_case("localhost")
            || host
                .trim_start_matches('[')
                .trim_end_matches(']')
                .parse::<std::net::IpAddr>()
                .is_ok_and(|ip| ip.is_loopback());
        if parsed.scheme() == "http" && !loopback {
            return Err(Error::invalid(
                None,
                "base_url",
                format!("`{base}` is plain HTTP to another machine; use https (http is accepted only for loopback addresses)"),
            ));
        }
        if !parsed.username().is_empty() || parsed.password().is_some() {
            return Err(Error::invalid(
                None,
                "base_url",
                "must not carry a user name or password; credentials go in headers",
            ));
        }
        if parsed.query().is_some() || parsed.fragment().is_some() || parsed.cannot_be_a_base() {
            return Err(Error::invalid(
                None,
                "base_url",
                format!("`{base}` must not have a query or fragment"),
            ));
        }
        let mut credentials = BTreeMap::new();
        for (scheme, value) in self.credentials {
            let mut header = HeaderValue::from_str(&value).map_err(|_| {
                Error::invalid(
                    None,
                    &scheme,
                    "the credential contains characters that cannot be sent in a header",
                )
            })?;
            header.set_sensitive(true);
            credentials.insert(scheme, Secret(header));
        }
        let http = reqwest::Client::builder()
            // Redirects are not followed: reqwest would carry the API-key headers to whatever
            // host a 3xx names. A 3xx is returned as an `Error::Api` instead.
            .redirect(reqwest::redirect::Policy::none())
            .default_headers(default_headers(&self.headers)?)
            .user_agent(self.user_agent)
            .timeout(self.timeout)
            .connect_timeout(self.connect_timeout)
            .build()
            .map_err(|e| Error::invalid(None, "http_client", e.to_string()))?;
        let plain = Client {
            inner: Arc::new(Inner {
                http,
                base_url: base,
                credentials,
                source: None,
                retry: self.retry,
                operation_timeout: self.operation_timeout,
            }),
        };
        Ok(match self.source {
            None => plain,
            Some((_, factory)) => {
                let source = factory(plain.clone());
                let inner = &plain.inner;
                Client {
                    inner: Arc::new(Inner {
                        http: inner.http.clone(),
                        base_url: inner.base_url.clone(),
                        credentials: inner.credentials.clone(),
                        source: Some(source),
                        retry: inner.retry.clone(),
                        operation_timeout: inner.operation_timeout,
                    }),
                }
            }
        })
    }
}

/// HTTP methods of operations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(dead_code)] // a given spec uses only some of them
pub(crate) enum Method {
    Get,
    Put,
    Post,
    Delete,
    Patch,
    Head,
    Options,
}

impl Method {
    fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Patch => "PATCH",
            Method::Head => "HEAD",
            Method::Options => "OPTIONS",
        }
    }

    /// Whether sending the request twice has the effect of sending it once (RFC 9110).
    fn is_idempotent(self) -> bool {
        !matches!(self, Method::Post | Method::Patch)
    }

    fn to_reqwest(self) -> reqwest::Method {
        match self {
            Method::Get => reqwest::Method::GET,
            Method::Put => reqwest::Method::PUT,
            Method::Post => reqwest::Method::POST,
            Method::Delete => reqwest::Method::DELETE,
            Method::Patch => reqwest::Method::PATCH,
            Method::Head => reqwest::Method::HEAD,
            Method::Options => reqwest::Method::OPTIONS,
        }
    }
}

/// What the spec says about one operation.
#[derive(Debug)]
pub(crate) struct Operation {
    /// `operationId`.
    pub id: &'static str,
    /// HTTP method.
    pub method: Method,
    /// Path template, e.g. `/bills/{yyyyMM}`.
    pub path: &'static str,
    /// (security scheme, header) pairs the operation needs.
    pub security: &'static [(&'static str, &'static str)],
}

/// One request, as a generated operation fills it in.
#[derive(Debug)]
pub(crate) struct Request {
    operation: &'static Operation,
    path: Vec<(&'static str, String)>,
    query: Vec<(&'static str, String)>,
    headers: Vec<(&'static str, String)>,
    body: Option<(&'static str, Bytes)>,
}

#[allow(dead_code)] // a given spec uses only some kinds of parameters and bodies
impl Request {
    pub fn new(operation: &'static Operation) -> Self {
        Request {
            operation,
            path: Vec::new(),
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
        }
    }

    pub fn path(&mut self, name: &'static str, value: &(impl ParamValue + ?Sized)) {
        self.path.push((name, value.to_param()));
    }

    pub fn query(&mut self, name: &'static str, value: &(impl ParamValue + ?Sized)) {
        self.query.push((name, value.to_param()));
    }

    pub fn header(&mut self, name: &'static str, value: &(impl ParamValue + ?Sized)) {
        self.headers.push((name, value.to_param()));
    }

    pub fn json<T: Serialize>(&mut self, body: &T) -> Result<(), Error> {
        let bytes = serde_json::to_vec(body).map_err(|e| {
            Error::invalid(
                Some(self.operation.id),
                "body",
                format!("cannot be encoded as JSON: {e}"),
            )
        })?;
        self.body = Some(("application/json", Bytes::from(bytes)));
        Ok(())
    }

    /// A form body: each property as `name=value`, percent-encoded. Only flat objects can be
    /// sent this way; a nested object or a list is refused before anything is sent.
    pub fn form<T: Serialize>(&mut self, body: &T) -> Result<(), Error> {
        let text = serde_urlencoded::to_string(body).map_err(|e| {
            Error::invalid(
                Some(self.operation.id),
                "body",
                format!("cannot be sent as a form (only flat objects can): {e}"),
            )
        })?;
        self.body = Some(("application/x-www-form-urlencoded", Bytes::from(text)));
        Ok(())
    }

    pub fn text(&mut self, body: &str) -> Result<(), Error> {
        self.body = Some((
            "text/plain; charset=utf-8",
            Bytes::copy_from_slice(body.as_bytes()),
        ));
        Ok(())
    }

    pub fn bytes(&mut self, body: &Bytes) -> Result<(), Error> {
        self.body = Some(("application/octet-stream", body.clone()));
        Ok(())
    }

    /// The full URL: the base, the path with each parameter encoded as one segment, the query.
    fn url(&self, base: &str) -> Result<Url, Error> {
        let op = self.operation;
        let mut path = String::with_capacity(op.path.len() + 32);
        let mut rest = op.path;
        while let Some(start) = rest.find('{') {
            let end = rest[start..]
                .find('}')
                .map(|e| start + e)
                .unwrap_or(rest.len());
            path.push_str(&rest[..start]);
            let name = &rest[start + 1..end];
            let value = self
                .path
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.as_str())
                .ok_or_else(|| Error::invalid(Some(op.id), name, "missing path parameter"))?;
            if value.is_empty() {
                return Err(Error::invalid(Some(op.id), name, "must not be empty"));
            }
            if value == "." || value == ".." {
                return Err(Error::invalid(
                    Some(op.id),
                    name,
                    format!("`{value}` would change the request path"),
                ));
            }
            path.extend(utf8_percent_encode(value, SEGMENT));
            rest = rest.get(end + 1..).unwrap_or("");
        }
        path.push_str(rest);
        let mut url = Url::parse(&format!("{base}{path}")).map_err(|e| {
            Error::invalid(
                Some(op.id),
                "path",
                format!("does not make a valid URL: {e}"),
            )
        })?;
        if !self.query.is_empty() {
            let mut pairs = url.query_pairs_mut();
            for (name, value) in &self.query {
                pairs.append_pair(name, value);
            }
        }
        Ok(url)
    }
}

/// A success response, before decoding.
#[derive(Debug)]
pub(crate) struct Response {
    operation: &'static str,
    status: u16,
    headers: HeaderMap,
    body: Bytes,
}

#[allow(dead_code)] // a given spec uses only some kinds of responses
impl Response {
    /// Decodes a JSON body. An empty body decodes as `null` or `{}` where the type allows it.
    pub fn json<T: DeserializeOwned>(self) -> Result<T, Error> {
        if self.body.iter().all(u8::is_ascii_whitespace) {
            if let Ok(value) =
                serde_json::from_slice::<T>(b"null").or_else(|_| serde_json::from_slice::<T>(b"{}"))
            {
                return Ok(value);
            }
            return Err(Error::Decode {
                operation: self.operation,
                status: self.status,
                path: ".".to_owned(),
                message: "the body is empty, but the spec describes a JSON value".to_owned(),
                excerpt: String::new(),
            });
        }
        serde_json::from_slice(&self.body).map_err(|e| {
            let message = e.to_string();
            let about_container = message.starts_with("missing field");
            Error::Decode {
                operation: self.operation,
                status: self.status,
                path: bounded(super::json_path::at(
                    &self.body,
                    e.line(),
                    e.column(),
                    about_container,
                )),
                message: bounded(message),
                excerpt: excerpt(&self.body),
            }
        })
    }

    /// The next page's key: the `header` (`x-soracom-next-key`), else the `param` query value
    /// of a `link: <…>; rel=next` header; `None` on the last page.
    pub fn next_key(&self, header: &str, param: &str) -> Option<String> {
        if let Some(key) = self.headers.get(header).and_then(|v| v.to_str().ok()) {
            return Some(key.to_owned()).filter(|k| !k.is_empty());
        }
        for link in self.headers.get_all(reqwest::header::LINK) {
            let Ok(text) = link.to_str() else { continue };
            for part in text.split(',') {
                let mut pieces = part.split(';');
                let target = pieces.next().unwrap_or("").trim();
                let is_next = pieces.any(|p| {
                    let p = p.trim().replace(' ', "");
                    p == "rel=next" || p == "rel=\"next\""
                });
                let Some(url) = target.strip_prefix('<').and_then(|t| t.strip_suffix('>')) else {
                    continue;
                };
                if !is_next {
                    continue;
                }
                // Relative links are resolved against any base: only their query matters.
                let parsed = Url::parse(url)
                    .or_else(|_| Url::parse("http://localhost/").and_then(|b| b.join(url)));
                if let Ok(parsed) = parsed {
                    if let Some((_, key)) = parsed.query_pairs().find(|(k, _)| k == param) {
                        return Some(key.into_owned()).filter(|k| !k.is_empty());
                    }
                }
            }
        }
        None
    }

    /// Ignores the body (204, or an operation that declares none).
    pub fn unit(self) -> Result<(), Error> {
        Ok(())
    }

    /// The body as UTF-8 text.
    pub fn text(self) -> Result<String, Error> {
        String::from_utf8(self.body.to_vec()).map_err(|e| Error::Decode {
            operation: self.operation,
            status: self.status,
            path: ".".to_owned(),
            message: format!("the body is not UTF-8: {e}"),
            excerpt: excerpt(&self.body),
        })
    }

    /// The raw body.
    pub fn into_body(self) -> Bytes {
        self.body
    }
}

impl Client {
    /// Sends `request`, retrying as the policy allows, and returns the success response or the
    /// last error (with the number of attempts).
    pub(crate) async fn execute(&self, request: Request) -> Result<Response, Error> {
        use tracing::Instrument;

        let op = request.operation;
        // One span per call: what was called and how it ended; never a header or a body.
        let span = tracing::info_span!(
            "soracom_call",
            operation = op.id,
            method = op.method.as_str(),
            path = op.path,
            status = tracing::field::Empty,
            attempts = tracing::field::Empty,
            duration_ms = tracing::field::Empty,
        );
        let started = std::time::Instant::now();
        let prepared = self.prepare(&request)?;
        let attempts = std::sync::atomic::AtomicU32::new(0);
        let limit = self.inner.operation_timeout;
        let call = tokio::time::timeout(limit, self.authenticated(op, prepared, &attempts));
        let result = match call.instrument(span.clone()).await {
            Ok(result) => result,
            Err(_) => Err(Error::Timeout {
                operation: op.id,
                source: None,
                attempts: attempts.load(std::sync::atomic::Ordering::Relaxed),
            }),
        };
        let status = match &result {
            Ok(response) => Some(response.status),
            Err(e) => e.status(),
        };
        if let Some(status) = status {
            span.record("status", status);
        }
        span.record(
            "attempts",
            attempts.load(std::sync::atomic::Ordering::Relaxed),
        );
        span.record("duration_ms", started.elapsed().as_millis() as u64);
        if let Err(e) = &result {
            let _entered = span.enter();
            tracing::debug!(error = %e, "call failed");
        }
        result
    }

    /// Adds the credentials the operation needs and sends; with a login, a 401 renews them and
    /// sends once more (never more: a second 401 is the answer).
    async fn authenticated(
        &self,
        op: &'static Operation,
        mut prepared: Prepared,
        attempts: &std::sync::atomic::AtomicU32,
    ) -> Result<Response, Error> {
        let source = match (&self.inner.source, op.security.is_empty()) {
            (Some(source), false) => source,
            _ => return self.send_with_retries(op, &prepared, attempts).await,
        };
        let credentials = source.credentials(None).await?;
        add_credentials(op, &mut prepared.headers, &credentials)?;
        match self.send_with_retries(op, &prepared, attempts).await {
            Err(Error::Api(e)) if e.status == 401 => {
                let renewed = source.credentials(Some(credentials)).await?;
                add_credentials(op, &mut prepared.headers, &renewed)?;
                self.send_with_retries(op, &prepared, attempts).await
            }
            other => other,
        }
    }

    /// The URL, headers and body, checked once for all attempts.
    fn prepare(&self, request: &Request) -> Result<Prepared, Error> {
        let op = request.operation;
        let url = request.url(&self.inner.base_url)?;
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        if self.inner.source.is_none() {
            let fixed: CredentialSet = self
                .inner
                .credentials
                .iter()
                .map(|(scheme, Secret(value))| (scheme.clone(), value.clone()))
                .collect();
            add_credentials(op, &mut headers, &fixed)?;
        }
        for (name, value) in &request.headers {
            let header_name = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| Error::invalid(Some(op.id), name, "is not a valid header name"))?;
            let header_value = HeaderValue::from_str(value).map_err(|_| {
                Error::invalid(
                    Some(op.id),
                    name,
                    "contains characters that cannot be sent in a header",
                )
            })?;
            headers.insert(header_name, header_value);
        }
        let body = request.body.clone();
        if let Some((content_type, _)) = &body {
            headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
        }
        Ok(Prepared {
            url,
            headers,
            body: body.map(|(_, b)| b),
        })
    }

    async fn send_with_retries(
        &self,
        op: &'static Operation,
        prepared: &Prepared,
        attempts: &std::sync::atomic::AtomicU32,
    ) -> Result<Response, Error> {
        let policy = &self.inner.retry;
        let mut attempt = 0;
        loop {
            attempt += 1;
            attempts.store(attempt, std::sync::atomic::Ordering::Relaxed);
            let failure = match self.send_once(op, prepared).await {
                Ok(response) => return Ok(response),
                Err(failure) => failure,
            };
            if !failure.retryable || attempt >= policy.attempts() {
                return Err(failure.error.with_attempts(attempt));
            }
            let delay = policy.delay(attempt, failure.server_delay);
            tracing::debug!(attempt, delay_ms = delay.as_millis() as u64, error = %failure.error, "retrying");
            tokio::time::sleep(delay).await;
        }
    }

    /// One attempt. A failure says whether another attempt is safe: always when the connection
    /// could not be made; otherwise only for idempotent methods, on 429, 5xx, timeouts and
    /// broken connections.
    async fn send_once(
        &self,
        op: &'static Operation,
        prepared: &Prepared,
    ) -> Result<Response, Failure> {
        let idempotent = op.method.is_idempotent();
        let mut builder = self
            .inner
            .http
            .request(op.method.to_reqwest(), prepared.url.clone())
            .headers(prepared.headers.clone());
        if let Some(body) = &prepared.body {
            builder = builder.body(body.clone());
        }
        let response = builder.send().await.map_err(|e| Failure {
            retryable: idempotent || e.is_connect(),
            server_delay: None,
            error: Error::from_reqwest(op.id, e),
        })?;
        let status = response.status();
        // A failed answer may be tried again only if it is a rate limit or a server error.
        let retryable_status = idempotent && (status.as_u16() == 429 || status.is_server_error());
        let response_headers = response.headers().clone();
        let server_delay = server_delay(&response_headers);
        let content_type = response_headers
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let body = match response.bytes().await {
            Ok(body) => body,
            // An error answer whose body breaks off is still that error: keep its status.
            Err(e) if !status.is_success() => {
                let mut error =
                    ApiError::new(op.id, status.as_u16(), content_type.clone(), Bytes::new());
                error.message = Some(format!("the body could not be read: {e}"));
                return Err(Failure {
                    retryable: retryable_status,
                    server_delay,
                    error: Error::Api(Box::new(error)),
                });
            }
            Err(e) => {
                return Err(Failure {
                    retryable: idempotent,
                    server_delay: None,
                    error: Error::from_reqwest(op.id, e),
                })
            }
        };
        if !status.is_success() {
            return Err(Failure {
                retryable: retryable_status,
                server_delay,
                error: Error::Api(Box::new(ApiError::new(
                    op.id,
                    status.as_u16(),
                    content_type,
                    body,
                ))),
            });
        }
        Ok(Response {
            operation: op.id,
            status: status.as_u16(),
            headers: response_headers,
            body,
        })
    }
}

/// At most 512 bytes of a text that quotes the server's data (serde_json repeats a bad value
/// whole in its message), cut at a character boundary.
fn bounded(mut text: String) -> String {
    const LIMIT: usize = 512;
    if text.len() > LIMIT {
        let mut cut = LIMIT;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text.truncate(cut);
        text.push('…');
    }
    text
}

fn default_headers(pairs: &[(String, String)]) -> Result<HeaderMap, Error> {
    let mut headers = HeaderMap::new();
    for (name, value) in pairs {
        let header_name = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| Error::invalid(None, name, "is not a valid header name"))?;
        let header_value = HeaderValue::from_str(value).map_err(|_| {
            Error::invalid(
                None,
                name,
                "contains characters that cannot be sent in a header",
            )
        })?;
        headers.insert(header_name, header_value);
    }
    Ok(headers)
}

/// Puts the credentials `op` needs into `headers`, or says which are missing.
fn add_credentials(
    op: &Operation,
    headers: &mut HeaderMap,
    credentials: &CredentialSet,
) -> Result<(), Error> {
    for (scheme, header) in op.security {
        let Some(value) = credentials.get(*scheme) else {
            return Err(Error::invalid(
                Some(op.id),
                scheme,
                "this operation needs credentials, and none are configured for this security scheme",
            ));
        };
        let name = HeaderName::from_bytes(header.as_bytes())
            .map_err(|_| Error::invalid(Some(op.id), header, "is not a valid header name"))?;
        headers.insert(name, value.clone());
    }
    Ok(())
}

/// A request ready to send, as many times as needed.
struct Prepared {
    url: Url,
    headers: HeaderMap,
    body: Option<Bytes>,
}

/// A failed attempt.
struct Failure {
    error: Error,
    retryable: bool,
    server_delay: Option<Duration>,
}

#[cfg(test)]
mod tests {
    use super::*;

    static SUBMIT: Operation = Operation {
        id: "submitForm",
        method: Method::Post,
        path: "/form",
        security: &[],
    };

    #[derive(Serialize)]
    struct Flat {
        name: &'static str,
        count: Option<i32>,
        missing: Option<i32>,
    }

    #[test]
    fn a_flat_object_is_sent_as_a_percent_encoded_form() {
        let mut request = Request::new(&SUBMIT);
        request
            .form(&Flat {
                name: "a b&c=d/é",
                count: Some(3),
                missing: None,
            })
            .unwrap();
        let (content_type, body) = request.body.unwrap();
        assert_eq!(content_type, "application/x-www-form-urlencoded");
        assert_eq!(&body[..], b"name=a+b%26c%3Dd%2F%C3%A9&count=3");
    }

    #[test]
    fn a_nested_object_is_refused_before_sending() {
        #[derive(Serialize)]
        struct Nested {
            inner: Flat,
        }
        let mut request = Request::new(&SUBMIT);
        let error = request
            .form(&Nested {
                inner: Flat {
                    name: "x",
                    count: None,
                    missing: None,
                },
            })
            .unwrap_err();
        assert!(
            error
                .to_string()
                .contains("cannot be sent as a form (only flat objects can)"),
            "{error}"
        );
        assert!(request.body.is_none());
    }
}

//! The builder of a [`Client`]: base URL, credentials, timeouts, retries and default headers,
//! checked once in [`ClientBuilder::build`].

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::Url;

use crate::client::{Api, Client, Inner, Secret};
use crate::credentials::{CredentialSource, LoginValues, SourceFactory};
use crate::{Error, RetryPolicy};

/// Default overall timeout of one request.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// Default timeout for making a connection.
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default limit for a whole call, retries and waits included.
const DEFAULT_OPERATION_TIMEOUT: Duration = Duration::from_secs(300);

/// Configures a [`Client`]. A generated crate's `ClientBuilder` wraps this one and offers the
/// same settings.
#[derive(Clone)]
pub struct ClientBuilder {
    api: &'static Api,
    base_url: Option<String>,
    credentials: BTreeMap<String, String>,
    timeout: Duration,
    connect_timeout: Duration,
    operation_timeout: Duration,
    retry: RetryPolicy,
    user_agent: Option<String>,
    source: Option<(String, SourceFactory)>,
    headers: Vec<(String, String)>,
    values: LoginValues,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url.as_deref().map(without_user_info))
            .field("credentials", &self.credentials.keys().collect::<Vec<_>>())
            .field("login", &self.source.as_ref().map(|(what, _)| what))
            .field("login_values", &self.values)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("operation_timeout", &self.operation_timeout)
            .field("retry", &self.retry)
            .field(
                "user_agent",
                &self.user_agent.as_deref().unwrap_or(self.api.user_agent),
            )
            .field(
                "headers",
                &self.headers.iter().map(|(n, _)| n).collect::<Vec<_>>(),
            )
            .finish()
    }
}

impl ClientBuilder {
    /// A builder for the API `api` describes, with the default settings (generated code calls
    /// this).
    #[doc(hidden)]
    pub fn new(api: &'static Api) -> Self {
        ClientBuilder {
            api,
            base_url: None,
            credentials: BTreeMap::new(),
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            operation_timeout: DEFAULT_OPERATION_TIMEOUT,
            retry: RetryPolicy::default(),
            user_agent: None,
            source: None,
            headers: Vec::new(),
            values: LoginValues::new(),
        }
    }

    /// The base URL to call, e.g. `https://api.example.com/v1` (default: the spec's first
    /// server). A trailing `/` is ignored. Plain `http://` is accepted for loopback addresses
    /// only.
    pub fn base_url(self, url: impl Into<String>) -> Self {
        self.set_base_url(url.into())
    }

    // Each generic setter hands over to a non-generic one at once, so that the work is compiled
    // here, once, and not in every crate that calls the setter.
    fn set_base_url(mut self, url: String) -> Self {
        self.base_url = Some(url);
        self
    }

    /// The value for the security scheme `scheme` of the spec (an API key sent as a header on
    /// every operation that requires that scheme). Never shown in `Debug` output. It replaces a
    /// [`credential_source`](Self::credential_source) set before: the later setting wins.
    pub fn credential(self, scheme: impl Into<String>, value: impl Into<String>) -> Self {
        self.set_credential(scheme.into(), value.into())
    }

    fn set_credential(mut self, scheme: String, value: String) -> Self {
        self.credentials.insert(scheme, value);
        self.source = None;
        self
    }

    /// Credentials come from a [`CredentialSource`] instead of fixed values: `factory` makes it
    /// from the built client without credentials (so that it can call a login operation), and
    /// `what` describes it in `Debug` output (never a secret). It replaces the fixed
    /// [`credential`](Self::credential)s set before: the later setting wins.
    pub fn credential_source(
        self,
        what: impl Into<String>,
        factory: impl Fn(Client) -> Arc<dyn CredentialSource> + Send + Sync + 'static,
    ) -> Self {
        self.set_credential_source(what.into(), Arc::new(factory))
    }

    fn set_credential_source(mut self, what: String, factory: SourceFactory) -> Self {
        self.source = Some((what, factory));
        self.credentials.clear();
        self
    }

    /// Gives the client the login value `name` (see [`LoginValues`]): for credentials given as
    /// they are, with no login to tell it, or to replace what the login tells. A value given
    /// here wins over the credential source's.
    pub fn login_value(self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.set_login_value(name.into(), value.into())
    }

    fn set_login_value(mut self, name: String, value: String) -> Self {
        self.values.insert(name, value);
        self
    }

    /// The longest one attempt (connect, send, receive the body) may take; default 60 s.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The longest making a connection may take; default 10 s.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
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

    /// A header sent with every request (a later value for the same name replaces an earlier
    /// one). Credentials set this way are not redacted: use [`credential`](Self::credential).
    pub fn header(self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.set_header(name.into(), value.into())
    }

    fn set_header(mut self, name: String, value: String) -> Self {
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(&name));
        self.headers.push((name, value));
        self
    }

    /// Replaces the `User-Agent` (default: the generated crate's name and version).
    pub fn user_agent(self, user_agent: impl Into<String>) -> Self {
        self.set_user_agent(user_agent.into())
    }

    fn set_user_agent(mut self, user_agent: String) -> Self {
        self.user_agent = Some(user_agent);
        self
    }

    /// Builds the client. Fails with [`Error::InvalidInput`] on a base URL that is not an
    /// absolute `http(s)` URL (or plain `http` to another machine, or one with credentials, a
    /// query or a fragment), on a header or credential that cannot be sent, and when no base
    /// URL is set and the spec lists no server.
    pub fn build(self) -> Result<Client, Error> {
        let base = match self.base_url {
            Some(url) => url,
            None => self
                .api
                .servers
                .first()
                .map(|(url, _)| (*url).to_owned())
                .ok_or_else(|| {
                    Error::invalid_input(
                        None,
                        "base_url",
                        "the spec lists no server; set a base URL",
                    )
                })?,
        };
        let base = base.trim_end_matches('/').to_owned();
        // Messages show the URL without any user name or password it carries.
        let shown = without_user_info(&base);
        let parsed = Url::parse(&base).map_err(|e| {
            Error::invalid_input(
                None,
                "base_url",
                format!("`{shown}` is not an absolute URL: {e}"),
            )
        })?;
        if !parsed.username().is_empty() || parsed.password().is_some() {
            return Err(Error::invalid_input(
                None,
                "base_url",
                format!(
                    "`{shown}` must not carry a user name or password; credentials go in headers"
                ),
            ));
        }
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(Error::invalid_input(
                None,
                "base_url",
                format!("`{shown}` is not an http(s) URL"),
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
            return Err(Error::invalid_input(
                None,
                "base_url",
                format!("`{shown}` is plain HTTP to another machine; use https (http is accepted only for loopback addresses)"),
            ));
        }
        if parsed.query().is_some() || parsed.fragment().is_some() || parsed.cannot_be_a_base() {
            return Err(Error::invalid_input(
                None,
                "base_url",
                format!("`{shown}` must not have a query or fragment"),
            ));
        }
        let mut credentials = BTreeMap::new();
        for (scheme, value) in self.credentials {
            let mut header = HeaderValue::from_str(&value).map_err(|_| {
                Error::invalid_input(
                    None,
                    &scheme,
                    "the credential contains characters that cannot be sent in a header",
                )
            })?;
            header.set_sensitive(true);
            credentials.insert(scheme, Secret(header));
        }
        let mut headers = default_headers(&self.headers)?;
        // A request without `Accept-Encoding` accepts any coding (RFC 9110, 12.5.3): without a
        // decoder, ask for none.
        if !cfg!(any(
            feature = "gzip",
            feature = "deflate",
            feature = "brotli",
            feature = "zstd"
        )) {
            headers
                .entry(reqwest::header::ACCEPT_ENCODING)
                .or_insert(HeaderValue::from_static("identity"));
        }
        let http = reqwest::Client::builder()
            // Redirects are not followed: reqwest would carry the API-key headers to whatever
            // host a 3xx names. A 3xx is returned as an `Error::Api` instead.
            .redirect(reqwest::redirect::Policy::none())
            .default_headers(headers)
            .user_agent(self.user_agent.as_deref().unwrap_or(self.api.user_agent))
            .timeout(self.timeout)
            .connect_timeout(self.connect_timeout)
            .build()
            .map_err(|e| Error::invalid_input(None, "http_client", e.to_string()))?;
        let plain = Client {
            inner: Arc::new(Inner {
                http,
                base_url: base,
                credentials,
                source: None,
                values: self.values,
                retry: self.retry,
                operation_timeout: self.operation_timeout,
                api: self.api,
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
                        values: inner.values.clone(),
                        retry: inner.retry.clone(),
                        operation_timeout: inner.operation_timeout,
                        api: inner.api,
                    }),
                }
            }
        })
    }
}

/// `url` with the user name and password of its authority (`user:secret@`) replaced by `***@`,
/// found as text so that it works on URLs that do not parse.
fn without_user_info(url: &str) -> String {
    let start = url.find("://").map_or(0, |i| i + 3);
    let authority_end = url[start..]
        .find(['/', '?', '#'])
        .map_or(url.len(), |i| start + i);
    match url[start..authority_end].rfind('@') {
        Some(at) => format!("{}***{}", &url[..start], &url[start + at..]),
        None => url.to_owned(),
    }
}

fn default_headers(pairs: &[(String, String)]) -> Result<HeaderMap, Error> {
    let mut headers = HeaderMap::new();
    for (name, value) in pairs {
        let header_name = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| Error::invalid_input(None, name, "is not a valid header name"))?;
        let header_value = HeaderValue::from_str(value).map_err(|_| {
            Error::invalid_input(
                None,
                name,
                "contains characters that cannot be sent in a header",
            )
        })?;
        headers.insert(header_name, header_value);
    }
    Ok(headers)
}

#[cfg(test)]
mod tests {
    use super::without_user_info;

    #[test]
    fn user_info_is_hidden() {
        assert_eq!(
            without_user_info("http://user:pa55@example.com:99999/v1?a=b@c"),
            "http://***@example.com:99999/v1?a=b@c"
        );
        assert_eq!(
            without_user_info("https://a@b@host/x"),
            "https://***@host/x"
        );
        assert_eq!(without_user_info("https://host/x@y"), "https://host/x@y");
        assert_eq!(without_user_info("user:pw@host"), "***@host");
    }
}

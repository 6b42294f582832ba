//! The client every call of a generated API client goes through, and what the generated crate
//! tells it about its API.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::HeaderValue;

use crate::credentials::{CredentialSource, LoginValues};
use crate::request::Operation;
use crate::{BoxFuture, Error, RetryPolicy};

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
    /// Login values given to the builder, which win over the source's.
    pub(crate) values: LoginValues,
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
            .field("login_values", &self.inner.values)
            .finish()
    }
}

impl Client {
    /// The base URL every path is appended to (no trailing `/`).
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The login value `name` (see [`LoginValues`]): the one given to the builder
    /// ([`ClientBuilder::login_value`](crate::ClientBuilder::login_value)), else the one the
    /// current login of the credential source told, logging in first when none has been made
    /// (the login every call shares). `Ok(None)` when neither has it (credentials given as they
    /// are, without the value); an error when the login fails ([`Error::Login`]).
    pub fn login_value(&self, name: &str) -> BoxFuture<Result<Option<String>, Error>> {
        let client = self.clone();
        let name = name.to_owned();
        Box::pin(async move {
            if let Some(value) = client.inner.values.get(&name) {
                return Ok(Some(value.clone()));
            }
            match &client.inner.source {
                Some(source) => Ok(source.login_values().await?.get(&name).cloned()),
                None => Ok(None),
            }
        })
    }

    /// The value of `op`'s parameter `param` (its setter `setter`) when the call did not set
    /// it: the login value `value` ([`login_value`](Self::login_value)). When there is none,
    /// an [`Error::InvalidInput`] naming the parameter and how to set it; a failed login is
    /// this call's [`Error::Login`]. Generated code calls this.
    #[doc(hidden)]
    pub fn login_default(
        &self,
        op: &'static Operation,
        param: &'static str,
        value: &'static str,
        setter: &'static str,
    ) -> BoxFuture<Result<String, Error>> {
        let client = self.clone();
        Box::pin(async move {
            let found = client
                .login_value(value)
                .await
                .map_err(|error| match error {
                    Error::Login {
                        source, failures, ..
                    } => Error::Login {
                        operation: op.id,
                        source,
                        failures,
                        attempts: 0,
                    },
                    other => other,
                })?;
            found.ok_or_else(|| {
                let why = if client.inner.source.is_some() {
                    format!("the client's login did not tell its `{value}`")
                } else {
                    format!("the client has no login to tell its `{value}`, and none was given to its builder (`login_value(\"{value}\", …)`)")
                };
                Error::invalid_input(
                    Some(op.id),
                    param,
                    format!("not set, and {why}: set it on the request with `.{setter}(…)`"),
                )
            })
        })
    }
}

//! The send loop: credentials, retries with backoff, timeouts, the tracing span, and mapping
//! each answer to a [`Response`] or an [`Error`].

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, ACCEPT, CONTENT_TYPE};
use reqwest::Url;

use crate::client::Secret;
use crate::credentials::{add_credentials, CredentialSet};
use crate::request::{Operation, Request};
use crate::response::Response;
use crate::retry::server_delay;
use crate::{ApiError, BoxFuture, Client, Error};

impl Client {
    /// Sends `request`, retrying as the policy allows, and returns the success response or the
    /// last error (with the number of attempts).
    ///
    /// The future is boxed here, so that the send loop is compiled once, in this crate: an
    /// `async fn` would have its body compiled again in every crate that awaits it (each
    /// generated crate, and each program calling an operation). One allocation per call.
    #[doc(hidden)]
    pub fn execute(&self, request: Request) -> BoxFuture<Result<Response, Error>> {
        let client = self.clone();
        Box::pin(async move { client.execute_boxed(request).await })
    }

    async fn execute_boxed(&self, request: Request) -> Result<Response, Error> {
        use tracing::Instrument;

        let op = request.operation;
        // One span per call: what was called and how it ended; never a header or a body.
        let span = (self.inner.api.span)(op);
        let started = std::time::Instant::now();
        let prepared = self.prepare(&request)?;
        let attempts = AtomicU32::new(0);
        let limit = self.inner.operation_timeout;
        let call = tokio::time::timeout(limit, self.authenticated(op, prepared, &attempts));
        let result = match call.instrument(span.clone()).await {
            Ok(result) => result,
            Err(_) => Err(Error::Timeout {
                operation: op.id,
                source: None,
                attempts: attempts.load(Ordering::Relaxed),
            }),
        };
        let status = match &result {
            Ok(response) => Some(response.status),
            Err(e) => e.status(),
        };
        if let Some(status) = status {
            span.record("status", status);
        }
        span.record("attempts", attempts.load(Ordering::Relaxed));
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
        attempts: &AtomicU32,
    ) -> Result<Response, Error> {
        let source = match (&self.inner.source, op.security.is_empty()) {
            (Some(source), false) => source,
            _ => return self.send_with_retries(op, &prepared, attempts).await,
        };
        // A failed login is the error of this call (the login's own operation is its source).
        let of_this_call = |error: Error| match error {
            Error::Login {
                source, failures, ..
            } => Error::Login {
                operation: op.id,
                source,
                failures,
                attempts: attempts.load(Ordering::Relaxed),
            },
            other => other,
        };
        let credentials = source.credentials(None).await.map_err(of_this_call)?;
        add_credentials(op, &mut prepared.headers, &credentials)?;
        match self.send_with_retries(op, &prepared, attempts).await {
            Err(Error::Api(e)) if e.status == 401 => {
                let renewed = source
                    .credentials(Some(credentials))
                    .await
                    .map_err(of_this_call)?;
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
            let header_name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                Error::invalid_input(Some(op.id), name, "is not a valid header name")
            })?;
            let header_value = HeaderValue::from_str(value).map_err(|_| {
                Error::invalid_input(
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
        attempts: &AtomicU32,
    ) -> Result<Response, Error> {
        let policy = &self.inner.retry;
        // `attempts` counts every send of the call, also those before a renewal of the
        // credentials; the retry budget is this round's.
        let mut attempt = 0;
        loop {
            attempt += 1;
            let sent = attempts.fetch_add(1, Ordering::Relaxed) + 1;
            let failure = match self.send_once(op, prepared).await {
                Ok(response) => return Ok(response),
                Err(failure) => failure,
            };
            if !failure.retryable || attempt >= policy.attempts() {
                return Err(failure.error.with_attempts(sent));
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
            error: Error::transport(op.id, e),
        })?;
        let status = response.status();
        // A failed answer may be tried again only if it is a rate limit or a server error.
        let retryable_status = idempotent && (status.as_u16() == 429 || status.is_server_error());
        let response_headers = response.headers().clone();
        let server_delay = server_delay(&response_headers, self.inner.api.wait_headers);
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
                    error: Error::transport(op.id, e),
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

//! The one error type of every call.

use std::fmt;
use std::sync::Arc;

use bytes::Bytes;

/// How much of a body an error message quotes.
const EXCERPT_BYTES: usize = 512;

/// Why a call failed. Match on the variant, or use the accessors ([`status`](Error::status),
/// [`code`](Error::code), [`is_timeout`](Error::is_timeout), …).
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The request could not be sent or the response not received (DNS, connection refused,
    /// TLS, connection reset, …).
    Transport {
        /// `operationId` of the call.
        operation: &'static str,
        /// The underlying error (of the last attempt).
        source: reqwest::Error,
        /// How many times the request was sent.
        attempts: u32,
    },
    /// An attempt, the connection, or the whole call (with its retries) took longer than the
    /// configured timeout.
    Timeout {
        /// `operationId` of the call.
        operation: &'static str,
        /// The underlying error, when an attempt timed out (`None` for the overall timeout).
        source: Option<reqwest::Error>,
        /// How many times the request was sent.
        attempts: u32,
    },
    /// The server answered with a non-success status.
    Api(Box<ApiError>),
    /// The server answered success, but the body is not what the spec describes: JSON that
    /// does not match the spec (`path` names where), or a body that is not JSON at all, is cut
    /// short, or is compressed in a coding this build cannot decode (`path` is empty).
    Decode {
        /// `operationId` of the call.
        operation: &'static str,
        /// HTTP status of the response.
        status: u16,
        /// Where in the JSON decoding failed (`billList[3].amount`; `.` for the top level);
        /// empty when the body is not JSON.
        path: String,
        /// What went wrong there.
        message: String,
        /// The start of the body (at most 512 bytes, lossily decoded).
        excerpt: String,
    },
    /// The credentials the call needs could not be obtained: the login of a
    /// [`SharedLogin`](crate::SharedLogin) failed, and nothing was sent for the call (or, after
    /// a 401, nothing more). [`status`](Error::status), [`code`](Error::code) and
    /// [`message`](Error::message) give the login's answer.
    Login {
        /// `operationId` of the call that needed the credentials.
        operation: &'static str,
        /// The login's own error; every call that waited for the same login shares it.
        source: Arc<Error>,
        /// How many logins have failed in a row (later logins wait longer: see
        /// [`SharedLogin`](crate::SharedLogin)).
        failures: u32,
        /// How many times the call's own request was sent (1 when a 401 led to the failed login).
        attempts: u32,
    },
    /// A model value could not be built: a required field was not set on its builder.
    Build(BuildError),
    /// A failure of the hand-written layer around the generated client (see [`Error::other`]);
    /// read it with [`Error::downcast_ref`].
    Other {
        /// What was being done: an `operationId`, or the layer's name for its own step.
        operation: &'static str,
        /// The layer's own error.
        source: Box<dyn std::error::Error + Send + Sync + 'static>,
    },
    /// Reading or writing a file or stream failed (such as writing a downloaded file).
    Io {
        /// What was being done.
        operation: &'static str,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The call was refused before anything was sent: a bad argument or configuration.
    InvalidInput {
        /// `operationId` of the call, or `None` for client configuration.
        operation: Option<&'static str>,
        /// The parameter or setting at fault (its name in the spec).
        parameter: String,
        /// What is wrong with it.
        reason: String,
    },
}

/// An error answer from the server: status, the `code` and `message` when the body has them
/// (as `{"code", "message"}`, `{"errorCode", "errorMessage"}` or an RFC 9457 problem document),
/// and the raw body.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiError {
    /// `operationId` of the call.
    pub operation: &'static str,
    /// HTTP status.
    pub status: u16,
    /// The error code from a JSON body (`{"code": "E0016", …}`), if any.
    pub code: Option<String>,
    /// The error message from a JSON body, or a short text body, if any.
    pub message: Option<String>,
    /// The `Content-Type` of the body, if given.
    pub content_type: Option<String>,
    /// The raw body, as received.
    pub body: Bytes,
    /// How many times the request was sent (the answer is the last one's).
    pub attempts: u32,
}

impl ApiError {
    /// The error answer `status` of `operation`, reading `code` and `message` from `body`
    /// (counted as one attempt).
    pub fn new(
        operation: &'static str,
        status: u16,
        content_type: Option<String>,
        body: Bytes,
    ) -> Self {
        let (code, message) = parse_error_body(&body);
        ApiError {
            operation,
            status,
            code,
            message,
            content_type,
            body,
            attempts: 1,
        }
    }

    /// The body as text (lossily decoded).
    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// `{"code": …, "message": …}` (also `errorCode`/`errorMessage`), an RFC 9457 problem document
/// (see [`problem_message`]), or a short plain-text body as the message.
fn parse_error_body(body: &[u8]) -> (Option<String>, Option<String>) {
    if let Ok(serde_json::Value::Object(map)) = serde_json::from_slice::<serde_json::Value>(body) {
        let text = |keys: &[&str]| {
            keys.iter().find_map(|k| match map.get(*k) {
                Some(serde_json::Value::String(s)) => Some(s.clone()),
                Some(serde_json::Value::Number(n)) => Some(n.to_string()),
                _ => None,
            })
        };
        let message = text(&["message", "errorMessage"]).or_else(|| problem_message(&map));
        return (text(&["code", "errorCode"]), message);
    }
    let text = String::from_utf8_lossy(body);
    let text = text.trim();
    if text.is_empty() || text.starts_with('<') || text.len() > EXCERPT_BYTES {
        (None, None)
    } else {
        (None, Some(text.to_owned()))
    }
}

/// The message of an RFC 9457 problem document (`application/problem+json`), as gateways and
/// mock servers answer: `title: detail`, then the messages of a `validation`, `errors` or
/// `invalid-params` list, which say what was wrong with the request.
fn problem_message(map: &serde_json::Map<String, serde_json::Value>) -> Option<String> {
    let field = |key: &str| map.get(key).and_then(serde_json::Value::as_str);
    let mut message = match (field("title"), field("detail")) {
        (Some(title), Some(detail)) => format!("{title}: {detail}"),
        (Some(text), None) | (None, Some(text)) => text.to_owned(),
        (None, None) => return None,
    };
    let details: Vec<&str> = ["validation", "errors", "invalid-params"]
        .iter()
        .filter_map(|key| map.get(*key)?.as_array())
        .flatten()
        .filter_map(|item| match item {
            serde_json::Value::String(text) => Some(text.as_str()),
            item => ["message", "reason", "detail"]
                .iter()
                .find_map(|key| item.get(*key)?.as_str()),
        })
        .collect();
    if !details.is_empty() {
        message.push_str(" (");
        message.push_str(&details.join("; "));
        message.push(')');
    }
    Some(message)
}

impl fmt::Debug for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiError")
            .field("operation", &self.operation)
            .field("status", &self.status)
            .field("code", &self.code)
            .field("message", &self.message)
            .field("content_type", &self.content_type)
            .field("body", &excerpt(&self.body))
            .field("attempts", &self.attempts)
            .finish()
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: the server answered HTTP {}",
            self.operation, self.status
        )?;
        match (&self.code, &self.message) {
            (Some(code), Some(message)) => write!(f, ": {code}: {message}")?,
            (Some(code), None) => write!(f, ": {code}")?,
            (None, Some(message)) => write!(f, ": {message}")?,
            (None, None) if self.body.is_empty() => write!(f, " with an empty body")?,
            (None, None) => write!(f, ": {}", excerpt(&self.body))?,
        }
        attempts_note(f, self.attempts)
    }
}

fn attempts_note(f: &mut fmt::Formatter<'_>, attempts: u32) -> fmt::Result {
    if attempts > 1 {
        write!(f, " (after {attempts} attempts)")
    } else {
        Ok(())
    }
}

/// At most 512 bytes of `body`, lossily decoded, with `…` when cut.
pub(crate) fn excerpt(body: &[u8]) -> String {
    let cut = body.len().min(EXCERPT_BYTES);
    let mut text = String::from_utf8_lossy(&body[..cut]).into_owned();
    if body.len() > cut {
        text.push('…');
    }
    text
}

impl Error {
    /// The HTTP status, for [`Error::Api`] and [`Error::Decode`], and the login's for
    /// [`Error::Login`].
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::Decode { status, .. } => Some(*status),
            Error::Login { source, .. } => source.status(),
            _ => None,
        }
    }

    /// The error code from the server's body, for [`Error::Api`] (and the login's, for
    /// [`Error::Login`]).
    pub fn code(&self) -> Option<&str> {
        self.api_error().and_then(|e| e.code.as_deref())
    }

    /// The error message from the server's body, for [`Error::Api`] (and the login's, for
    /// [`Error::Login`]).
    pub fn message(&self) -> Option<&str> {
        self.api_error().and_then(|e| e.message.as_deref())
    }

    /// The server's answer, for [`Error::Api`] (and the login's, for [`Error::Login`]).
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Error::Api(e) => Some(e),
            Error::Login { source, .. } => source.api_error(),
            _ => None,
        }
    }

    /// The `operationId` of the call, when the error belongs to one.
    pub fn operation(&self) -> Option<&'static str> {
        match self {
            Error::Transport { operation, .. }
            | Error::Timeout { operation, .. }
            | Error::Decode { operation, .. } => Some(operation),
            Error::Api(e) => Some(e.operation),
            Error::InvalidInput { operation, .. } => *operation,
            Error::Build(_) => None,
            Error::Other { operation, .. }
            | Error::Io { operation, .. }
            | Error::Login { operation, .. } => Some(operation),
        }
    }

    /// Whether the call timed out.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Timeout { .. })
    }

    /// Whether the server answered 404 Not Found.
    pub fn is_not_found(&self) -> bool {
        self.status() == Some(404) && matches!(self, Error::Api(_))
    }

    /// Whether the server refused the call (or its login) for too many requests: HTTP 429. The
    /// runtime already waited and tried again where that was safe (see
    /// [`RetryPolicy`](crate::RetryPolicy)); wait before calling again.
    pub fn is_rate_limited(&self) -> bool {
        matches!(self, Error::Api(_) | Error::Login { .. }) && self.status() == Some(429)
    }

    /// Whether the server (or a gateway before it) failed: HTTP 5xx, for the call or its login.
    pub fn is_server_error(&self) -> bool {
        matches!(self, Error::Api(_) | Error::Login { .. })
            && self.status().is_some_and(|s| (500..600).contains(&s))
    }

    /// Whether the request may have been applied although the call failed, so that the outcome
    /// is unknown: the server answered 5xx, the connection broke or timed out after the request
    /// went out, or the call's overall timeout struck after a send. Nothing else: an error
    /// answer below 500, a connection that could not be made, a failed login before any send
    /// and a refusal before sending mean the request was not applied.
    ///
    /// This matters for a call that is not idempotent (`POST`, `PATCH`): the runtime never sends
    /// one again by itself, and sending it again could apply it twice (two orders, a coupon
    /// registered twice). Check the state first (list the orders, read the coupons) and send
    /// again only if it was not applied. For idempotent methods sending again is safe.
    pub fn is_outcome_unknown(&self) -> bool {
        match self {
            Error::Api(e) => e.status >= 500,
            Error::Transport { source, .. } => !source.is_connect(),
            Error::Timeout {
                source: Some(source),
                ..
            } => !source.is_connect(),
            Error::Timeout {
                source: None,
                attempts,
                ..
            } => *attempts > 0,
            _ => false,
        }
    }

    /// The error of `operation` for a failure of the HTTP library: [`Error::Timeout`] when it
    /// timed out, otherwise [`Error::Transport`] (one attempt).
    pub fn transport(operation: &'static str, source: reqwest::Error) -> Self {
        if source.is_timeout() {
            Error::Timeout {
                operation,
                source: Some(source),
                attempts: 1,
            }
        } else {
            Error::Transport {
                operation,
                source,
                attempts: 1,
            }
        }
    }

    /// How many times the request was sent before this error (0 if it never was).
    pub fn attempts(&self) -> u32 {
        match self {
            Error::Transport { attempts, .. } | Error::Timeout { attempts, .. } => *attempts,
            Error::Api(e) => e.attempts,
            Error::Login { attempts, .. } => *attempts,
            Error::Decode { .. } | Error::Other { .. } | Error::Io { .. } => 1,
            Error::InvalidInput { .. } | Error::Build(_) => 0,
        }
    }

    pub(crate) fn with_attempts(mut self, n: u32) -> Self {
        match &mut self {
            Error::Transport { attempts, .. }
            | Error::Timeout { attempts, .. }
            | Error::Login { attempts, .. } => *attempts = n,
            Error::Api(e) => e.attempts = n,
            Error::Decode { .. }
            | Error::InvalidInput { .. }
            | Error::Build(_)
            | Error::Other { .. }
            | Error::Io { .. } => {}
        }
        self
    }

    /// [`Error::InvalidInput`]: the call (`operation`, or `None` for client configuration) was
    /// refused before sending because of `parameter`, for `reason`.
    pub fn invalid_input(
        operation: Option<&'static str>,
        parameter: &str,
        reason: impl Into<String>,
    ) -> Self {
        Error::InvalidInput {
            operation,
            parameter: parameter.to_owned(),
            reason: reason.into(),
        }
    }

    /// [`Error::Other`]: an error of a hand-written layer's own kind (an export the server
    /// reported as failed, say), in the one error type every call returns. Callers read it back
    /// with [`downcast_ref`](Error::downcast_ref).
    pub fn other(
        operation: &'static str,
        error: impl std::error::Error + Send + Sync + 'static,
    ) -> Self {
        Error::Other {
            operation,
            source: Box::new(error),
        }
    }

    /// The error of type `E` inside [`Error::Other`], if it is one.
    pub fn downcast_ref<E: std::error::Error + 'static>(&self) -> Option<&E> {
        match self {
            Error::Other { source, .. } => source.downcast_ref(),
            _ => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Transport {
                operation,
                source,
                attempts,
            } => {
                write!(f, "{operation}: the request failed: {source}")?;
                let mut cause = std::error::Error::source(source);
                while let Some(c) = cause {
                    write!(f, ": {c}")?;
                    cause = c.source();
                }
                attempts_note(f, *attempts)
            }
            Error::Timeout {
                operation,
                source: Some(_),
                attempts,
            } => {
                write!(f, "{operation}: timed out")?;
                attempts_note(f, *attempts)
            }
            Error::Timeout {
                operation,
                source: None,
                attempts,
            } => {
                write!(f, "{operation}: the call did not finish within its overall timeout")?;
                attempts_note(f, *attempts)
            }
            Error::Api(e) => fmt::Display::fmt(e, f),
            Error::Decode { operation, status, path, message, excerpt } if path.is_empty() => write!(
                f,
                "{operation}: the response (HTTP {status}) could not be read as JSON: {message}; the body starts: {excerpt}"
            ),
            Error::Decode { operation, status, path, message, excerpt } => write!(
                f,
                "{operation}: the response (HTTP {status}) does not match the spec at `{path}`: {message}; the body starts: {excerpt}"
            ),
            Error::Login { operation, source, failures, .. } => {
                write!(f, "{operation}: the login failed: {source}")?;
                if *failures > 1 {
                    write!(f, " ({failures} failed logins in a row; the next waits longer)")?;
                }
                Ok(())
            }
            Error::Build(e) => fmt::Display::fmt(e, f),
            Error::Other { operation, source } => write!(f, "{operation}: {source}"),
            Error::Io { operation, source } => write!(f, "{operation}: {source}"),
            Error::InvalidInput { operation: Some(op), parameter, reason } => {
                write!(f, "{op}: invalid `{parameter}`: {reason} (nothing was sent)")
            }
            Error::InvalidInput { operation: None, parameter, reason } => {
                write!(f, "invalid client setting `{parameter}`: {reason}")
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport { source, .. }
            | Error::Timeout {
                source: Some(source),
                ..
            } => Some(source),
            Error::Io { source, .. } => Some(source),
            Error::Build(e) => Some(e),
            Error::Login { source, .. } => Some(source.as_ref()),
            Error::Other { source, .. } => Some(source.as_ref()),
            _ => None,
        }
    }
}

/// A model's builder was asked to `build()` without a field the spec requires.
///
/// ```
/// use openapi_client_runtime::{BuildError, Error};
/// let error = BuildError::missing("ShippingAddressModel", "city");
/// assert_eq!(error.to_string(), "cannot build `ShippingAddressModel`: the required field `city` is not set");
/// let error: Error = error.into();
/// assert!(matches!(error, Error::Build(_)));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildError {
    type_name: &'static str,
    field: &'static str,
}

impl BuildError {
    /// The field `field` (its Rust name) of `type_name` was not set.
    pub fn missing(type_name: &'static str, field: &'static str) -> Self {
        BuildError { type_name, field }
    }

    /// The type that could not be built.
    pub fn type_name(&self) -> &'static str {
        self.type_name
    }

    /// The required field that was not set (its Rust name).
    pub fn field(&self) -> &'static str {
        self.field
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "cannot build `{}`: the required field `{}` is not set",
            self.type_name, self.field
        )
    }
}

impl std::error::Error for BuildError {}

impl From<BuildError> for Error {
    fn from(error: BuildError) -> Self {
        Error::Build(error)
    }
}

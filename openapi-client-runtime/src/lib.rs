//! The runtime under every client generated from an OpenAPI 3.0 description by this
//! repository's generator (`codegen`): the HTTP client and its builder, the send loop with retries
//! and timeouts, errors, pagination streams, checked year-months, and the serde helpers that
//! generated models use.
//!
//! A generated crate owns its `Client` and `ClientBuilder` (thin wrappers of [`Client`] and
//! [`ClientBuilder`]), so its operations are inherent methods there. It depends on this crate at
//! the version its generator wrote, and reaches the runtime's internals only through the
//! `#[doc(hidden)]` module `__private`, which is not part of the stable API.
//!
//! Nothing here is specific to one API. What is (the default servers, the name of the tracing
//! span of each call, the headers in which a server says how long to wait before a retry)
//! reaches the runtime as data from the generated code. Two extension points let a hand-written
//! layer add what the spec cannot say:
//! - [`CredentialSource`]: credentials from elsewhere than fixed settings; [`SharedLogin`] is the
//!   one for APIs with a login operation (one login shared by every call, renewed as needed),
//!   which also keeps what the login said besides the credentials ([`LoginValues`], such as an
//!   account id), to which generated operations can default a parameter;
//! - [`Error::other`]: the layer's own error kinds, read back with [`Error::downcast_ref`].
//!
//! TLS: rustls with the platform's certificate verifier by default (feature `rustls`); the
//! feature `native-tls` uses the platform's TLS library instead.

#![deny(missing_docs)]

mod builder;
mod client;
mod credentials;
#[doc(hidden)]
pub mod de;
mod error;
#[cfg(feature = "test-support")]
pub mod fake;
mod json_path;
#[doc(hidden)]
pub mod lenient;
mod login;
#[doc(hidden)]
pub mod one_of;
mod paging;
mod request;
mod response;
mod retry;
mod send;
#[doc(hidden)]
pub mod ser;
mod unknown;
mod values;
mod year_month;

pub use builder::ClientBuilder;
pub use client::Client;
pub use credentials::{CredentialSet, CredentialSource, LoginValues};
pub use error::{ApiError, BuildError, Error};
pub use login::{Grant, SharedLogin};
pub use retry::RetryPolicy;
pub use unknown::UnknownValue;
pub use year_month::{IntoYearMonth, YearMonth};

/// The HTTP library the runtime sends with (its `Error` is the source of
/// [`Error::Transport`]); a hand-written layer uses this one to stay on the same version.
pub use reqwest;

/// Streams of pages and items (`operation(…).pages()`, `.items()`): bring
/// [`StreamExt`](stream::StreamExt) or [`TryStreamExt`](stream::TryStreamExt) into scope to
/// consume them. Both are `Unpin`, so `.next().await` works on them as they are:
///
/// ```
/// use openapi_client_runtime::stream::{self, Pages, StreamExt, TryStreamExt};
/// use openapi_client_runtime::Error;
///
/// # async fn demo(mut pages: Pages<Vec<u32>>, items: stream::Items<u32>) -> Result<(), Error> {
/// // One page at a time…
/// while let Some(page) = pages.next().await {
///     println!("{} items", page?.len());
/// }
/// // …or every item at once.
/// let all: Vec<u32> = items.try_collect().await?;
/// # Ok(()) }
/// ```
pub mod stream {
    pub use futures_util::{Stream, StreamExt, TryStreamExt};

    /// The pages of a paginated operation, one request per page, each page decoded when it
    /// arrives; the first error ends the stream. `Unpin` and `Send`.
    pub type Pages<T> = std::pin::Pin<
        Box<dyn futures_util::Stream<Item = Result<T, crate::Error>> + Send + 'static>,
    >;

    /// The items of every page of a paginated operation, one page in memory at a time; the first
    /// error ends the stream. `Unpin` and `Send`.
    pub type Items<T> = std::pin::Pin<
        Box<dyn futures_util::Stream<Item = Result<T, crate::Error>> + Send + 'static>,
    >;
}

/// A boxed future that can be sent between threads: what `.await`ing a request builder runs, and
/// what a [`CredentialSource`] returns.
pub type BoxFuture<T> = std::pin::Pin<Box<dyn std::future::Future<Output = T> + Send + 'static>>;

/// The JSON path (`billList[3].amount`, or `.` for the top level) at which `error` occurred while
/// decoding `body` with `serde_json`; the same path [`Error::Decode`] reports.
pub fn json_error_path(body: &[u8], error: &serde_json::Error) -> String {
    json_path::at(
        body,
        error.line(),
        error.column(),
        error.to_string().starts_with("missing field"),
    )
}

/// What generated code uses: not part of the stable API, may change in any release. Every path
/// the generator prints into a crate starts here.
#[doc(hidden)]
pub mod __private {
    pub use crate::client::Api;
    #[cfg(feature = "test-support")]
    pub use crate::fake;
    pub use crate::paging::{items, pages};
    pub use crate::request::{Method, Operation, Request};
    pub use crate::response::Response;
    pub use crate::stream::{Items, Pages};
    pub use crate::values::{EnumVisitor, FromParam, ParamValue, Redacted};
    pub use crate::{de, lenient, one_of, ser};
    pub use crate::{
        BoxFuture, BuildError, Client, ClientBuilder, CredentialSource, Error, IntoYearMonth,
        RetryPolicy, UnknownValue, YearMonth,
    };
    pub use bytes::Bytes;
    pub use futures_util::Stream;
    pub use serde;
    pub use tracing;

    /// The tracing span of one call, named `$name` (a literal, as tracing requires): the
    /// operation, method and path template, and the status, attempts and duration recorded when
    /// the call ends. Expanded in the generated crate, which names the span.
    #[macro_export]
    #[doc(hidden)]
    macro_rules! __call_span {
        ($name:literal) => {
            |op: &'static $crate::__private::Operation| {
                $crate::__private::tracing::info_span!(
                    $name,
                    operation = op.id,
                    method = op.method.as_str(),
                    path = op.path,
                    status = $crate::__private::tracing::field::Empty,
                    attempts = $crate::__private::tracing::field::Empty,
                    duration_ms = $crate::__private::tracing::field::Empty,
                )
            }
        };
    }
    pub use crate::__call_span as call_span;

    /// Implements `Display`, `FromStr`, `From<String>`, `AsRef<str>`, serde and
    /// [`ParamValue`] for a generated string enum from its `as_str` and `From<&str>`.
    #[macro_export]
    #[doc(hidden)]
    macro_rules! __string_enum {
        ($name:ident) => {
            impl ::std::fmt::Display for $name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.write_str(self.as_str())
                }
            }

            impl ::std::str::FromStr for $name {
                type Err = ::std::convert::Infallible;

                fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                    Ok(Self::from(value))
                }
            }

            impl ::std::convert::From<String> for $name {
                fn from(value: String) -> Self {
                    Self::from(value.as_str())
                }
            }

            impl ::std::convert::AsRef<str> for $name {
                fn as_ref(&self) -> &str {
                    self.as_str()
                }
            }

            impl $crate::__private::serde::Serialize for $name {
                fn serialize<S: $crate::__private::serde::Serializer>(
                    &self,
                    serializer: S,
                ) -> ::std::result::Result<S::Ok, S::Error> {
                    serializer.serialize_str(self.as_str())
                }
            }

            impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
                fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                    deserializer: D,
                ) -> ::std::result::Result<Self, D::Error> {
                    deserializer.deserialize_str($crate::__private::EnumVisitor::new())
                }
            }

            impl $crate::__private::ParamValue for $name {
                fn to_param(&self) -> String {
                    self.as_str().to_owned()
                }
            }

            impl $crate::__private::FromParam for $name {
                fn from_param(text: &str) -> ::std::result::Result<Self, String> {
                    Ok(Self::from(text))
                }
            }
        };
    }
    pub use crate::__string_enum as string_enum;
}

//! The hand-written core that generated code calls: client, requests, errors and the serde helpers
//! for forward-compatible enums, `oneOf`s and lenient strings.
//!
//! Nothing here is specific to one API: `cargo xtask generate --spec … --out … --name …` copies
//! this folder into every crate it generates.

mod client;
mod error;
mod json_path;
#[allow(unused_imports)] // used by APIs that read JSON files of their own
pub(crate) use json_path::at as json_path_at;
pub mod lenient;
pub mod one_of;
mod paging;
mod retry;
mod year_month;

use std::future::Future;
use std::pin::Pin;

pub use client::{Client, ClientBuilder};
#[allow(unused_imports)] // only APIs with a login use the credential source
pub(crate) use client::{CredentialSet, CredentialSource, SourceFactory};
pub(crate) use client::{Method, Operation, Request};
pub use error::{ApiError, Error};
#[allow(unused_imports)] // only paginated APIs use them
pub(crate) use paging::{items, pages, Stream};
pub use retry::RetryPolicy;
pub use year_month::{IntoYearMonth, YearMonth};

/// Shown by `Debug` in place of a secret.
#[allow(dead_code)] // a spec may have no secret fields
pub(crate) struct Redacted;

impl std::fmt::Debug for Redacted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("***")
    }
}

/// The future returned by `.await`ing a request builder.
pub type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send + 'static>>;

/// A value that can be sent as a path segment, query value or header.
pub trait ParamValue {
    /// The text sent on the wire (before percent-encoding).
    fn to_param(&self) -> String;
}

impl ParamValue for String {
    fn to_param(&self) -> String {
        self.clone()
    }
}

impl ParamValue for str {
    fn to_param(&self) -> String {
        self.to_owned()
    }
}

macro_rules! display_param {
    ($($t:ty),*) => {
        $(impl ParamValue for $t {
            fn to_param(&self) -> String {
                self.to_string()
            }
        })*
    };
}
display_param!(i32, i64, f64, bool);

/// Decodes a string enum from the text without copying it first: a known value costs no
/// allocation (only an unknown one is kept as a `String`).
#[allow(dead_code)] // a spec may have no enums
pub(crate) struct EnumVisitor<T>(pub(crate) std::marker::PhantomData<T>);

impl<T: for<'a> From<&'a str>> serde::de::Visitor<'_> for EnumVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<T, E> {
        Ok(T::from(value))
    }

    fn visit_bytes<E: serde::de::Error>(self, value: &[u8]) -> Result<T, E> {
        match std::str::from_utf8(value) {
            Ok(text) => Ok(T::from(text)),
            Err(_) => Err(E::invalid_value(serde::de::Unexpected::Bytes(value), &self)),
        }
    }
}

/// Implements `Display`, `FromStr`, `From<String>`, `AsRef<str>`, serde and [`ParamValue`] for a
/// generated string enum from its `as_str` and `From<&str>`.
#[allow(unused_macros)] // a spec may have no enums
macro_rules! string_enum {
    ($name:ident) => {
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::convert::Infallible;

            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        impl From<String> for $name {
            fn from(value: String) -> Self {
                Self::from(value.as_str())
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_str(crate::runtime::EnumVisitor(std::marker::PhantomData))
            }
        }

        impl crate::runtime::ParamValue for $name {
            fn to_param(&self) -> String {
                self.as_str().to_owned()
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use string_enum;

//! What generated code uses to turn values into parameters and to decode and show them.

use std::fmt;
use std::marker::PhantomData;

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
display_param!(i8, i16, i32, i64, u8, u16, u32, u64, f32, f64, bool);

/// A parameter value read back from its text on the wire (the reverse of what the client sends).
pub trait FromParam: Sized {
    /// The value `text` stands for, or why it stands for none.
    fn from_param(text: &str) -> Result<Self, String>;
}

impl FromParam for String {
    fn from_param(text: &str) -> Result<Self, String> {
        Ok(text.to_owned())
    }
}

macro_rules! parsed_param {
    ($($t:ty),*) => {
        $(impl FromParam for $t {
            fn from_param(text: &str) -> Result<Self, String> {
                text.parse().map_err(|e| format!("not a valid {}: {e}", stringify!($t)))
            }
        })*
    };
}
parsed_param!(i8, i16, i32, i64, u8, u16, u32, u64, f32, f64, bool);

impl FromParam for crate::YearMonth {
    fn from_param(text: &str) -> Result<Self, String> {
        text.parse()
    }
}

/// Shown by `Debug` in place of a secret.
pub struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// Decodes a string enum from the text without copying it first: a known value costs no
/// allocation (only an unknown one is kept as a `String`).
pub struct EnumVisitor<T>(PhantomData<T>);

impl<T> EnumVisitor<T> {
    /// The visitor for `T`.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        EnumVisitor(PhantomData)
    }
}

impl<T: for<'a> From<&'a str>> serde::de::Visitor<'_> for EnumVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
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

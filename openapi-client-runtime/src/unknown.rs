//! [`UnknownValue`]: the text of a string-enum value the generated crate does not know.

use std::borrow::Borrow;
use std::fmt;
use std::ops::Deref;

/// The text of a string-enum value that this version of a generated crate does not list (a value
/// the server added later), kept as received and sent back unchanged. It reads as a `&str`
/// (`Deref`, `as_str`, `==` with text) and is made from text with `From`.
///
/// It is one pointer wide (the text is boxed once more), so an enum holding it takes 16 bytes
/// rather than the 24 of a `String`, and a struct of several enums decodes faster: unknown values
/// are rare, known ones cost no allocation at all.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
// One pointer, on purpose: see above.
#[allow(clippy::box_collection)]
pub struct UnknownValue(Box<String>);

impl UnknownValue {
    /// The text as received.
    #[inline]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The text as a `String`.
    #[inline]
    pub fn into_string(self) -> String {
        *self.0
    }
}

impl Deref for UnknownValue {
    type Target = str;

    #[inline]
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for UnknownValue {
    #[inline]
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for UnknownValue {
    #[inline]
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl From<&str> for UnknownValue {
    #[inline]
    fn from(text: &str) -> Self {
        UnknownValue(Box::new(text.to_owned()))
    }
}

impl From<String> for UnknownValue {
    #[inline]
    fn from(text: String) -> Self {
        UnknownValue(Box::new(text))
    }
}

impl From<UnknownValue> for String {
    #[inline]
    fn from(value: UnknownValue) -> Self {
        value.into_string()
    }
}

impl PartialEq<str> for UnknownValue {
    #[inline]
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for UnknownValue {
    #[inline]
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for UnknownValue {
    #[inline]
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

/// Like a `str`: `Unknown("postpaid")`.
impl fmt::Debug for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq)]
    #[allow(dead_code)]
    enum Status {
        A,
        B,
        C,
        Unknown(UnknownValue),
    }

    #[test]
    fn an_enum_holding_it_is_two_words_as_is_its_option() {
        assert_eq!(std::mem::size_of::<UnknownValue>(), 8);
        assert_eq!(std::mem::size_of::<Status>(), 16);
        assert_eq!(std::mem::size_of::<Option<Status>>(), 16);
    }

    #[test]
    fn it_reads_and_compares_as_its_text() {
        let value = UnknownValue::from("postpaid");
        assert_eq!(value, "postpaid");
        assert_eq!(value, *"postpaid");
        assert_eq!(value, "postpaid".to_owned());
        assert_eq!(value.len(), 8);
        assert_eq!(value.as_str(), "postpaid");
        assert_eq!(value.to_string(), "postpaid");
        assert_eq!(
            format!("{:?}", Status::Unknown(value.clone())),
            r#"Unknown("postpaid")"#
        );
        assert_eq!(String::from(value.clone()), "postpaid");
        assert_eq!(value, UnknownValue::from("postpaid".to_owned()));
        let (a, b) = (UnknownValue::from("a"), UnknownValue::from("b"));
        assert!(a < b);
        let set: std::collections::HashSet<UnknownValue> = [value].into_iter().collect();
        assert!(set.contains("postpaid"));
    }
}

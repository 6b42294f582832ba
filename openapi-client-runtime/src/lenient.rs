//! Lenient decoding of string fields: some APIs (and their specs' own examples) send a number
//! where the spec says string (`"shippedAt": 20231004123456`). Such a value is
//! kept as its decimal text instead of failing the whole response: integers of up to 64 bits
//! exactly, other numbers as `serde_json` reads them (an `f64`, so `1.10` becomes `"1.1"`).
//! Anything else still fails.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;

/// Types that decode leniently: `String`, and `Option`, `Vec` and maps of them.
pub trait Lenient: Sized {
    /// Decodes `Self`, accepting numbers where strings are expected.
    fn lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;
}

/// For `#[serde(deserialize_with = "…")]`.
pub fn deserialize<'de, D: Deserializer<'de>, T: Lenient>(deserializer: D) -> Result<T, D::Error> {
    T::lenient(deserializer)
}

/// `T` read leniently, as a `Deserialize` type.
pub(crate) struct Wrap<T>(pub(crate) T);

impl<'de, T: Lenient> Deserialize<'de> for Wrap<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::lenient(deserializer).map(Wrap)
    }
}

struct StringVisitor;

impl Visitor<'_> for StringVisitor {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string (or a number, kept as its text)")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_owned())
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
        Ok(v)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
        // As JSON writes it (`0.5`, `1e+300`): the shortest text that reads back as the same
        // number. A whole number beyond 64 bits arrives here already rounded to a float; its
        // text shows that (`8.981100000123457e+19`) rather than digits that look exact but are
        // not.
        Ok(serde_json::Number::from_f64(v).map_or_else(|| v.to_string(), |n| n.to_string()))
    }
}

impl Lenient for String {
    fn lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(StringVisitor)
    }
}

impl<T: Lenient> Lenient for Option<T> {
    fn lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Option::<Wrap<T>>::deserialize(deserializer)?.map(|w| w.0))
    }
}

impl<T: Lenient> Lenient for Vec<T> {
    fn lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Vec::<Wrap<T>>::deserialize(deserializer)?
            .into_iter()
            .map(|w| w.0)
            .collect())
    }
}

impl<T: Lenient> Lenient for BTreeMap<String, T> {
    fn lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(BTreeMap::<String, Wrap<T>>::deserialize(deserializer)?
            .into_iter()
            .map(|(k, w)| (k, w.0))
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize, Debug, PartialEq)]
    struct S {
        #[serde(deserialize_with = "deserialize")]
        a: String,
        #[serde(default, deserialize_with = "deserialize")]
        b: Option<String>,
        #[serde(default, deserialize_with = "deserialize")]
        c: Option<BTreeMap<String, String>>,
        #[serde(default, deserialize_with = "deserialize")]
        d: Vec<String>,
    }

    #[test]
    fn numbers_become_text() {
        let s: S = serde_json::from_str(
            r#"{"a":20231004123456,"b":2.5,"c":{"date":20221111,"x":"y"},"d":[1,"2"]}"#,
        )
        .unwrap();
        assert_eq!(s.a, "20231004123456");
        assert_eq!(s.b.as_deref(), Some("2.5"));
        assert_eq!(s.c.unwrap()["date"], "20221111");
        assert_eq!(s.d, vec!["1", "2"]);
        let s: S = serde_json::from_str(r#"{"a":"x","b":null}"#).unwrap();
        assert_eq!((s.a.as_str(), s.b, s.c, s.d.len()), ("x", None, None, 0));
    }

    #[test]
    fn fractional_and_huge_numbers_keep_a_faithful_text() {
        let text = |json: &str| serde_json::from_str::<S>(json).unwrap().a;
        // As JSON writes floats: reads back as the same number.
        assert_eq!(text(r#"{"a":0.0}"#), "0.0");
        assert_eq!(text(r#"{"a":1e300}"#), "1e+300");
        assert_eq!(text(r#"{"a":0.1}"#), "0.1");
        // Up to 64 bits, integers keep every digit.
        assert_eq!(
            text(r#"{"a":18446744073709551615}"#),
            "18446744073709551615"
        );
        assert_eq!(
            text(r#"{"a":-9223372036854775808}"#),
            "-9223372036854775808"
        );
        // Beyond, serde_json has already rounded to a float: the text says so instead of
        // showing made-up digits (89811000001234567168).
        assert_eq!(
            text(r#"{"a":89811000001234567890}"#),
            "8.981100000123457e+19"
        );
    }

    #[test]
    fn other_types_still_fail() {
        assert!(serde_json::from_str::<S>(r#"{"a":true}"#).is_err());
        assert!(serde_json::from_str::<S>(r#"{"a":{"x":1}}"#).is_err());
    }
}

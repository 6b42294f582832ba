//! The pieces of a generated struct's `Deserialize`: the field name read without a copy, a
//! field's value taken once (a repeated key is an error, as with `#[derive(Deserialize)]`), and
//! a required field checked at the end.
//!
//! The generator prints a `Deserialize` that reads a JSON object and nothing else, instead of
//! deriving one: `#[derive(Deserialize)]` also writes, for every struct, a field enum with three
//! visitors, a sequence form and a wrapper type per `deserialize_with` field, which together were
//! a third of the SDK's build time and which a JSON API never uses. The errors keep serde's
//! words (`missing field `x``, `duplicate field `x``, `expected struct X`), so
//! [`json_error_path`](crate::json_error_path) and users' matches on them still work.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde::Deserialize;

use crate::lenient::{Lenient, Wrap};

/// Where a field name goes to become its index (`usize::MAX` for a name the struct does not
/// have): the generated struct's own `match` on the wire names, called with the name as the
/// deserializer hands it over, borrowed or not, so that no key is copied.
pub struct Key<F>(pub F);

impl<'de, F: FnOnce(&str) -> usize> DeserializeSeed<'de> for Key<F> {
    type Value = usize;

    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<usize, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de, F: FnOnce(&str) -> usize> Visitor<'de> for Key<F> {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    #[inline]
    fn visit_str<E: de::Error>(self, name: &str) -> Result<usize, E> {
        Ok((self.0)(name))
    }

    fn visit_bytes<E: de::Error>(self, name: &[u8]) -> Result<usize, E> {
        Ok(std::str::from_utf8(name).map_or(usize::MAX, self.0))
    }

    /// A number as a key (which JSON never has): no field of a generated struct, so skipped.
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<usize, E> {
        Ok(usize::MAX)
    }
}

/// Reads the value of the field `name` into `slot`; a second value for the same field is
/// serde's `duplicate field` error.
#[inline]
pub fn take<'de, T: Deserialize<'de>, A: MapAccess<'de>>(
    slot: &mut Option<T>,
    map: &mut A,
    name: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// [`take`] for a string field read leniently (see [`lenient`](crate::lenient)).
#[inline]
pub fn take_lenient<'de, T: Lenient, A: MapAccess<'de>>(
    slot: &mut Option<T>,
    map: &mut A,
    name: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value::<Wrap<T>>()?.0);
    Ok(())
}

/// Skips the value of a field the struct does not have (a newer server may send more).
#[inline]
pub fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<de::IgnoredAny>().map(|_| ())
}

/// The value of the required field `name`, or serde's `missing field` error.
#[inline]
pub fn required<T, E: de::Error>(slot: Option<T>, name: &'static str) -> Result<T, E> {
    slot.ok_or_else(|| E::missing_field(name))
}

/// The `expecting` text of a generated struct's visitor: `struct Name`, as serde says it.
pub fn expecting(f: &mut fmt::Formatter<'_>, name: &str) -> fmt::Result {
    write!(f, "struct {name}")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the generator prints, written out by hand for a struct with a required field, an
    /// optional one and a lenient one.
    #[derive(Debug, PartialEq)]
    struct S {
        id: u32,
        name: Option<String>,
        text: Option<String>,
    }

    impl<'de> Deserialize<'de> for S {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = S;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    expecting(f, "S")
                }
                fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<S, A::Error> {
                    #[inline]
                    fn index(name: &str) -> usize {
                        match name {
                            "id" => 0,
                            "name" => 1,
                            "text" => 2,
                            _ => usize::MAX,
                        }
                    }
                    let mut id = None;
                    let mut name = None;
                    let mut text = None;
                    while let Some(key) = map.next_key_seed(Key(index))? {
                        match key {
                            0 => take(&mut id, &mut map, "id")?,
                            1 => take(&mut name, &mut map, "name")?,
                            2 => take_lenient(&mut text, &mut map, "text")?,
                            _ => skip(&mut map)?,
                        }
                    }
                    Ok(S {
                        id: required(id, "id")?,
                        name: name.flatten(),
                        text: text.flatten(),
                    })
                }
            }
            deserializer.deserialize_struct("S", &["id", "name", "text"], V)
        }
    }

    #[test]
    fn reads_objects_as_derive_does() {
        let s: S =
            serde_json::from_str(r#"{"id":1,"extra":[1,{"a":2}],"name":null,"text":7}"#).unwrap();
        assert_eq!(
            s,
            S {
                id: 1,
                name: None,
                text: Some("7".into())
            }
        );
        // A key written with an escape reaches `visit_str` as a copy, not borrowed: same field.
        let s: S = serde_json::from_str(r#"{"\u0069d":2,"name":"n"}"#).unwrap();
        assert_eq!((s.id, s.name.as_deref()), (2, Some("n")));
        // From a `Value` (owned keys) too.
        let s: S = serde_json::from_value(serde_json::json!({"id": 3})).unwrap();
        assert_eq!(s.id, 3);
        // A format that hands over a number as a key: an unknown field, skipped.
        use serde::de::value::{Error, MapDeserializer};
        let numbered = MapDeserializer::<_, Error>::new(vec![(9u64, 5u32), (0, 6)].into_iter());
        let error = S::deserialize(numbered).unwrap_err().to_string();
        assert_eq!(error, "missing field `id`");
    }

    #[test]
    fn errors_keep_serdes_words() {
        let error = |json: &str| serde_json::from_str::<S>(json).unwrap_err().to_string();
        assert!(error(r#"{"name":"n"}"#).starts_with("missing field `id`"));
        assert!(error(r#"{"id":1,"id":2}"#).starts_with("duplicate field `id`"));
        assert!(error(r#"{"id":1,"text":"a","text":"b"}"#).starts_with("duplicate field `text`"));
        assert!(error(r#"[1]"#).contains("expected struct S"));
        assert!(error(r#"null"#).contains("expected struct S"));
        assert!(error(r#"{"id":"1"}"#).starts_with("invalid type: string \"1\", expected u32"));
        assert!(error(r#"{"id":1,"text":true}"#).contains("invalid type: boolean `true`"));
    }
}

//! The pieces of a generated struct's `Serialize`: a field always written, and an optional one
//! written only when it has a value (skipped as `#[serde(skip_serializing_if =
//! "Option::is_none")]` skips it).
//!
//! The generator prints a struct's `Serialize` rather than deriving it, as it does its
//! `Deserialize` (see [`de`](crate::de)): the same calls as the derive's, without its wrapping,
//! in a fraction of the build time.

use serde::ser::SerializeStruct;
use serde::Serialize;

/// Writes the field `name`.
#[inline]
pub fn field<S: SerializeStruct, T: Serialize + ?Sized>(
    state: &mut S,
    name: &'static str,
    value: &T,
) -> Result<(), S::Error> {
    state.serialize_field(name, value)
}

/// Writes the field `name` if it has a value, else tells the format it is skipped.
#[inline]
pub fn optional<S: SerializeStruct, T: Serialize>(
    state: &mut S,
    name: &'static str,
    value: &Option<T>,
) -> Result<(), S::Error> {
    match value {
        Some(value) => state.serialize_field(name, value),
        None => state.skip_field(name),
    }
}

/// How many of `values` are set: for the field count a struct announces.
#[inline]
pub fn count(values: &[bool]) -> usize {
    values.iter().filter(|set| **set).count()
}

/// Ends the struct.
#[inline]
pub fn end<S: SerializeStruct>(state: S) -> Result<S::Ok, S::Error> {
    state.end()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serializer;

    /// What the generator prints, written out by hand.
    struct S {
        id: u32,
        note: Option<String>,
        name: Option<String>,
    }

    impl Serialize for S {
        fn serialize<Z: Serializer>(&self, serializer: Z) -> Result<Z::Ok, Z::Error> {
            let mut state = serializer.serialize_struct("S", 2 + count(&[self.name.is_some()]))?;
            field(&mut state, "id", &self.id)?;
            field(&mut state, "note", &self.note)?;
            optional(&mut state, "name", &self.name)?;
            end(state)
        }
    }

    #[test]
    fn optional_fields_are_omitted_and_nullable_ones_are_null() {
        let s = S {
            id: 1,
            note: None,
            name: None,
        };
        assert_eq!(
            serde_json::to_string(&s).unwrap(),
            r#"{"id":1,"note":null}"#
        );
        let s = S {
            id: 2,
            note: Some("n".into()),
            name: Some("m".into()),
        };
        assert_eq!(
            serde_json::to_string(&s).unwrap(),
            r#"{"id":2,"note":"n","name":"m"}"#
        );
    }
}

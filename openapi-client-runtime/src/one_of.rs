//! Choosing the variant of a `oneOf` from the JSON value itself. `serde(untagged)` would take the
//! first variant that decodes, and a variant whose fields are all optional decodes from any
//! object: `{"express":true}` would become the first variant, empty. Here the variant
//! is the one that has its required properties and recognises the most keys present (keys no
//! variant declares, which a newer server may add, do not count); ties and misfits are kept as
//! raw JSON by the caller.

use serde_json::Value;

/// What a JSON value must look like to be one variant.
#[derive(Debug, Clone, Copy)]
pub enum Shape {
    /// An object. With `properties` empty, any object (a map); otherwise every `required` key
    /// must be present and at least one key must be one of `properties`.
    Object {
        /// Declared properties.
        properties: &'static [&'static str],
        /// Required properties.
        required: &'static [&'static str],
    },
    /// A JSON string.
    String,
    /// A JSON integer.
    Integer,
    /// Any JSON number.
    Number,
    /// A JSON boolean.
    Boolean,
    /// A JSON array.
    Array,
    /// Anything (matched only when nothing else is).
    Any,
}

/// The discriminator property and its `(value, variant index)` mapping.
pub type Discriminator = Option<(&'static str, &'static [(&'static str, usize)])>;

/// The index of the one variant `value` fits best, or `None` when none fits or several fit
/// equally well.
pub fn select(value: &Value, shapes: &[Shape], discriminator: Discriminator) -> Option<usize> {
    if let (Some((property, mapping)), Value::Object(map)) = (discriminator, value) {
        if let Some(Value::String(tag)) = map.get(property) {
            return mapping.iter().find(|(v, _)| v == tag).map(|(_, i)| *i);
        }
    }
    let mut best: Option<(usize, usize)> = None;
    let mut tied = false;
    for (index, shape) in shapes.iter().enumerate() {
        let Some(score) = score(shape, value) else {
            continue;
        };
        match best {
            Some((_, top)) if score < top => {}
            Some((_, top)) if score == top => tied = true,
            _ => {
                best = Some((index, score));
                tied = false;
            }
        }
    }
    if tied {
        None
    } else {
        best.map(|(index, _)| index)
    }
}

/// How well `value` fits `shape` (higher is better), or `None` if it does not fit.
fn score(shape: &Shape, value: &Value) -> Option<usize> {
    match (shape, value) {
        (
            Shape::Object {
                properties,
                required,
            },
            Value::Object(map),
        ) => {
            if !required.iter().all(|r| map.contains_key(*r)) {
                return None;
            }
            if properties.is_empty() {
                return Some(1);
            }
            // Keys the variant does not declare are allowed (a server may add fields, which
            // decoding ignores), but a variant must recognise at least one key.
            // `null` members say nothing about which variant it is: `{"a": null}` scores as
            // `{}`. (A required key must be there, even if `null`: the spec may allow it.)
            let known = map
                .iter()
                .filter(|(k, v)| !v.is_null() && properties.contains(&k.as_str()))
                .count();
            if known == 0 {
                return None;
            }
            Some(2 + known)
        }
        (Shape::String, Value::String(_))
        | (Shape::Boolean, Value::Bool(_))
        | (Shape::Array, Value::Array(_)) => Some(2),
        (Shape::Integer, Value::Number(n)) if n.is_i64() || n.is_u64() => Some(3),
        (Shape::Number, Value::Number(_)) => Some(2),
        (Shape::Any, _) => Some(0),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const SHAPES: &[Shape] = &[
        Shape::Object {
            properties: &["allowLetterPost", "carrier"],
            required: &[],
        },
        Shape::Object {
            properties: &["express"],
            required: &[],
        },
    ];

    #[test]
    fn picks_by_present_properties() {
        assert_eq!(select(&json!({"express": true}), SHAPES, None), Some(1));
        assert_eq!(
            select(&json!({"allowLetterPost": true}), SHAPES, None),
            Some(0)
        );
        assert_eq!(
            select(
                &json!({"allowLetterPost": true, "carrier": "acme"}),
                SHAPES,
                None
            ),
            Some(0)
        );
        assert_eq!(select(&json!({"somethingNew": 1}), SHAPES, None), None);
        assert_eq!(
            select(
                &json!({"allowLetterPost": true, "express": true}),
                SHAPES,
                None
            ),
            None
        );
        assert_eq!(select(&json!({}), SHAPES, None), None);
        assert_eq!(select(&json!("text"), SHAPES, None), None);
        // A key the spec does not declare (a newer server's) does not hide the variant.
        assert_eq!(
            select(&json!({"express": true, "expeditedFee": 500}), SHAPES, None),
            Some(1)
        );
        // The variant recognising more of the keys wins.
        let overlapping = &[
            Shape::Object {
                properties: &["a", "b"],
                required: &[],
            },
            Shape::Object {
                properties: &["a", "c", "d"],
                required: &[],
            },
        ];
        assert_eq!(
            select(&json!({"a": 1, "c": 2, "x": 3}), overlapping, None),
            Some(1)
        );
        assert_eq!(select(&json!({"a": 1, "x": 3}), overlapping, None), None);
        // `null` members do not count: re-encoding a variant whose fields are all unset gives
        // `{}`, which must decode the same way as the value it came from.
        assert_eq!(
            select(&json!({"allowLetterPost": null}), SHAPES, None),
            None
        );
        assert_eq!(
            select(&json!({"a": null, "c": null, "b": 1}), overlapping, None),
            Some(0)
        );
    }

    #[test]
    fn discriminator_and_scalars() {
        let shapes = &[
            Shape::Object {
                properties: &["kind", "a"],
                required: &["kind"],
            },
            Shape::Object {
                properties: &["kind", "b"],
                required: &["kind"],
            },
        ];
        let mapping: &'static [(&'static str, usize)] = &[("A", 0), ("B", 1)];
        assert_eq!(
            select(
                &json!({"kind": "B", "a": 1}),
                shapes,
                Some(("kind", mapping))
            ),
            Some(1)
        );
        let scalars = &[Shape::Number, Shape::Integer, Shape::String];
        assert_eq!(select(&json!(3), scalars, None), Some(1));
        assert_eq!(select(&json!(3.5), scalars, None), Some(0));
        assert_eq!(select(&json!("x"), scalars, None), Some(2));
    }
}

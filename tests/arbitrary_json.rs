//! proptest strategies for JSON values that fit a generated model, read from the shapes table
//! [`crate::models::SCHEMAS`]: required fields present, optional ones absent, `null` or set,
//! numbers in the string fields the SDK reads leniently, enum values from the spec, one variant
//! of each `oneOf`. With [`Options::extras`](crate::arbitrary_json::Options::extras), objects also carry properties no spec declares;
//! with [`Options::unknown_enums`](crate::arbitrary_json::Options::unknown_enums), enums also take values the spec does not list.

use std::sync::OnceLock;

use proptest::prelude::*;
use proptest::strategy::Union;
use serde_json::{Map, Value};

/// Nesting depth after which optional fields are left out and lists and maps are empty.
const MAX_DEPTH: u32 = 4;
/// Every property added by [`Options::extras`](crate::arbitrary_json::Options::extras) starts with this; no spec property does.
pub const EXTRA_PREFIX: &str = "zzExtra_";

/// What else the values may hold besides what the spec describes.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Objects get up to three properties the spec does not declare.
    pub extras: bool,
    /// Enums take values the spec does not list (a newer server's).
    pub unknown_enums: bool,
}

fn shapes() -> &'static Map<String, Value> {
    static SHAPES: OnceLock<Map<String, Value>> = OnceLock::new();
    SHAPES.get_or_init(|| {
        let shapes: Map<String, Value> =
            serde_json::from_str(crate::models::SCHEMAS).expect("the shapes table is JSON");
        for (name, shape) in &shapes {
            for field in shape["fields"].as_array().into_iter().flatten() {
                let wire = field["wire"].as_str().unwrap_or_default();
                assert!(
                    !wire.starts_with(EXTRA_PREFIX),
                    "{name}.{wire} clashes with the extra-property prefix"
                );
            }
        }
        shapes
    })
}

/// Values of the generated model `name`.
pub fn model(name: &str, options: Options) -> BoxedStrategy<Value> {
    assert!(shapes().contains_key(name), "no model {name}");
    named(name, 0, options)
}

fn number(n: impl Into<serde_json::Number>) -> Value {
    Value::Number(n.into())
}

fn float() -> BoxedStrategy<Value> {
    any::<f64>()
        .prop_filter_map("finite", |x| {
            serde_json::Number::from_f64(x).map(Value::Number)
        })
        .boxed()
}

/// Any JSON, a little nested.
fn any_json() -> BoxedStrategy<Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(number),
        float(),
        ".{0,8}".prop_map(Value::String),
    ];
    leaf.prop_recursive(2, 12, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..3).prop_map(Value::Array),
            prop::collection::btree_map("[a-z]{1,6}", inner, 0..3)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
    .boxed()
}

/// `ty` with its strings read leniently: the spec's examples put numbers there, and the SDK
/// keeps their text.
fn lenient(ty: &Value) -> Value {
    match ty {
        Value::String(t) if t == "string" => Value::String("lenient_string".into()),
        Value::Object(t) => Value::Object(
            t.iter()
                .map(|(k, v)| (k.clone(), if k == "named" { v.clone() } else { lenient(v) }))
                .collect(),
        ),
        other => other.clone(),
    }
}

fn of_type(ty: &Value, depth: u32, options: Options) -> BoxedStrategy<Value> {
    let size = if depth >= MAX_DEPTH { 0..1 } else { 0..4 };
    match ty {
        Value::String(t) => match t.as_str() {
            "string" => ".{0,12}".prop_map(Value::String).boxed(),
            "lenient_string" => prop_oneof![
                ".{0,12}".prop_map(Value::String),
                any::<i64>().prop_map(number),
                float(),
            ]
            .boxed(),
            "i8" => any::<i8>().prop_map(number).boxed(),
            "i16" => any::<i16>().prop_map(number).boxed(),
            "i32" => any::<i32>().prop_map(number).boxed(),
            "i64" => any::<i64>().prop_map(number).boxed(),
            "u8" => any::<u8>().prop_map(number).boxed(),
            "u16" => any::<u16>().prop_map(number).boxed(),
            "u32" => any::<u32>().prop_map(number).boxed(),
            "u64" => any::<u64>().prop_map(number).boxed(),
            "f64" => float(),
            "bool" => any::<bool>().prop_map(Value::Bool).boxed(),
            "json" => any_json(),
            "json_object" => prop::collection::btree_map("[a-z]{1,6}", any_json(), size)
                .prop_map(|m| Value::Object(m.into_iter().collect()))
                .boxed(),
            "year_month" => "(19|20)[0-9]{2}(0[1-9]|1[0-2])"
                .prop_map(Value::String)
                .boxed(),
            other => panic!("unknown type {other} in the shapes table"),
        },
        Value::Object(t) => {
            if let Some(item) = t.get("vec") {
                prop::collection::vec(of_type(item, depth + 1, options), size)
                    .prop_map(Value::Array)
                    .boxed()
            } else if let Some(item) = t.get("map") {
                prop::collection::btree_map(
                    "[a-zA-Z0-9_]{1,8}",
                    of_type(item, depth + 1, options),
                    size,
                )
                .prop_map(|m| Value::Object(m.into_iter().collect()))
                .boxed()
            } else if let Some(Value::String(name)) = t.get("named") {
                named(name, depth + 1, options)
            } else {
                panic!("unknown type {ty} in the shapes table")
            }
        }
        _ => panic!("unknown type {ty} in the shapes table"),
    }
}

fn named(name: &str, depth: u32, options: Options) -> BoxedStrategy<Value> {
    let shape = &shapes()[name];
    match shape["kind"].as_str() {
        Some("struct") => object(shape["fields"].as_array().unwrap(), depth, options),
        Some("enum") => {
            let known: Vec<Value> = shape["values"].as_array().unwrap().clone();
            let listed = prop::sample::select(known.clone()).boxed();
            if options.unknown_enums {
                let unknown = "[a-z][a-zA-Z0-9_]{0,10}"
                    .prop_filter("not a listed value", move |v| {
                        !known.iter().any(|k| k.as_str() == Some(v))
                    })
                    .prop_map(Value::String);
                prop_oneof![listed, unknown].boxed()
            } else {
                listed
            }
        }
        Some("one_of") => {
            let discriminator = shape["discriminator"].clone();
            let variants: Vec<BoxedStrategy<Value>> = shape["variants"]
                .as_array()
                .unwrap()
                .iter()
                .enumerate()
                .map(|(index, ty)| {
                    let tag = discriminator["mapping"]
                        .as_array()
                        .and_then(|m| m.iter().find(|pair| pair[1] == index))
                        .map(|pair| (discriminator["property"].clone(), pair[0].clone()));
                    of_type(ty, depth, options)
                        .prop_map(move |mut value| {
                            if let (Some((Value::String(p), tag)), Value::Object(map)) =
                                (&tag, &mut value)
                            {
                                map.insert(p.clone(), tag.clone());
                            }
                            value
                        })
                        .boxed()
                })
                .collect();
            Union::new(variants).boxed()
        }
        other => panic!("unknown kind {other:?} of {name}"),
    }
}

/// An object with the struct's fields, each present, absent or `null` as the spec allows.
fn object(fields: &[Value], depth: u32, options: Options) -> BoxedStrategy<Value> {
    let entries: Vec<BoxedStrategy<Option<(String, Value)>>> = fields
        .iter()
        .map(|field| {
            let wire = field["wire"].as_str().unwrap().to_owned();
            let required = field["required"] == true || field["default"] == true;
            let nullable = field["nullable"] == true;
            let ty = if field["lenient"] == true {
                lenient(&field["ty"])
            } else {
                field["ty"].clone()
            };
            let value = of_type(&ty, depth, options);
            let wire2 = wire.clone();
            let present = value.prop_map(move |v| Some((wire2.clone(), v)));
            let null = Just(Some((wire, Value::Null)));
            match (required, nullable) {
                (true, false) => present.boxed(),
                (true, true) => prop_oneof![present, null].boxed(),
                (false, _) if depth >= MAX_DEPTH => Just(None).boxed(),
                (false, _) => prop_oneof![2 => present, 1 => Just(None), 1 => null].boxed(),
            }
        })
        .collect();
    let extras = if options.extras {
        prop::collection::btree_map(
            proptest::string::string_regex(&format!("{EXTRA_PREFIX}[a-zA-Z]{{1,6}}"))
                .expect("a valid pattern"),
            any_json(),
            0..3,
        )
        .boxed()
    } else {
        Just(Default::default()).boxed()
    };
    (entries, extras)
        .prop_map(|(entries, extras)| {
            let mut map: Map<String, Value> = entries.into_iter().flatten().collect();
            map.extend(extras);
            Value::Object(map)
        })
        .boxed()
}

/// The object variant of a `oneOf` that `value` fits best, by the SDK's rule: its required
/// properties present, and the most non-`null` properties it declares (at least one), alone.
fn chosen_variant<'a>(variants: &'a [Value], value: &Value) -> Option<&'a str> {
    let Value::Object(map) = value else {
        return None;
    };
    let mut best: Option<(&str, usize)> = None;
    let mut tied = false;
    for variant in variants {
        let Some(name) = variant["named"].as_str() else {
            continue;
        };
        let shape = &shapes()[name];
        let Some(fields) = shape["fields"].as_array() else {
            continue;
        };
        let declared = |key: &str| fields.iter().any(|f| f["wire"] == key);
        let required_present = fields
            .iter()
            .filter(|f| f["required"] == true)
            .all(|f| map.contains_key(f["wire"].as_str().unwrap_or_default()));
        let known = map
            .iter()
            .filter(|(k, v)| !v.is_null() && declared(k))
            .count();
        if !required_present || known == 0 {
            continue;
        }
        match best {
            Some((_, top)) if known < top => {}
            Some((_, top)) if known == top => tied = true,
            _ => {
                best = Some((name, known));
                tied = false;
            }
        }
    }
    if tied {
        None
    } else {
        best.map(|(name, _)| name)
    }
}

/// Checks that `encoded`, the SDK's encoding of `input` decoded as the model `name`, keeps
/// everything `input` says that the model knows: every property with a value (`null` means
/// unset), numbers in lenient string fields as text that reads back as the same number, raw
/// JSON exactly. Properties the spec does not declare ([`EXTRA_PREFIX`]) must be gone from
/// typed objects. The expectation comes from the shapes table, not from the SDK.
pub fn conforms(name: &str, input: &Value, encoded: &Value) -> Result<(), String> {
    conforms_to(
        &serde_json::json!({ "named": name }),
        false,
        input,
        encoded,
        "$",
    )
}

fn conforms_to(
    ty: &Value,
    lenient: bool,
    input: &Value,
    encoded: &Value,
    at: &str,
) -> Result<(), String> {
    let mismatch = || Err(format!("at {at}: input {input}, encoded {encoded}"));
    match ty {
        Value::String(t) => match (t.as_str(), input, encoded) {
            ("string", Value::Number(n), Value::String(text)) if lenient => {
                // Integers keep their digits; floats read back as the same number.
                let same = if n.is_f64() {
                    text.parse::<f64>().ok() == n.as_f64()
                } else {
                    text == &n.to_string()
                };
                if same {
                    Ok(())
                } else {
                    mismatch()
                }
            }
            _ if input == encoded => Ok(()),
            _ => mismatch(),
        },
        Value::Object(t) => {
            if let Some(item) = t.get("vec") {
                match (input, encoded) {
                    (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
                        for (i, (x, y)) in a.iter().zip(b).enumerate() {
                            conforms_to(item, lenient, x, y, &format!("{at}[{i}]"))?;
                        }
                        Ok(())
                    }
                    _ => mismatch(),
                }
            } else if let Some(item) = t.get("map") {
                match (input, encoded) {
                    (Value::Object(a), Value::Object(b)) if a.len() == b.len() => {
                        for (k, x) in a {
                            let Some(y) = b.get(k) else { return mismatch() };
                            conforms_to(item, lenient, x, y, &format!("{at}.{k}"))?;
                        }
                        Ok(())
                    }
                    _ => mismatch(),
                }
            } else if let Some(Value::String(name)) = t.get("named") {
                let shape = &shapes()[name.as_str()];
                match shape["kind"].as_str() {
                    Some("struct") => {
                        let (Value::Object(a), Value::Object(b)) = (input, encoded) else {
                            return mismatch();
                        };
                        let fields = shape["fields"].as_array().unwrap();
                        if let Some(k) = b.keys().find(|k| a.get(*k).is_none_or(Value::is_null)) {
                            return Err(format!(
                                "at {at}: `{k}` is in the encoding, not in the input {input}"
                            ));
                        }
                        for (k, x) in a {
                            if x.is_null() {
                                continue;
                            }
                            let field = fields.iter().find(|f| f["wire"] == k.as_str());
                            match (field, b.get(k)) {
                                // Undeclared (a newer server's): dropped, as it must be.
                                (None, None) if k.starts_with(EXTRA_PREFIX) => {}
                                (None, None) => {
                                    return Err(format!(
                                        "at {at}: `{k}` is not a property of {name}"
                                    ))
                                }
                                (None, Some(_)) => {
                                    return Err(format!("at {at}: undeclared `{k}` was kept"))
                                }
                                (Some(_), None) => {
                                    return Err(format!(
                                        "at {at}: `{k}` was lost: input {input}, encoded {encoded}"
                                    ))
                                }
                                (Some(field), Some(y)) => conforms_to(
                                    &field["ty"],
                                    field["lenient"] == true,
                                    x,
                                    y,
                                    &format!("{at}.{k}"),
                                )?,
                            }
                        }
                        Ok(())
                    }
                    Some("enum") if input == encoded => Ok(()),
                    Some("one_of") => {
                        let variants = shape["variants"].as_array().unwrap();
                        // Kept whole as raw JSON (`Other`), or decoded as one of the variants.
                        // Raw is right only when no variant fits better than the others, or
                        // the one that does cannot decode the value.
                        let bytes = serde_json::to_vec(input).unwrap();
                        let raw = match crate::models::round_trip(name, &bytes) {
                            Some(Ok(trip)) => trip.debug.starts_with("Other("),
                            _ => return Err(format!("at {at}: {name} does not decode {input}")),
                        };
                        if raw {
                            if let Some(variant) = chosen_variant(variants, input) {
                                if let Some(Ok(_)) = crate::models::round_trip(variant, &bytes) {
                                    return Err(format!(
                                        "at {at}: kept raw, but it is a {variant}, which decodes it: {input}"
                                    ));
                                }
                            }
                            return if input == encoded { Ok(()) } else { mismatch() };
                        }
                        let fits = variants
                            .iter()
                            .map(|v| conforms_to(v, lenient, input, encoded, at))
                            .collect::<Vec<_>>();
                        if fits.iter().any(Result::is_ok) {
                            Ok(())
                        } else {
                            Err(format!("at {at}: fits no variant: {fits:?}"))
                        }
                    }
                    _ => mismatch(),
                }
            } else {
                mismatch()
            }
        }
        _ => mismatch(),
    }
}

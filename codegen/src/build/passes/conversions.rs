//! Pass 7b: conversions between structs of nearly the same shape, so that a value read from a
//! response can be sent in a request in a line (`ShippingAddressModel::from(response)`).
//!
//! `From<S> for T` is generated when `S` is received (in a response, or inside one) and `T` is
//! sent (a request body, or inside one), and `S` carries most of `T`, field by field, by property
//! name: every required field of `T` is in `S`; every field of `T` that `S` has holds the same
//! type there (an `S` field that is required and `T`'s optional one becomes `Some`); and `S` has
//! at least three quarters of `T`'s fields, and at least [`MIN_SHARED`]. `T`'s other (optional)
//! fields are `None`, and what `S` has beyond `T` is dropped. The rule looks at `T`'s fields only,
//! so fields added to `S` (as responses grow) never take a conversion away.
//!
//! Look-alikes convert into nothing: when two of `T`'s sources, or two of `S`'s targets, have
//! the same fields (names and types), which one is meant cannot be told, and none of them is
//! kept. This also keeps the number of conversions near the number of types: copies of one
//! shape (a spec that repeats a schema per resource) would otherwise convert pairwise.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{Conversion, Field, FieldSource, TypeDef, TypeKind, TypeRef};

/// The fewest fields a conversion carries over: below this, two types sharing an `id` and a
/// `name` would convert into each other.
const MIN_SHARED: usize = 3;

/// A struct's fields as far as conversions go: name, type, optional.
type Shape<'a> = Vec<(&'a str, &'a TypeRef, bool, bool)>;

fn shape(fields: &[Field]) -> Shape<'_> {
    fields
        .iter()
        .map(|f| (f.wire_name.as_str(), &f.ty, f.boxed, f.is_option()))
        .collect()
}

/// Fills in each struct's `conversions`: the structs it converts from (sorted, itself left out).
/// `sent` and `received` name the types that travel in requests and in responses.
pub(crate) fn find_conversions(
    types: &mut BTreeMap<String, TypeDef>,
    sent: &BTreeSet<String>,
    received: &BTreeSet<String>,
) {
    let structs: BTreeMap<&String, &Vec<Field>> = types
        .iter()
        .filter_map(|(name, def)| match &def.kind {
            TypeKind::Struct { fields, .. } => Some((name, fields)),
            _ => None,
        })
        .collect();
    let mut pairs: Vec<Pair<'_>> = Vec::new();
    for (target, target_fields) in structs.iter().filter(|(n, _)| sent.contains(**n)) {
        for (source, source_fields) in structs.iter().filter(|(n, _)| received.contains(**n)) {
            if target == source {
                continue;
            }
            if let Some(fields) = conversion(source_fields, target_fields) {
                pairs.push((target, source, fields));
            }
        }
    }
    // Look-alikes: a target with two sources of one shape, or a source with two targets of one
    // shape, keeps neither.
    let by_target = ambiguous(&pairs, &structs, |(t, s, _)| (t, s));
    let by_source = ambiguous(&pairs, &structs, |(t, s, _)| (s, t));
    let mut found: BTreeMap<String, Vec<Conversion>> = BTreeMap::new();
    for (i, (target, source, fields)) in pairs.iter().enumerate() {
        if by_target[i] || by_source[i] {
            continue;
        }
        found
            .entry((*target).clone())
            .or_default()
            .push(Conversion {
                from: (*source).clone(),
                fields: fields.clone(),
            });
    }
    for (target, sources) in found {
        if let Some(TypeDef {
            kind: TypeKind::Struct { conversions, .. },
            ..
        }) = types.get_mut(&target)
        {
            *conversions = sources;
        }
    }
}

type Pair<'a> = (&'a String, &'a String, Vec<FieldSource>);

/// For each pair, whether another pair has the same key (`key` gives the key and the other
/// struct) and another struct of the same shape.
fn ambiguous<'a>(
    pairs: &[Pair<'a>],
    structs: &BTreeMap<&'a String, &'a Vec<Field>>,
    key: impl Fn(&Pair<'a>) -> (&'a String, &'a String),
) -> Vec<bool> {
    let mut seen: BTreeMap<(&String, Shape<'_>), usize> = BTreeMap::new();
    for pair in pairs {
        let (key, other) = key(pair);
        *seen.entry((key, shape(structs[other]))).or_default() += 1;
    }
    pairs
        .iter()
        .map(|pair| {
            let (key, other) = key(pair);
            seen[&(key, shape(structs[other]))] > 1
        })
        .collect()
}

/// Where each `target` field gets its value from a `source` value, if the rule in the module
/// docs allows the conversion.
fn conversion(source: &[Field], target: &[Field]) -> Option<Vec<FieldSource>> {
    let mut shared = 0;
    let mut fields = Vec::new();
    for t in target {
        let from = match source.iter().find(|s| s.wire_name == t.wire_name) {
            Some(s) => {
                shared += 1;
                field_source(s, t)?
            }
            None if t.is_option() => FieldSource::Absent,
            None => return None,
        };
        fields.push(from);
    }
    (shared >= MIN_SHARED && shared * 4 >= target.len() * 3).then_some(fields)
}

/// How the `source` field's value goes into the `target` field, if it does: the same type (boxed
/// alike), as it is, or in `Some` when only the target is optional.
fn field_source(source: &Field, target: &Field) -> Option<FieldSource> {
    if source.ty != target.ty || source.boxed != target.boxed {
        return None;
    }
    match (source.is_option(), target.is_option()) {
        (false, true) => Some(FieldSource::Wrapped(source.name.clone())),
        (true, false) => None,
        _ => Some(FieldSource::Moved(source.name.clone())),
    }
}

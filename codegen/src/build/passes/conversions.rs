//! Pass 7b: conversions between structs of nearly the same shape, so that a value read from a
//! response can be sent in a request in a line (`ShippingAddressModel::from(response)`).
//!
//! `From<S> for T` is generated when `S` carries most of `T`, field by field, by property name:
//! every required field of `T` is in `S`; every field of `T` that `S` has holds the same type
//! there (an `S` field that is required and `T`'s optional one becomes `Some`); and `S` has at
//! least three quarters of `T`'s fields, and at least [`MIN_SHARED`]. `T`'s other (optional)
//! fields are `None`, and what `S` has beyond `T` is dropped. The rule looks at `T`'s fields only,
//! so fields added to `S` (as responses grow) never take a conversion away.

use std::collections::BTreeMap;

use crate::model::{Conversion, Field, FieldSource, TypeDef, TypeKind};

/// The fewest fields a conversion carries over: below this, two types sharing an `id` and a
/// `name` would convert into each other.
const MIN_SHARED: usize = 3;

/// Fills in each struct's `conversions`: the structs it converts from (sorted, itself left out).
pub(crate) fn find_conversions(types: &mut BTreeMap<String, TypeDef>) {
    let structs: Vec<(&String, &Vec<Field>)> = types
        .iter()
        .filter_map(|(name, def)| match &def.kind {
            TypeKind::Struct { fields, .. } => Some((name, fields)),
            _ => None,
        })
        .collect();
    let mut found: BTreeMap<String, Vec<Conversion>> = BTreeMap::new();
    for (target, target_fields) in &structs {
        for (source, source_fields) in &structs {
            if target == source {
                continue;
            }
            if let Some(fields) = conversion(source_fields, target_fields) {
                found
                    .entry((*target).clone())
                    .or_default()
                    .push(Conversion {
                        from: (*source).clone(),
                        fields,
                    });
            }
        }
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

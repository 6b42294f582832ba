//! Pass 3: the name of every type the operations reach.

use std::collections::{BTreeMap, BTreeSet};

use super::super::raw::*;
use super::super::Builder;
use crate::model::ParamLocation;
use crate::names;

impl Builder<'_> {
    /// Names every reachable type (pass 2): components by their schema name, inline types by their
    /// short hint when no other type wants it, by their long hint otherwise. Types left pending
    /// (abandoned by a fallback, or an `allOf` that could not be merged) get no name and are raw JSON.
    pub(crate) fn assign_names(&self, reachable: &BTreeSet<TypeId>) -> BTreeMap<TypeId, String> {
        let mut names: BTreeMap<TypeId, String> = BTreeMap::new();
        let mut taken: BTreeSet<String> = BTreeSet::new();
        let mut components: Vec<(usize, &str, TypeId)> = Vec::new();
        // (short, long, first place it is used, id): sorted, so that equal hints are numbered
        // by where the types are in the spec, not by the order they were met.
        let mut inline: Vec<(String, String, String, TypeId)> = Vec::new();
        for (id, t) in self.types.iter().enumerate() {
            if matches!(t.kind, RawKind::Pending) || !reachable.contains(&id) {
                continue;
            }
            match &t.naming {
                Naming::Component { file, name } => components.push((*file, name, id)),
                Naming::Inline { hints } => {
                    let chosen = preferred_hint(hints);
                    let first = t.origins.iter().next().cloned().unwrap_or_default();
                    inline.push((chosen.short.clone(), chosen.long.clone(), first, id));
                }
            }
        }
        components.sort();
        for (_, name, id) in components {
            let name = names::unique(&names::schema_type_name(name), |n| taken.contains(n));
            taken.insert(name.clone());
            names.insert(id, name);
        }
        inline.sort();
        let mut wanted: BTreeMap<&str, usize> = BTreeMap::new();
        for (short, _, _, _) in &inline {
            *wanted.entry(short.as_str()).or_default() += 1;
        }
        for (short, long, _, id) in &inline {
            let name = if wanted[short.as_str()] == 1 && !taken.contains(short) {
                short.clone()
            } else {
                names::unique(long, |n| taken.contains(n))
            };
            taken.insert(name.clone());
            names.insert(*id, name);
        }
        names
    }
}

/// The hint an inline type is named after: the shortest short name (then the first by order).
pub(crate) fn preferred_hint(hints: &BTreeMap<Hint, Vec<String>>) -> &Hint {
    static EMPTY: std::sync::OnceLock<Hint> = std::sync::OnceLock::new();
    hints
        .keys()
        .min_by(|a, b| a.short.len().cmp(&b.short.len()).then(a.cmp(b)))
        .unwrap_or_else(|| EMPTY.get_or_init(|| Hint::new("", "")))
}

/// The `set_…` twin of a builder setter named `name`.
pub(crate) fn setter_name(name: &str) -> String {
    format!("set_{}", name.trim_start_matches("r#"))
}

pub(crate) fn location_rank(location: ParamLocation) -> u8 {
    match location {
        ParamLocation::Path => 0,
        ParamLocation::Query => 1,
        ParamLocation::Header => 2,
    }
}

/// Identifiers for `wires` (property names, enum values, parameters) that do not depend on their
/// order: a wire name that is already its identifier keeps it, the others are numbered in sorted
/// order. No identifier is in `reserved`; with `setters`, none is `set_` followed by another
/// (parameters get `set_…` twins).
pub(crate) fn stable_idents(
    wires: &[&str],
    base: impl Fn(&str) -> String,
    reserved: &[&str],
    setters: bool,
) -> Vec<String> {
    let mut order: Vec<usize> = (0..wires.len()).collect();
    let exact = |w: &str| base(w).trim_start_matches("r#").trim_end_matches('_') == w;
    order.sort_by_key(|&i| (!exact(wires[i]), wires[i]));
    let mut taken: BTreeSet<String> = reserved.iter().map(|s| s.to_string()).collect();
    let mut idents = vec![String::new(); wires.len()];
    for i in order {
        let ident = names::unique(&base(wires[i]), |n| {
            let bare = n.trim_start_matches("r#");
            taken.contains(n)
                || (setters
                    && (taken.contains(&setter_name(bare))
                        || bare
                            .strip_prefix("set_")
                            .is_some_and(|rest| taken.contains(rest))))
        });
        taken.insert(ident.clone());
        idents[i] = ident;
    }
    idents
}

pub(crate) fn primitive_variant_name(ty: &Raw, index: usize) -> String {
    match ty {
        Raw::String => "String".to_owned(),
        Raw::I32 | Raw::I64 => "Integer".to_owned(),
        Raw::F64 => "Number".to_owned(),
        Raw::Bool => "Boolean".to_owned(),
        Raw::Vec(_) => "Array".to_owned(),
        Raw::Map(_) | Raw::JsonObject => "Object".to_owned(),
        _ => format!("Variant{}", index + 1),
    }
}

/// `ShippingOptionOfNekopos`, `ShippingOptionOfExpeditedShipping` -> `Nekopos`, `ExpeditedShipping`
/// (the common prefix cut at a word boundary; kept whole if that would leave a name empty or
/// starting with a digit).
pub(crate) fn strip_common_prefix(names: &[String]) -> Vec<String> {
    if names.len() < 2 {
        return names.to_vec();
    }
    let first = &names[0];
    let mut len = first.len();
    for other in &names[1..] {
        len = len.min(
            first
                .bytes()
                .zip(other.bytes())
                .take_while(|(a, b)| a == b)
                .count(),
        );
    }
    // Back up to the start of an upper-case word in every name.
    while len > 0
        && !names
            .iter()
            .all(|n| n[len..].starts_with(|c: char| c.is_ascii_uppercase()))
    {
        len -= 1;
    }
    if len == 0 || names.iter().any(|n| n.len() == len || &n[len..] == "Self") {
        return names.to_vec();
    }
    names.iter().map(|n| n[len..].to_owned()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes() {
        let v = |s: &[&str]| s.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            strip_common_prefix(&v(&[
                "ShippingOptionOfNekopos",
                "ShippingOptionOfExpeditedShipping"
            ])),
            v(&["Nekopos", "ExpeditedShipping"])
        );
        assert_eq!(strip_common_prefix(&v(&["Cat", "Dog"])), v(&["Cat", "Dog"]));
        assert_eq!(
            strip_common_prefix(&v(&["PetCat", "Pet"])),
            v(&["PetCat", "Pet"])
        );
    }
}

//! Pass 2: the types the operations use; only these are named and printed.

use std::collections::BTreeSet;

use super::super::raw::*;
use super::super::Builder;

impl Builder<'_> {
    /// The named types used by the operations, directly or through other types. Needs merged
    /// `allOf`s (pass 1): the members of an `allOf` are reached through its fields, not as members.
    pub(crate) fn reachable(&self, operations: &[RawOperation]) -> BTreeSet<TypeId> {
        fn named(raw: &Raw, out: &mut Vec<TypeId>) {
            match raw {
                Raw::Named(id) => out.push(*id),
                Raw::Vec(inner) | Raw::Map(inner) => named(inner, out),
                _ => {}
            }
        }
        let mut stack = Vec::new();
        for op in operations {
            for p in &op.params {
                named(&p.ty, &mut stack);
            }
            if let Some(b) = &op.body {
                named(&b.ty, &mut stack);
            }
            match &op.response {
                RawResponse::Json(t) => named(t, &mut stack),
                RawResponse::ByStatus(statuses) => {
                    for (_, body, _) in statuses {
                        if let RawResponse::Json(t) = body {
                            named(t, &mut stack);
                        }
                    }
                }
                _ => {}
            }
        }
        let mut seen = BTreeSet::new();
        while let Some(id) = stack.pop() {
            if !seen.insert(id) {
                continue;
            }
            match &self.types[id].kind {
                RawKind::Struct(fields) => fields.iter().for_each(|f| named(&f.ty, &mut stack)),
                RawKind::OneOf { variants, .. } => {
                    variants.iter().for_each(|v| named(&v.ty, &mut stack))
                }
                RawKind::Enum(_) | RawKind::AllOf { .. } | RawKind::Pending => {}
            }
        }
        seen
    }
}

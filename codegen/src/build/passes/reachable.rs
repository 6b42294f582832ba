//! Pass 2: the types the operations use; only these are named and printed. Also which of them
//! are sent in requests and which are received in responses, for pass 2b.

use std::collections::BTreeSet;

use super::super::raw::*;
use super::super::Builder;

/// Adds the named types `raw` mentions to `out`.
fn named(raw: &Raw, out: &mut Vec<TypeId>) {
    match raw {
        Raw::Named(id) => out.push(*id),
        Raw::Vec(inner) | Raw::Map(inner) => named(inner, out),
        _ => {}
    }
}

/// The named types the requests of `operations` mention (parameters and bodies).
fn request_roots(operations: &[RawOperation]) -> Vec<TypeId> {
    let mut roots = Vec::new();
    for op in operations {
        for p in &op.params {
            named(&p.ty, &mut roots);
        }
        if let Some(b) = &op.body {
            named(&b.ty, &mut roots);
        }
    }
    roots
}

/// The named types the responses of `operations` mention.
fn response_roots(operations: &[RawOperation]) -> Vec<TypeId> {
    let mut roots = Vec::new();
    for op in operations {
        match &op.response {
            RawResponse::Json(t) => named(t, &mut roots),
            RawResponse::ByStatus(statuses) => {
                for (_, body, _) in statuses {
                    if let RawResponse::Json(t) = body {
                        named(t, &mut roots);
                    }
                }
            }
            _ => {}
        }
    }
    roots
}

impl Builder<'_> {
    /// The named types used by the operations, directly or through other types. Needs merged
    /// `allOf`s (pass 1): the members of an `allOf` are reached through its fields, not as members.
    pub(crate) fn reachable(&self, operations: &[RawOperation]) -> BTreeSet<TypeId> {
        let mut roots = request_roots(operations);
        roots.extend(response_roots(operations));
        self.reach(roots)
    }

    /// The types sent in requests and the types received in responses (a type can be both).
    pub(crate) fn directions(
        &self,
        operations: &[RawOperation],
    ) -> (BTreeSet<TypeId>, BTreeSet<TypeId>) {
        (
            self.reach(request_roots(operations)),
            self.reach(response_roots(operations)),
        )
    }

    /// `roots` and every type they reach through fields and variants.
    fn reach(&self, mut stack: Vec<TypeId>) -> BTreeSet<TypeId> {
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

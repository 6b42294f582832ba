//! Pass 4: the fields and variants that must be boxed because they lead back to their type.

use std::collections::BTreeSet;

use super::super::raw::*;
use super::super::Builder;

impl Builder<'_> {
    /// The (container, contained) pairs that must be boxed: a direct (not via `Vec`/map) use
    /// of a type that leads back to the container. Needs merged `allOf`s (pass 1).
    pub(crate) fn cycles(&self) -> BTreeSet<(TypeId, TypeId)> {
        let direct = |id: TypeId| -> Vec<TypeId> {
            match &self.types[id].kind {
                RawKind::Struct(fields) => fields
                    .iter()
                    .filter_map(|f| {
                        if let Raw::Named(t) = f.ty {
                            Some(t)
                        } else {
                            None
                        }
                    })
                    .collect(),
                RawKind::OneOf { variants, .. } => variants
                    .iter()
                    .filter_map(|v| {
                        if let Raw::Named(t) = v.ty {
                            Some(t)
                        } else {
                            None
                        }
                    })
                    .collect(),
                _ => Vec::new(),
            }
        };
        let reaches = |from: TypeId, to: TypeId| -> bool {
            let mut stack = vec![from];
            let mut seen = BTreeSet::new();
            while let Some(id) = stack.pop() {
                if id == to {
                    return true;
                }
                if seen.insert(id) {
                    stack.extend(direct(id));
                }
            }
            false
        };
        let mut boxed = BTreeSet::new();
        for id in 0..self.types.len() {
            for target in direct(id) {
                if reaches(target, id) {
                    boxed.insert((id, target));
                }
            }
        }
        boxed
    }
}

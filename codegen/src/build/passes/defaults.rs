//! Pass 6: the structs that derive `Default`.

use std::collections::BTreeSet;

use super::super::raw::*;
use super::super::Builder;

impl Builder<'_> {
    /// Structs whose every field has a `Default`, so the struct derives it. Needs the boxed pairs
    /// of pass 4: a required field that leads back to its own struct has no finite default.
    pub(crate) fn defaults(&self, boxed: &BTreeSet<(TypeId, TypeId)>) -> BTreeSet<TypeId> {
        let mut set: BTreeSet<TypeId> = (0..self.types.len())
            .filter(|&id| matches!(self.types[id].kind, RawKind::Struct(_)))
            .collect();
        loop {
            let before = set.len();
            let snapshot = set.clone();
            set.retain(|&id| match &self.types[id].kind {
                RawKind::Struct(fields) => fields.iter().all(|f| {
                    !f.required
                        || f.nullable
                        || match &f.ty {
                            Raw::Named(t) => snapshot.contains(t) && !boxed.contains(&(id, *t)),
                            _ => true,
                        }
                }),
                _ => false,
            });
            if set.len() == before {
                return set;
            }
        }
    }
}

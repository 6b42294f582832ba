//! The rollback journal: what building one operation changed, so that an operation skipped as
//! unsupported leaves the model as if it were not in the spec.

use super::raw::*;
use super::Builder;
use crate::names::Hint;

/// Changes to pre-existing state made while building one operation.
#[derive(Default)]
pub(crate) struct Journal {
    /// Origins and naming hints added to types that already existed.
    pub(crate) reused: Vec<(TypeId, Option<String>, Option<Hint>)>,
    /// Components resolved.
    pub(crate) components: Vec<(usize, String)>,
}

/// Sizes of the builder's growing state before an operation.
pub(crate) struct Checkpoint {
    types: usize,
    examples: usize,
    warnings: usize,
    derived_operation_ids: usize,
}

impl Builder<'_> {
    /// Starts recording what building one operation changes.
    pub(crate) fn checkpoint(&mut self) -> Checkpoint {
        self.journal = Journal::default();
        Checkpoint {
            types: self.types.len(),
            examples: self.examples.len(),
            warnings: self.warnings.len(),
            derived_operation_ids: self.derived_operation_ids.len(),
        }
    }

    /// Undoes everything since `checkpoint`: the types, examples and warnings added, the
    /// deduplication entries and components that point at new types, and the origins and
    /// hints added to older types. A skipped operation leaves the model as if it were not in
    /// the spec.
    pub(crate) fn rollback(&mut self, checkpoint: &Checkpoint) {
        let journal = std::mem::take(&mut self.journal);
        for (id, origin, hint) in journal.reused.into_iter().rev() {
            if id >= checkpoint.types {
                continue;
            }
            let t = &mut self.types[id];
            if let Some(origin) = origin {
                t.origins.remove(&origin);
            }
            if let (Some(hint), Naming::Inline { hints }) = (hint, &mut t.naming) {
                hints.remove(&hint);
            }
        }
        for key in journal.components {
            self.components.remove(&key);
        }
        self.types.truncate(checkpoint.types);
        self.enums.retain(|_, id| *id < checkpoint.types);
        self.one_ofs.retain(|_, id| *id < checkpoint.types);
        self.examples.truncate(checkpoint.examples);
        self.warnings.truncate(checkpoint.warnings);
        self.derived_operation_ids
            .truncate(checkpoint.derived_operation_ids);
        self.resolving.clear();
    }
}

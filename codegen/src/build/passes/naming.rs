//! Pass 3: the name of every type the operations reach.

use std::collections::{BTreeMap, BTreeSet};

use super::super::raw::*;
use super::super::Builder;
use crate::names::{self, Hint};

impl Builder<'_> {
    /// Names every type the operations reach (pass 2), by the rules of [`names::type_names`]:
    /// components by their schema name, inline types by the hint of the place that names them
    /// best (see [`Hint::preferred`]). Types left pending (abandoned by a fallback, or an
    /// `allOf` that could not be merged by pass 1) get no name and are raw JSON.
    pub(crate) fn assign_names(&self, reachable: &BTreeSet<TypeId>) -> BTreeMap<TypeId, String> {
        let mut components: Vec<(usize, &str, TypeId)> = Vec::new();
        // (short, long, first place it is used, id).
        let mut inline: Vec<(String, String, String, TypeId)> = Vec::new();
        for (id, t) in self.types.iter().enumerate() {
            if matches!(t.kind, RawKind::Pending) || !reachable.contains(&id) {
                continue;
            }
            match &t.naming {
                Naming::Component { file, name } => components.push((*file, name, id)),
                Naming::Inline { hints } => {
                    let chosen = Hint::preferred(hints);
                    let first = t.origins.iter().next().cloned().unwrap_or_default();
                    inline.push((chosen.short.clone(), chosen.long.clone(), first, id));
                }
            }
        }
        names::type_names(components, inline)
    }
}

//! Pass 1: every `allOf` becomes the struct of its members' fields.

use std::collections::BTreeMap;

use super::super::raw::*;
use super::super::schemas::unmet_required;
use super::super::Builder;
use crate::location::Location;

/// An `allOf` merged: its fields, and the `required` names (with the place of their entry) that
/// none of its members declares, which an `allOf` it is a member of may still declare.
#[derive(Clone, Default)]
struct Merged {
    fields: Vec<RawField>,
    unmet: Vec<(String, Location)>,
}

impl Builder<'_> {
    /// Turns every `allOf` into the struct of its members' fields, then of the properties
    /// written beside it, each field required if any member or the `allOf` itself requires it
    /// (a `required` name no member declares is a warning at its entry). One that cannot be
    /// merged (a member that is not an object, or an `allOf` containing itself) becomes raw
    /// JSON, with a warning. Runs first: the walk leaves `allOf`s unmerged because a member may
    /// still be in the making when schemas refer to each other, and every later pass expects
    /// structs.
    pub(crate) fn merge_all_ofs(&mut self) {
        let mut done: BTreeMap<TypeId, Option<Merged>> = BTreeMap::new();
        for id in 0..self.types.len() {
            if matches!(self.types[id].kind, RawKind::AllOf { .. }) {
                self.merged_fields(id, &mut done, &mut Vec::new());
            }
        }
        for (id, result) in done {
            match result {
                Some(merged) => {
                    // A name unmet here and in an `allOf` around it is the same warning twice,
                    // which `finish` drops.
                    for (name, at) in &merged.unmet {
                        self.warn(at, unmet_required(name));
                    }
                    self.types[id].kind = RawKind::Struct(merged.fields);
                }
                None => {
                    if let RawKind::AllOf { at, .. } = &self.types[id].kind {
                        let at = at.clone();
                        self.warn(
                            &at,
                            "an `allOf` member is not an object, or the `allOf` contains itself; the whole `allOf` is raw JSON",
                        );
                    }
                    self.types[id].kind = RawKind::Pending;
                }
            }
        }
    }

    /// The merge of type `id` (memoised in `done`; `stack` holds the `allOf`s being merged, to
    /// stop at one containing itself): a struct's own fields, or an `allOf`'s members' fields
    /// then its own, with its `required` names (and those its members lack) applied. `None`
    /// when it cannot be merged.
    fn merged_fields(
        &self,
        id: TypeId,
        done: &mut BTreeMap<TypeId, Option<Merged>>,
        stack: &mut Vec<TypeId>,
    ) -> Option<Merged> {
        if let Some(result) = done.get(&id) {
            return result.clone();
        }
        let (members, own, required) = match &self.types[id].kind {
            RawKind::Struct(fields) => {
                return Some(Merged {
                    fields: fields.clone(),
                    unmet: Vec::new(),
                })
            }
            RawKind::AllOf {
                members,
                own,
                required,
                ..
            } => (members, own, required),
            _ => return None,
        };
        if stack.contains(&id) {
            return None;
        }
        stack.push(id);
        let mut fields: Vec<RawField> = Vec::new();
        let mut wanted = required.clone();
        let mut ok = true;
        for member in members {
            let merged = match member {
                Raw::Named(member_id) => self.merged_fields(*member_id, done, stack),
                Raw::JsonObject => Some(Merged::default()),
                _ => None,
            };
            let Some(merged) = merged else {
                ok = false;
                break;
            };
            add_fields(&mut fields, merged.fields);
            wanted.extend(merged.unmet);
        }
        add_fields(&mut fields, own.iter().cloned());
        stack.pop();
        let result = ok.then(|| {
            let mut unmet = Vec::new();
            for (name, at) in wanted {
                match fields.iter_mut().find(|f| f.wire_name == name) {
                    Some(field) => field.required = true,
                    None => unmet.push((name, at)),
                }
            }
            Merged { fields, unmet }
        });
        done.insert(id, result.clone());
        result
    }
}

/// Adds `more` to `fields`: a property already there stays where it is, required if either
/// requires it.
fn add_fields(fields: &mut Vec<RawField>, more: impl IntoIterator<Item = RawField>) {
    for field in more {
        match fields.iter_mut().find(|f| f.wire_name == field.wire_name) {
            Some(existing) => existing.required |= field.required,
            None => fields.push(field),
        }
    }
}

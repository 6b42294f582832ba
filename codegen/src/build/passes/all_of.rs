//! Pass 1: every `allOf` becomes the struct of its members' fields.

use std::collections::BTreeMap;

use super::super::raw::*;
use super::super::Builder;

impl Builder<'_> {
    /// Turns every `allOf` into the struct of its members' fields; one that cannot be merged
    /// (a member that is not an object, or an `allOf` containing itself) becomes raw JSON, with a
    /// warning. Runs first: the walk leaves `allOf`s unmerged because a member may still be in the
    /// making when schemas refer to each other, and every later pass expects structs.
    pub(crate) fn merge_all_ofs(&mut self) {
        let mut done: BTreeMap<TypeId, Option<Vec<RawField>>> = BTreeMap::new();
        for id in 0..self.types.len() {
            if matches!(self.types[id].kind, RawKind::AllOf { .. }) {
                self.merged_fields(id, &mut done, &mut Vec::new());
            }
        }
        for (id, result) in done {
            match result {
                Some(fields) => self.types[id].kind = RawKind::Struct(fields),
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

    fn merged_fields(
        &self,
        id: TypeId,
        done: &mut BTreeMap<TypeId, Option<Vec<RawField>>>,
        stack: &mut Vec<TypeId>,
    ) -> Option<Vec<RawField>> {
        if let Some(result) = done.get(&id) {
            return result.clone();
        }
        let members = match &self.types[id].kind {
            RawKind::Struct(fields) => return Some(fields.clone()),
            RawKind::AllOf { members, .. } => members,
            _ => return None,
        };
        if stack.contains(&id) {
            return None;
        }
        stack.push(id);
        let mut fields: Vec<RawField> = Vec::new();
        let mut ok = true;
        for member in members {
            let member_fields = match member {
                Raw::Named(member_id) => self.merged_fields(*member_id, done, stack),
                Raw::JsonObject => Some(Vec::new()),
                _ => None,
            };
            let Some(member_fields) = member_fields else {
                ok = false;
                break;
            };
            for field in member_fields {
                match fields.iter_mut().find(|f| f.wire_name == field.wire_name) {
                    Some(existing) => existing.required |= field.required,
                    None => fields.push(field),
                }
            }
        }
        stack.pop();
        let result = ok.then_some(fields);
        done.insert(id, result.clone());
        result
    }
}

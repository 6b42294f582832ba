//! Pass 5: the string fields that must also accept numbers, because the spec's own examples
//! fill them with numbers.

use std::collections::BTreeSet;

use super::super::raw::*;
use super::super::Builder;

/// How many (type, value) steps walking the spec's examples may take in all.
const EXAMPLE_BUDGET: usize = 200_000;

impl Builder<'_> {
    /// The string fields the spec's own examples fill with numbers: (type, property) pairs. Walks
    /// every example the first step recorded against the type it illustrates; needs merged `allOf`s
    /// (pass 1) to find an example's properties in their struct.
    pub(crate) fn lenient_fields(&self) -> BTreeSet<(TypeId, String)> {
        let mut marks = BTreeSet::new();
        let mut budget = EXAMPLE_BUDGET;
        for (raw, example) in &self.examples {
            self.walk_example(raw, example, None, &mut marks, &mut budget, 0);
        }
        marks
    }

    fn walk_example(
        &self,
        raw: &Raw,
        value: &serde_json::Value,
        field: Option<(TypeId, &str)>,
        marks: &mut BTreeSet<(TypeId, String)>,
        budget: &mut usize,
        depth: usize,
    ) {
        use serde_json::Value;
        // `oneOf`s nested in each other could make this exponential, or endless (a `oneOf` is
        // walked without descending into the value): a fixed budget of steps and of depth.
        if *budget == 0 || depth > 64 {
            return;
        }
        *budget -= 1;
        match (raw, value) {
            (Raw::String, Value::Number(_)) => {
                if let Some((id, name)) = field {
                    marks.insert((id, name.to_owned()));
                }
            }
            (Raw::Vec(inner), Value::Array(items)) => {
                for item in items {
                    self.walk_example(inner, item, field, marks, budget, depth + 1);
                }
            }
            (Raw::Map(inner), Value::Object(map)) => {
                for item in map.values() {
                    self.walk_example(inner, item, field, marks, budget, depth + 1);
                }
            }
            (Raw::Named(id), Value::Object(map)) => match &self.types[*id].kind {
                RawKind::Struct(fields) => {
                    for (key, item) in map {
                        if let Some(f) = fields.iter().find(|f| &f.wire_name == key) {
                            self.walk_example(
                                &f.ty,
                                item,
                                Some((*id, key)),
                                marks,
                                budget,
                                depth + 1,
                            );
                        }
                    }
                }
                RawKind::OneOf { variants, .. } => {
                    for v in variants {
                        self.walk_example(&v.ty, value, None, marks, budget, depth + 1);
                    }
                }
                _ => {}
            },
            _ => {}
        }
    }
}

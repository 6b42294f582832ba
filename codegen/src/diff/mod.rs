//! What changed between two versions of a spec, and what that does to the generated Rust API.
//!
//! Both versions are compared as intermediate models: every `$ref` resolved, every name and type
//! decided exactly as the generator would. So a change is judged by its effect on the code users
//! compile against (a new required field is a new struct field without `Option`: breaking), and a
//! schema renamed without changing shape is reported as one rename.

mod compare;
mod markdown;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::*;
use compare::Differ;

/// How a change affects code that uses the generated crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Impact {
    /// Documentation only.
    Docs,
    /// Additions and behaviour changes that compile against existing code.
    Compatible,
    /// Existing code may stop compiling or mean something else.
    Breaking,
}

/// The version bump a set of changes calls for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Nothing that matters to users changed.
    None,
    /// Documentation only.
    Patch,
    /// Compatible additions.
    Minor,
    /// Breaking changes.
    Major,
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Change {
    /// How it affects users.
    pub impact: Impact,
    /// What kind of change it is, as a stable identifier (`field_added_optional`,
    /// `response_type_changed`, …), for tools that compare verdicts.
    pub kind: &'static str,
    /// What changed: `operation getBilling`, `type MonthlyBill`, `field MonthlyBill.amount`…
    pub subject: String,
    /// What happened to it, in a few words.
    pub detail: String,
}

/// Every change between two specs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SpecDiff {
    /// `info.version` of the old spec.
    pub old_version: String,
    /// `info.version` of the new spec.
    pub new_version: String,
    /// The version bump the changes call for.
    pub verdict: Verdict,
    /// The findings, breaking first, then by subject.
    pub changes: Vec<Change>,
}

/// Compares two models built from the old and the new spec.
pub fn diff(old: &Model, new: &Model) -> SpecDiff {
    let mut d = Differ {
        changes: Vec::new(),
        renames: BTreeMap::new(),
        docs: BTreeMap::new(),
    };
    d.types(old, new);
    d.operations(old, new);
    let urls = |m: &Model| {
        m.servers
            .iter()
            .map(|s| s.url.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    if urls(old) != urls(new) {
        d.push(
            "servers_changed",
            Impact::Compatible,
            "servers",
            format!("now {} (was {})", urls(new), urls(old)),
        );
    } else if old.servers != new.servers {
        d.doc("servers".to_owned(), "descriptions");
    }
    for (o, n) in old.specs.iter().zip(&new.specs) {
        if o.title != n.title {
            d.doc("spec info".to_owned(), "title");
        }
        if o.description != n.description {
            d.doc("spec info".to_owned(), "description");
        }
    }
    for (subject, parts) in std::mem::take(&mut d.docs) {
        d.push(
            "docs_changed",
            Impact::Docs,
            &subject,
            format!(
                "documentation changed: {}",
                parts.into_iter().collect::<Vec<_>>().join(", ")
            ),
        );
    }
    let mut changes = d.changes;
    changes.sort_by(|a, b| {
        b.impact
            .cmp(&a.impact)
            .then_with(|| a.subject.cmp(&b.subject))
            .then_with(|| a.detail.cmp(&b.detail))
    });
    changes.dedup();
    let verdict = match changes.iter().map(|c| c.impact).max() {
        None => Verdict::None,
        Some(Impact::Docs) => Verdict::Patch,
        Some(Impact::Compatible) => Verdict::Minor,
        Some(Impact::Breaking) => Verdict::Major,
    };
    SpecDiff {
        old_version: old.api_version.clone(),
        new_version: new.api_version.clone(),
        verdict,
        changes,
    }
}

//! The findings as Markdown, for a pull request or a changelog.

use std::fmt::Write as _;

use super::{Change, Impact, SpecDiff, Verdict};

impl SpecDiff {
    /// The findings as Markdown, for a pull request or a changelog.
    pub fn to_markdown(&self) -> String {
        let mut out = String::new();
        let verdict = match self.verdict {
            Verdict::None => "none (nothing that affects the generated code changed)",
            Verdict::Patch => "**patch** (documentation only)",
            Verdict::Minor => "**minor** (compatible additions)",
            Verdict::Major => "**major** (breaking changes)",
        };
        let _ = writeln!(out, "## API {} → {}\n", self.old_version, self.new_version);
        let _ = writeln!(out, "Verdict: {verdict}.");
        let sections = [
            (Impact::Breaking, "Breaking changes"),
            (Impact::Compatible, "Compatible changes"),
            (Impact::Docs, "Documentation only"),
        ];
        for (impact, title) in sections {
            let items: Vec<&Change> = self.changes.iter().filter(|c| c.impact == impact).collect();
            if items.is_empty() {
                continue;
            }
            let _ = writeln!(out, "\n### {title} ({})\n", items.len());
            for c in items {
                let _ = writeln!(out, "- `{}`: {}", c.subject, c.detail);
            }
        }
        out
    }
}

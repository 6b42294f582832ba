//! `cargo xtask spec-diff OLD NEW --confirm`: spec-diff's verdict checked by a judge nobody here
//! wrote, cargo-semver-checks, run on the crates that standalone mode generates from each spec.
//! spec-diff reads the specs; cargo-semver-checks reads the two crates' public APIs (rustdoc
//! JSON). Where they disagree, one of them is wrong, or cargo-semver-checks has no lint for the
//! change (it has none for a changed return type, for example).

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use codegen::diff::{Impact, SpecDiff, Verdict};

use crate::standalone::{self, Runtime};
use crate::TaskError;

/// How to install the judge.
pub const INSTALL: &str = "cargo install --locked cargo-semver-checks";

/// The line cargo-semver-checks prints when a change needs a new major version.
const MAJOR_MARKER: &str = "semver requires new major version";

/// The package name both generated crates get, so that cargo-semver-checks compares them.
const CRATE_NAME: &str = "spec_confirm";

/// One lint cargo-semver-checks reported as failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lint {
    /// Its identifier (`constructible_struct_adds_field`).
    pub name: String,
    /// Its one-line description.
    pub summary: String,
}

/// What cargo-semver-checks said about the new crate against the old one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Judgement {
    /// Nothing needs a new major version.
    NotBreaking,
    /// These lints failed: a new major version is needed.
    Breaking(Vec<Lint>),
}

/// spec-diff's verdict and cargo-semver-checks' judgement of the same pair.
#[derive(Debug, Clone)]
pub struct Confirmation {
    /// spec-diff's verdict.
    pub ours: Verdict,
    /// cargo-semver-checks' judgement.
    pub theirs: Judgement,
    /// The kinds of spec-diff's breaking findings (`response_type_changed`, …), sorted.
    pub breaking_kinds: Vec<&'static str>,
}

impl Confirmation {
    /// Whether both call the change breaking, or both do not.
    pub fn agrees(&self) -> bool {
        (self.ours == Verdict::Major) == matches!(self.theirs, Judgement::Breaking(_))
    }

    /// The confirmation as Markdown: agreement, or the disagreement with each side's reasons.
    pub fn to_markdown(&self, diff: &SpecDiff) -> String {
        let mut out = String::from("## Confirmed by cargo-semver-checks?\n\n");
        let theirs = match &self.theirs {
            Judgement::NotBreaking => "nothing breaking".to_owned(),
            Judgement::Breaking(lints) => format!(
                "breaking ({})",
                lints
                    .iter()
                    .map(|l| format!("`{}`", l.name))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        let ours = format!("{:?}", self.ours).to_lowercase();
        if self.agrees() {
            let _ = writeln!(
                out,
                "**Agreement.** spec-diff: {ours}; cargo-semver-checks: {theirs}."
            );
            return out;
        }
        let _ = writeln!(
            out,
            "**Disagreement.** spec-diff: {ours}; cargo-semver-checks: {theirs}.\n"
        );
        match &self.theirs {
            Judgement::NotBreaking => {
                let _ = writeln!(
                    out,
                    "spec-diff's breaking findings, which cargo-semver-checks did not flag (it may have no lint for them):"
                );
                for c in diff.changes.iter().filter(|c| c.impact == Impact::Breaking) {
                    let _ = writeln!(out, "- `{}` {}: {}", c.kind, c.subject, c.detail);
                }
            }
            Judgement::Breaking(lints) => {
                let _ = writeln!(
                    out,
                    "cargo-semver-checks' failed lints, for changes spec-diff calls compatible:"
                );
                for lint in lints {
                    let _ = writeln!(out, "- `{}`: {}", lint.name, lint.summary);
                }
            }
        }
        out
    }
}

/// The installed cargo-semver-checks' version line, or `None` when it is not installed.
pub fn installed() -> Option<String> {
    let output = Command::new("cargo")
        .args(["semver-checks", "--version"])
        .output()
        .ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

/// Generates the crates of `old` and `new` under `work` (each depending on this workspace's
/// runtime), runs cargo-semver-checks on them, and compares its judgement with `diff`.
pub fn confirm(
    root: &Path,
    old: &Path,
    new: &Path,
    diff: &SpecDiff,
    work: &Path,
) -> Result<Confirmation, TaskError> {
    if installed().is_none() {
        return Err(TaskError(format!(
            "error: --confirm needs cargo-semver-checks; install it with `{INSTALL}`"
        )));
    }
    let runtime = Runtime::Path(standalone::workspace_runtime(root));
    let mut dirs: Vec<PathBuf> = Vec::new();
    for (spec, side) in [(old, "old"), (new, "new")] {
        let out = work.join(side);
        if out.exists() {
            fs::remove_dir_all(&out)
                .map_err(|e| TaskError(format!("error: cannot clear {}: {e}", out.display())))?;
        }
        standalone::run(spec, &out, CRATE_NAME, &runtime, false, None)?;
        dirs.push(out);
    }
    let output = Command::new("cargo")
        .arg("semver-checks")
        .arg("check-release")
        .arg("--manifest-path")
        .arg(dirs[1].join("Cargo.toml"))
        .arg("--baseline-root")
        .arg(&dirs[0])
        .args(["--release-type", "minor", "--color", "never"])
        .env("CARGO_TARGET_DIR", work.join("target"))
        .output()
        .map_err(|e| TaskError(format!("error: cannot run cargo-semver-checks: {e}")))?;
    let text = format!(
        "{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let theirs = judgement(output.status.success(), &text)?;
    let mut breaking_kinds: Vec<&'static str> = diff
        .changes
        .iter()
        .filter(|c| c.impact == Impact::Breaking)
        .map(|c| c.kind)
        .collect();
    breaking_kinds.sort_unstable();
    breaking_kinds.dedup();
    Ok(Confirmation {
        ours: diff.verdict,
        theirs,
        breaking_kinds,
    })
}

/// Reads cargo-semver-checks' output: success is "not breaking"; a failure with the major-version
/// line is "breaking" with the lints it names (`--- failure NAME: summary ---`); any other
/// failure means the check did not run, and is an error quoting the output's end.
fn judgement(success: bool, output: &str) -> Result<Judgement, TaskError> {
    if success {
        return Ok(Judgement::NotBreaking);
    }
    let lints: Vec<Lint> = output
        .lines()
        .filter_map(|line| {
            let rest = line.trim().strip_prefix("--- failure ")?;
            let rest = rest.strip_suffix("---").unwrap_or(rest).trim();
            let (name, summary) = rest.split_once(':').unwrap_or((rest, ""));
            Some(Lint {
                name: name.trim().to_owned(),
                summary: summary.trim().to_owned(),
            })
        })
        .collect();
    if output.contains(MAJOR_MARKER) || !lints.is_empty() {
        return Ok(Judgement::Breaking(lints));
    }
    let tail: Vec<&str> = output.lines().rev().take(15).collect();
    Err(TaskError(format!(
        "error: cargo-semver-checks did not run to a verdict:\n{}",
        tail.into_iter().rev().collect::<Vec<_>>().join("\n")
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_is_read_as_a_judgement() {
        assert_eq!(judgement(true, "").unwrap(), Judgement::NotBreaking);
        let failed = "     Checking spec_confirm v0.1.0 -> v0.1.0 (no change)\n\
            --- failure constructible_struct_adds_field: externally-constructible struct adds field ---\n\
            \n\
            Description:\n\
            A pub struct constructible with a struct literal has a new pub field.\n\
            --- failure enum_variant_missing: pub enum variant removed or renamed ---\n\
                 Summary semver requires new major version: 2 major and 0 minor checks failed\n";
        assert_eq!(
            judgement(false, failed).unwrap(),
            Judgement::Breaking(vec![
                Lint {
                    name: "constructible_struct_adds_field".into(),
                    summary: "externally-constructible struct adds field".into()
                },
                Lint {
                    name: "enum_variant_missing".into(),
                    summary: "pub enum variant removed or renamed".into()
                },
            ])
        );
        let broken = "error: failed to build rustdoc for crate spec_confirm v0.1.0\nnote: …";
        let err = judgement(false, broken).unwrap_err().0;
        assert!(
            err.contains("did not run to a verdict") && err.contains("failed to build rustdoc"),
            "{err}"
        );
    }
}

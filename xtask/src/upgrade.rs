//! `cargo xtask spec-upgrade NEW.yaml`: a spec upgrade in one command. It judges the change
//! (spec-diff), puts the new file in place of the primary spec, regenerates the SDK, bumps the
//! crate's version by the verdict, writes the CHANGELOG entry, confirms the verdict with
//! cargo-semver-checks when it is installed, and prints a pull-request description.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use codegen::diff::{SpecDiff, Verdict};

use crate::semver::{self, Confirmation};
use crate::{generate_sdk, load_config, read, sync_tree, TaskError};

/// What an upgrade did.
#[derive(Debug)]
pub struct Upgrade {
    /// spec-diff's findings and verdict, old spec against new.
    pub diff: SpecDiff,
    /// The crate's version before and after.
    pub versions: (String, String),
    /// Generated files written or removed, relative to the repository.
    pub touched: Vec<PathBuf>,
    /// cargo-semver-checks' confirmation, when it ran.
    pub confirmation: Option<Confirmation>,
    /// Why it did not run, when it did not.
    pub not_confirmed: Option<String>,
}

/// Upgrades the primary spec of the SDK at `root` to `new_spec`; with `confirm`, the verdict is
/// checked by cargo-semver-checks when it is installed. Nothing is written when the new file
/// does not parse or the SDK would not generate from it.
pub fn spec_upgrade(root: &Path, new_spec: &Path, confirm: bool) -> Result<Upgrade, TaskError> {
    let config = load_config(root)?;
    let primary = root.join("spec").join(&config.primary);
    let work = root.join("target/spec-upgrade");
    fs::create_dir_all(&work)
        .map_err(|e| TaskError(format!("error: cannot create {}: {e}", work.display())))?;
    // The old file is kept for the confirmation, which generates both crates.
    let old_copy = work.join("old.yaml");
    let old_text = read(&primary)?;
    write(&old_copy, &old_text)?;
    let new_text = read(new_spec)?;
    let diff = crate::spec_diff_with(&primary, new_spec, &config.client.settings())?;

    write(&primary, &new_text)?;
    let generated = match generate_sdk(root) {
        Ok(generated) => generated,
        Err(e) => {
            // Put the old spec back: the repository stays as it was.
            write(&primary, &old_text)?;
            return Err(e);
        }
    };
    let (out, generated) = generated;
    let report = sync_tree(&out, &generated.files, &[""], false)?;
    let relative = |p: &Path| p.strip_prefix(root).unwrap_or(p).to_path_buf();
    let mut touched: Vec<PathBuf> = report
        .changed
        .iter()
        .map(|(p, _)| relative(p))
        .chain(report.stale.iter().map(|p| relative(p)))
        .collect();
    touched.sort();

    let manifest = crate_manifest(root, &config.out)?;
    let manifest_text = read(&manifest)?;
    let (old_version, new_version, bumped) = bump_manifest(&manifest_text, diff.verdict)
        .ok_or_else(|| {
            TaskError(format!(
                "error: {} has no `version = \"x.y.z\"` in its [package] table",
                manifest.display()
            ))
        })?;
    write(&manifest, &bumped)?;
    let changelog = root.join("CHANGELOG.md");
    let changelog_text = fs::read_to_string(&changelog).unwrap_or_default();
    write(
        &changelog,
        &with_entry(&changelog_text, &changelog_entry(&new_version, &diff)),
    )?;

    let (confirmation, not_confirmed) = if !confirm {
        (None, Some("skipped (--no-confirm)".to_owned()))
    } else if semver::installed().is_none() {
        (
            None,
            Some(format!(
                "cargo-semver-checks is not installed (`{}`)",
                semver::INSTALL
            )),
        )
    } else {
        let confirmation = semver::confirm(root, &old_copy, new_spec, &diff, &work)?;
        (Some(confirmation), None)
    };
    Ok(Upgrade {
        diff,
        versions: (old_version, new_version),
        touched,
        confirmation,
        not_confirmed,
    })
}

impl Upgrade {
    /// The pull request's description: the verdict, the version bump, the findings, the
    /// confirmation and the generated files touched.
    pub fn description(&self) -> String {
        let d = &self.diff;
        let mut out = format!(
            "# Spec upgrade: Soracom API {} → {}\n\n`soracom-billing` {} → {}, as the verdict says.\n\n",
            d.old_version, d.new_version, self.versions.0, self.versions.1
        );
        out.push_str(&d.to_markdown());
        out.push('\n');
        match (&self.confirmation, &self.not_confirmed) {
            (Some(c), _) => out.push_str(&c.to_markdown(d)),
            (None, Some(why)) => {
                let _ = writeln!(
                    out,
                    "## Confirmed by cargo-semver-checks?\n\nNot run: {why}."
                );
            }
            (None, None) => {}
        }
        let _ = writeln!(
            out,
            "\n## Generated files touched ({})\n",
            self.touched.len()
        );
        for path in &self.touched {
            let _ = writeln!(out, "- `{}`", path.display());
        }
        out
    }
}

fn write(path: &Path, text: &str) -> Result<(), TaskError> {
    fs::write(path, text)
        .map_err(|e| TaskError(format!("error: cannot write {}: {e}", path.display())))
}

/// The `Cargo.toml` of the crate the generated folder `out` belongs to.
fn crate_manifest(root: &Path, out: &str) -> Result<PathBuf, TaskError> {
    root.join(out)
        .ancestors()
        .map(|dir| dir.join("Cargo.toml"))
        .find(|manifest| manifest.is_file())
        .filter(|manifest| manifest.starts_with(root) && manifest != &root.join("Cargo.toml"))
        .ok_or_else(|| {
            TaskError(format!(
                "error: no crate holds {out} under {}",
                root.display()
            ))
        })
}

/// The version after a change with `verdict`, by Cargo's rules: below 1.0 a breaking change
/// bumps the minor number and anything else the patch number; from 1.0, major, minor and patch.
/// `None` for a version that is not `x.y.z`.
pub fn bumped(version: &str, verdict: Verdict) -> Option<String> {
    let mut parts = version.split('.').map(|p| p.parse::<u64>().ok());
    let (major, minor, patch) = (parts.next()??, parts.next()??, parts.next()??);
    if parts.next().is_some() {
        return None;
    }
    let (major, minor, patch) = match (verdict, major) {
        (Verdict::None, _) => (major, minor, patch),
        (Verdict::Major, 0) => (0, minor + 1, 0),
        (Verdict::Major, _) => (major + 1, 0, 0),
        (Verdict::Minor, 0) | (Verdict::Patch, _) => (major, minor, patch + 1),
        (Verdict::Minor, _) => (major, minor + 1, 0),
    };
    Some(format!("{major}.{minor}.{patch}"))
}

/// The manifest with its `[package]` version bumped: (old, new, text).
fn bump_manifest(text: &str, verdict: Verdict) -> Option<(String, String, String)> {
    let mut in_package = false;
    let mut found = None;
    let mut lines: Vec<String> = Vec::new();
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            in_package = trimmed == "[package]";
        }
        let value = trimmed
            .strip_prefix("version")
            .map(str::trim_start)
            .and_then(|rest| rest.strip_prefix('='))
            .map(|v| v.trim().trim_matches('"'));
        match value {
            Some(old) if in_package && found.is_none() => {
                let new = bumped(old, verdict)?;
                lines.push(format!("version = \"{new}\""));
                found = Some((old.to_owned(), new));
            }
            _ => lines.push(line.to_owned()),
        }
    }
    let (old, new) = found?;
    let mut out = lines.join("\n");
    if text.ends_with('\n') {
        out.push('\n');
    }
    Some((old, new, out))
}

/// The CHANGELOG entry of an upgrade: the version, the API versions and spec-diff's findings.
fn changelog_entry(version: &str, diff: &SpecDiff) -> String {
    let findings = diff
        .to_markdown()
        .lines()
        .map(|line| {
            if line.starts_with('#') {
                format!("#{line}")
            } else {
                line.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    format!(
        "## {version} — Soracom API {}\n\nSpec upgrade from {} (`cargo xtask spec-upgrade`):\n\n{}\n\n",
        diff.new_version,
        diff.old_version,
        findings.trim_end()
    )
}

/// `changelog` with `entry` before its first `## ` heading (at the end when it has none).
fn with_entry(changelog: &str, entry: &str) -> String {
    match changelog.find("\n## ") {
        Some(at) => format!("{}\n{entry}{}", &changelog[..at], &changelog[at + 1..]),
        None => format!("{}\n\n{entry}", changelog.trim_end()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_bump_by_cargo_rules() {
        let cases = [
            ("0.2.0", Verdict::Major, "0.3.0"),
            ("0.2.3", Verdict::Minor, "0.2.4"),
            ("0.2.3", Verdict::Patch, "0.2.4"),
            ("0.2.3", Verdict::None, "0.2.3"),
            ("1.4.2", Verdict::Major, "2.0.0"),
            ("1.4.2", Verdict::Minor, "1.5.0"),
            ("1.4.2", Verdict::Patch, "1.4.3"),
        ];
        for (from, verdict, to) in cases {
            assert_eq!(
                bumped(from, verdict).as_deref(),
                Some(to),
                "{from} {verdict:?}"
            );
        }
        assert_eq!(bumped("1.0", Verdict::Patch), None);
        assert_eq!(bumped("1.0.0-beta.1", Verdict::Patch), None);
    }

    #[test]
    fn only_the_package_version_changes() {
        let manifest = "[package]\nname = \"x\"\nversion = \"0.2.0\"\n\n[dependencies]\nfoo = { version = \"1\" }\nversion = \"9.9.9\"\n";
        let (old, new, text) = bump_manifest(manifest, Verdict::Major).unwrap();
        assert_eq!((old.as_str(), new.as_str()), ("0.2.0", "0.3.0"));
        assert_eq!(text, manifest.replace("0.2.0", "0.3.0"));
        assert!(bump_manifest("[package]\nname = \"x\"\n", Verdict::Patch).is_none());
    }

    #[test]
    fn the_entry_goes_before_the_first_release() {
        let changelog = "# Changelog\n\nIntro.\n\n## 0.1.0 — first\n\nText.\n";
        let text = with_entry(changelog, "## 0.1.1 — next\n\nFindings.\n\n");
        assert_eq!(
            text,
            "# Changelog\n\nIntro.\n\n## 0.1.1 — next\n\nFindings.\n\n## 0.1.0 — first\n\nText.\n"
        );
    }
}

//! `cargo xtask spec-upgrade`, run on a copy of the SDK's inputs: the 2025-09 → 2026-06 upgrade
//! (documentation only) puts the file in place, regenerates, bumps the patch version, writes the
//! CHANGELOG entry and describes it all; a file that does not generate leaves everything as it
//! was.

use std::fs;
use std::path::{Path, PathBuf};

use codegen::diff::Verdict;
use xtask::upgrade::{bumped, spec_upgrade};
use xtask::{check_sdk, generate_sdk, repo_root, sync_tree};

fn history(version: &str) -> PathBuf {
    repo_root().join(format!(
        "codegen/tests/fixtures/history/billing-{version}.yaml"
    ))
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A root holding `spec/` (with the 2025-09 billing file as primary), the SDK's manifest, the
/// CHANGELOG, and the code generated from that spec.
fn sdk_at_2025(dir: &Path) -> String {
    let root = repo_root();
    copy_dir(&root.join("spec"), &dir.join("spec"));
    fs::copy(
        history("20250903-043502"),
        dir.join("spec/soracom-billing-api-openapi.yml"),
    )
    .unwrap();
    fs::create_dir_all(dir.join("soracom-billing/src/generated")).unwrap();
    fs::copy(
        root.join("soracom-billing/Cargo.toml"),
        dir.join("soracom-billing/Cargo.toml"),
    )
    .unwrap();
    fs::copy(root.join("CHANGELOG.md"), dir.join("CHANGELOG.md")).unwrap();
    let (out, generated) = generate_sdk(dir).unwrap();
    sync_tree(&out, &generated.files, &[""], false).unwrap();
    check_sdk(dir).unwrap();
    let manifest = fs::read_to_string(dir.join("soracom-billing/Cargo.toml")).unwrap();
    manifest
        .lines()
        .find_map(|l| l.strip_prefix("version = \""))
        .and_then(|v| v.strip_suffix('"'))
        .unwrap()
        .to_owned()
}

#[test]
fn a_documentation_upgrade_in_one_command() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let before = sdk_at_2025(root);
    let new = history("20260604-092803");

    let upgrade = spec_upgrade(root, &new, false).unwrap();

    assert_eq!(upgrade.diff.verdict, Verdict::Patch);
    let expected = bumped(&before, Verdict::Patch).unwrap();
    assert_eq!(upgrade.versions, (before.clone(), expected.clone()));
    // The file is in place and the code is what it generates.
    assert_eq!(
        fs::read(root.join("spec/soracom-billing-api-openapi.yml")).unwrap(),
        fs::read(&new).unwrap()
    );
    check_sdk(root).unwrap();
    // Only the files of the types whose docs changed, and the version constants.
    let touched: Vec<String> = upgrade
        .touched
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    assert_eq!(
        touched,
        [
            "soracom-billing/src/generated/mod.rs",
            "soracom-billing/src/generated/models/resource_initial_setting.rs",
            "soracom-billing/src/generated/models/sim_initial_setting.rs",
        ]
    );
    let manifest = fs::read_to_string(root.join("soracom-billing/Cargo.toml")).unwrap();
    assert!(
        manifest.contains(&format!("\nversion = \"{expected}\"\n")),
        "{manifest}"
    );
    let changelog = fs::read_to_string(root.join("CHANGELOG.md")).unwrap();
    let entry = changelog
        .find(&format!(
            "## {expected} — Soracom API 20260604-092803\n\nSpec upgrade from 20250903-043502"
        ))
        .expect("the new entry");
    let first_release = changelog.find("\n## ").unwrap() + 1;
    assert_eq!(entry, first_release, "the entry comes first");
    assert!(changelog[entry..].contains("Verdict: **patch** (documentation only)."));

    let description = upgrade.description();
    for part in [
        "# Spec upgrade: Soracom API 20250903-043502 → 20260604-092803",
        &format!("`soracom-billing` {before} → {expected}"),
        "Verdict: **patch**",
        "`type SimInitialSetting`: documentation changed: field `speedClass`",
        "Not run: skipped (--no-confirm).",
        "## Generated files touched (3)",
        "- `soracom-billing/src/generated/models/sim_initial_setting.rs`",
    ] {
        assert!(
            description.contains(part),
            "{part:?} not in:\n{description}"
        );
    }
}

#[test]
fn a_file_that_does_not_generate_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    sdk_at_2025(root);
    let spec = root.join("spec/soracom-billing-api-openapi.yml");
    let before = fs::read(&spec).unwrap();
    let manifest_before = fs::read(root.join("soracom-billing/Cargo.toml")).unwrap();
    let bad = root.join("bad.yaml");
    // Parses, but an operation lost its `operationId`: the SDK refuses to invent its name.
    let text = fs::read_to_string(&spec)
        .unwrap()
        .replace("operationId: getBillingHistory", "");
    fs::write(&bad, text).unwrap();

    let err = spec_upgrade(root, &bad, false).unwrap_err();
    assert!(
        err.0.contains("operations without `operationId`"),
        "{}",
        err.0
    );
    assert_eq!(fs::read(&spec).unwrap(), before);
    assert_eq!(
        fs::read(root.join("soracom-billing/Cargo.toml")).unwrap(),
        manifest_before
    );
    check_sdk(root).unwrap();
}

//! spec-diff's verdicts against cargo-semver-checks', over the consecutive pairs of
//! `codegen/tests/fixtures/history/`: they must agree, except where cargo-semver-checks has no
//! lint for the change (listed below by spec-diff's kind).
//!
//! Needs cargo-semver-checks (`cargo install --locked cargo-semver-checks`). Without it the test
//! says so and passes, unless `REQUIRE_SEMVER_CHECKS=1` (as in CI), where it fails.

use std::path::PathBuf;

use codegen::diff::Verdict;
use xtask::semver::{confirm, installed, Judgement, INSTALL};
use xtask::{repo_root, spec_diff};

/// Breaking changes cargo-semver-checks (0.51) has no lint for, by spec-diff's kind: a pair whose
/// breaking findings are all of these kinds may be judged "not breaking" by it.
const NO_LINT: &[(&str, &str)] = &[(
    "response_type_changed",
    "a method's return type changed (`confirmOrder` returned `()`, now `GetOrderResponse`)",
)];

#[test]
fn verdicts_agree_with_cargo_semver_checks_on_the_history() {
    let Some(version) = installed() else {
        assert!(
            std::env::var_os("REQUIRE_SEMVER_CHECKS").is_none_or(|v| v != "1"),
            "cargo-semver-checks is required here: {INSTALL}"
        );
        eprintln!("skipped: cargo-semver-checks is not installed ({INSTALL})");
        return;
    };
    eprintln!("{version}");
    let root = repo_root();
    let dir = root.join("codegen/tests/fixtures/history");
    let mut specs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    specs.sort();
    assert!(specs.len() >= 3, "{specs:?}");
    let work = root.join("target/semver-confirm-test");
    let mut problems = Vec::new();
    for pair in specs.windows(2) {
        let (old, new) = (&pair[0], &pair[1]);
        let diff = spec_diff(old, new).unwrap();
        let confirmation = confirm(&root, old, new, &diff, &work).unwrap();
        let name = format!(
            "{} -> {}",
            old.file_name().unwrap().to_string_lossy(),
            new.file_name().unwrap().to_string_lossy()
        );
        eprintln!("{name}: {}", confirmation.to_markdown(&diff));
        if confirmation.agrees() {
            continue;
        }
        let unseen = diff.verdict == Verdict::Major
            && confirmation.theirs == Judgement::NotBreaking
            && confirmation
                .breaking_kinds
                .iter()
                .all(|kind| NO_LINT.iter().any(|(k, _)| k == kind));
        if !unseen {
            problems.push(format!("{name}:\n{}", confirmation.to_markdown(&diff)));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

//! Every warning the generator gives, on every spec this repository holds, against a snapshot:
//! a new silent fallback (a warning gone) or a new warning fails here, with what changed.
//!
//! The specs are found, not listed: each `codegen/tests/fixtures/*.yaml` (the golden fixtures),
//! each `xtask/tests/fixtures/public/*.yaml` (public specs) and each `spec/*.yml` (the SDK's
//! specs, each alone with every operation), generated through the library with every operation;
//! and the SDK as `cargo xtask generate` builds it from `spec/sdk.toml`. Each has a snapshot
//! `xtask/tests/fixtures/warnings/<group>-<name>.txt` (`fixture-`, `public-`, `spec-`, and
//! `sdk.txt`): one warning a line, `<file>: <pointer>: <message>`, sorted; empty for none.
//!
//! After an intended change, rewrite the snapshots (new specs get one, snapshots of removed
//! specs are deleted) and review the diff:
//!
//! ```sh
//! UPDATE_WARNINGS=1 cargo test -p xtask --test warnings
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use codegen::{OperationFilter, SpecInput, Warning};
use xtask::repo_root;

const COMMAND: &str = "UPDATE_WARNINGS=1 cargo test -p xtask --test warnings";

fn updating() -> bool {
    std::env::var_os("UPDATE_WARNINGS").is_some_and(|v| v == "1")
}

/// `xtask/tests/fixtures/warnings`.
fn snapshots_dir() -> PathBuf {
    repo_root().join("xtask/tests/fixtures/warnings")
}

/// The spec files of a folder of the repository (YAML or JSON), by repository-relative path.
fn spec_files(dir: &str) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = std::fs::read_dir(repo_root().join(dir))
        .unwrap_or_else(|e| panic!("cannot read {dir}: {e}"))
        .flatten()
        .filter(|e| e.path().is_file())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let stem = [".yaml", ".yml", ".json"]
                .iter()
                .find_map(|ext| name.strip_suffix(ext))?
                .to_owned();
            Some((stem, format!("{dir}/{name}")))
        })
        .collect();
    files.sort();
    files
}

/// The lines of a snapshot.
fn lines(warnings: &[Warning]) -> Vec<String> {
    let mut lines: Vec<String> = warnings
        .iter()
        .map(|w| format!("{}: {}: {}", w.file, w.pointer, w.message))
        .collect();
    lines.sort();
    lines
}

/// The warnings of one spec file generated alone, with every operation.
fn warnings_of(file: &str) -> Vec<String> {
    let text = std::fs::read_to_string(repo_root().join(file))
        .unwrap_or_else(|e| panic!("cannot read {file}: {e}"));
    let inputs = [SpecInput {
        file,
        text: &text,
        operations: OperationFilter::All,
    }];
    let model = codegen::model(&inputs).unwrap_or_else(|e| panic!("{file} does not generate: {e}"));
    lines(&model.warnings)
}

/// Every snapshot's expected lines, by snapshot file name.
fn actual() -> BTreeMap<String, Vec<String>> {
    let mut actual = BTreeMap::new();
    for (group, dir) in [
        ("fixture", "codegen/tests/fixtures"),
        ("public", "xtask/tests/fixtures/public"),
        ("spec", "spec"),
    ] {
        for (stem, file) in spec_files(dir) {
            actual.insert(format!("{group}-{stem}.txt"), warnings_of(&file));
        }
    }
    let (_, sdk) = xtask::generate_sdk(&repo_root()).unwrap_or_else(|e| panic!("the SDK: {e}"));
    actual.insert("sdk.txt".to_owned(), lines(&sdk.model.warnings));
    actual
}

fn text(lines: &[String]) -> String {
    lines.iter().map(|l| format!("{l}\n")).collect()
}

#[test]
fn every_spec_gives_the_warnings_of_its_snapshot() {
    let actual = actual();
    let dir = snapshots_dir();
    let existing: Vec<String> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|name| name.ends_with(".txt"))
            .collect(),
        Err(_) => Vec::new(),
    };
    if updating() {
        std::fs::create_dir_all(&dir).expect("snapshot folder");
        for (name, lines) in &actual {
            std::fs::write(dir.join(name), text(lines)).expect("snapshot written");
        }
        for name in existing.iter().filter(|n| !actual.contains_key(*n)) {
            std::fs::remove_file(dir.join(name)).expect("stale snapshot removed");
        }
        return;
    }
    let mut problems = Vec::new();
    for (name, lines) in &actual {
        let path = dir.join(name);
        let Ok(snapshot) = std::fs::read_to_string(&path) else {
            problems.push(format!(
                "{} is missing: its spec has no snapshot of its warnings; create it with \
                 `{COMMAND}` and review it",
                relative(&path)
            ));
            continue;
        };
        let expected: Vec<&str> = snapshot.lines().collect();
        let gone: Vec<&&str> = expected
            .iter()
            .filter(|l| !lines.iter().any(|a| a == **l))
            .collect();
        let new: Vec<&String> = lines
            .iter()
            .filter(|a| !expected.contains(&a.as_str()))
            .collect();
        if gone.is_empty() && new.is_empty() && expected.len() == lines.len() {
            continue;
        }
        let mut problem = format!("{} differs:", relative(&path));
        for line in gone {
            problem.push_str(&format!("\n  - no longer given: {line}"));
        }
        for line in new {
            problem.push_str(&format!("\n  + new: {line}"));
        }
        problems.push(problem);
    }
    for name in existing.iter().filter(|n| !actual.contains_key(*n)) {
        problems.push(format!(
            "{} belongs to no spec; `{COMMAND}` removes it",
            relative(&dir.join(name))
        ));
    }
    assert!(
        problems.is_empty(),
        "the generator's warnings are not those of the snapshots ({} problem(s)):\n\n{}\n\n\
         If the change is intended, rerun with `{COMMAND}` and review the diff.",
        problems.len(),
        problems.join("\n\n")
    );
}

fn relative(path: &Path) -> String {
    path.strip_prefix(repo_root())
        .unwrap_or(path)
        .display()
        .to_string()
}

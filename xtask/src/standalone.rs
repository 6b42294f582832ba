//! `cargo xtask generate --spec FILE --out DIR --name CRATE`: a crate for any OpenAPI 3.0
//! document, depending on the runtime crate. The generator owns `src/generated/` and one
//! delimited section of `Cargo.toml`; `Cargo.toml` and `src/lib.rs` are written only when
//! missing, and nothing else in the folder is touched.

use std::fmt::Write as _;
use std::fs;
use std::path::{Component, Path, PathBuf};

use codegen::standalone::{self, RuntimeSource};

use crate::{read, sync_tree, SyncReport, TaskError};

/// Where the generated crate gets the runtime from.
#[derive(Debug, Clone)]
pub enum Runtime {
    /// The runtime crate in this folder (by default this workspace's), written as
    /// `{ version, path }` relative to the output folder.
    Path(PathBuf),
    /// The version alone, as published.
    Registry,
}

/// What a run did (or, with `check`, would do).
#[derive(Debug)]
pub struct Outcome {
    /// The generated code.
    pub generated: codegen::Generated,
    /// Files written or that differ (with `check`), and files removed or stale.
    pub report: SyncReport,
    /// Things the user should know (a `Cargo.toml` without the managed section, leftovers of
    /// an older generator).
    pub notes: Vec<String>,
}

/// The runtime crate of this workspace.
pub fn workspace_runtime(root: &Path) -> PathBuf {
    root.join("openapi-client-runtime")
}

/// Generates (or with `check`, compares) the crate `name` in `out` from `spec`.
pub fn run(
    spec: &Path,
    out: &Path,
    name: &str,
    runtime: &Runtime,
    check: bool,
    docs_base: Option<&str>,
) -> Result<Outcome, TaskError> {
    let generated = crate::generate_standalone(spec, name, docs_base)?;
    let source = match runtime {
        Runtime::Registry => RuntimeSource::Registry,
        Runtime::Path(dir) => {
            check_runtime(dir)?;
            RuntimeSource::Path(relative_path(out, dir)?)
        }
    };
    let layout = standalone::standalone_crate(name, &generated, &source)?;
    let manifest_path = out.join("Cargo.toml");
    let mut notes = Vec::new();
    // The files to bring up to date: the generated tree always; a scaffold file only when it is
    // missing; the manifest's managed section when the manifest has one.
    let mut files = layout.generated.clone();
    for (relative, text) in &layout.scaffold {
        if !out.join(relative).exists() {
            files.insert(relative.clone(), text.clone());
        }
    }
    if manifest_path.exists() {
        let manifest = read(&manifest_path)?;
        check_package(&manifest_path, &manifest, name)?;
        match standalone::update_manifest(&manifest, &layout.dependencies) {
            Some(updated) => {
                files.insert("Cargo.toml".to_owned(), updated);
            }
            None => notes.push(format!(
                "note: {} has no section between `{}` and `{}`, so its dependencies are yours to keep current; the generated code needs:\n{}",
                manifest_path.display(),
                standalone::DEPENDENCIES_BEGIN,
                standalone::DEPENDENCIES_END,
                layout.dependencies
            )),
        }
    }
    if out.join("src/runtime").is_dir() {
        notes.push(format!(
            "note: {} holds a copy of the runtime written by an earlier version of the generator; the crate now depends on `{}` instead: delete that folder and `mod runtime;` from src/lib.rs (left alone here, as your files are)",
            out.join("src/runtime").display(),
            standalone::runtime_package()
        ));
    }
    let report = sync_tree(out, &files, &["src/generated"], check)?;
    Ok(Outcome {
        generated,
        report,
        notes,
    })
}

/// The `--check` failure: every file that differs, with its diff, and every stale one.
pub fn stale_message(out: &Path, spec: &Path, report: &SyncReport) -> String {
    let mut message = format!(
        "error: {} is not up to date with {}:\n",
        out.display(),
        spec.display()
    );
    for (path, diff) in &report.changed {
        let _ = writeln!(message, "\n{} differs:\n{diff}", path.display());
    }
    for path in &report.stale {
        let _ = writeln!(message, "\n{} is no longer generated", path.display());
    }
    message
}

/// `dir` must hold the runtime crate at a version the generator writes code for.
fn check_runtime(dir: &Path) -> Result<(), TaskError> {
    let manifest_path = dir.join("Cargo.toml");
    let manifest = read(&manifest_path).map_err(|e| {
        TaskError(format!(
            "{e} (`--runtime` must name the folder of the `{}` crate)",
            standalone::runtime_package()
        ))
    })?;
    let parsed: toml::Table = toml::from_str(&manifest)
        .map_err(|e| TaskError(format!("error: {}: {e}", manifest_path.display())))?;
    let package = parsed.get("package").and_then(|p| p.as_table());
    let name = package.and_then(|p| p.get("name")).and_then(|n| n.as_str());
    let expected = standalone::runtime_package();
    if name != Some(expected) {
        return Err(TaskError(format!(
            "error: {} is the manifest of {}, not of the runtime crate `{expected}`",
            manifest_path.display(),
            name.map(|n| format!("`{n}`"))
                .unwrap_or_else(|| "no package".to_owned())
        )));
    }
    let version = package
        .and_then(|p| p.get("version"))
        .and_then(|v| v.as_str())
        .unwrap_or("");
    let wanted = standalone::runtime_version();
    if !version_satisfies(version, wanted) {
        return Err(TaskError(format!(
            "error: {} says version {version:?}, but this generator writes code for `{expected}` {wanted} (semver-compatible versions)",
            manifest_path.display()
        )));
    }
    Ok(())
}

/// Whether `version` (`0.1.4`) meets the caret requirement `wanted` (`0.1`, or `1`).
fn version_satisfies(version: &str, wanted: &str) -> bool {
    let parts: Vec<&str> = version.split('.').collect();
    let want: Vec<&str> = wanted.split('.').collect();
    if parts.len() != 3 || want.is_empty() {
        return false;
    }
    // Caret: the leftmost non-zero component (and everything before it) must match.
    let significant = want
        .iter()
        .position(|c| *c != "0")
        .map_or(want.len(), |i| i + 1);
    want.iter()
        .take(significant)
        .zip(&parts)
        .all(|(w, p)| w == p)
}

/// An existing `Cargo.toml` in the output folder must be the crate's own.
fn check_package(path: &Path, manifest: &str, name: &str) -> Result<(), TaskError> {
    let parsed: toml::Table = toml::from_str(manifest)
        .map_err(|e| TaskError(format!("error: {}: {e}", path.display())))?;
    let found = parsed
        .get("package")
        .and_then(|p| p.as_table())
        .and_then(|p| p.get("name"))
        .and_then(|n| n.as_str());
    if found == Some(name) {
        return Ok(());
    }
    Err(TaskError(format!(
        "error: {} belongs to {}, not to `{name}`; nothing was written. Choose another `--out` folder, or `--name {}`",
        path.display(),
        found.map(|n| format!("the package `{n}`")).unwrap_or_else(|| "no package (a workspace manifest?)".to_owned()),
        found.unwrap_or("…"),
    )))
}

/// `to` relative to `from` (both made absolute), with `/` separators, as `Cargo.toml` paths are
/// written.
fn relative_path(from: &Path, to: &Path) -> Result<String, TaskError> {
    let absolute = |path: &Path| -> Result<PathBuf, TaskError> {
        let path = if path.is_absolute() {
            path.to_path_buf()
        } else {
            std::env::current_dir()
                .map_err(|e| TaskError(format!("error: cannot read the current folder: {e}")))?
                .join(path)
        };
        // Resolve symbolic links where the folder exists, and `.`/`..` lexically.
        let path = fs::canonicalize(&path).unwrap_or(path);
        let mut clean = PathBuf::new();
        for part in path.components() {
            match part {
                Component::ParentDir => {
                    clean.pop();
                }
                Component::CurDir => {}
                other => clean.push(other),
            }
        }
        Ok(clean)
    };
    let (from, to) = (absolute(from)?, absolute(to)?);
    let from_parts: Vec<_> = from.components().collect();
    let to_parts: Vec<_> = to.components().collect();
    let common = from_parts
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    if common == 0 {
        // Different roots (another drive): only an absolute path works.
        return Ok(to.to_string_lossy().replace('\\', "/"));
    }
    let mut parts: Vec<String> = vec!["..".to_owned(); from_parts.len() - common];
    parts.extend(
        to_parts[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    Ok(if parts.is_empty() {
        ".".to_owned()
    } else {
        parts.join("/")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths() {
        let rel = |a: &str, b: &str| relative_path(Path::new(a), Path::new(b)).unwrap();
        assert_eq!(
            rel("/nonexistent/w/target/x", "/nonexistent/w/rt"),
            "../../rt"
        );
        assert_eq!(rel("/nonexistent/w", "/nonexistent/w/rt"), "rt");
        assert_eq!(rel("/nonexistent/a/../b", "/nonexistent/c"), "../c");
    }

    #[test]
    fn caret_requirements() {
        assert!(version_satisfies("0.1.0", "0.1"));
        assert!(version_satisfies("0.1.7", "0.1"));
        assert!(!version_satisfies("0.2.0", "0.1"));
        assert!(version_satisfies("1.4.2", "1"));
        assert!(!version_satisfies("2.0.0", "1"));
        assert!(!version_satisfies("0.1", "0.1"));
        assert!(!version_satisfies("", "0.1"));
    }
}

//! The chores behind `cargo xtask`: generating the SDK from `spec/` and checking that the
//! committed code matches. Thin: every decision about code is in `codegen`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use codegen::{OperationFilter, SpecInput};

pub mod semver;
pub mod standalone;
pub mod upgrade;

/// The command that regenerates the SDK; named in headers and error messages.
pub const GENERATE_COMMAND: &str = "cargo xtask generate";

/// The repository root (the parent of this crate's folder).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// `spec/sdk.toml`, as [`codegen::config`] parses it.
pub use codegen::config::{ClientTable, Config, Operations, SpecEntry};

/// A failure of a chore, with the text to show.
#[derive(Debug)]
pub struct TaskError(pub String);

impl std::fmt::Display for TaskError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for TaskError {}

impl From<codegen::Error> for TaskError {
    fn from(e: codegen::Error) -> Self {
        TaskError(format!("error: {e}"))
    }
}

fn read(path: &Path) -> Result<String, TaskError> {
    fs::read_to_string(path)
        .map_err(|e| TaskError(format!("error: cannot read {}: {e}", path.display())))
}

/// Reads `spec/sdk.toml` under `root`.
pub fn load_config(root: &Path) -> Result<Config, TaskError> {
    let path = root.join("spec/sdk.toml");
    let text = read(&path)?;
    codegen::config::parse(&path.display().to_string(), &text)
        .map_err(|e| TaskError(format!("error: {e}")))
}

/// Generates the SDK's code from `spec/` under `root`: file texts by path relative to the output
/// folder, the output folder, and the model.
pub fn generate_sdk(root: &Path) -> Result<(PathBuf, codegen::Generated), TaskError> {
    let config = load_config(root)?;
    let ordered = config.ordered_specs();
    let texts: Vec<(String, String)> = ordered
        .iter()
        .map(|s| {
            Ok((
                format!("spec/{}", s.file),
                read(&root.join("spec").join(&s.file))?,
            ))
        })
        .collect::<Result<_, TaskError>>()?;
    let inputs: Vec<SpecInput<'_>> = ordered
        .iter()
        .zip(&texts)
        .map(|(s, (name, text))| SpecInput {
            file: name,
            text,
            operations: s.operations.filter(),
        })
        .collect();
    let generated = codegen::generate_with(&inputs, GENERATE_COMMAND, &config.client.settings())?;
    complete(&generated.model)?;
    Ok((root.join(&config.out), generated))
}

/// The SDK never drops an operation it cannot call, nor invents an operation name: either means
/// its API would change without anyone deciding it. (Standalone crates allow both, with
/// warnings.)
pub fn complete(model: &codegen::Model) -> Result<(), TaskError> {
    let mut problems = Vec::new();
    if !model.skipped_operations.is_empty() {
        problems.push(format!(
            "operations the generated code cannot call: {} (see the warnings above for why); \
             teach the generator, or leave them out by listing the wanted operations in spec/sdk.toml",
            model.skipped_operations.join(", ")
        ));
    }
    if !model.derived_operation_ids.is_empty() {
        problems.push(format!(
            "operations without `operationId`, which would be named {}: \
             the SDK's method names must come from the spec",
            model.derived_operation_ids.join(", ")
        ));
    }
    if problems.is_empty() {
        return Ok(());
    }
    let warnings: Vec<String> = model
        .warnings
        .iter()
        .map(|w| format!("warning: {w}"))
        .collect();
    Err(TaskError(format!(
        "{}error: the SDK would not be generated as spec/ describes it:\n  - {}",
        warnings
            .iter()
            .map(|w| format!("{w}\n"))
            .collect::<String>(),
        problems.join("\n  - ")
    )))
}

/// Generates a whole crate from one spec file.
pub fn generate_standalone(
    spec: &Path,
    name: &str,
    docs_base: Option<&str>,
) -> Result<codegen::Generated, TaskError> {
    let text = read(spec)?;
    let file = spec.display().to_string();
    let inputs = [SpecInput {
        file: &file,
        text: &text,
        operations: OperationFilter::All,
    }];
    let mut command = format!("{GENERATE_COMMAND} --spec {file} --out … --name {name}");
    if let Some(base) = docs_base {
        command.push_str(&format!(" --docs-base {base}"));
    }
    let settings = codegen::ClientSettings {
        docs_base: docs_base.map(str::to_owned),
        ..codegen::ClientSettings::default()
    };
    Ok(codegen::generate_with(&inputs, &command, &settings)?)
}

/// `cargo xtask spec-diff OLD NEW`: the changes between two spec files.
pub fn spec_diff(old: &Path, new: &Path) -> Result<codegen::diff::SpecDiff, TaskError> {
    spec_diff_with(old, new, &codegen::ClientSettings::default())
}

/// [`spec_diff`] as a client generated with `settings` sees it (the SDK's, from `sdk.toml`, in
/// a spec upgrade: a new `operator_id` path parameter is then a setter the login fills).
pub fn spec_diff_with(
    old: &Path,
    new: &Path,
    settings: &codegen::ClientSettings,
) -> Result<codegen::diff::SpecDiff, TaskError> {
    let (old_text, new_text) = (read(old)?, read(new)?);
    let (old_name, new_name) = (old.display().to_string(), new.display().to_string());
    Ok(codegen::spec_diff_with(
        SpecInput {
            file: &old_name,
            text: &old_text,
            operations: OperationFilter::All,
        },
        SpecInput {
            file: &new_name,
            text: &new_text,
            operations: OperationFilter::All,
        },
        settings,
    )?)
}

/// What `sync_tree` found or did.
#[derive(Debug, Default)]
pub struct SyncReport {
    /// Files whose text differs (or that are missing), with a unified diff each.
    pub changed: Vec<(PathBuf, String)>,
    /// `.rs` files on disk that the generator no longer produces.
    pub stale: Vec<PathBuf>,
}

impl SyncReport {
    /// Whether disk already matched.
    pub fn is_clean(&self) -> bool {
        self.changed.is_empty() && self.stale.is_empty()
    }
}

/// Compares `files` with the tree under `dir`; unless `check`, writes what differs and removes
/// the `.rs` files under the `owned` sub-folders of `dir` (`""` for all of it) that are no longer
/// produced. Line endings are normalised before comparing.
pub fn sync_tree(
    dir: &Path,
    files: &BTreeMap<String, String>,
    owned: &[&str],
    check: bool,
) -> Result<SyncReport, TaskError> {
    let mut report = SyncReport::default();
    for (relative, text) in files {
        let path = dir.join(relative);
        let old = fs::read_to_string(&path).ok();
        let old_norm = old.as_deref().map(|t| t.replace("\r\n", "\n"));
        if old_norm.as_deref() == Some(text.as_str()) {
            continue;
        }
        let diff = similar::TextDiff::from_lines(old_norm.as_deref().unwrap_or(""), text.as_str())
            .unified_diff()
            .context_radius(3)
            .header(
                &format!("a/{}", path.display()),
                &format!("b/{}", path.display()),
            )
            .to_string();
        if !check {
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent).map_err(|e| {
                    TaskError(format!("error: cannot create {}: {e}", parent.display()))
                })?;
            }
            fs::write(&path, text)
                .map_err(|e| TaskError(format!("error: cannot write {}: {e}", path.display())))?;
        }
        report.changed.push((path, diff));
    }
    let mut on_disk = Vec::new();
    for sub in owned {
        list_rs(dir, &dir.join(sub), &mut on_disk);
    }
    for relative in on_disk {
        if !files.contains_key(&relative) {
            let path = dir.join(&relative);
            if !check {
                fs::remove_file(&path).map_err(|e| {
                    TaskError(format!("error: cannot remove {}: {e}", path.display()))
                })?;
            }
            report.stale.push(path);
        }
    }
    Ok(report)
}

fn list_rs(base: &Path, dir: &Path, out: &mut Vec<String>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            list_rs(base, &path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            if let Ok(relative) = path.strip_prefix(base) {
                out.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
}

/// The `SPEC_VERSION` recorded in a generated `mod.rs`, if any.
pub fn recorded_version(mod_rs: &str) -> Option<String> {
    let line = mod_rs
        .lines()
        .find(|l| l.contains("pub const SPEC_VERSION: &str = \""))?;
    let start = line.find('"')? + 1;
    let end = line[start..].find('"')? + start;
    Some(line[start..end].to_owned())
}

/// `cargo xtask generate --check` for the SDK: `Ok` when the committed code is what `spec/`
/// produces, otherwise the message to print (versions, diffs, the fixing command).
pub fn check_sdk(root: &Path) -> Result<(), TaskError> {
    let (out, generated) = generate_sdk(root)?;
    let report = sync_tree(&out, &generated.files, &[""], true)?;
    if report.is_clean() {
        return Ok(());
    }
    let spec_version = &generated.model.api_version;
    let recorded = fs::read_to_string(out.join("mod.rs"))
        .ok()
        .as_deref()
        .and_then(recorded_version);
    let mut message = String::new();
    match recorded {
        Some(v) if &v != spec_version => {
            let _ = writeln!(
                message,
                "error: the generated code in {} was generated from API version {v}, but spec/ holds version {spec_version}.",
                out.display()
            );
        }
        _ => {
            let _ = writeln!(
                message,
                "error: the generated code in {} is not what spec/ (API version {spec_version}) produces.",
                out.display()
            );
        }
    }
    for (path, diff) in &report.changed {
        let _ = writeln!(message, "\n{} differs:\n{diff}", path.display());
    }
    for path in &report.stale {
        let _ = writeln!(message, "\n{} is no longer generated", path.display());
    }
    let _ = writeln!(
        message,
        "\nRun `{GENERATE_COMMAND}` and commit the result. Never edit generated files by hand."
    );
    Err(TaskError(message))
}

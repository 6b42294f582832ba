//! `cargo xtask generate [--check]` and
//! `cargo xtask generate --spec FILE --out DIR --name CRATE`.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use xtask::standalone::{self, Runtime};
use xtask::{check_sdk, generate_sdk, repo_root, sync_tree, TaskError};

const USAGE: &str = "usage:
  cargo xtask generate            regenerate soracom-billing/src/generated from spec/
  cargo xtask generate --check    fail with a diff if the committed code is stale
  cargo xtask generate --spec FILE --out DIR --name CRATE [--check]
                       [--runtime DIR | --runtime-version-only]
                                  generate a complete crate from any OpenAPI 3.0 file; it depends
                                  on the runtime crate as { version, path } (this workspace's, or
                                  the one in DIR), or by version alone; only src/generated/ and the
                                  @generated section of Cargo.toml are rewritten
  cargo xtask spec-diff OLD NEW [--format markdown|json]
                                  what changed between two spec versions, and its effect on
                                  the generated Rust API (breaking or not, and the verdict)
  cargo xtask compile-time [--runs N] [--baseline CRATE_DIR] [--record]
                                  time `cargo clean -p soracom-billing && cargo build` (debug),
                                  and the same for another crate, to report a ratio; --record
                                  appends the figures to benchmarks/compile-time.csv";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &[String]) -> Result<(), TaskError> {
    let Some((task, rest)) = args.split_first() else {
        return Err(TaskError(USAGE.to_owned()));
    };
    if task == "spec-diff" {
        return spec_diff(rest);
    }
    if task == "compile-time" {
        return compile_time(rest);
    }
    if task != "generate" {
        return Err(TaskError(format!("error: unknown task `{task}`\n{USAGE}")));
    }
    let mut check = false;
    let mut spec = None;
    let mut out = None;
    let mut name = None;
    let mut runtime = None;
    let mut iter = rest.iter();
    while let Some(arg) = iter.next() {
        let mut value = |flag: &str| {
            iter.next()
                .cloned()
                .ok_or_else(|| TaskError(format!("error: `{flag}` needs a value\n{USAGE}")))
        };
        match arg.as_str() {
            "--check" => check = true,
            "--spec" => spec = Some(PathBuf::from(value("--spec")?)),
            "--out" => out = Some(PathBuf::from(value("--out")?)),
            "--name" => name = Some(value("--name")?),
            "--runtime" => runtime = Some(Runtime::Path(PathBuf::from(value("--runtime")?))),
            "--runtime-version-only" => runtime = Some(Runtime::Registry),
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            other => {
                return Err(TaskError(format!(
                    "error: unknown argument `{other}`\n{USAGE}"
                )))
            }
        }
    }
    let root = repo_root();
    let started = Instant::now();
    if runtime.is_some() && spec.is_none() {
        return Err(TaskError(format!(
            "error: `--runtime` and `--runtime-version-only` are for standalone crates (`--spec`)\n{USAGE}"
        )));
    }
    match (spec, out, name) {
        (None, None, None) if check => {
            check_sdk(&root)?;
            eprintln!("generated code is up to date ({:.0?})", started.elapsed());
            Ok(())
        }
        (None, None, None) => {
            let (dir, generated) = generate_sdk(&root)?;
            for warning in &generated.model.warnings {
                eprintln!("{warning}");
            }
            let report = sync_tree(&dir, &generated.files, &[""], false)?;
            eprintln!(
                "generated {} files into {} (API version {}): {} changed, {} removed ({:.0?})",
                generated.files.len(),
                dir.display(),
                generated.model.api_version,
                report.changed.len(),
                report.stale.len(),
                started.elapsed()
            );
            Ok(())
        }
        (Some(spec), Some(out), Some(name)) => {
            let runtime =
                runtime.unwrap_or_else(|| Runtime::Path(standalone::workspace_runtime(&root)));
            let outcome = standalone::run(&spec, &out, &name, &runtime, check)?;
            for warning in &outcome.generated.model.warnings {
                eprintln!("{warning}");
            }
            for note in &outcome.notes {
                eprintln!("{note}");
            }
            if check && !outcome.report.is_clean() {
                return Err(TaskError(standalone::stale_message(
                    &out,
                    &spec,
                    &outcome.report,
                )));
            }
            eprintln!(
                "generated crate `{name}` ({} operations, {} types) into {}: {} files {}, {} removed ({:.0?})",
                outcome.generated.model.operations.len(),
                outcome.generated.model.types.len(),
                out.display(),
                outcome.report.changed.len(),
                if check { "differ" } else { "written" },
                outcome.report.stale.len(),
                started.elapsed()
            );
            Ok(())
        }
        _ => Err(TaskError(format!(
            "error: `--spec`, `--out` and `--name` go together\n{USAGE}"
        ))),
    }
}

/// Median wall time of `cargo clean -p NAME && cargo build -p NAME` in `dir` (debug).
fn time_crate_build(
    dir: &std::path::Path,
    name: &str,
    runs: usize,
) -> Result<std::time::Duration, TaskError> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let run = |args: &[&str]| -> Result<(), TaskError> {
        let status = std::process::Command::new(&cargo)
            .args(args)
            .current_dir(dir)
            .status()
            .map_err(|e| TaskError(format!("error: cannot run cargo: {e}")))?;
        if status.success() {
            Ok(())
        } else {
            Err(TaskError(format!(
                "error: `cargo {}` failed in {}",
                args.join(" "),
                dir.display()
            )))
        }
    };
    // Dependencies first, so that only the crate itself is timed.
    run(&["build", "--quiet", "-p", name])?;
    let mut times = Vec::new();
    for _ in 0..runs {
        run(&["clean", "--quiet", "-p", name])?;
        let started = Instant::now();
        run(&["build", "--quiet", "-p", name])?;
        times.push(started.elapsed());
    }
    times.sort();
    Ok(times[times.len() / 2])
}

fn compile_time(args: &[String]) -> Result<(), TaskError> {
    let mut runs = 3;
    let mut baseline = None;
    let mut record = false;
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--runs" => {
                runs = iter
                    .next()
                    .and_then(|v| v.parse().ok())
                    .filter(|n| *n > 0)
                    .ok_or_else(|| {
                        TaskError(format!("error: `--runs` needs a positive number\n{USAGE}"))
                    })?
            }
            "--record" => record = true,
            "--baseline" => {
                baseline = Some(PathBuf::from(iter.next().ok_or_else(|| {
                    TaskError(format!("error: `--baseline` needs a folder\n{USAGE}"))
                })?))
            }
            other => {
                return Err(TaskError(format!(
                    "error: unknown argument `{other}`\n{USAGE}"
                )))
            }
        }
    }
    let ours = time_crate_build(&repo_root(), "soracom-billing", runs)?;
    println!(
        "soracom-billing: {:.2} s (median of {runs}, debug, crate only)",
        ours.as_secs_f64()
    );
    let mut row = Vec::new();
    if record {
        row.extend([
            git(&["log", "-1", "--format=%cs"])?,
            git(&["rev-parse", "--short", "HEAD"])?,
            // The API version the SDK is generated from.
            xtask::load_config(&repo_root())
                .ok()
                .and_then(|config| {
                    std::fs::read_to_string(repo_root().join(config.out).join("mod.rs")).ok()
                })
                .and_then(|mod_rs| xtask::recorded_version(&mod_rs))
                .unwrap_or_default(),
            format!("{:.2}", ours.as_secs_f64()),
            runs.to_string(),
        ]);
    }
    if let Some(dir) = baseline {
        let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).map_err(|e| {
            TaskError(format!(
                "error: cannot read {}/Cargo.toml: {e}",
                dir.display()
            ))
        })?;
        let name = manifest
            .lines()
            .find_map(|l| {
                l.trim()
                    .strip_prefix("name = \"")
                    .and_then(|r| r.strip_suffix('"'))
            })
            .ok_or_else(|| {
                TaskError(format!(
                    "error: no package name in {}/Cargo.toml",
                    dir.display()
                ))
            })?
            .to_owned();
        let theirs = time_crate_build(&dir, &name, runs)?;
        println!(
            "{name}: {:.2} s (median of {runs}, debug, crate only)",
            theirs.as_secs_f64()
        );
        println!(
            "ratio soracom-billing / {name}: {:.2}",
            ours.as_secs_f64() / theirs.as_secs_f64()
        );
        row.push(name);
        row.push(format!("{:.2}", theirs.as_secs_f64()));
        row.push(format!("{:.2}", ours.as_secs_f64() / theirs.as_secs_f64()));
    } else {
        row.extend([String::new(), String::new(), String::new()]);
    }
    if record {
        let path = repo_root().join("benchmarks/compile-time.csv");
        let mut text = std::fs::read_to_string(&path).unwrap_or_else(|_| {
            "commit_date,commit,api_version,seconds,runs,baseline,baseline_seconds,ratio\n"
                .to_owned()
        });
        text.push_str(&row.join(","));
        text.push('\n');
        std::fs::create_dir_all(path.parent().expect("a parent folder"))
            .and_then(|()| std::fs::write(&path, text))
            .map_err(|e| TaskError(format!("error: cannot write {}: {e}", path.display())))?;
        println!("recorded in {}", path.display());
    }
    Ok(())
}

/// The trimmed output of `git ARGS` in the repository.
fn git(args: &[&str]) -> Result<String, TaskError> {
    let output = std::process::Command::new("git")
        .args(args)
        .current_dir(repo_root())
        .output()
        .map_err(|e| TaskError(format!("error: cannot run git: {e}")))?;
    if !output.status.success() {
        return Err(TaskError(format!(
            "error: git {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr)
        )));
    }
    Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

fn spec_diff(args: &[String]) -> Result<(), TaskError> {
    let mut files = Vec::new();
    let mut json = false;
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--format" => match iter.next().map(String::as_str) {
                Some("json") => json = true,
                Some("markdown") => json = false,
                _ => {
                    return Err(TaskError(format!(
                        "error: `--format` takes `markdown` or `json`\n{USAGE}"
                    )))
                }
            },
            other if other.starts_with("--") => {
                return Err(TaskError(format!(
                    "error: unknown argument `{other}`\n{USAGE}"
                )))
            }
            file => files.push(PathBuf::from(file)),
        }
    }
    let [old, new] = files.as_slice() else {
        return Err(TaskError(format!(
            "error: `spec-diff` takes two spec files, OLD and NEW\n{USAGE}"
        )));
    };
    let report = xtask::spec_diff(old, new)?;
    if json {
        let text =
            serde_json::to_string_pretty(&report).map_err(|e| TaskError(format!("error: {e}")))?;
        println!("{text}");
    } else {
        print!("{}", report.to_markdown());
    }
    Ok(())
}

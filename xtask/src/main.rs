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
                       [--runtime DIR | --runtime-version-only] [--docs-base URL]
                                  generate a complete crate from any OpenAPI 3.0 file; it depends
                                  on the runtime crate as { version, path } (this workspace's, or
                                  the one in DIR), or by version alone; only src/generated/ and the
                                  @generated section of Cargo.toml are rewritten; --docs-base
                                  resolves the spec's site-relative doc links against URL
  cargo xtask spec-diff OLD NEW [--format markdown|json] [--confirm]
                                  what changed between two spec versions, and its effect on
                                  the generated Rust API (breaking or not, and the verdict);
                                  --confirm generates both crates and checks the verdict with
                                  cargo-semver-checks (`cargo install --locked
                                  cargo-semver-checks`), failing when they disagree
  cargo xtask spec-upgrade NEW [--no-confirm]
                                  upgrade the primary spec to NEW: spec-diff, copy it into spec/,
                                  regenerate, bump soracom-billing's version by the verdict, add
                                  the CHANGELOG entry, confirm with cargo-semver-checks (when
                                  installed), and print a pull-request description
  cargo xtask compile-time [--runs N] [--baseline CRATE_DIR] [--incremental] [--record]
                                  time `cargo clean -p soracom-billing && cargo build` (debug),
                                  and the same for another crate, alternating, to report a
                                  ratio; non-incremental, as cargo builds a dependency, unless
                                  --incremental (as a workspace member); --record appends the
                                  figures to benchmarks/compile-time.csv
                                  (baseline: benchmarks/progenitor-baseline.sh)";

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
    if task == "spec-upgrade" {
        return spec_upgrade(rest);
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
    let mut docs_base = None;
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
            "--docs-base" => docs_base = Some(value("--docs-base")?),
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
    if docs_base.is_some() && spec.is_none() {
        return Err(TaskError(format!(
            "error: `--docs-base` is for standalone crates (`--spec`); the SDK's is `docs_base` in spec/sdk.toml\n{USAGE}"
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
            let outcome =
                standalone::run(&spec, &out, &name, &runtime, check, docs_base.as_deref())?;
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

/// One crate to time: its folder and package name.
struct Timed<'a> {
    dir: &'a std::path::Path,
    name: &'a str,
}

/// Runs `cargo ARGS` in `dir`; `incremental` sets `CARGO_INCREMENTAL`.
fn cargo_in(dir: &std::path::Path, args: &[&str], incremental: bool) -> Result<(), TaskError> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let status = std::process::Command::new(&cargo)
        .args(args)
        .current_dir(dir)
        .env("CARGO_INCREMENTAL", if incremental { "1" } else { "0" })
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
}

/// Median wall times of `cargo clean -p NAME && cargo build -p NAME` (debug) for each crate,
/// the crates taking turns in every round so that a slower moment of the machine hits all alike.
fn time_builds(
    crates: &[Timed<'_>],
    runs: usize,
    incremental: bool,
) -> Result<Vec<std::time::Duration>, TaskError> {
    // Dependencies first, so that only the crates themselves are timed.
    for c in crates {
        cargo_in(c.dir, &["build", "--quiet", "-p", c.name], incremental)?;
    }
    let mut times = vec![Vec::new(); crates.len()];
    for _ in 0..runs {
        for (c, times) in crates.iter().zip(&mut times) {
            cargo_in(c.dir, &["clean", "--quiet", "-p", c.name], incremental)?;
            let started = Instant::now();
            cargo_in(c.dir, &["build", "--quiet", "-p", c.name], incremental)?;
            times.push(started.elapsed());
        }
    }
    Ok(times
        .into_iter()
        .map(|mut t| {
            t.sort();
            t[t.len() / 2]
        })
        .collect())
}

fn compile_time(args: &[String]) -> Result<(), TaskError> {
    let mut runs = 3;
    let mut baseline = None;
    let mut record = false;
    let mut incremental = false;
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
            "--incremental" => incremental = true,
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
    let root = repo_root();
    let baseline_name = match &baseline {
        None => None,
        Some(dir) => {
            let path = dir.join("Cargo.toml");
            let manifest = std::fs::read_to_string(&path)
                .map_err(|e| TaskError(format!("error: cannot read {}: {e}", path.display())))?;
            let parsed: toml::Table = toml::from_str(&manifest)
                .map_err(|e| TaskError(format!("error: {}: {e}", path.display())))?;
            let name = parsed
                .get("package")
                .and_then(|p| p.get("name"))
                .and_then(|n| n.as_str())
                .ok_or_else(|| {
                    TaskError(format!("error: no package name in {}", path.display()))
                })?;
            Some(name.to_owned())
        }
    };
    let mut crates = vec![Timed {
        dir: &root,
        name: "soracom-billing",
    }];
    if let (Some(dir), Some(name)) = (&baseline, &baseline_name) {
        crates.push(Timed { dir, name });
    }
    let mode = if incremental {
        "incremental"
    } else {
        "non-incremental"
    };
    let times = time_builds(&crates, runs, incremental)?;
    for (c, t) in crates.iter().zip(&times) {
        println!(
            "{}: {:.2} s (median of {runs}, debug, {mode}, crate only)",
            c.name,
            t.as_secs_f64()
        );
    }
    let ours = times[0];
    let mut row = Vec::new();
    if record {
        row.extend([
            git(&["log", "-1", "--format=%cs"])?,
            git(&["rev-parse", "--short", "HEAD"])?,
            // The API version the SDK is generated from.
            xtask::load_config(&root)
                .ok()
                .and_then(|config| {
                    std::fs::read_to_string(root.join(config.out).join("mod.rs")).ok()
                })
                .and_then(|mod_rs| xtask::recorded_version(&mod_rs))
                .unwrap_or_default(),
            format!("{:.2}", ours.as_secs_f64()),
            runs.to_string(),
        ]);
    }
    match (baseline_name, times.get(1)) {
        (Some(name), Some(theirs)) => {
            let ratio = ours.as_secs_f64() / theirs.as_secs_f64();
            println!("ratio soracom-billing / {name}: {ratio:.2}");
            row.push(name);
            row.push(format!("{:.2}", theirs.as_secs_f64()));
            row.push(format!("{ratio:.2}"));
        }
        _ => row.extend([String::new(), String::new(), String::new()]),
    }
    row.push(mode.to_owned());
    if record {
        let path = repo_root().join("benchmarks/compile-time.csv");
        let mut text = std::fs::read_to_string(&path).unwrap_or_else(|_| {
            "commit_date,commit,api_version,seconds,runs,baseline,baseline_seconds,ratio,mode\n"
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
    let mut confirm = false;
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--confirm" => confirm = true,
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
    if confirm {
        let root = repo_root();
        let work = root.join("target/spec-confirm");
        let confirmation = xtask::semver::confirm(&root, old, new, &report, &work)?;
        let text = confirmation.to_markdown(&report);
        if json {
            eprint!("{text}");
        } else {
            print!("\n{text}");
        }
        if !confirmation.agrees() {
            return Err(TaskError(
                "error: spec-diff and cargo-semver-checks disagree (see above)".to_owned(),
            ));
        }
    }
    Ok(())
}

fn spec_upgrade(args: &[String]) -> Result<(), TaskError> {
    let mut confirm = true;
    let mut files = Vec::new();
    for arg in args {
        match arg.as_str() {
            "--no-confirm" => confirm = false,
            other if other.starts_with("--") => {
                return Err(TaskError(format!(
                    "error: unknown argument `{other}`\n{USAGE}"
                )))
            }
            file => files.push(PathBuf::from(file)),
        }
    }
    let [new] = files.as_slice() else {
        return Err(TaskError(format!(
            "error: `spec-upgrade` takes one spec file, NEW\n{USAGE}"
        )));
    };
    let upgrade = xtask::upgrade::spec_upgrade(&repo_root(), new, confirm)?;
    print!("{}", upgrade.description());
    if upgrade.confirmation.as_ref().is_some_and(|c| !c.agrees()) {
        return Err(TaskError(
            "error: spec-diff and cargo-semver-checks disagree (see above); the upgrade is written, review it".to_owned(),
        ));
    }
    Ok(())
}

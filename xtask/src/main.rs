//! `cargo xtask generate [--check]` and
//! `cargo xtask generate --spec FILE --out DIR --name CRATE`.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use xtask::{
    check_sdk, generate_sdk, generate_standalone, repo_root, runtime_files, sync_tree, TaskError,
};

const USAGE: &str = "usage:
  cargo xtask generate            regenerate soracom-billing/src/generated from spec/
  cargo xtask generate --check    fail with a diff if the committed code is stale
  cargo xtask generate --spec FILE --out DIR --name CRATE
                                  generate a complete crate from any OpenAPI 3.0 file";

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
    if task != "generate" {
        return Err(TaskError(format!("error: unknown task `{task}`\n{USAGE}")));
    }
    let mut check = false;
    let mut spec = None;
    let mut out = None;
    let mut name = None;
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
            let generated = generate_standalone(&spec, &name)?;
            for warning in &generated.model.warnings {
                eprintln!("{warning}");
            }
            let runtime = runtime_files(&root)?;
            let runtime_refs: Vec<(&str, &str)> = runtime
                .iter()
                .map(|(n, t)| (n.as_str(), t.as_str()))
                .collect();
            let files = codegen::standalone_crate(&name, &generated, &runtime_refs)?;
            let report = sync_tree(&out, &files, &["src/generated", "src/runtime"], check)?;
            if check && !report.is_clean() {
                return Err(TaskError(format!(
                    "error: {} is not up to date with {}",
                    out.display(),
                    spec.display()
                )));
            }
            eprintln!(
                "generated crate `{name}` ({} operations, {} types) into {} ({:.0?})",
                generated.model.operations.len(),
                generated.model.types.len(),
                out.display(),
                started.elapsed()
            );
            Ok(())
        }
        _ => Err(TaskError(format!(
            "error: `--spec`, `--out` and `--name` go together\n{USAGE}"
        ))),
    }
}

//! `cargo xtask generate` and `--check`, on the real spec and on copies of it.

use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use xtask::{check_sdk, generate_sdk, repo_root, sync_tree};

/// The committed generated code is what `spec/` produces: `cargo test` alone catches stale code.
#[test]
fn committed_code_is_up_to_date() {
    if let Err(e) = check_sdk(&repo_root()) {
        panic!("{e}");
    }
}

/// A copy of the repository's spec/ and generated code in a temporary folder.
fn scratch_root() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = repo_root();
    copy_tree(&root.join("spec"), &dir.path().join("spec"));
    copy_tree(
        &root.join("soracom-billing/src/generated"),
        &dir.path().join("soracom-billing/src/generated"),
    );
    dir
}

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_tree(&path, &target);
        } else {
            fs::copy(&path, &target).unwrap();
        }
    }
}

/// The API version of the billing spec in spec/.
fn soracom_version() -> String {
    let (_, generated) = generate_sdk(&repo_root()).unwrap();
    generated.model.api_version
}

fn generated(root: &Path) -> PathBuf {
    root.join("soracom-billing/src/generated")
}

#[test]
fn two_runs_give_identical_bytes() {
    let root = repo_root();
    let (_, first) = generate_sdk(&root).unwrap();
    let (_, second) = generate_sdk(&root).unwrap();
    assert_eq!(first.files, second.files);
    assert!(
        first.files.len() > 80,
        "expected one file per type and operation"
    );
}

#[test]
fn check_catches_a_one_character_edit() {
    let scratch = scratch_root();
    let root = scratch.path();
    check_sdk(root).expect("a fresh copy is up to date");

    let file = generated(root).join("models/monthly_bill.rs");
    let text = fs::read_to_string(&file).unwrap();
    fs::write(&file, text.replacen("pub amount", "pub amounT", 1)).unwrap();
    let message = check_sdk(root).unwrap_err().to_string();
    assert!(message.contains("monthly_bill.rs"), "{message}");
    assert!(
        message.contains("-    pub amounT: Option<f64>,"),
        "{message}"
    );
    assert!(
        message.contains("+    pub amount: Option<f64>,"),
        "{message}"
    );
    assert!(message.contains("cargo xtask generate"), "{message}");
    assert!(message.contains(soracom_version().as_str()), "{message}");

    // Regenerating repairs it.
    let (out, gen) = generate_sdk(root).unwrap();
    let report = sync_tree(&out, &gen.files, &[""], false).unwrap();
    assert_eq!(report.changed.len(), 1);
    check_sdk(root).unwrap();
}

#[test]
fn check_catches_a_changed_spec_and_names_both_versions() {
    let scratch = scratch_root();
    let root = scratch.path();
    let spec = root.join("spec/soracom-billing-api-openapi.yml");
    let text = fs::read_to_string(&spec).unwrap();
    let changed = text
        .replacen(
            &format!("version: {}", soracom_version()),
            "version: 20991231-000000",
            1,
        )
        .replacen(
            "description: Amount of monthly bills.",
            "description: Amount of the monthly bill.",
            1,
        );
    fs::write(&spec, changed).unwrap();
    let message = check_sdk(root).unwrap_err().to_string();
    assert!(
        message.contains(&format!("API version {}", soracom_version())),
        "{message}"
    );
    assert!(message.contains("version 20991231-000000"), "{message}");
    assert!(
        message.contains("+    /// Amount of the monthly bill."),
        "{message}"
    );
    assert!(message.contains("monthly_bill.rs"), "{message}");
}

#[test]
fn check_reports_and_generate_removes_files_no_longer_produced() {
    let scratch = scratch_root();
    let root = scratch.path();
    let stale = generated(root).join("models/removed_type.rs");
    fs::write(&stale, "// left over\n").unwrap();
    let message = check_sdk(root).unwrap_err().to_string();
    assert!(
        message.contains("removed_type.rs is no longer generated"),
        "{message}"
    );
    let (out, gen) = generate_sdk(root).unwrap();
    let report = sync_tree(&out, &gen.files, &[""], false).unwrap();
    assert_eq!(report.stale, vec![stale.clone()]);
    assert!(!stale.exists());
    check_sdk(root).unwrap();
}

#[test]
fn a_bad_config_is_a_clear_error() {
    let scratch = scratch_root();
    let root = scratch.path();
    let config = root.join("spec/sdk.toml");
    let text = fs::read_to_string(&config).unwrap();
    fs::write(
        &config,
        text.replace(
            "operations = [\"auth\", ",
            "operations = [\"authenticate\", ",
        ),
    )
    .unwrap();
    let message = generate_sdk(root).unwrap_err().to_string();
    assert!(
        message.contains("operation `authenticate` is not in spec/soracom-auth-api-openapi.yml"),
        "{message}"
    );
    fs::write(
        &config,
        text.replace("operations = \"all\"", "operations = \"everything\""),
    )
    .unwrap();
    let message = generate_sdk(root).unwrap_err().to_string();
    assert!(message.contains("must be \"all\" or a list"), "{message}");
}

/// The SDK is all or nothing: an operation the generated code cannot call, or one without
/// `operationId`, fails generation instead of being dropped or named by the generator (which
/// standalone crates allow, with warnings).
#[test]
fn the_sdk_never_drops_or_names_operations_itself() {
    let scratch = scratch_root();
    let root = scratch.path();
    let spec = root.join("spec/soracom-billing-api-openapi.yml");
    let text = fs::read_to_string(&spec).unwrap();

    let form = text.replacen(
        "      operationId: createCouponQuotation\n      requestBody:\n        content:\n          application/json:",
        "      operationId: createCouponQuotation\n      requestBody:\n        content:\n          application/xml:",
        1,
    );
    assert_ne!(form, text, "the spec has createCouponQuotation's JSON body");
    fs::write(&spec, &form).unwrap();
    let message = generate_sdk(root).unwrap_err().to_string();
    assert!(
        message.contains("operations the generated code cannot call: createCouponQuotation"),
        "{message}"
    );
    assert!(
        message.contains(
            "operation `createCouponQuotation` skipped: request media type `application/xml`"
        ),
        "{message}"
    );

    let unnamed = text.replacen("      operationId: getBillingHistory\n", "", 1);
    assert_ne!(unnamed, text, "the spec has getBillingHistory");
    fs::write(&spec, &unnamed).unwrap();
    let message = generate_sdk(root).unwrap_err().to_string();
    assert!(
        message.contains("operations without `operationId`, which would be named getBills"),
        "{message}"
    );
}

/// Runs the xtask binary; (success, stderr).
fn xtask(args: &[&OsStr]) -> (bool, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .output()
        .unwrap();
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// `cargo test` (unit tests and doctests) inside a generated crate, with `-D warnings` and the
/// feature `test-support` (so that the fake's generated code compiles too), sharing this
/// repository's lock file and a target folder kept between runs.
fn cargo_test_in(dir: &Path) {
    fs::copy(repo_root().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    let output = Command::new(env!("CARGO"))
        .args(["test", "--quiet", "--offline", "--features", "test-support"])
        .current_dir(dir)
        .env(
            "CARGO_TARGET_DIR",
            repo_root().join("target/standalone-check"),
        )
        .env("RUSTFLAGS", "-D warnings")
        .env("RUSTDOCFLAGS", "-D warnings")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "`cargo test` fails in {}:\n{}{}",
        dir.display(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// `cargo xtask generate --spec FILE --out DIR --name CRATE` makes a crate that depends on the
/// runtime crate (never a copy of it), passes `cargo test` with its doctests, and keeps what the
/// user wrote in it when generated again.
#[test]
fn standalone_crate_depends_on_the_runtime_and_keeps_user_files() {
    let out = tempfile::tempdir().unwrap();
    let crate_dir = out.path().join("petstore-client");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/petstore.yaml");
    let generate = |extra: &[&str]| {
        let mut args: Vec<&OsStr> = vec![OsStr::new("generate"), OsStr::new("--spec")];
        args.push(fixture.as_os_str());
        args.extend([OsStr::new("--out"), crate_dir.as_os_str()]);
        args.extend([OsStr::new("--name"), OsStr::new("petstore-client")]);
        args.extend(extra.iter().map(OsStr::new));
        xtask(&args)
    };

    let (ok, err) = generate(&[]);
    assert!(ok, "{err}");
    let lib = fs::read_to_string(crate_dir.join("src/lib.rs")).unwrap();
    assert!(lib.contains("Pet Store (API version 1.2.3)"), "{lib}");
    assert!(!crate_dir.join("src/runtime").exists());
    assert!(crate_dir.join("src/generated/client.rs").exists());
    assert!(crate_dir
        .join("src/generated/operations/list_pets.rs")
        .exists());
    let manifest = fs::read_to_string(crate_dir.join("Cargo.toml")).unwrap();
    // The runtime by version and by a path from the crate's folder to this workspace's runtime.
    let relative = format!(
        "path = \"{}\"",
        pathdiff(&crate_dir, &repo_root().join("openapi-client-runtime"))
    );
    assert!(
        manifest.contains("openapi-client-runtime = { version = \"0.1\", ")
            && manifest.contains(&relative),
        "{relative}\n{manifest}"
    );
    cargo_test_in(&crate_dir);

    // What the user adds stays: a dev-dependency and a line in lib.rs, a file of their own.
    let manifest = manifest + "\n[dev-dependencies]\nserde_json = \"1\"\n";
    fs::write(crate_dir.join("Cargo.toml"), &manifest).unwrap();
    let lib = lib + "\n/// Mine.\npub const MINE: u8 = 1;\n";
    fs::write(crate_dir.join("src/lib.rs"), &lib).unwrap();
    fs::write(crate_dir.join("src/extra.rs"), "// mine\n").unwrap();
    let (ok, err) = generate(&[]);
    assert!(ok, "{err}");
    assert_eq!(
        fs::read_to_string(crate_dir.join("Cargo.toml")).unwrap(),
        manifest
    );
    assert_eq!(
        fs::read_to_string(crate_dir.join("src/lib.rs")).unwrap(),
        lib
    );
    assert!(crate_dir.join("src/extra.rs").exists());
    let (ok, err) = generate(&["--check"]);
    assert!(ok, "{err}");

    // A stale generated file and a stale dependency line: --check names each, with its diff.
    let list_pets = crate_dir.join("src/generated/operations/list_pets.rs");
    let text = fs::read_to_string(&list_pets).unwrap();
    fs::write(&list_pets, text.replace("pub fn", "pub  fn")).unwrap();
    fs::write(
        crate_dir.join("Cargo.toml"),
        manifest.replace(
            "serde = { version = \"1\"",
            "serde = { version = \"1.0.100\"",
        ),
    )
    .unwrap();
    let (ok, err) = generate(&["--check"]);
    assert!(!ok);
    assert!(err.contains("list_pets.rs differs:"), "{err}");
    assert!(
        err.contains("+    pub fn") || err.contains("-    pub  fn"),
        "{err}"
    );
    assert!(err.contains("Cargo.toml differs:"), "{err}");
    assert!(err.contains("-serde = { version = \"1.0.100\""), "{err}");
    // Generating brings both back, and only the managed section of Cargo.toml changes.
    let (ok, err) = generate(&[]);
    assert!(ok, "{err}");
    assert_eq!(
        fs::read_to_string(crate_dir.join("Cargo.toml")).unwrap(),
        manifest
    );
    assert_eq!(fs::read_to_string(&list_pets).unwrap(), text);

    // --runtime-version-only writes the version alone (as published) in the managed section.
    let (ok, err) = generate(&["--runtime-version-only"]);
    assert!(ok, "{err}");
    let published = fs::read_to_string(crate_dir.join("Cargo.toml")).unwrap();
    assert!(
        published.contains("\nopenapi-client-runtime = \"0.1\"\n"),
        "{published}"
    );
    assert!(
        published.ends_with("[dev-dependencies]\nserde_json = \"1\"\n"),
        "{published}"
    );
}

/// The relative path from `from` to `to` as the generator writes it.
fn pathdiff(from: &Path, to: &Path) -> String {
    let from: Vec<_> = fs::canonicalize(from)
        .unwrap()
        .components()
        .map(|c| c.as_os_str().to_owned())
        .collect();
    let to: Vec<_> = fs::canonicalize(to)
        .unwrap()
        .components()
        .map(|c| c.as_os_str().to_owned())
        .collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts = vec!["..".to_owned(); from.len() - common];
    parts.extend(
        to[common..]
            .iter()
            .map(|p| p.to_string_lossy().into_owned()),
    );
    parts.join("/")
}

/// Another package's manifest in the output folder, or a runtime folder that is not the runtime
/// crate, is refused with the file named and nothing written.
#[test]
fn standalone_refuses_foreign_manifests_and_runtimes() {
    let out = tempfile::tempdir().unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/petstore.yaml");
    let manifest = out.path().join("Cargo.toml");
    fs::write(
        &manifest,
        "[package]\nname = \"someone-else\"\nversion = \"1.0.0\"\n",
    )
    .unwrap();
    let (ok, err) = xtask(&[
        OsStr::new("generate"),
        OsStr::new("--spec"),
        fixture.as_os_str(),
        OsStr::new("--out"),
        out.path().as_os_str(),
        OsStr::new("--name"),
        OsStr::new("pets"),
    ]);
    assert!(!ok);
    assert!(
        err.contains(&format!(
            "{} belongs to the package `someone-else`, not to `pets`",
            manifest.display()
        )),
        "{err}"
    );
    assert!(!out.path().join("src").exists(), "nothing is written");

    let elsewhere = tempfile::tempdir().unwrap();
    let not_runtime = repo_root().join("codegen");
    let (ok, err) = xtask(&[
        OsStr::new("generate"),
        OsStr::new("--spec"),
        fixture.as_os_str(),
        OsStr::new("--out"),
        elsewhere.path().as_os_str(),
        OsStr::new("--name"),
        OsStr::new("pets"),
        OsStr::new("--runtime"),
        not_runtime.as_os_str(),
    ]);
    assert!(!ok);
    assert!(
        err.contains(&format!(
            "{} is the manifest of `openapi-client-codegen`, not of the runtime crate `openapi-client-runtime`",
            not_runtime.join("Cargo.toml").display()
        )),
        "{err}"
    );
    let (ok, err) = xtask(&[
        OsStr::new("generate"),
        OsStr::new("--spec"),
        fixture.as_os_str(),
        OsStr::new("--out"),
        elsewhere.path().as_os_str(),
        OsStr::new("--name"),
        OsStr::new("pets"),
        OsStr::new("--runtime"),
        OsStr::new("/nonexistent/runtime"),
    ]);
    assert!(!ok);
    assert!(
        err.contains("cannot read /nonexistent/runtime/Cargo.toml"),
        "{err}"
    );
    assert!(
        err.contains("`--runtime` must name the folder of the `openapi-client-runtime` crate"),
        "{err}"
    );
    assert!(
        !elsewhere.path().join("Cargo.toml").exists(),
        "nothing is written"
    );
}

/// Public specs other projects ship (see `tests/fixtures/public/README.md`): each generates,
/// with exactly the expected warnings, into a crate whose `cargo test` (doctests included)
/// passes with `-D warnings`.
#[test]
fn public_specs_generate_and_compile() {
    // (file, operations generated, warnings expected: (count, text each contains))
    type Expected<'a> = &'a [(usize, &'a str)];
    let specs: [(&str, usize, Expected); 7] = [
        (
            "petstore.yaml",
            19,
            &[
                (1, "operation `uploadFile` skipped: request media type `multipart/form-data` is not supported"),
                // OAuth 2: the caller adds the `Authorization` header (`ClientBuilder::header`).
                (6, "security scheme `petstore_auth` is not an API key sent in a header; the operation is generated without it"),
            ],
        ),
        (
            "star-trek.yaml",
            120,
            // 40 of them send form bodies.
            &[(120, "operation has no `operationId`; named")],
        ),
        (
            "discriminators.yaml",
            10,
            &[
                (6, "operation has no `operationId`; named"),
                // `Cat` and `CatNoDisc` (`type: object` beside `allOf`) are structs.
                (2, "a schema mixing keywords this generator cannot combine; raw JSON is used"),
                // `Pet` and `BaseVehicle`: the base of `allOf` subtypes, not a `oneOf`.
                (2, "`discriminator` is honoured beside `oneOf` or `anyOf` only"),
            ],
        ),
        (
            "polymorphism.yaml",
            13,
            &[
                (13, "operation has no `operationId`; named"),
                // `Cat` and the `/anything/all-of-object` body (`type: object` beside `allOf`)
                // are structs.
                (3, "a schema mixing keywords this generator cannot combine; raw JSON is used"),
                // `Pet`: the base of `allOf` subtypes, not a `oneOf`.
                (1, "`discriminator` is honoured beside `oneOf` or `anyOf` only"),
            ],
        ),
        (
            // Apache Airflow 2.10.5's REST API: 89 operations, 98 schemas (allOf collections,
            // readOnly fields, nullable, query arrays, a discriminated oneOf).
            "airflow.yaml",
            82,
            // Lost: the 7 PATCH operations (connection, dag, dags, pool, role, user, variable).
            // Their optional `update_mask` query array is `style: form, explode: false` (one
            // comma-separated value), which the generated code cannot send, and an operation is
            // never generated without one of its parameters.
            &[
                (7, "skipped: query parameters with `explode: false` are not supported"),
                // `DagState` and `ScheduleInterval` are `readOnly` components, which the
                // properties that `$ref` them do not inherit.
                (2, "`readOnly` is honoured on properties only"),
                // Lists whose items are `nullable` (plugins' `hooks`, users' `roles`, the
                // task-instance form's states, …) and one `anyOf` member: a `null` item fails
                // to decode.
                (10, "`nullable` is honoured on properties (and the schemas"),
                (1, "is nullable, but `nullable` is honoured on properties only: array items"),
            ],
        ),
        (
            // Dialogporten (Digdir, Norway), written by ASP.NET: 44 operations, 186 schemas, a
            // nullable reference is `nullable` beside a one-member `oneOf`; UTF-8 with a BOM.
            "dialogporten.json",
            34,
            &[
                // HTTP bearer (JWT): the caller adds the `Authorization` header
                // (`ClientBuilder::header`).
                (31, "security scheme `JWTBearerAuth` is not an API key sent in a header; the operation is generated without it"),
                // Lost: the 10 operations with an `accept-Language` header whose schema is an
                // object (`{acceptedLanguage: [...]}`); a header carries no object here.
                (10, "skipped: parameter `accept-Language` has a type that cannot be sent in the headers"),
            ],
        ),
        (
            // Azure OpenAI inference 2024-10-21 (Microsoft): 6 operations, 99 schemas, oneOf
            // and allOf with discriminators (chat messages and content parts), many enums.
            "azure-openai.json",
            4,
            &[
                // Lost: audio transcription and translation (file uploads).
                (2, "skipped: request media type `multipart/form-data` is not supported"),
                // The document allows OAuth 2 (`bearer`) or the `api-key` header; the first is
                // taken and is not an API key, so the client sends neither: the caller adds
                // `api-key` or `Authorization` with `ClientBuilder::header`.
                (1, "several alternative security requirements; the first one is used"),
                (1, "security scheme `bearer` is not an API key sent in a header; the operation is generated without it"),
                // The embeddings body (`additionalProperties: true`): extra properties are not
                // sent.
                (1, "`additionalProperties` next to `properties`: only the declared properties are typed"),
                // `json_schema` requires `type`, which only its parent declares: right to ignore.
                (1, "`required` names `type`, which is not a declared property; ignored"),
                // `stop` and the embeddings `input` as `oneOf` of a nullable string and a list:
                // a `null` is refused by the string variant (raw JSON keeps it).
                (4, "`nullable` is honoured on properties (and the schemas"),
                // A string enum written with `required` (ignored), `format: unixtime` on an
                // integer (an `i64` of seconds), a `discriminator` on a base schema with no
                // `oneOf`, and a relative link in a description.
                (1, "`required` applies to objects, but this schema is typed as a string enum"),
                (1, "integer `format: unixtime` is not one this generator knows"),
                (1, "`discriminator` is honoured beside `oneOf` or `anyOf` only"),
                (1, "the link `docs/guides/function-calling` leads nowhere in rustdoc"),
            ],
        ),
    ];
    let out = tempfile::tempdir().unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/public");
    let mut members = Vec::new();
    for (file, operations, expected) in specs {
        let name = file.rsplit_once('.').unwrap().0;
        let crate_name = format!("public-{name}");
        let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
            .args(["generate", "--spec"])
            .arg(fixtures.join(file))
            .arg("--out")
            .arg(out.path().join(&crate_name))
            .args(["--name", &crate_name])
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{name}: {stderr}");
        assert!(
            stdout.contains(&format!("({operations} operations,"))
                || stderr.contains(&format!("({operations} operations,")),
            "{name}: {stdout}{stderr}"
        );
        let warnings: Vec<&str> = stderr
            .lines()
            .filter(|l| l.starts_with("warning:"))
            .collect();
        for (count, text) in expected {
            let found = warnings.iter().filter(|w| w.contains(text)).count();
            assert_eq!(
                found, *count,
                "{name}: warnings containing {text:?}:\n{stderr}"
            );
        }
        let other: Vec<&&str> = warnings
            .iter()
            .filter(|w| !expected.iter().any(|(_, text)| w.contains(text)))
            .collect();
        assert!(other.is_empty(), "{name}: unexpected warnings {other:#?}");
        // Each warning is located: the spec file and a JSON pointer.
        for warning in &warnings {
            assert!(
                warning.contains(&format!("{file}: #/")),
                "{name}: {warning}"
            );
        }
        members.push(crate_name);
    }
    // Each generated crate is its own workspace; they share this repository's lock and a
    // target folder, so the dependencies build once. Unit tests and doctests pass in each.
    for crate_name in members {
        cargo_test_in(&out.path().join(&crate_name));
    }
}

#[test]
fn standalone_rejects_bad_arguments() {
    let run = |args: &[&str]| {
        let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
            .args(args)
            .output()
            .unwrap();
        (
            output.status.success(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    };
    let (ok, err) = run(&["generate", "--spec", "x.yaml"]);
    assert!(!ok);
    assert!(
        err.contains("`--spec`, `--out` and `--name` go together"),
        "{err}"
    );
    let (ok, err) = run(&[
        "generate",
        "--spec",
        "/nonexistent/spec.yaml",
        "--out",
        "/tmp/x",
        "--name",
        "x",
    ]);
    assert!(!ok);
    assert!(err.contains("cannot read /nonexistent/spec.yaml"), "{err}");
    let fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/petstore.yaml");
    let (ok, err) = run(&[
        "generate",
        "--spec",
        fixture,
        "--out",
        "/tmp/x",
        "--name",
        "9bad name",
    ]);
    assert!(!ok);
    assert!(err.contains("not a valid crate name"), "{err}");
    let (ok, err) = run(&["frobnicate"]);
    assert!(!ok);
    assert!(err.contains("unknown task"), "{err}");
}

/// `cargo xtask spec-diff OLD NEW [--format json]` on two Soracom versions.
#[test]
fn spec_diff_command() {
    let history = Path::new(env!("CARGO_MANIFEST_DIR")).join("../codegen/tests/fixtures/history");
    let old = history.join("billing-20250903-043502.yaml");
    let new = history.join("billing-20260604-092803.yaml");
    let run = |extra: &[&str]| {
        let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
            .arg("spec-diff")
            .arg(&old)
            .arg(&new)
            .args(extra)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    };
    let markdown = run(&[]);
    assert!(
        markdown.contains("Verdict: **patch** (documentation only)."),
        "{markdown}"
    );
    assert!(
        markdown.contains("- `type SimInitialSetting`: documentation changed: field `speedClass`"),
        "{markdown}"
    );
    let json: serde_json::Value = serde_json::from_str(&run(&["--format", "json"])).unwrap();
    assert_eq!(json["verdict"], "patch");
    assert_eq!(json["new_version"], "20260604-092803");

    let fail = |args: &[&str]| {
        let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
            .args(args)
            .output()
            .unwrap();
        assert!(!output.status.success());
        String::from_utf8_lossy(&output.stderr).into_owned()
    };
    assert!(fail(&["spec-diff", "only-one.yaml"]).contains("takes two spec files"));
    assert!(
        fail(&["spec-diff", "a.yaml", "b.yaml", "--format", "xml"]).contains("`--format` takes")
    );
    assert!(fail(&["spec-diff", "/nonexistent/a.yaml", "b.yaml"])
        .contains("cannot read /nonexistent/a.yaml"));
}

//! Golden files: each fixture spec `codegen/tests/fixtures/<name>.yaml` is generated and every
//! produced file is compared with `codegen/golden/<name>/src/generated/<path>`. Each
//! `codegen/golden/<name>/` is a crate of the workspace (package `openapi-client-golden-<name>`),
//! laid out as `cargo xtask generate --spec … --out …` lays out a standalone crate, so that every
//! `cargo build`, clippy, rustdoc and `cargo test` of the workspace compiles what the generator
//! produces for each fixture against the runtime: rustc is the check that the code is valid.
//!
//! Run with `UPDATE_GOLDEN=1` to rewrite the golden crates (files no longer produced and crates
//! of removed fixtures are deleted) after an intended change, then review the diff and build
//! them (see `codegen/golden/README.md`):
//!
//! ```sh
//! UPDATE_GOLDEN=1 cargo test -p xtask --test golden
//! cargo clippy --workspace --all-targets -- -D warnings
//! ```
//!
//! These tests live in xtask, not in codegen (its tests cannot use xtask's tree sync, and
//! codegen is pure) nor in the golden crates (a test there can only run once its crate compiles,
//! so goldens that stopped compiling, after a change of the runtime, could not be rewritten).
//!
//! The model assertions below each golden test state the decisions the fixture is about, so a
//! regression is explained and not only diffed.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use codegen::config::ClientTable;
use codegen::model::{
    Accessor, BodyEncoding, Field, FieldSource, Model, Param, ParamLocation, ResponseKind, Shape,
    StatusResponses, StatusVariant, TypeDef, TypeKind, TypeRef,
};
use codegen::standalone::{standalone_crate, RuntimeSource};
use codegen::{ClientSettings, Generated, OperationFilter, SpecInput};
use xtask::{repo_root, sync_tree};

/// The command that writes the golden files, named in their `@generated` headers.
const COMMAND: &str = "cargo test -p xtask --test golden";

/// `codegen/tests/fixtures`.
fn fixtures_dir() -> PathBuf {
    repo_root().join("codegen/tests/fixtures")
}

/// `codegen/golden`: one crate per fixture.
fn golden_root() -> PathBuf {
    repo_root().join("codegen/golden")
}

fn updating() -> bool {
    std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1")
}

/// The text of `fixtures/<name>.yaml` and the name it is given to the generator under (it shows
/// in headers and origins).
fn fixture(name: &str) -> (String, String) {
    let path = fixtures_dir().join(format!("{name}.yaml"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    (format!("fixtures/{name}.yaml"), text)
}

fn input<'a>(file: &'a str, text: &'a str) -> [SpecInput<'a>; 1] {
    [SpecInput {
        file,
        text,
        operations: OperationFilter::All,
    }]
}

/// The client settings a fixture is generated with: the `[client]` table of
/// `fixtures/<name>.toml` (as in an `sdk.toml`) when there is one, else the defaults.
fn fixture_settings(name: &str) -> ClientSettings {
    let path = fixtures_dir().join(format!("{name}.toml"));
    let Ok(text) = std::fs::read_to_string(&path) else {
        return ClientSettings::default();
    };
    let mut table: toml::Table =
        toml::from_str(&text).unwrap_or_else(|e| panic!("{} is not TOML: {e}", path.display()));
    let client: ClientTable = table
        .remove("client")
        .unwrap_or_else(|| panic!("{} has no [client] table", path.display()))
        .try_into()
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    client.settings()
}

/// Generates a fixture with its settings, failing the test on an error.
fn generate_fixture(name: &str) -> Generated {
    let (file, text) = fixture(name);
    codegen::generate_with(&input(&file, &text), COMMAND, &fixture_settings(name))
        .unwrap_or_else(|e| panic!("fixture {name} does not generate: {e}"))
}

/// The model of a spec text, failing the test on an error.
fn model_text(file: &str, text: &str) -> Model {
    codegen::model(&input(file, text)).unwrap_or_else(|e| panic!("{file} has no model: {e}"))
}

/// The model of a fixture, failing the test on an error.
fn model_fixture(name: &str) -> Model {
    let (file, text) = fixture(name);
    model_text(&file, &text)
}

/// The package of a fixture's golden crate (`one_of` -> `openapi-client-golden-one-of`).
fn package(name: &str) -> String {
    format!("openapi-client-golden-{}", name.replace('_', "-"))
}

/// Every file of a fixture's golden crate, by path relative to its folder: the generated tree in
/// `src/generated/` and the `src/lib.rs` around it, as for a standalone crate, and a manifest
/// that makes it a member of this workspace with the dependencies a standalone crate gets.
fn golden_crate(name: &str, generated: &Generated) -> BTreeMap<String, String> {
    let package = package(name);
    // Relative to `codegen/golden/<name>/`.
    let runtime = RuntimeSource::Path("../../../openapi-client-runtime".to_owned());
    let layout = standalone_crate(&package, generated, &runtime)
        .unwrap_or_else(|e| panic!("fixture {name} has no crate layout: {e}"));
    let (file, text) = fixture(name);
    let header = codegen::header(COMMAND, &input(&file, &text));
    let manifest = format!(
        "{header_toml}\n\
         [package]\n\
         name = \"{package}\"\n\
         version = \"0.0.0\"\n\
         publish = false\n\
         description = \"Golden files: the code generated from codegen/tests/{file}, compiled.\"\n\
         edition.workspace = true\n\
         rust-version.workspace = true\n\
         license.workspace = true\n\
         \n\
         # The scaffold's doctest is tested where it matters, in the standalone crates CI\n\
         # builds; here it would cost a link per fixture and test nothing about the fixture.\n\
         [lib]\n\
         doctest = false\n\
         \n\
         [dependencies]\n\
         {dependencies}\n\
         {features}",
        header_toml = header.replacen("//", "#", 1),
        dependencies = layout.dependencies,
        features = codegen::standalone::FEATURES,
    );
    let lib = format!("{header}\n{}", layout.scaffold["src/lib.rs"]);
    let mut files = layout.generated;
    files.insert("Cargo.toml".to_owned(), manifest);
    files.insert("src/lib.rs".to_owned(), lib);
    files
}

/// Generates `fixtures/<name>.yaml` and compares (or, with `UPDATE_GOLDEN=1`, rewrites) its
/// golden crate. Returns the model for further assertions.
fn check_golden(name: &str) -> Model {
    let generated = generate_fixture(name);
    let dir = golden_root().join(name);
    let files = golden_crate(name, &generated);
    let report = sync_tree(&dir, &files, &["src"], !updating()).unwrap_or_else(|e| panic!("{e}"));
    if updating() || report.is_clean() {
        return generated.model;
    }
    let mut problems = Vec::new();
    for (path, diff) in &report.changed {
        let what = if path.exists() { "differs" } else { "is new" };
        problems.push(format!("{} {what}:\n{diff}", path.display()));
    }
    for path in &report.stale {
        problems.push(format!("{} is no longer generated", path.display()));
    }
    panic!(
        "the golden crate of fixtures/{name}.yaml in {} is not what the generator produces \
         ({} problem(s)):\n\n{}\n\nIf the change is intended, rerun with \
         `UPDATE_GOLDEN=1 {COMMAND}`, review the diff, and build the goldens \
         (`cargo clippy --workspace --all-targets`).",
        dir.display(),
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn every_fixture_has_a_golden_crate_and_no_golden_crate_is_orphaned() {
    let fixtures: BTreeSet<String> = std::fs::read_dir(fixtures_dir())
        .expect("fixtures folder")
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.strip_suffix(".yaml").map(str::to_owned)
        })
        .collect();
    assert_eq!(
        fixtures,
        GOLDEN_FIXTURES.iter().map(|s| s.to_string()).collect(),
        "every fixture must be listed in GOLDEN_FIXTURES (and have a golden test)"
    );
    // A fixture without a crate fails its golden test (every file "is new"); a crate without a
    // fixture is stale.
    let folders: BTreeSet<String> = std::fs::read_dir(golden_root())
        .expect("golden folder")
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    let orphans: Vec<&String> = folders.difference(&fixtures).collect();
    if updating() {
        for orphan in orphans {
            std::fs::remove_dir_all(golden_root().join(orphan)).expect("removable");
        }
        return;
    }
    assert!(
        orphans.is_empty(),
        "golden crates without a fixture in codegen/golden/: {orphans:?}; \
         `UPDATE_GOLDEN=1 {COMMAND}` removes them"
    );
}

#[test]
fn golden_crates_are_workspace_members() {
    // A glob in the workspace's `members` and `default-members` takes in every golden crate, so
    // that `cargo build`, clippy, rustdoc and `cargo test` compile them all.
    let manifest = std::fs::read_to_string(repo_root().join("Cargo.toml")).expect("Cargo.toml");
    let workspace: toml::Table = toml::from_str(&manifest).expect("valid TOML");
    for key in ["members", "default-members"] {
        let list = workspace["workspace"][key].as_array().expect("a list");
        assert!(
            list.iter().any(|m| m.as_str() == Some("codegen/golden/*")),
            "the workspace's {key} must include \"codegen/golden/*\""
        );
    }
}

const GOLDEN_FIXTURES: &[&str] = &[
    "allof_shapes",
    "collisions",
    "conversions",
    "cycles",
    "decoding",
    "doc_links",
    "enum_dedupe",
    "enums",
    "ignored_keywords",
    "integer_formats",
    "integer_page_key",
    "keywords",
    "login_defaults",
    "maps",
    "names_models",
    "names_operations",
    "names_params",
    "names_shape",
    "objects",
    "one_of",
    "params",
    "read_write_only",
    "responses",
    "status_responses",
    "undefined_security_scheme",
];

// ---------------------------------------------------------------------------------------------
// Helpers for model assertions.

fn ty<'m>(model: &'m Model, name: &str) -> &'m TypeDef {
    model.types.get(name).unwrap_or_else(|| {
        panic!(
            "no type `{name}`; the model has {:?}",
            model.types.keys().collect::<Vec<_>>()
        )
    })
}

fn fields<'m>(model: &'m Model, name: &str) -> &'m [Field] {
    match &ty(model, name).kind {
        TypeKind::Struct { fields, .. } => fields,
        other => panic!("`{name}` is not a struct: {other:?}"),
    }
}

fn field<'m>(model: &'m Model, type_name: &str, wire: &str) -> &'m Field {
    fields(model, type_name)
        .iter()
        .find(|f| f.wire_name == wire)
        .unwrap_or_else(|| panic!("`{type_name}` has no field for property `{wire}`"))
}

fn operation<'m>(model: &'m Model, id: &str) -> &'m codegen::model::Operation {
    model
        .operations
        .iter()
        .find(|o| o.id == id)
        .unwrap_or_else(|| panic!("no operation `{id}`"))
}

fn param<'m>(model: &'m Model, op: &str, wire: &str) -> &'m Param {
    operation(model, op)
        .params
        .iter()
        .find(|p| p.wire_name == wire)
        .unwrap_or_else(|| panic!("operation `{op}` has no parameter `{wire}`"))
}

fn named(name: &str) -> TypeRef {
    TypeRef::Named(name.to_owned())
}

fn enum_values(model: &Model, name: &str) -> (Vec<(String, String)>, String) {
    match &ty(model, name).kind {
        TypeKind::Enum { variants, unknown } => (
            variants
                .iter()
                .map(|v| (v.name.clone(), v.value.clone()))
                .collect(),
            unknown.clone(),
        ),
        other => panic!("`{name}` is not an enum: {other:?}"),
    }
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

fn type_names(model: &Model) -> Vec<&str> {
    model.types.keys().map(String::as_str).collect()
}

// ---------------------------------------------------------------------------------------------
// One golden test per fixture, each followed by the model decisions it is about.

#[test]
fn golden_enum_dedupe() {
    check_golden("enum_dedupe");
}

#[test]
fn enum_dedupe_model() {
    let m = model_fixture("enum_dedupe");
    assert_eq!(
        type_names(&m),
        [
            "Currency",
            "Invoice",
            "InvoiceStatus",
            "Money",
            "Order",
            "OrderStatus",
            "Sort"
        ]
    );
    // One `Currency` for the three identical inline enums, used by every field.
    for owner in ["Invoice", "Order", "Money"] {
        assert_eq!(
            field(&m, owner, "currency").ty,
            named("Currency"),
            "{owner}.currency"
        );
    }
    assert_eq!(ty(&m, "Currency").origins.len(), 3);
    let (variants, unknown) = enum_values(&m, "Currency");
    assert_eq!(
        variants,
        pairs(&[("Jpy", "JPY"), ("Usd", "USD"), ("Eur", "EUR")])
    );
    assert_eq!(unknown, "Unknown");
    // Two different `status` enums: neither takes the short name; each is prefixed by its parent.
    assert_eq!(field(&m, "Invoice", "status").ty, named("InvoiceStatus"));
    assert_eq!(field(&m, "Order", "status").ty, named("OrderStatus"));
    // The query parameter's inline enum equals Invoice's and shares its type.
    assert_eq!(
        param(&m, "listInvoices", "status").ty,
        named("InvoiceStatus")
    );
    assert_eq!(
        ty(&m, "InvoiceStatus").origins,
        [
            "fixtures/enum_dedupe.yaml#/components/schemas/Invoice/properties/status",
            "fixtures/enum_dedupe.yaml#/paths/~1invoices/get/parameters/0/schema",
        ]
    );
    // An inline enum used once gets the parameter's name.
    assert_eq!(param(&m, "listInvoices", "sort").ty, named("Sort"));
    assert!(m.warnings.is_empty(), "{:?}", m.warnings);
}

#[test]
fn golden_enums() {
    check_golden("enums");
}

#[test]
fn enums_model() {
    let m = model_fixture("enums");
    assert_eq!(enum_values(&m, "Color").1, "Unknown");
    // A value named `Unknown` (and `Unknown2`) pushes the catch-all to the next free name.
    let (outcome, unknown) = enum_values(&m, "Outcome");
    assert_eq!(unknown, "Unknown2");
    assert!(outcome.contains(&("Unknown".to_owned(), "Unknown".to_owned())));
    assert_eq!(enum_values(&m, "Verdict").1, "Unknown3");
    let (odd, _) = enum_values(&m, "Odd");
    assert_eq!(
        odd,
        pairs(&[
            ("Empty", ""),
            ("V1st", "1st"),
            ("AB", "a-b"),
            ("AB2", "a_b"),
            ("UpperCase", "UPPER CASE"),
            ("S14xfast", "s1.4xfast"),
            ("Red", "red"),
        ]),
        "duplicate values are dropped, colliding names numbered"
    );
    // A struct with a required enum cannot derive Default.
    assert!(matches!(
        ty(&m, "Palette").kind,
        TypeKind::Struct { default: false, .. }
    ));
}

#[test]
fn golden_one_of() {
    check_golden("one_of");
}

#[test]
fn one_of_model() {
    let m = model_fixture("one_of");
    let one_of = |name: &str| match &ty(&m, name).kind {
        TypeKind::OneOf {
            variants,
            other,
            discriminator,
        } => (variants.clone(), other.clone(), discriminator.clone()),
        other => panic!("`{name}` is not a oneOf: {other:?}"),
    };
    // With a discriminator: explicit mapping for Cat, the schema name for Dog.
    let (variants, other, discriminator) = one_of("Pet");
    assert_eq!(
        variants.iter().map(|v| v.name.as_str()).collect::<Vec<_>>(),
        ["Cat", "Dog"]
    );
    assert_eq!(other, "Other");
    assert_eq!(
        discriminator,
        Some((
            "petType".to_owned(),
            vec![("cat".to_owned(), 0), ("Dog".to_owned(), 1)]
        ))
    );
    // Without: variants named after their schemas minus the common prefix, chosen by shape.
    let (variants, _, discriminator) = one_of("ShippingOption");
    assert_eq!(discriminator, None);
    assert_eq!(
        variants
            .iter()
            .map(|v| (v.name.as_str(), v.ty.clone(), v.shape.clone()))
            .collect::<Vec<_>>(),
        [
            (
                "Nekopos",
                named("ShippingOptionOfNekopos"),
                Shape::Object {
                    properties: vec!["nekoposId".to_owned()],
                    required: vec![]
                }
            ),
            (
                "ExpeditedShipping",
                named("ShippingOptionOfExpeditedShipping"),
                Shape::Object {
                    properties: vec!["useExpeditedShipping".to_owned()],
                    required: vec!["useExpeditedShipping".to_owned()]
                }
            ),
        ]
    );
    // Primitives: one deduplicated type for the two identical inline oneOfs.
    assert_eq!(field(&m, "Setting", "value").ty, named("Fallback"));
    assert_eq!(field(&m, "Setting", "fallback").ty, named("Fallback"));
    let (variants, _, _) = one_of("Fallback");
    assert_eq!(
        variants
            .iter()
            .map(|v| (v.name.as_str(), v.ty.clone(), v.shape.clone()))
            .collect::<Vec<_>>(),
        [
            ("String", TypeRef::String, Shape::String),
            ("Integer", TypeRef::I64, Shape::Integer),
            ("Number", TypeRef::F64, Shape::Number),
            ("Boolean", TypeRef::Bool, Shape::Boolean),
            (
                "Array",
                TypeRef::Vec(Box::new(TypeRef::String)),
                Shape::Array
            ),
        ]
    );
    // An inline object variant is named after the oneOf and its position.
    let (variants, _, _) = one_of("Figure");
    assert_eq!(
        variants.iter().map(|v| v.name.as_str()).collect::<Vec<_>>(),
        ["Figure1", "Square"]
    );
}

/// `../shared/cases/generator/13-integer-page-key.yaml`: an integer page key no longer fails the
/// spec; the operation pages, and its builder parses the header's key (a key that is not a
/// number ends the stream: the runtime's `pagination` tests run that code over loopback).
/// Each integer `format` is the Rust integer of that width and sign, in fields, parameters, lists
/// and maps; a range the format's type cannot hold widens it, and a range no 64-bit integer holds
/// is `i64` with a warning at the schema. (Values are decoded in `codegen/golden-tests`.)
#[test]
fn golden_integer_formats() {
    let m = check_golden("integer_formats");
    let types: Vec<(&str, TypeRef)> = fields(&m, "Volume")
        .iter()
        .map(|f| (f.wire_name.as_str(), f.ty.clone()))
        .collect();
    assert_eq!(
        types,
        [
            ("sizeBytes", TypeRef::U64),
            ("inodes", TypeRef::U32),
            ("offset", TypeRef::I64),
            ("counter", TypeRef::U64),
            ("tiny", TypeRef::I8),
            ("small", TypeRef::I16),
            ("byte", TypeRef::U8),
            ("port", TypeRef::U16),
            ("plain", TypeRef::I64),
            ("widened", TypeRef::I64),
            ("ranged", TypeRef::I64),
            ("huge", TypeRef::I64),
            ("history", TypeRef::Vec(Box::new(TypeRef::U64))),
            ("flags", TypeRef::Map(Box::new(TypeRef::U8))),
        ]
    );
    let params: Vec<(&str, TypeRef)> = operation(&m, "listVolumes")
        .params
        .iter()
        .map(|p| (p.wire_name.as_str(), p.ty.clone()))
        .collect();
    assert_eq!(
        params,
        [
            ("shard", TypeRef::U32),
            ("minSize", TypeRef::U64),
            ("sizes", TypeRef::Vec(Box::new(TypeRef::U64))),
            ("delta", TypeRef::I8),
        ]
    );
    let warnings: Vec<(&str, &str)> = m
        .warnings
        .iter()
        .map(|w| (w.pointer.as_str(), w.message.as_str()))
        .collect();
    assert_eq!(
        warnings,
        [(
            "#/components/schemas/Volume/properties/huge",
            "the integer's `minimum` and `maximum` fit no 64-bit integer; typed `i64`, so values outside it fail to decode"
        )]
    );
}

#[test]
fn golden_integer_page_key() {
    let m = check_golden("integer_page_key");
    let op = operation(&m, "listCameraEvents");
    let p = op.pagination.as_ref().expect("paginated");
    assert_eq!(
        (p.param.as_str(), p.wire_param.as_str(), p.header.as_str()),
        (
            "last_evaluated_key",
            "last_evaluated_key",
            "x-soracom-next-key"
        )
    );
    assert_eq!(
        param(&m, "listCameraEvents", "last_evaluated_key").ty,
        TypeRef::I64
    );
    let items = p.items.as_ref().expect("the page is a list");
    assert_eq!(
        (items.field.is_none(), &items.ty),
        (true, &named("CameraEvent"))
    );
    let file = std::fs::read_to_string(
        golden_root().join("integer_page_key/src/generated/operations/list_camera_events.rs"),
    )
    .unwrap();
    assert!(
        file.contains(".parse()") && file.contains("which is not an integer"),
        "{file}"
    );
}

/// `../shared/cases/generator/14-undefined-security-scheme.yaml`: `security` naming schemes
/// `components` lacks is a warning at the operation's `security`, and the operation is kept,
/// sending no credential header of its own.
#[test]
fn golden_undefined_security_scheme() {
    let m = check_golden("undefined_security_scheme");
    let op = operation(&m, "createSandboxCoupon");
    assert!(op.security.is_empty(), "{:?}", op.security);
    let located: Vec<&str> = m
        .warnings
        .iter()
        .filter(|w| w.pointer == "#/paths/~1sandbox~1coupons/post/security")
        .map(|w| w.message.as_str())
        .collect();
    assert_eq!(located.len(), 2, "{:?}", m.warnings);
    assert!(
        located[0].contains("security scheme `api_key` is not defined"),
        "{located:?}"
    );
    assert!(
        located[1].contains("security scheme `api_token` is not defined"),
        "{located:?}"
    );
}

#[test]
fn golden_login_defaults() {
    let model = check_golden("login_defaults");
    // A required string path parameter named in `login_defaults` is a setter taking the login
    // value when not set; any other parameter of that name is as it was.
    for (op, wire, value) in [
        ("listProjects", "account_id", Some("account")),
        ("moveProject", "account_id", Some("account")),
        ("moveProject", "region", Some("region")),
        ("moveProject", "project_id", None),
        // An integer path parameter, a query parameter: not defaulted.
        ("getLegacyAccount", "account_id", None),
        ("getLegacyAccount", "region", None),
    ] {
        let p = param(&model, op, wire);
        assert_eq!(p.login_default.as_deref(), value, "{op} {wire}");
        assert_eq!(
            p.is_argument(),
            p.required && value.is_none(),
            "{op} {wire}"
        );
    }
    // Without the settings, the same spec has no defaults (spec-diff's plain view).
    let plain = model_fixture("login_defaults");
    assert!(plain
        .operations
        .iter()
        .flat_map(|o| &o.params)
        .all(|p| p.login_default.is_none()));
    // An entry that matches no required string path parameter is refused, naming it.
    let (file, text) = fixture("login_defaults");
    let mut settings = fixture_settings("login_defaults");
    settings
        .login_defaults
        .insert("acount_id".to_owned(), "account".to_owned());
    let error = codegen::generate_with(&input(&file, &text), COMMAND, &settings).unwrap_err();
    assert_eq!(
        error.to_string(),
        "configuration: login_defaults names `acount_id`, which no generated operation has as a required path \
         parameter of type string"
    );
}

#[test]
fn golden_maps() {
    check_golden("maps");
}

#[test]
fn maps_model() {
    let m = model_fixture("maps");
    let map = |t: TypeRef| TypeRef::Map(Box::new(t));
    assert_eq!(
        operation(&m, "getLabels").response,
        ResponseKind::Json(map(TypeRef::String))
    );
    assert_eq!(
        operation(&m, "getPrices").response,
        ResponseKind::Json(map(named("Price")))
    );
    assert_eq!(
        operation(&m, "getRaw").response,
        ResponseKind::Json(TypeRef::JsonObject)
    );
    let meta: Vec<(&str, TypeRef)> = fields(&m, "Meta")
        .iter()
        .map(|f| (f.wire_name.as_str(), f.ty.clone()))
        .collect();
    assert_eq!(
        meta,
        [
            ("tags", map(TypeRef::String)),
            ("prices", map(named("Price"))),
            ("nested", map(TypeRef::Vec(Box::new(TypeRef::I64)))),
            ("free", TypeRef::JsonObject),
            ("extra", TypeRef::JsonObject),
            ("anything", TypeRef::Json),
        ]
    );
    // Strings decode leniently only where the spec shows numbers in them (an example) or a
    // digits-only date format; this fixture has neither.
    assert!(!field(&m, "Meta", "tags").lenient);
    // An object schema without properties is not a named type.
    assert_eq!(type_names(&m), ["Meta", "Price"]);
}

#[test]
fn golden_keywords() {
    check_golden("keywords");
}

#[test]
fn keywords_model() {
    let m = model_fixture("keywords");
    assert_eq!(type_names(&m), ["Keywords", "ResultModel", "StringModel"]);
    let names: Vec<(&str, &str)> = fields(&m, "Keywords")
        .iter()
        .map(|f| (f.wire_name.as_str(), f.name.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("type", "r#type"),
            ("self", "self_"),
            ("Self", "self_2"),
            ("match", "r#match"),
            ("async", "r#async"),
            ("crate", "crate_"),
            ("1st", "_1st"),
            ("foo-bar", "foo_bar"),
            ("", "value"),
            ("result", "result"),
        ]
    );
    assert_eq!(field(&m, "Keywords", "result").ty, named("ResultModel"));
    let op = operation(&m, "type");
    assert_eq!(
        (
            op.method_name.as_str(),
            op.builder_name.as_str(),
            op.module.as_str()
        ),
        ("r#type", "Type", "type_")
    );
    let params: Vec<(&str, &str, ParamLocation)> = op
        .params
        .iter()
        .map(|p| (p.wire_name.as_str(), p.name.as_str(), p.location))
        .collect();
    assert_eq!(
        params,
        [
            ("type", "r#type", ParamLocation::Path),
            ("client", "client2", ParamLocation::Query),
            ("self", "self_", ParamLocation::Query),
            ("match", "r#match", ParamLocation::Header),
        ]
    );
    let op = operation(&m, "match");
    assert_eq!(op.method_name, "r#match");
    assert_eq!(op.body.as_ref().unwrap().ty, named("StringModel"));
    assert_eq!(op.response, ResponseKind::Json(named("StringModel")));
}

/// `readOnly` and `writeOnly`: optional (and for `readOnly`, never sent) in the direction where
/// they do not apply, by the direction each type travels in. (Sent and received over loopback in
/// `codegen/golden-tests`.)
#[test]
fn golden_read_write_only() {
    let m = check_golden("read_write_only");
    let of = |type_name: &str| -> Vec<(&str, bool, bool)> {
        fields(&m, type_name)
            .iter()
            .map(|f| (f.wire_name.as_str(), f.required, f.never_sent))
            .collect()
    };
    // (property, required, never sent)
    assert_eq!(
        of("Device"),
        [
            ("id", false, true),
            ("createdAt", false, true),
            ("name", true, false),
            ("secret", false, false),
            ("location", false, false),
        ]
    );
    assert_eq!(
        of("StoredDevice"),
        [
            ("id", true, false),
            ("name", true, false),
            ("secret", false, false)
        ]
    );
    assert_eq!(
        of("DeviceUpdate"),
        [("secret", true, false), ("revision", false, true)]
    );
    assert_eq!(
        of("Location"),
        [("label", true, false), ("geohash", false, true)]
    );
    assert!(m.warnings.is_empty(), "{:?}", m.warnings);
}

/// `From` between structs of nearly the same shape, decided field by field in the model, and
/// slice accessors for optional lists whose names shadow no trait method. (Used over loopback in
/// `codegen/golden-tests`.)
#[test]
fn golden_conversions() {
    let m = check_golden("conversions");
    // (source, [how each field of the target is filled])
    let conversions = |name: &str| -> Vec<(String, Vec<String>)> {
        match &ty(&m, name).kind {
            TypeKind::Struct { conversions, .. } => conversions
                .iter()
                .map(|c| {
                    let fields = c
                        .fields
                        .iter()
                        .map(|f| match f {
                            FieldSource::Moved(s) => format!("value.{s}"),
                            FieldSource::Wrapped(s) => format!("Some(value.{s})"),
                            FieldSource::Absent => "None".to_owned(),
                        })
                        .collect();
                    (c.from.clone(), fields)
                })
                .collect(),
            other => panic!("{other:?}"),
        }
    };
    // Note's sources: NoteA and NoteB have the same fields, so neither converts (which one is
    // meant cannot be told); Echo, of its own shape, does.
    assert_eq!(
        conversions("Note"),
        [(
            "Echo".to_owned(),
            ["value.title", "value.body", "value.author"]
                .map(String::from)
                .to_vec()
        )]
    );
    // Address's fields: city, zip, street, phone, email, tags.
    assert_eq!(
        conversions("Address"),
        [(
            "StoredAddress".to_owned(),
            [
                "value.city",
                "value.zip",
                "value.street",
                "Some(value.phone)",
                "None",
                "value.tags"
            ]
            .map(String::from)
            .to_vec()
        )]
    );
    // Only sent types convert: the others are never targets (NoteA would take Echo). As
    // sources, Tiny shares two fields with Address, Mismatch's `zip` is an integer, Sparse has
    // only half of Address's fields.
    for name in [
        "StoredAddress",
        "Tiny",
        "Mismatch",
        "Sparse",
        "Others",
        "NoteA",
        "NoteB",
        "Echo",
    ] {
        assert!(
            conversions(name).is_empty(),
            "{name}: {:?}",
            conversions(name)
        );
    }
    let accessors: Vec<(&str, Option<Accessor>)> = fields(&m, "Others")
        .iter()
        .map(|f| (f.wire_name.as_str(), f.accessor))
        .collect();
    assert_eq!(
        accessors,
        [
            ("tiny", None),
            ("mismatch", None),
            ("sparse", None),
            ("clone", None),
            ("all", None),
            ("yearMonth", Some(Accessor::YearMonth)),
            ("expiry", Some(Accessor::YearMonth)),
            ("expiryDate", None),
        ]
    );
    assert_eq!(field(&m, "Address", "tags").accessor, Some(Accessor::Slice));
}

/// Links in descriptions: operation references are intra-doc links to the methods (the golden
/// crate's rustdoc, run with `-D warnings` in CI, checks they resolve); what cannot be resolved
/// is plain text with a warning at its place.
#[test]
fn golden_doc_links() {
    let m = check_golden("doc_links");
    let op = operation(&m, "getThing");
    let docs = op.docs.join(" ");
    assert!(
        docs.contains("[Thing:listThings](crate::generated::Client::list_things)")
            && docs.contains("[the RFC](https://www.rfc-editor.org/rfc/rfc9110)")
            && docs.contains("see the guide and"),
        "{docs}"
    );
    assert_eq!(
        op.params[0].docs.join(" "),
        "The id ([listThings](crate::generated::Client::list_things) gives it; not exportThings)."
    );
    assert!(ty(&m, "Thing").docs[0].contains("[getThing](crate::generated::Client::get_thing)"));
    assert_eq!(
        field(&m, "Thing", "name").docs,
        ["Its name (see `[not](#/a/link)` in code)."]
    );
    let warnings: Vec<(&str, &str)> = m
        .warnings
        .iter()
        .map(|w| (w.pointer.as_str(), w.message.as_str()))
        .collect();
    assert_eq!(
        warnings,
        [
            (
                "#/paths/~1things~1{id}/get",
                "the link `/docs/things/#ids` leads nowhere in rustdoc (a site-relative link, and no documentation base is set); kept as plain text"
            ),
            (
                "#/paths/~1things~1{id}/get/parameters",
                "the link `#!/Thing/exportThings` leads nowhere in rustdoc (it names no operation of this client); kept as plain text"
            ),
        ]
    );
}

/// Schema keywords (`codegen/src/build/keywords.rs`): those ignored by design (validation,
/// annotations, `xml`, vendor extensions) give no warning; those honoured are typed; each one not
/// honoured where it is written gives one warning at its schema's JSON pointer, saying what the
/// generated code does instead, and the type is what the rest of the schema says.
#[test]
fn golden_ignored_keywords() {
    let m = check_golden("ignored_keywords");
    let types: Vec<(&str, TypeRef)> = fields(&m, "Gauge")
        .iter()
        .map(|f| (f.wire_name.as_str(), f.ty.clone()))
        .collect();
    let vec = |t: TypeRef| TypeRef::Vec(Box::new(t));
    assert_eq!(
        types,
        [
            ("id", TypeRef::String),
            ("name", TypeRef::String),
            ("installedAt", TypeRef::String),
            ("scale", TypeRef::F64),
            ("kind", named("Kind")),
            ("value", named("ValueModel")),
            ("secretKey", TypeRef::String),
            ("tags", vec(TypeRef::String)),
            ("notes", vec(TypeRef::String)),
            ("precision", TypeRef::F64),
            ("serial", TypeRef::I64),
            ("active", TypeRef::Bool),
            ("calibrated", TypeRef::Bool),
            ("unit", TypeRef::String),
            ("code", TypeRef::String),
            ("range", named("Range")),
            ("size", vec(TypeRef::I64)),
            ("history", vec(TypeRef::String)),
            ("reading", named("Reading")),
        ]
    );
    // A one-value string enum is a one-variant enum; `anyOf` is typed like `oneOf`.
    assert_eq!(enum_values(&m, "Kind").0, pairs(&[("Analog", "analog")]));
    assert!(matches!(ty(&m, "ValueModel").kind, TypeKind::OneOf { .. }));
    assert_eq!(param(&m, "listGauges", "level").ty, TypeRef::I64);
    let warnings: Vec<(&str, &str, &str)> = m
        .warnings
        .iter()
        .map(|w| (w.file.as_str(), w.pointer.as_str(), w.message.as_str()))
        .collect();
    let at = |property: &str| format!("#/components/schemas/Gauge/properties/{property}");
    let expected: Vec<(String, &str)> = vec![
        (at("active"), "`format: flag` applies to strings and numbers, but this schema is typed as `bool`; ignored"),
        (at("calibrated"), "`enum` is typed for strings only: this schema is typed as `bool`, so any value decodes and can be sent, not only those listed"),
        (at("code"), "`required` applies to objects, but this schema is typed as a `String`; ignored"),
        (at("history/items"), "`writeOnly` is honoured on properties only; ignored here"),
        (at("notes/items"), "`#/components/schemas/Note` is nullable, but `nullable` is honoured on properties only: array items are typed without `null`, so a `null` one fails to decode"),
        (at("precision"), "number `format: decimal` is not `float` or `double`; typed `f64`"),
        (at("range"), "`items` applies to arrays, but this schema is typed as a struct; ignored"),
        (at("serial"), "integer `format: int128` is not one this generator knows (`int8` … `int64`, `uint8` … `uint64`); typed `i64`"),
        (at("size"), "`type: integer` is not honoured: the schema's other keywords make it a `Vec`"),
        (at("tags/items"), "`nullable` is honoured on properties (and the schemas they `$ref`) only: here the schema is typed as a `String`, which has no `null`"),
        (at("unit"), "`const` is not an OpenAPI 3.0 schema keyword; ignored: the schema is typed as a `String` by its other keywords"),
        ("#/components/schemas/Reading".to_owned(), "`discriminator` is honoured beside `oneOf` or `anyOf` only: this schema is typed as a struct and its `kind` chooses no other schema (list the schemas that extend it in a `oneOf` with the discriminator)"),
        ("#/components/schemas/Reading".to_owned(), "`readOnly` is honoured on properties only; ignored here, and a property that `$ref`s this schema does not inherit it (write `readOnly: true` beside `allOf: [$ref: …]` in the property)"),
        ("#/paths/~1gauges/get/parameters/0/schema".to_owned(), "`enum` is typed for strings only: this schema is typed as `i64`, so any value decodes and can be sent, not only those listed"),
    ];
    let expected: Vec<(&str, &str, &str)> = expected
        .iter()
        .map(|(pointer, message)| ("fixtures/ignored_keywords.yaml", pointer.as_str(), *message))
        .collect();
    assert_eq!(warnings, expected);
}

/// An enum over statuses as (name, [(variant, status, body)], catch-all variant).
type StatusShape = (
    String,
    Vec<(String, Option<u16>, ResponseKind)>,
    Option<String>,
);

/// Several success shapes: an enum over the statuses (named after the builder), each variant
/// with its own body type; `Other` only without a `2XX` range; one shape (a body next to none,
/// or one type under two statuses) keeps the plain signature. (Called in `codegen/golden-tests`.)
#[test]
fn golden_status_responses() {
    let m = check_golden("status_responses");
    let shape = |op: &str| -> StatusShape {
        match &operation(&m, op).response {
            ResponseKind::ByStatus(e) => (
                e.name.clone(),
                e.variants
                    .iter()
                    .map(|v| (v.name.clone(), v.status, (*v.body).clone()))
                    .collect(),
                e.other.clone(),
            ),
            other => panic!("{op} returns {other:?}"),
        }
    };
    assert_eq!(
        shape("runJob"),
        (
            "RunJobResponse".to_owned(),
            vec![
                (
                    "Ok".to_owned(),
                    Some(200),
                    ResponseKind::Json(named("JobResult"))
                ),
                (
                    "Accepted".to_owned(),
                    Some(202),
                    ResponseKind::Json(named("JobTicket"))
                ),
            ],
            Some("Other".to_owned())
        )
    );
    assert_eq!(
        shape("getJob"),
        (
            "GetJobResponse".to_owned(),
            vec![
                (
                    "Ok".to_owned(),
                    Some(200),
                    ResponseKind::Json(named("GetJobResponse200"))
                ),
                (
                    "NonAuthoritativeInformation".to_owned(),
                    Some(203),
                    ResponseKind::Json(named("GetJobResponse203"))
                ),
                ("NoContent".to_owned(), Some(204), ResponseKind::Unit),
                ("Success".to_owned(), None, ResponseKind::Text),
            ],
            None
        )
    );
    assert_eq!(
        operation(&m, "deleteJob").response,
        ResponseKind::Json(named("JobResult"))
    );
    assert_eq!(
        operation(&m, "rerunJob").response,
        ResponseKind::Json(named("JobResult"))
    );
    assert!(m.warnings.is_empty(), "{:?}", m.warnings);
}

#[test]
fn golden_responses() {
    check_golden("responses");
}

#[test]
fn responses_model() {
    let m = model_fixture("responses");
    let responses: Vec<(&str, ResponseKind)> = m
        .operations
        .iter()
        .map(|o| (o.id.as_str(), o.response.clone()))
        .collect();
    assert_eq!(
        responses,
        [
            ("createThing", ResponseKind::Unit),
            ("deleteThing", ResponseKind::Unit),
            ("download", ResponseKind::Bytes),
            ("getAny", ResponseKind::Json(TypeRef::Json)),
            ("getCsv", ResponseKind::Bytes),
            (
                "getEither",
                ResponseKind::Json(TypeRef::Vec(Box::new(TypeRef::String)))
            ),
            (
                "getLowest",
                ResponseKind::ByStatus(StatusResponses {
                    name: "GetLowestResponse".to_owned(),
                    variants: vec![
                        StatusVariant {
                            name: "Ok".to_owned(),
                            status: Some(200),
                            body: Box::new(ResponseKind::Json(TypeRef::Bool)),
                            docs: vec!["OK".to_owned()],
                        },
                        StatusVariant {
                            name: "Accepted".to_owned(),
                            status: Some(202),
                            body: Box::new(ResponseKind::Text),
                            docs: vec![
                                "Another body than the 200's; the call returns an enum over the two."
                                    .to_owned()
                            ],
                        },
                    ],
                    other: Some("Other".to_owned()),
                })
            ),
            ("getNothing", ResponseKind::Unit),
            ("getRange", ResponseKind::Json(TypeRef::I32)),
            ("getText", ResponseKind::Text),
            ("postNote", ResponseKind::Json(named("PostNoteResponse"))),
            ("submitForm", ResponseKind::Unit),
            ("upload", ResponseKind::Unit),
        ],
        "operations are sorted by method name"
    );
    let upload = operation(&m, "upload").body.as_ref().unwrap();
    assert_eq!(
        (upload.encoding, upload.required),
        (BodyEncoding::Bytes, true)
    );
    let note = operation(&m, "postNote").body.as_ref().unwrap();
    assert_eq!((note.encoding, note.required), (BodyEncoding::Text, false));
    assert_eq!(note.docs, ["The note."]);
    // A form is preferred to multipart; its object becomes a struct.
    let form = operation(&m, "submitForm").body.as_ref().unwrap();
    assert_eq!(
        (form.encoding, form.required, &form.ty),
        (BodyEncoding::Form, true, &named("SubmitFormRequest"))
    );
    // The 204's declared schema and the 400's are not generated.
    assert_eq!(type_names(&m), ["PostNoteResponse", "SubmitFormRequest"]);
}

#[test]
fn golden_cycles() {
    check_golden("cycles");
}

/// The printed `Deserialize` (codegen/src/emit/deserialize.rs) meets every kind of field, and
/// names its visitor's items so that no schema or property shadows them: the crate compiles, and
/// `codegen/golden-tests/tests/decoding.rs` decodes it value by value.
#[test]
fn golden_decoding() {
    let m = check_golden("decoding");
    let record = |wire: &str| field(&m, "Record", wire);
    assert!(record("code").lenient, "the example sends a number");
    assert!(!record("type").lenient);
    assert!(record("child").boxed);
    assert_eq!(
        (record("note").required, record("note").is_option()),
        (true, true)
    );
    assert_eq!(record("x-count").name.bare(), "x_count");
    assert_eq!(
        type_names(&m),
        ["A", "D", "Empty", "Key", "Locals", "Record", "Visitor"]
    );
    // Only the ASCII part of `é_é_map` is a name: `map`, never `__map`, a local of the visitor.
    let locals: Vec<&str> = fields(&m, "Locals").iter().map(|f| f.name.bare()).collect();
    assert_eq!(locals, ["map", "key", "index", "state"]);
    let text =
        std::fs::read_to_string(golden_root().join("decoding/src/generated/models/d.rs")).unwrap();
    assert!(
        text.contains("fn deserialize<__D:") && !text.contains("derive(Deserialize"),
        "printed, not derived"
    );
}

#[test]
fn cycles_model() {
    let m = model_fixture("cycles");
    let boxed = |owner: &str, wire: &str| field(&m, owner, wire).boxed;
    assert!(boxed("Node", "parent"), "a type containing itself is boxed");
    assert!(!boxed("Node", "name"));
    assert!(
        boxed("A", "b") && boxed("B", "a"),
        "mutual recursion is boxed"
    );
    assert!(!boxed("B", "label"));
    assert!(!boxed("Tree", "children"), "a Vec needs no box");
    assert!(!boxed("Tree", "byName"), "a map needs no box");
    for f in fields(&m, "Graph") {
        assert!(!f.boxed, "Graph is not part of a cycle ({})", f.wire_name);
    }
    assert!(m.warnings.is_empty(), "{:?}", m.warnings);
}

#[test]
fn golden_collisions() {
    check_golden("collisions");
}

#[test]
fn collisions_model() {
    let m = model_fixture("collisions");
    assert_eq!(type_names(&m), ["Thing", "Thing2"]);
    assert_eq!(
        ty(&m, "Thing2").origins,
        ["fixtures/collisions.yaml#/components/schemas/thing"]
    );
    let names: Vec<(&str, &str)> = fields(&m, "Thing")
        .iter()
        .map(|f| (f.wire_name.as_str(), f.name.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            // `foo_bar` is already its own identifier and keeps it; the others are numbered
            // in sorted order of their names, whatever the order of the properties.
            ("fooBar", "foo_bar3"),
            ("foo_bar", "foo_bar"),
            ("FooBar", "foo_bar2")
        ]
    );
    let ops: Vec<(&str, &str, &str, &str)> = m
        .operations
        .iter()
        .map(|o| {
            (
                o.id.as_str(),
                o.method_name.as_str(),
                o.builder_name.as_str(),
                o.module.as_str(),
            )
        })
        .collect();
    assert_eq!(
        ops,
        [
            ("getThing", "get_thing", "GetThing", "get_thing"),
            ("get_thing", "get_thing2", "GetThing2", "get_thing2"),
        ]
    );
}

#[test]
fn golden_objects() {
    check_golden("objects");
}

#[test]
fn objects_model() {
    let m = model_fixture("objects");
    // `Base` is only an allOf member: merged into Employee, not generated on its own.
    assert_eq!(type_names(&m), ["Address", "Employee", "Person"]);
    let shape = |f: &Field| (f.required, f.nullable, f.is_option());
    assert_eq!(shape(field(&m, "Person", "name")), (true, false, false));
    assert_eq!(shape(field(&m, "Person", "nickname")), (true, true, true));
    assert_eq!(shape(field(&m, "Person", "age")), (false, false, true));
    assert_eq!(shape(field(&m, "Person", "counts")), (false, true, true));
    assert_eq!(field(&m, "Person", "age").ty, TypeRef::I32);
    assert_eq!(field(&m, "Person", "counts").ty, TypeRef::I64);
    // A single-member allOf is the referenced type, with the property's description.
    let address = field(&m, "Person", "address");
    assert_eq!(address.ty, named("Address"));
    assert_eq!(
        address.docs,
        ["A single-member allOf is the reference itself."]
    );
    // allOf: members' properties in order; required if any member requires them.
    let employee: Vec<(&str, bool)> = fields(&m, "Employee")
        .iter()
        .map(|f| (f.wire_name.as_str(), f.required))
        .collect();
    assert_eq!(
        employee,
        [
            ("id", true),
            ("createdAt", true),
            ("team", true),
            ("manager", false)
        ]
    );
    assert_eq!(
        ty(&m, "Employee").docs,
        ["allOf merging a reference and an inline object."]
    );
    let op = operation(&m, "createEmployee");
    assert_eq!(op.body.as_ref().unwrap().ty, named("Employee"));
    assert_eq!(op.response, ResponseKind::Json(named("Employee")));
}

/// Issue 11, `allOf` as people write it (`../shared/cases/generator/10-allof-required-only-member.yaml`
/// is `NewTransfer`): `required` in members without properties, keywords beside `allOf`, the two
/// nullable-`$ref` idioms, `required` as the union of every member's and the sibling list, and a
/// `required` name no member declares as a warning at its entry. The golden crate's
/// `tests/decode.rs` (hand-written, outside the generated `src/`) decodes and builds the types.
#[test]
fn golden_allof_shapes() {
    check_golden("allof_shapes");
}

#[test]
fn allof_shapes_model() {
    let m = model_fixture("allof_shapes");
    // The nullable idioms are the referenced type: no `NullableUpdate`, no struct per property.
    assert_eq!(
        type_names(&m),
        [
            "Broken",
            "InlineRequired",
            "MemoTransfer",
            "NewTransfer",
            "NewTransferByRef",
            "Payment",
            "Receipt",
            "Shapes",
            "Status",
            "TransferUpdate",
            "Union",
            "UntypedRequirements",
        ]
    );
    // (wire name, required, nullable, type) of each field, in order.
    let summary = |name: &str| -> Vec<(String, bool, bool, TypeRef)> {
        fields(&m, name)
            .iter()
            .map(|f| (f.wire_name.clone(), f.required, f.nullable, f.ty.clone()))
            .collect()
    };
    let row = |wire: &str, required: bool, ty: TypeRef| (wire.to_owned(), required, false, ty);
    let s = TypeRef::String;
    let n = TypeRef::F64;
    // 1. A member with only `required` makes the other member's properties required, inline
    // (the case-10 sample), as a `$ref`'d component, written without `type`, and through an
    // `allOf` of an `allOf`.
    let transfer = |memo: bool| {
        vec![
            row("from", true, s.clone()),
            row("to", true, s.clone()),
            row("amount", true, n.clone()),
            row("memo", memo, s.clone()),
        ]
    };
    assert_eq!(summary("NewTransfer"), transfer(false));
    assert_eq!(summary("NewTransferByRef"), transfer(false));
    assert_eq!(summary("MemoTransfer"), transfer(true));
    assert_eq!(
        summary("UntypedRequirements"),
        [
            row("from", false, s.clone()),
            row("to", false, s.clone()),
            row("amount", false, n.clone()),
            row("memo", true, s.clone()),
        ]
    );
    assert!(fields(&m, "TransferUpdate").iter().all(|f| !f.required));
    assert!(fields(&m, "NewTransfer")
        .iter()
        .all(|f| f.is_option() == (f.wire_name == "memo")));
    assert_eq!(
        operation(&m, "createTransfer").body.as_ref().unwrap().ty,
        named("NewTransfer")
    );
    // 2. Properties, required and description beside `allOf` (with and without `type: object`):
    // the members' fields, then the schema's own.
    assert_eq!(
        summary("Payment"),
        [
            row("from", false, s.clone()),
            row("to", false, s.clone()),
            row("amount", true, n.clone()),
            row("memo", false, s.clone()),
            row("id", true, s.clone()),
            row("note", false, s.clone()),
        ]
    );
    assert_eq!(
        ty(&m, "Payment").docs,
        ["A transfer with an id, written beside allOf."]
    );
    assert_eq!(
        summary("Receipt"),
        [
            row("from", true, s.clone()),
            row("to", false, s.clone()),
            row("amount", false, n.clone()),
            row("memo", false, s.clone()),
            row("number", true, TypeRef::I64),
        ]
    );
    assert_eq!(
        ty(&m, "Receipt").docs,
        ["Properties beside allOf, no type."]
    );
    // 4. `required` is the union: each member's own list (`a` from Left, `b` from Right), an
    // inline member's list naming another member's property (`c`), and the sibling list (`d`).
    assert_eq!(
        summary("Union"),
        [
            row("a", true, s.clone()),
            row("b", true, s.clone()),
            row("c", true, s.clone()),
            row("f", true, TypeRef::Bool),
            row("d", true, s.clone()),
            row("e", false, s.clone()),
        ]
    );
    // 3. Both nullable-`$ref` idioms, as properties (required or not) and as components, are
    // `Option` of the referenced type; so is one of an enum.
    let nullable = |wire: &str, required: bool, ty: TypeRef| (wire.to_owned(), required, true, ty);
    let update = named("TransferUpdate");
    let shapes = summary("Shapes");
    assert_eq!(
        shapes[8..],
        [
            nullable("memberNullRequired", true, update.clone()),
            nullable("memberNullOptional", false, update.clone()),
            nullable("siblingNullRequired", true, update.clone()),
            nullable("siblingNullOptional", false, update.clone()),
            nullable("componentNullRequired", true, update.clone()),
            nullable("componentNullTooRequired", true, update.clone()),
            nullable("statusRequired", true, named("Status")),
            nullable("inlineRequired", true, named("InlineRequired")),
        ]
    );
    assert!(fields(&m, "Shapes")[8..].iter().all(Field::is_option));
    assert_eq!(
        field(&m, "Shapes", "memberNullRequired").docs,
        ["The last update, or null."]
    );
    // An inline `allOf` with keywords beside it is an inline struct with its description.
    assert_eq!(
        summary("InlineRequired"),
        [
            row("from", false, s.clone()),
            row("to", false, s.clone()),
            row("amount", true, n.clone()),
            row("memo", false, s.clone()),
            row("tag", true, s.clone()),
        ]
    );
    assert_eq!(
        ty(&m, "InlineRequired").docs,
        ["An inline allOf with its own property."]
    );
    // 5. A `required` name no member declares: the struct is kept, each name a warning at its
    // entry (a member's list, the sibling list), and these are the fixture's only warnings.
    assert_eq!(
        summary("Broken"),
        [
            row("from", true, s.clone()),
            row("to", false, s.clone()),
            row("amount", false, n.clone()),
            row("memo", false, s.clone()),
        ]
    );
    let warnings: Vec<(&str, &str, &str)> = m
        .warnings
        .iter()
        .map(|w| (w.file.as_str(), w.pointer.as_str(), w.message.as_str()))
        .collect();
    assert_eq!(
        warnings,
        [
            (
                "fixtures/allof_shapes.yaml",
                "#/components/schemas/Broken/allOf/0/required/1",
                "`required` names `ghost`, which no member of the `allOf` declares; ignored"
            ),
            (
                "fixtures/allof_shapes.yaml",
                "#/components/schemas/Broken/required/0",
                "`required` names `phantom`, which no member of the `allOf` declares; ignored"
            ),
        ]
    );
}

#[test]
fn golden_params() {
    check_golden("params");
}

#[test]
fn params_model() {
    let m = model_fixture("params");
    let op = operation(&m, "getItem");
    let params: Vec<(&str, &str, ParamLocation, bool)> = op
        .params
        .iter()
        .map(|p| {
            (
                p.wire_name.as_str(),
                p.name.as_str(),
                p.location,
                p.required,
            )
        })
        .collect();
    assert_eq!(
        params,
        [
            ("itemId", "item_id", ParamLocation::Path, true),
            ("X-Trace", "x_trace", ParamLocation::Header, false),
            ("fields", "fields", ParamLocation::Query, false),
            ("ids", "ids", ParamLocation::Query, true),
            ("kinds", "kinds", ParamLocation::Query, false),
            ("limit", "limit", ParamLocation::Query, false),
            ("X-Request-Id", "x_request_id", ParamLocation::Header, true),
            ("verbose", "verbose", ParamLocation::Query, false),
        ]
    );
    let vec = |t: TypeRef| TypeRef::Vec(Box::new(t));
    assert_eq!(param(&m, "getItem", "fields").ty, vec(TypeRef::String));
    assert_eq!(param(&m, "getItem", "ids").ty, vec(TypeRef::I64));
    assert_eq!(param(&m, "getItem", "kinds").ty, vec(named("Kind")));
    assert_eq!(param(&m, "getItem", "verbose").ty, TypeRef::Bool);
    // The path-level parameter is shared; an operation-level one of the same name overrides it.
    assert_eq!(
        param(&m, "deleteItem", "itemId").docs,
        ["Declared once for both operations."]
    );
    let trace = param(&m, "deleteItem", "X-Trace");
    assert!(trace.required);
    assert_eq!(trace.docs, ["Overrides the path-level one."]);
    assert_eq!(operation(&m, "deleteItem").params.len(), 2);
    // Path parameters in template order, whatever the declaration order.
    let part: Vec<&str> = operation(&m, "getPart")
        .params
        .iter()
        .map(|p| p.wire_name.as_str())
        .collect();
    assert_eq!(part, ["itemId", "partNo"]);
    // Global security, and `security: []` to opt out.
    let security: Vec<(&str, &str)> = op
        .security
        .iter()
        .map(|s| (s.scheme.as_str(), s.header.as_str()))
        .collect();
    assert_eq!(security, [("api_key", "X-Api-Key")]);
    assert!(operation(&m, "deleteItem").security.is_empty());
    let servers: Vec<(&str, Option<&str>)> = m
        .servers
        .iter()
        .map(|s| (s.url.as_str(), s.description.as_deref()))
        .collect();
    assert_eq!(
        servers,
        [
            ("https://api.example.com/v1", Some("Production")),
            ("https://sandbox.example.com/v1", None),
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// Awkward names: Rust keywords, std and runtime names, names that only differ in case or
// punctuation. Whatever the spec calls things, the golden crates of these fixtures must compile.

#[test]
fn golden_names_operations() {
    check_golden("names_operations");
}

#[test]
fn names_operations_model() {
    let m = model_fixture("names_operations");
    let keywords = [
        "type",
        "match",
        "crate",
        "super",
        "mod",
        "fn",
        "async",
        "await",
        "dyn",
        "try",
        "loop",
        "where",
        "use",
        "impl",
        "2fa",
        "get-thing/v2",
        "_",
    ];
    let mut methods: Vec<(&str, &str, &str)> = m
        .operations
        .iter()
        .filter(|o| keywords.contains(&o.id.as_str()))
        .map(|o| {
            (
                o.id.as_str(),
                o.method_name.as_str(),
                o.builder_name.as_str(),
            )
        })
        .collect();
    methods.sort();
    let expected = [
        ("2fa", "_2fa", "V2fa"),
        ("_", "value", "Unnamed"),
        ("async", "r#async", "Async"),
        ("await", "r#await", "Await"),
        ("crate", "crate_", "Crate"),
        ("dyn", "r#dyn", "Dyn"),
        ("fn", "r#fn", "Fn"),
        ("get-thing/v2", "get_thing_v2", "GetThingV2"),
        ("impl", "r#impl", "Impl"),
        ("loop", "r#loop", "Loop"),
        ("match", "r#match", "Match"),
        ("mod", "r#mod", "Mod"),
        ("super", "super_", "Super"),
        ("try", "r#try", "Try"),
        ("type", "r#type", "Type"),
        ("use", "r#use", "Use"),
        ("where", "r#where", "Where"),
    ];
    assert_eq!(methods, expected);
    let modules: Vec<&str> = m.operations.iter().map(|o| o.module.as_str()).collect();
    assert!(modules.contains(&"type_") && modules.contains(&"mod_") && modules.contains(&"crate_"));
    // Named like what operation files use (locals, imports, std names); rustc checks the rest.
    let ids: BTreeSet<&str> = m.operations.iter().map(|o| o.id.as_str()).collect();
    for id in [
        "request",
        "result",
        "client",
        "error",
        "method",
        "operation",
        "intoFuture",
        "boxFuture",
        "box",
        "option",
        "string",
        "self",
    ] {
        assert!(ids.contains(id), "the fixture has an operation `{id}`");
    }
}

#[test]
fn golden_names_models() {
    check_golden("names_models");
}

#[test]
fn names_models_model() {
    let m = model_fixture("names_models");
    // Schemas named like std or runtime names the generated code uses unqualified are renamed;
    // `Request`, `Operation` and `Method`, which only operation files import (they refer to
    // models as `models::X`), are kept.
    assert_eq!(
        type_names(&m),
        [
            "BoxModel",
            "ClientModel",
            "EnumSelf",
            "EnumValues",
            "ErrorModel",
            "Figure",
            "Kind",
            "MapModel",
            "Method",
            "MethodBuilder",
            "Operation",
            "OptionModel",
            "Properties",
            "Request",
            "ResultModel",
            "RuntimeNames",
            "SelfModel",
            "Shape",
            "ShapeVariant",
            "StdNames",
            "StringModel",
            "ValueModel",
            "VecModel",
            "Who",
        ]
    );
    for name in [
        "Result", "String", "Box", "Option", "Vec", "Client", "Error", "Value", "Map", "Self",
    ] {
        assert_eq!(
            ty(&m, &format!("{name}Model")).origins,
            [format!(
                "fixtures/names_models.yaml#/components/schemas/{name}"
            )]
        );
    }
    // Keyword and awkward enum values.
    let (kind, unknown) = enum_values(&m, "Kind");
    let names: Vec<&str> = kind.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(
        names,
        [
            // "A-B" sorts before "a b": colliding names are numbered in sorted order of their
            // values, so that reordering the enum never renames a variant.
            "Type", "Match", "Crate", "Super", "Async", "Empty", "Unknown", "AB2", "AB", "V42",
            "Other"
        ]
    );
    assert_eq!(unknown, "Unknown2");
    assert_eq!(
        enum_values(&m, "Who").0,
        pairs(&[("SelfValue", "self"), ("Other", "other")])
    );
    // Keyword and awkward property names.
    let names: Vec<(&str, &str)> = fields(&m, "Properties")
        .iter()
        .map(|f| (f.wire_name.as_str(), f.name.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("type", "r#type"),
            ("self", "self_"),
            ("Self", "self_2"),
            ("super", "super_"),
            ("crate", "crate_"),
            ("match", "r#match"),
            ("fn", "r#fn"),
            ("1st", "_1st"),
            ("foo-bar", "foo_bar"),
            ("foo.bar", "foo_bar2"),
            ("$ref", "r#ref"),
            ("@type", "r#type2"),
            ("", "value2"),
            ("_", "value3"),
            ("__", "value4"),
            ("名前", "value5"),
            ("value", "value"),
        ]
    );
    // A schema named like a struct's builder keeps its name; the builder is numbered.
    let builder = |name: &str| match &ty(&m, name).kind {
        TypeKind::Struct { builder, .. } => builder.clone(),
        other => panic!("`{name}` is not a struct: {other:?}"),
    };
    assert_eq!(builder("Method"), "MethodBuilder2");
    assert_eq!(builder("MethodBuilder"), "MethodBuilderBuilder");
    assert_eq!(builder("Properties"), "PropertiesBuilder");
    // A field's identifier is its setter: never the builder's `build` nor the type's `builder`,
    // never another field's `set_…` twin (the golden crate compiles, so none collide).
    let setters: Vec<(&str, &str, &str)> = fields(&m, "MethodBuilder")
        .iter()
        .map(|f| (f.wire_name.as_str(), f.name.as_str(), f.setter.as_str()))
        .collect();
    assert_eq!(
        setters,
        [
            ("build", "build2", "set_build2"),
            ("builder", "builder2", "set_builder2"),
            ("x", "x", "set_x"),
            ("set_x", "set_x2", "set_set_x2"),
            // Kept: `builder()` calls `Default::default` by its path, not the setter.
            ("default", "default", "set_default"),
        ]
    );
    // A schema named like the runtime's `Shape`, as a variant of a oneOf.
    match &ty(&m, "Figure").kind {
        TypeKind::OneOf { variants, .. } => assert_eq!(variants[0].ty, named("Shape")),
        other => panic!("`Figure` is not a oneOf: {other:?}"),
    }
}

#[test]
fn golden_names_params() {
    check_golden("names_params");
}

#[test]
fn names_params_model() {
    let m = model_fixture("names_params");
    let names = |op: &str| -> (Vec<String>, Option<String>) {
        let op = operation(&m, op);
        (
            op.params.iter().map(|p| p.name.to_string()).collect(),
            op.body.as_ref().map(|b| b.name.to_string()),
        )
    };
    let owned = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    // `client` is the builder's own field; `body` is the body's name; `request`, `response` and
    // `value` are locals of `send`.
    assert_eq!(
        names("builderInternals"),
        (
            owned(&[
                "client2",
                "body",
                "request",
                "response",
                "value",
                "operation",
                "self_"
            ]),
            Some("body2".to_owned())
        )
    );
    // A parameter's setters (`x`, and `set_x` taking an `Option`) must clash neither with the
    // builder's `send` nor with the setters of another parameter (`foo` has `set_foo`).
    assert_eq!(
        names("paramSend"),
        (owned(&["send2"]), Some("body".to_owned()))
    );
    assert_eq!(
        names("paramSetFoo"),
        (owned(&["foo", "set_foo2"]), Some("body".to_owned()))
    );
}

#[test]
fn golden_names_shape() {
    check_golden("names_shape");
}

#[test]
fn names_shape_model() {
    let m = model_fixture("names_shape");
    // The inline oneOf takes the name `Shape`, like the runtime's type that oneOf code uses.
    assert_eq!(type_names(&m), ["Holder", "Shape"]);
    assert_eq!(field(&m, "Holder", "shape").ty, named("Shape"));
    assert!(matches!(ty(&m, "Shape").kind, TypeKind::OneOf { .. }));
}

#[test]
fn required_self_reference_does_not_derive_default() {
    let text = r##"openapi: 3.0.3
info:
  title: Loop
  version: "1"
paths:
  /x:
    get:
      operationId: getX
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Chain"
components:
  schemas:
    Chain:
      type: object
      required: [next]
      properties:
        next:
          $ref: "#/components/schemas/Chain"
"##;
    let m = model_text("loop.yaml", text);
    assert!(field(&m, "Chain", "next").boxed);
    assert!(
        matches!(
            ty(&m, "Chain").kind,
            TypeKind::Struct { default: false, .. }
        ),
        "Chain::default() would build an infinite chain"
    );
}

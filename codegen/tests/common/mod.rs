//! Helpers shared by the integration tests: loading fixtures and running the generator on them.

// Each test crate uses only some of these.
#![allow(dead_code)]

use std::path::PathBuf;

use codegen::{Error, Generated, Model, OperationFilter, SpecInput};

/// The command named in the `@generated` header of the code these tests generate (which they
/// never write: the golden files are xtask's `golden` test).
pub const COMMAND: &str = "cargo test -p openapi-client-codegen";

/// `codegen/tests/fixtures`.
pub fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// The text of `fixtures/<name>.yaml`.
pub fn fixture(name: &str) -> String {
    let path = fixtures_dir().join(format!("{name}.yaml"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// The file name a fixture is given to the generator under (it shows in headers and origins).
pub fn fixture_file(name: &str) -> String {
    format!("fixtures/{name}.yaml")
}

/// Runs `f` and fails the test with a clear message if the generator panicked.
pub fn no_panic<T>(what: &str, f: impl FnOnce() -> T) -> T {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        Ok(value) => value,
        Err(payload) => {
            let message = payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            panic!("the generator panicked on {what} instead of returning an error: {message}")
        }
    }
}

/// Generates a single spec text (all operations).
pub fn generate_text(file: &str, text: &str) -> Result<Generated, Error> {
    no_panic(file, || {
        codegen::generate(
            &[SpecInput {
                file,
                text,
                operations: OperationFilter::All,
            }],
            COMMAND,
        )
    })
}

/// Builds the model of a single spec text (all operations).
pub fn model_text(file: &str, text: &str) -> Result<Model, Error> {
    no_panic(file, || {
        codegen::model(&[SpecInput {
            file,
            text,
            operations: OperationFilter::All,
        }])
    })
}

/// Generates a fixture, failing the test on an error.
pub fn generate_fixture(name: &str) -> Generated {
    let text = fixture(name);
    generate_text(&fixture_file(name), &text)
        .unwrap_or_else(|e| panic!("fixture {name} does not generate: {e}"))
}

/// The model of a fixture, failing the test on an error.
pub fn model_fixture(name: &str) -> Model {
    let text = fixture(name);
    model_text(&fixture_file(name), &text)
        .unwrap_or_else(|e| panic!("fixture {name} has no model: {e}"))
}

/// Names the generated code uses unqualified from the std prelude: an item of the generated code
/// with one of these names shadows it, and the code around it stops compiling.
const PRELUDE: &[&str] = &[
    "Box",
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "String",
    "Vec",
    "Default",
    "Clone",
    "Debug",
    "PartialEq",
    "Eq",
    "Hash",
    "PartialOrd",
    "Ord",
    "From",
    "Into",
    "AsRef",
    "Send",
    "Sync",
    "Sized",
    "Copy",
    "Iterator",
    "ToString",
    "ToOwned",
];

/// A static check of generated files for the name clashes `rustc` would reject, without
/// compiling: every file must parse; in each file, a name may be defined or imported only once
/// (E0252/E0255); no item may be named like a std prelude name; inherent `impl`s of one type may
/// not define a method twice (E0592); struct fields and enum variants must be unique.
pub fn lint(files: &std::collections::BTreeMap<String, String>) -> Vec<String> {
    use std::collections::BTreeMap;
    let mut problems = Vec::new();
    for (path, text) in files {
        let file = match syn::parse_file(text) {
            Ok(file) => file,
            Err(e) => {
                problems.push(format!("{path}: does not parse: {e}"));
                continue;
            }
        };
        // Type namespace: imports and type-like items.
        let mut types: BTreeMap<String, usize> = BTreeMap::new();
        let mut methods: BTreeMap<(String, String), usize> = BTreeMap::new();
        for item in &file.items {
            match item {
                syn::Item::Use(u) => use_names(&u.tree, None, &mut types),
                syn::Item::Struct(s) => {
                    *types.entry(s.ident.to_string()).or_default() += 1;
                    let mut seen = BTreeMap::new();
                    for f in &s.fields {
                        if let Some(ident) = &f.ident {
                            *seen.entry(ident.to_string()).or_insert(0) += 1;
                        }
                    }
                    for (name, n) in seen {
                        if n > 1 {
                            problems.push(format!(
                                "{path}: field `{name}` of `{}` is declared {n} times",
                                s.ident
                            ));
                        }
                    }
                }
                syn::Item::Enum(e) => {
                    *types.entry(e.ident.to_string()).or_default() += 1;
                    let mut seen = BTreeMap::new();
                    for v in &e.variants {
                        *seen.entry(v.ident.to_string()).or_insert(0) += 1;
                    }
                    for (name, n) in seen {
                        if n > 1 {
                            problems.push(format!(
                                "{path}: variant `{name}` of `{}` is declared {n} times",
                                e.ident
                            ));
                        }
                    }
                }
                syn::Item::Mod(m) => *types.entry(m.ident.to_string()).or_default() += 1,
                syn::Item::Type(t) => *types.entry(t.ident.to_string()).or_default() += 1,
                syn::Item::Trait(t) => *types.entry(t.ident.to_string()).or_default() += 1,
                syn::Item::Impl(i) if i.trait_.is_none() => {
                    let self_ty = match &*i.self_ty {
                        syn::Type::Path(p) => p
                            .path
                            .segments
                            .last()
                            .map(|s| s.ident.to_string())
                            .unwrap_or_default(),
                        _ => String::new(),
                    };
                    for item in &i.items {
                        if let syn::ImplItem::Fn(f) = item {
                            *methods
                                .entry((self_ty.clone(), f.sig.ident.to_string()))
                                .or_default() += 1;
                        }
                    }
                }
                _ => {}
            }
        }
        for (name, n) in &types {
            if *n > 1 {
                problems.push(format!(
                    "{path}: the name `{name}` is defined or imported {n} times"
                ));
            }
        }
        for item in &file.items {
            let defined = match item {
                syn::Item::Struct(s) => Some(&s.ident),
                syn::Item::Enum(e) => Some(&e.ident),
                _ => None,
            };
            if let Some(ident) = defined {
                if PRELUDE.contains(&ident.to_string().as_str()) {
                    problems.push(format!("{path}: `{ident}` shadows the std prelude name"));
                }
            }
        }
        for ((ty, method), n) in &methods {
            if *n > 1 {
                problems.push(format!("{path}: `{ty}::{method}` is defined {n} times"));
            }
        }
    }
    problems
}

fn use_names(
    tree: &syn::UseTree,
    parent: Option<&syn::Ident>,
    out: &mut std::collections::BTreeMap<String, usize>,
) {
    match tree {
        syn::UseTree::Path(p) => use_names(&p.tree, Some(&p.ident), out),
        syn::UseTree::Name(n) if n.ident == "self" => {
            if let Some(parent) = parent {
                *out.entry(parent.to_string()).or_default() += 1;
            }
        }
        syn::UseTree::Name(n) => *out.entry(n.ident.to_string()).or_default() += 1,
        syn::UseTree::Rename(r) => *out.entry(r.rename.to_string()).or_default() += 1,
        syn::UseTree::Glob(_) => {}
        syn::UseTree::Group(g) => {
            for tree in &g.items {
                use_names(tree, parent, out);
            }
        }
    }
}

/// One entry of `spec/sdk.toml`: a spec file, its text and its operation filter.
pub struct ConfiguredSpec {
    /// Path as the generator is given it (`spec/<file>`).
    pub file: String,
    /// The file's text.
    pub text: String,
    /// Which operations to generate.
    pub operations: OperationFilter,
}

/// `codegen/../spec`.
pub fn spec_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../spec")
}

/// The real spec set as `spec/sdk.toml` configures it (read as `cargo xtask generate` reads
/// it, by [`codegen::config`]), primary first.
pub fn configured_specs() -> Vec<ConfiguredSpec> {
    let path = spec_dir().join("sdk.toml");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let config = codegen::config::parse("spec/sdk.toml", &text).unwrap_or_else(|e| panic!("{e}"));
    config
        .ordered_specs()
        .into_iter()
        .map(|entry| {
            let path = spec_dir().join(&entry.file);
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            ConfiguredSpec {
                file: format!("spec/{}", entry.file),
                text,
                operations: entry.operations.filter(),
            }
        })
        .collect()
}

/// The generator's inputs for a configured spec set.
pub fn inputs(specs: &[ConfiguredSpec]) -> Vec<SpecInput<'_>> {
    specs
        .iter()
        .map(|s| SpecInput {
            file: &s.file,
            text: &s.text,
            operations: s.operations.clone(),
        })
        .collect()
}

//! Builds, from the same model the SDK is generated from, a table of every generated model for
//! the property tests and fuzz targets: each model's JSON shape (as JSON, read by
//! `arbitrary_json`), a function that decodes and re-encodes a value as the model's Rust type,
//! and one that makes the decoded value again with the struct's builder.
//! A model added to the spec is covered without touching any test.

use std::fmt::Write as _;
use std::path::Path;

use codegen::model::{Field, Model, TypeKind, TypeRef};
use serde_json::{json, Value};

fn ty(t: &TypeRef) -> Value {
    match t {
        TypeRef::String => json!("string"),
        TypeRef::I8 => json!("i8"),
        TypeRef::I16 => json!("i16"),
        TypeRef::I32 => json!("i32"),
        TypeRef::I64 => json!("i64"),
        TypeRef::U8 => json!("u8"),
        TypeRef::U16 => json!("u16"),
        TypeRef::U32 => json!("u32"),
        TypeRef::U64 => json!("u64"),
        TypeRef::F64 => json!("f64"),
        TypeRef::Bool => json!("bool"),
        TypeRef::Json => json!("json"),
        TypeRef::JsonObject => json!("json_object"),
        TypeRef::YearMonth => json!("year_month"),
        TypeRef::Vec(item) => json!({ "vec": ty(item) }),
        TypeRef::Map(item) => json!({ "map": ty(item) }),
        TypeRef::Named(name) => json!({ "named": name }),
    }
}

fn field(field: &Field) -> Value {
    json!({
        "wire": field.wire_name,
        "ty": ty(&field.ty),
        "required": field.required,
        "nullable": field.nullable,
        "lenient": field.lenient,
        "default": field.default.is_some(),
    })
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    println!("cargo:rerun-if-changed=../spec");
    println!("cargo:rerun-if-changed=build.rs");
    let (_, generated) = match xtask::generate_sdk(&root) {
        Ok(generated) => generated,
        Err(error) => panic!("the SDK's model could not be built: {error}"),
    };
    let mut schemas = serde_json::Map::new();
    let mut names = Vec::new();
    for def in generated.model.types.values() {
        let schema = match &def.kind {
            TypeKind::Struct { fields, .. } => json!({
                "kind": "struct",
                "fields": fields.iter().map(field).collect::<Vec<_>>(),
            }),
            TypeKind::Enum { variants, .. } => json!({
                "kind": "enum",
                "values": variants.iter().map(|v| v.value.clone()).collect::<Vec<_>>(),
            }),
            TypeKind::OneOf {
                variants,
                discriminator,
                ..
            } => json!({
                "kind": "one_of",
                "variants": variants.iter().map(|v| ty(&v.ty)).collect::<Vec<_>>(),
                "discriminator": discriminator.as_ref().map(|(property, mapping)| json!({
                    "property": property,
                    "mapping": mapping.iter().map(|(value, index)| json!([value, index])).collect::<Vec<_>>(),
                })),
            }),
        };
        schemas.insert(def.name.clone(), schema);
        names.push(def.name.clone());
    }
    let mut code = String::new();
    writeln!(
        code,
        "/// Every generated model's JSON shape, by Rust name.\npub const SCHEMAS: &str = {:?};",
        Value::Object(schemas).to_string()
    )
    .unwrap();
    writeln!(
        code,
        "/// The Rust names of every generated model.\npub const MODEL_NAMES: &[&str] = &{names:?};"
    )
    .unwrap();
    code.push_str(
        "/// Decodes `json` as the model `name` (as the SDK decodes a response body), re-encodes\n\
         /// it and decodes that again: `None` for an unknown name, else the outcome.\n\
         pub fn round_trip(name: &str, json: &[u8]) -> Option<Result<RoundTrip, String>> {\n    \
         Some(match name {\n",
    );
    for name in &names {
        writeln!(
            code,
            "        {name:?} => round_trip_as::<soracom_billing::models::{name}>(json),"
        )
        .unwrap();
    }
    code.push_str("        _ => return None,\n    })\n}\n");
    rebuilders(&generated.model, &mut code);
    let out = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("models.rs");
    std::fs::write(&out, code).expect("write models.rs");
}

/// The builder call setting `f` from the same field of `value` (its `set_…` twin for an
/// `Option`), or `None` to leave it unset.
fn set_from(f: &Field, value: &str) -> String {
    let name = f.name.as_str();
    let is_option = !f.required || f.nullable;
    match (is_option, f.boxed) {
        (true, false) => format!(".{}({value}.{name}.clone())", f.setter),
        (true, true) => format!(".{}({value}.{name}.clone().map(|boxed| *boxed))", f.setter),
        (false, false) => format!(".{name}({value}.{name}.clone())"),
        (false, true) => format!(".{name}(*{value}.{name}.clone())"),
    }
}

/// `rebuild(name, json)`: decodes `json` as the struct `name`, makes it again with its builder
/// (every setter used), and checks that the two are equal and that leaving out any one required
/// field fails `build()` with a `BuildError` naming that field.
fn rebuilders(model: &Model, code: &mut String) {
    let mut arms = String::new();
    for def in model.types.values() {
        let TypeKind::Struct { fields, .. } = &def.kind else {
            continue;
        };
        let name = &def.name;
        let fallible = fields.iter().any(|f| f.required && !f.nullable);
        let finish = if fallible {
            ".build().map_err(|e| format!(\"{e}\"))?"
        } else {
            ".build()"
        };
        let all: String = fields.iter().map(|f| set_from(f, "value")).collect();
        let mut missing = String::new();
        for (i, f) in fields.iter().enumerate() {
            if !f.required || f.nullable {
                continue;
            }
            let others: String = fields
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, g)| set_from(g, "value"))
                .collect();
            writeln!(
                missing,
                "            match soracom_billing::models::{name}::builder(){others}.build() {{\n                \
                 Err(e) if e == soracom_billing::BuildError::missing({name:?}, {bare:?}) => {{}}\n                \
                 other => return Err(format!(\"without `{bare}`: {{other:?}}\")),\n            }}",
                bare = f.name.bare(),
            )
            .unwrap();
        }
        writeln!(
            arms,
            "        {name:?} => (|| {{\n            \
             let value: soracom_billing::models::{name} = serde_json::from_slice(json).map_err(|e| format!(\"decode: {{e}}\"))?;\n            \
             let rebuilt = soracom_billing::models::{name}::builder(){all}{finish};\n            \
             if rebuilt != value {{\n                \
             return Err(format!(\"the builder made another value:\\n{{value:?}}\\n{{rebuilt:?}}\"));\n            \
             }}\n{missing}            Ok(())\n        }})(),"
        )
        .unwrap();
    }
    code.push_str(
        "/// Decodes `json` as the struct `name`, makes the value again with the struct's builder\n\
         /// (every setter, `set_…` twins for `Option`s) and compares; then leaves out each required\n\
         /// field in turn, which must fail `build()` naming it. `None` when `name` is not a struct.\n\
         #[allow(clippy::redundant_closure_call, clippy::clone_on_copy)]\n\
         pub fn rebuild(name: &str, json: &[u8]) -> Option<Result<(), String>> {\n    Some(match name {\n",
    );
    code.push_str(&arms);
    code.push_str("        _ => return None,\n    })\n}\n");
}

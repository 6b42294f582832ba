//! Builds, from the same model the SDK is generated from, a table of every generated model for
//! the property tests and fuzz targets: each model's JSON shape (as JSON, read by
//! `arbitrary_json`) and a function that decodes and re-encodes a value as the model's Rust type.
//! A model added to the spec is covered without touching any test.

use std::fmt::Write as _;
use std::path::Path;

use codegen::model::{Field, TypeKind, TypeRef};
use serde_json::{json, Value};

fn ty(t: &TypeRef) -> Value {
    match t {
        TypeRef::String => json!("string"),
        TypeRef::I32 => json!("i32"),
        TypeRef::I64 => json!("i64"),
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
    let out = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("models.rs");
    std::fs::write(&out, code).expect("write models.rs");
}

//! The generator's own work on the SDK's spec set, phase by phase, and on synthetic specs with
//! 10× and 100× the billing spec's operations and schemas, to show how it scales:
//! `cargo bench -p codegen --bench generate`.

use std::path::Path;

use codegen::{OperationFilter, SpecInput};
use criterion::{criterion_group, criterion_main, Criterion};

fn specs() -> Vec<(String, String, OperationFilter)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).expect("spec file");
    vec![
        (
            "spec/soracom-billing-api-openapi.yml".into(),
            read("soracom-billing-api-openapi.yml"),
            OperationFilter::All,
        ),
        (
            "spec/soracom-auth-api-openapi.yml".into(),
            read("soracom-auth-api-openapi.yml"),
            OperationFilter::Only(vec!["auth".into()]),
        ),
        (
            "spec/soracom-files-api-openapi.yml".into(),
            read("soracom-files-api-openapi.yml"),
            OperationFilter::Only(vec!["getExportedFile".into()]),
        ),
    ]
}

fn bench(c: &mut Criterion) {
    let specs = specs();
    let inputs: Vec<SpecInput<'_>> = specs
        .iter()
        .map(|(file, text, ops)| SpecInput {
            file,
            text,
            operations: ops.clone(),
        })
        .collect();
    let mut group = c.benchmark_group("sdk-spec");
    group.bench_function("parse (3 files)", |b| {
        b.iter(|| {
            for input in &inputs {
                codegen::parse(input.file, input.text).unwrap();
            }
        })
    });
    group.bench_function("model (parse + resolve + name)", |b| {
        b.iter(|| codegen::model(&inputs).unwrap())
    });
    let model = codegen::model(&inputs).unwrap();
    group.bench_function("print + format", |b| {
        b.iter(|| codegen::render(&model, &inputs, "cargo xtask generate").unwrap())
    });
    group.bench_function("generate (all phases)", |b| {
        b.iter(|| codegen::generate(&inputs, "cargo xtask generate").unwrap())
    });
    group.finish();
}

/// The billing spec with every path, operation and component schema copied `times` times: copy
/// `k` has paths under `/copyK`, operation ids and schema names ending in `CopyK`, and its
/// `$ref`s point at its own schemas.
fn synthetic(billing: &str, times: usize) -> String {
    use serde_yaml::{Mapping, Value};

    fn rename_refs(value: &mut Value, suffix: &str) {
        match value {
            Value::Mapping(map) => {
                for (key, item) in map.iter_mut() {
                    if key.as_str() == Some("$ref") {
                        if let Value::String(target) = item {
                            if target.starts_with("#/components/schemas/") {
                                target.push_str(suffix);
                            }
                        }
                    } else {
                        rename_refs(item, suffix);
                    }
                }
            }
            Value::Sequence(items) => items.iter_mut().for_each(|v| rename_refs(v, suffix)),
            _ => {}
        }
    }

    let spec: Value = serde_yaml::from_str(billing).expect("the billing spec is YAML");
    let mut out = spec.clone();
    let mut paths = Mapping::new();
    let mut schemas = Mapping::new();
    for k in 0..times {
        let suffix = format!("Copy{k}");
        for (path, item) in spec["paths"].as_mapping().unwrap() {
            let mut item = item.clone();
            rename_refs(&mut item, &suffix);
            for (_, operation) in item.as_mapping_mut().unwrap().iter_mut() {
                if let Some(Value::String(id)) = operation.get_mut("operationId") {
                    id.push_str(&suffix);
                }
            }
            let path = format!("/copy{k}{}", path.as_str().unwrap());
            paths.insert(Value::String(path), item);
        }
        for (name, schema) in spec["components"]["schemas"].as_mapping().unwrap() {
            let mut schema = schema.clone();
            rename_refs(&mut schema, &suffix);
            let name = format!("{}{suffix}", name.as_str().unwrap());
            schemas.insert(Value::String(name), schema);
        }
    }
    out["paths"] = Value::Mapping(paths);
    out["components"]["schemas"] = Value::Mapping(schemas);
    serde_yaml::to_string(&out).expect("serialize the synthetic spec")
}

fn scaling(c: &mut Criterion) {
    let billing = specs().remove(0).1;
    let mut group = c.benchmark_group("scaling (billing spec copied n times)");
    group.sample_size(10);
    for times in [1, 10, 100] {
        let text = synthetic(&billing, times);
        let input = [SpecInput {
            file: "synthetic.yml",
            text: &text,
            operations: OperationFilter::All,
        }];
        let generated = codegen::generate(&input, "bench").expect("the synthetic spec generates");
        eprintln!(
            "{times}x: {} operations, {} types, {} files, {} KiB of spec",
            generated.model.operations.len(),
            generated.model.types.len(),
            generated.files.len(),
            text.len() / 1024
        );
        group.bench_function(format!("generate {times}x"), |b| {
            b.iter(|| codegen::generate(&input, "bench").unwrap())
        });
    }
    group.finish();
}

criterion_group!(benches, bench, scaling);
criterion_main!(benches);

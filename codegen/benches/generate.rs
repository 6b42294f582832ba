//! The generator's own work on the SDK's spec set, phase by phase:
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

criterion_group!(benches, bench);
criterion_main!(benches);

//! How long archgen takes to load, render and write generated models of 5, 50 and 500
//! services (`cargo bench --bench render`; `-- render/500` for one case). The README's
//! Performance section gives the figures and the machine.

use archgen::render::Renderer;
use archgen::write::{state, tracked};
use criterion::{BatchSize, BenchmarkId, Criterion, criterion_group};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::hint::black_box;

const SIZES: [usize; 3] = [5, 50, 500];

/// A model of `n` services in the shape of the bundled examples: a gateway in front, each
/// service with a store, two REST resources (every tenth GraphQL, every tenth gRPC), an event
/// it publishes and one it consumes, plus flows, caches and decisions.
fn model_yaml(n: usize) -> String {
    let mut y = String::from(
        "version: 1\nname: Generated\ndescription: A generated system for benchmarks.\ndate: \"2026-01-15\"\n\
         requirements:\n  domain: benchmarks\n  latency: {p50_ms: 50, p99_ms: 300}\n  availability: 99.9\n\
         services:\n  - name: gateway\n    kind: gateway\n    responsibility: Routes and authenticates.\n    serves: [web, mobile]\n",
    );
    for i in 0..n {
        let style = match i % 10 {
            3 => "graphql",
            7 => "grpc",
            _ => "rest",
        };
        let consumes = if i > 0 {
            format!("\n    consumes: [Thing{}Changed]", i - 1)
        } else {
            String::new()
        };
        let _ = write!(
            y,
            "  - name: svc-{i}\n    responsibility: Owns the things of area {i} and publishes their changes.\n    \
             team: team-{t}\n    stack: Rust (axum)\n    data:\n      - {{name: things-{i}, store: PostgreSQL}}\n    \
             api:\n      style: {style}\n      resources:\n        - name: Thing{i}\n          description: A thing of area {i}.\n          \
             fields:\n            - {{name: title, type: string}}\n            - {{name: status, type: enum, values: [open, done]}}\n            \
             - {{name: total, type: money}}\n            - {{name: due_on, type: date, optional: true}}\n        \
             - name: Part{i}\n          parent: Thing{i}\n          fields:\n            - {{name: thing, type: ref, to: Thing{i}}}\n            \
             - {{name: quantity, type: integer}}\n    publishes:\n      - name: Thing{i}Changed\n        key: thing_id\n        \
             fields:\n          - {{name: thing_id, type: uuid}}\n          - {{name: status, type: string}}{consumes}\n",
            t = i % 7,
        );
    }
    y.push_str(
        "clients:\n  - {name: web, kind: web}\n  - {name: mobile, kind: mobile}\nexternals:\n  - {name: Stripe, description: Payments.}\n\
         communication:\n  brokers:\n    - {name: kafka, technology: Kafka}\n  links:\n    - {from: web, to: gateway}\n    - {from: mobile, to: gateway}\n",
    );
    for i in 0..n {
        let _ = writeln!(y, "    - {{from: gateway, to: svc-{i}}}");
    }
    y.push_str("  flows:\n");
    for i in 0..n.min(20) {
        let _ = write!(
            y,
            "    - name: Flow {i}\n      steps:\n        - {{from: web, to: gateway, action: POST /things}}\n        \
             - {{from: gateway, to: svc-{i}, action: Create a thing}}\n        - {{from: svc-{i}, to: kafka, action: Thing{i}Changed}}\n"
        );
    }
    y.push_str("performance:\n  caches:\n");
    for i in 0..n.min(50) {
        let _ = writeln!(
            y,
            "    - {{name: things-{i}, service: svc-{i}, technology: Redis, holds: things by id, ttl_seconds: 60, invalidation: event, invalidated_by: [Thing{i}Changed]}}"
        );
    }
    y.push_str("decisions:\n");
    for i in 0..n.min(30) {
        let _ = writeln!(
            y,
            "  - {{title: Decision {i}, context: Why area {i} needs a choice., outcome: Option A, options: [{{name: Option A}}, {{name: Option B}}]}}"
        );
    }
    y
}

fn benches(c: &mut Criterion) {
    let renderer = Renderer::builtin().expect("the built-in templates compile");
    c.bench_function("compile templates", |b| {
        b.iter(|| Renderer::builtin().unwrap())
    });
    for n in SIZES {
        let text = model_yaml(n);
        let model =
            archgen::load::parse(&text, "bench.yaml").expect("the generated model is valid");
        let docs = renderer
            .render(&model)
            .expect("the generated model renders");
        let mut group = c.benchmark_group("archgen");
        group.sample_size(if n >= 500 { 10 } else { 20 });
        group.bench_with_input(BenchmarkId::new("load", n), &text, |b, text| {
            b.iter(|| archgen::load::parse(black_box(text), "bench.yaml").unwrap())
        });
        group.bench_with_input(BenchmarkId::new("render", n), &model, |b, model| {
            b.iter(|| renderer.render(black_box(model)).unwrap())
        });
        group.bench_with_input(BenchmarkId::new("write", n), &docs, |b, docs| {
            b.iter_batched(
                || tempfile::tempdir().unwrap(),
                |dir| {
                    // As `archgen render` does: documents, their merge bases, the manifest.
                    let (model, out) = (dir.path().join("archgen.yaml"), dir.path().join("docs"));
                    let located = state::locate(&model, &out, false).unwrap();
                    let sync = tracked::plan(&out, docs, |_| false, located, false).unwrap();
                    let lock =
                        archgen::write::lock::acquire(&dir.path().join(state::DIR), &out).unwrap();
                    archgen::write::commit(&sync, &BTreeMap::new(), &lock).unwrap();
                    dir
                },
                BatchSize::PerIteration,
            )
        });
        group.finish();
    }
}

criterion_group!(render, benches);

/// `ARCHGEN_BENCH_MODELS=DIR` writes the generated models to `DIR/services-N.yaml` instead of
/// benchmarking, so that scripts/bench-render can time the binary on the same models.
fn main() {
    if let Some(dir) = std::env::var_os("ARCHGEN_BENCH_MODELS") {
        let dir = std::path::Path::new(&dir);
        std::fs::create_dir_all(dir).expect("the models folder");
        for n in SIZES {
            std::fs::write(dir.join(format!("services-{n}.yaml")), model_yaml(n))
                .expect("a model file");
        }
        return;
    }
    render();
    Criterion::default().configure_from_args().final_summary();
}

//! Property tests: models whose every text is hostile (YAML words, Markdown and Mermaid syntax,
//! `{{`, `<script>`, newlines, RTL text, emoji, names that differ only in case or punctuation)
//! render into documents that still parse, keep their tables, ids and file names safe, and
//! come out the same twice.
//!
//! 32 cases by default, drawn afresh each run (CI fixes the seed with `PROPTEST_RNG_SEED`, see
//! `.ci/run`); `PROPTEST_CASES=1000 cargo test --test hostile` for a longer hunt.

#[path = "hostile/checks.rs"]
mod checks;
#[path = "hostile/draw.rs"]
mod draw;
#[path = "hostile/mermaid.rs"]
mod mermaid;
#[path = "hostile/model.rs"]
mod model;

use archgen::model::Model;
use archgen::render::{Document, Renderer};
use archgen::view::View;
use proptest::prelude::*;
use std::sync::OnceLock;

fn renderer() -> &'static Renderer {
    static RENDERER: OnceLock<Renderer> = OnceLock::new();
    RENDERER.get_or_init(|| Renderer::builtin().expect("the built-in templates compile"))
}

/// Everything wrong with `docs`, rendered from `model`.
fn problems(model: &Model, view: &View, docs: &[Document]) -> Vec<String> {
    let mut out = checks::paths(docs);
    out.extend(checks::controls(docs));
    out.extend(checks::yaml(model, view, docs));
    out.extend(checks::markdown(docs));
    out.extend(mermaid::ids(docs));
    out
}

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(32);
    ProptestConfig {
        cases,
        max_shrink_iters: 2000,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn hostile_models_render_valid_documents(mut d in draw::draw()) {
        let model = model::build(&mut d);
        let issues = archgen::validate::model(&model);
        prop_assert!(issues.is_empty(), "the generator made an invalid model: {issues:?}");
        let docs = renderer().render(&model).map_err(|e| TestCaseError::fail(archgen::error_chain(&e)))?;
        let view = renderer().view(&model).map_err(|e| TestCaseError::fail(archgen::error_chain(&e)))?;
        let problems = problems(&model, &view, &docs);
        if let (false, Some(dump)) = (problems.is_empty(), std::env::var_os("HOSTILE_DUMP")) {
            std::fs::write(dump, serde_yaml::to_string(&model).unwrap_or_default()).ok();
        }
        prop_assert!(
            problems.is_empty(),
            "{} problems:\n{}\n\nthe model:\n{}",
            problems.len(),
            problems.join("\n"),
            serde_yaml::to_string(&model).unwrap_or_default()
        );
        let again = renderer().render(&model).map_err(|e| TestCaseError::fail(archgen::error_chain(&e)))?;
        prop_assert!(again == docs, "rendering the same model twice gave different bytes");
    }
}

/// The checks themselves catch what they are for: a test that cannot fail proves nothing.
#[test]
fn the_checks_find_broken_documents() {
    let doc = |path: &str, content: &str| Document {
        path: path.into(),
        id: "x".into(),
        template: "x".into(),
        content: content.into(),
    };
    let docs = [
        doc("../up.md", "# A\n\n| a | b |\n| - | - |\n| 1 | 2 | 3 |\n"),
        doc("API/Orders.md", "# A\n\n# B\n"),
        doc("api/orders.md", "# A\n"),
        doc(
            "x.mmd",
            "flowchart LR\n  end[\"x\"]\n  a[\"y\"]\n  a(\"z\")\n  a --> b\n",
        ),
    ];
    assert_eq!(checks::paths(&docs).len(), 3, "{:?}", checks::paths(&docs));
    assert_eq!(
        checks::markdown(&docs).len(),
        2,
        "{:?}",
        checks::markdown(&docs)
    );
    assert_eq!(mermaid::ids(&docs).len(), 3, "{:?}", mermaid::ids(&docs));
}

/// The checks read real documents the way they should: the bundled example passes them, and
/// the Mermaid scan sees its diagrams' nodes.
#[test]
fn the_checks_pass_the_bundled_example() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/order-management/archgen.yaml"
    );
    let model = archgen::load::load(std::path::Path::new(path))
        .expect("the example loads")
        .model;
    let docs = renderer().render(&model).expect("the example renders");
    let view = renderer().view(&model).expect("the example has a view");
    let problems = problems(&model, &view, &docs);
    assert!(problems.is_empty(), "{problems:#?}");
    assert!(
        mermaid::definitions(&docs) > 30,
        "the scan found only {} node definitions",
        mermaid::definitions(&docs)
    );
}

//! `archgen templates list | eject | check`, pack errors, invalid artifacts, pack questions and
//! the schema with them.

use crate::support::{Env, MINIMAL, root};

#[test]
fn eject_writes_the_exact_built_in_bytes() {
    let env = Env::new();
    let run = env.run(&["templates", "eject", "--to", "pack"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let files = archgen::templates::builtin_files();
    assert!(files.len() > 20);
    for (name, text) in files {
        assert_eq!(env.read(&format!("pack/{name}")), text, "{name}");
    }
    // An ejected, unchanged pack renders exactly what the built-ins render.
    env.write("archgen.yaml", MINIMAL);
    assert_eq!(env.run(&["render", "--out", "a"]).code, 0);
    assert_eq!(
        env.run(&["render", "--out", "b", "--templates", "pack"])
            .code,
        0
    );
    assert_eq!(
        crate::support::read_tree(&env.path("a")),
        crate::support::read_tree(&env.path("b"))
    );
}

#[test]
fn eject_names_and_refuses_to_overwrite() {
    let env = Env::new();
    assert_eq!(
        env.run(&["templates", "eject", "adr/adr.md", "--to", "pack"])
            .code,
        0
    );
    assert!(env.exists("pack/adr/adr.md") && !env.exists("pack/index.md"));
    let two = env.run(&[
        "templates",
        "eject",
        "index.md",
        "testing.md",
        "--to",
        "more",
    ]);
    assert_eq!(
        two.stdout,
        "ejected 2 built-in templates into more: edit them there and render with `--templates more`\n"
    );
    let again = env.run(&["templates", "eject", "adr/adr.md", "--to", "pack"]);
    assert_eq!(again.code, 2);
    let typo = env.run(&["templates", "eject", "adr/ard.md", "--to", "pack"]);
    insta::assert_snapshot!(format!("{}{}", again.stderr, typo.stderr));
}

#[test]
fn list_shows_templates_and_what_a_pack_replaces() {
    let env = Env::new();
    env.write("pack/security.md", "# {{ this.title }}\n")
        .write("pack/runbook.md", "# Runbook\n");
    env.write("pack/pack.yaml", "documents:\n  - {id: runbook, template: runbook.md, each: service, output: 'runbooks/{{ item.slug }}.md', title: Runbook}\ndisable: [testing]\n");
    let run = env.run(&["templates", "list", "--templates", "pack"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn an_undefined_variable_names_the_pack_file_and_line() {
    let env = Env::new();
    env.write("archgen.yaml", MINIMAL).write(
        "pack/security.md",
        "# {{ this.title }}\n\nOwner: {{ system.owner }}\n",
    );
    let run = env.run(&["render", "--templates", "pack"]);
    assert_eq!(run.code, 2);
    insta::assert_snapshot!(run.stderr);
    assert!(!env.exists("docs"), "nothing is written");
}

#[test]
fn a_syntax_error_names_the_pack_file_and_line() {
    let env = Env::new();
    env.write("archgen.yaml", MINIMAL)
        .write("pack/testing.md", "# {{ this.title }\n");
    let run = env.run(&["render", "--templates", "pack"]);
    assert_eq!(run.code, 2);
    insta::assert_snapshot!(run.stderr);
}

#[test]
fn an_invalid_artifact_names_the_template_that_produced_it() {
    let env = Env::new();
    env.write("archgen.yaml", MINIMAL);
    env.write(
        "pack/api/openapi.yaml",
        "openapi: 3.1.0\ninfo:\n  title: {{ item.name }}: API\n",
    );
    env.write(
        "pack/testing.md",
        "| a | b |\n| --- | --- |\n| {{ system.name }} | x | y |\n",
    );
    let run = env.run(&["render", "--templates", "pack"]);
    assert_eq!(run.code, 2);
    insta::assert_snapshot!(run.stderr);
    assert!(!env.exists("docs"));
}

#[test]
fn templates_check_renders_the_bundled_examples() {
    let env = Env::new();
    let clean = env.run(&["templates", "check"]);
    assert_eq!(clean.code, 0, "{}", clean.stderr);
    assert!(
        clean
            .stdout
            .starts_with("the built-in templates rendered the 5 bundled examples cleanly ("),
        "{}",
        clean.stdout
    );
    env.write(
        "pack/trade-offs.md",
        "# {{ this.title }}\n\nSee [the missing doc](nowhere.md).\n",
    );
    env.write(
        "pack/testing.md",
        "# {{ this.title }}\n\n{{ system.owner }}\n",
    );
    let broken = env.run(&["templates", "check", "--templates", "pack"]);
    assert_eq!(broken.code, 1);
    insta::assert_snapshot!(broken.stderr);
}

#[test]
fn templates_check_names_a_pack_that_does_not_compile_once() {
    let env = Env::new();
    env.write("pack/testing.md", "# {{ this.title }\n");
    let run = env.run(&["templates", "check", "--templates", "pack"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.starts_with(
            "found 1 problem in the template pack `pack`:\n  1. pack: does not compile\n\n     error: Found `}` but expected }}.\n      --> pack/testing.md:1:17\n"
        ),
        "{}",
        run.stderr
    );
}

const QUESTIONS: &str = "\
questions:
  - id: data_classification
    step: security
    kind: select
    prompt: How sensitive is the data the system holds?
    help: Drives encryption at rest, log redaction and access reviews.
    options: [public, internal, confidential, restricted]
    default: confidential
  - id: cost_center
    step: requirements
    kind: text
    prompt: Which cost center pays for it?
    pattern: '[A-Z]{2}-[0-9]{4}'
    required: true
";

#[test]
fn pack_answers_are_checked_like_the_rest_of_the_model() {
    let env = Env::new();
    env.write("pack/pack.yaml", QUESTIONS);
    env.write(
        "archgen.yaml",
        &MINIMAL.replace(
            "name: Shop",
            "name: Shop\ntemplates: pack\nextra:\n  data_clasification: secret\n  cost_center: abc",
        ),
    );
    let run = env.run(&["render"]);
    assert_eq!(run.code, 2);
    insta::assert_snapshot!(run.stderr);
    env.write(
        "archgen.yaml",
        &MINIMAL.replace(
            "name: Shop",
            "name: Shop\ntemplates: pack\nextra:\n  cost_center: FI-1234",
        ),
    );
    env.write(
        "pack/security.md",
        "# {{ this.title }}\n\nData classification: {{ extra.data_classification | md }}.\n",
    );
    let ok = env.run(&["render"]);
    assert_eq!(ok.code, 0, "{}", ok.stderr);
    // Unanswered questions take their default in the templates.
    assert!(
        env.read("docs/architecture/security.md")
            .contains("Data classification: confidential.")
    );
}

/// A pack's default answers are filled in by one function: what `archgen new --defaults`
/// writes is what a render's view holds for a model that answers nothing, so neither can
/// fill them its own way.
#[test]
fn new_and_render_fill_the_same_default_answers() {
    let env = Env::new();
    env.write(
        "pack/pack.yaml",
        "questions:
  - {id: level, step: security, kind: select, prompt: Level?, options: [low, high], default: high}
  - {id: regions, step: requirements, kind: multiselect, prompt: Where?, options: [eu, us], default: [eu]}
  - {id: note, step: requirements, kind: text, prompt: Anything else?}
",
    );
    let new = env.run(&["new", "--defaults", "--templates", "pack"]);
    assert_eq!(new.code, 0, "{}", new.stderr);
    let written: serde_json::Value = serde_yaml::from_str(&env.read("archgen.yaml")).unwrap();
    let filled = serde_json::json!({"level": "high", "regions": ["eu"]});
    assert_eq!(written["extra"], filled);
    let extra = |env: &Env| -> serde_json::Value {
        let run = env.run(&["view"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        serde_json::from_str::<serde_json::Value>(run.ok()).unwrap()["extra"].clone()
    };
    let viewed = serde_json::json!({"level": "high", "note": null, "regions": ["eu"]});
    assert_eq!(extra(&env), viewed);
    // The same model without its answers: `extra:` is its last key.
    let unanswered: String = env
        .read("archgen.yaml")
        .lines()
        .take_while(|l| *l != "extra:")
        .map(|l| format!("{l}\n"))
        .collect();
    assert!(!unanswered.contains("high"), "{unanswered}");
    env.write("archgen.yaml", &unanswered);
    assert_eq!(extra(&env), viewed);
}

#[test]
fn a_required_answer_is_missing_only_where_its_question_applies() {
    let env = Env::new();
    env.write(
        "pack/pack.yaml",
        "questions:
  - {id: pager, step: observability, kind: text, prompt: Which pager rotation?, required: true, when: services | length > 0}
  - {id: mainframe_owner, step: requirements, kind: text, prompt: Who owns the mainframe?, required: true, when: services | length > 100}
",
    );
    env.write(
        "archgen.yaml",
        &MINIMAL.replace("name: Shop", "name: Shop\ntemplates: pack"),
    );
    let run = env.run(&["render"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("missing answer `extra.pager`"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("mainframe_owner"), "{}", run.stderr);
}

#[test]
fn the_schema_includes_the_pack_questions() {
    let env = Env::new();
    env.write("pack/pack.yaml", QUESTIONS);
    let run = env.run(&["schema", "--templates", "pack"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let schema: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let extra = &schema["properties"]["extra"];
    assert_eq!(
        extra["properties"]["data_classification"]["enum"],
        serde_json::json!(["public", "internal", "confidential", "restricted"])
    );
    assert_eq!(extra["required"], serde_json::json!(["cost_center"]));
    let validator = jsonschema::validator_for(&schema).unwrap();
    let good: serde_json::Value = serde_yaml::from_str(
        &MINIMAL.replace("name: Shop", "name: Shop\nextra: {cost_center: FI-1234}"),
    )
    .unwrap();
    assert!(validator.is_valid(&good));
    let bad: serde_json::Value = serde_yaml::from_str(
        &MINIMAL.replace("name: Shop", "name: Shop\nextra: {cost_center: nope}"),
    )
    .unwrap();
    assert!(!validator.is_valid(&bad));
}

#[test]
fn the_interview_asks_pack_questions_in_their_step() {
    use crate::script::{Say::*, Script};
    use archgen::interview::{self, Plan, flow::Mode};
    let pack: archgen::templates::pack::PackConfig = serde_yaml::from_str(QUESTIONS).unwrap();
    let applies: archgen::interview::extra::Applies = std::rc::Rc::new(|_, _| true);
    let extra = interview::extra::nodes(&pack.questions, applies);
    let mut p = Script::lenient(vec![
        Type("cost center", "nope"),
        Type("cost center", "FI-1234"),
        Choose("How sensitive", "restricted"),
        Choose("Review", "Write"),
    ]);
    let model = archgen::load::parse(MINIMAL, "archgen.yaml").unwrap();
    let ending = interview::run_with(
        &mut p,
        model,
        Plan {
            mode: Mode::Full,
            only: None,
            start: 0,
        },
        extra,
    )
    .unwrap();
    let interview::Ending::Write(m) = ending else {
        panic!("{ending:?}")
    };
    assert_eq!(p.rejected, ["must match `[A-Z]{2}-[0-9]{4}`"]);
    assert_eq!(m.extra["cost_center"], "FI-1234");
    assert_eq!(m.extra["data_classification"], "restricted");
    let asked: Vec<&String> = p
        .transcript
        .iter()
        .filter(|l| l.contains("cost center") || l.starts_with("> Step 2"))
        .collect();
    assert_eq!(
        asked[0], "? Which cost center pays for it?",
        "asked at the end of step 1, before step 2"
    );
}

#[test]
fn a_pack_document_can_be_rendered_once_per_item_of_any_list_of_the_view() {
    let env = Env::new();
    let model = root().join("examples/order-management/archgen.yaml");
    let model = model.to_str().expect("utf-8 path");
    env.write("pack/event.md", "# {{ item.name }}\n\nPublished by {{ item.publisher }}.\n")
        .write(
            "pack/pack.yaml",
            "documents:\n  - {id: event-page, template: event.md, each_in: events, output: 'events/{{ item.name | slug }}.md', title: Event}\n",
        );
    let run = env.run(&[
        "render",
        "--model",
        model,
        "--out",
        "out",
        "--templates",
        "pack",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        env.read("out/events/order-placed.md"),
        "# OrderPlaced\n\nPublished by orders.\n"
    );
    assert!(
        !env.read("out/README.md").contains("events/order-placed.md"),
        "a per-item document is not listed in the index"
    );

    env.write(
        "pack/pack.yaml",
        "documents:\n  - {id: event-page, template: event.md, each_in: system.name, output: 'x/{{ item }}.md', title: Event}\n",
    );
    let run = env.run(&[
        "render",
        "--model",
        model,
        "--out",
        "out2",
        "--templates",
        "pack",
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("document `event-page` is rendered once per item of `system.name`, which is not a list in the view"),
        "{}",
        run.stderr
    );
    env.write(
        "pack/pack.yaml",
        "documents:\n  - {id: event-page, template: event.md, each: service, each_in: events, output: 'x/{{ item.slug }}.md', title: Event}\n",
    );
    let run = env.run(&[
        "render",
        "--model",
        model,
        "--out",
        "out3",
        "--templates",
        "pack",
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("document `event-page` has both `each` and `each_in`"),
        "{}",
        run.stderr
    );
}

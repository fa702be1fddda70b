//! `archgen new` without a terminal: `--defaults`, `--no-input`, and the errors that name the
//! flag to use instead of waiting for input that never comes.

use crate::support::{Env, MINIMAL};

#[test]
fn defaults_write_a_valid_model_and_documents() {
    let env = Env::new();
    let run = env.run(&["new", "--defaults"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.starts_with("wrote archgen.yaml\nrendered "),
        "{}",
        run.stdout
    );
    let model = archgen::load::load(&env.path("archgen.yaml"))
        .unwrap()
        .model;
    assert_eq!(model.services.len(), 1);
    assert!(model.date.is_some());
    assert!(env.exists("docs/architecture/README.md"));
    // A second run refuses to replace the model without --force.
    let again = env.run(&["new", "--defaults"]);
    assert_eq!(again.code, 2);
    insta::assert_snapshot!(again.stderr);
}

#[test]
fn no_input_lists_every_missing_answer_at_once() {
    let env = Env::new();
    env.write("partial.yaml", "version: 1\nname: Half\nrequirements: {}\nservices:\n  - name: orders\n  - name: payments\n    kind: worker\n");
    let run = env.run(&["new", "--model", "partial.yaml", "--no-input"]);
    assert_eq!(run.code, 2);
    insta::assert_snapshot!(run.stderr);
    assert!(!env.exists("docs"));
}

#[test]
fn no_input_renders_a_complete_model() {
    let env = Env::new();
    env.write("archgen.yaml", MINIMAL);
    let run = env.run(&["new", "--no-input"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(env.exists("docs/architecture/README.md"));
    assert_eq!(
        env.read("archgen.yaml"),
        MINIMAL,
        "--no-input never rewrites the model"
    );
}

#[test]
fn edit_needs_a_model() {
    let run = Env::new().run(&["edit"]);
    assert_eq!(run.code, 2);
    insta::assert_snapshot!(run.stderr);
}

#[test]
fn unknown_step_suggests_the_name() {
    let env = Env::new();
    env.write("archgen.yaml", MINIMAL);
    let run = env.run(&["edit", "--step", "securty"]);
    assert_eq!(run.code, 2);
    insta::assert_snapshot!(run.stderr);
}

//! What the last render recorded (issue 14 items 9 and 12): `check` and `render` use the output
//! folder and the pack it used unless told otherwise, and answer a project nothing touched
//! since without rendering it.

use crate::living::{SHOP, edit, rendered};
use crate::support::Env;

const TEAM_RULE: &str = "Every service publishes its runbook before its first release.";
const NOTE: &str = "answer comes from `.archgen/manifest.yaml` without rendering";

/// `SHOP` rendered into `site/docs` with a pack whose conventions say `TEAM_RULE`.
fn rendered_with_flags() -> Env {
    let env = Env::new();
    env.write("archgen.yaml", SHOP);
    env.write(
        "pack/conventions.md",
        &format!("# Conventions\n\n{TEAM_RULE}\n"),
    );
    env.run(&["render", "--out", "site/docs", "--templates", "pack"])
        .ok();
    env
}

#[test]
fn check_and_render_use_the_folder_and_the_pack_the_last_render_used() {
    let env = rendered_with_flags();
    assert!(env.read("site/docs/conventions.md").contains(TEAM_RULE));
    let check = env.run(&["check"]);
    assert_eq!(
        (check.code, check.stdout.as_str()),
        (
            0,
            "checked 38 files in `archgen.yaml` and `site/docs`: no problems\n"
        ),
        "{}",
        check.stderr
    );
    // A plain render keeps the pack's document as it is, in the same folder.
    assert!(env.run(&["render"]).ok().contains(
        "into site/docs (20 documents, 3 API contracts, 2 ADRs, 5 diagrams, 8 exports): 0 new, 0 updated, 38 unchanged"
    ));
    assert!(!env.exists("docs/architecture"));
    // A changed pack is noticed: its document is out of date.
    env.write(
        "pack/conventions.md",
        &format!("# Conventions\n\n{TEAM_RULE} Twice a year.\n"),
    );
    let stale = env.run(&["check", "--verbose"]);
    assert_eq!(stale.code, 1, "{}", stale.stdout);
    assert!(
        stale
            .stdout
            .contains("site/docs/conventions.md:3:1: out of date"),
        "{}",
        stale.stdout
    );
    assert!(!stale.stderr.contains(NOTE), "{}", stale.stderr);
    // `--builtin` goes back to the built-in templates, and the record forgets the pack.
    let builtin = env.run(&["render", "--builtin"]);
    assert!(builtin.ok().contains("1 updated"), "{}", builtin.stdout);
    assert!(!env.read("site/docs/conventions.md").contains(TEAM_RULE));
    assert!(!env.read(".archgen/manifest.yaml").contains("templates:"));
    assert_eq!(env.run(&["check"]).code, 0);
}

/// A change a person makes, and what it is.
type Change = (&'static str, fn(&Env));

#[test]
fn an_unchanged_project_is_answered_from_the_record_and_anything_changed_is_rendered() {
    let env = rendered();
    let first = env.run(&["check", "--verbose"]);
    assert_eq!(
        (first.code, first.stdout.as_str()),
        (
            0,
            "checked 38 files in `archgen.yaml` and `docs/architecture`: no problems\n"
        )
    );
    assert!(first.stderr.contains(NOTE), "{}", first.stderr);
    let render = env.run(&["render", "--verbose"]);
    assert!(render.stderr.contains(NOTE), "{}", render.stderr);
    assert!(render.ok().contains(": 0 new, 0 updated, 38 unchanged\n"));
    // Each thing the record covers, changed, sends both commands back to the full path, whose
    // render records it again.
    let changes: [Change; 4] = [
        ("a comment in the model", |env| {
            edit(env, "archgen.yaml", |t| format!("{t}# reviewed\n"))
        }),
        ("a person's edit of a document", |env| {
            edit(env, "docs/architecture/security.md", |t| {
                format!("{t}\nOur notes.\n")
            })
        }),
        ("a person's own file in the folder", |env| {
            env.write("docs/architecture/notes.md", "# Notes\n");
        }),
        ("another version of archgen", |env| {
            edit(env, ".archgen/manifest.yaml", |t| {
                t.replace("archgen: 0.", "archgen: 9.")
            })
        }),
    ];
    for (what, change) in changes {
        change(&env);
        let check = env.run(&["check", "--verbose"]);
        assert_eq!(check.code, 0, "{what}: {}", check.stdout);
        assert!(!check.stderr.contains(NOTE), "{what}: {}", check.stderr);
        env.run(&["render"]).ok();
        let again = env.run(&["check", "--verbose"]);
        assert!(again.stderr.contains(NOTE), "{what}: {}", again.stderr);
    }
}

#[test]
fn a_render_check_would_fault_is_never_answered_from_the_record() {
    let env = rendered();
    // A link to a page that does not exist, in a person's own file: `check` reports it after
    // every render, however often the project is rendered.
    env.write("docs/architecture/notes.md", "See [the plan](plan.md).\n");
    env.run(&["render"]).ok();
    assert!(env.read(".archgen/manifest.yaml").contains("clean: false"));
    for _ in 0..2 {
        let check = env.run(&["check", "--verbose"]);
        assert_eq!(check.code, 1, "{}", check.stdout);
        assert!(check.stdout.contains("notes.md:1:"), "{}", check.stdout);
        assert!(!check.stderr.contains(NOTE));
    }
}

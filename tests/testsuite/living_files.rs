//! Living documents, file by file: files the model no longer calls for, a person's own files,
//! deleted files, the dry run, previews, and a render interrupted half-way.

use crate::living::{DOCS, NOTE, SHOP, doc, edit, rendered};
use crate::support::{Env, read_tree};

#[test]
fn files_no_longer_generated_are_removed_unless_edited() {
    let env = rendered();
    edit(&env, &doc("api/search.openapi.yaml"), |t| {
        t.replace("title: \"search API\"", "title: \"Search API (legacy)\"")
    });
    edit(&env, "archgen.yaml", |t| {
        t.replace("    - {from: web, to: search}\n", "")
            .replace("  - name: search\n    responsibility: Finds products.\n    api:\n      resources:\n        - name: Hit\n          fields:\n            - {name: sku, type: string}\n          operations: [list]\n", "")
    });
    let run = env.run(&["render"]);
    run.ok();
    assert!(
        run.stdout.contains(
            "     kept  api/search.openapi.yaml  (no longer generated; edited, so left in place)\n"
        ),
        "{}",
        run.stdout
    );
    assert!(
        env.read(&doc("api/search.openapi.yaml"))
            .contains("Search API (legacy)")
    );
    // Once the person deletes it too, nothing is listed any more; an unedited one just goes.
    std::fs::remove_file(env.path(&doc("api/search.openapi.yaml"))).unwrap();
    edit(&env, "archgen.yaml", |t| {
        t.replace("  - name: payments\n    responsibility: Takes payments.\n", "  - name: payments\n    responsibility: Takes payments.\n  - name: ledger\n    responsibility: Books payments.\n    api:\n      resources:\n        - name: Entry\n          fields:\n            - {name: amount, type: money}\n")
    });
    env.run(&["render"]).ok();
    assert!(env.exists(&doc("api/ledger.openapi.yaml")));
    edit(&env, "archgen.yaml", |t| {
        t.replace("  - name: ledger\n    responsibility: Books payments.\n    api:\n      resources:\n        - name: Entry\n          fields:\n            - {name: amount, type: money}\n", "")
    });
    let run = env.run(&["render"]);
    run.ok();
    assert!(
        run.stdout.contains("  removed  api/ledger.openapi.yaml\n"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("search"), "{}", run.stdout);
    assert!(!env.exists(&doc("api/ledger.openapi.yaml")));
    assert!(!env.read(".archgen/manifest.yaml").contains("ledger"));
}

#[test]
fn user_owned_files_are_generated_once_and_never_touched() {
    let env = Env::new();
    env.write(
        "archgen.yaml",
        &SHOP.replace("name: Shop\n", "name: Shop\ntemplates: pack\n"),
    );
    env.write("pack/pack.yaml", "documents:\n  - id: testing\n    template: testing.md\n    output: testing.md\n    title: Testing strategy\n    once: true\n");
    env.run(&["render"]).ok();
    let testing = env.read(&doc("testing.md"));
    edit(&env, &doc("caching.md"), |t| {
        format!("<!-- archgen: user-owned -->\n{t}")
    });
    let caching = env.read(&doc("caching.md"));
    edit(&env, "archgen.yaml", |t| {
        t.replace("ttl_seconds: 60", "ttl_seconds: 30")
            .replace("domain: retail", "domain: online retail")
    });
    let run = env.run(&["render", "-v"]);
    run.ok();
    assert!(
        run.stdout.contains("    owned  caching.md\n")
            && run.stdout.contains("    owned  testing.md\n"),
        "{}",
        run.stdout
    );
    assert_eq!(env.read(&doc("caching.md")), caching);
    assert_eq!(env.read(&doc("testing.md")), testing);
    // Owned files are not stale either.
    env.run(&["check"]).ok();
}

#[test]
fn a_deleted_file_stays_deleted_unless_restored() {
    let env = rendered();
    std::fs::remove_file(env.path(&doc("testing.md"))).unwrap();
    let run = env.run(&["render"]);
    run.ok();
    assert!(
        run.stdout
            .contains("  skipped  testing.md  (you deleted it; `--restore` brings it back)\n"),
        "{}",
        run.stdout
    );
    assert!(!env.exists(&doc("testing.md")));
    // Deleting it is the person's choice, so it is not stale; the links to it are broken.
    let check = env.run(&["check"]);
    assert_eq!(check.code, 1);
    assert!(
        check
            .stdout
            .contains("the link `testing.md` points to `testing.md`, which does not exist")
            && !check.stdout.contains("missing:"),
        "{}",
        check.stdout
    );
    let restored = env.run(&["render", "--restore"]);
    restored.ok();
    assert!(env.exists(&doc("testing.md")));
}

#[test]
fn dry_run_lists_every_file_and_writes_nothing() {
    let env = rendered();
    edit(&env, &doc("security.md"), |t| format!("{t}{NOTE}"));
    std::fs::remove_file(env.path(&doc("testing.md"))).unwrap();
    edit(&env, "archgen.yaml", |t| {
        t.replace("token_ttl_minutes: 15", "token_ttl_minutes: 10")
            .replace("    - {from: web, to: search}\n", "")
            .replace(
                "  - name: search\n    responsibility: Finds products.\n",
                "  - name: ledger\n    responsibility: Books payments.\n",
            )
    });
    let before = read_tree(&env.path("."));
    let run = env.run(&["render", "--dry-run"]);
    run.ok();
    assert_eq!(
        read_tree(&env.path(".")),
        before,
        "a dry run writes nothing"
    );
    insta::assert_snapshot!(run.stdout);
    let diff = env.run(&["render", "--dry-run", "--diff"]);
    assert!(
        diff.stdout
            .contains("--- a/security.md\n+++ b/security.md\n"),
        "{}",
        diff.stdout
    );
    assert!(diff.stdout.contains("\n-| web | OpenID Connect | Keycloak | not stated: every service must check the token's `iss` against it | 15 min |\n+| web | OpenID Connect | Keycloak | not stated: every service must check the token's `iss` against it | 10 min |\n"), "{}", diff.stdout);
    assert_eq!(read_tree(&env.path(".")), before);
}

#[test]
fn a_preview_outside_the_model_folder_is_not_tracked() {
    let env = Env::new();
    env.write("archgen.yaml", SHOP);
    let elsewhere = tempfile::tempdir().unwrap();
    let out = elsewhere.path().join("preview");
    env.run(&["render", "--out", out.to_str().unwrap()]).ok();
    assert!(!env.exists(".archgen"), "a preview leaves no state");
    std::fs::write(out.join("security.md"), "edited\n").unwrap();
    let run = env.run(&["render", "--out", out.to_str().unwrap(), "-v"]);
    run.ok();
    assert!(
        run.stdout.contains("  updated  security.md\n"),
        "{}",
        run.stdout
    );
}

/// In debug builds only, `__ARCHGEN_CRASH_AFTER_WRITES=N` aborts during the write after the
/// first N, between writing the temporary file and renaming it.
#[cfg(debug_assertions)]
#[test]
fn an_interrupted_render_leaves_every_file_old_or_new() {
    let changed = |t: &str| {
        t.replace("token_ttl_minutes: 15", "token_ttl_minutes: 10")
            .replace("domain: retail", "domain: online retail")
    };
    let expected = Env::new();
    expected.write("archgen.yaml", &changed(SHOP));
    expected.run(&["render"]).ok();
    let new = read_tree(&expected.path(DOCS));
    let env = rendered();
    let old = read_tree(&env.path(DOCS));
    edit(&env, "archgen.yaml", changed);
    let mut written = 0;
    for after in [0, 1, 4] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_archgen"))
            .arg("render")
            .current_dir(env.dir.path())
            .env("__ARCHGEN_CRASH_AFTER_WRITES", after.to_string())
            .output()
            .unwrap();
        assert!(!out.status.success(), "the simulated crash did not happen");
        let (mut olds, mut news) = (0, 0);
        for (path, text) in read_tree(&env.path(DOCS))
            .iter()
            .filter(|(p, _)| !p.contains(".archgen-"))
        {
            let was = old.iter().find(|(p, _)| p == path).map(|(_, t)| t);
            let will = new.iter().find(|(p, _)| p == path).map(|(_, t)| t);
            assert!(
                Some(text) == was || Some(text) == will,
                "{path} is neither old nor new after a crash:\n{text}"
            );
            olds += usize::from(Some(text) == was && was != will);
            news += usize::from(Some(text) == will && was != will);
        }
        // A run's first writes are its pending records, so at most that many are new.
        written += after;
        assert!(
            olds > 0 && news <= written,
            "crashed after {after} more writes: {news} new, {olds} old"
        );
    }
    let run = env.run(&["render"]);
    run.ok();
    assert_eq!(
        read_tree(&env.path(DOCS)),
        new,
        "the next render completes the interrupted one"
    );
    assert!(!run.stdout.contains("merged"), "{}", run.stdout);
}

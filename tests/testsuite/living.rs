//! Living documents: people edit the rendered files, the model changes, and a re-render keeps
//! their work, merges the model's changes in, and says what it did.

use crate::support::{read_tree, Env, Run};

/// A model with a cache, authentication and an ADR to change later.
pub const SHOP: &str = "\
version: 1
name: Shop
date: \"2026-01-15\"
requirements:
  domain: retail
  latency: {p99_ms: 400}
services:
  # The order service owns checkout.
  - name: orders
    responsibility: Takes orders.
    api:
      resources:
        - name: Order
          fields:
            - {name: total, type: money}
  - name: payments
    responsibility: Takes payments.
  - name: search
    responsibility: Finds products.
    api:
      resources:
        - name: Hit
          fields:
            - {name: sku, type: string}
          operations: [list]
clients:
  - {name: web, kind: web}
communication:
  links:
    - {from: web, to: orders}
    - {from: orders, to: payments}
    - {from: web, to: search}
security:
  authentication:
    - {method: oidc, provider: Keycloak, token_ttl_minutes: 15}
performance:
  caches:
    - name: order-cache
      service: orders
      technology: Redis
      holds: Orders by id.
      ttl_seconds: 60
decisions:
  - title: Use Redis for the order cache
    context: Order reads dominate.
    outcome: Redis
";

pub const DOCS: &str = "docs/architecture";

/// An environment with `SHOP` rendered once.
pub fn rendered() -> Env {
    let env = Env::new();
    env.write("archgen.yaml", SHOP);
    let run = env.run(&["render"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    env
}

/// Rewrites `rel` with `f`, as a person would in an editor.
pub fn edit(env: &Env, rel: &str, f: impl Fn(&str) -> String) {
    let text = env.read(rel);
    let changed = f(&text);
    assert_ne!(changed, text, "the edit of {rel} changed nothing");
    env.write(rel, &changed);
}

pub fn doc(rel: &str) -> String {
    format!("{DOCS}/{rel}")
}

const NOTE: &str = "\n## Our notes\n\nThe yearly penetration test is booked for March.\n";

fn ok(run: &Run) {
    assert_eq!(run.code, 0, "stdout:\n{}\nstderr:\n{}", run.stdout, run.stderr);
}

#[test]
fn edits_are_kept_and_the_model_changes_applied() {
    let env = rendered();
    edit(&env, &doc("security.md"), |t| format!("{t}{NOTE}"));
    edit(&env, &doc("api/orders.openapi.yaml"), |t| t.replace("  - url: \"/orders\"", "  - url: \"https://api.shop.example/orders\""));
    edit(&env, "archgen.yaml", |t| {
        t.replace("token_ttl_minutes: 15", "token_ttl_minutes: 10")
            .replace("            - {name: total, type: money}\n", "            - {name: total, type: money}\n            - {name: note, type: string}\n")
    });
    let run = env.run(&["render"]);
    ok(&run);
    assert!(run.stdout.contains("   merged  security.md  (your edits kept)\n"), "{}", run.stdout);
    assert!(run.stdout.contains("   merged  api/orders.openapi.yaml  (your edits kept)\n"), "{}", run.stdout);
    let security = env.read(&doc("security.md"));
    assert!(security.ends_with(NOTE) && security.contains("| 10 min |") && !security.contains("| 15 min |"), "{security}");
    let openapi = env.read(&doc("api/orders.openapi.yaml"));
    assert!(openapi.contains("https://api.shop.example/orders") && openapi.contains("\"note\":"), "{openapi}");
    // Nobody edited the boundaries: the new field's document is simply updated.
    assert!(run.stdout.contains(", 2 merged"), "{}", run.stdout);
    let again = env.run(&["render"]);
    ok(&again);
    assert!(again.stdout.contains(": 0 new, 0 updated, 20 unchanged\n"), "{}", again.stdout);
    assert_eq!(env.run(&["check"]).code, 0, "merged edits are fresh");
}

#[test]
fn overlapping_edits_get_conflict_markers_and_exit_1() {
    let env = rendered();
    edit(&env, &doc("security.md"), |t| t.replace("| 15 min |", "| 12 min (agreed with the auditors) |"));
    edit(&env, "archgen.yaml", |t| t.replace("token_ttl_minutes: 15", "token_ttl_minutes: 5"));
    let run = env.run(&["render"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!run.stdout.contains("rendered"), "no success line with a conflict:\n{}", run.stdout);
    assert!(run.stdout.contains(" conflict  security.md  (your edits overlap the model's changes)\n"), "{}", run.stdout);
    insta::assert_snapshot!(run.stderr, @r"
    error: 1 file has conflicts between your edits and the model's changes:
      docs/architecture/security.md:9
    help: in each, keep what should stay between `<<<<<<< your edits` and `>>>>>>> archgen`, delete the markers, then run `archgen check`
    ");
    let security = env.read(&doc("security.md"));
    assert!(security.contains(
        "<<<<<<< your edits\n| web | OpenID Connect | Keycloak | not applicable | 12 min (agreed with the auditors) |\n=======\n| web | OpenID Connect | Keycloak | not applicable | 5 min |\n>>>>>>> archgen\n"
    ), "{security}");
    // Until the markers are resolved, every render says so again.
    let again = env.run(&["render"]);
    assert_eq!(again.code, 1);
    assert!(again.stdout.contains("(its conflict markers are not resolved yet)"), "{}", again.stdout);
    // The person keeps their line; archgen leaves it from then on.
    edit(&env, &doc("security.md"), |t| {
        let start = t.find("<<<<<<< your edits\n").unwrap();
        let mid = t.find("=======\n").unwrap();
        let end = t.find(">>>>>>> archgen\n").unwrap() + ">>>>>>> archgen\n".len();
        format!("{}{}{}", &t[..start], &t[start + "<<<<<<< your edits\n".len()..mid], &t[end..])
    });
    let resolved = env.run(&["render"]);
    ok(&resolved);
    assert!(env.read(&doc("security.md")).contains("| 12 min (agreed with the auditors) |"));
    assert_eq!(env.run(&["check"]).code, 0);
}

#[test]
fn files_no_longer_generated_are_removed_unless_edited() {
    let env = rendered();
    edit(&env, &doc("api/search.openapi.yaml"), |t| t.replace("title: \"search API\"", "title: \"Search API (legacy)\""));
    edit(&env, "archgen.yaml", |t| {
        t.replace("    - {from: web, to: search}\n", "")
            .replace("  - name: search\n    responsibility: Finds products.\n    api:\n      resources:\n        - name: Hit\n          fields:\n            - {name: sku, type: string}\n          operations: [list]\n", "")
    });
    let run = env.run(&["render"]);
    ok(&run);
    assert!(run.stdout.contains("     kept  api/search.openapi.yaml  (no longer generated; edited, so left in place)\n"), "{}", run.stdout);
    assert!(env.read(&doc("api/search.openapi.yaml")).contains("Search API (legacy)"));
    // Once the person deletes it too, nothing is listed any more; an unedited one just goes.
    std::fs::remove_file(env.path(&doc("api/search.openapi.yaml"))).unwrap();
    edit(&env, "archgen.yaml", |t| t.replace("  - name: payments\n    responsibility: Takes payments.\n", "  - name: payments\n    responsibility: Takes payments.\n  - name: ledger\n    responsibility: Books payments.\n    api:\n      resources:\n        - name: Entry\n          fields:\n            - {name: amount, type: money}\n"));
    ok(&env.run(&["render"]));
    assert!(env.exists(&doc("api/ledger.openapi.yaml")));
    edit(&env, "archgen.yaml", |t| t.replace("  - name: ledger\n    responsibility: Books payments.\n    api:\n      resources:\n        - name: Entry\n          fields:\n            - {name: amount, type: money}\n", ""));
    let run = env.run(&["render"]);
    ok(&run);
    assert!(run.stdout.contains("  removed  api/ledger.openapi.yaml\n"), "{}", run.stdout);
    assert!(!run.stdout.contains("search"), "{}", run.stdout);
    assert!(!env.exists(&doc("api/ledger.openapi.yaml")));
    assert!(!env.read(".archgen/manifest.yaml").contains("ledger"));
}

#[test]
fn user_owned_files_are_generated_once_and_never_touched() {
    let env = Env::new();
    env.write("archgen.yaml", &SHOP.replace("name: Shop\n", "name: Shop\ntemplates: pack\n"));
    env.write("pack/pack.yaml", "documents:\n  - id: testing\n    template: testing.md\n    output: testing.md\n    title: Testing strategy\n    once: true\n");
    ok(&env.run(&["render"]));
    let testing = env.read(&doc("testing.md"));
    edit(&env, &doc("caching.md"), |t| format!("<!-- archgen: user-owned -->\n{t}"));
    let caching = env.read(&doc("caching.md"));
    edit(&env, "archgen.yaml", |t| t.replace("ttl_seconds: 60", "ttl_seconds: 30").replace("domain: retail", "domain: online retail"));
    let run = env.run(&["render", "-v"]);
    ok(&run);
    assert!(run.stdout.contains("    owned  caching.md\n") && run.stdout.contains("    owned  testing.md\n"), "{}", run.stdout);
    assert_eq!(env.read(&doc("caching.md")), caching);
    assert_eq!(env.read(&doc("testing.md")), testing);
    // Owned files are not stale either.
    assert_eq!(env.run(&["check"]).code, 0, "{}", env.run(&["check"]).stdout);
}

#[test]
fn a_deleted_file_stays_deleted_unless_restored() {
    let env = rendered();
    std::fs::remove_file(env.path(&doc("testing.md"))).unwrap();
    let run = env.run(&["render"]);
    ok(&run);
    assert!(run.stdout.contains("  skipped  testing.md  (you deleted it; `--restore` brings it back)\n"), "{}", run.stdout);
    assert!(!env.exists(&doc("testing.md")));
    // Deleting it is the person's choice, so it is not stale; the links to it are broken.
    let check = env.run(&["check"]);
    assert_eq!(check.code, 1);
    assert!(check.stdout.contains("the link `testing.md` points to `testing.md`, which does not exist") && !check.stdout.contains("missing:"), "{}", check.stdout);
    let restored = env.run(&["render", "--restore"]);
    ok(&restored);
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
            .replace("  - name: search\n    responsibility: Finds products.\n", "  - name: ledger\n    responsibility: Books payments.\n")
    });
    let before = read_tree(&env.path("."));
    let run = env.run(&["render", "--dry-run"]);
    ok(&run);
    assert_eq!(read_tree(&env.path(".")), before, "a dry run writes nothing");
    insta::assert_snapshot!(run.stdout);
    let diff = env.run(&["render", "--dry-run", "--diff"]);
    assert!(diff.stdout.contains("--- a/security.md\n+++ b/security.md\n"), "{}", diff.stdout);
    assert!(diff.stdout.contains("\n-| web | OpenID Connect | Keycloak | not applicable | 15 min |\n+| web | OpenID Connect | Keycloak | not applicable | 10 min |\n"), "{}", diff.stdout);
    assert_eq!(read_tree(&env.path(".")), before);
}

#[test]
fn a_changed_decision_is_proposed_as_an_adr_once() {
    let env = rendered();
    edit(&env, "archgen.yaml", |t| t.replace("technology: Redis", "technology: Memcached"));
    let run = env.run(&["render"]);
    ok(&run);
    insta::assert_snapshot!(run.stdout, @r"
    proposed ADR 0003 `Replace Redis with Memcached for the order-cache` (status proposed, superseding ADR 0002) in `archgen.yaml`: the model changed the order-cache from Redis to Memcached; accept it with `archgen adr accept 3`
    rendered 21 files into docs/architecture (13 documents, 2 API contracts, 4 ADRs, 2 diagrams): 1 new, 6 updated, 14 unchanged
    ");
    let model = env.read("archgen.yaml");
    assert!(model.ends_with("    outcome: Redis\n  - number: 3\n    title: Replace Redis with Memcached for the order-cache\n    status: proposed\n    context: The model now records Memcached instead of Redis for the order-cache, the choice ADR 0002 records. archgen proposed this record when it re-rendered the documents, so that the change is reviewed and accepted rather than silently rewriting the earlier decision; the reasons are still to be recorded.\n    options:\n      - name: Memcached\n      - name: Redis\n    outcome: Memcached\n    supersedes: 2\n"), "{model}");
    assert!(env.read(&doc("adr/0003-replace-redis-with-memcached-for-the-order-cache.md")).contains("Supersedes [ADR 0002"));
    let again = env.run(&["render"]);
    ok(&again);
    assert!(!again.stdout.contains("proposed"), "proposed twice:\n{}", again.stdout);
}

#[test]
fn a_preview_outside_the_model_folder_is_not_tracked() {
    let env = Env::new();
    env.write("archgen.yaml", SHOP);
    let elsewhere = tempfile::tempdir().unwrap();
    let out = elsewhere.path().join("preview");
    ok(&env.run(&["render", "--out", out.to_str().unwrap()]));
    assert!(!env.exists(".archgen"), "a preview leaves no state");
    std::fs::write(out.join("security.md"), "edited\n").unwrap();
    let run = env.run(&["render", "--out", out.to_str().unwrap(), "-v"]);
    ok(&run);
    assert!(run.stdout.contains("  updated  security.md\n"), "{}", run.stdout);
}

/// In debug builds only, `__ARCHGEN_CRASH_AFTER_WRITES=N` aborts during the write after the
/// first N, between writing the temporary file and renaming it.
#[cfg(debug_assertions)]
#[test]
fn an_interrupted_render_leaves_every_file_old_or_new() {
    let changed = |t: &str| t.replace("token_ttl_minutes: 15", "token_ttl_minutes: 10").replace("domain: retail", "domain: online retail");
    let expected = Env::new();
    expected.write("archgen.yaml", &changed(SHOP));
    ok(&expected.run(&["render"]));
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
        for (path, text) in read_tree(&env.path(DOCS)).iter().filter(|(p, _)| !p.contains(".archgen-")) {
            let was = old.iter().find(|(p, _)| p == path).map(|(_, t)| t);
            let will = new.iter().find(|(p, _)| p == path).map(|(_, t)| t);
            assert!(Some(text) == was || Some(text) == will, "{path} is neither old nor new after a crash:\n{text}");
            olds += usize::from(Some(text) == was && was != will);
            news += usize::from(Some(text) == will && was != will);
        }
        // Each run writes only what is not new yet, so the new files add up.
        written += after;
        assert!(olds > 0 && news == written, "crashed after {after} more writes: {news} new, {olds} old");
    }
    let run = env.run(&["render"]);
    ok(&run);
    assert_eq!(read_tree(&env.path(DOCS)), new, "the next render completes the interrupted one");
    assert!(!run.stdout.contains("merged"), "{}", run.stdout);
}

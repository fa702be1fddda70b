//! Living documents: people edit the rendered files, the model changes, and a re-render keeps
//! their work, merges the model's changes in, and says what it did. The fixture here is shared
//! by the ADR and check tests.

use crate::support::Env;

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
    slo: {latency_p99_ms: 50}
    api:
      resources:
        - name: Payment
          fields:
            - {name: amount, type: money}
          operations: [create]
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
    env.run(&["render"]).ok();
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

pub const NOTE: &str = "\n## Our notes\n\nThe yearly penetration test is booked for March.\n";

#[test]
fn edits_are_kept_and_the_model_changes_applied() {
    let env = rendered();
    edit(&env, &doc("security.md"), |t| format!("{t}{NOTE}"));
    edit(&env, &doc("api/orders.openapi.yaml"), |t| {
        t.replace(
            "  - url: \"/orders\"",
            "  - url: \"https://api.shop.example/orders\"",
        )
    });
    edit(&env, "archgen.yaml", |t| {
        t.replace("token_ttl_minutes: 15", "token_ttl_minutes: 10")
            .replace("            - {name: total, type: money}\n", "            - {name: total, type: money}\n            - {name: note, type: string}\n")
    });
    let run = env.run(&["render"]);
    run.ok();
    assert!(
        run.stdout
            .contains("   merged  security.md  (your edits kept)\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("   merged  api/orders.openapi.yaml  (your edits kept)\n"),
        "{}",
        run.stdout
    );
    let security = env.read(&doc("security.md"));
    assert!(
        security.ends_with(NOTE)
            && security.contains("| 10 min |")
            && !security.contains("| 15 min |"),
        "{security}"
    );
    let openapi = env.read(&doc("api/orders.openapi.yaml"));
    assert!(
        openapi.contains("https://api.shop.example/orders") && openapi.contains("\"note\":"),
        "{openapi}"
    );
    // Nobody edited the boundaries: the new field's document is simply updated.
    assert!(run.stdout.contains(", 2 merged"), "{}", run.stdout);
    let again = env.run(&["render"]);
    again.ok();
    assert!(
        again.stdout.contains(": 0 new, 0 updated, 38 unchanged\n"),
        "{}",
        again.stdout
    );
    assert_eq!(env.run(&["check"]).code, 0, "merged edits are fresh");
}

#[test]
fn overlapping_edits_get_conflict_markers_and_exit_1() {
    let env = rendered();
    edit(&env, &doc("security.md"), |t| {
        t.replace("| 15 min |", "| 12 min (agreed with the auditors) |")
    });
    edit(&env, "archgen.yaml", |t| {
        t.replace("token_ttl_minutes: 15", "token_ttl_minutes: 5")
    });
    let run = env.run(&["render"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        !run.stdout.contains("rendered"),
        "no success line with a conflict:\n{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains(" conflict  security.md  (your edits overlap the model's changes)\n"),
        "{}",
        run.stdout
    );
    insta::assert_snapshot!(run.stderr, @r"
    error: 1 file has conflicts between your edits and the model's changes:
      docs/architecture/security.md:9
    help: in each, keep what should stay between `<<<<<<< your edits` and `>>>>>>> archgen`, delete the markers, then run `archgen check`
    ");
    let security = env.read(&doc("security.md"));
    assert!(security.contains(
        "<<<<<<< your edits\n| web | OpenID Connect | Keycloak | not stated: every service must check the token's `iss` against it | 12 min (agreed with the auditors) |\n=======\n| web | OpenID Connect | Keycloak | not stated: every service must check the token's `iss` against it | 5 min |\n>>>>>>> archgen\n"
    ), "{security}");
    // Until the markers are resolved, every render says so again.
    let again = env.run(&["render"]);
    assert_eq!(again.code, 1);
    assert!(
        again
            .stdout
            .contains("(its conflict markers are not resolved yet)"),
        "{}",
        again.stdout
    );
    // The person keeps their line; archgen leaves it from then on.
    edit(&env, &doc("security.md"), |t| {
        let start = t.find("<<<<<<< your edits\n").unwrap();
        let mid = t.find("=======\n").unwrap();
        let end = t.find(">>>>>>> archgen\n").unwrap() + ">>>>>>> archgen\n".len();
        format!(
            "{}{}{}",
            &t[..start],
            &t[start + "<<<<<<< your edits\n".len()..mid],
            &t[end..]
        )
    });
    let resolved = env.run(&["render"]);
    resolved.ok();
    assert!(
        env.read(&doc("security.md"))
            .contains("| 12 min (agreed with the auditors) |")
    );
    assert_eq!(env.run(&["check"]).code, 0);
}

#[test]
fn a_changed_decision_is_proposed_as_an_adr_once() {
    let env = rendered();
    edit(&env, "archgen.yaml", |t| {
        t.replace("technology: Redis", "technology: Memcached")
    });
    let run = env.run(&["render"]);
    run.ok();
    insta::assert_snapshot!(run.stdout, @r"
    proposed ADR 0003 `Replace Redis with Memcached for the order-cache` (status proposed, superseding ADR 0002) in `archgen.yaml`: the model changed the order-cache from Redis to Memcached; accept it with `archgen adr accept 3`
    rendered 39 files into docs/architecture (20 documents, 3 API contracts, 3 ADRs, 5 diagrams, 8 exports): 1 new, 15 updated, 23 unchanged
    ");
    let model = env.read("archgen.yaml");
    assert!(model.ends_with("    outcome: Redis\n  - number: 3\n    title: Replace Redis with Memcached for the order-cache\n    status: proposed\n    context: The model now records Memcached instead of Redis for the order-cache, the choice ADR 0002 records. archgen proposed this record when it re-rendered the documents, so that the change is reviewed and accepted rather than silently rewriting the earlier decision; the reasons are still to be recorded.\n    options:\n      - name: Memcached\n      - name: Redis\n    outcome: Memcached\n    supersedes: 2\n"), "{model}");
    assert!(
        env.read(&doc(
            "adr/0003-replace-redis-with-memcached-for-the-order-cache.md"
        ))
        .contains("Supersedes [ADR 0002")
    );
    let again = env.run(&["render"]);
    again.ok();
    assert!(
        !again.stdout.contains("proposed"),
        "proposed twice:\n{}",
        again.stdout
    );
}

//! `archgen check`: stale documents, and every inconsistency of the document set, each with
//! its file and line, as text and as JSON.

use crate::living::{SHOP, doc, edit, rendered};
use crate::support::Env;

#[test]
fn fresh_documents_pass() {
    let env = rendered();
    let run = env.run(&["check"]);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (
            0,
            "checked 38 files in `archgen.yaml` and `docs/architecture`: no problems\n"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn a_model_change_makes_documents_stale() {
    let env = rendered();
    edit(&env, "archgen.yaml", |t| {
        t.replace("token_ttl_minutes: 15", "token_ttl_minutes: 10")
            .replace("technology: Redis", "technology: Memcached")
    });
    std::fs::remove_file(env.path(&doc("api/search.openapi.yaml"))).unwrap();
    edit(&env, "archgen.yaml", |t| {
        t.replace("  - name: payments\n", "  - name: ledger\n    responsibility: Books payments.\n    api:\n      resources:\n        - name: Entry\n          fields:\n            - {name: amount, type: money}\n  - name: payments\n")
    });
    let run = env.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    insta::assert_snapshot!(run.stdout);
}

/// `SHOP` with numbers that contradict each other.
fn contradicting() -> String {
    SHOP.replace("      ttl_seconds: 60\n", "      ttl_seconds: 60\n      max_staleness_seconds: 30\n")
        .replace(
            "    - {from: orders, to: payments}\n",
            "    - from: orders\n      to: payments\n      resilience:\n        timeout_ms: 300\n        retries: {max_attempts: 2}\n",
        )
        .replace("    responsibility: Takes orders.\n", "    responsibility: Takes orders.\n    slo: {availability: 99.99}\n")
        .replace("slo: {latency_p99_ms: 50}", "slo: {availability: 99.9, latency_p99_ms: 50}")
}

#[test]
fn every_inconsistency_is_reported_with_its_file_and_line() {
    let env = Env::new();
    env.write("archgen.yaml", &contradicting());
    assert_eq!(env.run(&["render"]).code, 0);
    edit(&env, &doc("security.md"), |t| {
        format!(
            "{t}\n## Our notes\n\nSee [the rules](rules.md), [caching](caching.md#nope), [the old decision](adr/0009-use-memcached.md) and ADR 0042.\n"
        )
    });
    edit(&env, &doc("diagrams/service-communication.mmd"), |t| {
        t.replace("    svc_search[\"search\"]\n", "").replace(
            "  client_web -->|\"HTTPS\"| svc_search\n",
            "  svc_orders --> svc_fraud\n",
        )
    });
    edit(&env, &doc("api/orders.openapi.yaml"), |t| {
        t.replace("operationId: \"getOrder\"", "operationId: \"listOrders\"")
            .replace(
                "\"/v1/orders/{orderId}\":",
                "\"/v1/{tenant}/orders/{orderId}\":",
            )
    });
    edit(&env, &doc("api-contracts.md"), |t| {
        t[..t.find("## search\n").unwrap()].to_owned()
    });
    edit(&env, &doc("testing.md"), |t| {
        format!("{t}\n<<<<<<< your edits\nOurs.\n=======\nTheirs.\n>>>>>>> archgen\n")
    });
    let adr = env.read(&doc("adr/0002-use-redis-for-the-order-cache.md"));
    env.write(&doc("adr/0002-keep-redis.md"), &adr);
    let run = env.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    insta::assert_snapshot!(run.stdout);
    let json = env.run(&["check", "--format", "json"]);
    assert_eq!(json.code, 1);
    let report: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let kinds: std::collections::BTreeSet<&str> = report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds.into_iter().collect::<Vec<_>>(),
        [
            "broken-link",
            "cache-staleness",
            "conflict",
            "duplicate-adr",
            "latency-budget",
            "missing-adr",
            "openapi",
            "service-missing",
            "slo-dependencies",
            "unknown-service"
        ]
    );
    insta::assert_snapshot!(json.stdout);
}

#[test]
fn duplicate_adr_numbers_are_found_and_the_fix_named() {
    let env = rendered();
    edit(&env, "archgen.yaml", |t| {
        let item = |title: &str| {
            format!(
                "  - number: 3\n    title: {title}\n    context: Two branches each added ADR 0003.\n    outcome: {title}\n"
            )
        };
        format!(
            "{t}{}{}",
            item("Use Kafka for order events"),
            item("Use GraphQL for the storefront")
        )
    });
    let run = env.run(&["check", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let duplicate = report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["kind"] == "duplicate-adr")
        .unwrap();
    insta::assert_snapshot!(serde_json::to_string_pretty(duplicate).unwrap(), @r#"
    {
      "kind": "duplicate-adr",
      "file": "archgen.yaml",
      "line": 58,
      "column": 13,
      "message": "decisions `Use Kafka for order events` and `Use GraphQL for the storefront` both have number 3",
      "help": "run `archgen adr renumber` to give `Use GraphQL for the storefront` the next free number, 4"
    }
    "#);
}

#[test]
fn an_invalid_model_is_bad_input() {
    let env = Env::new();
    env.write(
        "archgen.yaml",
        &SHOP.replace(
            "    - {from: web, to: orders}\n",
            "    - {from: web, to: ordres}\n",
        ),
    );
    let run = env.run(&["check"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("archgen.yaml:37:23: link `to`: `ordres` is not a known component"),
        "{}",
        run.stderr
    );
}

#[test]
fn design_review_findings_are_located_accepted_and_listed() {
    let env = Env::new();
    // payments as slow as the system's whole 400 ms p99: three attempts cannot fit orders' budget.
    let slow = SHOP.replace(
        "    slo: {latency_p99_ms: 50}\n",
        "    slo: {latency_p99_ms: 400}\n",
    );
    env.write("archgen.yaml", &slow);
    env.run(&["render"]).ok();
    let run = env.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stdout.contains(
            "archgen.yaml:38:7: the call from `orders` to `payments` can take 1920 ms at worst"
        ) && run.stdout.contains("[latency-budget:orders->payments]"),
        "{}",
        run.stdout
    );
    // The README lists it under the design review, linked to the resilience document.
    assert!(
        env.read(&doc("README.md"))
            .contains("- [latency-budget:orders-\\>payments](resilience.md#design-review): the call from `orders`"),
        "{}",
        env.read(&doc("README.md"))
    );
    let accepted = format!(
        "{slow}review:\n  accept:\n    - finding: latency-budget:orders->payments\n      reason: Payments answers from its read replica in 20 ms.\n"
    );
    env.write("archgen.yaml", &accepted);
    env.run(&["render"]).ok();
    let run = env.run(&["check", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let review = &json["review"][0];
    assert_eq!(review["id"], "latency-budget:orders->payments");
    assert_eq!(
        review["accepted"],
        "Payments answers from its read replica in 20 ms."
    );
    // Accepted, the README points to the document that states the finding; the reason is
    // written once, in trade-offs.md, which the others link to.
    let index = env.read(&doc("README.md"));
    assert!(
        index.contains("- [latency-budget:orders-\\>payments](resilience.md#design-review): accepted; the finding is in Resilience"),
        "{index}"
    );
    assert!(!index.contains("read replica in 20 ms"), "{index}");
    let resilience = env.read(&doc("resilience.md"));
    assert!(
        !resilience.contains("read replica in 20 ms"),
        "{resilience}"
    );
    assert!(
        resilience.contains("(accepted; the team's reason is in [Trade-offs and alternatives](trade-offs.md#what-the-design-review-found-and-the-team-accepted))"),
        "{resilience}"
    );
    assert!(
        env.read(&doc("trade-offs.md"))
            .contains("| Payments answers from its read replica in 20 ms. |")
    );
    // An acceptance that matches nothing is itself a finding, with the likely id.
    env.write(
        "archgen.yaml",
        &accepted.replace("orders->payments", "orders->paymnts"),
    );
    env.run(&["render"]).ok();
    let run = env.run(&["check"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains("`latency-budget:orders->paymnts` is accepted, but the design review finds no such finding")
            && run.stdout.contains("did you mean `latency-budget:orders->payments`?"),
        "{}",
        run.stdout
    );
}

//! Each built-in design-review rule on a small model: the base model passes every rule, and
//! one change to it makes exactly the finding the rule is for. One file per family of rules;
//! here the base model, the helpers and the check that every rule has a case.

mod availability;
mod calls;
mod load;
mod messaging;
mod security;

use super::Renderer;
use crate::model::Model;

const BASE: &str = r#"version: 1
name: t
requirements:
  domain: d
  use_cases: [{name: Buy, share: 100, served_by: [Checkout]}]
  scale: {peak_rps: 300}
  latency: {p99_ms: 400}
  availability: 99.9
clients: [{name: web}]
services:
  - {name: gw, kind: gateway, responsibility: r, slo: {availability: 99.98}}
  - name: orders
    responsibility: r
    slo: {availability: 99.99}
    publishes: [{name: OrderPlaced, key: order_id, fields: [{name: order_id, type: uuid}]}]
    api: {resources: [{name: Order, fields: [{name: order_id, type: uuid}]}]}
  - {name: stock, responsibility: r, slo: {availability: 99.99, latency_p99_ms: 40}, api: {resources: [{name: Stock, fields: [{name: sku, type: string}], operations: [get]}]}}
  - {name: pay, responsibility: r, consumes: [OrderPlaced]}
externals: [{name: psp, description: card payments, availability: 99.99, idempotency_header: Idempotency-Key}]
communication:
  brokers: [{name: k, technology: Kafka}]
  links:
    - {from: web, to: gw}
    - {from: gw, to: orders}
    - {from: orders, to: stock}
    - {from: pay, to: psp, background: true}
  flows:
    - name: Checkout
      steps:
        - {from: web, to: gw, action: POST /orders}
        - {from: gw, to: orders, action: POST /orders}
        - {from: orders, to: stock, action: Check}
        - {from: orders, to: k, action: OrderPlaced}
resilience:
  consumers: {max_attempts: 14, initial_ms: 1000, max_ms: 300000}
"#;

fn findings(yaml: &str) -> Vec<String> {
    let model: Model = serde_yaml::from_str(yaml).expect("test model parses");
    let view = Renderer::builtin().unwrap().view(&model).unwrap();
    view.review.iter().map(|f| f.id.clone()).collect()
}

/// `BASE` with each `(from, to)` replaced once.
fn with(pairs: &[(&str, &str)]) -> String {
    let mut s = BASE.to_owned();
    for (a, b) in pairs {
        assert!(s.contains(a), "`{a}` is not in the base model");
        s = s.replacen(a, b, 1);
    }
    s
}

/// A finding id and the base model changed to make it.
struct Case {
    id: &'static str,
    yaml: String,
}

/// The case of finding `id`: `BASE` with each `(from, to)` replaced once.
fn case(id: &'static str, pairs: &[(&str, &str)]) -> Case {
    Case {
        id,
        yaml: with(pairs),
    }
}

/// Each case makes the finding it names.
fn assert_finds(cases: &[Case]) {
    for c in cases {
        let found = findings(&c.yaml);
        assert!(
            found.iter().any(|f| f == c.id),
            "expected `{}`, found {found:?}",
            c.id
        );
    }
}

const CHECKOUT: &str = "- name: Checkout\n";
const RESILIENCE: &str = "resilience:\n";
const PSP: &str = "    - {from: pay, to: psp, background: true}\n";

#[test]
fn the_base_model_passes_every_rule() {
    assert_eq!(findings(BASE), Vec::<String>::new());
}

#[test]
fn every_rule_has_a_case() {
    let cases: Vec<Case> = [
        availability::cases(),
        calls::cases(),
        load::cases(),
        messaging::cases(),
        security::cases(),
    ]
    .into_iter()
    .flatten()
    .collect();
    let rules = crate::templates::review_rules::ReviewRules::builtin();
    for r in &rules.rules {
        assert!(
            cases
                .iter()
                .any(|c| c.id.starts_with(&format!("{}:", r.id)))
                || super::review_model_tests::COVERED.contains(&r.id.as_str()),
            "the rule `{}` has no case in review_tests or review_model_tests",
            r.id
        );
    }
}

#[test]
fn an_accepted_finding_carries_the_reason() {
    let yaml = with(&[(
        "resilience:\n",
        "review:\n  accept: [{finding: \"bulkhead:gw->orders\", reason: Tested at 2x peak.}]\nresilience:\n  bulkhead: 1\n",
    )]);
    let model: Model = serde_yaml::from_str(&yaml).unwrap();
    let view = Renderer::builtin().unwrap().view(&model).unwrap();
    let f = view
        .review
        .iter()
        .find(|f| f.id == "bulkhead:gw->orders")
        .unwrap();
    assert_eq!(f.accepted.as_deref(), Some("Tested at 2x peak."));
    assert_eq!(f.at, "/resilience/bulkhead");
}

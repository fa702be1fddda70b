//! `archgen check` as a design review of the model against itself: each rule run by the real
//! binary on a small model that breaks it, every finding at the model's line with what to do.

use crate::living::SHOP;
use crate::support::Env;

/// `check` on `model` after a render: its exit code and report.
fn check(model: &str) -> (i32, String) {
    let env = Env::new();
    env.write("archgen.yaml", model);
    env.run(&["render"]).ok();
    let run = env.run(&["check"]);
    (run.code, run.stdout)
}

/// The line of the model's first line containing `needle`, 1-based.
fn line_of(model: &str, needle: &str) -> usize {
    1 + model
        .lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("`{needle}` is in the model"))
}

/// `SHOP` with a flow `Checkout` of `steps`.
fn with_flow(steps: &str) -> String {
    SHOP.replace(
        "    - {from: web, to: search}\n",
        &format!(
            "    - {{from: web, to: search}}\n  flows:\n    - name: Checkout\n      steps:\n{steps}"
        ),
    )
}

#[test]
fn a_flow_step_calling_an_operation_no_contract_offers_is_found() {
    let model = with_flow(
        "        - {from: web, to: orders, action: POST /v1/orders}\n        - {from: web, to: orders, action: \"POST /v1/orders/{id}/refund\"}\n",
    );
    let line = line_of(&model, "/refund");
    let (code, out) = check(&model);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(&format!(
            "archgen.yaml:{line}:43: flow `Checkout` step 2 calls `POST /v1/orders/{{id}}/refund` on `orders`, which no operation `orders`'s contract offers"
        )) && out.contains("add the resource, operation or action to the `api`"),
        "{out}"
    );
    assert!(!out.contains("step 1 calls"), "{out}");
}

#[test]
fn a_consumer_reading_a_missing_field_and_an_impossible_delivery_policy_are_found_together() {
    let model = SHOP
        .replace(
            "    slo: {latency_p99_ms: 50}\n",
            "    slo: {latency_p99_ms: 50}\n    consumes: [OrderPlaced]\n    reads: {OrderPlaced: [order_id, amount]}\n",
        )
        .replace(
            "            - {name: total, type: money}\n",
            "            - {name: total, type: money}\n    publishes:\n      - {name: OrderPlaced, fields: [{name: order_id, type: uuid}]}\n",
        )
        .replace(
            "  links:\n",
            "  brokers: [{name: fanout, technology: Redis Pub/Sub}]\n  links:\n    - {from: orders, to: payments, style: async, events: [OrderPlaced], delivery: {max_attempts: 3, dead_letter: true}}\n",
        );
    let (code, out) = check(&model);
    assert_eq!(code, 1, "{out}");
    let reads = line_of(&model, "reads:");
    let link = line_of(&model, "delivery: {max_attempts: 3");
    assert!(
        out.contains(&format!(
            "archgen.yaml:{reads}:37: `payments` reads `amount` from `OrderPlaced`, which carries `order_id`"
        )) && out.contains(&format!(
            "archgen.yaml:{link}:83: link orders -> payments asks for a dead-letter queue and redelivery of `OrderPlaced`, but broker `fanout` (Redis Pub/Sub) keeps no message"
        )),
        "{out}"
    );
}

#[test]
fn reads_of_an_event_the_service_does_not_consume_are_a_load_error() {
    let model = SHOP.replace(
        "    slo: {latency_p99_ms: 50}\n",
        "    slo: {latency_p99_ms: 50}\n    reads: {OrderPlaced: [order_id]}\n",
    );
    let env = Env::new();
    env.write("archgen.yaml", &model);
    let run = env.run(&["check"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        run.stderr.contains("archgen.yaml:19:26: service `payments`: `reads` `OrderPlaced` is not a known event it consumes"),
        "{}",
        run.stderr
    );
}

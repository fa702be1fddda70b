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

/// An internal operation says who may call it by identity (`callers`): a flow step from
/// another component is found, and a rule asking mutual-TLS callers for scopes is found too.
#[test]
fn callers_admit_services_by_identity_and_scopes_need_a_token() {
    let model = with_flow(
        "        - {from: orders, to: payments, action: POST /v1/payments}\n        - {from: search, to: payments, action: POST /v1/payments}\n",
    )
    .replace(
        "          operations: [create]\n",
        "          operations: [create]\n          access:\n            - {operations: [create], methods: [mtls], callers: [orders]}\n",
    )
    .replace(
        "          operations: [list]\n",
        "          operations: [list]\n          access:\n            - {methods: [mtls], scopes: [\"search:read\"]}\n",
    )
    .replace(
        "    - {method: oidc, provider: Keycloak, token_ttl_minutes: 15}\n",
        "    - {method: oidc, provider: Keycloak, token_ttl_minutes: 15, scopes: [{name: \"search:read\"}]}\n    - {method: mtls}\n",
    );
    let (code, out) = check(&model);
    assert_eq!(code, 1, "{out}");
    let step = line_of(&model, "{from: search, to: payments");
    reported(
        &out,
        step,
        "flow `Checkout` step 2 has `search` call `POST /v1/payments` on `payments`, whose access admits only orders",
    );
    assert!(!out.contains("step 1 has"), "{out}");
    reported(
        &out,
        line_of(&model, "scopes: [\"search:read\"]}"),
        "an access rule of `search` admits only mtls callers and asks them for search:read",
    );
    // The contract says who may call.
    let env = Env::new();
    env.write("archgen.yaml", &model);
    env.run(&["render"]).ok();
    let api = env.read(&format!(
        "{}/api/payments.openapi.yaml",
        crate::living::DOCS
    ));
    assert!(
        api.contains("Access: only service accounts (mutual TLS); called only by orders."),
        "{api}"
    );
}

/// A caller that is no component is a load error with a suggestion.
#[test]
fn an_unknown_caller_is_a_load_error() {
    let model = SHOP.replace(
        "          operations: [create]\n",
        "          operations: [create]\n          access: [{methods: [mtls], callers: [order]}]\n",
    );
    let env = Env::new();
    env.write("archgen.yaml", &model);
    let run = env.run(&["check"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        run.stderr.contains("an access rule's caller") && run.stderr.contains("`orders`"),
        "{}",
        run.stderr
    );
}

/// Asserts that `out` reports `message` at line `line` of the model.
fn reported(out: &str, line: usize, message: &str) {
    assert!(
        out.lines().any(|l| l.contains(message)
            && l.trim_start()
                .split_once(' ')
                .is_some_and(|(_, rest)| rest.starts_with(&format!("archgen.yaml:{line}:")))),
        "expected `{message}` at line {line}:\n{out}"
    );
}

#[test]
fn review_rules_find_a_slow_deadline_job_a_redrive_loop_a_late_alert_and_an_unkept_promise() {
    let model = SHOP
        .replace(
            "    slo: {latency_p99_ms: 50}\n",
            "    slo: {latency_p99_ms: 50}\n    consumes: [OrderPlaced]\n",
        )
        .replace(
            "            - {name: total, type: money}\n",
            "            - {name: total, type: money}\n    publishes:\n      - {name: OrderPlaced, fields: [{name: order_id, type: uuid}]}\n",
        )
        .replace(
            "  links:\n",
            "  brokers: [{name: events, technology: Kafka}]\n  links:\n    - {from: orders, to: payments, style: async, events: [OrderPlaced], delivery: {dead_letter: true, redrive_to: original}}\n",
        )
        .replace(
            "    - {from: web, to: search}\n",
            "    - {from: web, to: search}\n  flows:\n    - name: Checkout\n      deadline: {minutes: 15, enforced_by: expire-orders}\n      steps:\n        - {from: web, to: orders, action: \"PATCH /v1/orders/{id}\", returns: 200 OK and idempotent}\nobservability:\n  alerting:\n    alerts:\n      - {name: checkout-stuck, after_minutes: 30, guards: Checkout}\n",
        )
        .replace(
            "      ttl_seconds: 60\n",
            "      ttl_seconds: 60\n  jobs:\n    - {name: expire-orders, service: orders, kind: scheduled, schedule: \"0 * * * *\"}\n",
        );
    let (code, out) = check(&model);
    assert_eq!(code, 1, "{out}");
    reported(
        &out,
        line_of(&model, "deadline: {minutes: 15"),
        "the flow `Checkout` gives up after 15 minutes, but `expire-orders` (0 * * * *) can wait 60 minutes between runs [deadline-job-period:Checkout]",
    );
    reported(
        &out,
        line_of(&model, "redrive_to: original"),
        "dead letters of `OrderPlaced` are redriven into its own topic",
    );
    reported(
        &out,
        line_of(&model, "after_minutes: 30"),
        "the alert `checkout-stuck` pages 30 minutes after the problem starts, but `Checkout` must be done within 15 minutes",
    );
    reported(
        &out,
        line_of(&model, "returns: 200 OK and idempotent"),
        "flow `Checkout` step 1 (`PATCH /v1/orders/{id}`) promises an idempotent call, but the update takes no `Idempotency-Key`",
    );
}

#[test]
fn a_deadline_job_or_alert_objective_that_does_not_exist_is_a_load_error() {
    let model = SHOP.replace(
        "    - {from: web, to: search}\n",
        "    - {from: web, to: search}\n  flows:\n    - name: Checkout\n      deadline: {minutes: 15, enforced_by: expire-ordrs}\n      steps: [{from: web, to: orders, action: POST /v1/orders}]\nobservability:\n  alerting:\n    alerts: [{name: stuck, after_minutes: 5, guards: Chekout}]\n",
    );
    let env = Env::new();
    env.write("archgen.yaml", &model);
    let run = env.run(&["check"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        run.stderr.contains("flow `Checkout`: deadline `enforced_by` `expire-ordrs` is not a known job of `performance.jobs`")
            && run.stderr.contains("alert `stuck`: `guards` `Chekout` is not a known flow with a `deadline`")
            && run.stderr.contains("did you mean `Checkout`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_provider_callback_without_a_receiving_endpoint_is_found_and_a_receiver_is_in_the_contract() {
    let model = SHOP
        .replace("clients:\n", "externals:\n  - {name: Stripe, description: Card payments.}\nclients:\n")
        .replace(
            "    - {from: web, to: search}\n",
            "    - {from: web, to: search}\n    - {from: Stripe, to: payments, style: async, protocol: HTTPS webhook}\n",
        );
    let (code, out) = check(&model);
    assert_eq!(code, 1, "{out}");
    reported(
        &out,
        line_of(&model, "from: Stripe, to: payments"),
        "`Stripe` calls `payments` back (HTTPS webhook), but `payments`'s contract has no endpoint that receives it [webhook-without-receiver:Stripe->payments]",
    );
    let fixed = model.replace(
        "    slo: {latency_p99_ms: 50}\n    api:\n",
        "    slo: {latency_p99_ms: 50}\n    api:\n      receives:\n        - {from: Stripe, signature_header: Stripe-Signature, events: [payment_intent.succeeded]}\n",
    );
    let env = Env::new();
    env.write("archgen.yaml", &fixed);
    env.run(&["render"]).ok();
    let run = env.run(&["check"]);
    assert!(
        !run.stdout.contains("webhook-without-receiver"),
        "{}",
        run.stdout
    );
    let api = env.read(&format!(
        "{}/api/payments.openapi.yaml",
        crate::living::DOCS
    ));
    for needle in [
        "  \"/webhooks/stripe\":\n    post:\n      operationId: \"receiveStripeEvent\"",
        "      security: []\n      parameters:\n        - name: \"Stripe-Signature\"\n          in: header\n          required: true",
        "$ref: \"#/components/schemas/StripeEvent\"",
        "examples: [\"payment_intent.succeeded\"]",
    ] {
        assert!(api.contains(needle), "{needle} in\n{api}");
    }
    // The callback goes to the service, not through a broker.
    let comm = env.read(&format!("{}/communication.md", crate::living::DOCS));
    assert!(
        comm.contains("**Inbound webhook from Stripe**: Stripe calls payments back"),
        "{comm}"
    );
}

#[test]
fn a_deadline_shorter_than_a_redelivery_is_found_and_the_flow_states_both() {
    let model = SHOP
        .replace(
            "    slo: {latency_p99_ms: 50}\n",
            "    slo: {latency_p99_ms: 50}\n    consumes: [OrderPlaced]\n",
        )
        .replace(
            "            - {name: total, type: money}\n",
            "            - {name: total, type: money}\n    publishes:\n      - {name: OrderPlaced, key: order_id, fields: [{name: order_id, type: uuid}]}\n",
        )
        .replace(
            "  links:\n",
            "  brokers: [{name: events, technology: Kafka}]\n  links:\n",
        )
        .replace(
            "    - {from: web, to: search}\n",
            "    - {from: web, to: search}\n  flows:\n    - name: Checkout\n      deadline: {minutes: 15, enforced_by: expire-orders}\n      steps:\n        - {from: orders, to: events, action: OrderPlaced}\n        - {from: events, to: payments, action: OrderPlaced}\nresilience:\n  consumers: {max_attempts: 12, initial_ms: 1000, max_ms: 300000}\n",
        )
        .replace(
            "      ttl_seconds: 60\n",
            "      ttl_seconds: 60\n  jobs:\n    - {name: expire-orders, service: orders, kind: scheduled, schedule: \"*/5 * * * *\"}\n",
        );
    let env = Env::new();
    env.write("archgen.yaml", &model);
    env.run(&["render"]).ok();
    let out = env.run(&["check"]).stdout;
    reported(
        &out,
        line_of(&model, "deadline: {minutes: 15"),
        "the flow `Checkout` gives up after 15 minutes, but OrderPlaced to payments is redelivered for up to 19 minutes [deadline-redelivery:Checkout]",
    );
    let comm = env.read(&crate::living::doc("communication.md"));
    assert!(
        comm.contains("**Deadline**: Checkout gives up 15 min after it starts; `expire-orders` enforces it, running every 5 min, so a late run is noticed up to 20 min after it starts. The longest redelivery of its messages, OrderPlaced to payments, ends within 19 min, beyond the deadline"),
        "{comm}"
    );
}

#[test]
fn a_call_the_polling_relay_makes_in_line_with_its_events_is_found() {
    let model = SHOP
        .replace(
            "            - {name: total, type: money}\n",
            "            - {name: total, type: money}\n    data: [{name: orders, store: PostgreSQL}]\n    publishes:\n      - {name: OrderPlaced, fields: [{name: order_id, type: uuid}]}\n",
        )
        .replace(
            "clients:\n",
            "externals: [{name: Warehouse}]\nclients:\n",
        )
        .replace(
            "communication:\n  links:\n",
            "communication:\n  brokers: [{name: kafka, technology: Kafka}]\n  outbox_relay: polling\n  links:\n    - {from: orders, to: Warehouse, background: true, resilience: {timeout_ms: 750}}\n",
        )
        .replace(
            "    - {from: web, to: search}\n",
            "    - {from: web, to: search}\n  flows:\n    - name: Checkout\n      steps:\n        - {from: web, to: orders, action: POST /v1/orders}\n        - {from: orders, to: kafka, action: OrderPlaced}\n        - {from: orders, to: Warehouse, action: Create the shipment, async: true}\n",
        );
    let line = line_of(&model, "to: Warehouse, background");
    let (_, out) = check(&model);
    assert!(
        out.contains(&format!(
            "archgen.yaml:{line}:7: `orders`'s polling outbox relay both calls `Warehouse` and publishes OrderPlaced: one replica holds its lock and reads the rows in order, so a call that runs to its 750 ms timeout holds up every event committed after it [relay-call-blocks-events:orders->Warehouse]"
        )) && out.contains("a second relay over their own rows"),
        "{out}"
    );
    // A relay of their own: the events wait for no call.
    let apart = model.replace(
        "  outbox_relay: polling\n",
        "  outbox_relay: polling\n  outbox_calls: apart\n",
    );
    let (_, out) = check(&apart);
    assert!(!out.contains("relay-call-blocks-events"), "{out}");
}

/// An acceptance names a finding whatever the order of the list in its id: clinic's accepted
/// in-place redelivery of five events, written in another order, still accepts it, so a list
/// reordered in the model raises nothing again.
#[test]
fn an_acceptance_holds_whatever_the_order_of_the_list_in_its_id() {
    let clinic = std::fs::read_to_string("examples/clinic-booking/archgen.yaml").unwrap();
    let id = "in-place-redelivery-stale:availability:ShiftChanged,ClinicChanged,AppointmentBooked,AppointmentRescheduled,AppointmentCancelled";
    assert!(clinic.contains(id), "clinic accepts {id}");
    let reordered = clinic.replace(
        id,
        "in-place-redelivery-stale:availability:AppointmentCancelled,AppointmentBooked,AppointmentRescheduled,ClinicChanged,ShiftChanged",
    );
    let (code, out) = check(&reordered);
    assert!(
        !out.contains("in-place-redelivery-stale:availability"),
        "{out}"
    );
    assert!(
        !out.contains("is accepted, but the design review finds no such finding"),
        "{out}"
    );
    assert_eq!(code, 0, "{out}");
}

//! Resilience, availability and rollout derived from the right inputs, each read in the
//! rendered documents of a small model: durations as a person reads them, journey objectives,
//! what a gateway can promise, canary gates and steps, readiness with an outbox, and timeouts
//! that agree with the latency they assume.

use crate::support::{MINIMAL, doc, render};

/// MINIMAL with a broker and an event that `payments` consumes.
fn with_event() -> String {
    MINIMAL
        .replace(
            "            - {name: total, type: money}\n",
            "            - {name: total, type: money}\n    publishes:\n      - {name: OrderPlaced, fields: [{name: order_id, type: uuid}]}\n",
        )
        .replace(
            "    responsibility: Takes payments.\n",
            "    responsibility: Takes payments.\n    consumes: [OrderPlaced]\n",
        )
        .replace(
            "    - {from: orders, to: payments}\n",
            "    - {from: orders, to: payments}\n    - {from: orders, to: payments, style: async, events: [OrderPlaced]}\n",
        )
        .replace(
            "communication:\n",
            "communication:\n  brokers: [{name: bus, technology: Kafka}]\n",
        )
}

/// Every whole number of seconds of three digits or more, e.g. `1111 s`.
fn counts_of_seconds(text: &str) -> Vec<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    words
        .windows(2)
        .filter(|w| {
            w[1].trim_end_matches(|c: char| !c.is_alphanumeric()) == "s"
                && w[0].len() >= 3
                && w[0].chars().all(|c| c.is_ascii_digit())
        })
        .map(|w| format!("{} {}", w[0], w[1]))
        .collect()
}

#[test]
fn durations_read_in_minutes_and_seconds_not_a_count_of_seconds() {
    let env = render(&with_event().replace(
        "events: [OrderPlaced]}",
        "events: [OrderPlaced], delivery: {max_attempts: 12}}",
    ));
    let r = doc(&env, "resilience.md");
    // Waits of 1 s doubling to 1 min over 12 deliveries: 1 + 2 + ... + 32 + 5 × 60 = 363 s.
    assert!(
        r.contains(
            "| payments | OrderPlaced | 12 (the link) | 6 min 3 s (about 3 min 2 s with jitter) |"
        ),
        "{r}"
    );
    for (path, text) in crate::support::read_tree(&env.path("docs/architecture")) {
        let found = counts_of_seconds(&text);
        assert!(found.is_empty(), "{path} shows {found:?}");
    }
}

/// MINIMAL with a flow through a gateway to `orders`, which calls `payments`.
fn with_flow(slo: &str) -> String {
    MINIMAL
        .replace(
            "services:\n",
            "services:\n  - {name: edge, kind: gateway, responsibility: Routes requests., slo: {availability: 99.99}}\n",
        )
        .replace("    - {from: web, to: orders}\n", "    - {from: web, to: edge}\n    - {from: edge, to: orders}\n")
        .replace("retail\n", "retail\n  availability: 99.9\n  latency: {p99_ms: 400}\n")
        + &format!(
            "  flows:\n    - name: Place an order\n{slo}      steps:\n        - {{from: web, to: edge, action: POST /orders}}\n        - {{from: edge, to: orders, action: POST /orders}}\n        - {{from: orders, to: payments, action: Charge}}\n"
        )
}

#[test]
fn a_journey_states_its_objective_and_is_compared_with_what_its_dependencies_allow() {
    // edge 99.99% × orders 99.9% × payments 99.9% = 99.79%: under the system's 99.9%.
    let env = render(&with_flow(""));
    let o = doc(&env, "observability.md");
    assert!(
        o.contains("| Place an order | 99.9% (the system's) | 99.7901% (edge 99.99% × orders 99.9% × payments 99.9%): **cannot meet its objective** | 400 ms (the system's) |"),
        "{o}"
    );
    let check = env.run(&["check", "--format", "json"]);
    assert!(
        check.stdout.contains("under the system's 99.9% objective"),
        "{}",
        check.stdout
    );
    // Its own, looser objective is met, and the finding goes.
    let own = render(&with_flow(
        "      slo: {availability: 99.5, latency_p99_ms: 250}\n",
    ));
    let o = doc(&own, "observability.md");
    assert!(
        o.contains("| Place an order | 99.5% (its own) | 99.7901% (edge 99.99% × orders 99.9% × payments 99.9%) | 250 ms (its own) |"),
        "{o}"
    );
    let check = own.run(&["check", "--format", "json"]);
    assert!(
        !check.stdout.contains("journey-availability"),
        "{}",
        check.stdout
    );
    // A stricter one than the parts allow is a finding at the flow's own objective.
    let strict = render(&with_flow("      slo: {availability: 99.95}\n"));
    let check = strict.run(&["check"]);
    assert!(
        check.stdout.contains("archgen.yaml:")
            && check.stdout.contains("under its own 99.95% objective"),
        "{}",
        check.stdout
    );
}

#[test]
fn a_gateway_promises_no_more_than_its_weakest_route_allows() {
    // The system's 99.9% is measured at edge; its route to orders counts edge itself once:
    // edge 99.99% × orders 99.9% × payments 99.9% = 99.79%.
    let env = render(&with_flow(""));
    let o = doc(&env, "observability.md");
    assert!(
        o.contains("The system's 99.9% is measured at edge, but its answers fail whenever it or a route fails: the route to orders composes to 99.7901% (edge 99.99% × orders 99.9% × payments 99.9%), so 99.7901% is the most it can honestly promise."),
        "{o}"
    );
    let check = env.run(&["check"]);
    assert!(
        check.stdout.contains("the system's 99.9% availability is measured at gateway `edge`, but its route to `orders` composes to 99.7901%"),
        "{}",
        check.stdout
    );
    // Its own targets leave room: edge 99.99% × orders 99.99% × payments 99.99% = 99.97%.
    let honest = render(
        &with_flow("")
            .replace(
                "responsibility: Takes orders.\n",
                "responsibility: Takes orders.\n    slo: {availability: 99.99}\n",
            )
            .replace(
                "responsibility: Takes payments.\n",
                "responsibility: Takes payments.\n    slo: {availability: 99.99}\n",
            ),
    );
    let o = doc(&honest, "observability.md");
    assert!(
        o.contains("The system's 99.9% holds on every route through edge"),
        "{o}"
    );
    assert!(!honest.run(&["check"]).stdout.contains("gateway `edge`"));
}

#[test]
fn a_canary_is_gated_by_each_components_budget_in_steps_its_replicas_allow() {
    let model = MINIMAL
        .replace("retail\n", "retail\n  availability: 99.95\n")
        .replace(
            "    responsibility: Takes orders.\n",
            "    responsibility: Takes orders.\n    slo: {availability: 99.99}\n",
        )
        .replace(
            "services:\n",
            "services:\n  - {name: mailer, kind: worker, responsibility: Sends emails.}\n",
        );
    let d = doc(&render(&model), "deployment.md");
    // orders promises 99.99%: its canary may fail 0.01% of requests, not the system's 0.05%.
    assert!(
        d.contains("| orders | by traffic weight | 5%, 25%, 50%, 100% of its requests, by weight | 0.01% (its own 99.99%) |"),
        "{d}"
    );
    assert!(d.contains("| payments | by traffic weight | 5%, 25%, 50%, 100% of its requests, by weight | 0.05% (the system's 99.95%) |"), "{d}");
    // A worker on 3 replicas cannot run 5% of them: its smallest step is one replica.
    assert!(
        d.contains("| mailer | by instances | 1 of 3 replicas (33%), 2 of 3 replicas (67%), 3 of 3 replicas (100%),"),
        "{d}"
    );
    assert!(
        d.contains("without which one new replica beside 3 takes 25% at once"),
        "{d}"
    );
    // A rollback goes back in one step: another canary would outlast the whole budget.
    assert!(
        d.contains("goes back in one step without the gates")
            && d.contains("would leave most traffic on the bad version for at least 35 minutes, longer than the whole 21 min 36 s monthly error budget."),
        "{d}"
    );
}

#[test]
fn a_canary_gate_is_judged_over_enough_requests_synthetic_ones_where_traffic_is_low() {
    let model = |peak: &str| {
        MINIMAL
            .replace(
                "retail\n",
                &format!("retail\n  scale: {{peak_rps: {peak}}}\n"),
            )
            .replace(
                "    responsibility: Takes orders.\n",
                "    responsibility: Takes orders.\n    slo: {availability: 99.99}\n",
            )
    };
    // 2,000 a second reach orders: 5% is 100 a second, the 30,000 requests its 0.01% gate
    // needs (3 / 0.0001) arrive in 5 minutes, within the 15-minute hold.
    let busy = doc(&render(&model("2000")), "deployment.md");
    assert!(
        busy.contains("| 0.01% (its own 99.99%) | 30,000 requests: 5 min at 100 a second (5% of its peak 2000), within the 15 min hold |"),
        "{busy}"
    );
    assert!(!busy.contains("synthetic requests at"), "{busy}");
    // 4 a second: 5% is 0.2 a second, 30,000 take 150,000 s; synthetic requests at
    // 30,000 / 900 s = 33.4 a second (rounded up) reach them within the hold instead, which
    // is more than the component's whole peak: a load test, not a sample. So the step is
    // judged on the 180 requests its own traffic brings in the hold, against the stable
    // version: at 0.01% the stable version shows one error among 180 by chance 1.8% of the
    // time (1 - e^-0.018), under 5%, so one error fails the step; it catches a canary failing
    // 1.665% or more 19 times in 20 (-ln 0.05 / 180, rounded up). A quarter of the peak would
    // bring the 30,000 only in 8 h 20 min, over an hour: not offered.
    let quiet = doc(&render(&model("4")), "deployment.md");
    assert!(
        quiet.contains("| 0.01% (its own 99.99%) | 30,000 requests: 1 d 18 h at 0.2 a second (5% of its peak 4), longer than the 15 min hold, so synthetic requests at 33.4 a second would judge it: 8.3 times its peak, a load test of the canary more than a sample of its traffic, so the step compares the canary with the stable version over its 15 min hold instead: 1 error among the 180 requests it brings fails it, which the stable version at its objective's 0.01% shows by chance in 1.8% of steps; it stops a canary failing 1.665% of its requests or more 19 times in 20, and the full 0.01% is judged from the full rollout, which its burn-rate alerts watch |"),
        "{quiet}"
    );
    assert!(quiet.contains("the rule of three"), "{quiet}");
}

#[test]
fn readiness_leaves_out_a_broker_the_outbox_stands_in_for() {
    let model = with_event().replace(
        "    responsibility: Takes orders.\n",
        "    responsibility: Takes orders.\n    data: [{name: orders, store: PostgreSQL}]\n",
    );
    let r = doc(&render(&model), "resilience.md");
    // orders writes its store and publishes: the outbox keeps its events while Kafka is down.
    assert!(
        r.contains(
            "| orders | orders (PostgreSQL) | bus: events wait in the outbox while it is down |"
        ),
        "{r}"
    );
    assert!(
        r.contains("| payments | its own process only | bus: the consumer reconnects, and its lag is alerted on |"),
        "{r}"
    );
    // Without a store there is no outbox: a request that publishes needs the broker, but every
    // replica shares it, so it is not probed (a blip would pull them all at once).
    let bare = doc(&render(&with_event()), "resilience.md");
    assert!(
        bare.contains("| orders | its own process only | bus: shared by every replica, so a probe would pull them all at once; a failed publish is answered and alerted on |"),
        "{bare}"
    );
}

/// Each retrying caller's retry budget is its calls' peak rate times the budget share, shown
/// once in resilience.md, and the share is an assumption until the model states it.
#[test]
fn a_retry_budget_bounds_each_callers_retries() {
    let out = crate::support::render_example("ride-hailing", None);
    let resilience = &out["resilience.md"];
    let budget = resilience
        .split("### Retry budget")
        .nth(1)
        .expect("resilience.md has a retry budget");
    assert!(
        budget.contains("retries at most 10% of its calls"),
        "{budget}"
    );
    assert!(
        budget.contains("| api-gateway | 210.8/s | 21.1/s | trips, dispatch |"),
        "{budget}"
    );
    assert_eq!(resilience.matches("### Retry budget").count(), 1);
    assert!(
        out["assumptions.md"]
            .contains("| `resilience.retry_budget_percent` | 10% of each caller's calls |"),
        "{}",
        out["assumptions.md"]
    );
    let model = MINIMAL.replace(
        "communication:\n",
        "resilience: {retry_budget_percent: 20, retries: {max_attempts: 3}}\ncommunication:\n",
    );
    let env = render(&model);
    let text = env.read("docs/architecture/resilience.md");
    assert!(
        text.contains("retries at most 20% of its calls over a sliding window (`resilience.retry_budget_percent`)"),
        "{text}"
    );
    assert!(
        text.contains("| orders | no peak load stated | 20% of its calls | payments |"),
        "{text}"
    );
    assert!(
        !env.read("docs/architecture/assumptions.md")
            .contains("retry_budget_percent")
    );
}

/// `with_event` where `payments`' handler charges a card provider in the background.
fn consumer_calling_a_provider() -> String {
    with_event()
        .replace(
            "communication:\n",
            "externals: [{name: psp, description: Card payments.}]\ncommunication:\n",
        )
        .replace(
            "  links:\n",
            "  links:\n    - {from: payments, to: psp, background: true}\n",
        )
}

/// The derived defaults alone never make the `dlq-provider-outage` finding: a consumer that
/// calls a provider gets enough deliveries to outlast a ten-minute outage, named as an
/// assumption; a count the model states is a decision the review still judges.
#[test]
fn a_consumer_calling_a_provider_outlasts_its_outage_by_default() {
    let env = render(&consumer_calling_a_provider());
    let r = doc(&env, "resilience.md");
    assert!(
        r.contains(
            "| payments | OrderPlaced | 26 (outlasts a provider outage) | 20 min 3 s (about 10 min 2 s with jitter) |"
        ),
        "{r}"
    );
    assert!(!r.contains("dlq-provider-outage"), "{r}");
    let a = doc(&env, "assumptions.md");
    assert!(
        a.contains("26 deliveries for payments (calls an external system in its handler)")
            && a.contains("outlasts 10 min of one"),
        "{a}"
    );
    let check = env.run(&["check"]);
    assert!(
        !check.stdout.contains("dlq-provider-outage"),
        "{}",
        check.stdout
    );
    let stated = render(&consumer_calling_a_provider().replace(
        "communication:\n",
        "resilience: {consumers: {max_attempts: 5}}\ncommunication:\n",
    ));
    let r = doc(&stated, "resilience.md");
    assert!(
        r.contains("dlq-provider-outage:payments-\\>psp") && r.contains("longer than about 7.5 s"),
        "{r}"
    );
}

/// A share the team marks as an estimate is used like a stated one, said to be an estimate
/// in capacity.md, and asked to be measured in assumptions.md with the keys that state it.
#[test]
fn estimated_shares_are_used_and_marked_to_be_measured() {
    let model = MINIMAL.replace(
        "requirements:\n  domain: retail\n",
        "requirements:\n  domain: retail\n  scale: {peak_rps: 100}\n  use_cases:\n    - {name: Browse, share: 70, estimate: true, served_by: [orders]}\n    - {name: Buy, share: 30, served_by: [Buy]}\n",
    ) + "  flows:\n    - name: Buy\n      steps:\n        - {from: web, to: orders, action: POST /v1/orders}\n        - opt:\n            when: the order needs a payment\n            share: 40\n            estimate: true\n            steps: [{from: orders, to: payments, action: Charge}]\n";
    let env = render(&model);
    let capacity = doc(&env, "capacity.md");
    assert!(
        capacity.contains(
            "| Browse | 70% | 70 | orders, and what it calls | the model, an estimate to measure |"
        ),
        "{capacity}"
    );
    assert!(capacity.contains("| Buy | 30% |"), "{capacity}");
    let assumptions = doc(&env, "assumptions.md");
    assert!(
        assumptions.contains("Measure the shares the team estimated")
            && assumptions.contains("the use case Browse (70% of the peak) and the branch \"the order needs a payment\" of Buy (40% of its runs)")
            && assumptions.contains("`requirements.use_cases[0].share, communication.flows[0].steps[1].opt.share`"),
        "{assumptions}"
    );
}

/// The model's own alerts are in observability.md, with what they guard.
#[test]
fn a_declared_alert_is_listed_with_what_it_guards() {
    let model = MINIMAL.replace(
        "  links:\n",
        "  flows:\n    - name: Checkout\n      deadline: {minutes: 30, outcome: the order is cancelled}\n      steps:\n        - {from: web, to: orders, action: POST /v1/orders}\n  links:\n",
    ) + "observability:\n  alerting:\n    on_call: checkout on-call\n    alerts:\n      - {name: checkout-stuck, condition: orders pending for 10 minutes, after_minutes: 5, guards: Checkout}\n";
    let env = render(&model);
    let o = doc(&env, "observability.md");
    assert!(
        o.contains(
            "| checkout-stuck | orders pending for 10 minutes | 5 min | checkout on-call | Checkout (30 min) |"
        ),
        "{o}"
    );
    assert!(o.contains("Beyond these and the burn-rate alerts"), "{o}");
}

/// An audit log that names neither where nor how long renders, and says both are still open.
#[test]
fn an_audit_log_without_store_or_retention_says_what_is_open() {
    let env = render(&format!(
        "{MINIMAL}security:\n  audit: {{records: [every change to an order]}}\n"
    ));
    let s = doc(&env, "security.md");
    assert!(
        s.contains("- every change to an order")
            && s.contains("(`security.audit.store`)")
            && s.contains("(`security.audit.retention_days`)"),
        "{s}"
    );
}

#[test]
fn webhook_routes_and_job_retries_state_what_they_need() {
    let out = crate::support::render_example("order-management", None);
    // Exempt from the per-IP limit, the webhook routes get controls of their own.
    let security = &out["security.md"];
    assert!(
        security.contains("admits them only from each provider's published source addresses"),
        "{security}"
    );
    // A job's call leaves its failures to the next run: the next run must find them.
    let resilience = &out["resilience.md"];
    assert!(
        resilience.contains("picks its work by what is still undone")
            && resilience.contains("whether its calls share a row above with its service's handlers or not: sync-on-hand (Warehouse system)."),
        "{resilience}"
    );
    // An outage names the events whose handling calls the provider, and no others.
    assert!(
        resilience.contains("then PaymentCaptured, OrderShipped, OrderDelivered, OrderCancelled and OrderChangeRefused are dead-lettered"),
        "{resilience}"
    );
}

#[test]
fn a_service_that_answers_and_consumes_rolls_out_as_two_deployments() {
    let out = crate::support::render_example("order-management", None);
    let deployment = &out["deployment.md"];
    assert!(
        deployment.contains(
            "Of these, orders, payments and inventory answer requests and consume events, so this plan runs each as two Deployments of one image"
        ),
        "{deployment}"
    );
    // notifications only consumes: one Deployment, rolled by instances.
    assert!(
        !deployment.contains("Of these, notifications"),
        "{deployment}"
    );
}

#[test]
fn a_consumer_whose_change_is_an_unkeyed_call_records_the_id_after_it() {
    let out = crate::support::render_example("order-management", None);
    let communication = &out["communication.md"];
    assert!(
        communication.contains("Where the change is a call out that takes no idempotency key (notifications → SendGrid), no transaction spans the two: the consumer records the id once the call has succeeded"),
        "{communication}"
    );
}

#[test]
fn connectors_run_in_the_cluster_and_an_envoy_limiter_asks_its_service() {
    // clinic-booking runs its connectors on its own Kafka Connect cluster on EKS.
    let clinic = crate::support::render_example("clinic-booking", None);
    let deployment = &clinic["diagrams/c4-deployment.mmd"];
    assert!(
        deployment.contains("region_1_connectors[/\"connectors<br>[Debezium #40;Kafka Connect#41;, run by integrations]\"/]"),
        "{deployment}"
    );
    assert!(!deployment.contains("outbox relay"), "{deployment}");
    // order-management's Envoy gateway counts through the rate limit service, over gRPC.
    let shop = crate::support::render_example("order-management", None);
    let resilience = &shop["resilience.md"];
    assert!(
        resilience.contains("| gateway | rate limit service (gRPC, counting in Redis (ElastiCache)) | 8 ms per call (its gRPC timeout) |")
            && resilience.contains("a `4xx` is the callee's answer"),
        "{resilience}"
    );
}

//! The model's newer concepts asked on the answers already asked (issue 15): a field's
//! constraints on the fields line, stream settings, an event's kind, broker and version. Each
//! scripted interview writes the model, which is loaded back and checked; one runs in a real
//! terminal.

use crate::interview_depth::{BASE, answer, model, passes_check};
use crate::script::Say::*;
use crate::support::Env;
use archgen::model::Filter;

/// The constraints typed after each type on the fields line.
const CONSTRAINED: &str =
    "quantity:int(1..99), sku:string(/^[A-Z0-9-]+$/, e.g. AB-12), name:string(..80)";

#[test]
fn field_constraints_go_on_the_fields_line() {
    let (m, p) = answer(
        model(BASE),
        "apis",
        vec![
            Choose("Resources (", "Add another resource"),
            Type("Resource name", "Line"),
            // A pattern without its example is refused at once, with what to write.
            Type("Fields, on one line", "sku:string(/^[A-Z]+$/)"),
            Type("Fields, on one line", CONSTRAINED),
            Choose("Review", "Write"),
        ],
    );
    assert!(
        p.rejected
            .iter()
            .any(|e| e.contains("a pattern needs an example it accepts")),
        "{:?}",
        p.rejected
    );
    let env = passes_check(&m);
    let back = archgen::load::load(&env.path("archgen.yaml"))
        .unwrap()
        .model;
    let line = back.services[0]
        .api
        .resources
        .iter()
        .find(|r| r.name == "Line");
    let f = &line.expect("the resource is written").fields;
    assert_eq!((f[0].min, f[0].max), (Some(1.0), Some(99.0)));
    assert_eq!(f[1].pattern.as_deref(), Some("^[A-Z0-9-]+$"));
    assert_eq!(f[1].example.as_deref(), Some("AB-12"));
    assert_eq!((f[2].min_length, f[2].max_length), (None, Some(80)));
    let openapi = env.read("docs/architecture/api/orders.openapi.yaml");
    assert!(
        openapi.contains("\"maximum\": 99") && openapi.contains("\"maxLength\": 80"),
        "{openapi}"
    );
}

#[test]
fn a_constrained_fields_line_is_typed_in_a_terminal() {
    use crate::pty::{ENTER, Pty};
    let env = Env::new();
    env.write("archgen.yaml", BASE);
    let mut p = Pty::spawn(&env, &["edit", "--step", "apis"]);
    let wipe = "\x7f".repeat("quantity:int(99..1)".len());
    // Up from "Done" is "Add another resource".
    p.at("Keep these 5 answers", &[ENTER])
        .at("Resources (Order)", &["\x1b[A", ENTER])
        .at("Resource name", &["Line", ENTER])
        .at("What does it represent", &[ENTER])
        .at("nested under another resource", &[ENTER])
        .at("Fields, on one line", &["quantity:int(99..1)", ENTER])
        .expect("ends below its start")
        .at("Fields, on one line", &[&wipe, CONSTRAINED, ENTER])
        .at("Fields (", &[ENTER])
        .at("Which operations and actions", &[ENTER])
        .at("Resources (Order, Line)", &[ENTER])
        .at("Published events (none yet)", &["\x1b[B", ENTER])
        .at("Keep these 5 answers", &[ENTER])
        .at("Resources (Payment)", &[ENTER])
        .at("Published events (none yet)", &["\x1b[B", ENTER])
        // Every resource's key, filters, concurrency and errors, kept with one Enter.
        .at("Keep these", &[ENTER])
        .at("Review: what next?", &[ENTER])
        .expect("rendered");
    assert_eq!(p.exit_code(), 0);
    let m = archgen::load::load(&env.path("archgen.yaml"))
        .unwrap()
        .model;
    let f = &m.services[0].api.resources[1].fields;
    assert_eq!(
        (f[0].name.as_str(), f[0].min, f[0].max),
        ("quantity", Some(1.0), Some(99.0))
    );
    assert_eq!(f[2].max_length, Some(80));
}

/// `BASE` with a live-updates service on Server-Sent Events the web client holds open.
fn with_stream() -> archgen::model::Model {
    model(
        &BASE
            .replace(
                "clients:\n",
                "  - {name: live, responsibility: Pushes order updates., api: {style: sse, resources: [{name: Update, fields: [{name: order_id, type: uuid}], operations: [subscribe]}]}}\nclients:\n",
            )
            .replace(
                "    - {from: web, to: orders}\n",
                "    - {from: web, to: orders}\n    - {from: web, to: live}\n",
            ),
    )
}

#[test]
fn stream_settings_are_asked_in_the_resilience_block_only_with_a_stream() {
    // Kept with one Enter: listed with the derivation's values, and nothing is written.
    let (kept, p) = answer(with_stream(), "resilience", vec![Choose("Review", "Write")]);
    let listed = p.transcript.join("\n");
    assert!(
        listed.contains("Seconds between heartbeats on an idle stream (WebSocket, SSE)? 30")
            && listed
                .contains("First wait before a stream client reconnects, in milliseconds? 1000")
            && listed.contains("Longest wait between stream reconnects, in milliseconds? 30000"),
        "{listed}"
    );
    assert!(kept.resilience.streams.is_empty());
    let env = passes_check(&kept);
    let r = env.read("docs/architecture/resilience.md");
    // The defaults shown are the ones the documents derive.
    assert!(
        r.contains("a heartbeat every 30 s") && r.contains("doubles to 30 s"),
        "{r}"
    );
    // Changed: No on the block asks each, and the answers are written.
    let (m, _) = answer(
        with_stream(),
        "resilience",
        vec![
            Yes("Keep these", false),
            Type("Seconds between heartbeats", "15"),
            Type("First wait before a stream client reconnects", "500"),
            Type("Longest wait between stream reconnects", "60000"),
            Choose("Review", "Write"),
        ],
    );
    let env = passes_check(&m);
    let back = archgen::load::load(&env.path("archgen.yaml"))
        .unwrap()
        .model;
    let s = &back.resilience.streams;
    assert_eq!(
        (
            s.heartbeat_seconds,
            s.reconnect_initial_ms,
            s.reconnect_max_ms
        ),
        (Some(15), Some(500), Some(60_000))
    );
    let r = env.read("docs/architecture/resilience.md");
    assert!(r.contains("closes a connection silent for 45 s"), "{r}");
    // Without a stream the questions are not asked.
    let (_, p) = answer(model(BASE), "resilience", vec![Choose("Review", "Write")]);
    assert!(!p.transcript.join("\n").contains("heartbeat"));
}

/// `BASE` where orders publishes through one of two brokers.
const TWO_BROKERS: &str = "communication:\n  brokers: [{name: bus, technology: Kafka}, {name: jobs, technology: RabbitMQ}]\n";

#[test]
fn an_events_kind_broker_and_version_are_asked_in_its_block() {
    let base = model(&BASE.replace("communication:\n", TWO_BROKERS));
    let (m, p) = answer(
        base,
        "apis",
        vec![
            Choose("Published events (none yet)", "Add"),
            // A present-tense name is refused, and the refusal names the command spelling.
            Type("Event name", "ReserveStock"),
            Type("Event name", "ReserveStock!"),
            Type("Fields, on one line", "order_id, sku"),
            Yes("Keep these", false),
            Choose("A fact (event) or a request", "command"),
            Choose("Which broker carries it", "jobs"),
            Type("major version", "2"),
            Choose("Published events (ReserveStock)", "Add another"),
            Type("Event name", "OrderPlaced"),
            Type("Fields, on one line", "order_id"),
            Choose("Review", "Write"),
        ],
    );
    assert!(
        p.rejected
            .iter()
            .any(|e| e.contains("reads as a command") && e.contains("`ReserveStock!`")),
        "{:?}",
        p.rejected
    );
    // The second event's block is kept: it lists the broker question (two brokers).
    let listed = p.transcript.join("\n");
    assert!(
        listed.contains("Which broker carries it? (the link's broker)")
            && listed.contains("Payload schema's major version? 1"),
        "{listed}"
    );
    passes_check(&m);
    let back = archgen::load::parse(&archgen::model::yaml::to_yaml(&m), "archgen.yaml").unwrap();
    let e = &back.services[0].publishes;
    assert_eq!(e[0].name, "ReserveStock");
    assert_eq!(e[0].kind, archgen::model::MessageKind::Command);
    assert_eq!(
        (e[0].broker.as_deref(), e[0].version),
        (Some("jobs"), Some(2))
    );
    assert_eq!(
        (e[1].kind, e[1].broker.as_deref(), e[1].version),
        (archgen::model::MessageKind::Event, None, None)
    );
    // With one broker the broker is not asked.
    let (_, p) = answer(
        model(&BASE.replace(
            "communication:\n",
            "communication:\n  brokers: [{name: bus, technology: Kafka}]\n",
        )),
        "apis",
        vec![
            Choose("Published events (none yet)", "Add"),
            Type("Event name", "OrderPlaced"),
            Type("Fields, on one line", "order_id"),
            Choose("Review", "Write"),
        ],
    );
    assert!(!p.transcript.join("\n").contains("Which broker carries it"));
}

#[test]
fn the_retry_budget_is_kept_with_the_resilience_block_or_typed() {
    let (kept, p) = answer(model(BASE), "resilience", vec![Choose("Review", "Write")]);
    let listed = p.transcript.join("\n");
    assert!(
        listed.contains("Most retries per caller, as a percent of its calls (retry budget)? 10"),
        "{listed}"
    );
    assert_eq!(kept.resilience.retry_budget_percent, None);
    let env = passes_check(&kept);
    let r = env.read("docs/architecture/resilience.md");
    assert!(r.contains("retries at most 10% of its calls"), "{r}");
    let (m, _) = answer(
        model(BASE),
        "resilience",
        vec![
            Type("Most retries per caller", "20"),
            Choose("Review", "Write"),
        ],
    );
    assert_eq!(m.resilience.retry_budget_percent, Some(20));
    let env = passes_check(&m);
    let r = env.read("docs/architecture/resilience.md");
    assert!(
        r.contains("retries at most 20% of its calls over a sliding window (`resilience.retry_budget_percent`)"),
        "{r}"
    );
}

#[test]
fn the_audit_log_is_asked_in_the_security_block() {
    let (kept, p) = answer(with_deadline(), "security", vec![Choose("Review", "Write")]);
    let listed = p.transcript.join("\n");
    assert!(
        listed.contains("What does the audit log record?"),
        "{listed}"
    );
    assert_eq!(kept.security.audit, None);
    let env = passes_check(&kept);
    assert!(
        env.read("docs/architecture/security.md")
            .contains("No audit log is stated (`security.audit`)")
    );
    assert!(
        env.read("docs/architecture/risks.md")
            .contains("No audit log is named")
    );
    let (m, _) = answer(
        with_deadline(),
        "security",
        vec![
            Type(
                "What does the audit log record?",
                "every change to an order and who made it; support reads of a customer's orders",
            ),
            Type("Days the audit records are kept?", "400"),
            Choose("Review", "Write"),
        ],
    );
    let audit = m
        .security
        .audit
        .clone()
        .expect("the audit log is in the model");
    assert_eq!(
        audit.records,
        [
            "every change to an order and who made it",
            "support reads of a customer's orders"
        ]
    );
    assert_eq!(audit.retention_days, Some(400));
    let env = passes_check(&m);
    let s = env.read("docs/architecture/security.md");
    assert!(s.contains("- support reads of a customer's orders"), "{s}");
    assert!(s.contains("for 400 days"), "{s}");
    let r = env.read("docs/architecture/risks.md");
    assert!(
        r.contains("the audit log of 2 kinds of record, kept 400 days"),
        "{r}"
    );
    assert!(!r.contains("No audit log is named"), "{r}");
}

#[test]
fn the_zones_are_kept_with_the_deployment_block_or_typed() {
    let (kept, p) = answer(
        model(BASE),
        "documentation",
        vec![Choose("Review", "Write")],
    );
    let listed = p.transcript.join("\n");
    assert!(
        listed.contains("Availability zones each region spreads its replicas over? 3"),
        "{listed}"
    );
    assert_eq!(kept.deployment.zones, None);
    let a = passes_check(&kept).read("docs/architecture/assumptions.md");
    assert!(a.contains("deployment.zones"), "{a}");
    let (m, _) = answer(
        model(BASE),
        "documentation",
        vec![
            Type("Availability zones each region", "2"),
            Choose("Review", "Write"),
        ],
    );
    assert_eq!(m.deployment.zones, Some(2));
    let env = passes_check(&m);
    let a = env.read("docs/architecture/assumptions.md");
    assert!(!a.contains("deployment.zones"), "{a}");
}

/// A decision says how the team will know it works and which of the model's alerts watch
/// that: the record names the alert, and observability.md says what the alert confirms.
#[test]
fn a_decision_names_the_alerts_that_watch_its_confirmation() {
    let shop = model(&format!(
        "{BASE}observability:\n  alerting:\n    alerts:\n      - {{name: orders-slow, condition: p99 above 300 ms for 10 minutes, after_minutes: 10}}\n"
    ));
    let (m, p) = answer(
        shop,
        "documentation",
        vec![
            Choose("Decisions (none yet)", "Add"),
            Type(
                "Decision, as a short imperative",
                "Serve orders from one database",
            ),
            Type(
                "What is the context and the problem?",
                "Orders must be read fast.",
            ),
            Type("What was decided?", "One database"),
            Type("How will you know it works?", "The p99 stays under 300 ms."),
            Tick("Which alerts watch that?", &["orders-slow"]),
            Choose("Where does it stand?", "accepted"),
            Choose("Review", "Write"),
        ],
    );
    assert!(p.rejected.is_empty(), "{:?}", p.rejected);
    let d = &m.decisions[0];
    assert_eq!(d.confirmation, "The p99 stays under 300 ms.");
    assert_eq!(d.watched_by, ["orders-slow"]);
    let env = passes_check(&m);
    let adr = env.read("docs/architecture/adr/0002-serve-orders-from-one-database.md");
    assert!(
        adr.contains("Watched by the alert `orders-slow` (p99 above 300 ms for 10 minutes,"),
        "{adr}"
    );
    let o = env.read("docs/architecture/observability.md");
    assert!(
        o.contains("| orders-slow | p99 above 300 ms for 10 minutes | 10 min |"),
        "{o}"
    );
    assert!(o.contains("ADR 0002's confirmation |"), "{o}");
}

/// `BASE` with a checkout flow that must finish within 30 minutes.
fn with_deadline() -> archgen::model::Model {
    model(&format!(
        "{BASE}  flows:\n    - name: Checkout\n      deadline: {{minutes: 30, outcome: the order is cancelled}}\n      steps:\n        - {{from: web, to: orders, action: POST /v1/orders}}\n"
    ))
}

#[test]
fn a_flow_deadline_gets_an_alert_that_pages_before_it_passes() {
    let (kept, p) = answer(
        with_deadline(),
        "observability",
        vec![Choose("Review", "Write")],
    );
    let listed = p.transcript.join("\n");
    assert!(
        listed.contains("Minutes from a run getting stuck to the page? (empty: no alert) 10"),
        "{listed}"
    );
    let alerts = &kept.observability.alerting.alerts;
    assert_eq!(
        alerts
            .iter()
            .map(|a| (a.name.as_str(), a.after_minutes, a.guards.as_deref()))
            .collect::<Vec<_>>(),
        [("checkout-stuck", 10, Some("Checkout"))]
    );
    passes_check(&kept);
    // A page at the deadline is refused at once; a sooner one is written.
    let (m, p) = answer(
        with_deadline(),
        "observability",
        vec![
            Type("Minutes from a run getting stuck", "30"),
            Type("Minutes from a run getting stuck", "5"),
            Choose("Review", "Write"),
        ],
    );
    assert!(
        p.rejected
            .iter()
            .any(|e| e.contains("page before the 30 minute deadline passes")),
        "{:?}",
        p.rejected
    );
    assert_eq!(m.observability.alerting.alerts[0].after_minutes, 5);
    // Without a deadline nothing is asked.
    let (_, p) = answer(
        model(BASE),
        "observability",
        vec![Choose("Review", "Write")],
    );
    assert!(!p.transcript.join("\n").contains("getting stuck"));
}

#[test]
fn a_resources_key_filters_concurrency_and_errors_are_one_block_of_the_step() {
    let shop = BASE.replace(
        "            - {name: total, type: money}\n  - name: payments",
        "            - {name: total, type: money}\n            - {name: number, type: string}\n            - {name: status, type: enum, values: [open, paid]}\n  - name: payments",
    );
    // Kept: listed for every resource, and nothing is written.
    let (kept, p) = answer(model(&shop), "apis", vec![Choose("Review", "Write")]);
    let listed = p.transcript.join("\n");
    assert!(
        listed.contains("Order of `orders`") && listed.contains("Payment of `payments`"),
        "{listed}"
    );
    let order = &kept.services[0].api.resources[0];
    assert!(order.key.is_none() && order.filters.is_empty() && order.concurrency.is_none());
    // Changed: each answer reaches the contract.
    let (m, p) = answer(
        model(&shop),
        "apis",
        vec![
            Choose("Looked up by a natural key", "number"),
            Type("Fields a list is narrowed by", "state"),
            Type("Fields a list is narrowed by", "status"),
            Yes("Guard concurrent writes", true),
            Type("Domain errors", "already-paid:409:shut"),
            Type("Domain errors", "already-paid:409:paid"),
            Choose("Review", "Write"),
        ],
    );
    assert!(
        p.rejected
            .iter()
            .any(|e| e.contains("did you mean `status`")),
        "{:?}",
        p.rejected
    );
    let order = &m.services[0].api.resources[0];
    assert_eq!(order.key.as_deref(), Some("number"));
    assert_eq!(order.filters, [Filter::new("status", false)]);
    assert_eq!(order.concurrency, Some(archgen::model::Concurrency::Etag));
    assert_eq!(
        (order.errors[0].name.as_str(), order.errors[0].status),
        ("already-paid", 409)
    );
    // The states an error is answered in are the lifecycle's, or the answer is asked again.
    assert!(
        (p.rejected.iter()).any(|e| e.contains("`shut` is not a state of the lifecycle")),
        "{:?}",
        p.rejected
    );
    assert_eq!(order.errors[0].states, ["paid"]);
    let env = passes_check(&m);
    let api = env.read("docs/architecture/api/orders.openapi.yaml");
    assert!(
        api.contains("/v1/orders/{number}")
            && api.contains("If-Match")
            && api.contains("already-paid")
            && api.contains("name: \"status\""),
        "{api}"
    );
}

/// Which chosen filters are ranges is asked only when one of them has an order (a date,
/// an instant or a number), offering just those; otherwise the prompts are as before.
#[test]
fn which_filters_are_ranges_is_asked_only_for_orderable_ones() {
    let shop = model(&BASE.replace(
        "            - {name: total, type: money}\n  - name: payments",
        "            - {name: total, type: money}\n            - {name: status, type: enum, values: [open, paid]}\n            - {name: placed_at, type: datetime}\n            - {name: quantity, type: integer}\n  - name: payments",
    ));
    let ranges = "Which of them are ranges (`from` inclusive, `to` exclusive)?";
    let (m, p) = answer(
        shop.clone(),
        "apis",
        vec![
            Type("Fields a list is narrowed by", "status"),
            Choose("Review", "Write"),
        ],
    );
    assert!(
        !p.transcript.join("\n").contains(ranges),
        "{:?}",
        p.transcript
    );
    assert_eq!(
        m.services[0].api.resources[0].filters,
        [Filter::new("status", false)]
    );
    let (m, p) = answer(
        shop,
        "apis",
        vec![
            Type(
                "Fields a list is narrowed by",
                "status; placed_at; quantity",
            ),
            Tick(ranges, &["placed_at"]),
            Choose("Review", "Write"),
        ],
    );
    assert!(p.rejected.is_empty(), "{:?}", p.rejected);
    assert_eq!(
        m.services[0].api.resources[0].filters,
        [
            Filter::new("status", false),
            Filter::new("placed_at", true),
            Filter::new("quantity", false),
        ]
    );
    let yaml = archgen::model::yaml::to_yaml(&m);
    assert!(
        yaml.contains("filters:\n      - status\n      - field: placed_at\n        range: true\n      - quantity\n"),
        "{yaml}"
    );
    let env = passes_check(&m);
    let api = env.read("docs/architecture/api/orders.openapi.yaml");
    assert!(
        api.contains("name: \"placed_at_from\"") && api.contains("name: \"quantity\""),
        "{api}"
    );
}

/// Which exact filters take several values in one call is asked beside the ranges, and a range
/// is never offered for it.
#[test]
fn which_filters_take_several_values_is_asked_among_the_exact_ones() {
    let shop = model(&BASE.replace(
        "            - {name: total, type: money}\n  - name: payments",
        "            - {name: total, type: money}\n            - {name: sku, type: string}\n            - {name: placed_at, type: datetime}\n  - name: payments",
    ));
    let any = "Which of them take several values in one call (a batch lookup)?";
    let (m, p) = answer(
        shop,
        "apis",
        vec![
            Type("Fields a list is narrowed by", "sku; placed_at"),
            Tick("Which of them are ranges", &["placed_at"]),
            Tick(any, &["sku"]),
            Choose("Review", "Write"),
        ],
    );
    assert!(p.rejected.is_empty(), "{:?}", p.rejected);
    let asked = p.transcript.iter().find(|l| l.contains(any));
    assert!(
        asked.is_some_and(|l| !l.contains("placed_at")),
        "{:?}",
        p.transcript
    );
    assert_eq!(
        m.services[0].api.resources[0].filters,
        [
            Filter::full("sku", false, false, true),
            Filter::new("placed_at", true),
        ]
    );
    let env = passes_check(&m);
    let api = env.read("docs/architecture/api/orders.openapi.yaml");
    assert!(api.contains("\"type\": \"array\""), "{api}");
}

/// Which optional fields only some lifecycle states hold is asked for a resource with a
/// lifecycle; a misspelt state is refused with the values it could be.
#[test]
fn fields_present_only_in_some_states_are_asked_with_the_lifecycle() {
    let shop = model(&BASE.replace(
        "            - {name: total, type: money}\n  - name: payments",
        "            - {name: total, type: money}\n            - {name: status, type: enum, values: [pending, shipped, delivered], read_only: true}\n            - {name: delivered_at, type: datetime, read_only: true, optional: true}\n          set_by: [{state: shipped, outside: the warehouse}, {state: delivered, outside: the carrier}]\n  - name: payments",
    ));
    let states = "Fields present only in some states?";
    let (m, p) = answer(
        shop,
        "apis",
        vec![
            Type(states, "delivered_at: deliverd"),
            Type(states, "delivered_at: delivered"),
            Choose("Review", "Write"),
        ],
    );
    assert!(
        p.rejected
            .iter()
            .any(|e| e.contains("deliverd") && e.contains("delivered")),
        "{:?}",
        p.rejected
    );
    let r = &m.services[0].api.resources[0];
    let at = r.fields.iter().find(|f| f.name == "delivered_at").unwrap();
    assert_eq!(at.states, ["delivered"]);
    let env = passes_check(&m);
    let api = env.read("docs/architecture/api/orders.openapi.yaml");
    assert!(
        api.contains("Present only while `status` is `delivered`."),
        "{api}"
    );
}

/// `BASE` where orders publishes an event payments consumes.
fn publishing() -> archgen::model::Model {
    model(&BASE.replace(
        "  - name: payments\n",
        "    publishes: [{name: OrderPlaced, fields: [{name: order_id, type: uuid}]}]\n  - name: payments\n    consumes: [OrderPlaced]\n",
    ))
}

#[test]
fn the_event_envelope_is_asked_with_the_first_broker() {
    let (kept, p) = answer(
        publishing(),
        "communication",
        vec![
            Choose("Brokers (none yet)", "Add"),
            Choose("Which technology", "Kafka"),
            Choose("Review", "Write"),
        ],
    );
    assert!(
        p.transcript
            .join("\n")
            .contains("Do messages carry an envelope (event id, time, version, correlation)? no"),
        "{}",
        p.transcript.join("\n")
    );
    assert_eq!(kept.communication.envelope, None);
    let (m, _) = answer(
        publishing(),
        "communication",
        vec![
            Choose("Brokers (none yet)", "Add"),
            Choose("Which technology", "Kafka"),
            Yes("Do messages carry an envelope", true),
            Choose("How are payload schemas written", "avro"),
            Type("Schema registry", "Confluent Schema Registry"),
            Choose("Which schema changes", "full"),
            Choose("Review", "Write"),
        ],
    );
    let e = m.communication.envelope.as_ref().expect("an envelope");
    assert_eq!(
        (e.schema_format, e.registry.as_deref(), e.compatibility),
        (
            archgen::model::SchemaFormat::Avro,
            Some("Confluent Schema Registry"),
            archgen::model::Compatibility::Full
        )
    );
    passes_check(&m);
}

#[test]
fn a_steps_reply_loop_and_compensation_trigger_are_asked_on_its_answers() {
    let shop = BASE.replace(
        "clients:\n",
        "    publishes: [{name: PaymentFailed, fields: [{name: order_id, type: uuid}]}]\nclients:\n",
    );
    let (m, _) = answer(
        model(&shop),
        "communication",
        vec![
            Choose("Flows (none yet)", "Add a flow"),
            Type("Flow name", "Checkout"),
            Choose("a saga", "orchestration"),
            Choose("Steps (none yet)", "Add a step"),
            Choose("Who acts", "web"),
            Choose("Who receives it", "orders"),
            Type("What happens", "POST /v1/orders -> 201 Created"),
            Choose("Steps (web -> orders", "Add another step"),
            Choose("Who receives it", "payments"),
            Type("What happens", "POST /v1/payments -> 201 Created"),
            Type("What undoes it", "refund the payment"),
            Type("What triggers the undo", "PaymentFailed"),
            Type("Does it run only sometimes", "for each payment method"),
            Type("How many times does it repeat", "1.5"),
            Choose("Flows (Checkout)", "Done"),
            Choose("Review", "Write"),
        ],
    );
    let f = &m.communication.flows[0];
    assert_eq!(
        (f.steps[0].action.as_str(), f.steps[0].returns.as_str()),
        ("POST /v1/orders", "201 Created")
    );
    let looped = f.steps[1].r#loop.as_ref().expect("a loop block");
    assert!(f.steps[1].opt.is_none());
    assert_eq!(looped.when, "for each payment method");
    assert_eq!(looped.times, Some(1.5));
    let call = &looped.steps[0];
    assert_eq!(
        (call.returns.as_str(), call.compensate_on.names()),
        ("201 Created", vec!["PaymentFailed"])
    );
    let env = passes_check(&m);
    let doc = env.read("docs/architecture/communication.md");
    assert!(
        doc.contains(
            "2. *(repeated for each payment method, 1.5 times a run on average)* orders to \
             payments: POST /v1/payments \
             (synchronous), answered with 201 Created; compensated by: refund the payment on \
             PaymentFailed"
        ),
        "{doc}"
    );
}

/// A step its actor takes once it has answered the call that reached it is asked as such, and
/// the sequence diagram draws the reply before it.
#[test]
fn work_after_the_reply_is_asked_and_drawn_after_the_reply() {
    let (m, p) = answer(
        model(BASE),
        "communication",
        vec![
            Choose("Flows (none yet)", "Add a flow"),
            Type("Flow name", "Checkout"),
            Choose("Steps (none yet)", "Add a step"),
            Choose("Who acts", "web"),
            Choose("Who receives it", "orders"),
            Type("What happens", "POST /v1/orders -> 202 Accepted"),
            Choose("Steps (web -> orders", "Add another step"),
            Choose("Who receives it", "payments"),
            Type("What happens", "POST /v1/payments -> 201 Created"),
            Yes("Does it happen after the caller has its answer", true),
            Choose("Flows (Checkout)", "Done"),
            Choose("Review", "Write"),
        ],
    );
    assert!(p.rejected.is_empty(), "{:?}", p.rejected);
    let f = &m.communication.flows[0];
    assert!(!f.steps[0].after_reply);
    assert!(f.steps[1].after_reply);
    let env = passes_check(&m);
    let flow = env.read("docs/architecture/diagrams/flow-checkout.mmd");
    let accepted = flow.find("202 Accepted").expect("the reply is drawn");
    let charge = flow
        .find("2 · POST /v1/payments")
        .expect("the step is drawn");
    assert!(accepted < charge, "{flow}");
    let doc = env.read("docs/architecture/communication.md");
    assert!(doc.contains("once orders has answered its caller"), "{doc}");
}

#[test]
fn steps_that_run_at_the_same_time_become_a_par_block() {
    let (m, p) = answer(
        model(BASE),
        "communication",
        vec![
            Choose("Flows (none yet)", "Add a flow"),
            Type("Flow name", "Checkout"),
            Choose("Steps (none yet)", "Add a step"),
            Choose("Who acts", "web"),
            Choose("Who receives it", "orders"),
            Type("What happens", "POST /v1/orders"),
            Choose("Steps (web -> orders", "Add another step"),
            Choose("Who receives it", "payments"),
            Type("What happens", "POST /v1/payments"),
            Choose("Steps (web -> orders", "Add another step"),
            Choose("Who acts", "orders"),
            Choose("Who receives it", "web"),
            Type("What happens", "GET /v1/orders"),
            Choose("Steps (web -> orders", "Done"),
            Type("Steps that run at the same time", "1+3"),
            Type("Steps that run at the same time", "2+3"),
            Choose("Flows (Checkout)", "Done"),
            Choose("Review", "Write"),
        ],
    );
    assert!(
        p.rejected.iter().any(|e| e.contains("next to each other")),
        "{:?}",
        p.rejected
    );
    let steps = &m.communication.flows[0].steps;
    assert_eq!(steps.len(), 2);
    let par = &steps[1].par;
    assert_eq!(
        par.iter()
            .map(|b| b.steps[0].to.as_str())
            .collect::<Vec<_>>(),
        ["payments", "web"]
    );
    let env = passes_check(&m);
    let d = env.read("docs/architecture/communication.md");
    assert!(!d.is_empty());
}

#[test]
fn a_flow_no_use_case_runs_is_asked_which_event_starts_it() {
    let shop = BASE.replace(
        "clients:\n",
        "    publishes: [{name: PaymentCaptured, fields: [{name: order_id, type: uuid}]}]\nclients:\n",
    );
    let (m, p) = answer(
        model(&shop),
        "communication",
        vec![
            Choose("Flows (none yet)", "Add a flow"),
            Type("Flow name", "Fulfil"),
            Choose("Which event starts each run", "PaymentCaptured"),
            Choose("Steps (none yet)", "Add a step"),
            Choose("Who acts", "orders"),
            Choose("Who receives it", "payments"),
            Type("What happens", "Confirm the capture"),
            Choose("Flows (Fulfil)", "Done"),
            Choose("Review", "Write"),
        ],
    );
    assert_eq!(
        m.communication.flows[0].triggered_by.as_deref(),
        Some("PaymentCaptured")
    );
    passes_check(&m);
    // A flow a use case runs is started by its users: not asked.
    let served = shop.replace(
        "requirements:\n",
        "requirements:\n  use_cases: [{name: Checkout, served_by: [Checkout]}]\n",
    );
    let (m, p2) = answer(
        model(&served),
        "communication",
        vec![
            Choose("Flows (none yet)", "Add a flow"),
            Type("Flow name", "Checkout"),
            Choose("Steps (none yet)", "Add a step"),
            Choose("Who acts", "web"),
            Choose("Who receives it", "orders"),
            Type("What happens", "POST /v1/orders -> 201 Created"),
            Choose("Flows (Checkout)", "Done"),
            Choose("Review", "Write"),
        ],
    );
    assert!(m.communication.flows[0].triggered_by.is_none());
    assert!(
        p.transcript
            .join("\n")
            .contains("Which event starts each run")
    );
    assert!(
        !p2.transcript
            .join("\n")
            .contains("Which event starts each run")
    );
}

#[test]
fn an_rbac_model_is_asked_for_the_attribute_rules_that_narrow_its_roles() {
    let (m, p) = answer(
        model(crate::interview_depth::SHOP_WITH_ROLES),
        "security",
        vec![
            Choose("Policies (none yet)", "Add a policy"),
            Type("Policy name", "own-region"),
            Type(
                "The rule, in words",
                "Support agents reach only orders of their region.",
            ),
            Type("Which roles does it narrow", "support-agnt"),
            Type("Which roles does it narrow", "support-agent"),
            Choose("Policies (own-region)", "Done"),
            Choose("Review", "Write"),
        ],
    );
    assert!(
        p.rejected
            .iter()
            .any(|e| e.contains("`support-agnt` is not a role of this model")),
        "{:?}",
        p.rejected
    );
    let policy = &m.security.authorization.policies[0];
    assert_eq!(
        (policy.name.as_str(), policy.roles.as_slice()),
        ("own-region", ["support-agent".to_owned()].as_slice())
    );
    let env = passes_check(&m);
    assert!(env.read("docs/architecture/security.md").contains(
        "| own-region | support-agent | Support agents reach only orders of their region. |"
    ));
}

/// Which filters every list must send is asked once filters are chosen, offering just those;
/// without filters it is not asked. The answer is saved as `required: true`.
#[test]
fn which_filters_every_list_sends_is_asked_after_the_filters() {
    let shop = model(&BASE.replace(
        "            - {name: total, type: money}\n  - name: payments",
        "            - {name: total, type: money}\n            - {name: customer_id, type: uuid}\n            - {name: placed_at, type: datetime}\n  - name: payments",
    ));
    let required = "Which filters must every list call send?";
    let (m, p) = answer(shop.clone(), "apis", vec![Choose("Review", "Write")]);
    assert!(
        !p.transcript.join("\n").contains(required),
        "{:?}",
        p.transcript
    );
    assert!(m.services[0].api.resources[0].filters.is_empty());
    let (m, p) = answer(
        shop,
        "apis",
        vec![
            Type("Fields a list is narrowed by", "customer_id; placed_at"),
            Tick("Which of them are ranges", &["placed_at"]),
            Tick(required, &["customer_id", "placed_at"]),
            Choose("Review", "Write"),
        ],
    );
    assert!(p.rejected.is_empty(), "{:?}", p.rejected);
    assert_eq!(
        m.services[0].api.resources[0].filters,
        [
            Filter::with("customer_id", false, true),
            Filter::with("placed_at", true, true),
        ]
    );
    let env = passes_check(&m);
    let yaml = env.read("archgen.yaml");
    assert!(
        yaml.contains("filters:\n      - field: customer_id\n        required: true\n      - field: placed_at\n        range: true\n        required: true\n"),
        "{yaml}"
    );
    let back = archgen::load::load(&env.path("archgen.yaml"))
        .unwrap()
        .model;
    assert!(
        back.services[0].api.resources[0]
            .filters
            .iter()
            .all(Filter::required)
    );
}

/// Which fields only some roles read is asked per resource where two or more roles read it,
/// never offering a write-only field; each field chosen starts with every reader and is
/// narrowed to the roles ticked. Skipped where one role (or none) reads the resource.
#[test]
fn which_roles_read_a_field_is_asked_where_several_roles_read_the_item() {
    let roles = crate::interview_depth::SHOP_WITH_ROLES.replace(
        "            - {name: customer_id, type: uuid}\n",
        "            - {name: customer_id, type: uuid}\n            - {name: client_secret, type: string}\n            - {name: card_number, type: string, write_only: true}\n",
    );
    let restricted = "Which fields may only some roles read?";
    // Kept with the block's Enter: listed for orders (two roles read it), nothing restricted.
    let (m, p) = answer(model(&roles), "security", vec![Choose("Review", "Write")]);
    let listed = p.transcript.join("\n");
    assert!(
        listed.contains(&format!("`Order` of orders: {restricted} (none)"))
            && !listed.contains(&format!("`Payment` of payments: {restricted}")),
        "{listed}"
    );
    assert!(
        m.services[0].api.resources[0]
            .fields
            .iter()
            .all(|f| f.read_by.is_empty())
    );
    let (m, p) = answer(
        model(&roles),
        "security",
        vec![
            Choose("Which field names an item's owner", "customer_id"),
            Tick(restricted, &["client_secret"]),
            Tick("Which roles may read it?", &["customer"]),
            Choose("Review", "Write"),
        ],
    );
    let asked = p.transcript.join("\n");
    assert!(asked.contains("`client_secret` of Order"), "{asked}");
    let order = &m.services[0].api.resources[0];
    let by = |n: &str| &order.fields.iter().find(|f| f.name == n).unwrap().read_by;
    assert_eq!(by("client_secret"), &["customer"]);
    assert!(by("total").is_empty() && by("card_number").is_empty());
    let env = passes_check(&m);
    assert!(env.read("archgen.yaml").contains("read_by:"));
    let back = archgen::load::load(&env.path("archgen.yaml"))
        .unwrap()
        .model;
    let secret = back.services[0].api.resources[0]
        .fields
        .iter()
        .find(|f| f.name == "client_secret");
    assert_eq!(secret.unwrap().read_by, ["customer"]);
    let openapi = env.read("docs/architecture/api/orders.openapi.yaml");
    assert!(
        openapi.contains("Returned only to callers with the role customer"),
        "{openapi}"
    );
}

/// One reading role skips the question entirely.
#[test]
fn who_reads_a_field_is_not_asked_where_one_role_reads_the_item() {
    let restricted = "Which fields may only some roles read?";
    let (m, p) = answer(
        model(crate::interview_depth::SHOP_WITH_ROLES),
        "security",
        vec![
            Type("Who may call it", "all: customer"),
            Choose("Review", "Write"),
        ],
    );
    // Listed with the block's defaults (every signed-in role), but not asked once narrowed.
    assert!(
        !p.transcript.contains(&format!("? {restricted}")),
        "{:?}",
        p.transcript
    );
    assert_eq!(m.services[0].api.resources[0].access[0].roles, ["customer"]);
}

/// A cache says which resource's items an entry holds, how many, and how many keys its reads
/// spread over: its memory is then sized from the resource's fields, its hit ratio from the keys.
#[test]
fn a_cache_entry_holds_items_of_a_resource_of_its_service() {
    let (m, p) = answer(
        model(BASE),
        "performance",
        vec![
            Choose("Caches (none yet)", "Add"),
            Type(
                "What does it hold?",
                "the first page of each customer's orders",
            ),
            Choose("Which resource's items does an entry hold?", "Order"),
            Type("How many items does one entry hold?", "20"),
            Type(
                "How many different keys do its reads spread over? (empty if unknown)",
                "0",
            ),
            Type(
                "How many different keys do its reads spread over? (empty if unknown)",
                "50000",
            ),
            Choose("Review", "Write"),
        ],
    );
    // No key at all is refused with the loader's range, and the count asked again.
    assert_eq!(p.rejected.len(), 1, "{:?}", p.rejected);
    let c = &m.performance.caches[0];
    assert_eq!((c.resource.as_deref(), c.items), (Some("Order"), Some(20)));
    assert_eq!(c.keys, Some(50_000));
    let env = passes_check(&m);
    let capacity = env.read("docs/architecture/capacity.md");
    assert!(capacity.contains("(20 × Order of "), "{capacity}");
    // The keys set its hit ratio, in capacity.md's table.
    assert!(
        capacity.contains("of its 50,000 keys (stated)"),
        "{capacity}"
    );
}

/// A cache that events invalidate states its key, and the parts of it whose entries are cut
/// from the same data: caching.md then deletes every value's entry on each event; a key that
/// loses the part takes the answer with it.
#[test]
fn an_event_invalidated_cache_states_its_key_and_the_parts_that_overlap() {
    let (m, p) = answer(
        model(crate::interview_depth::SHOP_WITH_EVENTS),
        "performance",
        vec![
            Choose("Caches (none yet)", "Add"),
            Type(
                "What does it hold?",
                "each order's payment options by method",
            ),
            Choose("Which service reads through it?", "payments"),
            Choose("What invalidates entries before they expire?", "event"),
            Tick("Which events invalidate it?", &["OrderPlaced"]),
            Type("Its key", "options:{order_id}:{method}"),
            Tick(
                "Which parts of its key are cut from the same data",
                &["method"],
            ),
            Choose("Review", "Write"),
        ],
    );
    assert!(p.rejected.is_empty(), "{:?}", p.rejected);
    let c = &m.performance.caches[0];
    assert_eq!(c.key.as_deref(), Some("options:{order_id}:{method}"));
    assert_eq!(c.overlaps, ["method"]);
    let env = passes_check(&m);
    let caching = env.read("docs/architecture/caching.md");
    assert!(
        caching.contains("`method` narrows no delete: the entries of every `method` are cut from the same data (`overlaps`)"),
        "{caching}"
    );
    // A key without the part overlaps nothing, and is not asked about one part.
    let (m, p) = answer(
        m,
        "performance",
        vec![
            Choose(
                "Caches (",
                "Edit cache each-order-s-payment-options-by-method",
            ),
            Type("Its key", "options:{order_id}"),
            Choose("Review", "Write"),
        ],
    );
    assert!(
        !p.transcript
            .iter()
            .any(|l| l.contains("cut from the same data")),
        "{:?}",
        p.transcript
    );
    assert!(m.performance.caches[0].overlaps.is_empty());
}

/// Which clients a per-client rate limit counts is asked with the security step's derived
/// answers; ticking the partner keeps the web app's users out of the one count.
#[test]
fn the_clients_a_per_client_limit_counts_are_asked() {
    let shop = model(&format!(
        "{}security:\n  rate_limits:\n    - {{scope: client, requests: 300, per: minute}}\n",
        BASE.replace(
            "  - {name: web, kind: web}\n",
            "  - {name: web, kind: web}\n  - {name: partner, kind: partner}\n",
        )
        .replace(
            "    - {from: web, to: orders}\n",
            "    - {from: web, to: orders}\n    - {from: partner, to: orders}\n",
        )
    ));
    let (m, p) = answer(
        shop,
        "security",
        vec![
            Tick("Which clients does it apply to?", &["partner"]),
            Choose("Review", "Write"),
        ],
    );
    assert!(p.rejected.is_empty(), "{:?}", p.rejected);
    assert_eq!(m.security.rate_limits[0].clients, ["partner"]);
    let env = passes_check(&m);
    let security = env.read("docs/architecture/security.md");
    assert!(
        security.contains("| client | partner | 300 requests | per minute |"),
        "{security}"
    );
}

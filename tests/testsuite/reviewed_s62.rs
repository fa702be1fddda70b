//! What round s62 changed after the s60 and s61 reviews: personal data is never kept by an
//! HTTP cache, the consumer Deployment holds only the jobs that run in it, an open decision is
//! not stated as the design, and an event's deliveries no flow shows are counted.

use crate::support::{Env, render_example, render_resource};

fn holds(docs: &std::collections::BTreeMap<String, String>, doc: &str, needle: &str) {
    assert!(docs[doc].contains(needle), "{doc}: {}", docs[doc]);
}

/// Bundled example `example` with its model's first `from` replaced by `to`, rendered into
/// `out` of a new folder.
fn rendered_with(example: &str, from: &str, to: &str) -> Env {
    let path = crate::support::root().join(format!("examples/{example}/archgen.yaml"));
    let model = std::fs::read_to_string(path).unwrap();
    let changed = model.replacen(from, to, 1);
    assert_ne!(changed, model, "`{from}` is in the model");
    let env = Env::new();
    env.write("archgen.yaml", &changed);
    let run = env.run(&["render", "--out", "out"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    env
}

#[test]
fn responses_with_personal_data_send_no_store_and_others_do_not() {
    let personal = render_resource(
        "            - {name: email, type: email}\n            - {name: total, type: money}\n",
        "rest",
    );
    let api = personal.read("out/api/orders.openapi.yaml");
    // Each response with a body names the header, and the header is declared once.
    let uses = api
        .matches("$ref: \"#/components/headers/NoStore\"")
        .count();
    assert!(uses >= 4, "{api}");
    assert!(api.contains("    NoStore:\n      description: The response carries personal data"));
    assert!(api.contains("enum: [no-store]"));
    let caching = personal.read("out/caching.md");
    assert!(
        caching.contains(
            "orders (Order) answers with personal data and sends `Cache-Control: no-store`"
        ),
        "{caching}"
    );
    let plain = render_resource("            - {name: total, type: money}\n", "rest");
    let api = plain.read("out/api/orders.openapi.yaml");
    assert!(
        !api.contains("NoStore") && !api.contains("Cache-Control"),
        "{api}"
    );
    assert!(
        plain
            .read("out/caching.md")
            .contains("No contract declares `Cache-Control`")
    );
}

#[test]
fn the_consuming_deployment_holds_only_the_jobs_that_run_in_it() {
    let cb = render_example("clinic-booking", None);
    holds(
        &cb,
        "deployment.md",
        "one serving requests and one consuming, each with its own replicas",
    );
    holds(
        &cb,
        "deployment.md",
        "Their cancel-displaced, close-unfinished-visits, archive-audit and archive-patient-audit jobs run in neither: their scheduler starts each run as a pod of its own",
    );
    let om = render_example("order-management", None);
    holds(
        &om,
        "deployment.md",
        "one consuming (with the outbox relay), each with its own replicas",
    );
    holds(
        &om,
        "deployment.md",
        "Their sync-on-hand and expire-unpaid-orders jobs run where [ADR 0008](adr/0008-choose-what-runs-the-scheduled-jobs.md) decides",
    );
}

#[test]
fn a_fallback_still_open_is_not_stated_as_the_design() {
    let om = render_example("order-management", None);
    holds(
        &om,
        "resilience.md",
        "| Open in [ADR 0010](adr/0010-decide-what-the-rate-limits-do-while-their.md), which platform decides; until then Envoy's defaults hold: the global filter lets the request through (`failure_mode_deny: false`)",
    );
    // Once the team chooses, the row says its choice.
    let env = rendered_with(
        "order-management",
        "\nresilience:\n",
        "\nresilience:\n  rate_limit_fallback: deny\n",
    );
    let resilience = env.read("out/resilience.md");
    assert!(
        resilience.contains("| While it is unreachable, every limited request is refused until it is back, as the team chose "),
        "{resilience}"
    );
    assert!(
        !resilience.contains("`failure_mode_deny: false`"),
        "{resilience}"
    );
}

#[test]
fn an_events_deliveries_no_flow_shows_are_counted_at_their_flows_rate() {
    let om = render_example("order-management", None);
    holds(
        &om,
        "capacity.md",
        "payments → Stripe (OrderCancelled 6/s from Checkout); notifications → SendGrid (OrderCancelled 6/s from Checkout)",
    );
    holds(
        &om,
        "capacity.md",
        "| notifications | SendGrid | 198.9 (from events) |",
    );
}

#[test]
fn a_registration_that_says_a_patient_exists_to_the_patient_is_a_finding_and_a_threat() {
    // As the example stood before: the patient's own registration got the conflict.
    let env = rendered_with(
        "clinic-booking",
        "operations: [create], roles: [front-desk]}",
        "operations: [create], roles: [patient, front-desk]}",
    );
    let risks = env.read("out/risks.md");
    assert!(
        risks.contains("POST /v1/patients answers role patient with 409 patient-exists when a patient like the one sent exists."),
        "{risks}"
    );
    assert!(
        risks.contains("Role patient may read only its own, yet this answer tells whoever sends another person's details that they are registered here"),
        "{risks}"
    );
    let check = env.run(&["check", "--out", "out"]);
    assert_eq!(check.code, 1, "{}", check.stdout);
    assert!(
        check.stdout.contains("creating a Patient answers `409 patient-exists` to `patient`, which may read only its own [create-reveals-existence:Patient.patient-exists]"),
        "{}",
        check.stdout
    );
    // The example answers the conflict to the desk alone.
    let cb = render_example("clinic-booking", None);
    assert!(!cb["risks.md"].contains("409 patient-exists"));
}

//! Observability that fits the system: an existing system gets no SLO, alert, runbook, pool or
//! autoscaling row of ours; a consumer with an API keeps its request objectives; tail sampling
//! says how flows that outlast the collector's decision wait keep their late errors.

use crate::support::Env;

const MODEL: &str = r#"version: 1
name: Clinic
requirements: {domain: booking, scale: {peak_rps: 200}, availability: 99.9}
externals: [{name: EHR, description: the record of care}]
services:
  - name: old-app
    kind: legacy
    team: integrations
    responsibility: The old scheduling application.
    api: {style: none}
    data:
      - name: legacy db
        store: SQL Server
        capture: {tool: Debezium, events: [ShiftChanged], tables: [shifts]}
    publishes:
      - name: ShiftChanged
        key: shift_id
        fields: [{name: shift_id, type: uuid}]
  - name: booking
    responsibility: Books appointments.
    data: [{name: appointments, store: PostgreSQL}]
    consumes: [ShiftChanged]
    publishes:
      - name: Booked
        key: appointment_id
        fields: [{name: appointment_id, type: uuid}]
    api: {resources: [{name: Appointment, fields: [{name: appointment_id, type: uuid}]}]}
  - name: sync
    kind: worker
    responsibility: Mirrors appointments into the EHR.
    consumes: [Booked]
    api:
      style: rest
      receives: [{from: EHR, path: /webhooks/ehr, signature_header: X-Hub-Signature, events: [encounter-finished]}]
communication:
  brokers: [{name: kafka, technology: Kafka}]
  flows:
    - name: Book
      steps:
        - {from: booking, to: kafka, action: Booked}
        - {from: kafka, to: sync, action: Booked}
observability:
  tracing: {sampling: tail}
resilience:
  consumers: {max_attempts: 10, initial_ms: 1000, max_ms: 300000}
"#;

fn rendered(model: &str) -> Env {
    let env = Env::new();
    env.write("archgen.yaml", model);
    env.run(&["render"]).ok();
    env
}

/// The table rows of `doc` that start with `name`'s cell.
fn rows<'d>(doc: &'d str, name: &str) -> Vec<&'d str> {
    let cell = format!("| {name} |");
    doc.lines().filter(|l| l.starts_with(&cell)).collect()
}

#[test]
fn an_existing_system_is_watched_by_its_team_not_given_our_objectives() {
    let env = rendered(MODEL);
    let o = env.read("docs/architecture/observability.md");
    // Only the connector's row of the USE table names it; no SLO, burn-rate or runbook row.
    assert_eq!(rows(&o, "old-app"), Vec::<&str>::new(), "{o}");
    assert!(
        !o.contains("saturated connection pool in booking and old-app"),
        "{o}"
    );
    assert!(
        o.contains("old-app is an existing system that this design neither runs nor releases")
            && o.contains("its team, integrations, watches it")
            && o.contains("the Debezium connector"),
        "{o}"
    );
    let c = env.read("docs/architecture/caching.md");
    assert_eq!(rows(&c, "old-app"), Vec::<&str>::new(), "{c}");
}

#[test]
fn a_consumer_with_an_api_keeps_its_request_objectives_beside_freshness() {
    let env = rendered(MODEL);
    let o = env.read("docs/architecture/observability.md");
    let slo = rows(&o, "sync")
        .into_iter()
        .find(|r| r.contains("freshness"))
        .unwrap_or_else(|| panic!("no SLO row for sync in:\n{o}"));
    assert!(
        slo.contains("of requests") && !slo.contains("serves no requests"),
        "{slo}"
    );
    assert!(!o.contains("For sync, which serves no requests"), "{o}");
}

#[test]
fn tail_sampling_links_the_segments_of_a_flow_that_outlasts_the_decision_wait() {
    let env = rendered(MODEL);
    let o = env.read("docs/architecture/observability.md");
    let para = o
        .lines()
        .find(|l| l.contains("`decision_wait`"))
        .unwrap_or_else(|| panic!("no decision wait in:\n{o}"));
    assert!(
        para.contains("30 s") && para.contains("Book up to") && para.contains("span link"),
        "{para}"
    );
    // Head sampling decides at the first span: nothing to say there.
    let head = rendered(&MODEL.replace("sampling: tail", "sampling: head, sample_rate: 0.5"));
    let o = head.read("docs/architecture/observability.md");
    assert!(!o.contains("`decision_wait`"), "{o}");
}

/// An alert pages the team of the service it watches (`alerts[].service`), the model's
/// `on_call` the rest; an unknown service is refused at its key.
#[test]
fn an_alert_pages_the_team_of_the_service_it_watches() {
    let with_alerts = MODEL.replace(
        "  - name: booking\n    responsibility: Books appointments.\n",
        "  - name: booking\n    team: booking-team\n    responsibility: Books appointments.\n",
    );
    let with_alerts = with_alerts.replace(
        "observability:\n  tracing: {sampling: tail}\n",
        "observability:\n  tracing: {sampling: tail}\n  alerting:\n    on_call: the platform rotation\n    alerts:\n      - {name: booking-slow, service: booking, condition: bookings failing, after_minutes: 5}\n      - {name: sync-behind, condition: records lagging, after_minutes: 15}\n",
    );
    let env = rendered(&with_alerts);
    let o = env.read("docs/architecture/observability.md");
    assert_eq!(
        rows(&o, "booking-slow"),
        ["| booking-slow | bookings failing | 5 min | booking-team on-call | nothing named |"],
        "{o}"
    );
    assert_eq!(
        rows(&o, "sync-behind"),
        ["| sync-behind | records lagging | 15 min | the platform rotation | nothing named |"],
        "{o}"
    );
    let env = Env::new();
    env.write(
        "archgen.yaml",
        &with_alerts.replace("service: booking,", "service: bookin,"),
    );
    let run = env.run(&["render"]);
    assert_ne!(run.code, 0);
    assert!(
        run.stderr.contains("alert `booking-slow`: `service`"),
        "{}",
        run.stderr
    );
}

/// Journeys that enter by one route are told apart by a label, since the route's count mixes
/// them; each journey's pages go to the team of the first service it reaches; and a journey
/// whose objective a service behind the gateway takes whole is a finding.
#[test]
fn journeys_sharing_a_route_are_labelled_and_paged_to_their_owner() {
    let model = r#"version: 1
name: Clinic
requirements: {domain: booking, scale: {peak_rps: 100}, availability: 99.9, latency: {p99_ms: 500}}
clients: [{name: app, kind: mobile}, {name: desk, kind: web}]
services:
  - {name: edge, kind: gateway, responsibility: Routes.}
  - name: booking
    team: booking-team
    responsibility: Books appointments.
    slo: {latency_p99_ms: 300}
    api: {resources: [{name: Appointment, fields: [{name: starts_at, type: datetime}]}]}
communication:
  links:
    - {from: app, to: edge}
    - {from: desk, to: edge}
    - {from: edge, to: booking}
  flows:
    - name: See my visits
      slo: {latency_p99_ms: 300}
      steps:
        - {from: app, to: edge, action: "GET /v1/appointments?patient_id=me"}
        - {from: edge, to: booking, action: GET /v1/appointments}
    - name: Run the day
      steps:
        - {from: desk, to: edge, action: "GET /v1/appointments?day=today"}
        - {from: edge, to: booking, action: GET /v1/appointments}
"#;
    let env = rendered(model);
    let o = env.read("docs/architecture/observability.md");
    assert!(
        o.contains(
            "See my visits and Run the day enter by the same route (`GET /v1/appointments`)"
        ),
        "{o}"
    );
    assert!(
        rows(&o, "See my visits")
            .contains(&"| See my visits | booking (booking-team) | booking-team on-call |"),
        "{o}"
    );
    let capacity = env.read("docs/architecture/capacity.md");
    assert!(
        capacity.contains("leaving nothing for `edge` in front of it"),
        "{capacity}"
    );
}

//! Change data capture: a store's captured changes reach the broker from the store itself, in
//! the diagram, the communication document, service boundaries and AsyncAPI; the loader names
//! each mistake in a capture.

use crate::support::Env;

const MODEL: &str = r#"version: 1
name: Ledger
requirements: {domain: accounting}
services:
  - name: legacy
    kind: legacy
    responsibility: The old billing application.
    data:
      - name: billing db
        store: MySQL
        capture: {tool: Debezium, events: [InvoiceChanged], tables: [invoices]}
    publishes:
      - name: InvoiceChanged
        key: invoice_id
        fields:
          - {name: invoice_id, type: uuid}
          - {name: status, type: string}
  - name: reports
    responsibility: Builds revenue reports.
    consumes: [InvoiceChanged]
communication:
  brokers:
    - {name: kafka, technology: Kafka}
"#;

fn rendered(model: &str) -> Env {
    let env = Env::new();
    env.write("archgen.yaml", model);
    env.run(&["render"]).ok();
    env
}

#[test]
fn the_diagram_draws_cdc_from_the_store_to_the_broker() {
    let env = rendered(MODEL);
    let d = env.read("docs/architecture/diagrams/service-communication.mmd");
    let edge = d
        .lines()
        .find(|l| l.contains("CDC (Debezium): InvoiceChanged"))
        .unwrap_or_else(|| panic!("no CDC edge in:\n{d}"));
    assert!(edge.trim_start().starts_with("db_"), "{edge}");
    assert!(edge.trim_end().ends_with("kafka"), "{edge}");
    // The service's code does not publish it: no edge from the service carries the event.
    assert!(
        !d.lines()
            .any(|l| l.contains("svc_legacy -.->") && l.contains("InvoiceChanged")),
        "{d}"
    );
}

#[test]
fn communication_says_the_log_not_an_outbox_publishes_captured_events() {
    let env = rendered(MODEL);
    let c = env.read("docs/architecture/communication.md");
    assert!(
        c.contains("Debezium reads the binlog of legacy's billing db (MySQL)"),
        "{c}"
    );
    assert!(c.contains("there is no outbox"));
    assert!(c.contains("at least once"));
    assert!(c.contains("snapshots the captured tables"));
    assert!(!c.contains("legacy writes each event to an outbox"), "{c}");
    let b = env.read("docs/architecture/service-boundaries.md");
    assert!(
        b.contains("except the change data capture connectors"),
        "{b}"
    );
}

#[test]
fn loader_names_each_mistake_in_a_capture() {
    let env = Env::new();
    let bad = MODEL
        .replace("store: MySQL", "store: Redis")
        .replace(
            "capture: {tool: Debezium,",
            "capture: {tool: Debezium, broker: kafak,",
        )
        .replace("events: [InvoiceChanged]", "events: [InvoiceChangd]");
    env.write("archgen.yaml", &bad);
    let run = env.run(&["render"]);
    assert_ne!(run.code, 0);
    let e = &run.stderr;
    assert!(
        e.contains("capture of `billing db`: `Redis` keeps no change log"),
        "{e}"
    );
    assert!(
        e.contains("capture of `billing db`: broker `kafak` is not a known broker"),
        "{e}"
    );
    assert!(e.contains("did you mean `kafka`?"), "{e}");
    assert!(
        e.contains("event `InvoiceChangd` is not a known event `legacy` publishes"),
        "{e}"
    );
}

#[test]
fn asyncapi_says_the_captured_message_is_produced_by_cdc() {
    let env = rendered(MODEL);
    let a = env.read("docs/architecture/api/legacy.asyncapi.yaml");
    assert!(a.contains("InvoiceChanged"), "{a}");
    assert!(
        a.contains(
            "Produced by change data capture, not by legacy's code: Debezium reads the binlog"
        ),
        "{a}"
    );
    assert!(!a.contains("through a transactional outbox"), "{a}");
}

#[test]
fn recovery_observability_and_assumptions_name_the_connector() {
    let env = rendered(MODEL);
    let r = env.read("docs/architecture/recovery.md");
    assert!(
        r.contains("| Debezium connector on billing db | change data capture |"),
        "{r}"
    );
    assert!(
        r.contains("If billing db purges its binlog before the connector reads it"),
        "{r}"
    );
    let o = env.read("docs/architecture/observability.md");
    assert!(o.contains("CDC connector Debezium (billing db)"), "{o}");
    assert!(o.contains("connector lag"), "{o}");
    let a = env.read("docs/architecture/assumptions.md");
    assert!(
        a.contains("one event per committed row change to invoices"),
        "{a}"
    );
}

/// With the broker down, the captured events wait in the store's log, not in an outbox.
#[test]
fn a_broker_outage_leaves_captured_events_in_the_log() {
    let env = rendered(MODEL);
    let r = env.read("docs/architecture/resilience.md");
    let row = r
        .lines()
        .find(|l| l.starts_with("| kafka (Kafka) |"))
        .unwrap_or_else(|| panic!("no broker row in:\n{r}"));
    assert!(
        row.contains(
            "legacy's Debezium connector publishes from no outbox: it stops reading the MySQL \
             binlog and resumes from its last position, as long as MySQL keeps its binlog that long"
        ),
        "{row}"
    );
}

/// A captured event is read from a database log: it carries no request's trace context.
#[test]
fn observability_says_captured_events_carry_no_trace_context() {
    let env = rendered(MODEL);
    let o = env.read("docs/architecture/observability.md");
    assert!(
        o.contains(
            "InvoiceChanged carries no trace context: change data capture reads it from a \
             database log"
        ) && !o.contains("1 event in their message headers"),
        "{o}"
    );
}

/// The C4 container view and the LikeC4 model draw the capture from the store too, which
/// belongs to the legacy system outside the boundary.
#[test]
fn the_c4_views_draw_cdc_from_the_store() {
    let env = rendered(MODEL);
    let c4 = env.read("docs/architecture/diagrams/c4-containers.mmd");
    assert!(
        c4.lines().any(|l| l.trim_start().starts_with("db_")
            && l.contains("CDC #40;Debezium#41;#58; InvoiceChanged")
            && l.trim_end().ends_with("broker_kafka")),
        "{c4}"
    );
    let likec4 = env.read("docs/architecture/likec4/model.c4");
    assert!(
        likec4.lines().any(|l| l
            .contains("-[async]-> sys.broker_kafka \"CDC (Debezium): InvoiceChanged\"")
            && l.trim_start().starts_with("db_")),
        "{likec4}"
    );
}

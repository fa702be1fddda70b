//! The outbox relay: the services that publish through a transactional outbox need something
//! that reads the outbox table and publishes its rows, and the model does not say what. Until
//! `communication.outbox_relay` does, it is an open decision with the writers and their stores
//! as its drivers: a polling relay in each service, or change data capture of the tables.

use super::open::{OpenDecision, lead_team_of, undecided};
use crate::model::Model;

/// The decision, when a service publishes through an outbox and the model names no relay.
pub(super) fn relay(model: &Model) -> Option<OpenDecision> {
    let stated = model.communication.outbox_relay.as_deref();
    if stated.is_some_and(|r| !undecided(r)) {
        return None;
    }
    let writers = super::failures::outbox_writers(model);
    if writers.is_empty() {
        return None;
    }
    let drivers = drivers(model, &writers);
    Some(OpenDecision {
        title: "Decide how the outbox rows reach the broker".into(),
        why: format!(
            "{} write each event into an outbox table in the transaction that causes it, and \
             the model does not say what publishes those rows: until it does, no document can \
             draw the relay, size it or say what its failure delays.",
            crate::text::english::and_list(&writers)
        ),
        owner: lead_team_of(model),
        detected: true,
        question: false,
        key: "communication.outbox_relay".into(),
        options: vec![
            "A polling relay in each service: it reads its outbox table every few hundred \
             milliseconds and publishes what it finds, oldest first"
                .into(),
            "Change data capture of the outbox tables (Debezium), which reads the database's \
             log and publishes each row as it commits"
                .into(),
        ],
        due: String::new(),
        blocks: "the relay in the container and deployment views, its failure mode, and the \
                 latency from a commit to its event"
            .into(),
        drivers,
        weighed: weighed(),
    })
}

/// Each writer with the events it publishes through its outbox and its stores.
fn drivers(model: &Model, writers: &[&str]) -> Vec<String> {
    let captured = super::capture::captured_events(model);
    writers
        .iter()
        .filter_map(|w| model.services.iter().find(|s| &s.name == w))
        .map(|s| {
            let events: Vec<&str> = s
                .publishes
                .iter()
                .filter(|e| !captured.contains(&e.name))
                .map(|e| e.name.as_str())
                .collect();
            let stores: Vec<String> = s
                .data
                .iter()
                .map(|d| format!("{} ({})", d.name, d.store))
                .collect();
            format!(
                "{}: {} from {}",
                s.name,
                crate::text::english::and_list(&events),
                crate::text::english::and_list(&stores)
            )
        })
        .collect()
}

/// The options' pros and cons, in the order of the options.
fn weighed() -> Vec<(Vec<String>, Vec<String>)> {
    vec![
        (
            vec![
                "nothing new to run: the relay is the service's own code and deploys with it"
                    .into(),
            ],
            vec![
                "each event waits up to one poll interval, and every replica's poll is a \
                     query on the store (it must lock the rows it takes, with FOR UPDATE SKIP \
                     LOCKED, or two replicas publish a row twice)"
                    .into(),
            ],
        ),
        (
            vec![
                "no polling load, and rows are published in commit order, as the log \
                     has them"
                    .into(),
            ],
            vec![
                "a connector to run and watch (Kafka Connect or Debezium Server), and a \
                     replication slot that keeps the database's log while the connector is \
                     down, filling its disk if nobody notices"
                    .into(),
            ],
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model(extra: &str) -> Model {
        let yaml = format!(
            "version: 1\nname: t\nrequirements: {{domain: d}}\nservices:\n  - name: orders\n    responsibility: r\n    data: [{{name: orders, store: PostgreSQL}}]\n    publishes: [{{name: OrderPlaced}}]\n  - {{name: mail, responsibility: r, consumes: [OrderPlaced]}}\ncommunication:\n  brokers: [{{name: kafka, technology: Kafka}}]\n{extra}"
        );
        serde_yaml::from_str(&yaml).unwrap()
    }

    #[test]
    fn an_outbox_with_no_relay_named_is_an_open_decision_until_one_is() {
        let d = relay(&model("")).expect("open");
        assert_eq!(d.key, "communication.outbox_relay");
        assert_eq!(d.drivers, ["orders: OrderPlaced from orders (PostgreSQL)"]);
        assert_eq!(d.options.len(), d.weighed.len());
        assert!(relay(&model("  outbox_relay: polling\n")).is_none());
        assert!(relay(&model("  outbox_relay: TBD\n")).is_some());
    }
}

//! What each service's readiness probe checks: the stores it owns, and never a broker. A
//! service that writes a store publishes through its outbox, so the broker being down must
//! not take it out of rotation (that is what the outbox is for); a consumer reconnects on its
//! own, and its lag is alerted on, not probed; and a service that publishes straight from a
//! request shares the broker with every replica, so probing it would take them all out of
//! rotation at once on one blip: its failed publishes are answered and alerted on instead.

use super::failures::{broker_users, outbox_writers};
use crate::model::Model;
use serde::Serialize;

/// One service's readiness checks.
#[derive(Debug, Clone, Serialize)]
pub struct Readiness {
    /// The service.
    pub service: String,
    /// Its stores, each as `name (technology)`.
    pub stores: Vec<String>,
    /// Brokers it checks: none, see the module's note; kept for template packs that list them.
    pub brokers: Vec<String>,
    /// Brokers it uses that readiness leaves out, each with why: `outbox`, `consumer`, or
    /// `shared` (it publishes straight from a request).
    pub left_out: Vec<(String, String)>,
}

/// The readiness checks of every service but the legacy system.
pub fn derive(model: &Model) -> Vec<Readiness> {
    let outboxed = outbox_writers(model);
    let users: Vec<_> = model
        .communication
        .brokers
        .iter()
        .map(|b| (b, broker_users(model, &b.name)))
        .collect();
    model
        .services
        .iter()
        .filter(|s| s.kind != crate::model::ServiceKind::Legacy)
        .map(|s| {
            let (brokers, mut left_out) = (Vec::new(), Vec::new());
            for (b, u) in &users {
                let publishes = u.publishers.contains(&s.name);
                if !u.all.contains(&s.name) {
                    continue;
                }
                let pubsub = super::brokers::of(&b.technology).kind == "pubsub";
                if publishes && (pubsub || !outboxed.contains(&s.name.as_str())) {
                    left_out.push((b.name.clone(), "shared".into()));
                } else if publishes {
                    left_out.push((b.name.clone(), "outbox".into()));
                } else {
                    left_out.push((b.name.clone(), "consumer".into()));
                }
            }
            Readiness {
                service: s.name.clone(),
                stores: s
                    .data
                    .iter()
                    .map(|d| format!("{} ({})", d.name, d.store))
                    .collect(),
                brokers,
                left_out,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::graph::tests::named;
    use super::*;

    #[test]
    fn an_outbox_keeps_the_broker_out_of_readiness() {
        let m = named(
            "requirements: {domain: d}\nservices:\n  - name: orders\n    responsibility: r\n    data: [{name: orders, store: PostgreSQL}]\n    publishes: [{name: Placed, fields: [{name: id, type: uuid}]}]\n  - name: mailer\n    kind: worker\n    responsibility: r\n    consumes: [Placed]\n  - name: pinger\n    responsibility: r\n    publishes: [{name: Pinged, fields: [{name: id, type: uuid}]}]\ncommunication:\n  brokers: [{name: bus, technology: Kafka}]\n",
        );
        let r = derive(&m);
        // orders writes a store, so its events wait in its outbox: the broker is not probed.
        assert_eq!(r[0].stores, ["orders (PostgreSQL)"]);
        assert!(r[0].brokers.is_empty());
        assert_eq!(r[0].left_out, [("bus".to_owned(), "outbox".to_owned())]);
        // mailer only consumes: it reconnects, and its lag is alerted on.
        assert_eq!(r[1].left_out, [("bus".to_owned(), "consumer".to_owned())]);
        // pinger publishes with no store to keep an outbox in: a request needs the broker, but
        // every replica shares it, so it is not probed either.
        assert!(r[2].brokers.is_empty());
        assert_eq!(r[2].left_out, [("bus".to_owned(), "shared".to_owned())]);
    }
}

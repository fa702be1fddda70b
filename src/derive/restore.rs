//! What a point-in-time restore of one store leaves out of step. The store comes back up to its
//! RPO behind everything that went on meanwhile: the events its owner consumed and handled, the
//! events it published that others acted on, and what outside providers did at its request.
//! Each owner's steps to bring it back in line follow from what the service consumes,
//! publishes and calls, so they are derived, not written per system.

use super::failures::StoreRecovery;
use crate::model::{Model, ServiceKind};
use serde::Serialize;

/// How the owner of one store brings it back in line after a point-in-time restore.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reconcile {
    /// The store.
    pub store: String,
    /// Its owning service.
    pub service: String,
    /// Most minutes of writes the restore may lose; none when the model states no RPO.
    pub rpo_minutes: Option<u32>,
    /// Events the owner consumes: its consumer groups rewind to the restore point, and the
    /// handled-event ids restored with the store let the replay redo only what was lost.
    pub consumes: Vec<String>,
    /// Events the owner publishes: those published after the restore point were acted on by
    /// their consumers, though the writes behind them are gone.
    pub publishes: Vec<String>,
    /// Outside systems the owner asks to act (on the request path or in the background), not
    /// those it only reads from: their records hold what they did meanwhile.
    pub providers: Vec<String>,
    /// Those systems as one phrase: `Twilio and Amazon SES`.
    pub providers_text: String,
    /// Whether it publishes through a transactional outbox a relay polls: the rows still
    /// unsent at the restore point come back with the store and are sent again.
    pub outbox: bool,
    /// The change data capture tool that reads its outbox from the store's log instead: the
    /// restored store starts a new log, which the connector must be pointed at.
    pub outbox_cdc: Option<String>,
    /// How their records are matched to the calls: by the key header of those that take one,
    /// by what each call acted on for those that take none.
    pub matched_by: String,
    /// The version counters its events carry that consumers compare: the restore sets them
    /// back, and a consumer keeping only newer changes would drop real ones as stale.
    pub versions: Vec<VersionGate>,
    /// How the events it consumes are read again from the restore point, one entry per
    /// broker, in the order of `consumes`.
    pub rewinds: Vec<OnBroker>,
    /// The events it publishes, one entry per broker: those on a log are read back from it,
    /// the others from their consumers' records.
    pub published: Vec<OnBroker>,
}

/// The events a restored store's owner consumes or publishes through one broker, and how that
/// broker lets them be read again from the restore point.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OnBroker {
    /// The broker's name.
    pub broker: String,
    /// How ([`super::brokers::rewind`]): a log's own way (`kafka`, `jetstream`, ...), or
    /// `queue`, `pubsub` or `unknown`, none of which can.
    pub how: &'static str,
    /// The events, in the order the service consumes them.
    pub events: Vec<String>,
    /// Their publishers, who can send again what a queue or a channel no longer holds.
    pub publishers: Vec<String>,
}

/// The events `service` consumes (or, with `published`, publishes), grouped by the broker
/// they travel through, in the service's order.
fn on_brokers(model: &Model, service: &crate::model::Service, published: bool) -> Vec<OnBroker> {
    let events: Vec<(&crate::model::Service, &crate::model::Event)> = if published {
        service.publishes.iter().map(|e| (service, e)).collect()
    } else {
        (service.consumes.iter())
            .filter_map(|name| {
                (model.services.iter())
                    .find_map(|p| p.publishes.iter().find(|e| &e.name == name).map(|e| (p, e)))
            })
            .collect()
    };
    let mut out: Vec<OnBroker> = Vec::new();
    for (publisher, event) in events {
        let Some(b) = super::brokers::of_event(model, &publisher.name, event) else {
            continue;
        };
        let at = match out.iter().position(|w| w.broker == b.name) {
            Some(i) => i,
            None => {
                out.push(OnBroker {
                    broker: b.name.clone(),
                    how: super::brokers::rewind(&b.technology),
                    events: Vec::new(),
                    publishers: Vec::new(),
                });
                out.len() - 1
            }
        };
        let w = &mut out[at];
        w.events.push(event.name.clone());
        if !w.publishers.contains(&publisher.name) {
            w.publishers.push(publisher.name.clone());
        }
    }
    out
}

/// A version field of the owner's events, with the consumers that read it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VersionGate {
    /// The field, e.g. `slot_version`.
    pub field: String,
    /// The events that carry it.
    pub events: Vec<String>,
    /// The consumers that read it (those whose `reads` name it, or every consumer of an
    /// event whose consumers state no reads).
    pub consumers: Vec<String>,
}

/// Whether a field of an event is a version counter consumers compare: an integer named
/// `version`, `revision`, `sequence` or `…_version`.
pub fn is_version(f: &crate::model::Field) -> bool {
    f.ty == crate::model::FieldType::Integer
        && (matches!(f.name.as_str(), "version" | "revision" | "sequence")
            || f.name.ends_with("_version"))
}

/// The version counters the events of `service` carry, with the consumers that read them.
fn versions(model: &Model, service: &crate::model::Service) -> Vec<VersionGate> {
    let mut out: Vec<VersionGate> = Vec::new();
    for e in &service.publishes {
        // A `previous_…` version is the same counter's, for the thing the change left.
        let fields =
            (e.fields.iter()).filter(|f| is_version(f) && !f.name.starts_with("previous_"));
        for f in fields {
            let readers: Vec<&str> = (model.services.iter())
                .filter(|c| c.consumes.contains(&e.name))
                .filter(|c| c.reads.get(&e.name).is_none_or(|r| r.contains(&f.name)))
                .map(|c| c.name.as_str())
                .collect();
            if readers.is_empty() {
                continue;
            }
            let at = match out.iter().position(|g| g.field == f.name) {
                Some(i) => i,
                None => {
                    out.push(VersionGate {
                        field: f.name.clone(),
                        events: Vec::new(),
                        consumers: Vec::new(),
                    });
                    out.len() - 1
                }
            };
            let g = &mut out[at];
            g.events.push(e.name.clone());
            for r in readers {
                if !g.consumers.iter().any(|c| c == r) {
                    g.consumers.push(r.to_owned());
                }
            }
        }
    }
    out
}

/// The steps for each store of ours whose restore can lose writes (an RPO above zero, or none
/// stated) and whose owner exchanges anything with the rest of the system.
pub fn derive(model: &Model, stores: &[StoreRecovery]) -> Vec<Reconcile> {
    stores
        .iter()
        .filter(|r| r.rpo_minutes != Some(0))
        .filter_map(|r| {
            let s = model.services.iter().find(|s| s.name == r.service)?;
            if s.kind == ServiceKind::Legacy {
                return None;
            }
            let providers: Vec<String> = super::link_style::external_calls(model, &s.name)
                .into_iter()
                .filter(|p| !super::link_style::only_reads(model, &s.name, p))
                .collect();
            let outboxed = super::failures::outbox_writers(model).contains(&s.name.as_str());
            let cdc = super::open::cdc_tool(model.communication.outbox_relay.as_deref());
            let out = Reconcile {
                store: r.store.clone(),
                service: r.service.clone(),
                rpo_minutes: r.rpo_minutes,
                consumes: s.consumes.clone(),
                publishes: s.publishes.iter().map(|e| e.name.clone()).collect(),
                providers_text: crate::text::english::and_list(&providers),
                matched_by: matched_by(model, &providers),
                outbox: outboxed && cdc.is_none(),
                outbox_cdc: cdc.filter(|_| outboxed).map(str::to_owned),
                versions: versions(model, s),
                rewinds: on_brokers(model, s, false),
                published: on_brokers(model, s, true),
                providers,
            };
            let any =
                !(out.consumes.is_empty() && out.publishes.is_empty() && out.providers.is_empty());
            any.then_some(out)
        })
        .collect()
}

/// How the records of `providers` are matched to what was asked of them.
fn matched_by(model: &Model, providers: &[String]) -> String {
    let header = |p: &String| {
        (model.externals.iter())
            .find(|e| &e.name == p)
            .and_then(|e| e.idempotency_header.clone())
    };
    let (keyed, unkeyed): (Vec<&String>, Vec<&String>) =
        providers.iter().partition(|p| header(p).is_some());
    let keys: Vec<String> = (keyed.iter())
        .map(|p| {
            format!(
                "by the {} each call sent to {p}",
                header(p).unwrap_or_default()
            )
        })
        .collect();
    let names: Vec<String> = unkeyed.iter().map(|p| (*p).clone()).collect();
    let none = match names.len() {
        0 => String::new(),
        1 => format!(
            "by what each call acted on at {}, which takes no key",
            names[0]
        ),
        _ => format!(
            "by what each call acted on at {}, which take no key",
            crate::text::english::and_list(&names)
        ),
    };
    [keys.join("; "), none]
        .into_iter()
        .filter(|x| !x.is_empty())
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use crate::derive::graph::tests::named as model;

    #[test]
    fn a_restore_names_what_its_owner_consumed_published_and_asked_of_providers() {
        let m = model(
            "requirements: {domain: d, recovery: {rpo_minutes: 5}}\nservices:\n  - name: pay\n    responsibility: r\n    consumes: [Placed]\n    publishes: [{name: Paid}]\n    data: [{name: payments, store: PostgreSQL}]\n  - {name: orders, responsibility: r, publishes: [{name: Placed}], data: [{name: orders, store: PostgreSQL, recovery: {rpo_minutes: 0}}]}\n  - {name: quiet, responsibility: r, data: [{name: notes, store: PostgreSQL}]}\nexternals: [{name: psp, description: d}]\ncommunication:\n  links:\n    - {from: pay, to: psp, background: true}\n",
        );
        let stores = crate::derive::failures::stores(&m);
        let r = super::derive(&m, &stores);
        // orders loses nothing (RPO 0); quiet exchanges nothing.
        assert_eq!(r.len(), 1);
        assert_eq!(
            (
                &r[0].store,
                &r[0].consumes,
                &r[0].publishes,
                &r[0].providers
            ),
            (
                &"payments".to_owned(),
                &vec!["Placed".to_owned()],
                &vec!["Paid".to_owned()],
                &vec!["psp".to_owned()]
            )
        );
        assert_eq!(r[0].rpo_minutes, Some(5));
        assert_eq!(
            r[0].matched_by,
            "by what each call acted on at psp, which takes no key"
        );
        // Its events leave through an outbox a relay polls: unsent rows are sent again.
        assert!(r[0].outbox && r[0].outbox_cdc.is_none());
    }

    #[test]
    fn a_provider_only_read_from_has_nothing_to_check_and_a_keyed_one_is_matched_by_its_key() {
        let m = model(
            "requirements: {domain: d, recovery: {rpo_minutes: 5}}
services:
  - name: stock
    responsibility: r
    data: [{name: stock, store: PostgreSQL}]
    publishes: [{name: Counted}]
externals: [{name: wms, description: d}, {name: psp, description: d, idempotency_header: Idempotency-Key}]
communication:
  outbox_relay: Debezium
  links:
    - {from: stock, to: wms, purpose: Read the on-hand counts, background: true}
    - {from: stock, to: psp, purpose: Refund, background: true}
",
        );
        let stores = crate::derive::failures::stores(&m);
        let r = super::derive(&m, &stores);
        assert_eq!(r[0].providers, ["psp"]);
        assert_eq!(
            r[0].matched_by,
            "by the Idempotency-Key each call sent to psp"
        );
        // A change data capture relay reads the log the restore replaces.
        assert_eq!(r[0].outbox_cdc.as_deref(), Some("Debezium"));
        assert!(!r[0].outbox);
    }

    #[test]
    fn a_restore_raises_the_version_counters_its_consumers_compare() {
        let m = model(
            "requirements: {domain: d, recovery: {rpo_minutes: 5}}\nservices:\n  - name: booking\n    responsibility: r\n    publishes:\n      - {name: Booked, fields: [{name: slot_version, type: integer}, {name: previous_slot_version, type: integer}, {name: seats, type: integer}]}\n      - {name: Moved, fields: [{name: slot_version, type: integer}]}\n    data: [{name: appointments, store: PostgreSQL}]\n  - {name: search, responsibility: r, consumes: [Booked, Moved], reads: {Booked: [slot_version]}}\n  - {name: mail, responsibility: r, consumes: [Booked], reads: {Booked: [seats]}}\n",
        );
        let r = super::derive(&m, &crate::derive::failures::stores(&m));
        // Only the counter, not its `previous_` twin or a count; only the consumer that reads
        // it (mail states it reads no version).
        let gates: Vec<(&str, Vec<&str>, Vec<&str>)> = (r[0].versions.iter())
            .map(|g| {
                (
                    g.field.as_str(),
                    g.events.iter().map(String::as_str).collect(),
                    g.consumers.iter().map(String::as_str).collect(),
                )
            })
            .collect();
        assert_eq!(
            gates,
            [("slot_version", vec!["Booked", "Moved"], vec!["search"])]
        );
    }

    #[test]
    fn a_restore_reads_again_only_what_a_log_keeps_each_broker_its_own_way() {
        let m = model(
            "requirements: {domain: d, recovery: {rpo_minutes: 5}}\ncommunication:\n  brokers:\n    - {name: log, technology: Apache Kafka}\n    - {name: q, technology: RabbitMQ}\nservices:\n  - {name: orders, responsibility: r, publishes: [{name: Placed, broker: log}, {name: Noted, broker: q}]}\n  - {name: pay, responsibility: r, consumes: [Noted, Placed], publishes: [{name: Paid, broker: q}, {name: Held, broker: log}], data: [{name: payments, store: PostgreSQL}]}\n",
        );
        let r = super::derive(&m, &crate::derive::failures::stores(&m));
        let groups = |g: &[super::OnBroker]| -> Vec<(String, &str, Vec<String>, Vec<String>)> {
            g.iter()
                .map(|w| {
                    (
                        w.broker.clone(),
                        w.how,
                        w.events.clone(),
                        w.publishers.clone(),
                    )
                })
                .collect()
        };
        let s = |x: &str| x.to_owned();
        // The queue cannot be rewound, so its publisher sends again; the log is reset by time.
        assert_eq!(
            groups(&r[0].rewinds),
            [
                (s("q"), "queue", vec![s("Noted")], vec![s("orders")]),
                (s("log"), "kafka", vec![s("Placed")], vec![s("orders")]),
            ]
        );
        assert_eq!(
            groups(&r[0].published),
            [
                (s("q"), "queue", vec![s("Paid")], vec![s("pay")]),
                (s("log"), "kafka", vec![s("Held")], vec![s("pay")]),
            ]
        );
    }
}

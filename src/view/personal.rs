//! Personal data in events: every personal field an event carries, who reads it and who gets
//! it without reading it (data minimisation, GDPR article 5(1)(c)).

use super::{EventView, ServiceView};
use crate::model::Model;
use serde::Serialize;

/// A personal field of an event and where it goes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PersonalField {
    /// The event.
    pub event: String,
    /// The field.
    pub field: String,
    /// The publisher.
    pub publisher: String,
    /// Consumers that read it, or say nothing of what they read.
    pub readers: Vec<String>,
    /// Consumers that say what they read of the event and do not read it, and those that get
    /// it because they consume another event on its (log) topic.
    pub others: Vec<String>,
    /// JSON pointer to the field in the model.
    pub at: String,
}

/// The consumers that get `ev` without consuming it: on a log (Kafka and the like) a consumer
/// group reads every message of the topics it reads, so a consumer of another event on the
/// same topic receives this one too, and skips it.
fn topic_mates(model: &Model, events: &[EventView], ev: &EventView) -> Vec<String> {
    let log =
        ev.broker.as_ref().is_some_and(|b| {
            model.communication.brokers.iter().any(|x| {
                x.name == b.name && crate::derive::brokers::of(&x.technology).kind == "log"
            })
        });
    if !log {
        return Vec::new();
    }
    let mut out: Vec<String> = Vec::new();
    for other in events
        .iter()
        .filter(|o| o.topic == ev.topic && o.name != ev.name)
    {
        for c in &other.consumers {
            if !ev.consumers.contains(c) && !out.contains(c) {
                out.push(c.clone());
            }
        }
    }
    out
}

/// Every personal field of every event, in the file's order, with the consumers that read it
/// and those that get it unread (their own events share its topic, or they do not read it).
pub fn derive(model: &Model, events: &[EventView], services: &[ServiceView]) -> Vec<PersonalField> {
    fields_where(model, events, services, |_, f| f.is_personal())
}

/// Every field of an event that its publisher's own contract takes but never returns (a
/// write-only field of one of its resources, such as a payment token), personal data aside,
/// with the consumers that read it and those that get it unread.
pub fn write_only(
    model: &Model,
    events: &[EventView],
    services: &[ServiceView],
) -> Vec<PersonalField> {
    fields_where(model, events, services, |s, f| {
        !f.is_personal()
            && (s.api.resources.iter())
                .any(|r| r.fields.iter().any(|x| x.name == f.name && x.write_only))
    })
}

/// The fields of every event for which `pick(publisher, field)` holds, as [`derive`] gives
/// them.
fn fields_where(
    model: &Model,
    events: &[EventView],
    services: &[ServiceView],
    pick: impl Fn(&crate::model::Service, &crate::model::Field) -> bool,
) -> Vec<PersonalField> {
    let mut out = Vec::new();
    for (i, s) in model.services.iter().enumerate() {
        for (j, e) in s.publishes.iter().enumerate() {
            let Some(ev) = events.iter().find(|x| x.name == e.name) else {
                continue;
            };
            let alongside = topic_mates(model, events, ev);
            for (k, f) in e.fields.iter().enumerate().filter(|(_, f)| pick(s, f)) {
                let (readers, others): (Vec<&ServiceView>, Vec<&ServiceView>) = services
                    .iter()
                    .filter(|c| ev.consumers.contains(&c.node.name))
                    .partition(|c| c.reads.get(&ev.name).is_none_or(|r| r.contains(&f.name)));
                let mut others: Vec<String> = others.iter().map(|c| c.node.name.clone()).collect();
                for c in &alongside {
                    if !others.contains(c) {
                        others.push(c.clone());
                    }
                }
                out.push(PersonalField {
                    event: ev.name.clone(),
                    field: f.name.clone(),
                    publisher: s.name.clone(),
                    readers: readers.iter().map(|c| c.node.name.clone()).collect(),
                    others,
                    at: format!("/services/{i}/publishes/{j}/fields/{k}"),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_personal_field_sent_to_consumers_that_do_not_read_it_is_named_with_them() {
        let yaml = "version: 1\nname: t\nrequirements: {domain: d}\nservices:\n  - {name: orders, \
                    responsibility: r, publishes: [{name: Placed, fields: [{name: id, type: uuid}, \
                    {name: email, type: email}, {name: phone, type: string, personal: true}, \
                    {name: total, type: number}]}]}\n  - {name: mail, responsibility: r, \
                    consumes: [Placed], reads: {Placed: [id, email]}}\n  - {name: stock, \
                    responsibility: r, consumes: [Placed], reads: {Placed: [id]}}\n  - {name: \
                    audit, responsibility: r, consumes: [Placed]}\n";
        let model = crate::load::parse(yaml, "archgen.yaml").unwrap_or_else(|e| panic!("{e:?}"));
        let p = crate::view::build(&model).personal_data;
        let got: Vec<(&str, Vec<&str>, Vec<&str>)> = p
            .iter()
            .map(|p| {
                (
                    p.field.as_str(),
                    p.readers.iter().map(String::as_str).collect(),
                    p.others.iter().map(String::as_str).collect(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("email", vec!["mail", "audit"], vec!["stock"]),
                ("phone", vec!["audit"], vec!["mail", "stock"]),
            ]
        );
        assert_eq!(p[0].at, "/services/0/publishes/0/fields/1");
    }
}

#[cfg(test)]
mod topic_tests {
    #[test]
    fn a_consumer_of_another_event_on_the_same_log_topic_gets_the_field_unread() {
        let yaml = "version: 1\nname: t\nrequirements: {domain: d}\nservices:\n  - {name: people, responsibility: r, publishes: [{name: Changed, topic: people.v1, fields: [{name: id, type: uuid}, {name: email, type: email}]}, {name: Linked, topic: people.v1, fields: [{name: id, type: uuid}]}]}\n  - {name: mail, responsibility: r, consumes: [Changed]}\n  - {name: access, responsibility: r, consumes: [Linked]}\ncommunication:\n  brokers: [{name: k, technology: Kafka}]\n";
        let model = crate::load::parse(yaml, "archgen.yaml").unwrap_or_else(|e| panic!("{e:?}"));
        let p = crate::view::build(&model).personal_data;
        assert_eq!(p[0].readers, ["mail"]);
        assert_eq!(p[0].others, ["access"]);
        // A queue routes each event to its own consumers: nothing rides along.
        let queue = crate::load::parse(&yaml.replace("Kafka", "RabbitMQ"), "archgen.yaml")
            .unwrap_or_else(|e| panic!("{e:?}"));
        assert!(
            crate::view::build(&queue).personal_data[0]
                .others
                .is_empty()
        );
    }

    #[test]
    fn a_write_only_value_an_event_carries_is_named_with_its_readers() {
        let model = crate::load::parse(
            include_str!("../../examples/order-management/archgen.yaml"),
            "archgen.yaml",
        )
        .unwrap_or_else(|e| panic!("{e:?}"));
        let v = crate::view::build(&model);
        let w = &v.write_only_in_events;
        assert_eq!(w.len(), 1, "{w:#?}");
        assert_eq!(
            (w[0].event.as_str(), w[0].field.as_str()),
            ("OrderPlaced", "payment_method")
        );
        assert_eq!(w[0].readers, ["payments"]);
        assert_eq!(w[0].others, ["inventory", "notifications"]);
        // It is no personal data: erasure and the personal table leave it out.
        assert!(!v.personal_data.iter().any(|p| p.field == "payment_method"));
    }
}

//! A broker down or lost: what it keeps, what the outboxes in front of it keep, and what it
//! alone holds (the events not yet consumed, the dead letters) that its own loss or its
//! retention would take.

use super::{FailureMode, broker_owner, broker_users, outbox_writers};
use crate::derive::open::undecided;
use crate::model::{Broker, Model};
use crate::text::english::and_list;

/// What a broker outage loses: the events of a publisher on it (one of `publishers`) with no
/// store, which has no transaction to keep them in.
fn outbox_gap(model: &Model, publishers: &[String]) -> String {
    let storeless: Vec<&str> = model
        .services
        .iter()
        .filter(|s| publishers.contains(&s.name) && s.data.is_empty())
        .map(|s| s.name.as_str())
        .collect();
    match storeless.as_slice() {
        [] => "none".into(),
        [one] => format!(
            "{one} publishes without a store of its own, so it has no outbox: an event it sends while the broker is down is lost unless the request that caused it fails too."
        ),
        many => format!(
            "{} publish without a store of their own, so they have no outbox: an event they send while the broker is down is lost unless the request that caused it fails too.",
            and_list(many)
        ),
    }
}

/// What a log or queue broker leaves open: events its storeless publishers lose while it is
/// down, and what it alone holds, which losing it or its retention takes.
fn gap(model: &Model, b: &Broker, publishers: &[String]) -> String {
    let mut out: Vec<String> = Vec::new();
    let lost = outbox_gap(model, publishers);
    if lost != "none" {
        out.push(lost);
    }
    out.push(held(model, b));
    if let Some(dead) = dead_letters(model, b) {
        out.push(dead);
    }
    out.join(" ")
}

/// What only the broker holds, and the copies that keep it.
fn held(model: &Model, b: &Broker) -> String {
    let stated = model.requirements.capacity.event_replicas;
    let copies = stated.unwrap_or(crate::derive::capacity::EVENT_REPLICAS);
    let assumed = if stated.is_some() {
        ""
    } else {
        " (assumed; `requirements.capacity.event_replicas`)"
    };
    // The Kafka protocol's settings: Kafka itself, MSK, Confluent, Redpanda.
    let how = if crate::derive::brokers::of(&b.technology).poll_limit {
        format!(
            "a replication factor of {copies}{assumed} across zones, with `min.insync.replicas` {} and producers on `acks=all`, so an acknowledged event survives a broker or a zone",
            copies.saturating_sub(1).max(1)
        )
    } else {
        format!(
            "{copies} copies{assumed} across zones, so an acknowledged message survives a node or a zone"
        )
    };
    format!(
        "{} holds the only copy of every event not consumed yet: the model states no recovery objective for it, so it rests on {how}; losing the whole cluster loses them, and only what the publishers' stores still hold can be published again.",
        b.name
    )
}

/// How long a dead letter waits on log `b` before its retention deletes it, when consumers
/// dead-letter there (a queue keeps it until it is read).
fn dead_letters(model: &Model, b: &Broker) -> Option<String> {
    let log = crate::derive::brokers::of(&b.technology).kind == "log";
    if !log || model.resilience.consumers.dead_letter == Some(false) {
        return None;
    }
    let users = broker_users(model, &b.name);
    if users.all.len() == users.publishers.len() {
        return None;
    }
    let days = model.requirements.capacity.event_retention_days;
    let hours = crate::derive::capacity::retention_hours(b.retention_hours, days);
    let from = match (b.retention_hours, days) {
        (Some(_), _) => "its `retention_hours`",
        (None, Some(_)) => "`requirements.capacity.event_retention_days`",
        (None, None) => "assumed; `retention_hours`",
    };
    let kept = if hours % 24 == 0 {
        let d = hours / 24;
        format!("{d} {}", if d == 1 { "day" } else { "days" })
    } else {
        format!("{hours} hours")
    };
    Some(format!(
        "Its dead-letter topics keep a message {kept} ({from}) like any other: a dead letter not redriven by then is deleted unread, so each must be redriven, or copied to a store, well inside that."
    ))
}

/// A broker down: what it keeps, and what the outboxes in front of it keep.
pub(super) fn modes(model: &Model) -> Vec<FailureMode> {
    let mut out = Vec::new();
    for b in &model.communication.brokers {
        let users = broker_users(model, &b.name);
        let on_it = |names: Vec<&str>| -> Vec<String> {
            names
                .into_iter()
                .filter(|n| users.publishers.iter().any(|p| p == n))
                .map(str::to_owned)
                .collect()
        };
        let kind = crate::derive::brokers::of(&b.technology).kind;
        // A pub/sub broker keeps nothing, so an outbox in front of it would not keep anything
        // either: what it loses is recovered from the source of truth, not replayed.
        let outboxed = if kind == "pubsub" {
            Vec::new()
        } else {
            on_it(outbox_writers(model))
        };
        out.push(FailureMode {
            name: if undecided(&b.technology) { b.name.clone() } else { format!("{} ({})", b.name, b.technology) },
            kind: "broker".into(),
            used_by: (users.all.iter()).filter_map(|u| crate::derive::capture::user(model, u)).collect(),
            effect: if kind == "pubsub" {
                "Messages published meanwhile are dropped: subscribers miss them, and nothing waits to be delivered later.".into()
            } else {
                "Events are not delivered: every asynchronous step waits, and consumers fall behind.".into()
            },
            handling: match kind {
                "log" => "the log keeps what was published; consumers resume from their last committed position when it is back",
                "queue" => "messages already queued wait for their consumers and are delivered when it is back; nothing is replayed once acknowledged",
                "pubsub" => "nothing is kept: messages published while a subscriber or the broker is down are lost, so subscribers re-read the source of truth when they reconnect",
                _ => "unknown until its technology is chosen: a log resumes from the last position, a queue redelivers what is unacknowledged, pub/sub loses what was sent meanwhile",
            }
            .to_string()
                + &match outboxed.as_slice() {
                    [] => String::new(),
                    [one] => format!("; {one} keeps its events in its outbox table, and its relay publishes them once the broker is back"),
                    many => format!("; {} keep their events in their outbox tables, and the relays publish them once the broker is back", and_list(many)),
                },
            gap: if kind == "pubsub" { "none: at most once by design".into() } else { gap(model, b, &users.publishers) },
            // One broker carrying every flow is a risk of its own; its gap says what it keeps.
            risk: None,
            owner: broker_owner(model, &b.name),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gap_of(yaml: &str) -> String {
        let m: Model = serde_yaml::from_str(yaml).unwrap();
        let broker = modes(&m).into_iter().find(|f| f.kind == "broker").unwrap();
        broker.gap
    }

    const KAFKA: &str = "version: 1\nname: t\nrequirements: {domain: d}\nservices:\n  - {name: orders, responsibility: r, publishes: [{name: Placed}], data: [{name: o, store: PostgreSQL}]}\n  - {name: mail, responsibility: r, consumes: [Placed]}\ncommunication:\n  brokers: [{name: bus, technology: Kafka, retention_hours: 72}]\n";

    #[test]
    fn a_log_says_what_it_alone_holds_and_how_long_a_dead_letter_waits() {
        let gap = gap_of(KAFKA);
        assert!(
            gap.contains(
                "a replication factor of 3 (assumed; `requirements.capacity.event_replicas`)"
            ) && gap.contains("`min.insync.replicas` 2"),
            "{gap}"
        );
        assert!(
            gap.contains("keep a message 3 days (its `retention_hours`)"),
            "{gap}"
        );
        // A managed Kafka named without the word is the same protocol, from the brokers' table.
        let msk = gap_of(&KAFKA.replace("technology: Kafka", "technology: Amazon MSK"));
        assert!(msk.contains("`min.insync.replicas` 2"), "{msk}");
        let stated = KAFKA.replace("{domain: d}", "{domain: d, capacity: {event_replicas: 4}}");
        let gap = gap_of(&stated);
        assert!(
            gap.contains("a replication factor of 4 across zones, with `min.insync.replicas` 3"),
            "{gap}"
        );
    }

    #[test]
    fn no_dead_letter_is_said_where_nothing_dead_letters_or_a_queue_keeps_it() {
        let off = KAFKA.replace(
            "communication:",
            "resilience: {consumers: {dead_letter: false}}\ncommunication:",
        );
        assert!(!gap_of(&off).contains("dead-letter"));
        let queue = KAFKA.replace(
            "technology: Kafka, retention_hours: 72",
            "technology: RabbitMQ",
        );
        let gap = gap_of(&queue);
        assert!(
            !gap.contains("dead-letter") && gap.contains("3 copies"),
            "{gap}"
        );
    }
}

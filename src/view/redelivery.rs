//! The redelivery tests, grouped: events whose consumers tell a repeat or a late delivery
//! apart the same way share one row of testing.md, instead of one paragraph per event.

use super::{BrokerView, EventView};
use serde::Serialize;

/// Events whose repeats and late deliveries their consumers handle alike.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Redelivery {
    /// The events, in the model's order, each with its consumers.
    pub events: Vec<Redelivered>,
    /// The key they share, if any.
    pub key: Option<String>,
    /// How a consumer tells an older change from a newer one for the key: `version` (a
    /// version field of the key), `log` (the captured change's log position), `broker` (the
    /// broker's order per key within a topic) or `none`.
    pub order: &'static str,
    /// The version field, for `version`.
    pub version: Option<String>,
    /// The `_version` fields the events carry for something else, for `broker`.
    pub others: Vec<String>,
    /// The broker, for `none`.
    pub broker: Option<String>,
    /// The version field to add, for `none`: `order_version` for the key `order_id`.
    pub own: String,
    /// Each consumer of each event, for what the design review settles per pair.
    pub pairs: Vec<Pair>,
}

/// A consumer of one event of a group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pair {
    /// The consumer.
    pub consumer: String,
    /// The event.
    pub event: String,
}

/// One event of a group, with the components that consume it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Redelivered {
    /// The event.
    pub name: String,
    /// Its consumers.
    pub consumers: Vec<String>,
}

/// The groups of consumed events; `captured` are the events change data capture publishes.
pub fn derive(
    events: &[EventView],
    brokers: &[BrokerView],
    captured: &[String],
) -> Vec<Redelivery> {
    let mut out: Vec<Redelivery> = Vec::new();
    for e in events.iter().filter(|e| !e.consumers.is_empty()) {
        // A partitioned log keeps one key's messages in order within a topic.
        let key_ordered = (brokers.iter())
            .find(|b| e.broker.as_ref().is_some_and(|x| x.id == b.node.id))
            .is_some_and(|b| b.semantics.partitioned);
        let g = group(e, captured.contains(&e.name), key_ordered);
        let event = Redelivered {
            name: e.name.clone(),
            consumers: e.consumers.clone(),
        };
        let pairs = (e.consumers.iter()).map(|c| Pair {
            consumer: c.clone(),
            event: e.name.clone(),
        });
        match out.iter_mut().find(|o| same(o, &g)) {
            Some(o) => {
                o.events.push(event);
                o.pairs.extend(pairs);
            }
            None => out.push(Redelivery {
                events: vec![event],
                pairs: pairs.collect(),
                ..g
            }),
        }
    }
    out
}

/// Whether `a` and `b` are told apart the same way.
fn same(a: &Redelivery, b: &Redelivery) -> bool {
    (a.key == b.key && a.order == b.order && a.version == b.version)
        && (a.others == b.others && a.broker == b.broker)
}

/// How `e`'s consumers tell its repeats and late deliveries apart, with no events yet.
fn group(e: &EventView, captured: bool, key_ordered: bool) -> Redelivery {
    let own = match &e.key {
        Some(k) => format!("{}_version", k.strip_suffix("_id").unwrap_or(k)),
        None => String::new(),
    };
    let integers = || e.fields.iter().filter(|f| f.ty == "integer" && !f.list);
    let version = integers()
        .map(|f| f.name.clone())
        .find(|n| ["version", "revision", "sequence", own.as_str()].contains(&n.as_str()));
    let order = match (&e.key, &version) {
        (None, _) => "unkeyed",
        (Some(_), Some(_)) => "version",
        _ if captured => "log",
        _ if key_ordered => "broker",
        _ => "none",
    };
    let others = match order {
        "broker" => integers()
            .map(|f| f.name.clone())
            .filter(|n| n.ends_with("_version"))
            .collect(),
        _ => Vec::new(),
    };
    Redelivery {
        events: Vec::new(),
        key: e.key.clone(),
        order,
        version,
        others,
        broker: match order {
            "none" => e.broker.as_ref().map(|b| b.name.clone()),
            _ => None,
        },
        own,
        pairs: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    fn groups(yaml: &str) -> Vec<super::Redelivery> {
        crate::view::built(yaml).testing.redeliveries
    }

    fn names(g: &super::Redelivery) -> Vec<&str> {
        g.events.iter().map(|e| e.name.as_str()).collect()
    }

    #[test]
    fn events_told_apart_alike_share_one_row() {
        let g = groups(include_str!("../../examples/order-management/archgen.yaml"));
        // Every consumed order event is keyed by order_id on Kafka with no version of its
        // own: one row, not nine copies of one paragraph. OrderAmended has no consumer.
        assert_eq!(g.len(), 1, "{g:#?}");
        assert_eq!(g[0].order, "broker");
        assert_eq!(g[0].key.as_deref(), Some("order_id"));
        assert!(!names(&g[0]).contains(&"OrderAmended"));
        assert_eq!(names(&g[0]).len(), 9);
        let placed = &g[0].events[0];
        assert_eq!(placed.name, "OrderPlaced");
        assert_eq!(placed.consumers, ["payments", "inventory", "notifications"]);
    }

    #[test]
    fn a_version_a_log_position_and_another_thing_s_version_each_make_their_own_row() {
        let g = groups(include_str!("../../examples/clinic-booking/archgen.yaml"));
        let of = |event: &str| {
            (g.iter())
                .find(|g| names(g).contains(&event))
                .unwrap_or_else(|| panic!("{event}: {g:#?}"))
        };
        assert_eq!(of("ShiftChanged").order, "log");
        let details = of("PatientDetailsChanged");
        assert_eq!(details.order, "version");
        assert_eq!(details.version.as_deref(), Some("patient_version"));
        let booked = of("AppointmentBooked");
        assert_eq!(booked.order, "broker");
        assert_eq!(booked.others, ["slot_version"]);
        // Groups never mix ways of telling changes apart.
        for x in &g {
            for y in g.iter().filter(|y| *y != x) {
                assert!(!super::same(x, y), "{x:#?} {y:#?}");
            }
        }
    }
}

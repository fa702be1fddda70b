//! Ordering races a consumer must survive: events it reads about the same entity that the
//! broker does not order between them, because they are keyed by something else or published
//! on different topics. Each is a failure-path test with the design's own names.

use super::{EventView, ServiceView};
use serde::Serialize;

/// Events one consumer reads about one entity, with no order between them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Race {
    /// The consumer.
    pub consumer: String,
    /// The entity's field, e.g. `clinician_id`: the key of at least one of the events.
    pub field: String,
    /// The events, in the model's order of publication.
    pub events: Vec<String>,
    /// Why the broker does not order them: `keyed by appointment_id`, `on 2 topics`...
    pub why: String,
    /// The version field the consumer reads in some of them and compares before applying;
    /// `None` when none carries one.
    pub version: Option<String>,
    /// The events that carry it.
    pub versioned: Vec<String>,
    /// The moves of the consumer's own lifecycle fields that the events trigger from the
    /// states the model names (`set_by[].from`): each applies only there.
    pub guards: Vec<Guard>,
    /// The events no such move names: what one does when it arrives before the event it
    /// follows is the consumer's `early_events`, where the model states it.
    pub unguarded: Vec<String>,
    /// The consumer's `early_events`: `keep` or `apply`; none where the model does not say.
    pub early: Option<&'static str>,
}

/// A move an event makes from the states the model allows it from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Guard {
    /// The event.
    pub event: String,
    /// The resource and lifecycle field, e.g. `Order.status`.
    pub field: String,
    /// The states it moves from.
    pub from: Vec<String>,
    /// The state it moves to.
    pub to: String,
}

/// Each race's guards: the moves `states` of the consumer's own lifecycles give its events.
pub fn guard(races: &mut [Race], states: &[crate::derive::lifecycle::State]) {
    for r in races {
        for e in &r.events {
            let mut found = false;
            for st in states.iter().filter(|st| st.service == r.consumer) {
                for t in st.transitions.iter().filter(|t| t.messages.contains(e)) {
                    found = true;
                    r.guards.push(Guard {
                        event: e.clone(),
                        field: format!("{}.{}", st.resource, st.field),
                        from: t.from.clone(),
                        to: st.value.clone(),
                    });
                }
            }
            if !found {
                r.unguarded.push(e.clone());
            }
        }
    }
}

/// The fields of `e` that `s` reads: what it says it reads, else every field.
fn read<'a>(s: &'a ServiceView, e: &'a EventView) -> Vec<&'a str> {
    match s.reads.get(&e.name) {
        Some(fields) => fields.iter().map(String::as_str).collect(),
        None => e.fields.iter().map(|f| f.name.as_str()).collect(),
    }
}

/// Every race in the design: per consumer, per field that keys one of the events it consumes.
pub fn derive(events: &[EventView], services: &[ServiceView]) -> Vec<Race> {
    let mut out = Vec::new();
    for s in services {
        let consumed: Vec<&EventView> = events
            .iter()
            .filter(|e| s.consumes.contains(&e.name))
            .collect();
        let mut keys: Vec<&str> = Vec::new();
        for k in consumed.iter().filter_map(|e| e.key.as_deref()) {
            if !keys.contains(&k) {
                keys.push(k);
            }
        }
        for field in keys {
            let about: Vec<&EventView> = consumed
                .iter()
                .copied()
                .filter(|e| read(s, e).contains(&field))
                .collect();
            if let Some(race) = race(s, field, &about) {
                out.push(race);
            }
        }
    }
    out
}

/// The race among `about`, the events `s` reads `field` in, if the broker leaves them unordered.
fn race(s: &ServiceView, field: &str, about: &[&EventView]) -> Option<Race> {
    if about.len() < 2 {
        return None;
    }
    let mut topics: Vec<&str> = about.iter().map(|e| e.topic.as_str()).collect();
    topics.sort_unstable();
    topics.dedup();
    let mut other_keys: Vec<&str> = about
        .iter()
        .filter_map(|e| e.key.as_deref())
        .filter(|k| *k != field)
        .collect();
    other_keys.sort_unstable();
    other_keys.dedup();
    let unkeyed = about.iter().any(|e| e.key.is_none());
    // Each other key with the events it keys, where only some are: `appointment_id
    // (AppointmentBooked and AppointmentCancelled)`.
    let keyed: Vec<String> = other_keys
        .iter()
        .map(|k| {
            let by: Vec<&str> = about
                .iter()
                .filter(|e| e.key.as_deref() == Some(*k))
                .map(|e| e.name.as_str())
                .collect();
            match by.len() == about.len() {
                true => (*k).to_owned(),
                false => format!("{k} ({})", crate::text::english::and_list(&by)),
            }
        })
        .collect();
    let why = match (topics.len(), keyed.as_slice(), unkeyed) {
        (1, [], false) => return None,
        (1, [], true) => "some are not keyed".to_owned(),
        (1, keys, _) => format!("keyed by {}", keys.join(" or ")),
        (n, [], _) => format!("on {n} topics"),
        (n, keys, _) => format!("on {n} topics, keyed by {}", keys.join(" or ")),
    };
    let version = about
        .iter()
        .flat_map(|e| read(s, e))
        .find(|f| f.contains("version"));
    let versioned = match version {
        Some(v) => about
            .iter()
            .filter(|e| read(s, e).iter().any(|f| f.ends_with(v)))
            .map(|e| e.name.clone())
            .collect(),
        None => Vec::new(),
    };
    Some(Race {
        consumer: s.node.name.clone(),
        field: field.to_owned(),
        events: about.iter().map(|e| e.name.clone()).collect(),
        why,
        version: version.map(str::to_owned),
        versioned,
        guards: Vec::new(),
        unguarded: Vec::new(),
        early: s.early_events,
    })
}

#[cfg(test)]
mod tests {
    use crate::view::build;

    fn races(yaml: &str) -> Vec<super::Race> {
        let model = crate::load::parse(yaml, "archgen.yaml").unwrap_or_else(|e| panic!("{e:?}"));
        build(&model).testing.races
    }

    #[test]
    fn a_slot_read_model_fed_by_two_keys_races_and_compares_versions() {
        let r = races(include_str!("../../examples/clinic-booking/archgen.yaml"));
        let slots = r
            .iter()
            .find(|r| r.consumer == "availability" && r.field == "clinician_id")
            .unwrap_or_else(|| panic!("{r:#?}"));
        assert_eq!(
            slots.events,
            [
                "AppointmentBooked",
                "AppointmentRescheduled",
                "AppointmentCancelled",
                "ShiftChanged"
            ]
        );
        assert_eq!(
            slots.why,
            "on 2 topics, keyed by appointment_id (AppointmentBooked, AppointmentRescheduled and AppointmentCancelled)"
        );
        assert_eq!(slots.version.as_deref(), Some("slot_version"));
        assert_eq!(slots.versioned, &slots.events[..3]);
        // A patient's details and their appointments come on different topics.
        let contact = r
            .iter()
            .find(|r| r.consumer == "notifications" && r.field == "patient_id")
            .unwrap_or_else(|| panic!("{r:#?}"));
        assert!(contact.events.contains(&"PatientDetailsChanged".to_owned()));
        // Only the profile's changes carry its version; the appointments' decide from state.
        assert_eq!(contact.version.as_deref(), Some("patient_version"));
        assert_eq!(contact.versioned, ["PatientDetailsChanged"]);
        // One event type on one topic keyed by the field is ordered: no race.
        assert!(
            !r.iter()
                .any(|r| r.consumer == "booking" && r.field == "clinician_id"),
            "{r:#?}"
        );
        // Events on one topic keyed by the field itself are ordered.
        assert!(
            !r.iter()
                .any(|r| r.consumer == "records-sync" && r.field == "appointment_id"),
            "{r:#?}"
        );
    }

    #[test]
    fn an_event_s_move_from_the_states_the_model_names_is_what_the_test_holds_it_to() {
        let r = races(include_str!("../../examples/order-management/archgen.yaml"));
        let orders = (r.iter())
            .find(|r| r.consumer == "orders" && r.field == "order_id")
            .unwrap_or_else(|| panic!("{r:#?}"));
        let guards: Vec<(&str, &str, Vec<&str>, &str)> = (orders.guards.iter())
            .map(|g| {
                let from = g.from.iter().map(String::as_str).collect();
                (g.event.as_str(), g.field.as_str(), from, g.to.as_str())
            })
            .collect();
        assert_eq!(
            guards,
            [
                ("PaymentCaptured", "Order.status", vec!["pending"], "paid"),
                (
                    "PaymentFailed",
                    "Order.status",
                    vec!["pending"],
                    "cancelled"
                ),
                (
                    "StockReservationFailed",
                    "Order.status",
                    vec!["pending"],
                    "cancelled"
                ),
            ]
        );
        assert!(orders.unguarded.is_empty());
        // payments' Payment moves on OrderPlaced from no stated state: nothing decides an
        // early OrderCancelled or StockReserved, and the documents say it is still open.
        let payments = (r.iter())
            .find(|r| r.consumer == "payments")
            .unwrap_or_else(|| panic!("{r:#?}"));
        assert!(payments.guards.is_empty());
        assert_eq!(
            payments.unguarded,
            ["OrderPlaced", "OrderCancelled", "StockReserved"]
        );
    }
}

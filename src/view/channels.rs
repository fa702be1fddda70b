//! The keys of a service's AsyncAPI channels: one per address (a topic, a retry or a
//! dead-letter topic), named after the address, so a topic that carries several events is not
//! named after whichever of them came first.

use super::{EventView, ResourceView};
use crate::model::Service;
use crate::text::names::Namer;
use std::collections::BTreeMap;

/// Each address the service's AsyncAPI file has a channel for (the topics of the events it
/// publishes or consumes, and its own retry and dead-letter topics) with the channel's key: the
/// address where it is a valid key (`^[\w.-]+$`), else without its parameters' braces and
/// with every other character as `-`; unique, and never one of `taken` (the WebSocket
/// resources' channels).
pub fn ids(
    service: &Service,
    events: &[EventView],
    taken: &[ResourceView],
) -> BTreeMap<String, String> {
    let (consumes, service) = (&service.consumes, service.name.as_str());
    let mut names = Namer::reserving(taken.iter().map(|r| r.pascal.as_str()));
    let mut out = BTreeMap::new();
    let mut add = |address: &str| {
        if !out.contains_key(address) {
            let mut key = String::new();
            for c in address.chars().filter(|c| !matches!(c, '{' | '}')) {
                let c = match c {
                    'a'..='z' | 'A'..='Z' | '0'..='9' | '.' | '_' => c,
                    _ => '-',
                };
                if c != '-' || !key.ends_with('-') {
                    key.push(c);
                }
            }
            let key = key.trim_matches('-');
            let key = if key.is_empty() { "channel" } else { key };
            out.insert(address.to_owned(), names.unique(key, "-"));
        }
    };
    let relevant = events
        .iter()
        .filter(|e| e.publisher == service || consumes.contains(&e.name));
    for e in relevant.clone() {
        add(&e.topic);
    }
    for d in relevant.flat_map(|e| e.deliveries.iter().filter(|d| d.consumer == service)) {
        for t in [&d.retry_topic, &d.dead_letter_topic].into_iter().flatten() {
            add(t);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_topic_of_several_events_is_keyed_by_its_address_not_its_first_event() {
        let model = crate::load::parse(
            include_str!("../../examples/order-management/archgen.yaml"),
            "archgen.yaml",
        )
        .unwrap_or_else(|e| panic!("{e:?}"));
        let v = crate::view::build(&model);
        let payments = v.services.iter().find(|s| s.node.name == "payments");
        let ids = &payments.expect("payments").api.channel_ids;
        // orders.order-events.v1 carries OrderPlaced, OrderCancelled and three more.
        assert_eq!(
            ids.get("orders.order-events.v1").map(String::as_str),
            Some("orders.order-events.v1")
        );
        assert_eq!(
            ids.get("inventory.stock-reserved.v1.payments.retry-{delay}")
                .map(String::as_str),
            Some("inventory.stock-reserved.v1.payments.retry-delay")
        );
    }
}

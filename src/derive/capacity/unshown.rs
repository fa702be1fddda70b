//! The deliveries of consumed events that no flow shows: the part of each event's rate whose
//! publishing flow stops at the broker, so the consumer's calls on it are counted at one each.

use super::events::EventLoad;
use crate::derive::graph::{Flow, Graph};

/// An event `service` consumes, at the rate no flow shows delivered to it.
#[derive(Debug, Clone)]
pub(super) struct Unshown<'e> {
    /// The event.
    pub event: &'e EventLoad,
    /// Its deliveries a second that no flow shows.
    pub rate_per_s: f64,
    /// The flows publishing those, where the event's rate comes from flows and some other
    /// flow shows the delivery (none where no flow shows it at all).
    pub from: Vec<String>,
}

/// The events of `events` that `service` consumes, each at the part of its rate no flow shows
/// delivered to it. A flow that delivers it without publishing it shows every delivery; else a
/// flow publishing the event shows its own runs' deliveries where it has a step delivering the
/// event to `service`, and the runs of the flows that do not are unshown. An event whose rate
/// is assumed rather than taken from flows counts as shown wherever any flow shows it.
pub(super) fn events<'e>(
    graph: &Graph,
    service: &str,
    events: &'e [EventLoad],
) -> Vec<Unshown<'e>> {
    let Some(s) = graph.model.services.iter().find(|s| s.name == service) else {
        return Vec::new();
    };
    let delivers = |f: &Flow, event: &str| {
        f.steps
            .iter()
            .any(|st| st.to == service && st.action == event)
    };
    let flow = |name: &str| graph.flows.iter().find(|f| f.name == name);
    events
        .iter()
        .filter(|e| s.consumes.contains(&e.event))
        .filter_map(|e| {
            let shown_anywhere = graph.flows.iter().any(|f| delivers(f, &e.event));
            // A flow that delivers the event without publishing it (one it starts, or one that
            // only shows the handler) describes every delivery.
            let publisher = (graph.events.iter())
                .find(|g| g.name == e.event)
                .map(|g| g.publisher.as_str());
            let publishes = |f: &Flow| {
                (f.steps.iter())
                    .any(|st| st.action == e.event && Some(st.from.as_str()) == publisher)
            };
            let started = (graph.flows.iter()).any(|f| delivers(f, &e.event) && !publishes(f));
            let (rate, from) = if !shown_anywhere {
                (e.rate_per_s, Vec::new())
            } else if started || e.rate_from != "flow" {
                (0.0, Vec::new())
            } else {
                let quiet: Vec<_> = (e.flows.iter())
                    .filter(|fs| !flow(&fs.flow).is_some_and(|f| delivers(f, &e.event)))
                    .collect();
                (
                    quiet
                        .iter()
                        .map(|fs| fs.runs_per_s * fs.share / 100.0)
                        .sum(),
                    quiet.iter().map(|fs| fs.flow.clone()).collect(),
                )
            };
            (rate > 0.0).then_some(Unshown {
                event: e,
                rate_per_s: rate,
                from,
            })
        })
        .collect()
}

//! A journey's end-to-end objective against its asynchronous path: traced back from the step it
//! ends at to its first step, every broker delivery on the way can be redelivered for as long
//! as its consumer's retry schedule lasts, so the worst case of the path is the sum of those
//! spans. Measured from the first step's timestamp to the end step's (one trace, or the event
//! envelope's time against the moment the end step happens).

use super::graph::Graph;
use crate::model::Delivery as Guarantee;
use serde::Serialize;

/// One delivery from a broker on the journey's path.
#[derive(Debug, Clone, Serialize)]
pub struct Hop {
    /// The broker.
    pub broker: String,
    /// The consumer it delivers to.
    pub consumer: String,
    /// The step's action: the event, or what the broker delivers.
    pub event: String,
    /// Whether a failed delivery is redelivered (false on an at-most-once broker: it is lost).
    pub redelivered: bool,
    /// Deliveries of one message, the first included.
    pub attempts: u32,
    /// First delivery to the last, in milliseconds: how late a message can arrive.
    pub span_ms: u64,
    /// Whether failed deliveries are retried in place (no retry topic): while one message is
    /// redelivered, every message behind it on its partition, other keys' too, waits.
    pub in_place: bool,
}

/// A journey's end-to-end objective and its worst case.
#[derive(Debug, Clone, Serialize)]
pub struct EndToEnd {
    /// The flow.
    pub flow: String,
    /// Its index in `communication.flows`, for the finding's place.
    pub flow_index: usize,
    /// The objective, in milliseconds.
    pub p99_ms: u32,
    /// The first step, as `from → to: action`, its `from` naming every caller whose step
    /// makes the same call in some branch (`patient-web, partner and staff-console`).
    pub start: String,
    /// The component that receives the first step, which counts the runs begun: a run that
    /// never reaches the end step counts against the objective once its time has passed.
    pub started_by: String,
    /// The end step, as `from → to: action`.
    pub end: String,
    /// The component that performs the end step, where the objective is measured: it records
    /// the time from the first step (the trace's start, or the event envelope's `occurred_at`)
    /// to the moment it performs the end step.
    pub measured_by: String,
    /// The deliveries on the path, first first.
    pub hops: Vec<Hop>,
    /// The redeliveries' spans summed, in milliseconds: the path's worst case before it
    /// counts any processing time.
    pub worst_ms: u64,
    /// Whether the worst case fits the objective.
    pub meets: bool,
    /// The hops redelivered in place for longer than the objective: one failing message
    /// holds its whole partition (other keys' messages on the same journey) past it.
    pub blocking: Vec<Hop>,
}

fn describe(s: &super::graph::FlowStep) -> String {
    format!("{} → {}: {}", s.from, s.to, s.action)
}

/// Every flow's end-to-end objective, where the model states one.
pub fn derive(graph: &Graph, deliveries: &[super::delivery::Delivery]) -> Vec<EndToEnd> {
    let m = graph.model;
    let mut out = Vec::new();
    if m.communication.flows.iter().all(|f| f.end_to_end.is_none()) {
        return out;
    }
    let fallback = super::resilience::consumers(m);
    for (i, f) in m.communication.flows.iter().enumerate() {
        let (Some(e), Some(g)) = (&f.end_to_end, graph.flows.iter().find(|g| g.name == f.name))
        else {
            continue;
        };
        let steps = &g.steps;
        let Some(end) = steps
            .iter()
            .position(|s| s.action == e.until)
            .or(steps.len().checked_sub(1))
        else {
            continue;
        };
        // Each delivery's redelivery span, so the path can take the longest way into a join.
        let brokered: Vec<usize> = (0..steps.len())
            .filter(|k| graph.kind(&steps[*k].from) == "broker")
            .collect();
        let spans = hops(graph, steps, &brokered, deliveries, &fallback);
        let span_of = |k: usize| {
            let i = brokered.iter().position(|b| *b == k);
            i.map_or(0, |i| spans[i].span_ms)
        };
        let path = path_back(graph, steps, end, span_of);
        let hops = hops(graph, steps, &path, deliveries, &fallback);
        let worst_ms = hops.iter().map(|h| h.span_ms).sum();
        let blocking = hops
            .iter()
            .filter(|h| h.in_place && h.span_ms > u64::from(e.p99_ms))
            .cloned()
            .collect();
        // The clock starts at the flow's first step the system sees, whatever branch the
        // path ends up in: a client's own call to an external (a payment form) comes before,
        // where no component of ours can time it.
        let first = (steps.iter())
            .find(|s| graph.kind(&s.to) != "external")
            .unwrap_or(&steps[0]);
        // Its branches can begin the same call from other callers (the web, the app, a
        // partner): the runs begun are the answers to every one of them.
        let mut callers: Vec<&str> = Vec::new();
        for s in steps
            .iter()
            .filter(|s| s.to == first.to && s.action == first.action)
        {
            if !callers.contains(&s.from.as_str()) {
                callers.push(&s.from);
            }
        }
        let callers = crate::text::english::and_list(&callers);
        out.push(EndToEnd {
            flow: f.name.clone(),
            flow_index: i,
            p99_ms: e.p99_ms,
            start: format!("{callers} → {}: {}", first.to, first.action),
            started_by: first.to.clone(),
            end: describe(&steps[end]),
            measured_by: steps[end].from.clone(),
            hops,
            worst_ms,
            meets: worst_ms <= u64::from(e.p99_ms),
            blocking,
        });
    }
    out
}

/// The steps from the start to step `end`: back from it, who delivered to the component that
/// acts, until the start. Where several earlier steps reached that component (a join: payments
/// captures once both the order and its stock reservation have arrived), the path goes through
/// the one whose own path can take longest, `span_of` giving each step's redelivery span.
fn path_back(
    graph: &Graph,
    steps: &[super::graph::FlowStep],
    end: usize,
    span_of: impl Fn(usize) -> u64,
) -> Vec<usize> {
    // What a broker delivers was published as the same event: the step into the broker that
    // carries it, where one does (a pub/sub channel may name its two sides apart).
    let same = |k: usize, j: usize| steps[k].action == steps[j].action;
    let feeds = |k: usize, j: usize| {
        let broker = graph.kind(&steps[j].from) == "broker";
        let named = (0..j).any(|x| steps[x].to == steps[j].from && same(x, j));
        steps[k].to == steps[j].from && (!broker || !named || same(k, j))
    };
    // worst[j]: the longest redelivery time of any path reaching step j; from[j]: its
    // predecessor on that path.
    let mut worst = vec![0u64; steps.len()];
    let mut from: Vec<Option<usize>> = vec![None; steps.len()];
    for j in 0..=end {
        let before = (0..j)
            .filter(|k| feeds(*k, j))
            .max_by_key(|k| (worst[*k], *k));
        from[j] = before;
        worst[j] = span_of(j) + before.map_or(0, |k| worst[k]);
    }
    let mut path = vec![end];
    while let Some(k) = from[*path.last().expect("the path holds its end")] {
        path.push(k);
    }
    path.reverse();
    path
}

/// The broker deliveries on `path`, each with its consumer's redelivery schedule
/// (`deliveries`, else the consumers' `fallback`).
fn hops(
    graph: &Graph,
    steps: &[super::graph::FlowStep],
    path: &[usize],
    deliveries: &[super::delivery::Delivery],
    fallback: &super::resilience::ConsumerPolicy,
) -> Vec<Hop> {
    let m = graph.model;
    path.iter()
        .map(|k| &steps[*k])
        .filter(|s| graph.kind(&s.from) == "broker")
        .map(|s| {
            let lossy = m
                .communication
                .brokers
                .iter()
                .any(|b| b.name == s.from && b.delivery == Guarantee::AtMostOnce);
            let policy = deliveries
                .iter()
                .find(|d| d.consumer == s.to && d.event == s.action);
            let (attempts, span_ms, retry_topic) = match policy {
                _ if lossy => (1, 0, false),
                Some(d) => (d.max_attempts, d.span_ms, d.retry_topic),
                None => (
                    fallback.max_attempts,
                    fallback.span_ms,
                    m.resilience.consumers.retry_topics,
                ),
            };
            Hop {
                broker: s.from.clone(),
                consumer: s.to.clone(),
                event: s.action.clone(),
                redelivered: !lossy,
                attempts,
                span_ms,
                in_place: !lossy && !retry_topic && attempts > 1,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::delivery;
    use super::super::graph::tests::{graph, model};

    const LIVE: &str = "version: 1\nname: t\nrequirements: {domain: d}\nclients: [{name: app}, {name: web}]\nservices:\n  - {name: ingest, responsibility: r, publishes: [{name: Routed, fields: [{name: id, type: uuid}]}]}\n  - {name: live, responsibility: r, consumes: [Routed]}\n  - {name: inbox, responsibility: r, consumes: [Routed]}\ncommunication:\n  brokers: [{name: nats, technology: NATS JetStream}, {name: redis, technology: Redis Pub/Sub, delivery: at-most-once}]\n  links:\n    - {from: app, to: ingest}\n  flows:\n    - name: Notify\n      end_to_end: {p99_ms: 1000, until: frame}\n      steps:\n        - {from: app, to: ingest, action: POST}\n        - {from: ingest, to: nats, action: Routed}\n        - {from: nats, to: inbox, action: Routed}\n        - {from: nats, to: live, action: Routed}\n        - {from: live, to: redis, action: PUBLISH}\n        - {from: redis, to: live, action: message}\n        - {from: live, to: web, action: frame}\nresilience:\n  consumers: {max_attempts: 10, initial_ms: 2000, max_ms: 300000}\n";

    #[test]
    fn the_objective_is_timed_from_the_flows_first_step() {
        // The path back from the frame reaches the POST, but the user's journey began with the
        // page load before it: that is where the clock starts.
        let m = model(&LIVE.replace(
            "        - {from: app, to: ingest, action: POST}\n",
            "        - {from: web, to: ingest, action: GET}\n        - {from: app, to: ingest, action: POST}\n",
        ));
        let e = &super::derive(&graph(&m), &delivery::derive(&m).all)[0];
        assert_eq!(e.start, "web → ingest: GET");
        // A client's own call to an external system comes before anything of ours can time it.
        let m = model(
            &LIVE
                .replace(
                    "clients: [{name: app}, {name: web}]\n",
                    "clients: [{name: app}, {name: web}]\nexternals: [{name: psp}]\n",
                )
                .replace(
                    "        - {from: app, to: ingest, action: POST}\n",
                    "        - {from: app, to: psp, action: Tokenise}\n        - {from: app, to: ingest, action: POST}\n",
                ),
        );
        let e = &super::derive(&graph(&m), &delivery::derive(&m).all)[0];
        assert_eq!(e.start, "app → ingest: POST");
        // Where another branch makes the same first call from its own caller, the runs begun
        // are the answers to both.
        let m = model(&LIVE.replace(
            "        - {from: app, to: ingest, action: POST}\n",
            "        - alt:\n            - {name: app, when: in the app, steps: [{from: app, to: ingest, action: POST}]}\n            - {name: web, when: on the web, steps: [{from: web, to: ingest, action: POST}]}\n",
        ));
        let e = &super::derive(&graph(&m), &delivery::derive(&m).all)[0];
        assert_eq!(e.start, "app and web → ingest: POST");
    }

    #[test]
    fn a_join_is_reached_through_its_slowest_input() {
        // pay acts once both the order and the reservation are in: the order's 16 deliveries
        // outlast the reservation's 4 (and its own 4 on the way to stock), so the worst case
        // runs through the order, whichever arrived last in the flow's listing.
        let yaml = "version: 1\nname: t\nrequirements: {domain: d}\nclients: [{name: web}]\nservices:\n  - {name: orders, responsibility: r, publishes: [{name: Placed, fields: [{name: id, type: uuid}]}]}\n  - {name: stock, responsibility: r, consumes: [Placed], publishes: [{name: Reserved, fields: [{name: id, type: uuid}]}]}\n  - {name: pay, responsibility: r, consumes: [Placed, Reserved], publishes: [{name: Captured, fields: [{name: id, type: uuid}]}]}\ncommunication:\n  brokers: [{name: k, technology: Kafka}]\n  links:\n    - {from: web, to: orders}\n    - {from: orders, to: pay, style: async, events: [Placed], delivery: {max_attempts: 16}}\n    - {from: orders, to: stock, style: async, events: [Placed], delivery: {max_attempts: 4}}\n    - {from: stock, to: pay, style: async, events: [Reserved], delivery: {max_attempts: 4}}\n  flows:\n    - name: Checkout\n      end_to_end: {p99_ms: 600000, until: Captured}\n      steps:\n        - {from: web, to: orders, action: POST}\n        - {from: orders, to: k, action: Placed}\n        - {from: k, to: pay, action: Placed}\n        - {from: k, to: stock, action: Placed}\n        - {from: stock, to: k, action: Reserved}\n        - {from: k, to: pay, action: Reserved}\n        - {from: pay, to: k, action: Captured}\n";
        let m = model(yaml);
        let e = &super::derive(&graph(&m), &delivery::derive(&m).all)[0];
        let hops: Vec<(&str, u32)> = e
            .hops
            .iter()
            .map(|h| (h.event.as_str(), h.attempts))
            .collect();
        assert_eq!(hops, [("Placed", 16)], "{:#?}", e.hops);
    }

    #[test]
    fn the_redelivery_schedule_on_the_path_is_the_journeys_worst_case() {
        let m = model(LIVE);
        let e = &super::derive(&graph(&m), &delivery::derive(&m).all)[0];
        // Traced back from the frame: nats delivers to live (inbox is beside the path), then
        // redis, which loses rather than redelivers.
        let hops: Vec<(&str, &str, bool)> = e
            .hops
            .iter()
            .map(|h| (h.broker.as_str(), h.consumer.as_str(), h.redelivered))
            .collect();
        assert_eq!(hops, [("nats", "live", true), ("redis", "live", false)]);
        assert_eq!(
            (e.start.as_str(), e.end.as_str()),
            ("app → ingest: POST", "live → web: frame")
        );
        assert_eq!(e.measured_by, "live");
        // 2 s doubling to 5 min over 10 deliveries: 13 min 30 s, far beyond a second.
        assert_eq!((e.worst_ms, e.meets), (810_000, false));
        // Redelivered in place, so the live shard behind a failing message waits as long.
        let blocking: Vec<&str> = e.blocking.iter().map(|h| h.consumer.as_str()).collect();
        assert_eq!(blocking, ["live"]);
        // One delivery (nothing redelivered) fits the second.
        let once = m_with(LIVE, "consumers: {max_attempts: 1}");
        let e = &super::derive(&graph(&once), &delivery::derive(&once).all)[0];
        assert_eq!((e.worst_ms, e.meets), (0, true));
        assert!(e.blocking.is_empty());
        // Through a retry topic the message is late, but the partition moves on.
        let parked = m_with(
            LIVE,
            "consumers: {max_attempts: 10, initial_ms: 2000, max_ms: 300000, retry_topics: true}",
        );
        let e = &super::derive(&graph(&parked), &delivery::derive(&parked).all)[0];
        assert_eq!((e.worst_ms, e.blocking.len()), (810_000, 0));
        // In place within the objective holds the partition no longer than it allows.
        let short = m_with(
            LIVE,
            "consumers: {max_attempts: 3, initial_ms: 100, max_ms: 400}",
        );
        let e = &super::derive(&graph(&short), &delivery::derive(&short).all)[0];
        assert_eq!((e.worst_ms, e.blocking.len()), (300, 0));
    }

    fn m_with(yaml: &str, consumers: &str) -> crate::model::Model {
        model(&yaml.replace(
            "consumers: {max_attempts: 10, initial_ms: 2000, max_ms: 300000}",
            consumers,
        ))
    }
}

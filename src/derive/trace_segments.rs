//! Tail sampling against long asynchronous flows: a tail collector decides a trace a fixed wait
//! after its first span, so a flow whose asynchronous part (an end-to-end objective, a
//! consumer's redeliveries, a deadline's timer) can outlast that wait would have its late spans
//! judged without the rest. Those flows are named, with what makes them long.

use super::delivery::Delivery;
use super::graph::Graph;
use serde::Serialize;

/// How long a tail collector waits after a trace's first span before it decides: the
/// `decision_wait` of the OpenTelemetry Collector's `tail_sampling` processor (30 s by default).
pub const DECISION_WAIT_MS: u64 = 30_000;

/// A flow whose asynchronous part can outlast the decision wait.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct LongFlow {
    /// The flow.
    pub flow: String,
    /// How long its asynchronous part can last, in milliseconds.
    pub lasts_ms: u64,
    /// What makes it last that long, e.g. `its end-to-end objective`.
    pub by: String,
}

/// The flows with a broker delivery whose asynchronous part can outlast [`DECISION_WAIT_MS`]:
/// the longest of the flow's end-to-end objective, its deadline and the redelivery span of each
/// consumer on it (`deliveries`).
pub fn long_flows(graph: &Graph, deliveries: &[Delivery]) -> Vec<LongFlow> {
    let m = graph.model;
    graph
        .flows
        .iter()
        .filter_map(|g| {
            let f = m.communication.flows.iter().find(|f| f.name == g.name)?;
            let hops: Vec<_> = g
                .steps
                .iter()
                .filter(|s| graph.kind(&s.from) == "broker")
                .collect();
            if hops.is_empty() {
                return None;
            }
            let mut spans: Vec<(u64, String)> = hops
                .iter()
                .filter_map(|s| {
                    let d = deliveries
                        .iter()
                        .find(|d| d.consumer == s.to && d.event == s.action)?;
                    Some((d.span_ms, format!("redelivery to {}", s.to)))
                })
                .collect();
            if let Some(e) = &f.end_to_end {
                spans.push((u64::from(e.p99_ms), "its end-to-end objective".into()));
            }
            if let Some(d) = &f.deadline {
                spans.push((u64::from(d.minutes) * 60_000, "its deadline".into()));
            }
            let (lasts_ms, by) = spans.into_iter().max_by_key(|(ms, _)| *ms)?;
            (lasts_ms > DECISION_WAIT_MS).then(|| LongFlow {
                flow: g.name.clone(),
                lasts_ms,
                by,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::delivery;
    use super::super::graph::tests::{graph, model};
    use super::*;

    const FLOW: &str = "version: 1\nname: t\nrequirements: {domain: d}\nclients: [{name: app}]\nservices:\n  - {name: orders, responsibility: r, publishes: [{name: Placed, fields: [{name: id, type: uuid}]}]}\n  - {name: pay, responsibility: r, consumes: [Placed]}\ncommunication:\n  brokers: [{name: k, technology: Kafka}]\n  links:\n    - {from: app, to: orders}\n  flows:\n    - name: Buy\n      steps:\n        - {from: app, to: orders, action: POST}\n        - {from: orders, to: k, action: Placed}\n        - {from: k, to: pay, action: Placed}\n    - name: Look\n      steps:\n        - {from: app, to: orders, action: GET}\nresilience:\n  consumers: {max_attempts: 3, initial_ms: 1000, max_ms: 2000}\n";

    #[test]
    fn a_flow_is_long_when_its_async_part_outlasts_the_decision_wait() {
        let short = model(FLOW);
        assert_eq!(
            long_flows(&graph(&short), &delivery::derive(&short).all),
            []
        );
        let slow = model(&FLOW.replace(
            "max_attempts: 3, initial_ms: 1000, max_ms: 2000",
            "max_attempts: 10, initial_ms: 1000, max_ms: 60000",
        ));
        let long = long_flows(&graph(&slow), &delivery::derive(&slow).all);
        assert_eq!(long.len(), 1, "{long:?}");
        assert_eq!(
            (long[0].flow.as_str(), long[0].by.as_str()),
            ("Buy", "redelivery to pay")
        );
        assert!(long[0].lasts_ms > DECISION_WAIT_MS);
        let objective = model(&FLOW.replace(
            "    - name: Buy\n",
            "    - name: Buy\n      end_to_end: {p99_ms: 600000, until: Placed}\n",
        ));
        let long = long_flows(&graph(&objective), &delivery::derive(&objective).all);
        assert_eq!(
            (long[0].lasts_ms, long[0].by.as_str()),
            (600_000, "its end-to-end objective")
        );
    }
}

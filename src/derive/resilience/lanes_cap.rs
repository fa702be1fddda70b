//! A consumer handles one message at a time per partition it holds, so its background calls
//! cannot be in flight more often than the partitions a replica holds at the fewest replicas:
//! a derived bulkhead above that is capped there, once the topics' partitions are final. A
//! call some flow makes after its caller has answered a request (from an outbox or a task),
//! or that its polling outbox relay makes, is not bounded by the partitions, and keeps its
//! bulkhead.

use super::CallPolicy;
use crate::derive::graph::Graph;
use crate::derive::partitions::TopicLoad;

/// Caps each derived bulkhead of a consumer's background call at its partitions per replica,
/// where every topic it consumes is partitioned.
pub fn cap(g: &Graph, calls: &mut [CallPolicy], topics: &[TopicLoad]) {
    for (i, (c, p)) in g.calls.iter().zip(calls.iter_mut()).enumerate() {
        if !c.background
            || c.by_job
            || p.bulkhead_from != "derived"
            || g.after_reply(i)
            || p.by_relay
        {
            continue;
        }
        let Some(total) = partitions_consumed(g, &c.from, topics) else {
            continue;
        };
        p.consumed_partitions = Some(total);
        let per_replica = total.div_ceil(p.caller_replicas.max(1));
        if p.bulkhead > per_replica {
            p.bulkhead = per_replica;
            p.bulkhead_from = "partitions".into();
        }
    }
}

/// The partitions of the topics `service` consumes, when it consumes some and every one of
/// them is partitioned.
fn partitions_consumed(g: &Graph, service: &str, topics: &[TopicLoad]) -> Option<u32> {
    let s = g.model.services.iter().find(|s| s.name == service)?;
    let mine: Vec<&TopicLoad> = topics
        .iter()
        .filter(|t| t.events.iter().any(|e| s.consumes.contains(e)))
        .collect();
    if mine.is_empty() || mine.iter().any(|t| !t.partitioned) {
        return None;
    }
    Some(mine.iter().map(|t| t.partitions).sum())
}

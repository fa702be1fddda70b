//! Each consumer's distinct redelivery schedules, with the events that follow each, so a page
//! that says when a consumer gives up names the schedule of the events it actually handles
//! (and which events, where they differ) instead of one consumer-wide figure.

use super::delivery::Delivery;
use serde::Serialize;

/// One schedule of one consumer and the events that follow it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GiveUp {
    /// The consuming service.
    pub consumer: String,
    /// The events on this schedule, in model order.
    pub events: Vec<String>,
    /// Deliveries of one message, the first included.
    pub max_attempts: u32,
    /// Where the count comes from (see [`Delivery::attempts_from`]).
    pub attempts_from: String,
    /// Where the count is stated or would be (a JSON pointer).
    pub attempts_at: String,
    /// First delivery to the last, in milliseconds.
    pub span_ms: u64,
    /// The span a message can count on under jitter (see [`Delivery::likely_span_ms`]).
    pub likely_span_ms: u64,
    /// Whether a failed message waits on a retry topic (else it holds its partition).
    pub retry_topic: bool,
    /// Whether a message that fails every delivery is dead-lettered (else dropped).
    pub dead_letter: bool,
    /// The consumer's freshness objective in seconds, if it states one.
    pub freshness_seconds: Option<u32>,
    /// How many schedules the consumer has in all: the events are worth naming when over one.
    pub of: usize,
}

/// The schedules in `all`, per consumer in model order, events of one schedule together.
pub fn groups(all: &[Delivery]) -> Vec<GiveUp> {
    let mut out: Vec<GiveUp> = Vec::new();
    for d in all {
        let same = |g: &&mut GiveUp| {
            g.consumer == d.consumer
                && g.max_attempts == d.max_attempts
                && g.span_ms == d.span_ms
                && g.retry_topic == d.retry_topic
                && g.dead_letter == d.dead_letter
                && g.attempts_at == d.attempts_at
        };
        match out.iter_mut().find(|g| same(g)) {
            Some(g) => g.events.push(d.event.clone()),
            None => out.push(GiveUp {
                consumer: d.consumer.clone(),
                events: vec![d.event.clone()],
                max_attempts: d.max_attempts,
                attempts_from: d.attempts_from.clone(),
                attempts_at: d.attempts_at.clone(),
                span_ms: d.span_ms,
                likely_span_ms: d.likely_span_ms,
                retry_topic: d.retry_topic,
                dead_letter: d.dead_letter,
                freshness_seconds: d.freshness_seconds,
                of: 0,
            }),
        }
    }
    let counts: Vec<usize> = out
        .iter()
        .map(|g| out.iter().filter(|h| h.consumer == g.consumer).count())
        .collect();
    for (g, n) in out.iter_mut().zip(counts) {
        g.of = n;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn delivery(consumer: &str, event: &str, attempts: u32, span_ms: u64) -> Delivery {
        Delivery {
            consumer: consumer.into(),
            event: event.into(),
            max_attempts: attempts,
            attempts_from: "link".into(),
            waits: Vec::new(),
            span_ms,
            likely_span_ms: span_ms / 2,
            retry_topic: false,
            dead_letter: true,
            redrive: String::new(),
            pages: None,
            keeps_order: true,
            key: None,
            retry_topic_at: String::new(),
            attempts_at: String::new(),
            freshness_seconds: None,
        }
    }

    #[test]
    fn a_consumer_with_two_schedules_names_the_events_of_each() {
        let all = [
            delivery("notifications", "Booked", 4, 14_000),
            delivery("notifications", "Details", 12, 1_410_000),
            delivery("notifications", "Cancelled", 4, 14_000),
            delivery("audit", "Booked", 4, 14_000),
        ];
        let g = groups(&all);
        let seen: Vec<(&str, Vec<&str>, u64, usize)> = g
            .iter()
            .map(|g| {
                let events = g.events.iter().map(String::as_str).collect();
                (g.consumer.as_str(), events, g.span_ms, g.of)
            })
            .collect();
        assert_eq!(
            seen,
            [
                ("notifications", vec!["Booked", "Cancelled"], 14_000, 2),
                ("notifications", vec!["Details"], 1_410_000, 2),
                ("audit", vec!["Booked"], 14_000, 1),
            ]
        );
    }
}

//! How an event reaches its consumers: the delivery policy of each link that carries it, and
//! the webhook policy of a service's published events.

use super::events::{DeliveryView, EventView};
use crate::model::{Model, RedriveTarget};
use crate::text::names;
use serde::Serialize;

/// How webhook deliveries of a service's events are retried: the model's policy on the links
/// that carry them, or the Standard Webhooks defaults (10 seconds to answer, 24 hours of
/// retries).
#[derive(Debug, Clone, Serialize)]
pub struct WebhookPolicy {
    /// Seconds a receiver has to answer.
    pub respond_within_seconds: u32,
    /// Hours over which failures are retried before the subscription is disabled.
    pub retry_hours: u32,
    /// Attempts in all, when the model caps them.
    pub max_attempts: Option<u32>,
}

/// The webhook policy of `published` events: the first delivery policy that sets each value.
pub(super) fn webhook_policy(published: &[EventView]) -> WebhookPolicy {
    let all = || {
        published
            .iter()
            .flat_map(|e| e.deliveries.iter())
            .filter(|d| !d.service)
    };
    WebhookPolicy {
        respond_within_seconds: all().find_map(|d| d.respond_within_seconds).unwrap_or(10),
        retry_hours: all().find_map(|d| d.retry_hours).unwrap_or(24),
        max_attempts: all().find_map(|d| d.max_attempts),
    }
}

/// The delivery policies of the links that carry `event` from `publisher`'s side to a
/// consumer: a link into the consumer naming the event, or from the publisher to it.
pub(super) fn deliveries(
    model: &Model,
    derived: &[crate::derive::delivery::Delivery],
    publisher: &str,
    event: &str,
    topic: &str,
) -> Vec<DeliveryView> {
    let brokers: Vec<&str> = model
        .communication
        .brokers
        .iter()
        .map(|b| b.name.as_str())
        .collect();
    let publishes = model
        .services
        .iter()
        .any(|s| s.name == publisher && s.publishes.iter().any(|e| e.name == event));
    // Service consumers: the one derived policy every document states.
    let mut out: Vec<DeliveryView> = derived
        .iter()
        .filter(|d| publishes && d.event == event)
        .cloned()
        .map(|d| {
            let group = names::slug(&d.consumer, "consumer");
            let link = model
                .communication
                .links
                .iter()
                .enumerate()
                .filter(|(_, l)| l.to == d.consumer && l.events.contains(&d.event))
                .find_map(|(i, l)| l.delivery.as_ref().map(|p| (i, p)));
            let delays = retry_delays(&d.waits);
            DeliveryView {
                max_attempts: Some(d.max_attempts),
                retry_topic: d.retry_topic.then(|| retry_topic(topic, &group, &delays)),
                retry_delays: if d.retry_topic { delays } else { Vec::new() },
                dead_letter_topic: d.dead_letter.then(|| format!("{topic}.{group}.dlq")),
                redrive: d.redrive,
                into_topic: link.is_some_and(|(_, p)| into_topic(p)),
                link: link.map(|(i, _)| i),
                respond_within_seconds: None,
                retry_hours: None,
                service: true,
                span_ms: Some(d.span_ms),
                keeps_order: d.keeps_order,
                consumer: d.consumer,
            }
        })
        .collect();
    // Other receivers (webhook endpoints): the link's own policy.
    for (link, l) in model.communication.links.iter().enumerate() {
        let Some(d) = &l.delivery else { continue };
        if !l.events.iter().any(|e| e == event) || brokers.contains(&l.to.as_str()) {
            continue;
        }
        if !publishes || out.iter().any(|o| o.consumer == l.to) {
            continue;
        }
        let group = names::slug(&l.to, "consumer");
        out.push(DeliveryView {
            consumer: l.to.clone(),
            max_attempts: d.max_attempts,
            retry_topic: d.retry_topic.then(|| format!("{topic}.{group}.retry")),
            retry_delays: Vec::new(),
            dead_letter_topic: (d.dead_letter == Some(true))
                .then(|| format!("{topic}.{group}.dlq")),
            redrive: d.redrive.clone(),
            into_topic: into_topic(d),
            link: Some(link),
            respond_within_seconds: d.respond_within_seconds,
            retry_hours: d.retry_hours,
            service: false,
            span_ms: None,
            keeps_order: !d.retry_topic,
        });
    }
    out
}

/// Whether a link's dead letters are redriven into the event's own topic, where every
/// consumer group reads them again (`redrive_to: original`, or the redrive says so).
fn into_topic(d: &crate::model::DeliveryPolicy) -> bool {
    d.redrive_to == Some(RedriveTarget::Original)
        || (d.redrive_to.is_none() && {
            let r = d.redrive.to_lowercase();
            ["original topic", "same topic", "source topic"]
                .iter()
                .any(|p| r.contains(p))
        })
}

/// The distinct waits of a delivery schedule, in order, each as a topic suffix (`2s`,
/// `300s`, `500ms`): one retry topic per wait, so a message never waits behind one due later.
fn retry_delays(waits: &[u32]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for w in waits {
        let label = if w % 1000 == 0 {
            format!("{}s", w / 1000)
        } else {
            format!("{w}ms")
        };
        if !out.contains(&label) {
            out.push(label);
        }
    }
    out
}

/// A consumer group's retry topic on `topic`: one per delay, `{delay}` standing for it where
/// there are several.
fn retry_topic(topic: &str, group: &str, delays: &[String]) -> String {
    match delays {
        [one] => format!("{topic}.{group}.retry-{one}"),
        _ => format!("{topic}.{group}.retry-{{delay}}"),
    }
}

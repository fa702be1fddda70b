//! Messages against their contracts: a consumer reads only fields its event carries (where the
//! model says what it reads), and an asynchronous link's delivery policy is one its broker and
//! contract can honour.

use super::flows::{Found, locate};
use super::{Input, Problem};
use crate::load::child_path;
use crate::model::{DeliveryPolicy, Model};
use crate::view::View;

pub(super) fn messages(input: &Input) -> Vec<Problem> {
    let mut out = locate(input, "consumer-reads", unread(input.model, input.view));
    out.extend(locate(
        input,
        "delivery-policy",
        undeliverable(input.model, input.view),
    ));
    out
}

/// Every field a consumer reads that its event's payload (and envelope) does not carry.
pub(super) fn unread(model: &Model, view: &View) -> Vec<Found> {
    let headers: Vec<&str> = view
        .envelope
        .iter()
        .flat_map(|e| e.headers.iter().map(|h| h.name.as_str()))
        .collect();
    let mut out = Vec::new();
    for (i, s) in model.services.iter().enumerate() {
        for (event, reads) in &s.reads {
            let Some(e) = view.events.iter().find(|e| &e.name == event) else {
                continue;
            };
            let carried: Vec<&str> = e.fields.iter().map(|f| f.name.as_str()).collect();
            for (j, field) in reads.iter().enumerate() {
                if carried.contains(&field.as_str()) || headers.contains(&field.as_str()) {
                    continue;
                }
                let has = if carried.is_empty() {
                    "which names no payload fields".to_owned()
                } else {
                    let all: Vec<String> = carried.iter().map(|f| format!("`{f}`")).collect();
                    format!("which carries {}", all.join(", "))
                };
                let near = crate::diagnostic::did_you_mean(field, carried.iter().copied())
                    .map(|n| format!("correct it to `{n}`, or "))
                    .unwrap_or_default();
                out.push(Found {
                    at: format!("{}/{j}", child_path(&format!("/services/{i}/reads"), event)),
                    message: format!("`{}` reads `{field}` from `{event}`, {has}", s.name),
                    help: format!(
                        "{near}add `{field}` to the `fields` of `{event}` where `{}` publishes it, \
                         or let `{}` fetch it from `{}` instead",
                        e.publisher, s.name, e.publisher
                    ),
                });
            }
        }
    }
    out
}

/// Every asynchronous link whose delivery policy its broker or contract cannot honour.
pub(super) fn undeliverable(model: &Model, view: &View) -> Vec<Found> {
    let c = &model.communication;
    let mut out = Vec::new();
    for (i, l) in c.links.iter().enumerate() {
        let Some(d) = &l.delivery else { continue };
        let lp = format!("/communication/links/{i}/delivery");
        let pair = format!("{} -> {}", l.from, l.to);
        if c.brokers.iter().any(|b| b.name == l.to) {
            out.push(found(
                lp.clone(),
                format!(
                    "link {pair} goes to a broker, so no consumer's contract carries its delivery policy"
                ),
                "move `delivery` to the link from the publisher to the consumer, naming its `events`",
            ));
            continue;
        }
        if l.events.is_empty() {
            out.push(found(
                lp.clone(),
                format!(
                    "link {pair} has a delivery policy but names no events, so no contract carries it"
                ),
                "list the events or commands the link carries under `events`",
            ));
            continue;
        }
        out.extend(webhook_only(model, l, d, &lp, &pair));
        // Dead letters unless the link, or the consumers' policy where it says nothing, drops.
        let consumers = model.resilience.consumers.dead_letter;
        if !d.redrive.trim().is_empty() && !DeliveryPolicy::dead_letters(Some(d), consumers) {
            out.push(found(
                format!("{lp}/redrive"),
                format!("link {pair} says how dead letters are redriven, but dead-letters nothing"),
                "set `dead_letter: true`, or remove `redrive`",
            ));
        }
        out.extend(lost_on_broker(view, l, d, &lp, &pair));
    }
    out
}

/// A finding at `at`.
fn found(at: String, message: String, help: &str) -> Found {
    Found {
        at,
        message,
        help: help.to_owned(),
    }
}

/// The webhook-only keys of a link's delivery policy `d`, when the link is no webhook.
fn webhook_only(
    model: &Model,
    l: &crate::model::Link,
    d: &crate::model::DeliveryPolicy,
    lp: &str,
    pair: &str,
) -> Vec<Found> {
    let mut out = Vec::new();
    let webhook = l
        .protocol
        .as_deref()
        .is_some_and(|p| p.to_lowercase().contains("webhook"))
        || model
            .services
            .iter()
            .any(|s| s.name == l.from && s.api.style == Some(crate::model::ApiStyle::Webhooks));
    if webhook {
        return out;
    }
    for (key, set) in [
        ("respond_within_seconds", d.respond_within_seconds.is_some()),
        ("retry_hours", d.retry_hours.is_some()),
    ] {
        if set {
            out.push(found(
                format!("{lp}/{key}"),
                format!("link {pair} is no webhook delivery, but its policy sets `{key}`"),
                "remove it (a consumer of a broker has no response deadline or retry hours; set `max_attempts`), or make the link a webhook (`protocol: HTTPS webhook`)",
            ));
        }
    }
    out
}

/// A policy `d` that keeps messages, on a link whose events travel through a broker that keeps
/// none.
fn lost_on_broker(
    view: &View,
    l: &crate::model::Link,
    d: &crate::model::DeliveryPolicy,
    lp: &str,
    pair: &str,
) -> Option<Found> {
    for e in view.events.iter().filter(|e| l.events.contains(&e.name)) {
        let Some(b) = e
            .broker
            .as_ref()
            .and_then(|n| view.brokers.iter().find(|b| b.node.name == n.name))
        else {
            continue;
        };
        if !b.semantics.lost_while_down {
            continue;
        }
        let wants: Vec<&str> = [
            (d.dead_letter == Some(true), "a dead-letter queue"),
            (d.retry_topic, "a retry topic"),
            (d.max_attempts.is_some_and(|n| n > 1), "redelivery"),
            (!d.redrive.trim().is_empty(), "a redrive"),
        ]
        .into_iter()
        .filter_map(|(on, what)| on.then_some(what))
        .collect();
        if wants.is_empty() {
            continue;
        }
        return Some(found(
            lp.to_owned(),
            format!(
                "link {pair} asks for {} of `{}`, but broker `{}` ({}) keeps no message: one the consumer fails or misses is gone",
                wants.join(" and "),
                e.name,
                b.node.name,
                b.technology
            ),
            "carry the events on a broker that keeps messages (a queue or a log, e.g. NATS JetStream or Redis Streams), or drop the policy and accept the loss",
        ));
    }
    None
}

#[cfg(test)]
#[path = "messages_tests.rs"]
mod tests;

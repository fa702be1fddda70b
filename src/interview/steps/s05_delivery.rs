//! Step 5, messages: the delivery policy of a consumer at the end of an asynchronous link,
//! where it differs from the consumers' own (`communication.links[].delivery`): its
//! deliveries before a dead letter, a retry topic, dead letters or drops, who redrives them,
//! and whether a dead letter pages.

use super::prelude::*;
use crate::interview::flow::Node;
use crate::model::{DeliveryPolicy, LinkStyle};

/// Whether link `at` carries one service's messages to another that consumes them (not an
/// external system's webhooks, whose retries are the sender's).
pub(super) fn consumed(m: &Model, at: &At) -> bool {
    let l = &m.communication.links[at[0]];
    let service = |name: &str| m.services.iter().any(|s| s.name == name);
    super::s04_communication::style(m, l) == LinkStyle::Async && service(&l.from) && service(&l.to)
}

fn policy<'a>(m: &'a Model, at: &At) -> Option<&'a DeliveryPolicy> {
    m.communication.links[at[0]].delivery.as_ref()
}

fn policy_mut<'a>(m: &'a mut Model, at: &At) -> &'a mut DeliveryPolicy {
    m.communication.links[at[0]]
        .delivery
        .get_or_insert_with(DeliveryPolicy::default)
}

/// Whether the consumers dead-letter what exhausts its deliveries, when no link says.
fn dead_letters_by_default(m: &Model) -> bool {
    m.resilience.consumers.dead_letter.unwrap_or(true)
}

/// Whether link `at`'s consumer dead-letters, its own policy over the consumers'.
fn dead_letters(m: &Model, at: &At) -> bool {
    DeliveryPolicy::dead_letters(policy(m, at), m.resilience.consumers.dead_letter)
}

/// The answers on paging, for `delivery.pages`.
const PAGES: [&str; 3] = [
    "As its flows say: a page where a deadline runs on it",
    "Always a page",
    "A ticket, never a page",
];

// long: one link's question table, a declaration of a few lines per question
pub(super) fn questions() -> Vec<Node> {
    nodes![
        confirm(
            "delivery.override",
            "Does this consumer need its own redelivery or dead-letter policy?"
        )
        .help(
            "One whose failures are costly (a payment) or wait on a provider's outage usually \
             does; the others follow the consumers' policy above."
        )
        .value(Lens::new(
            |m, at| policy(m, at).is_some(),
            |m, at, v| {
                let d = &mut m.communication.links[at[0]].delivery;
                if !v {
                    *d = None;
                } else if d.is_none() {
                    *d = Some(DeliveryPolicy::default());
                }
            },
        )),
        text(
            "delivery.max_attempts",
            "Deliveries of a message before it is dead-lettered, the first included?"
        )
        .help(
            "Enough to outlast what makes it fail: a provider's outage of minutes needs more \
             than a bug, which no redelivery fixes."
        )
        .value(Lens::new(
            |m, at| policy(m, at).and_then(|d| d.max_attempts),
            |m, at, v| policy_mut(m, at).max_attempts = v,
        ))
        .derived(|m, at| {
            let to = &m.communication.links[at[0]].to;
            Some(crate::derive::delivery::default_attempts(m, to).0)
        })
        .check(range(1, 1000))
        .when(|m, at| policy(m, at).is_some()),
        confirm(
            "delivery.retry_topic",
            "Park a failing message on a retry topic, so the messages behind it go on?"
        )
        .help(
            "In place keeps each key's order but holds its partition while it waits; a retry \
             topic frees the partition and lets the key's later messages overtake."
        )
        .value(Lens::new(
            |m, at| policy(m, at).is_some_and(|d| d.retry_topic),
            |m, at, v| policy_mut(m, at).retry_topic = v,
        ))
        .when(|m, at| policy(m, at).is_some()),
        confirm(
            "delivery.dead_letter",
            "Dead-letter what exhausts its deliveries, rather than drop it?"
        )
        .help("A dropped message is gone; a dead letter waits for a person to redrive it.")
        .value(Lens::new(dead_letters, |m, at, v: bool| {
            // Unchanged, it stays as the model says it, stated or not.
            if v != dead_letters(m, at) {
                let by_default = dead_letters_by_default(m);
                policy_mut(m, at).dead_letter = (v != by_default).then_some(v);
            }
        }))
        .when(|m, at| policy(m, at).is_some()),
        text(
            "delivery.redrive",
            "Who brings a dead letter back, and how? (empty if not decided)"
        )
        .help("e.g. `replayed with the redrive job by the payment team once the cause is fixed`.")
        .value(Lens::new(
            |m, at| policy(m, at).map(|d| d.redrive.clone()).unwrap_or_default(),
            |m, at, v| policy_mut(m, at).redrive = v,
        ))
        .when(|m, at| policy(m, at).is_some() && dead_letters(m, at)),
        pick(
            "delivery.pages",
            "Does a dead letter page its team?",
            |_, _| { PAGES.map(|p| (p.to_owned(), String::new())).to_vec() }
        )
        .help("A ticket waits for office hours; a page is read within minutes.")
        .value(Lens::new(
            |m, at| {
                let i = match policy(m, at).and_then(|d| d.pages) {
                    None => 0,
                    Some(true) => 1,
                    Some(false) => 2,
                };
                PAGES[i].to_owned()
            },
            |m, at, v: String| {
                policy_mut(m, at).pages = match PAGES.iter().position(|p| *p == v) {
                    Some(1) => Some(true),
                    Some(2) => Some(false),
                    _ => None,
                };
            },
        ))
        .when(|m, at| policy(m, at).is_some() && dead_letters(m, at)),
    ]
}

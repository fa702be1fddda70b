//! Each consumer's delivery policy for each event it consumes (attempts, waits, retry topic,
//! dead letters) and where per-key order holds, derived once so that the resilience page, the
//! AsyncAPI contracts and the recommendations state the same policy.

use crate::defaults::RetryPolicy;
use crate::model::{Backoff, DeliveryPolicy, Jitter, Model};
use serde::Serialize;

/// How one consumer handles one event it cannot process.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Delivery {
    /// The consuming service.
    pub consumer: String,
    /// The event.
    pub event: String,
    /// Deliveries of one message, the first included, before it is dead-lettered or dropped.
    pub max_attempts: u32,
    /// Where the count comes from: `link` (the link's `delivery.max_attempts`), `model`
    /// (`resilience.consumers.max_attempts`), `outage` (enough to outlast
    /// [`PROVIDER_OUTAGE_MS`] of an external system the consumer calls) or `assumed`.
    pub attempts_from: String,
    /// Waits between deliveries before jitter, in milliseconds.
    pub waits: Vec<u32>,
    /// First delivery to the last: the waits' sum, in milliseconds.
    pub span_ms: u64,
    /// The span a message can count on under jitter (see [`RetryPolicy::likely_span_ms`]):
    /// half the waits' sum with full or equal jitter; the whole sum on retry topics, whose
    /// delays are fixed.
    pub likely_span_ms: u64,
    /// Whether a failed message waits on a retry topic (so the partition moves on).
    pub retry_topic: bool,
    /// Whether a message that fails every delivery is dead-lettered (else dropped).
    pub dead_letter: bool,
    /// How dead letters are brought back, where the model says.
    pub redrive: String,
    /// Whether a dead letter pages, where the link says (`delivery.pages`); else it pages
    /// only when it runs a step of a flow with a deadline.
    pub pages: Option<bool>,
    /// Whether this consumer handles the event's messages of one key in order: redeliveries
    /// in place keep it; a retry topic lets later messages of the key overtake a failed one.
    pub keeps_order: bool,
    /// The event's ordering key, where its publisher names one (the order it promises).
    pub key: Option<String>,
    /// Where the model sends it through a retry topic (a JSON pointer): the link's
    /// `delivery.retry_topic`, else `resilience.consumers.retry_topics`.
    pub retry_topic_at: String,
    /// Where the count of deliveries is stated or would be (a JSON pointer): the link's
    /// `delivery.max_attempts`, else `resilience.consumers.max_attempts`.
    pub attempts_at: String,
    /// The consumer's freshness objective (`slo.freshness_seconds`), if it states one.
    pub freshness_seconds: Option<u32>,
}

/// Events one consumer reads under the same key from different topics: the broker orders each
/// topic alone, so their relative order is not guaranteed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OrderingGap {
    /// The consuming service.
    pub consumer: String,
    /// The key field the events share, e.g. `order_id`.
    pub key: String,
    /// The events, in model order.
    pub events: Vec<String>,
    /// The second event in the model (a JSON pointer to its publisher's entry): where moving it
    /// onto the first one's topic would restore the order.
    pub at: String,
    /// The one service publishing them all, which could put them on one topic; none when
    /// several services publish them.
    pub publisher: Option<String>,
}

/// Every consumer's policy and the orderings nothing guarantees.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Deliveries {
    /// One per consumer and consumed event, in model order.
    pub all: Vec<Delivery>,
    /// Consumers that read one key from several topics.
    pub ordering_gaps: Vec<OrderingGap>,
    /// The same, per publisher: events of one service under one key that one consumer reads
    /// from different topics, which that service could publish on one.
    pub split_topics: Vec<OrderingGap>,
    /// The redelivery in place with the longest span: a message that fails it holds the
    /// messages behind it on its partition that long before it is parked or dropped.
    pub longest_in_place: Option<Delivery>,
    /// Each consumer's distinct schedules, with the events that follow each.
    pub give_ups: Vec<super::give_up::GiveUp>,
}

/// Whether `event` reaches `consumer` through an at-most-once broker (pub/sub without
/// persistence, or one the model declares `at-most-once`): the event's own broker, else the
/// broker of a link carrying it to the consumer, else the only broker.
fn lossy(m: &Model, consumer: &str, event: &str, published: Option<&crate::model::Event>) -> bool {
    let brokers = &m.communication.brokers;
    let name = published
        .and_then(|e| e.broker.as_deref())
        .or_else(|| {
            m.communication
                .links
                .iter()
                .filter(|l| l.to == consumer && l.events.iter().any(|x| x == event))
                .find_map(|l| l.broker.as_deref())
        })
        .or_else(|| (brokers.len() == 1).then(|| brokers[0].name.as_str()));
    brokers
        .iter()
        .find(|b| Some(b.name.as_str()) == name)
        .is_some_and(|b| {
            b.delivery == crate::model::Delivery::AtMostOnce
                || super::brokers::of(&b.technology).kind == "pubsub"
        })
}

/// The provider outage a consumer that calls an external system rides out when the model states
/// no schedule, in milliseconds: a provider's outages commonly last minutes, and a schedule
/// shorter than ten dead-letters every message handled meanwhile (`dlq-provider-outage`).
pub const PROVIDER_OUTAGE_MS: u64 = 600_000;

/// The external systems `consumer` calls from background work (its handlers), in model order.
pub fn external_calls<'m>(m: &'m Model, consumer: &str) -> Vec<&'m str> {
    m.communication
        .links
        .iter()
        .filter(|l| l.from == consumer && l.background)
        .filter(|l| l.style != Some(crate::model::LinkStyle::Async))
        .filter(|l| m.externals.iter().any(|x| x.name == l.to))
        .map(|l| l.to.as_str())
        .collect()
}

/// Fewest deliveries whose waits under `resilience.consumers`' backoff and jitter can be
/// counted on to add up to at least `span_ms` (at most 100, for a backoff that cannot get
/// there).
pub fn attempts_spanning(m: &Model, span_ms: u64) -> u32 {
    (1..=100)
        .find(|n| consumer_retry(m, *n).likely_span_ms() >= span_ms)
        .unwrap_or(100)
}

/// Where the model sends every consumer's failed messages through retry topics.
const RETRY_TOPICS_AT: &str = "/resilience/consumers/retry_topics";
/// Where the model states every consumer's count of deliveries.
const ATTEMPTS_AT: &str = "/resilience/consumers/max_attempts";

/// What a consumer does with a message it cannot process, before it is told apart per event.
struct Policy {
    /// Deliveries of one message and the waits between them.
    retry: RetryPolicy,
    /// Where the count of deliveries comes from.
    attempts_from: &'static str,
    /// Where the count is stated or would be (a JSON pointer).
    attempts_at: String,
    /// Where the model sends failed messages through a retry topic (a JSON pointer), if it
    /// does.
    retry_topic: Option<String>,
    /// Whether a message that fails every delivery is dead-lettered.
    dead_letter: bool,
    /// How dead letters are brought back.
    redrive: String,
    /// Whether a dead letter pages, where the link says.
    pages: Option<bool>,
}

/// `resilience.consumers`' backoff for `max_attempts` deliveries.
fn consumer_retry(m: &Model, max_attempts: u32) -> RetryPolicy {
    let c = &m.resilience.consumers;
    RetryPolicy {
        max_attempts: max_attempts.max(1),
        backoff: Backoff::Exponential,
        initial_ms: c.initial_ms.unwrap_or(1000),
        max_ms: c.max_ms.unwrap_or(60_000),
        jitter: c.jitter.unwrap_or(Jitter::Full),
    }
}

impl Delivery {
    /// `consumer`'s handling of `event` (ordered by `key`, if any) under `policy`: redeliveries
    /// in place keep the key's order, a retry topic gives it up.
    fn new(
        consumer: &crate::model::Service,
        event: &str,
        key: Option<String>,
        policy: Policy,
    ) -> Self {
        let waits = policy.retry.waits();
        Delivery {
            consumer: consumer.name.clone(),
            freshness_seconds: consumer.slo.as_ref().and_then(|o| o.freshness_seconds),
            attempts_at: policy.attempts_at,
            event: event.into(),
            max_attempts: policy.retry.max_attempts,
            attempts_from: policy.attempts_from.into(),
            span_ms: waits.iter().map(|w| u64::from(*w)).sum(),
            // A retry topic holds each message for its tier's fixed delay: no jitter applies.
            likely_span_ms: if policy.retry_topic.is_some() {
                waits.iter().map(|w| u64::from(*w)).sum()
            } else {
                policy.retry.likely_span_ms()
            },
            waits,
            retry_topic: policy.retry_topic.is_some(),
            dead_letter: policy.dead_letter,
            redrive: policy.redrive,
            pages: policy.pages,
            keeps_order: policy.retry_topic.is_none(),
            key,
            retry_topic_at: policy
                .retry_topic
                .unwrap_or_else(|| RETRY_TOPICS_AT.to_owned()),
        }
    }
}

/// The delivery policies of `m`: `resilience.consumers` for every consumer, with the attempts,
/// retry topic, dead letters and redrive of a link that names the event and the consumer.
pub fn derive(m: &Model) -> Deliveries {
    let mut all = Vec::new();
    let mut ordering_gaps = Vec::new();
    let mut split_topics = Vec::new();
    for s in &m.services {
        // Key field -> (event, its topic when the model names one).
        type Keyed = Vec<(String, Vec<(String, Option<String>, String, String)>)>;
        let mut keyed: Keyed = Vec::new();
        for event in &s.consumes {
            let published = m.services.iter().enumerate().find_map(|(si, p)| {
                let (ei, e) = p
                    .publishes
                    .iter()
                    .enumerate()
                    .find(|(_, e)| &e.name == event)?;
                Some((e, format!("/services/{si}/publishes/{ei}"), p.name.clone()))
            });
            let (link_at, link) = m
                .communication
                .links
                .iter()
                .enumerate()
                .filter(|(_, l)| l.to == s.name && l.events.contains(event))
                .find_map(|(li, l)| Some((li, l.delivery.as_ref()?)))
                .unzip();
            let key = published.as_ref().and_then(|(e, _, _)| e.key.clone());
            let lossy = lossy(m, &s.name, event, published.as_ref().map(|(e, _, _)| *e));
            let policy = policy(m, &s.name, lossy, link_at, link);
            all.push(Delivery::new(s, event, key, policy));
            // What pub/sub may drop has no per-key order to hold across topics.
            if lossy {
                continue;
            }
            let Some((e, at, publisher)) = published else {
                continue;
            };
            let Some(key) = &e.key else { continue };
            let entry = (event.clone(), e.topic.clone(), at, publisher);
            match keyed.iter_mut().find(|(k, _)| k == key) {
                Some((_, events)) => events.push(entry),
                None => keyed.push((key.clone(), vec![entry])),
            }
        }
        for (key, events) in keyed {
            let mut publishers: Vec<&String> = events.iter().map(|e| &e.3).collect();
            publishers.dedup();
            for p in &publishers {
                let own: Vec<_> = events.iter().filter(|e| &e.3 == *p).cloned().collect();
                split_topics.extend(gap(&s.name, &key, &own, Some(p)));
            }
            let publisher = (publishers.len() == 1).then_some(publishers[0]);
            ordering_gaps.extend(gap(&s.name, &key, &events, publisher));
        }
    }
    let longest_in_place = all
        .iter()
        .filter(|d| !d.retry_topic && d.span_ms > 0)
        .max_by_key(|d| d.span_ms)
        .cloned();
    Deliveries {
        give_ups: super::give_up::groups(&all),
        all,
        ordering_gaps,
        split_topics,
        longest_in_place,
    }
}

/// The deliveries of a message to `consumer` where its link states none, and where that
/// comes from: the consumers' `max_attempts` (`model`), enough to outlast a provider's outage
/// for a consumer that calls one (`outage`), else 5 (`assumed`).
pub fn default_attempts(m: &Model, consumer: &str) -> (u32, &'static str) {
    match m.resilience.consumers.max_attempts {
        Some(n) => (n, "model"),
        None if !external_calls(m, consumer).is_empty() => {
            (attempts_spanning(m, PROVIDER_OUTAGE_MS), "outage")
        }
        None => (5, "assumed"),
    }
}

/// A consumer's delivery policy: one delivery when the broker may lose it (`lossy`), else the
/// attempts, retry topic, dead letters and redrive of its `link` (at `link_at`) over the
/// consumers' own.
fn policy(
    m: &Model,
    consumer: &str,
    lossy: bool,
    link_at: Option<usize>,
    link: Option<&DeliveryPolicy>,
) -> Policy {
    let c = &m.resilience.consumers;
    if lossy {
        // Pub/sub hands a message to whoever is subscribed, once: nothing redelivers
        // it and there is no dead-letter queue to park it on.
        Policy {
            retry: consumer_retry(m, 1),
            attempts_from: "broker",
            attempts_at: ATTEMPTS_AT.to_owned(),
            retry_topic: None,
            dead_letter: false,
            redrive: String::new(),
            pages: None,
        }
    } else {
        let (max_attempts, attempts_from) = match link.and_then(|d| d.max_attempts) {
            Some(n) => (n, "link"),
            None => default_attempts(m, consumer),
        };
        let retry_topic = match link_at {
            Some(li) if link.is_some_and(|d| d.retry_topic) => {
                Some(format!("/communication/links/{li}/delivery/retry_topic"))
            }
            _ => c.retry_topics.then(|| RETRY_TOPICS_AT.to_owned()),
        };
        let attempts_at = match link_at {
            Some(li) if attempts_from == "link" => {
                format!("/communication/links/{li}/delivery/max_attempts")
            }
            _ => ATTEMPTS_AT.to_owned(),
        };
        Policy {
            retry: consumer_retry(m, max_attempts),
            attempts_from,
            attempts_at,
            retry_topic,
            dead_letter: DeliveryPolicy::dead_letters(link, c.dead_letter),
            redrive: link.map(|d| d.redrive.clone()).unwrap_or_default(),
            pages: link.and_then(|d| d.pages),
        }
    }
}

/// The gap `consumer` has among `events` (name, topic, pointer, publisher) of one `key`, unless
/// they all name the same topic.
fn gap(
    consumer: &str,
    key: &str,
    events: &[(String, Option<String>, String, String)],
    publisher: Option<&String>,
) -> Option<OrderingGap> {
    let one_topic = events[0].1.is_some() && events.iter().all(|e| e.1 == events[0].1);
    (events.len() > 1 && !one_topic).then(|| OrderingGap {
        consumer: consumer.into(),
        key: key.into(),
        at: events[1].2.clone(),
        publisher: publisher.cloned(),
        events: events.iter().map(|e| e.0.clone()).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::derive::graph::tests::named;

    const SHOP: &str = "requirements: {domain: d}
services:
  - name: orders
    responsibility: r
    publishes:
      - {name: Placed, topic: orders.placed, key: order_id, fields: [{name: order_id, type: uuid}]}
      - {name: Cancelled, topic: orders.cancelled, key: order_id, fields: [{name: order_id, type: uuid}]}
  - {name: payments, responsibility: r, consumes: [Placed, Cancelled]}
  - {name: mail, responsibility: r, consumes: [Placed]}
communication:
  links:
    - {from: orders, to: payments, style: async, events: [Placed], delivery: {max_attempts: 5, retry_topic: true, dead_letter: true}}
resilience:
  consumers: {max_attempts: 12, initial_ms: 1000, max_ms: 300000}
";

    #[test]
    fn a_link_switches_dead_lettering_off_or_on_against_the_consumers_default() {
        let dead = |link: &str, consumers: &str| {
            let m = SHOP
                .replace("retry_topic: true, dead_letter: true", link)
                .replace("max_ms: 300000}", consumers);
            let d = derive(&named(&m));
            let placed = d
                .all
                .iter()
                .find(|x| x.consumer == "payments" && x.event == "Placed")
                .unwrap()
                .dead_letter;
            let mail = d
                .all
                .iter()
                .find(|x| x.consumer == "mail")
                .unwrap()
                .dead_letter;
            (placed, mail)
        };
        // Unstated, both dead-letter; `false` on the link drops only its consumer's.
        assert_eq!(dead("retry_topic: true", "max_ms: 300000}"), (true, true));
        assert_eq!(dead("dead_letter: false", "max_ms: 300000}"), (false, true));
        // `true` on the link keeps its own when the consumers drop theirs.
        let off = "max_ms: 300000, dead_letter: false}";
        assert_eq!(dead("dead_letter: true", off), (true, false));
    }

    #[test]
    fn pub_sub_delivers_once_and_parks_nothing() {
        let live = SHOP
            .replace(
                "{name: Cancelled, topic: orders.cancelled,",
                "{name: Cancelled, broker: live, topic: orders.cancelled,",
            )
            .replace(
                "communication:\n",
                "communication:\n  brokers: [{name: log, technology: Kafka}, {name: live, technology: Redis Pub/Sub}]\n",
            );
        let d = derive(&named(&live));
        let row = |e: &str| {
            d.all
                .iter()
                .find(|x| x.consumer == "payments" && x.event == e)
                .unwrap()
                .clone()
        };
        // Cancelled goes through Redis pub/sub: one delivery, no retries, no dead letters.
        let cancelled = row("Cancelled");
        assert_eq!(
            (
                cancelled.max_attempts,
                cancelled.span_ms,
                cancelled.dead_letter
            ),
            (1, 0, false)
        );
        assert_eq!(cancelled.attempts_from, "broker");
        // Placed stays on Kafka with the link's five deliveries and its dead-letter queue.
        let placed = row("Placed");
        assert_eq!((placed.max_attempts, placed.dead_letter), (5, true));
    }

    #[test]
    fn a_link_overrides_the_attempts_and_the_schedule_stays_the_systems() {
        let d = derive(&named(SHOP));
        let row = |c: &str, e: &str| {
            d.all
                .iter()
                .find(|x| x.consumer == c && x.event == e)
                .unwrap()
                .clone()
        };
        let placed = row("payments", "Placed");
        assert_eq!(
            (placed.max_attempts, placed.attempts_from.as_str()),
            (5, "link")
        );
        assert_eq!(placed.waits, vec![1000, 2000, 4000, 8000]);
        assert!(placed.retry_topic && !placed.keeps_order);
        let cancelled = row("payments", "Cancelled");
        assert_eq!((cancelled.max_attempts, cancelled.span_ms), (12, 1_111_000));
        assert!(cancelled.keeps_order && cancelled.dead_letter);
        assert_eq!(d.all.len(), 3, "one row per consumer and event");
    }

    #[test]
    fn the_longest_redelivery_in_place_is_named_and_retry_topics_hold_nothing() {
        let d = derive(&named(SHOP));
        let held = d
            .longest_in_place
            .expect("payments and mail redeliver in place");
        assert_eq!(held.span_ms, 1_111_000);
        assert!(!held.retry_topic);
        let all_retry = SHOP.replace(
            "consumers: {max_attempts: 12,",
            "consumers: {retry_topics: true, max_attempts: 12,",
        );
        assert_eq!(derive(&named(&all_retry)).longest_in_place, None);
    }

    #[test]
    fn one_key_over_two_topics_is_not_ordered_and_one_topic_is() {
        let d = derive(&named(SHOP));
        assert_eq!(
            d.ordering_gaps,
            vec![OrderingGap {
                consumer: "payments".into(),
                key: "order_id".into(),
                events: vec!["Placed".into(), "Cancelled".into()],
                at: "/services/0/publishes/1".into(),
                publisher: Some("orders".into()),
            }]
        );
        let same = SHOP.replace("topic: orders.cancelled", "topic: orders.placed");
        assert_eq!(d.split_topics, d.ordering_gaps, "orders publishes both");
        assert!(derive(&named(&same)).ordering_gaps.is_empty());
    }

    #[test]
    fn without_a_schedule_five_deliveries_are_assumed() {
        let d = derive(&named(&SHOP.replace(
            "  consumers: {max_attempts: 12, initial_ms: 1000, max_ms: 300000}\n",
            "  consumers: {initial_ms: 1000}\n",
        )));
        let mail = d.all.iter().find(|x| x.consumer == "mail").unwrap();
        assert_eq!(
            (mail.max_attempts, mail.attempts_from.as_str()),
            (5, "assumed")
        );
    }

    /// A consumer whose handler calls a provider outlasts a ten-minute outage of it unless the
    /// model states a count; one that calls nothing external keeps the five deliveries.
    #[test]
    fn a_consumer_calling_a_provider_outlasts_its_outage() {
        let unstated = SHOP.replace(
            "  consumers: {max_attempts: 12, initial_ms: 1000, max_ms: 300000}\n",
            "  consumers: {}\n",
        );
        let psp = unstated
            .replace(
                "communication:\n",
                "externals: [{name: psp, description: Card payments.}]\ncommunication:\n",
            )
            .replace(
                "  links:\n",
                "  links:\n    - {from: mail, to: psp, background: true}\n",
            );
        let d = derive(&named(&psp));
        let mail = d.all.iter().find(|x| x.consumer == "mail").unwrap();
        // 1, 2, 4, 8, 16, 32 s, then nineteen waits of a minute: 20 min 3 s at most, and
        // with full jitter (each wait from zero up to it) about half, 10 min 1 s.
        assert_eq!(
            (mail.max_attempts, mail.attempts_from.as_str(), mail.span_ms),
            (26, "outage", 1_203_000)
        );
        assert_eq!(mail.likely_span_ms, 601_500);
        assert!(mail.likely_span_ms >= PROVIDER_OUTAGE_MS);
        let cancelled = d.all.iter().find(|x| x.event == "Cancelled").unwrap();
        assert_eq!((cancelled.max_attempts, cancelled.span_ms), (5, 15_000));
        // A stated count is a decision: it stays, and the review says what it risks.
        let stated = psp.replace("consumers: {}", "consumers: {max_attempts: 3}");
        let mail = derive(&named(&stated))
            .all
            .into_iter()
            .find(|x| x.consumer == "mail");
        assert_eq!(mail.map(|m| m.max_attempts), Some(3));
        // A longer wait needs fewer deliveries.
        let slow = psp.replace("consumers: {}", "consumers: {max_ms: 300000}");
        assert_eq!(attempts_spanning(&named(&slow), PROVIDER_OUTAGE_MS), 13);
    }
}

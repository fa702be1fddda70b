//! Step 4, per call from an HTTP service to an external system: the webhooks that system
//! sends back (`api.receives`), their event types on one line and the header carrying the
//! sender's signature. Only a service with an HTTP API can receive them. The block also holds
//! each lifecycle's moves, which those webhooks often trigger, and the outbox relay.

use super::prelude::*;
use crate::defaults;
use crate::derive::open_connectors::connectors;
use crate::interview::flow::Node;
use crate::model::{ApiStyle, Receiver};

/// The webhooks each called external system sends back, how each lifecycle moves
/// (`s04_lifecycle`) and what relays the outbox tables, in one block of derived answers.
pub(super) fn block() -> Node {
    let mut questions = nodes![
        each(
            "receives",
            |m, _| pairs(m).len(),
            |m, at| {
                let (s, e) = &pairs(m)[at[0]];
                Some(format!("`{e}` -> `{}`", m.services[*s].name))
            }
        )
        .ask(nodes![
            text(
                "receives.events",
                "Webhooks it sends back? (its event types, comma-separated; empty: none)"
            )
            .help(
                "e.g. `payment_intent.succeeded, charge.refunded` for a payment provider; \
                     each is a signed POST the service verifies before trusting it.",
            )
            .value(Lens::new(
                |m, at| {
                    let r = receiver(m, at);
                    r.map(|r| r.events.join(", ")).unwrap_or_default()
                },
                set_events,
            )),
            text("receives.header", "Header carrying its signature?")
                .help("The request header the sender signs the body in.")
                .value(Lens::new(
                    |m, at| receiver(m, at).map(|r| r.signature_header.clone()),
                    |m, at, v: Option<String>| {
                        if let Some(r) = receiver_mut(m, at) {
                            r.signature_header = v.unwrap_or_default();
                        }
                    },
                ))
                .default(|m, at| Some(signature_header(&pairs(m)[at[0]].1)))
                .check(|m, at, v: &Option<String>| {
                    required(m, at, &v.clone().unwrap_or_default())
                })
                .when(|m, at| receiver(m, at).is_some()),
        ]),
        super::s04_action_events::each_resource(),
        super::s04_claims::each_resource(),
        super::s04_lifecycle::each_resource(),
    ];
    questions.extend(outbox());
    questions.extend(outbox_retention());
    derived("receives.defaults", questions).into()
}

/// What relays the outbox tables, and with a polling relay which one sends the calls a flow
/// sends from an outbox.
fn outbox() -> Vec<Node> {
    nodes![
        text(
            "outbox_relay",
            "How do the outbox rows reach the broker? (`polling`, or the change data capture \
             tool, e.g. `Debezium (Kafka Connect)`; empty: an open decision)"
        )
        .help(
            "A service that writes its store and publishes an event keeps the event in an \
             outbox table in the same transaction; a relay publishes the rows. Polling needs \
             nothing new to run; change data capture reads the database's log."
        )
        .value(Lens::new(
            |m, _| m.communication.outbox_relay.clone(),
            |m, _, v: Option<String>| {
                // Who sends the outbox calls means something only to a polling relay.
                let c = &mut m.communication;
                c.outbox_relay = v;
                if !crate::derive::open::polling(c.outbox_relay.as_deref()) {
                    c.outbox_calls = None;
                }
                // How long the rows stay means something only to a log-reading relay.
                if crate::derive::open::cdc_tool(c.outbox_relay.as_deref()).is_none() {
                    c.outbox_retention_hours = None;
                }
                // Who runs the connectors means something only while there are some.
                if connectors(m).is_empty() {
                    m.communication.connectors = None;
                }
            },
        ))
        .when(|m, _| !crate::derive::failures::outbox_writers(m).is_empty()),
        choice(
            "outbox_calls",
            "Which relay sends the calls the flows send from an outbox?"
        )
        .help(
            "The relay that publishes the events reads its rows in order on one replica, so \
             a slow callee holds up the events behind its call; a relay of their own claims \
             rows on every replica and retries each on a schedule."
        )
        .value(lens!(|m, _| m.communication.outbox_calls))
        .when(|m, _| polling_with_calls(m)),
        text(
            "connectors",
            "Which team runs the change data capture connectors? (empty: an open decision)"
        )
        .help(
            "The connectors share one runtime, such as a Kafka Connect cluster: its team is \
             paged on their lag, owns their configuration and re-snapshots a store."
        )
        .value(Lens::new(
            |m, _| m.communication.connectors.as_ref().map(|c| c.team.clone()),
            |m, _, v: Option<String>| match v.filter(|t| !t.trim().is_empty()) {
                Some(team) => m.communication.connectors.get_or_insert_default().team = team,
                None => m.communication.connectors = None,
            },
        ))
        .when(|m, _| !connectors(m).is_empty()),
        text(
            "connectors_runs_on",
            "Where do the connectors run? (e.g. `Amazon MSK Connect`; empty: not stated)"
        )
        .value(Lens::new(
            |m, _| {
                let c = m.communication.connectors.as_ref();
                c.map(|c| c.runs_on.clone()).filter(|r| !r.is_empty())
            },
            |m, _, v: Option<String>| {
                if let Some(c) = m.communication.connectors.as_mut() {
                    c.runs_on = v.unwrap_or_default();
                }
            },
        ))
        .when(|m, _| m.communication.connectors.is_some() && !connectors(m).is_empty()),
    ]
}

/// Whether the relay polls and some flow sends a call from an outbox: a step `async: true`
/// from a service to another service or an external system.
fn polling_with_calls(m: &Model) -> bool {
    let polling = crate::derive::open::polling(m.communication.outbox_relay.as_deref());
    let callee =
        |n: &str| m.externals.iter().any(|e| e.name == n) || m.services.iter().any(|s| s.name == n);
    let from_service = |n: &str| m.services.iter().any(|s| s.name == n);
    polling
        && (m.communication.flows.iter())
            .flat_map(crate::model::Flow::walk)
            .any(|w| {
                w.step.r#async == Some(true) && from_service(&w.step.from) && callee(&w.step.to)
            })
}

/// `(service index, external name)` for each call from a service with an HTTP API to an
/// external system, once per pair, in link order.
fn pairs(m: &Model) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::new();
    for l in &m.communication.links {
        let Some(i) = m.services.iter().position(|s| s.name == l.from) else {
            continue;
        };
        let s = &m.services[i];
        let http = matches!(
            defaults::api_style(s.kind, s.api.style),
            ApiStyle::Rest | ApiStyle::Webhooks | ApiStyle::Sse
        );
        let external = m.externals.iter().any(|e| e.name == l.to);
        if http && external && !out.iter().any(|(j, e)| *j == i && *e == l.to) {
            out.push((i, l.to.clone()));
        }
    }
    out
}

fn receiver<'a>(m: &'a Model, at: &At) -> Option<&'a Receiver> {
    let (i, e) = &pairs(m)[at[0]];
    m.services[*i].api.receives.iter().find(|r| &r.from == e)
}

fn receiver_mut<'a>(m: &'a mut Model, at: &At) -> Option<&'a mut Receiver> {
    let (i, e) = pairs(m)[at[0]].clone();
    m.services[i].api.receives.iter_mut().find(|r| r.from == e)
}

/// Stores the event types: none removes the webhook, a first one adds it with the derived
/// signature header.
fn set_events(m: &mut Model, at: &At, line: String) {
    let (i, e) = pairs(m)[at[0]].clone();
    let events: Vec<String> = line
        .split(',')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(str::to_owned)
        .collect();
    let receives = &mut m.services[i].api.receives;
    match receives.iter().position(|r| r.from == e) {
        Some(k) if events.is_empty() => {
            receives.remove(k);
        }
        Some(k) => receives[k].events = events,
        None if events.is_empty() => {}
        None => receives.push(Receiver {
            signature_header: signature_header(&e),
            from: e,
            events,
            ..Receiver::default()
        }),
    }
}

/// `payments-provider` signs in `Payments-Provider-Signature`, as `Stripe` does in
/// `Stripe-Signature`.
fn signature_header(external: &str) -> String {
    let words = external.split(|c: char| !c.is_ascii_alphanumeric());
    let mut parts: Vec<String> = words
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect();
    parts.push("Signature".into());
    parts.join("-")
}

/// How long an outbox row stays, once a change data capture relay reads the log.
fn outbox_retention() -> Vec<Node> {
    nodes![
        text(
            "outbox_retention_hours",
            "Hours an outbox row stays after it is written? (0: deleted in the transaction \
             that writes it; empty: not stated)"
        )
        .help(
            "The connector reads each row's insert from the log and never tells the service \
             it has published it. Deleting at once keeps the table empty, but a failover that \
             loses the connector's place leaves nothing to re-snapshot; rows kept a few hours \
             (deleted by a job) can be published again."
        )
        .value(lens!(|m, _| m.communication.outbox_retention_hours))
        .check(range(0, 8760))
        .when(|m, _| {
            let relay = m.communication.outbox_relay.as_deref();
            crate::derive::open::cdc_tool(relay).is_some()
                && !crate::derive::failures::outbox_writers(m).is_empty()
        })
    ]
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_signature_header_is_named_after_the_sender() {
        assert_eq!(
            super::signature_header("payments-provider"),
            "Payments-Provider-Signature"
        );
        assert_eq!(super::signature_header("Stripe"), "Stripe-Signature");
    }
}

//! Messages and their delivery: the broker an event names, links that start at a broker, and
//! delivery policies that contradict their link or broker.

use super::{Issues, fields};
use crate::model::{Delivery, LinkStyle, Model};

pub(super) fn check(model: &Model, issues: &mut Issues) {
    let c = &model.communication;
    let brokers: Vec<&str> = c.brokers.iter().map(|b| b.name.as_str()).collect();
    for (i, s) in model.services.iter().enumerate() {
        for (j, e) in s.publishes.iter().enumerate() {
            if let Some(b) = &e.broker {
                issues.check(
                    format!("/services/{i}/publishes/{j}/broker"),
                    &format!("event `{}`: broker", e.name),
                    fields::reference(b, brokers.iter().copied(), "broker"),
                );
            }
        }
    }
    for (i, l) in c.links.iter().enumerate() {
        let lp = format!("/communication/links/{i}");
        if brokers.contains(&l.from.as_str()) {
            issues.push(
                format!("{lp}/from"),
                format!(
                    "link from broker `{}`: a broker delivers, it does not call",
                    l.from
                ),
                Some(format!(
                    "link the consumer's events from their publisher (with `broker: {}`), or \
                     list the consumer under the event's `consumes`",
                    l.from
                )),
            );
        }
        let Some(d) = &l.delivery else { continue };
        if crate::derive::link_style::of(model, l) == LinkStyle::Sync {
            issues.push(
                format!("{lp}/delivery"),
                format!(
                    "link {} -> {} is synchronous but has a `delivery` policy",
                    l.from, l.to
                ),
                Some(
                    "use `resilience` for a synchronous call, or make the link `style: async`"
                        .into(),
                ),
            );
        }
        if let Some(n) = d.max_attempts {
            issues.check(
                format!("{lp}/delivery/max_attempts"),
                "`delivery.max_attempts`",
                fields::within(n, 1, 100),
            );
        }
        let broker = l
            .broker
            .as_deref()
            .or_else(|| brokers.contains(&l.to.as_str()).then_some(l.to.as_str()))
            .or_else(|| brokers.first().copied());
        let at_most_once = broker
            .and_then(|b| c.brokers.iter().find(|x| x.name == b))
            .is_some_and(|b| b.delivery == Delivery::AtMostOnce);
        pages(l, d, &lp, issues);
        if at_most_once && (d.retry_topic || d.dead_letter == Some(true)) && !l.events.is_empty() {
            issues.push(
                format!("{lp}/delivery"),
                format!(
                    "link {} -> {} retries or dead-letters through broker `{}`, which delivers at most once",
                    l.from,
                    l.to,
                    broker.unwrap_or_default()
                ),
                Some("drop `retry_topic` and `dead_letter`, or move the events to an at-least-once broker".into()),
            );
        }
    }
}

/// A link that pages on dead letters must not drop them.
fn pages(l: &crate::model::Link, d: &crate::model::DeliveryPolicy, lp: &str, issues: &mut Issues) {
    if d.pages == Some(true) && d.dead_letter == Some(false) {
        issues.push(
            format!("{lp}/delivery/pages"),
            format!(
                "link {} -> {} pages on dead letters, but drops its messages (`dead_letter: false`)",
                l.from, l.to
            ),
            Some("drop `pages`, or dead-letter the link's messages (`dead_letter: true`)".into()),
        );
    }
}

//! How far behind its database a service's outbox relay or connector may fall before it
//! pages: half the tightest freshness objective of the consumers of its events, so the other
//! half is left to them (freshness counts from the change, so the relay's lag is part of it);
//! a minute where no consumer needs its events sooner, which still finds a stalled relay.

use super::handlers::Freshness;
use crate::model::Model;
use serde::Serialize;

/// The most a relay may lag where no consumer's freshness asks for less, in seconds.
pub const RELAY_LAG_CAP_SECONDS: u32 = 60;

/// One publishing service's relay lag threshold.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RelayLag {
    /// The service whose outbox the relay or connector reads.
    pub service: String,
    /// The lag that pages, in seconds.
    pub seconds: u32,
    /// The consumer whose freshness sets it; none for the cap.
    pub consumer: Option<String>,
    /// That consumer's freshness objective, in seconds.
    pub freshness_seconds: Option<u32>,
    /// Whether that objective is the model's (else derived from the consumer's handler time).
    pub stated: bool,
}

/// The threshold of every service that publishes an event, in model order.
pub fn derive(model: &Model, freshness: &[Freshness]) -> Vec<RelayLag> {
    (model.services.iter())
        .filter(|s| !s.publishes.is_empty())
        .map(|s| {
            let carries = |f: &&Freshness| {
                (f.events.iter()).any(|e| s.publishes.iter().any(|p| &p.name == e))
            };
            // The tightest objective; the first consumer in model order wins a tie.
            let tightest = (freshness.iter().filter(carries))
                .filter(|f| f.stated)
                .min_by_key(|f| f.seconds)
                .filter(|f| f.seconds / 2 < RELAY_LAG_CAP_SECONDS);
            RelayLag {
                service: s.name.clone(),
                seconds: tightest.map_or(RELAY_LAG_CAP_SECONDS, |f| (f.seconds / 2).max(1)),
                consumer: tightest.map(|f| f.service.clone()),
                freshness_seconds: tightest.map(|f| f.seconds),
                stated: tightest.is_some_and(|f| f.stated),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::graph::tests::model;
    use super::super::handlers::Freshness;

    fn fresh(service: &str, seconds: u32, events: &[&str]) -> Freshness {
        Freshness {
            service: service.into(),
            seconds,
            stated: true,
            worst_ms: 0.0,
            events: events.iter().map(|e| (*e).to_owned()).collect(),
        }
    }

    #[test]
    fn a_relay_pages_at_half_the_tightest_freshness_its_events_need() {
        let m = model(
            "version: 1\nname: t\nrequirements: {domain: d}\nservices:\n  - name: booking\n    responsibility: r\n    publishes: [{name: Cancelled, fields: [{name: id, type: string}]}]\n  - name: patients\n    responsibility: r\n    publishes: [{name: Moved, fields: [{name: id, type: string}]}]\n  - {name: quiet, responsibility: r}\n",
        );
        let f = [
            fresh("mail", 120, &["Cancelled", "Moved"]),
            fresh("slots", 10, &["Cancelled"]),
        ];
        let lags = super::derive(&m, &f);
        let at = |n: &str| lags.iter().find(|l| l.service == n).unwrap();
        // slots' 10 s leaves the connector 5 s; mail's 2 min would have left it a minute.
        assert_eq!(
            (at("booking").seconds, at("booking").consumer.as_deref()),
            (5, Some("slots"))
        );
        // Half of 2 min is no tighter than the cap: the minute that finds a stalled relay.
        assert_eq!(
            (at("patients").seconds, at("patients").consumer.as_deref()),
            (60, None)
        );
        // A service that publishes nothing has no relay.
        assert!(lags.iter().all(|l| l.service != "quiet"));
    }
}

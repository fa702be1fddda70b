//! The reconnect storm as a risk: every rollout drains a connection-holding replica, and its
//! clients reconnect and run the catch-up flow at once, so a service that flow calls takes a
//! multiple of its peak rate for the drain window, and far more when a zone is lost. Figures
//! from [`super::stream_load`]; a risk where the drain alone exceeds the service's peak rate,
//! or where nothing says what a reconnect costs.

use super::open::owner_of;
use super::risks::RiskItem;
use super::stream_load::StreamLoad;
use crate::model::{Level, Model};
use crate::text::numbers::{duration, thousands};

/// The reconnect-storm risks of `model` given its stream load.
pub fn storms(model: &Model, s: &StreamLoad) -> Vec<RiskItem> {
    let holders: Vec<&str> = s.holders.iter().map(|h| h.service.as_str()).collect();
    let holder = holders.join(" or ");
    let assumed = assumed(s);
    if s.on_reconnect.is_none() {
        let drain: f64 = s.holders.iter().map(|h| h.drain_per_s).sum();
        return vec![RiskItem {
            title: format!(
                "A reconnect storm after a {holder} drain or restart reaches services nobody \
                 has sized for it"
            ),
            likelihood: Level::Medium,
            impact: Level::Medium,
            mitigation: format!(
                "Name the flow a client runs after reconnecting (resilience.streams.on_reconnect) \
                 so the storm it sends each service is sized: a drain alone brings {} reconnects/s.{assumed}",
                thousands(drain)
            ),
            owner: owner_of(model, holders.first().copied().unwrap_or_default()),
            detected: true,
            key: "resilience.streams.on_reconnect".into(),
        }];
    }
    s.storm
        .iter()
        .filter(|x| x.drain_rps > x.steady_rps)
        .map(|x| {
            let times = if x.steady_rps > 0.0 {
                format!(", {}× its peak of {}", thousands(x.drain_rps / x.steady_rps), thousands(x.steady_rps))
            } else {
                String::new()
            };
            RiskItem {
                title: format!(
                    "A reconnect storm: draining a {holder} replica sends {} {} requests/s as its clients \
                     catch up{times}, and a zone loss {}/s",
                    x.service,
                    thousands(x.drain_rps),
                    thousands(x.zone_rps)
                ),
                // Every rollout drains a replica.
                likelihood: Level::High,
                impact: if x.drain_rps >= 2.0 * x.steady_rps { Level::High } else { Level::Medium },
                mitigation: format!(
                    "Size {} for the drain or shed the excess with 429 and a Retry-After the \
                     clients honour; drain {holder} over a longer window \
                     (resilience.streams.drain_seconds) and lengthen the first reconnect wait \
                     (resilience.streams.reconnect_initial_ms), which spreads a zone loss's \
                     reconnects; have clients wait a random delay before the catch-up \
                     ({}).{assumed}",
                    x.service,
                    s.on_reconnect.as_deref().unwrap_or_default()
                ),
                owner: owner_of(model, &x.service),
                detected: true,
                key: "resilience.streams.drain_seconds".into(),
            }
        })
        .collect()
}

/// The stream settings the storm figures assumed, as a sentence to add (empty when none).
fn assumed(s: &StreamLoad) -> String {
    let assumed: Vec<String> = [
        (!s.drain_stated).then(|| {
            format!(
                "the {} s drain window is assumed (resilience.streams.drain_seconds)",
                s.drain_seconds
            )
        }),
        (!s.reconnect_stated).then(|| {
            format!(
                "the first reconnect wait of {} is assumed (resilience.streams.reconnect_initial_ms)",
                duration(f64::from(s.reconnect_initial_ms))
            )
        }),
    ]
    .into_iter()
    .flatten()
    .collect();
    if assumed.is_empty() {
        String::new()
    } else {
        format!(" Until the model states them, {}.", assumed.join(" and "))
    }
}

#[cfg(test)]
mod tests {
    use crate::derive::graph::tests::{graph, model};
    use crate::model::Level;

    const LIVE: &str = "version: 1\nname: t\nrequirements:\n  domain: d\n  scale: {peak_rps: 100, connections: 100000}\nclients: [{name: app}]\nservices:\n  - {name: live, team: rt, responsibility: r, api: {style: websocket, resources: [{name: Frame, fields: [{name: id, type: uuid}], operations: [subscribe]}]}}\n  - {name: inbox, team: inbox, responsibility: r, api: {resources: [{name: Item, fields: [{name: id, type: uuid}], operations: [list]}]}}\ncommunication:\n  links:\n    - {from: app, to: live}\n    - {from: app, to: inbox}\n  flows:\n    - name: Catch up\n      steps:\n        - {from: app, to: inbox, action: GET /v1/items}\nresilience:\n  streams: {heartbeat_seconds: 30, on_reconnect: Catch up}\nperformance:\n  scaling: {min_replicas: 4, max_replicas: 10}\n";

    fn risks(yaml: &str) -> Vec<super::RiskItem> {
        let m = model(yaml);
        let c = crate::derive::capacity::derive(&graph(&m));
        super::storms(&m, c.streams.as_ref().expect("connections held"))
    }

    #[test]
    fn a_drain_that_outruns_the_catch_up_services_peak_is_a_likely_risk() {
        let r = risks(LIVE);
        assert_eq!(r.len(), 1, "{r:?}");
        // 100,000 connections over 4 replicas: 25,000 a drain closes over the assumed 30 s.
        assert!(
            r[0].title.contains("sends inbox 833 requests/s"),
            "{}",
            r[0].title
        );
        assert_eq!((r[0].likelihood, r[0].impact), (Level::High, Level::High));
        assert_eq!(r[0].owner, "inbox");
        assert!(r[0].mitigation.contains("the 30 s drain window is assumed"));
        // Drained over ten minutes, 42 reconnects a second stay within the peak: no risk.
        let slow = LIVE.replace(
            "heartbeat_seconds: 30,",
            "heartbeat_seconds: 30, drain_seconds: 600,",
        );
        assert!(risks(&slow).is_empty(), "{:?}", risks(&slow));
    }

    #[test]
    fn without_a_reconnect_flow_the_storm_is_unsized() {
        let r = risks(&LIVE.replace(", on_reconnect: Catch up", ""));
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].key, "resilience.streams.on_reconnect");
        assert!(
            r[0].mitigation.contains("833 reconnects/s"),
            "{}",
            r[0].mitigation
        );
    }
}

//! Concurrent long-lived connections (WebSocket, SSE) at peak: from
//! `requirements.scale.connections`, else from a constraint or use case that states a count
//! ("250000 concurrent WebSocket connections at peak"), and what each holding service carries
//! per replica: at the fewest replicas (the worst case), at the most, and after a zone loss.
//! The connection registries are sized from it.

use crate::model::{ApiStyle, Model};
use regex::Regex;
use serde::Serialize;
use std::sync::LazyLock;

/// One service holding connections.
#[derive(Debug, Clone, Serialize)]
pub struct Holder {
    /// The service.
    pub service: String,
    /// Its share of the connections.
    pub connections: u64,
    /// Its fewest replicas: the count the autoscaler may sit at when the peak arrives.
    pub replicas: u32,
    /// Connections each replica holds at the fewest replicas: the worst case its memory and
    /// file descriptors must take.
    pub per_replica: u64,
    /// Its most replicas.
    pub replicas_at_most: u32,
    /// Connections each replica holds when all of the most replicas run.
    pub per_replica_at_most: u64,
    /// Connections each surviving replica holds after the worst zone loss at the fewest
    /// replicas: the lost zone's clients reconnect to them.
    pub per_replica_after_zone_loss: u64,
}

/// The system's connections at peak.
#[derive(Debug, Clone, Serialize)]
pub struct Connections {
    /// Concurrent connections at peak.
    pub count: u64,
    /// `model` (`requirements.scale.connections`) or `constraint` (read from `quote`).
    pub from: String,
    /// The constraint or use case the count was read from.
    pub quote: String,
    /// The services holding them, split evenly when several hold the same kind.
    pub holders: Vec<Holder>,
}

/// A count before the word "connections", e.g. `250000`, `250,000`, `250k`, `1.5 million`.
static COUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(\d[\d,_]*(?:\.\d+)?)\s*(k|m|thousand|million)?\b[^.;\d]*?\bconnections?\b")
        .expect("the connection-count pattern compiles")
});

/// The connection count `text` states, if any.
pub fn parse_count(text: &str) -> Option<u64> {
    let caps = COUNT.captures(text)?;
    let n: f64 = caps[1].replace([',', '_'], "").parse().ok()?;
    let scale = match caps.get(2).map(|m| m.as_str().to_lowercase()).as_deref() {
        Some("k" | "thousand") => 1e3,
        Some("m" | "million") => 1e6,
        _ => 1.0,
    };
    Some((n * scale).round() as u64)
}

/// The connections `model` states, and the services that hold them.
pub fn derive(model: &Model) -> Option<Connections> {
    let r = &model.requirements;
    let stated = r.scale.connections.map(|n| (n, "model", String::new()));
    let read = || {
        r.constraints
            .iter()
            .chain(r.use_cases.iter().map(|u| &u.description))
            .find_map(|t| parse_count(t).map(|n| (n, "constraint", t.clone())))
    };
    let (count, from, quote) = stated.or_else(read)?;
    let streams = |s: &&crate::model::Service| {
        matches!(s.api.style, Some(ApiStyle::Websocket | ApiStyle::Sse))
    };
    let mut holders: Vec<&crate::model::Service> = model.services.iter().filter(streams).collect();
    // A count of WebSocket (or SSE) connections is held by the services of that style.
    let said = quote.to_lowercase();
    for (word, style) in [
        ("websocket", ApiStyle::Websocket),
        ("sse", ApiStyle::Sse),
        ("server-sent", ApiStyle::Sse),
    ] {
        let of_style: Vec<_> = holders
            .iter()
            .copied()
            .filter(|s| s.api.style == Some(style))
            .collect();
        if said.contains(word) && !of_style.is_empty() {
            holders = of_style;
            break;
        }
    }
    let (min, max) = crate::defaults::replicas(model);
    let zone = super::zones::of(model);
    let share = count / holders.len().max(1) as u64;
    let per = |n: u32| share.div_ceil(u64::from(n.max(1)));
    Some(Connections {
        count,
        from: from.into(),
        quote,
        holders: holders
            .iter()
            .map(|s| Holder {
                service: s.name.clone(),
                connections: share,
                replicas: min,
                per_replica: per(min),
                replicas_at_most: max,
                per_replica_at_most: per(max),
                per_replica_after_zone_loss: if zone.surviving == 0 {
                    share
                } else {
                    per(zone.surviving)
                },
            })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_read_from_prose() {
        assert_eq!(
            parse_count("250000 concurrent WebSocket connections at peak."),
            Some(250_000)
        );
        assert_eq!(
            parse_count("Up to 1.5 million open connections"),
            Some(1_500_000)
        );
        assert_eq!(parse_count("40k SSE connections"), Some(40_000));
        assert_eq!(parse_count("250,000 connections"), Some(250_000));
        assert_eq!(parse_count("No new database engines this year."), None);
        assert_eq!(
            parse_count("Email goes through 2 providers; connections pooled"),
            None
        );
    }

    const LIVE: &str = "version: 1\nname: t\nrequirements:\n  domain: d\n  scale: {peak_rps: 100}\n  constraints: [250000 concurrent WebSocket connections at peak.]\nclients: [{name: web}]\nservices:\n  - {name: live, responsibility: r, api: {style: websocket}}\n  - {name: feed, responsibility: r, api: {style: sse}}\ncommunication:\n  links: [{from: web, to: live}]\nperformance:\n  caches: [{name: registry, service: live, technology: Redis, holds: Which node holds each user's connections., ttl_seconds: 90}]\n  scaling: {min_replicas: 4, max_replicas: 40}\n";

    #[test]
    fn a_stated_connection_count_sizes_the_holders_and_the_registry() {
        use super::super::capacity::derive as capacity;
        use super::super::graph::tests::{graph, model};
        let m = model(LIVE);
        let c = capacity(&graph(&m));
        let k = c
            .connections
            .as_ref()
            .expect("the constraint states a count");
        assert_eq!((k.count, k.from.as_str()), (250_000, "constraint"));
        // A WebSocket count is held by the WebSocket service, not the SSE one. The worst case
        // per replica is at the fewest replicas (4), not the most (40); after losing the
        // fullest of 3 zones (2 of the 4), the 2 left hold everything.
        assert_eq!(k.holders.len(), 1);
        let h = &k.holders[0];
        assert_eq!(
            (h.service.as_str(), h.replicas, h.per_replica),
            ("live", 4, 62_500)
        );
        assert_eq!((h.replicas_at_most, h.per_replica_at_most), (40, 6250));
        assert_eq!(h.per_replica_after_zone_loss, 125_000);
        // The registry holds one entry per connection, not the (zero) reads of its service.
        let r = &c.caches[0];
        assert_eq!(
            (r.entries, r.entries_from.as_str()),
            (250_000, "connections")
        );
        assert_eq!(r.bytes, 250_000.0 * 1024.0);
        assert!(
            c.assumptions
                .iter()
                .any(|a| a.id == "capacity.registry-entries")
        );
        // The model's own key wins over the prose.
        let m = model(&LIVE.replace(
            "scale: {peak_rps: 100}",
            "scale: {peak_rps: 100, connections: 1000}",
        ));
        let c = capacity(&graph(&m));
        assert_eq!(
            c.connections.as_ref().map(|k| (k.count, k.from.as_str())),
            Some((1000, "model"))
        );
        assert_eq!(c.caches[0].entries, 1000);
    }
}

//! The load long-lived connections generate on their own, whatever the request mix: a
//! heartbeat per connection every interval, a re-authentication when its access token
//! expires, and the reconnect storms when a replica drains or a zone is lost, which also run
//! the flow a client runs after reconnecting. Derived from the connection count and the
//! model's stream settings (`resilience.streams`), the token lifetime and the replicas.

use super::Assumption;
use super::connections::Connections;
use super::graph::Graph;
use crate::model::{AuthMethod, Model};
use serde::Serialize;

/// Seconds between heartbeats when the model does not say (as [`super::resilience`]).
pub const HEARTBEAT_SECONDS: u32 = 30;
/// Seconds a draining replica takes to close its connections when the model does not say:
/// Kubernetes' default termination grace period.
pub const DRAIN_SECONDS: u32 = 30;
/// First reconnect wait in milliseconds when the model does not say (as [`super::resilience`]).
pub const RECONNECT_INITIAL_MS: u32 = 1000;
/// Access-token lifetime in minutes when a token method states none (as the security view).
pub const TOKEN_TTL_MINUTES: u32 = 15;

/// What one connection-holding service carries from its connections alone.
#[derive(Debug, Clone, Serialize)]
pub struct HolderLoad {
    /// The service.
    pub service: String,
    /// Its connections at peak.
    pub connections: u64,
    /// Heartbeats a second: connections over the heartbeat interval.
    pub heartbeats_per_s: f64,
    /// Re-authentications a second as tokens expire: connections over the token lifetime;
    /// zero when its callers present no expiring token.
    pub reauth_per_s: f64,
    /// Connections one replica holds at the fewest replicas: what a drain closes.
    pub per_replica: u64,
    /// Reconnects a second while one replica drains: its connections over the drain window.
    pub drain_per_s: f64,
    /// Connections lost with the fullest zone at the fewest replicas.
    pub zone_lost: u64,
    /// Reconnects a second after a zone loss: those connections within the first reconnect
    /// wait (full jitter spreads them over it).
    pub zone_per_s: f64,
}

/// What a reconnect storm adds to a service the reconnect flow calls.
#[derive(Debug, Clone, Serialize)]
pub struct StormLoad {
    /// The service.
    pub service: String,
    /// Its request rate at peak without a storm.
    pub steady_rps: f64,
    /// Requests one reconnect sends it (the flow's steps to it, at their branch shares).
    pub per_reconnect: f64,
    /// Requests a second while one replica drains.
    pub drain_rps: f64,
    /// Requests a second after a zone loss.
    pub zone_rps: f64,
}

/// The load of the system's long-lived connections.
#[derive(Debug, Clone, Serialize)]
pub struct StreamLoad {
    /// Seconds between heartbeats.
    pub heartbeat_seconds: u32,
    /// Whether the model states the heartbeat.
    pub heartbeat_stated: bool,
    /// The shortest access-token lifetime of the stream callers in minutes, if they send one.
    pub token_ttl_minutes: Option<u32>,
    /// Whether the model states that lifetime.
    pub token_stated: bool,
    /// The drain window in seconds.
    pub drain_seconds: u32,
    /// Whether the model states the drain window.
    pub drain_stated: bool,
    /// The first reconnect wait in milliseconds.
    pub reconnect_initial_ms: u32,
    /// Whether the model states the first reconnect wait.
    pub reconnect_stated: bool,
    /// Replicas lost with the fullest zone, of the fewest.
    pub zone_lost_replicas: u32,
    /// The services holding connections.
    pub holders: Vec<HolderLoad>,
    /// The flow a client runs after reconnecting (`resilience.streams.on_reconnect`).
    pub on_reconnect: Option<String>,
    /// What a storm adds to the services that flow calls, in model order.
    pub storm: Vec<StormLoad>,
}

/// The token lifetime of the callers of `service` that send an expiring token: the shortest
/// stated, else [`TOKEN_TTL_MINUTES`] (unstated), else none when none sends a token.
fn token_ttl(model: &Model, service: &str) -> Option<(u32, bool)> {
    let auth = &model.security.authentication;
    let callers: Vec<&str> = model
        .communication
        .links
        .iter()
        .filter(|l| l.to == service && model.clients.iter().any(|c| c.name == l.from))
        .map(|l| l.from.as_str())
        .collect();
    if auth.is_empty() {
        // The security view then gives people's clients OIDC tokens.
        return (!callers.is_empty()).then_some((TOKEN_TTL_MINUTES, false));
    }
    let tokens = auth.iter().filter(|a| {
        matches!(
            a.method,
            AuthMethod::Jwt | AuthMethod::Oidc | AuthMethod::Oauth2
        ) && (a.clients.is_empty() || a.clients.iter().any(|c| callers.contains(&c.as_str())))
    });
    let mut out: Option<(u32, bool)> = None;
    for a in tokens {
        let (ttl, stated) = a
            .token_ttl_minutes
            .map_or((TOKEN_TTL_MINUTES, false), |t| (t, true));
        out = Some(out.map_or(
            (ttl, stated),
            |(t, s)| if ttl < t { (ttl, stated) } else { (t, s) },
        ));
    }
    out
}

/// The stream load of `graph`'s model holding `conns`, with `steady` the request rate of each
/// component at peak; the values it assumed go to `assumptions`.
pub fn derive(
    graph: &Graph,
    conns: &Connections,
    steady: &[(String, f64)],
    assumptions: &mut Vec<Assumption>,
) -> Option<StreamLoad> {
    if conns.holders.is_empty() {
        return None;
    }
    let model = graph.model;
    let s = &model.resilience.streams;
    let heartbeat = s.heartbeat_seconds.unwrap_or(HEARTBEAT_SECONDS).max(1);
    let drain = s.drain_seconds.unwrap_or(DRAIN_SECONDS).max(1);
    let initial = s
        .reconnect_initial_ms
        .unwrap_or(RECONNECT_INITIAL_MS)
        .max(1);
    let zone = super::zones::of(model);
    let ttl = conns
        .holders
        .iter()
        .filter_map(|h| token_ttl(model, &h.service))
        .min_by_key(|(t, _)| *t);
    let holders = holder_loads(model, conns, (heartbeat, drain, initial), zone.lost);
    let drain_total: f64 = holders.iter().map(|h| h.drain_per_s).sum();
    let zone_total: f64 = holders.iter().map(|h| h.zone_per_s).sum();
    let flow = s
        .on_reconnect
        .as_ref()
        .and_then(|n| graph.flows.iter().find(|f| &f.name == n));
    let storm = storm_loads(graph, flow, steady, (drain_total, zone_total));
    let tokens = ttl.is_some_and(|(_, stated)| !stated);
    assume(model, (heartbeat, drain, initial), tokens, assumptions);
    Some(StreamLoad {
        heartbeat_seconds: heartbeat,
        heartbeat_stated: s.heartbeat_seconds.is_some(),
        token_ttl_minutes: ttl.map(|(t, _)| t),
        token_stated: ttl.is_some_and(|(_, stated)| stated),
        drain_seconds: drain,
        drain_stated: s.drain_seconds.is_some(),
        reconnect_initial_ms: initial,
        reconnect_stated: s.reconnect_initial_ms.is_some(),
        zone_lost_replicas: zone.lost,
        holders,
        on_reconnect: flow.map(|f| f.name.clone()),
        storm,
    })
}

/// Each holder's steady load with `(heartbeat, drain, initial)` its heartbeat (s), drain
/// window (s) and first reconnect wait (ms), and `lost` replicas gone with a zone.
fn holder_loads(
    model: &Model,
    conns: &Connections,
    (heartbeat, drain, initial): (u32, u32, u32),
    lost: u32,
) -> Vec<HolderLoad> {
    conns
        .holders
        .iter()
        .map(|h| {
            let n = h.connections as f64;
            let reauth = token_ttl(model, &h.service).map_or(0.0, |(t, _)| n / f64::from(t * 60));
            let zone_lost = (h.per_replica * u64::from(lost)).min(h.connections);
            HolderLoad {
                service: h.service.clone(),
                connections: h.connections,
                heartbeats_per_s: n / f64::from(heartbeat),
                reauth_per_s: reauth,
                per_replica: h.per_replica,
                drain_per_s: h.per_replica as f64 / f64::from(drain),
                zone_lost,
                zone_per_s: zone_lost as f64 * 1000.0 / f64::from(initial),
            }
        })
        .collect()
}

/// What the reconnect `flow` costs each service it calls, per reconnect and in a drain or a
/// zone loss (`totals`: reconnects a second in each).
fn storm_loads(
    graph: &Graph,
    flow: Option<&crate::derive::graph::Flow>,
    steady: &[(String, f64)],
    (drain_total, zone_total): (f64, f64),
) -> Vec<StormLoad> {
    let model = graph.model;
    let mut storm: Vec<StormLoad> = Vec::new();
    for step in flow.iter().flat_map(|f| &f.steps) {
        if step.r#async
            || !matches!(
                graph.kind(&step.to),
                "service" | "gateway" | "bff" | "legacy"
            )
        {
            continue;
        }
        let at = match storm.iter().position(|x| x.service == step.to) {
            Some(i) => i,
            None => {
                let steady_rps = steady
                    .iter()
                    .find(|(n, _)| n == &step.to)
                    .map_or(0.0, |x| x.1);
                storm.push(StormLoad {
                    service: step.to.clone(),
                    steady_rps,
                    per_reconnect: 0.0,
                    drain_rps: 0.0,
                    zone_rps: 0.0,
                });
                storm.len() - 1
            }
        };
        let x = &mut storm[at];
        x.per_reconnect += step.share;
        x.drain_rps = x.per_reconnect * drain_total;
        x.zone_rps = x.per_reconnect * zone_total;
    }
    let order = |n: &str| model.services.iter().position(|s| s.name == n);
    storm.sort_by_key(|x| order(&x.service));
    storm
}

/// The stream settings assumed, with `(heartbeat, drain, initial)` as used.
fn assume(
    model: &Model,
    (heartbeat, drain, initial): (u32, u32, u32),
    tokens: bool,
    assumptions: &mut Vec<Assumption>,
) {
    let s = &model.resilience.streams;
    // With no stream settings at all, `resilience.stream-heartbeat` lists the heartbeat and
    // the reconnect wait already.
    let partial = !s.is_empty();
    for (id, unstated, value, why, key) in [
        (
            "capacity.heartbeat",
            partial && s.heartbeat_seconds.is_none(),
            format!("a heartbeat every {heartbeat} s"),
            "a common interval under load balancers' idle timeouts; the model states none",
            "resilience.streams.heartbeat_seconds",
        ),
        (
            "capacity.reconnect-wait",
            partial && s.reconnect_initial_ms.is_none(),
            format!("a first reconnect wait of {initial} ms, with full jitter"),
            "a common first wait; the model states none",
            "resilience.streams.reconnect_initial_ms",
        ),
        (
            "capacity.drain-window",
            s.drain_seconds.is_none(),
            format!("{drain} s to drain a replica's connections"),
            "Kubernetes' default termination grace period; the model states no drain window",
            "resilience.streams.drain_seconds",
        ),
        (
            "capacity.token-lifetime",
            tokens,
            format!("{TOKEN_TTL_MINUTES}-minute access tokens on the connections"),
            "a common access-token lifetime; the model states none for the stream callers",
            "security.authentication[].token_ttl_minutes",
        ),
        (
            "capacity.reconnect-flow",
            s.on_reconnect.is_none(),
            "a reconnect costs its holder a handshake and calls nothing else".into(),
            "the model names no flow a client runs after reconnecting",
            "resilience.streams.on_reconnect",
        ),
    ] {
        if unstated {
            assumptions.push(Assumption::new(
                id,
                value,
                why,
                "connection load: heartbeats, re-authentications and reconnect storms",
                key,
            ));
        }
    }
}

#[cfg(test)]
#[path = "stream_load_tests.rs"]
mod tests;

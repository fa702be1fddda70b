//! Connection load from the connection count and the stream settings, not from the request mix.

use super::super::graph::tests::{graph, model};

/// 1,000 WebSocket connections on `live` over 2 to 4 replicas in 2 zones; a heartbeat every
/// 20 s, 10-minute tokens, a 10 s drain, and a catch-up flow of two inbox reads on reconnect.
const LIVE: &str = "version: 1\nname: t\nrequirements:\n  domain: d\n  scale: {peak_rps: 100}\n  constraints: [1000 concurrent WebSocket connections at peak.]\n  use_cases: [{name: Read, served_by: [inbox]}]\nclients: [{name: web}]\nservices:\n  - {name: live, responsibility: r, api: {style: websocket}}\n  - {name: inbox, responsibility: r}\ncommunication:\n  links: [{from: web, to: live}, {from: web, to: inbox}]\n  flows:\n    - name: Catch up\n      steps:\n        - {from: web, to: inbox, action: GET /count}\n        - {from: web, to: inbox, action: GET /items}\nresilience:\n  streams: {heartbeat_seconds: 20, drain_seconds: 10, on_reconnect: Catch up}\nsecurity:\n  authentication: [{method: jwt, clients: [web], token_ttl_minutes: 10}]\nperformance:\n  scaling: {min_replicas: 2, max_replicas: 4}\ndeployment: {zones: 2}\n";

#[test]
fn idle_connections_generate_heartbeats_reauthentications_and_reconnect_storms() {
    let m = model(LIVE);
    let c = super::super::capacity::derive(&graph(&m));
    let s = c.streams.expect("connections generate load");
    let h = &s.holders[0];
    assert_eq!(h.service, "live");
    // 1,000 / 20 s heartbeats, 1,000 / 600 s re-authentications.
    assert_eq!(h.heartbeats_per_s, 50.0);
    assert!((h.reauth_per_s - 1000.0 / 600.0).abs() < 1e-9);
    // A drain closes one of 2 replicas' 500 connections over 10 s; losing one of 2 zones
    // reconnects 500 within the first 1 s wait.
    assert_eq!((h.per_replica, h.drain_per_s), (500, 50.0));
    assert_eq!((h.zone_lost, h.zone_per_s), (500, 500.0));
    // Each reconnect reads the inbox twice: 100 rps during a drain, 1,000 after a zone loss,
    // against its 100 rps at peak.
    let inbox = &s.storm[0];
    assert_eq!(inbox.service, "inbox");
    assert_eq!(
        (inbox.per_reconnect, inbox.drain_rps, inbox.zone_rps),
        (2.0, 100.0, 1000.0)
    );
    assert_eq!(inbox.steady_rps, 100.0);
    assert!(s.heartbeat_stated && s.drain_stated && s.token_stated);
    assert!(
        !c.assumptions
            .iter()
            .any(|a| a.id.starts_with("capacity.drain"))
    );
}

#[test]
fn unstated_stream_settings_are_listed_as_assumptions() {
    let yaml = LIVE
        .replace(
            "  streams: {heartbeat_seconds: 20, drain_seconds: 10, on_reconnect: Catch up}\n",
            "  idempotency: {header: Idempotency-Key}\n",
        )
        .replace(", token_ttl_minutes: 10", "");
    let m = model(&yaml);
    let c = super::super::capacity::derive(&graph(&m));
    let s = c.streams.expect("connections generate load");
    // 30 s heartbeats, a 30 s drain and 15-minute tokens stand in, each said to be assumed.
    assert_eq!(s.holders[0].heartbeats_per_s, 1000.0 / 30.0);
    assert_eq!(s.holders[0].reauth_per_s, 1000.0 / 900.0);
    assert_eq!(s.holders[0].drain_per_s, 500.0 / 30.0);
    assert!(s.storm.is_empty());
    let ids: Vec<&str> = c.assumptions.iter().map(|a| a.id.as_str()).collect();
    for id in [
        "capacity.drain-window",
        "capacity.token-lifetime",
        "capacity.reconnect-flow",
    ] {
        assert!(ids.contains(&id), "{id} missing from {ids:?}");
    }
}

#[test]
fn connections_with_no_expiring_token_are_not_reauthenticated() {
    let yaml = LIVE.replace(
        "{method: jwt, clients: [web], token_ttl_minutes: 10}",
        "{method: mtls, clients: [web]}",
    );
    let c = super::super::capacity::derive(&graph(&model(&yaml)));
    let s = c.streams.unwrap();
    assert_eq!(
        (s.holders[0].reauth_per_s, s.token_ttl_minutes),
        (0.0, None)
    );
}

#[test]
fn a_partial_stream_setting_lists_the_unstated_heartbeat_and_reconnect_wait() {
    let yaml = LIVE.replace("heartbeat_seconds: 20, ", "");
    let c = super::super::capacity::derive(&graph(&model(&yaml)));
    let ids: Vec<&str> = c.assumptions.iter().map(|a| a.id.as_str()).collect();
    assert!(ids.contains(&"capacity.heartbeat") && ids.contains(&"capacity.reconnect-wait"));
    assert!(!ids.contains(&"capacity.drain-window"), "{ids:?}");
    assert_eq!(
        c.streams.unwrap().holders[0].heartbeats_per_s,
        1000.0 / 30.0
    );
}

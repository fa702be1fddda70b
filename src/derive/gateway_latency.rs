//! A gateway's latency where the model states none. Its clients see its slowest route's p99
//! plus the time its own hop adds (authentication, limits, routing); that hop may take only
//! what the tightest objective over a route leaves after the route's own p99: a journey's
//! (`flows[].slo.latency_p99_ms`) after the service it reaches through the gateway, or the
//! system's p99 after the slowest route. A gateway has no work of its own to give a p99,
//! so the system's p99 is never its figure while its routes state theirs.

use super::callee_latency::own_p99;
use super::graph::Graph;
use serde::Serialize;

/// What a gateway that states no p99 is held to.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hop {
    /// The gateway.
    pub gateway: String,
    /// The p99 its own hop may add, in milliseconds: the canary's latency gate.
    pub hop_ms: u32,
    /// The journey whose objective leaves it; none for the system's p99.
    pub journey: Option<String>,
    /// That objective, in milliseconds.
    pub budget_ms: u32,
    /// The route whose p99 it leaves the hop after, and that p99.
    pub route: String,
    /// The route's p99, in milliseconds.
    pub route_ms: u32,
    /// What its clients see at p99: the slowest route plus the hop.
    pub p99_ms: u32,
    /// The slowest route.
    pub slowest: String,
    /// The slowest route's p99, in milliseconds.
    pub slowest_ms: u32,
}

/// `name`'s hop and p99, for a gateway that states no p99 of its own and whose every route
/// (a call it makes while answering) states one; none otherwise, and none when no objective
/// leaves the hop any time.
pub fn derive(graph: &Graph, name: &str) -> Option<Hop> {
    let m = graph.model;
    if graph.kind(name) != "gateway" || own_p99(graph, name).is_some() {
        return None;
    }
    let mut routes: Vec<(&str, u32)> = Vec::new();
    for (_, c) in graph.request_calls(name) {
        let (ms, _) = own_p99(graph, &c.to)?;
        if !routes.iter().any(|(r, _)| *r == c.to) {
            routes.push((&c.to, ms));
        }
    }
    let &(slowest, slowest_ms) = routes
        .iter()
        .max_by_key(|(r, ms)| (*ms, std::cmp::Reverse(*r)))?;
    let system = m.requirements.latency.p99_ms;
    let mut bounds: Vec<(u32, Option<&str>, u32, &str, u32)> = Vec::new();
    if let Some(s) = system.filter(|s| *s > slowest_ms) {
        bounds.push((s - slowest_ms, None, s, slowest, slowest_ms));
    }
    for f in &m.communication.flows {
        let Some(j) = f.slo.as_ref().and_then(|s| s.latency_p99_ms) else {
            continue;
        };
        for w in f.walk() {
            let route = routes
                .iter()
                .find(|(r, _)| w.step.from == name && w.step.to == *r);
            if let Some(&(r, ms)) = route.filter(|(_, ms)| *ms < j) {
                bounds.push((j - ms, Some(f.name.as_str()), j, r, ms));
            }
        }
    }
    // The tightest hop; the first stated wins a tie, the system's before any journey's.
    let (hop_ms, journey, budget_ms, route, route_ms) = bounds
        .into_iter()
        .enumerate()
        .min_by_key(|(i, b)| (b.0, *i))?
        .1;
    Some(Hop {
        gateway: name.to_owned(),
        hop_ms,
        journey: journey.map(str::to_owned),
        budget_ms,
        route: route.to_owned(),
        route_ms,
        p99_ms: slowest_ms + hop_ms,
        slowest: slowest.to_owned(),
        slowest_ms,
    })
}

/// The hop of every gateway that has one, in model order.
pub fn all(graph: &Graph) -> Vec<Hop> {
    (graph.model.services.iter())
        .filter_map(|s| derive(graph, &s.name))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::graph::tests::{graph, model};

    const M: &str = "version: 1\nname: t\nrequirements:\n  domain: d\n  latency: {p99_ms: 500}\nclients: [{name: web}]\nservices:\n  - {name: gw, kind: gateway, responsibility: r}\n  - {name: search, responsibility: r, slo: {latency_p99_ms: 250}}\n  - {name: book, responsibility: r, slo: {latency_p99_ms: 400}}\ncommunication:\n  links:\n    - {from: web, to: gw}\n    - {from: gw, to: search}\n    - {from: gw, to: book}\n  flows:\n    - name: Search\n      slo: {latency_p99_ms: 300}\n      steps:\n        - {from: web, to: gw, action: GET /slots}\n        - {from: gw, to: search, action: GET /slots}\n";

    #[test]
    fn a_gateway_adds_what_the_tightest_journey_leaves_after_its_route() {
        let m = model(M);
        let h = super::derive(&graph(&m), "gw").unwrap();
        // Search promises 300 ms over search's 250 ms: the hop may add 50 ms, not the 100 ms
        // the system's 500 ms leaves after book's 400 ms.
        assert_eq!(
            (h.hop_ms, h.journey.as_deref(), h.route.as_str()),
            (50, Some("Search"), "search")
        );
        // Its clients wait for its slowest route, book, plus the hop.
        assert_eq!((h.p99_ms, h.slowest.as_str()), (450, "book"));
        // Without the journey's objective, the system's p99 leaves it what book does not take.
        let m = model(&M.replace("      slo: {latency_p99_ms: 300}\n", ""));
        let h = super::derive(&graph(&m), "gw").unwrap();
        assert_eq!((h.hop_ms, h.journey, h.p99_ms), (100, None, 500));
    }

    #[test]
    fn a_gateway_with_its_own_p99_or_an_unmeasured_route_keeps_the_old_rule() {
        let own = M.replace(
            "kind: gateway, responsibility: r}",
            "kind: gateway, responsibility: r, slo: {latency_p99_ms: 20}}",
        );
        let m = model(&own);
        assert!(super::derive(&graph(&m), "gw").is_none());
        let m = model(&M.replace(", slo: {latency_p99_ms: 400}}", "}"));
        assert!(super::derive(&graph(&m), "gw").is_none());
        // A route that takes the whole of every objective leaves the hop nothing to derive.
        let m = model(
            &M.replace("latency_p99_ms: 400", "latency_p99_ms: 500")
                .replace("latency_p99_ms: 300}", "latency_p99_ms: 250}"),
        );
        assert!(super::derive(&graph(&m), "gw").is_none());
    }
}

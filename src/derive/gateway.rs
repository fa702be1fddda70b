//! What a gateway can honestly promise: its objective is measured on the answers it gives,
//! and a request through it succeeds only when everything its route calls synchronously
//! answers, so the weakest route bounds the promise (before the gateway's own failures).
//! Calls with a fallback, background calls and streams do not fail the request: left out.

use super::availability::{Part, part_of, pct};
use super::graph::Graph;
use serde::Serialize;

/// One route of a gateway: the callee and what it composes to with the gateway in front.
#[derive(Debug, Clone, Serialize)]
pub struct Route {
    /// The service the gateway routes to.
    pub to: String,
    /// The callee and what it calls synchronously, transitively.
    pub parts: Vec<Part>,
    /// Their product in percent.
    pub composed: f64,
    /// It in words, rounded down, e.g. `99.98`.
    pub composed_text: String,
}

/// A gateway's promise against what its routes allow.
#[derive(Debug, Clone, Serialize)]
pub struct Promise {
    /// The gateway.
    pub name: String,
    /// Its availability objective in percent (its own `slo`, else the system's).
    pub target: f64,
    /// Whether the objective is its own.
    pub own: bool,
    /// Each route, in link order.
    pub routes: Vec<Route>,
    /// The weakest route: what the gateway can honestly promise, in words.
    pub honest_text: String,
    /// The route that sets it.
    pub weakest: String,
    /// Whether every route reaches the objective.
    pub meets: bool,
}

/// Every component `from` waits for, transitively, with `from` itself first.
fn closure(graph: &Graph, from: &str) -> Vec<String> {
    let mut seen = vec![from.to_owned()];
    let mut i = 0;
    while i < seen.len() {
        let here = seen[i].clone();
        for (_, c) in graph.request_calls(&here) {
            let fallback = graph.model.communication.links[c.link]
                .resilience
                .as_ref()
                .is_some_and(|r| !r.fallback.is_empty());
            if !fallback && !seen.contains(&c.to) {
                seen.push(c.to.clone());
            }
        }
        i += 1;
    }
    seen
}

/// The promise of every gateway that routes requests to at least one component.
pub fn derive(graph: &Graph) -> Vec<Promise> {
    let m = graph.model;
    let mut out = Vec::new();
    for g in m
        .services
        .iter()
        .filter(|s| graph.kind(&s.name) == "gateway")
    {
        let mut routes: Vec<Route> = Vec::new();
        let mut unused = false;
        for (_, c) in graph.request_calls(&g.name) {
            if routes.iter().any(|r| r.to == c.to) {
                continue;
            }
            let parts: Vec<Part> = closure(graph, &c.to)
                .iter()
                .filter_map(|n| part_of(graph, n, &mut unused))
                .collect();
            let composed = parts
                .iter()
                .map(|p| p.availability / 100.0)
                .product::<f64>()
                * 100.0;
            routes.push(Route {
                to: c.to.clone(),
                parts,
                composed,
                composed_text: pct(composed),
            });
        }
        let Some(weakest) = routes
            .iter()
            .min_by(|a, b| a.composed.total_cmp(&b.composed))
            .cloned()
        else {
            continue;
        };
        let own = g.slo.as_ref().and_then(|s| s.availability);
        let target = own.unwrap_or_else(|| crate::defaults::availability(m));
        out.push(Promise {
            name: g.name.clone(),
            target,
            own: own.is_some(),
            meets: weakest.composed + 1e-9 >= target,
            honest_text: weakest.composed_text,
            weakest: weakest.to,
            routes,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::graph::tests::{graph, model};
    use super::*;

    const GW: &str = "version: 1\nname: t\nrequirements: {domain: d, availability: 99.95}\nclients: [{name: web}]\nservices:\n  - {name: gw, kind: gateway, responsibility: r, slo: {availability: 99.99}}\n  - {name: orders, responsibility: r, slo: {availability: 99.99}}\n  - {name: stock, responsibility: r}\n  - {name: search, responsibility: r, slo: {availability: 99.99}}\ncommunication:\n  links:\n    - {from: web, to: gw}\n    - {from: gw, to: orders}\n    - {from: gw, to: search}\n    - {from: orders, to: stock}\n";

    #[test]
    fn a_gateway_promises_no_more_than_its_weakest_route() {
        let m = model(GW);
        let p = &derive(&graph(&m))[0];
        // orders 99.99% × stock 99.95% (the system's) = 99.94%, the weakest route.
        let routes: Vec<(&str, &str)> = p
            .routes
            .iter()
            .map(|r| (r.to.as_str(), r.composed_text.as_str()))
            .collect();
        assert_eq!(routes, [("orders", "99.94"), ("search", "99.99")]);
        assert_eq!(
            (p.weakest.as_str(), p.meets, p.own),
            ("orders", false, true)
        );
        // With a fallback for stock, the orders route is orders alone: the promise holds.
        let fb = model(&GW.replace(
            "{from: orders, to: stock}",
            "{from: orders, to: stock, resilience: {fallback: accept}}",
        ));
        let p = &derive(&graph(&fb))[0];
        assert_eq!((p.honest_text.as_str(), p.meets), ("99.99", true));
    }
}

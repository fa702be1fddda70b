//! What a gateway can honestly promise: the system's availability is measured on the answers
//! it gives, and a request through it succeeds only when the gateway itself and everything its
//! route calls synchronously answer, each at its own target and counted once (as a journey
//! counts them), so its weakest route bounds what the system can promise there.
//! Calls with a fallback, background calls and streams do not fail the request: left out.

use super::availability::{Part, part_of, pct};
use super::graph::Graph;
use serde::Serialize;

/// One route of a gateway: the callee and what it composes to with the gateway in front.
#[derive(Debug, Clone, Serialize)]
pub struct Route {
    /// The service the gateway routes to.
    pub to: String,
    /// The gateway, then the callee and what it calls synchronously, transitively: each once.
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
    /// The objective measured on its answers: the system's availability, in percent.
    pub target: f64,
    /// Whether the gateway states its own availability (`slo.availability`), the part it
    /// counts for in each route; else it counts at the system's target, assumed.
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
            // The gateway's own answers fail when it fails too: it counts once, in front.
            let parts: Vec<Part> = std::iter::once(g.name.clone())
                .chain(closure(graph, &c.to).into_iter().filter(|n| *n != g.name))
                .filter_map(|n| part_of(graph, &n, &mut unused))
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
        let target = crate::defaults::availability(m);
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
    fn a_gateway_counts_itself_once_in_front_of_each_route() {
        let m = model(GW);
        let p = &derive(&graph(&m))[0];
        // gw 99.99% × orders 99.99% × stock 99.95% (the system's) = 99.93%, the weakest route,
        // under the system's 99.95% measured at the gateway.
        let routes: Vec<(&str, &str)> = p
            .routes
            .iter()
            .map(|r| (r.to.as_str(), r.composed_text.as_str()))
            .collect();
        assert_eq!(routes, [("orders", "99.93"), ("search", "99.98")]);
        let names: Vec<&str> = p.routes[0].parts.iter().map(|x| x.name.as_str()).collect();
        assert_eq!(names, ["gw", "orders", "stock"]);
        assert_eq!(
            (p.weakest.as_str(), p.target, p.meets, p.own),
            ("orders", 99.95, false, true)
        );
        // With a fallback for stock, the orders route is gw × orders: 0.9999² is 99.98%, not
        // the 99.99% of orders alone; within the system's 99.95%.
        let fb = model(&GW.replace(
            "{from: orders, to: stock}",
            "{from: orders, to: stock, resilience: {fallback: accept}}",
        ));
        let p = &derive(&graph(&fb))[0];
        assert_eq!((p.honest_text.as_str(), p.meets), ("99.98", true));
    }
}

//! Availability composed from synchronous dependencies: each journey (a flow, up to its first
//! asynchronous step) and each service, against the target it promises. A call with a
//! fallback, a background call and everything after an event do not fail the user's request.

use super::Assumption;
use super::graph::Graph;
use serde::Serialize;

/// One component a journey or service depends on synchronously.
#[derive(Debug, Clone, Serialize)]
pub struct Part {
    /// The component.
    pub name: String,
    /// Its availability in percent.
    pub availability: f64,
    /// `slo` (its own target), `system` (the system's target, assumed), or `external` (the
    /// provider's published figure).
    pub from: String,
    /// The percentage of the journey's runs it is on the path for: below 100 when only an
    /// `alt` branch or `opt` block calls it, which then fails that share of the runs only.
    pub share: f64,
}

impl Part {
    /// Its availability over every run, in percent: `1 - share × (1 - availability)`.
    pub fn effective(&self) -> f64 {
        100.0 - self.share / 100.0 * (100.0 - self.availability)
    }
}

/// A component left out of a composition, and why.
#[derive(Debug, Clone, Serialize)]
pub struct Left {
    /// The component.
    pub name: String,
    /// `fallback`, `after-event`, `callback` (an external system's request, which it sends
    /// again while the component is down) or `unknown` (an external without a published
    /// figure).
    pub why: String,
    /// For a callback: the external system that sends it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
}

/// A composed availability against its target.
#[derive(Debug, Clone, Serialize)]
pub struct Composition {
    /// The journey (flow) or service.
    pub name: String,
    /// What it depends on synchronously.
    pub parts: Vec<Part>,
    /// What it does not depend on, and why.
    pub left_out: Vec<Left>,
    /// `all` (every part must answer: the product) or `one` (a gateway routes each request
    /// to one part: the least).
    pub rule: String,
    /// The composed availability in percent.
    pub composed: f64,
    /// It in words, rounded down to at most four decimals, e.g. `99.9`.
    pub composed_text: String,
    /// How it composes, e.g. `` `gw` 99.99% × `orders` 99.95% ``.
    pub formula: String,
    /// The target in percent.
    pub target: f64,
    /// Where the target comes from: `own` (the flow's or service's `slo`) or `system`
    /// (`requirements.availability`, which a journey without its own objective is held to).
    pub target_from: String,
    /// The p99 latency objective in milliseconds: the flow's or service's own, else the
    /// system's; none when neither is stated.
    pub latency_p99_ms: Option<u32>,
    /// Whether the latency objective is the flow's or service's own.
    pub latency_own: bool,
    /// For a journey with its own latency objective: the parts on every run's path taken to
    /// answer slower than that objective at their p99, so the journey cannot meet it.
    pub slower: Vec<SlowPart>,
    /// Whether the composition reaches the target.
    pub meets: bool,
}

/// A component on a journey's path whose p99 is above the journey's own latency objective.
#[derive(Debug, Clone, Serialize)]
pub struct SlowPart {
    /// The component.
    pub name: String,
    /// Its p99 in milliseconds, as every timeout to it takes it.
    pub p99_ms: u32,
    /// Where that p99 comes from (`slo`, `external`, `callers`, `system` or `default`; see
    /// [`super::callee_latency::CalleeLatency`]).
    pub from: &'static str,
    /// The component in front of it on the path, when its p99 takes the whole objective and
    /// leaves that one nothing.
    pub behind: Option<String>,
}

/// The parts of `journey` on every run's path whose p99 exceeds its own latency objective, or
/// takes all of it behind another part of the path.
/// A gateway counts only with its own stated target.
fn slower(graph: &Graph, journey: &Composition) -> Vec<SlowPart> {
    let Some(target) = journey.latency_p99_ms.filter(|_| journey.latency_own) else {
        return Vec::new();
    };
    let path: Vec<&Part> = journey.parts.iter().filter(|p| p.share >= 100.0).collect();
    path.iter()
        .enumerate()
        .filter_map(|(i, p)| {
            let l = super::callee_latency::derive(graph, &p.name);
            // A gateway's assumed p99 is its routes' whole, the services behind it included:
            // those are parts of their own here, so only a gateway's stated target counts.
            let whole = graph.kind(&p.name) == "gateway" && l.from != "slo";
            let front = i.checked_sub(1).map(|k| path[k].name.clone());
            let full = l.ms == target && front.is_some();
            ((l.ms > target || full) && !whole).then(|| SlowPart {
                name: p.name.clone(),
                p99_ms: l.ms,
                from: l.from,
                behind: front.filter(|_| full),
            })
        })
        .collect()
}

/// Availability of every journey and service.
#[derive(Debug, Clone, Serialize)]
pub struct Availability {
    /// One per flow.
    pub journeys: Vec<Composition>,
    /// One per service with synchronous dependencies.
    pub services: Vec<Composition>,
    /// What each gateway can honestly promise, from its weakest route.
    pub gateways: Vec<super::gateway::Promise>,
    /// The p99 of each gateway that states none: its slowest route plus its own hop.
    pub hops: Vec<super::gateway_latency::Hop>,
    /// Each journey's end-to-end objective against its asynchronous path, where one is stated.
    pub end_to_end: Vec<super::end_to_end::EndToEnd>,
    /// Whether a journey depends on a component only some of its branches call.
    pub branched: bool,
    /// What was assumed.
    pub assumptions: Vec<Assumption>,
}

/// `name` as a part of a composition: a service at its own target (else the system's, noted in
/// `system_used`), an external at its published figure; none for anything else.
pub(crate) fn part_of(graph: &Graph, name: &str, system_used: &mut bool) -> Option<Part> {
    let m = graph.model;
    if let Some(s) = m.services.iter().find(|s| s.name == name) {
        let own = s.slo.as_ref().and_then(|s| s.availability);
        *system_used |= own.is_none();
        return Some(Part {
            name: name.into(),
            availability: own.unwrap_or_else(|| crate::defaults::availability(m)),
            from: if own.is_some() { "slo" } else { "system" }.into(),
            share: 100.0,
        });
    }
    let e = m.externals.iter().find(|e| e.name == name)?;
    Some(Part {
        name: name.into(),
        availability: e.availability?,
        from: "external".into(),
        share: 100.0,
    })
}

fn compose(
    name: &str,
    parts: Vec<Part>,
    left_out: Vec<Left>,
    one: bool,
    slo: Option<&crate::model::Slo>,
    system: (f64, Option<u32>),
) -> Composition {
    let own = slo.and_then(|s| s.availability);
    let target = own.unwrap_or(system.0);
    let own_latency = slo.and_then(|s| s.latency_p99_ms);
    let composed = if one {
        parts.iter().map(Part::effective).fold(100.0, f64::min)
    } else {
        parts.iter().map(|p| p.effective() / 100.0).product::<f64>() * 100.0
    };
    let formula = parts
        .iter()
        .map(|p| {
            let on = if p.share < 100.0 {
                format!(
                    " on {}% of runs",
                    crate::derive::capacity::round_rate(p.share)
                )
            } else {
                String::new()
            };
            format!("`{}` {}%{on}", p.name, pct(p.availability))
        })
        .collect::<Vec<_>>()
        .join(if one { ", the least of" } else { " × " });
    let formula = if one {
        format!("the least of {}", formula.replace(", the least of", ","))
    } else {
        formula
    };
    Composition {
        name: name.into(),
        composed_text: pct(composed),
        formula,
        parts,
        left_out,
        rule: if one { "one" } else { "all" }.into(),
        composed,
        target,
        target_from: if own.is_some() { "own" } else { "system" }.into(),
        latency_p99_ms: own_latency.or(system.1),
        latency_own: own_latency.is_some(),
        slower: Vec::new(),
        meets: composed + 1e-9 >= target,
    }
}

/// Where a flow's steps stop being on the user's synchronous path and where they come back to
/// it, by step index and branch path.
#[derive(Default)]
struct Gates<'f> {
    /// Hand-offs to a broker, or a component's own asynchronous steps: what follows them on
    /// the same run is behind an event.
    evented: Vec<(usize, &'f str)>,
    /// A client's synchronous requests: the user waits again for what they reach, in their
    /// branch and those nested in it, whatever was handed off before.
    resumed: Vec<(usize, &'f str)>,
}

impl<'f> Gates<'f> {
    /// Records step `k` and says whether it runs behind an event.
    fn after_event(&mut self, graph: &Graph, k: usize, s: &'f super::graph::FlowStep) -> bool {
        // A client's frame over its own connection reaches the service holding it with no
        // broker between: that service is on the path. Only a hand-off to a broker or a
        // component's own asynchronous step puts what follows behind an event.
        let client = graph.kind(&s.from) == "client";
        let frame = s.r#async && client;
        if (s.r#async && !frame) || graph.kind(&s.to) == "broker" {
            self.evented.push((k, &s.branch));
        }
        if client && !s.r#async {
            self.resumed.push((k, &s.branch));
        }
        let nested = |inner: &str, outer: &str| {
            outer.is_empty() || inner == outer || inner.starts_with(&format!("{outer}/"))
        };
        self.evented.iter().any(|(e, p)| {
            on_the_way(p, &s.branch)
                && !(self.resumed.iter()).any(|(r, q)| r > e && nested(&s.branch, q))
        })
    }
}

/// Whether a step in branch path `step` can follow one in branch path `earlier` on the same
/// run: the same branch, one nested in the other, or either unconditional; two sibling `alt`
/// branches never run together.
fn on_the_way(earlier: &str, step: &str) -> bool {
    let within = |inner: &str, outer: &str| {
        outer.is_empty() || inner == outer || inner.starts_with(&format!("{outer}/"))
    };
    within(step, earlier) || within(earlier, step)
}

fn has_fallback(graph: &Graph, from: &str, to: &str) -> bool {
    graph.calls.iter().any(|c| {
        c.from == from
            && c.to == to
            && graph.model.communication.links[c.link]
                .resilience
                .as_ref()
                .is_some_and(|r| !r.fallback.is_empty())
    })
}

/// A percentage with up to four decimals, rounded down so a bound never reads higher than it is.
pub fn pct(v: f64) -> String {
    let s = format!("{:.4}", (v * 10_000.0 + 1e-6).floor() / 10_000.0);
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// Works out every journey's and service's composed availability, and each journey's end-to-end
/// worst case from the consumers' `deliveries` (see [`super::delivery::derive`]).
pub fn derive(graph: &Graph, deliveries: &[super::delivery::Delivery]) -> Availability {
    let m = graph.model;
    let target = crate::defaults::availability(m);
    let mut walk = Walk {
        graph,
        system: (target, m.requirements.latency.p99_ms),
        system_used: false,
        unknown: Vec::new(),
    };
    let mut journeys: Vec<Composition> = graph.flows.iter().map(|f| walk.journey(f)).collect();
    for j in &mut journeys {
        j.slower = slower(graph, j);
    }
    // A gateway routes each request one way: its routes are the journeys, composed above.
    let services = m
        .services
        .iter()
        .filter(|s| graph.kind(&s.name) != "gateway")
        .filter_map(|s| walk.service(s))
        .collect();
    Availability {
        branched: journeys
            .iter()
            .any(|j| j.parts.iter().any(|p| p.share < 100.0)),
        journeys,
        services,
        gateways: super::gateway::derive(graph),
        hops: super::gateway_latency::all(graph),
        end_to_end: super::end_to_end::derive(graph, deliveries),
        assumptions: walk.assumptions(target),
    }
}

/// Composes journeys and services, noting the system target it used and the externals it
/// could not compose.
struct Walk<'g, 'm> {
    graph: &'g Graph<'m>,
    /// The system's availability target and p99 latency.
    system: (f64, Option<u32>),
    /// Whether a component without a target of its own took the system's.
    system_used: bool,
    /// Components with no availability to compose.
    unknown: Vec<String>,
}

impl Walk<'_, '_> {
    /// Flow `f`'s journey: the components on its synchronous path, each at the share of the
    /// runs reaching it; what follows an event or has a fallback is left out.
    fn journey(&mut self, f: &super::graph::Flow) -> Composition {
        let (graph, m, system) = (self.graph, self.graph.model, self.system);
        let (system_used, unknown) = (&mut self.system_used, &mut self.unknown);
        let (mut parts, mut left): (Vec<Part>, Vec<Left>) = (Vec::new(), Vec::new());
        // The branch paths an event was handed off in: what follows it there, in the branches
        // nested in it and after its block is behind the event; a sibling `alt` branch is not.
        let mut gates = Gates::default();
        let mut reached: std::collections::BTreeMap<&str, Vec<(String, f64)>> = Default::default();
        for (k, s) in f.steps.iter().enumerate() {
            let after_event = gates.after_event(graph, k, s);
            let kind = graph.kind(&s.to);
            if !after_event {
                reached
                    .entry(s.to.as_str())
                    .or_default()
                    // Reached at least once: a loop's repeats add no dependency.
                    .push((s.branch.clone(), s.share.min(1.0)));
            }
            if parts.iter().any(|p| p.name == s.to) {
                continue;
            }
            // An external system's callback waits on its receiver, and is sent again while
            // the receiver is down: the run is delayed, not failed.
            let callback = graph.kind(&s.from) == "external" && kind != "external";
            if let Some(l) = (left.iter_mut()).find(|l| callback && l.name == s.to) {
                if l.why == "after-event" {
                    l.why = "callback".into();
                    l.by = Some(s.from.clone());
                }
                continue;
            }
            if matches!(kind, "client" | "broker" | "unknown") {
                continue;
            }
            // Left out as after an event, but a user's later request reaches it: on the path.
            if let Some(i) = left.iter().position(|l| l.name == s.to) {
                if after_event || left[i].why != "after-event" {
                    continue;
                }
                left.remove(i);
            }
            let why = if callback {
                Some("callback")
            } else if after_event {
                Some("after-event")
            } else if has_fallback(graph, &s.from, &s.to) {
                Some("fallback")
            } else {
                None
            };
            match (why, part_of(graph, &s.to, system_used)) {
                (Some(why), _) => left.push(Left {
                    name: s.to.clone(),
                    why: why.into(),
                    by: callback.then(|| s.from.clone()),
                }),
                (None, Some(p)) => parts.push(p),
                (None, None) => {
                    unknown.push(s.to.clone());
                    left.push(Left {
                        name: s.to.clone(),
                        why: "unknown".into(),
                        by: None,
                    });
                }
            }
        }
        // A component only some branches call is on the path for the runs taking them.
        for p in &mut parts {
            p.share = super::branches::union(&reached[p.name.as_str()]) * 100.0;
        }
        let slo = m
            .communication
            .flows
            .iter()
            .find(|x| x.name == f.name)
            .and_then(|x| x.slo.as_ref());
        compose(&f.name, parts, left, false, slo, system)
    }

    /// Service `s`'s own composition over its request-path calls, if it calls anything
    /// composable.
    fn service(&mut self, s: &crate::model::Service) -> Option<Composition> {
        let (graph, system) = (self.graph, self.system);
        let (system_used, unknown) = (&mut self.system_used, &mut self.unknown);
        let (mut parts, mut left): (Vec<Part>, Vec<Left>) = (Vec::new(), Vec::new());
        for (_, c) in graph.request_calls(&s.name) {
            if parts.iter().any(|p| p.name == c.to) || left.iter().any(|l| l.name == c.to) {
                continue;
            }
            if has_fallback(graph, &c.from, &c.to) {
                left.push(Left {
                    name: c.to.clone(),
                    why: "fallback".into(),
                    by: None,
                });
            } else if let Some(p) = part_of(graph, &c.to, system_used) {
                parts.push(p);
            } else if graph.kind(&c.to) == "external" {
                unknown.push(c.to.clone());
                left.push(Left {
                    name: c.to.clone(),
                    why: "unknown".into(),
                    by: None,
                });
            }
        }
        if parts.is_empty() {
            return None;
        }
        Some(compose(&s.name, parts, left, false, s.slo.as_ref(), system))
    }

    /// What the compositions assumed.
    fn assumptions(mut self, target: f64) -> Vec<Assumption> {
        let (system_used, unknown) = (self.system_used, &mut self.unknown);
        let mut assumptions = Vec::new();
        if system_used {
            assumptions.push(Assumption::new(
                "availability.service-targets",
                format!("{target}% for every service without its own target"),
                "a service without an SLO inherits the system's target, and several of them in a row compose to less than it",
                "journey and service availability",
                "services[].slo.availability",
            ));
        }
        unknown.sort();
        unknown.dedup();
        if !unknown.is_empty() {
            assumptions.push(Assumption::new(
                "availability.externals-unknown",
                format!("left out: {}", unknown.join(", ")),
                "no published availability, so they cannot be composed",
                "journey and service availability",
                "externals[].availability",
            ));
        }
        assumptions
    }
}

#[cfg(test)]
mod tests {
    use super::super::graph::tests::{graph, model};
    use super::*;

    /// No model here states an end-to-end objective, so no delivery policy is read.
    fn derive(g: &Graph) -> Availability {
        super::derive(g, &[])
    }

    const SHOP: &str = "version: 1\nname: t\nrequirements: {domain: d, availability: 99.95}\nclients: [{name: web}]\nservices:\n  - {name: gw, kind: gateway, responsibility: r, slo: {availability: 99.99}}\n  - {name: orders, responsibility: r}\n  - {name: stock, responsibility: r}\n  - {name: pay, responsibility: r}\nexternals: [{name: psp, availability: 99.9}]\ncommunication:\n  brokers: [{name: k, technology: Kafka}]\n  links:\n    - {from: web, to: gw}\n    - {from: gw, to: orders}\n    - {from: orders, to: stock, resilience: {fallback: accept}}\n    - {from: pay, to: psp, background: true}\n  flows:\n    - name: Checkout\n      steps:\n        - {from: web, to: gw, action: POST}\n        - {from: gw, to: orders, action: POST}\n        - {from: orders, to: stock, action: Check}\n        - {from: orders, to: k, action: Placed, async: true}\n        - {from: k, to: pay, action: Placed, async: true}\n        - {from: pay, to: psp, action: Capture}\n";

    #[test]
    fn a_users_request_after_an_event_is_on_the_path_again() {
        // After the hand-off the web polls pay through the gateway: the user waits for that
        // answer, so pay is composed; psp, called behind the event, stays out.
        // SHOP with the gateway routing to pay, and its capture step followed by `then`.
        let then = |then: &str| {
            SHOP.replace(
                "    - {from: gw, to: orders}\n",
                "    - {from: gw, to: orders}\n    - {from: gw, to: pay}\n",
            )
            .replace(
                "        - {from: pay, to: psp, action: Capture}\n",
                &format!("{then}        - {{from: pay, to: psp, action: Capture}}\n"),
            )
        };
        let polled = SHOP
            .replace(
                "    - {from: gw, to: orders}\n",
                "    - {from: gw, to: orders}\n    - {from: gw, to: pay}\n",
            )
            .replace(
                "        - {from: pay, to: psp, action: Capture}\n",
                "        - {from: pay, to: psp, action: Capture}\n        - loop:\n            when: while the order has no payment\n            steps:\n              - {from: web, to: gw, action: GET /payments}\n              - {from: gw, to: pay, action: GET /payments}\n",
            );
        let m = model(&polled);
        let a = derive(&graph(&m));
        let j = &a.journeys[0];
        let names: Vec<&str> = j.parts.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["gw", "orders", "pay"]);
        let left: Vec<&str> = j.left_out.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(left, ["stock", "psp"]);
        // A request in an `opt` branch brings back only what that branch reaches: a step
        // after the block is still behind the event.
        let optional = then(
            "        - opt:\n            when: the user looks\n            share: 10\n            steps:\n              - {from: web, to: gw, action: GET /orders}\n",
        );
        let m = model(&optional);
        let a = derive(&graph(&m));
        let left: Vec<&str> = a.journeys[0]
            .left_out
            .iter()
            .map(|l| l.name.as_str())
            .collect();
        assert_eq!(left, ["stock", "pay", "psp"]);
    }

    #[test]
    fn a_callback_after_the_event_is_left_out_as_one_its_sender_sends_again() {
        // psp answers pay's capture later through its webhook: pay waits on no user, and psp
        // retries the callback while pay is down, so the run is delayed, not failed.
        let yaml = SHOP
            .replace(
                "    - {from: pay, to: psp, background: true}\n",
                "    - {from: pay, to: psp, background: true}\n    - {from: psp, to: pay}\n",
            )
            .replace(
                "        - {from: pay, to: psp, action: Capture}\n",
                "        - {from: pay, to: psp, action: Capture}\n        - {from: psp, to: pay, action: captured}\n",
            );
        let m = model(&yaml);
        let a = derive(&graph(&m));
        let pay = (a.journeys[0].left_out.iter())
            .find(|l| l.name == "pay")
            .unwrap();
        assert_eq!(
            (pay.why.as_str(), pay.by.as_deref()),
            ("callback", Some("psp"))
        );
        let psp = (a.journeys[0].left_out.iter())
            .find(|l| l.name == "psp")
            .unwrap();
        assert_eq!(psp.why, "after-event");
    }

    #[test]
    fn a_journey_composes_its_synchronous_part_only() {
        let m = model(SHOP);
        let a = derive(&graph(&m));
        let j = &a.journeys[0];
        let names: Vec<&str> = j.parts.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["gw", "orders"]);
        let left: Vec<(&str, &str)> = j
            .left_out
            .iter()
            .map(|l| (l.name.as_str(), l.why.as_str()))
            .collect();
        assert_eq!(
            left,
            [
                ("stock", "fallback"),
                ("pay", "after-event"),
                ("psp", "after-event")
            ]
        );
        // 99.99% x 99.95% = 99.94%, under the 99.95% target.
        assert!((j.composed - 99.940005).abs() < 1e-6 && !j.meets);
        assert_eq!(
            (j.composed_text.as_str(), j.formula.as_str()),
            ("99.94", "`gw` 99.99% × `orders` 99.95%")
        );
        assert!(
            a.assumptions
                .iter()
                .any(|x| x.id == "availability.service-targets")
        );
    }

    #[test]
    fn a_client_frame_keeps_the_service_holding_its_connection_on_the_path() {
        let m = model(
            "version: 1\nname: t\nrequirements: {domain: d, availability: 99.95}\nclients: [{name: app}]\nservices:\n  - {name: rt, responsibility: r, slo: {availability: 99.9}, api: {style: websocket}}\n  - {name: idx, responsibility: r}\ncommunication:\n  brokers: [{name: k, technology: Kafka}]\n  links:\n    - {from: app, to: rt}\n  flows:\n    - name: Share location\n      steps:\n        - {from: app, to: rt, action: frame, async: true}\n        - {from: rt, to: k, action: Moved}\n        - {from: k, to: idx, action: Moved}\n",
        );
        let j = &derive(&graph(&m)).journeys[0];
        // rt holds the app's connection: when it is down no frame gets through, so the
        // journey composes to its 99.9%, not to 100% with rt left out as after an event.
        let names: Vec<&str> = j.parts.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["rt"]);
        assert_eq!(
            j.left_out
                .iter()
                .map(|l| (l.name.as_str(), l.why.as_str()))
                .collect::<Vec<_>>(),
            [("idx", "after-event")]
        );
        assert!((j.composed - 99.9).abs() < 1e-9 && !j.meets);
    }

    #[test]
    fn an_event_in_one_alt_branch_does_not_put_its_sibling_behind_it() {
        // Reschedule or cancel: each branch calls orders, then hands an event off.
        let steps = "      steps:\n        - {from: web, to: gw, action: POST}\n        - {from: gw, to: orders, action: POST}\n        - {from: orders, to: stock, action: Check}\n        - {from: orders, to: k, action: Placed, async: true}\n        - {from: k, to: pay, action: Placed, async: true}\n        - {from: pay, to: psp, action: Capture}\n";
        let branched = "      steps:\n        - alt:\n            - {when: a, share: 40, steps: [{from: web, to: gw, action: POST}, {from: gw, to: orders, action: POST}, {from: orders, to: k, action: Placed, async: true}]}\n            - {when: b, share: 60, steps: [{from: web, to: gw, action: PUT}, {from: gw, to: orders, action: PUT}, {from: orders, to: k, action: Placed, async: true}]}\n        - {from: k, to: pay, action: Placed, async: true}\n        - {from: pay, to: psp, action: Capture}\n";
        assert!(SHOP.contains(steps));
        let m = model(&SHOP.replace(steps, branched));
        let j = &derive(&graph(&m)).journeys[0];
        let parts: Vec<(&str, f64)> = j.parts.iter().map(|p| (p.name.as_str(), p.share)).collect();
        // Both alternatives reach gw and orders, so every run does; what follows the block
        // stays behind the events.
        assert_eq!(parts, [("gw", 100.0), ("orders", 100.0)]);
        let left: Vec<&str> = j.left_out.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(left, ["pay", "psp"]);
    }

    #[test]
    fn a_dependency_only_a_branch_calls_fails_only_that_share_of_the_runs() {
        let flow = "        - {from: orders, to: stock, action: Check}\n";
        let branched = "        - opt: {when: a line is on back order, share: 10, steps: [{from: orders, to: stock, action: Check}]}\n        - alt:\n            - {when: a, share: 30, steps: [{from: gw, to: orders, action: GET}]}\n            - {when: b, share: 70, steps: [{from: gw, to: orders, action: PUT}]}\n";
        let m = model(
            &SHOP
                .replace("resilience: {fallback: accept}", "")
                .replace(
                    "  - {name: stock, responsibility: r}",
                    "  - {name: stock, responsibility: r, slo: {availability: 99}}",
                )
                .replace(flow, branched),
        );
        let j = &derive(&graph(&m)).journeys[0];
        let parts: Vec<(&str, f64)> = j.parts.iter().map(|p| (p.name.as_str(), p.share)).collect();
        // stock is on the path for a tenth of the runs; orders, reached in both alternatives
        // as well as on every run, for all of them.
        assert_eq!(parts, [("gw", 100.0), ("orders", 100.0), ("stock", 10.0)]);
        // 99.99% × 99.95% × (1 − 0.1 × 1%) = 99.84%, where the full 99% would give 98.95%.
        assert!(
            (j.composed - 99.9900 * 0.9995 * 0.999).abs() < 1e-6,
            "{}",
            j.composed
        );
        assert!(
            j.formula.ends_with("`stock` 99% on 10% of runs"),
            "{}",
            j.formula
        );
    }

    #[test]
    fn a_journey_is_held_to_its_own_objective_where_its_flow_states_one() {
        let own = model(&SHOP.replace(
            "    - name: Checkout\n",
            "    - name: Checkout\n      slo: {availability: 99.9, latency_p99_ms: 300}\n",
        ));
        let j = &derive(&graph(&own)).journeys[0];
        // 99.94% misses the system's 99.95%, but meets the journey's own 99.9%.
        assert_eq!(
            (j.target, j.target_from.as_str(), j.meets),
            (99.9, "own", true)
        );
        assert_eq!((j.latency_p99_ms, j.latency_own), (Some(300), true));
        let strict = model(&SHOP.replace(
            "    - name: Checkout\n",
            "    - name: Checkout\n      slo: {availability: 99.99}\n",
        ));
        let j = &derive(&graph(&strict)).journeys[0];
        assert_eq!((j.target, j.meets), (99.99, false));
        let system = &derive(&graph(&model(SHOP))).journeys[0];
        assert_eq!(
            (system.target_from.as_str(), system.latency_own),
            ("system", false)
        );
    }

    #[test]
    fn services_compose_their_calls() {
        let m = model(
            &SHOP
                .replace(
                    "{from: orders, to: stock, resilience: {fallback: accept}}",
                    "{from: orders, to: stock}",
                )
                .replace(
                    "  - {name: stock, responsibility: r}",
                    "  - {name: stock, responsibility: r, slo: {availability: 99.9}}",
                ),
        );
        let a = derive(&graph(&m));
        // Only orders: the gateway's routes are journeys, pay's call is background.
        assert_eq!(a.services.len(), 1);
        let o = &a.services[0];
        assert_eq!(
            (o.name.as_str(), o.composed_text.as_str(), o.meets),
            ("orders", "99.9", false)
        );
        assert_eq!(o.formula, "`stock` 99.9%");
        // With the fallback, orders depends on nothing it must wait for.
        assert!(derive(&graph(&model(SHOP))).services.is_empty());
    }
}

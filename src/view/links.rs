//! Links between components (the model's own and those implied by events), their resolved
//! resilience policies, and the key flows.

use super::events::EventView;
use super::nodes::{NodeRef, Nodes};
use crate::defaults::{self, RetryPolicy};
use crate::derive::link_style;
use crate::model::{ApiStyle, LinkStyle, Model};
use serde::Serialize;
use std::collections::BTreeMap;

/// A link between two components.
#[derive(Debug, Clone, Serialize)]
pub struct LinkView {
    /// The caller or publisher.
    pub from: NodeRef,
    /// The callee or consumer.
    pub to: NodeRef,
    /// `sync` or `async`.
    pub style: String,
    /// The protocol, e.g. `HTTPS`, `gRPC`, `Kafka`.
    pub protocol: String,
    /// Why the link exists.
    pub purpose: String,
    /// Events carried.
    pub events: Vec<String>,
    /// The broker in between, for an asynchronous link.
    pub broker: Option<NodeRef>,
    /// Whether archgen derived it from publishers and consumers.
    pub derived: bool,
    /// The resolved policy, for a synchronous link.
    pub policy: Option<PolicyView>,
    /// Whether the call is made from background work, off any request's latency budget.
    pub background: bool,
    /// The gateway a call or webhook from outside enters through, drawn between its ends.
    pub via: Option<NodeRef>,
}

/// Resilience settings of one synchronous link, every value resolved.
#[derive(Debug, Clone, Serialize)]
pub struct PolicyView {
    /// Request timeout.
    pub timeout_ms: u32,
    /// Connection timeout.
    pub connect_timeout_ms: u32,
    /// Retry policy.
    pub retry: RetryView,
    /// Longest a call can take with every retry.
    pub worst_case_ms: u64,
    /// Circuit breaker.
    pub circuit_breaker: BreakerView,
    /// Concurrent calls allowed.
    pub bulkhead: u32,
    /// What the caller does on failure.
    pub fallback: String,
    /// Calls a second the caller's replicas send together at most (a client-side limiter).
    pub rate_limit_rps: Option<f64>,
    /// Whether a consumer making the call stops taking messages while the circuit is open
    /// (`while_open: pause`) instead of failing each one.
    pub pauses: bool,
    /// Which settings the link overrides.
    pub overrides: Vec<String>,
    /// How each value was derived, for a link's policy (none for the system defaults).
    pub derivation: Option<crate::derive::resilience::CallPolicy>,
    /// For a consumer's background call: the delivery schedules of the events whose handling
    /// makes it (`derivation.events`), which an outage of the callee runs out.
    pub give_ups: Vec<crate::derive::give_up::GiveUp>,
}

/// A resolved retry policy.
#[derive(Debug, Clone, Serialize)]
pub struct RetryView {
    /// Attempts including the first.
    pub max_attempts: u32,
    /// `exponential`, `linear` or `fixed`.
    pub backoff: String,
    /// First wait.
    pub initial_ms: u32,
    /// Longest wait.
    pub max_ms: u32,
    /// `full`, `equal` or `none`.
    pub jitter: String,
    /// The waits before jitter.
    pub waits: Vec<u32>,
}

/// Resolved circuit breaker thresholds.
#[derive(Debug, Clone, Serialize)]
pub struct BreakerView {
    /// Failure rate in percent that opens it.
    pub failure_rate: u32,
    /// Calls before the rate is judged.
    pub minimum_calls: u32,
    /// Seconds open before trial calls.
    pub open_seconds: u32,
    /// Trial calls while half-open.
    pub half_open_calls: u32,
}

/// System-wide resilience settings, resolved.
#[derive(Debug, Clone, Serialize)]
pub struct ResilienceView {
    /// The default policy for synchronous links.
    pub defaults: PolicyView,
    /// Whether the timeout was derived from the latency target.
    pub timeout_derived: bool,
    /// The p99 latency budget, if any.
    pub latency_budget_ms: Option<u32>,
    /// Idempotency key header.
    pub idempotency_header: String,
    /// Hours idempotency keys are kept.
    pub idempotency_retention_hours: u32,
    /// Liveness path.
    pub liveness: String,
    /// Readiness path.
    pub readiness: String,
    /// Startup path.
    pub startup: String,
    /// Whether services shed load when saturated.
    pub load_shedding: bool,
    /// Where each default came from, by setting (`timeout`, `connect_timeout`,
    /// `max_attempts`, `backoff`, `initial_wait`, `max_wait`, `jitter`, `circuit_breaker`,
    /// `bulkhead`): `model` (set there), `derived` (from the latency or load targets) or
    /// `default` (archgen's fixed default).
    pub origins: BTreeMap<String, String>,
    /// Per-call derivations and what follows from them: the retry layer, the deadlines that
    /// do not fit, the amplification from edge to leaf, consumers and streams.
    pub derived: Option<crate::derive::resilience::Resilience>,
    /// Every consumer's delivery policy per event, and the orderings no topic guarantees.
    pub deliveries: crate::derive::delivery::Deliveries,
    /// What each service's readiness probe checks, and the brokers it leaves out.
    pub readiness_checks: Vec<crate::derive::readiness::Readiness>,
    /// Each link that retries writes, with the idempotency key that makes a retry act once.
    pub retried_writes: Vec<super::retried::RetriedWrite>,
    /// Fewest concurrent calls a derived bulkhead allows per replica.
    pub bulkhead_floor: u32,
    /// How much longer each further nine of a callee's latency tail is assumed to be: its
    /// p99.9 is its p99 times this ([`defaults::P999_OVER_P99`]).
    pub tail_step: f64,
    /// Where the rate limiters keep the count their replicas share (`rate_limit_store`):
    /// `per-replica`, a store, or none while the decision is open.
    pub rate_limit_store: Option<String>,
    /// The components whose replicas share their counts in that store, in model order; empty
    /// while the decision is open or each replica counts alone.
    pub rate_limit_users: Vec<String>,
    /// What the limits do while that store cannot be reached, as a clause, where the model
    /// chose it (`rate_limit_fallback`); none else.
    pub rate_limit_outage: Option<String>,
    /// The external systems a client calls itself in some flow (a card form, a 3-D Secure
    /// page), outside every link's policy, each with those clients and flows.
    pub direct_calls: Vec<DirectCall>,
}

/// An external system the clients call themselves, under the provider's own client library.
#[derive(Debug, Clone, Serialize)]
pub struct DirectCall {
    /// The external system.
    pub external: String,
    /// The clients that call it, in flow order.
    pub clients: Vec<String>,
    /// The flows in which they do, in model order.
    pub flows: Vec<String>,
}

/// The external systems the clients call themselves, in model order.
fn direct_calls(model: &Model) -> Vec<DirectCall> {
    (model.externals.iter())
        .filter_map(|e| {
            let journeys = crate::derive::failures::client_journeys(model, &e.name);
            let mut clients: Vec<String> = Vec::new();
            let mut flows: Vec<String> = Vec::new();
            for (f, c) in journeys {
                if !clients.contains(&c) {
                    clients.push(c);
                }
                if !flows.contains(&f) {
                    flows.push(f);
                }
            }
            (!clients.is_empty()).then(|| DirectCall {
                external: e.name.clone(),
                clients,
                flows,
            })
        })
        .collect()
}

/// Where each resilience default came from; see [`ResilienceView::origins`].
fn origins(model: &Model) -> BTreeMap<String, String> {
    let r = &model.resilience;
    let has_p99 = model.requirements.latency.p99_ms.is_some();
    let has_rps = model.requirements.scale.peak_rps.is_some();
    let origin = |set: bool, derived: bool| {
        if set {
            "model"
        } else if derived {
            "derived"
        } else {
            "default"
        }
    };
    [
        ("timeout", origin(r.timeout_ms.is_some(), has_p99)),
        (
            "connect_timeout",
            origin(r.connect_timeout_ms.is_some(), true),
        ),
        (
            "max_attempts",
            origin(r.retries.max_attempts.is_some(), false),
        ),
        ("backoff", origin(r.retries.backoff.is_some(), false)),
        (
            "initial_wait",
            origin(r.retries.initial_ms.is_some(), has_p99),
        ),
        ("max_wait", origin(r.retries.max_ms.is_some(), false)),
        ("jitter", origin(r.retries.jitter.is_some(), false)),
        (
            "circuit_breaker",
            origin(r.circuit_breaker != Default::default(), false),
        ),
        ("bulkhead", origin(r.bulkhead.is_some(), has_rps)),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect()
}

fn retry_view(p: &RetryPolicy) -> RetryView {
    RetryView {
        max_attempts: p.max_attempts,
        backoff: crate::text::word(p.backoff),
        initial_ms: p.initial_ms,
        max_ms: p.max_ms,
        jitter: crate::text::word(p.jitter),
        waits: p.waits(),
    }
}

fn default_policy(model: &Model) -> (PolicyView, RetryPolicy) {
    let retry = defaults::retry(model);
    let timeout = defaults::timeout_ms(model);
    let cb = &model.resilience.circuit_breaker;
    let policy = PolicyView {
        timeout_ms: timeout,
        connect_timeout_ms: defaults::connect_timeout_ms(model),
        retry: retry_view(&retry),
        worst_case_ms: retry.worst_case_ms(timeout),
        circuit_breaker: BreakerView {
            failure_rate: cb.failure_rate.unwrap_or(50),
            minimum_calls: cb.minimum_calls.unwrap_or(20),
            open_seconds: cb.open_seconds.unwrap_or(30),
            half_open_calls: cb.half_open_calls.unwrap_or(5),
        },
        bulkhead: defaults::bulkhead(model, timeout),
        fallback: String::new(),
        pauses: false,
        rate_limit_rps: None,
        overrides: Vec::new(),
        derivation: None,
        give_ups: Vec::new(),
    };
    (policy, retry)
}

/// The resilience view of `model`, with the delivery policies the view derived once.
pub(super) fn resilience(
    model: &Model,
    deliveries: crate::derive::delivery::Deliveries,
) -> ResilienceView {
    let r = &model.resilience;
    ResilienceView {
        deliveries,
        readiness_checks: crate::derive::readiness::derive(model),
        retried_writes: Vec::new(),
        bulkhead_floor: defaults::BULKHEAD_FLOOR,
        tail_step: defaults::P999_OVER_P99,
        rate_limit_store: r
            .rate_limit_store
            .clone()
            .filter(|s| !crate::derive::open::undecided(s)),
        rate_limit_users: crate::derive::open_limits::store_users(model),
        rate_limit_outage: crate::derive::open_fallback::outage_clause(model),
        direct_calls: direct_calls(model),
        defaults: default_policy(model).0,
        timeout_derived: r.timeout_ms.is_none() && model.requirements.latency.p99_ms.is_some(),
        latency_budget_ms: model.requirements.latency.p99_ms,
        idempotency_header: r
            .idempotency
            .header
            .clone()
            .unwrap_or_else(|| "Idempotency-Key".into()),
        idempotency_retention_hours: r.idempotency.retention_hours.unwrap_or(24),
        liveness: r
            .health
            .liveness
            .clone()
            .unwrap_or_else(|| "/health/live".into()),
        readiness: r
            .health
            .readiness
            .clone()
            .unwrap_or_else(|| "/health/ready".into()),
        startup: r
            .health
            .startup
            .clone()
            .unwrap_or_else(|| "/health/startup".into()),
        load_shedding: r.load_shedding.unwrap_or(true),
        origins: origins(model),
        derived: None,
    }
}

fn policy_for(model: &Model, link: &crate::model::Link) -> PolicyView {
    let (mut p, base) = default_policy(model);
    let Some(o) = &link.resilience else { return p };
    if let Some(t) = o.timeout_ms {
        p.timeout_ms = t;
        p.overrides.push("timeout".into());
    }
    let mut retry = base;
    if let Some(r) = &o.retries {
        retry.max_attempts = r.max_attempts.unwrap_or(retry.max_attempts);
        retry.backoff = r.backoff.unwrap_or(retry.backoff);
        retry.initial_ms = r.initial_ms.unwrap_or(retry.initial_ms);
        retry.max_ms = r.max_ms.unwrap_or(retry.max_ms.max(retry.initial_ms));
        retry.jitter = r.jitter.unwrap_or(retry.jitter);
        p.overrides.push("retries".into());
    }
    p.retry = retry_view(&retry);
    p.worst_case_ms = retry.worst_case_ms(p.timeout_ms);
    if let Some(cb) = &o.circuit_breaker {
        let d = &mut p.circuit_breaker;
        d.failure_rate = cb.failure_rate.unwrap_or(d.failure_rate);
        d.minimum_calls = cb.minimum_calls.unwrap_or(d.minimum_calls);
        d.open_seconds = cb.open_seconds.unwrap_or(d.open_seconds);
        d.half_open_calls = cb.half_open_calls.unwrap_or(d.half_open_calls);
        p.overrides.push("circuit breaker".into());
    }
    if let Some(b) = o.bulkhead {
        p.bulkhead = b;
        p.overrides.push("bulkhead".into());
    }
    if !o.fallback.is_empty() {
        p.fallback = o.fallback.clone();
        p.overrides.push("fallback".into());
    }
    p.pauses = o.while_open == Some(crate::model::WhileOpen::Pause);
    if let Some(r) = o.rate_limit_rps {
        p.rate_limit_rps = Some(r);
        p.overrides.push("rate limit".into());
    }
    p
}

fn sync_protocol(model: &Model, to: &NodeRef) -> String {
    let Some(s) = model.services.iter().find(|s| s.name == to.name) else {
        return "HTTPS".into();
    };
    match defaults::api_style(s.kind, s.api.style) {
        ApiStyle::Graphql => "GraphQL over HTTPS",
        ApiStyle::Grpc => "gRPC",
        ApiStyle::Websocket => "WebSocket",
        ApiStyle::Sse => "HTTPS (SSE)",
        _ => "HTTPS",
    }
    .into()
}

/// The model's links, resolved, then a derived link for each event consumer no link names.
pub(super) fn build(model: &Model, nodes: &Nodes, events: &[EventView]) -> Vec<LinkView> {
    let mut out: Vec<LinkView> = model
        .communication
        .links
        .iter()
        .map(|l| stated(model, nodes, l))
        .collect();
    for e in events {
        for c in &e.consumers {
            // With two brokers between the same pair, an event joins the link of its own
            // broker, not the first link between them.
            let its_broker = |l: &LinkView| match (&l.broker, &e.broker) {
                (Some(a), Some(b)) => a.name == b.name,
                _ => true,
            };
            if let Some(existing) = out.iter_mut().find(|l| {
                l.style == "async"
                    && l.from.name == e.publisher
                    && l.to.name == *c
                    && (l.events.contains(&e.name) || its_broker(l))
            }) {
                if !existing.events.contains(&e.name) {
                    existing.events.push(e.name.clone());
                }
                continue;
            }
            out.push(LinkView {
                from: nodes.get(&e.publisher),
                to: nodes.get(c),
                style: "async".into(),
                protocol: e
                    .broker
                    .as_ref()
                    .map_or_else(|| "HTTPS webhook".into(), |b| technology(model, &b.name)),
                purpose: String::new(),
                events: vec![e.name.clone()],
                broker: e.broker.clone(),
                derived: true,
                policy: None,
                background: true,
                via: None,
            });
        }
    }
    out
}

/// The technology of broker `name`; empty when the model has no such broker.
fn technology(model: &Model, name: &str) -> String {
    model
        .communication
        .brokers
        .iter()
        .find(|x| x.name == name)
        .map(|x| x.technology.clone())
        .unwrap_or_default()
}

/// Link `l` of the model, resolved: its ends, style, broker, protocol and policy.
fn stated(model: &Model, nodes: &Nodes, l: &crate::model::Link) -> LinkView {
    let broker_named = |name: &str| nodes.brokers.iter().find(|b| b.name == name).cloned();
    let to = nodes.get(&l.to);
    let from = nodes.get(&l.from);
    let broker = l
        .broker
        .as_deref()
        .and_then(broker_named)
        .or_else(|| broker_named(&l.to));
    let is_async = link_style::of(model, l) == LinkStyle::Async;
    let broker = if is_async {
        // A provider's webhook or a client's message reaches the service itself: only the
        // system's own services publish to its brokers, and only messages (a push carrying no
        // event, over the callee's API, goes to the callee).
        broker.or_else(|| {
            let outside = |k: &str| k == "external" || k == "client";
            if outside(&to.kind) || outside(&from.kind) || l.events.is_empty() {
                None
            } else {
                nodes.brokers.first().cloned()
            }
        })
    } else {
        None
    };
    let protocol = l
        .protocol
        .clone()
        .unwrap_or_else(|| match (&broker, is_async) {
            (Some(b), true) => technology(model, &b.name),
            (None, true) => "HTTPS webhook".into(),
            _ => sync_protocol(model, &to),
        });
    LinkView {
        from,
        style: if is_async { "async" } else { "sync" }.into(),
        protocol,
        purpose: l.purpose.clone(),
        events: l.events.clone(),
        broker,
        derived: false,
        policy: (!is_async).then(|| policy_for(model, l)),
        background: l.background,
        via: l.via.as_deref().map(|v| nodes.get(v)),
        to,
    }
}

#[cfg(test)]
mod tests {
    use crate::model::Model;

    /// An async link carrying events goes through the broker; one carrying none (a push over
    /// the callee's API) goes to the callee, not through a broker (issue 14 item 11).
    #[test]
    fn only_messages_go_through_the_broker() {
        let yaml = "version: 1
name: t
requirements: {domain: d}
services:
  - name: orders
    responsibility: r
    publishes: [{name: Placed, fields: [{name: id, type: uuid}]}]
  - {name: stock, responsibility: r, consumes: [Placed]}
  - name: admin
    responsibility: r
    api: {resources: [{name: Notice, fields: [{name: text, type: string}], operations: [create]}]}
communication:
  brokers: [{name: bus, technology: Kafka}]
  links:
    - {from: orders, to: stock, style: async, events: [Placed]}
    - {from: orders, to: admin, style: async}
";
        let model: Model = serde_yaml::from_str(yaml).expect("test model parses");
        let view = crate::view::build(&model);
        let via = |to: &str| {
            let l = view.links.iter().find(|l| l.to.name == to).unwrap();
            (
                l.broker.as_ref().map(|b| b.name.clone()),
                l.protocol.clone(),
            )
        };
        assert_eq!(via("stock").0.as_deref(), Some("bus"));
        assert_eq!(via("admin"), (None, "HTTPS webhook".to_owned()));
    }

    /// Between one pair over two brokers, each link lists the events of its own broker.
    #[test]
    fn an_event_joins_the_link_of_its_own_broker() {
        let yaml = "version: 1
name: t
requirements: {domain: d}
services:
  - name: dispatch
    responsibility: r
    publishes:
      - {name: Assigned, fields: [{name: id, type: uuid}]}
      - {name: Offered, broker: live, fields: [{name: id, type: uuid}]}
  - {name: edge, responsibility: r, consumes: [Assigned, Offered]}
communication:
  brokers: [{name: log, technology: Kafka}, {name: live, technology: Redis Pub/Sub}]
  links:
    - {from: dispatch, to: edge, style: async, events: [Assigned]}
    - {from: dispatch, to: edge, style: async, broker: live}
";
        let model: Model = serde_yaml::from_str(yaml).expect("test model parses");
        let view = crate::view::build(&model);
        let on = |broker: &str| {
            view.links
                .iter()
                .find(|l| l.broker.as_ref().is_some_and(|b| b.name == broker))
                .map(|l| l.events.clone())
                .unwrap()
        };
        assert_eq!(on("log"), ["Assigned"]);
        assert_eq!(on("live"), ["Offered"]);
    }

    /// A webhook that enters through the gateway is drawn through it, and its receiver and
    /// the gateway's contract say so.
    #[test]
    fn a_webhook_through_the_gateway_is_drawn_through_it() {
        let yaml = "version: 1
name: t
requirements: {domain: d}
services:
  - {name: gw, kind: gateway, responsibility: r}
  - name: pay
    responsibility: r
    api: {receives: [{from: psp, signature_header: Psp-Signature}]}
externals: [{name: psp}]
communication:
  links:
    - {from: psp, to: pay, style: async, via: gw}
";
        let model: Model = serde_yaml::from_str(yaml).expect("test model parses");
        let view = crate::view::build(&model);
        let edges: Vec<(&str, &str)> = view
            .graph
            .direct
            .iter()
            .map(|e| (e.from.as_str(), e.to.as_str()))
            .collect();
        assert_eq!(edges, [("ext_psp", "svc_gw"), ("svc_gw", "svc_pay")]);
        let pay = view.services.iter().find(|s| s.node.name == "pay").unwrap();
        assert_eq!(pay.api.receivers[0].via.as_deref(), Some("gw"));
    }
}

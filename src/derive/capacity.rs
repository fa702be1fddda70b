//! The capacity model a kickoff needs: request rates per use case, service and call from the
//! use-case mix, events per second per event and per topic, partitions per topic (see
//! [`super::partitions`]), storage over the retention period, cache memory and database connections. Every figure keeps the inputs it came from, and
//! every input the model did not state is an [`Assumption`].

use super::graph::Graph;
use super::{Assumption, ceil_to};
use crate::model::FieldType;
use serde::Serialize;
use std::collections::BTreeMap;

/// Peak over average traffic when the model does not say.
pub const PEAK_TO_AVERAGE: f64 = 3.0;
/// Days brokers keep events when the model does not say.
pub const RETENTION_DAYS: u32 = 7;
/// Copies of each event a broker keeps when the model does not say.
pub const EVENT_REPLICAS: u32 = 3;
/// Bytes of one cache entry when the model does not say.
pub const CACHE_ENTRY_BYTES: u32 = 1024;
/// Connections per replica to each database when the model does not say.
pub const POOL_PER_REPLICA: u32 = 10;
/// Bytes of an event's envelope: id, type, time, source, version and correlation id.
pub const ENVELOPE_BYTES: u32 = 250;

/// One use case's share of the peak.
#[derive(Debug, Clone, Serialize)]
pub struct MixRow {
    /// The use case.
    pub use_case: String,
    /// Share of the peak in percent.
    pub share: f64,
    /// Whether the share was assumed (split evenly) rather than stated.
    pub share_assumed: bool,
    /// Requests per second at peak.
    pub rate_rps: f64,
    /// `flow` (its flows' steps carry it), `service` (enters at a named service) or `edge`
    /// (nothing names what serves it: spread over the system's entry points).
    pub route: String,
    /// The flows or service it goes through.
    pub through: Vec<String>,
    /// For a `flow` route: the client requests one run of its flows sends (1 unless a flow
    /// sends more), and the runs a second that leaves.
    pub requests_per_run: f64,
    /// Runs a second of each of its flows.
    pub runs_per_s: f64,
}

/// A component's request rate at peak.
#[derive(Debug, Clone, Serialize)]
pub struct NodeLoad {
    /// The component.
    pub name: String,
    /// Requests per second at peak, from every use case that reaches it.
    pub rate_rps: f64,
    /// Replicas it runs at least, for a service.
    pub replicas: u32,
    /// Requests per second each of those replicas takes.
    pub per_replica_rps: f64,
    /// Events per second it consumes at peak.
    pub events_per_s: f64,
    /// Whether clients call it directly: every request it takes counts against the peak.
    pub edge: bool,
}

/// An event's volume and what its broker keeps of it; its topic's lanes are in
/// [`super::partitions::TopicLoad`], shared with every other event on that topic.
#[derive(Debug, Clone, Serialize)]
pub struct EventLoad {
    /// The event.
    pub event: String,
    /// Its topic.
    pub topic: String,
    /// Events per second at peak.
    pub rate_per_s: f64,
    /// `flow` (the rate of the use cases whose flows publish it), `consumed` (at most one per
    /// event in `rate_basis` its publisher handles) or `requests` (one per request its
    /// publisher serves); the last two are assumptions.
    pub rate_from: String,
    /// The consumed events a `consumed` rate adds up.
    pub rate_basis: Vec<String>,
    /// For a `flow` rate: each flow publishing it, with its runs a second and the share of
    /// them that publish it.
    pub flows: Vec<FlowShare>,
    /// Estimated bytes of one event: the envelope plus its fields.
    pub bytes: u32,
    /// Whether the broker partitions topics (Kafka and its kin).
    pub partitioned: bool,
    /// The payload field that orders it, if any.
    pub key: Option<String>,
    /// Events a day at the average rate.
    pub per_day: f64,
    /// Hours its broker keeps it.
    pub retention_hours: u32,
    /// `broker` (`communication.brokers[].retention_hours`), `model`
    /// (`requirements.capacity.event_retention_days`) or `assumed`.
    pub retention_from: String,
    /// Bytes the broker keeps over the retention period, every replica counted: none unless
    /// its broker is a log (see [`super::brokers`]).
    pub retained_bytes: f64,
    /// Its broker's kind: `log`, `queue`, `pubsub` or `unknown`.
    pub broker_kind: String,
}

/// What one flow adds to an event's rate: its runs a second × the share of runs publishing it.
#[derive(Debug, Clone, Serialize)]
pub struct FlowShare {
    /// The flow.
    pub flow: String,
    /// Its runs a second at peak.
    pub runs_per_s: f64,
    /// The percentage of its runs that publish the event (100 outside branches).
    pub share: f64,
    /// Whether a branch share on the way was assumed.
    pub assumed: bool,
}

/// A cache's memory.
#[derive(Debug, Clone, Serialize)]
pub struct CacheLoad {
    /// The cache.
    pub cache: String,
    /// Entries at peak.
    pub entries: u64,
    /// `model`, `connections` (one per open connection: a registry) or `derived` (the owner's
    /// reads in one TTL, at most one per user).
    pub entries_from: String,
    /// Bytes per entry.
    pub entry_bytes: u32,
    /// Whether the model states them (`performance.caches[].entry_bytes` or
    /// `requirements.capacity.cache_entry_bytes`).
    pub entry_bytes_stated: bool,
    /// Memory in bytes.
    pub bytes: f64,
}

/// A data store's connections.
#[derive(Debug, Clone, Serialize)]
pub struct StoreLoad {
    /// The owning service.
    pub service: String,
    /// The store's name.
    pub store: String,
    /// Its technology.
    pub technology: String,
    /// Connections per replica.
    pub pool: u32,
    /// Most replicas of the owner.
    pub replicas: u32,
    /// Connections at the most replicas.
    pub connections: u32,
}

/// The capacity model.
#[derive(Debug, Clone, Serialize)]
pub struct Capacity {
    /// Peak requests per second, if the model states it.
    pub peak_rps: Option<u32>,
    /// The use-case mix.
    pub mix: Vec<MixRow>,
    /// Request rates of every component reached, in model order.
    pub nodes: Vec<NodeLoad>,
    /// Request rate of each synchronous call, by [`Graph::calls`] index.
    pub calls: Vec<f64>,
    /// Each event's volume and storage, in model order.
    pub events: Vec<EventLoad>,
    /// Each topic's rate and lanes: one partition count per topic, whatever its events.
    pub topics: Vec<super::partitions::TopicLoad>,
    /// Each event against the events that lead to it in a flow.
    pub causes: Vec<super::causes::Cause>,
    /// Cache memory.
    pub caches: Vec<CacheLoad>,
    /// Database connections.
    pub stores: Vec<StoreLoad>,
    /// Long-lived client connections at peak, when the model states a count.
    pub connections: Option<super::connections::Connections>,
    /// The load those connections generate on their own: heartbeats, re-authentications and
    /// reconnect storms.
    pub streams: Option<super::stream_load::StreamLoad>,
    /// Peak over average traffic.
    pub peak_to_average: f64,
    /// The worst single-zone loss at the fewest replicas.
    pub zone_loss: super::zones::ZoneLoss,
    /// Copies of each event.
    pub event_replicas: u32,
    /// A handler's own work for one message, in milliseconds, before its calls.
    pub handler_ms: u32,
    /// Each consumer's time per message, its calls included (filled in once the calls'
    /// policies are known: see [`super::handlers::apply`]).
    pub handlers: Vec<super::handlers::HandlerTime>,
    /// The freshness objective of each consumer that serves no requests.
    pub freshness: Vec<super::handlers::Freshness>,
    /// Fewest and most replicas per service.
    pub replicas: (u32, u32),
    /// What was assumed.
    pub assumptions: Vec<Assumption>,
}

pub use crate::defaults::replicas;

/// A message handler's latency: the model's, else the system's p50, else 50 ms.
pub fn handler_ms(model: &crate::model::Model) -> u32 {
    let m = &model.requirements;
    model
        .resilience
        .consumers
        .handler_ms
        .or(m.latency.p50_ms)
        .unwrap_or(50)
        .max(1)
}

/// Estimated JSON bytes of an event with `fields`.
pub fn event_bytes(fields: &[crate::model::Field]) -> u32 {
    fields
        .iter()
        .map(|f| {
            let value = match f.ty {
                FieldType::Uuid | FieldType::Ref => 38,
                FieldType::String | FieldType::Email | FieldType::Url => 64,
                FieldType::Integer | FieldType::Number => 10,
                FieldType::Boolean => 5,
                FieldType::Date => 12,
                FieldType::Datetime => 26,
                FieldType::Money => 40,
                FieldType::Enum => 16,
                FieldType::Json | FieldType::Object => 256,
            };
            let value = if f.list { value * 4 } else { value };
            f.name.len() as u32 + 4 + value
        })
        .sum::<u32>()
        + ENVELOPE_BYTES
}

/// Rates flowing through the graph, collected as use cases are routed.
struct Rates<'g, 'm> {
    graph: &'g Graph<'m>,
    nodes: BTreeMap<String, f64>,
    calls: Vec<f64>,
    gateway_split: bool,
    /// Calls no flow names that a request passed down (one call per request: assumed).
    per_request: Vec<usize>,
    /// The flows some use case runs.
    run: Vec<String>,
}

/// Whether a flow some use case runs (one of `run`) names the call `i` as a synchronous step:
/// its rate then comes from those use cases, not from every request or event its caller
/// handles. A flow no use case runs carries no rate, so it does not cover its calls.
fn in_a_flow(graph: &Graph, run: &[String], i: usize) -> bool {
    let c = &graph.calls[i];
    graph
        .flows
        .iter()
        .filter(|f| run.contains(&f.name))
        .any(|f| {
            f.steps
                .iter()
                .any(|s| !s.r#async && s.from == c.from && s.to == c.to)
        })
}

impl Rates<'_, '_> {
    /// Adds `rate` to the calls from a client down to `target` (the first such path), and to
    /// the components on it before `target`: the requests reach it through the edge.
    fn through_edge(&mut self, target: &str, rate: f64) {
        let g = self.graph;
        let mut queue: std::collections::VecDeque<(String, Vec<usize>)> = g
            .calls
            .iter()
            .enumerate()
            .filter(|(_, c)| g.kind(&c.from) == "client" && !c.stream)
            .map(|(i, c)| (c.to.clone(), vec![i]))
            .collect();
        let mut seen: Vec<String> = Vec::new();
        while let Some((node, path)) = queue.pop_front() {
            if node == target {
                // Every client calling the same entry point sends its share.
                let entry = &g.calls[path[0]].to;
                let clients: Vec<usize> = g
                    .calls
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| &c.to == entry && g.kind(&c.from) == "client" && !c.stream)
                    .map(|(i, _)| i)
                    .collect();
                for &i in &clients {
                    self.calls[i] += rate / clients.len() as f64;
                }
                if entry != target {
                    *self.nodes.entry(entry.clone()).or_default() += rate;
                }
                for &i in &path[1..] {
                    self.calls[i] += rate;
                    let to = &g.calls[i].to;
                    if to != target {
                        *self.nodes.entry(to.clone()).or_default() += rate;
                    }
                }
                return;
            }
            if seen.contains(&node) {
                continue;
            }
            seen.push(node.clone());
            for (i, c) in g.request_calls(&node) {
                let mut next = path.clone();
                next.push(i);
                queue.push_back((c.to.clone(), next));
            }
        }
    }

    /// `rate` enters `name`: it serves it, and passes it down its request-path calls.
    fn enter(&mut self, name: &str, rate: f64, depth: usize) {
        *self.nodes.entry(name.to_owned()).or_default() += rate;
        if depth > 32 {
            return;
        }
        // A gateway routes each request to one service. Anything else makes the calls no
        // flow names once per request (an assumption); a call a flow names carries the rate
        // of the use cases running that flow, and nothing more.
        let routes = self.graph.kind(name) == "gateway";
        let outs: Vec<usize> = self
            .graph
            .request_calls(name)
            .map(|(i, _)| i)
            .filter(|&i| routes || !in_a_flow(self.graph, &self.run, i))
            .collect();
        if routes && outs.len() > 1 {
            self.gateway_split = true;
        } else if !routes {
            for &i in &outs {
                if !self.per_request.contains(&i) {
                    self.per_request.push(i);
                }
            }
        }
        let share = if routes {
            rate / outs.len().max(1) as f64
        } else {
            rate
        };
        for i in outs {
            self.calls[i] += share;
            let to = self.graph.calls[i].to.clone();
            self.enter(&to, share, depth + 1);
        }
    }
}

/// The use-case mix: each use case's share, the unstated ones splitting what is left.
fn mix(graph: &Graph, peak: f64) -> (Vec<MixRow>, bool) {
    let cases = &graph.model.requirements.use_cases;
    let stated: f64 = cases.iter().filter_map(|u| u.share).sum();
    let open = cases.iter().filter(|u| u.share.is_none()).count();
    let rest = if open > 0 {
        (100.0 - stated).max(0.0) / open as f64
    } else {
        0.0
    };
    let rows = cases
        .iter()
        .map(|u| {
            let share = u.share.unwrap_or(rest);
            let flows: Vec<String> = u
                .served_by
                .iter()
                .filter(|n| graph.flows.iter().any(|f| &&f.name == n))
                .cloned()
                .collect();
            let services: Vec<String> = u
                .served_by
                .iter()
                .filter(|n| graph.model.services.iter().any(|s| &&s.name == n))
                .cloned()
                .collect();
            let (route, through) = if !flows.is_empty() {
                ("flow", flows)
            } else if !services.is_empty() {
                ("service", services)
            } else {
                ("edge", Vec::new())
            };
            let rate = peak * share / 100.0;
            let per_run = if route == "flow" {
                through
                    .iter()
                    .filter_map(|n| graph.flows.iter().find(|f| &f.name == n))
                    .map(|f| requests_per_run(graph, f))
                    .fold(1.0, f64::max)
            } else {
                1.0
            };
            MixRow {
                use_case: u.name.clone(),
                share,
                share_assumed: u.share.is_none(),
                rate_rps: rate,
                route: route.into(),
                runs_per_s: rate / through.len().max(1) as f64 / per_run,
                requests_per_run: per_run,
                through,
            }
        })
        .collect();
    (rows, open > 0)
}

/// Works out the capacity model of `graph`.
pub fn derive(graph: &Graph) -> Capacity {
    let model = graph.model;
    let inputs = &model.requirements.capacity;
    let peak = model.requirements.scale.peak_rps;
    let peak_f = f64::from(peak.unwrap_or(0));
    let mut assumptions = Vec::new();
    let (mix_rows, mix_assumed) = mix(graph, peak_f);
    let mut rates = Rates {
        graph,
        nodes: BTreeMap::new(),
        calls: vec![0.0; graph.calls.len()],
        gateway_split: false,
        per_request: Vec::new(),
        run: mix_rows
            .iter()
            .filter(|r| r.route == "flow")
            .flat_map(|r| r.through.iter().cloned())
            .collect(),
    };
    let mut event_rates: BTreeMap<String, Vec<FlowShare>> = BTreeMap::new();
    let mut edge = if mix_rows.is_empty() { peak_f } else { 0.0 };
    for row in &mix_rows {
        match row.route.as_str() {
            "flow" => {
                // The mix counts requests; a flow that sends more than one per run (a follow-up
                // request in a branch) runs that many times fewer.
                let each = row.rate_rps / row.through.len() as f64;
                for f in graph.flows.iter().filter(|f| row.through.contains(&f.name)) {
                    let runs = each / requests_per_run(graph, f);
                    flow_rates(graph, f, runs, &mut rates, &mut event_rates);
                }
            }
            "service" => {
                // Each request goes to one of the services named.
                let each = row.rate_rps / row.through.len() as f64;
                for s in &row.through {
                    rates.through_edge(s, each);
                    rates.enter(s, each, 0);
                }
            }
            _ => edge += row.rate_rps,
        }
    }
    if edge > 0.0 {
        spread_at_edge(graph, edge, &mut rates, &mut assumptions);
    }
    if mix_assumed {
        let n = mix_rows.iter().filter(|r| r.share_assumed).count();
        assumptions.push(Assumption::new(
            "capacity.use-case-mix",
            format!("an even split of the unstated share over {n} use cases"),
            "the model gives no share of the peak for these use cases",
            "request rates per use case, service and call; events per second; bulkheads",
            "requirements.use_cases[].share",
        ));
    }
    if mix_rows.is_empty() && peak.is_some() {
        assumptions.push(Assumption::new(
            "capacity.use-case-mix",
            "every request enters at the edge, spread evenly".into(),
            "the model lists no use cases to split the peak by",
            "request rates per service and call; events per second; bulkheads",
            "requirements.use_cases",
        ));
    }
    let unstated: Vec<String> = super::branches::unstated(model)
        .into_iter()
        .filter(|u| rates.run.contains(&u.flow))
        .map(|u| format!("{}: {} {}%", u.flow, u.label, round_rate(u.percent)))
        .collect();
    if !unstated.is_empty() {
        assumptions.push(Assumption::new(
            "capacity.branch-shares",
            format!(
                "of the runs reaching each branch, {}",
                unstated.join("; ")
            ),
            "the model does not say how often these branches run: an alt's unstated branches split what the stated ones leave evenly, and an opt runs half the time",
            "request rates of the services and calls inside branches; events per second; journey availability",
            "communication.flows[].steps[].alt[].share",
        ));
    }
    if rates.gateway_split {
        assumptions.push(Assumption::new(
            "capacity.gateway-split",
            "a gateway's requests split evenly over its routes".into(),
            "no use case's flow or service says which route its requests take",
            "request rates of the services behind the gateway",
            "requirements.use_cases[].served_by",
        ));
    }
    if !rates.per_request.is_empty() {
        rates.per_request.sort_unstable();
        assumptions.push(Assumption::new(
            "capacity.calls-per-request",
            format!(
                "one call per request its caller serves, for the calls in no flow a use case runs: {}",
                call_names(graph, &rates.per_request)
            ),
            "no flow a use case runs names these calls, so nothing says which requests make them; the calls a flow names carry only the rate of the use cases running it",
            "request rates of called services; bulkheads",
            "requirements.use_cases[].served_by (a flow that names the call)",
        ));
    }
    let (events, background_rates) = event_loads(graph, &rates, &event_rates, &mut assumptions);
    let mut calls = rates.calls.clone();
    let mut per_event = Vec::new();
    for (i, c) in graph.calls.iter().enumerate() {
        if c.background && !in_a_flow(graph, &rates.run, i) {
            calls[i] = background_rates.get(&c.from).copied().unwrap_or(0.0);
            *rates.nodes.entry(c.to.clone()).or_default() += calls[i];
            if calls[i] > 0.0 {
                per_event.push(i);
            }
        }
    }
    if !per_event.is_empty() {
        assumptions.push(Assumption::new(
            "capacity.calls-per-event",
            format!(
                "one call per event its caller consumes, for the background calls in no flow a use case runs: {}",
                call_names(graph, &per_event)
            ),
            "no flow a use case runs names these calls, so their rate is bounded by the events that wake the caller",
            "request rates of called services; bulkheads",
            "communication.flows (a step for the call)",
        ));
    }
    let (min, max) = replicas(model);
    let nodes = node_loads(graph, &rates, &background_rates, min);
    let connections = super::connections::derive(model);
    let steady: Vec<(String, f64)> = nodes.iter().map(|n| (n.name.clone(), n.rate_rps)).collect();
    let streams = connections
        .as_ref()
        .and_then(|k| super::stream_load::derive(graph, k, &steady, &mut assumptions));
    let caches = cache_loads(graph, &rates.nodes, connections.as_ref(), &mut assumptions);
    let pool = inputs.pool_per_replica.unwrap_or(POOL_PER_REPLICA);
    if inputs.pool_per_replica.is_none() && model.services.iter().any(|s| !s.data.is_empty()) {
        assumptions.push(Assumption::new(
            "capacity.pool-per-replica",
            format!("{POOL_PER_REPLICA} connections per replica"),
            "a common connection-pool default; the model states none",
            "database connection counts",
            "requirements.capacity.pool_per_replica",
        ));
    }
    let stores = model
        .services
        .iter()
        .flat_map(|s| {
            s.data.iter().map(move |d| StoreLoad {
                service: s.name.clone(),
                store: d.name.clone(),
                technology: d.store.clone(),
                pool,
                replicas: max,
                connections: pool * max,
            })
        })
        .collect();
    Capacity {
        peak_rps: peak,
        mix: mix_rows,
        nodes,
        calls,
        causes: super::causes::derive(graph, &events),
        topics: super::partitions::derive(graph, &events, f64::from(handler_ms(model))),
        events,
        caches,
        stores,
        connections,
        streams,
        peak_to_average: inputs.peak_to_average.unwrap_or(PEAK_TO_AVERAGE),
        zone_loss: super::zones::of(model),
        event_replicas: inputs.event_replicas.unwrap_or(EVENT_REPLICAS),
        handler_ms: handler_ms(model),
        handlers: Vec::new(),
        freshness: Vec::new(),
        replicas: (min, max),
        assumptions,
    }
}

/// A flow run `rate` times a second: its synchronous steps are calls, its events published,
/// each at the share of the runs its branches take (see [`super::branches`]); a `loop` counts
/// once. An event published in several branches counts once per run at most.
fn flow_rates(
    graph: &Graph,
    flow: &super::graph::Flow,
    rate: f64,
    rates: &mut Rates,
    events: &mut BTreeMap<String, Vec<FlowShare>>,
) {
    let mut published: BTreeMap<&str, (f64, bool)> = BTreeMap::new();
    for s in &flow.steps {
        let published_here = graph
            .events
            .iter()
            .any(|e| e.name == s.action && e.publisher == s.from);
        if s.r#async || graph.kind(&s.to) == "broker" {
            if published_here {
                let p = published.entry(&s.action).or_default();
                *p = (p.0 + s.share, p.1 || s.share_assumed);
            }
            continue;
        }
        if let Some(i) = graph
            .calls
            .iter()
            .position(|c| c.from == s.from && c.to == s.to)
        {
            rates.calls[i] += rate * s.share;
        }
        *rates.nodes.entry(s.to.clone()).or_default() += rate * s.share;
    }
    // A compensation that publishes an event of its service (`Cancel the order and publish
    // OrderCancelled`) does so on the runs where its trigger event is published.
    for s in flow.steps.iter().filter(|s| !s.compensation.is_empty()) {
        let Some(&(on, on_assumed)) = published.get(s.compensate_on.as_str()) else {
            continue;
        };
        let words: Vec<&str> = s
            .compensation
            .split(|c: char| !c.is_alphanumeric() && c != '_')
            .collect();
        // The step's service undoes it: its caller, or the consumer of a delivered message.
        for e in graph
            .events
            .iter()
            .filter(|e| e.publisher == s.from || e.publisher == s.to)
        {
            if words.contains(&e.name.as_str()) {
                let p = published.entry(&e.name).or_default();
                *p = (p.0 + on, p.1 || on_assumed);
            }
        }
    }
    for (event, (share, assumed)) in published {
        events.entry(event.to_owned()).or_default().push(FlowShare {
            flow: flow.name.clone(),
            runs_per_s: rate,
            share: share.min(1.0) * 100.0,
            assumed,
        });
    }
}

/// The requests a client sends the system (not an external provider) in one run of `flow`,
/// each at its branch's share; at least one, as
/// a flow whose first step is not a client's still answers one request of its use case.
pub fn requests_per_run(graph: &Graph, flow: &super::graph::Flow) -> f64 {
    let n: f64 = flow
        .steps
        .iter()
        .filter(|s| {
            !s.r#async
                && graph.kind(&s.from) == "client"
                && matches!(graph.kind(&s.to), "gateway" | "bff" | "service" | "legacy")
        })
        .map(|s| s.share)
        .sum();
    n.max(1.0)
}

/// `a → b, c → d` for the calls at `indexes`.
fn call_names(graph: &Graph, indexes: &[usize]) -> String {
    indexes
        .iter()
        .map(|&i| format!("{} → {}", graph.calls[i].from, graph.calls[i].to))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Spreads `rate` (requests no use case routes) over the system's entry points.
fn spread_at_edge(graph: &Graph, rate: f64, rates: &mut Rates, assumptions: &mut Vec<Assumption>) {
    let entries: Vec<usize> = graph
        .calls
        .iter()
        .enumerate()
        .filter(|(_, c)| graph.kind(&c.from) == "client" && !c.stream)
        .map(|(i, _)| i)
        .collect();
    if entries.len() > 1 {
        assumptions.push(Assumption::new(
            "capacity.client-split",
            format!("the peak split evenly over {} client calls", entries.len()),
            "the model does not say how much of the load each client sends",
            "request rates at the edge",
            "requirements.use_cases[].served_by",
        ));
    }
    let share = rate / entries.len().max(1) as f64;
    for i in entries {
        rates.calls[i] += share;
        let to = graph.calls[i].to.clone();
        rates.enter(&to, share, 0);
    }
}

/// Events per topic and, by consuming service, the event rate its background calls follow.
fn event_loads(
    graph: &Graph,
    rates: &Rates,
    from_flows: &BTreeMap<String, Vec<FlowShare>>,
    assumptions: &mut Vec<Assumption>,
) -> (Vec<EventLoad>, BTreeMap<String, f64>) {
    let model = graph.model;
    let inputs = &model.requirements.capacity;
    let mut rate_of: BTreeMap<String, f64> = from_flows
        .iter()
        .map(|(e, fs)| {
            (
                e.clone(),
                fs.iter().map(|f| f.runs_per_s * f.share / 100.0).sum(),
            )
        })
        .collect();
    let mut basis: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut guessed = Vec::new();
    // Events no flow carries: one per request or consumed event their publisher handles,
    // resolved over a few passes so chains of events settle.
    for _ in 0..4 {
        for e in &graph.events {
            if from_flows.contains_key(&e.name) {
                continue;
            }
            let consumed = triggers(graph, &e.publisher);
            // A publisher that reacts to events publishes in answer to them; one that does not
            // publishes in answer to requests.
            let r = if consumed.is_empty() {
                rates.nodes.get(&e.publisher).copied().unwrap_or(0.0)
            } else {
                consumed
                    .iter()
                    .map(|x| rate_of.get(x).copied().unwrap_or(0.0))
                    .sum()
            };
            rate_of.insert(e.name.clone(), r);
            basis.insert(e.name.clone(), consumed);
            if !guessed.contains(&e.name) {
                guessed.push(e.name.clone());
            }
        }
    }
    if !guessed.is_empty() && model.requirements.scale.peak_rps.is_some() {
        let each: Vec<String> = guessed
            .iter()
            .map(|name| {
                let publisher = graph.events.iter().find(|e| &e.name == name);
                let publisher = publisher.map_or("", |e| e.publisher.as_str());
                match basis.get(name).map(Vec::as_slice) {
                    Some([]) | None => {
                        format!("{name}: at most one per request {publisher} serves")
                    }
                    Some(on) => format!(
                        "{name}: at most one per {} {publisher} handles",
                        on.join(" or ")
                    ),
                }
            })
            .collect();
        assumptions.push(Assumption::new(
            "capacity.events-per-request",
            each.join("; "),
            "no use case's flow publishes these events, so their rate is bounded by what makes the publisher act: the consumed events after which a flow has it act, else every event it consumes, else its requests",
            "events per second, partitions, event storage",
            "requirements.use_cases[].served_by (a flow that publishes the event)",
        ));
    }
    let handler = handler_ms(model);
    if model.resilience.consumers.handler_ms.is_none() && !graph.events.is_empty() {
        assumptions.push(Assumption::new(
            "capacity.handler-latency",
            format!("{handler} ms of a handler's own work per message, before its calls"),
            "the model states no handler time; the system's p50 (or 50 ms) stands in for the work, and each call the handler makes is added at its callee's p99",
            "handler times, lanes and consumer throughput",
            "resilience.consumers.handler_ms",
        ));
    }
    let ratio = inputs.peak_to_average.unwrap_or(PEAK_TO_AVERAGE).max(1.0);
    let days = inputs.event_retention_days.unwrap_or(RETENTION_DAYS);
    let copies = inputs.event_replicas.unwrap_or(EVENT_REPLICAS);
    // Retention is assumed only for an event a retaining broker keeps without a stated period.
    let retention_stated = inputs.event_retention_days.is_some()
        || !graph.events.iter().any(|e| {
            e.retention_hours.is_none()
                && super::brokers::of(e.broker.as_deref().unwrap_or("")).retained
        });
    if !graph.events.is_empty() {
        for (id, set, value, key) in [
            (
                "capacity.peak-to-average",
                inputs.peak_to_average.is_some(),
                format!("peak {ratio} times the daily average"),
                "requirements.capacity.peak_to_average",
            ),
            (
                "capacity.event-retention",
                retention_stated,
                format!("{days} days"),
                "communication.brokers[].retention_hours",
            ),
            (
                "capacity.event-replicas",
                inputs.event_replicas.is_some(),
                format!("{copies} copies"),
                "requirements.capacity.event_replicas",
            ),
        ] {
            if !set {
                assumptions.push(Assumption::new(
                    id,
                    value,
                    "a common value; the model states none",
                    "event storage over the retention period",
                    key,
                ));
            }
        }
    }
    let mut background: BTreeMap<String, f64> = BTreeMap::new();
    let loads = graph
        .events
        .iter()
        .map(|e| {
            let rate = rate_of.get(&e.name).copied().unwrap_or(0.0);
            for c in &e.consumers {
                *background.entry(c.clone()).or_default() += rate;
            }
            let broker = super::brokers::of(e.broker.as_deref().unwrap_or(""));
            let (retention_hours, retention_from) =
                match (e.retention_hours, inputs.event_retention_days) {
                    (Some(h), _) => (h, "broker"),
                    (None, Some(d)) => (d * 24, "model"),
                    (None, None) => (days * 24, "assumed"),
                };
            let bytes = event_bytes(&e.fields);
            let per_day = rate / ratio * 86_400.0;
            EventLoad {
                event: e.name.clone(),
                topic: e.topic.clone(),
                rate_per_s: rate,
                rate_from: if from_flows.contains_key(&e.name) {
                    "flow"
                } else if basis.get(&e.name).is_some_and(|b| !b.is_empty()) {
                    "consumed"
                } else {
                    "requests"
                }
                .into(),
                rate_basis: basis.get(&e.name).cloned().unwrap_or_default(),
                flows: from_flows.get(&e.name).cloned().unwrap_or_default(),
                bytes,
                partitioned: broker.partitioned,
                key: e.key.clone(),
                per_day,
                retention_hours,
                retention_from: retention_from.into(),
                retained_bytes: if broker.retained {
                    per_day
                        * (f64::from(retention_hours) / 24.0)
                        * f64::from(copies)
                        * f64::from(bytes)
                } else {
                    0.0
                },
                broker_kind: broker.kind.into(),
            }
        })
        .collect();
    (loads, background)
}

/// The events `publisher` consumes that make it act: those after whose delivery to it a flow
/// has it make a call or publish. When no flow shows it acting on one, every event it consumes
/// counts; an empty list means it consumes none.
fn triggers(graph: &Graph, publisher: &str) -> Vec<String> {
    let consumed: Vec<&str> = graph
        .events
        .iter()
        .filter(|x| x.consumers.iter().any(|c| c == publisher))
        .map(|x| x.name.as_str())
        .collect();
    let mut acting: Vec<String> = Vec::new();
    for f in &graph.flows {
        for (i, s) in f.steps.iter().enumerate() {
            if s.to != publisher || !consumed.contains(&s.action.as_str()) {
                continue;
            }
            // The publisher's next move in this flow, before anything else reaches it.
            let acts = f.steps[i + 1..]
                .iter()
                .take_while(|n| n.to != publisher)
                .any(|n| n.from == publisher);
            if acts && !acting.contains(&s.action) {
                acting.push(s.action.clone());
            }
        }
    }
    if acting.is_empty() {
        consumed.into_iter().map(str::to_owned).collect()
    } else {
        consumed
            .into_iter()
            .filter(|c| acting.iter().any(|a| a == c))
            .map(str::to_owned)
            .collect()
    }
}

fn node_loads(
    graph: &Graph,
    rates: &Rates,
    consumed: &BTreeMap<String, f64>,
    min: u32,
) -> Vec<NodeLoad> {
    let m = graph.model;
    let names = m
        .services
        .iter()
        .map(|s| (s.name.as_str(), true))
        .chain(m.externals.iter().map(|e| (e.name.as_str(), false)));
    names
        .map(|(name, ours)| {
            let rate = rates.nodes.get(name).copied().unwrap_or(0.0);
            let replicas = if ours { min } else { 1 };
            NodeLoad {
                name: name.to_owned(),
                rate_rps: rate,
                replicas,
                per_replica_rps: rate / f64::from(replicas),
                events_per_s: consumed.get(name).copied().unwrap_or(0.0),
                edge: graph.is_edge(name),
            }
        })
        .collect()
}

/// Whether `cache` maps connections to the nodes holding them: it belongs to a service that
/// holds connections and says it is about connections.
pub fn is_registry(cache: &crate::model::Cache, conns: &super::connections::Connections) -> bool {
    let key = cache.key.as_deref().unwrap_or("");
    let said = format!("{} {} {key}", cache.name, cache.holds).to_lowercase();
    conns.holders.iter().any(|h| h.service == cache.service) && said.contains("connection")
}

fn cache_loads(
    graph: &Graph,
    nodes: &BTreeMap<String, f64>,
    conns: Option<&super::connections::Connections>,
    assumptions: &mut Vec<Assumption>,
) -> Vec<CacheLoad> {
    let m = graph.model;
    let inputs = &m.requirements.capacity;
    let entry = inputs.cache_entry_bytes.unwrap_or(CACHE_ENTRY_BYTES);
    let caches = &m.performance.caches;
    if inputs.cache_entry_bytes.is_none() && caches.iter().any(|c| c.entry_bytes.is_none()) {
        assumptions.push(Assumption::new(
            "capacity.cache-entry-bytes",
            format!("{entry} bytes per entry"),
            "the model states no entry size",
            "cache memory",
            "requirements.capacity.cache_entry_bytes",
        ));
    }
    let users = m.requirements.scale.users;
    let registries: Vec<&str> = caches
        .iter()
        .filter(|c| !inputs.cache_entries.contains_key(&c.name))
        .filter(|c| conns.is_some_and(|k| is_registry(c, k)))
        .map(|c| c.name.as_str())
        .collect();
    if let (Some(k), false) = (conns, registries.is_empty()) {
        assumptions.push(Assumption::new(
            "capacity.registry-entries",
            format!(
                "one entry per open connection ({} at peak) in {}",
                k.count,
                registries.join(", ")
            ),
            "a connection registry maps each open connection to the node holding it, so its entries follow the connections, not the reads",
            "cache memory",
            &format!("requirements.capacity.cache_entries.{}", registries[0]),
        ));
    }
    if caches.iter().any(|c| {
        let known = inputs.cache_entries.contains_key(&c.name)
            || registries.contains(&c.name.as_str())
            || (per_user(c) && users.is_some());
        !known
    }) {
        assumptions.push(Assumption::new(
            "capacity.cache-entries",
            "one entry per read in a TTL, at most one per user".into(),
            "the model does not say how many keys each cache holds; every read of a different key is the upper bound",
            "cache memory",
            "requirements.capacity.cache_entries",
        ));
    }
    caches
        .iter()
        .map(|c| {
            let declared = inputs.cache_entries.get(&c.name).copied();
            let entry = c.entry_bytes.unwrap_or(entry);
            let of = |entries: u64, from: &str| CacheLoad {
                cache: c.name.clone(),
                entries,
                entries_from: from.into(),
                entry_bytes: entry,
                entry_bytes_stated: c.entry_bytes.is_some() || inputs.cache_entry_bytes.is_some(),
                bytes: entries as f64 * f64::from(entry),
            };
            if declared.is_none() && registries.contains(&c.name.as_str()) {
                return of(conns.map_or(0, |k| k.count), "connections");
            }
            // A key per user holds at most one entry per user, however often it is read.
            if let (None, Some(u), true) = (declared, users, per_user(c)) {
                return of(u, "users");
            }
            let reads = nodes.get(&c.service).copied().unwrap_or(0.0);
            let derived = {
                let n = (reads * f64::from(c.ttl_seconds)).ceil() as u64;
                users.map_or(n, |u| n.min(u))
            };
            let entries = declared.unwrap_or(derived);
            CacheLoad {
                cache: c.name.clone(),
                entries,
                entries_from: if declared.is_some() {
                    "model"
                } else {
                    "derived"
                }
                .into(),
                entry_bytes: entry,
                entry_bytes_stated: c.entry_bytes.is_some() || inputs.cache_entry_bytes.is_some(),
                bytes: entries as f64 * f64::from(entry),
            }
        })
        .collect()
}

/// Whether `cache`'s key names a user (`unread:{user_id}`): one entry per user.
fn per_user(cache: &crate::model::Cache) -> bool {
    let key = cache.key.as_deref().unwrap_or("").to_lowercase();
    key.contains("{user}") || key.contains("{user_id}") || key.contains("{userid}")
}

/// Rounds a rate for display: whole numbers above 10, one decimal below.
pub fn round_rate(v: f64) -> f64 {
    if v >= 10.0 {
        v.round()
    } else {
        (v * 10.0).round() / 10.0
    }
}

/// `v` rounded up to whole units of `step`.
pub fn ceil_u(v: f64, step: u32) -> u32 {
    ceil_to(v, step)
}

#[cfg(test)]
#[path = "capacity_flow_tests.rs"]
mod flow_tests;

#[cfg(test)]
#[path = "capacity_cache_tests.rs"]
mod cache_tests;

#[cfg(test)]
mod tests {
    use super::super::graph::tests::{graph, model};
    use super::*;

    const SHOP: &str = "version: 1\nname: t\nrequirements:\n  domain: d\n  scale: {peak_rps: 1000}\n  use_cases:\n    - {name: Buy, share: 20, served_by: [Checkout]}\n    - {name: Browse, served_by: [catalog]}\nclients: [{name: web}]\nservices:\n  - {name: gw, kind: gateway, responsibility: r}\n  - name: orders\n    responsibility: r\n    data: [{name: o, store: PostgreSQL}]\n    publishes: [{name: OrderPlaced, fields: [{name: order_id, type: uuid}]}]\n  - {name: catalog, responsibility: r}\n  - {name: stock, responsibility: r, consumes: [OrderPlaced]}\ncommunication:\n  brokers: [{name: k, technology: Kafka}]\n  links:\n    - {from: web, to: gw}\n    - {from: gw, to: orders}\n    - {from: gw, to: catalog}\n    - {from: orders, to: stock}\n  flows:\n    - name: Checkout\n      steps:\n        - {from: web, to: gw, action: POST /orders}\n        - {from: gw, to: orders, action: POST /orders}\n        - {from: orders, to: k, action: OrderPlaced, async: true}\nperformance:\n  caches: [{name: c, service: catalog, technology: Redis, holds: x, ttl_seconds: 10}]\n";

    fn rate(c: &Capacity, name: &str) -> f64 {
        c.nodes.iter().find(|n| n.name == name).unwrap().rate_rps
    }

    #[test]
    fn the_mix_routes_each_use_case() {
        let m = model(SHOP);
        let c = derive(&graph(&m));
        // Buy: 20% of 1000 through its flow; Browse takes the other 80% at catalog.
        assert_eq!((c.mix[0].rate_rps, c.mix[1].share), (200.0, 80.0));
        assert!(c.mix[1].share_assumed && !c.mix[0].share_assumed);
        assert_eq!((rate(&c, "orders"), rate(&c, "catalog")), (200.0, 800.0));
        // The flow's steps name no call to stock, so none reaches it.
        assert_eq!(rate(&c, "stock"), 0.0);
        assert_eq!(c.calls[1], 200.0);
        let stock = c.nodes.iter().find(|n| n.name == "stock").unwrap();
        assert_eq!(stock.events_per_s, 200.0);
        // Browse enters at catalog through the edge: web -> gw -> catalog.
        assert_eq!(
            (c.calls[0], c.calls[2], rate(&c, "gw")),
            (1000.0, 800.0, 1000.0)
        );
        assert!(
            c.assumptions
                .iter()
                .any(|a| a.id == "capacity.use-case-mix")
        );
    }

    #[test]
    fn without_a_mix_the_gateway_splits_evenly_and_says_so() {
        let m = model(
            &SHOP
                .replace(", share: 20, served_by: [Checkout]", "")
                .replace(", served_by: [catalog]", ""),
        );
        let c = derive(&graph(&m));
        assert_eq!((rate(&c, "orders"), rate(&c, "catalog")), (500.0, 500.0));
        assert_eq!(rate(&c, "stock"), 500.0);
        let ids: Vec<&str> = c.assumptions.iter().map(|a| a.id.as_str()).collect();
        assert!(
            ids.contains(&"capacity.gateway-split") && ids.contains(&"capacity.calls-per-request")
        );
    }

    #[test]
    fn events_partitions_and_storage() {
        let m = model(SHOP);
        let c = derive(&graph(&m));
        let e = &c.events[0];
        // 200 checkouts a second publish 200 OrderPlaced; at a 50 ms handler one partition
        // takes 20 a second, so twice the peak needs 20 partitions.
        assert_eq!((e.rate_per_s, e.rate_from.as_str()), (200.0, "flow"));
        let t = &c.topics[0];
        assert_eq!(
            (t.per_partition, t.partitions_needed, t.partitions),
            (20.0, 20, 20)
        );
        assert!(e.partitioned);
        assert_eq!(e.bytes, ENVELOPE_BYTES + 8 + 4 + 38);
        let day = 200.0 / 3.0 * 86_400.0;
        assert_eq!(e.retained_bytes, day * 7.0 * 3.0 * f64::from(e.bytes));
    }

    #[test]
    fn a_jetstream_stream_has_lanes_not_partitions_and_keeps_what_its_broker_says() {
        let js = SHOP
            .replace(
                "{name: k, technology: Kafka}",
                "{name: k, technology: NATS JetStream, retention_hours: 24}",
            )
            .replace(
                "publishes: [{name: OrderPlaced,",
                "publishes: [{name: OrderPlaced, key: order_id,",
            );
        let m = model(&js);
        let c = derive(&graph(&m));
        let e = &c.events[0];
        // No Kafka floor of one partition per replica (12): the lanes are what twice the peak
        // needs by Little's law, as subject shards by the key.
        assert!(!e.partitioned);
        let t = &c.topics[0];
        assert_eq!((t.partitions, t.consumer_replicas), (20, 1));
        assert_eq!(t.key.as_deref(), Some("order_id"));
        assert_eq!(e.key.as_deref(), Some("order_id"));
        // Kept for the broker's 24 hours, not an assumed 7 days, and not listed as assumed.
        assert_eq!(
            (e.retention_hours, e.retention_from.as_str()),
            (24, "broker")
        );
        let day = 200.0 / 3.0 * 86_400.0;
        assert_eq!(e.retained_bytes, day * 1.0 * 3.0 * f64::from(e.bytes));
        assert!(
            !c.assumptions
                .iter()
                .any(|a| a.id == "capacity.event-retention")
        );
        // Without the broker's period the system's, then the assumed 7 days.
        let m = model(&js.replace(", retention_hours: 24", ""));
        let c = derive(&graph(&m));
        assert_eq!(
            (
                c.events[0].retention_hours,
                c.events[0].retention_from.as_str()
            ),
            (168, "assumed")
        );
        assert!(
            c.assumptions
                .iter()
                .any(|a| a.id == "capacity.event-retention"
                    && a.key == "communication.brokers[].retention_hours")
        );
    }

    #[test]
    fn declared_partitions_bound_the_throughput() {
        let m = model(&SHOP.replace(
            "  domain: d\n",
            "  domain: d\n  capacity: {partitions: {OrderPlaced: 4}}\n",
        ));
        let c = derive(&graph(&m));
        assert_eq!(
            (c.topics[0].partitions, c.topics[0].throughput_per_s),
            (4, 80.0)
        );
    }

    #[test]
    fn cache_memory_and_connections() {
        let m = model(SHOP);
        let c = derive(&graph(&m));
        // 800 reads a second for 10 s: 8000 entries of 1 KiB.
        assert_eq!(
            (c.caches[0].entries, c.caches[0].bytes),
            (8000, 8000.0 * 1024.0)
        );
        // 10 connections per replica, at most 12 replicas (3 at a 99.9% target, x 4).
        assert_eq!(
            (
                c.stores[0].pool,
                c.stores[0].replicas,
                c.stores[0].connections
            ),
            (10, 12, 120)
        );
    }
}

//! Request rates through the graph: each use case routed through its flows, the service it
//! enters at or the edge; each call and component credited with what reaches it; and the
//! background calls, which follow the events that wake their caller.

use super::mix::{MixRow, requests_per_run};
use super::{Assumption, FlowShare};
use crate::derive::graph::{Flow, Graph};
use serde::Serialize;
use std::collections::BTreeMap;

/// Rates flowing through the graph, collected as use cases are routed.
pub(super) struct Rates<'g, 'm> {
    graph: &'g Graph<'m>,
    pub(super) nodes: BTreeMap<String, f64>,
    calls: Vec<f64>,
    gateway_split: bool,
    /// Calls no flow names that a request passed down (one call per request: assumed).
    per_request: Vec<usize>,
    /// The flows some use case runs.
    run: Vec<String>,
    /// Frames a second each component receives over its clients' streams (WebSocket, SSE).
    pub(super) frames_in: BTreeMap<String, f64>,
    /// Frames a second each component sends down its clients' streams.
    pub(super) frames_out: BTreeMap<String, f64>,
    /// Requests a second of each flow step's action, by callee and action
    /// (`orders`, `GET /v1/orders`): what a cache's reads narrow to.
    pub(super) actions: BTreeMap<(String, String), f64>,
    /// Callbacks a second an external system sends a service, where a flow shows them as
    /// steps, by sender and receiver.
    pub(super) callbacks: BTreeMap<(String, String), f64>,
    /// The part of each component's rate that is such callbacks: the receiver's and the
    /// gateway's they enter through.
    pub(super) callbacks_at: BTreeMap<String, f64>,
    /// The steps external systems send in flows an event starts or the model paces.
    pub(super) outside: super::outside_pace::Outside,
}

/// Whether a flow some use case or event runs (one of `run`) names the call `i` as a step
/// (a synchronous one, or for a background call one sent from an outbox or job: `async:
/// true`): its rate then comes
/// from those runs, not from every request or event its caller handles. A flow nothing runs
/// carries no rate, so it does not cover its calls.
pub(super) fn in_a_flow(graph: &Graph, run: &[String], i: usize) -> bool {
    let c = &graph.calls[i];
    graph
        .flows
        .iter()
        .filter(|f| run.contains(&f.name))
        .any(|f| {
            f.steps
                .iter()
                .any(|s| s.from == c.from && s.to == c.to && (!s.r#async || c.background))
        })
}

/// The rate of the background call `i` that no flow a use case runs names, with the events
/// it follows: each event its caller consumes, at the share of those deliveries that make the
/// call by the rule the handler times use ([`crate::derive::handlers::calls_of`]), so a
/// delivery a flow shows with no call after it adds nothing here either.
fn handled_with(graph: &Graph, i: usize, events: &[super::EventLoad]) -> (f64, Vec<String>) {
    let caller = &graph.calls[i].from;
    let mut rate = 0.0;
    let mut names = Vec::new();
    for e in events {
        let consumes =
            (graph.events.iter()).any(|g| g.name == e.event && g.consumers.contains(caller));
        let share = crate::derive::handlers::calls_of(graph, caller, &e.event)
            .into_iter()
            .find(|(k, _)| *k == i)
            .map_or(0.0, |(_, s)| s);
        if consumes && share > 0.0 && e.rate_per_s > 0.0 {
            rate += e.rate_per_s * share;
            names.push(e.event.clone());
        }
    }
    (rate, names)
}

/// An unshown delivery as the assumption names it: the event alone where no flow shows it,
/// else with its rate and the flows whose runs stop at the broker.
fn unshown_name(u: &super::unshown::Unshown) -> String {
    if u.from.is_empty() {
        return u.event.event.clone();
    }
    format!(
        "{} {}/s from {}",
        u.event.event,
        crate::text::numbers::number(u.rate_per_s, 1),
        crate::text::english::and_list(&u.from)
    )
}

/// Routes every row of the mix: a flow's runs carry its steps and events, a service's share
/// enters there through the edge, and what nothing routes spreads over the entry points.
/// Returns the rates and, by event, the flows publishing it.
pub(super) fn route<'g, 'm>(
    graph: &'g Graph<'m>,
    mix_rows: &[MixRow],
    peak: f64,
    assumptions: &mut Vec<Assumption>,
) -> (Rates<'g, 'm>, BTreeMap<String, Vec<FlowShare>>) {
    let mut rates = Rates {
        graph,
        nodes: BTreeMap::new(),
        calls: vec![0.0; graph.calls.len()],
        gateway_split: false,
        per_request: Vec::new(),
        frames_in: BTreeMap::new(),
        frames_out: BTreeMap::new(),
        actions: BTreeMap::new(),
        callbacks: BTreeMap::new(),
        callbacks_at: BTreeMap::new(),
        outside: Default::default(),
        run: mix_rows
            .iter()
            .filter(|r| r.route == "flow")
            .flat_map(|r| r.through.iter().cloned())
            .chain(
                graph
                    .flows
                    .iter()
                    .filter(|f| f.triggered_by.is_some())
                    .map(|f| f.name.clone()),
            )
            .collect(),
    };
    let mut event_rates: BTreeMap<String, Vec<FlowShare>> = BTreeMap::new();
    let mut edge = if mix_rows.is_empty() { peak } else { 0.0 };
    for row in mix_rows {
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
        spread_at_edge(graph, edge, &mut rates, assumptions);
    }
    triggered(graph, &mut rates, &mut event_rates);
    (rates, event_rates)
}

/// Runs each flow an event starts (`triggered_by`) once per such event. A flow whose trigger
/// another waiting flow publishes waits for it, so a chain of such flows adds up in order.
fn triggered(graph: &Graph, rates: &mut Rates, events: &mut BTreeMap<String, Vec<FlowShare>>) {
    let mut waiting: Vec<&Flow> = graph
        .flows
        .iter()
        .filter(|f| f.triggered_by.is_some())
        .collect();
    while !waiting.is_empty() {
        let publishes = |f: &Flow, event: &str| f.steps.iter().any(|s| s.action == event);
        let next = waiting
            .iter()
            .position(|f| {
                let on = f.triggered_by.as_deref().unwrap_or_default();
                !waiting.iter().any(|w| publishes(w, on))
            })
            .unwrap_or(0);
        let flow = waiting.remove(next);
        let on = flow.triggered_by.as_deref().unwrap_or_default();
        let runs = super::events::rates_of(graph, &rates.nodes, events)
            .get(on)
            .copied()
            .unwrap_or(0.0);
        flow_rates(graph, flow, runs, rates, events);
    }
}

impl Rates<'_, '_> {
    /// Adds `rate` frames a second to the holder of the client stream step `s` travels on, if
    /// it travels on one (an asynchronous step on a WebSocket or SSE link); whether it does.
    fn frame(&mut self, s: &crate::derive::graph::FlowStep, rate: f64) -> bool {
        let Some(c) = self.graph.calls.iter().find(|c| {
            s.r#async
                && c.stream
                && ((c.from == s.from && c.to == s.to) || (c.from == s.to && c.to == s.from))
        }) else {
            return false;
        };
        let (map, holder) = if c.to == s.to {
            (&mut self.frames_in, &s.to)
        } else {
            (&mut self.frames_out, &s.from)
        };
        *map.entry(holder.clone()).or_default() += rate;
        true
    }

    /// Adds `rate` callbacks a second of the step `s`, from an external system, to its
    /// receiver and to the gateway `via` they enter through, and to the call between them.
    fn callback(&mut self, s: &crate::derive::graph::FlowStep, via: Option<&str>, rate: f64) {
        *self.nodes.entry(s.to.clone()).or_default() += rate;
        *self
            .actions
            .entry((s.to.clone(), s.action.clone()))
            .or_default() += rate;
        *self
            .callbacks
            .entry((s.from.clone(), s.to.clone()))
            .or_default() += rate;
        *self.callbacks_at.entry(s.to.clone()).or_default() += rate;
        let Some(g) = via else { return };
        *self.nodes.entry(g.to_owned()).or_default() += rate;
        *self.callbacks_at.entry(g.to_owned()).or_default() += rate;
        let graph = self.graph;
        if let Some(i) =
            (graph.calls.iter()).position(|c| c.from == g && c.to == s.to && !c.background)
        {
            self.calls[i] += rate;
        }
    }

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

    /// What routing assumed: the share of branches no flow states, a gateway's even split,
    /// and one call per request for the calls no flow names.
    pub(super) fn assume(&mut self, assumptions: &mut Vec<Assumption>) {
        self.outside.assume(assumptions);
        let graph = self.graph;
        let all: Vec<crate::derive::branches::Unstated> =
            crate::derive::branches::unstated(graph.model)
                .into_iter()
                .filter(|u| self.run.contains(&u.flow))
                .collect();
        let unstated: Vec<String> = all
            .iter()
            .map(|u| format!("{}: {} {}", u.flow, u.label, u.shown()))
            .collect();
        if !unstated.is_empty() {
            let rules: Vec<String> = [
                (
                    ".alt[",
                    "an alt's unstated branches split what the stated ones leave evenly",
                ),
                (".opt.", "an opt runs half the time"),
                (".loop.", "a loop runs once a run"),
            ]
            .iter()
            .filter(|(kind, _)| {
                all.iter().any(|u| {
                    u.key
                        .rsplit_once(kind)
                        .is_some_and(|(_, rest)| !rest.contains(".steps"))
                })
            })
            .map(|(_, rule)| (*rule).to_owned())
            .collect();
            let why = format!(
                "the model does not say how often these branches run: {}",
                crate::text::english::and_list(&rules)
            );
            assumptions.push(Assumption::new(
                "capacity.branch-shares",
                format!(
                    "of the runs reaching each branch, {}",
                    unstated.join("; ")
                ),
                &why,
                "request rates of the services and calls inside branches; events per second; journey availability",
                "communication.flows[].steps[].alt[].share",
            ));
        }
        if self.gateway_split {
            assumptions.push(Assumption::new(
                "capacity.gateway-split",
                "a gateway's requests split evenly over its routes".into(),
                "no use case's flow or service says which route its requests take",
                "request rates of the services behind the gateway",
                "requirements.use_cases[].served_by",
            ));
        }
        if !self.per_request.is_empty() {
            self.per_request.sort_unstable();
            assumptions.push(Assumption::new(
                "capacity.calls-per-request",
                format!(
                    "one call per request its caller serves, for the calls in no flow a use case runs: {}",
                    call_names(graph, &self.per_request)
                ),
                "no flow a use case runs names these calls, so nothing says which requests make them; the calls a flow names carry only the rate of the use cases running it",
                "request rates of called services; bulkheads",
                "requirements.use_cases[].served_by (a flow that names the call)",
            ));
        }
    }

    /// The rate of each call, background calls in no flow a use case runs at one per event
    /// their caller consumes (`consumed`, by service), and those a flow makes while handling a
    /// message at one more per event of `events` their caller consumes that no flow shows it
    /// handling (what its handlers are timed with); their callees gain that rate too.
    pub(super) fn with_background(
        &mut self,
        events: &[super::EventLoad],
        assumptions: &mut Vec<Assumption>,
    ) -> Vec<f64> {
        let graph = self.graph;
        let mut calls = self.calls.clone();
        let mut per_event = Vec::new();
        let mut handled = Vec::new();
        for (i, c) in graph.calls.iter().enumerate() {
            if c.by_job {
                // Its job's rate alone: see `with_jobs`.
                continue;
            } else if c.background && !in_a_flow(graph, &self.run, i) {
                let (rate, names) = handled_with(graph, i, events);
                calls[i] = rate;
                *self.nodes.entry(c.to.clone()).or_default() += calls[i];
                if calls[i] > 0.0 {
                    per_event.push(format!(
                        "{} ({})",
                        call_names(graph, &[i]),
                        names.join(", ")
                    ));
                }
            } else if c.background && !c.by_job && !c.stream && graph.in_handler(i) {
                let unshown = super::unshown::events(graph, &c.from, events);
                let extra: f64 = unshown.iter().map(|u| u.rate_per_s).sum();
                if extra > 0.0 {
                    calls[i] += extra;
                    *self.nodes.entry(c.to.clone()).or_default() += extra;
                    let names: Vec<String> = unshown.iter().map(unshown_name).collect();
                    handled.push(format!(
                        "{} ({})",
                        call_names(graph, &[i]),
                        names.join(", ")
                    ));
                }
            }
        }
        if !handled.is_empty() {
            assumptions.push(Assumption::new(
                "capacity.calls-per-unshown-event",
                format!(
                    "one call per event its caller consumes that no flow shows it handling, beside the calls the flows name: {}",
                    handled.join("; ")
                ),
                "no flow shows these deliveries, so each is taken to make the call, as the handler times and partitions already count it",
                "request rates of called services; provider limits; bulkheads",
                "communication.flows (a step delivering the event, with the calls it makes)",
            ));
        }
        if !per_event.is_empty() {
            assumptions.push(Assumption::new(
                "capacity.calls-per-event",
                format!(
                    "one call per event its caller handles with it, for the background calls in no flow a use case runs: {}",
                    per_event.join("; ")
                ),
                "no flow a use case runs names these calls, so their rate is bounded by the events that wake the caller",
                "request rates of called services; bulkheads",
                "communication.flows (a step for the call)",
            ));
        }
        calls
    }
}

/// The part of a call's rate a job makes (`performance.jobs[].calls`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct JobShare {
    /// The job.
    pub job: String,
    /// Its calls a second at peak.
    pub rate_rps: f64,
    /// The event each of which gives it one item (`items_from`): it makes the call once per
    /// item, not once a run.
    pub items_from: Option<String>,
    /// For a job taking items: the items a run takes on average at peak, the rate times its
    /// period, sent together.
    pub per_run: Option<f64>,
    /// For a job taking items, the share of them that make the call, in percent, where a flow
    /// shows the event's handler making it on fewer than all its deliveries.
    pub share_pct: Option<f64>,
    /// For a run sent at once to a provider that caps its rate: calls a second it goes out at,
    /// the cap less `others_rps`; zero where the others use the whole cap (see
    /// [`super::pacing`]).
    pub pace_rps: Option<f64>,
    /// The provider's calls a second at peak from everything but this job.
    pub others_rps: f64,
}

impl Rates<'_, '_> {
    /// Adds to each call a job makes its job's rate, the handlers' rate beside it: one call a
    /// run, or one per item where the job takes one per event (`items_from`, at that event's
    /// rate). Its callee gains that rate too. Returns each call's job part.
    pub(super) fn with_jobs(
        &mut self,
        calls: &mut [f64],
        events: &[super::EventLoad],
        assumptions: &mut Vec<Assumption>,
    ) -> Vec<Option<JobShare>> {
        let graph = self.graph;
        let mut per_item = Vec::new();
        let (mut piled, mut per_run_assumed) = (Vec::new(), Vec::new());
        let mut shares = vec![None; calls.len()];
        for (i, c) in graph.calls.iter().enumerate() {
            let Some(j) = c.job else { continue };
            let job = &graph.model.performance.jobs[j];
            let runs = crate::derive::graph::job_runs_per_s(graph.model, j);
            let mut share_pct = None;
            let rate = match &job.items_from {
                Some(e) => {
                    // Where a flow shows the event's handler making the call on a share of
                    // its deliveries (an SMS only with consent), the job's items make it on
                    // the same share; else every item makes it.
                    let handled = crate::derive::handlers::calls_of(graph, &c.from, e);
                    let shown = handled.iter().find(|(k, _)| *k == i).map(|(_, s)| *s);
                    match shown {
                        None => per_item.push(format!("{} ({e})", call_names(graph, &[i]))),
                        Some(x) if x < 1.0 => share_pct = Some((x * 1000.0).round() / 10.0),
                        Some(_) => {}
                    }
                    let peak = (events.iter().filter(|x| &x.event == e))
                        .map(|x| x.rate_per_s)
                        .fold(0.0, f64::max);
                    // A stated run's worth comes every run; else the event's peak piles up.
                    let items = match (job.items_per_run, runs) {
                        (Some(n), Some(r)) => f64::from(n) * r,
                        // A stated size with no schedule to run it on: the items as they come.
                        (Some(_), None) => peak,
                        (None, _) => {
                            if !piled.contains(&job.name) {
                                piled.push(job.name.clone());
                                per_run_assumed.push(piled_items(job, e, peak, runs));
                            }
                            peak
                        }
                    };
                    items * shown.unwrap_or(1.0)
                }
                None => runs.unwrap_or(0.0),
            };
            calls[i] += rate;
            *self.nodes.entry(c.to.clone()).or_default() += rate;
            shares[i] = Some(JobShare {
                job: job.name.clone(),
                rate_rps: rate,
                per_run: job
                    .items_from
                    .as_ref()
                    .and(runs)
                    .map(|r| (rate / r).round()),
                items_from: job.items_from.clone(),
                share_pct,
                ..JobShare::default()
            });
        }
        if !per_run_assumed.is_empty() {
            assumptions.push(Assumption::new(
                "capacity.job-items-per-run",
                per_run_assumed.join("; "),
                "the model does not say how many items a run takes at most; items that come due by a rule of their own (an appointment's start time, a renewal date) rather than as the event arrives make runs of another size",
                "the job's calls a second, its burst to each provider and the time it takes to send",
                "performance.jobs[].items_per_run",
            ));
        }
        if !per_item.is_empty() {
            assumptions.push(Assumption::new(
                "capacity.job-calls-per-item",
                format!(
                    "one call per item, to each component the job calls that no flow shows the event's handler calling on a share of its deliveries, at the peak rate of the event that gives it items: {}",
                    per_item.join("; ")
                ),
                "the model says which event gives a job its items; where no flow shows which share of that event's handling makes a call, every item is taken to make it",
                "request rates of called services; provider limits",
                "performance.jobs[].items_from",
            ));
        }
        shares
    }
}

/// A flow run `rate` times a second: its steps that match a call are calls, its events published,
/// each at the share of the runs its branches take (see [`crate::derive::branches`]); a
/// `loop` counts once. An event published in several branches counts once per run at most.
pub(super) fn flow_rates(
    graph: &Graph,
    flow: &Flow,
    rate: f64,
    rates: &mut Rates,
    events: &mut BTreeMap<String, Vec<FlowShare>>,
) {
    let mut published: BTreeMap<&str, (f64, bool)> = BTreeMap::new();
    // Of each event, the share of runs publishing it before the outside world's pace.
    let mut unpaced: BTreeMap<&str, f64> = BTreeMap::new();
    let paces = super::outside_pace::paces(flow, rate);
    for (s, pace) in flow.steps.iter().zip(paces) {
        (rates.outside).record(graph, flow, s, rate * pace * s.share, rate * s.share);
        let rate = rate * pace;
        let published_here = graph
            .events
            .iter()
            .any(|e| e.name == s.action && e.publisher == s.from);
        // A frame on a client's stream (an asynchronous step on a WebSocket or SSE link) is no
        // request: it loads the stream's holder as frames. A request to the same service (a
        // synchronous step) stays a request.
        if rates.frame(s, rate * s.share) {
            continue;
        }
        // A callback an external system sends (a signed webhook) is a request to its receiver,
        // through the gateway it enters by.
        if let Some(via) = callback_via(graph, &s.from, &s.to) {
            rates.callback(s, via, rate * s.share);
            continue;
        }
        // A call made in the request, or a background call sent later from an outbox or job.
        let call = graph
            .calls
            .iter()
            .position(|c| c.from == s.from && c.to == s.to && (!s.r#async || c.background));
        if graph.kind(&s.to) == "broker" || call.is_none() && s.r#async {
            if published_here {
                let p = published.entry(&s.action).or_default();
                *p = (p.0 + s.share * pace, p.1 || s.share_assumed);
                *unpaced.entry(&s.action).or_default() += s.share;
            }
            continue;
        }
        if let Some(i) = call {
            rates.calls[i] += rate * s.share;
        }
        *rates.nodes.entry(s.to.clone()).or_default() += rate * s.share;
        let step = (s.to.clone(), s.action.clone());
        *rates.actions.entry(step).or_default() += rate * s.share;
    }
    // A compensation that publishes an event of its service (`Cancel the order and publish
    // OrderCancelled`) does so on the runs where its trigger event is published.
    for s in flow.steps.iter().filter(|s| !s.compensation.is_empty()) {
        let Some((on, on_assumed)) = compensation_share(&s.compensate_on, &published) else {
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
        let whole = unpaced.get(event).copied().unwrap_or(share);
        let f = flow_share(&flow.name, rate, (share, whole), assumed);
        events.entry(event.to_owned()).or_default().push(f);
    }
}

/// An event a flow run `rate` times a second publishes on `share` of its runs (`whole` of them
/// before the outside world's pace): a paced event counts at the pace's runs with its share
/// of them, so its rate is the same either way and the share stays what the branches say.
fn flow_share(flow: &str, rate: f64, (share, whole): (f64, f64), assumed: bool) -> FlowShare {
    let pace = if whole > share && whole > 0.0 {
        share / whole
    } else {
        1.0
    };
    FlowShare {
        flow: flow.to_owned(),
        runs_per_s: rate * pace,
        share: (share / pace).min(1.0) * 100.0,
        assumed,
    }
}

/// Where `from` is an external system sending `to` messages over a link of its own (a
/// webhook): the gateway they enter through, if any.
fn callback_via<'m>(graph: &Graph<'m>, from: &str, to: &str) -> Option<Option<&'m str>> {
    if graph.kind(from) != "external" {
        return None;
    }
    let l = (graph.model.communication.links.iter()).find(|l| {
        l.from == from && l.to == to && l.style == Some(crate::model::LinkStyle::Async)
    })?;
    Some(l.via.as_deref())
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

/// The share of a flow's runs on which any of `triggers` is published (summed, at most all of
/// them), and whether a share on the way was assumed; none when no trigger is published.
fn compensation_share(
    triggers: &[String],
    published: &BTreeMap<&str, (f64, bool)>,
) -> Option<(f64, bool)> {
    let found: Vec<(f64, bool)> = triggers
        .iter()
        .filter_map(|t| published.get(t.as_str()).copied())
        .collect();
    if found.is_empty() {
        return None;
    }
    let on = found.iter().map(|t| t.0).sum::<f64>().min(1.0);
    Some((on, found.iter().any(|t| t.1)))
}

/// How a job taking items from `event` is assumed to size its runs: the event's peak rate
/// times the time between runs.
fn piled_items(job: &crate::model::Job, event: &str, peak: f64, runs: Option<f64>) -> String {
    match runs.filter(|r| *r > 0.0) {
        Some(r) => format!(
            "{} takes about {} items a run: {event}'s peak of {}/s piled up over the {} between runs",
            job.name,
            crate::text::numbers::thousands(peak / r),
            crate::text::numbers::number(peak, 2),
            crate::text::numbers::duration(1000.0 / r)
        ),
        None => format!(
            "{} takes {event}'s peak of {}/s",
            job.name,
            crate::text::numbers::number(peak, 2)
        ),
    }
}

//! The call graph the derivations work on: each component's kind, the synchronous calls as
//! the view resolved them, and the flows' steps. Built once by the view, read by the
//! resilience, capacity and availability derivations.

use crate::model::Model;

/// One synchronous call between two components.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    /// The caller.
    pub from: String,
    /// The callee.
    pub to: String,
    /// Made from background work (a consumer or a job), off every request's budget.
    pub background: bool,
    /// A long-lived stream (WebSocket, SSE) rather than a request.
    pub stream: bool,
    /// Its index in `communication.links`.
    pub link: usize,
    /// The job that makes it (`performance.jobs[].calls`), by index, whether or not a handler
    /// makes it too.
    pub job: Option<usize>,
    /// Whether only a job makes it: a job lists it and no flow shows its caller making it
    /// while handling a request or a message.
    pub by_job: bool,
}

/// The job of `from` that calls `to` (its index in `performance.jobs`), and whether only that
/// job makes the call: no flow shows `from` calling `to`.
pub fn job_call(model: &Model, from: &str, to: &str) -> (bool, Option<usize>) {
    let job = (model.performance.jobs.iter())
        .position(|j| j.service == from && j.calls.iter().any(|c| c == to));
    let shown = job.is_some()
        && (model.communication.flows.iter()).any(|f| {
            f.walk()
                .iter()
                .any(|w| w.step.from == from && w.step.to == to)
        });
    (job.is_some() && !shown, job)
}

/// The runs a second of job `j`, when its schedule gives a period.
pub fn job_runs_per_s(model: &Model, j: usize) -> Option<f64> {
    (model.performance.jobs[j].schedule.as_deref())
        .and_then(|s| super::schedule::period_minutes(s).ok())
        .map(|m| 1.0 / (f64::from(m) * 60.0))
}

/// One step of a flow, its direction resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct FlowStep {
    /// Who acts.
    pub from: String,
    /// Who receives.
    pub to: String,
    /// What happens: an operation or an event's name.
    pub action: String,
    /// Whether the step is asynchronous.
    pub r#async: bool,
    /// The fraction of the flow's runs on which it runs: below 1 inside an `alt` branch or an
    /// `opt` block (see [`super::branches`]).
    pub share: f64,
    /// Whether a branch share on the way to it was assumed rather than stated.
    pub share_assumed: bool,
    /// The innermost branch around it ([`super::branches::branch_path`]).
    pub branch: String,
    /// Whether it is a step of the flow itself, outside every block: every later step follows
    /// it.
    pub trunk: bool,
    /// What undoes it, e.g. `Cancel the order and publish OrderCancelled`; empty if nothing.
    pub compensation: String,
    /// The events or branches that trigger the compensation, any of them.
    pub compensate_on: Vec<String>,
    /// Whether its actor makes it after answering the calls that reached it (`after_reply`):
    /// from an outbox or a task, not while handling a request or a message.
    pub after_reply: bool,
    /// Its own peak rate when the outside world paces it (`paced_per_second`).
    pub paced_per_second: Option<f64>,
    /// Its model path below the flow, e.g. `steps/2/alt/1/steps/0`.
    pub path: String,
}

/// A flow: its name and its calls and messages in order (blocks flattened).
#[derive(Debug, Clone, PartialEq)]
pub struct Flow {
    /// The flow's name.
    pub name: String,
    /// The event each run answers, for work no user starts (`triggered_by`).
    pub triggered_by: Option<String>,
    /// The steps in order.
    pub steps: Vec<FlowStep>,
}

/// A published event, its topic and broker resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct EventInfo {
    /// The event's name.
    pub name: String,
    /// The service publishing it.
    pub publisher: String,
    /// Its topic or channel.
    pub topic: String,
    /// The broker's technology, when it goes through one.
    pub broker: Option<String>,
    /// Hours the broker keeps it, when the model states them for that broker.
    pub retention_hours: Option<u32>,
    /// Whether `retention_hours` is the event's own (`publishes[].retention_hours`), not its
    /// broker's.
    pub retention_own: bool,
    /// The payload field that orders it (its partition or ordering key), if any.
    pub key: Option<String>,
    /// The services consuming it.
    pub consumers: Vec<String>,
    /// Its payload fields.
    pub fields: Vec<crate::model::Field>,
}

/// The model with its calls and flows resolved.
pub struct Graph<'m> {
    /// The model.
    pub model: &'m Model,
    /// Every synchronous call, in model order.
    pub calls: Vec<Call>,
    /// Every flow, in model order.
    pub flows: Vec<Flow>,
    /// Every published event, in publisher order.
    pub events: Vec<EventInfo>,
}

impl<'m> Graph<'m> {
    /// The graph of `model`'s resolved `calls`, `flows` and `events`. A call from a worker,
    /// or from a service that nobody calls synchronously, is made from background work
    /// whatever the link says: no request waits for it.
    pub fn new(
        model: &'m Model,
        calls: Vec<Call>,
        flows: Vec<Flow>,
        events: Vec<EventInfo>,
    ) -> Self {
        let mut g = Graph {
            model,
            calls,
            flows,
            events,
        };
        let background: Vec<bool> = g
            .calls
            .iter()
            .map(|c| {
                let kind = g.kind(&c.from);
                c.background
                    || kind == "worker"
                    || (matches!(kind, "service" | "legacy")
                        && !g.calls.iter().any(|x| x.to == c.from))
            })
            .collect();
        for (c, b) in g.calls.iter_mut().zip(background) {
            c.background = b;
        }
        g
    }

    /// `client`, `gateway`, `bff`, `service`, `worker`, `legacy`, `external`, `broker` or
    /// `unknown`, as the view names kinds.
    pub fn kind(&self, name: &str) -> &'static str {
        let m = self.model;
        if let Some(s) = m.services.iter().find(|s| s.name == name) {
            return crate::text::variant(&s.kind);
        }
        if m.clients.iter().any(|c| c.name == name) {
            "client"
        } else if m.externals.iter().any(|e| e.name == name) {
            "external"
        } else if m.communication.brokers.iter().any(|b| b.name == name) {
            "broker"
        } else {
            "unknown"
        }
    }

    /// Calls `name` makes while answering a request (not from background work, not streams),
    /// with their index in [`Graph::calls`].
    pub fn request_calls(&self, name: &str) -> impl Iterator<Item = (usize, &Call)> {
        let name = name.to_owned();
        self.calls
            .iter()
            .enumerate()
            .filter(move |(_, c)| c.from == name && !c.background && !c.stream)
    }

    /// Whether `name` is called synchronously on a request path by anyone.
    pub fn has_request_callers(&self, name: &str) -> bool {
        self.calls
            .iter()
            .any(|c| c.to == name && !c.background && !c.stream)
    }

    /// Whether some flow makes call `i` after its caller answered a request (`after_reply`):
    /// from an outbox or a task, not while handling a message.
    pub fn after_reply(&self, i: usize) -> bool {
        let c = &self.calls[i];
        (self.flows.iter().flat_map(|f| &f.steps))
            .any(|s| s.after_reply && s.from == c.from && s.to == c.to)
    }

    /// Whether call `i` is sent from its caller's outbox by a polling relay: some flow shows it
    /// `async: true` and `communication.outbox_relay` is `polling`.
    pub fn from_outbox(&self, i: usize) -> bool {
        let c = &self.calls[i];
        super::open::polling(self.model.communication.outbox_relay.as_deref())
            && !c.stream
            && !c.by_job
            && self.kind(&c.from) != "client"
            && (self.flows.iter().flat_map(|f| &f.steps))
                .any(|s| s.r#async && s.from == c.from && s.to == c.to)
    }

    /// Whether call `i` is sent [from its caller's outbox](Self::from_outbox) by the relay that
    /// publishes its events (`communication.outbox_calls` is not `apart`). That relay runs on
    /// one replica at a time (it holds a lock, as the pooling advice says), so that one replica
    /// makes every such call, and reads its rows in order, so each call waits for the one
    /// before it.
    pub fn by_relay(&self, i: usize) -> bool {
        self.from_outbox(i)
            && self.model.communication.outbox_calls != Some(crate::model::OutboxCalls::Apart)
    }

    /// Whether some flow makes call `i` while its caller handles a message: the last step
    /// before it that reached the caller came from a broker, and it is not made after a reply.
    pub fn in_handler(&self, i: usize) -> bool {
        let c = &self.calls[i];
        self.flows.iter().any(|f| {
            f.steps.iter().enumerate().any(|(k, s)| {
                s.from == c.from
                    && s.to == c.to
                    && !s.after_reply
                    && (f.steps[..k].iter().rev())
                        .find(|p| p.to == c.from)
                        .is_some_and(|p| self.kind(&p.from) == "broker")
            })
        })
    }

    /// Whether a client calls `name` directly: it is the edge of the system.
    pub fn is_edge(&self, name: &str) -> bool {
        self.calls
            .iter()
            .any(|c| c.to == name && self.kind(&c.from) == "client")
    }
}

/// Whether a call to `name` opens a long-lived stream: its API is WebSocket or SSE.
pub fn streams_to(model: &Model, name: &str) -> bool {
    model.services.iter().any(|s| {
        s.name == name
            && matches!(
                s.api.style,
                Some(crate::model::ApiStyle::Websocket | crate::model::ApiStyle::Sse)
            )
    })
}

#[cfg(test)]
pub(crate) mod tests {
    /// Flow `f` as the call graph walks it: its calls and messages in order, blocks flattened.
    fn flow(f: &crate::model::Flow) -> super::Flow {
        super::Flow {
            name: f.name.clone(),
            triggered_by: f.triggered_by.clone(),
            steps: f
                .walk()
                .iter()
                .map(|w| {
                    let (share, share_assumed) = crate::derive::branches::step(w);
                    FlowStep {
                        from: w.step.from.clone(),
                        to: w.step.to.clone(),
                        action: w.step.action.clone(),
                        r#async: w.step.r#async.unwrap_or(false),
                        share,
                        share_assumed,
                        branch: crate::derive::branches::branch_path(w),
                        trunk: w.within.is_empty(),
                        compensation: w.step.compensation.clone(),
                        compensate_on: w.step.compensate_on.owned(),
                        after_reply: w.step.after_reply,
                        paced_per_second: w.step.paced_per_second,
                        path: w.path.clone(),
                    }
                })
                .collect(),
        }
    }

    use super::*;

    /// A model from YAML, for the derivations' tests.
    pub(crate) fn model(yaml: &str) -> Model {
        serde_yaml::from_str(yaml).expect("test model parses")
    }

    /// A model from the YAML after its `version` and `name` lines.
    pub(crate) fn named(yaml: &str) -> Model {
        model(&format!("version: 1\nname: t\n{yaml}"))
    }

    /// The sync calls of `model`'s links, none background unless the link says so, a stream
    /// where the callee's API is WebSocket or SSE (as the view decides).
    pub(crate) fn graph(model: &Model) -> Graph<'_> {
        let calls = model
            .communication
            .links
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let (by_job, job) = job_call(model, &l.from, &l.to);
                Call {
                    from: l.from.clone(),
                    to: l.to.clone(),
                    background: l.background,
                    stream: streams_to(model, &l.to),
                    link: i,
                    job,
                    by_job,
                }
            })
            .collect();
        let flows = model.communication.flows.iter().map(flow).collect();
        let events = model
            .services
            .iter()
            .flat_map(|s| {
                s.publishes.iter().map(|e| EventInfo {
                    name: e.name.clone(),
                    publisher: s.name.clone(),
                    topic: e.topic.clone().unwrap_or_else(|| e.name.clone()),
                    broker: model
                        .communication
                        .brokers
                        .first()
                        .map(|b| b.technology.clone()),
                    retention_hours: e.retention_hours.or_else(|| {
                        let first = model.communication.brokers.first();
                        first.and_then(|b| b.retention_hours)
                    }),
                    retention_own: e.retention_hours.is_some(),
                    key: e.key.clone(),
                    consumers: model
                        .services
                        .iter()
                        .filter(|c| c.consumes.contains(&e.name))
                        .map(|c| c.name.clone())
                        .collect(),
                    fields: e.fields.clone(),
                })
            })
            .collect();
        Graph::new(model, calls, flows, events)
    }

    #[test]
    fn kinds_and_request_calls() {
        let m = model(
            "version: 1\nname: t\nrequirements: {domain: d}\nclients: [{name: web}]\nservices:\n  - {name: gw, kind: gateway, responsibility: r}\n  - {name: a, responsibility: r}\ncommunication:\n  links:\n    - {from: web, to: gw}\n    - {from: gw, to: a}\n    - {from: a, to: gw, background: true}\n",
        );
        let g = graph(&m);
        assert_eq!(
            (g.kind("web"), g.kind("gw"), g.kind("x")),
            ("client", "gateway", "unknown")
        );
        assert_eq!(g.request_calls("a").count(), 0);
        assert!(g.is_edge("gw") && !g.is_edge("a"));
        assert!(g.has_request_callers("a"));
        // A service nobody calls synchronously calls from background work.
        let m = model(
            "version: 1\nname: t\nrequirements: {domain: d}\nservices:\n  - {name: a, responsibility: r}\n  - {name: b, responsibility: r}\ncommunication:\n  links: [{from: a, to: b}]\n",
        );
        assert!(graph(&m).calls[0].background);
    }

    #[test]
    fn a_call_is_made_in_a_handler_unless_it_follows_a_reply() {
        let yaml = |after: &str| {
            format!(
                "version: 1\nname: t\nrequirements: {{domain: d}}\nservices:\n  - {{name: a, responsibility: r, publishes: [{{name: Done}}]}}\n  - {{name: b, responsibility: r, consumes: [Done]}}\nexternals: [{{name: x}}]\ncommunication:\n  brokers: [{{name: k}}]\n  links: [{{from: b, to: x}}]\n  flows:\n    - name: f\n      steps:\n        - {{from: a, to: k, action: Done}}\n        - {{from: k, to: b, action: Done}}\n        - {{from: b, to: x, action: call{after}}}\n"
            )
        };
        let m = model(&yaml(""));
        let g = graph(&m);
        assert!(g.in_handler(0) && !g.after_reply(0));
        let m = model(&yaml(", after_reply: true"));
        let g = graph(&m);
        assert!(!g.in_handler(0) && g.after_reply(0));
    }
}

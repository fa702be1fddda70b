//! The key flows for templates: every call and message in order, numbered, with the blocks
//! (`alt`, `opt`, `par`, `loop`) it opens and closes, its response, and what compensates it.

use super::links::LinkView;
use super::nodes::{NodeRef, Nodes};
use crate::model::{BlockKind, Branch, Model, Walked};
use crate::text::names::{self, Namer};
use serde::Serialize;

/// A key flow.
#[derive(Debug, Clone, Serialize)]
pub struct FlowView {
    /// Name.
    pub name: String,
    /// Unique file slug.
    pub slug: String,
    /// Description.
    pub description: String,
    /// `orchestration`, `choreography`, or none.
    pub saga: Option<String>,
    /// Its calls and messages in order, blocks flattened (each step says which it opens).
    pub steps: Vec<StepView>,
    /// Participants in order of first appearance.
    pub participants: Vec<NodeRef>,
    /// Whether any step has a compensation.
    pub has_compensation: bool,
    /// The compensations grouped by what triggers them, in the order their first step is
    /// undone (reverse step order); untriggered ones ("if a later step fails") in a group
    /// with an empty trigger.
    pub compensations: Vec<super::compensations::CompensationGroup>,
    /// Whether any step is inside an `alt` branch or an `opt` block (runs only sometimes).
    pub has_branches: bool,
    /// Its documents by id, filled in by the renderer.
    pub docs: std::collections::BTreeMap<String, String>,
    /// Its deadline, when the model gives one.
    pub deadline: Option<DeadlineView>,
    /// The events it publishes whose consumers it shows only in part.
    pub missing_deliveries: Vec<super::flow_deliveries::MissingDelivery>,
    /// The route it enters by: its first client call's method and path, without the query
    /// (`GET /v1/appointments`); empty when no client call starts it.
    pub route: String,
}

/// A flow's deadline and how late the job that enforces it may notice.
#[derive(Debug, Clone, Serialize)]
pub struct DeadlineView {
    /// Minutes after the flow starts.
    pub minutes: u32,
    /// What happens then; empty when the model does not say.
    pub outcome: String,
    /// The job that enforces it; none when a timer per flow does.
    pub job: Option<String>,
    /// The job's cron schedule.
    pub schedule: Option<String>,
    /// The longest wait between two runs of the job (`derive::schedule`); none without a
    /// readable schedule.
    pub period_minutes: Option<u32>,
    /// The longest a message of the flow can be redelivered to one of its consumers before it
    /// is dead-lettered (`derive::delivery`), in whole minutes rounded up; none when no step
    /// is a consumer's message.
    pub redelivery_minutes: Option<u32>,
    /// The consumer and message of that longest redelivery.
    pub redelivered: Option<String>,
    /// The flow's messages that a consumer gives up on before the deadline with nothing to
    /// bring them back (dropped, or dead-lettered with no redrive): a run whose message fails
    /// that long waits, with nothing retrying it, for the deadline's outcome.
    pub abandoned: Vec<Abandoned>,
    /// Those messages as one phrase: `StockReserved to payments after 18 min 31 s and …`.
    pub abandoned_text: String,
    /// What becomes of them: `dropped`, `dead-lettered with no redrive`, or both.
    pub abandoned_how: &'static str,
    /// The flow's messages that can reach a consumer after the deadline, each `[event,
    /// consumer]`: redelivered past it, or redriven from a dead-letter queue. Their handlers
    /// must change nothing for a run given up.
    pub late: Vec<[String; 2]>,
}

/// A flow's message given up on before its deadline, with no way back.
#[derive(Debug, Clone, Serialize)]
pub struct Abandoned {
    /// The event and its consumer, e.g. `StockReserved to payments`.
    pub message: String,
    /// When, in words: `after 18 min 31 s` (first delivery to the last), or `at its first
    /// failure` when it is delivered once.
    pub span: String,
    /// Whether it is dropped rather than dead-lettered.
    pub dropped: bool,
    /// Where the count of deliveries is stated or would be (a JSON pointer).
    pub attempts_at: String,
}

/// A call or message of a flow.
#[derive(Debug, Clone, Serialize)]
pub struct StepView {
    /// 1-based position among the flow's calls and messages.
    pub number: usize,
    /// Who acts.
    pub from: NodeRef,
    /// Who receives.
    pub to: NodeRef,
    /// What happens.
    pub action: String,
    /// The gateway the step enters through (its link's `via`), or the change data capture
    /// relay an outboxed event leaves through, drawn between its ends: it reaches that, which
    /// passes it on.
    pub via: Option<NodeRef>,
    /// What `via` does with it: `routes it`, `publishes the committed row`; empty without one.
    pub via_says: &'static str,
    /// Whether it is asynchronous.
    pub r#async: bool,
    /// Whether its actor has answered the calls that reached it first (`after_reply`).
    pub after_reply: bool,
    /// For a step after its actor's reply that is not an outboxed event: whether what the
    /// actor answered first was a message it handled, not a request (see
    /// [`super::after_reply`]).
    pub after_message: bool,
    /// Whether it is an event its actor writes to its outbox, in the transaction of the
    /// request or message it handles, for a relay to publish once that commits.
    pub outboxed: bool,
    /// For an outboxed event, whose transaction writes it: `the request it handles`, `the
    /// message it handles`, the one recording the answer to a call its actor sent from the
    /// outbox (`the one that records Warehouse system's answer`), or a run of the job its
    /// branch names (`a run of its cancel-displaced job`); empty otherwise.
    pub outbox_in: String,
    /// The response the callee returns; empty when the model names none.
    pub returns: String,
    /// What undoes it.
    pub compensation: String,
    /// The events or branches that trigger the compensation, as prose (`A or B`); empty when
    /// the model names none.
    pub compensate_on: String,
    /// The same, one name each.
    pub triggers: Vec<String>,
    /// The branches that start right before this step, outermost first.
    pub opens: Vec<OpenView>,
    /// How many blocks end right after this step.
    pub closes: usize,
    /// The replies drawn before this step (and before the branches it opens): the calls that
    /// are over once it starts.
    pub before: Vec<ReplyView>,
    /// What is drawn after it, in order: replies and the `end` of each block it closes.
    pub after: Vec<AfterView>,
    /// The branches enclosing it, outermost first, each as `kind` and `label`.
    pub within: Vec<OpenView>,
    /// The conditions of the branches enclosing it, outermost first, e.g. `payment declined`;
    /// `par` branches without a condition are left out.
    pub guards: Vec<String>,
    /// Whether it runs on every run of the flow (not inside an `alt` branch or `opt`).
    pub certain: bool,
    /// The percentage of the flow's runs on which it runs: the product of its enclosing
    /// branches' shares (`derive::branches`).
    pub share: f64,
    /// Whether a share on the way to it was assumed rather than stated.
    pub share_assumed: bool,
    /// The model path of the innermost `alt` branch or `opt` block around it; empty when it
    /// runs on every run.
    pub branch: String,
    /// Its own model path below the flow, e.g. `steps/2/alt/1/steps/0`.
    pub path: String,
    /// Its own peak rate when the outside world paces it (`paced_per_second`).
    pub paced_per_second: Option<f64>,
    /// What happens when its callee fails, for a call to an external system or one the model
    /// gives a fallback (see [`super::flow_failures`]).
    pub fails: Option<super::flow_failures::FailBranch>,
}

/// A response drawn back to the caller.
#[derive(Debug, Clone, Serialize)]
pub struct ReplyView {
    /// The callee, answering.
    pub from: NodeRef,
    /// The caller.
    pub to: NodeRef,
    /// The response, e.g. `201 Created`.
    pub label: String,
    /// The number of the call it answers.
    pub number: usize,
    /// The branches that start right before it, outermost first: a reply held past the end of
    /// the block its call was made in is drawn in a block of the same kind with the same
    /// conditions (`replies`), each branch holding its own replies. Empty for most replies.
    pub opens: Vec<OpenView>,
    /// How many of those blocks end right after it.
    pub closes: usize,
    /// For a reply held past the block its call was made in, the conditions of the branches
    /// around that call (its step's `guards`), for views that draw no blocks; empty for a reply
    /// drawn where its call was.
    pub guards: Vec<String>,
}

/// A line after a step: a reply, or the `end` of a block.
#[derive(Debug, Clone, Serialize)]
pub struct AfterView {
    /// The reply, when this line is one.
    pub reply: Option<ReplyView>,
    /// Whether this line ends a block.
    pub end: bool,
}

impl AfterView {
    pub(super) fn reply(r: ReplyView) -> Self {
        AfterView {
            reply: Some(r),
            end: false,
        }
    }
}

/// A branch a step opens.
#[derive(Debug, Clone, Serialize)]
pub struct OpenView {
    /// The Mermaid keyword: `alt`, `else`, `opt`, `par`, `and` or `loop`.
    pub keyword: String,
    /// The block's kind: `alt`, `opt`, `par` or `loop`.
    pub kind: String,
    /// The branch's condition (for `par`, its name when it has no condition).
    pub label: String,
    /// The branch's name; empty when it has none.
    pub name: String,
    /// For an `alt` branch or `opt` block: the percentage of the runs reaching the block that
    /// take it, stated or assumed (`derive::branches`); for a `loop`, its count a run times 100
    /// (100, assumed, when unstated); none for `par`.
    pub share: Option<f64>,
    /// Whether that share is the model's.
    pub share_stated: bool,
}

fn open_view(keyword: String, kind: BlockKind, b: &Branch, all: &[Branch]) -> OpenView {
    let share = crate::derive::branches::of(kind, b, all);
    OpenView {
        keyword,
        kind: kind.keyword().into(),
        label: label(b),
        name: b.name.clone(),
        share: share.map(|s| s.percent),
        share_stated: share.is_some_and(|s| s.stated),
    }
}

/// What step `w` to `to` passes through, and what that does with it: the gateway its link
/// enters by, which routes it, or for an event a service writes to its outbox (one of
/// `outboxed`), the change data capture `relay` of every outbox, which publishes it.
fn via(
    model: &Model,
    w: &Walked,
    to: &NodeRef,
    links: &[LinkView],
    outboxed: &[&str],
    relay: Option<&NodeRef>,
) -> (Option<NodeRef>, &'static str) {
    let gateway = (links.iter())
        .find(|l| l.from.name == w.step.from && l.to.name == w.step.to)
        .and_then(|l| l.via.clone());
    let relayed = to.kind == "broker"
        && outboxed.contains(&w.step.from.as_str())
        && !crate::derive::capture::is_captured(model, &w.step.action);
    match (gateway, relay.filter(|_| relayed)) {
        (Some(g), _) => (Some(g), "routes it"),
        (None, Some(r)) => (Some(r.clone()), "publishes the committed row"),
        (None, None) => (None, ""),
    }
}

/// The flows of `model`; a deadline is held against the redeliveries in `deliveries`.
pub(super) fn flows(
    model: &Model,
    nodes: &Nodes,
    links: &[LinkView],
    deliveries: &[crate::derive::delivery::Delivery],
) -> Vec<FlowView> {
    let mut slugs = Namer::default();
    let outboxed = crate::derive::failures::outbox_writers(model);
    let relay =
        crate::derive::open::cdc_tool(model.communication.outbox_relay.as_deref()).map(|tool| {
            NodeRef {
                name: "outbox relay".into(),
                id: super::c4::CDC_RELAY.into(),
                slug: "outbox-relay".into(),
                kind: "outbox".into(),
                label: tool.to_owned(),
                description: String::new(),
                team: None,
            }
        });
    model
        .communication
        .flows
        .iter()
        .map(|f| {
            let mut participants: Vec<NodeRef> = Vec::new();
            let mut steps: Vec<StepView> = f
                .walk()
                .iter()
                .enumerate()
                .map(|(i, w)| {
                    let (from, to) = (nodes.get(&w.step.from), nodes.get(&w.step.to));
                    let (via, via_says) = via(model, w, &to, links, &outboxed, relay.as_ref());
                    for n in [Some(&from), via.as_ref(), Some(&to)].into_iter().flatten() {
                        if !participants.iter().any(|p| p.id == n.id) {
                            participants.push(n.clone());
                        }
                    }
                    let mut view = step(i + 1, w, from, to, links);
                    view.via = via;
                    view.via_says = via_says;
                    // An event a service writes to its outbox leaves once the transaction has
                    // committed, after the reply it was written with.
                    view.outboxed = view.to.kind == "broker"
                        && outboxed.contains(&w.step.from.as_str())
                        && !crate::derive::capture::is_captured(model, &w.step.action);
                    view.after_reply |= view.outboxed;
                    view
                })
                .collect();
            super::replies::place(&mut steps);
            super::after_reply::place(&mut steps, &model.performance.jobs);
            let route = steps
                .iter()
                .find(|s| s.from.kind == "client" && !s.r#async)
                .and_then(|s| {
                    let mut words = s.action.trim().split(['?', ' ']);
                    let method = words.next()?;
                    let path = words.next().filter(|p| p.starts_with('/'))?;
                    let http = ["GET", "POST", "PUT", "PATCH", "DELETE"].contains(&method);
                    http.then(|| format!("{method} {path}"))
                })
                .unwrap_or_default();
            FlowView {
                missing_deliveries: super::flow_deliveries::missing(model, &f.name, &steps),
                route,
                name: f.name.clone(),
                slug: slugs.unique(&names::slug(&f.name, "flow"), "-"),
                description: f.description.clone(),
                saga: f.saga.map(crate::text::word),
                has_compensation: steps.iter().any(|s| !s.compensation.is_empty()),
                has_branches: steps.iter().any(|s| !s.certain),
                compensations: super::compensations::groups(&steps, model, links, &participants),
                docs: Default::default(),
                deadline: f
                    .deadline
                    .as_ref()
                    .map(|d| deadline(model, d, &steps, deliveries)),
                steps,
                participants,
            }
        })
        .collect()
}

fn deadline(
    model: &Model,
    d: &crate::model::Deadline,
    steps: &[StepView],
    deliveries: &[crate::derive::delivery::Delivery],
) -> DeadlineView {
    // A message step names the event and goes to its consumer (or through the broker to it).
    let mine: Vec<_> = deliveries
        .iter()
        .filter(|x| {
            steps
                .iter()
                .any(|s| s.to.name == x.consumer && s.action.trim() == x.event)
        })
        .collect();
    let longest = mine.iter().max_by_key(|x| x.span_ms);
    let abandoned = mine
        .iter()
        .filter(|x| x.span_ms < u64::from(d.minutes) * 60_000)
        .filter(|x| carries_run(steps, &x.consumer, &x.event))
        .filter(|x| !x.dead_letter || x.redrive.trim().is_empty())
        .map(|x| Abandoned {
            message: format!("{} to {}", x.event, x.consumer),
            span: match x.span_ms {
                0 => "at its first failure".to_owned(),
                ms => format!("after {}", crate::text::numbers::duration(ms as f64)),
            },
            dropped: !x.dead_letter,
            attempts_at: x.attempts_at.clone(),
        })
        .collect::<Vec<_>>();
    let phrases: Vec<String> = abandoned
        .iter()
        .map(|a| format!("{} {}", a.message, a.span))
        .collect();
    let job = d
        .enforced_by
        .as_ref()
        .and_then(|name| model.performance.jobs.iter().find(|j| &j.name == name));
    let schedule = job.and_then(|j| j.schedule.clone());
    DeadlineView {
        minutes: d.minutes,
        outcome: d.outcome.clone(),
        job: d.enforced_by.clone(),
        period_minutes: schedule
            .as_deref()
            .and_then(|s| crate::derive::schedule::period_minutes(s).ok()),
        schedule,
        redelivery_minutes: longest.map(|x| x.span_ms.div_ceil(60_000) as u32),
        redelivered: longest.map(|x| format!("{} to {}", x.event, x.consumer)),
        late: mine
            .iter()
            .filter(|x| {
                x.span_ms >= u64::from(d.minutes) * 60_000
                    || (x.dead_letter && !x.redrive.trim().is_empty())
            })
            .map(|x| [x.event.clone(), x.consumer.clone()])
            .collect(),
        abandoned_text: crate::text::english::and_list(&phrases),
        abandoned_how: match (
            abandoned.iter().any(|a| a.dropped),
            abandoned.iter().any(|a| !a.dropped),
        ) {
            (true, true) => "dropped or dead-lettered with no redrive",
            (true, false) => "dropped",
            _ => "dead-lettered with no redrive",
        },
        abandoned,
    }
}

/// Whether the run goes on through `consumer` handling `event`: after that message reaches
/// it, the consumer publishes a later message of the flow. A consumer that only reacts (an
/// email, a projection) leaves the run where it was, whatever happens to its message.
fn carries_run(steps: &[StepView], consumer: &str, event: &str) -> bool {
    let Some(at) = steps
        .iter()
        .position(|s| s.to.name == consumer && s.action.trim() == event)
    else {
        return false;
    };
    steps[at + 1..]
        .iter()
        .any(|s| s.from.name == consumer && s.r#async)
}

fn step(number: usize, w: &Walked, from: NodeRef, to: NodeRef, links: &[LinkView]) -> StepView {
    let s = w.step;
    let (share, share_assumed) = crate::derive::branches::step(w);
    let is_async = s.r#async.unwrap_or_else(|| {
        let between = |style: &'static str| {
            links
                .iter()
                .filter(move |l| l.from.name == s.from && l.to.name == s.to && l.style == style)
        };
        // Where both a call and events join the pair, the step is asynchronous only when its
        // action names one of the events.
        let sync_too = between("sync").next().is_some();
        to.kind == "broker"
            || from.kind == "broker"
            || between("async").any(|l| !sync_too || l.events.contains(&s.action))
    });
    StepView {
        number,
        from,
        to,
        action: s.action.clone(),
        via: None,
        via_says: "",
        r#async: is_async,
        after_reply: s.after_reply,
        path: w.path.clone(),
        paced_per_second: s.paced_per_second,
        after_message: false,
        outboxed: false,
        outbox_in: String::new(),
        returns: if is_async {
            String::new()
        } else {
            s.returns.clone()
        },
        compensation: s.compensation.clone(),
        compensate_on: s.compensate_on.prose(),
        triggers: s.compensate_on.owned(),
        opens: w
            .opens
            .iter()
            .map(|o| {
                let keyword = match (o.kind, o.first) {
                    (BlockKind::Alt, false) => "else".into(),
                    (BlockKind::Par, false) => "and".into(),
                    (k, _) => k.keyword().into(),
                };
                open_view(keyword, o.kind, o.branch, o.all)
            })
            .collect(),
        closes: w.closes,
        before: Vec::new(),
        after: Vec::new(),
        fails: None,
        within: w
            .within
            .iter()
            .zip(&w.blocks)
            .map(|((k, b), all)| open_view(k.keyword().into(), *k, b, all))
            .collect(),
        guards: w
            .within
            .iter()
            .filter(|(_, b)| !b.when.is_empty())
            .map(|(_, b)| b.when.clone())
            .collect(),
        certain: w.certain(),
        share: share * 100.0,
        share_assumed,
        branch: crate::derive::branches::branch_path(w),
    }
}

/// A branch's condition, or its name when it states none (a `par` branch).
fn label(b: &Branch) -> String {
    if b.when.is_empty() {
        b.name.clone()
    } else {
        b.when.clone()
    }
}

//! Key flows: ordered steps, each a call or message with its response, or a block of
//! alternative (`alt`), optional (`opt`), parallel (`par`) or repeated (`loop`) steps, and the
//! compensations a named event or branch triggers.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A key flow through the system.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Flow {
    /// Unique name, e.g. `Checkout`.
    pub name: String,
    /// What the flow achieves.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// How a flow that spans services keeps data consistent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub saga: Option<Saga>,
    /// How long the flow may take before it is given up, and what gives it up.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<Deadline>,
    /// The journey's own objective: how often it must succeed and how fast, as its user sees
    /// it. Without one it is held to `requirements.availability` and the system's p99.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slo: Option<super::Slo>,
    /// The journey's end-to-end objective as its user sees it, asynchronous hops included
    /// (e.g. a mention shown within a second of being raised), where `slo.latency_p99_ms`
    /// covers the synchronous answer only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_to_end: Option<EndToEnd>,
    /// For work no user starts: the event each run answers, e.g. `PaymentCaptured` for a
    /// fulfilment flow that ships every paid order. The flow runs once per such event, so its
    /// calls and the events it publishes follow that event's rate (with the shares of its
    /// branches); a use case may still run it too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub triggered_by: Option<String>,
    /// The steps in order.
    pub steps: Vec<Step>,
}

/// A journey's end-to-end objective: from its first step to the step it ends at.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EndToEnd {
    /// The 99th percentile of the time from the first step to the end step, in milliseconds,
    /// e.g. `1000`.
    #[schemars(range(min = 1))]
    pub p99_ms: u32,
    /// The `action` of the step the journey ends at, e.g. `notification frame`; the flow's
    /// last step when empty.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub until: String,
}

/// A flow's deadline: after `minutes`, a job or timer gives the flow up.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Deadline {
    /// Minutes after the flow starts, e.g. `30` for an order left unpaid for half an hour.
    pub minutes: u32,
    /// The job of `performance.jobs` that finds and expires overdue flows; none when a timer
    /// per flow does (a delayed message, a workflow timer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enforced_by: Option<String>,
    /// What happens then, e.g. `the order is cancelled and its stock released`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub outcome: String,
}

/// How a saga is coordinated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Saga {
    /// One orchestrator tells each participant what to do and runs compensations.
    Orchestration,
    /// Participants react to each other's events; no central coordinator.
    Choreography,
}

/// One step of a flow: a call or message (`from`, `to`, `action`), or a block of steps
/// (exactly one of `alt`, `opt`, `par`, `loop`, and then no `from`, `to` or `action`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// Who acts: a client, service, external system or broker.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub from: String,
    /// Who receives it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub to: String,
    /// What happens, e.g. `POST /orders` or `OrderPlaced`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub action: String,
    /// Whether the step is asynchronous; derived from the link when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub r#async: Option<bool>,
    /// Whether the component acting has already answered the calls that reached it: the step
    /// is work it does after replying (from an outbox, a queue or a task), e.g. the warehouse
    /// call behind a `200 OK, pending`. Sequence diagrams draw those replies before it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub after_reply: bool,
    /// How many times a second this step comes at its own peak when the outside world paces
    /// it rather than the flow's runs, e.g. `12` for a warehouse that dispatches the day's
    /// parcels over its shifts, days after the payment that started the run. It and the steps
    /// after it in its branch count at this rate where the flow would send more; unstated, a
    /// step an external system sends in a flow an event starts comes at that event's peak, and
    /// the documents list that as an assumption.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0.001))]
    pub paced_per_second: Option<f64>,
    /// For a synchronous call: the response the callee returns, e.g. `201 Created` or
    /// `reservation`; drawn as the reply right after the call.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub returns: String,
    /// For a saga: what undoes this step when a later one fails.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub compensation: String,
    /// What triggers the compensation: an event's name (e.g. `PaymentFailed`) or the `name`
    /// of a branch of this flow, or a list of them when any of several failures undoes the
    /// step (`[PaymentFailed, StockReservationFailed]`).
    #[serde(default, skip_serializing_if = "Triggers::is_empty")]
    pub compensate_on: Triggers,
    /// Alternatives: exactly one branch runs, the first whose condition holds.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alt: Vec<Branch>,
    /// Steps that run only when their condition holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opt: Option<Branch>,
    /// Branches that run at the same time.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub par: Vec<Branch>,
    /// Steps repeated while their condition holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub r#loop: Option<Branch>,
}

/// A branch of a block: its condition and its steps.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Branch {
    /// A name a compensation's `compensate_on` can refer to, e.g. `payment declined`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// The condition, e.g. `stock not reservable` or `for each line`; required for `alt`,
    /// `opt` and `loop`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub when: String,
    /// For an `alt` branch or an `opt` block: the percentage of the runs reaching the block
    /// that take this branch, e.g. `3` for a card declined three times in a hundred. An `alt`'s
    /// shares add up to at most 100. Unstated, an `alt`'s branches split what the stated ones
    /// leave evenly and an `opt` runs half the time, both listed as assumptions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share: Option<f64>,
    /// For a `loop`: how many times its steps run in one run of the flow on average, e.g. `1.5`
    /// offers before a driver accepts; once when absent. Rates, calls and events in the loop
    /// count that many times.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub times: Option<f64>,
    /// Whether `share` is the team's estimate rather than a measurement: the documents mark it,
    /// and an open question asks for it to be measured.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub estimate: bool,
    /// The steps in order.
    pub steps: Vec<Step>,
}

/// The kind of a block of steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum BlockKind {
    /// One of the branches runs.
    Alt,
    /// The branch may run.
    Opt,
    /// The branches run at the same time.
    Par,
    /// The branch repeats.
    Loop,
}

impl BlockKind {
    /// The keyword, as in the model and in Mermaid.
    pub fn keyword(self) -> &'static str {
        super::variant(&self)
    }
}

impl Step {
    /// The block this step holds and its branches, or none for a call or message.
    pub fn block(&self) -> Option<(BlockKind, Vec<&Branch>)> {
        if !self.alt.is_empty() {
            Some((BlockKind::Alt, self.alt.iter().collect()))
        } else if let Some(b) = &self.opt {
            Some((BlockKind::Opt, vec![b]))
        } else if !self.par.is_empty() {
            Some((BlockKind::Par, self.par.iter().collect()))
        } else {
            self.r#loop.as_ref().map(|b| (BlockKind::Loop, vec![b]))
        }
    }
}

/// A block a walked step opens before it: the branch it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Opening<'a> {
    /// The block's kind.
    pub kind: BlockKind,
    /// Whether this is the block's first branch (`alt`) rather than a later one (`else`).
    pub first: bool,
    /// The branch.
    pub branch: &'a Branch,
    /// Every branch of the block, this one included.
    pub all: &'a [Branch],
}

/// A call or message of a flow in document order, with the blocks around it.
#[derive(Debug, Clone, PartialEq)]
pub struct Walked<'a> {
    /// The step.
    pub step: &'a Step,
    /// The model path of the step below its flow, e.g. `steps/2/alt/1/steps/0`.
    pub path: String,
    /// The branches that enclose it, outermost first, with their block's kind.
    pub within: Vec<(BlockKind, &'a Branch)>,
    /// For each of `within`, every branch of that block (the branch's siblings and itself).
    pub blocks: Vec<&'a [Branch]>,
    /// The branches that start at this step, outermost first.
    pub opens: Vec<Opening<'a>>,
    /// How many blocks end right after this step.
    pub closes: usize,
}

impl Walked<'_> {
    /// Whether the step runs on every run of the flow: not inside an `alt` branch or `opt`.
    /// A `loop` runs its steps at least once and `par` runs every branch.
    pub fn certain(&self) -> bool {
        self.within
            .iter()
            .all(|(k, _)| matches!(k, BlockKind::Par | BlockKind::Loop))
    }
}

impl Flow {
    /// Its calls and messages in document order, blocks flattened: what every artifact walks.
    /// Blocks with no steps contribute nothing (validation rejects them).
    pub fn walk(&self) -> Vec<Walked<'_>> {
        let mut out = Vec::new();
        walk(&self.steps, "steps", &[], &mut out);
        out
    }
}

type Enclosing<'a> = (BlockKind, &'a Branch, &'a [Branch]);

fn walk<'a>(steps: &'a [Step], at: &str, within: &[Enclosing<'a>], out: &mut Vec<Walked<'a>>) {
    for (i, s) in steps.iter().enumerate() {
        let path = format!("{at}/{i}");
        let Some((kind, branches)) = s.block() else {
            out.push(Walked {
                step: s,
                path,
                within: within.iter().map(|(k, b, _)| (*k, *b)).collect(),
                blocks: within.iter().map(|(_, _, all)| *all).collect(),
                opens: Vec::new(),
                closes: 0,
            });
            continue;
        };
        let all: &'a [Branch] = match kind {
            BlockKind::Alt => &s.alt,
            BlockKind::Par => &s.par,
            BlockKind::Opt => s.opt.as_slice(),
            BlockKind::Loop => s.r#loop.as_slice(),
        };
        let start = out.len();
        for (b, branch) in branches.iter().enumerate() {
            let from = out.len();
            let bp = match kind {
                BlockKind::Alt | BlockKind::Par => format!("{path}/{}/{b}/steps", kind.keyword()),
                BlockKind::Opt | BlockKind::Loop => format!("{path}/{}/steps", kind.keyword()),
            };
            let mut inner = within.to_vec();
            inner.push((kind, *branch, all));
            walk(&branch.steps, &bp, &inner, out);
            if let Some(first) = out.get_mut(from) {
                first.opens.insert(
                    0,
                    Opening {
                        kind,
                        first: b == 0 || from == start,
                        branch,
                        all,
                    },
                );
            }
        }
        if out.len() > start {
            out.last_mut().expect("a step was walked").closes += 1;
        }
    }
}

#[cfg(test)]
#[path = "flow_tests.rs"]
mod tests;

/// What triggers a compensation: one event or branch name, or several, any of which does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Triggers {
    /// One event or branch.
    One(String),
    /// Several: any of them triggers it.
    Many(Vec<String>),
}

impl Default for Triggers {
    fn default() -> Self {
        Triggers::One(String::new())
    }
}

impl Triggers {
    /// The trigger names, empty ones left out.
    pub fn names(&self) -> Vec<&str> {
        match self {
            Triggers::One(s) => vec![s.as_str()],
            Triggers::Many(v) => v.iter().map(String::as_str).collect(),
        }
        .into_iter()
        .filter(|s| !s.trim().is_empty())
        .collect()
    }

    /// The trigger names, owned.
    pub fn owned(&self) -> Vec<String> {
        self.names().into_iter().map(str::to_owned).collect()
    }

    /// Whether nothing is named.
    pub fn is_empty(&self) -> bool {
        self.names().is_empty()
    }

    /// The names as a reader says them: `PaymentFailed or StockReservationFailed`.
    pub fn prose(&self) -> String {
        let names = self.names();
        match names.split_last() {
            None => String::new(),
            Some((last, [])) => (*last).to_owned(),
            Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        }
    }

    /// From a comma-separated answer: one name, or a list.
    pub fn parse(text: &str) -> Triggers {
        let names: Vec<String> = text
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect();
        match names.len() {
            0 => Triggers::default(),
            1 => Triggers::One(names.into_iter().next().unwrap_or_default()),
            _ => Triggers::Many(names),
        }
    }
}

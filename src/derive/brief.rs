//! The brief's numbers against each other: the rate at which a use case acts on entities that
//! another flow creates (a cancellation a second against the orders placed a second), and the
//! declared data growth against what the creations write ([`super::growth`]). Both follow the
//! events: an event a flow publishes on every run after creating the resource its key names
//! (`order_id` after `POST /orders` to the `Order` resource's service) is that resource's
//! creation; an event of the same key from a flow that creates none acts on one created
//! elsewhere.

use super::capacity::{Capacity, EventLoad};
use super::graph::Graph;
use serde::Serialize;

/// What the brief's numbers say about each other.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Brief {
    /// Events a flow publishes about entities another flow creates, against that creation.
    pub follow_ups: Vec<FollowUp>,
    /// The declared data growth against what the creations write, when the model states it.
    pub growth: Option<super::growth::Growth>,
}

/// An event creating the entities of its key: a flow publishes it after the call that creates
/// one, first of them, on its trunk or in a branch (a booking's `booked`, beside `slot taken`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Creation {
    /// The event, e.g. `OrderPlaced`.
    pub event: String,
    /// Its key, e.g. `order_id`.
    pub key: String,
    /// The flows publishing it that way.
    pub flows: Vec<String>,
    /// The share of its messages that create an item: below 1 where the create call sits in
    /// a branch and the event is published on every run (a register-or-edit flow), the
    /// largest over its flows.
    pub share: f64,
}

/// One flow's share of an event about entities created elsewhere.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FollowUp {
    /// The event, e.g. `OrderCancelled`.
    pub event: String,
    /// The entity key it shares with its creation, e.g. `order_id`.
    pub key: String,
    /// The flow publishing it.
    pub flow: String,
    /// The use case running that flow, if one does.
    pub use_case: Option<String>,
    /// That use case's index in `requirements.use_cases`.
    pub use_case_index: Option<usize>,
    /// Its share of the peak, in percent.
    pub use_case_share: f64,
    /// Runs of the flow a second at peak.
    pub runs_per_s: f64,
    /// Percent of the runs publishing the event.
    pub share: f64,
    /// The events a second at peak from this flow.
    pub rate_per_s: f64,
    /// The event creating the entities, e.g. `OrderPlaced`.
    pub creation: String,
    /// The flows publishing the creation.
    pub creation_flows: Vec<String>,
    /// The creations a second at peak.
    pub creation_per_s: f64,
    /// `rate_per_s` in percent of `creation_per_s`.
    pub percent: f64,
    /// One entity in how many is reached this way (100 over `percent`, rounded).
    pub one_in: f64,
}

/// The entity key of `event`: its `key`, else its first `uuid` field named `…_id`.
pub fn key_of(graph: &Graph, event: &str) -> Option<String> {
    let e = graph.events.iter().find(|e| e.name == event)?;
    e.key.clone().or_else(|| {
        e.fields
            .iter()
            .find(|f| f.ty == crate::model::FieldType::Uuid && f.name.ends_with("_id"))
            .map(|f| f.name.clone())
    })
}

/// The creation events of `graph`'s flows, in the order the flows first publish them.
pub fn creations(graph: &Graph) -> Vec<Creation> {
    let mut out: Vec<Creation> = Vec::new();
    for f in &graph.flows {
        let mut keys: Vec<String> = Vec::new();
        for (i, s) in f.steps.iter().enumerate() {
            let published = graph
                .events
                .iter()
                .any(|e| e.name == s.action && e.publisher == s.from);
            let Some(key) = published.then(|| key_of(graph, &s.action)).flatten() else {
                continue;
            };
            let Some(r) = created_resource(graph.model, &s.from, &key) else {
                continue;
            };
            let created = (f.steps[..i].iter())
                .filter(|c| c.to == s.from && creates(&c.action, r))
                .map(|c| c.share)
                .reduce(f64::max);
            let Some(created) = created.filter(|_| !keys.contains(&key)) else {
                continue;
            };
            keys.push(key.clone());
            let share = (created / s.share.max(f64::MIN_POSITIVE)).min(1.0);
            match out.iter_mut().find(|c| c.event == s.action) {
                Some(c) if !c.flows.contains(&f.name) => {
                    c.flows.push(f.name.clone());
                    c.share = c.share.max(share);
                }
                Some(_) => {}
                None => out.push(Creation {
                    event: s.action.clone(),
                    key,
                    flows: vec![f.name.clone()],
                    share,
                }),
            }
        }
    }
    out
}

/// The resource of `service` whose items `key` names (`order_id`: `Order`), if it offers
/// `create`.
fn created_resource<'m>(
    model: &'m crate::model::Model,
    service: &str,
    key: &str,
) -> Option<&'m crate::model::Resource> {
    let s = model.services.iter().find(|s| s.name == service)?;
    s.api.resources.iter().find(|r| {
        let creatable = r
            .operations
            .as_ref()
            .is_none_or(|ops| ops.contains(&crate::model::Operation::Create));
        creatable && format!("{}_id", crate::text::names::snake(&r.name, "item")) == key
    })
}

/// Whether a step's `action` creates an item of `r`: `POST` to its collection
/// (`POST /v1/orders`), or a mutation or RPC named for creating it (`createOrder`).
fn creates(action: &str, r: &crate::model::Resource) -> bool {
    let plain = |t: &str| {
        t.chars()
            .filter(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase()
    };
    let mut words = action.split_whitespace();
    let method = words.next().unwrap_or("").to_ascii_uppercase();
    if ["GET", "PUT", "PATCH", "DELETE"].contains(&method.as_str()) {
        return false;
    }
    if let (true, Some(path)) = (method == "POST", words.next()) {
        let plural = r
            .plural
            .clone()
            .unwrap_or_else(|| crate::text::english::plural(&r.name));
        let path = path.split('?').next().unwrap_or("");
        let last = path.trim_end_matches('/').rsplit('/').next().unwrap_or("");
        return plain(last) == plain(&plural);
    }
    plain(action).contains(&format!("create{}", plain(&r.name)))
}

/// Works out the brief's cross-checks from `graph` and its capacity model.
pub fn derive(graph: &Graph, capacity: &Capacity) -> Brief {
    let created = creations(graph);
    let load = |name: &str| capacity.events.iter().find(|e| e.event == name);
    let mut follow_ups = Vec::new();
    for e in &capacity.events {
        let Some(key) = key_of(graph, &e.event) else {
            continue;
        };
        // The busiest creation of the same key, other than the event itself.
        let Some((creation, creation_load)) = created
            .iter()
            .filter(|c| c.key == key && c.event != e.event)
            .filter_map(|c| load(&c.event).map(|l| (c, l)))
            .filter(|(_, l)| l.rate_per_s > 0.0)
            .max_by(|a, b| a.1.rate_per_s.total_cmp(&b.1.rate_per_s))
        else {
            continue;
        };
        for fs in &e.flows {
            let creates_own = created
                .iter()
                .any(|c| c.key == key && c.flows.contains(&fs.flow));
            if creates_own {
                continue;
            }
            follow_ups.push(follow_up(capacity, e, fs, creation, creation_load));
        }
    }
    Brief {
        follow_ups,
        growth: super::growth::derive(graph, capacity, &created),
    }
}

fn follow_up(
    capacity: &Capacity,
    e: &EventLoad,
    fs: &super::capacity::FlowShare,
    creation: &Creation,
    creation_load: &EventLoad,
) -> FollowUp {
    let case = capacity
        .mix
        .iter()
        .enumerate()
        .find(|(_, r)| r.route == "flow" && r.through.contains(&fs.flow));
    let rate = fs.runs_per_s * fs.share / 100.0;
    let percent = rate / creation_load.rate_per_s * 100.0;
    FollowUp {
        event: e.event.clone(),
        key: creation.key.clone(),
        flow: fs.flow.clone(),
        use_case: case.map(|(_, r)| r.use_case.clone()),
        use_case_index: case.map(|(i, _)| i),
        use_case_share: case.map_or(0.0, |(_, r)| r.share),
        runs_per_s: fs.runs_per_s,
        share: fs.share,
        rate_per_s: rate,
        creation: creation.event.clone(),
        creation_flows: creation.flows.clone(),
        creation_per_s: creation_load.rate_per_s,
        percent,
        one_in: if percent > 0.0 {
            (100.0 / percent).round()
        } else {
            0.0
        },
    }
}

#[cfg(test)]
#[path = "brief_tests.rs"]
mod tests;

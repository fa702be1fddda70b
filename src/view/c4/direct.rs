//! What a client does with an external system itself, outside every link: a payment form that
//! tokenises a card at the provider, a map tile server. The flows' steps say so; the context view
//! draws it from the people whose use cases run those flows, the container view from the client.

use super::{C4Edge, C4Node, edge};
use crate::view::View;

/// One client's calls to one external system, each pair once.
pub(super) struct Direct {
    /// The client's node id.
    pub client: String,
    /// The external system's node id.
    pub external: String,
    /// What the client does there, in the order the flows say it.
    pub actions: Vec<String>,
    /// The flows that say it.
    pub flows: Vec<String>,
}

/// Every client-to-external step no link carries.
pub(super) fn calls(view: &View) -> Vec<Direct> {
    let mut out: Vec<Direct> = Vec::new();
    for f in &view.flows {
        for s in &f.steps {
            let (from, to) = (&s.from, &s.to);
            if from.kind != "client" || to.kind != "external" {
                continue;
            }
            let linked = view
                .links
                .iter()
                .any(|l| l.from.id == from.id && l.to.id == to.id);
            if linked {
                continue;
            }
            let d = match out
                .iter_mut()
                .position(|d| d.client == from.id && d.external == to.id)
            {
                Some(i) => &mut out[i],
                None => {
                    out.push(Direct {
                        client: from.id.clone(),
                        external: to.id.clone(),
                        actions: Vec::new(),
                        flows: Vec::new(),
                    });
                    out.last_mut().expect("just pushed")
                }
            };
            if !d.actions.contains(&s.action) {
                d.actions.push(s.action.clone());
            }
            if !d.flows.contains(&f.name) {
                d.flows.push(f.name.clone());
            }
        }
    }
    out
}

/// The context view's edges: from each person whose use cases run a flow with such a step to
/// the external system (from the client itself when the model names no people).
pub(super) fn context_edges(view: &View, people: &[C4Node], users: &[C4Node]) -> Vec<C4Edge> {
    let mut out: Vec<C4Edge> = Vec::new();
    for d in calls(view) {
        let label = d.actions.join("; ");
        let from: Vec<String> = if people.is_empty() {
            vec![d.client.clone()]
        } else {
            users
                .iter()
                .filter(|p| runs(view, &p.name, &d.flows))
                .map(|p| p.id.clone())
                .collect()
        };
        for id in from {
            if !out.iter().any(|e| e.from == id && e.to == d.external) {
                out.push(edge(&id, &d.external, label.clone(), "sync"));
            }
        }
    }
    out
}

/// Whether person `who` is an actor of a use case served by one of `flows`.
fn runs(view: &View, who: &str, flows: &[String]) -> bool {
    view.requirements.model.use_cases.iter().any(|uc| {
        super::people::roles(&uc.actor).any(|r| r == who)
            && uc.served_by.iter().any(|f| flows.contains(f))
    })
}

/// The container view's edges: from the client to the external system.
pub(super) fn container_edges(view: &View) -> Vec<C4Edge> {
    calls(view)
        .into_iter()
        .map(|d| edge(&d.client, &d.external, d.actions.join("; "), "sync"))
        .collect()
}

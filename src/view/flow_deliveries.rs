//! The consumers a flow leaves out: a flow that follows its messages to their consumers (it
//! shows at least one delivery) and publishes an event some consumer of which it never shows,
//! nor a flow that event triggers. Its trace horizon, end-to-end test and sequence diagram
//! come from its steps, so the work of a consumer left out is sized, traced and tested by none.

use super::flows::StepView;
use crate::model::Model;
use serde::Serialize;

/// An event a flow publishes, with the consumers it shows and those it leaves out.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MissingDelivery {
    /// The event.
    pub event: String,
    /// The consumers the flow shows receiving it, in step order.
    pub shown: Vec<String>,
    /// The consumers it leaves out, in model order.
    pub missing: Vec<String>,
}

/// What `steps` of the flow named `flow` leave out.
pub(super) fn missing(model: &Model, flow: &str, steps: &[StepView]) -> Vec<MissingDelivery> {
    if !steps.iter().any(|s| s.from.kind == "broker") {
        return Vec::new();
    }
    let mut out: Vec<MissingDelivery> = Vec::new();
    for s in steps.iter().filter(|s| s.to.kind == "broker") {
        let event = s.action.trim();
        if out.iter().any(|m| m.event == event) {
            continue;
        }
        let mut shown: Vec<String> = Vec::new();
        for d in steps {
            let to = &d.to.name;
            if d.from.kind == "broker" && d.action.trim() == event && !shown.contains(to) {
                shown.push(to.clone());
            }
        }
        // A flow the event triggers shows that work: it counts as shown here.
        let triggered = |c: &str| {
            (model.communication.flows.iter())
                .filter(|f| f.name != flow && f.triggered_by.as_deref() == Some(event))
                .any(|f| f.walk().iter().any(|w| w.step.to == c || w.step.from == c))
        };
        let missing: Vec<String> = (model.services.iter())
            .filter(|c| c.consumes.iter().any(|e| e == event))
            .map(|c| c.name.clone())
            .filter(|c| !shown.contains(c) && !triggered(c))
            .collect();
        if !missing.is_empty() {
            out.push(MissingDelivery {
                event: event.to_owned(),
                shown,
                missing,
            });
        }
    }
    out
}

//! Step 1 of the view: the requirements with the figures derived from them.

use crate::defaults;
use crate::model::*;
use serde::Serialize;

/// Requirements with derived figures.
#[derive(Debug, Clone, Serialize)]
pub struct RequirementsView {
    /// The model's requirements as written.
    #[serde(flatten)]
    pub model: Requirements,
    /// Availability target, resolved.
    pub availability_target: f64,
    /// Whether the model set it.
    pub availability_explicit: bool,
    /// Minutes of downtime allowed per 30 days.
    pub error_budget_minutes: f64,
}

pub(super) fn requirements(model: &Model) -> RequirementsView {
    let a = defaults::availability(model);
    RequirementsView {
        model: model.requirements.clone(),
        availability_target: a,
        availability_explicit: model.requirements.availability.is_some(),
        error_budget_minutes: defaults::error_budget_minutes(a),
    }
}

//! How a release reaches production: the strategy (the model's, else canary at 99.9% or more),
//! the canary's traffic steps with how long each holds and what it carries at peak, the error
//! ratio that stops a release, and whether the platform is Kubernetes (whose Deployment reports
//! a stuck rollout). The deployment document presents these; it decides none of them.

use crate::defaults;
use crate::model::{DeployStrategy, Model};
use serde::Serialize;

/// The canary steps archgen assumes when the model sets none.
const DEFAULT_STEPS: [u32; 4] = [5, 25, 50, 100];

/// How the system releases.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Release {
    /// The strategy.
    pub strategy: DeployStrategy,
    /// Whether it was derived from the availability target (the model sets none).
    pub strategy_derived: bool,
    /// The canary's steps, in percent of traffic, ending at 100.
    pub canary_steps: Vec<u32>,
    /// Whether they are archgen's defaults (the model sets none).
    pub canary_steps_derived: bool,
    /// Each canary step: what it carries and how long it holds.
    pub stages: Vec<Stage>,
    /// The error ratio in percent the system's availability target allows: what stops a release.
    pub error_budget_pct: f64,
    /// Whether the platform is Kubernetes (or a managed one: EKS, GKE, AKS).
    pub kubernetes: bool,
}

/// One canary step.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stage {
    /// Traffic to the new version, in percent.
    pub percent: u32,
    /// The requests per second that share carries at peak, when the model states the peak.
    pub peak_rps: Option<f64>,
    /// The least time it holds, in minutes: the model's `canary_hold_minutes`, else 15 for the
    /// first step and 10 for the next; none for the last, which holds until the old version is
    /// scaled down.
    pub hold_minutes: Option<u32>,
}

/// The canary traffic steps: the model's, else [`DEFAULT_STEPS`].
pub fn canary_steps(model: &Model) -> Vec<u32> {
    if model.deployment.canary_steps.is_empty() {
        DEFAULT_STEPS.to_vec()
    } else {
        model.deployment.canary_steps.clone()
    }
}

/// The release of `model`.
pub fn derive(model: &Model) -> Release {
    let d = &model.deployment;
    let steps = canary_steps(model);
    let peak = model.requirements.scale.peak_rps.filter(|&p| p > 0);
    let last = steps.len().saturating_sub(1);
    let stages = steps
        .iter()
        .enumerate()
        .map(|(i, &percent)| Stage {
            percent,
            peak_rps: peak.map(|p| f64::from(p) * f64::from(percent) / 100.0),
            hold_minutes: match (i, d.canary_hold_minutes) {
                _ if i == last => None,
                (_, Some(m)) => Some(m),
                (0, None) => Some(15),
                (_, None) => Some(10),
            },
        })
        .collect();
    let platform = d.platform.as_deref().unwrap_or("").to_lowercase();
    Release {
        strategy: defaults::deploy_strategy(model),
        strategy_derived: d.strategy.is_none(),
        canary_steps: steps,
        canary_steps_derived: d.canary_steps.is_empty(),
        stages,
        error_budget_pct: 100.0 - defaults::availability(model),
        kubernetes: ["kubernetes", "eks", "gke", "aks"]
            .iter()
            .any(|k| platform.contains(k)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model(extra: &str) -> Model {
        let yaml = format!("version: 1\nname: t\nrequirements:\n  domain: d\n{extra}");
        serde_yaml::from_str(&yaml).expect("test model parses")
    }

    #[test]
    fn the_strategy_follows_the_target_unless_the_model_sets_it() {
        let canary = derive(&model(""));
        assert_eq!(
            (canary.strategy, canary.strategy_derived),
            (DeployStrategy::Canary, true)
        );
        let rolling = derive(&model("  availability: 99.5\n"));
        assert_eq!(rolling.strategy, DeployStrategy::Rolling);
        let set = derive(&model("deployment: {strategy: blue-green}\n"));
        assert_eq!(
            (set.strategy, set.strategy_derived),
            (DeployStrategy::BlueGreen, false)
        );
    }

    #[test]
    fn each_stage_holds_and_carries_its_share_of_the_peak() {
        let r = derive(&model("  scale: {peak_rps: 2000}\n"));
        assert!(r.canary_steps_derived);
        let stages: Vec<_> = r
            .stages
            .iter()
            .map(|s| (s.percent, s.peak_rps, s.hold_minutes))
            .collect();
        assert_eq!(
            stages,
            [
                (5, Some(100.0), Some(15)),
                (25, Some(500.0), Some(10)),
                (50, Some(1000.0), Some(10)),
                (100, Some(2000.0), None),
            ]
        );
        let unset = derive(&model("deployment: {canary_steps: [10, 100]}\n"));
        assert!(!unset.canary_steps_derived);
        assert_eq!(unset.stages[0].peak_rps, None);
        assert_eq!(unset.stages[1].hold_minutes, None);
        // A stated hold is every step's but the last's.
        let held = derive(&model(
            "deployment: {canary_steps: [5, 50, 100], canary_hold_minutes: 30}\n",
        ));
        let holds: Vec<Option<u32>> = held.stages.iter().map(|s| s.hold_minutes).collect();
        assert_eq!(holds, [Some(30), Some(30), None]);
    }

    #[test]
    fn the_budget_and_the_platform() {
        let r = derive(&model(
            "  availability: 99.95\ndeployment: {platform: Amazon EKS}\n",
        ));
        assert!((r.error_budget_pct - 0.05).abs() < 1e-9);
        assert!(r.kubernetes);
        assert!(!derive(&model("deployment: {platform: Cloud Run}\n")).kubernetes);
        assert!(!derive(&model("")).kubernetes);
    }
}

//! Deployment and migration: the release strategy, environments and a migration plan.

use super::nodes::{NodeRef, Nodes};
use crate::derive::capacity::Capacity;
use crate::model::*;
use crate::text::word;
use serde::Serialize;

/// Deployment, resolved.
#[derive(Debug, Clone, Serialize)]
pub struct DeploymentView {
    /// Platform, if chosen.
    pub platform: Option<String>,
    /// `rolling`, `blue-green` or `canary`.
    pub strategy: String,
    /// Whether the strategy was derived from the availability target.
    pub strategy_derived: bool,
    /// Environments in promotion order.
    pub environments: Vec<Environment>,
    /// Whether the environments are the default `dev`, `staging`, `production`.
    pub environments_derived: bool,
    /// Canary traffic steps.
    pub canary_steps: Vec<u32>,
    /// Whether the canary steps are the default 5, 25, 50, 100.
    pub canary_steps_derived: bool,
    /// Each canary step: its traffic, what that carries at peak, and how long it holds.
    pub canary_stages: Vec<crate::derive::release::Stage>,
    /// The error ratio in percent the availability target allows: what stops a release.
    pub error_budget_pct: f64,
    /// Whether the platform is Kubernetes (or EKS, GKE, AKS).
    pub kubernetes: bool,
    /// CI/CD system, if chosen.
    pub pipeline: Option<String>,
    /// Feature flag service, if chosen.
    pub feature_flags: Option<String>,
    /// Regions.
    pub regions: Vec<String>,
    /// The rollout plan from the model (the templates write a default plan when empty).
    pub rollout: Vec<String>,
    /// The rollback plan from the model (the templates write a default when empty).
    pub rollback: String,
    /// How each deployable component's new version reaches production: its steps and the
    /// gate from its own error budget.
    pub rollouts: Vec<crate::derive::canary::Canary>,
    /// The jobs of the services that both serve and consume (run as two Deployments) that run
    /// inside their consuming Deployment: their technology starts no pods of its own.
    pub consumer_jobs: Vec<String>,
    /// The jobs of those services that a scheduler starts as pods or functions of their own
    /// (a Kubernetes CronJob, a Lambda), in neither Deployment.
    pub apart_jobs: Vec<String>,
    /// The jobs of those services that name no technology: where they run waits for the
    /// decision on what runs the jobs.
    pub undecided_jobs: Vec<String>,
}

/// Whether a job's technology starts its runs apart from its service's processes: a
/// Kubernetes CronJob, or a function a cloud scheduler invokes.
fn runs_apart(technology: Option<&str>) -> bool {
    let t = technology
        .unwrap_or_default()
        .to_lowercase()
        .replace(' ', "");
    [
        "cronjob",
        "lambda",
        "cloudfunction",
        "cloudrunjob",
        "azurefunction",
    ]
    .iter()
    .any(|k| t.contains(k))
}

/// The deployment of `model`; each canary's gate is judged at the component's peak rate in
/// `capacity`.
pub(super) fn deployment(model: &Model, capacity: &Capacity) -> DeploymentView {
    let d = &model.deployment;
    let release = crate::derive::release::derive(model);
    let mut rollouts = crate::derive::canary::derive(model, &release.canary_steps);
    let peak = capacity.peak_rps.is_some_and(|p| p > 0);
    crate::derive::canary::judge_all(&mut rollouts, &release.stages, &capacity.nodes, peak);
    for r in &mut rollouts {
        if r.judge.as_ref().is_some_and(|j| j.synthetic) {
            r.probe = crate::derive::probes::of(model, &r.service);
        }
    }
    let mixed: Vec<&str> = (rollouts.iter())
        .filter(|r| r.how == crate::derive::guidance::Rollout::ByWeightConsumersByInstances.words())
        .map(|r| r.service.as_str())
        .collect();
    let (undecided_jobs, decided): (Vec<&Job>, Vec<&Job>) = (model.performance.jobs.iter())
        .filter(|j| mixed.contains(&j.service.as_str()))
        .partition(|j| crate::derive::open::undecided(j.technology.as_deref().unwrap_or("")));
    let (apart_jobs, consumer_jobs): (Vec<&Job>, Vec<&Job>) = decided
        .into_iter()
        .partition(|j| runs_apart(j.technology.as_deref()));
    let names = |jobs: Vec<&Job>| jobs.iter().map(|j| j.name.clone()).collect();
    let env = |name: &str, purpose: &str| Environment {
        name: name.into(),
        purpose: purpose.into(),
    };
    DeploymentView {
        platform: d.platform.clone(),
        strategy: word(release.strategy),
        strategy_derived: release.strategy_derived,
        environments: if d.environments.is_empty() {
            vec![
                env("dev", "integration of merged changes"),
                env("staging", "production-like rehearsal of each release"),
                env("production", "live traffic"),
            ]
        } else {
            d.environments.clone()
        },
        environments_derived: d.environments.is_empty(),
        rollouts,
        canary_steps: release.canary_steps,
        canary_steps_derived: release.canary_steps_derived,
        canary_stages: release.stages,
        error_budget_pct: release.error_budget_pct,
        kubernetes: release.kubernetes,
        pipeline: d.pipeline.clone(),
        feature_flags: d.feature_flags.clone(),
        regions: d.regions.clone(),
        rollout: d.rollout.clone(),
        rollback: d.rollback.clone(),
        consumer_jobs: names(consumer_jobs),
        apart_jobs: names(apart_jobs),
        undecided_jobs: names(undecided_jobs),
    }
}

/// A migration plan.
#[derive(Debug, Clone, Serialize)]
pub struct MigrationView {
    /// The legacy system.
    pub from: NodeRef,
    /// `strangler`, `branch-by-abstraction` or `big-bang`.
    pub pattern: String,
    /// Phases in order.
    pub phases: Vec<Phase>,
}

pub(super) fn migration(model: &Model, nodes: &Nodes) -> Option<MigrationView> {
    model.migration.as_ref().map(|m| MigrationView {
        from: nodes.get(&m.from),
        pattern: word(m.pattern),
        phases: m.phases.clone(),
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_serving_consumers_jobs_are_placed_by_what_runs_them() {
        let yaml = "version: 1\nname: t\nrequirements: {domain: d}\nclients: [{name: web, kind: web}]\nservices:\n  - name: orders\n    responsibility: r\n    consumes: [Paid]\n    api: {resources: [{name: Order, fields: [{name: total, type: money}]}]}\n  - name: payments\n    responsibility: r\n    publishes: [{name: Paid, fields: [{name: order_id, type: uuid}]}]\ncommunication:\n  brokers: [{name: bus, technology: Kafka}]\n  links: [{from: web, to: orders}]\nperformance:\n  jobs:\n    - {name: sweep, service: orders, kind: scheduled, schedule: '0 * * * *', technology: Quartz}\n    - {name: archive, service: orders, kind: scheduled, schedule: '0 3 * * *', technology: Kubernetes CronJob}\n    - {name: expire, service: orders, kind: scheduled, schedule: '*/5 * * * *'}\n    - {name: other, service: payments, kind: scheduled, schedule: '0 * * * *'}\n";
        let model = crate::load::parse(yaml, "archgen.yaml").unwrap_or_else(|e| panic!("{e:?}"));
        let d = crate::view::build(&model).deployment;
        // payments only consumes nothing and serves nothing here: its job is not listed.
        assert_eq!(
            (d.consumer_jobs, d.apart_jobs, d.undecided_jobs),
            (
                vec!["sweep".to_owned()],
                vec!["archive".to_owned()],
                vec!["expire".to_owned()]
            )
        );
    }
}

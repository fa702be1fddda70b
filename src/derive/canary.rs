//! A canary per component: the error-ratio gate from the component's own error budget (0.01%
//! for 99.99%, not the system's), and the steps its rollout can actually take. A step by
//! traffic weight needs a router that splits by weight; a step by instances moves a whole
//! replica at a time, so on 3 replicas the smallest is one of them, 33%.

use super::guidance::Rollout;
use crate::defaults;
use crate::model::{Model, ServiceKind};
use serde::Serialize;

/// The canary of one deployable component.
#[derive(Debug, Clone, Serialize)]
pub struct Canary {
    /// The component.
    pub service: String,
    /// `by traffic weight`, `by instances`, `by connections`, ... (see `guidance::rollout`).
    pub how: String,
    /// The availability objective the gate protects, in percent.
    pub availability: f64,
    /// Whether that objective is the component's own (else the system's).
    pub own: bool,
    /// The highest error ratio a step may show, in percent: the objective's error budget.
    pub gate_pct: f64,
    /// The steps in percent of traffic (by weight) or of replicas (by instances alone).
    pub steps: Vec<u32>,
    /// Where instances move (a worker, or a service's consumers): the steps in percent of
    /// replicas, and the replicas at each (of `replicas`); empty otherwise.
    pub instance_steps: Vec<u32>,
    /// The replicas at each of `instance_steps`.
    pub step_replicas: Vec<u32>,
    /// The replica count the steps are taken over.
    pub replicas: u32,
    /// Whether the instance steps differ from the release's: a replica count cannot take them.
    pub rounded: bool,
    /// For a rollout by weight: the share one new replica takes where nothing splits by
    /// weight (one beside `replicas`), in percent.
    pub without_weights_pct: u32,
}

/// Every deployable component's canary, for the release steps `steps`.
pub fn derive(model: &Model, steps: &[u32]) -> Vec<Canary> {
    let n = defaults::min_replicas(model).max(1);
    let system = defaults::availability(model);
    model
        .services
        .iter()
        .filter(|s| s.kind != ServiceKind::Legacy)
        .map(|s| {
            let how = super::guidance::rollout(
                s.kind,
                defaults::api_style(s.kind, s.api.style),
                !s.consumes.is_empty(),
            );
            let own = s.slo.as_ref().and_then(|o| o.availability);
            let availability = own.unwrap_or(system);
            let (instance_steps, step_replicas) = if how.moves_instances() {
                by_instances(steps, n)
            } else {
                (Vec::new(), Vec::new())
            };
            let taken = if how == Rollout::ByInstances {
                instance_steps.clone()
            } else {
                steps.to_vec()
            };
            Canary {
                service: s.name.clone(),
                how: how.words().into(),
                availability,
                own: own.is_some(),
                gate_pct: super::burn::budget_pct(availability),
                rounded: !instance_steps.is_empty() && instance_steps != steps,
                steps: taken,
                instance_steps,
                step_replicas,
                replicas: n,
                without_weights_pct: (100.0 / f64::from(n + 1)).round() as u32,
            }
        })
        .collect()
}

/// Each step rounded up to whole replicas of `n`, repeats dropped: 5, 25, 50, 100 on 3
/// replicas is 1, 2, 3 of them (33%, 67%, 100%).
fn by_instances(steps: &[u32], n: u32) -> (Vec<u32>, Vec<u32>) {
    let mut replicas: Vec<u32> = steps.iter().map(|s| (s * n).div_ceil(100).max(1)).collect();
    replicas.dedup();
    let pct = replicas
        .iter()
        .map(|k| (f64::from(*k) * 100.0 / f64::from(n)).round() as u32)
        .collect();
    (pct, replicas)
}

#[cfg(test)]
mod tests {
    use super::super::graph::tests::named;
    use super::*;

    #[test]
    fn the_gate_is_each_components_budget_and_instances_move_whole_replicas() {
        let m = named(
            "requirements: {domain: d, availability: 99.95}\nservices:\n  - {name: api, responsibility: r, slo: {availability: 99.99}}\n  - {name: mailer, kind: worker, responsibility: r}\n",
        );
        let c = derive(&m, &[5, 25, 50, 100]);
        assert_eq!((c[0].gate_pct, c[0].own), (0.01, true));
        assert_eq!((c[1].gate_pct, c[1].own), (0.05, false));
        // api by weight keeps the steps; one replica beside 3 would take a quarter.
        assert_eq!(
            (c[0].steps.clone(), c[0].rounded),
            (vec![5, 25, 50, 100], false)
        );
        assert_eq!(c[0].without_weights_pct, 25);
        // mailer by instances: 1, 2, 3 of its 3 replicas.
        assert_eq!(c[1].steps, [33, 67, 100]);
        assert_eq!(
            (c[1].step_replicas.clone(), c[1].rounded),
            (vec![1, 2, 3], true)
        );
        let ten = named(
            "requirements: {domain: d}\nperformance: {scaling: {min_replicas: 20}}\nservices: [{name: w, kind: worker, responsibility: r}]\n",
        );
        assert_eq!(derive(&ten, &[5, 25, 50, 100])[0].steps, [5, 25, 50, 100]);
    }
}

//! A rollout that leans on feature flags with no flag service chosen: the plan's own words
//! (`deployment.rollout`, `rollback`, the migration's phases) say where it needs one, so the
//! choice is an open decision, not a sentence that it is "still to be chosen".

use super::open::{OpenDecision, lead_team_of, undecided};
use crate::model::Model;

/// Where the plan names a flag: its first rollout step, rollback or migration phase that does.
fn leans_on_flags(model: &Model) -> Option<String> {
    let d = &model.deployment;
    let names = |t: &str| t.to_lowercase().contains("flag");
    let phases = model.migration.iter().flat_map(|m| &m.phases);
    d.rollout
        .iter()
        .find(|r| names(r))
        .map(|r| format!("the rollout: \"{}\"", r.trim()))
        .or_else(|| names(&d.rollback).then(|| format!("the rollback: \"{}\"", d.rollback.trim())))
        .or_else(|| {
            phases
                .filter(|p| names(&p.description) || names(&p.exit_criteria))
                .map(|p| format!("the migration's phase {}", p.name))
                .next()
        })
}

/// The decision, when the plan needs flags and `deployment.feature_flags` names no service.
pub(super) fn service(model: &Model) -> Option<OpenDecision> {
    if model
        .deployment
        .feature_flags
        .as_deref()
        .is_some_and(|f| !undecided(f))
    {
        return None;
    }
    let needs = leans_on_flags(model)?;
    let on_aws = model
        .deployment
        .platform
        .as_deref()
        .is_some_and(|p| p.to_lowercase().contains("eks") || p.to_lowercase().contains("aws"));
    let mut options = vec![
        "LaunchDarkly".to_owned(),
        "Unleash, run beside the services".to_owned(),
    ];
    let mut weighed = vec![
        (
            vec!["managed, with per-segment targeting and an audit of who flipped what".to_owned()],
            vec!["a subscription priced per seat and per connection".to_owned()],
        ),
        (
            vec!["open source, the flags' data stays with the team".to_owned()],
            vec![
                "one more service to run and keep available: a flag read must not fail a request"
                    .to_owned(),
            ],
        ),
    ];
    if on_aws {
        options.push("AWS AppConfig feature flags".into());
        weighed.push((
            vec![
                "already in the cloud account, deployed with validation and automatic rollback"
                    .into(),
            ],
            vec![
                "coarse targeting: per-user or per-segment rules are the services' own code".into(),
            ],
        ));
    }
    Some(OpenDecision {
        title: "Choose the feature flag service".into(),
        why: format!(
            "The plan switches behaviour with flags ({needs}), but no flag service is named: \
             nothing says where flags live, who may flip one, or what a service does when it \
             cannot read them."
        ),
        owner: lead_team_of(model),
        detected: true,
        question: false,
        key: "deployment.feature_flags".into(),
        options,
        due: String::new(),
        blocks: "the rollout and its way back".into(),
        drivers: Vec::new(),
        weighed,
    })
}

#[cfg(test)]
mod tests {
    use crate::derive::graph::tests::named as model;

    #[test]
    fn a_plan_that_names_a_flag_needs_a_flag_service() {
        let base = "requirements: {domain: d}\nservices: [{name: a, responsibility: r}]\n";
        let flagged = model(&format!(
            "{base}deployment: {{platform: Kubernetes (EKS), rollout: [Go live clinic by clinic behind a flag per clinic.]}}\n"
        ));
        let d = super::service(&flagged).expect("the rollout names a flag");
        assert!(
            d.why.contains("the rollout: \"Go live clinic by clinic"),
            "{}",
            d.why
        );
        assert_eq!(d.key, "deployment.feature_flags");
        assert_eq!(d.options.len(), 3);
        // A named service, or a plan without flags, leaves nothing open.
        let chosen = model(&format!(
            "{base}deployment: {{feature_flags: Unleash, rollout: [behind a flag]}}\n"
        ));
        assert!(super::service(&chosen).is_none());
        assert!(super::service(&model(base)).is_none());
    }
}

//! A canary or blue-green release with nothing named to run it: a CI/CD pipeline deploys,
//! but stepping traffic, judging each step against the SLOs and rolling back takes a rollout
//! controller and something that splits traffic by weight. Until the model names one
//! (`deployment.pipeline`, or a technology choice), the steps are an open decision.

use super::open::{OpenDecision, lead_team_of};
use crate::model::{DeployStrategy, Model, ServiceKind};

/// Names of tools that step and judge a progressive release.
const CONTROLLERS: [&str; 8] = [
    "argo rollouts",
    "flagger",
    "spinnaker",
    "kayenta",
    "codedeploy",
    "cloud deploy",
    "harness",
    "keptn",
];

/// Whether the model names a rollout controller anywhere it would: the pipeline, or a
/// technology choice.
fn named(model: &Model) -> bool {
    let has = |t: &str| {
        let t = t.to_lowercase();
        CONTROLLERS.iter().any(|c| t.contains(c))
    };
    (model.deployment.pipeline.as_deref()).is_some_and(has)
        || (model.technology.iter()).any(|t| has(&t.choice))
}

/// The decision, for a canary or blue-green release on a platform the model names.
pub(super) fn controller(model: &Model) -> Option<OpenDecision> {
    let d = &model.deployment;
    let strategy = match d.strategy? {
        DeployStrategy::Canary => "canary",
        DeployStrategy::BlueGreen => "blue-green",
        DeployStrategy::Rolling => return None,
    };
    if named(model) {
        return None;
    }
    let platform = d.platform.as_deref()?.to_lowercase();
    let kube = ["kubernetes", "eks", "gke", "aks", "k8s", "openshift"]
        .iter()
        .any(|k| platform.contains(k));
    let pipeline = d.pipeline.as_deref().unwrap_or("the pipeline");
    let gateway = (model.services.iter())
        .find(|s| s.kind == ServiceKind::Gateway)
        .map(|s| s.name.as_str());
    let mesh = (model.technology.iter())
        .find(|t| t.area.to_lowercase().contains("mesh"))
        .map(|t| t.choice.clone());
    let split = match (&mesh, gateway) {
        (Some(m), _) => format!("{m}'s traffic split"),
        (None, Some(g)) => format!("{g}'s weighted routes"),
        (None, None) => "a weighted route".to_owned(),
    };
    let (options, weighed) = if kube {
        (
            vec![
                format!("Argo Rollouts, splitting by {split}"),
                format!("Flagger, splitting by {split}"),
            ],
            weigh(model, pipeline, &split),
        )
    } else {
        (
            vec![
                "the platform's own (AWS CodeDeploy, Google Cloud Deploy)".to_owned(),
                "steps scripted in the pipeline, with its own analysis".to_owned(),
            ],
            Vec::new(),
        )
    };
    let front = gateway_front(model);
    Some(OpenDecision {
        title: "Choose what runs the progressive releases".into(),
        why: format!(
            "The pipeline ({pipeline}) deploys {system}'s releases, each a {strategy} (deployment.strategy), \
             but nothing named moves a release from one step to the next, judges it against the \
             SLOs or rolls it back on its own; stepped by hand, a release is slow and the gates \
             are skipped under pressure.{front}",
            system = model.name
        ),
        owner: lead_team_of(model),
        detected: true,
        question: false,
        key: "deployment.pipeline".into(),
        options,
        due: String::new(),
        blocks: if d.canary_steps.is_empty() {
            format!("the {strategy} releases' analysis gates")
        } else {
            format!(
                "the {} steps of every release and their gates",
                steps(model)
            )
        },
        drivers: drivers(model),
        weighed,
    })
}

/// What a gateway's own canary needs: the weights in front of it, since it takes every
/// request first; empty without a gateway.
fn gateway_front(model: &Model) -> String {
    (model.services.iter())
        .find(|s| s.kind == ServiceKind::Gateway)
        .map(|g| {
            let on = if g.stack.trim().is_empty() {
                String::new()
            } else {
                format!(" on {}", g.stack.trim())
            };
            format!(
                " {name}{on} takes every request first and is released the same way: no route \
                 of its own can split its traffic, so the weights for its canary sit in front of \
                 it, in the load balancer's weighted target groups.",
                name = g.name
            )
        })
        .unwrap_or_default()
}

/// The Deployments this design releases: one per service, two for one that serves requests
/// and consumes events.
fn deployments(model: &Model) -> u32 {
    (model.services.iter())
        .filter(|s| s.kind != ServiceKind::Legacy)
        .map(super::guidance::deployments)
        .sum()
}

/// The canary's steps as the documents print them: `5%, 25%, 100%`.
fn steps(model: &Model) -> String {
    let steps: Vec<String> = (model.deployment.canary_steps.iter())
        .map(|p| format!("{p}%"))
        .collect();
    steps.join(", ")
}

/// Argo Rollouts' and Flagger's pros and cons for this design: its pipeline, its workloads
/// and what splits their traffic.
fn weigh(model: &Model, pipeline: &str, split: &str) -> Vec<(Vec<String>, Vec<String>)> {
    let n = deployments(model);
    let argo_cd = pipeline.to_lowercase().contains("argo cd");
    let metrics = (model.observability.metrics.backend.as_deref()).unwrap_or("the metrics backend");
    let syncs = if argo_cd {
        "Argo CD syncs the Rollouts like any other manifest".to_owned()
    } else {
        format!("{pipeline} applies the Rollouts like any other manifest")
    };
    let second = if argo_cd {
        format!(
            "it comes from the Flux project, and beside Argo CD it is a second controller to run and upgrade, with {split} as its provider"
        )
    } else {
        format!("one more controller to run, with {split} as its provider")
    };
    vec![
        (
            vec![format!(
                "its analysis runs ask {metrics} between steps, pausing or aborting on their answer, and {syncs}"
            )],
            vec![format!(
                "each of the {n} Deployments becomes a Rollout: the manifests and the team's habits change"
            )],
        ),
        (
            vec![format!(
                "the {n} Deployments stay as they are: a Canary resource beside each drives {split} and asks {metrics}"
            )],
            vec![second],
        ),
    ]
}

/// What the controller must do in this design: the workloads it steps, the steps, and the
/// backend its analysis asks.
fn drivers(model: &Model) -> Vec<String> {
    let d = &model.deployment;
    let ours: Vec<&str> = (model.services.iter())
        .filter(|s| s.kind != ServiceKind::Legacy)
        .map(|s| s.name.as_str())
        .collect();
    let mut out = vec![format!(
        "{} services released this way, in {} Deployments (one that serves and consumes runs one of each): {}",
        ours.len(),
        deployments(model),
        ours.join(", ")
    )];
    if !d.canary_steps.is_empty() {
        out.push(format!("Traffic stepped through {}", steps(model)));
    }
    let consuming = (model.services.iter())
        .filter(|s| s.kind != ServiceKind::Legacy && !s.consumes.is_empty())
        .count();
    if consuming > 0 {
        out.push(format!(
            "{consuming} consuming Deployments stepped by replicas, which no traffic split moves: the controller scales the new version's replicas instead"
        ));
    }
    if let Some(m) = model.observability.metrics.backend.as_deref() {
        out.push(format!(
            "Each step judged in {m} on the component's own error ratio and p99"
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::derive::graph::tests::named as model;

    #[test]
    fn a_canary_needs_a_controller_the_pipeline_does_not_name() {
        let base =
            "requirements: {domain: d}\nservices: [{name: gw, kind: gateway, responsibility: r}]\n";
        let open = model(&format!(
            "{base}deployment: {{platform: Kubernetes (EKS), strategy: canary, pipeline: GitHub Actions and Argo CD}}\n"
        ));
        let d = super::controller(&open).expect("nothing steps the canary");
        assert_eq!(d.key, "deployment.pipeline");
        assert!(
            d.why
                .starts_with("The pipeline (GitHub Actions and Argo CD) deploys")
                && d.why.contains("gw takes every request first"),
            "{}",
            d.why
        );
        assert_eq!(
            d.options[0],
            "Argo Rollouts, splitting by gw's weighted routes"
        );
        // Named in the pipeline, or a rolling update, leaves nothing open.
        let named = model(&format!(
            "{base}deployment: {{platform: Kubernetes (EKS), strategy: canary, pipeline: 'GitHub Actions, Argo CD and Argo Rollouts'}}\n"
        ));
        assert!(super::controller(&named).is_none());
        let rolling = model(&format!(
            "{base}deployment: {{platform: Kubernetes (EKS), strategy: rolling}}\n"
        ));
        assert!(super::controller(&rolling).is_none());
    }
}

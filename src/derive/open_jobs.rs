//! Scheduled and batch jobs that name nothing to run them: one open decision for them all, as
//! the same runner usually serves every job of a system, weighed for the platform the model
//! runs on.

use super::open::{OpenDecision, lead_team_of, undecided};
use crate::model::{JobKind, Model};

/// Pros and cons of one option.
type Weighed = (Vec<String>, Vec<String>);

fn weigh(pros: &[&str], cons: &[&str]) -> Weighed {
    let own = |x: &[&str]| x.iter().map(|s| (*s).to_owned()).collect();
    (own(pros), own(cons))
}

/// The decision, when a scheduled or batch job states no `technology`.
pub(super) fn runner(model: &Model) -> Option<OpenDecision> {
    let jobs: Vec<(usize, &str)> = model
        .performance
        .jobs
        .iter()
        .enumerate()
        .filter(|(_, j)| matches!(j.kind, JobKind::Scheduled | JobKind::Batch))
        .filter(|(_, j)| j.technology.as_deref().is_none_or(undecided))
        .map(|(i, j)| (i, j.name.as_str()))
        .collect();
    let (first, _) = *jobs.first()?;
    let names: Vec<&str> = jobs.iter().map(|(_, n)| *n).collect();
    let kubernetes = super::release::derive(model).kubernetes;
    let mut options = Vec::new();
    let mut weighed = Vec::new();
    if kubernetes {
        options.push("Kubernetes CronJobs".to_owned());
        weighed.push(weigh(
            &["nothing new to run: the service's own image, on the cluster it already uses"],
            &[
                "a run that fails is retried only up to its backoff limit, and one missed by more than its starting deadline is skipped: missed runs need their own alert",
                "overlapping runs must be forbidden (concurrency policy Forbid)",
            ],
        ));
    }
    options.push(
        "The cloud's scheduler (Amazon EventBridge Scheduler, Google Cloud Scheduler)".into(),
    );
    weighed.push(weigh(
        &["managed, with retries and a dead-letter target for a trigger that fails"],
        &["it only triggers: the service exposes an endpoint or reads a queue for it, and guards against overlap itself"],
    ));
    options.push("A workflow engine (Temporal)".into());
    weighed.push(weigh(
        &["durable timers and retries per run, with each run's history"],
        &["a cluster, or Temporal Cloud, to run and learn for a few jobs"],
    ));
    Some(OpenDecision {
        title: "Choose what runs the scheduled jobs".into(),
        why: format!(
            "{} {} no runner: nothing says what starts {}, what happens to a run \
             that fails or overlaps the next, or how a missed run is noticed.",
            crate::text::english::and_list(&names),
            if names.len() == 1 { "names" } else { "name" },
            if names.len() == 1 { "it" } else { "them" },
        ),
        owner: lead_team_of(model),
        detected: true,
        question: false,
        key: format!("performance.jobs[{first}].technology"),
        options,
        due: String::new(),
        blocks: "the jobs' retries, overlap and missed-run alerts".into(),
        weighed,
    })
}

#[cfg(test)]
mod tests {
    use crate::derive::graph::tests::named as model;

    #[test]
    fn scheduled_jobs_without_a_runner_are_one_decision_weighed_for_the_platform() {
        let m = model(
            "requirements: {domain: d}\nservices: [{name: a, responsibility: r}]\ndeployment: {platform: EKS}\nperformance:\n  jobs:\n    - {name: sweep, service: a, kind: scheduled, schedule: '*/5 * * * *'}\n    - {name: nightly, service: a, kind: batch}\n    - {name: run, service: a, kind: scheduled, technology: Temporal}\n    - {name: work, service: a, kind: queue}\n",
        );
        let d = super::runner(&m).expect("two jobs name no runner");
        assert!(
            d.why.starts_with("sweep and nightly name no runner"),
            "{}",
            d.why
        );
        assert_eq!(d.key, "performance.jobs[0].technology");
        assert_eq!(d.options[0], "Kubernetes CronJobs");
        assert_eq!(d.options.len(), d.weighed.len());
        let none = model(
            "requirements: {domain: d}\nservices: [{name: a, responsibility: r}]\nperformance:\n  jobs: [{name: run, service: a, kind: scheduled, technology: Temporal}]\n",
        );
        assert!(super::runner(&none).is_none());
    }
}

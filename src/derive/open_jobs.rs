//! Scheduled and batch jobs that name nothing to run them: one open decision for them all, as
//! the same runner usually serves every job of a system, weighed for the platform and cloud
//! the model runs on and for what a missed run of these jobs costs.

use super::open::{OpenDecision, lead_team_of, undecided};
use crate::model::{Job, JobKind, Model};

/// How often a job runs, in words: `every 5 min`, `hourly`, `daily`; empty when unreadable.
fn how_often(job: &Job) -> Option<String> {
    let period = super::schedule::period_minutes(job.schedule.as_deref()?).ok()?;
    Some(match period {
        60 => "hourly".into(),
        1440 => "daily".into(),
        m => format!(
            "every {}",
            crate::text::numbers::duration(f64::from(m) * 60_000.0)
        ),
    })
}

/// A job and what it runs for: its schedule, and the flow deadline it enforces if any.
fn described(model: &Model, job: &Job) -> String {
    let mut out = format!(
        "{} ({}",
        job.name,
        how_often(job).unwrap_or("on demand".into())
    );
    let guarded = model.communication.flows.iter().find_map(|f| {
        let d = f.deadline.as_ref()?;
        (d.enforced_by.as_deref() == Some(job.name.as_str())).then_some((f, d))
    });
    if let Some((f, d)) = guarded {
        out.push_str(&format!(
            ", enforcing {}'s {}-minute deadline",
            f.name, d.minutes
        ));
    }
    out.push(')');
    out
}

/// The cloud the model runs on, from its platform or its region names.
fn scheduler(model: &Model) -> &'static str {
    let d = &model.deployment;
    let platform = d.platform.as_deref().unwrap_or("").to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| platform.contains(w));
    // AWS regions read `eu-central-1`; Google's `europe-west1`.
    let aws_region = |r: &String| {
        r.rsplit('-')
            .next()
            .is_some_and(|n| n.parse::<u8>().is_ok())
    };
    if has(&["eks", "aws", "ecs", "fargate", "lambda"]) || d.regions.iter().any(aws_region) {
        "Amazon EventBridge Scheduler"
    } else if has(&["gke", "gcp", "google", "cloud run"]) || !d.regions.is_empty() {
        "Google Cloud Scheduler"
    } else if has(&["aks", "azure"]) {
        "Azure Functions timer triggers"
    } else {
        "The cloud's scheduler (Amazon EventBridge Scheduler, Google Cloud Scheduler)"
    }
}

/// Pros and cons of one option.
type Weighed = (Vec<String>, Vec<String>);

/// What a CronJob costs these jobs: a missed run waits for the next, and a frequent one can
/// overlap the next (a nightly one seldom does).
fn cron_cons(jobs: &[(usize, &Job)], missed: &str) -> Vec<String> {
    let mut cons = vec![format!(
        "a run that fails is retried only up to its backoff limit, and one missed by more than \
         its starting deadline is skipped: {missed}"
    )];
    let frequent: Vec<&str> = jobs
        .iter()
        .filter(|(_, j)| {
            j.schedule
                .as_deref()
                .and_then(|s| super::schedule::period_minutes(s).ok())
                .is_some_and(|m| m < 60)
        })
        .map(|(_, j)| j.name.as_str())
        .collect();
    if !frequent.is_empty() {
        cons.push(format!(
            "a run of {} that outlasts its period overlaps the next unless the concurrency \
             policy forbids it",
            crate::text::english::and_list(&frequent)
        ));
    }
    cons
}

/// What the jobs do, each as `name: its description.`, to follow the decision's context.
fn duties(jobs: &[(usize, &Job)]) -> String {
    jobs.iter()
        .filter(|(_, j)| !j.description.trim().is_empty())
        .map(|(_, j)| {
            let d = j.description.trim();
            let stop = if d.ends_with('.') { "" } else { "." };
            format!(" {}: {d}{stop}", j.name)
        })
        .collect()
}

/// The options for running `jobs` on the model's platform, each with its pros and cons;
/// `guards_deadline` when one of them enforces a flow's deadline.
fn options_for(
    model: &Model,
    jobs: &[(usize, &Job)],
    guards_deadline: bool,
) -> (Vec<String>, Vec<Weighed>) {
    let (_, job) = jobs[0];
    let mut services: Vec<&str> = Vec::new();
    for (_, j) in jobs {
        if !services.contains(&j.service.as_str()) {
            services.push(j.service.as_str());
        }
    }
    let services = crate::text::english::and_list(&services);
    let missed = format!(
        "{} then waits for its next run{}",
        job.name,
        how_often(job).map_or(String::new(), |h| format!(", {h}"))
    );
    let (mut options, mut weighed) = (Vec::new(), Vec::new());
    if super::release::derive(model).kubernetes {
        let on = model
            .deployment
            .platform
            .as_deref()
            .unwrap_or("the cluster");
        options.push(format!("Kubernetes CronJobs on {on}"));
        weighed.push((
            vec![format!(
                "nothing new to run: each job runs in its service's own image ({services}), on the cluster already there"
            )],
            cron_cons(jobs, &missed),
        ));
    }
    let cloud = scheduler(model);
    options.push(cloud.into());
    let who = if cloud.starts_with("The cloud") {
        "the cloud"
    } else {
        cloud
    };
    weighed.push((
        vec![format!(
            "retries and a dead-letter target for a trigger that fails, run for {services} by \
             {who}"
        )],
        vec![format!(
            "it only triggers: {services} must expose an endpoint or read a queue for it, and \
             guard against overlap itself"
        )],
    ));
    // A workflow engine is worth weighing for several jobs, or one that guards a deadline.
    if jobs.len() > 1 || guards_deadline {
        options.push("A workflow engine (Temporal)".into());
        let count = match jobs.len() {
            1 => "one job".to_owned(),
            n => format!("{n} jobs"),
        };
        weighed.push((
            vec!["durable timers and retries per run, with each run's history".into()],
            vec![format!(
                "a cluster, or Temporal Cloud, to run and learn for {count}"
            )],
        ));
    }
    (options, weighed)
}

/// What the runner must do for these jobs: start each on time and notice a missed run before
/// what it guards is late (a deadline it enforces, or its next run), keep runs from
/// overlapping, and add as little as it can to what the platform already runs.
fn drivers(model: &Model, jobs: &[(usize, &Job)]) -> Vec<String> {
    let mut out = Vec::new();
    for (_, j) in jobs {
        let every = how_often(j);
        let guarded = model.communication.flows.iter().find_map(|f| {
            let d = f.deadline.as_ref()?;
            (d.enforced_by.as_deref() == Some(j.name.as_str())).then_some((f, d))
        });
        out.push(match (guarded, every) {
            (Some((f, d)), Some(e)) => format!(
                "{} enforces {}'s {}-minute deadline: a run that is missed or late ({e}) makes the deadline late by as much, so a missed run must page",
                j.name, f.name, d.minutes
            ),
            (None, Some(e)) => format!(
                "{} runs {e}: a missed run delays its work to the next one, and must be noticed before a second is missed",
                j.name
            ),
            _ => format!("{} runs on demand: each request must start exactly one run", j.name),
        });
    }
    out.push(
        "A run that outlasts its period must not run beside the next one on the same items".into(),
    );
    if let Some(p) = model
        .deployment
        .platform
        .as_deref()
        .filter(|p| !p.is_empty())
    {
        out.push(format!(
            "The services already run on {p}: a runner there adds nothing new to operate"
        ));
    }
    out
}

/// The decision, when a scheduled or batch job states no `technology`.
pub(super) fn runner(model: &Model) -> Option<OpenDecision> {
    let jobs: Vec<(usize, &Job)> = model
        .performance
        .jobs
        .iter()
        .enumerate()
        .filter(|(_, j)| matches!(j.kind, JobKind::Scheduled | JobKind::Batch))
        .filter(|(_, j)| j.technology.as_deref().is_none_or(undecided))
        .collect();
    let (first, _) = *jobs.first()?;
    let named: Vec<String> = jobs.iter().map(|(_, j)| described(model, j)).collect();
    let one = jobs.len() == 1;
    let (options, weighed) =
        options_for(model, &jobs, named.iter().any(|n| n.contains("deadline")));
    Some(OpenDecision {
        title: "Choose what runs the scheduled jobs".into(),
        why: format!(
            "{} {} no runner: nothing says what starts {}, what happens to a run that fails or \
             overlaps the next, or how a missed run is noticed.{}",
            crate::text::english::and_list(&named),
            if one { "names" } else { "name" },
            if one { "it" } else { "them" },
            duties(&jobs),
        ),
        owner: lead_team_of(model),
        detected: true,
        question: false,
        key: format!("performance.jobs[{first}].technology"),
        options,
        due: String::new(),
        blocks: format!(
            "{} retries, overlap and missed-run alerts: {}",
            if one { "its" } else { "their" },
            crate::text::english::and_list(&named)
        ),
        drivers: drivers(model, &jobs),
        weighed,
    })
}
#[cfg(test)]
mod tests {
    use crate::derive::graph::tests::named as model;

    #[test]
    fn scheduled_jobs_without_a_runner_are_one_decision_weighed_for_the_platform() {
        let m = model(
            "requirements: {domain: d}\nservices: [{name: a, responsibility: r}]\ndeployment: {platform: Kubernetes (EKS)}\nperformance:\n  jobs:\n    - {name: sweep, service: a, kind: scheduled, schedule: '*/5 * * * *'}\n    - {name: nightly, service: a, kind: batch}\n    - {name: run, service: a, kind: scheduled, technology: Temporal}\n    - {name: work, service: a, kind: queue}\n",
        );
        let d = super::runner(&m).expect("two jobs name no runner");
        assert!(
            d.why
                .starts_with("sweep (every 5 min) and nightly (on demand) name no runner"),
            "{}",
            d.why
        );
        assert_eq!(d.key, "performance.jobs[0].technology");
        assert_eq!(
            d.options,
            [
                "Kubernetes CronJobs on Kubernetes (EKS)",
                "Amazon EventBridge Scheduler",
                "A workflow engine (Temporal)"
            ]
        );
        assert!(d.weighed[0].1[0].ends_with("sweep then waits for its next run, every 5 min"));
        assert_eq!(d.options.len(), d.weighed.len());
        // Drivers of this design: each job's schedule, overlap, and the platform already run.
        assert_eq!(
            d.drivers,
            [
                "sweep runs every 5 min: a missed run delays its work to the next one, and must be noticed before a second is missed",
                "nightly runs on demand: each request must start exactly one run",
                "A run that outlasts its period must not run beside the next one on the same items",
                "The services already run on Kubernetes (EKS): a runner there adds nothing new to operate",
            ]
        );
        let none = model(
            "requirements: {domain: d}\nservices: [{name: a, responsibility: r}]\nperformance:\n  jobs: [{name: run, service: a, kind: scheduled, technology: Temporal}]\n",
        );
        assert!(super::runner(&none).is_none());
    }

    /// Jobs of `a`, `b` and `a` again name each service once.
    #[test]
    fn each_service_running_jobs_is_named_once() {
        let m = model(
            "requirements: {domain: d}\nservices: [{name: a, responsibility: r}, {name: b, responsibility: r}]\ndeployment: {platform: Kubernetes (EKS)}\nperformance:\n  jobs:\n    - {name: one, service: a, kind: scheduled, schedule: '* * * * *'}\n    - {name: two, service: b, kind: scheduled, schedule: '* * * * *'}\n    - {name: three, service: a, kind: scheduled, schedule: '0 * * * *'}\n",
        );
        let d = super::runner(&m).expect("no job names a runner");
        let cron = &d.weighed[0].0[0];
        assert!(cron.contains("its service's own image (a and b)"), "{cron}");
    }

    #[test]
    fn the_cloud_comes_from_the_platform_or_the_regions() {
        let on = |deployment: &str| {
            super::scheduler(&model(&format!(
                "requirements: {{domain: d}}\nservices: [{{name: a, responsibility: r}}]\ndeployment: {deployment}\n"
            )))
        };
        assert_eq!(on("{platform: Kubernetes (GKE)}"), "Google Cloud Scheduler");
        assert_eq!(
            on("{regions: [eu-central-1]}"),
            "Amazon EventBridge Scheduler"
        );
        assert_eq!(on("{regions: [europe-west1]}"), "Google Cloud Scheduler");
        assert!(on("{}").starts_with("The cloud's scheduler"));
    }
}

//! Deadlines and the alerts that guard them: a flow's deadline is enforced by a job that
//! exists, an end-to-end objective ends at a step of its flow, and an alert has a unique name
//! and guards an objective that has a time.

use super::names::unique_names;
use super::{Issues, fields};
use crate::model::Model;

pub(super) fn check(model: &Model, issues: &mut Issues) {
    let jobs: Vec<&str> = model
        .performance
        .jobs
        .iter()
        .map(|j| j.name.as_str())
        .collect();
    let mut objectives: Vec<&str> = Vec::new();
    for (i, f) in model.communication.flows.iter().enumerate() {
        if let Some(e) = f.end_to_end.as_ref().filter(|e| !e.until.is_empty()) {
            let walked = f.walk();
            issues.check(
                format!("/communication/flows/{i}/end_to_end/until"),
                &format!("flow `{}`: end_to_end `until`", f.name),
                fields::reference(
                    &e.until,
                    walked.iter().map(|w| w.step.action.as_str()),
                    "step `action` of this flow",
                ),
            );
        }
        let Some(d) = &f.deadline else { continue };
        objectives.push(f.name.as_str());
        let dp = format!("/communication/flows/{i}/deadline");
        issues.check(
            format!("{dp}/minutes"),
            &format!("flow `{}`: deadline `minutes`", f.name),
            fields::within(d.minutes, 1, 525_600),
        );
        if let Some(job) = &d.enforced_by {
            issues.check(
                format!("{dp}/enforced_by"),
                &format!("flow `{}`: deadline `enforced_by`", f.name),
                fields::reference(job, jobs.iter().copied(), "job of `performance.jobs`"),
            );
        }
    }
    if model.resilience.consumers.deliver_within_minutes.is_some() {
        objectives.push("consumers");
    }
    let alerts = &model.observability.alerting.alerts;
    unique_names(
        alerts.iter().enumerate().map(|(i, a)| {
            (
                format!("/observability/alerting/alerts/{i}/name"),
                a.name.as_str(),
            )
        }),
        "alert",
        issues,
    );
    for (i, a) in alerts.iter().enumerate() {
        if let Some(svc) = &a.service {
            issues.check(
                format!("/observability/alerting/alerts/{i}/service"),
                &format!("alert `{}`: `service`", a.name),
                fields::reference(
                    svc,
                    model.services.iter().map(|s| s.name.as_str()),
                    "service",
                ),
            );
        }
        if let Some(g) = &a.guards {
            issues.check(
                format!("/observability/alerting/alerts/{i}/guards"),
                &format!("alert `{}`: `guards`", a.name),
                fields::reference(
                    g,
                    objectives.iter().copied(),
                    "flow with a `deadline` (or `consumers` with `deliver_within_minutes`)",
                ),
            );
        }
    }
}

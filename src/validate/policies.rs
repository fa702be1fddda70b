//! Link and external choices that mean something only beside another: a consumer's pause
//! needs a consumer, a conditional create the header that carries it, and an entry through a
//! gateway a caller from outside and a gateway, a job's call a link to make it on, and a rate
//! limits' fallback a shared count to fall back from, and an enforcer that can.

use super::Issues;
use crate::model::Model;

pub(super) fn check(model: &Model, issues: &mut Issues) {
    pauses(model, issues);
    gateways(model, issues);
    job_calls(model, issues);
    schemes(model, issues);
    limit_fallback(model, issues);
}

/// A fallback needs a shared count to fall back from; Kong's plugin cannot count alone.
fn limit_fallback(model: &Model, issues: &mut Issues) {
    use crate::derive::open_limits::{kong_limits, shared_store, store_users};
    let Some(fallback) = model.resilience.rate_limit_fallback else {
        return;
    };
    let at = "/resilience/rate_limit_fallback".to_owned();
    if !shared_store(model) || store_users(model).is_empty() {
        issues.push(
            at,
            "`rate_limit_fallback` without a shared count".into(),
            Some(
                "it says what the limits do while the store their replicas share a count in is down: name that store in `rate_limit_store` (with a limit some replicas enforce together), or remove it"
                    .into(),
            ),
        );
    } else if fallback == crate::model::RateLimitFallback::Local && kong_limits(model) {
        issues.push(
            at,
            "Kong's rate-limiting plugin cannot fall back to counting alone at its share".into(),
            Some(
                "with its `redis` policy it either lets every request through (`fault_tolerant`, its default): write `allow`; or fails every limited request: write `deny`"
                    .into(),
            ),
        );
    }
}

/// A consumer's pause needs background work.
fn pauses(model: &Model, issues: &mut Issues) {
    for (i, l) in model.communication.links.iter().enumerate() {
        let pauses = l.resilience.as_ref().and_then(|r| r.while_open);
        if pauses.is_some() && !l.background {
            issues.push(
                format!("/communication/links/{i}/resilience/while_open"),
                format!(
                    "link {} -> {} says what its messages do while the circuit is open, but it \
                     is not made from background work",
                    l.from, l.to
                ),
                Some(format!(
                    "mark the link `background: true` if {} makes the call from a consumer or a \
                     job, or remove `while_open`",
                    l.from
                )),
            );
        }
    }
}

/// An entry through a gateway needs a gateway, and a caller from outside.
fn gateways(model: &Model, issues: &mut Issues) {
    for (i, l) in model.communication.links.iter().enumerate() {
        let Some(via) = &l.via else { continue };
        let at = format!("/communication/links/{i}/via");
        let gateway = model
            .services
            .iter()
            .any(|s| &s.name == via && s.kind == crate::model::ServiceKind::Gateway);
        if !gateway {
            issues.push(
                at.clone(),
                format!(
                    "link {} -> {} enters through `{via}`, which is no gateway",
                    l.from, l.to
                ),
                Some("name a service of `kind: gateway`, or remove `via`".into()),
            );
        }
        let outside = model.clients.iter().any(|c| c.name == l.from)
            || model.externals.iter().any(|e| e.name == l.from);
        let service = model
            .services
            .iter()
            .any(|s| s.name == l.to && &s.name != via);
        if !outside || !service {
            issues.push(
                at,
                format!(
                    "link {} -> {} enters through a gateway, but only a call from a client or an \
                     external system to one of the services does",
                    l.from, l.to
                ),
                Some("remove `via`, or link the caller from outside to the service behind the gateway".into()),
            );
        }
    }
}

/// A job's call needs a link to make it on.
fn job_calls(model: &Model, issues: &mut Issues) {
    for (i, j) in model.performance.jobs.iter().enumerate() {
        if let Some(e) = &j.items_from {
            let published =
                (model.services.iter()).any(|s| s.publishes.iter().any(|p| &p.name == e));
            if !published {
                issues.push(
                    format!("/performance/jobs/{i}/items_from"),
                    format!(
                        "job `{}` takes one item per `{e}`, which no service publishes",
                        j.name
                    ),
                    Some("name an event a service publishes, or remove `items_from`".into()),
                );
            }
        }
        if j.items_per_run.is_some() && j.items_from.is_none() {
            issues.push(
                format!("/performance/jobs/{i}/items_per_run"),
                format!(
                    "job `{}` states how many items a run takes but not which event gives it them",
                    j.name
                ),
                Some("add `items_from` with the event each of which gives it one item, or remove `items_per_run`".into()),
            );
        }
        for (k, to) in j.calls.iter().enumerate() {
            let linked = model
                .communication
                .links
                .iter()
                .any(|l| l.from == j.service && &l.to == to);
            if !linked {
                issues.push(
                    format!("/performance/jobs/{i}/calls/{k}"),
                    format!(
                        "job `{}` calls `{to}`, but no link goes from `{}` to `{to}`",
                        j.name, j.service
                    ),
                    Some(format!(
                        "add a link `{{from: {}, to: {to}, background: true}}`, or remove it from `calls`",
                        j.service
                    )),
                );
            }
        }
    }
}

/// A conditional create needs the header that carries it.
fn schemes(model: &Model, issues: &mut Issues) {
    for (i, e) in model.externals.iter().enumerate() {
        if e.idempotency_scheme.is_some() && e.idempotency_header.is_none() {
            issues.push(
                format!("/externals/{i}/idempotency_scheme"),
                format!(
                    "external `{}` says what its idempotency header carries but names no header",
                    e.name
                ),
                Some("state `idempotency_header`, or remove `idempotency_scheme`".into()),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::model::Model;

    fn problems(yaml: &str) -> Vec<String> {
        let model: Model = serde_yaml::from_str(yaml).unwrap();
        crate::validate::model(&model)
            .iter()
            .map(|i| format!("{} {}", i.pointer, i.message))
            .collect()
    }

    const BASE: &str = "version: 1\nname: t\nrequirements: {domain: d}\nservices:\n  - {name: sync, responsibility: r}\nexternals: [{name: ehr, idempotency_header: If-None-Exist}]\ncommunication:\n  links:\n    - {from: sync, to: ehr, background: true, resilience: {while_open: pause}}\n";

    #[test]
    fn a_gateway_entry_needs_a_gateway_and_a_caller_from_outside() {
        let yaml = "version: 1\nname: t\nrequirements: {domain: d}\nservices:\n  - {name: gw, kind: gateway, responsibility: r}\n  - {name: pay, responsibility: r}\nexternals: [{name: psp}]\ncommunication:\n  links:\n    - {from: psp, to: pay, style: async, via: gw}\n";
        assert!(problems(yaml).is_empty(), "{:?}", problems(yaml));
        let not_gateway = yaml.replace("via: gw", "via: pay");
        assert!(
            problems(&not_gateway)
                .iter()
                .any(|p| p.contains("which is no gateway"))
        );
        let inside = yaml.replace(
            "{from: psp, to: pay, style: async, via: gw}",
            "{from: pay, to: psp, via: gw}",
        );
        assert!(
            problems(&inside)
                .iter()
                .any(|p| p.contains("only a call from a client")),
            "{:?}",
            problems(&inside)
        );
    }

    #[test]
    fn a_jobs_call_needs_a_link() {
        let yaml = "version: 1\nname: t\nrequirements: {domain: d}\nservices:\n  - {name: stock, responsibility: r}\nexternals: [{name: wh}]\ncommunication:\n  links:\n    - {from: stock, to: wh, background: true}\nperformance:\n  jobs: [{name: sync, service: stock, kind: scheduled, schedule: '*/5 * * * *', calls: [wh]}]\n";
        assert!(problems(yaml).is_empty(), "{:?}", problems(yaml));
        let unlinked = yaml.replace("calls: [wh]", "calls: [stock]");
        assert!(
            problems(&unlinked)
                .iter()
                .any(|p| p.starts_with("/performance/jobs/0/calls/0"))
        );
    }

    #[test]
    fn a_pause_needs_background_work_and_a_scheme_needs_its_header() {
        assert!(problems(BASE).is_empty(), "{:?}", problems(BASE));
        let foreground = BASE.replace("background: true, ", "");
        let found = problems(&foreground);
        assert!(
            found
                .iter()
                .any(|p| p.starts_with("/communication/links/0/resilience/while_open")),
            "{found:?}"
        );
        let headerless = BASE.replace(
            "idempotency_header: If-None-Exist",
            "idempotency_scheme: conditional-create",
        );
        let found = problems(&headerless);
        assert!(
            found
                .iter()
                .any(|p| p.starts_with("/externals/0/idempotency_scheme")),
            "{found:?}"
        );
    }
}

//! Numbers in the model that contradict each other: a link whose worst case (every attempt
//! timing out, plus the backoff waits) exceeds the p99 latency budget of a caller that answers
//! requests, a cache that
//! keeps entries longer than its data may be stale, and an SLO stricter than the synchronous
//! dependencies behind it can give.

use super::{Input, Problem};

pub(super) fn numbers(input: &Input) -> Vec<Problem> {
    let mut out = latency(input);
    out.extend(staleness(input));
    out.extend(availability(input));
    out
}

fn latency(input: &Input) -> Vec<Problem> {
    let (model, view) = (input.model, input.view);
    let mut out = Vec::new();
    // The view lists the model's links first, in order, then the derived ones.
    for (i, link) in view
        .links
        .iter()
        .take(model.communication.links.len())
        .enumerate()
    {
        let Some(policy) = &link.policy else { continue };
        if link.background {
            continue;
        }
        // The budget is for answering a request: a worker or consumer nobody calls has none.
        let Some(caller) = view
            .services
            .iter()
            .find(|s| s.node.name == link.from.name && !s.called_by.is_empty())
        else {
            continue;
        };
        let Some(budget) = caller
            .slo
            .latency_p99_ms
            .or(model.requirements.latency.p99_ms)
        else {
            continue;
        };
        if policy.worst_case_ms <= u64::from(budget) {
            continue;
        }
        let waits: u32 = policy.retry.waits.iter().sum();
        let message = format!(
            "the call from `{}` to `{}` can take {} ms at worst ({} attempts of {} ms plus {waits} ms of backoff), beyond the {budget} ms p99 latency budget of `{}`",
            link.from.name,
            link.to.name,
            policy.worst_case_ms,
            policy.retry.max_attempts,
            policy.timeout_ms,
            caller.node.name
        );
        let help = "lower the link's `timeout_ms` or `retries.max_attempts` until the worst case fits, or make the call asynchronous".to_owned();
        out.push(Problem {
            kind: "latency-budget",
            finding: input.at_model(
                &format!("/communication/links/{i}/resilience"),
                message,
                help,
            ),
        });
    }
    out
}

fn staleness(input: &Input) -> Vec<Problem> {
    let mut out = Vec::new();
    for (i, c) in input.model.performance.caches.iter().enumerate() {
        let Some(max) = c.max_staleness_seconds.filter(|max| c.ttl_seconds > *max) else {
            continue;
        };
        let message = format!(
            "cache `{}` keeps entries for {} s, longer than the {max} s its data may be stale",
            c.name, c.ttl_seconds
        );
        let help = format!(
            "lower `ttl_seconds` to at most {max}, or raise `max_staleness_seconds` if the data allows it"
        );
        out.push(Problem {
            kind: "cache-staleness",
            finding: input.at_model(
                &format!("/performance/caches/{i}/ttl_seconds"),
                message,
                help,
            ),
        });
    }
    out
}

fn availability(input: &Input) -> Vec<Problem> {
    let (model, view) = (input.model, input.view);
    let mut out = Vec::new();
    for (i, s) in view.services.iter().enumerate() {
        let mut deps: Vec<(String, f64)> = Vec::new();
        // A call with a fallback does not fail the caller when the dependency is down.
        let calls = view
            .links
            .iter()
            .filter(|l| l.from.name == s.node.name && l.style == "sync");
        for l in calls.filter(|l| l.policy.as_ref().is_none_or(|p| p.fallback.is_empty())) {
            let a = match l.to.kind.as_str() {
                "external" => model
                    .externals
                    .iter()
                    .find(|e| e.name == l.to.name)
                    .and_then(|e| e.availability),
                _ => view
                    .services
                    .iter()
                    .find(|d| d.node.name == l.to.name)
                    .map(|d| d.slo.availability),
            };
            if let Some(a) = a.filter(|_| !deps.iter().any(|(n, _)| *n == l.to.name)) {
                deps.push((l.to.name.clone(), a));
            }
        }
        if deps.is_empty() {
            continue;
        }
        // A gateway sends each request to one service; anything else needs all of them.
        let routes = s.node.kind == "gateway";
        let bound = if routes {
            deps.iter().map(|(_, a)| *a).fold(100.0, f64::min)
        } else {
            deps.iter().map(|(_, a)| a / 100.0).product::<f64>() * 100.0
        };
        if s.slo.availability <= bound + 1e-9 {
            continue;
        }
        let list: Vec<String> = deps
            .iter()
            .map(|(n, a)| format!("`{n}` {}%", pct(*a)))
            .collect();
        let how = if routes {
            format!("the least of {}", list.join(", "))
        } else {
            list.join(" × ")
        };
        let message = format!(
            "service `{}` promises {}% availability, but its synchronous dependencies allow at most {}% ({how})",
            s.node.name,
            pct(s.slo.availability),
            pct(bound)
        );
        let help = "lower its SLO, raise the dependencies', or give the calls a fallback or make them asynchronous".to_owned();
        out.push(Problem {
            kind: "slo-dependencies",
            finding: input.at_model(&format!("/services/{i}/slo/availability"), message, help),
        });
    }
    out
}

/// A percentage with up to four decimals, rounded down so a bound never reads higher than it is.
fn pct(v: f64) -> String {
    let s = format!("{:.4}", (v * 10_000.0 + 1e-6).floor() / 10_000.0);
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

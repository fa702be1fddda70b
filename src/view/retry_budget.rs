//! The retry budget: each caller that retries may send at most a share of its calls again
//! (`resilience.retry_budget_percent`, 10% when the model does not say), counted over all its
//! retrying calls together, so a failing dependency gets at most that much extra load however
//! many attempts each call allows. gRPC's retry throttling and Envoy's and Finagle's retry
//! budgets keep the same ratio; the rate each caller may retry at comes from its calls' peak
//! rates in the capacity model.

use super::LinkView;
use crate::model::Model;
use serde::Serialize;

/// The budget share when the model states none.
pub const DEFAULT_PERCENT: u32 = 10;

/// The retry budget of every caller that retries.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RetryBudget {
    /// Most retries, as a percentage of a caller's calls.
    pub percent: u32,
    /// Whether the model states it.
    pub stated: bool,
    /// Each caller with calls that retry, in link order.
    pub callers: Vec<CallerBudget>,
}

/// One caller's budget.
#[derive(Debug, Clone, Serialize)]
pub struct CallerBudget {
    /// The caller.
    pub caller: String,
    /// The callees it retries.
    pub callees: Vec<String>,
    /// Its calls per second to them at peak, from the capacity model; 0 without a peak load.
    pub calls_rps: f64,
    /// Most retries per second the budget lets it send at that peak.
    pub retries_rps: f64,
}

impl RetryBudget {
    /// The budget as an assumption, when a caller retries and the model states no share.
    pub(super) fn assumption(&self) -> Option<crate::derive::Assumption> {
        (!self.stated && !self.callers.is_empty()).then(|| {
            crate::derive::Assumption::new(
                "resilience.retry-budget",
                format!("{}% of each caller's calls", self.percent),
                "the ratio gRPC's retry throttling and Envoy's and Finagle's retry budgets start \
                 from: an outage adds a tenth to the failing dependency's load, not a multiple",
                "the retry budget of each caller that retries",
                "resilience.retry_budget_percent",
            )
        })
    }
}

/// The budget of the callers among `links` whose synchronous calls make more than one
/// attempt, a client's app among them (its retries are automatic, so an outage multiplies its
/// load as a service's would); a stream reconnects instead.
pub(super) fn derive(model: &Model, links: &[LinkView]) -> RetryBudget {
    let stated = model.resilience.retry_budget_percent;
    let percent = stated.unwrap_or(DEFAULT_PERCENT);
    let mut callers: Vec<CallerBudget> = Vec::new();
    for l in links.iter().filter(|l| l.style == "sync") {
        let Some(p) = &l.policy else { continue };
        let Some(d) = p.derivation.as_ref().filter(|d| !d.stream) else {
            continue;
        };
        if p.retry.max_attempts < 2 {
            continue;
        }
        let at = match callers.iter().position(|c| c.caller == l.from.name) {
            Some(i) => i,
            None => {
                callers.push(CallerBudget {
                    caller: l.from.name.clone(),
                    callees: Vec::new(),
                    calls_rps: 0.0,
                    retries_rps: 0.0,
                });
                callers.len() - 1
            }
        };
        let c = &mut callers[at];
        c.callees.push(l.to.name.clone());
        c.calls_rps += d.rate_rps;
        c.retries_rps = c.calls_rps * f64::from(percent) / 100.0;
    }
    RetryBudget {
        percent,
        stated: stated.is_some(),
        callers,
    }
}

#[cfg(test)]
mod tests {
    use crate::model::Model;

    fn budget(extra: &str) -> crate::view::retry_budget::RetryBudget {
        budget_with("{from: web, to: orders}", extra)
    }

    /// The budget with the link from web to orders written `web`.
    fn budget_with(web: &str, extra: &str) -> crate::view::retry_budget::RetryBudget {
        let yaml = format!(
            "version: 1\nname: t\nrequirements:\n  domain: d\n  scale: {{peak_rps: 1000}}\n  latency: {{p99_ms: 400}}\nclients: [{{name: web}}]\nservices:\n  - {{name: orders, responsibility: r}}\n  - {{name: stock, responsibility: r, slo: {{latency_p99_ms: 40}}}}\n  - {{name: prices, responsibility: r, slo: {{latency_p99_ms: 40}}}}\ncommunication:\n  links:\n    - {web}\n    - {{from: orders, to: stock, resilience: {{retries: {{max_attempts: 3}}}}}}\n    - {{from: orders, to: prices, resilience: {{retries: {{max_attempts: 2}}}}}}\n{extra}"
        );
        let model: Model = serde_yaml::from_str(&yaml).expect("test model parses");
        crate::view::build(&model).retry_budget
    }

    #[test]
    fn each_retrying_caller_may_retry_a_share_of_its_calls() {
        let b = budget("");
        assert_eq!((b.percent, b.stated), (10, false));
        let orders: Vec<(&str, Vec<&str>)> = b
            .callers
            .iter()
            .map(|c| {
                (
                    c.caller.as_str(),
                    c.callees.iter().map(String::as_str).collect(),
                )
            })
            .collect();
        assert_eq!(orders, [("orders", vec!["stock", "prices"])]);
        let c = &b.callers[0];
        assert!(c.calls_rps > 0.0, "{c:?}");
        assert!((c.retries_rps - c.calls_rps * 0.1).abs() < 1e-9, "{c:?}");
        let assumed = b.assumption().expect("an unstated budget is an assumption");
        assert_eq!(assumed.key, "resilience.retry_budget_percent");
        assert_eq!(assumed.value, "10% of each caller's calls");
        let stated = budget("resilience: {retry_budget_percent: 20}\n");
        assert!(stated.assumption().is_none());
        assert_eq!((stated.percent, stated.stated), (20, true));
        let c = &stated.callers[0];
        assert!((c.retries_rps - c.calls_rps * 0.2).abs() < 1e-9, "{c:?}");
        // An app that retries on its own is a caller like any other.
        let app = budget_with(
            "{from: web, to: orders, resilience: {retries: {max_attempts: 2}}}",
            "",
        );
        let callers: Vec<&str> = app.callers.iter().map(|c| c.caller.as_str()).collect();
        assert!(callers.contains(&"web"), "{callers:?}");
    }
}

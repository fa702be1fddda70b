//! Announced maintenance of the external systems (`externals[].maintenance_hours_per_month`):
//! the share of a 30-day window each one is down by plan, against the error budget of every
//! service that calls it, so an objective either leaves the windows out or is sized to spend
//! them, and nobody is paged for an outage the provider announced.

use crate::model::Model;
use serde::Serialize;

/// One external system's announced maintenance.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Maintenance {
    /// The external system.
    pub external: String,
    /// Hours a month it is down by plan.
    pub hours: f64,
    /// Those hours as a percent of the 30-day window.
    pub share_pct: f64,
    /// Each service that calls it, in model order.
    pub dependents: Vec<Dependent>,
}

/// A service that calls an external system with announced maintenance.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Dependent {
    /// The calling service.
    pub service: String,
    /// Its error budget: 100 minus its availability objective (its own, else the system's).
    pub budget_pct: f64,
    /// Whether the maintenance alone spends more than that budget.
    pub over: bool,
}

/// Every external with announced maintenance that some service calls, in model order.
pub fn derive(model: &Model) -> Vec<Maintenance> {
    let system = crate::defaults::availability(model);
    let mut out = Vec::new();
    for e in &model.externals {
        let Some(hours) = e.maintenance_hours_per_month.filter(|h| *h > 0.0) else {
            continue;
        };
        let share_pct = hours / (crate::defaults::SLO_WINDOW_DAYS * 24.0) * 100.0;
        let dependents: Vec<Dependent> = model
            .services
            .iter()
            .filter(|s| {
                (model.communication.links.iter()).any(|l| l.from == s.name && l.to == e.name)
            })
            .map(|s| {
                let target = (s.slo.as_ref().and_then(|o| o.availability)).unwrap_or(system);
                let budget_pct = 100.0 - target;
                Dependent {
                    service: s.name.clone(),
                    budget_pct,
                    over: share_pct > budget_pct,
                }
            })
            .collect();
        if dependents.is_empty() {
            continue;
        }
        out.push(Maintenance {
            external: e.name.clone(),
            hours,
            share_pct,
            dependents,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::derive::graph::tests::named as model;

    #[test]
    fn a_window_is_weighed_against_each_callers_budget() {
        let m = model(
            "requirements: {domain: d, availability: 99.9}\nservices:\n  - {name: sync, responsibility: r, slo: {availability: 99}}\n  - {name: api, responsibility: r}\n  - {name: other, responsibility: r}\nexternals:\n  - {name: ehr, maintenance_hours_per_month: 4}\n  - {name: psp}\ncommunication:\n  links:\n    - {from: sync, to: ehr}\n    - {from: api, to: ehr}\n    - {from: other, to: psp}\n",
        );
        let w = super::derive(&m);
        assert_eq!(w.len(), 1, "only the external with a window: {w:?}");
        assert_eq!(w[0].external, "ehr");
        assert!((w[0].share_pct - 4.0 / 7.2).abs() < 1e-9);
        let d: Vec<(&str, bool)> = (w[0].dependents.iter())
            .map(|d| (d.service.as_str(), d.over))
            .collect();
        // 0.56% of the month fits sync's 1% budget and is over api's 0.1%.
        assert_eq!(d, [("sync", false), ("api", true)]);
    }
}

//! The technologies a model names outside its `technology` list: each service's stack, data
//! stores, brokers, caches, job runners, the platform and pipeline, observability backends and
//! the secrets store. Each is a choice the team made, so the technology document counts it as
//! one (with its rationale still to record) and no area it covers is called open.

use crate::derive::open::undecided;
use crate::model::{ApiStyle, Model};
use serde::Serialize;

/// One technology the model names, with where.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NamedChoice {
    /// The area, in the words of the recommendation rules where one fits (`Messaging`,
    /// `Caching`, `Real-time delivery`, `Observability`, `Security`, `Delivery`), else
    /// `Service stack`, `Database`, `Background jobs` or `Platform`.
    pub area: String,
    /// The technology.
    pub choice: String,
    /// Where the model names it: services, stores, brokers or caches.
    pub used_by: Vec<String>,
}

/// Every technology `model` names, grouped by area and choice in model order.
pub fn named(model: &Model) -> Vec<NamedChoice> {
    let mut out: Vec<NamedChoice> = Vec::new();
    let mut add = |area: &str, choice: &str, user: &str| {
        let choice = choice.trim();
        if undecided(choice) {
            return;
        }
        match out
            .iter_mut()
            .find(|c| c.area == area && c.choice.eq_ignore_ascii_case(choice))
        {
            Some(c) if !c.used_by.iter().any(|u| u == user) => c.used_by.push(user.to_owned()),
            Some(_) => {}
            None => out.push(NamedChoice {
                area: area.into(),
                choice: choice.into(),
                used_by: vec![user.to_owned()],
            }),
        }
    };
    for s in &model.services {
        add("Service stack", &s.stack, &s.name);
    }
    for s in &model.services {
        for d in &s.data {
            add("Database", &d.store, &format!("{} ({})", d.name, s.name));
        }
    }
    let streams = model
        .services
        .iter()
        .any(|s| matches!(s.api.style, Some(ApiStyle::Websocket | ApiStyle::Sse)));
    for b in &model.communication.brokers {
        // A pub/sub backplane beside streaming APIs is the real-time fan-out choice.
        let area = if streams && super::brokers::of(&b.technology).kind == "pubsub" {
            "Real-time delivery"
        } else {
            "Messaging"
        };
        add(area, &b.technology, &b.name);
    }
    for c in &model.performance.caches {
        add("Caching", &c.technology, &c.name);
    }
    for j in &model.performance.jobs {
        if let Some(t) = &j.technology {
            add("Background jobs", t, &j.name);
        }
    }
    let d = &model.deployment;
    if let Some(p) = &d.platform {
        add("Platform", p, "deployment");
    }
    for (t, what) in [
        (&d.pipeline, "pipeline"),
        (&d.feature_flags, "feature flags"),
    ] {
        if let Some(t) = t {
            add("Delivery", t, what);
        }
    }
    let o = &model.observability;
    for (t, what) in [
        (&o.logging.backend, "logs"),
        (&o.metrics.backend, "metrics"),
        (&o.metrics.dashboards, "dashboards"),
        (&o.tracing.backend, "traces"),
        (&o.alerting.tool, "alerts"),
    ] {
        if let Some(t) = t {
            add("Observability", t, what);
        }
    }
    if let Some(s) = &model.security.secrets {
        add("Security", s, "secrets");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::named;
    use crate::derive::graph::tests::named as model;

    #[test]
    fn stacks_stores_brokers_and_caches_are_choices() {
        let m = model(
            "requirements: {domain: d}\nservices:\n  - {name: a, responsibility: r, stack: Go, data: [{name: x, store: Cassandra}]}\n  - {name: b, responsibility: r, stack: go, api: {style: websocket}}\ncommunication:\n  brokers: [{name: nats, technology: NATS JetStream}, {name: redis, technology: Redis Pub/Sub}, {name: later, technology: TBD}]\nperformance:\n  caches: [{name: c, service: a, technology: Redis, holds: h, ttl_seconds: 5}]\nsecurity: {secrets: HashiCorp Vault}\n",
        );
        let got: Vec<(String, String, String)> = named(&m)
            .into_iter()
            .map(|c| (c.area, c.choice, c.used_by.join(",")))
            .collect();
        let want = [
            ("Service stack", "Go", "a,b"),
            ("Database", "Cassandra", "x (a)"),
            ("Messaging", "NATS JetStream", "nats"),
            ("Real-time delivery", "Redis Pub/Sub", "redis"),
            ("Caching", "Redis", "c"),
            ("Security", "HashiCorp Vault", "secrets"),
        ];
        assert_eq!(
            got,
            want.map(|(a, c, u)| (a.to_owned(), c.to_owned(), u.to_owned()))
        );
    }
}

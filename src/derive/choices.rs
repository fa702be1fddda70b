//! The technologies a model names outside its `technology` list: each service's stack, data
//! stores, brokers, caches, job runners, the platform and pipeline, observability backends and
//! the secrets store. Each is a choice the team made, so the technology document counts it as
//! one (with its rationale still to record) and no area it covers is called open.

use crate::derive::open::undecided;
use crate::model::{ApiStyle, Model, SchemaFormat, ServiceKind};
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
    /// Whether a `technology` entry argues for it: one whose choice starts with it or that it
    /// starts with, or whose area names it (`Kafka hosting` for Kafka).
    pub argued: bool,
    /// The accepted decision whose outcome names it (`Auth0 for patients, Entra ID for
    /// staff`), by ADR number: its record argues for it, so it is not bare either.
    pub decided_in: Option<u32>,
}

/// Whether a cache technology is the service's own memory: a pattern, not something to run,
/// deploy or lose as a dependency.
pub fn in_process(technology: &str) -> bool {
    technology.to_lowercase().contains("in-process")
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
                argued: false,
                decided_in: None,
            }),
        }
    };
    for s in &model.services {
        let area = if s.kind == ServiceKind::Gateway {
            "API gateway"
        } else {
            "Service stack"
        };
        add(area, &s.stack, &s.name);
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
        if !in_process(&c.technology) {
            add("Caching", &c.technology, &c.name);
        }
    }
    for j in &model.performance.jobs {
        if let Some(t) = &j.technology {
            add("Background jobs", t, &j.name);
        }
    }
    infrastructure(model, &mut add);
    let numbers = super::decisions::decision_numbers(&model.decisions);
    for c in &mut out {
        c.argued = argued(model, &c.choice);
        c.decided_in = (model.decisions.iter().zip(&numbers))
            .filter(|(d, _)| d.status == crate::model::DecisionStatus::Accepted)
            .find(|(d, _)| names_product(&d.outcome, &c.choice))
            .map(|(_, n)| *n);
    }
    out
}

/// Vendors' names a product is also called without: `Amazon Cognito` is `Cognito`.
const VENDORS: &[&str] = &[
    "amazon ",
    "aws ",
    "microsoft ",
    "azure ",
    "google ",
    "apache ",
];

/// Whether `text` names the product `choice`, with or without its vendor's name.
fn names_product(text: &str, choice: &str) -> bool {
    let (text, low) = (text.to_lowercase(), choice.trim().to_lowercase());
    let bare = (VENDORS.iter())
        .find_map(|v| low.strip_prefix(v))
        .unwrap_or(&low);
    let at_word = |i: usize, len: usize| {
        let before = text[..i]
            .chars()
            .last()
            .is_none_or(|c| !c.is_alphanumeric());
        let after = text[i + len..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric());
        before && after
    };
    !bare.is_empty() && (text.match_indices(bare)).any(|(i, _)| at_word(i, bare.len()))
}

/// Whether an entry of `technology` argues for `choice` (see [`NamedChoice::argued`]).
fn argued(model: &Model, choice: &str) -> bool {
    let low = choice.to_lowercase();
    model.technology.iter().any(|t| {
        let entry = t.choice.to_lowercase();
        entry.starts_with(&low) || low.starts_with(&entry) || t.area.to_lowercase().contains(&low)
    })
}

/// The platform, pipeline, observability backends, messaging contracts, identity providers
/// and secrets store `model` names, each passed to `add(area, choice, where)`.
fn infrastructure(model: &Model, add: &mut impl FnMut(&str, &str, &str)) {
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
    if let Some(e) = &model.communication.envelope {
        if let Some(r) = &e.registry {
            add("Messaging", r, "schema registry");
        }
        let format = match e.schema_format {
            SchemaFormat::JsonSchema => None,
            SchemaFormat::Avro => Some("Avro"),
            SchemaFormat::Protobuf => Some("Protocol Buffers"),
        };
        if let Some(f) = format {
            add("Messaging", f, "event schemas");
        }
    }
    for a in &model.security.authentication {
        if let Some(p) = &a.provider {
            add("Security", p, "identity provider");
        }
    }
    if let Some(s) = &model.security.secrets {
        add("Security", s, "secrets");
    }
}

#[cfg(test)]
mod tests {
    use super::named;

    #[test]
    fn an_outcome_names_a_product_with_or_without_its_vendor() {
        let outcome = "Auth0 for patients, Entra ID for staff, Cognito client credentials";
        for product in ["Auth0", "Microsoft Entra ID", "Amazon Cognito"] {
            assert!(super::names_product(outcome, product), "{product}");
        }
        // A word inside another is not the product.
        assert!(!super::names_product("Use Redisson locks", "Redis"));
        assert!(!super::names_product(outcome, "Okta"));
    }
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

    #[test]
    fn the_gateway_the_schema_registry_and_identity_providers_are_choices() {
        let m = model(
            "requirements: {domain: d}\nservices:\n  - {name: gw, kind: gateway, responsibility: r, stack: Kong Gateway}\n  - {name: a, responsibility: r, stack: Go}\ncommunication:\n  brokers: [{name: k, technology: Kafka}]\n  envelope: {schema_format: avro, registry: AWS Glue Schema Registry}\nsecurity:\n  authentication: [{method: oidc, provider: Auth0}, {method: mtls}]\n",
        );
        let got: Vec<(String, String)> =
            named(&m).into_iter().map(|c| (c.area, c.choice)).collect();
        for want in [
            ("API gateway", "Kong Gateway"),
            ("Messaging", "AWS Glue Schema Registry"),
            ("Messaging", "Avro"),
            ("Security", "Auth0"),
        ] {
            assert!(
                got.contains(&(want.0.to_owned(), want.1.to_owned())),
                "{want:?} in {got:?}"
            );
        }
        assert!(
            !got.iter()
                .any(|(a, c)| a == "Service stack" && c == "Kong Gateway")
        );
    }
}

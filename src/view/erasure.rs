//! Where an erasure request must reach (GDPR article 17): each service that owns personal
//! fields, each cache holding a resource with them until its TTL, each consumer that keeps
//! what it reads of an event's personal fields, and each topic that keeps those events for its
//! retention; and, for the copies and caches, the erasure event that tells them, when the model
//! has one (an event named for erasing or deleting).

use super::personal::PersonalField;
use crate::derive::capacity::Capacity;
use crate::model::{Model, Resource};
use serde::Serialize;

/// One place personal data is kept.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Holder {
    /// `owner` (a service's resource), `cache` (a cache of an owner's resource), `copy` (a
    /// consumer's copy from events), `topic`, `identity` (the identity provider), `processor`
    /// (an external system a holder calls), `in-house` (one a team of the organisation runs),
    /// `audit` (the audit log) or `backup`.
    pub kind: &'static str,
    /// The service, cache or topic.
    pub name: String,
    /// What it holds, e.g. `Patient: email, phone` or `PatientDetailsChanged: email`.
    pub holds: Vec<String>,
    /// For a copy: the erasure events it consumes; for a cache, those that invalidate it;
    /// none when nothing tells it. For a processor: the services that send it data.
    pub erased_by: Vec<String>,
    /// For a topic: the hours the broker keeps an event; for the audit log, its records.
    pub retention_hours: Option<u32>,
    /// For a cache: the service that reads through it; for the audit log, where it is kept.
    pub cache_of: Option<String>,
    /// For an in-house system (`externals[].team`): the team that runs it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub team: Option<String>,
    /// For a cache: the seconds it keeps an entry (its TTL).
    pub ttl_seconds: Option<u32>,
    /// Where the model states it: the JSON pointer a finding about it points at.
    pub at: String,
    /// For an owner: its resources that record a sale or a payment (a field of money), which
    /// tax and commercial law keep for years whatever the person asks.
    pub commercial: Vec<String>,
}

/// The places an erasure must reach, and whether the model's compliance asks for erasure.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Erasure {
    /// Whether the model names GDPR (or UK GDPR) among its compliance regimes.
    pub required: bool,
    /// The events named for erasing or deleting a person's data.
    pub events: Vec<String>,
    /// Every holder, owners first, then caches, copies and topics.
    pub holders: Vec<Holder>,
}

/// Whether event `name` says a person's data was erased: `CustomerErased`,
/// `PatientDeleted`, `AccountAnonymised`.
fn erases(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    ["erase", "delete", "anonymi", "forgotten", "redact"]
        .iter()
        .any(|w| n.contains(w))
}

/// Where `model`'s personal data is kept, from its resources and `personal` (the personal
/// fields of its events).
pub fn derive(model: &Model, personal: &[PersonalField], capacity: &Capacity) -> Erasure {
    let required = model
        .requirements
        .compliance
        .iter()
        .any(|c| c.to_ascii_uppercase().contains("GDPR"));
    let events: Vec<String> = model
        .services
        .iter()
        .flat_map(|s| &s.publishes)
        .filter(|e| erases(&e.name))
        .map(|e| e.name.clone())
        .collect();
    let mut holders = owners(model);
    holders.extend(caches(model, &events));
    holders.extend(copies(model, personal, &events));
    holders.extend(topics(personal, capacity));
    holders.extend(identity(model));
    let reach = super::erasure_reach::processors(model, &holders);
    holders.extend(reach);
    holders.extend(super::erasure_reach::audit(model, &holders));
    holders.extend(super::erasure_reach::backups(model, &holders));
    Erasure {
        required,
        events,
        holders,
    }
}

pub(super) fn holder(kind: &'static str, name: &str, holds: Vec<String>) -> Holder {
    Holder {
        kind,
        name: name.to_owned(),
        holds,
        erased_by: Vec::new(),
        retention_hours: None,
        cache_of: None,
        team: None,
        ttl_seconds: None,
        at: "/requirements/compliance".to_owned(),
        commercial: Vec::new(),
    }
}

/// Each identity provider people sign in at: it keeps their accounts (an email at least),
/// which the erasure must reach like any store.
fn identity(model: &Model) -> Vec<Holder> {
    use crate::model::ClientKind;
    let people = |clients: &[String]| {
        let kinds = model
            .clients
            .iter()
            .filter(|c| clients.is_empty() || clients.contains(&c.name));
        kinds
            .map(|c| c.kind)
            .any(|k| matches!(k, ClientKind::Web | ClientKind::Mobile))
    };
    let mut out: Vec<Holder> = Vec::new();
    for (i, a) in model.security.authentication.iter().enumerate() {
        let Some(p) = a.provider.as_deref() else {
            continue;
        };
        if people(&a.clients) && !out.iter().any(|h| h.name == p) {
            out.push(Holder {
                at: format!("/security/authentication/{i}"),
                ..holder(
                    "identity",
                    p,
                    vec!["the accounts of the people who sign in there".into()],
                )
            });
        }
    }
    out
}

/// Each service whose resources have personal fields.
fn owners(model: &Model) -> Vec<Holder> {
    model
        .services
        .iter()
        .filter_map(|s| {
            let holds: Vec<String> = s.api.resources.iter().filter_map(personal_fields).collect();
            let commercial = (s.api.resources.iter())
                .filter(|r| personal_fields(r).is_some())
                .filter(|r| {
                    r.fields
                        .iter()
                        .any(|f| f.ty == crate::model::FieldType::Money)
                })
                .map(|r| r.name.clone())
                .collect();
            (!holds.is_empty()).then(|| Holder {
                commercial,
                ..holder("owner", &s.name, holds)
            })
        })
        .collect()
}

/// `Order: email, address`: the personal fields of `r`, and the field naming its owner (a
/// person's id is personal data too), or none.
fn personal_fields(r: &Resource) -> Option<String> {
    let owner = |name: &str| r.owner.as_ref().is_some_and(|o| o.names(name));
    let fields: Vec<String> = r
        .fields
        .iter()
        .filter(|f| f.is_personal() || owner(&f.name))
        .map(|f| match f.is_personal() || !owner(&f.name) {
            true => f.name.clone(),
            false => format!("{} (its owner)", f.name),
        })
        .collect();
    (!fields.is_empty()).then(|| format!("{}: {}", r.name, fields.join(", ")))
}

/// Each cache whose `resource` has personal fields: it keeps them up to its TTL, or until an
/// erasure event among the `events` invalidates it.
fn caches(model: &Model, events: &[String]) -> Vec<Holder> {
    model
        .performance
        .caches
        .iter()
        .enumerate()
        .filter_map(|(i, c)| {
            let s = model.services.iter().find(|s| s.name == c.service)?;
            let name = c.resource.as_deref()?;
            let r = s.api.resources.iter().find(|r| r.name == name)?;
            Some(Holder {
                erased_by: events
                    .iter()
                    .filter(|e| c.invalidated_by.contains(e))
                    .cloned()
                    .collect(),
                cache_of: Some(c.service.clone()),
                ttl_seconds: Some(c.ttl_seconds),
                at: format!("/performance/caches/{i}"),
                ..holder("cache", &c.name, vec![personal_fields(r)?])
            })
        })
        .collect()
}

/// Each consumer that reads a personal field of an event, told by the erasure `events` it
/// consumes.
fn copies(model: &Model, personal: &[PersonalField], events: &[String]) -> Vec<Holder> {
    model
        .services
        .iter()
        .enumerate()
        .filter_map(|(i, s)| {
            let holds: Vec<String> = personal
                .iter()
                .filter(|p| p.readers.contains(&s.name))
                .map(|p| format!("{}: {}", p.event, p.field))
                .collect();
            (!holds.is_empty()).then(|| Holder {
                erased_by: events
                    .iter()
                    .filter(|e| s.consumes.contains(e))
                    .cloned()
                    .collect(),
                at: format!("/services/{i}/consumes"),
                ..holder("copy", &s.name, holds)
            })
        })
        .collect()
}

/// Each topic that keeps an event with a personal field, for its retention.
fn topics(personal: &[PersonalField], capacity: &Capacity) -> Vec<Holder> {
    let mut out: Vec<Holder> = Vec::new();
    for load in &capacity.events {
        let fields: Vec<&str> = personal
            .iter()
            .filter(|p| p.event == load.event)
            .map(|p| p.field.as_str())
            .collect();
        if fields.is_empty() {
            continue;
        }
        let holds = format!("{}: {}", load.event, fields.join(", "));
        match out.iter_mut().find(|h| h.name == load.topic) {
            Some(h) => h.holds.push(holds),
            None => out.push(Holder {
                retention_hours: Some(load.retention_hours),
                ..holder("topic", &load.topic, vec![holds])
            }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn owners_copies_and_topics_are_named_and_an_erasure_event_reaches_the_copies_that_consume_it()
    {
        let yaml = "version: 1\nname: t\nrequirements: {domain: d, compliance: [GDPR]}\nservices:\n  - name: accounts\n    responsibility: r\n    api: {resources: [{name: Customer, fields: [{name: email, type: email}, {name: name, type: string, personal: true}, {name: plan, type: string}]}]}\n    publishes:\n      - {name: CustomerJoined, topic: accounts.v1, fields: [{name: id, type: uuid}, {name: email, type: email}]}\n      - {name: CustomerErased, topic: accounts.v1, fields: [{name: id, type: uuid}]}\n  - {name: mail, responsibility: r, consumes: [CustomerJoined, CustomerErased]}\n  - {name: crm, responsibility: r, consumes: [CustomerJoined]}\ncommunication:\n  brokers: [{name: k, technology: Kafka}]\n";
        let model = crate::load::parse(yaml, "archgen.yaml").unwrap_or_else(|e| panic!("{e:?}"));
        let e = crate::view::build(&model).erasure;
        assert!(e.required);
        assert_eq!(e.events, ["CustomerErased"]);
        let rows: Vec<(&str, &str, String, Vec<&str>)> = e
            .holders
            .iter()
            .map(|h| {
                let told = h.erased_by.iter().map(String::as_str).collect();
                (h.kind, h.name.as_str(), h.holds.join("; "), told)
            })
            .collect();
        assert_eq!(
            rows,
            [
                (
                    "owner",
                    "accounts",
                    "Customer: email, name".to_owned(),
                    vec![]
                ),
                (
                    "copy",
                    "mail",
                    "CustomerJoined: email".to_owned(),
                    vec!["CustomerErased"]
                ),
                ("copy", "crm", "CustomerJoined: email".to_owned(), vec![]),
                (
                    "topic",
                    "accounts.v1",
                    "CustomerJoined: email".to_owned(),
                    vec![]
                ),
            ]
        );
    }

    #[test]
    fn a_cache_of_a_personal_resource_holds_it_until_its_ttl_or_an_erasure_event() {
        let yaml = "version: 1\nname: t\nrequirements: {domain: d, compliance: [GDPR]}\nservices:\n  - name: accounts\n    responsibility: r\n    api: {resources: [{name: Customer, fields: [{name: email, type: email}]}, {name: Plan, fields: [{name: tier, type: string}]}]}\n    publishes: [{name: CustomerErased, fields: [{name: id, type: uuid}]}]\nperformance:\n  caches:\n    - {name: people, service: accounts, technology: Redis, holds: customers, ttl_seconds: 300, resource: Customer, invalidation: event, invalidated_by: [CustomerErased]}\n    - {name: profiles, service: accounts, technology: Redis, holds: customers, ttl_seconds: 60, resource: Customer}\n    - {name: plans, service: accounts, technology: Redis, holds: plans, ttl_seconds: 60, resource: Plan}\n";
        let model = crate::load::parse(yaml, "archgen.yaml").unwrap_or_else(|e| panic!("{e:?}"));
        let e = crate::view::build(&model).erasure;
        let caches: Vec<(&str, Vec<&str>, Option<u32>)> = e
            .holders
            .iter()
            .filter(|h| h.kind == "cache")
            .map(|h| {
                let told = h.erased_by.iter().map(String::as_str).collect();
                (h.name.as_str(), told, h.ttl_seconds)
            })
            .collect();
        // `plans` holds nothing personal; `profiles` keeps the email for its minute.
        assert_eq!(
            caches,
            [
                ("people", vec!["CustomerErased"], Some(300)),
                ("profiles", vec![], Some(60)),
            ]
        );
        assert_eq!(e.holders[1].holds, ["Customer: email"]);
    }
}

#[cfg(test)]
mod identity_tests {
    #[test]
    fn the_identity_provider_people_sign_in_at_is_an_erasure_holder() {
        let yaml = "version: 1\nname: t\nrequirements: {domain: d, compliance: [GDPR]}\nclients: [{name: web, kind: web}, {name: partner, kind: partner}]\nservices: [{name: a, responsibility: r}]\nsecurity:\n  authentication:\n    - {method: oidc, provider: Keycloak, clients: [web]}\n    - {method: oauth2, provider: Cognito, clients: [partner]}\n";
        let model = crate::load::parse(yaml, "archgen.yaml").unwrap_or_else(|e| panic!("{e:?}"));
        let e = crate::view::build(&model).erasure;
        let ids: Vec<(&str, &str)> = e
            .holders
            .iter()
            .filter(|h| h.kind == "identity")
            .map(|h| (h.name.as_str(), h.at.as_str()))
            .collect();
        // A partner's backend signs in with its own credentials: no person's account.
        assert_eq!(ids, [("Keycloak", "/security/authentication/0")]);
    }
}

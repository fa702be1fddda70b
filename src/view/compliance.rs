//! What each compliance regime reaches: PCI DSS the stores that keep card data, the privacy
//! regimes (GDPR, HIPAA, ...) the stores that keep personal data, and the others (SOC 2,
//! ISO 27001) every store, so that a store with nothing of the kind is not put in scope.

use super::erasure::Erasure;
use crate::model::Model;
use serde::Serialize;

/// One regime and the data stores it reaches.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scope {
    /// The regime as the model names it, e.g. `PCI DSS`.
    pub regime: String,
    /// `card` (PCI DSS), `personal` (privacy and health regimes) or `all`.
    pub reach: &'static str,
    /// The stores it reaches, in model order.
    pub stores: Vec<String>,
    /// The stores it does not reach.
    pub outside: Vec<String>,
    /// The legacy systems' stores, whose contents the model does not describe.
    pub unknown: Vec<String>,
    /// The topics of the events that carry its kind of data, in model order: every topic for
    /// a regime that reaches everything.
    pub topics: Vec<TopicRef>,
    /// Whether their consumers park what they cannot handle on dead-letter topics, which
    /// carry the same fields: `resilience.consumers.dead_letter` (yes unless it says no), on
    /// a broker that is not fire-and-forget pub/sub.
    pub dead_letters: bool,
    /// The caches that hold a resource with its kind of data: every cache for a regime that
    /// reaches everything.
    pub caches: Vec<String>,
}

/// A topic and the broker that carries it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TopicRef {
    /// The topic, e.g. `orders.order-events.v1`.
    pub topic: String,
    /// The broker's name, if the event has one.
    pub broker: Option<String>,
    /// Whether that broker is pub/sub that keeps nothing (no dead-letter topic there).
    pub pubsub: bool,
}

/// Whether field `f` is personal data: marked personal, an email, or an id that leads to a
/// person.
pub(super) fn personal(model: &Model, f: &crate::model::Field) -> bool {
    of_kind(model, "personal", f)
}

/// Whether field `f` is data of the kind `reach` names: card data, or personal data (a field
/// marked personal, or an id that leads to a person); any field for `all`.
fn of_kind(model: &Model, reach: &str, f: &crate::model::Field) -> bool {
    match reach {
        "card" => card_field(&f.name),
        "personal" => f.personal || f.ty == crate::model::FieldType::Email || person_id(model, f),
        _ => true,
    }
}

/// The topics of the events with data of kind `reach`, each once, as `topic on broker`.
fn topics(model: &Model, events: &[super::events::EventView], reach: &str) -> Vec<TopicRef> {
    let mut out: Vec<TopicRef> = Vec::new();
    for e in (model.services.iter()).flat_map(|s| &s.publishes) {
        if !e.fields.iter().any(|f| of_kind(model, reach, f)) {
            continue;
        }
        let Some(v) = events.iter().find(|v| v.name == e.name) else {
            continue;
        };
        let broker = v.broker.as_ref().map(|b| b.name.clone());
        let pubsub = (model.communication.brokers.iter())
            .find(|b| Some(&b.name) == broker.as_ref())
            .is_some_and(|b| crate::derive::brokers::of(&b.technology).kind == "pubsub");
        let named = TopicRef {
            topic: v.topic.clone(),
            broker,
            pubsub,
        };
        if !out.contains(&named) {
            out.push(named);
        }
    }
    out
}

/// The caches holding a resource with data of kind `reach`: every cache for `all`.
fn caches(model: &Model, reach: &str) -> Vec<String> {
    let resource = |name: &str| {
        (model.services.iter())
            .flat_map(|s| &s.api.resources)
            .find(|r| r.name == name)
    };
    (model.performance.caches.iter())
        .filter(|c| {
            reach == "all"
                || (c.resource.as_deref().and_then(resource))
                    .is_some_and(|r| r.fields.iter().any(|f| of_kind(model, reach, f)))
        })
        .map(|c| c.name.clone())
        .collect()
}

/// Whether a field name is card data: the card number, its verification code or the card's
/// magnetic-stripe or chip data (PCI DSS's cardholder and sensitive authentication data).
fn card_field(name: &str) -> bool {
    let n = name.to_lowercase().replace('-', "_");
    [
        "card_number",
        "pan",
        "cvv",
        "cvc",
        "cvv2",
        "card_verification",
        "track_data",
    ]
    .iter()
    .any(|c| n == *c || n.ends_with(&format!("_{c}")) || n.starts_with(&format!("{c}_")))
}

/// The services that keep card data: in their resources, or in the events they publish.
fn card_holders(model: &Model) -> Vec<&str> {
    model
        .services
        .iter()
        .filter(|s| {
            let own = s
                .api
                .resources
                .iter()
                .flat_map(|r| &r.fields)
                .any(|f| card_field(&f.name));
            let published = s
                .publishes
                .iter()
                .flat_map(|e| &e.fields)
                .any(|f| card_field(&f.name));
            own || published
        })
        .map(|s| s.name.as_str())
        .collect()
}

/// Whether a field names a person by id: a reference to a resource with personal fields, or an
/// id of a customer, user, patient or the like. Data that leads back to a person is personal
/// data too (GDPR's pseudonymous data, HIPAA's identifiers).
fn person_id(model: &Model, f: &crate::model::Field) -> bool {
    use crate::model::FieldType;
    // A resource that is a person: it has an email, or a personal name field.
    let person = |name: &str| {
        model
            .services
            .iter()
            .flat_map(|s| &s.api.resources)
            .any(|r| {
                r.name.eq_ignore_ascii_case(name)
                    && r.fields.iter().any(|x| {
                        x.ty == FieldType::Email || (x.personal && x.name.contains("name"))
                    })
            })
    };
    if f.ty == FieldType::Ref && f.to.as_deref().is_some_and(person) {
        return true;
    }
    let Some(stem) = f
        .name
        .strip_suffix("_id")
        .or_else(|| f.name.strip_suffix("_ids"))
    else {
        return false;
    };
    let people = [
        "customer",
        "user",
        "patient",
        "member",
        "person",
        "employee",
        "rider",
        "driver",
        "account",
        "recipient",
        "assignee",
        "author",
        "owner",
        "creator",
        "reporter",
    ];
    person(stem)
        || people
            .iter()
            .any(|p| stem == *p || stem.ends_with(&format!("_{p}")))
}

/// The services whose own resources name a person by id.
fn person_keepers(model: &Model) -> Vec<&str> {
    model
        .services
        .iter()
        .filter(|s| {
            s.api
                .resources
                .iter()
                .flat_map(|r| &r.fields)
                .any(|f| person_id(model, f))
        })
        .map(|s| s.name.as_str())
        .collect()
}

/// What `regime` reaches, by its name.
fn reach(regime: &str) -> &'static str {
    let r = regime.to_lowercase();
    if r.contains("pci") {
        "card"
    } else if [
        "gdpr", "hipaa", "ccpa", "cpra", "lgpd", "pipeda", "popia", "privacy",
    ]
    .iter()
    .any(|p| r.contains(p))
    {
        "personal"
    } else {
        "all"
    }
}

/// Each regime of the model's compliance list with the stores it reaches.
pub(super) fn derive(
    model: &Model,
    erasure: &Erasure,
    events: &[super::events::EventView],
) -> Vec<Scope> {
    let mut personal: Vec<&str> = erasure
        .holders
        .iter()
        .filter(|h| matches!(h.kind, "owner" | "copy"))
        .map(|h| h.name.as_str())
        .collect();
    personal.extend(person_keepers(model));
    let card = card_holders(model);
    let legacy = |s: &crate::model::Service| s.kind == crate::model::ServiceKind::Legacy;
    let stores: Vec<(&str, &str)> = model
        .services
        .iter()
        .filter(|s| !legacy(s))
        .flat_map(|s| {
            s.data
                .iter()
                .map(move |d| (s.name.as_str(), d.name.as_str()))
        })
        .collect();
    let unknown: Vec<String> = model
        .services
        .iter()
        .filter(|s| legacy(s))
        .flat_map(|s| s.data.iter().map(|d| d.name.clone()))
        .collect();
    model
        .requirements
        .compliance
        .iter()
        .map(|regime| {
            let reach = reach(regime);
            let within = |service: &str| match reach {
                "card" => card.contains(&service),
                "personal" => personal.contains(&service),
                _ => true,
            };
            let (inside, outside): (Vec<_>, Vec<_>) = stores.iter().partition(|(s, _)| within(s));
            let mut inside: Vec<String> = inside.iter().map(|(_, d)| d.to_string()).collect();
            let unknown = if reach == "all" {
                inside.extend(unknown.iter().cloned());
                Vec::new()
            } else {
                unknown.clone()
            };
            let topics = topics(model, events, reach);
            Scope {
                regime: regime.clone(),
                reach,
                stores: inside,
                outside: outside.iter().map(|(_, d)| d.to_string()).collect(),
                unknown,
                dead_letters: model.resilience.consumers.dead_letter != Some(false)
                    && topics.iter().any(|t| !t.pubsub),
                topics,
                caches: caches(model, reach),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::model::Model;

    #[test]
    fn each_regime_reaches_the_stores_that_keep_its_kind_of_data() {
        let yaml = "version: 1\nname: t\nrequirements: {domain: d, compliance: [PCI DSS, GDPR, SOC 2]}\nservices:\n  - name: accounts\n    responsibility: r\n    data: [{name: people, store: PostgreSQL}]\n    api: {resources: [{name: Customer, fields: [{name: email, type: email}]}]}\n  - name: vault\n    responsibility: r\n    data: [{name: cards, store: PostgreSQL}]\n    api: {resources: [{name: Card, fields: [{name: card_number, type: string}]}]}\n  - name: stock\n    responsibility: r\n    data: [{name: items, store: PostgreSQL}]\n    api: {resources: [{name: Item, fields: [{name: sku, type: string}]}]}\n  - name: orders\n    responsibility: r\n    data: [{name: order rows, store: PostgreSQL}]\n    api: {resources: [{name: Order, fields: [{name: customer_id, type: uuid}]}]}\n";
        let model: Model = serde_yaml::from_str(yaml).unwrap();
        let view = crate::view::build(&model);
        let scopes: Vec<(&str, Vec<&str>)> = view
            .compliance
            .iter()
            .map(|s| {
                (
                    s.regime.as_str(),
                    s.stores.iter().map(String::as_str).collect(),
                )
            })
            .collect();
        assert_eq!(
            scopes,
            [
                ("PCI DSS", vec!["cards"]),
                // An order names its customer by id: personal data too.
                ("GDPR", vec!["people", "order rows"]),
                ("SOC 2", vec!["people", "cards", "items", "order rows"]),
            ]
        );
        assert!(super::card_field("cvv") && super::card_field("card-number"));
        assert!(!super::card_field("span") && !super::card_field("company"));
    }

    #[test]
    fn a_regime_reaches_the_topics_and_caches_that_carry_its_data() {
        let yaml = "version: 1\nname: t\nrequirements: {domain: d, compliance: [GDPR, SOC 2]}\ncommunication:\n  brokers: [{name: bus, technology: Kafka}]\nservices:\n  - name: accounts\n    responsibility: r\n    data: [{name: people, store: PostgreSQL}]\n    api: {resources: [{name: Customer, fields: [{name: email, type: email}]}, {name: Sku, fields: [{name: code, type: string}]}]}\n    publishes:\n      - {name: Joined, topic: accounts.joined, fields: [{name: customer_id, type: uuid}]}\n      - {name: Priced, topic: accounts.priced, fields: [{name: code, type: string}]}\nperformance:\n  caches:\n    - {name: people-cache, service: accounts, technology: Redis, holds: h, resource: Customer, ttl_seconds: 60}\n    - {name: sku-cache, service: accounts, technology: Redis, holds: h, resource: Sku, ttl_seconds: 60}\n";
        let model: Model = serde_yaml::from_str(yaml).unwrap();
        let view = crate::view::build(&model);
        let gdpr = &view.compliance[0];
        // Only what carries a person: the event naming a customer, the cache of customers.
        let topics: Vec<&str> = gdpr.topics.iter().map(|t| t.topic.as_str()).collect();
        assert_eq!(topics, ["accounts.joined"]);
        assert_eq!(gdpr.topics[0].broker.as_deref(), Some("bus"));
        assert!(gdpr.dead_letters);
        assert_eq!(gdpr.caches, ["people-cache"]);
        // A regime that reaches everything reaches every topic and cache.
        let soc = &view.compliance[1];
        assert_eq!((soc.topics.len(), soc.caches.len()), (2, 2));
    }
}

//! Step 1: understand the requirements: domain, use cases, scale, latency, availability,
//! consistency, tenancy, compliance, constraints.

use super::{Step, group};
use crate::interview::ask::{At, any, choice, confirm, list, number, pick_many, required, text};
use crate::interview::flow::Node;
use crate::model::{Consistency, Model, Tenancy, UseCase};
use crate::validate::fields;

/// The folder's name as a system name: `order-service` -> `Order Service`.
pub(crate) fn folder_name() -> String {
    let dir = std::env::current_dir().ok();
    let base = dir
        .as_deref()
        .and_then(|d| d.file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let words: Vec<String> = base
        .split(|c: char| c == '-' || c == '_' || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect())
                .unwrap_or_default()
        })
        .collect();
    if words.is_empty() {
        "New System".into()
    } else {
        words.join(" ")
    }
}

const COMPLIANCE: [(&str, &str); 7] = [
    ("GDPR", "EU personal data: consent, erasure, data residency"),
    (
        "PCI DSS",
        "card payments: keep card data out of scope, audit logging",
    ),
    (
        "HIPAA",
        "US health data: access audit, encryption, business associate agreements",
    ),
    (
        "SOC 2",
        "security controls audited for enterprise customers",
    ),
    ("ISO 27001", "an information security management system"),
    ("CCPA", "California consumer privacy"),
    ("FedRAMP", "US federal cloud services"),
];

pub(super) fn step() -> Step {
    Step {
        number: 1,
        key: "requirements",
        title: "Requirements",
        why: "the domain, the load and the targets size every later decision",
        nodes: vec![
            Node::Ask(
                text(
                    "name",
                    "What is the system called?",
                    "The name every document title uses, e.g. `Order Management`.",
                    |m, _| m.name.clone(),
                    |m, _, v| m.name = v,
                    |_, _| folder_name(),
                    required,
                )
                .quick(),
            ),
            Node::Ask(text(
                "description",
                "What does it do, and for whom? (a sentence or two)",
                "Opens the index; say who uses the system and what it gives them.",
                |m, _| m.description.clone(),
                |m, _, v| m.description = v,
                |_, _| String::new(),
                any,
            )),
            Node::Ask(
                text(
                    "domain",
                    "Which business domain is it in?",
                    "A few words, e.g. `e-commerce order management`; the bounded contexts come from it.",
                    |m, _| m.requirements.domain.clone(),
                    |m, _, v| m.requirements.domain = v,
                    |_, _| String::new(),
                    required,
                )
                .quick(),
            ),
            Node::Group(
                group(
                    "use_cases",
                    "use case",
                    "What users do with the system; the flows and APIs should serve these.",
                    |m, _| m.requirements.use_cases.iter().map(|u| u.name.clone()).collect(),
                    |m, _| m.requirements.use_cases.push(UseCase { name: String::new(), actor: String::new(), description: String::new() }),
                    |m, _, i| {
                        m.requirements.use_cases.remove(i);
                    },
                    vec![
                        Node::Ask(text(
                            "use_cases.name",
                            "Use case, as a short verb phrase",
                            "e.g. `Place an order`.",
                            |m, at| m.requirements.use_cases[at[0]].name.clone(),
                            |m, at, v| m.requirements.use_cases[at[0]].name = v,
                            |_, _| String::new(),
                            |m, at, v| super::unique_among(m.requirements.use_cases.iter().map(|u| u.name.clone()).collect(), &m.requirements.use_cases[at[0]].name, v),
                        )),
                        Node::Ask(text(
                            "use_cases.actor",
                            "Who does it?",
                            "The actor, e.g. `customer` or `support agent`.",
                            |m, at| m.requirements.use_cases[at[0]].actor.clone(),
                            |m, at, v| m.requirements.use_cases[at[0]].actor = v,
                            |_, _| "user".into(),
                            any,
                        )),
                        Node::Ask(text(
                            "use_cases.description",
                            "What happens, in a sentence?",
                            "What the user does and what they get back.",
                            |m, at| m.requirements.use_cases[at[0]].description.clone(),
                            |m, at, v| m.requirements.use_cases[at[0]].description = v,
                            |_, _| String::new(),
                            any,
                        )),
                    ],
                )
                .suggest(2),
            ),
            Node::Ask(
                number::<u32>(
                    "peak_rps",
                    "Peak requests per second across the public API? (empty if unknown)",
                    "Sizes bulkheads (Little's law), autoscaling limits and load tests.",
                    |m, _| m.requirements.scale.peak_rps,
                    |m, _, v| m.requirements.scale.peak_rps = v,
                    |_, _| None,
                    |v| fields::within(v, 1, 100_000_000),
                )
                .quick(),
            ),
            Node::Ask(number::<u64>(
                "users",
                "How many users? (registered or monthly active; empty if unknown)",
                "Sizes the identity provider and per-user rate limits.",
                |m, _| m.requirements.scale.users,
                |m, _, v| m.requirements.scale.users = v,
                |_, _| None,
                |_| Ok(()),
            )),
            Node::Ask(text(
                "data_growth",
                "How fast does the data grow? (e.g. `40 GB per month`)",
                "Drives retention, partitioning and storage choices.",
                |m, _| m.requirements.scale.data_growth.clone(),
                |m, _, v| m.requirements.scale.data_growth = v,
                |_, _| String::new(),
                any,
            )),
            Node::Ask(number::<u32>(
                "p50_ms",
                "Median (p50) latency target in milliseconds? (empty if none)",
                "What a typical request should take; caching and payload size serve it.",
                |m, _| m.requirements.latency.p50_ms,
                |m, _, v| m.requirements.latency.p50_ms = v,
                |_, _| None,
                |v| fields::within(v, 1, 600_000),
            )),
            Node::Ask(
                number::<u32>(
                    "p99_ms",
                    "p99 latency target in milliseconds? (empty if none)",
                    "The budget every synchronous call chain and its retries must fit; timeouts are derived from it.",
                    |m, _| m.requirements.latency.p99_ms,
                    |m, _, v| m.requirements.latency.p99_ms = v,
                    |m, _| m.requirements.latency.p50_ms.map(|p| p * 5),
                    |v| fields::within(v, 1, 600_000),
                )
                .quick(),
            ),
            Node::Ask(
                number::<f64>(
                    "availability",
                    "Availability target in percent?",
                    "99.9 allows 43 minutes of downtime a month, 99.99 only 4; it sets the release strategy and alerting.",
                    |m, _| m.requirements.availability,
                    |m, _, v| m.requirements.availability = v,
                    |_, _| Some(crate::defaults::AVAILABILITY),
                    fields::percent,
                )
                .quick(),
            ),
            Node::Ask(choice(
                "consistency",
                "How fresh must reads be across services?",
                "Strong needs synchronous coordination; eventual lets services sync through events.",
                |m, _| Some(m.requirements.consistency),
                |m, _, v| m.requirements.consistency = v,
                |_, _| Consistency::Eventual,
            )),
            Node::Ask(
                text(
                    "consistency_notes",
                    "Where does it need to be strong, and why?",
                    "e.g. `an order and its lines in one transaction; stock and payments by events`.",
                    |m, _| m.requirements.consistency_notes.clone(),
                    |m, _, v| m.requirements.consistency_notes = v,
                    |_, _| String::new(),
                    any,
                )
                .when(|m, _| m.requirements.consistency != Consistency::Eventual),
            ),
            Node::Ask(confirm(
                "multi_tenant",
                "Is it a multi-tenant system (one deployment serving many customer organisations)?",
                "Tenancy decides data isolation, per-tenant rate limits and noisy-neighbour protection.",
                |m, _| m.requirements.tenancy.is_some(),
                |m, _, yes| {
                    if !yes {
                        m.requirements.tenancy = None;
                        m.requirements.scale.tenants = None;
                    } else if m.requirements.tenancy.is_none() {
                        m.requirements.tenancy = Some(Tenancy::Pooled);
                    }
                },
            )),
            Node::Ask(
                choice(
                    "tenancy",
                    "How are tenants isolated?",
                    "Pooled is cheapest per tenant; stronger isolation costs more to run and migrate.",
                    |m, _| m.requirements.tenancy,
                    |m, _, v| m.requirements.tenancy = Some(v),
                    |_, _| Tenancy::Pooled,
                )
                .when(|m, _| m.requirements.tenancy.is_some()),
            ),
            Node::Ask(
                number::<u32>(
                    "tenants",
                    "How many tenants? (empty if unknown)",
                    "With thousands of tenants, per-tenant databases become an operations burden.",
                    |m, _| m.requirements.scale.tenants,
                    |m, _, v| m.requirements.scale.tenants = v,
                    |_, _| None,
                    |_| Ok(()),
                )
                .when(|m, _| m.requirements.tenancy.is_some()),
            ),
            Node::Ask(pick_many(
                "compliance",
                "Which regulations apply?",
                "Each shapes data handling, logging redaction, audit and retention.",
                |m, _| {
                    let mut o: Vec<(String, String)> = COMPLIANCE.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
                    for c in &m.requirements.compliance {
                        if !o.iter().any(|(n, _)| n == c) {
                            o.push((c.clone(), String::new()));
                        }
                    }
                    o
                },
                |m, _| m.requirements.compliance.clone(),
                |m, _, v| m.requirements.compliance = v,
            )),
            Node::Ask(list(
                "constraints",
                "Fixed constraints? (team skills, budget, platforms, deadlines; separate with `;`)",
                "Conditions the design must work within, e.g. `the team knows Go; must run on AWS`.",
                |m, _: &At| m.requirements.constraints.clone(),
                |m: &mut Model, _, v| m.requirements.constraints = v,
            )),
        ],
    }
}

//! Step 1: understand the requirements: domain, use cases, scale, latency, availability,
//! consistency, tenancy, compliance, constraints.

use super::prelude::*;
use crate::model::{Consistency, Tenancy, UseCase};

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

// long: one step's question table, a declaration of a few lines per question
pub(super) fn step() -> Step {
    Step {
        number: 1,
        key: "requirements",
        title: "Requirements",
        why: "the domain, the load and the targets size every later decision",
        nodes: nodes![
            text("name", "What is the system called?")
                .help("The name every document title uses, e.g. `Order Management`.")
                .value(lens!(|m, _| m.name))
                .default(|_, _| folder_name())
                .check(required)
                .quick(),
            text(
                "description",
                "What does it do, and for whom? (a sentence or two)"
            )
            .help("Opens the index; say who uses the system and what it gives them.")
            .value(lens!(|m, _| m.description)),
            text("domain", "Which business domain is it in?")
                .help(
                    "A few words, e.g. `e-commerce order management`; the bounded contexts \
                     come from it.",
                )
                .value(lens!(|m, _| m.requirements.domain))
                .check(required)
                .quick(),
            group(
                "use_cases",
                "use case",
                lens!(|m, _| m.requirements.use_cases)
            )
            .help("What users do with the system; the flows and APIs should serve these.")
            .label(|u| u.name.clone())
            .new_item(|_, _| UseCase {
                name: String::new(),
                actor: String::new(),
                description: String::new(),
                share: None,
                estimate: false,
                served_by: Vec::new(),
            })
            .ask(use_case()),
            text(
                "peak_rps",
                "Peak requests per second across the public API? (empty if unknown)"
            )
            .help("Sizes bulkheads (Little's law), autoscaling limits and load tests.")
            .value(lens!(|m, _| m.requirements.scale.peak_rps))
            .check(range(1, 100_000_000))
            .quick(),
            text(
                "p99_ms",
                "p99 latency target in milliseconds? (empty if none)"
            )
            .help(
                "The budget every synchronous call chain and its retries must fit; \
                     timeouts are derived from it.",
            )
            .value(lens!(|m, _| m.requirements.latency.p99_ms))
            .default(|m, _| m.requirements.latency.p50_ms.map(|p| p * 5))
            .check(range(1, 600_000))
            .quick(),
            derived(
                "requirements.defaults",
                nodes![
                    text(
                        "users",
                        "How many users? (registered or monthly active; empty if unknown)"
                    )
                    .help("Sizes the identity provider and per-user rate limits.")
                    .value(lens!(|m, _| m.requirements.scale.users)),
                    text(
                        "data_growth",
                        "How fast does the data grow? (e.g. `40 GB per month`)"
                    )
                    .help("Drives retention, partitioning and storage choices.")
                    .value(lens!(|m, _| m.requirements.scale.data_growth)),
                    text(
                        "p50_ms",
                        "Median (p50) latency target in milliseconds? (empty if none)"
                    )
                    .help("What a typical request should take; caching and payload size serve it.")
                    .value(lens!(|m, _| m.requirements.latency.p50_ms))
                    .check(range(1, 600_000)),
                    text("availability", "Availability target in percent?")
                        .help(
                            "99.9 allows 43 minutes of downtime a month, 99.99 only 4; it sets the \
                         release strategy and alerting.",
                        )
                        .value(lens!(|m, _| m.requirements.availability))
                        .default(|_, _| Some(crate::defaults::AVAILABILITY))
                        .check(percent)
                        .quick(),
                    choice("consistency", "How fresh must reads be across services?")
                        .help(
                            "Strong needs synchronous coordination; eventual lets services sync \
                         through events.",
                        )
                        .value(lens!(|m, _| m.requirements.consistency).some()),
                    text(
                        "consistency_notes",
                        "Where does it need to be strong, and why?"
                    )
                    .help(
                        "e.g. `an order and its lines in one transaction; stock and payments by \
                         events`.",
                    )
                    .value(lens!(|m, _| m.requirements.consistency_notes))
                    .when(|m, _| m.requirements.consistency != Consistency::Eventual),
                    // archgen makes no recovery objective up: unstated, the documents list it
                    // as an open decision with the error budget as its ceiling.
                    text(
                        "recovery.rpo",
                        "Recovery point objective: minutes of writes that may be lost? (empty: \
                         open)"
                    )
                    .help("Sets how often each store is backed up; 0 needs synchronous replicas.")
                    .value(lens!(|m, _| m.requirements.recovery.rpo_minutes))
                    .check(range(0, 525_600)),
                    text(
                        "recovery.rto",
                        "Recovery time objective: minutes a restore may take? (empty: open)"
                    )
                    .help("One outage longer than the monthly error budget spends it all alone.")
                    .value(lens!(|m, _| m.requirements.recovery.rto_minutes))
                    .check(range(1, 525_600)),
                    text(
                        "recovery.retention",
                        "How many days are backups kept? (empty: not stated)"
                    )
                    .help("The oldest point a restore reaches; erased data lives on in backups.")
                    .value(lens!(|m, _| m.requirements.recovery.retention_days))
                    .check(range(1, 3_650)),
                ],
            ),
            confirm(
                "multi_tenant",
                "Is it a multi-tenant system (one deployment serving many customer \
                 organisations)?",
            )
            .help(
                "Tenancy decides data isolation, per-tenant rate limits and noisy-neighbour \
                 protection.",
            )
            .value(Lens::new(
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
            choice("tenancy", "How are tenants isolated?")
                .help(
                    "Pooled is cheapest per tenant; stronger isolation costs more to run and \
                     migrate.",
                )
                .value(lens!(|m, _| m.requirements.tenancy))
                .when(|m, _| m.requirements.tenancy.is_some()),
            text("tenants", "How many tenants? (empty if unknown)")
                .help(
                    "With thousands of tenants, per-tenant databases become an operations burden."
                )
                .value(lens!(|m, _| m.requirements.scale.tenants))
                .when(|m, _| m.requirements.tenancy.is_some()),
            pick_many("compliance", "Which regulations apply?", compliance)
                .help("Each shapes data handling, logging redaction, audit and retention.")
                .value(lens!(|m, _| m.requirements.compliance)),
            text(
                "constraints",
                "Fixed constraints? (team skills, budget, platforms, deadlines; separate with `;`)",
            )
            .help(
                "Conditions the design must work within, e.g. `the team knows Go; must run on \
                 AWS`.",
            )
            .value(lens!(|m, _| m.requirements.constraints)),
        ],
    }
}

fn use_case() -> Vec<crate::interview::flow::Node> {
    nodes![
        text("use_cases.name", "Use case, as a short verb phrase")
            .help("e.g. `Place an order`.")
            .value(lens!(|m, at| m.requirements.use_cases[at[0]].name))
            .check(distinct(|m, _| {
                m.requirements
                    .use_cases
                    .iter()
                    .map(|u| u.name.clone())
                    .collect()
            })),
        text("use_cases.actor", "Who does it?")
            .help("The actor, e.g. `customer` or `support agent`.")
            .value(lens!(|m, at| m.requirements.use_cases[at[0]].actor))
            .default(|_, _| "user".into()),
        text("use_cases.description", "What happens, in a sentence?")
            .help("What the user does and what they get back.")
            .value(lens!(|m, at| m.requirements.use_cases[at[0]].description)),
    ]
}

/// The regulations offered, and any the model already names.
fn compliance(m: &Model, _: &At) -> Vec<(String, String)> {
    let mut o: Vec<(String, String)> = COMPLIANCE
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    for c in &m.requirements.compliance {
        if !o.iter().any(|(n, _)| n == c) {
            o.push((c.clone(), String::new()));
        }
    }
    o
}

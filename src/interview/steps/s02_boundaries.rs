//! Step 2: define the service boundaries: clients, services with their responsibility, bounded
//! context, team and data, and external systems.

use super::{Step, group, unique_among, unique_component};
use crate::interview::ask::{any, choice, number, pick_many, required, text};
use crate::interview::flow::Node;
use crate::model::{Api, Client, ClientKind, DataStore, External, Service, ServiceKind};
use crate::validate::fields;

/// The store a first service defaults to: a relational database fits most domains.
const DEFAULT_STORE: &str = "PostgreSQL";

pub(super) fn step() -> Step {
    Step {
        number: 2,
        key: "boundaries",
        title: "Service boundaries",
        why: "clear bounded contexts with their own data keep teams and deployments independent",
        nodes: vec![
            Node::Group(
                group(
                    "clients",
                    "client",
                    "Who calls the system: browser apps, mobile apps, partners, internal tools.",
                    |m, _| m.clients.iter().map(|c| c.name.clone()).collect(),
                    |m, _| m.clients.push(Client { name: String::new(), kind: ClientKind::Web, description: String::new() }),
                    |m, _, i| {
                        m.clients.remove(i);
                    },
                    vec![
                        Node::Ask(quick(text(
                            "clients.name",
                            "Client name",
                            "Unique among all components, e.g. `web` or `mobile`.",
                            |m, at| m.clients[at[0]].name.clone(),
                            |m, at, v| m.clients[at[0]].name = v,
                            |_, _| String::new(),
                            |m, at, v| unique_component(m, &m.clients[at[0]].name, v),
                        ))),
                        Node::Ask(quick(choice(
                            "clients.kind",
                            "What kind of client is it?",
                            "Browser clients need CORS and CSRF care; partners usually use API keys.",
                            |m, at| Some(m.clients[at[0]].kind),
                            |m, at, v| m.clients[at[0]].kind = v,
                            |_, _| ClientKind::Web,
                        ))),
                        Node::Ask(text(
                            "clients.description",
                            "Who uses it, and what does it need from the backend?",
                            "A sentence; BFFs and caching follow from different clients' needs.",
                            |m, at| m.clients[at[0]].description.clone(),
                            |m, at, v| m.clients[at[0]].description = v,
                            |_, _| String::new(),
                            any,
                        )),
                    ],
                )
                .quick(),
            ),
            Node::Group(
                group(
                    "services",
                    "service",
                    "Each owns one bounded context and its data; gateways, BFFs and workers count too.",
                    |m, _| m.services.iter().map(|s| s.name.clone()).collect(),
                    |m, _| m.services.push(empty_service()),
                    |m, _, i| {
                        m.services.remove(i);
                    },
                    vec![
                        Node::Ask(
                            text(
                                "services.name",
                                "Service name",
                                "Unique among all components, short and lowercase, e.g. `orders`.",
                                |m, at| m.services[at[0]].name.clone(),
                                |m, at, v| m.services[at[0]].name = v,
                                |_, _| String::new(),
                                |m, at, v| unique_component(m, &m.services[at[0]].name, v),
                            )
                            .quick(),
                        ),
                        Node::Ask(
                            choice(
                                "services.kind",
                                "What kind of component is it?",
                                "A gateway routes and protects; a BFF tailors one client's API; a worker has no API.",
                                |m, at| Some(m.services[at[0]].kind),
                                |m, at, v| m.services[at[0]].kind = v,
                                |_, _| ServiceKind::Service,
                            )
                            .quick(),
                        ),
                        Node::Ask(
                            text(
                                "services.responsibility",
                                "What is it responsible for? (a sentence)",
                                "One clear responsibility; if you need `and` twice, it may be two services.",
                                |m, at| m.services[at[0]].responsibility.clone(),
                                |m, at, v| m.services[at[0]].responsibility = v,
                                |_, _| String::new(),
                                required,
                            )
                            .quick(),
                        ),
                        Node::Ask(text(
                            "services.context",
                            "Which bounded context does it belong to?",
                            "Domain-driven design: services of one context share a language and change together.",
                            |m, at| m.services[at[0]].context.clone(),
                            |m, at, v| m.services[at[0]].context = v,
                            |m, at| capitalized(&m.services[at[0]].name),
                            any,
                        )),
                        Node::Ask(text(
                            "services.team",
                            "Which team owns it?",
                            "One owning team per service keeps decisions and on-call clear.",
                            |m, at| m.services[at[0]].team.clone(),
                            |m, at, v| m.services[at[0]].team = v,
                            |m, at| if at[0] > 0 { m.services[at[0] - 1].team.clone() } else { String::new() },
                            any,
                        )),
                        Node::Ask(text(
                            "services.stack",
                            "Language and framework?",
                            "e.g. `Go (chi)`, `Rust (axum)`, `Kotlin (Spring Boot)`; favour what the team knows.",
                            |m, at| m.services[at[0]].stack.clone(),
                            |m, at, v| m.services[at[0]].stack = v,
                            |m, at| if at[0] > 0 { m.services[at[0] - 1].stack.clone() } else { String::new() },
                            any,
                        )),
                        Node::Group(
                            group(
                                "services.data",
                                "data store",
                                "The data this service owns; no other service reads it directly (database per service).",
                                |m, at| m.services[at[0]].data.iter().map(|d| d.name.clone()).collect(),
                                |m, at| m.services[at[0]].data.push(DataStore { name: String::new(), store: String::new(), description: String::new() }),
                                |m, at, i| {
                                    m.services[at[0]].data.remove(i);
                                },
                                vec![
                                    Node::Ask(text(
                                        "services.data.name",
                                        "What data is it?",
                                        "e.g. `orders`.",
                                        |m, at| m.services[at[0]].data[at[1]].name.clone(),
                                        |m, at, v| m.services[at[0]].data[at[1]].name = v,
                                        |m, at| m.services[at[0]].name.clone(),
                                        |m, at, v| unique_among(m.services[at[0]].data.iter().map(|d| d.name.clone()).collect(), &m.services[at[0]].data[at[1]].name, v),
                                    )),
                                    Node::Ask(text(
                                        "services.data.store",
                                        "Which store holds it?",
                                        "e.g. PostgreSQL for transactions, DynamoDB or Cassandra for huge key-value volumes, Redis for ephemeral data.",
                                        |m, at| m.services[at[0]].data[at[1]].store.clone(),
                                        |m, at, v| m.services[at[0]].data[at[1]].store = v,
                                        |m, _| most_used_store(m),
                                        required,
                                    )),
                                    Node::Ask(text(
                                        "services.data.description",
                                        "What does it hold, and why this store?",
                                        "A sentence.",
                                        |m, at| m.services[at[0]].data[at[1]].description.clone(),
                                        |m, at, v| m.services[at[0]].data[at[1]].description = v,
                                        |_, _| String::new(),
                                        any,
                                    )),
                                ],
                            )
                            .when(|m, at| !matches!(m.services[at[0]].kind, ServiceKind::Gateway | ServiceKind::Bff)),
                        ),
                        Node::Ask(
                            pick_many(
                                "services.serves",
                                "Which clients does it serve?",
                                "A BFF serves one client's needs; a gateway fronts them all.",
                                |m, _| m.clients.iter().map(|c| (c.name.clone(), c.description.clone())).collect(),
                                |m, at| {
                                    let s = &m.services[at[0]];
                                    if s.serves.is_empty() && s.kind == ServiceKind::Gateway { m.clients.iter().map(|c| c.name.clone()).collect() } else { s.serves.clone() }
                                },
                                |m, at, v| m.services[at[0]].serves = v,
                            )
                            .when(|m, at| matches!(m.services[at[0]].kind, ServiceKind::Gateway | ServiceKind::Bff) && !m.clients.is_empty()),
                        ),
                    ],
                )
                .quick()
                .suggest(2),
            ),
            Node::Group(group(
                "externals",
                "external system",
                "Systems outside your control the services call: payment providers, email, identity.",
                |m, _| m.externals.iter().map(|e| e.name.clone()).collect(),
                |m, _| m.externals.push(External { name: String::new(), description: String::new(), availability: None }),
                |m, _, i| {
                    m.externals.remove(i);
                },
                vec![
                    Node::Ask(text(
                        "externals.name",
                        "External system name",
                        "e.g. `Stripe`; unique among all components.",
                        |m, at| m.externals[at[0]].name.clone(),
                        |m, at, v| m.externals[at[0]].name = v,
                        |_, _| String::new(),
                        |m, at, v| unique_component(m, &m.externals[at[0]].name, v),
                    )),
                    Node::Ask(text(
                        "externals.description",
                        "What does it provide?",
                        "e.g. `card payments and refunds`.",
                        |m, at| m.externals[at[0]].description.clone(),
                        |m, at, v| m.externals[at[0]].description = v,
                        |_, _| String::new(),
                        any,
                    )),
                    Node::Ask(number::<f64>(
                        "externals.availability",
                        "Its published availability in percent? (empty if unknown)",
                        "A service that calls it synchronously cannot promise more than this.",
                        |m, at| m.externals[at[0]].availability,
                        |m, at, v| m.externals[at[0]].availability = v,
                        |_, _| None,
                        fields::percent,
                    )),
                ],
            )
            .suggest(0)),
        ],
    }
}

fn quick(q: crate::interview::ask::Question) -> crate::interview::ask::Question {
    q.quick()
}

fn empty_service() -> Service {
    Service {
        name: String::new(),
        kind: ServiceKind::Service,
        responsibility: String::new(),
        context: String::new(),
        team: String::new(),
        stack: String::new(),
        data: Vec::new(),
        api: Api::default(),
        publishes: Vec::new(),
        consumes: Vec::new(),
        serves: Vec::new(),
        slo: None,
    }
}

fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// The store other services use most, else PostgreSQL: a new service defaults to what the
/// team already runs.
fn most_used_store(m: &crate::model::Model) -> String {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for d in m
        .services
        .iter()
        .flat_map(|s| &s.data)
        .filter(|d| !d.store.is_empty())
    {
        match counts.iter_mut().find(|(s, _)| *s == d.store) {
            Some((_, n)) => *n += 1,
            None => counts.push((d.store.clone(), 1)),
        }
    }
    counts
        .into_iter()
        .max_by_key(|(_, n)| *n)
        .map(|(s, _)| s)
        .unwrap_or_else(|| DEFAULT_STORE.to_owned())
}

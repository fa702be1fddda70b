//! Step 2: define the service boundaries: clients, services with their responsibility, bounded
//! context, team and data, and external systems.

use super::prelude::*;
use crate::interview::flow::Node;
use crate::model::{Api, Client, ClientKind, DataStore, External, Service, ServiceKind};

/// The store a first service defaults to: a relational database fits most domains.
const DEFAULT_STORE: &str = "PostgreSQL";

pub(super) fn step() -> Step {
    Step {
        number: 2,
        key: "boundaries",
        title: "Service boundaries",
        why: "clear bounded contexts with their own data keep teams and deployments independent",
        nodes: nodes![
            group("clients", "client", lens!(|m, _| m.clients))
                .help("Who calls the system: browser apps, mobile apps, partners, internal tools.")
                .label(|c| c.name.clone())
                .new_item(|_, _| Client {
                    name: String::new(),
                    kind: ClientKind::Web,
                    description: String::new(),
                })
                .quick()
                .ask(client()),
            group("services", "service", lens!(|m, _| m.services))
                .help(
                    "Each owns one bounded context and its data; gateways, BFFs and workers \
                     count too.",
                )
                .label(|s| s.name.clone())
                .new_item(|_, _| empty_service())
                .quick()
                .ask(service()),
            group("externals", "external system", lens!(|m, _| m.externals))
                .help(
                    "Systems outside your control the services call: payment providers, email, \
                     identity.",
                )
                .label(|e| e.name.clone())
                .new_item(|_, _| External {
                    name: String::new(),
                    description: String::new(),
                    availability: None,
                    latency_p99_ms: None,
                    idempotency_header: None,
                    idempotency_scheme: None,
                    rate_limit_rps: None,
                    maintenance_hours_per_month: None,
                    maintenance_window_hours: None,
                    team: None,
                    credential: None,
                })
                .quick()
                .ask(external()),
        ],
    }
}

fn client() -> Vec<Node> {
    nodes![
        text("clients.name", "Client name")
            .help("Unique among all components, e.g. `web` or `mobile`.")
            .value(Lens::new(
                |m, at| m.clients[at[0]].name.clone(),
                |m, at, v| {
                    let c = &mut m.clients[at[0]];
                    if c.name.is_empty() {
                        c.kind = guess_client(&v);
                    }
                    c.name = v;
                },
            ))
            .check(|m, at, v| unique_component(m, &m.clients[at[0]].name, v))
            .quick(),
        derived(
            "clients.defaults",
            nodes![
                choice("clients.kind", "What kind of client is it?")
                    .help("Browser clients need CORS and CSRF care; partners usually use API keys.")
                    .value(lens!(|m, at| m.clients[at[0]].kind).some())
                    .quick(),
                text(
                    "clients.description",
                    "Who uses it, and what does it need from the backend?"
                )
                .help("A sentence; BFFs and caching follow from different clients' needs.")
                .value(lens!(|m, at| m.clients[at[0]].description)),
            ],
        ),
    ]
}

// long: one step's question table, a declaration of a few lines per question
fn service() -> Vec<Node> {
    nodes![
        text("services.name", "Service name")
            .help("Unique among all components, short and lowercase, e.g. `orders`.")
            .value(Lens::new(
                |m, at| m.services[at[0]].name.clone(),
                |m, at, v| {
                    let s = &mut m.services[at[0]];
                    if s.name.is_empty() {
                        s.kind = guess_kind(&v);
                    }
                    s.name = v;
                },
            ))
            .check(|m, at, v| unique_component(m, &m.services[at[0]].name, v))
            .quick(),
        choice("services.kind", "What kind of component is it?")
            .help(
                "Guessed from the name. A gateway routes and protects; a BFF tailors one \
                 client's API; a worker has no API.",
            )
            .value(lens!(|m, at| m.services[at[0]].kind).some())
            .quick(),
        text(
            "services.responsibility",
            "What is it responsible for? (a sentence)"
        )
        .help("One clear responsibility; if you need `and` twice, it may be two services.",)
        .value(lens!(|m, at| m.services[at[0]].responsibility))
        .check(required)
        .quick(),
        derived(
            "services.defaults",
            nodes![
                text(
                    "services.context",
                    "Which bounded context does it belong to?"
                )
                .help(
                    "Domain-driven design: services of one context share a language and change \
                         together.",
                )
                .value(lens!(|m, at| m.services[at[0]].context))
                .default(|m, at| capitalized(&m.services[at[0]].name))
                // A gateway routes to other contexts; it has none of its own.
                .when(|m, at| m.services[at[0]].kind != ServiceKind::Gateway),
                text("services.team", "Which team owns it?")
                    .help("One owning team per service keeps decisions and on-call clear.")
                    .value(lens!(|m, at| m.services[at[0]].team))
                    .default(|m, at| previous(m, at, |s| s.team.clone())),
                text("services.stack", "Language and framework?")
                    .help(
                        "e.g. `Go (chi)`, `Rust (axum)`, `Kotlin (Spring Boot)`; favour what the \
                         team \
                         knows.",
                    )
                    .value(lens!(|m, at| m.services[at[0]].stack))
                    .default(|m, at| previous(m, at, |s| s.stack.clone())),
            ],
        ),
        group(
            "services.data",
            "data store",
            lens!(|m, at| m.services[at[0]].data)
        )
        .help(
            "The data this service owns; no other service reads it directly (database per \
                 service).",
        )
        .label(|d| d.name.clone())
        .new_item(|_, _| DataStore {
            name: String::new(),
            store: String::new(),
            description: String::new(),
            recovery: None,
            capture: None,
            failover: None,
            latency_p99_ms: None,
        })
        .when(|m, at| !matches!(
            m.services[at[0]].kind,
            ServiceKind::Gateway | ServiceKind::Bff
        ))
        .ask(data_store()),
        pick_many("services.serves", "Which clients does it serve?", |m, _| {
            m.clients
                .iter()
                .map(|c| (c.name.clone(), c.description.clone()))
                .collect()
        })
        .help("A BFF serves one client's needs; a gateway fronts them all.")
        .value(lens!(|m, at| m.services[at[0]].serves))
        .default(|m, at| match m.services[at[0]].kind {
            ServiceKind::Gateway => m.clients.iter().map(|c| c.name.clone()).collect(),
            _ => Vec::new(),
        })
        .when(|m, at| {
            matches!(
                m.services[at[0]].kind,
                ServiceKind::Gateway | ServiceKind::Bff
            ) && !m.clients.is_empty()
        }),
    ]
}

fn data_store() -> Vec<Node> {
    nodes![
        text("services.data.name", "What data is it?")
            .help("e.g. `orders`.")
            .value(lens!(|m, at| m.services[at[0]].data[at[1]].name))
            .default(|m, at| m.services[at[0]].name.clone())
            .check(distinct(|m, at| {
                m.services[at[0]]
                    .data
                    .iter()
                    .map(|d| d.name.clone())
                    .collect()
            })),
        text("services.data.store", "Which store holds it?")
            .help(
                "e.g. PostgreSQL for transactions, DynamoDB or Cassandra for huge key-value \
                 volumes, Redis for ephemeral data.",
            )
            .value(lens!(|m, at| m.services[at[0]].data[at[1]].store))
            .default(|m, _| most_used_store(m))
            .check(required),
        text(
            "services.data.description",
            "What does it hold, and why this store?"
        )
        .help("A sentence.")
        .value(lens!(|m, at| m.services[at[0]].data[at[1]].description)),
    ]
}

fn external() -> Vec<Node> {
    nodes![
        text("externals.name", "External system name")
            .help("e.g. `Stripe`; unique among all components.")
            .value(lens!(|m, at| m.externals[at[0]].name))
            .check(|m, at, v| unique_component(m, &m.externals[at[0]].name, v))
            .quick(),
        text("externals.description", "What does it provide?")
            .help("e.g. `card payments and refunds`.")
            .value(lens!(|m, at| m.externals[at[0]].description))
            .quick(),
        derived(
            "externals.known",
            nodes![
                text(
                    "externals.availability",
                    "Its published availability in percent? (empty if unknown)"
                )
                .help("A service that calls it synchronously cannot promise more than this.")
                .value(lens!(|m, at| m.externals[at[0]].availability))
                .check(percent),
                text(
                    "externals.maintenance",
                    "Hours a month it is down for announced maintenance? (empty if none)"
                )
                .help(
                    "e.g. `4` for a monthly 4-hour window: the objectives of its callers \
                     leave the windows out, or spend their budget on them.",
                )
                .value(lens!(|m, at| m.externals[at[0]].maintenance_hours_per_month))
                .check(maintenance),
                text(
                    "externals.window",
                    "Hours its longest window lasts? (empty: all at once)"
                )
                .help("e.g. `1` for four weekly hours: its consumers' backlog and catch-up.")
                .value(lens!(|m, at| m.externals[at[0]].maintenance_window_hours))
                .check(maintenance_window)
                .when(|m, at| {
                    m.externals[at[0]]
                        .maintenance_hours_per_month
                        .is_some_and(|h| h > 0.0)
                }),
                text(
                    "externals.team",
                    "Which of your teams runs it? (empty for a third party)"
                )
                .help(
                    "e.g. `fulfilment` for a warehouse system another team runs: it is then no \
                     processor under an agreement, and that team answers for it.",
                )
                .value(lens!(|m, at| m.externals[at[0]].team)),
                text(
                    "externals.credential",
                    "What do your services present when they call it? (empty if none calls it)"
                )
                .help(
                    "e.g. `SMART Backend Services (a private_key_jwt key pair per service)`, \
                     `an API key per service`, `OAuth 2.0 client credentials`: security lists \
                     it beside the secrets store that holds it.",
                )
                .value(lens!(|m, at| m.externals[at[0]].credential))
                .check(|_, _, v: &Option<String>| {
                    v.as_deref()
                        .map_or(Ok(()), crate::validate::fields::single_line)
                }),
            ],
        ),
    ]
}

/// A value of the nearest earlier service of the same kind: services share a team and a
/// stack, but a gateway's product says nothing about a service's language.
fn previous(m: &Model, at: &At, f: impl Fn(&Service) -> String) -> String {
    let kind = m.services[at[0]].kind;
    let earlier = m.services[..at[0]].iter().rev().filter(|s| s.kind == kind);
    earlier.map(f).find(|v| !v.is_empty()).unwrap_or_default()
}

/// A service's kind guessed from its name: `api-gateway` is a gateway, `web-bff` a BFF,
/// `notification-worker` a worker, `legacy-erp` a legacy system.
pub(crate) fn guess_kind(name: &str) -> ServiceKind {
    let n = name.to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| n.contains(w));
    if has(&["gateway", "edge", "ingress"]) {
        ServiceKind::Gateway
    } else if has(&["bff", "backend-for", "backend_for"]) {
        ServiceKind::Bff
    } else if has(&[
        "worker",
        "consumer",
        "processor",
        "scheduler",
        "cron",
        "job",
    ]) {
        ServiceKind::Worker
    } else if has(&["legacy", "mainframe"]) {
        ServiceKind::Legacy
    } else {
        ServiceKind::Service
    }
}

/// A client's kind guessed from its name: `mobile` or `ios` is a mobile app, `partner` a
/// partner integration, `admin` an internal tool.
pub(crate) fn guess_client(name: &str) -> ClientKind {
    let n = name.to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| n.contains(w));
    if has(&["mobile", "ios", "android", "app"]) && !n.contains("web") {
        ClientKind::Mobile
    } else if has(&["partner", "b2b", "integration"]) {
        ClientKind::Partner
    } else if has(&[
        "admin",
        "backoffice",
        "back-office",
        "internal",
        "staff",
        "support",
    ]) {
        ClientKind::Internal
    } else if has(&["device", "iot", "kiosk", "sensor", "terminal"]) {
        ClientKind::Device
    } else {
        ClientKind::Web
    }
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
        reads: Default::default(),
        early_events: None,
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

/// The store at least two other services use (the most used), else PostgreSQL: a new
/// service defaults to what the team already runs as its standard.
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
    // One service's choice (a search index, say) is not yet the team's standard.
    counts
        .into_iter()
        .filter(|(_, n)| *n >= 2)
        .max_by_key(|(_, n)| *n)
        .map(|(s, _)| s)
        .unwrap_or_else(|| DEFAULT_STORE.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_guessed_from_names() {
        assert_eq!(guess_kind("api-gateway"), ServiceKind::Gateway);
        assert_eq!(guess_kind("web-bff"), ServiceKind::Bff);
        assert_eq!(guess_kind("notification-worker"), ServiceKind::Worker);
        assert_eq!(guess_kind("loans"), ServiceKind::Service);
        assert_eq!(guess_client("mobile"), ClientKind::Mobile);
        assert_eq!(guess_client("web"), ClientKind::Web);
        assert_eq!(guess_client("partner-api"), ClientKind::Partner);
        assert_eq!(guess_client("admin"), ClientKind::Internal);
    }
}

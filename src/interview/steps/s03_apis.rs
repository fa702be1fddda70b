//! Step 3: design the API contracts: each service's style, version and resources with their
//! typed fields and operations, and the events it publishes.

use super::fields::fields;
use super::prelude::*;
use crate::defaults;
use crate::interview::flow::Node;
use crate::model::{ApiStyle, Event, MessageKind, Resource, ServiceKind};

fn style(m: &Model, at: &At) -> ApiStyle {
    let s = &m.services[at[0]];
    defaults::api_style(s.kind, s.api.style)
}

fn http(m: &Model, at: &At) -> bool {
    matches!(
        style(m, at),
        ApiStyle::Rest | ApiStyle::Sse | ApiStyle::Webhooks
    )
}

pub(super) fn step() -> Step {
    Step {
        number: 3,
        key: "apis",
        title: "API contracts",
        why: "contract-first APIs let teams build against each other before the code exists",
        nodes: nodes![
            each(
                "apis",
                |m, _| m.services.len(),
                |m, at| {
                    let s = &m.services[at[0]];
                    (s.kind != ServiceKind::Legacy)
                        .then(|| format!("The API of `{}` ({})", s.name, spelling(&s.kind)))
                }
            )
            .quick()
            .ask(api()),
            super::s03_resource::defaults(),
        ],
    }
}

/// Keeps the resources named in `names`, in that order, with what they already hold; a new name
/// gets a new resource.
fn set_resource_names(m: &mut Model, at: &At, names: Vec<String>) {
    let api = &mut m.services[at[0]].api;
    let mut kept: Vec<Resource> = Vec::new();
    for name in names {
        let old = api.resources.iter().position(|r| r.name == name);
        kept.push(match old {
            Some(i) => api.resources.remove(i),
            None => Resource {
                name,
                ..Default::default()
            },
        });
    }
    api.resources = kept;
}

/// At least one resource, no name twice.
#[allow(clippy::ptr_arg)] // a question's check takes `&T`, and `T` is `Vec<String>` here
fn check_resource_names(_: &Model, _: &At, v: &Vec<String>) -> Result<(), String> {
    if v.is_empty() {
        return Err(
            "name at least one resource, e.g. `Order`, or choose the API style `none`".into(),
        );
    }
    v.iter().enumerate().try_for_each(|(i, n)| {
        crate::validate::fields::unique(n, v[..i].iter().map(String::as_str))
    })
}

// long: one step's question table, a declaration of a few lines per question
fn api() -> Vec<Node> {
    nodes![
        derived(
            "api.defaults",
            nodes![
                choice("api.style", "API style?")
                    .help(
                        "REST for resources, GraphQL for clients that shape their own queries, \
                         gRPC \
                         between services, WebSocket or SSE for real time.",
                    )
                    .value(lens!(|m, at| m.services[at[0]].api.style))
                    .derived(|m, at| Some(style(m, at)))
                    .quick(),
                text(
                    "api.resources.names",
                    "Its resources? (singular nouns, `;`-separated)"
                )
                .help(
                    "Each gets list, get, create, update and delete in the contract; `archgen \
                     edit` adds \
                     their fields and trims the operations.",
                )
                .value(Lens::new(resource_names, set_resource_names))
                .default(|m, at| vec![main_resource(&m.services[at[0]].name)])
                .check(check_resource_names)
                .when(owns_resources)
                .quick_only(),
                text("api.version", "Major version?")
                    .help(
                        "Breaking changes get a new major version; the old one stays until \
                             its clients \
                             move.",
                    )
                    .value(lens!(|m, at| m.services[at[0]].api.version))
                    .derived(|_, _| Some("v1".into()))
                    .check(|m, at, v: &Option<String>| {
                        required(m, at, &v.clone().unwrap_or_default())
                    })
                    .when(|m, at| style(m, at) != ApiStyle::None),
                choice("api.versioning", "How do clients select the version?")
                    .help(
                        "A version in the URL is the easiest to route, cache and see in \
                            logs."
                    )
                    .value(lens!(|m, at| m.services[at[0]].api.versioning).some())
                    .when(http),
                choice("api.pagination", "How do lists page?")
                    .help(
                        "Cursors stay stable while rows are inserted; offsets are simpler \
                             but pages \
                             shift.",
                    )
                    .value(lens!(|m, at| m.services[at[0]].api.pagination).some())
                    .when(http),
                text(
                    "api.base_url",
                    "Public base URL? (empty: a path on the gateway)"
                )
                .help("e.g. `https://api.shop.example/orders`; used as the contract's server.")
                .value(lens!(|m, at| m.services[at[0]].api.base_url))
                .check(|_, _, v: &Option<String>| base_url(v.as_deref().unwrap_or_default()))
                .when(|m, at| http(m, at) || style(m, at) == ApiStyle::Websocket),
            ],
        ),
        group(
            "api.resources",
            "resource",
            lens!(|m, at| m.services[at[0]].api.resources)
        )
        .help(
            "The nouns of the API, e.g. `Order`, each with typed fields and the operations \
                 offered.",
        )
        .label(|r| r.name.clone())
        .new_item(|_, _| Resource {
            name: String::new(),
            plural: None,
            description: String::new(),
            parent: None,
            fields: Vec::new(),
            operations: None,
            ..Default::default()
        })
        .when(owns_resources)
        .ask(resource()),
        group(
            "publishes",
            "published event",
            lens!(|m, at| m.services[at[0]].publishes)
        )
        .help("Facts in the past tense other services react to, e.g. `OrderPlaced`.")
        .label(|e| e.name.clone())
        .new_item(|_, _| Event {
            name: String::new(),
            topic: None,
            description: String::new(),
            fields: Vec::new(),
            key: None,
            ..Default::default()
        })
        // A gateway forwards what the services behind it publish.
        .when(|m, at| m.services[at[0]].kind != ServiceKind::Gateway)
        .ask(event()),
    ]
}

fn resource() -> Vec<Node> {
    let mut n = nodes![
        text("resources.name", "Resource name (singular)")
            .help("e.g. `Order`; paths, schemas and types are named after it.")
            .value(lens!(|m, at| m.services[at[0]].api.resources[at[1]].name))
            .check(distinct(resource_names)),
        text("resources.description", "What does it represent?")
            .help("A sentence for the contract's schema description.")
            .value(lens!(
                |m, at| m.services[at[0]].api.resources[at[1]].description
            )),
        pick(
            "resources.parent",
            "Is it nested under another resource?",
            |m, at| {
                let own = &m.services[at[0]].api.resources[at[1]].name;
                let mut o = options(&[NOT_NESTED]);
                o.extend(
                    resource_names(m, at)
                        .into_iter()
                        .filter(|r| r != own)
                        .map(|r| (r, String::new())),
                );
                o
            }
        )
        .help("Nesting gives paths like /orders/{orderId}/lines.")
        .value(lens!(|m, at| m.services[at[0]].api.resources[at[1]].parent).none_as(NOT_NESTED))
        .when(|m, at| m.services[at[0]].api.resources.len() > 1),
    ];
    n.extend(fields(
        lens!(|m, at| m.services[at[0]].api.resources[at[1]].fields),
        resource_names,
    ));
    n.push(super::s03_operations::question());
    n
}

fn event() -> Vec<Node> {
    let mut n = nodes![
        text("publishes.name", "Event name (past tense)")
            .help(
                "e.g. `OrderPlaced`; unique across the system. A command to one consumer ends \
                 in `!`: `ReserveStock!`."
            )
            .value(Lens::new(
                |m, at| m.services[at[0]].publishes[at[1]].name.clone(),
                |m, at, v: String| {
                    let e = &mut m.services[at[0]].publishes[at[1]];
                    match v.strip_suffix('!') {
                        Some(name) => (e.name, e.kind) = (name.trim().into(), MessageKind::Command),
                        None => e.name = v,
                    }
                },
            ))
            .check(|m, at, v| {
                let mut names: Vec<String> = events(m).into_iter().map(|(n, _)| n).collect();
                let e = &m.services[at[0]].publishes[at[1]];
                if let Some(i) = names.iter().position(|n| *n == e.name) {
                    names.remove(i);
                }
                let (name, command) = match v.strip_suffix('!') {
                    Some(n) => (n.trim(), true),
                    None => (v.as_str(), e.kind == MessageKind::Command),
                };
                crate::validate::fields::unique(name, names.iter().map(String::as_str))?;
                if command {
                    return Ok(());
                }
                crate::text::tense::past_tense(name)
                    .map_err(|e| format!("{e} (or, for a command, `{name}!`)"))
            }),
        text(
            "publishes.description",
            "When is it published, and what does it mean?"
        )
        .help("Consumers rely on this meaning; changing it is a breaking change.")
        .value(lens!(|m, at| m.services[at[0]].publishes[at[1]].description)),
    ];
    n.extend(fields(
        lens!(|m, at| m.services[at[0]].publishes[at[1]].fields),
        // An event's ref or object names a resource of the publisher's API.
        resource_names,
    ));
    n.extend(event_defaults());
    n
}

/// An event's derived block: kind, broker, version, topic and key, kept with one Enter.
fn event_defaults() -> Vec<Node> {
    nodes![derived(
        "publishes.defaults",
        nodes![
            choice(
                "publishes.kind",
                "A fact (event) or a request to one consumer (command)?"
            )
            .help("Derived from the name: `!` at its end makes a command.")
            .value(lens!(|m, at| m.services[at[0]].publishes[at[1]].kind).some()),
            pick("publishes.broker", "Which broker carries it?", |m, _| {
                let mut o = options(&[LINK_BROKER]);
                let brokers = &m.communication.brokers;
                o.extend(
                    brokers
                        .iter()
                        .map(|b| (b.name.clone(), b.technology.clone())),
                );
                o
            })
            .help("The model has several brokers; by default the link's broker carries it.")
            .value(lens!(|m, at| m.services[at[0]].publishes[at[1]].broker).none_as(LINK_BROKER))
            .when(|m, _| m.communication.brokers.len() > 1),
            text("publishes.version", "Payload schema's major version?")
                .help("A breaking change to the payload is a new version, on a topic of its own.")
                .value(lens!(|m, at| m.services[at[0]].publishes[at[1]].version))
                .derived(|_, _| Some(1))
                .check(range(1, 1000)),
            text("publishes.topic", "Topic, queue or channel?")
                .help(
                    "Derived from the service and event; version it (`.v1`) if the schema may \
                     break.",
                )
                .value(lens!(|m, at| m.services[at[0]].publishes[at[1]].topic))
                .derived(|m, at| Some(derived_topic(m, at)))
                .check(|m, at, v: &Option<String>| {
                    required(m, at, &v.clone().unwrap_or_default())
                }),
            pick(
                "publishes.key",
                "Which field orders and partitions it?",
                |m, at| {
                    let mut o = options(&[NO_KEY]);
                    let fields = &m.services[at[0]].publishes[at[1]].fields;
                    o.extend(fields.iter().map(|f| (f.name.clone(), String::new())));
                    o
                }
            )
            .help("Events with the same key are delivered in order, e.g. `order_id`.")
            .value(lens!(|m, at| m.services[at[0]].publishes[at[1]].key).none_as(NO_KEY))
            .when(|m, at| !m.services[at[0]].publishes[at[1]].fields.is_empty()),
        ]
    )]
}

/// Whether the service's API offers resources of its own: a gateway routes to other services'.
fn owns_resources(m: &Model, at: &At) -> bool {
    style(m, at) != ApiStyle::None && m.services[at[0]].kind != ServiceKind::Gateway
}

/// The resource a service is most likely about: `loans` and `loan-service` give `Loan`.
fn main_resource(service: &str) -> String {
    let base = service
        .trim_end_matches("-service")
        .trim_end_matches("-api")
        .trim_end_matches("_service");
    let singular = base
        .strip_suffix("ies")
        .map(|b| format!("{b}y"))
        .or_else(|| {
            base.strip_suffix('s')
                .filter(|b| !b.ends_with('s'))
                .map(str::to_owned)
        })
        .unwrap_or_else(|| base.to_owned());
    crate::text::names::pascal(&singular, "Item")
}

const NOT_NESTED: &str = "(not nested)";
const NO_KEY: &str = "(none)";
const LINK_BROKER: &str = "(the link's broker)";

fn resource_names(m: &Model, at: &At) -> Vec<String> {
    m.services[at[0]]
        .api
        .resources
        .iter()
        .map(|r| r.name.clone())
        .collect()
}

/// An absolute URL or a path on the gateway.
fn base_url(v: &str) -> Result<(), String> {
    let ok = v.is_empty()
        || ["https://", "http://", "wss://", "ws://", "/"]
            .iter()
            .any(|p| v.starts_with(p));
    if ok && !v.contains(char::is_whitespace) {
        Ok(())
    } else {
        Err("use an absolute URL (https://...) or a path starting with /".into())
    }
}

fn derived_topic(m: &Model, at: &At) -> String {
    let s = &m.services[at[0]];
    let e = &s.publishes[at[1]];
    format!(
        "{}.{}",
        crate::view::names::slug(&s.name, "service"),
        crate::view::names::slug(&e.name, "event")
    )
}

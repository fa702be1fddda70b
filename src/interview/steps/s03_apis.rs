//! Step 3: design the API contracts: each service's style, version and resources with their
//! typed fields and operations, and the events it publishes.

use super::fields::fields_group;
use super::{Step, each, group, options, unique_among};
use crate::defaults;
use crate::interview::ask::{At, any, choice, pick, pick_many, required, spelling, text};
use crate::interview::flow::Node;
use crate::model::{
    ApiStyle, Event, Model, Operation, Pagination, Resource, ServiceKind, Versioning,
};

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

const OPERATIONS: [(&str, Operation, &str); 6] = [
    ("list", Operation::List, "a paginated collection"),
    ("get", Operation::Get, "one by id"),
    ("create", Operation::Create, "with an idempotency key"),
    ("update", Operation::Update, "a partial update"),
    ("delete", Operation::Delete, "remove one"),
    (
        "subscribe",
        Operation::Subscribe,
        "stream changes: GraphQL subscription, gRPC stream, SSE or WebSocket",
    ),
];

/// The operations a resource offers by default: CRUD, or only streaming on a WebSocket API.
fn default_operations(m: &Model, at: &At) -> Vec<Operation> {
    match style(m, at) {
        ApiStyle::Websocket => vec![Operation::Subscribe],
        _ => Operation::DEFAULTS.to_vec(),
    }
}

pub(super) fn step() -> Step {
    Step {
        number: 3,
        key: "apis",
        title: "API contracts",
        why: "contract-first APIs let teams build against each other before the code exists",
        nodes: vec![Node::Each(each(
            "apis",
            |m, _| m.services.len(),
            |m, at| {
                let s = &m.services[at[0]];
                (s.kind != ServiceKind::Legacy).then(|| format!("The API of `{}` ({})", s.name, spelling(&s.kind)))
            },
            vec![
                Node::Ask(
                    choice(
                        "api.style",
                        "API style?",
                        "REST for resources, GraphQL for clients that shape their own queries, gRPC between services, WebSocket or SSE for real time.",
                        |m, at| m.services[at[0]].api.style,
                        |m, at, v| {
                            let s = &mut m.services[at[0]];
                            s.api.style = (v != defaults::api_style(s.kind, None)).then_some(v);
                        },
                        style,
                    )
                    .quick(),
                ),
                Node::Ask(
                    text(
                        "api.version",
                        "Major version?",
                        "Breaking changes get a new major version; the old one stays until its clients move.",
                        |m, at| m.services[at[0]].api.version.clone().unwrap_or_default(),
                        |m, at, v| m.services[at[0]].api.version = (v != "v1" && !v.is_empty()).then_some(v),
                        |_, _| "v1".into(),
                        required,
                    )
                    .when(|m, at| style(m, at) != ApiStyle::None),
                ),
                Node::Ask(
                    choice(
                        "api.versioning",
                        "How do clients select the version?",
                        "A version in the URL is the easiest to route, cache and see in logs.",
                        |m, at| Some(m.services[at[0]].api.versioning),
                        |m, at, v| m.services[at[0]].api.versioning = v,
                        |_, _| Versioning::Url,
                    )
                    .when(http),
                ),
                Node::Ask(
                    choice(
                        "api.pagination",
                        "How do lists page?",
                        "Cursors stay stable while rows are inserted; offsets are simpler but pages shift.",
                        |m, at| Some(m.services[at[0]].api.pagination),
                        |m, at, v| m.services[at[0]].api.pagination = v,
                        |_, _| Pagination::Cursor,
                    )
                    .when(http),
                ),
                Node::Ask(
                    text(
                        "api.base_url",
                        "Public base URL? (empty: a path on the gateway)",
                        "e.g. `https://api.shop.example/orders`; used as the contract's server.",
                        |m, at| m.services[at[0]].api.base_url.clone().unwrap_or_default(),
                        |m, at, v| m.services[at[0]].api.base_url = (!v.is_empty()).then_some(v),
                        |_, _| String::new(),
                        |_, _, v| {
                            let ok = v.is_empty() || ["https://", "http://", "wss://", "ws://", "/"].iter().any(|p| v.starts_with(p));
                            if ok && !v.contains(char::is_whitespace) { Ok(()) } else { Err("use an absolute URL (https://...) or a path starting with /".into()) }
                        },
                    )
                    .when(|m, at| http(m, at) || style(m, at) == ApiStyle::Websocket),
                ),
                Node::Group(
                    group(
                        "api.resources",
                        "resource",
                        "The nouns of the API, e.g. `Order`, each with typed fields and the operations offered.",
                        |m, at| m.services[at[0]].api.resources.iter().map(|r| r.name.clone()).collect(),
                        |m, at| {
                            m.services[at[0]].api.resources.push(Resource {
                                name: String::new(),
                                plural: None,
                                description: String::new(),
                                parent: None,
                                fields: Vec::new(),
                                operations: None,
                            })
                        },
                        |m, at, i| {
                            m.services[at[0]].api.resources.remove(i);
                        },
                        vec![
                            Node::Ask(text(
                                "resources.name",
                                "Resource name (singular)",
                                "e.g. `Order`; paths, schemas and types are named after it.",
                                |m, at| m.services[at[0]].api.resources[at[1]].name.clone(),
                                |m, at, v| m.services[at[0]].api.resources[at[1]].name = v,
                                |_, _| String::new(),
                                |m, at, v| unique_among(m.services[at[0]].api.resources.iter().map(|r| r.name.clone()).collect(), &m.services[at[0]].api.resources[at[1]].name, v),
                            )),
                            Node::Ask(text(
                                "resources.description",
                                "What does it represent?",
                                "A sentence for the contract's schema description.",
                                |m, at| m.services[at[0]].api.resources[at[1]].description.clone(),
                                |m, at, v| m.services[at[0]].api.resources[at[1]].description = v,
                                |_, _| String::new(),
                                any,
                            )),
                            Node::Ask(
                                pick(
                                    "resources.parent",
                                    "Is it nested under another resource?",
                                    "Nesting gives paths like /orders/{orderId}/lines.",
                                    |m, at| {
                                        let mut o = options(&["(not nested)"]);
                                        let own = &m.services[at[0]].api.resources[at[1]].name;
                                        o.extend(m.services[at[0]].api.resources.iter().filter(|r| &r.name != own).map(|r| (r.name.clone(), String::new())));
                                        o
                                    },
                                    |m, at| m.services[at[0]].api.resources[at[1]].parent.clone().unwrap_or_else(|| "(not nested)".into()),
                                    |m, at, v| m.services[at[0]].api.resources[at[1]].parent = (v != "(not nested)").then_some(v),
                                )
                                .when(|m, at| m.services[at[0]].api.resources.len() > 1),
                            ),
                            Node::Group(fields_group(
                                "resources.fields",
                                |m, at| &m.services[at[0]].api.resources[at[1]].fields,
                                |m, at| &mut m.services[at[0]].api.resources[at[1]].fields,
                                |m, at| m.services[at[0]].api.resources.iter().map(|r| r.name.clone()).collect(),
                            )),
                            Node::Ask(pick_many(
                                "resources.operations",
                                "Which operations does it offer?",
                                "Each becomes an operation with an example request and response.",
                                |_, _| OPERATIONS.iter().map(|(n, _, h)| (n.to_string(), h.to_string())).collect(),
                                |m, at| {
                                    let ops = m.services[at[0]].api.resources[at[1]].operations.clone().unwrap_or_else(|| default_operations(m, at));
                                    OPERATIONS.iter().filter(|(_, o, _)| ops.contains(o)).map(|(n, _, _)| n.to_string()).collect()
                                },
                                |m, at, v| {
                                    let ops: Vec<Operation> = OPERATIONS.iter().filter(|(n, _, _)| v.iter().any(|x| x == n)).map(|(_, o, _)| *o).collect();
                                    let default = default_operations(m, at);
                                    m.services[at[0]].api.resources[at[1]].operations = (ops != default).then_some(ops);
                                },
                            )),
                        ],
                    )
                    .when(|m, at| style(m, at) != ApiStyle::None),
                ),
                Node::Group(group(
                    "publishes",
                    "published event",
                    "Facts in the past tense other services react to, e.g. `OrderPlaced`.",
                    |m, at| m.services[at[0]].publishes.iter().map(|e| e.name.clone()).collect(),
                    |m, at| m.services[at[0]].publishes.push(Event { name: String::new(), topic: None, description: String::new(), fields: Vec::new(), key: None }),
                    |m, at, i| {
                        m.services[at[0]].publishes.remove(i);
                    },
                    vec![
                        Node::Ask(text(
                            "publishes.name",
                            "Event name (past tense)",
                            "e.g. `OrderPlaced`; unique across the system.",
                            |m, at| m.services[at[0]].publishes[at[1]].name.clone(),
                            |m, at, v| m.services[at[0]].publishes[at[1]].name = v,
                            |_, _| String::new(),
                            |m, at, v| unique_among(super::events(m).into_iter().map(|(n, _)| n).collect(), &m.services[at[0]].publishes[at[1]].name, v),
                        )),
                        Node::Ask(text(
                            "publishes.description",
                            "When is it published, and what does it mean?",
                            "Consumers rely on this meaning; changing it is a breaking change.",
                            |m, at| m.services[at[0]].publishes[at[1]].description.clone(),
                            |m, at, v| m.services[at[0]].publishes[at[1]].description = v,
                            |_, _| String::new(),
                            any,
                        )),
                        Node::Ask(text(
                            "publishes.topic",
                            "Topic, queue or channel?",
                            "Derived from the service and event; version it (`.v1`) if the schema may break.",
                            |m, at| m.services[at[0]].publishes[at[1]].topic.clone().unwrap_or_default(),
                            |m, at, v| {
                                let derived = derived_topic(m, at);
                                m.services[at[0]].publishes[at[1]].topic = (v != derived && !v.is_empty()).then_some(v);
                            },
                            derived_topic,
                            required,
                        )),
                        Node::Group(fields_group(
                            "publishes.fields",
                            |m, at| &m.services[at[0]].publishes[at[1]].fields,
                            |m, at| &mut m.services[at[0]].publishes[at[1]].fields,
                            |_, _| Vec::new(),
                        )),
                        Node::Ask(
                            pick(
                                "publishes.key",
                                "Which field orders and partitions it?",
                                "Events with the same key are delivered in order, e.g. `order_id`.",
                                |m, at| {
                                    let mut o = options(&["(none)"]);
                                    o.extend(m.services[at[0]].publishes[at[1]].fields.iter().map(|f| (f.name.clone(), String::new())));
                                    o
                                },
                                |m, at| m.services[at[0]].publishes[at[1]].key.clone().unwrap_or_else(|| "(none)".into()),
                                |m, at, v| m.services[at[0]].publishes[at[1]].key = (v != "(none)").then_some(v),
                            )
                            .when(|m, at| !m.services[at[0]].publishes[at[1]].fields.is_empty()),
                        ),
                    ],
                )
                .suggest(0)),
            ],
        ).quick())],
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

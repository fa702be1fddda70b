//! Step 4: plan inter-service communication: brokers, who consumes which events, the links
//! between components (sync or async), and the key flows as ordered steps.

use super::{Step, components, each, events, group, unique_among, unique_component};
use crate::interview::ask::{At, any, choice, confirm, pick, pick_many, required, spelling, text};
use crate::interview::flow::Node;
use crate::model::{
    Broker, Delivery, Flow, Link, LinkStyle, Model, Saga, ServiceKind, Step as FlowStep,
};

const BROKERS: [(&str, &str); 8] = [
    (
        "Kafka",
        "a durable, replayable log; ordering per key; high volume",
    ),
    (
        "RabbitMQ",
        "flexible routing and work queues; simple to run",
    ),
    (
        "Amazon SQS",
        "managed queues on AWS; pair with SNS for fan-out",
    ),
    ("NATS JetStream", "lightweight streams with replay"),
    ("Redis Pub/Sub", "fire-and-forget fan-out for live updates"),
    ("Google Pub/Sub", "managed topics on Google Cloud"),
    ("Azure Service Bus", "managed queues and topics on Azure"),
    ("Something else", "type its name next"),
];

fn broker_known(t: &str) -> bool {
    BROKERS[..BROKERS.len() - 1].iter().any(|(n, _)| *n == t)
}

/// A link's style as the view derives it when the model leaves it open.
fn derived_style(m: &Model, l: &Link) -> LinkStyle {
    let to_broker = m.communication.brokers.iter().any(|b| b.name == l.to);
    if !l.events.is_empty() || l.broker.is_some() || to_broker {
        LinkStyle::Async
    } else {
        LinkStyle::Sync
    }
}

/// A link's style: the one the model sets, else the derived one, as the view resolves it.
fn style(m: &Model, l: &Link) -> LinkStyle {
    l.style.unwrap_or_else(|| derived_style(m, l))
}

fn link<'a>(m: &'a Model, at: &At) -> &'a Link {
    &m.communication.links[at[0]]
}

pub(super) fn step() -> Step {
    Step {
        number: 4,
        key: "communication",
        title: "Inter-service communication",
        why: "synchronous calls couple availability; events decouple it at the price of eventual consistency",
        nodes: vec![
            Node::Group(
                group(
                    "brokers",
                    "broker",
                    "Message brokers and event streams the services publish to.",
                    |m, _| m.communication.brokers.iter().map(|b| b.name.clone()).collect(),
                    |m, _| {
                        m.communication.brokers.push(Broker { name: String::new(), technology: String::new(), delivery: Delivery::AtLeastOnce, host: None, description: String::new() })
                    },
                    |m, _, i| {
                        m.communication.brokers.remove(i);
                    },
                    vec![
                        Node::Ask(
                            pick(
                                "brokers.technology",
                                "Which technology?",
                                "Choose by replay, ordering and volume needs; events between services need durability.",
                                |_, _| BROKERS.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect(),
                                |m, at| {
                                    let t = &m.communication.brokers[at[0]].technology;
                                    if t.is_empty() || broker_known(t) { t.clone() } else { "Something else".into() }
                                },
                                |m, at, v| m.communication.brokers[at[0]].technology = if v == "Something else" { String::new() } else { v },
                            )
                            .quick(),
                        ),
                        Node::Ask(
                            text(
                                "brokers.other",
                                "Which broker technology?",
                                "Its product name, e.g. `Apache Pulsar`.",
                                |m, at| m.communication.brokers[at[0]].technology.clone(),
                                |m, at, v| m.communication.brokers[at[0]].technology = v,
                                |_, _| String::new(),
                                required,
                            )
                            .when(|m, at| !broker_known(&m.communication.brokers[at[0]].technology))
                            .quick(),
                        ),
                        Node::Ask(
                            text(
                                "brokers.name",
                                "Name it (as the diagrams show it)",
                                "Unique among all components, e.g. `events`.",
                                |m, at| m.communication.brokers[at[0]].name.clone(),
                                |m, at, v| m.communication.brokers[at[0]].name = v,
                                |m, at| crate::view::names::slug(&m.communication.brokers[at[0]].technology, "events"),
                                |m, at, v| unique_component(m, &m.communication.brokers[at[0]].name, v),
                            )
                            .quick(),
                        ),
                        Node::Ask(choice(
                            "brokers.delivery",
                            "What delivery guarantee do consumers get?",
                            "At least once is the usual choice: consumers deduplicate by event id.",
                            |m, at| Some(m.communication.brokers[at[0]].delivery),
                            |m, at, v| m.communication.brokers[at[0]].delivery = v,
                            |_, _| Delivery::AtLeastOnce,
                        )),
                    ],
                )
                .quick()
                .suggest(1)
                .when(|m, _| m.services.iter().any(|s| !s.publishes.is_empty()) || !m.communication.brokers.is_empty()),
            ),
            Node::Each(each(
                "consumes",
                |m, _| m.services.len(),
                |m, at| {
                    let s = &m.services[at[0]];
                    let others = events(m).into_iter().filter(|(_, by)| *by != format!("published by {}", s.name)).count();
                    (others > 0 && s.kind != ServiceKind::Legacy).then(|| format!("Events `{}` consumes", s.name))
                },
                vec![Node::Ask(pick_many(
                    "consumes",
                    "Which events does it consume?",
                    "Consuming an event instead of calling the publisher keeps this service up when the publisher is down.",
                    |m, at| {
                        let own = &m.services[at[0]].name;
                        events(m).into_iter().filter(|(_, by)| *by != format!("published by {own}")).collect()
                    },
                    |m, at| m.services[at[0]].consumes.clone(),
                    |m, at, v| m.services[at[0]].consumes = v,
                ))],
            )),
            Node::Group(
                group(
                    "links",
                    "link",
                    "Who calls whom synchronously; event links between publishers and consumers are derived.",
                    |m, _| m.communication.links.iter().map(|l| format!("{} -> {}", l.from, l.to)).collect(),
                    |m, _| {
                        m.communication.links.push(Link { from: String::new(), to: String::new(), style: None, protocol: None, purpose: String::new(), events: Vec::new(), broker: None, resilience: None, background: false })
                    },
                    |m, _, i| {
                        m.communication.links.remove(i);
                    },
                    vec![
                        Node::Ask(
                            pick(
                                "links.from",
                                "From (the caller)?",
                                "A client, service or external system that starts the call.",
                                |m, _| components(m).into_iter().filter(|(n, _)| !m.communication.brokers.iter().any(|b| &b.name == n)).collect(),
                                |m, at| link(m, at).from.clone(),
                                |m, at, v| m.communication.links[at[0]].from = v,
                            )
                            .quick(),
                        ),
                        Node::Ask(
                            pick(
                                "links.to",
                                "To (the callee)?",
                                "The service, external system or broker it depends on.",
                                |m, at| {
                                    let from = &link(m, at).from;
                                    components(m).into_iter().filter(|(n, _)| n != from && !m.clients.iter().any(|c| &c.name == n)).collect()
                                },
                                |m, at| link(m, at).to.clone(),
                                |m, at, v| m.communication.links[at[0]].to = v,
                            )
                            .quick(),
                        ),
                        Node::Ask(choice(
                            "links.style",
                            "Synchronous or asynchronous?",
                            "Sync when the caller needs the answer now; async when it only needs the work to happen.",
                            |m, at| link(m, at).style,
                            |m, at, v| {
                                let derived = derived_style(m, link(m, at));
                                m.communication.links[at[0]].style = (v != derived).then_some(v);
                            },
                            |m, at| derived_style(m, link(m, at)),
                        )),
                        Node::Ask(
                            confirm(
                                "links.background",
                                "Is it called from background work (an event consumer or a job), not while answering a request?",
                                "A background call may take longer than the p99 budget: its cost is lag, not a slow response.",
                                |m, at| link(m, at).background,
                                |m, at, v| m.communication.links[at[0]].background = v,
                            )
                            .when(|m, at| style(m, link(m, at)) == LinkStyle::Sync),
                        ),
                        Node::Ask(text(
                            "links.purpose",
                            "Why does the caller need it?",
                            "A few words, e.g. `check stock before accepting an order`.",
                            |m, at| link(m, at).purpose.clone(),
                            |m, at, v| m.communication.links[at[0]].purpose = v,
                            |_, _| String::new(),
                            any,
                        )),
                        Node::Ask(
                            pick_many(
                                "links.events",
                                "Which events or commands does it carry?",
                                "Listed on the diagram and in the communication document.",
                                |m, _| events(m),
                                |m, at| link(m, at).events.clone(),
                                |m, at, v| m.communication.links[at[0]].events = v,
                            )
                            .when(|m, at| style(m, link(m, at)) == LinkStyle::Async)
                            .when(|m, _| !events(m).is_empty()),
                        ),
                        Node::Ask(
                            pick(
                                "links.broker",
                                "Through which broker?",
                                "Defaults to the broker chosen earlier.",
                                |m, _| m.communication.brokers.iter().map(|b| (b.name.clone(), b.technology.clone())).collect(),
                                |m, at| link(m, at).broker.clone().unwrap_or_else(|| m.communication.brokers[0].name.clone()),
                                |m, at, v| {
                                    let first = m.communication.brokers[0].name.clone();
                                    m.communication.links[at[0]].broker = (v != first).then_some(v);
                                },
                            )
                            .when(|m, at| m.communication.brokers.len() > 1 && link(m, at).style == Some(LinkStyle::Async)),
                        ),
                    ],
                )
                .quick()
                .suggest(1)
                .when(|m, _| components(m).len() > 1),
            ),
            Node::Group(group(
                "flows",
                "flow",
                "Key journeys through the system as ordered steps; each gets a sequence diagram.",
                |m, _| m.communication.flows.iter().map(|f| f.name.clone()).collect(),
                |m, _| m.communication.flows.push(Flow { name: String::new(), description: String::new(), saga: None, steps: Vec::new() }),
                |m, _, i| {
                    m.communication.flows.remove(i);
                },
                vec![
                    Node::Ask(text(
                        "flows.name",
                        "Flow name",
                        "e.g. `Checkout`.",
                        |m, at| m.communication.flows[at[0]].name.clone(),
                        |m, at, v| m.communication.flows[at[0]].name = v,
                        |m, _| m.requirements.use_cases.iter().map(|u| u.name.clone()).find(|n| !m.communication.flows.iter().any(|f| &f.name == n)).unwrap_or_default(),
                        |m, at, v| unique_among(m.communication.flows.iter().map(|f| f.name.clone()).collect(), &m.communication.flows[at[0]].name, v),
                    )),
                    Node::Ask(text(
                        "flows.description",
                        "What does it achieve?",
                        "A sentence.",
                        |m, at| m.communication.flows[at[0]].description.clone(),
                        |m, at, v| m.communication.flows[at[0]].description = v,
                        |_, _| String::new(),
                        any,
                    )),
                    Node::Ask(pick(
                        "flows.saga",
                        "Does it span services that must stay consistent (a saga)?",
                        "Choreography: participants react to events. Orchestration: one coordinator runs the steps and compensations.",
                        |_, _| {
                            vec![
                                ("no saga".into(), "a simple request or notification flow".into()),
                                ("choreography".into(), "participants react to each other's events".into()),
                                ("orchestration".into(), "a coordinator drives each step and its compensation".into()),
                            ]
                        },
                        |m, at| m.communication.flows[at[0]].saga.map(|s| spelling(&s)).unwrap_or_else(|| "no saga".into()),
                        |m, at, v| {
                            m.communication.flows[at[0]].saga = match v.as_str() {
                                "choreography" => Some(Saga::Choreography),
                                "orchestration" => Some(Saga::Orchestration),
                                _ => None,
                            }
                        },
                    )),
                    Node::Group(
                        group(
                            "flows.steps",
                            "step",
                            "In order: who acts, who receives it, and what happens.",
                            |m, at| m.communication.flows[at[0]].steps.iter().map(|s| format!("{} -> {}: {}", s.from, s.to, s.action)).collect(),
                            |m, at| {
                                let last_to = m.communication.flows[at[0]].steps.last().map(|s| s.to.clone()).unwrap_or_default();
                                m.communication.flows[at[0]].steps.push(FlowStep { from: last_to, to: String::new(), action: String::new(), r#async: None, compensation: String::new() })
                            },
                            |m, at, i| {
                                m.communication.flows[at[0]].steps.remove(i);
                            },
                            vec![
                                Node::Ask(pick(
                                    "steps.from",
                                    "Who acts?",
                                    "Defaults to where the previous step ended.",
                                    |m, _| components(m),
                                    |m, at| m.communication.flows[at[0]].steps[at[1]].from.clone(),
                                    |m, at, v| m.communication.flows[at[0]].steps[at[1]].from = v,
                                )),
                                Node::Ask(pick(
                                    "steps.to",
                                    "Who receives it?",
                                    "A component or a broker.",
                                    |m, at| {
                                        let from = &m.communication.flows[at[0]].steps[at[1]].from;
                                        components(m).into_iter().filter(|(n, _)| n != from).collect()
                                    },
                                    |m, at| m.communication.flows[at[0]].steps[at[1]].to.clone(),
                                    |m, at, v| m.communication.flows[at[0]].steps[at[1]].to = v,
                                )),
                                Node::Ask(text(
                                    "steps.action",
                                    "What happens?",
                                    "e.g. `POST /v1/orders` or `OrderPlaced`.",
                                    |m, at| m.communication.flows[at[0]].steps[at[1]].action.clone(),
                                    |m, at, v| m.communication.flows[at[0]].steps[at[1]].action = v,
                                    |_, _| String::new(),
                                    required,
                                )),
                                Node::Ask(
                                    text(
                                        "steps.compensation",
                                        "What undoes it if a later step fails? (empty if nothing)",
                                        "A compensating action, e.g. `refund the payment`.",
                                        |m, at| m.communication.flows[at[0]].steps[at[1]].compensation.clone(),
                                        |m, at, v| m.communication.flows[at[0]].steps[at[1]].compensation = v,
                                        |_, _| String::new(),
                                        any,
                                    )
                                    .when(|m, at| m.communication.flows[at[0]].saga.is_some()),
                                ),
                            ],
                        )
                        .suggest(2),
                    ),
                ],
            )
            .suggest(0)
            .when(|m, _| components(m).len() > 1)),
        ],
    }
}

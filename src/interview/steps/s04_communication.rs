//! Step 4: plan inter-service communication: brokers, who consumes which events, the links
//! between components (sync or async), and the key flows as ordered steps.

use super::call_line;
use super::prelude::*;
use super::s04_branch::{call, call_mut, is_call};
use crate::interview::flow::Node;
use crate::model::{
    Broker, Deadline, Delivery, Flow, Link, LinkStyle, Saga, ServiceKind, Step as FlowStep,
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

/// A link's style: the one the model sets, else the derived one (`derive::link_style`).
pub(super) fn style(m: &Model, l: &Link) -> LinkStyle {
    crate::derive::link_style::of(m, l)
}

fn link<'a>(m: &'a Model, at: &At) -> &'a Link {
    &m.communication.links[at[0]]
}

// long: one step's question table, a declaration of a few lines per question
pub(super) fn step() -> Step {
    Step {
        number: 4,
        key: "communication",
        title: "Inter-service communication",
        why: "synchronous calls couple availability; events decouple it at the price of \
              eventual consistency",
        nodes: nodes![
            group("brokers", "broker", lens!(|m, _| m.communication.brokers))
                .help("Message brokers and event streams the services publish to.")
                .label(|b| b.name.clone())
                .new_item(|_, _| Broker {
                    name: String::new(),
                    technology: String::new(),
                    delivery: Delivery::AtLeastOnce,
                    host: None,
                    description: String::new(),
                    ..Default::default()
                })
                .quick()
                .when(|m, _| {
                    m.services.iter().any(|s| !s.publishes.is_empty())
                        || !m.communication.brokers.is_empty()
                })
                .ask(broker()),
            each(
                "consumes",
                |m, _| m.services.len(),
                |m, at| {
                    let s = &m.services[at[0]];
                    // A gateway forwards requests; it consumes nothing of its own.
                    let consumer = !matches!(s.kind, ServiceKind::Legacy | ServiceKind::Gateway);
                    (!consumable(m, at).is_empty() && consumer)
                        .then(|| format!("Events `{}` consumes", s.name))
                }
            )
            .ask(nodes![
                pick_many("consumes", "Which events does it consume?", consumable)
                    .help(
                        "Consuming an event instead of calling the publisher keeps this service \
                         up when the publisher is down.",
                    )
                    .value(Lens::new(
                        |m, at| m.services[at[0]].consumes.clone(),
                        |m, at, v: Vec<String>| {
                            let s = &mut m.services[at[0]];
                            // What it reads of an event it no longer consumes goes too.
                            s.reads.retain(|e, _| v.contains(e));
                            if v.len() < 2 {
                                s.early_events = None;
                            }
                            // The events it keeps stay in the model's order (a finding's id
                            // names them in it); the new ones follow in the listing's.
                            let mut kept: Vec<String> = (s.consumes.iter())
                                .filter(|e| v.contains(e))
                                .cloned()
                                .collect();
                            kept.extend(v.into_iter().filter(|e| !s.consumes.contains(e)));
                            s.consumes = kept;
                        },
                    )),
                super::s04_reads::question(),
                super::s04_reads::early(),
            ]),
            text(
                "links.line",
                "Calls, on one line? (caller -> callee, separated by commas)"
            )
            .help(
                "e.g. `web -> gateway, gateway -> loans, loans -> payments`; event links \
                     come from the events each service consumes. Leave it empty to add links \
                     one by one.",
            )
            .value(Lens::new(call_line::read, call_line::write))
            .check(call_line::check)
            .when(|m, _| components(m).len() > 1),
            group("links", "link", lens!(|m, _| m.communication.links))
                .help(
                    "Who calls whom synchronously; event links between publishers and consumers \
                     are derived.",
                )
                .label(|l| format!("{} -> {}", l.from, l.to))
                .new_item(|_, _| Link {
                    from: String::new(),
                    to: String::new(),
                    style: None,
                    protocol: None,
                    purpose: String::new(),
                    events: Vec::new(),
                    broker: None,
                    resilience: None,
                    background: false,
                    ..Default::default()
                })
                .quick()
                .when(|m, _| components(m).len() > 1)
                .ask(link_questions()),
            super::s04_receives::block(),
            group("flows", "flow", lens!(|m, _| m.communication.flows))
                .help(
                    "Key journeys through the system as ordered steps; each gets a sequence \
                     diagram.",
                )
                .label(|f| f.name.clone())
                .new_item(|_, _| Flow {
                    name: String::new(),
                    description: String::new(),
                    saga: None,
                    deadline: None,
                    slo: None,
                    end_to_end: None,
                    triggered_by: None,
                    steps: Vec::new(),
                })
                .when(|m, _| components(m).len() > 1)
                .ask(flow()),
        ],
    }
}

fn broker() -> Vec<Node> {
    nodes![
        pick("brokers.technology", "Which technology?", |_, _| {
            BROKERS
                .iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect()
        })
        .help(
            "Choose by replay, ordering and volume needs; events between services need \
             durability.",
        )
        .value(Lens::new(
            |m, at| {
                let t = &m.communication.brokers[at[0]].technology;
                if t.is_empty() || broker_known(t) {
                    t.clone()
                } else {
                    OTHER.into()
                }
            },
            |m, at, v| {
                m.communication.brokers[at[0]].technology =
                    if v == OTHER { String::new() } else { v }
            },
        ))
        .quick(),
        text("brokers.other", "Which broker technology?")
            .help("Its product name, e.g. `Apache Pulsar`.")
            .value(lens!(|m, at| m.communication.brokers[at[0]].technology))
            .check(required)
            .when(|m, at| !broker_known(&m.communication.brokers[at[0]].technology))
            .quick(),
        text("brokers.name", "Name it (as the diagrams show it)")
            .help("Unique among all components, e.g. `events`.")
            .value(lens!(|m, at| m.communication.brokers[at[0]].name))
            .default(|m, at| {
                crate::view::names::slug(&m.communication.brokers[at[0]].technology, "events")
            })
            .check(|m, at, v| unique_component(m, &m.communication.brokers[at[0]].name, v))
            .quick(),
        derived("brokers.defaults", {
            let mut n = nodes![
                choice(
                    "brokers.delivery",
                    "What delivery guarantee do consumers get?"
                )
                .help("At least once is the usual choice: consumers deduplicate by event id.")
                .value(lens!(|m, at| m.communication.brokers[at[0]].delivery).some()),
                // Only a log keeps what it delivers; unstated, 7 days are assumed and listed.
                text(
                    "brokers.retention",
                    "Hours it keeps each message? (empty: 7 days, listed as an assumption)"
                )
                .help("Sets the event storage and how far back a consumer can replay.")
                .value(lens!(|m, at| m.communication.brokers[at[0]].retention_hours))
                .derived(|m, _| m.requirements.capacity.event_retention_days.map(|d| d * 24))
                .check(range(1, 876_000))
                .when(|m, at| {
                    crate::derive::brokers::of(&m.communication.brokers[at[0]].technology).retained
                }),
            ];
            n.extend(envelope_questions());
            n
        }),
    ]
}

/// The event envelope: the system's, so asked with the first broker.
fn envelope_questions() -> Vec<Node> {
    nodes![
        confirm(
            "envelope",
            "Do messages carry an envelope (event id, time, version, correlation)?"
        )
        .help(
            "Consumers deduplicate by its event id, and a registry checks each schema \
             version before it is published."
        )
        .value(Lens::new(
            |m, _| m.communication.envelope.is_some(),
            |m, _, v: bool| {
                let e = &mut m.communication.envelope;
                *e = if v {
                    e.take().or_else(|| Some(Default::default()))
                } else {
                    None
                };
            },
        ))
        .when(|_, at| at[0] == 0),
        choice("envelope.schema_format", "How are payload schemas written?")
            .value(Lens::new(
                |m, _| envelope(m).map(|e| e.schema_format),
                |m, _, v| envelope_mut(m).schema_format = v.unwrap_or_default(),
            ))
            .when(|m, at| at[0] == 0 && envelope(m).is_some()),
        text("envelope.registry", "Schema registry? (empty if none)")
            .help("e.g. `Confluent Schema Registry`, `AWS Glue Schema Registry`.")
            .value(Lens::new(
                |m, _| envelope(m).and_then(|e| e.registry.clone()),
                |m, _, v| envelope_mut(m).registry = v,
            ))
            .when(|m, at| at[0] == 0 && envelope(m).is_some()),
        choice(
            "envelope.compatibility",
            "Which schema changes does the registry accept?"
        )
        .value(Lens::new(
            |m, _| envelope(m).map(|e| e.compatibility),
            |m, _, v| envelope_mut(m).compatibility = v.unwrap_or_default(),
        ))
        .when(|m, at| at[0] == 0 && envelope(m).is_some()),
    ]
}

fn envelope(m: &Model) -> Option<&crate::model::Envelope> {
    m.communication.envelope.as_ref()
}

fn envelope_mut(m: &mut Model) -> &mut crate::model::Envelope {
    m.communication
        .envelope
        .get_or_insert_with(Default::default)
}

/// The events a service may consume: every one another service publishes.
fn consumable(m: &Model, at: &At) -> Vec<(String, String)> {
    let own = format!("published by {}", m.services[at[0]].name);
    events(m).into_iter().filter(|(_, by)| *by != own).collect()
}

// long: one step's question table, a declaration of a few lines per question
fn link_questions() -> Vec<Node> {
    nodes![
        pick("links.from", "From (the caller)?", |m, _| {
            let brokers = &m.communication.brokers;
            components(m)
                .into_iter()
                .filter(|(n, _)| !brokers.iter().any(|b| &b.name == n))
                .collect()
        })
        .help("A client, service or external system that starts the call.")
        .value(Lens::new(
            |m, at| m.communication.links[at[0]].from.clone(),
            |m, at, v| {
                // A worker works in the background: its calls are not on a request path.
                let worker = m
                    .services
                    .iter()
                    .any(|s| s.name == v && s.kind == ServiceKind::Worker);
                let l = &mut m.communication.links[at[0]];
                if l.from != v {
                    l.background = worker;
                }
                l.from = v;
            },
        ))
        .quick(),
        pick("links.to", "To (the callee)?", |m, at| {
            let from = &link(m, at).from;
            let clients = &m.clients;
            components(m)
                .into_iter()
                .filter(|(n, _)| n != from && !clients.iter().any(|c| &c.name == n))
                .collect()
        })
        .help("The service, external system or broker it depends on.")
        .value(lens!(|m, at| m.communication.links[at[0]].to))
        .quick(),
        choice("links.style", "Synchronous or asynchronous?")
            .help(
                "Sync when the caller needs the answer now; async when it only needs the work \
                 to happen.",
            )
            .value(lens!(|m, at| m.communication.links[at[0]].style))
            .derived(|m, at| Some(crate::derive::link_style::derived(m, link(m, at)))),
        confirm(
            "links.background",
            "Is it called from background work (an event consumer or a job), not while \
             answering a request?",
        )
        .help(
            "A background call may take longer than the p99 budget: its cost is lag, not a slow \
             response.",
        )
        .value(lens!(|m, at| m.communication.links[at[0]].background))
        .when(|m, at| style(m, link(m, at)) == LinkStyle::Sync),
        text("links.purpose", "Why does the caller need it?")
            .help("A few words, e.g. `check stock before accepting an order`.")
            .value(lens!(|m, at| m.communication.links[at[0]].purpose)),
        pick("links.via", "Does it come in through a gateway?", |m, _| {
            let mut options = vec![("directly".to_owned(), "straight to the service".to_owned())];
            options.extend(
                gateways(m)
                    .into_iter()
                    .map(|g| (g, "the gateway".to_owned())),
            );
            options
        })
        .help(
            "A provider's webhook usually does: the gateway terminates TLS and passes it on \
             without a token, and the service checks the signature.",
        )
        .value(lens!(|m, at| m.communication.links[at[0]].via).none_as("directly"))
        .when(|m, at| {
            let l = link(m, at);
            let outside = m.externals.iter().any(|e| e.name == l.from)
                || m.clients.iter().any(|c| c.name == l.from);
            let behind = m
                .services
                .iter()
                .any(|s| s.name == l.to && s.kind != crate::model::ServiceKind::Gateway);
            outside && behind && !gateways(m).is_empty()
        }),
        pick_many(
            "links.events",
            "Which events or commands does it carry?",
            |m, _| events(m)
        )
        .help("Listed on the diagram and in the communication document.")
        .value(lens!(|m, at| m.communication.links[at[0]].events))
        .when(|m, at| style(m, link(m, at)) == LinkStyle::Async)
        .when(|m, _| !events(m).is_empty()),
        pick("links.broker", "Through which broker?", |m, _| {
            let brokers = &m.communication.brokers;
            brokers
                .iter()
                .map(|b| (b.name.clone(), b.technology.clone()))
                .collect()
        })
        .help("Defaults to the broker chosen earlier.")
        .value(lens!(|m, at| m.communication.links[at[0]].broker).none_as(""))
        .derived(|m, _| m.communication.brokers[0].name.clone())
        .when(|m, at| {
            m.communication.brokers.len() > 1 && link(m, at).style == Some(LinkStyle::Async)
        }),
    ]
}

// long: one step's question table, a declaration of a few lines per question
fn flow() -> Vec<Node> {
    nodes![
        text("flows.name", "Flow name")
            .help("e.g. `Checkout`.")
            .value(lens!(|m, at| m.communication.flows[at[0]].name))
            .default(|m, _| {
                let flows = &m.communication.flows;
                let uses = m.requirements.use_cases.iter().map(|u| u.name.clone());
                uses.clone()
                    .find(|n| !flows.iter().any(|f| &f.name == n))
                    .unwrap_or_default()
            })
            .check(distinct(|m, _| {
                m.communication
                    .flows
                    .iter()
                    .map(|f| f.name.clone())
                    .collect()
            })),
        text("flows.description", "What does it achieve?")
            .help("A sentence.")
            .value(lens!(|m, at| m.communication.flows[at[0]].description)),
        pick(
            "flows.saga",
            "Does it span services that must stay consistent (a saga)?",
            |_, _| {
                let o = |a: &str, b: &str| (a.to_owned(), b.to_owned());
                vec![
                    o(NO_SAGA, "a simple request or notification flow"),
                    o("choreography", "participants react to each other's events"),
                    o(
                        "orchestration",
                        "a coordinator drives each step and its compensation",
                    ),
                ]
            },
        )
        .help(
            "Choreography: participants react to events. Orchestration: one coordinator runs \
             the steps and compensations.",
        )
        .value(Lens::new(
            |m, at| {
                let saga = m.communication.flows[at[0]].saga;
                saga.map(|s| spelling(&s)).unwrap_or_else(|| NO_SAGA.into())
            },
            |m, at, v| {
                m.communication.flows[at[0]].saga = match v.as_str() {
                    "choreography" => Some(Saga::Choreography),
                    "orchestration" => Some(Saga::Orchestration),
                    _ => None,
                }
            },
        )),
        text(
            "flows.deadline",
            "Minutes before an unfinished run is given up? (empty: no deadline)"
        )
        .help("e.g. `30` for an order left unpaid for half an hour; a job or timer enforces it.")
        .value(Lens::new(
            |m, at| m.communication.flows[at[0]]
                .deadline
                .as_ref()
                .map(|d| d.minutes),
            |m, at, v: Option<u32>| {
                let d = &mut m.communication.flows[at[0]].deadline;
                match v {
                    None => *d = None,
                    Some(n) => d.get_or_insert_with(Deadline::default).minutes = n,
                }
            },
        ))
        .check(range(1, 525_600))
        .when(|m, at| m.communication.flows[at[0]].saga.is_some()),
        text("flows.outcome", "What happens to a run given up?")
            .help("e.g. `the order is cancelled and its stock released`.")
            .value(Lens::new(
                |m, at| {
                    let d = m.communication.flows[at[0]].deadline.as_ref();
                    d.map(|d| d.outcome.clone()).unwrap_or_default()
                },
                |m, at, v| {
                    if let Some(d) = m.communication.flows[at[0]].deadline.as_mut() {
                        d.outcome = v;
                    }
                },
            ))
            .default(|_, _| "its compensations run and the caller is told it failed".into())
            .when(|m, at| m.communication.flows[at[0]].deadline.is_some()),
        pick(
            "flows.trigger",
            "Which event starts each run? (work no user starts)",
            |m, _| {
                let mut options = vec![(
                    BY_A_USER.to_owned(),
                    "a person or client starts it".to_owned(),
                )];
                for s in &m.services {
                    for e in &s.publishes {
                        options.push((e.name.clone(), format!("published by {}", s.name)));
                    }
                }
                options
            },
        )
        .help(
            "e.g. `PaymentCaptured` for a fulfilment flow that ships each paid order: the flow \
             then runs once per such event, and its calls and events follow that rate.",
        )
        .value(Lens::new(
            |m, at| {
                let on = &m.communication.flows[at[0]].triggered_by;
                on.clone().unwrap_or_else(|| BY_A_USER.into())
            },
            |m, at, v| {
                m.communication.flows[at[0]].triggered_by = (v != BY_A_USER).then_some(v)
            },
        ))
        .when(|m, at| {
            let name = &m.communication.flows[at[0]].name;
            let run = m
                .requirements
                .use_cases
                .iter()
                .any(|u| u.served_by.contains(name));
            !run && m.services.iter().any(|s| !s.publishes.is_empty())
        }),
        group(
            "flows.steps",
            "step",
            lens!(|m, at| m.communication.flows[at[0]].steps)
        )
        .help("In order: who acts, who receives it, and what happens.")
        .label(|s| match s.block() {
            Some((kind, _)) if !is_call(s) => format!("({} block)", kind.keyword()),
            _ => {
                let c = call(s);
                format!("{} -> {}: {}", c.from, c.to, c.action)
            }
        })
        .new_item(|m, at| FlowStep {
            from: m.communication.flows[at[0]]
                .steps
                .last()
                .map(|s| call(s).to.clone())
                .unwrap_or_default(),
            ..FlowStep::default()
        })
        .ask(flow_step()),
        super::s04_branch::parallel(),
    ]
}

fn flow_step() -> Vec<Node> {
    let mut n = nodes![
        pick("steps.from", "Who acts?", |m, _| components(m))
            .help("Defaults to where the previous step ended.")
            .value(Lens::new(
                |m, at| call(the(m, at)).from.clone(),
                |m, at, v| call_mut(m, at).from = v
            ))
            .when(|m, at| is_call(the(m, at))),
        pick("steps.to", "Who receives it?", |m, at| {
            let from = &call(the(m, at)).from;
            components(m)
                .into_iter()
                .filter(|(n, _)| n != from)
                .collect()
        })
        .help("A component or a broker.")
        .value(Lens::new(
            |m, at| call(the(m, at)).to.clone(),
            |m, at, v| call_mut(m, at).to = v
        ))
        .when(|m, at| is_call(the(m, at))),
        text("steps.action", "What happens? (a call's reply after `->`)")
            .help(
                "e.g. `POST /v1/orders -> 201 Created` or `OrderPlaced`; the reply is drawn \
                 back to the caller."
            )
            .value(Lens::new(action_line, set_action_line))
            .check(|m, at, v: &String| required(m, at, &split_reply(v).0))
            .when(|m, at| is_call(the(m, at))),
        text(
            "steps.compensation",
            "What undoes it if a later step fails? (empty if nothing)"
        )
        .help("A compensating action, e.g. `refund the payment`.")
        .value(Lens::new(
            |m, at| call(the(m, at)).compensation.clone(),
            |m, at, v| call_mut(m, at).compensation = v
        ))
        .when(|m, at| m.communication.flows[at[0]].saga.is_some() && is_call(the(m, at))),
        text(
            "steps.compensate_on",
            "What triggers the undo? (an event, e.g. `PaymentFailed`, or a branch's name, \
             several separated by commas; empty: any later failure)"
        )
        .help("The sequence diagram draws the compensation after what triggers it.")
        .value(Lens::new(
            |m, at| call(the(m, at)).compensate_on.names().join(", "),
            |m, at, v| call_mut(m, at).compensate_on = crate::model::Triggers::parse(&v)
        ))
        .when(|m, at| is_call(the(m, at)) && !call(the(m, at)).compensation.is_empty()),
        confirm(
            "steps.after_reply",
            "Does it happen after the caller has its answer?"
        )
        .help(
            "Yes for work sent on from an outbox, a queue or a task once the reply is out, \
             e.g. the warehouse call behind `200 OK, pending`: the diagram draws the reply \
             before it."
        )
        .value(Lens::new(
            |m, at| call(the(m, at)).after_reply,
            |m, at, v| call_mut(m, at).after_reply = v
        ))
        .when(|m, at| is_call(the(m, at)) && answers_before(m, at)),
    ];
    n.push(paced());
    n.extend(super::s04_branch::questions());
    n
}

/// How fast the outside world sends a step of a flow an event starts (`paced_per_second`).
fn paced() -> Node {
    Node::from(
        text(
            "steps.paced",
            "How many times a second does it come at its own peak? (empty: as often as the \
         flow runs)",
        )
        .help(
            "For a step the outside world sends on its own schedule, e.g. `31` for a warehouse \
         that dispatches the day's parcels round the clock: it and the steps after it \
         count at this rate, not at the peak of the event that starts the flow.",
        )
        .value(Lens::new(
            |m, at| call(the(m, at)).paced_per_second,
            |m, at, v| call_mut(m, at).paced_per_second = v,
        ))
        .check(|_, _, v: &Option<f64>| v.map_or(Ok(()), crate::validate::fields::rate_per_second))
        .when(|m, at| is_call(the(m, at)) && sent_from_outside(m, at)),
    )
}

/// Whether an external system sends the step in a flow an event starts: the outside world
/// may pace it slower than the event.
fn sent_from_outside(m: &Model, at: &At) -> bool {
    let from = &call(the(m, at)).from;
    m.communication.flows[at[0]].triggered_by.is_some()
        && m.externals.iter().any(|e| &e.name == from)
}

/// Whether the step before this one called its actor and names a reply: whether the actor
/// could answer before it.
fn answers_before(m: &Model, at: &At) -> bool {
    let steps = &m.communication.flows[at[0]].steps;
    let me = call(the(m, at));
    at[1] > 0 && {
        let prev = call(&steps[at[1] - 1]);
        prev.to == me.from && !prev.returns.is_empty()
    }
}

/// A call's action as the question shows it: with its reply after `->` when it has one.
fn action_line(m: &Model, at: &At) -> String {
    let c = call(the(m, at));
    if c.returns.is_empty() {
        c.action.clone()
    } else {
        format!("{} -> {}", c.action, c.returns)
    }
}

fn set_action_line(m: &mut Model, at: &At, line: String) {
    let (action, returns) = split_reply(&line);
    let c = call_mut(m, at);
    (c.action, c.returns) = (action, returns);
}

/// `action -> reply` split in two; no reply without the arrow.
fn split_reply(line: &str) -> (String, String) {
    match line.split_once("->") {
        Some((a, r)) => (a.trim().to_owned(), r.trim().to_owned()),
        None => (line.trim().to_owned(), String::new()),
    }
}

/// The flow step a question is about.
fn the<'a>(m: &'a Model, at: &At) -> &'a FlowStep {
    &m.communication.flows[at[0]].steps[at[1]]
}

const OTHER: &str = "Something else";
const NO_SAGA: &str = "no saga";
const BY_A_USER: &str = "a user";

/// The names of the gateways, in the model's order.
fn gateways(m: &Model) -> Vec<String> {
    m.services
        .iter()
        .filter(|s| s.kind == crate::model::ServiceKind::Gateway)
        .map(|s| s.name.clone())
        .collect()
}

//! The EventCatalog export: domains from bounded contexts, services with their owning teams,
//! events and commands with standalone payload schemas (JSON Schema, or the Avro record or
//! proto3 file the AsyncAPI message carries when the envelope says so), channels, flows, teams
//! and data stores,
//! each with an id unique in its collection, so the templates only lay them out.

use super::{EventView, FlowView, NodeRef, ServiceView};
use crate::text::names::{Namer, slug};
use serde::Serialize;
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Everything the EventCatalog templates render, one list per collection.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CatalogView {
    pub domains: Vec<Domain>,
    pub services: Vec<Service>,
    pub messages: Vec<Message>,
    pub channels: Vec<Channel>,
    pub flows: Vec<Flow>,
    pub teams: Vec<Team>,
    pub containers: Vec<Container>,
}

/// A bounded context.
#[derive(Debug, Clone, Serialize)]
pub struct Domain {
    pub id: String,
    pub name: String,
    pub owners: Vec<String>,
    /// Service ids.
    pub services: Vec<String>,
}

/// A service of the system.
#[derive(Debug, Clone, Serialize)]
pub struct Service {
    pub id: String,
    pub name: String,
    /// The API's major version as semver, e.g. `2.0.0` for `v2`.
    pub version: String,
    /// Its position in the view's `services`, whose `docs` name its contracts.
    pub index: usize,
    pub owners: Vec<String>,
    /// The domain id: none where the model names no bounded context for it.
    pub domain: Option<String>,
    pub sends: Vec<Pointer>,
    pub receives: Vec<Pointer>,
    /// Container ids.
    pub writes_to: Vec<String>,
}

/// A message a service sends or receives, and the channel it travels on.
#[derive(Debug, Clone, Serialize)]
pub struct Pointer {
    pub id: String,
    pub version: String,
    pub channel: Option<String>,
}

/// An event or a command.
#[derive(Debug, Clone, Serialize)]
pub struct Message {
    pub id: String,
    pub name: String,
    /// `events` or `commands`: the collection's folder.
    pub collection: &'static str,
    pub version: String,
    pub summary: String,
    pub owners: Vec<String>,
    pub producer: String,
    pub consumers: Vec<String>,
    pub channel: Option<String>,
    /// The payload as a standalone JSON Schema (2020-12), nested types under `$defs`.
    pub schema: Value,
    /// The schema file beside the page, in the envelope's schema format: `schema.json`,
    /// `schema.avsc` or `schema.proto`.
    pub schema_file: &'static str,
    /// What that file holds, for prose: `JSON Schema`, `Avro schema` or `proto3 file`.
    pub schema_label: &'static str,
    /// The Avro record the AsyncAPI message carries, under `schema_format: avro`.
    pub avro: Option<Value>,
    /// The proto3 file the AsyncAPI message carries, under `schema_format: protobuf`.
    pub proto: Option<String>,
    /// The example payload, as the AsyncAPI message's example (a value of the Avro record, or
    /// proto3's JSON mapping).
    pub example: Value,
}

/// A topic or queue on a broker.
#[derive(Debug, Clone, Serialize)]
pub struct Channel {
    pub id: String,
    pub address: String,
    pub broker: String,
    pub protocols: Vec<String>,
    /// `at-most-once`, `at-least-once` or `exactly-once`, where the broker says.
    pub delivery: Option<String>,
    pub owners: Vec<String>,
    /// Message names, in model order.
    pub messages: Vec<String>,
}

/// A flow as EventCatalog steps: the initiator, then each call or message, each pointing at
/// the steps that can follow it (several after a fork into branches).
#[derive(Debug, Clone, Serialize)]
pub struct Flow {
    pub id: String,
    pub name: String,
    pub summary: String,
    pub owners: Vec<String>,
    pub steps: Vec<FlowStep>,
}

/// One step: a service, a person or an external system, and the steps that can follow it.
#[derive(Debug, Clone, Serialize)]
pub struct FlowStep {
    pub id: usize,
    pub title: String,
    pub service: Option<String>,
    pub actor: Option<String>,
    pub external: Option<String>,
    pub next: Vec<NextStep>,
}

/// A step that can follow, with the condition of the branch it enters (empty when none).
#[derive(Debug, Clone, Serialize)]
pub struct NextStep {
    pub id: usize,
    pub label: String,
}

/// A team that owns services.
#[derive(Debug, Clone, Serialize)]
pub struct Team {
    pub id: String,
    pub name: String,
    /// Service names.
    pub services: Vec<String>,
}

/// A data store a service writes.
#[derive(Debug, Clone, Serialize)]
pub struct Container {
    pub id: String,
    pub name: String,
    pub kind: &'static str,
    pub technology: String,
    pub owners: Vec<String>,
    pub service: String,
}

/// The team id of services whose team the model does not name.
const NO_TEAM: &str = "unassigned";

/// Builds the catalog from the parts of the view it lays out.
/// The catalog of the system: teams, messages and their channels, services with their
/// domains and stores, and flows.
pub fn build(
    services: &[ServiceView],
    events: &[EventView],
    flows: &[FlowView],
    model_flows: &[crate::model::Flow],
    stores_of: &HashMap<String, Vec<NodeRef>>,
    broker_delivery: &HashMap<String, String>,
) -> CatalogView {
    let (teams, owners) = teams(services);
    let (messages, channels) = messages(events, &owners, broker_delivery);
    let parts = services_of(services, &messages, stores_of, &owners);
    let service_id: HashMap<&str, &str> = parts
        .services
        .iter()
        .map(|s| (s.name.as_str(), s.id.as_str()))
        .collect();
    let mut flow_ids = Namer::default();
    let out_flows = flows
        .iter()
        .zip(model_flows)
        .map(|(f, m)| Flow {
            id: flow_ids.unique(&f.slug, "-"),
            name: f.name.clone(),
            summary: if f.description.trim().is_empty() {
                format!("The {} flow, step by step.", f.name)
            } else {
                f.description.clone()
            },
            owners: owners.of(f.participants.iter().map(|p| p.name.as_str())),
            steps: flow_steps(f, m, &service_id),
        })
        .collect();
    CatalogView {
        domains: parts.domains,
        services: parts.services,
        messages,
        channels,
        flows: out_flows,
        teams,
        containers: parts.containers,
    }
}

/// The team id owning each service, by the service's name.
struct Owners<'s>(HashMap<&'s str, String>);

impl Owners<'_> {
    /// The ids of the teams owning the services `names`, each once, in order.
    fn of<'n>(&self, names: impl Iterator<Item = &'n str>) -> Vec<String> {
        names
            .filter_map(|n| self.0.get(n).cloned())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect()
    }
}

/// The teams, in the order their first service appears, and who owns each service; services
/// without a team belong to [`NO_TEAM`].
fn teams(services: &[ServiceView]) -> (Vec<Team>, Owners<'_>) {
    let mut team_ids = Namer::default();
    let mut team_of_name: BTreeMap<String, String> = BTreeMap::new();
    let mut teams: Vec<Team> = Vec::new();
    let mut owner_of: HashMap<&str, String> = HashMap::new();
    for s in services {
        let name = if s.team.trim().is_empty() {
            NO_TEAM
        } else {
            s.team.as_str()
        };
        let id = team_of_name
            .entry(name.to_owned())
            .or_insert_with(|| {
                let id = team_ids.unique(&slug(name, "team"), "-");
                teams.push(Team {
                    id: id.clone(),
                    name: name.to_owned(),
                    services: Vec::new(),
                });
                id
            })
            .clone();
        if let Some(t) = teams.iter_mut().find(|t| t.id == id) {
            t.services.push(s.node.name.clone());
        }
        owner_of.insert(s.node.name.as_str(), id);
    }
    (teams, Owners(owner_of))
}

/// A message per event, and a channel per broker and topic the events travel on, owned by
/// the teams that publish on it.
fn messages(
    events: &[EventView],
    owners: &Owners,
    broker_delivery: &HashMap<String, String>,
) -> (Vec<Message>, Vec<Channel>) {
    let mut message_ids = Namer::default();
    let mut channel_ids = Namer::default();
    let mut channels: Vec<Channel> = Vec::new();
    let mut messages: Vec<Message> = Vec::new();
    for e in events {
        let channel = e.broker.as_ref().map(|b| {
            match channels
                .iter_mut()
                .find(|c| c.address == e.topic && c.broker == b.name)
            {
                Some(c) => {
                    c.messages.push(e.name.clone());
                    c.id.clone()
                }
                None => {
                    let id = channel_ids.unique(&slug(&e.topic, "channel"), "-");
                    channels.push(channel(e, &b.name, &id, broker_delivery));
                    id
                }
            }
        });
        messages.push(message(e, owners, channel, &mut message_ids));
    }
    for c in &mut channels {
        let publishers = events
            .iter()
            .filter(|e| c.messages.contains(&e.name))
            .map(|e| e.publisher.as_str());
        c.owners = owners.of(publishers);
    }
    (messages, channels)
}

/// The channel `id` on broker `broker` that event `e` opens, before its owners are known.
fn channel(
    e: &EventView,
    broker: &str,
    id: &str,
    broker_delivery: &HashMap<String, String>,
) -> Channel {
    Channel {
        id: id.to_owned(),
        address: e.topic.clone(),
        broker: broker.to_owned(),
        protocols: e.broker_protocol.iter().cloned().collect(),
        delivery: broker_delivery
            .get(broker)
            .filter(|d| ["at-most-once", "at-least-once", "exactly-once"].contains(&d.as_str()))
            .cloned(),
        owners: Vec::new(),
        messages: vec![e.name.clone()],
    }
}

/// The message of event `e`, on `channel` when it has a broker.
fn message(e: &EventView, owners: &Owners, channel: Option<String>, ids: &mut Namer) -> Message {
    let (schema_file, schema_label, example) = match (&e.avro, &e.protobuf) {
        (Some(a), _) => ("schema.avsc", "Avro schema", a.example.clone()),
        (None, Some(p)) => ("schema.proto", "proto3 file", p.example.clone()),
        (None, None) => ("schema.json", "JSON Schema", e.example.clone()),
    };
    Message {
        id: ids.unique(&slug(&e.name, "message"), "-"),
        name: e.name.clone(),
        collection: if e.kind == "command" {
            "commands"
        } else {
            "events"
        },
        version: format!("{}.0.0", e.version.max(1)),
        summary: if e.description.trim().is_empty() {
            format!("{}, published by {}.", e.name, e.publisher)
        } else {
            e.description.clone()
        },
        owners: owners.of(std::iter::once(e.publisher.as_str())),
        producer: e.publisher.clone(),
        consumers: e.consumers.clone(),
        channel,
        schema: schema_of(e),
        schema_file,
        schema_label,
        avro: e.avro.as_ref().map(|a| a.schema.clone()),
        proto: e.protobuf.as_ref().map(|p| p.schema.clone()),
        example,
    }
}

/// The catalog's services with the domains they group into and the stores they write.
struct ServiceParts {
    services: Vec<Service>,
    domains: Vec<Domain>,
    containers: Vec<Container>,
}

/// Each service with its domain (one per bounded context the model names; a service with none
/// stands in no domain), the messages it sends and receives, and a container per store it
/// writes.
fn services_of(
    services: &[ServiceView],
    messages: &[Message],
    stores_of: &HashMap<String, Vec<NodeRef>>,
    owners: &Owners,
) -> ServiceParts {
    let mut container_ids = Namer::default();
    let mut service_ids = Namer::default();
    let mut domain_ids = Namer::default();
    let mut out = ServiceParts {
        services: Vec::new(),
        domains: Vec::new(),
        containers: Vec::new(),
    };
    let pointer = |name: &String| {
        messages.iter().find(|m| &m.name == name).map(|m| Pointer {
            id: m.id.clone(),
            version: m.version.clone(),
            channel: m.channel.clone(),
        })
    };
    for (index, s) in services.iter().enumerate() {
        let id = service_ids.unique(&s.node.slug, "-");
        let own = owners.of(std::iter::once(s.node.name.as_str()));
        let domain = (s.context_stated)
            .then(|| domain_of(&mut out.domains, &mut domain_ids, &s.context, &id));
        let writes_to = stores_of
            .get(&s.node.name)
            .into_iter()
            .flatten()
            .map(|n| {
                let c = store_container(s, n, &own, &mut container_ids);
                let cid = c.id.clone();
                out.containers.push(c);
                cid
            })
            .collect();
        out.services.push(Service {
            id,
            name: s.node.name.clone(),
            version: format!("{}.0.0", major(&s.api.version)),
            index,
            owners: own,
            domain,
            sends: s.publishes.iter().filter_map(pointer).collect(),
            receives: s.consumes.iter().filter_map(pointer).collect(),
            writes_to,
        });
    }
    for d in &mut out.domains {
        let names = out
            .services
            .iter()
            .filter(|s| s.domain.as_ref() == Some(&d.id))
            .map(|s| s.name.as_str());
        d.owners = owners.of(names);
    }
    out
}

/// The id of the domain of bounded context `context`, opened with service `service` as its
/// first, or joined by it.
fn domain_of(domains: &mut Vec<Domain>, ids: &mut Namer, context: &str, service: &str) -> String {
    if let Some(d) = domains.iter_mut().find(|d| d.name == context) {
        d.services.push(service.to_owned());
        return d.id.clone();
    }
    let id = ids.unique(&slug(context, "domain"), "-");
    domains.push(Domain {
        id: id.clone(),
        name: context.to_owned(),
        owners: Vec::new(),
        services: vec![service.to_owned()],
    });
    id
}

/// The container of store `n` that service `s` writes, owned as the service is.
fn store_container(s: &ServiceView, n: &NodeRef, own: &[String], ids: &mut Namer) -> Container {
    Container {
        id: ids.unique(&slug(&format!("{} {}", s.node.name, n.name), "store"), "-"),
        name: if n.name == s.node.name {
            format!("{} store", n.name)
        } else {
            format!("{} {}", s.node.name, n.name)
        },
        kind: container_kind(&n.label),
        technology: n.label.clone(),
        owners: own.to_vec(),
        service: s.node.name.clone(),
    }
}

/// The flow's initiator, then each step's receiver, each titled with its action (and the
/// conditions of the branches around it), one after the other.
fn flow_steps(
    f: &FlowView,
    m: &crate::model::Flow,
    service_id: &HashMap<&str, &str>,
) -> Vec<FlowStep> {
    let Some(first) = f.steps.first() else {
        return Vec::new();
    };
    let mut out = vec![step(
        0,
        &first.from,
        format!("{} starts", first.from.name),
        service_id,
    )];
    for s in &f.steps {
        let guard = if s.guards.is_empty() {
            String::new()
        } else {
            format!("[{}] ", s.guards.join(", "))
        };
        let title = format!("{}. {guard}{}", s.number, s.action);
        out.push(step(out.len(), &s.to, title, service_id));
    }
    for (s, next) in out.iter_mut().zip(crate::derive::flow_graph::successors(m)) {
        s.next = next
            .into_iter()
            .map(|n| NextStep {
                id: n.step,
                label: n.label,
            })
            .collect();
    }
    out
}

fn step(id: usize, node: &NodeRef, title: String, service_id: &HashMap<&str, &str>) -> FlowStep {
    let service = service_id.get(node.name.as_str()).map(|s| (*s).to_owned());
    let external = (service.is_none() && node.kind == "external").then(|| node.name.clone());
    let actor = (service.is_none() && external.is_none()).then(|| node.name.clone());
    FlowStep {
        id,
        title,
        service,
        actor,
        external,
        next: Vec::new(),
    }
}

/// The first number in an API version such as `v2` or `2024-01`, else 1.
fn major(version: &str) -> u64 {
    version
        .split(|c: char| !c.is_ascii_digit())
        .find(|d| !d.is_empty())
        .and_then(|d| d.parse().ok())
        .unwrap_or(1)
}

/// EventCatalog's container type for a store's technology.
fn container_kind(technology: &str) -> &'static str {
    let t = technology.to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| t.contains(w));
    if has(&["redis", "memcache", "valkey", "dragonfly"]) {
        "cache"
    } else if has(&[
        "elasticsearch",
        "opensearch",
        "solr",
        "meilisearch",
        "typesense",
    ]) {
        "searchIndex"
    } else if has(&["s3", "blob", "object", "gcs", "minio"]) {
        "objectStore"
    } else if has(&["bigquery", "snowflake", "redshift", "clickhouse"]) {
        "dataWarehouse"
    } else {
        "database"
    }
}

/// The payload of `e` as a standalone JSON Schema: its fields, the resources nested in it and
/// `Money` under `$defs`, with the AsyncAPI components' references pointed there.
fn schema_of(e: &EventView) -> Value {
    let mut properties = Map::new();
    let mut required = Vec::new();
    for f in &e.fields {
        properties.insert(f.snake.clone(), f.schema.clone());
        if f.required {
            required.push(Value::String(f.snake.clone()));
        }
    }
    let mut defs = Map::new();
    for n in &e.nested {
        defs.insert(n.name.clone(), n.schema.clone());
    }
    let mut schema = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": e.pascal,
        "description": format!("The payload of {}.", e.name),
        "type": "object",
        "properties": properties,
    });
    if !required.is_empty() {
        schema["required"] = Value::Array(required);
    }
    let money = e.fields.iter().any(|f| f.ty == "money") || e.nested.iter().any(|n| n.money);
    if money {
        defs.insert(
            "Money".into(),
            json!({
                "type": "object",
                "description": "An amount of money; the amount is a decimal string so that no precision is lost.",
                "required": ["amount", "currency"],
                "properties": {
                    "amount": {"type": "string", "pattern": "^-?[0-9]+(\\.[0-9]+)?$"},
                    "currency": {"type": "string", "pattern": "^[A-Z]{3}$"}
                }
            }),
        );
    }
    if !defs.is_empty() {
        schema["$defs"] = Value::Object(defs);
    }
    point_refs_at_defs(&mut schema);
    schema
}

/// Rewrites every `$ref` to an AsyncAPI component into one to the schema's own `$defs`.
fn point_refs_at_defs(v: &mut Value) {
    match v {
        Value::Object(map) => {
            for (k, x) in map.iter_mut() {
                match x {
                    Value::String(r) if k == "$ref" => {
                        if let Some(name) = r.strip_prefix("#/components/schemas/") {
                            *r = format!("#/$defs/{name}");
                        }
                    }
                    _ => point_refs_at_defs(x),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(point_refs_at_defs),
        _ => {}
    }
}

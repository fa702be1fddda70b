//! Published events with their topic, broker, publisher and consumers.

use super::examples::Ctx;
use super::fields::{FieldView, field_view};
use super::names::{self, Namer};
use super::nodes::{NodeRef, Nodes};
use crate::model::{FieldType, Model};
use serde::Serialize;
use serde_json::Value;

/// A published event.
#[derive(Debug, Clone, Serialize)]
pub struct EventView {
    /// Name from the model.
    pub name: String,
    /// Message type name, unique in the system, e.g. `OrderPlaced`.
    pub pascal: String,
    /// Channel or operation id stem, unique, e.g. `orderPlaced`.
    pub camel: String,
    /// The topic or queue.
    pub topic: String,
    /// Description.
    pub description: String,
    /// Payload fields.
    pub fields: Vec<FieldView>,
    /// The partition key field's JSON name, if any.
    pub key: Option<String>,
    /// Publishing service's name.
    pub publisher: String,
    /// Consuming components' names.
    pub consumers: Vec<String>,
    /// The broker it travels through, if any.
    pub broker: Option<NodeRef>,
    /// Example payload.
    pub example: Value,
}

pub(super) fn build(model: &Model, nodes: &Nodes) -> Vec<EventView> {
    let mut types = Namer::reserving(["Money", "Problem"]);
    let mut ids = Namer::default();
    let date = model.date.clone().unwrap_or_else(|| "2025-01-15".into());
    let mut out = Vec::new();
    for s in &model.services {
        for e in &s.publishes {
            let pascal = types.unique(&names::pascal(&e.name, "Event"), "");
            let camel = ids.unique(&names::camel(&pascal, "event"), "");
            let ctx = Ctx {
                owner: &pascal,
                date: &date,
            };
            let mut field_names = Namer::default();
            let mut enum_names = types.clone();
            let fields: Vec<FieldView> = e
                .fields
                .iter()
                .map(|f| {
                    // Events carry ids, not objects: a ref is the referenced id.
                    let mut f = f.clone();
                    if f.ty == FieldType::Ref {
                        f.ty = FieldType::Uuid;
                        f.to = None;
                    }
                    field_view(
                        &f,
                        &pascal,
                        &mut field_names,
                        &mut enum_names,
                        &ctx,
                        &|_| Value::Null,
                        &|_| String::new(),
                        &|_| FieldType::Uuid,
                    )
                })
                .collect();
            types = enum_names;
            let key = e
                .key
                .as_ref()
                .and_then(|k| e.fields.iter().position(|f| &f.name == k))
                .map(|i| fields[i].snake.clone());
            let consumers: Vec<String> = model
                .services
                .iter()
                .filter(|c| c.consumes.contains(&e.name))
                .map(|c| c.name.clone())
                .chain(
                    model
                        .communication
                        .links
                        .iter()
                        .filter(|l| {
                            l.from == s.name
                                && l.events.contains(&e.name)
                                && !nodes.brokers.iter().any(|b| b.name == l.to)
                        })
                        .map(|l| l.to.clone()),
                )
                .fold(Vec::new(), |mut acc, c| {
                    if !acc.contains(&c) {
                        acc.push(c);
                    }
                    acc
                });
            let broker = model
                .communication
                .links
                .iter()
                .filter(|l| l.from == s.name && l.events.contains(&e.name))
                .find_map(|l| {
                    l.broker.clone().or_else(|| {
                        nodes
                            .brokers
                            .iter()
                            .find(|b| b.name == l.to)
                            .map(|b| b.name.clone())
                    })
                })
                .or_else(|| model.communication.brokers.first().map(|b| b.name.clone()))
                .map(|b| nodes.get(&b));
            let example = Value::Object(
                fields
                    .iter()
                    .map(|f| (f.snake.clone(), f.example.clone()))
                    .collect(),
            );
            out.push(EventView {
                name: e.name.clone(),
                topic: e.topic.clone().unwrap_or_else(|| {
                    format!(
                        "{}.{}",
                        nodes.get(&s.name).slug,
                        names::slug(&e.name, "event")
                    )
                }),
                description: e.description.clone(),
                publisher: s.name.clone(),
                pascal,
                camel,
                fields,
                key,
                consumers,
                broker,
                example,
            });
        }
    }
    out
}

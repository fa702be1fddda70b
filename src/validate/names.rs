//! Names in a model: required, unique where they identify something, and every reference
//! pointing at something that exists.

use super::{Issues, fields};
use crate::model::Model;
use std::collections::HashMap;

pub(super) fn check(model: &Model, issues: &mut Issues) {
    nodes(model, issues);
    super::apis::check(model, issues);
    super::communication::events(model, issues);
    super::communication::check(model, issues);
    super::sections::check(model, issues);
    super::decisions::check(model, issues);
}

/// Names that links and flows may point at: services, clients, externals and brokers.
pub(crate) fn node_names(model: &Model) -> Vec<&str> {
    let c = &model.communication;
    model
        .services
        .iter()
        .map(|s| s.name.as_str())
        .chain(model.clients.iter().map(|c| c.name.as_str()))
        .chain(model.externals.iter().map(|e| e.name.as_str()))
        .chain(c.brokers.iter().map(|b| b.name.as_str()))
        .collect()
}

/// Reports blank and duplicate names among `(pointer, name)`.
pub(super) fn unique_names<'a>(
    items: impl IntoIterator<Item = (String, &'a str)>,
    what: &str,
    issues: &mut Issues,
) {
    let mut seen: HashMap<&str, String> = HashMap::new();
    for (pointer, name) in items {
        if name.trim().is_empty() {
            issues.push(
                pointer,
                format!("a {what} has an empty name"),
                Some("give it a name".into()),
            );
        } else if let Some(first) = seen.get(name) {
            issues.push_related(
                pointer,
                format!("{what} name `{name}` is used twice"),
                "rename one of them",
                first.clone(),
            );
        } else {
            seen.insert(name, pointer);
        }
    }
}

/// Every published event name, in model order.
pub(crate) fn event_names(model: &Model) -> Vec<&str> {
    model
        .services
        .iter()
        .flat_map(|s| s.publishes.iter().map(|e| e.name.as_str()))
        .collect()
}

fn nodes(model: &Model, issues: &mut Issues) {
    let c = &model.communication;
    let all = model
        .services
        .iter()
        .enumerate()
        .map(|(i, s)| (format!("/services/{i}/name"), s.name.as_str()))
        .chain(
            model
                .clients
                .iter()
                .enumerate()
                .map(|(i, s)| (format!("/clients/{i}/name"), s.name.as_str())),
        )
        .chain(
            model
                .externals
                .iter()
                .enumerate()
                .map(|(i, s)| (format!("/externals/{i}/name"), s.name.as_str())),
        )
        .chain(
            c.brokers
                .iter()
                .enumerate()
                .map(|(i, s)| (format!("/communication/brokers/{i}/name"), s.name.as_str())),
        );
    unique_names(all, "component", issues);
    let clients: Vec<&str> = model.clients.iter().map(|c| c.name.as_str()).collect();
    for (i, s) in model.services.iter().enumerate() {
        issues.check(
            format!("/services/{i}/responsibility"),
            &format!("service `{}`: `responsibility`", s.name),
            fields::non_blank(&s.responsibility),
        );
        for (j, client) in s.serves.iter().enumerate() {
            issues.check(
                format!("/services/{i}/serves/{j}"),
                &format!("service `{}` serves", s.name),
                fields::reference(client, clients.iter().copied(), "client"),
            );
        }
        for (j, d) in s.data.iter().enumerate() {
            issues.check(
                format!("/services/{i}/data/{j}/name"),
                "a data store's `name`",
                fields::non_blank(&d.name),
            );
            issues.check(
                format!("/services/{i}/data/{j}/store"),
                "a data store's `store`",
                fields::non_blank(&d.store),
            );
        }
    }
}

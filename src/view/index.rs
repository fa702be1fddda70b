//! Lookups templates would otherwise do by scanning every link or event for every service:
//! links by the component at either end, events by name, brokers by who uses them. With them a
//! document about 500 services takes one pass, not 500.

use super::events::EventView;
use super::links::LinkView;
use super::nodes::Nodes;
use super::services::ServiceView;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// Indexes into the view's lists, keyed by name. Every component name is a key of every
/// per-component map, so a lookup never fails.
#[derive(Debug, Clone, Default, Serialize)]
pub struct IndexView {
    /// Event index in `events`, by event name.
    pub events: BTreeMap<String, usize>,
    /// Service index in `services`, by name.
    pub services: BTreeMap<String, usize>,
    /// Indexes in `links` of every link from a component.
    pub links_from: BTreeMap<String, Vec<usize>>,
    /// Indexes in `links` of every link to a component.
    pub links_to: BTreeMap<String, Vec<usize>>,
    /// Indexes in `links` of synchronous links from a component.
    pub sync_from: BTreeMap<String, Vec<usize>>,
    /// Indexes in `links` of synchronous links to a component.
    pub sync_to: BTreeMap<String, Vec<usize>>,
    /// Brokers each service publishes to or consumes from, once each, in event order.
    pub service_brokers: BTreeMap<String, Vec<String>>,
    /// Services that use each broker: the publishers and consumers of the events it carries,
    /// and the services its links and flow steps connect it to (as recovery.md counts them).
    pub broker_users: BTreeMap<String, Vec<String>>,
    /// Names of events some asynchronous webhook link carries.
    pub webhook_events: Vec<String>,
    /// Bounded contexts of business services (and of any service whose context is not just its
    /// name), in order of first appearance, with their services' names.
    pub contexts: Vec<Group>,
    /// Owning teams in order of first appearance, with their services' names.
    pub teams: Vec<Group>,
    /// `[outer, inner]` link indexes where a caller's timeout is shorter than its callee's own
    /// worst case on a further synchronous call (the callee keeps retrying for nobody).
    pub nested_calls: Vec<[usize; 2]>,
}

/// A named group of services.
#[derive(Debug, Clone, Serialize)]
pub struct Group {
    /// The context's or team's name.
    pub name: String,
    /// Its services' names, in service order.
    pub services: Vec<String>,
}

/// `(key, item)` pairs grouped by key: keys in order of first appearance, each with its items
/// in order. The graph's context groups and the index's contexts and teams all group this way.
pub(super) fn group_by<'a, T>(pairs: impl Iterator<Item = (&'a str, T)>) -> Vec<(&'a str, Vec<T>)> {
    let mut out: Vec<(&str, Vec<T>)> = Vec::new();
    let mut at: HashMap<&str, usize> = HashMap::new();
    for (key, item) in pairs {
        let i = *at.entry(key).or_insert_with(|| {
            out.push((key, Vec::new()));
            out.len() - 1
        });
        out[i].1.push(item);
    }
    out
}

/// Services' names grouped by `key`, for [`IndexView::contexts`] and [`IndexView::teams`].
fn groups<'a>(
    services: impl Iterator<Item = &'a ServiceView>,
    key: fn(&ServiceView) -> &str,
) -> Vec<Group> {
    group_by(services.map(|s| (key(s), s.node.name.clone())))
        .into_iter()
        .map(|(name, services)| Group {
            name: name.to_owned(),
            services,
        })
        .collect()
}

/// Fills `broker_users` with the services using each broker (an existing system's connector
/// for the system), as recovery.md counts them
/// ([`crate::derive::failures::broker_users`]).
pub(super) fn broker_users(model: &crate::model::Model, ix: &mut IndexView) {
    for b in &model.communication.brokers {
        let users = crate::derive::failures::broker_users(model, &b.name).all;
        // An existing system's connector, not the system, uses the broker.
        let services: Vec<String> = users
            .into_iter()
            .filter(|u| model.services.iter().any(|s| &s.name == u))
            .filter_map(|u| crate::derive::capture::user(model, &u))
            .collect();
        ix.broker_users.insert(b.name.clone(), services);
    }
}

pub(super) fn build(
    services: &[ServiceView],
    nodes: &Nodes,
    links: &[LinkView],
    events: &[EventView],
) -> IndexView {
    let mut ix = IndexView::default();
    // Services, clients, externals and brokers, the components links join; the maps sort
    // their keys, so the order of `by_name` does not matter.
    for name in nodes.by_name.keys() {
        for map in [
            &mut ix.links_from,
            &mut ix.links_to,
            &mut ix.sync_from,
            &mut ix.sync_to,
        ] {
            map.insert(name.clone(), Vec::new());
        }
    }
    for (i, s) in services.iter().enumerate() {
        ix.services.insert(s.node.name.clone(), i);
    }
    for (i, e) in events.iter().enumerate() {
        ix.events.entry(e.name.clone()).or_insert(i);
    }
    for (i, l) in links.iter().enumerate() {
        ix.links_from
            .entry(l.from.name.clone())
            .or_default()
            .push(i);
        ix.links_to.entry(l.to.name.clone()).or_default().push(i);
        if l.style == "sync" {
            ix.sync_from.entry(l.from.name.clone()).or_default().push(i);
            ix.sync_to.entry(l.to.name.clone()).or_default().push(i);
        } else if l.protocol.to_lowercase().contains("webhook") {
            for e in &l.events {
                if !ix.webhook_events.contains(e) {
                    ix.webhook_events.push(e.clone());
                }
            }
        }
    }
    ix.service_brokers = service_brokers(services, events);
    ix.contexts = groups(
        services
            .iter()
            .filter(|s| s.node.kind == "service" || s.context != s.node.name),
        |s| &s.context,
    );
    ix.teams = groups(services.iter().filter(|s| !s.team.is_empty()), |s| &s.team);
    for (a, outer) in links.iter().enumerate() {
        let Some(op) = outer
            .policy
            .as_ref()
            .filter(|_| outer.style == "sync" && outer.from.kind != "client")
        else {
            continue;
        };
        for &b in &ix.sync_from[&outer.to.name] {
            let inner = &links[b];
            if let Some(ip) = &inner.policy {
                if !inner.background && ip.worst_case_ms > u64::from(op.timeout_ms) {
                    ix.nested_calls.push([a, b]);
                }
            }
        }
    }
    ix
}

/// [`IndexView::service_brokers`] in one pass over the events: each event's broker goes to its
/// publisher and to every service that consumes it, so each service's list is in event order.
fn service_brokers(
    services: &[ServiceView],
    events: &[EventView],
) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = services
        .iter()
        .map(|s| (s.node.name.clone(), Vec::new()))
        .collect();
    let mut consumers: HashMap<&str, Vec<&str>> = HashMap::new();
    for s in services {
        for e in &s.consumes {
            consumers.entry(e).or_default().push(&s.node.name);
        }
    }
    for e in events {
        let Some(b) = &e.broker else { continue };
        let consumed_by = consumers.get(e.name.as_str()).into_iter().flatten();
        for user in std::iter::once(&e.publisher.as_str()).chain(consumed_by) {
            if let Some(used) = out.get_mut(*user) {
                if !used.contains(&b.name) {
                    used.push(b.name.clone());
                }
            }
        }
    }
    out
}

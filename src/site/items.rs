//! A page per service and per event, and a page listing each: the facts the view holds (who
//! owns it, its contracts, what it publishes and consumes), then every section the documents
//! give it, each with a link back to where it stands.

use super::paths::{Map, relative};
use super::sections::Section;
use crate::text::escape::html;
use crate::view::{EventView, ServiceView};
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

/// The site paths of the services' and events' pages, by name.
#[derive(Debug, Default)]
pub struct Places {
    pub services: HashMap<String, String>,
    pub events: HashMap<String, String>,
}

/// What a page body needs besides its item.
pub struct Context<'a> {
    pub map: &'a Map,
    pub places: &'a Places,
    pub sections: &'a HashMap<String, Vec<Section>>,
    /// Each document's title, by source path.
    pub titles: &'a BTreeMap<String, String>,
}

impl Context<'_> {
    /// A link from `page` to the page of `name` in `places`, or its name alone.
    fn item(&self, page: &str, places: &HashMap<String, String>, name: &str) -> String {
        match places.get(name) {
            Some(to) => format!(
                "<a href=\"{}\">{}</a>",
                html(&relative(page, to)),
                html(name)
            ),
            None => html(name),
        }
    }

    fn items(&self, page: &str, places: &HashMap<String, String>, names: &[String]) -> String {
        let links: Vec<String> = names.iter().map(|n| self.item(page, places, n)).collect();
        if links.is_empty() {
            "none".into()
        } else {
            links.join(", ")
        }
    }

    /// Every section the documents give `name`, headed by a link to where it stands.
    fn sections(&self, page: &str, name: &str, out: &mut String) {
        for s in self.sections.get(name).into_iter().flatten() {
            let doc = self
                .titles
                .get(&s.source)
                .map_or(s.source.as_str(), String::as_str);
            let to = self.map.rewrite(&s.source, page, &format!("#{}", s.anchor));
            let _ = writeln!(
                out,
                "<section>\n<h2>In <a href=\"{}\">{}</a></h2>",
                html(&to),
                html(doc)
            );
            out.push_str(&super::html::body(&s.markdown, |u| {
                self.map.rewrite(&s.source, page, u)
            }));
            out.push_str("</section>\n");
        }
    }
}

/// A table of facts, `(label, HTML)` per row.
fn facts(rows: &[(&str, String)], out: &mut String) {
    out.push_str("<table class=\"facts\">\n<tbody>\n");
    for (label, value) in rows {
        let _ = writeln!(
            out,
            "<tr><th scope=\"row\">{label}</th><td>{value}</td></tr>"
        );
    }
    out.push_str("</tbody>\n</table>\n");
}

/// The page of a service.
pub fn service(cx: &Context, page: &str, s: &ServiceView) -> String {
    let mut out = format!(
        "<h1>{}</h1>\n<p>{}</p>\n",
        html(&s.node.name),
        html(&s.responsibility)
    );
    let contracts: Vec<String> = s
        .docs
        .iter()
        .filter(|(_, path)| cx.map.by_source.contains_key(path.as_str()))
        .map(|(kind, path)| {
            let to = cx.map.rewrite("", page, path);
            format!(
                "<a href=\"{}\">{}</a>",
                html(&to),
                html(contract_label(kind))
            )
        })
        .collect();
    let contracts = if contracts.is_empty() {
        "none".into()
    } else {
        contracts.join(", ")
    };
    facts(
        &[
            ("Kind", html(&s.node.label)),
            ("Bounded context", html(&s.context)),
            ("Team", html(&s.team)),
            ("Stack", html(&s.stack)),
            ("API", html(&s.api.style_label)),
            ("Contracts", contracts),
            ("Publishes", cx.items(page, &cx.places.events, &s.publishes)),
            ("Consumes", cx.items(page, &cx.places.events, &s.consumes)),
            ("Calls", cx.items(page, &cx.places.services, &s.calls)),
            (
                "Called by",
                cx.items(page, &cx.places.services, &s.called_by),
            ),
        ],
        &mut out,
    );
    cx.sections(page, &s.node.name, &mut out);
    out
}

/// What a contract file is, by its key in a service's `docs`.
fn contract_label(kind: &str) -> &str {
    match kind {
        "openapi" => "OpenAPI",
        "asyncapi" => "AsyncAPI",
        "proto" => "Protocol Buffers",
        "graphql" => "GraphQL schema",
        other => other,
    }
}

/// The page of an event or command.
pub fn event(cx: &Context, page: &str, e: &EventView, asyncapi: Option<&str>) -> String {
    let mut out = format!(
        "<h1>{}</h1>\n<p>{}</p>\n",
        html(&e.name),
        html(&e.description)
    );
    let schema = match asyncapi.filter(|p| cx.map.by_source.contains_key(*p)) {
        Some(path) => format!(
            "<a href=\"{}\">AsyncAPI</a>",
            html(&cx.map.rewrite("", page, path))
        ),
        None => "none".into(),
    };
    facts(
        &[
            ("Kind", html(&e.kind)),
            ("Version", e.version.to_string()),
            (
                "Topic",
                format!(
                    "<code>{}</code>",
                    html(e.address.as_deref().unwrap_or(&e.topic))
                ),
            ),
            (
                "Key",
                e.key
                    .as_deref()
                    .map_or("none".into(), |k| format!("<code>{}</code>", html(k))),
            ),
            (
                "Broker",
                e.broker.as_ref().map_or("none".into(), |b| html(&b.name)),
            ),
            (
                "Publisher",
                cx.item(page, &cx.places.services, &e.publisher),
            ),
            (
                "Consumers",
                cx.items(page, &cx.places.services, &e.consumers),
            ),
            ("Contract", schema),
        ],
        &mut out,
    );
    if !e.fields.is_empty() {
        out.push_str("<h2>Fields</h2>\n<table>\n<thead><tr><th>Field</th><th>Type</th><th>Required</th><th>Description</th></tr></thead>\n<tbody>\n");
        for f in &e.fields {
            let ty = if f.list {
                format!("list of {}", f.ty)
            } else {
                f.ty.clone()
            };
            let _ = writeln!(
                out,
                "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td></tr>",
                html(&f.name),
                html(&ty),
                if f.required { "yes" } else { "no" },
                html(&f.description)
            );
        }
        out.push_str("</tbody>\n</table>\n");
    }
    cx.sections(page, &e.name, &mut out);
    out
}

/// The page listing every service.
pub fn services(cx: &Context, page: &str, services: &[ServiceView]) -> String {
    let mut out = String::from(
        "<h1>Services</h1>\n<table>\n<thead><tr><th>Service</th><th>Kind</th><th>Bounded context</th><th>Team</th><th>Responsibility</th></tr></thead>\n<tbody>\n",
    );
    for s in services {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            cx.item(page, &cx.places.services, &s.node.name),
            html(&s.node.label),
            html(&s.context),
            html(&s.team),
            html(&s.responsibility)
        );
    }
    out.push_str("</tbody>\n</table>\n");
    out
}

/// The page listing every event and command.
pub fn events(cx: &Context, page: &str, events: &[EventView]) -> String {
    let mut out = String::from(
        "<h1>Events</h1>\n<table>\n<thead><tr><th>Event</th><th>Kind</th><th>Publisher</th><th>Consumers</th><th>Description</th></tr></thead>\n<tbody>\n",
    );
    for e in events {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            cx.item(page, &cx.places.events, &e.name),
            html(&e.kind),
            cx.item(page, &cx.places.services, &e.publisher),
            cx.items(page, &cx.places.services, &e.consumers),
            html(&e.description)
        );
    }
    out.push_str("</tbody>\n</table>\n");
    out
}

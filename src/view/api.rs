//! A service's API as contract templates need it: its style, version, paths prefix, server,
//! package name and the types it uses, over the resources of [`super::resources`].

use super::access::ExtraScheme;
use super::actions;
use super::events::{EventView, UrlParts, WebhookPolicy, url_parts, webhook_policy};
use super::fields::EnumView;
use super::nodes::NodeRef;
use super::resources::{ResourceView, resources};
use super::security::AuthView;
use crate::defaults;
use crate::model::{ApiStyle, Model, Service, Versioning};
use crate::text::names;
use serde::Serialize;
use std::collections::BTreeMap;

/// A service's API.
#[derive(Debug, Clone, Serialize)]
pub struct ApiView {
    /// `rest`, `graphql`, `grpc`, `websocket`, `sse`, `webhooks` or `none`.
    pub style: String,
    /// The style in prose, e.g. `REST (OpenAPI 3.1)`.
    pub style_label: String,
    /// Major version, e.g. `v1`.
    pub version: String,
    /// `url`, `header` or `media-type`.
    pub versioning: String,
    /// `cursor` or `offset`.
    pub pagination: String,
    /// Server URL: the model's base URL, or a path on the gateway.
    pub server_url: String,
    /// Path prefix: `/v1` for URL versioning, empty otherwise.
    pub prefix: String,
    /// `Orders API`.
    pub title: String,
    /// The service as a type name, e.g. `Orders`.
    pub pascal: String,
    /// Protocol Buffers package, e.g. `orders.v1`.
    pub package: String,
    /// Resources.
    pub resources: Vec<ResourceView>,
    /// The policies (`security.authorization.policies`) that narrow one of its operations.
    pub policies: Vec<crate::model::Policy>,
    /// Enums declared by resource fields, for GraphQL and Protocol Buffers.
    pub enums: Vec<EnumView>,
    /// Whether any resource offers `subscribe`.
    pub has_subscriptions: bool,
    /// Whether any field is money, date, datetime or JSON (GraphQL scalars, shared schemas).
    pub uses: Uses,
    /// Operations in all.
    pub operation_count: usize,
    /// Events the service publishes (webhook deliveries, AsyncAPI).
    pub events: Vec<EventView>,
    /// The schema and message name of every event the service publishes or consumes, by event
    /// name: its `pascal` unless a type of this API took it (AsyncAPI and webhook contracts
    /// share one namespace).
    pub event_types: BTreeMap<String, String>,
    /// The key of each channel of its AsyncAPI file, by address (see [`super::channels::ids`]).
    pub channel_ids: BTreeMap<String, String>,
    /// The server URL split, when it is absolute (`wss://rt.shop.example/v1`).
    pub server: Option<UrlParts>,
    /// Security schemes its access rules need beyond `security.authentication`.
    pub extra_schemes: Vec<ExtraScheme>,
    /// How webhook deliveries of its events are retried.
    pub webhook: WebhookPolicy,
    /// The nested schemas of the events it publishes or consumes, each once.
    pub event_nested: Vec<super::events::NestedSchema>,
    /// Webhooks it receives from external systems.
    pub receivers: Vec<super::receivers::ReceiverView>,
    /// The operations that take the idempotency key; filled in by `keyed` once the retried
    /// writes are known.
    pub keyed: super::keyed::Keyed,
}

/// Which shared types an API needs.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Uses {
    /// Money fields.
    pub money: bool,
    /// Datetime fields.
    pub datetime: bool,
    /// Date fields.
    pub date: bool,
    /// JSON fields.
    pub json: bool,
}

/// Where the API is served: its `base_url`, else the service's path.
fn server_url(s: &Service, node: &NodeRef) -> String {
    let own = s.api.base_url.clone();
    own.unwrap_or_else(|| format!("/{}", node.slug))
}

/// The version as a Protocol Buffers package segment, e.g. `v1` (a leading digit gets a `v`).
fn version_segment(version: &str) -> String {
    let seg = names::snake(version, "v1");
    match seg.strip_prefix("x_") {
        Some(rest) => format!("v{rest}"),
        None => seg,
    }
}

/// The enum types of the resources' and actions' fields, and the shared types they use.
fn uses(resources: &[super::resources::ResourceView]) -> (Vec<super::fields::EnumView>, Uses) {
    let all_fields = || {
        resources.iter().flat_map(|r| {
            r.fields
                .iter()
                .chain(r.actions.iter().flat_map(|a| a.fields.iter()))
        })
    };
    let has_ty = |ty: &str| all_fields().any(|f| f.ty == ty);
    let uses = Uses {
        money: has_ty("money"),
        datetime: has_ty("datetime"),
        date: has_ty("date"),
        // An object nesting a type of its own is that type's message, not free JSON.
        json: all_fields().any(|f| f.proto_type.ends_with("google.protobuf.Struct")),
    };
    (
        all_fields().filter_map(|f| f.enum_type.clone()).collect(),
        uses,
    )
}

/// The schemas nested in the events `s` publishes or consumes, each once.
fn event_nested(s: &Service, events: &[EventView]) -> Vec<super::events::NestedSchema> {
    let mut out: Vec<super::events::NestedSchema> = Vec::new();
    for n in events
        .iter()
        .filter(|e| e.publisher == s.name || s.consumes.contains(&e.name))
        .flat_map(|e| &e.nested)
    {
        if !out.iter().any(|x| x.name == n.name) {
            out.push(n.clone());
        }
    }
    out
}

/// Fills in what the resources' operations need from the rest of the model: their actions,
/// access and problems, and whether each holds personal data.
fn enrich(
    model: &Model,
    s: &Service,
    resources: &mut [ResourceView],
    types: &mut crate::view::names::Namer,
    auth: &[AuthView],
    (server_url, date): (&str, &str),
) {
    actions::enrich(
        resources,
        &s.api,
        auth,
        &model.security.authorization.roles,
        types,
        server_url,
        date,
    );
    let authz = &model.security.authorization;
    for (v, r) in resources.iter_mut().zip(&s.api.resources) {
        v.personal = (r.fields.iter()).any(|f| super::compliance::personal(model, f));
        let accesses = (v.operations.iter_mut().map(|o| &mut o.access))
            .chain(v.actions.iter_mut().map(|a| &mut a.access));
        for access in accesses {
            super::access::narrow(access, &authz.roles, &authz.policies);
        }
    }
}

/// The policies that narrow at least one of the API's operations, in the model's order.
fn policies(model: &Model, resources: &[ResourceView]) -> Vec<crate::model::Policy> {
    let named = |name: &str| {
        resources.iter().any(|r| {
            (r.operations.iter().map(|o| &o.access))
                .chain(r.actions.iter().map(|a| &a.access))
                .any(|a| a.policies.iter().any(|p| p.policy == name))
        })
    };
    (model.security.authorization.policies.iter())
        .filter(|p| named(&p.name))
        .cloned()
        .collect()
}

pub(super) fn build(
    model: &Model,
    s: &Service,
    node: &NodeRef,
    events: &[EventView],
    auth: &[AuthView],
) -> ApiView {
    let style = defaults::api_style(s.kind, s.api.style);
    let version = s.api.version.clone().unwrap_or_else(|| "v1".into());
    let prefix = if s.api.versioning == Versioning::Url && style != ApiStyle::Grpc {
        format!("/{}", names::slug(&version, "v1"))
    } else {
        String::new()
    };
    let pascal = names::pascal(&s.name, "Service");
    let date = model.date.clone().unwrap_or_else(|| "2025-01-15".into());
    let (mut resources, mut types) = resources(
        &s.api.resources,
        &prefix,
        s.api.pagination,
        &date,
        &format!("{pascal}Service"),
    );
    let server_url = server_url(s, node);
    let at = (server_url.as_str(), date.as_str());
    enrich(model, s, &mut resources, &mut types, auth, at);
    let own_events: Vec<EventView> = events
        .iter()
        .filter(|e| e.publisher == s.name)
        .cloned()
        .collect();
    // Only the events its contracts mention: those it publishes or consumes.
    let event_types = events
        .iter()
        .filter(|e| e.publisher == s.name || s.consumes.contains(&e.name))
        .map(|e| (e.name.clone(), types.unique(&e.pascal, "")))
        .collect();
    let (enums, uses) = uses(&resources);
    ApiView {
        channel_ids: super::channels::ids(s, events, &resources),
        style: style_name(style).into(),
        style_label: style_label(style).into(),
        versioning: crate::text::word(s.api.versioning),
        pagination: crate::text::word(s.api.pagination),
        server: s
            .api
            .base_url
            .as_deref()
            .and_then(url_parts)
            .filter(|p| !p.scheme.is_empty()),
        server_url,
        extra_schemes: extra_schemes(&s.api, auth),
        prefix,
        title: format!("{} API", s.name),
        package: format!(
            "{}.{}",
            names::snake(&s.name, "service"),
            version_segment(&version)
        ),
        pascal,
        version,
        has_subscriptions: resources.iter().any(|r| r.offers["subscribe"]),
        operation_count: resources
            .iter()
            .map(|r| r.operations.len() + r.actions.len())
            .sum::<usize>()
            + s.api.receives.len(),
        uses,
        enums,
        policies: policies(model, &resources),
        resources,
        webhook: webhook_policy(&own_events),
        events: own_events,
        event_types,
        event_nested: event_nested(s, events),
        receivers: super::receivers::build(model, &s.name, &s.api.receives),
        keyed: Default::default(),
    }
}

/// The schemes the API's access rules name that no authentication entry declares.
fn extra_schemes(api: &crate::model::Api, auth: &[AuthView]) -> Vec<ExtraScheme> {
    let mut out: Vec<ExtraScheme> = Vec::new();
    let rules = api
        .access
        .iter()
        .chain(api.resources.iter().flat_map(|r| r.access.iter()));
    for m in rules.flat_map(|a| a.methods.iter()) {
        let method = crate::text::word(*m);
        let scheme = super::access::extra_scheme(*m);
        if !auth.iter().any(|a| a.method == method) && !out.iter().any(|e| e.scheme == scheme) {
            out.push(ExtraScheme { scheme, method });
        }
    }
    out
}

/// The style's name as the model spells it.
pub fn style_name(style: ApiStyle) -> &'static str {
    match style {
        ApiStyle::Rest => "rest",
        ApiStyle::Graphql => "graphql",
        ApiStyle::Grpc => "grpc",
        ApiStyle::Websocket => "websocket",
        ApiStyle::Sse => "sse",
        ApiStyle::Webhooks => "webhooks",
        ApiStyle::None => "none",
    }
}

fn style_label(style: ApiStyle) -> &'static str {
    match style {
        ApiStyle::Rest => "REST (OpenAPI 3.1)",
        ApiStyle::Graphql => "GraphQL",
        ApiStyle::Grpc => "gRPC (Protocol Buffers)",
        ApiStyle::Websocket => "WebSocket (AsyncAPI 3.0)",
        ApiStyle::Sse => "HTTP with Server-Sent Events",
        ApiStyle::Webhooks => "REST with webhook deliveries",
        ApiStyle::None => "no API",
    }
}

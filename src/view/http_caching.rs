//! What HTTP caches and clients can rely on, read from the contracts: the services whose
//! resources declare `concurrency: etag` (an `ETag` on reads, `If-Match` on writes), the HTTP
//! services whose resources declare no validator, the gateways and BFFs that only pass their
//! backends' headers on, and the services HTTP caches do not reach (gRPC, WebSocket).
//! caching.md states exactly this, so its promise is the contracts' and `check` can hold any
//! document to it.

use super::ServiceView;
use serde::Serialize;

/// HTTP caching as the contracts declare it.
#[derive(Debug, Clone, Default, Serialize)]
pub struct HttpCachingView {
    /// HTTP services with resources whose contracts return an `ETag`.
    pub validated: Vec<Validated>,
    /// HTTP services serving resources, none of which returns an `ETag`.
    pub unvalidated: Vec<String>,
    /// Gateways and BFFs with no resources of their own, passing their backends' headers on.
    pub proxies: Vec<String>,
    /// Services HTTP caches do not store, with their API style's label.
    pub not_http: Vec<NotHttp>,
    /// HTTP services whose resources hold personal data, with those resources: their
    /// responses send `Cache-Control: no-store`.
    pub no_store: Vec<Validated>,
}

/// A service whose contract sends a header (an `ETag`, `Cache-Control: no-store`), and on
/// which resources.
#[derive(Debug, Clone, Serialize)]
pub struct Validated {
    /// The service.
    pub service: String,
    /// Its resources with `concurrency: etag`, by name.
    pub resources: Vec<String>,
}

/// A service whose API HTTP caches do not store.
#[derive(Debug, Clone, Serialize)]
pub struct NotHttp {
    /// The service.
    pub service: String,
    /// Its API style, e.g. `gRPC`.
    pub style: String,
}

impl HttpCachingView {
    /// Whether a document may promise an `ETag` or `If-Match` of `service`: its own contract
    /// declares one, or it is a gateway or BFF and a service it calls declares one.
    pub fn keeps_etag(&self, services: &[ServiceView], service: &str) -> bool {
        let own = |name: &str| self.validated.iter().any(|v| v.service == name);
        own(service)
            || self.proxies.iter().any(|p| p == service)
                && services
                    .iter()
                    .find(|s| s.node.name == service)
                    .is_some_and(|s| s.calls.iter().any(|c| own(c)))
    }
}

/// The HTTP caching the contracts of `services` declare.
pub(super) fn derive(services: &[ServiceView]) -> HttpCachingView {
    let mut out = HttpCachingView::default();
    for s in services {
        let name = s.node.name.clone();
        // GraphQL's `POST`s are not HTTP-cached; caching.md says so for GraphQL as a whole.
        if s.node.kind == "legacy" || matches!(s.api.style.as_str(), "none" | "graphql") {
            continue;
        }
        let style = match s.api.style.as_str() {
            "grpc" => Some("gRPC"),
            "websocket" => Some("WebSocket"),
            _ => None,
        };
        if let Some(style) = style {
            out.not_http.push(NotHttp {
                service: name,
                style: style.into(),
            });
            continue;
        }
        let personal: Vec<String> = (s.api.resources.iter())
            .filter(|r| r.personal)
            .map(|r| r.name.clone())
            .collect();
        if !personal.is_empty() {
            out.no_store.push(Validated {
                service: name.clone(),
                resources: personal,
            });
        }
        let resources: Vec<String> = s
            .api
            .resources
            .iter()
            .filter(|r| r.etag)
            .map(|r| r.name.clone())
            .collect();
        if !resources.is_empty() {
            out.validated.push(Validated {
                service: name,
                resources,
            });
        } else if !s.api.resources.is_empty() {
            out.unvalidated.push(name);
        } else if matches!(s.node.kind.as_str(), "gateway" | "bff") {
            out.proxies.push(name);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::model::Model;

    fn view() -> crate::view::View {
        let yaml = r#"version: 1
name: t
requirements: {domain: shop}
clients: [{name: web}]
services:
  - {name: gateway, kind: gateway, serves: [web], responsibility: Routes.}
  - name: orders
    responsibility: Orders.
    api: {resources: [{name: Order, concurrency: etag}, {name: Note}]}
  - name: payments
    responsibility: Payments.
    api: {resources: [{name: Payment}]}
  - name: inventory
    responsibility: Stock.
    api: {style: grpc, resources: [{name: StockLevel}]}
communication:
  links: [{from: web, to: gateway}, {from: gateway, to: orders}, {from: gateway, to: payments}]
"#;
        let model: Model = serde_yaml::from_str(yaml).expect("test model parses");
        crate::view::build(&model)
    }

    #[test]
    fn only_contracts_with_etag_are_validated() {
        let v = view();
        let h = &v.performance.http;
        let validated: Vec<(&str, Vec<&str>)> = h
            .validated
            .iter()
            .map(|x| {
                (
                    x.service.as_str(),
                    x.resources.iter().map(String::as_str).collect(),
                )
            })
            .collect();
        assert_eq!(validated, [("orders", vec!["Order"])]);
        assert_eq!(h.unvalidated, ["payments"]);
        assert_eq!(h.proxies, ["gateway"]);
        let not: Vec<(&str, &str)> = h
            .not_http
            .iter()
            .map(|n| (n.service.as_str(), n.style.as_str()))
            .collect();
        assert_eq!(not, [("inventory", "gRPC")]);
    }

    #[test]
    fn a_gateway_keeps_the_promise_of_a_service_behind_it() {
        let v = view();
        let h = &v.performance.http;
        assert!(h.keeps_etag(&v.services, "orders"));
        assert!(h.keeps_etag(&v.services, "gateway"));
        assert!(!h.keeps_etag(&v.services, "payments"));
        assert!(!h.keeps_etag(&v.services, "inventory"));
    }
}

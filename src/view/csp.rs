//! What a browser client's Content Security Policy must let through: the external systems its
//! pages call or embed themselves (a payment provider's card fields and challenge, a map's
//! tiles), and the origins its scripts call on every page (the API behind the gateway, the
//! identity providers it signs in at), which a strict `default-src 'self'` would block.

use crate::model::{ClientKind, Model};
use serde::Serialize;

/// A browser client with the external systems its own pages reach.
#[derive(Debug, Clone, Serialize)]
pub struct BrowserOrigins {
    /// The web client.
    pub client: String,
    /// The external systems it calls or embeds, in the order the model first says so.
    pub externals: Vec<String>,
    /// The flows whose steps say so; empty when only links do.
    pub flows: Vec<String>,
}

/// The origins a browser client's scripts call on every page (`connect-src`) beside its own.
#[derive(Debug, Clone, Serialize)]
pub struct Connects {
    /// The web client.
    pub client: String,
    /// The origins of the APIs it calls, from their `api.base_url`.
    pub apis: Vec<String>,
    /// The components it calls whose `api.base_url` is not stated, so their origin is unknown.
    pub unknown: Vec<String>,
    /// The origins of the identity providers it signs in at, from their `issuer`.
    pub issuers: Vec<String>,
}

/// `scheme://host[:port]` of `url` ([`super::events::url_parts`]); `None` when it names no
/// scheme and host.
fn origin(url: &str) -> Option<String> {
    let p = super::events::url_parts(url).filter(|p| !p.scheme.is_empty())?;
    Some(format!("{}://{}", p.scheme, p.host))
}

/// Each web client's `connect-src` beside `'self'`.
pub fn connects(model: &Model) -> Vec<Connects> {
    let mut out = Vec::new();
    for c in model.clients.iter().filter(|c| c.kind == ClientKind::Web) {
        let mut x = Connects {
            client: c.name.clone(),
            apis: Vec::new(),
            unknown: Vec::new(),
            issuers: Vec::new(),
        };
        let links = model
            .communication
            .links
            .iter()
            .filter(|l| l.from == c.name);
        for s in links.filter_map(|l| model.services.iter().find(|s| s.name == l.to)) {
            match s.api.base_url.as_deref().and_then(origin) {
                Some(o) if !x.apis.contains(&o) => x.apis.push(o),
                Some(_) => {}
                None if !x.unknown.contains(&s.name) => x.unknown.push(s.name.clone()),
                None => {}
            }
        }
        let signs_in = (model.security.authentication.iter())
            .filter(|a| a.clients.is_empty() || a.clients.contains(&c.name));
        for o in signs_in.filter_map(|a| a.issuer.as_deref().and_then(origin)) {
            if !x.issuers.contains(&o) {
                x.issuers.push(o);
            }
        }
        out.push(x);
    }
    out
}

/// Every web client that reaches an external system itself, by a link or a flow step.
pub fn derive(model: &Model) -> Vec<BrowserOrigins> {
    let external = |n: &str| model.externals.iter().any(|e| e.name == n);
    let mut out = Vec::new();
    for c in model.clients.iter().filter(|c| c.kind == ClientKind::Web) {
        let mut o = BrowserOrigins {
            client: c.name.clone(),
            externals: Vec::new(),
            flows: Vec::new(),
        };
        let add = |to: &str, list: &mut Vec<String>| {
            if external(to) && !list.iter().any(|x| x == to) {
                list.push(to.to_owned());
            }
        };
        for l in model
            .communication
            .links
            .iter()
            .filter(|l| l.from == c.name)
        {
            add(&l.to, &mut o.externals);
        }
        for f in &model.communication.flows {
            let steps = f.walk();
            let direct = steps
                .iter()
                .filter(|w| w.step.from == c.name && external(&w.step.to));
            for w in direct {
                add(&w.step.to, &mut o.externals);
                if !o.flows.contains(&f.name) {
                    o.flows.push(f.name.clone());
                }
            }
        }
        if !o.externals.is_empty() {
            out.push(o);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_web_client_that_tokenises_a_card_at_its_provider_needs_its_origins() {
        let model = crate::load::parse(
            include_str!("../../examples/order-management/archgen.yaml"),
            "archgen.yaml",
        )
        .unwrap_or_else(|e| panic!("{e:?}"));
        let o = super::derive(&model);
        assert_eq!(o.len(), 1, "{o:?}");
        assert_eq!(o[0].client, "web");
        assert_eq!(o[0].externals, ["Stripe"]);
        assert_eq!(o[0].flows, ["Checkout"]);
    }

    #[test]
    fn a_browser_calls_its_api_and_its_identity_providers_origins() {
        use super::{Model, connects, origin};
        assert_eq!(
            origin("https://api.shop.example/orders").as_deref(),
            Some("https://api.shop.example")
        );
        assert_eq!(
            origin("https://login.example:8443?x").as_deref(),
            Some("https://login.example:8443")
        );
        assert_eq!(origin("/orders"), None);
        let m: Model = serde_yaml::from_str(
            "version: 1\nname: x\nrequirements: {domain: d}\nclients: [{name: web, kind: web}, {name: app, kind: mobile}]\nservices:\n  - {name: gw, kind: gateway, responsibility: r, api: {base_url: 'https://api.shop.example/v1'}}\n  - {name: bff, kind: bff, responsibility: r}\ncommunication:\n  links:\n    - {from: web, to: gw}\n    - {from: web, to: bff}\n    - {from: app, to: gw}\nsecurity:\n  authentication:\n    - {method: oidc, issuer: 'https://login.shop.example/', clients: [web]}\n    - {method: oidc, issuer: 'https://accounts.other.example/', clients: [app]}\n",
        )
        .unwrap();
        let c = connects(&m);
        assert_eq!(c.len(), 1, "the mobile app has no browser policy");
        assert_eq!(c[0].apis, ["https://api.shop.example"]);
        assert_eq!(c[0].unknown, ["bff"]);
        assert_eq!(c[0].issuers, ["https://login.shop.example"]);
    }
}

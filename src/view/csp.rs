//! What a browser client's Content Security Policy must let through: the external systems its
//! pages call or embed themselves (a payment provider's card fields and challenge, a map's
//! tiles), which a strict `default-src 'self'` would block.

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
}

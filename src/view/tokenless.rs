//! Access rules that ask for scopes from callers that carry no token: a mutual-TLS
//! certificate or an API key names its holder and grants no scopes, so the check cannot be made.

use crate::model::{Access, Model};
use serde::Serialize;

/// An access rule asking token-less callers for scopes.
#[derive(Debug, Clone, Serialize)]
pub struct Tokenless {
    /// The service whose API has the rule.
    pub service: String,
    /// The methods the rule admits, as the model spells them.
    pub methods: Vec<String>,
    /// The scopes it asks for.
    pub scopes: Vec<String>,
    /// JSON pointer to the rule's `scopes`.
    pub at: String,
}

/// Every access rule that admits only token-less methods and still asks for scopes.
pub fn derive(model: &Model) -> Vec<Tokenless> {
    let mut out = Vec::new();
    let mut judge = |service: &str, a: &Access, at: String| {
        if a.scopes.is_empty()
            || a.methods.is_empty()
            || a.methods.iter().any(|m| m.carries_scopes())
        {
            return;
        }
        out.push(Tokenless {
            service: service.to_owned(),
            methods: a.methods.iter().map(|m| crate::text::word(*m)).collect(),
            scopes: a.scopes.clone(),
            at,
        });
    };
    for (i, s) in model.services.iter().enumerate() {
        for (k, a) in s.api.access.iter().enumerate() {
            judge(&s.name, a, format!("/services/{i}/api/access/{k}/scopes"));
        }
        for (j, r) in s.api.resources.iter().enumerate() {
            for (k, a) in r.access.iter().enumerate() {
                judge(
                    &s.name,
                    a,
                    format!("/services/{i}/api/resources/{j}/access/{k}/scopes"),
                );
            }
        }
    }
    out
}

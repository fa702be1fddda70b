//! Encryption at rest, as the compliance regimes that reach data ask it of what they reach:
//! the stores whose description states it, quoted, and the stores, broker disks and caches
//! for which the model does not, which the documents name as unstated.

use super::compliance::Scope;
use crate::model::Model;
use serde::Serialize;

/// What the regimes reach, split by whether the model states its encryption at rest.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct EncryptionAtRest {
    /// The regimes that reach some store or topic, in model order.
    pub regimes: Vec<String>,
    /// The reached stores whose description says they are encrypted, with that description.
    pub stated: Vec<Stated>,
    /// The reached stores whose description does not.
    pub stores: Vec<String>,
    /// The brokers whose disks keep a reached topic.
    pub brokers: Vec<String>,
    /// The caches that hold reached data.
    pub caches: Vec<String>,
}

/// A store whose description states its encryption at rest.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stated {
    /// The store.
    pub store: String,
    /// Its description, which says so.
    pub description: String,
}

/// `v` with `x` added unless it is there.
fn push_new(v: &mut Vec<String>, x: &str) {
    if !v.iter().any(|y| y == x) {
        v.push(x.to_owned());
    }
}

/// What the regimes of `scopes` ask encrypted at rest, where something of it is left
/// unstated; none when no regime reaches data or the model states it of everything reached.
pub(super) fn derive(model: &Model, scopes: &[Scope]) -> Option<EncryptionAtRest> {
    let mut out = EncryptionAtRest::default();
    let mut reached: Vec<String> = Vec::new();
    for c in scopes {
        if !c.stores.is_empty() || !c.topics.is_empty() {
            out.regimes.push(c.regime.clone());
        }
        c.stores.iter().for_each(|x| push_new(&mut reached, x));
        (c.topics.iter().filter_map(|t| t.broker.as_deref()))
            .for_each(|b| push_new(&mut out.brokers, b));
        c.caches.iter().for_each(|x| push_new(&mut out.caches, x));
    }
    let stores = (model.services.iter()).flat_map(|s| &s.data);
    for d in stores.filter(|d| reached.contains(&d.name)) {
        let said = d.description.to_lowercase().contains("encrypt");
        if said && !out.stated.iter().any(|s| s.store == d.name) {
            out.stated.push(Stated {
                store: d.name.clone(),
                description: d.description.clone(),
            });
        }
    }
    out.stores = (reached.into_iter())
        .filter(|x| !out.stated.iter().any(|s| &s.store == x))
        .collect();
    let unstated = !out.stores.is_empty() || !out.brokers.is_empty() || !out.caches.is_empty();
    (!out.regimes.is_empty() && unstated).then_some(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn what_a_regime_reaches_is_quoted_where_stated_and_named_where_not() {
        let yaml = "version: 1\nname: t\nrequirements: {domain: d, compliance: [GDPR]}\nservices:\n  - name: people\n    responsibility: r\n    data:\n      - {name: profiles, store: PostgreSQL, description: Encrypted with a key per field.}\n    api: {resources: [{name: Person, fields: [{name: email, type: email}]}]}\n  - name: mail\n    responsibility: r\n    data: [{name: outbox, store: PostgreSQL}]\n    api: {resources: [{name: Message, fields: [{name: email, type: email}]}]}\n";
        let model = crate::load::parse(yaml, "archgen.yaml").unwrap_or_else(|e| panic!("{e:?}"));
        let e = crate::view::build(&model)
            .encryption_at_rest
            .expect("the outbox store leaves it unstated");
        assert_eq!(e.regimes, ["GDPR"]);
        assert_eq!(
            (e.stated[0].store.as_str(), e.stated[0].description.as_str()),
            ("profiles", "Encrypted with a key per field.")
        );
        assert_eq!(e.stores, ["outbox"]);
        // Stated of every store reached, nothing is left to name.
        let all = yaml.replace(
            "data: [{name: outbox, store: PostgreSQL}]",
            "data: [{name: outbox, store: PostgreSQL, description: Encrypted at rest.}]",
        );
        let model = crate::load::parse(&all, "archgen.yaml").unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(crate::view::build(&model).encryption_at_rest, None);
    }
}

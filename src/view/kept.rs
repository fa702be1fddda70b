//! The data each component keeps beside its business records: outbox rows, idempotency keys,
//! the ids of handled events and webhooks, audit records, caches, rate-limit counts, the
//! accounts of a self-hosted identity provider. Each has one owner, a place and a lifetime,
//! or the documents say which of these the model leaves open.

use super::View;
use crate::model::Model;
use serde::Serialize;

/// One kind of data a component keeps beside its business records.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Kept {
    /// `outbox`, `calls`, `keys`, `handled`, `webhooks`, `audit`, `accounts`, `cache` or
    /// `limits`.
    pub kind: &'static str,
    /// The components that own it; none where the model does not say.
    pub owners: Vec<String>,
    /// Where it is kept, e.g. `orders (PostgreSQL)`; none where the owner has no store.
    pub place: Option<String>,
    /// How long, in seconds, where a number decides it.
    pub seconds: Option<u64>,
    /// What it is about: the outbox relay, the external systems called, the events handled, the
    /// webhooks' senders, the audit records, the clients that sign in, the cache's name, or
    /// for the keys whether their retention is `stated` or `assumed`.
    pub about: Vec<String>,
}

const HOUR: u64 = 3600;

/// A row of `kind` owned by `owner`, with no lifetime yet.
fn row(kind: &'static str, owner: &str, place: Option<String>, about: Vec<String>) -> Kept {
    Kept {
        kind,
        owners: vec![owner.to_owned()],
        place,
        seconds: None,
        about,
    }
}

/// Everything `view`'s components keep beside their business records, component by component,
/// then the audit log, the identity provider's accounts and the shared rate-limit counts.
pub(super) fn derive(model: &Model, view: &View) -> Vec<Kept> {
    let mut out = Vec::new();
    for s in &view.services {
        let store = s.data.first().map(|d| format!("{} ({})", d.name, d.store));
        own_rows(model, view, s, store, &mut out);
    }
    let served = |c: &&super::CacheView| {
        use crate::model::CacheLayer;
        matches!(c.model.layer, CacheLayer::Application | CacheLayer::Api)
    };
    for c in view.performance.caches.iter().filter(served) {
        let mut r = row(
            "cache",
            &c.owner.name,
            Some(c.model.technology.clone()),
            vec![c.model.name.clone()],
        );
        r.seconds = Some(u64::from(c.model.ttl_seconds));
        out.push(r);
    }
    out.extend(audit(model, view));
    out.extend(accounts(model));
    let counters = &view.resilience.rate_limit_users;
    if let (Some(store), false) = (&view.resilience.rate_limit_store, counters.is_empty()) {
        out.push(Kept {
            kind: "limits",
            owners: counters.clone(),
            place: Some(store.clone()),
            seconds: None,
            about: Vec::new(),
        });
    }
    out
}

/// What service `s` keeps in its own store `store`: its outbox rows, the calls its outbox
/// relay makes, the idempotency keys, and the ids of the events and webhooks it has handled.
fn own_rows(
    model: &Model,
    view: &View,
    s: &super::ServiceView,
    store: Option<String>,
    out: &mut Vec<Kept>,
) {
    let name = &s.node.name;
    let outboxed = (s.publishes.iter()).any(|e| !view.captured_events.contains(e));
    if outboxed && store.is_some() {
        let relay = view.outbox_relay.clone().into_iter().collect();
        let mut r = row("outbox", name, store.clone(), relay);
        // A log-reading relay never says what it has published: the rows stay as long as the
        // model keeps them.
        if view.outbox_cdc.is_some() {
            let hours = model.communication.outbox_retention_hours;
            r.seconds = hours.map(|h| u64::from(h) * HOUR);
        }
        out.push(r);
    }
    let called: Vec<String> = (view.links.iter())
        .filter(|l| l.from.name == *name)
        .filter(|l| {
            (l.policy.as_ref())
                .and_then(|p| p.derivation.as_ref())
                .is_some_and(|d| d.from_outbox)
        })
        .map(|l| l.to.name.clone())
        .collect();
    if !called.is_empty() {
        out.push(row("calls", name, store.clone(), called));
    }
    if !s.api.keyed.operations.is_empty() {
        let stated = model.resilience.idempotency.retention_hours.is_some();
        let how = if stated { "stated" } else { "assumed" };
        let mut r = row("keys", name, store.clone(), vec![how.to_owned()]);
        r.seconds = Some(u64::from(view.resilience.idempotency_retention_hours) * HOUR);
        out.push(r);
    }
    if !s.consumes.is_empty() {
        let mut r = row("handled", name, store.clone(), s.consumes.clone());
        r.seconds = (view.capacity.events.iter())
            .filter(|e| s.consumes.contains(&e.event))
            .map(|e| u64::from(e.retention_hours) * HOUR)
            .max();
        out.push(r);
    }
    let senders: Vec<String> = (s.api.receivers.iter()).map(|r| r.from.clone()).collect();
    if !senders.is_empty() {
        out.push(row("webhooks", name, store, senders));
    }
}

/// The audit log: owned by the services its store names (`orders' and payments'
/// databases`), kept where its store's first clause says, for its retention.
fn audit(model: &Model, view: &View) -> Option<Kept> {
    let a = model.security.audit.as_ref()?;
    let text = a.store.clone().unwrap_or_default();
    let words: Vec<&str> = text
        .split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_'))
        .collect();
    let owners = (view.services.iter())
        .map(|s| s.node.name.clone())
        .filter(|n| words.contains(&n.as_str()))
        .collect();
    // Up to where it goes on to describe the records: `...: one record per response`.
    let place = text
        .split([';', ':'])
        .next()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_owned);
    Some(Kept {
        kind: "audit",
        owners,
        place,
        seconds: a.retention_days.map(|d| u64::from(d) * 24 * HOUR),
        about: a.records.clone(),
    })
}

/// The accounts in each identity provider the team runs itself, with the clients whose
/// people sign in there.
fn accounts(model: &Model) -> Vec<Kept> {
    (model.security.authentication.iter())
        .filter(|a| crate::derive::identity::self_hosted(a).0)
        .filter_map(|a| {
            let provider = a.provider.clone()?;
            let clients = if a.clients.is_empty() {
                model.clients.iter().map(|c| c.name.clone()).collect()
            } else {
                a.clients.clone()
            };
            Some(row("accounts", &provider, None, clients))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn built(path: &str) -> Vec<Kept> {
        let yaml = std::fs::read_to_string(path).unwrap();
        let model = crate::load::parse(&yaml, "archgen.yaml").unwrap();
        derive(&model, &crate::view::build(&model))
    }

    fn find<'k>(kept: &'k [Kept], kind: &str, owner: &str) -> Option<&'k Kept> {
        (kept.iter()).find(|k| k.kind == kind && k.owners.iter().any(|o| o == owner))
    }

    #[test]
    fn each_service_owns_its_outbox_keys_handled_events_and_webhooks_in_its_own_store() {
        let kept = built("examples/order-management/archgen.yaml");
        let outbox = find(&kept, "outbox", "orders").unwrap();
        assert_eq!(outbox.place.as_deref(), Some("orders (PostgreSQL)"));
        assert_eq!(outbox.about, ["polling"]);
        // orders' relay calls the warehouse from the outbox; payments calls Stripe in a handler.
        assert_eq!(
            find(&kept, "calls", "orders").unwrap().about,
            ["Warehouse system"]
        );
        assert!(find(&kept, "calls", "payments").is_none());
        // Keys for 24 hours (resilience.idempotency.retention_hours).
        assert_eq!(
            find(&kept, "keys", "orders").unwrap().seconds,
            Some(24 * HOUR)
        );
        // Handled ids as long as the longest topic it reads keeps a message: 7 days.
        let handled = find(&kept, "handled", "notifications").unwrap();
        assert_eq!(handled.place.as_deref(), Some("recipients (PostgreSQL)"));
        assert_eq!(handled.seconds, Some(7 * 24 * HOUR));
        assert_eq!(
            find(&kept, "webhooks", "payments").unwrap().about,
            ["Stripe"]
        );
        // The gateway keeps nothing of its own but the shared counts.
        assert!(
            kept.iter()
                .all(|k| k.kind == "limits" || k.owners != ["gateway"])
        );
    }

    #[test]
    fn the_audit_log_belongs_to_the_services_its_store_names_and_accounts_to_the_provider() {
        let kept = built("examples/order-management/archgen.yaml");
        let audit = kept.iter().find(|k| k.kind == "audit").unwrap();
        assert_eq!(audit.owners, ["orders", "payments"]);
        assert_eq!(
            audit.place.as_deref(),
            Some(
                "an append-only audit table in orders' and payments' databases, shipped daily to S3 with Object Lock"
            )
        );
        assert_eq!(audit.seconds, Some(365 * 24 * HOUR));
        let accounts = kept.iter().find(|k| k.kind == "accounts").unwrap();
        assert_eq!(accounts.owners, ["Keycloak"]);
        assert_eq!(accounts.about, ["web", "mobile", "support-console"]);
        let limits = kept.iter().find(|k| k.kind == "limits").unwrap();
        assert_eq!(limits.owners, ["payments", "gateway"]);
    }
}

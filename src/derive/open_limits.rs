//! Rate limits that several replicas enforce together, with no word on where their count is
//! kept: a count per replica lets the replicas together pass a multiple of the limit, and a
//! shared count is one more dependency, so the choice is an open decision with the limits as
//! its drivers until `resilience.rate_limit_store` settles it.

use super::open::{OpenDecision, lead_team_of, owner_of, undecided};
use crate::model::{Model, RateScope, ServiceKind};
use crate::text::numbers::number as num;

/// Whether the replicas of some component enforce a limit together: then where they keep its
/// count is a decision (the interview asks it only then).
pub fn shared(model: &Model) -> bool {
    !drivers(model).is_empty()
}

/// The components whose replicas keep a shared count in `rate_limit_store`, in model order
/// (the links' callers with a limiter, then each rate limit's enforcer or the gateway): none
/// while the store is undecided or `per-replica`, where no count is shared.
pub fn store_users(model: &Model) -> Vec<String> {
    if !shared_store(model) {
        return Vec::new();
    }
    let gateway = gateway(model);
    let links = (model.communication.links.iter())
        .filter(|l| (l.resilience.as_ref()).is_some_and(|r| r.rate_limit_rps.is_some()))
        .map(|l| l.from.as_str());
    let limits =
        (model.security.rate_limits.iter()).filter_map(|r| r.enforced_by.as_deref().or(gateway));
    let mut out: Vec<String> = Vec::new();
    for name in links.chain(limits) {
        if !out.iter().any(|o| o == name) {
            out.push(name.to_owned());
        }
    }
    out
}

/// The Envoy-based components among [`store_users`] that enforce a per-caller limit (per user,
/// client or address): while the shared count is down, Envoy's local filter keeps those limits
/// only for the callers it holds a bucket for (`max_dynamic_descriptors`).
pub fn envoy_per_caller(model: &Model) -> Vec<String> {
    let gateway = gateway(model);
    let per_caller = |name: &str| {
        (model.security.rate_limits.iter()).any(|r| {
            r.enforced_by.as_deref().or(gateway) == Some(name)
                && matches!(r.scope, RateScope::User | RateScope::Client | RateScope::Ip)
        })
    };
    (store_users(model).into_iter())
        .filter(|n| {
            (model.services.iter())
                .any(|s| s.name == *n && s.stack.to_lowercase().contains("envoy"))
        })
        .filter(|n| per_caller(n))
        .collect()
}

/// Whether every component that enforces a limit runs on Kong, whose rate-limiting plugin
/// keeps its counts by a policy of its own (`local`, `cluster`, `redis`) and, with `redis`,
/// lets requests through uncounted while Redis cannot be reached (`fault_tolerant`, its
/// default) rather than falling back to a share of the limit.
pub fn kong_limits(model: &Model) -> bool {
    let gateway = gateway(model);
    let links = (model.communication.links.iter())
        .filter(|l| (l.resilience.as_ref()).is_some_and(|r| r.rate_limit_rps.is_some()))
        .map(|l| Some(l.from.as_str()));
    let limits = (model.security.rate_limits.iter()).map(|r| r.enforced_by.as_deref().or(gateway));
    let mut enforcers = links.chain(limits).peekable();
    enforcers.peek().is_some()
        && enforcers.all(|name| {
            (model.services.iter())
                .any(|s| Some(s.name.as_str()) == name && s.stack.to_lowercase().contains("kong"))
        })
}

/// Whether `resilience.rate_limit_store` names a store the replicas share their counts in:
/// decided, and not `per-replica`.
pub fn shared_store(model: &Model) -> bool {
    (model.resilience.rate_limit_store.as_deref())
        .is_some_and(|s| !undecided(s) && s.trim() != "per-replica")
}

/// The gateway, which enforces the rate limits that name no enforcer.
pub(crate) fn gateway(model: &Model) -> Option<&str> {
    (model.services.iter())
        .find(|s| s.kind == ServiceKind::Gateway)
        .map(|s| s.name.as_str())
}

/// Each limit the replicas of one component enforce together, as a driver.
pub(super) fn drivers(model: &Model) -> Vec<String> {
    let (min, max) = crate::defaults::replicas(model);
    let gateway = gateway(model);
    let mut out: Vec<String> = model
        .communication
        .links
        .iter()
        .filter_map(|l| {
            let limit = l.resilience.as_ref()?.rate_limit_rps?;
            let own = model
                .externals
                .iter()
                .find(|e| e.name == l.to)
                .and_then(|e| e.rate_limit_rps)
                .map(|r| format!(" under {}'s own {}/s", l.to, num(r, 1)))
                .unwrap_or_default();
            Some(format!(
                "{} → {}: {}/s{own}, {}/s a replica at {min} replicas and {}/s at {max}",
                l.from,
                l.to,
                num(limit, 1),
                num(limit / f64::from(min), 1),
                num(limit / f64::from(max), 1),
            ))
        })
        .collect();
    for r in &model.security.rate_limits {
        let Some(by) = r.enforced_by.as_deref().or(gateway) else {
            continue;
        };
        let scope = match crate::text::word(r.scope).as_str() {
            "ip" => "IP address".to_owned(),
            w => w.to_owned(),
        };
        out.push(format!(
            "{by}: {} requests per {} per {scope}, over {min} to {max} replicas that a caller's \
             requests reach in turn",
            crate::text::numbers::thousands(f64::from(r.requests)),
            crate::text::word(r.per),
        ));
    }
    out
}

/// The decision, when the model states a limit and no store for its count.
pub(super) fn store(model: &Model) -> Option<OpenDecision> {
    if model
        .resilience
        .rate_limit_store
        .as_deref()
        .is_some_and(|s| !undecided(s))
    {
        return None;
    }
    let drivers = drivers(model);
    if drivers.is_empty() {
        return None;
    }
    let limited: Vec<&str> = model
        .communication
        .links
        .iter()
        .filter(|l| {
            l.resilience
                .as_ref()
                .is_some_and(|r| r.rate_limit_rps.is_some())
        })
        .map(|l| l.from.as_str())
        .collect();
    let owner = match limited.as_slice() {
        [one] if model.security.rate_limits.is_empty() => owner_of(model, one),
        _ => lead_team_of(model),
    };
    let (min, max) = crate::defaults::replicas(model);
    Some(OpenDecision {
        title: "Decide where the rate limiters keep their counts".into(),
        why: format!(
            "Each limit below is enforced by {min} to {max} replicas at once, and the model does \
             not say where its count is kept: a count in each replica lets them together pass \
             up to {max} times the limit, and a shared count is one more dependency that must \
             not stop the calls it counts."
        ),
        owner,
        detected: true,
        question: false,
        key: "resilience.rate_limit_store".into(),
        options: if kong_limits(model) {
            kong_options()
        } else {
            vec![
                "A shared count in Redis, each replica falling back to its share of the limit \
                 when Redis cannot be reached"
                    .into(),
                "A bucket in each replica, at the limit divided by the replicas running".into(),
            ]
        },
        due: String::new(),
        blocks: "the limiters' configuration, and whether a store joins the diagrams and the \
                 failure modes"
            .into(),
        drivers,
        weighed: if kong_limits(model) {
            kong_weighed(min, max)
        } else {
            weighed(min, max)
        },
    })
}

/// The policies of Kong's rate-limiting plugin, as the options.
fn kong_options() -> Vec<String> {
    vec![
        "Kong's redis policy: one count in Redis that every node shares".into(),
        "Kong's cluster policy: the counts in Kong's own database".into(),
        "Kong's local policy: a count in each node, at the limit divided by the nodes running"
            .into(),
    ]
}

/// What each of Kong's policies is good and bad for, for nodes from `min` to `max`.
fn kong_weighed(min: u32, max: u32) -> Vec<(Vec<String>, Vec<String>)> {
    let share = format!(
        "the share must follow autoscaling (from {min} to {max} nodes), or the nodes together \
         pass more than the limit"
    );
    vec![
        (
            vec!["the limit holds whatever the node count".into()],
            vec![
                "while Redis cannot be reached the plugin lets every request through uncounted \
                 (fault_tolerant, its default) or, with that off, fails them all: it has no \
                 share to fall back to"
                    .into(),
                "one more store to run, watch and draw, and a round trip to it on each request"
                    .into(),
            ],
        ),
        (
            vec!["no store beyond the database Kong already runs on".into()],
            vec![
                "each counted request writes to that database, which then carries the peak's \
                 load"
                    .into(),
                "not available where Kong runs without a database (DB-less or hybrid data \
                 planes)"
                    .into(),
            ],
        ),
        (
            vec!["no store and nothing more to fail".into()],
            vec![
                share,
                "uneven load leaves one node refusing while others idle".into(),
            ],
        ),
    ]
}

/// The options' pros and cons, for replicas from `min` to `max`.
fn weighed(min: u32, max: u32) -> Vec<(Vec<String>, Vec<String>)> {
    vec![
        (
            vec![
                "the limit holds whatever the replica count, and a busy replica may use \
                 what an idle one leaves"
                    .into(),
                "falling back to the share never passes more than the limit".into(),
            ],
            vec![
                "each limited call makes a round trip to Redis, and it is one more store to \
                 run, watch and draw"
                    .into(),
            ],
        ),
        (
            vec!["no store and nothing more to fail".into()],
            vec![
                format!(
                    "the share must follow autoscaling (from {min} to {max} replicas), or \
                     the replicas together pass more than the limit"
                ),
                "uneven load (a hot partition, a client whose connection stays on one \
                 replica) leaves one replica refusing while others idle"
                    .into(),
            ],
        ),
    ]
}

#[cfg(test)]
mod tests {
    use crate::derive::graph::tests::named as model;

    const BASE: &str = "requirements: {domain: d}\nservices: [{name: pay, responsibility: r, team: payments}]\nexternals: [{name: psp, rate_limit_rps: 100}]\n";

    #[test]
    fn a_limit_without_a_store_is_an_open_decision() {
        let limited = model(&format!(
            "{BASE}communication:\n  links: [{{from: pay, to: psp, resilience: {{rate_limit_rps: 80}}}}]\n"
        ));
        let d = super::store(&limited).expect("a limiter with no store");
        assert_eq!(d.key, "resilience.rate_limit_store");
        assert_eq!(d.owner, "payments");
        assert_eq!(
            d.drivers,
            [
                "pay → psp: 80/s under psp's own 100/s, 26.7/s a replica at 3 replicas and 6.7/s at 12"
            ]
        );
        assert_eq!(d.options.len(), d.weighed.len());
        // A stated store, or no limit at all, leaves nothing open.
        let stored = model(&format!(
            "{BASE}resilience: {{rate_limit_store: per-replica}}\ncommunication:\n  links: [{{from: pay, to: psp, resilience: {{rate_limit_rps: 80}}}}]\n"
        ));
        assert!(super::store(&stored).is_none());
        assert!(super::store(&model(BASE)).is_none());
    }

    #[test]
    fn a_kong_gateway_weighs_the_plugins_own_policies() {
        let yaml = "requirements: {domain: d}\nservices: [{name: edge, kind: gateway, responsibility: r, stack: Kong}]\nsecurity:\n  rate_limits: [{scope: user, requests: 120, per: minute}]\n";
        let d = super::store(&model(yaml)).expect("a gateway limit with no store");
        assert_eq!(d.options.len(), 3);
        assert!(d.options[0].starts_with("Kong's redis policy"));
        assert!(d.weighed[0].1[0].contains("uncounted (fault_tolerant, its default)"));
        assert_eq!(d.options.len(), d.weighed.len());
        let envoy = super::store(&model(&yaml.replace("Kong", "Envoy"))).unwrap();
        assert!(envoy.options[0].contains("falling back to its share"));
    }

    #[test]
    fn a_gateway_limit_counts_too() {
        let m = model(
            "requirements: {domain: d}\nservices: [{name: edge, kind: gateway, responsibility: r}]\nsecurity:\n  rate_limits: [{scope: user, requests: 120, per: minute}]\n",
        );
        let d = super::store(&m).expect("a gateway limit with no store");
        assert_eq!(
            d.drivers,
            [
                "edge: 120 requests per minute per user, over 3 to 12 replicas that a caller's requests reach in turn"
            ]
        );
    }

    #[test]
    fn the_store_users_are_the_limiters_and_the_limits_enforcers() {
        let yaml = |store: &str| {
            format!(
                "requirements: {{domain: d}}\nservices:\n  - {{name: pay, responsibility: r}}\n  - {{name: edge, kind: gateway, responsibility: r}}\nexternals: [{{name: psp}}]\nresilience: {{rate_limit_store: {store}}}\nsecurity:\n  rate_limits: [{{scope: user, requests: 120, per: minute}}]\ncommunication:\n  links: [{{from: pay, to: psp, resilience: {{rate_limit_rps: 80}}}}]\n"
            )
        };
        assert_eq!(super::store_users(&model(&yaml("Redis"))), ["pay", "edge"]);
        // A count kept in each replica, or no store yet, is shared by no one.
        assert!(super::store_users(&model(&yaml("per-replica"))).is_empty());
        assert!(super::store_users(&model(&yaml("TBD"))).is_empty());
    }
}

//! The store of the rate limits' shared counts down: what each limit does meanwhile, by the
//! fallback the model chose (`resilience.rate_limit_fallback`) or, while that is open, by
//! what the enforcers do unless configured otherwise.

use super::{FailureMode, GapRisk};
use crate::derive::open_fallback::outage_clause;
use crate::derive::open_limits::{envoy_per_caller, kong_limits, store_users};
use crate::model::{Level, Model, RateLimitFallback};
use crate::text::english::and_list;

/// What each replica does alone, at its share.
const SHARES: &str = "each replica counts alone at its share of the limit (the limit ÷ the replicas running), so the replicas together never pass more than the limit, and a caller whose requests land unevenly on the replicas is refused before it reaches it.";

/// Why counting alone at the share lifts no limit.
const HELD: &str = "the replicas together never pass more than the limit (each counts to the limit ÷ the replicas running), and a caller whose requests land unevenly on the replicas is refused before it reaches it.";

/// The store the rate limits' replicas share their counts in, when the model names one (see
/// [`store_users`]).
pub(super) fn mode(model: &Model, owner: &str) -> Option<FailureMode> {
    let users = store_users(model);
    let store = model.resilience.rate_limit_store.as_deref()?;
    if users.is_empty() {
        return None;
    }
    let row = match model.resilience.rate_limit_fallback {
        None => unstated(model, store),
        Some(fallback) => chosen(model, store, fallback),
    };
    Some(FailureMode {
        name: format!("rate-limit counts ({store})"),
        kind: "rate-limit store".into(),
        used_by: users,
        effect: row.effect,
        handling: row.handling,
        gap: row.gap,
        risk: row.risk,
        owner: owner.to_owned(),
    })
}

/// What lapsed limits leave to bound the load.
const LAPSE: &str = "the services' own bulkheads and the callee's limits bound what passes meanwhile; the store's outage pages like the gateway's, and the counts start again from zero when it is back";

/// What falling back to the share does.
const TO_SHARE: &str = "each limiter times out on the store within a few milliseconds and falls back to its share; the shared count resumes when the store is back";

/// One failure-mode row's text.
struct Row {
    effect: String,
    handling: String,
    gap: String,
    risk: Option<GapRisk>,
}

/// The row for the fallback the model chose, in the words the other documents use
/// ([`outage_clause`]): for `local` on Envoy, with a bucket for every caller active in a
/// window, a number the team measures; for `deny`, the store's availability becomes the
/// limited routes'.
fn chosen(model: &Model, store: &str, fallback: RateLimitFallback) -> Row {
    let clause = outage_clause(model).unwrap_or_default();
    let effect = format!("While the store cannot be reached, {clause}.");
    match fallback {
        RateLimitFallback::Allow => Row {
            effect,
            handling: LAPSE.into(),
            gap: String::new(),
            risk: None,
        },
        RateLimitFallback::Deny => Row {
            effect: format!("{effect} For its callers, the store's outage is an outage of every limited route."),
            handling: "nothing passes uncounted; the store's outage pages like the gateway's".into(),
            gap: "The store's availability now bounds every limited route's: give it a replica in another zone that takes over on its own, and hold it to the gateway's objective.".into(),
            risk: GapRisk::low(
                format!("While {store} is down, every limited request is refused"),
                Level::High,
                "resilience.rate_limit_fallback",
            ),
        },
        RateLimitFallback::Local => {
            let gap = if envoy_per_caller(model).is_empty() {
                String::new()
            } else {
                "How many callers are active in a window at peak is the team's to measure, and max_dynamic_descriptors to set from it: the load test checks that no caller passes its limit while the store is down.".into()
            };
            Row {
                effect: format!("{effect} No limit is lifted: {HELD}"),
                handling: TO_SHARE.into(),
                gap,
                risk: None,
            }
        }
    }
}

/// What the enforcers do while the model has not chosen: Kong's plugin lets everything
/// through by default; Envoy keeps the per-caller limits only for the callers it has buckets
/// for; any other limiter falls back to its share, as the design plans.
fn unstated(model: &Model, store: &str) -> Row {
    let decide = "an open decision (resilience.rate_limit_fallback)";
    if kong_limits(model) {
        return Row {
            effect: "The limits lapse: Kong's rate-limiting plugin has no share to fall back to, and with fault_tolerant (its default) lets every request through uncounted until the store is back; with it off, it fails every limited request instead.".into(),
            handling: LAPSE.into(),
            gap: format!("Whether the limits lapse or fail every limited request is {decide}: set fault_tolerant on purpose."),
            risk: GapRisk::low(
                format!("While {store} is down, the gateway's limits lapse by Kong's default"),
                Level::Medium,
                "resilience.rate_limit_fallback",
            ),
        };
    }
    let envoy = envoy_per_caller(model);
    if envoy.is_empty() {
        return Row {
            effect: format!("No limit is lifted: {SHARES}"),
            handling: TO_SHARE.into(),
            gap: String::new(),
            risk: None,
        };
    }
    let on = and_list(&envoy);
    let peak = (model.requirements.scale.peak_rps)
        .map(|p| {
            format!(
                ": at {} requests a second, far more than 20 callers are likely active in a window",
                crate::text::numbers::thousands(f64::from(p))
            )
        })
        .unwrap_or_default();
    Row {
        effect: format!(
            "Each limit falls back to counting per replica: {SHARES} On {on}, that holds for a per-caller limit only while Envoy's local filter keeps a bucket for every caller active in a window: its max_dynamic_descriptors setting (20 unless raised) must cover them, or the limits of the callers it evicts lapse."
        ),
        handling: TO_SHARE.into(),
        gap: format!(
            "The per-caller limits on {on} fail open for every caller beyond the filter's buckets{peak}. Raising max_dynamic_descriptors to the callers active in one, letting the limits lapse, or refusing every limited request is {decide}."
        ),
        risk: GapRisk::low(
            format!(
                "While {store} is down, the per-caller limits on {on} lapse for the callers beyond Envoy's buckets"
            ),
            Level::Medium,
            "resilience.rate_limit_fallback",
        ),
    }
}

#[cfg(test)]
mod tests {
    use crate::derive::graph::tests::named as model;

    const EDGE: &str = "requirements: {domain: d, scale: {peak_rps: 1200}}\nservices: [{name: edge, kind: gateway, responsibility: r, team: platform, stack: Envoy}]\nsecurity:\n  rate_limits: [{scope: user, requests: 120, per: minute}]\nresilience: {rate_limit_store: Redis}\n";

    fn row(yaml: &str) -> super::FailureMode {
        super::mode(&model(yaml), "platform").expect("a shared count")
    }

    #[test]
    fn the_rows_gap_and_risk_follow_the_chosen_fallback() {
        let open = row(EDGE);
        assert!(
            open.gap
                .contains("is an open decision (resilience.rate_limit_fallback)"),
            "{}",
            open.gap
        );
        assert!(
            open.gap.contains("at 1,200 requests a second"),
            "{}",
            open.gap
        );
        assert!(open.risk.is_some());
        let with = |f: &str| {
            row(&EDGE.replace(
                "rate_limit_store: Redis",
                &format!("rate_limit_store: Redis, rate_limit_fallback: {f}"),
            ))
        };
        let local = with("local");
        assert!(
            local
                .effect
                .contains("as the team chose (rate_limit_fallback: local)"),
            "{}",
            local.effect
        );
        assert!(local.gap.starts_with("How many callers are active") && local.risk.is_none());
        let allow = with("allow");
        assert!(
            allow
                .effect
                .starts_with("While the store cannot be reached, the limits lapse until it is back, as the team chose")
                && allow.gap.is_empty()
                && allow.risk.is_none()
        );
        // Refusing is the team's choice, and it makes the store's outage every limited route's.
        let deny = with("deny");
        assert!(
            deny.effect.contains("(rate_limit_fallback: deny)")
                && deny.gap.contains("a replica in another zone")
        );
        assert_eq!(deny.risk.map(|r| r.impact), Some(crate::model::Level::High));
    }

    #[test]
    fn kong_lapses_by_default_and_says_the_choice_is_open() {
        let kong = row(&EDGE.replace("Envoy", "Kong"));
        assert!(
            kong.effect.contains("fault_tolerant (its default)"),
            "{}",
            kong.effect
        );
        assert!(
            kong.gap.contains("set fault_tolerant on purpose"),
            "{}",
            kong.gap
        );
        // A limiter that falls back to its share by itself leaves no gap.
        let other = row(&EDGE.replace("Envoy", "Traefik"));
        assert!(
            other.effect.starts_with("No limit is lifted")
                && other.gap.is_empty()
                && other.risk.is_none()
        );
    }
}

//! What the rate limits do while the store of their shared count cannot be reached, where the
//! enforcers' own fallback leaves a gap: Kong's plugin lets every request through uncounted
//! or fails them all, and Envoy's local filter keeps a per-caller limit only for the callers
//! it holds a bucket for. Open until `resilience.rate_limit_fallback` settles it.

use super::open::{OpenDecision, lead_team_of, owner_of};
use super::open_limits::{envoy_per_caller, gateway, kong_limits, store_users};
use crate::model::{Model, RateLimitFallback};
use crate::text::english::and_list;

/// Whether the enforcers' own fallback leaves a gap the model has not closed: a shared count
/// on Kong, or on Envoy with a per-caller limit, and no `rate_limit_fallback`.
pub fn open(model: &Model) -> bool {
    model.resilience.rate_limit_fallback.is_none()
        && !store_users(model).is_empty()
        && (kong_limits(model) || !envoy_per_caller(model).is_empty())
}

/// What the limits do while their shared count cannot be reached, as a clause, where the
/// model chose it (none while it has not, or where no count is shared).
pub fn outage_clause(model: &Model) -> Option<String> {
    let fallback = model
        .resilience
        .rate_limit_fallback
        .filter(|_| !store_users(model).is_empty())?;
    let kong = kong_limits(model);
    let envoy = !envoy_per_caller(model).is_empty();
    let chose = format!(
        "as the team chose (rate_limit_fallback: {})",
        fallback.as_str()
    );
    Some(match fallback {
        RateLimitFallback::Local => format!(
            "each replica counts alone at its share of the limit, {chose}{}",
            if envoy {
                ", with Envoy's max_dynamic_descriptors raised to cover the callers active in a window"
            } else {
                ""
            }
        ),
        RateLimitFallback::Allow => format!(
            "the limits lapse until it is back, {chose}{}, and the services' own bulkheads bound what passes",
            if kong {
                ": Kong's fault_tolerant on"
            } else {
                ""
            }
        ),
        RateLimitFallback::Deny => format!(
            "every limited request is refused until it is back, {chose}{}, so the store needs a failover of its own",
            if kong {
                ": Kong's fault_tolerant off"
            } else if envoy {
                ": Envoy's failure_mode_deny on"
            } else {
                ""
            }
        ),
    })
}

/// The decision, while [`open`].
pub(super) fn decision(model: &Model) -> Option<OpenDecision> {
    if !open(model) {
        return None;
    }
    let store = model.resilience.rate_limit_store.as_deref().unwrap_or("");
    let users = and_list(&store_users(model));
    let kong = kong_limits(model);
    let why = if kong {
        format!(
            "The limits of {users} share their counts in {store}. While that store cannot be \
             reached, Kong's rate-limiting plugin has no share to count alone at: with \
             fault_tolerant (its default) it lets every request through uncounted, and with it \
             off it fails every limited request. The model does not say which the team wants."
        )
    } else {
        let peak = (model.requirements.scale.peak_rps)
            .map(|p| {
                format!(
                    " At {} requests a second, far more callers than that are likely active \
                     in one.",
                    crate::text::numbers::thousands(f64::from(p))
                )
            })
            .unwrap_or_default();
        format!(
            "The limits of {users} share their counts in {store}. While that store cannot be \
             reached, Envoy's local filter caps each replica at its share, but the per-caller \
             limits on {} hold only for the callers it keeps a bucket for in a window \
             (max_dynamic_descriptors, 20 unless raised): the others pass uncounted.{peak}",
            and_list(&envoy_per_caller(model))
        )
    };
    let (options, weighed) = options(kong);
    Some(OpenDecision {
        title: "Decide what the rate limits do while their shared count is down".into(),
        why,
        owner: gateway(model).map_or_else(|| lead_team_of(model), |g| owner_of(model, g)),
        detected: true,
        question: false,
        key: "resilience.rate_limit_fallback".into(),
        options,
        due: String::new(),
        blocks: format!(
            "the limiters' configuration ({}), and the row of {store} in the failure modes",
            if kong {
                "the plugin's fault_tolerant"
            } else {
                "Envoy's failure_mode_deny and max_dynamic_descriptors"
            }
        ),
        drivers: super::open_limits::drivers(model),
        weighed,
    })
}

/// The options the enforcers allow (Kong's plugin has no share to count alone at), each with
/// its pros and cons.
type Weighed = Vec<(Vec<String>, Vec<String>)>;

fn options(kong: bool) -> (Vec<String>, Weighed) {
    let mut options = Vec::new();
    let mut weighed = Vec::new();
    if !kong {
        options.push(
            "local: each replica counts alone at its share of the limit, with Envoy's \
             max_dynamic_descriptors raised to the callers active in a window"
                .to_owned(),
        );
        weighed.push((
            vec!["no caller passes more than its limit while the store is down".into()],
            vec![
                "the bucket count must be measured (the callers active in a window at peak) and \
                 its memory paid on every replica"
                    .into(),
            ],
        ));
    }
    options.push(
        "allow: the limits lapse while the store is down, and the services' bulkheads bound \
         what passes"
            .into(),
    );
    weighed.push((
        vec!["the store's outage costs no request".into()],
        vec!["a caller the limits hold back (a scraper, a runaway client) is not held back until the store is back".into()],
    ));
    options.push("deny: every limited request is refused while the store is down".into());
    weighed.push((
        vec!["no request passes uncounted".into()],
        vec!["the store's outage fails every limited route: its availability bounds the gateway's, so it needs a failover of its own".into()],
    ));
    (options, weighed)
}

#[cfg(test)]
mod tests {
    use crate::derive::graph::tests::named as model;

    const EDGE: &str = "requirements: {domain: d, scale: {peak_rps: 1200}}\nservices: [{name: edge, kind: gateway, responsibility: r, team: platform, stack: Envoy}]\nsecurity:\n  rate_limits: [{scope: user, requests: 120, per: minute}]\nresilience: {rate_limit_store: Redis}\n";

    #[test]
    fn a_per_caller_limit_on_envoy_leaves_the_fallback_open() {
        let d = super::decision(&model(EDGE)).expect("Envoy's per-caller limit leaves a gap");
        assert_eq!(
            (d.key.as_str(), d.owner.as_str()),
            ("resilience.rate_limit_fallback", "platform")
        );
        assert!(
            d.why.contains("the per-caller limits on edge hold only"),
            "{}",
            d.why
        );
        assert!(d.why.contains("At 1,200 requests a second"), "{}", d.why);
        assert_eq!(d.options.len(), 3);
        assert_eq!(d.options.len(), d.weighed.len());
        // Stating it settles it.
        let settled = EDGE.replace(
            "rate_limit_store: Redis",
            "rate_limit_store: Redis, rate_limit_fallback: deny",
        );
        assert!(super::decision(&model(&settled)).is_none());
        // No shared count, nothing to fall back from.
        let per_replica = EDGE.replace("rate_limit_store: Redis", "rate_limit_store: per-replica");
        assert!(super::decision(&model(&per_replica)).is_none());
    }

    #[test]
    fn kong_offers_only_what_its_plugin_can_do() {
        let d = super::decision(&model(&EDGE.replace("Envoy", "Kong"))).expect("Kong's gap");
        assert!(d.why.contains("fault_tolerant (its default)"), "{}", d.why);
        assert!(d.options.iter().all(|o| !o.starts_with("local")));
        assert_eq!(d.options.len(), d.weighed.len());
        // A limiter that falls back to its share by itself leaves nothing open.
        assert!(super::decision(&model(&EDGE.replace("Envoy", "Traefik"))).is_none());
    }
}

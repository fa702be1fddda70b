//! Step 7's question on what the rate limits do while the store of their shared count is down,
//! asked once the model names such a store: Kong's plugin offers only to let requests through
//! or to refuse them, so its list has no `local`.

use super::prelude::*;
use crate::derive::open_limits::{kong_limits, shared_store, store_users};
use crate::interview::flow::Node;
use crate::model::RateLimitFallback;

/// The answer that leaves the choice open.
const OPEN: &str = "undecided";

/// The question, with the options the enforcers allow.
pub(super) fn question() -> Node {
    pick(
        "resilience.rate_limit_fallback",
        "What do the rate limits do while their shared count cannot be reached?",
        |m, _| {
            let mut out = vec![(
                OPEN.to_owned(),
                "An open decision: the documents weigh the options".to_owned(),
            )];
            if !kong_limits(m) {
                out.push((
                    "local".into(),
                    "Each replica counts alone at its share of the limit".into(),
                ));
            }
            out.push((
                "allow".into(),
                "The limits lapse until the store is back (fail open)".into(),
            ));
            out.push((
                "deny".into(),
                "Every limited request is refused until the store is back (fail closed)".into(),
            ));
            out
        },
    )
    .help(
        "Letting requests through keeps the store's outage from costing requests; refusing them \
         keeps every limit, at the price of the store's availability bounding the gateway's.",
    )
    .value(Lens::new(
        |m, _| {
            (m.resilience.rate_limit_fallback)
                .map_or(OPEN, RateLimitFallback::as_str)
                .to_owned()
        },
        |m, _, v: String| {
            m.resilience.rate_limit_fallback = match v.as_str() {
                "local" => Some(RateLimitFallback::Local),
                "allow" => Some(RateLimitFallback::Allow),
                "deny" => Some(RateLimitFallback::Deny),
                _ => None,
            }
        },
    ))
    .when(|m, _| shared_store(m) && !store_users(m).is_empty())
    .into()
}

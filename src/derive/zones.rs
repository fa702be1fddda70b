//! What losing one availability zone leaves: replicas spread as evenly as the zones allow, so
//! the worst zone to lose is the one holding the most of them. The surviving share comes from
//! that spread (4 replicas over 3 zones lose 2 and keep half), never from a fixed fraction.

use serde::Serialize;

/// Zones a region spreads its replicas over when the model does not say.
pub const ZONES: u32 = 3;

/// The worst single-zone loss for a service running `replicas` over `zones`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ZoneLoss {
    /// Zones the replicas are spread over.
    pub zones: u32,
    /// Whether `zones` is the model's (`deployment.zones`).
    pub zones_stated: bool,
    /// Replicas per service at least.
    pub replicas: u32,
    /// Replicas in the fullest zone: those lost with it.
    pub lost: u32,
    /// Replicas left.
    pub surviving: u32,
    /// The surviving share of capacity in words, e.g. `half`, `two thirds`, `3 of 5`.
    pub share: String,
    /// The load on each surviving replica over its normal load, e.g. 2.0 when half survive.
    pub load_factor: f64,
}

/// The worst zone loss for `replicas` spread evenly over `zones` (at least one of each).
pub fn loss(replicas: u32, zones: u32, zones_stated: bool) -> ZoneLoss {
    let zones = zones.max(1);
    let replicas = replicas.max(1);
    // Spread evenly, the fullest zone holds the rounded-up share; with fewer replicas than
    // zones, each replica sits in a zone of its own.
    let lost = replicas.div_ceil(zones);
    let surviving = replicas - lost;
    ZoneLoss {
        zones,
        zones_stated,
        replicas,
        lost,
        surviving,
        share: share(surviving, replicas),
        load_factor: if surviving == 0 {
            0.0
        } else {
            f64::from(replicas) / f64::from(surviving)
        },
    }
}

/// `surviving` of `total` in words: the common fractions by name, else `k of n`.
fn share(surviving: u32, total: u32) -> String {
    if surviving == 0 {
        return "none".into();
    }
    if surviving == total {
        return "all".into();
    }
    let g = gcd(surviving, total);
    match (surviving / g, total / g) {
        (1, 2) => "half".into(),
        (1, 3) => "a third".into(),
        (2, 3) => "two thirds".into(),
        (1, 4) => "a quarter".into(),
        (3, 4) => "three quarters".into(),
        _ => format!("{surviving} of {total}"),
    }
}

fn gcd(a: u32, b: u32) -> u32 {
    if b == 0 { a } else { gcd(b, a % b) }
}

/// The worst zone loss for `model`'s fewest replicas over its zones.
pub fn of(model: &crate::model::Model) -> ZoneLoss {
    let (min, _) = crate::defaults::replicas(model);
    let stated = model.deployment.zones;
    loss(min, stated.unwrap_or(ZONES), stated.is_some())
}

#[cfg(test)]
mod tests {
    use super::loss;

    #[test]
    fn the_surviving_share_follows_the_spread() {
        // 4 over 3 zones: 2, 1, 1; losing the fullest zone keeps 2 of 4.
        let l = loss(4, 3, false);
        assert_eq!((l.lost, l.surviving, l.share.as_str()), (2, 2, "half"));
        assert_eq!(l.load_factor, 2.0);
        // 3 over 3 keeps two thirds; 6 over 3 too.
        assert_eq!(loss(3, 3, true).share, "two thirds");
        assert_eq!(loss(6, 3, true).share, "two thirds");
        // 5 over 3: 2, 2, 1; losing 2 keeps 3 of 5.
        assert_eq!(loss(5, 3, true).share, "3 of 5");
        // 4 over 2 keeps half; 8 over 4 three quarters.
        assert_eq!(loss(4, 2, true).share, "half");
        assert_eq!(loss(8, 4, true).share, "three quarters");
        // One replica, or one zone, keeps nothing.
        assert_eq!(loss(1, 3, false).share, "none");
        assert_eq!(loss(4, 1, true).share, "none");
        // Two replicas in two zones keep one.
        assert_eq!(loss(2, 3, false).share, "half");
    }
}

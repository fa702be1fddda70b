//! Defaults derived from what a model already says: timeouts from the latency target, sample
//! rates from the load, a deployment strategy from the availability target. The view and the
//! interview use the same functions, so a default shown in a prompt is the one rendered.

use crate::model::{ApiStyle, Backoff, DeployStrategy, Jitter, Model, ServiceKind};

/// How much longer each further nine of a latency's tail is than the one before: a callee's
/// p99.9 is its p99 times this, its p99.99 that times this again.
pub const P999_OVER_P99: f64 = 1.5;
/// The share of a callee's error budget the calls a timeout cuts off may spend, where each cut
/// off call fails its request (no further attempt answers it).
pub const TIMEOUT_BUDGET_SHARE: f64 = 0.1;
/// The furthest nine a derived timeout reaches for: p99.9999.
const TAIL_NINES_MAX: u32 = 6;

/// The percentile of its callee's latency a timeout sits at.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Tail {
    /// Nines of the percentile: 3 for the p99.9, 4 for the p99.99.
    pub nines: u32,
    /// Its name: `p99.9`, `p99.99`.
    pub percentile: String,
    /// The callee's p99 times this is that percentile: [`P999_OVER_P99`] for each nine past 2.
    pub factor: f64,
    /// One call in this many is slower: 1,000 for the p99.9.
    pub one_in: u64,
    /// The error budget whose share it spends, in percent of requests: 0.1 for 99.9%.
    pub budget_pct: f64,
    /// Whether a further attempt answers a call the timeout cuts off (a retry, a redelivery,
    /// a job's next run, the store's source behind a cache).
    pub retried: bool,
}

/// The tail a timeout sits at, for a callee held to `availability` percent. A call `retried`
/// cuts off its callee's p99.9, one call in a thousand, which the next attempt answers. A call
/// made once fails its request with each call it cuts off, so it waits for the first nine
/// whose calls beyond it spend no more than [`TIMEOUT_BUDGET_SHARE`] of the error budget:
/// p99.99 for 99.9%, p99.999 for 99.95%.
pub fn timeout_tail(retried: bool, availability: f64) -> Tail {
    let budget = (100.0 - availability).max(0.0) / 100.0 * TIMEOUT_BUDGET_SHARE;
    let nines = if retried || budget >= 1e-3 {
        3
    } else if budget <= 0.0 {
        TAIL_NINES_MAX
    } else {
        // The small slack keeps 1e-4 at four nines, whatever its float says.
        ((-budget.log10() - 1e-9).ceil() as u32).clamp(3, TAIL_NINES_MAX)
    };
    Tail {
        nines,
        percentile: format!("p99.{}", "9".repeat(nines as usize - 2)),
        factor: P999_OVER_P99.powi(nines as i32 - 2),
        one_in: 10u64.pow(nines),
        // Rounded so 100 - 99.95 reads 0.05.
        budget_pct: ((100.0 - availability) * 1e9).round() / 1e9,
        retried,
    }
}

/// Bulkhead per replica when the load is unknown.
pub const BULKHEAD_WITHOUT_LOAD: u32 = 25;
/// Fewest concurrent calls a derived bulkhead allows per replica, so a quiet call path does
/// not reject its second or third call arriving together.
pub const BULKHEAD_FLOOR: u32 = 4;

/// Calls in flight per replica that a burst reaches, for `mean` in flight on average (Little's
/// law): arrivals are Poisson, whose 99.9th percentile is about the mean plus three standard
/// deviations (√mean), rounded up.
pub fn burst_in_flight(mean: f64) -> u32 {
    let mean = mean.max(0.0);
    (mean + 3.0 * mean.sqrt()).ceil() as u32
}

/// A derived bulkhead for `mean` calls in flight per replica: the burst, at least
/// [`BULKHEAD_FLOOR`].
pub fn burst_bulkhead(mean: f64) -> u32 {
    burst_in_flight(mean).max(BULKHEAD_FLOOR)
}

/// Rounds `v` up to a multiple of `step`.
pub fn ceil_to(v: f64, step: u32) -> u32 {
    let step = f64::from(step.max(1));
    ((v / step).ceil() * step).max(0.0) as u32
}

/// Fewest and most replicas per service: the model's, or 3 (2 below a 99.9% target) and
/// four times that, at least 10.
pub fn replicas(model: &Model) -> (u32, u32) {
    let s = &model.performance.scaling;
    let min = s
        .min_replicas
        .unwrap_or(if availability(model) >= 99.9 { 3 } else { 2 });
    (min, s.max_replicas.unwrap_or((min * 4).max(10)))
}

/// Availability target when the model gives none, in percent.
pub const AVAILABILITY: f64 = 99.9;
/// Attempts per call (first try plus retries) when the model gives none.
pub const MAX_ATTEMPTS: u32 = 3;
/// The access-token lifetime, in minutes, taken for a token method that states none.
pub const TOKEN_TTL_MINUTES: u32 = 15;
/// Request timeout without a latency target, in milliseconds.
pub const TIMEOUT_WITHOUT_TARGET_MS: u32 = 2000;

/// The system's availability target.
pub fn availability(model: &Model) -> f64 {
    model.requirements.availability.unwrap_or(AVAILABILITY)
}

/// A retry policy with every value resolved.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RetryPolicy {
    /// Attempts including the first.
    pub max_attempts: u32,
    /// Growth of the wait.
    pub backoff: Backoff,
    /// First wait.
    pub initial_ms: u32,
    /// Longest wait.
    pub max_ms: u32,
    /// Randomisation.
    pub jitter: Jitter,
}

impl RetryPolicy {
    /// The waits between attempts before jitter, in milliseconds.
    pub fn waits(&self) -> Vec<u32> {
        (1..self.max_attempts)
            .map(|i| {
                let w = match self.backoff {
                    Backoff::Exponential => self.initial_ms.saturating_mul(1u32 << (i - 1).min(20)),
                    Backoff::Linear => self.initial_ms.saturating_mul(i),
                    Backoff::Fixed => self.initial_ms,
                };
                w.min(self.max_ms)
            })
            .collect()
    }

    /// The waits' sum a retried message can count on, in milliseconds: without jitter the
    /// sum; with equal jitter (each wait between half of it and all of it) at least half; with
    /// full jitter (each from zero up to it) half on average.
    pub fn likely_span_ms(&self) -> u64 {
        let sum: u64 = self.waits().iter().map(|w| u64::from(*w)).sum();
        match self.jitter {
            Jitter::None => sum,
            Jitter::Full | Jitter::Equal => sum / 2,
        }
    }

    /// The longest a call can take: every attempt timing out plus every wait.
    pub fn worst_case_ms(&self, timeout_ms: u32) -> u64 {
        u64::from(self.max_attempts) * u64::from(timeout_ms)
            + self.waits().iter().map(|w| u64::from(*w)).sum::<u64>()
    }
}

/// The system-wide retry policy: the model's values, the rest derived from the latency target.
pub fn retry(model: &Model) -> RetryPolicy {
    let r = &model.resilience.retries;
    let p99 = model.requirements.latency.p99_ms;
    let initial = r.initial_ms.unwrap_or(match p99 {
        Some(p) => (p / 10).clamp(10, 100),
        None => 100,
    });
    RetryPolicy {
        max_attempts: r.max_attempts.unwrap_or(MAX_ATTEMPTS),
        backoff: r.backoff.unwrap_or(Backoff::Exponential),
        initial_ms: initial,
        max_ms: r.max_ms.unwrap_or(initial.max(1000)),
        jitter: r.jitter.unwrap_or(Jitter::Full),
    }
}

/// The request timeout of a call to a component that states no latency of its own: the
/// model's, or the system's p99 latency times 1.5 (a stand-in for its p99.9), rounded up to
/// 10 ms. Each call's own timeout comes from its callee in the resilience derivation.
pub fn timeout_ms(model: &Model) -> u32 {
    if let Some(t) = model.resilience.timeout_ms {
        return t;
    }
    match model.requirements.latency.p99_ms {
        Some(p99) => ceil_to(f64::from(p99) * P999_OVER_P99, 10),
        None => TIMEOUT_WITHOUT_TARGET_MS,
    }
}

/// The connection timeout: the model's, or half the request timeout capped at 500 ms.
pub fn connect_timeout_ms(model: &Model) -> u32 {
    model
        .resilience
        .connect_timeout_ms
        .unwrap_or_else(|| (timeout_ms(model) / 2).clamp(10, 500))
}

/// Concurrent calls allowed per caller replica to one dependency: Little's law, the peak
/// rate over the fewest replicas times the timeout (the calls in flight if the dependency
/// answers at its timeout), sized for bursts ([`burst_bulkhead`]). Each call's own comes from
/// its rate in the capacity derivation; this one, for the whole peak, is only a fallback.
pub fn bulkhead(model: &Model, timeout_ms: u32) -> u32 {
    if let Some(b) = model.resilience.bulkhead {
        return b;
    }
    match model.requirements.scale.peak_rps {
        Some(rps) => {
            let replicas = replicas(model).0.max(1);
            let in_flight = f64::from(rps) / f64::from(replicas) * f64::from(timeout_ms) / 1000.0;
            burst_bulkhead(in_flight)
        }
        None => BULKHEAD_WITHOUT_LOAD,
    }
}

/// Head-sampling rate: keep everything at low load, less as load grows.
pub fn sample_rate(model: &Model) -> f64 {
    if let Some(r) = model.observability.tracing.sample_rate {
        return r;
    }
    match model.requirements.scale.peak_rps {
        Some(rps) if rps > 5000 => 0.01,
        Some(rps) if rps > 1000 => 0.05,
        Some(rps) if rps > 100 => 0.2,
        _ => 1.0,
    }
}

/// Deployment strategy: canary where the availability target leaves little error budget.
pub fn deploy_strategy(model: &Model) -> DeployStrategy {
    model
        .deployment
        .strategy
        .unwrap_or(if availability(model) >= 99.9 {
            DeployStrategy::Canary
        } else {
            DeployStrategy::Rolling
        })
}

/// The fewest replicas of each service: the model's, else 3 where the target is 99.9% or more
/// (one zone's loss leaves two), else 2.
pub fn min_replicas(model: &Model) -> u32 {
    model
        .performance
        .scaling
        .min_replicas
        .unwrap_or(if availability(model) >= 99.9 { 3 } else { 2 })
}

/// A service's API style: REST, or none for a worker and the legacy system.
pub fn api_style(kind: ServiceKind, style: Option<ApiStyle>) -> ApiStyle {
    style.unwrap_or(match kind {
        ServiceKind::Worker => ApiStyle::None,
        _ => ApiStyle::Rest,
    })
}

/// Days of the window every availability objective is measured over.
pub const SLO_WINDOW_DAYS: f64 = 30.0;

/// Minutes of downtime a 30-day availability target allows, to the second (99.99%: 4 min
/// 19 s, 4.3167 minutes).
pub fn error_budget_minutes(availability: f64) -> f64 {
    ((100.0 - availability) / 100.0 * SLO_WINDOW_DAYS * 24.0 * 60.0 * 60.0).round() / 60.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model(p99: Option<u32>) -> Model {
        let mut m: Model =
            serde_yaml::from_str("version: 1\nname: t\nrequirements: {domain: d}\n").unwrap();
        m.requirements.latency.p99_ms = p99;
        m
    }

    #[test]
    fn timeouts_come_from_the_latency_not_a_share_of_it() {
        let m = model(Some(300));
        assert_eq!(timeout_ms(&m), 450);
        assert_eq!(timeout_ms(&model(None)), 2000);
    }

    #[test]
    fn bulkheads_count_the_replicas() {
        let mut m = model(Some(400));
        m.requirements.scale.peak_rps = Some(1200);
        // 1200 rps over 3 replicas (the 99.9% default) x 0.6 s = 240 per replica, and
        // 3 x sqrt(240) = 46.5 more for bursts.
        assert_eq!(bulkhead(&m, 600), 287);
    }

    #[test]
    fn bursts_add_three_deviations_over_a_floor() {
        assert_eq!(burst_in_flight(0.095), 2);
        assert_eq!(burst_bulkhead(0.095), BULKHEAD_FLOOR);
        assert_eq!(burst_bulkhead(0.0), BULKHEAD_FLOOR);
        // 16 in flight: 16 + 3 x 4 = 28.
        assert_eq!(burst_bulkhead(16.0), 28);
    }

    #[test]
    fn waits_grow_and_cap() {
        let p = RetryPolicy {
            max_attempts: 5,
            backoff: Backoff::Exponential,
            initial_ms: 100,
            max_ms: 300,
            jitter: Jitter::Full,
        };
        assert_eq!(p.waits(), vec![100, 200, 300, 300]);
        // Full jitter draws each wait from zero up to it: 900 ms at most, 450 on average.
        assert_eq!(p.likely_span_ms(), 450);
        let equal = RetryPolicy {
            jitter: Jitter::Equal,
            ..p
        };
        assert_eq!(equal.likely_span_ms(), 450);
        let none = RetryPolicy {
            jitter: Jitter::None,
            ..p
        };
        assert_eq!(none.likely_span_ms(), 900);
    }

    #[test]
    fn error_budget() {
        assert_eq!(error_budget_minutes(99.9), 43.2);
        // 99.99% of 30 days is 259.2 s: 4 min 19 s, not the 4 min 18 s a tenth of a
        // minute would give.
        assert_eq!(error_budget_minutes(99.99), 259.0 / 60.0);
    }

    #[test]
    fn a_timeout_made_once_waits_for_the_nine_a_tenth_of_the_budget_allows() {
        let at = |retried, availability| {
            let t = timeout_tail(retried, availability);
            (t.percentile, t.factor, t.one_in)
        };
        // A further attempt answers what the p99.9 cuts off, whatever the objective.
        assert_eq!(at(true, 99.99), ("p99.9".into(), 1.5, 1_000));
        // Made once: 0.01% is a tenth of 99.9%'s budget, the p99.99.
        assert_eq!(at(false, 99.9), ("p99.99".into(), 2.25, 10_000));
        // A tenth of 99.95%'s 0.05% is 0.005%: past the p99.99, so the p99.999.
        assert_eq!(at(false, 99.95), ("p99.999".into(), 3.375, 100_000));
        // 99% leaves 0.1% for timeouts: the p99.9 already fits it.
        assert_eq!(at(false, 99.0), ("p99.9".into(), 1.5, 1_000));
        // No budget at all stops at the furthest nine, not at an endless one.
        assert_eq!(at(false, 100.0).0, "p99.9999");
        assert_eq!(timeout_tail(false, 99.95).budget_pct, 0.05);
    }
}

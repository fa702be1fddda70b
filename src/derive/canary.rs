//! A canary per component: the error-ratio gate from the component's own error budget (0.01%
//! for 99.99%, not the system's), and the steps its rollout can actually take. A step by
//! traffic weight needs a router that splits by weight; a step by instances moves a whole
//! replica at a time, so on 3 replicas the smallest is one of them, 33%. A gate by requests
//! needs enough of them to judge ([`Judge`]): where the first step's share of the component's
//! peak rate cannot bring them within the step's hold, synthetic requests do.

use super::capacity::NodeLoad;
use super::guidance::Rollout;
use super::release::Stage;
use crate::defaults;
use crate::model::{Model, ServiceKind};
use serde::Serialize;

/// The canary of one deployable component.
#[derive(Debug, Clone, Serialize)]
pub struct Canary {
    /// The component.
    pub service: String,
    /// `by traffic weight`, `by instances`, `by connections`, ... (see `guidance::rollout`).
    pub how: String,
    /// The availability objective the gate protects, in percent.
    pub availability: f64,
    /// Whether that objective is the component's own (else the system's).
    pub own: bool,
    /// The highest error ratio a step may show, in percent: the objective's error budget.
    pub gate_pct: f64,
    /// The steps in percent of traffic (by weight) or of replicas (by instances alone).
    pub steps: Vec<u32>,
    /// Where instances move (a worker, or a service's consumers): the steps in percent of
    /// replicas, and the replicas at each (of `replicas`); empty otherwise.
    pub instance_steps: Vec<u32>,
    /// The replicas at each of `instance_steps`.
    pub step_replicas: Vec<u32>,
    /// The replica count the steps are taken over.
    pub replicas: u32,
    /// Whether the instance steps differ from the release's: a replica count cannot take them.
    pub rounded: bool,
    /// For a rollout by weight: the share one new replica takes where nothing splits by
    /// weight (one beside `replicas`), in percent.
    pub without_weights_pct: u32,
    /// For a component judged on its requests (by weight): how many it takes and how long the
    /// first step needs to see them; none for one judged by instances or connections.
    pub judge: Option<Judge>,
    /// Where synthetic requests judge it: what they may call and what its writes reach.
    pub probe: Option<super::probes::Probe>,
}

/// The confidence behind [`Judge::requests`]: with no error among `n` requests, the error ratio
/// is under `3 / n` with 95% confidence (the rule of three).
pub const RULE_OF_THREE: f64 = 3.0;

/// How the first step of a canary judged on its requests gets enough of them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Judge {
    /// Requests without an error that show the ratio under the gate: `3 / gate`.
    pub requests: u64,
    /// The component's own peak request rate (from the capacity model), if the model states
    /// the system's peak.
    pub peak_rps: Option<f64>,
    /// The first step's share, in percent.
    pub share_pct: u32,
    /// The requests a second that share carries at peak.
    pub step_rps: Option<f64>,
    /// Seconds the step needs to see `requests` at that rate; none when it carries none or
    /// the peak is unknown.
    pub seconds: Option<f64>,
    /// The first step's hold, in seconds.
    pub hold_seconds: f64,
    /// Whether its own traffic cannot bring `requests` within the hold (or carries none):
    /// synthetic requests then judge the step.
    pub synthetic: bool,
    /// The synthetic requests a second that bring `requests` on their own within the hold:
    /// `requests / hold_seconds`, rounded up to a tenth (so the rate shown still reaches them);
    /// zero where the real traffic suffices.
    pub synthetic_rps: f64,
    /// Where those synthetic requests would be more than a quarter of the component's peak
    /// (a load test of the canary, not a sample of its traffic): the tightest error ratio, in
    /// percent, the step's own requests within its hold can show (3 ÷ those requests), which
    /// gates the step instead.
    pub own_gate_pct: Option<f64>,
    /// With `own_gate_pct`: the first later step whose own requests within its hold reach
    /// `requests`, in percent, from which the full gate applies; none when only the full
    /// rollout does.
    pub full_from: Option<u32>,
    /// With `own_gate_pct`: how long the step must hold for synthetic requests at a quarter
    /// of the component's peak to bring `requests` on their own, in seconds; the way to keep
    /// the full gate from the first step.
    pub long_hold_seconds: Option<f64>,
    /// With `own_gate_pct`: the step's own requests within its hold, which it is judged on
    /// against the stable version.
    pub seen: Option<u64>,
    /// With `own_gate_pct`: the errors among `seen` that fail the step, the fewest the stable
    /// version at its objective's ratio shows by chance less than 5% of the time
    /// ([`FALSE_ALARM`]).
    pub fail_at: Option<u32>,
    /// With `fail_at`: how often the stable version would show that many by chance, in
    /// percent: the step's false alarms.
    pub false_alarm_pct: Option<f64>,
    /// With `fail_at`: the error ratio, in percent, of a canary that shows that many 19 times
    /// in 20 (see [`caught`]): what the step stops.
    pub caught_pct: Option<f64>,
}

/// The most often a step comparing its canary with the stable version may fail by chance.
pub const FALSE_ALARM: f64 = 0.05;

/// The most often a canary failing at [`Judge::caught_pct`] may pass its step unseen.
pub const MISSED: f64 = 0.05;

/// The chance that a version failing `mean` requests on average among some shows fewer than
/// `k` errors (a Poisson sum).
fn below(k: u32, mean: f64) -> f64 {
    let mut sum = 0.0;
    let mut term = (-mean).exp();
    for i in 0..k {
        sum += term;
        term *= mean / f64::from(i + 1);
    }
    sum
}

/// The error ratio of a version that shows at least `k` errors among `n` requests 19 times in
/// 20: with `k` 1, the rule of three (`3 / n`).
pub fn caught(n: u64, k: u32) -> f64 {
    let (mut lo, mut hi) = (0.0_f64, f64::from(k) * 4.0 + 10.0);
    for _ in 0..100 {
        let mid = (lo + hi) / 2.0;
        if below(k, mid) > MISSED {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    hi / n.max(1) as f64
}

/// The fewest errors among `n` requests that a version failing `ratio` of them shows less
/// often than [`FALSE_ALARM`], and how often it shows them (a Poisson tail, as `ratio` is
/// small): where a canary shows that many, it fails more than the stable version.
pub fn fail_at(n: u64, ratio: f64) -> (u32, f64) {
    let mean = n as f64 * ratio;
    (0..10_000u32)
        .map(|k| (k, 1.0 - below(k, mean)))
        .find(|(_, tail)| *tail < FALSE_ALARM)
        .map_or((10_000, 0.0), |(k, tail)| (k, tail.max(0.0)))
}

impl Judge {
    /// The gate's error ratio, from the requests it needs (`3 / requests`).
    fn requests_ratio(&self) -> f64 {
        RULE_OF_THREE / self.requests as f64
    }
}

/// The requests a gate of `gate_pct` percent needs: `3 / ratio`, rounded up (0.05% is 6,000).
pub fn requests_to_judge(gate_pct: f64) -> u64 {
    let n = RULE_OF_THREE * 100.0 / gate_pct;
    // 3 / 0.0005 is 5999.999...: round the noise away before rounding up.
    ((n * 1e6).round() / 1e6).ceil() as u64
}

/// How the first step, `share_pct`% of a component's `peak_rps` held `hold_minutes`, judges a
/// gate of `gate_pct`%: by its own requests when they arrive within the hold, else by synthetic
/// requests at `requests / hold`. An unknown peak (`None`) cannot promise the real traffic.
pub fn judge(gate_pct: f64, peak_rps: Option<f64>, share_pct: u32, hold_minutes: u32) -> Judge {
    let requests = requests_to_judge(gate_pct);
    let hold_seconds = f64::from(hold_minutes) * 60.0;
    let step_rps = peak_rps.map(|p| p * f64::from(share_pct) / 100.0);
    let seconds = step_rps.filter(|&r| r > 0.0).map(|r| requests as f64 / r);
    let synthetic = seconds.is_none_or(|s| s > hold_seconds);
    Judge {
        requests,
        peak_rps,
        share_pct,
        step_rps,
        seconds,
        hold_seconds,
        synthetic,
        synthetic_rps: if synthetic {
            (requests as f64 * 10.0 / hold_seconds).ceil() / 10.0
        } else {
            0.0
        },
        own_gate_pct: None,
        full_from: None,
        long_hold_seconds: None,
        seen: None,
        fail_at: None,
        false_alarm_pct: None,
        caught_pct: None,
    }
}

/// Where `j`'s synthetic requests would load-test the canary (more than a quarter of its peak),
/// the step is gated on its own requests instead, tightening to the full gate at the first
/// of `stages` whose requests within its hold reach the count.
fn own_traffic(mut j: Judge, stages: &[Stage]) -> Judge {
    let (Some(peak), Some(rate)) = (j.peak_rps, j.step_rps) else {
        return j;
    };
    if !j.synthetic || rate <= 0.0 || j.synthetic_rps <= peak * 0.25 {
        return j;
    }
    let seen = rate * j.hold_seconds;
    // Rounded up to a thousandth of a percent, so the gate shown is never tighter than 3 ÷ n.
    j.own_gate_pct = Some((RULE_OF_THREE / seen * 100.0 * 1000.0).ceil() / 1000.0);
    // Counting on none of its own requests, as the synthetic rate does.
    j.long_hold_seconds = Some((j.requests as f64 / (peak * 0.25)).ceil());
    let n = seen.round() as u64;
    let (k, chance) = fail_at(n, j.requests_ratio());
    (j.seen, j.fail_at, j.false_alarm_pct) = (Some(n), Some(k), Some(chance * 100.0));
    // Rounded up to a thousandth of a percent, as the gate is.
    j.caught_pct = Some((caught(n, k) * 100.0 * 1000.0).ceil() / 1000.0);
    j.full_from = (stages.iter().skip(1))
        .filter_map(|s| Some((s.percent, f64::from(s.hold_minutes?) * 60.0)))
        .find(|(p, hold)| peak * f64::from(*p) / 100.0 * hold >= j.requests as f64)
        .map(|(p, _)| p);
    j
}

/// Each canary judged on its requests gets its [`Judge`]: from its peak rate in `loads` (the
/// capacity model's; none when the model states no peak) and the first of `stages`.
pub fn judge_all(canaries: &mut [Canary], stages: &[Stage], loads: &[NodeLoad], peak: bool) {
    let Some(hold) = stages.first().and_then(|s| s.hold_minutes) else {
        return;
    };
    for c in canaries {
        let by_weight = c.how == Rollout::ByWeight.words()
            || c.how == Rollout::ByWeightConsumersByInstances.words();
        if !by_weight {
            continue;
        }
        let rate = loads
            .iter()
            .find(|l| l.name == c.service)
            .map_or(0.0, |l| l.rate_rps);
        let j = judge(c.gate_pct, peak.then_some(rate), c.steps[0], hold);
        c.judge = Some(own_traffic(j, stages));
    }
}

/// Every deployable component's canary, for the release steps `steps`.
pub fn derive(model: &Model, steps: &[u32]) -> Vec<Canary> {
    let n = defaults::min_replicas(model).max(1);
    let system = defaults::availability(model);
    model
        .services
        .iter()
        .filter(|s| s.kind != ServiceKind::Legacy)
        .map(|s| {
            let how = super::guidance::rollout(
                s.kind,
                defaults::api_style(s.kind, s.api.style),
                !s.consumes.is_empty(),
            );
            let own = s.slo.as_ref().and_then(|o| o.availability);
            let availability = own.unwrap_or(system);
            let (instance_steps, step_replicas) = if how.moves_instances() {
                by_instances(steps, n)
            } else {
                (Vec::new(), Vec::new())
            };
            let taken = if how == Rollout::ByInstances {
                instance_steps.clone()
            } else {
                steps.to_vec()
            };
            Canary {
                service: s.name.clone(),
                how: how.words().into(),
                availability,
                own: own.is_some(),
                gate_pct: super::burn::budget_pct(availability),
                rounded: !instance_steps.is_empty() && instance_steps != steps,
                steps: taken,
                instance_steps,
                step_replicas,
                replicas: n,
                without_weights_pct: (100.0 / f64::from(n + 1)).round() as u32,
                judge: None,
                probe: None,
            }
        })
        .collect()
}

/// Each step rounded up to whole replicas of `n`, repeats dropped: 5, 25, 50, 100 on 3
/// replicas is 1, 2, 3 of them (33%, 67%, 100%).
fn by_instances(steps: &[u32], n: u32) -> (Vec<u32>, Vec<u32>) {
    let mut replicas: Vec<u32> = steps.iter().map(|s| (s * n).div_ceil(100).max(1)).collect();
    replicas.dedup();
    let pct = replicas
        .iter()
        .map(|k| (f64::from(*k) * 100.0 / f64::from(n)).round() as u32)
        .collect();
    (pct, replicas)
}

#[cfg(test)]
mod tests {
    use super::super::graph::tests::named;
    use super::*;

    #[test]
    fn the_gate_is_each_components_budget_and_instances_move_whole_replicas() {
        let m = named(
            "requirements: {domain: d, availability: 99.95}\nservices:\n  - {name: api, responsibility: r, slo: {availability: 99.99}}\n  - {name: mailer, kind: worker, responsibility: r}\n",
        );
        let c = derive(&m, &[5, 25, 50, 100]);
        assert_eq!((c[0].gate_pct, c[0].own), (0.01, true));
        assert_eq!((c[1].gate_pct, c[1].own), (0.05, false));
        // api by weight keeps the steps; one replica beside 3 would take a quarter.
        assert_eq!(
            (c[0].steps.clone(), c[0].rounded),
            (vec![5, 25, 50, 100], false)
        );
        assert_eq!(c[0].without_weights_pct, 25);
        // mailer by instances: 1, 2, 3 of its 3 replicas.
        assert_eq!(c[1].steps, [33, 67, 100]);
        assert_eq!(
            (c[1].step_replicas.clone(), c[1].rounded),
            (vec![1, 2, 3], true)
        );
        let ten = named(
            "requirements: {domain: d}\nperformance: {scaling: {min_replicas: 20}}\nservices: [{name: w, kind: worker, responsibility: r}]\n",
        );
        assert_eq!(derive(&ten, &[5, 25, 50, 100])[0].steps, [5, 25, 50, 100]);
    }

    #[test]
    fn a_gate_takes_three_over_its_ratio_in_requests() {
        assert_eq!(requests_to_judge(0.05), 6_000);
        assert_eq!(requests_to_judge(0.01), 30_000);
        assert_eq!(requests_to_judge(0.1), 3_000);
    }

    #[test]
    fn a_low_rate_step_is_judged_by_synthetic_requests_and_a_busy_one_by_its_own() {
        // clinic-booking's patients: 0.5 a second at peak, 5% of it for 15 minutes.
        let low = judge(0.05, Some(0.5), 5, 15);
        assert_eq!((low.requests, low.step_rps), (6_000, Some(0.025)));
        assert_eq!(low.seconds, Some(240_000.0));
        assert!(low.synthetic);
        // 6,000 within the 900 s hold: 6.67 synthetic requests a second, shown as 6.7.
        assert_eq!(low.synthetic_rps, 6.7);
        // 2,000 a second: 5% is 100 a second, 6,000 in a minute, well within the hold.
        let busy = judge(0.05, Some(2_000.0), 5, 15);
        assert_eq!((busy.seconds, busy.synthetic), (Some(60.0), false));
        assert_eq!(busy.synthetic_rps, 0.0);
        // No traffic, or no stated peak: nothing real to count on.
        assert!(judge(0.05, Some(0.0), 5, 15).synthetic);
        let unknown = judge(0.05, None, 5, 15);
        assert_eq!((unknown.seconds, unknown.synthetic), (None, true));
    }

    #[test]
    fn only_components_by_weight_are_judged_on_their_requests() {
        let m = named(
            "requirements: {domain: d}\nservices:\n  - {name: api, responsibility: r}\n  - {name: mailer, kind: worker, responsibility: r}\n",
        );
        let mut c = derive(&m, &[5, 25, 100]);
        let load = |name: &str, rate_rps| NodeLoad {
            name: name.into(),
            rate_rps,
            replicas: 3,
            per_replica_rps: rate_rps / 3.0,
            events_per_s: 0.0,
            frames_in_per_s: 0.0,
            frames_out_per_s: 0.0,
            edge: true,
            callbacks_rps: 0.0,
            limit: None,
        };
        let stage = |percent, hold_minutes| Stage {
            percent,
            peak_rps: None,
            hold_minutes,
        };
        let stages = [stage(5, Some(15)), stage(25, Some(10)), stage(100, None)];
        judge_all(
            &mut c,
            &stages,
            &[load("api", 4.0), load("mailer", 0.0)],
            true,
        );
        let api = c[0].judge.clone().expect("api is judged on its requests");
        // 0.1% gate: 3,000 requests at 0.2 a second is 15,000 s, over the 900 s hold.
        assert_eq!((api.requests, api.seconds), (3_000, Some(15_000.0)));
        // 3.33 a second rounds up to 3.4: 3.3 would bring 2,970 in the hold.
        assert_eq!((api.synthetic, api.synthetic_rps), (true, 3.4));
        // 3.4 a second is 85% of api's peak of 4: a load test, so the step is gated on the 180
        // requests its own 0.2 a second bring in 15 minutes, under 3 ÷ 180 = 1.667%; the 25%
        // step's 600 in 10 minutes do not reach 3,000 either, so the full gate waits for 100%.
        assert_eq!((api.own_gate_pct, api.full_from), (Some(1.667), None));
        // Or the step holds until a quarter of the peak (1 a second) brings the 3,000 on its
        // own: 3,000 s.
        assert_eq!(api.long_hold_seconds, Some(3_000.0));
        // Held an hour at 25%, that step brings 3,600 of api's requests: the full gate from there.
        let long = [stage(5, Some(15)), stage(25, Some(60)), stage(100, None)];
        let mut held = derive(&m, &[5, 25, 100]);
        judge_all(
            &mut held,
            &long,
            &[load("api", 4.0), load("mailer", 0.0)],
            true,
        );
        let j = held[0].judge.clone().unwrap();
        assert_eq!((j.own_gate_pct, j.full_from), (Some(1.667), Some(25)));
        // At a peak of 40 the synthetic 3.4 a second are a sample, not a load test.
        let mut busy = derive(&m, &[5, 25, 100]);
        judge_all(
            &mut busy,
            &stages,
            &[load("api", 40.0), load("mailer", 0.0)],
            true,
        );
        let j = busy[0].judge.clone().unwrap();
        assert_eq!(
            (j.synthetic_rps, j.own_gate_pct, j.full_from),
            (3.4, None, None)
        );
        assert_eq!(c[1].judge, None);
    }

    #[test]
    fn a_step_on_few_requests_fails_at_the_errors_the_stable_version_seldom_shows() {
        // 57 requests at 0.05%: one error is already under a 5% chance (2.8%).
        let (k, chance) = fail_at(57, 0.0005);
        assert_eq!(k, 1);
        assert!((chance - 0.0281).abs() < 1e-3, "{chance}");
        // 549 at 0.01%: one error shows 5.3% of the time, two 0.15%.
        assert_eq!(fail_at(549, 0.0001).0, 2);
        assert_eq!(fail_at(4502, 0.0001).0, 3);
        // What it catches: with one error allowed to fail it, the rule of three (-ln 0.05 / n).
        assert!((caught(57, 1) - 2.9957 / 57.0).abs() < 1e-4);
        // With three, a ratio whose mean of errors shows three 19 times in 20 (6.296).
        assert!((caught(4502, 3) * 4502.0 - 6.296).abs() < 1e-2);
    }
}

//! The limiters the view derives: the bulkhead sized from the limit, the share of the peak
//! carried, the backlog a minute and when a journey through the limiter misses its objective.

use super::build;

const MODEL: &str = "version: 1\nname: t\nrequirements: {domain: d, scale: {peak_rps: 1000}}\nclients: [{name: web}]\nexternals: [{name: psp, rate_limit_rps: 100}]\nservices:\n  - {name: orders, responsibility: r, publishes: [{name: Placed, fields: [{name: id, type: uuid}]}]}\n  - {name: pay, responsibility: r, consumes: [Placed], publishes: [{name: Paid, fields: [{name: id, type: uuid}]}]}\ncommunication:\n  brokers: [{name: k, technology: Kafka}]\n  links:\n    - {from: web, to: orders}\n    - {from: orders, to: pay, style: async, events: [Placed]}\n    - {from: pay, to: psp, background: true, resilience: {rate_limit_rps: LIMIT}}\n  flows:\n    - name: Checkout\n      end_to_end: {p99_ms: 600000, until: Paid}\n      steps:\n        - {from: web, to: orders, action: POST}\n        - {from: orders, to: k, action: Placed}\n        - {from: k, to: pay, action: Placed}\n        - {from: pay, to: psp, action: Charge}\n        - {from: pay, to: k, action: Paid}\n";

fn view(limit: &str) -> crate::view::View {
    let m: crate::model::Model = serde_yaml::from_str(&MODEL.replace("LIMIT", limit)).unwrap();
    build(&m)
}

#[test]
fn a_limiter_below_the_peak_carries_its_share_and_delays_the_journey() {
    let v = view("50");
    let r = v.resilience.derived.as_ref().unwrap();
    let l = &r.limiters;
    assert_eq!(l.len(), 1, "{l:?}");
    let l = &l[0];
    assert_eq!((l.caller.as_str(), l.callee.as_str()), ("pay", "psp"));
    let demand = l.demand_rps;
    assert!(demand > 50.0, "{demand}");
    assert_eq!(l.carried_pct, (50.0 / demand * 1000.0_f64).round() / 10.0);
    assert_eq!(l.backlog_per_minute, ((demand - 50.0) * 60.0).round());
    assert_eq!(l.journeys.len(), 1);
    let j = &l.journeys[0];
    assert_eq!(j.flow, "Checkout");
    // A run arriving t into the peak waits (demand − 50)·t ÷ 50: 10 min of wait comes at
    // 10 min × 50 ÷ (demand − 50).
    let expect = (600.0 * 50.0 / (demand - 50.0)).floor() as u64 * 1000;
    assert_eq!(j.breached_after_ms, expect);
    // The bulkhead counts the calls the limiter lets through, not the demand.
    let call = v.links.iter().find(|k| k.to.name == "psp").unwrap();
    let x = call.policy.as_ref().unwrap().derivation.as_ref().unwrap();
    assert_eq!(x.limited_rps, Some(50.0));
    let per_replica = 50.0 / f64::from(x.caller_replicas) * f64::from(x.timeout_ms) / 1000.0;
    assert!((x.in_flight - per_replica).abs() < 0.001, "{}", x.in_flight);
}

#[test]
fn a_limiter_above_the_peak_holds_nothing_back() {
    let v = view("100000");
    let r = v.resilience.derived.as_ref().unwrap();
    let call = v.links.iter().find(|k| k.to.name == "psp").unwrap();
    let x = call.policy.as_ref().unwrap().derivation.as_ref().unwrap();
    assert!(x.rate_rps > 0.0 && x.rate_rps < 100000.0, "{}", x.rate_rps);
    assert!(r.limiters.is_empty(), "{:?}", r.limiters);
    assert_eq!(x.limited_rps, None);
}

#[test]
fn a_provider_limit_the_web_shares_binds_before_the_limiter() {
    // The web also calls psp straight from the browser on every checkout, with no link: the
    // account's 100 a second is shared, and only pay's calls wait behind its limiter of 90.
    let m: crate::model::Model = serde_yaml::from_str(
        &MODEL
            .replace("LIMIT", "90")
            .replace(
                "scale: {peak_rps: 1000}}",
                "scale: {peak_rps: 1000}, use_cases: [{name: Buy, share: 100, served_by: [Checkout]}]}",
            )
            .replace(
            "        - {from: web, to: orders, action: POST}\n",
            "        - {from: web, to: orders, action: POST}\n        - {from: web, to: psp, action: Confirm}\n",
        ),
    )
    .unwrap();
    let v = build(&m);
    let l = &v.resilience.derived.as_ref().unwrap().limiters[0];
    let a = l.account.as_ref().expect("the account is shared");
    assert_eq!(a.others, ["web"]);
    assert_eq!(a.limit_rps, 100.0);
    assert!((a.total_rps - (l.demand_rps + a.others_rps)).abs() < 1e-9);
    assert_eq!(
        a.carried_pct,
        (100.0 / a.total_rps * 1000.0_f64).round() / 10.0
    );
    // The account lets fewer of the peak's calls through than the limiter does: it binds.
    assert!(a.carried_pct < l.carried_pct, "{a:?} {l:?}");
    assert_eq!(l.holds_pct, a.carried_pct);
    // Alone on the account, the limiter binds.
    let v = view("50");
    let l = &v.resilience.derived.as_ref().unwrap().limiters[0];
    assert!(l.account.is_none());
    assert_eq!(l.holds_pct, l.carried_pct);
}

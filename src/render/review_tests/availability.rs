//! The rules on availability: a journey's and a gateway's availability against their
//! dependencies, and a store's recovery time against the error budget.

use super::{CHECKOUT, Case, assert_finds, case, findings, with};
use crate::model::Model;
use crate::render::Renderer;

/// A case for each rule of this family.
pub(super) fn cases() -> Vec<Case> {
    vec![
        case(
            "journey-availability:Checkout",
            &[(
                "{name: gw, kind: gateway, responsibility: r, slo: {availability: 99.98}}",
                "{name: gw, kind: gateway, responsibility: r, slo: {availability: 99.9}}",
            )],
        ),
        case(
            // orders states no p99, so it may take gw's whole 400 ms budget; gw, a gateway,
            // counts only with a target of its own.
            "journey-latency:Checkout",
            &[(
                CHECKOUT,
                "- name: Checkout\n      slo: {latency_p99_ms: 300}\n",
            )],
        ),
        case(
            // 300 a second reach orders at peak; a provider it calls accepting 100 refuses
            // the rest.
            "provider-rate-limit:psp",
            &[
                (
                    "availability: 99.99, idempotency_header: Idempotency-Key}]",
                    "availability: 99.99, idempotency_header: Idempotency-Key, rate_limit_rps: 100}]",
                ),
                (
                    "    - {from: orders, to: stock}\n",
                    "    - {from: orders, to: stock}\n    - {from: orders, to: psp, resilience: {fallback: queue it}}\n",
                ),
                (
                    "        - {from: orders, to: stock, action: Check}\n",
                    "        - {from: orders, to: stock, action: Check}\n        - {from: orders, to: psp, action: Charge}\n",
                ),
            ],
        ),
        case(
            // The limiter lets 150 a second through to a provider that accepts 100.
            "rate-limiter-above-provider:pay->psp",
            &[
                (
                    "availability: 99.99, idempotency_header: Idempotency-Key}]",
                    "availability: 99.99, idempotency_header: Idempotency-Key, rate_limit_rps: 100}]",
                ),
                (
                    "{from: pay, to: psp, background: true}",
                    "{from: pay, to: psp, background: true, resilience: {rate_limit_rps: 150}}",
                ),
            ],
        ),
        case(
            "slo-dependencies:orders",
            &[(
                "slo: {availability: 99.99, latency_p99_ms: 40}",
                "slo: {availability: 99.9, latency_p99_ms: 40}",
            )],
        ),
        case(
            // 99.9% allows 43.2 minutes a month; a one-hour restore spends it alone.
            "rto-over-error-budget:orders-db",
            &[(
                "    slo: {availability: 99.99}\n    publishes",
                "    slo: {availability: 99.99}\n    data: [{name: orders-db, store: PostgreSQL, recovery: {rto_minutes: 60}}]\n    publishes",
            )],
        ),
        case(
            // Measured at gw, the system's 99.97% meets gw 99.98% × orders 99.99% × stock
            // 99.99% = 99.96%; the journey holds its own 99.9%.
            "gateway-availability:gw",
            &[
                ("  availability: 99.9\n", "  availability: 99.97\n"),
                (
                    CHECKOUT,
                    "- name: Checkout\n      slo: {availability: 99.9}\n",
                ),
            ],
        ),
    ]
}

#[test]
fn each_availability_rule_finds_what_it_is_for() {
    assert_finds(&cases());
}

#[test]
fn an_rto_within_the_error_budget_passes_and_one_over_it_points_at_its_key() {
    let store = |rto: u32| {
        with(&[(
            "    slo: {availability: 99.99}\n    publishes",
            &format!(
                "    slo: {{availability: 99.99}}\n    data: [{{name: db, store: PostgreSQL, recovery: {{rto_minutes: {rto}}}}}]\n    publishes"
            ),
        )])
    };
    // 99.9% allows 43.2 minutes in 30 days.
    assert!(
        !findings(&store(43))
            .iter()
            .any(|f| f.starts_with("rto-over-error-budget:"))
    );
    let model: Model = serde_yaml::from_str(&store(44)).unwrap();
    let view = Renderer::builtin().unwrap().view(&model).unwrap();
    let f = view
        .review
        .iter()
        .find(|f| f.id == "rto-over-error-budget:db")
        .unwrap();
    assert_eq!(f.at, "/services/1/data/0/recovery/rto_minutes");
}

//! Error budgets and the multi-window burn-rate thresholds that alert on them.
//!
//! The policy is the SRE workbook's: page when the budget burns 14.4 times too fast over 1 h
//! (2% of a 30-day budget gone), or 6 times over 6 h (5%); ticket at once over 3 days. A
//! threshold is an error ratio, so a target whose budget times the factor reaches 100% can
//! never fire that alert.

use serde::Serialize;

/// The burn rate that pages over 1 h and 5 min.
pub const FAST_PAGE: f64 = 14.4;
/// The burn rate that pages over 6 h and 30 min.
pub const SLOW_PAGE: f64 = 6.0;

/// The error ratios, in percent, above which each alert of one objective fires.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Burn {
    /// Page over 1 h and 5 min; `None` when the ratio would exceed 100%.
    pub fast_page_pct: Option<f64>,
    /// Page over 6 h and 30 min; `None` when the ratio would exceed 100%.
    pub slow_page_pct: Option<f64>,
    /// Ticket over 3 d and 6 h: the error budget itself.
    pub ticket_pct: f64,
}

/// The error budget of an availability target, in percent of requests.
pub fn budget_pct(availability: f64) -> f64 {
    clean(100.0 - availability)
}

/// Rounds away binary noise (100 - 99.95 is 0.04999...) so the view shows what people expect.
fn clean(pct: f64) -> f64 {
    (pct * 1e9).round() / 1e9
}

/// The alert thresholds of an availability target in percent.
pub fn burn(availability: f64) -> Burn {
    let budget = budget_pct(availability);
    let under_all = |factor: f64| Some(clean(budget * factor)).filter(|r| *r < 100.0);
    Burn {
        fast_page_pct: under_all(FAST_PAGE),
        slow_page_pct: under_all(SLOW_PAGE),
        ticket_pct: budget,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_three_nines_target_pages_at_fourteen_and_six_times_its_budget() {
        let b = burn(99.9);
        assert_eq!(b.fast_page_pct, Some(1.44));
        assert_eq!(b.slow_page_pct, Some(0.6));
        assert_eq!(b.ticket_pct, 0.1);
        assert_eq!(
            burn(99.95).fast_page_pct,
            Some(0.72),
            "no binary noise in the view"
        );
    }

    #[test]
    fn a_loose_target_has_no_page_that_could_fire() {
        let b = burn(90.0);
        assert_eq!(b.fast_page_pct, None, "10% × 14.4 is over 100%");
        assert!((b.slow_page_pct.unwrap() - 60.0).abs() < 1e-9);
        assert!((b.ticket_pct - 10.0).abs() < 1e-9);
        assert_eq!(burn(80.0).slow_page_pct, None, "20% × 6 is over 100%");
    }
}

//! How often a scheduled job runs: the longest wait between two runs of its cron schedule,
//! which bounds how late the job notices what it enforces (a deadline, an expiry).

use chrono::{TimeZone, Utc};
use std::str::FromStr;

/// The longest gap in minutes between two runs of the five-field cron `schedule`, over a
/// year of runs from a fixed Monday (so the answer never depends on today), or why it cannot
/// be read.
pub fn period_minutes(schedule: &str) -> Result<u32, String> {
    let cron = croner::Cron::from_str(schedule.trim()).map_err(|e| e.to_string())?;
    let start = Utc
        .with_ymd_and_hms(2026, 1, 5, 0, 0, 0)
        .single()
        .expect("a valid start");
    let end = start + chrono::Duration::days(400);
    let mut previous = cron
        .find_next_occurrence(&start, true)
        .map_err(|e| e.to_string())?;
    let mut longest = 0i64;
    // Every minute for two weeks is enough to know a schedule that frequent.
    for _ in 0..20_000 {
        let Ok(next) = cron.find_next_occurrence(&previous, false) else {
            break;
        };
        longest = longest.max((next - previous).num_minutes());
        if next > end {
            break;
        }
        previous = next;
    }
    u32::try_from(longest.max(1)).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::period_minutes;

    #[test]
    fn the_period_is_the_longest_wait_between_runs() {
        assert_eq!(period_minutes("*/15 * * * *"), Ok(15));
        assert_eq!(period_minutes("0 * * * *"), Ok(60));
        assert_eq!(period_minutes("0 3 * * *"), Ok(1440));
        // Weekdays only: Friday to Monday is the longest wait.
        assert_eq!(period_minutes("0 9 * * 1-5"), Ok(3 * 1440));
        assert_eq!(period_minutes("* * * * *"), Ok(1));
        assert!(period_minutes("every hour").is_err());
    }
}

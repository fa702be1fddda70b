//! Numbers in prose: few decimals, thousands separators, sizes in bytes and durations, for the
//! derivations' own text and for the templates' filters alike.

/// `v` with at most `digits` decimals and no trailing zeros; a value that is not zero but
/// would round to it keeps its first significant digit (`0.02`, not `0`), up to six decimals.
pub fn number(v: f64, digits: usize) -> String {
    let mut s = format!("{v:.digits$}");
    if v != 0.0
        && v.is_finite()
        && s.trim_start_matches('-')
            .trim_matches(['0', '.'])
            .is_empty()
    {
        let first = (-v.abs().log10()).ceil().clamp(0.0, 6.0) as usize;
        s = format!("{v:.first$}");
    }
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        s
    }
}

/// A whole number (rounded) with a comma between each group of three digits: `2,000,000`.
pub fn thousands(v: f64) -> String {
    let digits = format!("{:.0}", v.abs());
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if v.round() < 0.0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `n` and the noun that fits it: `1 cache`, `2 caches`, `1,200 requests`.
pub fn count(n: f64, one: &str, many: &str) -> String {
    let noun = if n.round() == 1.0 { one } else { many };
    format!("{} {noun}", thousands(n))
}

/// A size in bytes in the largest decimal unit that keeps it above one: `512 B`, `8.2 MB`,
/// `1.4 TB`.
pub fn bytes(v: f64) -> String {
    const UNITS: [(f64, &str); 4] = [(1e12, "TB"), (1e9, "GB"), (1e6, "MB"), (1e3, "kB")];
    for (size, unit) in UNITS {
        if v >= size {
            let n = v / size;
            return if n >= 100.0 {
                format!("{n:.0} {unit}")
            } else {
                format!("{n:.1} {unit}")
            };
        }
    }
    format!("{v:.0} B")
}

/// A duration as a person reads it, in at most two units: `80 ms`, `1.5 s`, `30 s`,
/// `18 min 31 s`, `2 h 5 min`, `3 d 4 h`. Every duration archgen shows a reader (the
/// `duration` filter and the derivations' own text) goes through here, so `1111 s` never
/// reaches a document.
pub fn duration(ms: f64) -> String {
    let ms = ms.max(0.0);
    if ms < 999.5 {
        return format!("{} ms", number(ms, 0));
    }
    if ms < 60_000.0 {
        // Under ten seconds a tenth still matters (a 1.5 s timeout); above, it is noise. Both
        // are rounded half up on whole tenths or seconds, so 1,450 ms and 2,450 ms read alike
        // (1.5 s, 2.5 s), whatever the nearest binary fraction of 1.45 is.
        let s = if ms < 9_950.0 {
            number((ms / 100.0).round() / 10.0, 1)
        } else {
            number((ms / 1000.0).round(), 0)
        };
        if s != "60" {
            return format!("{s} s");
        }
    }
    // Two units at most, the smaller rounded: seconds under an hour, minutes under a day.
    let (big, small, per, big_unit, small_unit) = if ms < 3_600_000.0 - 500.0 {
        let total = (ms / 1000.0).round() as u64;
        (total / 60, total % 60, 60, "min", "s")
    } else if ms < 86_400_000.0 - 30_000.0 {
        let total = (ms / 60_000.0).round() as u64;
        (total / 60, total % 60, 60, "h", "min")
    } else {
        let total = (ms / 3_600_000.0).round() as u64;
        (total / 24, total % 24, 24, "d", "h")
    };
    debug_assert!(small < per);
    if small == 0 {
        format!("{big} {big_unit}")
    } else {
        format!("{big} {big_unit} {small} {small_unit}")
    }
}

/// [`duration`] of a whole number of seconds.
pub fn seconds(s: f64) -> String {
    duration(s * 1000.0)
}

/// [`duration`] of a number of minutes (an error budget of 21.6 minutes reads `21 min 36 s`).
pub fn minutes(m: f64) -> String {
    duration(m * 60_000.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_value_keeps_its_first_digit() {
        assert_eq!(number(0.02, 1), "0.02");
        assert_eq!(number(-0.004, 1), "-0.004");
        assert_eq!(number(0.0, 1), "0");
        assert_eq!(number(0.25, 1), "0.2");
        assert_eq!(number(1e-9, 1), "0");
    }

    #[test]
    fn counts_take_the_noun_that_fits() {
        assert_eq!(count(1.0, "cache", "caches"), "1 cache");
        assert_eq!(count(0.0, "cache", "caches"), "0 caches");
        assert_eq!(count(2500.0, "request", "requests"), "2,500 requests");
    }

    #[test]
    fn thousands_groups_digits_by_three() {
        assert_eq!(thousands(0.0), "0");
        assert_eq!(thousands(999.0), "999");
        assert_eq!(thousands(1000.0), "1,000");
        assert_eq!(thousands(3_456_000.0), "3,456,000");
        assert_eq!(thousands(1_234_567_890_123.0), "1,234,567,890,123");
        assert_eq!(thousands(41_399.6), "41,400");
        assert_eq!(thousands(-1500.0), "-1,500");
    }

    #[test]
    fn numbers_and_durations() {
        assert_eq!(number(99.90, 2), "99.9");
        assert_eq!(number(1.4399999, 2), "1.44");
        assert_eq!(duration(250.0), "250 ms");
        assert_eq!(duration(30_000.0), "30 s");
        assert_eq!(duration(300_000.0), "5 min");
        assert_eq!(duration(1500.0), "1.5 s");
        assert_eq!(duration(1450.0), "1.5 s");
        assert_eq!(duration(2450.0), "2.5 s");
        assert_eq!(duration(9_949.0), "9.9 s");
        assert_eq!(duration(12_500.0), "13 s");
    }

    #[test]
    fn durations_read_in_at_most_two_units() {
        assert_eq!(duration(80.0), "80 ms");
        assert_eq!(duration(999.6), "1 s");
        assert_eq!(duration(12_400.0), "12 s");
        assert_eq!(duration(59_999.0), "1 min");
        assert_eq!(seconds(1111.0), "18 min 31 s");
        assert_eq!(seconds(810.0), "13 min 30 s");
        assert_eq!(seconds(3960.0), "1 h 6 min");
        assert_eq!(seconds(7500.0), "2 h 5 min");
        assert_eq!(seconds(3599.8), "1 h");
        assert_eq!(seconds(86_400.0 * 3.0 + 4.0 * 3600.0), "3 d 4 h");
        assert_eq!(minutes(21.6), "21 min 36 s");
        assert_eq!(minutes(4.3), "4 min 18 s");
        assert_eq!(minutes(1440.0), "1 d");
    }
}

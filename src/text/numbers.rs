//! Numbers in prose: few decimals, thousands separators, sizes in bytes and durations, for the
//! derivations' own text and for the templates' filters alike.

/// `v` with at most `digits` decimals and no trailing zeros.
pub fn number(v: f64, digits: usize) -> String {
    let s = format!("{v:.digits$}");
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

/// A duration in the largest unit that keeps it whole-ish: `250 ms`, `30 s`, `5 min`, `2 h`, `3 d`.
pub fn duration(ms: f64) -> String {
    const UNITS: [(f64, &str); 4] = [
        (86_400_000.0, "d"),
        (3_600_000.0, "h"),
        (60_000.0, "min"),
        (1000.0, "s"),
    ];
    for (size, unit) in UNITS {
        if ms >= size && (ms / size).fract() == 0.0 {
            return format!("{} {unit}", number(ms / size, 0));
        }
    }
    if ms >= 1000.0 {
        return format!("{} s", number(ms / 1000.0, 1));
    }
    format!("{} ms", number(ms, 0))
}

#[cfg(test)]
mod tests {
    use super::*;

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
    }
}

//! One validator per kind of field, shared by the YAML loader and the interview's prompts so
//! that a file and a prompt accept exactly the same answers.

/// A refused value: what is wrong with it, and what to do. The loader lists the two apart; a
/// prompt says them in one line ([`Invalid::at_prompt`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}{}", help.as_ref().map(|h| format!("; {h}")).unwrap_or_default())]
pub struct Invalid {
    /// What is wrong, e.g. `must not be empty`.
    pub message: String,
    /// What to do, e.g. `write a few words`.
    pub help: Option<String>,
}

impl Invalid {
    /// As a prompt says it, in one line: `must not be empty: write a few words`.
    pub fn at_prompt(self) -> String {
        match self.help {
            Some(help) => format!("{}: {help}", self.message),
            None => self.message,
        }
    }
}

/// A validator's message that carries no help.
impl From<String> for Invalid {
    fn from(message: String) -> Invalid {
        Invalid {
            message,
            help: None,
        }
    }
}

impl From<Invalid> for String {
    fn from(invalid: Invalid) -> String {
        invalid.to_string()
    }
}

/// Text that must say something.
pub fn non_blank(value: &str) -> Result<(), Invalid> {
    if value.trim().is_empty() {
        Err(Invalid {
            message: "must not be empty".into(),
            help: Some("write a few words".into()),
        })
    } else {
        Ok(())
    }
}

/// A technical value (a URL, a header, a path, a topic) that lands verbatim in code and HTTP
/// examples: one line, no control characters.
pub fn single_line(value: &str) -> Result<(), String> {
    match value.chars().find(|c| c.is_control()) {
        Some(c) => Err(format!(
            "must be one line without control characters, but holds U+{:04X}",
            c as u32
        )),
        None => Ok(()),
    }
}

/// A percentage such as an availability target: above 0, at most 100.
pub fn percent(value: f64) -> Result<(), String> {
    if value.is_finite() && value > 0.0 && value <= 100.0 {
        Ok(())
    } else {
        Err(format!(
            "must be a percentage above 0 and at most 100 (e.g. 99.9), not {value}"
        ))
    }
}

/// A loop's average count a run (`times`): above 0, at most 1,000.
pub fn loop_count(value: f64) -> Result<(), String> {
    if value.is_finite() && value > 0.0 && value <= 1000.0 {
        Ok(())
    } else {
        Err(format!(
            "must be an average count above 0 and at most 1000 (e.g. 1.5), not {value}"
        ))
    }
}

/// A rate a second at peak, such as a step's `paced_per_second`: above 0, at most a million.
pub fn rate_per_second(value: f64) -> Result<(), String> {
    if value.is_finite() && value > 0.0 && value <= 1_000_000.0 {
        Ok(())
    } else {
        Err(format!(
            "must be a rate a second above 0 and at most 1000000 (e.g. 31), not {value}"
        ))
    }
}

/// Hours a month of announced maintenance: from 0 to the 744 hours of the longest month.
pub fn maintenance_hours(value: f64) -> Result<(), String> {
    if value.is_finite() && (0.0..=744.0).contains(&value) {
        Ok(())
    } else {
        Err(format!(
            "must be hours a month from 0 to 744 (e.g. 4 for a monthly 4-hour window), not {value}"
        ))
    }
}

/// Hours one maintenance window lasts: above 0, and no more than the month's hours where
/// those are stated.
pub fn maintenance_window(value: f64, month: Option<f64>) -> Result<(), String> {
    match month {
        _ if !value.is_finite() || value <= 0.0 || value > 744.0 => Err(format!(
            "must be the hours one window lasts, more than 0 and at most 744 (e.g. 4 for a 4-hour window), not {value}"
        )),
        Some(m) if value > m => Err(format!(
            "is longer than the {m} hours a month it is down (`maintenance_hours_per_month`): a window is at most the month's hours"
        )),
        _ => Ok(()),
    }
}

/// A fraction from 0 to 1, such as a trace sample rate.
pub fn fraction(value: f64) -> Result<(), String> {
    if value.is_finite() && (0.0..=1.0).contains(&value) {
        Ok(())
    } else {
        Err(format!(
            "must be between 0 and 1 (e.g. 0.1 for one in ten), not {value}"
        ))
    }
}

/// A whole number within `min..=max`.
pub fn within(value: u32, min: u32, max: u32) -> Result<(), String> {
    if (min..=max).contains(&value) {
        Ok(())
    } else {
        Err(format!("must be from {min} to {max}, not {value}"))
    }
}

/// A calendar date written `YYYY-MM-DD`.
pub fn date(value: &str) -> Result<(), String> {
    let bad = || Err(format!("must be a date written YYYY-MM-DD, not `{value}`"));
    let parts: Vec<&str> = value.split('-').collect();
    if parts.len() != 3 || parts[0].len() != 4 || parts[1].len() != 2 || parts[2].len() != 2 {
        return bad();
    }
    let Ok(nums) = parts
        .iter()
        .map(|p| p.parse::<u32>())
        .collect::<Result<Vec<_>, _>>()
    else {
        return bad();
    };
    let (year, month, day) = (nums[0], nums[1], nums[2]);
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return bad(),
    };
    if day == 0 || day > days {
        return bad();
    }
    Ok(())
}

/// A name not yet taken by another item of the same list.
pub fn unique<'a>(name: &str, taken: impl IntoIterator<Item = &'a str>) -> Result<(), String> {
    non_blank(name)?;
    if taken.into_iter().any(|t| t == name) {
        Err(format!("`{name}` is already used; names must be unique"))
    } else {
        Ok(())
    }
}

/// A name that must refer to one of `known`; suggests the closest on a typo.
pub fn reference<'a>(
    name: &str,
    known: impl IntoIterator<Item = &'a str> + Clone,
    what: &str,
) -> Result<(), Invalid> {
    if known.clone().into_iter().any(|k| k == name) {
        return Ok(());
    }
    let help = match crate::diagnostic::did_you_mean(name, known.clone()) {
        Some(near) => format!("did you mean `{near}`?"),
        None => {
            let mut all: Vec<String> = known.into_iter().map(|k| format!("`{k}`")).collect();
            all.sort();
            all.dedup();
            if all.is_empty() {
                format!("there is no {what} yet")
            } else {
                format!("known: {}", all.join(", "))
            }
        }
    };
    Err(Invalid {
        message: format!("`{name}` is not a known {what}"),
        help: Some(help),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert!(date("2024-02-29").is_ok());
        assert!(date("2023-02-29").is_err());
        assert!(date("2024-13-01").is_err());
        assert!(date("24-01-01").is_err());
        assert!(date("2024-1-01").is_err());
    }

    #[test]
    fn references_suggest() {
        let known = ["orders", "payments"];
        let refused = reference("paymnets", known, "service").unwrap_err();
        assert_eq!(refused.message, "`paymnets` is not a known service");
        assert_eq!(refused.help.as_deref(), Some("did you mean `payments`?"));
        assert!(reference("orders", known, "service").is_ok());
    }

    /// A name holding `; ` stays whole in the message: the help is its own field, not found
    /// by splitting the text.
    #[test]
    fn a_name_with_a_semicolon_keeps_its_help_apart() {
        let refused = reference("a; b", ["orders"], "service").unwrap_err();
        assert_eq!(refused.message, "`a; b` is not a known service");
        assert_eq!(refused.help.as_deref(), Some("known: `orders`"));
    }

    #[test]
    fn a_prompt_says_the_help_in_the_same_line() {
        let blank = non_blank(" ").unwrap_err();
        assert_eq!(blank.to_string(), "must not be empty; write a few words");
        assert_eq!(blank.at_prompt(), "must not be empty: write a few words");
    }

    #[test]
    fn percents() {
        assert!(percent(99.95).is_ok());
        assert!(percent(0.0).is_err());
        assert!(percent(100.5).is_err());
        assert!(percent(f64::NAN).is_err());
    }
}

//! A range filter's two bounds: the parameter each becomes, how it reads in a description and
//! its example. Every contract (OpenAPI, GraphQL, Protocol Buffers) and document asks here.
//!
//! The convention: a range on `starts_at` is two optional parameters, `starts_at_from`
//! (inclusive) and `starts_at_to` (exclusive), the half-open interval `from <= value < to`.
//! Half-open because consecutive windows then share a bound without overlapping or leaving a
//! gap (a day's schedule is `from` one midnight `to` the next), and nobody has to write the
//! last instant of a day; `_from` and `_to` because they read as a range in every style
//! (`startsAtFrom` in GraphQL, a proto field), where operator forms (`starts_at[gte]`,
//! `starts_at=gte:...`) need brackets or a filter syntax that GraphQL arguments and proto
//! fields do not share. Either bound may be left out for an open-ended range.

use crate::model::FieldType;
use chrono::{Days, NaiveDate};
use serde_json::{Value, json};

/// One end of a range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    /// The lower end, inclusive.
    From,
    /// The upper end, exclusive.
    To,
}

/// Both ends, in the order their parameters are listed.
pub const BOUNDS: [Bound; 2] = [Bound::From, Bound::To];

impl Bound {
    /// `from` or `to`.
    pub fn word(self) -> &'static str {
        match self {
            Bound::From => "from",
            Bound::To => "to",
        }
    }

    /// The parameter's snake_case name for the field named `snake`, e.g. `starts_at_from`.
    pub fn param(self, snake: &str) -> String {
        format!("{snake}_{}", self.word())
    }

    /// The GraphQL argument's name for the field named `camel`, e.g. `startsAtFrom`.
    pub fn camel_param(self, camel: &str) -> String {
        match self {
            Bound::From => format!("{camel}From"),
            Bound::To => format!("{camel}To"),
        }
    }

    /// Whether a value equal to the bound is in the range.
    pub fn inclusive(self) -> bool {
        self == Bound::From
    }

    /// What an item's field must be to pass, after "whose `x`", e.g. `is at or after this
    /// instant (inclusive)`.
    pub fn matches(self, ty: FieldType) -> &'static str {
        match (self, ty) {
            (Bound::From, FieldType::Datetime) => "is at or after this instant (inclusive)",
            (Bound::To, FieldType::Datetime) => "is before this instant (exclusive)",
            (Bound::From, FieldType::Date) => "is on or after this date (inclusive)",
            (Bound::To, FieldType::Date) => "is before this date (exclusive)",
            (Bound::From, _) => "is at least this value (inclusive)",
            (Bound::To, _) => "is below this value (exclusive)",
        }
    }
}

/// What an item's field must be to pass an exact filter, after "whose `x`".
pub const EXACT: &str = "is this value";
/// What an item's field must be to pass a filter that takes several values.
pub const ANY: &str = "is one of these values (the parameter repeated once per value, up to 100)";

/// Example values of the two bounds around `example`, a value of a field of type `ty`: the
/// whole day of an instant (its midnight to the next, UTC), the week starting on a date, and
/// ten up from a number. A value that does not parse is both bounds' example.
pub fn examples(ty: FieldType, example: &Value) -> [Value; 2] {
    let text = example.as_str().unwrap_or_default();
    let day = |s: &str| NaiveDate::parse_from_str(s.get(..10).unwrap_or(s), "%Y-%m-%d").ok();
    let around = match ty {
        FieldType::Datetime => day(text).and_then(|d| {
            let next = d.checked_add_days(Days::new(1))?;
            Some([
                json!(format!("{d}T00:00:00Z")),
                json!(format!("{next}T00:00:00Z")),
            ])
        }),
        FieldType::Date => day(text).and_then(|d| {
            let week = d.checked_add_days(Days::new(7))?;
            Some([json!(d.to_string()), json!(week.to_string())])
        }),
        FieldType::Integer => example
            .as_i64()
            .map(|n| [json!(n), json!(n.saturating_add(10))]),
        FieldType::Number => example
            .as_f64()
            .map(|n| [json!(n), json!(((n + 10.0) * 100.0).round() / 100.0)]),
        _ => None,
    };
    around.unwrap_or_else(|| [example.clone(), example.clone()])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_range_is_from_inclusive_to_exclusive() {
        let params: Vec<String> = BOUNDS.iter().map(|b| b.param("starts_at")).collect();
        assert_eq!(params, ["starts_at_from", "starts_at_to"]);
        assert_eq!(Bound::To.camel_param("startsAt"), "startsAtTo");
        assert!(Bound::From.inclusive() && !Bound::To.inclusive());
        assert_eq!(
            Bound::To.matches(FieldType::Datetime),
            "is before this instant (exclusive)"
        );
        assert_eq!(
            Bound::From.matches(FieldType::Integer),
            "is at least this value (inclusive)"
        );
    }

    #[test]
    fn examples_span_a_day_a_week_or_ten() {
        assert_eq!(
            examples(FieldType::Datetime, &json!("2026-12-31T09:30:00Z")),
            [json!("2026-12-31T00:00:00Z"), json!("2027-01-01T00:00:00Z")]
        );
        assert_eq!(
            examples(FieldType::Date, &json!("2026-02-25")),
            [json!("2026-02-25"), json!("2026-03-04")]
        );
        assert_eq!(
            examples(FieldType::Integer, &json!(1)),
            [json!(1), json!(11)]
        );
        assert_eq!(
            examples(FieldType::Number, &json!(19.99)),
            [json!(19.99), json!(29.99)]
        );
        // A value that is no date keeps itself at both ends rather than inventing one.
        assert_eq!(
            examples(FieldType::Date, &json!("someday")),
            [json!("someday"), json!("someday")]
        );
    }
}

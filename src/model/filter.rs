//! A list filter of a resource: a field matched exactly, or a range of an orderable field.

use super::FieldType;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A field a list (and a subscription) is narrowed by: its name for an exact match, e.g.
/// `status`, or `{field: starts_at, range: true}` for a range between two values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Filter {
    /// The field's name: only items whose field is the value sent.
    Exact(String),
    /// The field with how it is matched.
    Field(FilterField),
}

/// A filter written as a mapping, e.g. `{field: starts_at, range: true}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FilterField {
    /// The field of the resource, e.g. `starts_at`.
    pub field: String,
    /// A range instead of one value: two optional parameters, `<field>_from` (inclusive) and
    /// `<field>_to` (exclusive). Only for an orderable field: `date`, `datetime`, `integer`
    /// or `number`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub range: bool,
    /// Whether every list must send it (for a range, both bounds): a list across every value
    /// would hand out what no caller needs, e.g. every user's contact points where each call
    /// is about one user.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub required: bool,
    /// Any of several values in one request, `?sku=A&sku=B` (a repeated GraphQL argument and
    /// proto field): a batch lookup, such as the stock of each of an order's SKUs in one call,
    /// up to 100 values. Not with `range`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub any: bool,
}

/// The most values an `any` filter takes in one request: the contract's `maxItems`.
pub const ANY_VALUES_MAX: u32 = 100;

impl Filter {
    /// A filter on `field`, written the shortest way: a plain name unless it is a range.
    pub fn new(field: impl Into<String>, range: bool) -> Filter {
        Filter::with(field, range, false)
    }

    /// A filter on `field`, a range or not, required or not, written the shortest way: a plain
    /// name for an optional exact match.
    pub fn with(field: impl Into<String>, range: bool, required: bool) -> Filter {
        Filter::full(field, range, required, false)
    }

    /// A filter on `field` with every way it can match, written the shortest way.
    pub fn full(field: impl Into<String>, range: bool, required: bool, any: bool) -> Filter {
        let field = field.into();
        if range || required || any {
            Filter::Field(FilterField {
                field,
                range,
                required,
                any,
            })
        } else {
            Filter::Exact(field)
        }
    }

    /// The name of the field it narrows by: the one way every reader gets it.
    pub fn field(&self) -> &str {
        match self {
            Filter::Exact(f) => f,
            Filter::Field(f) => &f.field,
        }
    }

    /// Whether it is a range rather than an exact match.
    pub fn range(&self) -> bool {
        matches!(self, Filter::Field(FilterField { range: true, .. }))
    }

    /// Whether every list must send it.
    pub fn required(&self) -> bool {
        matches!(self, Filter::Field(FilterField { required: true, .. }))
    }

    /// Whether one request may send several values, any of which an item matches.
    pub fn any(&self) -> bool {
        matches!(self, Filter::Field(FilterField { any: true, .. }))
    }

    /// Where its field's name sits below the filter's own JSON pointer: the value itself, or
    /// the mapping's `field`.
    pub fn field_pointer(&self) -> &'static str {
        match self {
            Filter::Exact(_) => "",
            Filter::Field(_) => "/field",
        }
    }
}

impl FieldType {
    /// Whether its values have an order a range can be taken over: dates, instants and
    /// numbers. Money does not count: an amount is a decimal string beside a currency, and
    /// amounts in different currencies have no order (money is no filter at all).
    pub fn orderable(self) -> bool {
        matches!(
            self,
            FieldType::Date | FieldType::Datetime | FieldType::Integer | FieldType::Number
        )
    }
}

#[cfg(test)]
mod tests {
    use super::{FieldType, Filter};

    #[test]
    fn a_filter_reads_as_a_name_or_a_mapping_and_writes_the_shortest_form() {
        let read: Vec<Filter> =
            serde_yaml::from_str("[status, {field: starts_at, range: true}, {field: total}]")
                .unwrap();
        let fields: Vec<(&str, bool)> = read.iter().map(|f| (f.field(), f.range())).collect();
        assert_eq!(
            fields,
            [("status", false), ("starts_at", true), ("total", false)]
        );
        assert_eq!(read[0], Filter::new("status", false));
        assert_eq!(read[1], Filter::new("starts_at", true));
        let written = serde_yaml::to_string(&[Filter::new("a", false), Filter::new("b", true)]);
        assert_eq!(written.unwrap(), "- a\n- field: b\n  range: true\n");
        assert!(serde_yaml::from_str::<Filter>("{field: b, rnage: true}").is_err());
        // A required exact match needs the mapping; it reads back the same.
        let must = Filter::with("user_id", false, true);
        let written = serde_yaml::to_string(&must).unwrap();
        assert_eq!(written, "field: user_id\nrequired: true\n");
        let read: Filter = serde_yaml::from_str(&written).unwrap();
        assert!(read.required() && !read.range() && read.field() == "user_id");
    }

    #[test]
    fn dates_instants_and_numbers_are_orderable_text_and_money_are_not() {
        assert!(FieldType::Datetime.orderable() && FieldType::Date.orderable());
        assert!(FieldType::Integer.orderable() && FieldType::Number.orderable());
        for ty in [
            FieldType::String,
            FieldType::Money,
            FieldType::Enum,
            FieldType::Uuid,
        ] {
            assert!(!ty.orderable(), "{ty:?}");
        }
    }
}

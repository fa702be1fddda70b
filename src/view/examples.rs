//! Deterministic example values for contract examples: the same model always gives the same
//! examples, and every example validates against its schema.

use crate::model::{Field, FieldType};
use serde_json::{Value, json};

/// What an example is generated for.
pub(super) struct Ctx<'a> {
    /// The owning resource or event (seeds UUIDs).
    pub owner: &'a str,
    /// The date examples use (`YYYY-MM-DD`).
    pub date: &'a str,
}

/// A stable UUID (version 4 layout) derived from `seed`.
pub(crate) fn uuid(seed: &str) -> String {
    // FNV-1a, twice with different offsets, for 128 stable bits.
    let hash = |offset: u64| {
        seed.bytes().fold(offset, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
        })
    };
    let (a, b) = (hash(0xcbf2_9ce4_8422_2325), hash(0x8422_2325_cbf2_9ce4));
    let hex = format!("{a:016x}{b:016x}");
    format!(
        "{}-{}-4{}-{}{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[13..16],
        ["8", "9", "a", "b"][usize::from(hex.as_bytes()[16]) % 4],
        &hex[17..20],
        &hex[20..32]
    )
}

/// The example id of a resource, shared by its own `id` and every ref to it.
pub(super) fn id_for(resource: &str, ty: FieldType) -> Value {
    match ty {
        FieldType::Integer => json!(1001),
        FieldType::String => json!(format!(
            "{}_1001",
            crate::view::names::snake(resource, "id")
        )),
        _ => json!(uuid(resource)),
    }
}

/// An example value for `field`; `ref_id` gives the example id of a referenced resource.
pub(super) fn value(field: &Field, ctx: &Ctx<'_>, ref_id: impl Fn(&str) -> Value) -> Value {
    let one = match &field.example {
        // An enum's example is one of its values, else the first value stands in.
        Some(text) if field.ty == FieldType::Enum && field.values.iter().any(|v| v == text) => {
            Value::from(text.as_str())
        }
        Some(text) => from_text(field.ty, text).unwrap_or_else(|| generated(field, ctx, &ref_id)),
        None => generated(field, ctx, &ref_id),
    };
    if field.list { items(field, one) } else { one }
}

/// A list's example of `one` item, repeated to the fewest the list holds (one unless it says
/// more) and never past the most.
pub(super) fn items(field: &Field, one: Value) -> Value {
    let n = field
        .min_items
        .unwrap_or(1)
        .max(1)
        .min(field.max_items.unwrap_or(u32::MAX));
    Value::Array(vec![one; n as usize])
}

/// `value` brought inside the field's bounds and lengths, so that the example validates
/// against the constrained schema; an example the model gives for a `pattern` is kept as is.
pub(super) fn fit(value: Value, field: &Field) -> Value {
    match value {
        Value::Array(items) => Value::Array(items.into_iter().map(|v| fit(v, field)).collect()),
        Value::Number(n) => {
            let mut x = n.as_f64().unwrap_or_default();
            if let Some(min) = field.min {
                x = x.max(min);
            }
            if let Some(max) = field.max {
                x = x.min(max);
            }
            if field.ty == FieldType::Integer {
                json!(x.ceil() as i64)
            } else {
                json!(x)
            }
        }
        Value::String(text) if field.ty == FieldType::String && field.pattern.is_none() => {
            let mut text: String = match field.max_length {
                Some(max) => text.chars().take(max as usize).collect(),
                None => text,
            };
            let min = field.min_length.unwrap_or(0) as usize;
            while text.chars().count() < min {
                text.push('x');
            }
            Value::String(text)
        }
        other => other,
    }
}

pub(super) fn from_text(ty: FieldType, text: &str) -> Option<Value> {
    match ty {
        FieldType::Integer => text.trim().parse::<i64>().ok().map(Value::from),
        FieldType::Number => text
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|f| f.is_finite())
            .map(Value::from),
        FieldType::Boolean => text.trim().parse::<bool>().ok().map(Value::from),
        FieldType::Json | FieldType::Object => serde_json::from_str(text).ok(),
        FieldType::Money => {
            // Only a decimal amount fits the Money schema's pattern.
            let t = text.trim();
            let (int, frac) = t
                .trim_start_matches('-')
                .split_once('.')
                .unwrap_or((t.trim_start_matches('-'), "0"));
            let decimal = !int.is_empty()
                && int.chars().all(|c| c.is_ascii_digit())
                && (1..=4).contains(&frac.len())
                && frac.chars().all(|c| c.is_ascii_digit());
            decimal.then(|| json!({"amount": t, "currency": "EUR"}))
        }
        // Formats with a syntax keep the generated value unless the example has that syntax.
        FieldType::Uuid
        | FieldType::Date
        | FieldType::Datetime
        | FieldType::Email
        | FieldType::Url => None,
        FieldType::Enum | FieldType::Ref => None,
        FieldType::String => Some(Value::from(text)),
    }
}

/// Words in a timestamp's name that record something before what it is about starts.
const BEFORE: &[&str] = &[
    "created",
    "booked",
    "placed",
    "requested",
    "registered",
    "submitted",
    "ordered",
];

/// Words in a timestamp's name that record something as it happens or after it started.
const AFTER: &[&str] = &[
    "marked",
    "checked",
    "arrived",
    "completed",
    "finished",
    "closed",
    "delivered",
    "shipped",
    "dispatched",
    "cancelled",
    "canceled",
    "refunded",
    "captured",
    "updated",
    "changed",
];

fn generated(field: &Field, ctx: &Ctx<'_>, ref_id: &impl Fn(&str) -> Value) -> Value {
    let name = field.name.to_lowercase();
    match field.ty {
        FieldType::String => Value::from(string_for(&name)),
        // One, quantities and counts too: every list example holds one item and every money
        // example is the same amount, so a line of quantity 1 at that unit price sums to the
        // total beside it, where a quantity of 2 would contradict it.
        FieldType::Integer => json!(1),
        FieldType::Number => json!(19.99),
        FieldType::Boolean => json!(true),
        FieldType::Uuid => json!(uuid(&format!("{}/{}", ctx.owner, field.name))),
        // A birth date is decades before the day the examples are set on.
        FieldType::Date if name.contains("birth") || name == "dob" => json!("1984-03-12"),
        FieldType::Date => json!(ctx.date),
        // The end of a period comes after its start: `ends_at` half an hour after `starts_at`.
        FieldType::Datetime if ["end", "until", "expires"].iter().any(|w| name.contains(w)) => {
            json!(format!("{}T10:00:00Z", ctx.date))
        }
        // What is recorded before the thing it is about (a booking, an order placed) comes
        // before its start; what is recorded as it happens or after (a check-in, a no-show
        // marked, a delivery) comes after.
        FieldType::Datetime if BEFORE.iter().any(|w| name.contains(w)) => {
            json!(format!("{}T08:15:00Z", ctx.date))
        }
        FieldType::Datetime if AFTER.iter().any(|w| name.contains(w)) => {
            json!(format!("{}T09:45:00Z", ctx.date))
        }
        FieldType::Datetime => json!(format!("{}T09:30:00Z", ctx.date)),
        FieldType::Email => json!("ada@example.com"),
        FieldType::Url => json!("https://example.com/resource/1"),
        FieldType::Money => json!({"amount": "49.90", "currency": "EUR"}),
        FieldType::Enum => field
            .values
            .first()
            .cloned()
            .map(Value::from)
            .unwrap_or(Value::Null),
        FieldType::Json | FieldType::Object => json!({}),
        FieldType::Ref => ref_id(field.to.as_deref().unwrap_or_default()),
    }
}

/// An example text for a field named `name`: a typical value where the name says what it
/// holds, an id-like value for `..._id`, else the name itself in words.
fn string_for(name: &str) -> String {
    const HINTS: &[(&str, &str)] = &[
        ("reason", "The customer changed their mind."),
        ("account", "acct_1001"),
        ("body", "Your order is on its way."),
        ("plan", "standard"),
        ("shipping", "Hauptstrasse 1, 10115 Berlin"),
        ("billing", "Hauptstrasse 1, 10115 Berlin"),
        ("street", "Hauptstrasse 1"),
        ("city", "Berlin"),
        ("postal", "10115"),
        ("zip", "10115"),
        ("note", "Please leave it with the neighbour."),
        ("comment", "Please leave it with the neighbour."),
        ("currency", "EUR"),
        ("country", "DE"),
        ("phone", "+49 30 1234567"),
        ("sku", "SKU-1001"),
        ("email", "ada@example.com"),
        ("first", "Ada"),
        ("given", "Ada"),
        ("last", "Lovelace"),
        ("family", "Lovelace"),
        ("surname", "Lovelace"),
        ("name", "Example name"),
        ("title", "Example title"),
        ("description", "An example description"),
        ("message", "Hello!"),
        ("token", "tok_1f2e3d4c"),
        ("partner", "partner_1001"),
    ];
    if let Some((_, v)) = HINTS.iter().find(|(k, _)| name.contains(k)) {
        return (*v).to_owned();
    }
    match name.strip_suffix("_id") {
        Some(stem) if !stem.is_empty() => format!("{stem}_1001"),
        _ => format!("example {}", name.replace(['_', '-'], " ").trim()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_examples_follow_the_field_name() {
        assert_eq!(string_for("reason"), "The customer changed their mind.");
        assert_eq!(
            string_for("shipping_address"),
            "Hauptstrasse 1, 10115 Berlin"
        );
        assert_eq!(string_for("carrier_id"), "carrier_1001");
        assert_eq!(string_for("client_secret"), "example client secret");
        assert!(!string_for("tracking_number").eq("example"));
    }

    #[test]
    fn an_order_lines_numbers_agree_with_its_total() {
        let field = |name: &str, ty: FieldType| -> Field {
            serde_yaml::from_str(&format!(
                "{{name: {name}, type: {}}}",
                crate::text::word(ty)
            ))
            .expect("field parses")
        };
        let ctx = Ctx {
            owner: "OrderLine",
            date: "2026-01-01",
        };
        let v = |f: &Field| value(f, &ctx, |_| Value::Null);
        let quantity = v(&field("quantity", FieldType::Integer));
        let price = v(&field("unit_price", FieldType::Money));
        let total = v(&field("total", FieldType::Money));
        let cents = |m: &Value| {
            m["amount"]
                .as_str()
                .and_then(|a| a.replace('.', "").parse::<i64>().ok())
        };
        let line = quantity.as_i64().zip(cents(&price)).map(|(q, p)| q * p);
        assert_eq!(line, cents(&total), "{quantity} x {price} against {total}");
    }

    #[test]
    fn a_periods_end_comes_after_its_start() {
        let ctx = Ctx {
            owner: "Slot",
            date: "2026-01-01",
        };
        let at = |name: &str| {
            let f: Field = serde_yaml::from_str(&format!("{{name: {name}, type: datetime}}"))
                .expect("field parses");
            value(&f, &ctx, |_| Value::Null)
        };
        assert_eq!(at("starts_at"), "2026-01-01T09:30:00Z");
        assert_eq!(at("ends_at"), "2026-01-01T10:00:00Z");
        assert_eq!(at("previous_ends_at"), "2026-01-01T10:00:00Z");
    }

    #[test]
    fn uuids_are_stable_and_well_formed() {
        let a = uuid("Order");
        assert_eq!(a, uuid("Order"));
        assert_ne!(a, uuid("Customer"));
        let parts: Vec<&str> = a.split('-').collect();
        assert_eq!(
            parts.iter().map(|p| p.len()).collect::<Vec<_>>(),
            [8, 4, 4, 4, 12]
        );
        assert!(parts[2].starts_with('4'));
        assert!("89ab".contains(&parts[3][..1]));
    }
}

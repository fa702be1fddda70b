//! Safe, unique names derived from user text: file slugs, Mermaid ids, and identifiers for
//! OpenAPI, GraphQL, Protocol Buffers and Avro. User text can be anything; these never are.

use heck::{ToLowerCamelCase, ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};
use std::collections::HashSet;

/// Longest slug or identifier derived from a name; keeps file names well under OS limits.
const MAX_LEN: usize = 48;

/// ASCII words of `name`: transliterated, with anything but letters and digits as separators.
fn ascii_words(name: &str) -> String {
    let ascii = deunicode::deunicode(name);
    ascii
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect::<String>()
}

fn cut(mut s: String) -> String {
    if s.len() > MAX_LEN {
        s.truncate(MAX_LEN);
    }
    s
}

/// The words of one run of letters and digits: a new word starts at a capital followed by a
/// lowercase letter (`OrderService` -> `Order`, `Service`; `APIGateway` -> `API`, `Gateway`),
/// never inside a run of capitals, so a product name stays whole (`PostgreSQL`, `GraphQL`).
fn camel_words(run: &str) -> Vec<String> {
    let chars: Vec<char> = run.chars().collect();
    let mut words = vec![String::new()];
    for (i, &c) in chars.iter().enumerate() {
        let next_lower = chars.get(i + 1).is_some_and(char::is_ascii_lowercase);
        let starts = i > 0 && c.is_ascii_uppercase() && next_lower;
        if starts && !words.last().is_some_and(String::is_empty) {
            words.push(String::new());
        }
        if let Some(w) = words.last_mut() {
            w.push(c.to_ascii_lowercase());
        }
    }
    words
}

/// `s` cut to at most `MAX_LEN` bytes at a word boundary (`-`), so no word is left half-written;
/// a single word longer than that is cut where it must be.
fn cut_at_word(s: String) -> String {
    if s.len() <= MAX_LEN {
        return s;
    }
    match s[..=MAX_LEN].rfind('-') {
        Some(end) if end > 0 => s[..end].to_owned(),
        _ => s[..MAX_LEN].to_owned(),
    }
}

/// A lowercase file-name slug (`Payments (v2)` -> `payments-v2`, `Use PostgreSQL` ->
/// `use-postgresql`); `fallback` when nothing is left. A name Windows reserves for a device
/// (`con`, `com1`) gets `fallback` after it: a file named `con.md` cannot be created or checked
/// out there.
pub fn slug(name: &str, fallback: &str) -> String {
    let words: Vec<String> = ascii_words(name)
        .split_whitespace()
        .flat_map(camel_words)
        .filter(|w| !w.is_empty())
        .collect();
    let s = cut_at_word(words.join("-"));
    if s.is_empty() {
        fallback.to_owned()
    } else if is_windows_device(&s) {
        format!("{s}-{fallback}")
    } else {
        s
    }
}

/// Whether Windows reserves `stem` (a file name before its first dot) for a device: CON, PRN,
/// AUX, NUL, COM1-9 and LPT1-9, in any case and with any extension.
pub fn is_windows_device(stem: &str) -> bool {
    let stem = stem.split('.').next().unwrap_or_default().trim_end();
    let lower = stem.to_ascii_lowercase();
    match lower.as_str() {
        "con" | "prn" | "aux" | "nul" => true,
        _ => {
            let (head, digit) = lower.split_at(lower.len().saturating_sub(1));
            matches!(head, "com" | "lpt") && matches!(digit.as_bytes(), [b'1'..=b'9'])
        }
    }
}

/// An identifier that starts with a letter: `UpperCamel`.
pub fn pascal(name: &str, fallback: &str) -> String {
    lead_letter(cut(ascii_words(name).to_upper_camel_case()), fallback, "X")
}

/// An identifier that starts with a letter: `lowerCamel`.
pub fn camel(name: &str, fallback: &str) -> String {
    lead_letter(cut(ascii_words(name).to_lower_camel_case()), fallback, "x")
}

/// An identifier that starts with a letter: `snake_case`.
pub fn snake(name: &str, fallback: &str) -> String {
    lead_letter(cut(ascii_words(name).to_snake_case()), fallback, "x_")
}

/// An identifier that starts with a letter: `SHOUTY_SNAKE`.
pub fn shouty(name: &str, fallback: &str) -> String {
    lead_letter(
        cut(ascii_words(name).to_shouty_snake_case()),
        fallback,
        "V_",
    )
}

/// An Avro name (`[A-Za-z_][A-Za-z0-9_]*`, the Avro specification's rule for record, enum and
/// field names and enum symbols) that keeps the case of `name`: transliterated, its words joined
/// by `_`, and `_` before a leading digit (`no-show` -> `no_show`, `2nd visit` -> `_2nd_visit`,
/// `Größe` -> `Grosse`); `fallback` when nothing is left.
pub fn avro(name: &str, fallback: &str) -> String {
    let joined = ascii_words(name)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join("_");
    lead_letter(joined, fallback, "_")
}

fn lead_letter(s: String, fallback: &str, prefix: &str) -> String {
    if s.is_empty() {
        fallback.to_owned()
    } else if s.starts_with(|c: char| c.is_ascii_digit()) {
        format!("{prefix}{s}")
    } else {
        s
    }
}

/// Hands out names unique within one scope, comparing without case (file systems on macOS and
/// Windows do not tell `Orders.md` from `orders.md`).
#[derive(Debug, Default, Clone)]
pub struct Namer {
    taken: HashSet<String>,
}

impl Namer {
    /// A scope in which `reserved` are already taken.
    pub fn reserving<'a>(reserved: impl IntoIterator<Item = &'a str>) -> Self {
        Namer {
            taken: reserved.into_iter().map(str::to_lowercase).collect(),
        }
    }

    /// `base`, or `base` with the first free suffix `2`, `3`, ... (joined by `sep`).
    pub fn unique(&mut self, base: &str, sep: &str) -> String {
        self.unique_family(base, sep, &[""])
    }

    /// Like [`Namer::unique`], but reserves `prefix + name + suffix` for each of `affixes`
    /// (`"{}Input"` style patterns where `{}` is the name), all free together.
    pub fn unique_family(&mut self, base: &str, sep: &str, affixes: &[&str]) -> String {
        let expand = |name: &str| -> Vec<String> {
            affixes
                .iter()
                .map(|a| {
                    if a.contains("{}") {
                        a.replace("{}", name)
                    } else {
                        format!("{name}{a}")
                    }
                })
                .map(|s| s.to_lowercase())
                .collect()
        };
        let mut n = 1;
        loop {
            let candidate = if n == 1 {
                base.to_owned()
            } else {
                format!("{base}{sep}{n}")
            };
            let family = expand(&candidate);
            if family.iter().all(|f| !self.taken.contains(f)) {
                self.taken.extend(family);
                return candidate;
            }
            n += 1;
        }
    }
}

/// The path a received webhook is served at when the model does not say: `/webhooks/<sender>`.
pub fn receiver_path(from: &str) -> String {
    format!("/webhooks/{}", slug(from, "sender"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_safe() {
        assert_eq!(slug("Payments (v2): \"EU\" | #1", "x"), "payments-v2-eu-1");
        assert_eq!(slug("../../etc/passwd", "x"), "etc-passwd");
        assert_eq!(slug("🚀", "svc"), "rocket");
        assert_eq!(slug("", "svc"), "svc");
        assert_eq!(slug("Zahlungsverkehr Größe", "x"), "zahlungsverkehr-grosse");
        assert!(slug(&"long name ".repeat(40), "x").len() <= MAX_LEN);
    }

    #[test]
    fn slugs_keep_product_names_and_whole_words() {
        assert_eq!(
            slug("Use PostgreSQL for orders", "x"),
            "use-postgresql-for-orders"
        );
        assert_eq!(slug("GraphQL for MySQL", "x"), "graphql-for-mysql");
        assert_eq!(slug("OrderService", "x"), "order-service");
        assert_eq!(slug("APIGateway", "x"), "api-gateway");
        assert_eq!(slug("snake_case name", "x"), "snake-case-name");
        let long = slug(
            "Publish order events through Azure Service Bus events topic",
            "x",
        );
        assert_eq!(long, "publish-order-events-through-azure-service-bus");
        let one_word = slug(&"a".repeat(60), "x");
        assert_eq!(one_word.len(), MAX_LEN);
    }

    #[test]
    fn slugs_avoid_windows_device_names() {
        for name in ["con", "CON", "Prn", "aux", "nul", "COM1", "lpt9"] {
            let s = slug(name, "service");
            assert!(!is_windows_device(&s), "{name} gave {s}");
            assert!(s.ends_with("-service"), "{s}");
        }
        for name in ["console", "com", "com0", "lpt10", "auxiliary"] {
            assert_eq!(slug(name, "service"), name.to_lowercase());
        }
        assert!(is_windows_device("con.openapi.yaml"));
        assert!(is_windows_device("Lpt3.md"));
    }

    #[test]
    fn identifiers_start_with_a_letter() {
        assert_eq!(pascal("2fa codes", "X"), "X2faCodes");
        assert_eq!(camel("order id", "x"), "orderId");
        assert_eq!(snake("Order ID", "x"), "order_id");
        assert_eq!(shouty("in-progress", "V"), "IN_PROGRESS");
        assert_eq!(pascal("***", "Item"), "Item");
    }

    #[test]
    fn avro_names_keep_case_and_fit_the_avro_rule() {
        assert_eq!(avro("no-show", "V"), "no_show");
        assert_eq!(avro("IN PROGRESS", "V"), "IN_PROGRESS");
        assert_eq!(avro("2nd visit", "V"), "_2nd_visit");
        assert_eq!(avro("Größe.Wert", "V"), "Grosse_Wert");
        assert_eq!(avro("🚀", "V"), "rocket");
        assert_eq!(avro("--", "V"), "V");
        assert_eq!(avro("_private_", "V"), "private");
        let rule = regex::Regex::new("^[A-Za-z_][A-Za-z0-9_]*$").unwrap();
        for name in ["9", "a.b", "ü", "x y\tz", "\u{200b}", "OrderPlaced"] {
            assert!(
                rule.is_match(&avro(name, "V")),
                "{name:?} gave {}",
                avro(name, "V")
            );
        }
    }

    #[test]
    fn namer_dedupes_without_case() {
        let mut n = Namer::reserving(["query"]);
        assert_eq!(n.unique("Orders", "-"), "Orders");
        assert_eq!(n.unique("orders", "-"), "orders-2");
        assert_eq!(n.unique("Query", ""), "Query2");
        let mut g = Namer::default();
        assert_eq!(g.unique_family("Order", "", &["", "Input"]), "Order");
        assert_eq!(
            g.unique_family("OrderInput", "", &["", "Input"]),
            "OrderInput2"
        );
    }
}

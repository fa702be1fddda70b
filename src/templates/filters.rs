//! The filters templates use to escape user text and shape names. Documented in the README's
//! "Customizing for your team" section; every one is available to team templates.

use super::yaml_emit;
use crate::text::escape;
use crate::text::names;
use crate::text::numbers::{bytes, duration, number, thousands};
use tera::{Kwargs, State, Tera, TeraResult, Value};

/// What a query parameter's value percent-encodes: all but the unreserved characters (RFC 3986)
/// and those a query may hold as they are (`:`, `@`, `/`, `,`); `&`, `=`, `+`, `#` and spaces
/// are encoded, so a value cannot end its parameter or the query.
const QUERY_VALUE: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b':')
    .remove(b'@')
    .remove(b'/')
    .remove(b',');

fn json_of(v: &Value) -> serde_json::Value {
    serde_json::to_value(v).unwrap_or(serde_json::Value::Null)
}

fn text_of(v: &Value) -> String {
    match v.as_str() {
        Some(s) => s.to_owned(),
        None => json_of(v).to_string(),
    }
}

/// Registers every archgen filter.
///
/// `json_pretty` prints any value as indented JSON (two spaces a level) for fenced example
/// blocks; strings are escaped as `yaml` escapes them, so no value can break out of its line
/// or its fence.
// long: one table of filter registrations, a closure of a few lines each
pub fn register(tera: &mut Tera) {
    // YAML and JSON.
    tera.register_filter("yaml", |v: Value, _: Kwargs, _: &State| {
        yaml_emit::flow(&json_of(&v))
    });
    tera.register_filter("json", |v: Value, _: Kwargs, _: &State| {
        yaml_emit::flow(&json_of(&v))
    });
    tera.register_filter("json_pretty", |v: Value, _: Kwargs, _: &State| {
        json_pretty(&json_of(&v), 0)
    });
    tera.register_filter(
        "yaml_block",
        |v: Value, kw: Kwargs, _: &State| -> TeraResult<String> {
            let indent = kw.get::<usize>("indent")?.unwrap_or(0);
            Ok(yaml_emit::block(&json_of(&v), indent))
        },
    );
    // Markdown.
    tera.register_filter("md", |v: Value, _: Kwargs, _: &State| {
        escape::markdown_inline(&text_of(&v))
    });
    tera.register_filter("md_block", |v: Value, _: Kwargs, _: &State| {
        escape::markdown_block(&text_of(&v))
    });
    tera.register_filter("md_code", |v: Value, _: Kwargs, _: &State| {
        escape::markdown_code(&text_of(&v))
    });
    tera.register_filter("query", |v: Value, _: Kwargs, _: &State| {
        percent_encoding::utf8_percent_encode(&text_of(&v), QUERY_VALUE).to_string()
    });
    tera.register_filter("uuid", |v: Value, _: Kwargs, _: &State| {
        crate::view::stable_uuid(&text_of(&v))
    });
    tera.register_filter("first_sentence", |v: Value, _: Kwargs, _: &State| {
        crate::text::english::first_sentence(&text_of(&v)).to_owned()
    });
    tera.register_filter("anchor", |v: Value, _: Kwargs, _: &State| {
        github_anchor(&text_of(&v))
    });
    tera.register_filter(
        "rel",
        |v: Value, kw: Kwargs, _: &State| -> TeraResult<String> {
            let from = kw.must_get::<&str>("from")?;
            Ok(relative(from, &text_of(&v)))
        },
    );
    // Mermaid, GraphQL, Protocol Buffers.
    tera.register_filter("mermaid", |v: Value, _: Kwargs, _: &State| {
        escape::mermaid_label(&text_of(&v))
    });
    tera.register_filter("graphql_string", |v: Value, _: Kwargs, _: &State| {
        escape::graphql_string(&text_of(&v))
    });
    tera.register_filter("comment", |v: Value, _: Kwargs, _: &State| {
        escape::comment_line(&text_of(&v))
    });
    // Names.
    tera.register_filter("slug", |v: Value, _: Kwargs, _: &State| {
        names::slug(&text_of(&v), "item")
    });
    tera.register_filter("pascal", |v: Value, _: Kwargs, _: &State| {
        names::pascal(&text_of(&v), "Item")
    });
    tera.register_filter("camel", |v: Value, _: Kwargs, _: &State| {
        names::camel(&text_of(&v), "item")
    });
    tera.register_filter("snake", |v: Value, _: Kwargs, _: &State| {
        names::snake(&text_of(&v), "item")
    });
    tera.register_filter("shouty", |v: Value, _: Kwargs, _: &State| {
        names::shouty(&text_of(&v), "ITEM")
    });
    tera.register_filter("with_article", |v: Value, _: Kwargs, _: &State| {
        crate::text::english::with_article(&text_of(&v))
    });
    // Numbers.
    tera.register_filter(
        "num",
        |v: f64, kw: Kwargs, _: &State| -> TeraResult<String> {
            let digits = kw.get::<usize>("digits")?.unwrap_or(2);
            Ok(number(v, digits))
        },
    );
    tera.register_filter(
        "count",
        |n: f64, kw: Kwargs, _: &State| -> TeraResult<String> {
            let one = kw.must_get::<&str>("one")?;
            let many = match kw.get::<&str>("many")? {
                Some(m) => m.to_owned(),
                None => crate::text::english::plural(one),
            };
            Ok(crate::text::numbers::count(n, one, &many))
        },
    );
    tera.register_filter(
        "thousands",
        |v: f64, _: Kwargs, _: &State| -> TeraResult<String> { Ok(thousands(v)) },
    );
    tera.register_filter(
        "bytes",
        |v: f64, _: Kwargs, _: &State| -> TeraResult<String> { Ok(bytes(v)) },
    );
    tera.register_filter(
        "duration",
        |v: f64, kw: Kwargs, _: &State| -> TeraResult<String> {
            let unit = kw.get::<&str>("unit")?.unwrap_or("s");
            if v == 0.0 {
                // Nothing (an RPO of zero) reads in the unit it was stated in.
                return Ok(format!("0 {unit}"));
            }
            let ms = match unit {
                "ms" => v,
                "s" => v * 1000.0,
                "min" => v * 60_000.0,
                "h" => v * 3_600_000.0,
                other => {
                    return Err(tera::Error::message(format!(
                        "the `duration` filter takes unit=\"ms\", \"s\", \"min\" or \"h\", not `{other}`"
                    )));
                }
            };
            Ok(duration(ms))
        },
    );
}

/// Indented JSON whose strings are escaped as [`yaml_emit::flow`] escapes them: one value or
/// key per line, so Markdown fences and YAML hosts hold it whatever the strings contain.
pub fn json_pretty(v: &serde_json::Value, indent: usize) -> String {
    use serde_json::Value as J;
    let pad = |n: usize| "  ".repeat(n);
    match v {
        J::Array(items) if !items.is_empty() => {
            let inner: Vec<String> = items
                .iter()
                .map(|i| format!("{}{}", pad(indent + 1), json_pretty(i, indent + 1)))
                .collect();
            format!("[\n{}\n{}]", inner.join(",\n"), pad(indent))
        }
        J::Object(map) if !map.is_empty() => {
            let inner: Vec<String> = map
                .iter()
                .map(|(k, v)| {
                    let key = escape::yaml_string(k);
                    format!("{}{key}: {}", pad(indent + 1), json_pretty(v, indent + 1))
                })
                .collect();
            format!("{{\n{}\n{}}}", inner.join(",\n"), pad(indent))
        }
        leaf => yaml_emit::flow(leaf),
    }
}

/// The anchor a forge gives a heading (its first occurrence in a document).
pub fn github_anchor(heading: &str) -> String {
    comrak::Anchorizer::new().anchorize(heading)
}

/// The relative link from the document at `from` to the one at `to` (both output-relative).
pub fn relative(from: &str, to: &str) -> String {
    let (to_path, fragment) = match to.split_once('#') {
        Some((p, f)) => (p, format!("#{f}")),
        None => (to, String::new()),
    };
    let from_dir: Vec<&str> = from
        .split('/')
        .collect::<Vec<_>>()
        .split_last()
        .map(|(_, d)| d.to_vec())
        .unwrap_or_default();
    let to_parts: Vec<&str> = to_path.split('/').collect();
    let common = from_dir
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut parts: Vec<&str> = vec![".."; from_dir.len() - common];
    parts.extend(&to_parts[common..]);
    format!("{}{fragment}", parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_links() {
        assert_eq!(relative("README.md", "api/orders.yaml"), "api/orders.yaml");
        assert_eq!(relative("adr/0002-x.md", "security.md"), "../security.md");
        assert_eq!(
            relative("adr/0002-x.md", "adr/0001-y.md#status"),
            "0001-y.md#status"
        );
    }

    #[test]
    fn a_query_value_cannot_end_its_parameter() {
        let mut tera = Tera::default();
        register(&mut tera);
        tera.add_raw_template("q", "?a={{ v | query }}&b=1")
            .unwrap();
        let mut ctx = tera::Context::new();
        ctx.insert("v", "a|b c&x=1#y+z:2026-12-04T09:30:00Z");
        assert_eq!(
            tera.render("q", &ctx).unwrap(),
            "?a=a%7Cb%20c%26x%3D1%23y%2Bz:2026-12-04T09:30:00Z&b=1"
        );
    }

    #[test]
    fn pretty_json_round_trips() {
        let v = serde_json::json!({"a": [1, {"b": "```\n|", "c": []}], "d": {}, "e": "\u{2028}"});
        let text = json_pretty(&v, 0);
        assert_eq!(serde_json::from_str::<serde_json::Value>(&text).unwrap(), v);
        assert!(text.lines().all(|l| !l.trim_start().starts_with('`')));
        assert_eq!(
            json_pretty(&serde_json::json!({"x": 1}), 0),
            "{\n  \"x\": 1\n}"
        );
    }

    #[test]
    fn anchors() {
        assert_eq!(github_anchor("Service `orders` (v2)!"), "service-orders-v2");
    }
}

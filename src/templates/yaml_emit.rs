//! Writes any value as YAML that every parser reads back to the same data: block style with
//! every string double-quoted, or flow style (JSON with YAML-safe escapes) on one line.

use crate::text::escape::yaml_string;
use serde_json::Value;

/// One-line flow YAML (also valid JSON).
pub fn flow(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => yaml_string(s),
        Value::Array(items) => format!(
            "[{}]",
            items.iter().map(flow).collect::<Vec<_>>().join(", ")
        ),
        Value::Object(map) => format!(
            "{{{}}}",
            map.iter()
                .map(|(k, v)| format!("{}: {}", yaml_string(k), flow(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// Block YAML for the value of a key or list item, indented by `indent` spaces: a scalar or
/// empty collection follows on the same line (` "x"`), anything else starts on the next line.
pub fn block(value: &Value, indent: usize) -> String {
    let mut out = String::new();
    write_value(value, indent, &mut out);
    out
}

fn is_leaf(value: &Value) -> bool {
    match value {
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => true,
    }
}

fn write_value(value: &Value, indent: usize, out: &mut String) {
    if is_leaf(value) {
        out.push(' ');
        out.push_str(&flow(value));
        return;
    }
    let pad = " ".repeat(indent);
    match value {
        Value::Array(items) => {
            for item in items {
                out.push('\n');
                out.push_str(&pad);
                out.push('-');
                if is_leaf(item) {
                    write_value(item, indent + 2, out);
                } else if let Value::Object(map) = item {
                    // First key on the dash's line, the rest aligned under it.
                    for (i, (k, v)) in map.iter().enumerate() {
                        if i == 0 {
                            out.push(' ');
                        } else {
                            out.push('\n');
                            out.push_str(&pad);
                            out.push_str("  ");
                        }
                        out.push_str(&yaml_string(k));
                        out.push(':');
                        write_value(v, indent + 4, out);
                    }
                } else {
                    write_value(item, indent + 2, out);
                }
            }
        }
        Value::Object(map) => {
            for (k, v) in map {
                out.push('\n');
                out.push_str(&pad);
                out.push_str(&yaml_string(k));
                out.push(':');
                write_value(v, indent + 2, out);
            }
        }
        _ => unreachable!("leaves are written above"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn block_round_trips() {
        let v = json!({"a": [1, {"b": "yes", "c": [], "d": {"e": null}}, [2, 3]], "f": "x\ny", "g": {}});
        let doc = format!("root:{}\n", block(&v, 2));
        let back: serde_json::Value = serde_yaml::from_str(&doc).unwrap();
        assert_eq!(back["root"], v, "{doc}");
    }

    #[test]
    fn flow_is_json() {
        let v = json!({"a": ["yes", 1.5, true, null], "b\"": {}});
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&flow(&v)).unwrap(),
            v
        );
        assert_eq!(
            serde_yaml::from_str::<serde_json::Value>(&flow(&v)).unwrap(),
            v
        );
    }
}

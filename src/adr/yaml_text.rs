//! Text for `archgen.yaml` edits: YAML scalars that read back as the same string, and
//! applying a set of byte-range edits at once.

use super::yaml_edit::Edit;

/// Applies non-overlapping `edits` to `text`; insertions at one place keep their order.
pub fn apply(text: &str, edits: Vec<Edit>) -> String {
    let mut edits: Vec<(usize, Edit)> = edits.into_iter().enumerate().collect();
    edits.sort_by_key(|(i, e)| std::cmp::Reverse((e.start, e.end, *i)));
    let mut out = text.to_owned();
    for (_, e) in edits {
        out.replace_range(e.start..e.end, &e.text);
    }
    out
}

/// `value` as a YAML scalar: plain when that reads back as the same string, else
/// double-quoted with the escaping templates use ([`crate::text::escape::yaml_string`]), so a
/// line or paragraph separator, which YAML 1.1 parsers read as a line break, stays text.
pub fn scalar(value: &str) -> String {
    let reserved = [
        "y", "yes", "n", "no", "true", "false", "on", "off", "null", "~",
    ];
    let plain = value.chars().next().is_some_and(char::is_alphanumeric)
        && value == value.trim()
        && !value.ends_with(':')
        && !value.contains(": ")
        && !value.contains(" #")
        && !value
            .chars()
            .any(|c| c.is_control() || "\"`{}[]&*!|>%@\\\u{2028}\u{2029}\u{feff}".contains(c))
        && !reserved.contains(&value.to_lowercase().as_str())
        && value.parse::<f64>().is_err();
    if plain {
        value.to_owned()
    } else {
        crate::text::escape::yaml_string(value)
    }
}

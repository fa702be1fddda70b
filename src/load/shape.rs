//! Checks a model's shape against its JSON Schema and turns every violation into a finding
//! a person can act on: unknown fields and values with a "did you mean", wrong types, missing
//! fields, numbers out of range.

use super::spans::Spans;
use crate::diagnostic::{Finding, did_you_mean};
use jsonschema::ValidationError;
use jsonschema::error::ValidationErrorKind;
use serde_json::Value;
use std::sync::OnceLock;

struct Checker {
    schema: Value,
    validator: jsonschema::Validator,
}

fn checker() -> &'static Checker {
    static CHECKER: OnceLock<Checker> = OnceLock::new();
    CHECKER.get_or_init(|| {
        let schema = crate::schema::inline_schema();
        let validator = jsonschema::validator_for(&schema).expect("the model's schema is valid");
        Checker { schema, validator }
    })
}

/// What one schema violation says, and what it pairs with.
struct Found {
    finding: Finding,
    /// `(object pointer, field)` of a missing required field.
    missing: Option<(String, String)>,
    /// `(object pointer, field)` an unknown field is probably a typo of.
    typo_of: Option<(String, String)>,
}

impl From<Finding> for Found {
    fn from(finding: Finding) -> Found {
        Found {
            finding,
            missing: None,
            typo_of: None,
        }
    }
}

/// Every shape problem of `instance`, located through `spans`. A misspelt required field is
/// one problem, not two: the "missing field" it causes is left out.
pub fn check(instance: &Value, spans: &Spans, source: &str, file: &str) -> Vec<Finding> {
    let checker = checker();
    let mut out: Vec<Found> = Vec::new();
    for error in checker.validator.iter_errors(instance) {
        describe(checker, &error, instance, (spans, source), file, &mut out);
    }
    let typos: Vec<(String, String)> = out.iter().filter_map(|f| f.typo_of.clone()).collect();
    out.into_iter()
        .filter(|f| f.missing.as_ref().is_none_or(|m| !typos.contains(m)))
        .map(|f| f.finding)
        .collect()
}

// long: one exhaustive match over the schema validator's error kinds, an arm per kind
fn describe(
    checker: &Checker,
    error: &ValidationError<'_>,
    root: &Value,
    (spans, source): (&Spans, &str),
    file: &str,
    out: &mut Vec<Found>,
) {
    let pointer = error.instance_path().as_str();
    let at = |finding: Finding, pos: Option<super::spans::Pos>| match pos {
        Some(p) => finding.at(p.line, p.column),
        None => finding,
    };
    let here = human_path(pointer);
    let instance = root.pointer(pointer).unwrap_or(&Value::Null);
    let schema_path = error.schema_path().as_str();
    match error.kind() {
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            let parent = parent_pointer(schema_path);
            let known = checker
                .schema
                .pointer(parent)
                .and_then(|s| s.get("properties"))
                .and_then(Value::as_object)
                .map(|m| m.keys().map(String::as_str).collect::<Vec<_>>())
                .unwrap_or_default();
            for key in unexpected {
                let child = super::spans::child_path(pointer, key);
                let mut finding = Finding::new(file, format!("unknown field `{key}` in {here}"));
                let near = did_you_mean(key, known.iter().copied());
                finding = match near {
                    // YAML 1.2, which archgen reads, has no merge keys.
                    _ if key == "<<" => finding.help(
                        "YAML merge keys (`<<: *anchor`) are not supported; write the fields out, or repeat the whole item with `*anchor`",
                    ),
                    _ if key.contains(' ') => finding.help(
                        "this looks like text cut off by a comma: inside `{ ... }` a `,` ends a value, so quote text that contains one",
                    ),
                    Some(near) => finding.help(format!("did you mean `{near}`?")),
                    None => finding.help(format!("remove it; known fields here: {}", list(&known))),
                };
                out.push(Found {
                    finding: at(finding, spans.key(&child)),
                    missing: None,
                    typo_of: near.map(|n| (pointer.to_owned(), n.to_owned())),
                });
            }
        }
        ValidationErrorKind::Required { property } => {
            let name = property.as_str().unwrap_or_default();
            let finding = Finding::new(file, format!("missing field `{name}` in {here}"))
                .help(format!("add `{name}:` with a value"));
            out.push(Found {
                finding: at(finding, spans.value(pointer)),
                missing: Some((pointer.to_owned(), name.to_owned())),
                typo_of: None,
            });
        }
        ValidationErrorKind::AnyOf { context } | ValidationErrorKind::OneOfNotValid { context } => {
            let parent = checker.schema.pointer(parent_pointer(schema_path));
            let consts = parent.map(collect_consts).unwrap_or_default();
            if !consts.is_empty() {
                let got = instance
                    .as_str()
                    .map(str::to_owned)
                    .unwrap_or_else(|| instance.to_string());
                let names: Vec<&str> = consts.iter().map(String::as_str).collect();
                let mut finding = Finding::new(file, format!("unknown value `{got}` for {here}"));
                finding = match did_you_mean(&got, names.iter().copied()) {
                    Some(near) => finding.help(format!(
                        "did you mean `{near}`? expected one of: {}",
                        list(&names)
                    )),
                    None => finding.help(format!("expected one of: {}", list(&names))),
                };
                out.push(at(finding, spans.value(pointer)).into());
                return;
            }
            // Report the branch that matches the value's own type (the non-null one for an
            // optional field), so the person sees the real problem inside it.
            let branch = context.iter().find(|errors| {
                !errors.iter().any(|e| {
                    matches!(e.kind(), ValidationErrorKind::Type { .. })
                        && e.instance_path().as_str() == pointer
                })
            });
            match branch {
                Some(errors) => {
                    for e in errors {
                        describe(checker, e, root, (spans, source), file, out);
                    }
                }
                None => {
                    let finding = Finding::new(
                        file,
                        format!("{here} has the wrong type ({})", kind_of(instance)),
                    )
                    .help("see `archgen schema` for the expected shape");
                    out.push(at(finding, spans.value(pointer)).into());
                }
            }
        }
        ValidationErrorKind::Type { .. } => {
            let types: Vec<&str> = match checker.schema.pointer(schema_path) {
                Some(Value::String(t)) => vec![t.as_str()],
                Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
                _ => Vec::new(),
            };
            let expected: Vec<&str> = types
                .into_iter()
                .filter(|t| *t != "null")
                .map(|t| match t {
                    "object" => "a mapping",
                    "array" => "a list",
                    "string" => "a string",
                    "integer" => "a whole number",
                    "number" => "a number",
                    "boolean" => "`true` or `false`",
                    other => other,
                })
                .collect();
            let finding = if pointer.is_empty() {
                Finding::new(file, format!("the model should be a mapping, not {}", kind_of(instance)))
                    .help("start with `version: 1`, `name:` and `requirements:`; see examples/order-management/archgen.yaml")
            } else {
                Finding::new(
                    file,
                    format!(
                        "{here} should be {}, not {}",
                        expected.join(" or "),
                        kind_of(instance)
                    ),
                )
                .help(
                    if expected == ["a string"]
                        && !matches!(instance, Value::Object(_) | Value::Array(_))
                    {
                        // YAML reads 42, 1e3, true and null as such; quotes make them text,
                        // the text as written, not as YAML read it.
                        let written = spans
                            .value(pointer)
                            .and_then(|p| plain_scalar(source, p))
                            .unwrap_or_else(|| instance.to_string());
                        format!("put the value in quotes to keep it as text: `\"{written}\"`")
                    } else if expected == ["a string"]
                        && instance.as_object().is_some_and(|m| m.len() == 1)
                    {
                        // `- Sellers: every order is ours` is a one-key mapping to YAML.
                        "a colon followed by a space starts a mapping in YAML: put the whole text in quotes to keep it as one string".to_owned()
                    } else {
                        "fix the value's type".to_owned()
                    },
                )
            };
            out.push(at(finding, spans.value(pointer)).into());
        }
        ValidationErrorKind::Minimum { limit } => {
            let finding = Finding::new(
                file,
                format!("{here} is {instance}, below the minimum {limit}"),
            )
            .help(format!("use a value of at least {limit}"));
            out.push(at(finding, spans.value(pointer)).into());
        }
        ValidationErrorKind::Maximum { limit } => {
            let finding = Finding::new(
                file,
                format!("{here} is {instance}, above the maximum {limit}"),
            )
            .help(format!("use a value of at most {limit}"));
            out.push(at(finding, spans.value(pointer)).into());
        }
        _ => {
            let finding = Finding::new(file, format!("{here}: {error}"))
                .help("see `archgen schema` for the expected shape");
            out.push(at(finding, spans.value(pointer)).into());
        }
    }
}

/// The plain scalar written at `pos` in `source`: up to the end of its line, a comment, or
/// the `,`, `]` or `}` that ends it inside a flow collection.
fn plain_scalar(source: &str, pos: super::spans::Pos) -> Option<String> {
    let line = source.lines().nth(pos.line.checked_sub(1)?)?;
    let rest: String = line.chars().skip(pos.column.checked_sub(1)?).collect();
    let end = [" #", ",", "]", "}"]
        .iter()
        .filter_map(|t| rest.find(t))
        .min()
        .unwrap_or(rest.len());
    let text = rest[..end].trim_end();
    (!text.is_empty() && !text.contains(['"', '\\'])).then(|| text.to_owned())
}

/// `services[0].api.style` for `/services/0/api/style`; `the model` for the root.
pub fn human_path(pointer: &str) -> String {
    if pointer.is_empty() {
        return "the model".into();
    }
    let mut out = String::new();
    for seg in pointer.split('/').skip(1) {
        let seg = seg.replace("~1", "/").replace("~0", "~");
        if seg.chars().all(|c| c.is_ascii_digit()) && !seg.is_empty() {
            out.push_str(&format!("[{seg}]"));
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(&seg);
        }
    }
    format!("`{out}`")
}

fn parent_pointer(pointer: &str) -> &str {
    pointer.rfind('/').map_or("", |i| &pointer[..i])
}

fn collect_consts(schema: &Value) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(c) = schema.get("const").and_then(Value::as_str) {
        out.push(c.to_owned());
    }
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        out.extend(values.iter().filter_map(Value::as_str).map(str::to_owned));
    }
    for key in ["oneOf", "anyOf"] {
        for branch in schema
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            out.extend(collect_consts(branch));
        }
    }
    out
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "empty",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_f64() => "a decimal number",
        Value::Number(_) => "an integer",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

fn list(items: &[&str]) -> String {
    items
        .iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

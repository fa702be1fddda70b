//! A pack's own questions: asked by the interview at the end of a step, answered under `extra:`
//! in the model, checked by the same rules in both places, and visible to templates.

use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// A team question from `pack.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// The answer's key under `extra:`, e.g. `data_classification`.
    pub id: String,
    /// The step it is asked in: requirements, boundaries, apis, communication, resilience,
    /// observability, security, performance, testing or documentation.
    pub step: String,
    /// What kind of answer it takes.
    pub kind: Kind,
    /// The question.
    pub prompt: String,
    /// One sentence on the choice.
    #[serde(default)]
    pub help: String,
    /// The choices, for `select` and `multiselect`.
    #[serde(default)]
    pub options: Vec<String>,
    /// The default answer.
    #[serde(default)]
    pub default: Option<Value>,
    /// Whether an answer is required.
    #[serde(default)]
    pub required: bool,
    /// A Tera expression over the view; the question is asked only when it is true.
    #[serde(default)]
    pub when: Option<String>,
    /// For `text`: a regular expression the whole answer must match.
    #[serde(default)]
    pub pattern: Option<String>,
    /// For `number`: the smallest accepted value.
    #[serde(default)]
    pub min: Option<f64>,
    /// For `number`: the largest accepted value.
    #[serde(default)]
    pub max: Option<f64>,
}

/// The kinds of team questions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// Free text.
    Text,
    /// One of `options`.
    Select,
    /// Any of `options`.
    Multiselect,
    /// Yes or no.
    Confirm,
    /// A number.
    Number,
}

impl Question {
    /// Problems in the question itself (checked when the pack loads).
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        let id_ok = self
            .id
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_lowercase())
            && self
                .id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !id_ok {
            out.push(format!(
                "question id `{}` must be snake_case (a-z, 0-9, _)",
                self.id
            ));
        }
        if !crate::model::STEPS.contains(&self.step.as_str()) {
            out.push(format!(
                "question `{}`: unknown step `{}`; steps: {}",
                self.id,
                self.step,
                crate::model::STEPS.join(", ")
            ));
        }
        if matches!(self.kind, Kind::Select | Kind::Multiselect) && self.options.is_empty() {
            out.push(format!(
                "question `{}` is a {} without `options`",
                self.id,
                if self.kind == Kind::Select {
                    "select"
                } else {
                    "multiselect"
                }
            ));
        }
        if let Some(p) = &self.pattern {
            if let Err(e) = regex::Regex::new(p) {
                out.push(format!(
                    "question `{}`: `pattern` is not a regular expression: {e}",
                    self.id
                ));
            }
        }
        if let Some(d) = &self.default {
            if let Err(e) = self.check(d) {
                out.push(format!("question `{}`: its default {d} {e}", self.id));
            }
        }
        out
    }

    /// Checks an answer: the same rule for the interview's prompt and the model's `extra:`.
    pub fn check(&self, answer: &Value) -> Result<(), String> {
        match (self.kind, answer) {
            (Kind::Text, Value::String(s)) => {
                if self.required && s.trim().is_empty() {
                    return Err("must not be empty".into());
                }
                match &self.pattern {
                    Some(p) if !s.is_empty() => {
                        let re =
                            regex::Regex::new(&format!("^(?:{p})$")).map_err(|e| e.to_string())?;
                        if re.is_match(s) {
                            Ok(())
                        } else {
                            Err(format!("must match `{p}`"))
                        }
                    }
                    _ => Ok(()),
                }
            }
            (Kind::Select, Value::String(s)) if self.options.contains(s) => Ok(()),
            (Kind::Select, _) => Err(format!("must be one of: {}", self.options.join(", "))),
            (Kind::Multiselect, Value::Array(items)) => {
                match items.iter().find(|v| {
                    !v.as_str()
                        .is_some_and(|s| self.options.iter().any(|o| o == s))
                }) {
                    Some(bad) => Err(format!(
                        "has {bad}, which is not one of: {}",
                        self.options.join(", ")
                    )),
                    None if self.required && items.is_empty() => {
                        Err("must have at least one choice".into())
                    }
                    None => Ok(()),
                }
            }
            (Kind::Confirm, Value::Bool(_)) => Ok(()),
            (Kind::Number, Value::Number(n)) => {
                let v = n.as_f64().unwrap_or(f64::NAN);
                match (self.min, self.max) {
                    (Some(min), _) if v < min => Err(format!("must be at least {min}")),
                    (_, Some(max)) if v > max => Err(format!("must be at most {max}")),
                    _ => Ok(()),
                }
            }
            (kind, _) => Err(format!(
                "must be {}",
                match kind {
                    Kind::Text => "text",
                    Kind::Multiselect => "a list",
                    Kind::Confirm => "`true` or `false`",
                    Kind::Number => "a number",
                    Kind::Select => "one of the options",
                }
            )),
        }
    }

    /// The JSON Schema of its answer, for `archgen schema`.
    pub fn schema(&self) -> Value {
        let mut s = match self.kind {
            Kind::Text => match &self.pattern {
                Some(p) => json!({"type": "string", "pattern": format!("^(?:{p})$")}),
                None => json!({"type": "string"}),
            },
            Kind::Select => json!({"type": "string", "enum": self.options}),
            Kind::Multiselect => {
                json!({"type": "array", "items": {"type": "string", "enum": self.options}})
            }
            Kind::Confirm => json!({"type": "boolean"}),
            Kind::Number => {
                let mut n = json!({"type": "number"});
                if let Some(min) = self.min {
                    n["minimum"] = json!(min);
                }
                if let Some(max) = self.max {
                    n["maximum"] = json!(max);
                }
                n
            }
        };
        let text = if self.help.is_empty() {
            self.prompt.clone()
        } else {
            format!("{} {}", self.prompt, self.help)
        };
        s["description"] = Value::String(text);
        if let Some(d) = &self.default {
            s["default"] = d.clone();
        }
        s
    }
}

/// Fills in a pack's default answers: each question `extra` leaves unanswered takes its
/// default. The one place a default answer is filled in: `archgen new --defaults` writes them,
/// `archgen templates check` renders the examples with them and every render's view holds them,
/// so all three see the same answers.
pub fn fill_defaults(questions: &[Question], extra: &mut BTreeMap<String, Value>) {
    for q in questions {
        if let Some(d) = &q.default {
            extra.entry(q.id.clone()).or_insert_with(|| d.clone());
        }
    }
}

/// The editor schema with a template pack's questions as the properties of `extra`.
pub fn editor_schema(questions: &[Question]) -> serde_json::Value {
    let mut schema = crate::schema::editor_schema();
    if !questions.is_empty() {
        let props: serde_json::Map<String, serde_json::Value> = questions
            .iter()
            .map(|q| (q.id.clone(), q.schema()))
            .collect();
        let required: Vec<&str> = questions
            .iter()
            .filter(|q| q.required && q.default.is_none())
            .map(|q| q.id.as_str())
            .collect();
        schema["properties"]["extra"] = serde_json::json!({
            "description": "Answers to the template pack's own questions.",
            "type": "object",
            "properties": props,
            "required": required,
            "additionalProperties": false,
        });
    }
    schema
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(yaml: &str) -> Question {
        serde_yaml::from_str(yaml).unwrap()
    }

    #[test]
    fn defaults_fill_only_what_is_unanswered() {
        let questions = [
            q("{id: level, step: security, kind: select, prompt: L?, options: [a, b], default: a}"),
            q("{id: zone, step: security, kind: text, prompt: Z?, default: eu}"),
            q("{id: note, step: security, kind: text, prompt: N?}"),
        ];
        let mut extra = BTreeMap::from([("level".to_owned(), json!("b"))]);
        fill_defaults(&questions, &mut extra);
        let expected = BTreeMap::from([
            ("level".to_owned(), json!("b")),
            ("zone".to_owned(), json!("eu")),
        ]);
        assert_eq!(extra, expected);
    }

    #[test]
    fn answers_are_checked_by_kind() {
        let sel =
            q("{id: level, step: security, kind: select, prompt: Level?, options: [low, high]}");
        assert!(sel.check(&json!("low")).is_ok());
        assert_eq!(
            sel.check(&json!("mid")).unwrap_err(),
            "must be one of: low, high"
        );
        let num = q("{id: n, step: testing, kind: number, prompt: N?, min: 1, max: 5}");
        assert_eq!(num.check(&json!(9)).unwrap_err(), "must be at most 5");
        let text =
            q("{id: code, step: requirements, kind: text, prompt: Code?, pattern: '[A-Z]{3}'}");
        assert!(text.check(&json!("ABC")).is_ok());
        assert_eq!(
            text.check(&json!("ABCD")).unwrap_err(),
            "must match `[A-Z]{3}`"
        );
        assert!(
            q("{id: Bad-Id, step: nope, kind: select, prompt: x}")
                .problems()
                .len()
                == 3
        );
    }
}

//! A template pack's own questions, asked at the end of the step they belong to. Their answers
//! go under `extra:` in the model and are checked by the same rule the loader applies.

use super::ask::{At, Question, custom};
use super::flow::Node;
use super::prompt::{Prompt, Reply};
use crate::model::Model;
use crate::templates::questions::{Kind, Question as PackQuestion};
use serde_json::Value;
use std::rc::Rc;

/// Decides whether a pack question applies to the model (its `when`).
pub type Applies = Rc<dyn Fn(&Model, &PackQuestion) -> bool>;

/// The pack's questions as interview nodes, grouped by step (index 0 to 9).
pub fn nodes(questions: &[PackQuestion], applies: Applies) -> Vec<Vec<Node>> {
    let mut by_step: Vec<Vec<Node>> = (0..10).map(|_| Vec::new()).collect();
    for q in questions {
        if let Ok(i) = super::step_index(&q.step) {
            by_step[i].push(Node::Ask(question(q.clone(), applies.clone())));
        }
    }
    by_step
}

fn question(q: PackQuestion, applies: Applies) -> Question {
    let q = Rc::new(q);
    let (qa, qb, qc) = (q.clone(), q.clone(), q.clone());
    custom(
        &format!("extra.{}", q.id),
        move |m, _| prompt(&qa, m.extra.get(&qa.id)),
        move |m, _, reply| store(&qb, m, reply),
    )
    .when(move |m: &Model, _: &At| applies(m, &qc))
}

fn prompt(q: &Rc<PackQuestion>, current: Option<&Value>) -> Prompt {
    let value = current.or(q.default.as_ref());
    let (message, help) = (q.prompt.clone(), q.help.clone());
    let options = || {
        q.options
            .iter()
            .map(|o| (o.clone(), String::new()))
            .collect::<Vec<_>>()
    };
    match q.kind {
        Kind::Text | Kind::Number => {
            let check_q = q.clone();
            Prompt::Text {
                message,
                help,
                default: value
                    .map(|v| {
                        v.as_str()
                            .map(str::to_owned)
                            .unwrap_or_else(|| v.to_string())
                    })
                    .unwrap_or_default(),
                check: Rc::new(move |s: &str| match parse(&check_q, s) {
                    None if check_q.required => Err("an answer is required".into()),
                    None => Ok(()),
                    Some(v) => check_q.check(&v),
                }),
            }
        }
        Kind::Select => Prompt::Select {
            message,
            help,
            default: value
                .and_then(Value::as_str)
                .and_then(|s| q.options.iter().position(|o| o == s))
                .unwrap_or(0),
            options: options(),
        },
        Kind::Multiselect => Prompt::MultiSelect {
            message,
            help,
            defaults: value
                .and_then(Value::as_array)
                .map(|items| {
                    items
                        .iter()
                        .filter_map(|v| {
                            v.as_str()
                                .and_then(|s| q.options.iter().position(|o| o == s))
                        })
                        .collect()
                })
                .unwrap_or_default(),
            options: options(),
        },
        Kind::Confirm => Prompt::Confirm {
            message,
            help,
            default: value.and_then(Value::as_bool).unwrap_or(false),
        },
    }
}

/// A typed answer as the model stores it; `None` for an empty answer.
fn parse(q: &PackQuestion, s: &str) -> Option<Value> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    Some(match q.kind {
        Kind::Number => match s.parse::<i64>() {
            Ok(i) => Value::from(i),
            Err(_) => s
                .parse::<f64>()
                .ok()
                .map(Value::from)
                .unwrap_or_else(|| Value::String(s.to_owned())),
        },
        _ => Value::String(s.to_owned()),
    })
}

fn store(q: &PackQuestion, m: &mut Model, reply: Reply) {
    let value = match reply {
        Reply::Text(s) => parse(q, &s),
        Reply::Choice(i) => q.options.get(i).cloned().map(Value::String),
        Reply::Choices(v) => Some(Value::Array(
            v.into_iter()
                .filter_map(|i| q.options.get(i).cloned().map(Value::String))
                .collect(),
        )),
        Reply::Yes(b) => Some(Value::Bool(b)),
    };
    match value {
        Some(v) => {
            m.extra.insert(q.id.clone(), v);
        }
        None => {
            m.extra.remove(&q.id);
        }
    }
}

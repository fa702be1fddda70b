//! Builders that turn "this field of the model" into a question: its prompt, its default
//! (derived from what is already answered), its validator (shared with the YAML loader) and how
//! the answer is stored. The step files read as a list of these.

use super::prompt::{Prompt, Reply};
use crate::model::Model;
use schemars::JsonSchema;
use serde::Serialize;
use serde::de::DeserializeOwned;

/// Indexes of the group items a question is about (`[service, resource]`), outermost first.
pub type At = Vec<usize>;

/// Reads something about the model at a place.
pub type Read<T> = Box<dyn Fn(&Model, &At) -> T>;
/// Changes the model at a place.
pub type Change<T> = Box<dyn Fn(&mut Model, &At, T)>;
/// Changes the model at a place, needing nothing more.
pub type Edit = Box<dyn Fn(&mut Model, &At)>;

/// One question about the model.
pub struct Question {
    /// Stable id, e.g. `services.responsibility`.
    pub id: String,
    /// Asked on the quick path (it has no safe default).
    pub quick: bool,
    ask: Read<Prompt>,
    apply: Change<Reply>,
    when: Read<bool>,
}

impl Question {
    /// The prompt, or `None` when the question's premise does not hold here.
    pub fn prompt(&self, m: &Model, at: &At) -> Option<Prompt> {
        (self.when)(m, at).then(|| (self.ask)(m, at))
    }

    /// Stores an answer.
    pub fn apply(&self, m: &mut Model, at: &At, reply: Reply) {
        (self.apply)(m, at, reply)
    }

    /// Asks it only when `cond` holds (a question whose premise fails is not asked, checked or
    /// saved).
    pub fn when(mut self, cond: impl Fn(&Model, &At) -> bool + 'static) -> Self {
        let prev = self.when;
        self.when = Box::new(move |m, at| prev(m, at) && cond(m, at));
        self
    }

    /// Asks it on the quick path too.
    pub fn quick(mut self) -> Self {
        self.quick = true;
        self
    }
}

fn question(id: &str, ask: Read<Prompt>, apply: Change<Reply>) -> Question {
    Question {
        id: id.to_owned(),
        quick: false,
        ask,
        apply,
        when: Box::new(|_, _| true),
    }
}

/// A question built from its prompt and how its reply is stored (a template pack's own).
pub fn custom(
    id: &str,
    ask: impl Fn(&Model, &At) -> Prompt + 'static,
    apply: impl Fn(&mut Model, &At, Reply) + 'static,
) -> Question {
    question(id, Box::new(ask), Box::new(apply))
}

/// Free text. `default` is offered when the field is empty.
pub fn text(
    id: &'static str,
    message: &'static str,
    help: &'static str,
    get: impl Fn(&Model, &At) -> String + 'static,
    set: impl Fn(&mut Model, &At, String) + 'static,
    default: impl Fn(&Model, &At) -> String + 'static,
    check: impl Fn(&Model, &At, &str) -> Result<(), String> + Clone + 'static,
) -> Question {
    let ask: Read<Prompt> = Box::new(move |m, at| {
        let current = get(m, at);
        let (m2, at2, check) = (m.clone(), at.clone(), check.clone());
        Prompt::Text {
            message: message.into(),
            help: help.into(),
            default: if current.is_empty() {
                default(m, at)
            } else {
                current
            },
            check: std::rc::Rc::new(move |s| check(&m2, &at2, s)),
        }
    });
    let apply: Change<Reply> = Box::new(move |m, at, r| {
        if let Reply::Text(s) = r {
            set(m, at, s.trim().to_owned());
        }
    });
    question(id, ask, apply)
}

/// An optional number typed as text: empty leaves it unset (the derived default applies).
#[allow(clippy::too_many_arguments)]
pub fn number<T>(
    id: &'static str,
    message: &'static str,
    help: &'static str,
    get: impl Fn(&Model, &At) -> Option<T> + 'static,
    set: impl Fn(&mut Model, &At, Option<T>) + 'static,
    default: impl Fn(&Model, &At) -> Option<T> + 'static,
    check: impl Fn(T) -> Result<(), String> + Clone + 'static,
) -> Question
where
    T: std::str::FromStr + std::fmt::Display + Copy + 'static,
{
    let ask: Read<Prompt> = Box::new(move |m, at| {
        let check = check.clone();
        Prompt::Text {
            message: message.into(),
            help: help.into(),
            default: get(m, at)
                .or_else(|| default(m, at))
                .map(|v| v.to_string())
                .unwrap_or_default(),
            check: std::rc::Rc::new(move |s: &str| {
                let s = s.trim().replace('_', "");
                if s.is_empty() {
                    return Ok(());
                }
                match s.parse::<T>() {
                    Ok(v) => check(v),
                    Err(_) => Err(format!("`{s}` is not a number")),
                }
            }),
        }
    });
    let apply: Change<Reply> = Box::new(move |m, at, r| {
        if let Reply::Text(s) = r {
            set(m, at, s.trim().replace('_', "").parse::<T>().ok());
        }
    });
    question(id, ask, apply)
}

/// Yes or no.
pub fn confirm(
    id: &'static str,
    message: &'static str,
    help: &'static str,
    get: impl Fn(&Model, &At) -> bool + 'static,
    set: impl Fn(&mut Model, &At, bool) + 'static,
) -> Question {
    let ask: Read<Prompt> = Box::new(move |m, at| Prompt::Confirm {
        message: message.into(),
        help: help.into(),
        default: get(m, at),
    });
    let apply: Change<Reply> = Box::new(move |m, at, r| {
        if let Reply::Yes(b) = r {
            set(m, at, b);
        }
    });
    question(id, ask, apply)
}

/// The variants of a model enum with their documentation, from its JSON Schema: the model's
/// own `///` docs are the vocabulary and the help text.
pub fn variants<T: JsonSchema + DeserializeOwned>() -> Vec<(T, String, String)> {
    let schema = serde_json::to_value(schemars::schema_for!(T)).unwrap_or_default();
    let mut out = Vec::new();
    for branch in schema
        .get("oneOf")
        .and_then(|v| v.as_array())
        .into_iter()
        .flatten()
    {
        if let Some(name) = branch.get("const").and_then(|c| c.as_str()) {
            if let Ok(v) = serde_json::from_value::<T>(serde_json::Value::String(name.into())) {
                let help = branch
                    .get("description")
                    .and_then(|d| d.as_str())
                    .unwrap_or_default();
                out.push((v, name.to_owned(), help.to_owned()));
            }
        }
    }
    out
}

/// The model spelling of an enum value, e.g. `blue-green`.
pub fn spelling<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// One variant of a model enum; `default` is selected when the field is unset.
pub fn choice<T>(
    id: &'static str,
    message: &'static str,
    help: &'static str,
    get: impl Fn(&Model, &At) -> Option<T> + 'static,
    set: impl Fn(&mut Model, &At, T) + 'static,
    default: impl Fn(&Model, &At) -> T + 'static,
) -> Question
where
    T: JsonSchema + DeserializeOwned + Serialize + PartialEq + Clone + 'static,
{
    let ask: Read<Prompt> = Box::new(move |m, at| {
        let all = variants::<T>();
        let current = get(m, at).unwrap_or_else(|| default(m, at));
        Prompt::Select {
            message: message.into(),
            help: help.into(),
            default: all.iter().position(|(v, _, _)| *v == current).unwrap_or(0),
            options: all
                .into_iter()
                .map(|(_, name, help)| (name, help))
                .collect(),
        }
    });
    let apply: Change<Reply> = Box::new(move |m, at, r| {
        if let Reply::Choice(i) = r {
            if let Some((v, _, _)) = variants::<T>().into_iter().nth(i) {
                set(m, at, v);
            }
        }
    });
    question(id, ask, apply)
}

/// One of a list computed from the model (a service, a broker), stored as its label.
pub fn pick(
    id: &'static str,
    message: &'static str,
    help: &'static str,
    options: impl Fn(&Model, &At) -> Vec<(String, String)> + 'static,
    get: impl Fn(&Model, &At) -> String + 'static,
    set: impl Fn(&mut Model, &At, String) + 'static,
) -> Question {
    let options = std::rc::Rc::new(options);
    let opts = options.clone();
    let ask: Read<Prompt> = Box::new(move |m, at| {
        let all = opts(m, at);
        let current = get(m, at);
        Prompt::Select {
            message: message.into(),
            help: help.into(),
            default: all.iter().position(|(v, _)| *v == current).unwrap_or(0),
            options: all,
        }
    });
    let apply: Change<Reply> = Box::new(move |m, at, r| {
        if let Reply::Choice(i) = r {
            if let Some((v, _)) = options(m, at).into_iter().nth(i) {
                set(m, at, v);
            }
        }
    });
    question(id, ask, apply)
}

/// Any of a list computed from the model, stored as the labels ticked.
pub fn pick_many(
    id: &'static str,
    message: &'static str,
    help: &'static str,
    options: impl Fn(&Model, &At) -> Vec<(String, String)> + 'static,
    get: impl Fn(&Model, &At) -> Vec<String> + 'static,
    set: impl Fn(&mut Model, &At, Vec<String>) + 'static,
) -> Question {
    let options = std::rc::Rc::new(options);
    let opts = options.clone();
    let ask: Read<Prompt> = Box::new(move |m, at| {
        let all = opts(m, at);
        let current = get(m, at);
        Prompt::MultiSelect {
            message: message.into(),
            help: help.into(),
            defaults: all
                .iter()
                .enumerate()
                .filter(|(_, (v, _))| current.contains(v))
                .map(|(i, _)| i)
                .collect(),
            options: all,
        }
    });
    let apply: Change<Reply> = Box::new(move |m, at, r| {
        if let Reply::Choices(picked) = r {
            let all = options(m, at);
            set(
                m,
                at,
                picked
                    .into_iter()
                    .filter_map(|i| all.get(i).map(|(v, _)| v.clone()))
                    .collect(),
            );
        }
    });
    question(id, ask, apply)
}

/// A list of short texts typed on one line, separated by `;`.
pub fn list(
    id: &'static str,
    message: &'static str,
    help: &'static str,
    get: impl Fn(&Model, &At) -> Vec<String> + 'static,
    set: impl Fn(&mut Model, &At, Vec<String>) + 'static,
) -> Question {
    text(
        id,
        message,
        help,
        move |m, at| get(m, at).join("; "),
        move |m, at, s| set(m, at, split_list(&s)),
        |_, _| String::new(),
        |_, _, _| Ok(()),
    )
}

/// `a; b;; c` -> `[a, b, c]`.
pub fn split_list(s: &str) -> Vec<String> {
    s.split(';')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Checks that always pass.
pub fn any(_: &Model, _: &At, _: &str) -> Result<(), String> {
    Ok(())
}

/// Checks that text is not blank.
pub fn required(_: &Model, _: &At, s: &str) -> Result<(), String> {
    crate::validate::fields::non_blank(s).map_err(|e| e.replace("; ", ": "))
}

//! How answers are typed and checked: text read as a name, a number or a `;`-separated list;
//! the variants of a model enum with their docs; and the validators the step files share (the
//! loader's own, from `validate::fields`).

use super::ask::At;
use crate::model::Model;
use schemars::JsonSchema;
use serde::de::DeserializeOwned;

/// A value typed as text: how it is shown as a default and read back from an answer.
pub trait TextValue: Clone + Default + PartialEq + Sized + 'static {
    /// The text offered as the default.
    fn show(&self) -> String;
    /// Reads an answer; `Err` says what is wrong with it.
    fn read(text: &str) -> Result<Self, String>;
}

impl TextValue for String {
    fn show(&self) -> String {
        self.clone()
    }
    fn read(text: &str) -> Result<Self, String> {
        Ok(text.trim().to_owned())
    }
}

impl TextValue for Option<String> {
    fn show(&self) -> String {
        self.clone().unwrap_or_default()
    }
    fn read(text: &str) -> Result<Self, String> {
        let t = text.trim();
        Ok((!t.is_empty()).then(|| t.to_owned()))
    }
}

impl TextValue for Vec<String> {
    fn show(&self) -> String {
        self.join("; ")
    }
    fn read(text: &str) -> Result<Self, String> {
        Ok(split_list(text))
    }
}

macro_rules! number {
    ($($t:ty),*) => {$(
        impl TextValue for Option<$t> {
            fn show(&self) -> String {
                self.map(|v| v.to_string()).unwrap_or_default()
            }
            fn read(text: &str) -> Result<Self, String> {
                let t = text.trim().replace('_', "");
                if t.is_empty() {
                    return Ok(None);
                }
                t.parse::<$t>().map(Some).map_err(|_| format!("`{t}` is not a number"))
            }
        }
    )*};
}
number!(u32, u64, f64);

/// `a; b;; c` -> `[a, b, c]`.
pub fn split_list(s: &str) -> Vec<String> {
    s.split(';')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(str::to_owned)
        .collect()
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

/// The model spelling of an enum value, e.g. `blue-green`: [`crate::text::variant`], the one
/// enum-to-word rule, for the questions' by-reference callers.
pub fn spelling<T: serde::Serialize + ?Sized>(value: &T) -> String {
    crate::text::variant(value).to_owned()
}

/// Checks that text is not blank.
#[allow(clippy::ptr_arg)] // a question's check takes `&T`, and `T` is `String` here
pub fn required(_: &Model, _: &At, s: &String) -> Result<(), String> {
    crate::validate::fields::non_blank(s).map_err(crate::validate::fields::Invalid::at_prompt)
}

/// Checks that a number, when given, lies within `min..=max` (the loader's rule).
pub fn range(min: u32, max: u32) -> impl Fn(&Model, &At, &Option<u32>) -> Result<(), String> {
    move |_, _, v| v.map_or(Ok(()), |v| crate::validate::fields::within(v, min, max))
}

/// Checks that a percentage, when given, lies above 0 and at most 100.
pub fn percent(_: &Model, _: &At, v: &Option<f64>) -> Result<(), String> {
    v.map_or(Ok(()), crate::validate::fields::percent)
}

/// Hours a month of announced maintenance, when given.
pub fn maintenance(_: &Model, _: &At, v: &Option<f64>) -> Result<(), String> {
    v.map_or(Ok(()), crate::validate::fields::maintenance_hours)
}

/// Hours the longest maintenance window of the external at `at` lasts, when given.
pub fn maintenance_window(m: &Model, at: &At, v: &Option<f64>) -> Result<(), String> {
    let month = m.externals[at[0]].maintenance_hours_per_month;
    v.map_or(Ok(()), |w| {
        crate::validate::fields::maintenance_window(w, month)
    })
}

/// A rate above zero, when given.
pub fn positive(_: &Model, _: &At, v: &Option<f64>) -> Result<(), String> {
    match v {
        Some(r) if r.is_nan() || *r <= 0.0 => Err("a rate above 0, or empty for none".into()),
        _ => Ok(()),
    }
}

/// A name unique among the other items of a list: `names` lists every item's name, the item
/// being answered (the last index of `at`) included.
pub fn distinct(
    names: impl Fn(&Model, &At) -> Vec<String> + 'static,
) -> impl Fn(&Model, &At, &String) -> Result<(), String> {
    move |m, at, value| {
        crate::validate::fields::non_blank(value)
            .map_err(crate::validate::fields::Invalid::at_prompt)?;
        let mut others = names(m, at);
        if let Some(&own) = at.last() {
            if own < others.len() {
                others.remove(own);
            }
        }
        crate::validate::fields::unique(value, others.iter().map(String::as_str))
    }
}

//! Questions answered by choosing: one variant of a model enum, one or several names computed
//! from the model (a service, a broker, the events to consume).

use super::ask::{Ask, Parse, Parts, Render, ask, variants};
use super::prompt::{Prompt, Reply};
use crate::model::Model;
use schemars::JsonSchema;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::rc::Rc;

/// `(value, help)` options computed from the model.
pub type Options = Rc<dyn Fn(&Model, &super::ask::At) -> Vec<(String, String)>>;

/// One variant of a model enum, listed with its `///` documentation as help; the place is an
/// `Option` (use [`Lens::some`](super::lens::Lens::some) for a required field).
pub fn choice<E>(key: &'static str, prompt: &'static str) -> Ask<Option<E>>
where
    E: JsonSchema + DeserializeOwned + Serialize + PartialEq + Clone + 'static,
{
    let render: Render<Option<E>> = Rc::new(|_, _, p: Parts<Option<E>>| {
        let all = variants::<E>();
        Prompt::Select {
            message: p.message,
            help: p.help,
            default: all
                .iter()
                .position(|(v, _, _)| Some(v) == p.value.as_ref())
                .unwrap_or(0),
            options: all
                .into_iter()
                .map(|(_, name, help)| (name, help))
                .collect(),
        }
    });
    let parse: Parse<Option<E>> = Rc::new(|_, _, r| match r {
        Reply::Choice(i) => variants::<E>().into_iter().nth(i).map(|(v, _, _)| Some(v)),
        _ => None,
    });
    ask(key, prompt, render, parse)
}

/// One of a list computed from the model, stored as its label.
pub fn pick(
    key: &'static str,
    prompt: &'static str,
    options: impl Fn(&Model, &super::ask::At) -> Vec<(String, String)> + 'static,
) -> Ask<String> {
    let options: Options = Rc::new(options);
    let opts = options.clone();
    let render: Render<String> = Rc::new(move |m, at, p: Parts<String>| {
        let all = opts(m, at);
        Prompt::Select {
            message: p.message,
            help: p.help,
            default: all.iter().position(|(v, _)| *v == p.value).unwrap_or(0),
            options: all,
        }
    });
    let parse: Parse<String> = Rc::new(move |m, at, r| match r {
        Reply::Choice(i) => options(m, at).into_iter().nth(i).map(|(v, _)| v),
        _ => None,
    });
    ask(key, prompt, render, parse)
}

/// Any of a list computed from the model, stored as the labels ticked.
pub fn pick_many(
    key: &'static str,
    prompt: &'static str,
    options: impl Fn(&Model, &super::ask::At) -> Vec<(String, String)> + 'static,
) -> Ask<Vec<String>> {
    let options: Options = Rc::new(options);
    let opts = options.clone();
    let render: Render<Vec<String>> = Rc::new(move |m, at, p: Parts<Vec<String>>| {
        let all = opts(m, at);
        Prompt::MultiSelect {
            message: p.message,
            help: p.help,
            defaults: all
                .iter()
                .enumerate()
                .filter(|(_, (v, _))| p.value.contains(v))
                .map(|(i, _)| i)
                .collect(),
            options: all,
        }
    });
    let parse: Parse<Vec<String>> = Rc::new(move |m, at, r| match r {
        Reply::Choices(picked) => {
            let all = options(m, at);
            Some(
                picked
                    .into_iter()
                    .filter_map(|i| all.get(i).map(|(v, _)| v.clone()))
                    .collect(),
            )
        }
        _ => None,
    });
    ask(key, prompt, render, parse)
}

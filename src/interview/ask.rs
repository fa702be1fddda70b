//! One question as a declaration: its key, prompt, help, the place in the model it answers
//! (a [`Lens`]), its default (derived from earlier answers), its validator (shared with the
//! YAML loader) and the condition under which it is asked. The step files read as lists of
//! these, a few lines each.

use super::lens::Lens;
use super::prompt::{Prompt, Reply};
use crate::model::Model;
use std::rc::Rc;

pub use super::values::{TextValue, spelling, variants};

/// Indexes of the group items a question is about (`[service, resource]`), outermost first.
pub type At = Vec<usize>;

/// Reads something about the model at a place.
pub type Read<T> = Box<dyn Fn(&Model, &At) -> T>;
/// Changes the model at a place.
pub type Change<T> = Box<dyn Fn(&mut Model, &At, T)>;
/// Changes the model at a place, needing nothing more.
pub type Edit = Box<dyn Fn(&mut Model, &At)>;
/// Checks an answer before it is stored: `Err` is shown under the prompt.
pub type Rule<T> = Rc<dyn Fn(&Model, &At, &T) -> Result<(), String>>;
type Derive<T> = Rc<dyn Fn(&Model, &At) -> T>;
pub(super) type Render<T> = Rc<dyn Fn(&Model, &At, Parts<T>) -> Prompt>;
pub(super) type Parse<T> = Rc<dyn Fn(&Model, &At, Reply) -> Option<T>>;

/// What a prompt is built from.
pub struct Parts<T> {
    /// The question.
    pub message: String,
    /// One sentence on the choice.
    pub help: String,
    /// The value offered: the current one, else the default.
    pub value: T,
    /// The validator of a typed answer.
    pub check: Rule<T>,
}

/// One question, type-erased, as the flow walks it.
pub struct Question {
    /// Stable key, e.g. `services.responsibility`.
    pub id: String,
    /// Asked on the quick path (it has no safe default).
    pub quick: bool,
    /// Asked on the quick path only: it stands in for questions the full path asks one by one.
    pub quick_only: bool,
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

    /// Asks it only when `cond` holds.
    pub fn when(mut self, cond: impl Fn(&Model, &At) -> bool + 'static) -> Self {
        let prev = self.when;
        self.when = Box::new(move |m, at| prev(m, at) && cond(m, at));
        self
    }
}

/// A question built from its prompt and how its reply is stored (a template pack's own).
pub fn custom(
    id: &str,
    ask: impl Fn(&Model, &At) -> Prompt + 'static,
    apply: impl Fn(&mut Model, &At, Reply) + 'static,
) -> Question {
    Question {
        id: id.to_owned(),
        quick: false,
        quick_only: false,
        ask: Box::new(ask),
        apply: Box::new(apply),
        when: Box::new(|_, _| true),
    }
}

/// A question being declared: `text("name", "What is it called?").help(..).value(lens!(..))`.
pub struct Ask<T> {
    key: &'static str,
    prompt: &'static str,
    help: &'static str,
    lens: Option<Lens<T>>,
    default: Option<Derive<T>>,
    derived: bool,
    check: Rule<T>,
    when: Vec<Derive<bool>>,
    quick: bool,
    quick_only: bool,
    render: Render<T>,
    parse: Parse<T>,
}

pub(super) fn ask<T: 'static>(
    key: &'static str,
    prompt: &'static str,
    render: Render<T>,
    parse: Parse<T>,
) -> Ask<T> {
    Ask {
        key,
        prompt,
        help: "",
        lens: None,
        default: None,
        derived: false,
        check: Rc::new(|_, _, _| Ok(())),
        when: Vec::new(),
        quick: false,
        quick_only: false,
        render,
        parse,
    }
}

impl<T: Clone + Default + PartialEq + 'static> Ask<T> {
    /// One sentence on why the question matters or what a good answer looks like.
    pub fn help(mut self, help: &'static str) -> Self {
        self.help = help;
        self
    }

    /// The place in the model the answer goes.
    pub fn value(mut self, lens: Lens<T>) -> Self {
        self.lens = Some(lens);
        self
    }

    /// Offered while the place is empty; stored like any answer.
    pub fn default(mut self, f: impl Fn(&Model, &At) -> T + 'static) -> Self {
        self.default = Some(Rc::new(f));
        self
    }

    /// Derived from earlier answers: offered while the place is empty, and left empty when the
    /// answer equals it, so the model keeps only what was decided.
    pub fn derived(mut self, f: impl Fn(&Model, &At) -> T + 'static) -> Self {
        self.derived = true;
        self.default(f)
    }

    /// The validator, shared with the loader where the loader checks the same field.
    pub fn check(mut self, f: impl Fn(&Model, &At, &T) -> Result<(), String> + 'static) -> Self {
        self.check = Rc::new(f);
        self
    }

    /// Asked only when `cond` holds (a question whose premise fails is not asked or saved).
    pub fn when(mut self, cond: impl Fn(&Model, &At) -> bool + 'static) -> Self {
        self.when.push(Rc::new(cond));
        self
    }

    /// Asked on the quick path too: it has no safe default.
    pub fn quick(mut self) -> Self {
        self.quick = true;
        self
    }

    /// Asked on the quick path only, in place of what the full path asks item by item.
    pub fn quick_only(mut self) -> Self {
        self.quick = true;
        self.quick_only = true;
        self
    }

    /// The type-erased question the flow walks.
    pub fn build(self) -> Question {
        let Ask {
            key,
            prompt,
            help,
            lens,
            default,
            derived,
            check,
            when,
            quick,
            quick_only,
            render,
            parse,
        } = self;
        let lens = lens.unwrap_or_else(|| panic!("question `{key}` has no `.value(..)`"));
        let (get, set) = (lens.get.clone(), lens.set);
        let stated = lens.get.clone();
        let shown = default.clone();
        let ask: Read<Prompt> = Box::new(move |m, at| {
            let current = get(m, at);
            let value = match &shown {
                Some(d) if current == T::default() => d(m, at),
                _ => current,
            };
            let parts = Parts {
                message: prompt.into(),
                help: help.into(),
                value,
                check: check.clone(),
            };
            render(m, at, parts)
        });
        let apply: Change<Reply> = Box::new(move |m, at, reply| {
            let Some(v) = parse(m, at, reply) else { return };
            match (&default, derived) {
                // A value the model states stays stated when the answer keeps it, even where
                // it equals what would be derived: the team decided it.
                (Some(_), true) if v != T::default() && stated(m, at) == v => {}
                (Some(d), true) => {
                    set(m, at, T::default());
                    let kept = if v == d(m, at) { T::default() } else { v };
                    set(m, at, kept);
                }
                _ => set(m, at, v),
            }
        });
        Question {
            id: key.to_owned(),
            quick,
            quick_only,
            ask,
            apply,
            when: Box::new(move |m, at| when.iter().all(|c| c(m, at))),
        }
    }
}

/// Typed text: a name, a sentence, a number, a `;`-separated list; its type decides how the
/// answer is parsed (empty leaves an optional value unset).
pub fn text<T: TextValue>(key: &'static str, prompt: &'static str) -> Ask<T> {
    let render: Render<T> = Rc::new(|m, at, p: Parts<T>| {
        let (m, at, check) = (m.clone(), at.clone(), p.check);
        Prompt::Text {
            message: p.message,
            help: p.help,
            default: p.value.show(),
            check: Rc::new(move |s| check(&m, &at, &T::read(s)?)),
        }
    });
    ask(
        key,
        prompt,
        render,
        Rc::new(|_, _, r| match r {
            Reply::Text(s) => T::read(&s).ok(),
            _ => None,
        }),
    )
}

/// Yes or no.
pub fn confirm(key: &'static str, prompt: &'static str) -> Ask<bool> {
    let render: Render<bool> = Rc::new(|_, _, p| Prompt::Confirm {
        message: p.message,
        help: p.help,
        default: p.value,
    });
    ask(
        key,
        prompt,
        render,
        Rc::new(|_, _, r| match r {
            Reply::Yes(b) => Some(b),
            _ => None,
        }),
    )
}

//! A block of questions whose answers all have a derived or safe default: the values are shown
//! together and kept with one answer, and only a person who wants to change one is asked each.

use super::ask::{At, Question};
use super::flow::{Flow, Mode, Node, walk};
use super::prompt::{Answer, Prompt, Prompter, Reply};
use crate::model::Model;

/// Questions answered together by accepting what is derived.
pub struct Block {
    /// Stable id, e.g. `resilience.defaults`.
    pub id: &'static str,
    /// The questions; groups inside a block are walked only when the person declines.
    pub nodes: Vec<Node>,
}

/// A block of `nodes` kept as derived with one answer.
pub fn derived(id: &'static str, nodes: Vec<Node>) -> Block {
    Block { id, nodes }
}

impl From<Block> for Node {
    fn from(b: Block) -> Node {
        Node::Derived(b)
    }
}

/// What the answer to a prompt would be if the person pressed Enter, in words.
fn shown(prompt: &Prompt) -> String {
    let none = || "(none)".to_owned();
    match prompt {
        Prompt::Text { default, .. } if default.trim().is_empty() => none(),
        Prompt::Text { default, .. } => default.clone(),
        Prompt::Select {
            options, default, ..
        } => options
            .get(*default)
            .map(|o| o.0.clone())
            .unwrap_or_else(none),
        Prompt::MultiSelect {
            options, defaults, ..
        } => {
            let picked: Vec<&str> = defaults
                .iter()
                .filter_map(|i| options.get(*i).map(|o| o.0.as_str()))
                .collect();
            if picked.is_empty() {
                none()
            } else {
                picked.join(", ")
            }
        }
        Prompt::Confirm { default, .. } => if *default { "yes" } else { "no" }.to_owned(),
    }
}

/// The questions of the block that apply here, each with the value Enter would keep, and the
/// model with all of them kept (a question may apply only after an earlier one's answer).
fn accepted(m: &Model, b: &Block, at: &At) -> (Vec<(String, String)>, Model) {
    let mut after = m.clone();
    let mut values = Vec::new();
    for node in &b.nodes {
        match node {
            Node::Ask(q) => keep(q, &mut after, at, "", &mut values),
            // The same questions for each item (each service's own SLO): asked per item.
            Node::Each(e) => {
                for k in 0..(e.count)(&after, at) {
                    let mut here = at.clone();
                    here.push(k);
                    let Some(label) = (e.item)(&after, &here) else {
                        continue;
                    };
                    for inner in &e.nodes {
                        if let Node::Ask(q) = inner {
                            keep(q, &mut after, &here, &label, &mut values);
                        }
                    }
                }
            }
            Node::Group(_) | Node::Derived(_) => {}
        }
    }
    (values, after)
}

/// Keeps what Enter would answer to `q`, if it applies, and lists it.
fn keep(q: &Question, m: &mut Model, at: &At, label: &str, values: &mut Vec<(String, String)>) {
    if q.quick_only {
        // It stands in for questions the full path asks one by one.
        return;
    }
    if let Some(prompt) = q.prompt(m, at) {
        let question = match label {
            "" => prompt.message().to_owned(),
            _ => format!("{label}: {}", prompt.message()),
        };
        values.push((question, shown(&prompt)));
        q.apply(m, at, prompt.default_reply());
    }
}

/// Shows the block's derived answers and asks whether to keep them (as if Enter were pressed on
/// each); walks the questions one by one only when the person says no. `None` when nothing in
/// the block applies.
pub(super) fn walk_block(
    p: &mut dyn Prompter,
    m: &mut Model,
    b: &Block,
    at: &At,
    mode: Mode,
) -> anyhow::Result<Option<Flow>> {
    if mode == Mode::Quick {
        // The quick path asks only what has no safe default, one by one.
        if !b.nodes.iter().any(|n| n.asked_in(mode)) {
            return Ok(None);
        }
        return Ok(Some(walk(p, m, &b.nodes, at, mode)?));
    }
    let (values, after) = accepted(m, b, at);
    match values.len() {
        0 => return Ok(None),
        1 => return Ok(Some(walk(p, m, &b.nodes, at, mode)?)),
        _ => {}
    }
    let mut listing = String::from("Derived from your earlier answers:");
    for (question, value) in &values {
        listing.push_str(&format!("\n  {question} {value}"));
    }
    p.say(&listing);
    let keep = Prompt::Confirm {
        message: format!("Keep these {} answers?", values.len()),
        help: "Yes keeps them (change any later in the review or with `archgen edit`); No asks \
               each one."
            .into(),
        default: true,
    };
    Ok(Some(match p.ask(&keep)? {
        Answer::Reply(Reply::Yes(false)) => walk(p, m, &b.nodes, at, mode)?,
        Answer::Reply(_) => {
            *m = after;
            Flow::Done
        }
        Answer::Back => Flow::Back,
        Answer::Interrupt => Flow::Interrupt,
    }))
}

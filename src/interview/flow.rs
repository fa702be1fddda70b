//! Walks a step's questions and repeating groups: skips questions whose premise does not hold,
//! goes back one question on Esc, stops on Ctrl-C, and runs add / edit / remove menus for
//! groups of items.

use super::ask::{At, Change, Edit, Question, Read};
use super::prompt::{Answer, Prompt, Prompter, Reply};
use super::rules::Verdict;
use crate::model::Model;

/// A repeating group: services, resources, fields, links, flows, caches, decisions...
pub struct Group {
    /// Stable id, e.g. `services`.
    pub id: &'static str,
    /// What one item is called, e.g. `service`.
    pub noun: &'static str,
    /// One sentence on what the items are for.
    pub help: &'static str,
    /// Asked on the quick path too.
    pub quick: bool,
    /// The most items the menu offers to add.
    pub max: usize,
    /// The items' labels.
    pub labels: Read<Vec<String>>,
    /// Appends a new, empty item.
    pub add: Edit,
    /// Removes item `i`.
    pub remove: Change<usize>,
    /// Whether the group applies here.
    pub when: Read<bool>,
    /// The questions about one item (`at` ends with its index).
    pub item: Vec<Node>,
}

/// The same questions for every existing item of a list, without adding or removing (the API
/// of each service).
pub struct Each {
    /// Stable id, e.g. `apis`.
    pub id: &'static str,
    /// Announced before each item: `item(m, at)` is its label, or `None` to skip the item.
    pub item: Read<Option<String>>,
    /// How many items there are.
    pub count: Read<usize>,
    /// The questions for one item.
    pub nodes: Vec<Node>,
    /// Asked on the quick path too.
    pub quick: bool,
}

/// A question, a group or a per-item block.
pub enum Node {
    /// One question.
    Ask(Question),
    /// A repeating group.
    Group(Group),
    /// The same questions for each item.
    Each(Each),
    /// Questions with derived answers, kept together with one answer.
    Derived(super::accept::Block),
}

/// How a walk ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    /// All questions answered.
    Done,
    /// Esc on the first question: the caller goes back.
    Back,
    /// Ctrl-C.
    Interrupt,
}

/// Which questions to ask.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Every question.
    Full,
    /// Only questions without a safe default.
    Quick,
}

impl Node {
    /// Whether the node is put to the person on this path.
    pub fn asked_in(&self, mode: Mode) -> bool {
        if let Node::Ask(q) = self {
            if q.quick_only {
                return mode == Mode::Quick;
            }
        }
        mode == Mode::Full
            || match self {
                Node::Ask(q) => q.quick,
                Node::Group(g) => g.quick,
                Node::Each(e) => e.quick,
                Node::Derived(_) => true,
            }
    }
}

/// Asks `nodes` in order. Esc returns to the previous question actually asked; Esc on the
/// first returns [`Flow::Back`].
pub fn walk(
    p: &mut dyn Prompter,
    m: &mut Model,
    nodes: &[Node],
    at: &At,
    mode: Mode,
) -> anyhow::Result<Flow> {
    let mut history: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < nodes.len() {
        let node = &nodes[i];
        let flow = if !node.asked_in(mode) {
            None
        } else {
            match node {
                Node::Ask(q) => match q.prompt(m, at) {
                    None => None,
                    Some(prompt) => Some(match p.ask(&prompt)? {
                        Answer::Reply(r) => {
                            let before = m.clone();
                            q.apply(m, at, r);
                            match super::rules::judge(p, &before, m)? {
                                Verdict::Keep => Flow::Done,
                                Verdict::Again => {
                                    *m = before;
                                    continue;
                                }
                                Verdict::Interrupt => {
                                    *m = before;
                                    Flow::Interrupt
                                }
                            }
                        }
                        Answer::Back => Flow::Back,
                        Answer::Interrupt => Flow::Interrupt,
                    }),
                },
                Node::Group(g) if (g.when)(m, at) => Some(group(p, m, g, at, mode)?),
                Node::Group(_) => None,
                Node::Each(e) => each(p, m, e, at, mode)?,
                Node::Derived(b) => super::accept::walk_block(p, m, b, at, mode)?,
            }
        };
        match flow {
            None => i += 1,
            Some(Flow::Done) => {
                history.push(i);
                i += 1;
            }
            Some(Flow::Back) => match history.pop() {
                Some(prev) => i = prev,
                None => return Ok(Flow::Back),
            },
            Some(Flow::Interrupt) => return Ok(Flow::Interrupt),
        }
    }
    Ok(Flow::Done)
}

fn each(
    p: &mut dyn Prompter,
    m: &mut Model,
    e: &Each,
    at: &At,
    mode: Mode,
) -> anyhow::Result<Option<Flow>> {
    let mut k = 0;
    let mut asked: Vec<usize> = Vec::new();
    let mut any = false;
    while k < (e.count)(m, at) {
        let mut here = at.clone();
        here.push(k);
        let Some(label) = (e.item)(m, &here) else {
            k += 1;
            continue;
        };
        any = true;
        p.say(&label);
        match walk(p, m, &e.nodes, &here, mode)? {
            Flow::Done => {
                asked.push(k);
                k += 1;
            }
            Flow::Back => match asked.pop() {
                Some(prev) => k = prev,
                None => return Ok(Some(Flow::Back)),
            },
            Flow::Interrupt => return Ok(Some(Flow::Interrupt)),
        }
    }
    Ok(any.then_some(Flow::Done))
}

/// The article before a noun: "an authentication method", but "a use case".
fn article(noun: &str) -> &'static str {
    let vowel = noun.starts_with(['a', 'e', 'i', 'o']) || noun.starts_with("un");
    if vowel { "an" } else { "a" }
}

/// A group's menu. The same rule everywhere: the cursor starts on "Add" while the group is
/// empty and on "Done" once it has an item. Removing is one entry at the bottom that asks
/// which item and confirms, so the arrow wrapping from the top never lands on a removal.
fn group(
    p: &mut dyn Prompter,
    m: &mut Model,
    g: &Group,
    at: &At,
    mode: Mode,
) -> anyhow::Result<Flow> {
    loop {
        let labels = (g.labels)(m, at);
        let n = labels.len();
        let mut options: Vec<(String, String)> = Vec::new();
        let mut actions: Vec<(char, usize)> = Vec::new();
        if n < g.max {
            let add = if n == 0 {
                format!("Add {} {}", article(g.noun), g.noun)
            } else {
                format!("Add another {}", g.noun)
            };
            options.push((add, String::new()));
            actions.push(('a', 0));
        }
        options.push((
            "Done".into(),
            format!("Move on with {n} {}", plural(g.noun, n)),
        ));
        actions.push(('d', 0));
        for (k, label) in labels.iter().enumerate() {
            options.push((format!("Edit {} {label}", g.noun), String::new()));
            actions.push(('e', k));
        }
        if n > 0 {
            options.push((
                format!("Remove {} {}…", article(g.noun), g.noun),
                "Asks which, then confirms.".into(),
            ));
            actions.push(('r', 0));
        }
        let listing = if labels.is_empty() {
            "none yet".to_owned()
        } else {
            labels.join(", ")
        };
        let done = actions.iter().position(|a| a.0 == 'd').unwrap_or(0);
        let prompt = Prompt::Select {
            message: format!("{} ({listing}): what next?", capitalize(&plural(g.noun, 2))),
            help: g.help.to_owned(),
            default: if n == 0 { 0 } else { done },
            options,
        };
        match p.ask(&prompt)? {
            Answer::Back => return Ok(Flow::Back),
            Answer::Interrupt => return Ok(Flow::Interrupt),
            Answer::Reply(Reply::Choice(c)) => match actions.get(c) {
                Some(('a', _)) => {
                    (g.add)(m, at);
                    let mut here = at.clone();
                    here.push(n);
                    match walk(p, m, &g.item, &here, mode)? {
                        Flow::Done => {}
                        // Esc on an item's first question cancels adding it.
                        Flow::Back => (g.remove)(m, at, n),
                        Flow::Interrupt => return Ok(Flow::Interrupt),
                    }
                }
                Some(('e', k)) => {
                    let mut here = at.clone();
                    here.push(*k);
                    if walk(p, m, &g.item, &here, mode)? == Flow::Interrupt {
                        return Ok(Flow::Interrupt);
                    }
                }
                Some(('r', _)) => {
                    if remove(p, m, g, at, &labels)? == Flow::Interrupt {
                        return Ok(Flow::Interrupt);
                    }
                }
                _ => return Ok(Flow::Done),
            },
            Answer::Reply(_) => return Ok(Flow::Done),
        }
    }
}

/// Asks which item to remove, then confirms (No by default); Esc keeps everything.
fn remove(
    p: &mut dyn Prompter,
    m: &mut Model,
    g: &Group,
    at: &At,
    labels: &[String],
) -> anyhow::Result<Flow> {
    let mut options = vec![("Keep them all".to_owned(), String::new())];
    options.extend(
        labels
            .iter()
            .map(|l| (format!("{} {l}", g.noun), String::new())),
    );
    let which = Prompt::Select {
        message: format!("Remove which {}?", g.noun),
        help: "Esc keeps them all.".into(),
        options,
        default: 0,
    };
    let k = match p.ask(&which)? {
        Answer::Interrupt => return Ok(Flow::Interrupt),
        Answer::Reply(Reply::Choice(c)) if c > 0 && c <= labels.len() => c - 1,
        _ => return Ok(Flow::Done),
    };
    let sure = Prompt::Confirm {
        message: format!("Remove {} {} and its answers?", g.noun, labels[k]),
        help: "This cannot be undone in this interview.".into(),
        default: false,
    };
    match p.ask(&sure)? {
        Answer::Interrupt => return Ok(Flow::Interrupt),
        Answer::Reply(Reply::Yes(true)) => (g.remove)(m, at, k),
        _ => {}
    }
    Ok(Flow::Done)
}

/// `service` -> `services`.
pub fn plural(noun: &str, n: usize) -> String {
    if n == 1 {
        noun.to_owned()
    } else {
        crate::view::plural_word(noun)
    }
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

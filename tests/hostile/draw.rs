//! The raw material of a hostile model: a pool of hostile texts and a pool of small numbers,
//! drawn from in turn. The model builder only decides structure; proptest shrinks the pools.

use proptest::prelude::*;
use std::collections::HashSet;

/// Pieces of text that mean something to YAML, JSON, Markdown, Mermaid, Tera, HTML, shells or
/// file systems, plus Unicode that trips up naive code.
const ATOMS: &[&str] = &[
    "\"",
    "'",
    ":",
    ": ",
    "#",
    " #",
    "|",
    "[",
    "]",
    "{",
    "}",
    "(",
    ")",
    "`",
    "```",
    "{{",
    "}}",
    "{% raw %}",
    "{#",
    "<script>alert(1)</script>",
    "<br>",
    "&amp;",
    "&",
    "\n",
    "\n\n",
    "\t",
    "\r\n",
    "- ",
    "-",
    "--",
    "---",
    "* ",
    "> ",
    "1. ",
    "+",
    "=",
    "\\",
    "/",
    "../",
    "..",
    ".",
    "*",
    "_",
    "~~",
    "$",
    "$$x$$",
    "%",
    "%%",
    "%%{init: {}}%%",
    "fa:fa-user",
    "-->",
    "->>",
    ";",
    ",",
    "?",
    "@",
    "https://x.org",
    "a@b.c",
    "www.x",
    " ",
    "  ",
    "é",
    "Größe",
    "日本語",
    "🚀",
    "👩\u{200d}💻",
    "עברית",
    "العربية",
    "\u{202e}",
    "\u{200b}",
    "\u{2028}",
    "\u{85}",
    "\u{feff}",
    "\u{0}",
    "\u{7}",
    "\u{7f}",
    "yes",
    "no",
    "null",
    "~",
    "1e3",
    "0x10",
    ".inf",
    "true",
    "off",
    "Y",
    "NaN",
    "-.inf",
    "0o17",
    "1_000",
    "12:30",
    "2026-01-15",
    "end",
    "graph",
    "subgraph",
    "style",
    "click",
    "default",
    "class",
    "classDef",
    "flowchart",
    "participant",
    "as",
    "note",
    "loop",
    "Orders",
    "orders",
    "ORDERS",
    "order-s",
    "order_s",
    "id",
    "Id",
    "query",
    "Query",
    "Money",
    "__proto__",
    "constructor",
    "README",
    "index",
    "con",
    "aux.md",
];

/// One hostile text: atoms run together, plain words, arbitrary Unicode, or a very long name.
pub fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => prop::collection::vec(prop::sample::select(ATOMS), 1..5).prop_map(|v| v.concat()),
        2 => "[a-zA-Z]{1,8}( [a-zA-Z]{1,8}){0,2}",
        1 => any::<String>().prop_map(|s| s.chars().take(24).collect()),
        1 => (prop::sample::select(ATOMS), 40..120usize).prop_map(|(a, n)| {
            let word = if a.trim().is_empty() { "long" } else { a };
            format!("{} {}", "very long name".repeat(n / 14 + 1), word.repeat(3))
        }),
    ]
}

/// The pools a model is built from.
#[derive(Debug, Clone)]
pub struct Draw {
    texts: Vec<String>,
    picks: Vec<u8>,
    t: usize,
    p: usize,
}

pub fn draw() -> impl Strategy<Value = Draw> {
    (
        prop::collection::vec(text(), 8..48),
        prop::collection::vec(any::<u8>(), 16..96),
    )
        .prop_map(|(texts, picks)| Draw {
            texts,
            picks,
            t: 0,
            p: 0,
        })
}

impl Draw {
    /// The next text, whatever it holds (it may be empty or blank).
    pub fn text(&mut self) -> String {
        let s = self.texts[self.t % self.texts.len()].clone();
        self.t += 1;
        s
    }

    /// The next text, made non-blank.
    pub fn words(&mut self) -> String {
        let s = self.text();
        if s.trim().is_empty() {
            format!("x{s}")
        } else {
            s
        }
    }

    /// A number below `n` (0 when `n` is 0).
    pub fn pick(&mut self, n: usize) -> usize {
        let v = self.picks[self.p % self.picks.len()] as usize;
        self.p += 1;
        if n == 0 { 0 } else { v % n }
    }

    pub fn flag(&mut self) -> bool {
        self.pick(2) == 1
    }

    /// Up to `max` texts.
    pub fn texts(&mut self, max: usize) -> Vec<String> {
        (0..self.pick(max + 1)).map(|_| self.text()).collect()
    }

    /// A text or nothing.
    pub fn maybe(&mut self) -> Option<String> {
        self.flag().then(|| self.text())
    }

    /// A text for a technical value (URLs, header names, paths, scope names): the model
    /// requires one line without control characters (`validate::fields::single_line`).
    pub fn technical(&mut self) -> Option<String> {
        let s = self.maybe()?;
        Some(s.chars().filter(|c| !c.is_control()).collect())
    }

    /// Like [`Draw::technical`], but never absent nor blank.
    pub fn technical_words(&mut self) -> String {
        let s: String = self.words().chars().filter(|c| !c.is_control()).collect();
        if s.trim().is_empty() {
            format!("x{s}")
        } else {
            s
        }
    }

    /// One of `options`.
    pub fn one<'a>(&mut self, options: &[&'a str]) -> &'a str {
        options[self.pick(options.len())]
    }

    /// Some of `from`, each at most once, in order.
    pub fn some_of(&mut self, from: &[String]) -> Vec<String> {
        from.iter().filter(|_| self.pick(3) == 0).cloned().collect()
    }
}

/// Names unique within one scope, as the model requires; often a case or punctuation variant
/// of a name already taken, so that everything derived from them must still be told apart.
#[derive(Default)]
pub struct Names {
    taken: HashSet<String>,
    pub all: Vec<String>,
}

impl Names {
    pub fn name(&mut self, d: &mut Draw) -> String {
        let mut name = if !self.all.is_empty() && d.pick(3) == 0 {
            let base = self.all[d.pick(self.all.len())].clone();
            match d.pick(5) {
                0 => base.to_uppercase(),
                1 => base.to_lowercase(),
                2 => format!("{base}!"),
                3 => base.replace(' ', "-"),
                _ => format!("_{base}"),
            }
        } else {
            d.words()
        };
        while name.trim().is_empty() || !self.taken.insert(name.clone()) {
            name.push('\'');
        }
        self.all.push(name.clone());
        name
    }
}

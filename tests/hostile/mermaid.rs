//! Mermaid node ids in every diagram (`.mmd` files and ```` ```mermaid ```` fences; flowcharts,
//! sequence and state diagrams): legal,
//! never a keyword, each defined once, and every id a statement uses defined.

use archgen::render::Document;
use std::collections::HashSet;

/// Words Mermaid reads as syntax in flowcharts or sequence diagrams.
const KEYWORDS: &[&str] = &[
    "end",
    "graph",
    "subgraph",
    "style",
    "click",
    "default",
    "class",
    "classDef",
    "flowchart",
    "linkStyle",
    "direction",
    "call",
    "href",
    "participant",
    "actor",
    "as",
    "note",
    "loop",
    "alt",
    "else",
    "opt",
    "par",
    "and",
    "rect",
    "critical",
    "break",
    "autonumber",
    "activate",
    "deactivate",
    "box",
    "create",
    "destroy",
    "sequenceDiagram",
    "over",
    "of",
    "left",
    "right",
];

fn legal(id: &str) -> bool {
    let mut chars = id.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !KEYWORDS.iter().any(|k| k.eq_ignore_ascii_case(id))
}

/// Every diagram in `docs`, as `(where, text)`.
fn diagrams(docs: &[Document]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for d in docs {
        if d.path.ends_with(".mmd") {
            out.push((d.path.clone(), d.content.clone()));
        } else if d.path.ends_with(".md") {
            let mut current: Option<(usize, String)> = None;
            for (n, line) in d.content.lines().enumerate() {
                match (&mut current, line.trim_end()) {
                    (None, "```mermaid") => current = Some((n + 1, String::new())),
                    (Some((at, text)), "```") => {
                        out.push((format!("{}:{at}", d.path), std::mem::take(text)));
                        current = None;
                    }
                    (Some((_, text)), l) => {
                        text.push_str(l);
                        text.push('\n');
                    }
                    (None, _) => {}
                }
            }
        }
    }
    out
}

/// Removes quoted labels and `|edge labels|`, leaving ids, shapes and arrows.
fn strip_labels(line: &str) -> String {
    let mut out = String::new();
    let (mut quoted, mut piped) = (false, false);
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            '|' if !quoted => piped = !piped,
            _ if quoted || piped => {}
            c => out.push(c),
        }
    }
    out
}

/// The ids a statement names, with where each starts: runs of characters that are not arrows,
/// shapes or spaces.
fn tokens(s: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices().chain([(s.len(), ' ')]) {
        let separator = c.is_whitespace() || "-=.<>()[]{}/\\&~:;,+".contains(c);
        match (start, separator) {
            (None, false) => start = Some(i),
            (Some(b), true) => {
                out.push((b, s[b..i].to_owned()));
                start = None;
            }
            _ => {}
        }
    }
    out
}

fn names(s: &str) -> Vec<String> {
    tokens(s).into_iter().map(|(_, t)| t).collect()
}

/// Problems with the node ids of every diagram in `docs`.
pub fn ids(docs: &[Document]) -> Vec<String> {
    scan(docs).0
}

/// How many node definitions `docs` hold, so a test can tell the scan saw something.
pub fn definitions(docs: &[Document]) -> usize {
    scan(docs).1
}

fn scan(docs: &[Document]) -> (Vec<String>, usize) {
    let mut out = Vec::new();
    let mut count = 0;
    for (place, text) in diagrams(docs) {
        let mut lines = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with("%%"));
        let kind = lines.next().unwrap_or_default();
        let sequence = kind == "sequenceDiagram";
        let states = kind.starts_with("stateDiagram");
        let (mut defined, mut used) = (Vec::new(), Vec::new());
        for line in lines {
            let words: Vec<&str> = line.split_whitespace().collect();
            match words[0] {
                "end" | "classDef" | "autonumber" | "direction" | "else" | "and" => {}
                "opt" | "alt" | "loop" | "par" | "rect" | "critical" | "break" | "box" => {}
                "Note" | "note" => {}
                // `state "label" as s0` defines `s0`.
                "state" if states => {
                    defined.push(words.last().copied().unwrap_or_default().to_owned())
                }
                // `s0 --> s1: label`, where `[*]` is the start or the end.
                _ if states => {
                    let statement = line.split_once(':').map_or(line, |(s, _)| s);
                    used.extend(
                        statement
                            .split("-->")
                            .map(str::trim)
                            .filter(|t| *t != "[*]")
                            .map(str::to_owned),
                    );
                }
                "participant" | "actor" => {
                    defined.push(words.get(1).copied().unwrap_or_default().to_owned())
                }
                "class" => used.extend(words.get(1).unwrap_or(&"").split(',').map(str::to_owned)),
                "style" | "click" => {
                    used.push(words.get(1).copied().unwrap_or_default().to_owned())
                }
                "subgraph" => defined.extend(
                    names(&strip_labels(&line["subgraph".len()..]))
                        .into_iter()
                        .take(1),
                ),
                _ if sequence => {
                    let statement = line.split_once(':').map_or(line, |(s, _)| s);
                    used.extend(names(&statement.replace(')', " ")));
                }
                _ => {
                    // A token followed by a shape opener is a definition; the rest are uses.
                    let stripped = strip_labels(line);
                    for (at, token) in tokens(&stripped) {
                        let shape = stripped[at + token.len()..].starts_with(['[', '(', '{', '>']);
                        if shape {
                            defined.push(token)
                        } else {
                            used.push(token)
                        }
                    }
                }
            }
        }
        count += defined.len();
        let mut seen = HashSet::new();
        for id in &defined {
            if !legal(id) {
                out.push(format!("{place}: illegal node id {id:?}"));
            }
            if !seen.insert(id.clone()) {
                out.push(format!("{place}: node id {id:?} defined twice"));
            }
        }
        for id in used.iter().filter(|id| !seen.contains(*id)) {
            out.push(format!("{place}: {id:?} is used but never defined"));
        }
    }
    (out, count)
}

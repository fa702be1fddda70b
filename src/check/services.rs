//! The services across documents: each service the boundaries document describes appears in
//! the diagrams and the contracts wherever archgen would put it, and no diagram names a
//! component the model lacks. Documents are compared as they are on disk, since people edit
//! them; what archgen would render says where each service belongs.

use super::{Input, Problem};
use crate::artifacts::mermaid;
use crate::diagnostic::Finding;
use crate::markdown;
use std::collections::{BTreeMap, BTreeSet};

pub(super) fn services(input: &Input, files: &BTreeMap<String, String>) -> Vec<Problem> {
    let mut out = placement(input, files);
    out.extend(unknown(input, files));
    out
}

/// What archgen generates for `rel` now.
fn generated<'a>(input: &'a Input, rel: &str) -> Option<&'a str> {
    input
        .sync
        .changes
        .iter()
        .find(|c| c.path == rel)
        .and_then(|c| c.generated.as_deref())
}

/// Whether `heading` names `service`: its text is the name, or starts with it.
fn names(heading: &str, service: &str) -> bool {
    let h = heading.trim().trim_matches('`').to_lowercase();
    let s = service.to_lowercase();
    h == s
        || h.strip_prefix(&s).is_some_and(|rest| {
            rest.starts_with(|c: char| !c.is_alphanumeric() && c != '-' && c != '_')
        })
}

/// Whether a diagram file draws the node `id` (declares it or links it; styling does not count).
fn draws(path: &str, text: &str, id: &str) -> bool {
    diagrams_of(path, text)
        .iter()
        .any(|(_, source)| mermaid::ids(source).iter().any(|(x, _)| x == id))
}

fn placement(input: &Input, files: &BTreeMap<String, String>) -> Vec<Problem> {
    let mut out = Vec::new();
    let Some(boundaries) = input.view.docs.get("boundaries").map(|d| d.path.as_str()) else {
        return out;
    };
    let Some(text) = files.get(boundaries) else {
        return out;
    };
    let headings = markdown::outline(text).headings;
    let doc = |id: &str| input.view.docs.get(id).map(|d| d.path.clone());
    for s in &input.view.services {
        let Some(heading) = headings.iter().find(|h| names(&h.text, &s.node.name)) else {
            continue;
        };
        let at = |message: String, help: String| Problem {
            kind: "service-missing".into(),
            finding: Finding::new(input.name(boundaries), message)
                .at(heading.line, 1)
                .help(help),
        };
        for path in [doc("communication-diagram"), doc("diagrams")]
            .into_iter()
            .flatten()
        {
            let (Some(now), Some(theirs)) = (generated(input, &path), files.get(&path)) else {
                continue;
            };
            if draws(&path, now, &s.node.id) && !draws(&path, theirs, &s.node.id) {
                out.push(at(
                    format!(
                        "service `{}` is in `{boundaries}` but missing from `{path}`",
                        s.node.name
                    ),
                    format!("draw its node `{}` in the diagram again", s.node.id),
                ));
            }
        }
        let contracts = doc("contracts");
        if let Some((path, now, theirs)) = contracts
            .as_ref()
            .and_then(|p| Some((p, generated(input, p)?, files.get(p)?)))
        {
            let has = |t: &str| {
                markdown::outline(t)
                    .headings
                    .iter()
                    .any(|h| names(&h.text, &s.node.name))
            };
            if has(now) && !has(theirs) {
                out.push(at(
                    format!(
                        "service `{}` is in `{boundaries}` but missing from `{path}`",
                        s.node.name
                    ),
                    "put its section back into the contracts".into(),
                ));
            }
        }
        for path in s.docs.values().filter(|p| !files.contains_key(*p)) {
            out.push(at(
                format!(
                    "service `{}` is in `{boundaries}` but its contract `{path}` is missing",
                    s.node.name
                ),
                "run `archgen render --restore` to bring it back".into(),
            ));
        }
    }
    out
}

fn unknown(input: &Input, files: &BTreeMap<String, String>) -> Vec<Problem> {
    let v = input.view;
    let mut known: BTreeSet<String> = v.services.iter().map(|s| s.node.id.clone()).collect();
    known.extend(
        v.clients
            .iter()
            .chain(&v.externals)
            .chain(&v.stores)
            .map(|n| n.id.clone()),
    );
    known.extend(v.brokers.iter().map(|b| b.node.id.clone()));
    for c in &input.sync.changes {
        for (_, source) in diagrams_of(&c.path, c.generated.as_deref().unwrap_or("")) {
            known.extend(mermaid::ids(&source).into_iter().map(|(id, _)| id));
        }
    }
    let mut out = Vec::new();
    for (path, text) in files {
        for (offset, source) in diagrams_of(path, text) {
            let mut seen = BTreeSet::new();
            for (id, line) in mermaid::ids(&source) {
                if known.contains(&id) || !seen.insert(id.clone()) {
                    continue;
                }
                let finding = Finding::new(input.name(path), format!("the diagram names `{id}`, which is no service, client, external system, broker or store of the model"))
                    .at(offset + line, 1)
                    .help("add the component to the model, or take it out of the diagram");
                out.push(Problem {
                    kind: "unknown-service".into(),
                    finding,
                });
            }
        }
    }
    out
}

/// The Mermaid sources in a file, each with the number of lines before it.
fn diagrams_of(path: &str, text: &str) -> Vec<(usize, String)> {
    if path.ends_with(".mmd") {
        vec![(0, text.to_owned())]
    } else if path.ends_with(".md") {
        mermaid::fences(text)
    } else {
        Vec::new()
    }
}

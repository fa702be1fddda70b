//! What must hold for every rendered document set, whatever the model says. Each check returns
//! its findings as text so a failing case names every problem at once.

use archgen::model::Model;
use archgen::render::Document;
use archgen::view::View;
use serde_json::Value;
use std::collections::{BTreeSet, HashSet};

/// Paths are relative, stay in the folder, and use only characters safe on every file system,
/// unique without case.
pub fn paths(docs: &[Document]) -> Vec<String> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for d in docs {
        let safe_segment = |s: &str| {
            s == "README.md"
                || (!s.is_empty()
                    && s != "."
                    && s != ".."
                    && !s.starts_with('.')
                    && s.chars().all(|c| {
                        c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.'
                    }))
        };
        if d.path.starts_with('/') || !d.path.split('/').all(safe_segment) {
            out.push(format!("unsafe path {:?}", d.path));
        }
        if !seen.insert(d.path.to_lowercase()) {
            out.push(format!("{:?} is written twice (ignoring case)", d.path));
        }
    }
    out
}

/// No file carries a carriage return or another control character: each is a line break or
/// garbage to some reader (CommonMark ends a line at a lone CR).
pub fn controls(docs: &[Document]) -> Vec<String> {
    let mut out = Vec::new();
    for d in docs {
        for (n, line) in d.content.split('\n').enumerate() {
            if let Some(c) = line.chars().find(|c| c.is_control() && *c != '\t') {
                out.push(format!(
                    "{}:{}: control character {c:?} in {line:?}",
                    d.path,
                    n + 1
                ));
            }
        }
    }
    out
}

/// Every string value anywhere in a parsed document.
fn strings(v: &Value, out: &mut BTreeSet<String>) {
    match v {
        Value::String(s) => {
            out.insert(s.clone());
        }
        Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
        Value::Object(m) => m.values().for_each(|x| strings(x, out)),
        _ => {}
    }
}

fn parse_yaml(path: &str, text: &str, out: &mut Vec<String>) -> Option<Value> {
    match serde_yaml::from_str::<Value>(text) {
        Ok(v) => Some(v),
        Err(e) => {
            out.push(format!("{path}: does not parse: {e}"));
            None
        }
    }
}

fn front_matter(text: &str) -> Option<&str> {
    let rest = text.strip_prefix("---\n")?;
    Some(rest.split_once("\n---\n").map_or(rest, |(front, _)| front))
}

/// Every YAML document and front matter parses, and the model's own text comes back exactly
/// where it lands as a value: descriptions, enum values, event names, ADR deciders.
pub fn yaml(model: &Model, view: &View, docs: &[Document]) -> Vec<String> {
    let mut out = Vec::new();
    let text_of = |path: &str| {
        docs.iter()
            .find(|d| d.path == path)
            .map(|d| d.content.as_str())
    };
    for d in docs {
        if d.path.ends_with(".yaml") || d.path.ends_with(".json") {
            parse_yaml(&d.path, &d.content, &mut out);
        }
        if d.path.ends_with(".md") {
            if let Some(front) = front_matter(&d.content) {
                match parse_yaml(&d.path, front, &mut out) {
                    Some(Value::Object(_)) | None => {}
                    Some(other) => out.push(format!(
                        "{}: front matter is not a mapping: {other}",
                        d.path
                    )),
                }
            }
        }
    }
    for (s, sv) in model.services.iter().zip(&view.services) {
        if let Some(text) = sv.docs.get("openapi").and_then(|p| text_of(p)) {
            let Some(doc) = parse_yaml(&sv.docs["openapi"], text, &mut out) else {
                continue;
            };
            let mut all = BTreeSet::new();
            strings(&doc, &mut all);
            for r in &s.api.resources {
                let mut expected: Vec<&String> = vec![&r.description];
                for f in &r.fields {
                    expected.push(&f.description);
                    expected.extend(&f.values);
                }
                // A field's description may be followed by what the contract adds to it (who
                // reads the field); the model's text still starts it, unchanged.
                for e in expected.into_iter().filter(|e| !e.is_empty()) {
                    if !all.contains(e) && !all.iter().any(|s| s.starts_with(&format!("{e} "))) {
                        out.push(format!(
                            "{}: lost the model's text {e:?}",
                            sv.docs["openapi"]
                        ));
                    }
                }
                for f in r.fields.iter().filter(|f| !f.values.is_empty()) {
                    let found = enums(&doc).into_iter().any(|values| values == f.values);
                    if !found {
                        out.push(format!(
                            "{}: no enum holds exactly {:?}",
                            sv.docs["openapi"], f.values
                        ));
                    }
                }
            }
        }
        if let Some(text) = sv.docs.get("asyncapi").and_then(|p| text_of(p)) {
            let Some(doc) = parse_yaml(&sv.docs["asyncapi"], text, &mut out) else {
                continue;
            };
            let mut all = BTreeSet::new();
            strings(&doc, &mut all);
            for e in &s.publishes {
                for expected in [&e.name, &e.description]
                    .into_iter()
                    .filter(|x| !x.is_empty())
                {
                    if !all.contains(expected) {
                        out.push(format!(
                            "{}: lost the model's text {expected:?}",
                            sv.docs["asyncapi"]
                        ));
                    }
                }
            }
        }
    }
    for (d, dv) in model.decisions.iter().zip(&view.decisions) {
        let Some(path) = dv.docs.get("adr") else {
            continue;
        };
        let Some(front) = text_of(path).and_then(front_matter) else {
            out.push(format!("{path}: an ADR without front matter"));
            continue;
        };
        let Ok(front) = serde_yaml::from_str::<Value>(front) else {
            continue;
        };
        if !d.deciders.is_empty()
            && front.get("decision-makers") != Some(&serde_json::json!(d.deciders))
        {
            out.push(format!(
                "{path}: decision-makers {:?} are not the model's {:?}",
                front.get("decision-makers"),
                d.deciders
            ));
        }
    }
    out
}

/// Every `enum` list of strings in a schema document.
fn enums(v: &Value) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    match v {
        Value::Object(m) => {
            if let Some(Value::Array(a)) = m.get("enum") {
                out.push(
                    a.iter()
                        .filter_map(|x| x.as_str().map(str::to_owned))
                        .collect(),
                );
            }
            m.values().for_each(|x| out.extend(enums(x)));
        }
        Value::Array(a) => a.iter().for_each(|x| out.extend(enums(x))),
        _ => {}
    }
    out
}

/// Tables keep their column count, and user text neither makes nor loses the one `#` heading.
pub fn markdown(docs: &[Document]) -> Vec<String> {
    let mut out = Vec::new();
    for d in docs.iter().filter(|d| d.path.ends_with(".md")) {
        let outline = archgen::markdown::outline(&d.content);
        for t in &outline.tables {
            if !t.ragged.is_empty() {
                out.push(format!(
                    "{}:{}: rows with the wrong cell count (line, cells): {:?}",
                    d.path, t.line, t.ragged
                ));
            }
        }
        let h1 = outline.headings.iter().filter(|h| h.level == 1).count();
        if h1 != 1 {
            out.push(format!("{}: {h1} level-1 headings", d.path));
        }
    }
    out
}

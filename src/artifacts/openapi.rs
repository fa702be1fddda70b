//! Structural checks of an OpenAPI document beyond its schema: unique operation ids, every
//! path parameter declared, every local `$ref` resolving. Each finding names its line.

use crate::diagnostic::Finding;
use crate::load::{Spans, child_path};
use serde_json::Value;
use std::collections::{BTreeSet, HashMap};

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Problems in the OpenAPI document `text` at `path`.
pub fn openapi(path: &str, text: &str) -> Vec<Finding> {
    let doc: Value = match serde_yaml::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            let finding = Finding::new(path, format!("not valid YAML: {e}"))
                .help("fix the YAML syntax, or the template that produced it");
            return vec![match e.location() {
                Some(l) => finding.at(l.line(), l.column()),
                None => finding,
            }];
        }
    };
    let spans = Spans::index(text);
    // Each finding with the JSON pointer of what it is about, located at the end.
    let mut findings: Vec<(String, Finding)> = Vec::new();
    operations(path, &doc, &mut findings);
    let mut refs = Vec::new();
    collect_refs(&doc, "", &mut refs);
    refs.sort();
    refs.dedup_by(|a, b| a.0 == b.0);
    for (r, at) in refs {
        if let Some(pointer) = r.strip_prefix('#') {
            if doc.pointer(pointer).is_none() {
                findings.push((
                    at,
                    Finding::new(path, format!("`$ref: {r}` does not resolve"))
                        .help("define the component it names"),
                ));
            }
        }
    }
    findings
        .into_iter()
        .map(|(pointer, f)| match spans.value(&pointer) {
            Some(p) => f.at(p.line, p.column),
            None => f,
        })
        .collect()
}

/// Operation ids missing or used twice, and path parameters an operation does not declare.
fn operations(path: &str, doc: &Value, findings: &mut Vec<(String, Finding)>) {
    let mut ids: HashMap<String, String> = HashMap::new();
    for (route, item) in doc
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let in_path: BTreeSet<&str> = route
            .split('{')
            .skip(1)
            .filter_map(|s| s.split_once('}').map(|(name, _)| name))
            .collect();
        let shared = params(item, doc);
        for method in METHODS {
            let Some(op) = item.get(method) else { continue };
            let here = format!("{} {route}", method.to_uppercase());
            let at = child_path(&child_path("/paths", route), method);
            match op.get("operationId").and_then(Value::as_str) {
                Some(id) => {
                    if let Some(first) = ids.insert(id.to_owned(), here.clone()) {
                        findings.push((
                            format!("{at}/operationId"),
                            Finding::new(
                                path,
                                format!("operationId `{id}` of {here} is also used by {first}"),
                            )
                            .help("give every operation its own id"),
                        ));
                    }
                }
                None => findings.push((
                    at.clone(),
                    Finding::new(path, format!("{here} has no operationId"))
                        .help("code generators name methods after it"),
                )),
            }
            let declared: BTreeSet<String> =
                shared.iter().cloned().chain(params(op, doc)).collect();
            for name in in_path.iter().filter(|n| !declared.contains(**n)) {
                findings.push((
                    at.clone(),
                    Finding::new(
                        path,
                        format!("{here} does not declare the path parameter `{name}`"),
                    )
                    .help("add it to the operation's parameters with `in: path`"),
                ));
            }
        }
    }
}

/// Names of the path parameters an operation or path item declares (following `$ref`s).
fn params(node: &Value, doc: &Value) -> Vec<String> {
    node.get("parameters")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|p| match p.get("$ref").and_then(Value::as_str) {
            Some(r) => doc.pointer(r.trim_start_matches('#')),
            None => Some(p),
        })
        .filter(|p| p.get("in").and_then(Value::as_str) == Some("path"))
        .filter_map(|p| p.get("name").and_then(Value::as_str).map(str::to_owned))
        .collect()
}

/// Every `$ref` with the pointer of its first use.
fn collect_refs(v: &Value, at: &str, out: &mut Vec<(String, String)>) {
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                match (k.as_str(), child) {
                    ("$ref", Value::String(r)) => out.push((r.clone(), child_path(at, k))),
                    _ => collect_refs(child, &child_path(at, k), out),
                }
            }
        }
        Value::Array(items) => items
            .iter()
            .enumerate()
            .for_each(|(i, c)| collect_refs(c, &child_path(at, &i.to_string()), out)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn finds_collisions_undeclared_params_and_dangling_refs() {
        let doc = r##"
openapi: 3.1.0
paths:
  /a/{id}:
    get: {operationId: x, responses: {"200": {$ref: "#/components/responses/Nope"}}}
  /b:
    get: {operationId: x}
"##;
        let found: Vec<String> = super::openapi("a.yaml", doc)
            .into_iter()
            .map(|f| format!("{}: {}", f.location(), f.message))
            .collect();
        assert_eq!(
            found,
            [
                "a.yaml:5:10: GET /a/{id} does not declare the path parameter `id`",
                "a.yaml:7:24: operationId `x` of GET /b is also used by GET /a/{id}",
                "a.yaml:5:53: `$ref: #/components/responses/Nope` does not resolve",
            ]
        );
    }
}

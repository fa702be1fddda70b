//! Structural checks of an OpenAPI document beyond its schema: unique operation ids, every
//! path parameter declared, every local `$ref` resolving.

use crate::diagnostic::Finding;
use serde_json::Value;
use std::collections::{BTreeSet, HashMap};

const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// Problems in the OpenAPI document `text` at `path`.
pub fn openapi(path: &str, text: &str) -> Vec<Finding> {
    let doc: Value = match serde_yaml::from_str(text) {
        Ok(v) => v,
        Err(e) => return vec![Finding::new(path, format!("not valid YAML: {e}")).help("fix the template that produced it")],
    };
    let mut findings = Vec::new();
    let mut ids: HashMap<String, String> = HashMap::new();
    for (route, item) in doc.get("paths").and_then(Value::as_object).into_iter().flatten() {
        let in_path: BTreeSet<&str> = route
            .split('{')
            .skip(1)
            .filter_map(|s| s.split_once('}').map(|(name, _)| name))
            .collect();
        let shared = params(item, &doc);
        for method in METHODS {
            let Some(op) = item.get(method) else { continue };
            let here = format!("{} {route}", method.to_uppercase());
            match op.get("operationId").and_then(Value::as_str) {
                Some(id) => {
                    if let Some(first) = ids.insert(id.to_owned(), here.clone()) {
                        findings.push(Finding::new(path, format!("operationId `{id}` of {here} is also used by {first}")).help("give every operation its own id"));
                    }
                }
                None => findings.push(Finding::new(path, format!("{here} has no operationId")).help("code generators name methods after it")),
            }
            let declared: BTreeSet<String> = shared.iter().cloned().chain(params(op, &doc)).collect();
            for name in &in_path {
                if !declared.contains(*name) {
                    findings.push(Finding::new(path, format!("{here} does not declare the path parameter `{name}`")).help("add it to the operation's parameters with `in: path`"));
                }
            }
        }
    }
    let mut refs = Vec::new();
    collect_refs(&doc, &mut refs);
    refs.sort();
    refs.dedup();
    for r in refs {
        if let Some(pointer) = r.strip_prefix('#') {
            if doc.pointer(pointer).is_none() {
                findings.push(Finding::new(path, format!("`$ref: {r}` does not resolve")).help("define the component it names"));
            }
        }
    }
    findings
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

fn collect_refs(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                match (k.as_str(), child) {
                    ("$ref", Value::String(r)) => out.push(r.clone()),
                    _ => collect_refs(child, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|c| collect_refs(c, out)),
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
        let found: Vec<String> = super::openapi("a.yaml", doc).into_iter().map(|f| f.message).collect();
        assert_eq!(
            found,
            [
                "GET /a/{id} does not declare the path parameter `id`",
                "operationId `x` of GET /b is also used by GET /a/{id}",
                "`$ref: #/components/responses/Nope` does not resolve",
            ]
        );
    }
}

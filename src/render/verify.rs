//! Checks what templates produced before anything is written: YAML that parses, OpenAPI and
//! AsyncAPI documents that hold together, ADR front matter, Markdown tables that stay tables.
//! Built-in templates are proven by the test suite; a team's pack is checked on every render.

use super::Document;
use crate::diagnostic::Finding;
use serde_json::Value;

/// Every problem in `docs`, each naming the template that produced the file.
pub fn verify(docs: &[Document]) -> Vec<Finding> {
    let mut out = Vec::new();
    for d in docs {
        let at = |msg: String| {
            Finding::new(d.path.clone(), msg).help(format!(
                "fix the template `{}` that produced it",
                d.template
            ))
        };
        if d.path.ends_with(".yaml") || d.path.ends_with(".yml") {
            match serde_yaml::from_str::<Value>(&d.content) {
                Err(e) => {
                    let mut f = at(format!(
                        "is not valid YAML: {}",
                        strip_location(&e.to_string())
                    ));
                    if let Some(l) = e.location() {
                        f = f.at(l.line(), l.column());
                    }
                    out.push(f);
                }
                Ok(doc) => out.extend(contract(d, &doc).into_iter().map(at)),
            }
        }
        if d.path.ends_with(".md") {
            if let Some(rest) = d.content.strip_prefix("---\n") {
                let front = rest.split("\n---\n").next().unwrap_or_default();
                if let Err(e) = serde_yaml::from_str::<Value>(front) {
                    out.push(at(format!(
                        "has front matter that is not valid YAML: {}",
                        strip_location(&e.to_string())
                    )));
                }
            }
            for table in crate::markdown::outline(&d.content).tables {
                for (line, cells) in table.ragged {
                    out.push(at(format!("has a table row with {cells} cells under a header of {}: the table breaks there", table.columns)).at(line, 1));
                }
            }
        }
    }
    out
}

/// What an API contract must at least hold.
fn contract(d: &Document, doc: &Value) -> Vec<String> {
    let field = |k: &str| {
        doc.get(k)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    if d.path.ends_with(".openapi.yaml") {
        let version = field("openapi");
        let mut out = Vec::new();
        if !version.starts_with("3.1") {
            out.push(format!(
                "is not an OpenAPI 3.1 document (`openapi: {version}`)"
            ));
        }
        if doc.get("info").and_then(|i| i.get("title")).is_none() {
            out.push("has no `info.title`".into());
        }
        out.extend(
            crate::artifacts::openapi(&d.path, &d.content)
                .into_iter()
                .map(|f| f.message),
        );
        out
    } else if d.path.ends_with(".asyncapi.yaml") && field("asyncapi") != "3.0.0" {
        vec![format!(
            "is not an AsyncAPI 3.0.0 document (`asyncapi: {}`)",
            field("asyncapi")
        )]
    } else {
        Vec::new()
    }
}

fn strip_location(text: &str) -> &str {
    text.find(" at line ").map_or(text, |i| &text[..i])
}

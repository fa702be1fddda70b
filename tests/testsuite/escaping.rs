//! User text lands safely wherever it goes: YAML, Markdown tables, Mermaid, file names.

use crate::support::{Env, read_tree};

const HOSTILE: &str = r##"
version: 1
name: "Shop: \"EU\" | #1"
description: "<script>alert(1)</script> {{ not a template }}\n- not a list\n1. nor this"
date: "2026-01-15"
requirements:
  domain: "yes"
  constraints: ["a | b", "`code`", "# heading"]
services:
  - name: 'Payments (v2): "EU" | #1'
    responsibility: "Takes | payments; end\nsecond line"
    publishes:
      - name: "end"
        description: "null"
        fields:
          - {name: "amount: total", type: money, description: "~"}
    api:
      resources:
        - name: "Order \"x\""
          description: "1e3"
          fields:
            - {name: "status|x", type: enum, values: ["yes", "no", "null", "a: b", "end"]}
            - {name: "note #1", type: string, description: "0x10"}
  - name: 'payments (V2): "eu" | #1'
    responsibility: "Differs only in case and punctuation."
    consumes: [end]
  - name: subgraph
    responsibility: "graph"
clients:
  - {name: click, kind: web, description: "style"}
externals:
  - {name: default, description: "📦 מערכת חיצונית"}
communication:
  links:
    - {from: click, to: 'Payments (v2): "EU" | #1', purpose: "a | b"}
    - {from: 'Payments (v2): "EU" | #1', to: default, purpose: "--> x"}
  flows:
    - name: "Pay | <b>now</b>"
      end_to_end: {p99_ms: 1000, until: "done | <script>x</script>"}
      steps:
        - {from: click, to: 'Payments (v2): "EU" | #1', action: "done | <script>x</script>"}
"##;

fn rendered() -> Vec<(String, String)> {
    let env = Env::new();
    env.write("archgen.yaml", HOSTILE);
    let run = env.run(&["render"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    read_tree(&env.path("docs/architecture"))
}

#[test]
fn file_names_are_safe_and_unique() {
    let files = rendered();
    let mut lower = std::collections::HashSet::new();
    for (path, _) in &files {
        assert!(
            path.split('/').all(|seg| seg == "README.md"
                || (!seg.is_empty()
                    && seg.chars().all(|c| c.is_ascii_lowercase()
                        || c.is_ascii_digit()
                        || c == '-'
                        || c == '.'))),
            "unsafe file name {path}"
        );
        assert!(lower.insert(path.to_lowercase()), "{path} collides");
    }
    assert!(
        files
            .iter()
            .any(|(p, _)| p == "api/payments-v2-eu-1.openapi.yaml"),
        "{:?}",
        files.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    assert!(
        files
            .iter()
            .any(|(p, _)| p == "api/payments-v2-eu-1-2.asyncapi.yaml")
    );
}

#[test]
fn yaml_holds_the_exact_strings() {
    let files = rendered();
    let (_, text) = files
        .iter()
        .find(|(p, _)| p == "api/payments-v2-eu-1.openapi.yaml")
        .unwrap();
    let doc: serde_json::Value = serde_yaml::from_str(text).unwrap();
    fn strings(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::String(s) => out.push(s.clone()),
            serde_json::Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
            serde_json::Value::Object(m) => m.iter().for_each(|(k, x)| {
                out.push(k.clone());
                strings(x, out)
            }),
            _ => {}
        }
    }
    let mut all = Vec::new();
    strings(&doc, &mut all);
    assert!(
        all.iter()
            .any(|s| s.starts_with("Takes | payments; end\nsecond line")),
        "the responsibility is not the API description"
    );
    for exact in ["1e3", "0x10"] {
        assert!(
            all.iter().any(|s| s == exact),
            "{exact:?} did not survive as a string"
        );
    }
    let values = doc
        .pointer("/components/schemas/OrderX/properties/status_x/enum")
        .expect("the enum schema");
    assert_eq!(
        values,
        &serde_json::json!(["yes", "no", "null", "a: b", "end"])
    );
}

#[test]
fn markdown_tables_keep_columns_and_text_stays_text() {
    for (path, text) in rendered().iter().filter(|(p, _)| p.ends_with(".md")) {
        let outline = archgen::markdown::outline(text);
        for table in &outline.tables {
            assert!(
                table.ragged.is_empty(),
                "{path}:{}: {:?}",
                table.line,
                table.ragged
            );
        }
        assert!(
            !text.contains("<script>"),
            "{path} carries raw HTML from the model"
        );
        if path.ends_with("capacity.md") {
            assert!(
                text.contains("### End to end"),
                "{path} shows the end-to-end objective"
            );
        }
        let h1 = outline.headings.iter().filter(|h| h.level == 1).count();
        assert_eq!(h1, 1, "{path}: user text made or lost a heading");
    }
}

#[test]
fn mermaid_ids_are_legal_and_unique() {
    let files = rendered();
    let (_, text) = files
        .iter()
        .find(|(p, _)| p == "diagrams/service-communication.mmd")
        .unwrap();
    let id = |line: &str| -> Option<String> {
        let t = line.trim();
        let end = t.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))?;
        let rest = &t[end..];
        (end > 0
            && (rest.starts_with('[')
                || rest.starts_with('(')
                || rest.starts_with('{')
                || rest.starts_with('>')))
        .then(|| t[..end].to_owned())
    };
    let ids: Vec<String> = text.lines().filter_map(id).collect();
    assert!(ids.len() >= 5, "no node definitions found:\n{text}");
    let mut seen = std::collections::HashSet::new();
    for i in &ids {
        assert!(
            ![
                "end", "graph", "subgraph", "style", "click", "default", "class", "classDef"
            ]
            .contains(&i.as_str()),
            "reserved id {i}"
        );
        assert!(seen.insert(i.clone()), "duplicate node definition {i}");
    }
    assert!(
        !text.contains("\"EU\""),
        "a raw quote inside a Mermaid label"
    );
}

#[test]
fn nothing_escapes_the_output_folder() {
    let env = Env::new();
    env.write(
        "archgen.yaml",
        &HOSTILE.replace("name: subgraph", "name: ../../etc"),
    );
    let run = env.run(&["render"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Beside the model: the model, its documents and archgen's record of them (`.archgen`).
    let outside: Vec<_> = std::fs::read_dir(env.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n != ".archgen")
        .collect();
    assert_eq!(outside.len(), 2, "{outside:?}");
}

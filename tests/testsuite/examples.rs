//! The bundled examples: each renders, matches its committed documents, and every artifact in
//! them holds up (links resolve, tables keep their columns, OpenAPI parses and is consistent,
//! YAML parses).
//!
//! After a deliberate template change, review the new output and refresh the committed
//! documents with `ARCHGEN_BLESS=1 cargo test --test testsuite examples`.
//!
//! Only examples whose model sets `output` have committed documents; the generated stress
//! model (examples/stress, from scripts/gen-stress) has none and takes only the other checks.

use crate::support::{Env, examples, read_tree};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

/// Renders an example with the real binary into a temporary folder.
fn render_once(model: &Path) -> Vec<(String, String)> {
    let env = Env::new();
    let run = env.run(&["render", "--model", model.to_str().unwrap(), "--out", "out"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    read_tree(&env.path("out"))
}

/// Every example's documents, rendered once per test run (in parallel) and shared by every
/// test here: the stress model alone takes seconds.
fn rendered() -> &'static BTreeMap<String, Vec<(String, String)>> {
    static RENDERED: OnceLock<BTreeMap<String, Vec<(String, String)>>> = OnceLock::new();
    RENDERED.get_or_init(|| {
        std::thread::scope(|s| {
            let jobs: Vec<_> = examples()
                .into_iter()
                .map(|(name, model)| s.spawn(move || (name, render_once(&model))))
                .collect();
            jobs.into_iter().map(|j| j.join().unwrap()).collect()
        })
    })
}

/// One example's documents, from [`rendered`].
fn render(model: &Path) -> &'static [(String, String)] {
    let name = model
        .parent()
        .unwrap()
        .file_name()
        .unwrap()
        .to_string_lossy();
    &rendered()[name.as_ref()]
}

/// Where an example's documents are committed: its model's `output`; `None` without one.
fn committed_dir(model: &Path) -> Option<std::path::PathBuf> {
    let m = archgen::load::load(model).unwrap().model;
    Some(model.parent().unwrap().join(m.output.as_deref()?))
}

#[test]
fn examples_match_their_committed_documents() {
    let bless = std::env::var_os("ARCHGEN_BLESS").is_some();
    let mut stale = Vec::new();
    for (name, model) in examples() {
        let Some(dir) = committed_dir(&model) else {
            continue;
        };
        let rendered = render(&model);
        if bless {
            if dir.exists() {
                std::fs::remove_dir_all(&dir).unwrap();
            }
            for (path, content) in rendered {
                let p = dir.join(path);
                std::fs::create_dir_all(p.parent().unwrap()).unwrap();
                std::fs::write(p, content).unwrap();
            }
            continue;
        }
        let committed = read_tree(&dir);
        let names = |t: &[(String, String)]| t.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
        if names(&committed) != names(rendered) {
            stale.push(format!(
                "{name}: files differ\n  committed: {:?}\n  rendered:  {:?}",
                names(&committed),
                names(rendered)
            ));
            continue;
        }
        for ((path, old), (_, new)) in committed.iter().zip(rendered) {
            if old != new {
                let diff = similar::TextDiff::from_lines(old, new)
                    .unified_diff()
                    .header("committed", "rendered")
                    .to_string();
                stale.push(format!("{name}/{path}:\n{diff}"));
            }
        }
    }
    assert!(
        stale.is_empty(),
        "the committed example documents are stale; review and run `ARCHGEN_BLESS=1 cargo test --test testsuite examples`:\n\n{}",
        stale.join("\n")
    );
}

#[test]
fn every_relative_link_resolves() {
    for (name, model) in examples() {
        let files = render(&model);
        let broken = archgen::check::links(files, |_| false);
        assert!(
            broken.is_empty(),
            "{name}:\n{}",
            broken
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
}

#[test]
fn every_document_is_reachable_from_the_index() {
    for (name, model) in examples() {
        let files = render(&model);
        let mut seen = std::collections::BTreeSet::from(["README.md".to_string()]);
        let mut queue = vec!["README.md".to_string()];
        while let Some(doc) = queue.pop() {
            let Some((_, text)) = files.iter().find(|(p, _)| *p == doc) else {
                continue;
            };
            for link in archgen::markdown::outline(text).links {
                let target = link.url.split('#').next().unwrap();
                if target.is_empty() || target.contains("://") {
                    continue;
                }
                let mut parts: Vec<&str> = doc.split('/').collect();
                parts.pop();
                for seg in target.split('/') {
                    match seg {
                        ".." => {
                            parts.pop();
                        }
                        "." | "" => {}
                        s => parts.push(s),
                    }
                }
                let resolved = parts.join("/");
                if seen.insert(resolved.clone()) && resolved.ends_with(".md") {
                    queue.push(resolved);
                }
            }
        }
        let unreachable: Vec<&String> = files
            .iter()
            .map(|(p, _)| p)
            .filter(|p| !seen.contains(*p))
            .collect();
        assert!(
            unreachable.is_empty(),
            "{name}: not reachable from README.md: {unreachable:?}"
        );
    }
}

#[test]
fn tables_keep_their_columns() {
    for (name, model) in examples() {
        for (path, text) in render(&model).iter().filter(|(p, _)| p.ends_with(".md")) {
            for table in archgen::markdown::outline(text).tables {
                assert!(
                    table.ragged.is_empty(),
                    "{name}/{path}:{}: rows with the wrong cell count: {:?}",
                    table.line,
                    table.ragged
                );
            }
        }
    }
}

#[test]
fn openapi_documents_parse_and_are_consistent() {
    let mut seen = 0;
    for (name, model) in examples() {
        for (path, text) in render(&model)
            .iter()
            .filter(|(p, _)| p.ends_with(".openapi.yaml"))
        {
            seen += 1;
            let spec = oas3::from_yaml(text).unwrap_or_else(|e| panic!("{name}/{path}: {e}"));
            assert!(
                spec.openapi.starts_with("3.1"),
                "{name}/{path}: version {}",
                spec.openapi
            );
            let problems = archgen::check::openapi(path, text);
            assert!(problems.is_empty(), "{name}/{path}: {problems:?}");
        }
    }
    assert!(seen >= 3, "the examples should include REST services");
}

#[test]
fn yaml_artifacts_and_front_matter_parse() {
    for (name, model) in examples() {
        for (path, text) in render(&model) {
            if path.ends_with(".yaml") {
                serde_yaml::from_str::<serde_json::Value>(text)
                    .unwrap_or_else(|e| panic!("{name}/{path}: {e}"));
            }
            if let Some(rest) = text.strip_prefix("---\n") {
                let front = rest.split("\n---\n").next().unwrap();
                serde_yaml::from_str::<serde_json::Value>(front)
                    .unwrap_or_else(|e| panic!("{name}/{path} front matter: {e}"));
            }
        }
    }
}

#[test]
fn only_examples_with_an_output_have_committed_documents() {
    let names: Vec<String> = examples()
        .into_iter()
        .filter(|(_, m)| committed_dir(m).is_none())
        .map(|(n, _)| n)
        .collect();
    assert_eq!(
        names,
        ["stress"],
        "the stress example is the only one compared with nothing"
    );
}

/// `archgen view` of every example with committed documents: the data every template and every
/// team pack reads. A change here is a change to what packs can rely on; review it as an API
/// change. (The generated stress model's view, 1.4 MB, is left out.)
#[test]
fn the_view_of_each_example() {
    for (name, model) in examples() {
        if committed_dir(&model).is_none() {
            continue;
        }
        let run = Env::new().run(&["view", "--model", model.to_str().unwrap()]);
        insta::assert_snapshot!(format!("view-{name}"), run.ok());
    }
}

/// The schema the examples' first line names for editors is committed, and is what
/// `archgen schema` prints: refreshed with the documents (`ARCHGEN_BLESS=1`).
#[test]
fn the_schema_the_examples_name_is_committed_and_current() {
    let env = Env::new();
    let printed = env.run(&["schema"]);
    let committed = crate::support::root().join("archgen.schema.json");
    if std::env::var_os("ARCHGEN_BLESS").is_some() {
        std::fs::write(&committed, printed.ok()).unwrap();
    }
    assert!(
        std::fs::read_to_string(&committed).ok().as_deref() == Some(printed.ok()),
        "archgen.schema.json is not what `archgen schema` prints; run `ARCHGEN_BLESS=1 cargo test --test testsuite examples`"
    );
    for (name, model) in examples() {
        let text = std::fs::read_to_string(&model).unwrap();
        let first = text.lines().next().unwrap_or("");
        let named = first
            .strip_prefix("# yaml-language-server: $schema=")
            .unwrap_or_else(|| panic!("{name}: the first line names no schema: {first}"));
        let schema = model.parent().unwrap().join(named);
        assert_eq!(
            schema.canonicalize().unwrap(),
            committed.canonicalize().unwrap(),
            "{name}"
        );
    }
}

/// The failure paths the design names beyond events and stores are tests too: a webhook's
/// signature and repeats, each audited action, and each migration phase's way back.
#[test]
fn testing_covers_webhooks_audits_and_migration_rollbacks() {
    let docs = &rendered()["clinic-booking"];
    let testing = docs
        .iter()
        .find(|(p, _)| p == "testing.md")
        .map(|(_, t)| t.as_str())
        .expect("clinic-booking has a testing document");
    for row in [
        "| EHR's callback to `/webhooks/ehr` with a missing or wrong `X-Hub-Signature` signature",
        "| Audited: every change to a patient's contact details or SMS consent |",
        "| Phase 1 of the migration (Book in Carebook, roster in the legacy app) switched back to legacy-scheduler |",
    ] {
        assert!(testing.contains(row), "no `{row}` in testing.md");
    }
}

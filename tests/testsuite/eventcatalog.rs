//! The EventCatalog export: every reference between its files resolves (messages, channels,
//! owners, containers, flow steps), each message's schema is standalone JSON Schema (Avro and
//! proto3 ones: schema_formats.rs), each service points at archgen's own contracts, and a pack
//! switches it off like any document.
//! CI also runs EventCatalog's own linter over every example (scripts/validate-docs).

use crate::support::render_example;
use serde_yaml::Value;
use std::collections::{BTreeMap, BTreeSet};

/// The front matter of every catalog file, by its path under `eventcatalog/`.
fn catalog(out: &BTreeMap<String, String>) -> BTreeMap<String, Value> {
    out.iter()
        .filter_map(|(path, text)| {
            let rel = path.strip_prefix("eventcatalog/")?.strip_suffix(".mdx")?;
            let front = text
                .strip_prefix("---\n")
                .and_then(|t| t.split_once("\n---\n"))
                .unwrap_or_else(|| panic!("{path} has no front matter"))
                .0;
            let v = serde_yaml::from_str(front).unwrap_or_else(|e| panic!("{path}: {e}"));
            Some((rel.to_owned(), v))
        })
        .collect()
}

/// The ids of one collection: `services/<id>/index`, or `teams/<id>` for teams.
fn ids(files: &BTreeMap<String, Value>, collection: &str) -> BTreeSet<String> {
    files
        .iter()
        .filter(|(p, _)| p.starts_with(&format!("{collection}/")))
        .map(|(p, v)| {
            let id = v["id"].as_str().expect("every file has an id").to_owned();
            let folder = p.split('/').nth(1).expect("a folder per item");
            assert_eq!(
                folder.trim_end_matches(".mdx"),
                id,
                "{p}: folder and id differ"
            );
            id
        })
        .collect()
}

/// A flow step's `next_step`, or each of its `next_steps`.
fn next_steps(step: &Value) -> Vec<&Value> {
    match &step["next_steps"] {
        Value::Sequence(all) => all.iter().collect(),
        _ => step.get("next_step").into_iter().collect(),
    }
}

fn strs(v: &Value) -> Vec<String> {
    v.as_sequence()
        .into_iter()
        .flatten()
        .map(|x| match x {
            Value::String(s) => s.clone(),
            other => other["id"]
                .as_str()
                .expect("a pointer has an id")
                .to_owned(),
        })
        .collect()
}

#[test]
fn every_reference_in_the_eventcatalog_export_resolves() {
    let out = render_example("order-management", None);
    let files = catalog(&out);
    let services = ids(&files, "services");
    let messages: BTreeSet<String> = ids(&files, "events")
        .union(&ids(&files, "commands"))
        .cloned()
        .collect();
    let channels = ids(&files, "channels");
    let teams = ids(&files, "teams");
    let containers = ids(&files, "containers");
    assert_eq!(
        services,
        [
            "gateway",
            "inventory",
            "notifications",
            "orders",
            "payments"
        ]
        .map(String::from)
        .into()
    );
    assert!(messages.contains("order-placed"), "{messages:?}");
    assert!(!channels.is_empty() && !containers.is_empty());
    for (path, v) in &files {
        for o in strs(&v["owners"]) {
            assert!(teams.contains(&o), "{path}: owner {o} is no team");
        }
        for key in ["sends", "receives"] {
            for m in v[key].as_sequence().into_iter().flatten() {
                let id = m["id"].as_str().expect("message id");
                assert!(messages.contains(id), "{path}: {key} {id} is no message");
                for c in strs(&m["to"]).into_iter().chain(strs(&m["from"])) {
                    assert!(channels.contains(&c), "{path}: channel {c} is not defined");
                }
            }
        }
        for c in strs(&v["writesTo"]) {
            assert!(
                containers.contains(&c),
                "{path}: container {c} is not defined"
            );
        }
        for s in strs(&v["services"]) {
            assert!(services.contains(&s), "{path}: service {s} is not defined");
        }
        let steps: BTreeSet<u64> = v["steps"]
            .as_sequence()
            .into_iter()
            .flatten()
            .filter_map(|s| s["id"].as_u64())
            .collect();
        for step in v["steps"].as_sequence().into_iter().flatten() {
            if let Some(s) = step["service"]["id"].as_str() {
                assert!(
                    services.contains(s),
                    "{path}: step service {s} is not defined"
                );
            }
            for next in next_steps(step) {
                let id = next["id"].as_u64().expect("a next step has an id");
                assert!(steps.contains(&id), "{path}: next step {id} is not a step");
            }
        }
        for spec in v["specifications"].as_sequence().into_iter().flatten() {
            let rel = spec["path"].as_str().expect("a path");
            let target = rel.strip_prefix("../../../").expect("relative to the docs");
            assert!(out.contains_key(target), "{path}: {rel} is not rendered");
        }
    }
    let orders = &files["services/orders/index"];
    let kinds: Vec<&str> = orders["specifications"]
        .as_sequence()
        .expect("orders has contracts")
        .iter()
        .filter_map(|s| s["type"].as_str())
        .collect();
    assert_eq!(kinds, ["openapi", "asyncapi"]);
}

#[test]
fn a_flow_forks_where_its_model_branches() {
    let out = render_example("order-management", None);
    let files = catalog(&out);
    let checkout = files
        .iter()
        .find(|(p, v)| p.starts_with("flows/") && v["name"].as_str() == Some("Checkout"))
        .expect("the Checkout flow")
        .1;
    let forks: Vec<Vec<String>> = checkout["steps"]
        .as_sequence()
        .expect("steps")
        .iter()
        .map(next_steps)
        .filter(|next| next.len() > 1)
        .map(|next| {
            next.iter()
                .map(|n| n["label"].as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .collect();
    assert!(
        !forks.is_empty(),
        "Checkout's alt block is drawn as a chain"
    );
    for labels in &forks {
        assert!(
            labels.iter().all(|l| !l.is_empty()),
            "each branch is labelled with its condition: {labels:?}"
        );
    }
}

#[test]
fn each_message_has_a_standalone_json_schema_whose_references_resolve() {
    let out = render_example("order-management", None);
    let placed: serde_json::Value =
        serde_json::from_str(&out["eventcatalog/events/order-placed/schema.json"])
            .expect("the schema is JSON");
    assert_eq!(placed["title"], "OrderPlaced");
    assert!(placed["required"].as_array().is_some());
    let text = placed.to_string();
    assert!(!text.contains("#/components/"), "{text}");
    for r in text.split("\"$ref\":\"").skip(1) {
        let name = r
            .split('"')
            .next()
            .and_then(|p| p.strip_prefix("#/$defs/"))
            .unwrap_or_else(|| panic!("a reference outside $defs: {r}"));
        assert!(placed["$defs"][name].is_object(), "{name} is not defined");
    }
    assert!(placed["$defs"]["Money"].is_object() && placed["$defs"]["OrderLine"].is_object());
    let mdx = &out["eventcatalog/events/order-placed/index.mdx"];
    assert!(mdx.contains("schemaPath: schema.json"), "{mdx}");
    assert!(
        mdx.contains("\"order_id\":"),
        "the example payload is shown: {mdx}"
    );
}

#[test]
fn a_pack_switches_the_eventcatalog_export_off() {
    let ids = "[eventcatalog, eventcatalog-domain, eventcatalog-service, eventcatalog-message, \
               eventcatalog-schema, eventcatalog-schema-avro, eventcatalog-schema-proto, \
               eventcatalog-channel, eventcatalog-flow, eventcatalog-team, \
               eventcatalog-container]";
    let out = render_example(
        "order-management",
        Some(&format!("name: No catalog\ndisable: {ids}\n")),
    );
    assert!(out.contains_key("README.md"));
    assert!(
        !out.keys().any(|p| p.starts_with("eventcatalog/")),
        "{:?}",
        out.keys().collect::<Vec<_>>()
    );
}

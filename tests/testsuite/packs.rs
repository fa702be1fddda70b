//! Template packs over the built-in blocks: a pack template that extends a built-in and
//! overrides one block changes that block and nothing else; a pack file without `extends`
//! replaces its built-in whole; every document the pack does not name falls back to the
//! built-ins byte for byte. Also keeps docs/templates.md, the block reference, in step with the
//! templates.

use crate::support::{Env, MINIMAL, read_tree, root};
use serde_json::Value;
use std::collections::BTreeMap;

/// MINIMAL with two decisions, so that the ADR template renders twice.
fn model() -> String {
    format!(
        "{MINIMAL}\
decisions:
  - title: Publish order events through Kafka
    date: \"2026-01-10\"
    deciders: [Platform team]
    context: Payments and fulfilment must react to orders without orders calling them.
    drivers: [Independent deploys, Replay after outages]
    options:
      - name: Kafka
        pros: [\"Durable, replayable log\"]
        cons: [More to operate]
      - name: Synchronous calls
        pros: [Nothing new to run]
        cons: [Couples availability]
    outcome: Kafka
    because: Replay matters more than operational simplicity here.
    consequences:
      good: [Services deploy independently]
      bad: [Consumers must be idempotent]
  - title: Keep one database per service
    status: proposed
    context: Orders and payments change at different speeds.
    options:
      - name: One database per service
      - name: A shared database
    outcome: One database per service
"
    )
}

/// A team's ADR template: the built-in with its own front matter (always naming the
/// decision-makers, and MADR's optional `consulted` and `informed`), every other part unchanged.
const ADR_PACK: &str = r#"{% extends "builtin/adr/adr.md" %}
{% block front_matter %}
---
status: {{ d.status | yaml }}
{%- if d.date is not none %}
date: {{ d.date | yaml }}
{%- endif %}
decision-makers: {{ d.deciders | yaml if d.deciders | length > 0 else "[architecture guild]" }}
consulted: [security, sre]
informed: [all engineering]
---
{% endblock front_matter %}
"#;

/// A team's OpenAPI template: its own servers and its standard error body, an RFC 9457
/// problem details object with two extension members.
const OPENAPI_PACK: &str = r#"{% extends "builtin/api/openapi.yaml" %}
{% block servers %}
servers:
  - url: {{ ("https://api.acme.io/" ~ item.slug) | yaml }}
    description: Production, behind the Acme edge.
  - url: {{ ("https://api.staging.acme.io/" ~ item.slug) | yaml }}
    description: Staging; reset every night.
{%- endblock servers %}
{% block error_model %}
    Problem:
      type: object
      description: Acme's standard error body, RFC 9457 problem details with two extension members.
      required: [type, title, status]
      properties:
        type:
          type: string
          format: uri-reference
        title:
          type: string
        status:
          type: integer
        detail:
          type: string
        code:
          type: string
          description: A stable, documented error code, e.g. ORDER_NOT_FOUND.
          pattern: '^[A-Z][A-Z0-9_]*$'
        trace_id:
          type: string
          description: The W3C trace id of the failed request, for support tickets.
{%- endblock error_model %}
"#;

/// A team's security document, replacing the built-in whole (no `extends`).
const SECURITY_PACK: &str = r#"# {{ this.title }}

{{ system.name | md }} follows the Acme security baseline; this page lists only what the
baseline leaves to each system.

## Authentication

| Callers | Method |
| --- | --- |
{% for a in security.authentication -%}
| {{ a.clients | join(sep=", ") | md if a.clients | length > 0 else "all clients" }} | {{ a.method }} |
{% endfor %}
"#;

/// Renders `model()` into `out`, with the pack in `pack/` when `with_pack`.
fn render(env: &Env, out: &str, with_pack: bool) -> BTreeMap<String, String> {
    let mut args = vec!["render", "--model", "archgen.yaml", "--out", out];
    if with_pack {
        args.extend(["--templates", "pack"]);
    }
    env.run(&args).ok();
    read_tree(&env.path(out)).into_iter().collect()
}

/// The model and a pack with all three files, rendered with and without the pack.
fn rendered() -> (BTreeMap<String, String>, BTreeMap<String, String>) {
    let env = Env::new();
    env.write("archgen.yaml", &model())
        .write("pack/adr/adr.md", ADR_PACK)
        .write("pack/api/openapi.yaml", OPENAPI_PACK)
        .write("pack/security.md", SECURITY_PACK);
    (render(&env, "plain", false), render(&env, "packed", true))
}

/// The per-decision ADRs (not the index, not ADR 0001).
fn decision_records(files: &BTreeMap<String, String>) -> Vec<&String> {
    files
        .keys()
        .filter(|p| {
            p.starts_with("adr/") && !p.ends_with("README.md") && !p.starts_with("adr/0001-")
        })
        .collect()
}

/// `(front matter, rest)` of a Markdown document that starts with one.
fn split_front_matter(text: &str) -> (&str, &str) {
    let rest = text
        .strip_prefix("---\n")
        .expect("starts with front matter");
    let end = rest.find("\n---\n").expect("front matter ends");
    (&rest[..end], &rest[end + 5..])
}

#[test]
fn an_adr_pack_overrides_the_front_matter_and_nothing_else() {
    let (plain, packed) = rendered();
    let records = decision_records(&packed);
    assert_eq!(records.len(), 2, "{:?}", packed.keys());
    assert_eq!(
        records,
        decision_records(&plain),
        "the pack adds or drops no record"
    );
    for path in records {
        let (old_front, old_rest) = split_front_matter(&plain[path]);
        let (new_front, new_rest) = split_front_matter(&packed[path]);
        assert_eq!(
            new_rest, old_rest,
            "{path}: only the front matter may change"
        );
        assert_ne!(
            new_front, old_front,
            "{path}: the front matter is the pack's"
        );
        let front: Value =
            serde_yaml::from_str(new_front).unwrap_or_else(|e| panic!("{path}: {e}"));
        assert_eq!(
            front["consulted"],
            serde_json::json!(["security", "sre"]),
            "{path}"
        );
        let old: Value = serde_yaml::from_str(old_front).unwrap();
        assert_eq!(
            front["status"], old["status"],
            "{path}: the status is still the model's"
        );
        assert!(front["decision-makers"].is_array(), "{path}");
    }
    // ADR 0001 and the index have their own templates, which the pack does not replace.
    for (path, text) in &packed {
        if path.starts_with("adr/")
            && (path.ends_with("README.md") || path.starts_with("adr/0001-"))
        {
            assert_eq!(text, &plain[path], "{path}");
        }
    }
    let first = decision_records(&packed)[0].clone();
    insta::assert_snapshot!("adr_with_team_front_matter", packed[&first]);
}

/// A parsed YAML document without the parts the OpenAPI pack overrides.
fn without_overrides(mut doc: Value) -> Value {
    doc.as_object_mut().unwrap().remove("servers");
    doc["components"]["schemas"]
        .as_object_mut()
        .unwrap()
        .remove("Problem");
    doc
}

#[test]
fn an_openapi_pack_overrides_servers_and_the_error_model_and_stays_valid() {
    let (plain, packed) = rendered();
    let path = "api/orders.openapi.yaml";
    let text = &packed[path];
    let problems = archgen::check::openapi(path, text);
    assert!(problems.is_empty(), "{problems:?}");
    let spec = oas3::from_yaml(text).unwrap_or_else(|e| panic!("{path}: {e}"));
    assert_eq!(spec.servers.len(), 2);
    assert_eq!(spec.servers[0].url, "https://api.acme.io/orders");

    let new: Value = serde_yaml::from_str(text).unwrap();
    let old: Value = serde_yaml::from_str(&plain[path]).unwrap();
    assert_ne!(new["servers"], old["servers"]);
    let problem = &new["components"]["schemas"]["Problem"];
    assert_eq!(
        problem["properties"]["code"]["pattern"],
        "^[A-Z][A-Z0-9_]*$"
    );
    // Every error response still points at the (now the team's) Problem schema.
    for (name, response) in new["components"]["responses"].as_object().unwrap() {
        let schema = &response["content"]["application/problem+json"]["schema"]["$ref"];
        assert_eq!(schema, "#/components/schemas/Problem", "{name}");
    }
    assert_eq!(
        without_overrides(new),
        without_overrides(old),
        "only servers and Problem change"
    );
    // The overrides keep the built-in's line layout: no blank line where the blocks meet.
    assert!(
        text.lines().all(|l| !l.trim().is_empty()),
        "no blank lines in the YAML"
    );
    insta::assert_snapshot!("openapi_with_team_servers_and_errors", text);
}

#[test]
fn a_pack_file_without_extends_replaces_its_document_and_the_rest_falls_back() {
    let (plain, packed) = rendered();
    assert_eq!(
        plain.keys().collect::<Vec<_>>(),
        packed.keys().collect::<Vec<_>>(),
        "same documents"
    );
    let overridden = |p: &str| {
        p == "security.md"
            || p == "api/orders.openapi.yaml"
            || decision_records(&plain).iter().any(|r| *r == p)
    };
    for (path, text) in &plain {
        if !overridden(path) {
            assert_eq!(
                &packed[path], text,
                "{path} is not in the pack, so it is the built-in's"
            );
        }
    }
    let security = &packed["security.md"];
    assert!(
        security.contains("follows the Acme security baseline"),
        "{security}"
    );
    assert!(
        !security.contains("zero trust"),
        "nothing of the built-in is left"
    );
    insta::assert_snapshot!("security_replaced_whole", security);
}

/// The names of a template's blocks, in order (nested ones included).
fn blocks(text: &str) -> Vec<String> {
    text.split("{%")
        .skip(1)
        .filter_map(|tag| {
            tag.trim_start_matches('-')
                .trim_start()
                .strip_prefix("block ")
        })
        .map(|rest| {
            rest.trim_start()
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect()
        })
        .collect()
}

fn templates() -> Vec<(String, &'static str)> {
    archgen::templates::builtin_files()
        .into_iter()
        .filter(|(name, _)| !archgen::templates::is_data(name) && !name.starts_with("partials/"))
        .collect()
}

#[test]
fn every_block_overridden_with_super_renders_the_built_in_bytes() {
    // A pack that extends every document template and overrides each of its blocks (nested
    // ones too) with `{{ super() }}`: every block opens and closes where it should, and the
    // pack renders exactly what the built-ins render.
    let env = Env::new();
    env.write("archgen.yaml", &model());
    let mut overridden = 0;
    for (name, text) in templates() {
        if name.starts_with("diagrams/") {
            // Included as is by architecture-diagrams.md, and Tera cannot include a template
            // that extends another (see docs/templates.md); checked on their own below.
            continue;
        }
        let names = blocks(text);
        assert!(!names.is_empty(), "{name} has no blocks");
        let mut pack = format!("{{% extends \"builtin/{name}\" %}}");
        for b in &names {
            pack.push_str(&format!(
                "{{% block {b} %}}{{{{ super() }}}}{{% endblock {b} %}}"
            ));
            overridden += 1;
        }
        env.write(&format!("pack/{name}"), &pack);
    }
    assert!(overridden > 100, "{overridden} blocks");
    assert_eq!(render(&env, "plain", false), render(&env, "packed", true));
}

#[test]
fn a_diagram_pack_overrides_its_styles_in_the_mmd_file() {
    let env = Env::new();
    env.write("archgen.yaml", &model()).write(
        "pack/diagrams/context.mmd",
        "{% extends \"builtin/diagrams/context.mmd\" %}{% block styles %}\n  classDef system fill:#FFFFFF{%- endblock styles %}",
    );
    let (plain, packed) = (render(&env, "plain", false), render(&env, "packed", true));
    let path = "diagrams/system-context.mmd";
    let (old, new) = (&plain[path], &packed[path]);
    let styles_at = old.find("  classDef").unwrap();
    assert_eq!(
        new[..styles_at],
        old[..styles_at],
        "nodes and edges are the built-in's"
    );
    assert_eq!(&new[styles_at..], "  classDef system fill:#FFFFFF\n");
    // The diagrams document shows the same bytes inline.
    assert!(
        packed["architecture-diagrams.md"].contains(&format!("```mermaid\n{new}```")),
        "the inline diagram differs from its file"
    );
}

#[test]
fn the_block_reference_lists_every_block_of_every_template() {
    let reference =
        std::fs::read_to_string(root().join("docs/templates.md")).expect("docs/templates.md");
    for (name, text) in templates() {
        let heading = format!("### `{name}`");
        let start = reference
            .find(&heading)
            .unwrap_or_else(|| panic!("docs/templates.md has no section {heading}"));
        let section = &reference[start + heading.len()..];
        let section = &section[..section.find("\n### ").unwrap_or(section.len())];
        for b in blocks(text) {
            assert!(
                section.contains(&format!("`{b}`")),
                "docs/templates.md, {heading}: block `{b}` is not described"
            );
        }
        for word in section.split('`').skip(1).step_by(2) {
            let listed = section.contains(&format!("| `{word}` |"));
            if listed && word.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
                assert!(
                    blocks(text).contains(&word.to_string()),
                    "docs/templates.md, {heading}: `{word}` is not a block of {name}"
                );
            }
        }
    }
}

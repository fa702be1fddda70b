//! Writes a model as the `archgen.yaml` a person reads: plain YAML with a comment before each
//! step's section saying what it holds.

use super::Model;

/// Comments put before top-level keys.
const SECTIONS: [(&str, &str); 13] = [
    (
        "requirements",
        "Step 1: requirements. Domain, use cases, scale, latency and availability targets.",
    ),
    (
        "services",
        "Steps 2 and 3: service boundaries, each service's data and API contract, and its events.",
    ),
    ("clients", "Step 2: the clients that call the system."),
    (
        "externals",
        "Step 2: systems outside the team's control that services depend on.",
    ),
    (
        "communication",
        "Step 4: brokers, links (event links between publishers and consumers are derived), flows.",
    ),
    (
        "resilience",
        "Step 5: defaults for synchronous calls; per-link overrides sit under `communication.links`.",
    ),
    (
        "observability",
        "Step 6: logs, metrics, traces and alerting; per-service SLOs sit under `services`.",
    ),
    (
        "security",
        "Step 7: authentication, authorization, service identity, rate limits, secrets, CORS.",
    ),
    (
        "performance",
        "Step 8: caches with their invalidation, background jobs, scaling.",
    ),
    (
        "testing",
        "Step 9: test levels and tools (derived from the design when absent).",
    ),
    (
        "technology",
        "Step 10: technology choices with their rationale.",
    ),
    (
        "deployment",
        "Step 10: platform, release strategy, rollout and rollback.",
    ),
    (
        "decisions",
        "Step 10: architecture decisions, rendered as ADRs from 0002.",
    ),
];

const HEADER: &str = "\
# The architecture model of this system, written by `archgen new`. Edit it freely:
# `archgen render` turns it into the documents, `archgen edit` walks the interview again with
# these answers as defaults. Values left out take defaults derived from the rest.
# Editor completion: `archgen schema > archgen.schema.json`, then make this the first line:
# yaml-language-server: $schema=archgen.schema.json
";

/// The model as commented YAML.
pub fn to_yaml(model: &Model) -> String {
    let body = serde_yaml::to_string(model).expect("a model always serializes");
    let mut out = String::from(HEADER);
    for line in body.lines() {
        let key = line.split(':').next().unwrap_or_default();
        if !line.starts_with(' ') && !line.starts_with('-') {
            if let Some((_, comment)) = SECTIONS.iter().find(|(k, _)| *k == key) {
                out.push_str(&format!("\n# {comment}\n"));
            }
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_hostile_text() {
        let src = "version: 1\nname: 'yes'\ndescription: \"a: b\\n# c\\n- d\"\nrequirements:\n  domain: 'null'\n  constraints: ['~', '1e3', '0x10', '.inf', 'no', '{{ x }}', \"'q'\", '\"dq\"', '💥 עברית']\nservices:\n  - name: end\n    responsibility: \"tab\\there\"\n";
        let model: Model = serde_yaml::from_str(src).unwrap();
        let text = to_yaml(&model);
        let back: Model = serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert_eq!(back, model);
        assert!(text.contains("\n# Step 1: requirements."));
    }
}

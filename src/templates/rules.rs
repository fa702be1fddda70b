//! Technology recommendations: rules kept as data beside the templates, each a condition over
//! the view and a recommendation with its rationale and alternatives.

use serde::Deserialize;

/// The rules file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    /// Rules in the order their recommendations are listed.
    pub rules: Vec<Rule>,
}

/// One rule.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Unique id, e.g. `kafka-for-high-volume-events`.
    pub id: String,
    /// The area, e.g. `Messaging`.
    pub area: String,
    /// A Tera expression over the view; the rule applies when it is true.
    pub when: String,
    /// What to use (Markdown; may use the view).
    pub recommend: String,
    /// Why (Markdown; may use the view).
    pub rationale: String,
    /// What else fits, and when.
    #[serde(default)]
    pub alternatives: Vec<String>,
}

impl Rules {
    /// Parses a rules file; `file` names it in errors.
    pub fn parse(text: &str, file: &str) -> anyhow::Result<Rules> {
        let rules: Rules = crate::templates::data::parse_yaml(text, file)?;
        crate::templates::data::unique_ids(
            rules.rules.iter().map(|r| r.id.as_str()),
            file,
            "rule",
        )?;
        Ok(rules)
    }

    /// The built-in rules.
    pub fn builtin() -> Rules {
        let text = crate::templates::builtin(crate::templates::RULES)
            .expect("the built-in rules are embedded");
        Rules::parse(text, "templates/recommendations.yaml").expect("the built-in rules are valid")
    }
}

//! The design review's rules, kept as data beside the templates (`review-rules.yaml`): each a
//! condition over the view that, where it holds, is a finding with a stable id, a message, why
//! it matters and what to change. A team pack's own file adds rules, replaces rules of the
//! same id and switches built-in ones off.

use serde::Deserialize;

/// The built-in review rules' file name; a pack's file of the same name extends them.
pub const REVIEW_RULES: &str = "review-rules.yaml";

/// A review rules file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewRules {
    /// Rules, in the order their findings are listed.
    #[serde(default)]
    pub rules: Vec<ReviewRule>,
    /// In a pack: ids of built-in rules switched off.
    #[serde(default)]
    pub disable: Vec<String>,
}

/// One review rule.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewRule {
    /// Stable id, e.g. `nested-call`; a finding's id is this, a colon and its subject.
    pub id: String,
    /// The document where what it reviews is presented, by id (`resilience`, `capacity`).
    pub doc: String,
    /// A Tera expression over the view giving the items to test; one item (`true`) when
    /// absent.
    #[serde(default)]
    pub each: Option<String>,
    /// A Tera expression over the view and `item`: a finding where it is true.
    pub when: String,
    /// Template of the JSON pointer into the model the finding is about, e.g.
    /// `/communication/links/{{ item.link }}/resilience`.
    pub at: String,
    /// Template naming what the finding is about, unique within the rule, e.g.
    /// `{{ item.from }}->{{ item.to }}`.
    pub subject: String,
    /// Template of what is wrong (plain text with `code` spans).
    pub message: String,
    /// Why it matters.
    pub why: String,
    /// What to change in the model.
    pub fix: String,
}

impl ReviewRules {
    /// Parses a rules file; `file` names it in errors.
    pub fn parse(text: &str, file: &str) -> anyhow::Result<ReviewRules> {
        let rules: ReviewRules = super::data::parse_yaml(text, file)?;
        super::data::unique_ids(rules.rules.iter().map(|r| r.id.as_str()), file, "rule")?;
        Ok(rules)
    }

    /// The built-in rules.
    pub fn builtin() -> ReviewRules {
        let text = super::builtin(REVIEW_RULES).expect("the built-in review rules are embedded");
        ReviewRules::parse(text, "templates/review-rules.yaml")
            .expect("the built-in review rules are valid")
    }

    /// These rules with a pack's `over` them: its rules replace those of the same id or come
    /// after, and the ids it disables go; `file` names the pack's file in errors.
    pub fn extend(mut self, over: ReviewRules, file: &str) -> anyhow::Result<ReviewRules> {
        for id in &over.disable {
            let before = self.rules.len();
            self.rules.retain(|r| &r.id != id);
            if self.rules.len() == before {
                anyhow::bail!(
                    "{file}: `disable` names the review rule `{id}`, which does not exist; `archgen templates eject review-rules.yaml` shows the ids"
                );
            }
        }
        for rule in over.rules {
            match self.rules.iter_mut().find(|r| r.id == rule.id) {
                Some(existing) => *existing = rule,
                None => self.rules.push(rule),
            }
        }
        Ok(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pack_adds_replaces_and_disables() {
        let pack = ReviewRules::parse(
            "disable: [connect-timeout]\nrules:\n  - {id: nested-call, doc: resilience, when: 'false', at: /, subject: x, message: m, why: w, fix: f}\n  - {id: team-limit, doc: capacity, when: 'true', at: /, subject: x, message: m, why: w, fix: f}\n",
            "pack/review-rules.yaml",
        )
        .unwrap();
        let all = ReviewRules::builtin()
            .extend(pack, "pack/review-rules.yaml")
            .unwrap();
        let ids: Vec<&str> = all.rules.iter().map(|r| r.id.as_str()).collect();
        assert!(!ids.contains(&"connect-timeout") && ids.last() == Some(&"team-limit"));
        assert_eq!(
            all.rules
                .iter()
                .find(|r| r.id == "nested-call")
                .unwrap()
                .when,
            "false"
        );
        let bad = ReviewRules::parse("disable: [nope]\n", "p.yaml").unwrap();
        let err = ReviewRules::builtin()
            .extend(bad, "p.yaml")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("p.yaml: `disable` names the review rule `nope`"),
            "{err}"
        );
    }
}

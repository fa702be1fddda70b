//! Values the documents use that the model did not state: each recorded with its value, why
//! that value, where it is used and the model key that would state it, so no document presents
//! an assumption as a decision.

use serde::Serialize;

/// One value archgen assumed or derived instead of reading it from the model.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assumption {
    /// The model key that would state it, e.g. `security.authentication[0].token_ttl_minutes`.
    pub key: String,
    /// The value used, in words, e.g. `15 minutes`.
    pub value: String,
    /// Why this value: what it was derived from, or why it is a safe start.
    pub why: String,
    /// The documents (manifest ids) that use it.
    pub used_in: Vec<String>,
}

/// The assumptions of one render, in the order they were recorded.
#[derive(Debug, Clone, Default)]
pub struct Ledger(Vec<Assumption>);

impl Ledger {
    /// Records `value` as assumed for `key` when the model did not state it (`stated` is
    /// false); a stated value is a decision and is not listed.
    pub fn note(&mut self, stated: bool, key: &str, value: String, why: &str, used_in: &[&str]) {
        if stated {
            return;
        }
        self.0.push(Assumption {
            key: key.to_owned(),
            value,
            why: why.to_owned(),
            used_in: used_in.iter().map(|s| (*s).to_owned()).collect(),
        });
    }

    /// The model's value when it states one, else `default`, recorded as an assumption.
    pub fn take<T: Clone>(
        &mut self,
        stated: Option<T>,
        key: &str,
        default: T,
        show: impl Fn(&T) -> String,
        why: &str,
        used_in: &[&str],
    ) -> T {
        match stated {
            Some(v) => v,
            None => {
                self.note(false, key, show(&default), why, used_in);
                default
            }
        }
    }

    /// Appends another ledger's assumptions (from another part of the design).
    pub fn extend(&mut self, other: Ledger) {
        self.0.extend(other.0);
    }

    /// The assumptions, one per key: the first record of a key wins.
    pub fn into_vec(self) -> Vec<Assumption> {
        let mut seen = std::collections::HashSet::new();
        self.0
            .into_iter()
            .filter(|a| seen.insert(a.key.clone()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stated_value_is_a_decision_and_a_missing_one_an_assumption() {
        let mut l = Ledger::default();
        let stated = l.take(
            Some(30),
            "a.b",
            15,
            |m| format!("{m} min"),
            "why",
            &["security"],
        );
        let assumed = l.take(
            None,
            "c.d",
            15,
            |m| format!("{m} min"),
            "short-lived",
            &["x"],
        );
        assert_eq!((stated, assumed), (30, 15));
        let v = l.into_vec();
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].key, "c.d");
        assert_eq!(v[0].value, "15 min");
        assert_eq!(v[0].used_in, vec!["x".to_string()]);
    }

    #[test]
    fn a_key_is_listed_once() {
        let mut l = Ledger::default();
        l.note(false, "k", "1".into(), "w", &[]);
        l.note(false, "k", "2".into(), "w", &[]);
        assert_eq!(l.into_vec().len(), 1);
    }
}

//! Reading the data files beside templates (document lists, rules, `pack.yaml`): YAML errors
//! name the file, line and column; ids must be unique.

use serde::de::DeserializeOwned;

/// Parses `text` as YAML; `file` names it in the error.
pub(crate) fn parse_yaml<T: DeserializeOwned>(text: &str, file: &str) -> anyhow::Result<T> {
    // A pack is data from elsewhere: its aliases are bounded as a model's are.
    if let Some(finding) = crate::load::alias_bound(text, file) {
        anyhow::bail!("{finding}");
    }
    serde_yaml::from_str(text).map_err(|e| {
        let at = e
            .location()
            .map(|l| format!(":{}:{}", l.line(), l.column()))
            .unwrap_or_default();
        anyhow::anyhow!("{file}{at}: {e}")
    })
}

/// Fails on the first id used twice.
pub(crate) fn unique_ids<'a>(
    ids: impl IntoIterator<Item = &'a str>,
    file: &str,
    what: &str,
) -> anyhow::Result<()> {
    let mut seen = std::collections::HashSet::new();
    for id in ids {
        if !seen.insert(id) {
            anyhow::bail!("{file}: {what} id `{id}` is used twice");
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_packs_aliases_are_bounded_and_located() {
        let mut yaml = String::from("l0: &l0 [1, 2]\n");
        for i in 1..7 {
            let refs = vec![format!("*l{}", i - 1); 10].join(", ");
            yaml.push_str(&format!("l{i}: &l{i} [{refs}]\n"));
        }
        let e = super::parse_yaml::<serde_json::Value>(&yaml, "pack/pack.yaml").unwrap_err();
        assert!(
            e.to_string()
                .starts_with("pack/pack.yaml:5:40: aliases are replayed more than"),
            "{e}"
        );
    }
}

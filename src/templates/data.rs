//! Reading the data files beside templates (document lists, rules, `pack.yaml`): YAML errors
//! name the file, line and column; ids must be unique.

use serde::de::DeserializeOwned;

/// Parses `text` as YAML; `file` names it in the error.
pub(crate) fn parse_yaml<T: DeserializeOwned>(text: &str, file: &str) -> anyhow::Result<T> {
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

//! Step 4, per owned resource with an action that sends a write-only field (a one-time code,
//! an invitation token): which action makes its caller the owner, and by which field
//! (`link-login: code`). The line is the model's `actions[].claims_by`, checked as the loader
//! checks it.

use super::prelude::*;
use super::s04_lifecycle::{each_place, place, reference, resources_where};
use crate::interview::flow::Node;
use crate::model::Resource;

/// `(service, resource)` of every owned resource with an action sending a write-only field.
fn places(m: &Model) -> Vec<(usize, usize)> {
    resources_where(m, |_, r| {
        r.owner.is_some() && (r.actions.iter()).any(|a| a.fields.iter().any(|f| f.write_only))
    })
}

fn resource<'a>(m: &'a Model, at: &At) -> &'a Resource {
    place(m, at, places)
}

/// Every such resource's line.
pub(super) fn each_resource() -> Node {
    each_place("claims", places, |r, s| {
        Some(format!("who becomes the owner of {} ({})", r.name, s))
    })
    .ask(nodes![
        text(
            "actions.claims_by",
            "Which action makes its caller the owner, on a secret it sends? \
             (`action: field`, empty for none)"
        )
        .help(
            "e.g. `link-login: code`: the one-time code, not ownership or a version, authorizes \
             it, so it takes no If-Match."
        )
        .value(Lens::new(show, set))
        .check(|m, at, v: &String| read(m, at, v).map(|_| ()))
    ])
    .into()
}

/// The actions' `claims_by` as the question shows them.
fn show(m: &Model, at: &At) -> String {
    let items = (resource(m, at).actions.iter())
        .filter_map(|a| Some(format!("{}: {}", a.name, a.claims_by.as_deref()?)));
    items.collect::<Vec<_>>().join("; ")
}

/// Sets each action's `claims_by` from the line; an action the line leaves out claims nothing.
fn set(m: &mut Model, at: &At, line: String) {
    let Ok(read) = read(m, at, &line) else { return };
    let (i, j) = places(m)[at[0]];
    for a in &mut m.services[i].api.resources[j].actions {
        a.claims_by = (read.iter())
            .find(|(n, _)| *n == a.name)
            .map(|(_, f)| f.clone());
    }
}

/// The `action: field` entries of `line`, `;`-separated: each an action of the resource and a
/// field it sends.
fn read(m: &Model, at: &At, line: &str) -> Result<Vec<(String, String)>, String> {
    let r = resource(m, at);
    let mut out: Vec<(String, String)> = Vec::new();
    for item in line.split(';').map(str::trim).filter(|x| !x.is_empty()) {
        let (name, field) = item
            .split_once(':')
            .ok_or_else(|| format!("`{item}`: write `action: field`, e.g. `link-login: code`"))?;
        let (name, field) = (name.trim(), field.trim());
        reference(
            name,
            r.actions.iter().map(|a| a.name.as_str()),
            "action of the resource",
        )?;
        if out.iter().any(|(n, _)| n == name) {
            return Err(format!("`{name}` is listed twice"));
        }
        let a = r.actions.iter().find(|a| a.name == name);
        let sent = a.map(|a| a.fields.iter().map(|f| f.name.as_str()));
        reference(field, sent.into_iter().flatten(), "field the action sends")?;
        out.push((name.to_owned(), field.to_owned()));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MODEL: &str = "version: 1
name: t
requirements: {domain: d}
services:
  - name: patients
    responsibility: r
    api:
      resources:
        - name: Patient
          owner: account_id
          fields: [{name: account_id, type: string}]
          actions:
            - {name: link-login, fields: [{name: code, type: string, write_only: true}]}
            - {name: rename, fields: [{name: name, type: string}]}
";

    #[test]
    fn the_line_names_the_claim_and_its_secret() {
        let mut m: Model = serde_yaml::from_str(MODEL).expect("the test model parses");
        assert_eq!(places(&m), [(0, 0)]);
        let at = vec![0];
        set(&mut m, &at, "link-login: code".into());
        let actions = &m.services[0].api.resources[0].actions;
        assert_eq!(actions[0].claims_by.as_deref(), Some("code"));
        assert_eq!(actions[1].claims_by, None);
        assert_eq!(show(&m, &at), "link-login: code");
        assert!(read(&m, &at, "link-login: token").is_err());
        assert!(read(&m, &at, "approve: code").is_err());
        assert!(read(&m, &at, "link-login").is_err());
        // Without an owner, nothing is asked.
        m.services[0].api.resources[0].owner = None;
        assert!(places(&m).is_empty());
    }
}

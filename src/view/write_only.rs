//! Reads of write-only fields: a flow step whose `returns`, or a link whose purpose reads
//! (`Read ...`, `Fetch ...`), names a field that the callee's contract only accepts and never
//! returns. The OpenAPI marks such a field `writeOnly` and every response omits it, so the
//! caller cannot get what the design says it reads.

use super::{ResourceView, ServiceView};
use crate::model::Model;
use serde::Serialize;

/// One read of fields the callee never returns.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WriteOnlyRead {
    /// Where the model says it reads them (a JSON pointer): the step's `returns` or the link's
    /// `purpose`.
    pub at: String,
    /// Unique among these: `<flow>:<caller>-><callee>` for a step, `<caller>-><callee>` for a
    /// link.
    pub subject: String,
    /// The flow, for a step; none for a link.
    pub flow: Option<String>,
    /// The caller.
    pub caller: String,
    /// The callee: a service.
    pub callee: String,
    /// What the caller says it gets, as the model words it.
    pub reads: String,
    /// The resource whose write-only fields those are.
    pub resource: String,
    /// The write-only fields named, in the resource's order.
    pub fields: Vec<String>,
}

/// Every flow step and reading link of `model` that names a write-only field of its callee.
pub fn derive(model: &Model, services: &[ServiceView]) -> Vec<WriteOnlyRead> {
    let mut out = Vec::new();
    let callee = |name: &str| services.iter().find(|s| s.node.name == name);
    for (i, f) in model.communication.flows.iter().enumerate() {
        for w in f.walk() {
            let s = w.step;
            let Some(svc) = callee(&s.to).filter(|_| !s.returns.is_empty()) else {
                continue;
            };
            if let Some((resource, fields)) = named(svc, &s.action, &s.returns) {
                out.push(WriteOnlyRead {
                    at: format!("/communication/flows/{i}/{}/returns", w.path),
                    subject: format!("{}:{}->{}", f.name, s.from, s.to),
                    flow: Some(f.name.clone()),
                    caller: s.from.clone(),
                    callee: s.to.clone(),
                    reads: s.returns.clone(),
                    resource,
                    fields,
                });
            }
        }
    }
    for (i, l) in model.communication.links.iter().enumerate() {
        let Some(svc) = callee(&l.to).filter(|_| crate::derive::link_style::reads(&l.purpose))
        else {
            continue;
        };
        if let Some((resource, fields)) = named(svc, "", &l.purpose) {
            out.push(WriteOnlyRead {
                at: format!("/communication/links/{i}/purpose"),
                subject: format!("{}->{}", l.from, l.to),
                flow: None,
                caller: l.from.clone(),
                callee: l.to.clone(),
                reads: l.purpose.clone(),
                resource,
                fields,
            });
        }
    }
    out.dedup_by(|a, b| a.subject == b.subject);
    out
}

/// The resource and the write-only fields of `svc` that `text` names and nothing `svc` offers
/// returns: among the resources whose operation `action` calls (`GET /v1/contact-points`),
/// else among all of them.
fn named(svc: &ServiceView, action: &str, text: &str) -> Option<(String, Vec<String>)> {
    let all: Vec<&ResourceView> = svc.api.resources.iter().collect();
    let called: Vec<&ResourceView> = all.iter().copied().filter(|r| calls(r, action)).collect();
    let candidates = if called.is_empty() { all } else { called };
    let readable = |name: &str| {
        candidates
            .iter()
            .any(|r| r.fields.iter().any(|f| f.name == name && !f.write_only))
    };
    let words = words(text);
    candidates.iter().find_map(|r| {
        let fields: Vec<String> = r
            .fields
            .iter()
            .filter(|f| f.write_only && mentions(&words, &f.name) && !readable(&f.name))
            .map(|f| f.name.clone())
            .collect();
        (!fields.is_empty()).then(|| (r.name.clone(), fields))
    })
}

/// Whether `action` (`METHOD /path`) calls one of `r`'s operations.
fn calls(r: &ResourceView, action: &str) -> bool {
    let mut parts = action.split_whitespace();
    let (Some(method), Some(path)) = (parts.next(), parts.next()) else {
        return false;
    };
    let path = path.split('?').next().unwrap_or(path);
    r.operations
        .iter()
        .any(|o| o.method.eq_ignore_ascii_case(method) && crate::text::same_path(&o.path, path))
}

/// The words of `text`; a hyphenated or snake_case name (`quote-expired`) stays one word, so a
/// problem type or another field is not read as the field it starts with.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric() && c != '-' && c != '_')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Whether `words` holds the field's name (`email_address` as `email address`), its last word
/// also in the plural.
fn mentions(words: &[String], field: &str) -> bool {
    let name: Vec<String> = words_of(field);
    let n = name.len();
    n > 0
        && words.windows(n).any(|w| {
            w[..n - 1] == name[..n - 1]
                && [
                    name[n - 1].clone(),
                    format!("{}s", name[n - 1]),
                    format!("{}es", name[n - 1]),
                ]
                .contains(&w[n - 1])
        })
}

fn words_of(field: &str) -> Vec<String> {
    crate::text::names::snake(field, "")
        .split('_')
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(s: &str) -> Vec<String> {
        words(s)
    }

    #[test]
    fn a_field_is_named_by_its_words_and_plural() {
        assert!(mentions(&w("push tokens and email address"), "address"));
        assert!(mentions(&w("the addresses"), "address"));
        assert!(mentions(&w("the email address"), "email_address"));
        assert!(mentions(&w("the push tokens"), "pushToken"));
        assert!(!mentions(&w("an addressee"), "address"));
        assert!(!mentions(&w("201 Created (422 quote-expired)"), "quote"));
        assert!(!mentions(&w("the email"), "email_address"));
    }

    #[test]
    fn only_a_purpose_that_reads_counts() {
        use crate::derive::link_style::reads;
        assert!(reads("Read the user's push tokens and email address."));
        assert!(reads("Fetches the address"));
        assert!(!reads("Register the email address."));
    }
}

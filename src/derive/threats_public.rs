//! The operations of a flow anyone may call without credentials (an access rule with
//! `public: true`): nobody is spoofed on them, but anyone can call them as often as a limit
//! per address allows, and read all they return.

use crate::model::{Model, Operation, Resource, Service};
use crate::text::english::plural;
use crate::text::names::slug;

/// Whether `r`'s access makes `op` (an operation kind, or an action's name) public: the
/// resource's own rule that names it, else its API's rule.
fn public(s: &Service, r: &Resource, op: &str) -> bool {
    let covers =
        |a: &&crate::model::Access| a.operations.is_empty() || a.operations.iter().any(|o| o == op);
    r.access
        .iter()
        .find(covers)
        .or_else(|| s.api.access.iter().find(covers))
        .is_some_and(|a| a.public)
}

/// The operation kinds an HTTP call `method path` may be on `r`: `GET` a list or an item, and
/// so on, the path naming the resource's collection.
pub(super) fn kinds(method: &str, path: &str, r: &Resource) -> Vec<String> {
    let collection = slug(&plural(&r.name), "items");
    let segments: Vec<&str> = path
        .split(['?', '#'])
        .next()
        .unwrap_or("")
        .split('/')
        .filter(|s| !s.is_empty())
        .collect();
    let Some(at) = segments.iter().position(|s| *s == collection) else {
        return Vec::new();
    };
    let item = segments.len() > at + 1;
    let offered = r.operations.clone().unwrap_or(Operation::DEFAULTS.to_vec());
    let has = |o: Operation| offered.contains(&o);
    match method {
        "GET" if item && has(Operation::Get) => vec!["get".into()],
        "GET" if !item && has(Operation::List) => vec!["list".into()],
        "POST" if !item && has(Operation::Create) => vec!["create".into()],
        "POST" if item => segments
            .last()
            .map(|a| vec![a.to_string()])
            .unwrap_or_default(),
        "PUT" | "PATCH" if has(Operation::Update) => vec!["update".into()],
        "DELETE" if has(Operation::Delete) => vec!["delete".into()],
        _ => Vec::new(),
    }
}

/// Each step of flow `f` that lands on an operation anyone may call: the call as the step
/// writes it (without the query) and the resource it reads or changes, in step order.
fn hits<'m>(model: &'m Model, f: &crate::model::Flow) -> Vec<(String, &'m Resource)> {
    let mut out = Vec::new();
    for w in f.walk() {
        let s = w.step;
        let Some(service) = model.services.iter().find(|x| x.name == s.to) else {
            continue;
        };
        let mut words = s.action.split_whitespace();
        let (Some(method), Some(path)) = (words.next(), words.next()) else {
            continue;
        };
        let shown = format!("{method} {}", path.split('?').next().unwrap_or(path));
        for r in &service.api.resources {
            if kinds(method, path, r).iter().any(|k| public(service, r, k)) {
                out.push((shown.clone(), r));
            }
        }
    }
    out
}

/// The personal fields the public calls of flow `f` return to anyone, as `Resource.field`.
pub(super) fn exposed(model: &Model, f: &crate::model::Flow) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (_, r) in hits(model, f) {
        let personal = r.fields.iter().filter(|x| x.is_personal() && !x.write_only);
        for x in personal {
            let name = format!("{}.{}", r.name, x.name);
            if !out.contains(&name) {
                out.push(name);
            }
        }
    }
    out
}

/// The calls of flow `f` (as its steps write them, without the query) that land on an operation
/// anyone may call, each once, in step order.
pub(super) fn calls(model: &Model, f: &crate::model::Flow) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (shown, _) in hits(model, f) {
        if !out.contains(&shown) {
            out.push(shown);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::model::Model;

    const MODEL: &str = "version: 1\nname: t\nrequirements: {domain: d}\nclients: [{name: web, kind: web}]\nservices:\n  - name: slots\n    responsibility: r\n    api:\n      resources:\n        - {name: Slot, fields: [{name: id, type: uuid}], operations: [list, get], access: [{public: true}]}\n        - {name: Booking, fields: [{name: id, type: uuid}], actions: [{name: cancel}]}\ncommunication:\n  flows:\n    - name: Book\n      steps:\n        - {from: web, to: slots, action: \"GET /v1/slots?free=true\"}\n        - {from: web, to: slots, action: \"GET /v1/slots/{id}\"}\n        - {from: web, to: slots, action: POST /v1/bookings}\n        - {from: web, to: slots, action: \"POST /v1/bookings/{id}/cancel\"}\nsecurity: {rate_limits: [LIMITS]}\n";

    fn model(limits: &str) -> Model {
        serde_yaml::from_str(&MODEL.replace("LIMITS", limits)).expect("test model parses")
    }

    #[test]
    fn only_calls_on_public_operations_are_public() {
        let m = model("{scope: user, requests: 60, per: minute}");
        let calls = super::calls(&m, &m.communication.flows[0]);
        assert_eq!(calls, ["GET /v1/slots", "GET /v1/slots/{id}"]);
    }

    #[test]
    fn public_calls_are_held_only_by_a_limit_per_address() {
        let threat = |m: &Model, category: &str| {
            let all = crate::derive::threats::flows(m);
            let t = all[0].threats.iter().find(|t| t.category == category);
            t.cloned().expect("the category is there")
        };
        let per_user = model("{scope: user, requests: 60, per: minute}");
        let dos = threat(&per_user, "Denial of service");
        assert!(
            dos.exposure.contains("scraping of GET /v1/slots"),
            "{}",
            dos.exposure
        );
        assert!(dos.gap.contains("scope ip"), "{}", dos.gap);
        let spoofing = threat(&per_user, "Spoofing");
        assert!(
            spoofing.exposure.contains("takes no credentials")
                || spoofing.exposure.contains("take no credentials")
        );
        let per_ip = model("{scope: ip, requests: 600, per: minute}");
        let dos = threat(&per_ip, "Denial of service");
        assert!(
            dos.mitigation.contains("600 requests a minute per address"),
            "{}",
            dos.mitigation
        );
        assert!(
            dos.mitigation.contains("no personal data"),
            "{}",
            dos.mitigation
        );
        assert_eq!(dos.gap, "");
        // A public read that returns a personal field is a gap, whatever the limits.
        let named = MODEL
            .replace("LIMITS", "{scope: ip, requests: 600, per: minute}")
            .replace(
                "{name: Slot, fields: [{name: id, type: uuid}]",
                "{name: Slot, fields: [{name: id, type: uuid}, {name: clinician_email, type: email}]",
            );
        let m: Model = serde_yaml::from_str(&named).unwrap();
        let dos = threat(&m, "Denial of service");
        assert!(dos.gap.contains("Slot.clinician_email"), "{}", dos.gap);
    }
}

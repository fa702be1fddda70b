//! Personal data in events: every personal field an event carries, who reads it and who gets
//! it without reading it (data minimisation, GDPR article 5(1)(c)).

use super::{EventView, ServiceView};
use crate::model::{FieldType, Model};
use serde::Serialize;

/// A personal field of an event and where it goes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PersonalField {
    /// The event.
    pub event: String,
    /// The field.
    pub field: String,
    /// The publisher.
    pub publisher: String,
    /// Consumers that read it, or say nothing of what they read.
    pub readers: Vec<String>,
    /// Consumers that say what they read of the event and do not read it.
    pub others: Vec<String>,
    /// JSON pointer to the field in the model.
    pub at: String,
}

/// Every personal field of every event, in the file's order.
pub fn derive(model: &Model, events: &[EventView], services: &[ServiceView]) -> Vec<PersonalField> {
    let mut out = Vec::new();
    for (i, s) in model.services.iter().enumerate() {
        for (j, e) in s.publishes.iter().enumerate() {
            let Some(ev) = events.iter().find(|x| x.name == e.name) else {
                continue;
            };
            let personal = |f: &&crate::model::Field| f.personal || f.ty == FieldType::Email;
            for (k, f) in e.fields.iter().enumerate().filter(|(_, f)| personal(f)) {
                let (readers, others): (Vec<&ServiceView>, Vec<&ServiceView>) = services
                    .iter()
                    .filter(|c| ev.consumers.contains(&c.node.name))
                    .partition(|c| c.reads.get(&ev.name).is_none_or(|r| r.contains(&f.name)));
                out.push(PersonalField {
                    event: ev.name.clone(),
                    field: f.name.clone(),
                    publisher: s.name.clone(),
                    readers: readers.iter().map(|c| c.node.name.clone()).collect(),
                    others: others.iter().map(|c| c.node.name.clone()).collect(),
                    at: format!("/services/{i}/publishes/{j}/fields/{k}"),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_personal_field_sent_to_consumers_that_do_not_read_it_is_named_with_them() {
        let yaml = "version: 1\nname: t\nrequirements: {domain: d}\nservices:\n  - {name: orders, \
                    responsibility: r, publishes: [{name: Placed, fields: [{name: id, type: uuid}, \
                    {name: email, type: email}, {name: phone, type: string, personal: true}, \
                    {name: total, type: number}]}]}\n  - {name: mail, responsibility: r, \
                    consumes: [Placed], reads: {Placed: [id, email]}}\n  - {name: stock, \
                    responsibility: r, consumes: [Placed], reads: {Placed: [id]}}\n  - {name: \
                    audit, responsibility: r, consumes: [Placed]}\n";
        let model = crate::load::parse(yaml, "archgen.yaml").unwrap_or_else(|e| panic!("{e:?}"));
        let p = crate::view::build(&model).personal_data;
        let got: Vec<(&str, Vec<&str>, Vec<&str>)> = p
            .iter()
            .map(|p| {
                (
                    p.field.as_str(),
                    p.readers.iter().map(String::as_str).collect(),
                    p.others.iter().map(String::as_str).collect(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("email", vec!["mail", "audit"], vec!["stock"]),
                ("phone", vec!["audit"], vec!["mail", "stock"]),
            ]
        );
        assert_eq!(p[0].at, "/services/0/publishes/0/fields/1");
    }
}

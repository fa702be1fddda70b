//! The risk a change data capture carries: its events are a table's rows, so the owner's
//! migration of a captured table changes a contract its consumers read.

use super::capture::captures;
use super::risks::RiskItem;
use crate::model::{Compatibility, Level, Model};
use crate::text::english::and_list;

/// One risk per captured store whose events reach a consumer.
pub fn schema_coupling(model: &Model) -> Vec<RiskItem> {
    let envelope = model.communication.envelope.as_ref();
    captures(model)
        .into_iter()
        .filter(|c| !c.consumers.is_empty())
        .map(|c| {
            let tables = if c.tables.is_empty() {
                format!("the captured tables of {}", c.store)
            } else {
                and_list(&c.tables)
            };
            let gate = match envelope {
                Some(e) if e.registry.is_some() && e.compatibility != Compatibility::None => {
                    let mode = format!("{:?}", e.compatibility).to_lowercase();
                    format!(
                        "{} checks each new row schema for {mode} compatibility, so a breaking \
                         change stops the connector, which its lag alert shows, instead of \
                         reaching the consumers",
                        e.registry.as_deref().unwrap_or_default(),
                    )
                }
                _ => "no registry checks the row schemas (set communication.envelope.registry \
                      and compatibility), so the consumers' contract tests must run against \
                      the tables' schema"
                    .to_owned(),
            };
            RiskItem {
                title: format!(
                    "A migration of {}'s {} breaks {}: the captured events are its rows",
                    c.service,
                    tables,
                    and_list(&c.consumers)
                ),
                likelihood: Level::Medium,
                impact: Level::High,
                mitigation: format!(
                    "{}'s owners review each migration of {} with the owners of {}; {}. \
                     The coupling ends when {} publishes events of its own.",
                    c.service,
                    tables,
                    and_list(&c.consumers),
                    gate,
                    c.service
                ),
                owner: if c.team.is_empty() {
                    super::open::owner_of(model, &c.service)
                } else {
                    c.team.clone()
                },
                detected: true,
                key: "services[].data[].capture".into(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const YAML: &str = "version: 1\nname: x\nrequirements: {domain: d}\nservices:\n  - name: mono\n    responsibility: r\n    team: core\n    data:\n      - name: db\n        store: MySQL\n        capture: {tool: Debezium, events: [InvoiceChanged], tables: [invoices]}\n    publishes:\n      - {name: InvoiceChanged}\n  - name: billing\n    responsibility: r\n    consumes: [InvoiceChanged]\ncommunication:\n  brokers:\n    - {name: kafka, technology: Kafka}\n";

    #[test]
    fn a_captured_table_read_by_a_consumer_is_a_schema_coupling_risk() {
        let m: Model = serde_yaml::from_str(YAML).unwrap();
        let r = schema_coupling(&m);
        assert_eq!(r.len(), 1);
        assert_eq!(
            r[0].title,
            "A migration of mono's invoices breaks billing: the captured events are its rows"
        );
        assert_eq!(r[0].owner, "core");
        assert!(
            r[0].mitigation.contains("no registry checks"),
            "{}",
            r[0].mitigation
        );
        // A registry that checks compatibility turns a breaking change into a stopped connector.
        let checked = YAML.replace(
            "communication:\n",
            "communication:\n  envelope: {registry: Apicurio, compatibility: full}\n",
        );
        let m: Model = serde_yaml::from_str(&checked).unwrap();
        let r = schema_coupling(&m);
        assert!(
            r[0].mitigation
                .contains("Apicurio checks each new row schema for full")
        );
        // Events no one consumes couple nothing.
        let alone = YAML.replace("    consumes: [InvoiceChanged]\n", "");
        assert!(schema_coupling(&serde_yaml::from_str(&alone).unwrap()).is_empty());
    }
}

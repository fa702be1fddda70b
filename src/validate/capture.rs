//! Change data capture on a data store: the broker it names, the events it publishes (declared
//! by the store's owner) and a store technology that keeps a change log at all.

use super::{Issues, fields};
use crate::derive::capture::{ChangeLog, change_log};
use crate::model::Model;

pub(super) fn check(model: &Model, issues: &mut Issues) {
    let brokers: Vec<&str> = model
        .communication
        .brokers
        .iter()
        .map(|b| b.name.as_str())
        .collect();
    for (i, s) in model.services.iter().enumerate() {
        let own: Vec<&str> = s.publishes.iter().map(|e| e.name.as_str()).collect();
        for (j, d) in s.data.iter().enumerate() {
            let Some(c) = &d.capture else { continue };
            let at = format!("/services/{i}/data/{j}/capture");
            let what = format!("capture of `{}`", d.name);
            issues.check(
                format!("{at}/tool"),
                &format!("{what}: `tool`"),
                fields::non_blank(&c.tool),
            );
            if change_log(&d.store) == ChangeLog::None {
                issues.push(
                    format!("/services/{i}/data/{j}/store"),
                    format!("{what}: `{}` keeps no change log to capture", d.store),
                    Some(
                        "capture a database with a log (binlog, write-ahead log, change \
                         stream), or publish the events from the service"
                            .into(),
                    ),
                );
            }
            match &c.broker {
                Some(b) => issues.check(
                    format!("{at}/broker"),
                    &format!("{what}: broker"),
                    fields::reference(b, brokers.iter().copied(), "broker"),
                ),
                None if brokers.len() != 1 => issues.push(
                    at.clone(),
                    format!("{what}: which broker the connector publishes to is not said"),
                    Some(format!(
                        "add `broker:` naming one of the {} brokers under `communication.brokers`",
                        brokers.len()
                    )),
                ),
                None => {}
            }
            if c.events.is_empty() {
                issues.push(
                    format!("{at}/events"),
                    format!("{what}: no events"),
                    Some("list the events the connector publishes".into()),
                );
            }
            for (k, e) in c.events.iter().enumerate() {
                issues.check(
                    format!("{at}/events/{k}"),
                    &format!("{what}: event"),
                    fields::reference(
                        e,
                        own.iter().copied(),
                        &format!("event `{}` publishes", s.name),
                    ),
                );
            }
            shares(c, &at, &what, issues);
        }
    }
}

/// Each share names one of the capture's events and a percent; together at most 100.
fn shares(c: &crate::model::Capture, at: &str, what: &str, issues: &mut Issues) {
    for (e, share) in &c.shares {
        issues.check(
            format!("{at}/shares/{e}"),
            &format!("{what}: share"),
            fields::reference(
                e,
                c.events.iter().map(String::as_str),
                "event of the capture",
            ),
        );
        issues.check(
            format!("{at}/shares/{e}"),
            &format!("{what}: share of `{e}`"),
            fields::percent(*share),
        );
    }
    let sum: f64 = c.shares.values().sum();
    if sum > 100.0 + 1e-9 {
        issues.push(
            format!("{at}/shares"),
            format!("{what}: the shares add up to {sum}%, more than every change"),
            Some("make the events' shares add up to 100 at most".into()),
        );
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn shares_name_the_captures_events_and_add_up_to_100_at_most() {
        let yaml = "version: 1\nname: x\nrequirements: {domain: d}\nservices:\n  - name: mono\n    responsibility: r\n    data:\n      - name: db\n        store: MySQL\n        capture: {tool: Debezium, events: [A, B], changes_per_s: 2, shares: {A: 90, B: 20, C: 5}}\n    publishes: [{name: A}, {name: B}]\ncommunication:\n  brokers: [{name: kafka, technology: Kafka}]\n";
        let m: crate::model::Model = serde_yaml::from_str(yaml).unwrap();
        let issues: Vec<String> = crate::validate::model(&m)
            .into_iter()
            .map(|i| format!("{} {}", i.pointer, i.message))
            .collect();
        assert!(
            issues.iter().any(|i| i.contains("add up to 115%")),
            "{issues:?}"
        );
        assert!(
            issues
                .iter()
                .any(|i| i.starts_with("/services/0/data/0/capture/shares/C ")),
            "{issues:?}"
        );
    }
}

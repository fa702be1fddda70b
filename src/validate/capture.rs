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
        }
    }
}

//! Risks: the model's own, and those its shape implies (one region under a high target, an
//! external without a fallback on a request path, one broker carrying every event, a consumer
//! that drops what it cannot handle, a service nobody owns), each with likelihood, impact,
//! mitigation and owner.

use super::open::{lead_team_of, owner_of, unguarded_externals};
use crate::model::{Level, Model};
use serde::Serialize;

/// A risk with who watches it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RiskItem {
    /// What could go wrong.
    pub title: String,
    /// `low`, `medium` or `high`.
    pub likelihood: Level,
    /// `low`, `medium` or `high`.
    pub impact: Level,
    /// What reduces it.
    pub mitigation: String,
    /// Who watches it.
    pub owner: String,
    /// Whether archgen found it (true) or the model declares it (false).
    pub detected: bool,
    /// For a detected risk, the model key that would change it.
    pub key: String,
}

/// Declared risks first, then detected ones; each group by likelihood times impact, highest
/// first, then in model order. `avail` is the availability target in percent; `streams`, the
/// load of the long-lived connections where the system holds any; `failures`, how each
/// dependency fails, whose gaps are risks until closed.
pub fn risks(
    model: &Model,
    avail: f64,
    streams: Option<&super::stream_load::StreamLoad>,
    failures: &[super::failures::FailureMode],
) -> Vec<RiskItem> {
    let declared = model.risks.iter().enumerate().map(|(i, r)| RiskItem {
        title: r.title.clone(),
        likelihood: r.likelihood,
        impact: r.impact,
        mitigation: if r.mitigation.is_empty() {
            format!("none stated (set risks[{i}].mitigation)")
        } else {
            r.mitigation.clone()
        },
        owner: if r.owner.is_empty() {
            format!("unassigned (set risks[{i}].owner)")
        } else {
            r.owner.clone()
        },
        detected: false,
        key: format!("risks[{i}]"),
    });
    let mut out: Vec<RiskItem> = declared.collect();
    let mut found = detect(model, avail);
    found.extend(streams.map_or_else(Vec::new, |s| super::reconnect_risk::storms(model, s)));
    found.extend(recovery_gaps(failures));
    let score = |r: &RiskItem| std::cmp::Reverse(r.likelihood as u8 * 3 + r.impact as u8);
    out.sort_by_key(score);
    found.sort_by_key(score);
    out.extend(found);
    out
}

/// The risks archgen finds in the model's shape, given its availability target in percent.
pub fn detect(model: &Model, avail: f64) -> Vec<RiskItem> {
    let mut out = Vec::new();
    if avail >= 99.95 && model.deployment.regions.len() <= 1 {
        out.push(RiskItem {
            title: "A regional outage takes the whole system down".into(),
            likelihood: Level::Low,
            impact: Level::High,
            mitigation: format!(
                "Restore into another region from backups copied out of region; decide \
                 between a second region and a target below {avail}%."
            ),
            owner: lead_team_of(model),
            detected: true,
            key: "deployment.regions".into(),
        });
    }
    for (from, to) in unguarded_externals(model) {
        let ext = model.externals.iter().find(|e| e.name == to);
        let below = ext.and_then(|e| e.availability).is_some_and(|a| a < avail);
        out.push(RiskItem {
            title: format!("An outage of {to} fails the requests {from} answers"),
            likelihood: if below { Level::High } else { Level::Medium },
            impact: Level::High,
            mitigation: format!(
                "Give the call a fallback (queue and retry in the background, or a degraded \
                 answer) and a circuit breaker, so {from} stays up while {to} is down."
            ),
            owner: owner_of(model, &from),
            detected: true,
            key: "communication.links[].resilience.fallback".into(),
        });
    }
    let publishers = model
        .services
        .iter()
        .filter(|s| !s.publishes.is_empty())
        .count();
    if let ([broker], true) = (model.communication.brokers.as_slice(), publishers > 1) {
        out.push(RiskItem {
            title: format!("An outage of {} stops every asynchronous flow", broker.name),
            likelihood: Level::Low,
            impact: Level::High,
            mitigation: if model
                .services
                .iter()
                .any(|s| !s.publishes.is_empty() && !s.data.is_empty())
            {
                "Publish through a transactional outbox so events wait in each \
                 publishing service's database, and alert on consumer lag per group."
            } else {
                "Alert on consumer lag per group; the publishers own no store, so they \
                 retry the publish (no outbox has a transaction to join)."
            }
            .into(),
            owner: super::failures::broker_owner(model, &broker.name),
            detected: true,
            key: "communication.brokers".into(),
        });
    }
    out.extend(dropped(model));
    out.extend(super::capture_risk::schema_coupling(model));
    for (i, s) in model
        .services
        .iter()
        .enumerate()
        .filter(|(_, s)| s.team.is_empty())
    {
        out.push(RiskItem {
            title: format!("Nobody is paged for {}", s.name),
            likelihood: Level::Medium,
            impact: Level::Medium,
            mitigation: "Name the owning team, which gets its alerts and its on-call.".into(),
            owner: "unassigned".into(),
            detected: true,
            key: format!("services[{i}].team"),
        });
    }
    out
}

/// The recovery gaps that are risks: the gap is what closes them, and the dependency's owner
/// carries them meanwhile.
fn recovery_gaps(failures: &[super::failures::FailureMode]) -> Vec<RiskItem> {
    (failures.iter())
        .filter_map(|f| {
            let r = f.risk.as_ref()?;
            Some(RiskItem {
                title: r.title.clone(),
                likelihood: r.likelihood,
                impact: r.impact,
                mitigation: if r.mitigation.is_empty() {
                    f.gap.clone()
                } else {
                    r.mitigation.clone()
                },
                owner: f.owner.clone(),
                detected: true,
                key: r.key.clone(),
            })
        })
        .collect()
}

/// One risk per consumer that drops, rather than dead-letters, a message it still cannot handle
/// after its last delivery (`dead_letter: false`); pub/sub's messages, lost by design, are not.
fn dropped(model: &Model) -> Vec<RiskItem> {
    let deliveries = super::delivery::derive(model).all;
    let mut consumers: Vec<(&str, Vec<&str>, u32)> = Vec::new();
    for d in deliveries
        .iter()
        .filter(|d| !d.dead_letter && d.attempts_from != "broker")
    {
        match consumers.iter_mut().find(|(c, _, _)| *c == d.consumer) {
            Some((_, events, most)) => {
                events.push(&d.event);
                *most = (*most).max(d.max_attempts);
            }
            None => consumers.push((&d.consumer, vec![&d.event], d.max_attempts)),
        }
    }
    consumers
        .into_iter()
        .map(|(consumer, events, attempts)| RiskItem {
            title: format!(
                "{consumer} drops any {} message it still cannot handle after \
                     {attempts} {}, and nothing keeps it to replay",
                events.join(" or "),
                if attempts == 1 {
                    "delivery"
                } else {
                    "deliveries"
                }
            ),
            likelihood: Level::Low,
            impact: Level::Medium,
            mitigation: "Log and count every drop with the message's id and alert on any, \
                             and keep a way to have the publisher send it again; or dead-letter \
                             it instead (`delivery.dead_letter: true` on the link)."
                .into(),
            owner: owner_of(model, consumer),
            detected: true,
            key: "communication.links[].delivery.dead_letter".into(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::derive::graph::tests::named as model;

    #[test]
    fn declared_risks_come_first_and_name_what_is_missing() {
        let m = model(
            "requirements: {domain: d}\nrisks: [{title: Stripe API change, likelihood: low}]\n",
        );
        let r = risks(&m, 99.9, None, &[]);
        assert!(!r[0].detected);
        assert_eq!(r[0].owner, "unassigned (set risks[0].owner)");
    }

    #[test]
    fn recovery_gaps_are_risks_their_owners_carry() {
        let m = model(
            "requirements: {domain: d}\nsecurity: {secrets: HashiCorp Vault}\nservices:\n  - {name: a, \
             responsibility: r, team: core, data: [{name: x, store: PostgreSQL}, {name: y, \
             store: PostgreSQL, failover: Patroni}]}\n",
        );
        let failures = crate::derive::failures::modes(&m);
        let r = risks(&m, 99.9, None, &failures);
        let vault = (r.iter())
            .find(|r| {
                r.title
                    .starts_with("While HashiCorp Vault is down no replica can start")
            })
            .expect("the secrets manager's gap is a risk");
        assert!(vault.detected && vault.key == "security.secrets");
        assert!(vault.mitigation.contains("External Secrets Operator"));
        assert!(vault.owner.starts_with("core (assumed"), "{}", vault.owner);
        let zone = (r.iter())
            .find(|r| r.title == "Nothing stated keeps x of a up through the loss of a zone")
            .expect("a store without a failover is a risk");
        assert_eq!((zone.impact, zone.owner.as_str()), (Level::High, "core"));
        // A store that states its failover leaves no gap, so no risk.
        assert!(!r.iter().any(|r| r.title.contains(" y of a")));
        // Without the failure modes, none of this is found.
        assert!(
            risks(&m, 99.9, None, &[])
                .iter()
                .all(|r| !r.title.contains("a zone"))
        );
    }

    #[test]
    fn an_external_below_the_target_is_a_likely_outage() {
        let m = model(
            "requirements: {domain: d, availability: 99.9}\nservices: [{name: a, responsibility: r, \
             team: t}]\nexternals: [{name: X, availability: 99.5}]\ncommunication:\n  links: [{from: a, to: X}]\n",
        );
        let r = detect(&m, 99.9);
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].likelihood, Level::High);
        assert_eq!(r[0].owner, "t");
    }

    #[test]
    fn one_broker_for_several_publishers_and_an_ownerless_service_are_risks() {
        let m = model(
            "requirements: {domain: d}\nservices:\n  - {name: a, responsibility: r, team: t, publishes: \
             [{name: A}]}\n  - {name: b, responsibility: r, publishes: [{name: B}]}\ncommunication:\n  \
             brokers: [{name: bus, technology: Kafka}]\n",
        );
        let keys: Vec<String> = detect(&m, 99.9).into_iter().map(|r| r.key).collect();
        assert_eq!(
            keys,
            vec![
                "communication.brokers".to_string(),
                "services[1].team".into()
            ]
        );
    }

    #[test]
    fn a_consumer_that_drops_what_it_cannot_handle_is_a_risk_pub_sub_is_not() {
        let m = model(
            "requirements: {domain: d}\nservices:\n  - {name: a, responsibility: r, team: t, publishes: \
             [{name: A}, {name: P, broker: live}]}\n  - {name: b, responsibility: r, team: u, consumes: [A, P]}\n\
             communication:\n  brokers: [{name: bus, technology: Kafka}, {name: live, technology: Redis \
             Pub/Sub, delivery: at-most-once}]\n  links:\n    - {from: a, to: b, style: async, events: [A], \
             delivery: {max_attempts: 3, dead_letter: false}}\n",
        );
        let found: Vec<(String, String, String)> = detect(&m, 99.9)
            .into_iter()
            .filter(|r| r.key.ends_with("dead_letter"))
            .map(|r| (r.title, r.owner, r.key))
            .collect();
        assert_eq!(
            found,
            [(
                "b drops any A message it still cannot handle after 3 deliveries, and nothing \
                 keeps it to replay"
                    .to_string(),
                "u".to_string(),
                "communication.links[].delivery.dead_letter".to_string()
            )]
        );
    }
}

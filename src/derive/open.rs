//! Decisions the design leaves open: the model's own open questions, and what the model makes
//! an open decision without saying so (a broker without a technology, one region under a
//! 99.95% target, an external on a request path without a fallback), each with an owner.

use crate::model::{LinkStyle, Model, ServiceKind};
use serde::Serialize;

/// A decision or question the design has not settled.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OpenDecision {
    /// The decision as an imperative ADR title, or the declared question.
    pub title: String,
    /// What makes it open: the model's words, or what archgen found.
    pub why: String,
    /// Who settles it (a team), or what to name so that someone does.
    pub owner: String,
    /// Whether archgen found it (true) or the model declares it (false).
    pub detected: bool,
    /// Whether it is a question a derived number waits on (a branch's share, a recovery
    /// objective) rather than a design decision: it gets no ADR.
    pub question: bool,
    /// The model key whose value settles it.
    pub key: String,
    /// The options on the table.
    pub options: Vec<String>,
    /// When it must be settled, if the model says.
    pub due: String,
    /// What waits for it.
    pub blocks: String,
    /// What the choice must satisfy in this design, beyond what waits for it; empty where
    /// archgen cannot say.
    pub drivers: Vec<String>,
    /// Each option's pros and cons, in the order of `options`; empty where archgen cannot
    /// weigh them for this design.
    pub weighed: Vec<(Vec<String>, Vec<String>)>,
}

/// A placeholder technology: empty, or a word that says it is still to choose.
pub fn undecided(technology: &str) -> bool {
    let t = technology.trim().to_lowercase();
    matches!(
        t.as_str(),
        "" | "tbd" | "todo" | "tbc" | "undecided" | "unknown" | "?"
    )
}

/// Whether `communication.outbox_relay` names a polling relay.
pub fn polling(relay: Option<&str>) -> bool {
    relay.is_some_and(|r| r.trim().eq_ignore_ascii_case("polling"))
}

/// The change data capture tool a model's `communication.outbox_relay` names: none for
/// `polling` (a relay inside each service) or a value still to decide.
pub fn cdc_tool(relay: Option<&str>) -> Option<&str> {
    relay
        .map(str::trim)
        .filter(|r| !undecided(r) && !polling(Some(r)))
}

/// The team of a component, or how to name one.
pub fn owner_of(model: &Model, component: &str) -> String {
    model
        .services
        .iter()
        .find(|s| s.name == component && !s.team.is_empty())
        .map(|s| s.team.clone())
        .unwrap_or_else(|| format!("unassigned (set team on {component})"))
}

/// The gateway's team, else the team owning the most services: the default owner of
/// system-wide decisions.
pub fn lead_team_of(model: &Model) -> String {
    let gateway = model
        .services
        .iter()
        .find(|s| s.kind == ServiceKind::Gateway);
    if let Some(g) = gateway.filter(|g| !g.team.is_empty()) {
        return g.team.clone();
    }
    let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
    for s in model.services.iter().filter(|s| !s.team.is_empty()) {
        *counts.entry(&s.team).or_default() += 1;
    }
    let best = counts
        .iter()
        .max_by_key(|(t, n)| (**n, std::cmp::Reverse(**t)));
    best.map(|(t, _)| (*t).to_owned())
        .unwrap_or_else(|| "unassigned (no service names a team)".into())
}

/// Synchronous links from a request-serving service to an external system without a fallback.
pub fn unguarded_externals(model: &Model) -> Vec<(String, String)> {
    let request_path = |name: &str| {
        model
            .services
            .iter()
            .any(|s| s.name == name && s.kind != ServiceKind::Worker)
    };
    model
        .communication
        .links
        .iter()
        .filter(|l| model.externals.iter().any(|e| e.name == l.to))
        .filter(|l| {
            super::link_style::of(model, l) == LinkStyle::Sync
                && !l.background
                && request_path(&l.from)
        })
        .filter(|l| {
            l.resilience
                .as_ref()
                .is_none_or(|r| r.fallback.trim().is_empty())
        })
        .map(|l| (l.from.clone(), l.to.clone()))
        .collect()
}

/// The open decisions archgen finds in the model, given its availability target (in percent)
/// and the 30-day error budget that leaves (in minutes).
pub fn detect(model: &Model, avail: f64, budget: f64) -> Vec<OpenDecision> {
    let mut out = Vec::new();
    out.extend(broker_choices(model));
    out.extend(region_outage(model, avail, budget));
    out.extend(identity_providers(model));
    out.extend(external_fallbacks(model));
    out.extend(super::open_jobs::runner(model));
    out.extend(super::open_flags::service(model));
    out.extend(super::open_limits::store(model));
    out.extend(super::open_outbox::relay(model));
    out.extend(super::open_connectors::runner(model));
    out.extend(super::open_rollouts::controller(model));
    // Last, so the decisions found before it keep their ADR numbers.
    out.extend(super::open_fallback::decision(model));
    out
}

/// A broker with no technology.
fn broker_choices(model: &Model) -> Vec<OpenDecision> {
    let mut out = Vec::new();
    for (i, b) in model.communication.brokers.iter().enumerate() {
        if !undecided(&b.technology) {
            continue;
        }
        out.push(OpenDecision {
            title: format!("Choose the technology of broker {}", b.name),
            why: format!(
                "Broker {} has no technology, so its delivery, ordering and replay are unknown.",
                b.name
            ),
            owner: super::failures::broker_owner(model, &b.name),
            detected: true,
            question: false,
            key: format!("communication.brokers[{i}].technology"),
            options: vec![
                "Kafka".into(),
                "RabbitMQ".into(),
                "a managed queue (Amazon SQS)".into(),
            ],
            due: String::new(),
            blocks: "partitions, ordering keys, dead-lettering and replay".into(),
            drivers: Vec::new(),
            weighed: Vec::new(),
        });
    }
    out
}

/// One region under a target whose error budget a regional outage would spend.
fn region_outage(model: &Model, avail: f64, budget: f64) -> Vec<OpenDecision> {
    let mut out = Vec::new();
    let regions = &model.deployment.regions;
    if avail >= 99.95 && regions.len() <= 1 {
        let here = regions
            .first()
            .map_or("one region".into(), |r| format!("{r} only"));
        out.push(OpenDecision {
            title: "Decide how the system survives a region outage".into(),
            why: format!(
                "The target is {avail}% and the system runs in {here}: a regional outage \
                 longer than {} spends the 30-day error budget on its own.{}",
                crate::text::numbers::minutes(budget),
                region_stakes(model)
            ),
            owner: lead_team_of(model),
            detected: true,
            question: false,
            key: "deployment.regions".into(),
            options: vec![
                "Active-passive in a second region".into(),
                "Active-active in two regions".into(),
                format!("Accept the risk and lower the target below {avail}%"),
            ],
            due: String::new(),
            blocks: "data replication, DNS failover and the RTO".into(),
            drivers: vec![
                format!(
                    "The {avail}% target leaves {} of downtime in 30 days; a cloud region's \
                     outage has lasted hours",
                    crate::text::numbers::minutes(budget)
                ),
                "Every store and broker a second region must hold, and what replicating it \
                 costs in latency and money (the context above)"
                    .into(),
                "Who decides to fail over, and how long the switch takes against that budget"
                    .into(),
            ],
            weighed: region_options(avail, budget),
        });
    }
    out
}

/// What a second region would have to carry for this system: its stores and brokers, and
/// the recovery objectives a region's loss must meet too.
fn region_stakes(model: &Model) -> String {
    let stores: Vec<String> = model
        .services
        .iter()
        .filter(|s| s.kind != ServiceKind::Legacy)
        .flat_map(|s| s.data.iter().map(|d| format!("{} ({})", d.name, d.store)))
        .collect();
    let brokers: Vec<String> = model
        .communication
        .brokers
        .iter()
        .map(|b| format!("{} ({})", b.name, b.technology))
        .collect();
    let mut out = String::new();
    if !stores.is_empty() || !brokers.is_empty() {
        let both: Vec<String> = stores.into_iter().chain(brokers).collect();
        out.push_str(&format!(
            " A second region would need copies of {}.",
            crate::text::english::and_list(&both)
        ));
    }
    let r = &model.requirements.recovery;
    match (r.rpo_minutes, r.rto_minutes) {
        (Some(rpo), Some(rto)) => out.push_str(&format!(
            " The stated RPO of {rpo} min and RTO of {rto} min are for restoring a store; whether a region's loss must meet them too is part of this decision."
        )),
        _ => out.push_str(" No RPO or RTO is stated, so nothing yet says how much a region's loss may cost."),
    }
    out
}

/// The pros and cons of surviving a region outage, for a target of `avail` whose 30-day
/// budget is `budget` minutes.
fn region_options(avail: f64, budget: f64) -> Vec<(Vec<String>, Vec<String>)> {
    let minutes = crate::text::numbers::minutes(budget);
    let s = |v: &[&str]| v.iter().map(|x| (*x).to_owned()).collect::<Vec<String>>();
    vec![
        (
            vec![
                format!("A warm standby can take over well within the {minutes} budget"),
                "One region writes at a time, so the data model stays as it is".to_owned(),
            ],
            s(&[
                "It adds a second region's standing cost",
                "Asynchronous replication loses the last seconds of writes on failover (RPO above zero)",
                "Failover must be rehearsed, or it fails when it is needed",
            ]),
        ),
        (
            s(&["A region's loss needs no failover step: the other region already serves"]),
            s(&[
                "Writes in two regions need a global database or conflict handling in every service",
                "It costs about twice as much to run, and every service must be region-aware",
            ]),
        ),
        (
            s(&["There is nothing new to build, run or pay for"]),
            vec![format!(
                "One regional outage longer than {minutes} breaks the {avail}% target, so the target must come down"
            )],
        ),
    ]
}

/// Bearer tokens with no provider to issue them.
fn identity_providers(model: &Model) -> Vec<OpenDecision> {
    let mut out = Vec::new();
    for (i, a) in model.security.authentication.iter().enumerate() {
        let tokens = a.method.carries_scopes();
        if !tokens || a.provider.as_deref().is_some_and(|p| !undecided(p)) {
            continue;
        }
        let who = if a.clients.is_empty() {
            "every client".to_owned()
        } else {
            crate::text::english::and_list(&a.clients)
        };
        out.push(OpenDecision {
            title: format!("Choose the identity provider that issues the tokens of {who}"),
            why: format!(
                "{who} {} bearer tokens, but the model names no provider or issuer: nothing \
                 says who signs them in, which issuer and signing keys the services \
                 trust, or how keys rotate.",
                if a.clients.len() == 1 {
                    "presents"
                } else {
                    "present"
                }
            ),
            owner: lead_team_of(model),
            detected: true,
            question: false,
            key: format!("security.authentication[{i}].provider"),
            options: vec![
                "A managed provider (Auth0, Okta, Amazon Cognito)".into(),
                "Keycloak, run by the platform team".into(),
                "A token service of the system's own".into(),
            ],
            due: String::new(),
            blocks: "sign-in, the issuer every service checks, key rotation and the token lifetime"
                .into(),
            drivers: Vec::new(),
            weighed: Vec::new(),
        });
    }
    out
}

/// A call to an external system while answering a request, with no fallback.
fn external_fallbacks(model: &Model) -> Vec<OpenDecision> {
    let mut out = Vec::new();
    for (from, to) in unguarded_externals(model) {
        let i = model
            .communication
            .links
            .iter()
            .position(|l| l.from == from && l.to == to);
        out.push(OpenDecision {
            title: format!("Decide what {from} does when {to} is down"),
            why: format!(
                "{from} calls {to} while answering a request and the model names no \
                 fallback: every {to} outage fails those requests."
            ),
            owner: owner_of(model, &from),
            detected: true,
            question: false,
            key: format!(
                "communication.links[{}].resilience.fallback",
                i.unwrap_or(0)
            ),
            options: vec![
                format!("Queue the work and call {to} in the background"),
                "Serve a degraded answer".into(),
                "Fail the request and say so to the caller".into(),
            ],
            due: String::new(),
            blocks: format!("the error {from}'s callers see and its timeout budget"),
            drivers: Vec::new(),
            weighed: Vec::new(),
        });
    }
    out
}

/// The service that owns a flow: the first business service it reaches on every run, else
/// the first it reaches in a branch (a front desk's patient search in one `alt` branch does
/// not make the patient service own the booking); its team owns the flow's open questions
/// and is paged for the journey.
pub fn flow_owner(model: &Model, f: &crate::model::Flow) -> Option<String> {
    let business = |w: &crate::model::Walked| {
        (model.services.iter()).any(|s| s.name == w.step.to && s.kind == ServiceKind::Service)
    };
    let walked = f.walk();
    (walked.iter().find(|w| w.certain() && business(w)))
        .or_else(|| walked.iter().find(|w| business(w)))
        .map(|w| w.step.to.clone())
}

/// The questions archgen found that derived numbers wait on: the flows whose branches state
/// no share of the runs (see [`super::branches`]), owned by the team of the service that
/// starts the flow; then the recovery objectives no store states, given the availability
/// target (in percent) and its 30-day error budget (in minutes).
pub fn questions(model: &Model, avail: f64, budget: f64) -> Vec<OpenDecision> {
    let unstated = super::branches::unstated(model);
    let mut out = Vec::new();
    out.extend(recovery_question(model, avail, budget));
    for f in &model.communication.flows {
        let mine: Vec<&super::branches::Unstated> =
            unstated.iter().filter(|u| u.flow == f.name).collect();
        if mine.is_empty() {
            continue;
        }
        let each: Vec<String> = mine
            .iter()
            .map(|u| format!("{} ({} assumed)", u.label, u.shown()))
            .collect();
        let starter = flow_owner(model, f);
        out.push(OpenDecision {
            title: format!("State how often each branch of the flow {} runs", f.name),
            why: format!(
                "The model does not say how often these run: {}. The capacity model and the \
                 journey's availability use the assumed values.",
                crate::text::english::and_list(&each)
            ),
            owner: starter.map_or_else(|| lead_team_of(model), |s| owner_of(model, &s)),
            detected: true,
            question: true,
            key: mine
                .iter()
                .map(|u| u.key.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            options: Vec::new(),
            due: String::new(),
            blocks: "event rates, partitions and storage; the rates of the calls in the branches"
                .into(),
            drivers: Vec::new(),
            weighed: Vec::new(),
        });
    }
    out.extend(estimates_question(model));
    out
}

/// The shares the team marks as estimates (`estimate: true`): stated, so the numbers use them,
/// but to be measured before the capacity model is trusted.
fn estimates_question(model: &Model) -> Option<OpenDecision> {
    let estimated = super::branches::estimated(model);
    if estimated.is_empty() {
        return None;
    }
    let mut each: Vec<(String, usize)> = Vec::new();
    for said in estimated.iter().map(|e| {
        let share = crate::text::numbers::number(e.percent, 2);
        if e.flow.is_empty() {
            format!("the use case {} ({share}% of the peak)", e.label)
        } else {
            format!(
                "the branch \"{}\" of {} ({share}% of its runs)",
                e.label, e.flow
            )
        }
    }) {
        // Branches alike in label, flow and share read once, with how many there are.
        match each.iter_mut().find(|(s, _)| *s == said) {
            Some((_, n)) => *n += 1,
            None => each.push((said, 1)),
        }
    }
    let each: Vec<String> = (each.into_iter())
        .map(|(s, n)| match n {
            1 => s,
            n => format!("{s} in {n} places"),
        })
        .collect();
    Some(OpenDecision {
        title: "Measure the shares the team estimated".into(),
        why: format!(
            "The model marks {} as estimates: the rates, partitions and journey availability \
             built on them hold only until traffic measures them.",
            crate::text::english::and_list(&each)
        ),
        owner: lead_team_of(model),
        detected: true,
        question: true,
        key: estimates_key(&estimated),
        options: Vec::new(),
        due: "before the load test that sizes production".into(),
        blocks: "the capacity model's rates, partitions and storage".into(),
        drivers: Vec::new(),
        weighed: Vec::new(),
    })
}

/// Where the estimated shares are stated: each key for one or two, or else the flows and use
/// cases holding them, with how many shares there are (ten paths are no one's reading).
fn estimates_key(estimated: &[super::branches::Unstated]) -> String {
    let keys: Vec<&str> = estimated.iter().map(|e| e.key.as_str()).collect();
    if keys.len() <= 2 {
        return keys.join(", ");
    }
    let mut holders: Vec<&str> = Vec::new();
    for k in &keys {
        let holder = k.find(']').map_or(*k, |i| &k[..=i]);
        if !holders.contains(&holder) {
            holders.push(holder);
        }
    }
    format!("{}: {} shares", holders.join(", "), keys.len())
}

/// The recovery objectives the model leaves unstated for at least one store: archgen makes
/// none up, so the restore plan waits on the team.
fn recovery_question(model: &Model, avail: f64, budget: f64) -> Option<OpenDecision> {
    let stores = super::failures::stores(model);
    let no_rto: Vec<String> = stores
        .iter()
        .filter(|s| s.rto_minutes.is_none())
        .map(|s| s.store.clone())
        .collect();
    let no_rpo: Vec<String> = stores
        .iter()
        .filter(|s| s.rpo_minutes.is_none())
        .map(|s| s.store.clone())
        .collect();
    if no_rto.is_empty() && no_rpo.is_empty() {
        return None;
    }
    let and_list = crate::text::english::and_list;
    let mut why = Vec::new();
    let mut keys = Vec::new();
    if !no_rto.is_empty() {
        why.push(format!(
            "No recovery time objective is stated for {}; the error budget is only its ceiling: \
             one outage longer than {} spends the 30-day budget of {avail}% on its own.",
            and_list(&no_rto),
            crate::text::numbers::minutes(budget)
        ));
        keys.push("requirements.recovery.rto_minutes");
    }
    if !no_rpo.is_empty() {
        why.push(format!(
            "No recovery point objective (the most writes that may be lost) is stated for {}.",
            and_list(&no_rpo)
        ));
        keys.push("requirements.recovery.rpo_minutes");
    }
    Some(OpenDecision {
        title: "State the recovery objectives of the data stores".into(),
        why: why.join(" "),
        owner: lead_team_of(model),
        detected: true,
        question: true,
        key: keys.join(", "),
        options: Vec::new(),
        due: String::new(),
        blocks: "the backup of each store, how often restores are rehearsed and what they are timed against".into(),
        drivers: Vec::new(),
        weighed: Vec::new(),
    })
}

/// The model's own open questions.
pub fn declared(model: &Model) -> Vec<OpenDecision> {
    model
        .open_questions
        .iter()
        .enumerate()
        .map(|(i, q)| OpenDecision {
            title: q.question.clone(),
            why: "Declared in the model.".into(),
            owner: if q.owner.is_empty() {
                format!("unassigned (set open_questions[{i}].owner)")
            } else {
                q.owner.clone()
            },
            detected: false,
            question: false,
            key: format!("open_questions[{i}]"),
            options: Vec::new(),
            due: q.due.clone(),
            blocks: q.blocks.clone(),
            drivers: Vec::new(),
            weighed: Vec::new(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::derive::graph::tests::named as model;

    #[test]
    fn a_flow_is_owned_by_the_service_every_run_reaches() {
        // One branch of the desk's booking looks the patient up first; every run books.
        let m = model(
            "requirements: {domain: d}\nclients: [{name: web}, {name: desk}]\nservices:\n  - {name: patients, responsibility: r, team: px}\n  - {name: booking, responsibility: r, team: sched}\ncommunication:\n  links: [{from: web, to: booking}, {from: desk, to: patients}, {from: desk, to: booking}]\n  flows:\n    - name: Book\n      steps:\n        - alt:\n            - {name: desk, share: 25, steps: [{from: desk, to: patients, action: Find}, {from: desk, to: booking, action: Hold}]}\n            - {name: online, share: 75, steps: [{from: web, to: booking, action: Hold}]}\n        - {from: web, to: booking, action: Book}\n",
        );
        let f = &m.communication.flows[0];
        assert_eq!(flow_owner(&m, f).as_deref(), Some("booking"));
        // With no step every run takes, the first service a branch reaches owns it.
        let mut branched = m.clone();
        branched.communication.flows[0].steps.pop();
        let f = &branched.communication.flows[0];
        assert_eq!(flow_owner(&branched, f).as_deref(), Some("patients"));
    }

    #[test]
    fn unstated_recovery_objectives_are_a_question_with_the_budget_as_ceiling() {
        let m = model(
            "requirements: {domain: d, recovery: {rpo_minutes: 5}}\nservices: [{name: a, responsibility: r, team: t, data: [{name: x, store: PostgreSQL}]}]\n",
        );
        let q = questions(&m, 99.95, 21.6);
        assert_eq!(q.len(), 1, "{q:?}");
        assert_eq!(q[0].key, "requirements.recovery.rto_minutes");
        assert!(q[0].question && q[0].owner == "t");
        assert!(
            q[0].why
                .contains("longer than 21 min 36 s spends the 30-day budget of 99.95%"),
            "{}",
            q[0].why
        );
        let stated = model(
            "requirements: {domain: d, recovery: {rpo_minutes: 5, rto_minutes: 60}}\nservices: [{name: a, responsibility: r, data: [{name: x, store: PostgreSQL}]}]\n",
        );
        assert!(questions(&stated, 99.95, 21.6).is_empty());
    }

    #[test]
    fn unstated_branch_shares_are_a_question_in_one_sentence() {
        let m = model(
            "requirements: {domain: d, recovery: {rpo_minutes: 5, rto_minutes: 60}}\nclients: [{name: web}]\nservices: [{name: a, responsibility: r, team: t}]\ncommunication:\n  flows:\n    - name: Buy\n      steps:\n        - alt:\n            - {when: paid, steps: [{from: web, to: a, action: Pay}]}\n            - {when: declined, steps: [{from: web, to: a, action: Retry}]}\n",
        );
        let q = questions(&m, 99.95, 21.6);
        let branch = q
            .iter()
            .find(|d| d.title.contains("flow Buy"))
            .expect("asked");
        assert!(
            branch
                .why
                .contains("The capacity model and the journey's availability use"),
            "{}",
            branch.why
        );
    }

    #[test]
    fn bearer_tokens_without_a_provider_leave_the_identity_provider_open() {
        let m = model(
            "requirements: {domain: d}\nservices: [{name: a, responsibility: r, team: t}]\nsecurity:\n  authentication:\n    - {method: jwt, clients: [browser, apps]}\n    - {method: mtls, clients: [internal]}\n    - {method: oidc, provider: Keycloak}\n",
        );
        let open = detect(&m, 99.9, 43.2);
        assert_eq!(open.len(), 1, "{open:?}");
        assert_eq!(
            open[0].title,
            "Choose the identity provider that issues the tokens of browser and apps"
        );
        assert_eq!(
            (open[0].key.as_str(), open[0].owner.as_str()),
            ("security.authentication[0].provider", "t")
        );
    }

    #[test]
    fn a_broker_without_technology_is_an_open_decision_owned_by_its_publisher() {
        let m = model(
            "requirements: {domain: d}\nservices:\n  - {name: a, responsibility: r, team: core, \
             publishes: [{name: E}]}\ncommunication:\n  brokers: [{name: bus, technology: ''}]\n",
        );
        let d = detect(&m, 99.9, 43.2);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].key, "communication.brokers[0].technology");
        assert_eq!(d[0].owner, "core");
        let decided = model(
            "requirements: {domain: d}\ncommunication:\n  brokers: [{name: bus, technology: NATS}]\n",
        );
        assert!(detect(&decided, 99.9, 43.2).is_empty());
    }

    #[test]
    fn one_region_under_four_nines_and_a_half_is_open() {
        let m = model(
            "requirements: {domain: d, availability: 99.95}\ndeployment: {regions: [eu-west-1]}\n",
        );
        let open = &detect(&m, 99.95, 21.6)[0];
        assert_eq!(open.key, "deployment.regions");
        // Each option is weighed, the risk against the budget it would spend.
        assert_eq!(open.weighed.len(), open.options.len());
        assert_eq!(
            open.weighed[2].1,
            [
                "One regional outage longer than 21 min 36 s breaks the 99.95% target, so the target must come down"
            ]
        );
        let two = model(
            "requirements: {domain: d, availability: 99.95}\ndeployment: {regions: [a, b]}\n",
        );
        assert!(detect(&two, 99.95, 21.6).is_empty());
        let lower = model("requirements: {domain: d, availability: 99.9}\n");
        assert!(detect(&lower, 99.9, 43.2).is_empty());
    }

    #[test]
    fn an_external_on_a_request_path_needs_a_fallback() {
        let base = "requirements: {domain: d}\nservices:\n  - {name: a, responsibility: r, team: t}\n  \
                    - {name: w, kind: worker, responsibility: r}\nexternals: [{name: X}]\n";
        let m = model(&format!(
            "{base}communication:\n  links: [{{from: a, to: X}}, {{from: w, to: X}}]\n"
        ));
        let d = detect(&m, 99.9, 43.2);
        assert_eq!(d.len(), 1, "the worker's call is off the request path");
        assert_eq!(d[0].key, "communication.links[0].resilience.fallback");
        assert_eq!(d[0].owner, "t");
        let guarded = model(&format!(
            "{base}communication:\n  links: [{{from: a, to: X, resilience: {{fallback: queue it}}}}]\n"
        ));
        assert!(detect(&guarded, 99.9, 43.2).is_empty());
        let background = model(&format!(
            "{base}communication:\n  links: [{{from: a, to: X, background: true}}]\n"
        ));
        assert!(detect(&background, 99.9, 43.2).is_empty());
    }

    #[test]
    fn a_declared_question_without_owner_says_how_to_name_one() {
        let m = model("requirements: {domain: d}\nopen_questions: [{question: Webhooks?}]\n");
        assert_eq!(
            declared(&m)[0].owner,
            "unassigned (set open_questions[0].owner)"
        );
    }

    /// A webhook to an external system carries events: asynchronous by the one link-style rule
    /// even with no `style`, so it is not an unguarded synchronous call.
    #[test]
    fn a_link_carrying_events_is_no_unguarded_call() {
        let m = model(
            "requirements: {domain: d}\nservices: [{name: a, responsibility: r}]\nexternals: [{name: x, description: d}]\ncommunication:\n  links:\n    - {from: a, to: x}\n    - {from: a, to: x, events: [Paid]}\n",
        );
        assert_eq!(unguarded_externals(&m), [("a".to_owned(), "x".to_owned())]);
    }
}

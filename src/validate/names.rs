//! Names in a model: required, unique where they identify something, and every reference
//! pointing at something that exists.

use super::{Issues, fields};
use crate::model::{AccessModel, ApiStyle, DecisionStatus, FieldType, Model, ServiceKind};
use std::collections::{BTreeSet, HashMap};

pub(super) fn check(model: &Model, issues: &mut Issues) {
    nodes(model, issues);
    apis(model, issues);
    events(model, issues);
    communication(model, issues);
    sections(model, issues);
    decisions(model, issues);
}

/// Names that links and flows may point at: services, clients, externals and brokers.
pub(crate) fn node_names(model: &Model) -> Vec<&str> {
    let c = &model.communication;
    model
        .services
        .iter()
        .map(|s| s.name.as_str())
        .chain(model.clients.iter().map(|c| c.name.as_str()))
        .chain(model.externals.iter().map(|e| e.name.as_str()))
        .chain(c.brokers.iter().map(|b| b.name.as_str()))
        .collect()
}

/// Reports blank and duplicate names among `(pointer, name)`.
fn unique_names<'a>(
    items: impl IntoIterator<Item = (String, &'a str)>,
    what: &str,
    issues: &mut Issues,
) {
    let mut seen: HashMap<&str, String> = HashMap::new();
    for (pointer, name) in items {
        if name.trim().is_empty() {
            issues.push(
                pointer,
                format!("a {what} has an empty name"),
                Some("give it a name".into()),
            );
        } else if let Some(first) = seen.get(name) {
            issues.push_related(
                pointer,
                format!("{what} name `{name}` is used twice"),
                "rename one of them",
                first.clone(),
            );
        } else {
            seen.insert(name, pointer);
        }
    }
}

fn nodes(model: &Model, issues: &mut Issues) {
    let c = &model.communication;
    let all = model
        .services
        .iter()
        .enumerate()
        .map(|(i, s)| (format!("/services/{i}/name"), s.name.as_str()))
        .chain(
            model
                .clients
                .iter()
                .enumerate()
                .map(|(i, s)| (format!("/clients/{i}/name"), s.name.as_str())),
        )
        .chain(
            model
                .externals
                .iter()
                .enumerate()
                .map(|(i, s)| (format!("/externals/{i}/name"), s.name.as_str())),
        )
        .chain(
            c.brokers
                .iter()
                .enumerate()
                .map(|(i, s)| (format!("/communication/brokers/{i}/name"), s.name.as_str())),
        );
    unique_names(all, "component", issues);
    let clients: Vec<&str> = model.clients.iter().map(|c| c.name.as_str()).collect();
    for (i, s) in model.services.iter().enumerate() {
        issues.check(
            format!("/services/{i}/responsibility"),
            &format!("service `{}`: `responsibility`", s.name),
            fields::non_blank(&s.responsibility),
        );
        for (j, client) in s.serves.iter().enumerate() {
            issues.check(
                format!("/services/{i}/serves/{j}"),
                &format!("service `{}` serves", s.name),
                fields::reference(client, clients.iter().copied(), "client"),
            );
        }
        for (j, d) in s.data.iter().enumerate() {
            issues.check(
                format!("/services/{i}/data/{j}/name"),
                "a data store's `name`",
                fields::non_blank(&d.name),
            );
            issues.check(
                format!("/services/{i}/data/{j}/store"),
                "a data store's `store`",
                fields::non_blank(&d.store),
            );
        }
    }
}

fn apis(model: &Model, issues: &mut Issues) {
    for (i, s) in model.services.iter().enumerate() {
        let base = format!("/services/{i}/api");
        if s.api.style == Some(ApiStyle::None) && !s.api.resources.is_empty() {
            issues.push(
                format!("{base}/style"),
                format!("service `{}` has resources but API style `none`", s.name),
                Some("choose an API style, or remove the resources".into()),
            );
        }
        if s.kind == ServiceKind::Worker && !s.api.resources.is_empty() && s.api.style.is_none() {
            issues.push(
                format!("{base}/resources"),
                format!("worker `{}` has resources but no API style", s.name),
                Some("set `api.style`, or make it a `service`".into()),
            );
        }
        let resources: Vec<&str> = s.api.resources.iter().map(|r| r.name.as_str()).collect();
        unique_names(
            s.api
                .resources
                .iter()
                .enumerate()
                .map(|(j, r)| (format!("{base}/resources/{j}/name"), r.name.as_str())),
            "resource",
            issues,
        );
        for (j, r) in s.api.resources.iter().enumerate() {
            let rp = format!("{base}/resources/{j}");
            if let Some(parent) = &r.parent {
                let others = resources.iter().copied().filter(|n| *n != r.name);
                issues.check(
                    format!("{rp}/parent"),
                    &format!("resource `{}`: parent", r.name),
                    fields::reference(parent, others.collect::<Vec<_>>(), "resource of this API"),
                );
            }
            if let Some(ops) = &r.operations {
                let distinct: BTreeSet<_> = ops.iter().collect();
                if distinct.len() != ops.len() {
                    issues.push(
                        format!("{rp}/operations"),
                        format!("resource `{}` lists an operation twice", r.name),
                        Some("list each operation once".into()),
                    );
                }
            }
            check_fields(
                &r.fields,
                &format!("{rp}/fields"),
                &format!("resource `{}`", r.name),
                &resources,
                issues,
            );
        }
        parent_cycles(s, &base, issues);
    }
}

fn parent_cycles(s: &crate::model::Service, base: &str, issues: &mut Issues) {
    let parents: HashMap<&str, &str> = s
        .api
        .resources
        .iter()
        .filter_map(|r| r.parent.as_deref().map(|p| (r.name.as_str(), p)))
        .collect();
    for (j, r) in s.api.resources.iter().enumerate() {
        let mut at = r.name.as_str();
        for _ in 0..=parents.len() {
            match parents.get(at) {
                Some(p) if *p == r.name => {
                    issues.push(
                        format!("{base}/resources/{j}/parent"),
                        format!(
                            "resource `{}` is nested under itself through its parents",
                            r.name
                        ),
                        Some("break the cycle of `parent` references".into()),
                    );
                    break;
                }
                Some(p) => at = p,
                None => break,
            }
        }
    }
}

pub(super) fn check_fields(
    fields_: &[crate::model::Field],
    base: &str,
    owner: &str,
    resources: &[&str],
    issues: &mut Issues,
) {
    unique_names(
        fields_
            .iter()
            .enumerate()
            .map(|(k, f)| (format!("{base}/{k}/name"), f.name.as_str())),
        "field",
        issues,
    );
    for (k, f) in fields_.iter().enumerate() {
        let fp = format!("{base}/{k}");
        match f.ty {
            FieldType::Enum if f.values.is_empty() => issues.push(
                format!("{fp}/type"),
                format!("{owner}: enum field `{}` has no `values`", f.name),
                Some("list the allowed values under `values:`".into()),
            ),
            FieldType::Ref => match &f.to {
                None => issues.push(
                    format!("{fp}/type"),
                    format!("{owner}: ref field `{}` has no `to`", f.name),
                    Some("name the resource it refers to with `to:`".into()),
                ),
                Some(to) => issues.check(
                    format!("{fp}/to"),
                    &format!("{owner}: field `{}` refers to", f.name),
                    fields::reference(to, resources.iter().copied(), "resource of this API"),
                ),
            },
            _ => {}
        }
        if f.ty != FieldType::Enum && !f.values.is_empty() {
            issues.push(
                format!("{fp}/values"),
                format!(
                    "{owner}: field `{}` has `values` but is not an enum",
                    f.name
                ),
                Some("set `type: enum` or remove `values`".into()),
            );
        }
        if f.ty != FieldType::Ref && f.to.is_some() {
            issues.push(
                format!("{fp}/to"),
                format!("{owner}: field `{}` has `to` but is not a ref", f.name),
                Some("set `type: ref` or remove `to`".into()),
            );
        }
        let mut seen = BTreeSet::new();
        for (v, value) in f.values.iter().enumerate() {
            if !seen.insert(value) {
                issues.push(
                    format!("{fp}/values/{v}"),
                    format!(
                        "{owner}: field `{}` lists the value `{value}` twice",
                        f.name
                    ),
                    None,
                );
            }
        }
    }
}

/// Every published event name, in model order.
pub(crate) fn event_names(model: &Model) -> Vec<&str> {
    model
        .services
        .iter()
        .flat_map(|s| s.publishes.iter().map(|e| e.name.as_str()))
        .collect()
}

fn events(model: &Model, issues: &mut Issues) {
    let published = event_names(model);
    unique_names(
        model.services.iter().enumerate().flat_map(|(i, s)| {
            s.publishes
                .iter()
                .enumerate()
                .map(move |(j, e)| (format!("/services/{i}/publishes/{j}/name"), e.name.as_str()))
        }),
        "event",
        issues,
    );
    for (i, s) in model.services.iter().enumerate() {
        for (j, e) in s.publishes.iter().enumerate() {
            let ep = format!("/services/{i}/publishes/{j}");
            check_fields(
                &e.fields,
                &format!("{ep}/fields"),
                &format!("event `{}`", e.name),
                &[],
                issues,
            );
            if let Some(key) = &e.key {
                let names: Vec<&str> = e.fields.iter().map(|f| f.name.as_str()).collect();
                issues.check(
                    format!("{ep}/key"),
                    &format!("event `{}`: key", e.name),
                    fields::reference(key, names, "field of the event"),
                );
            }
        }
        for (j, name) in s.consumes.iter().enumerate() {
            issues.check(
                format!("/services/{i}/consumes/{j}"),
                &format!("service `{}` consumes", s.name),
                fields::reference(name, published.iter().copied(), "published event"),
            );
        }
    }
}

fn communication(model: &Model, issues: &mut Issues) {
    let nodes = node_names(model);
    let c = &model.communication;
    let brokers: Vec<&str> = c.brokers.iter().map(|b| b.name.as_str()).collect();
    let published = event_names(model);
    for (i, l) in c.links.iter().enumerate() {
        let lp = format!("/communication/links/{i}");
        issues.check(
            format!("{lp}/from"),
            "link `from`:",
            fields::reference(&l.from, nodes.iter().copied(), "component"),
        );
        issues.check(
            format!("{lp}/to"),
            "link `to`:",
            fields::reference(&l.to, nodes.iter().copied(), "component"),
        );
        if l.from == l.to {
            issues.push(
                format!("{lp}/to"),
                format!("link from `{}` to itself", l.from),
                Some("a link joins two different components".into()),
            );
        }
        if model.clients.iter().any(|cl| cl.name == l.to)
            && l.style != Some(crate::model::LinkStyle::Async)
        {
            issues.push(
                format!("{lp}/to"),
                format!("synchronous link to client `{}`", l.to),
                Some(
                    "clients call the system: draw the link from the client, or set `style: async` for webhooks and pushes"
                        .into(),
                ),
            );
        }
        if let Some(b) = &l.broker {
            issues.check(
                format!("{lp}/broker"),
                "link `broker`:",
                fields::reference(b, brokers.iter().copied(), "broker"),
            );
        }
        for (j, e) in l.events.iter().enumerate() {
            issues.check(
                format!("{lp}/events/{j}"),
                "link event",
                fields::reference(e, published.iter().copied(), "published event"),
            );
        }
    }
    unique_names(
        c.flows
            .iter()
            .enumerate()
            .map(|(i, f)| (format!("/communication/flows/{i}/name"), f.name.as_str())),
        "flow",
        issues,
    );
    for (i, f) in c.flows.iter().enumerate() {
        if f.steps.is_empty() {
            issues.push(
                format!("/communication/flows/{i}/steps"),
                format!("flow `{}` has no steps", f.name),
                Some("list its steps in order".into()),
            );
        }
        for (j, s) in f.steps.iter().enumerate() {
            let sp = format!("/communication/flows/{i}/steps/{j}");
            issues.check(
                format!("{sp}/from"),
                &format!("flow `{}` step {}: `from`", f.name, j + 1),
                fields::reference(&s.from, nodes.iter().copied(), "component"),
            );
            issues.check(
                format!("{sp}/to"),
                &format!("flow `{}` step {}: `to`", f.name, j + 1),
                fields::reference(&s.to, nodes.iter().copied(), "component"),
            );
            issues.check(
                format!("{sp}/action"),
                &format!("flow `{}` step {}: `action`", f.name, j + 1),
                fields::non_blank(&s.action),
            );
        }
    }
}

fn sections(model: &Model, issues: &mut Issues) {
    let services: Vec<&str> = model.services.iter().map(|s| s.name.as_str()).collect();
    let clients: Vec<&str> = model.clients.iter().map(|s| s.name.as_str()).collect();
    let published = event_names(model);
    let p = &model.performance;
    unique_names(
        p.caches
            .iter()
            .enumerate()
            .map(|(i, c)| (format!("/performance/caches/{i}/name"), c.name.as_str())),
        "cache",
        issues,
    );
    for (i, c) in p.caches.iter().enumerate() {
        let cp = format!("/performance/caches/{i}");
        issues.check(
            format!("{cp}/service"),
            &format!("cache `{}`: service", c.name),
            fields::reference(&c.service, services.iter().copied(), "service"),
        );
        issues.check(
            format!("{cp}/holds"),
            &format!("cache `{}`: `holds`", c.name),
            fields::non_blank(&c.holds),
        );
        for (j, e) in c.invalidated_by.iter().enumerate() {
            issues.check(
                format!("{cp}/invalidated_by/{j}"),
                &format!("cache `{}` is invalidated by", c.name),
                fields::reference(e, published.iter().copied(), "published event"),
            );
        }
    }
    unique_names(
        p.jobs
            .iter()
            .enumerate()
            .map(|(i, j)| (format!("/performance/jobs/{i}/name"), j.name.as_str())),
        "job",
        issues,
    );
    for (i, j) in p.jobs.iter().enumerate() {
        issues.check(
            format!("/performance/jobs/{i}/service"),
            &format!("job `{}`: service", j.name),
            fields::reference(&j.service, services.iter().copied(), "service"),
        );
    }
    let sec = &model.security;
    for (i, a) in sec.authentication.iter().enumerate() {
        for (j, c) in a.clients.iter().enumerate() {
            issues.check(
                format!("/security/authentication/{i}/clients/{j}"),
                "authentication client",
                fields::reference(c, clients.iter().copied(), "client"),
            );
        }
    }
    for (i, r) in sec.rate_limits.iter().enumerate() {
        if let Some(by) = &r.enforced_by {
            issues.check(
                format!("/security/rate_limits/{i}/enforced_by"),
                "rate limit `enforced_by`:",
                fields::reference(by, services.iter().copied(), "service"),
            );
        }
    }
    let authz = &sec.authorization;
    if !authz.roles.is_empty() && authz.model != Some(AccessModel::Rbac) {
        issues.push(
            "/security/authorization/roles".into(),
            "roles are listed but the access model is not `rbac`".into(),
            Some("set `model: rbac`, or remove the roles".into()),
        );
    }
    if !authz.policies.is_empty() && authz.model != Some(AccessModel::Abac) {
        issues.push(
            "/security/authorization/policies".into(),
            "policies are listed but the access model is not `abac`".into(),
            Some("set `model: abac`, or remove the policies".into()),
        );
    }
    unique_names(
        authz.roles.iter().enumerate().map(|(i, r)| {
            (
                format!("/security/authorization/roles/{i}/name"),
                r.name.as_str(),
            )
        }),
        "role",
        issues,
    );
    if let Some(m) = &model.migration {
        let legacy: Vec<&str> = model
            .services
            .iter()
            .filter(|s| s.kind == ServiceKind::Legacy)
            .map(|s| s.name.as_str())
            .collect();
        issues.check(
            "/migration/from".into(),
            "migration `from`:",
            fields::reference(
                &m.from,
                legacy.iter().copied(),
                "legacy service (kind `legacy`)",
            ),
        );
        for (i, ph) in m.phases.iter().enumerate() {
            for (j, s) in ph.services.iter().enumerate() {
                issues.check(
                    format!("/migration/phases/{i}/services/{j}"),
                    &format!("migration phase `{}`:", ph.name),
                    fields::reference(s, services.iter().copied(), "service"),
                );
            }
        }
    }
}

fn decisions(model: &Model, issues: &mut Issues) {
    let numbers = crate::view::decision_numbers(&model.decisions);
    let mut seen: HashMap<u32, usize> = HashMap::new();
    for (i, (d, n)) in model.decisions.iter().zip(&numbers).enumerate() {
        let dp = format!("/decisions/{i}");
        issues.check(
            format!("{dp}/title"),
            "a decision's `title`",
            fields::non_blank(&d.title),
        );
        issues.check(
            format!("{dp}/context"),
            &format!("decision `{}`: `context`", d.title),
            fields::non_blank(&d.context),
        );
        if *n < 2 {
            issues.push(
                format!("{dp}/number"),
                format!("decision `{}` has number {n}", d.title),
                Some("ADR 0001 records the decision to keep ADRs; number decisions from 2".into()),
            );
        }
        if let Some(first) = seen.insert(*n, i) {
            issues.push(
                format!("{dp}/number"),
                format!(
                    "decisions `{}` and `{}` both have number {n}",
                    model.decisions[first].title, d.title
                ),
                Some(format!(
                    "a merge of two branches leaves this; `archgen adr renumber` gives `{}` the next free number",
                    d.title
                )),
            );
        }
        if !d.options.is_empty() {
            let names: Vec<&str> = d.options.iter().map(|o| o.name.as_str()).collect();
            issues.check(
                format!("{dp}/outcome"),
                &format!("decision `{}`: outcome", d.title),
                fields::reference(&d.outcome, names, "option of this decision"),
            );
        } else {
            issues.check(
                format!("{dp}/outcome"),
                &format!("decision `{}`: `outcome`", d.title),
                fields::non_blank(&d.outcome),
            );
        }
        if let Some(date) = &d.date {
            issues.check(
                format!("{dp}/date"),
                &format!("decision `{}`: date", d.title),
                fields::date(date),
            );
        }
        match (d.status, d.superseded_by) {
            (DecisionStatus::Superseded, None) => issues.push(
                format!("{dp}/status"),
                format!("decision `{}` is superseded but says not by which", d.title),
                Some(
                    "add `superseded_by:` with the number of the decision that replaces it".into(),
                ),
            ),
            (DecisionStatus::Superseded, Some(by)) if !numbers.contains(&by) => issues.push(
                format!("{dp}/superseded_by"),
                format!(
                    "decision `{}` is superseded by {by}, which does not exist",
                    d.title
                ),
                Some("use the number of a decision in this model".into()),
            ),
            (s, Some(_)) if s != DecisionStatus::Superseded => issues.push(
                format!("{dp}/superseded_by"),
                format!(
                    "decision `{}` has `superseded_by` but its status is not `superseded`",
                    d.title
                ),
                Some("set `status: superseded`, or remove `superseded_by`".into()),
            ),
            _ => {}
        }
    }
}

//! A threat model per flow: for each STRIDE category, what the flow exposes, the mitigations
//! the model names, and the gap the model leaves (what a reviewer would ask for).

use crate::model::{AuthMethod, ClientKind, Model, RateScope, ServiceIdentity};

#[path = "threats_background.rs"]
mod background;
#[path = "threats_exists.rs"]
mod exists;
#[path = "threats_public.rs"]
mod public;
use serde::Serialize;

/// One STRIDE category for one flow.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Threat {
    /// `Spoofing`, `Tampering`, `Repudiation`, `Information disclosure`, `Denial of service`
    /// or `Elevation of privilege`.
    pub category: String,
    /// What in this flow is exposed to it.
    pub exposure: String,
    /// What the model names against it (empty when nothing).
    pub mitigation: String,
    /// What is still missing, and the key that would state it (empty when nothing).
    pub gap: String,
    /// Whether every flow (two or more) names this same mitigation for this category: the
    /// documents then state it once for all of them.
    pub shared: bool,
}

/// The threats of one flow.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FlowThreats {
    /// The flow's name.
    pub flow: String,
    /// The six STRIDE categories in order.
    pub threats: Vec<Threat>,
}

pub(super) fn threat(category: &str, exposure: String, mitigation: String, gap: String) -> Threat {
    Threat {
        category: category.into(),
        exposure,
        mitigation,
        gap,
        shared: false,
    }
}

pub(super) fn list(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The STRIDE table of every flow in the model, each mitigation every flow names alike marked
/// `shared`.
pub fn flows(model: &Model) -> Vec<FlowThreats> {
    let mut all: Vec<FlowThreats> = model
        .communication
        .flows
        .iter()
        .map(|f| flow(model, f))
        .collect();
    if all.len() < 2 {
        return all;
    }
    let first = all[0].threats.clone();
    for t in first.iter().filter(|t| !t.mitigation.is_empty()) {
        let alike = |f: &FlowThreats| {
            f.threats
                .iter()
                .any(|x| x.category == t.category && x.mitigation == t.mitigation)
        };
        if all.iter().all(alike) {
            for f in &mut all {
                for x in &mut f.threats {
                    x.shared |= x.category == t.category;
                }
            }
        }
    }
    all
}

/// What a flow exposes: the clients calling it, the externals it sends to, the events it
/// publishes and the writes its clients make.
struct Exposed {
    callers: Vec<String>,
    outside: Vec<String>,
    events: Vec<String>,
    writes: Vec<String>,
}

/// The six STRIDE threats of flow `f`, in order; a flow no client calls (background work an
/// event or an external system's callback starts) has its own, see [`background`].
fn flow(model: &Model, f: &crate::model::Flow) -> FlowThreats {
    let x = exposed(model, f);
    if x.callers.is_empty() {
        let identity = identity(model);
        return FlowThreats {
            flow: f.name.clone(),
            threats: vec![
                background::spoofing(model, f, identity.as_deref()),
                tampering(&x.events),
                repudiation(model, &x.writes, x.events.is_empty()),
                disclosure(model, &x.outside),
                background::denial_of_service(model, f),
                background::elevation(model, f, identity.as_deref()),
            ],
        };
    }
    let who = list(&x.callers);
    let open = public::calls(model, f);
    FlowThreats {
        flow: f.name.clone(),
        threats: vec![
            replayable(model, f, spoofing(model, &x.callers, &who, &open)),
            tampering(&x.events),
            repudiation(model, &x.writes, x.events.is_empty()),
            exists::disclosed(model, f, disclosure(model, &x.outside)),
            hoarding(
                model,
                f,
                denial_of_service(model, &who, &open, &public::exposed(model, f)),
            ),
            elevation(model, f, &x.callers),
        ],
    }
}

/// The events a step's compensation names and the step's own services publish.
fn compensation_events(model: &Model, s: &crate::model::Step) -> Vec<String> {
    if s.compensation.is_empty() {
        return Vec::new();
    }
    let words: Vec<&str> = s
        .compensation
        .split(|c: char| !c.is_alphanumeric() && c != '_')
        .collect();
    model
        .services
        .iter()
        .filter(|x| x.name == s.from || x.name == s.to)
        .flat_map(|x| &x.publishes)
        .filter(|e| words.contains(&e.name.as_str()))
        .map(|e| e.name.clone())
        .collect()
}

fn exposed(model: &Model, f: &crate::model::Flow) -> Exposed {
    let is = |name: &str, set: &[String]| set.iter().any(|n| n == name);
    let clients: Vec<String> = model.clients.iter().map(|c| c.name.clone()).collect();
    let externals: Vec<String> = model.externals.iter().map(|e| e.name.clone()).collect();
    let brokers: Vec<String> = model
        .communication
        .brokers
        .iter()
        .map(|b| b.name.clone())
        .collect();
    let mut callers = Vec::new();
    let mut outside = Vec::new();
    let mut events = Vec::new();
    let mut writes = Vec::new();
    for w in f.walk() {
        let s = w.step;
        if is(&s.from, &clients) && !callers.contains(&s.from) {
            callers.push(s.from.clone());
        }
        if is(&s.to, &externals) && !outside.contains(&s.to) {
            outside.push(s.to.clone());
        }
        if is(&s.to, &brokers) && !events.contains(&s.action) {
            events.push(s.action.clone());
        }
        // A compensation that publishes (`Cancel the order and publish OrderCancelled`) puts
        // that event on the broker too.
        for e in compensation_events(model, s) {
            if !events.contains(&e) {
                events.push(e);
            }
        }
        let verb = s.action.split_whitespace().next().unwrap_or("");
        if is(&s.from, &clients)
            && matches!(verb, "POST" | "PUT" | "PATCH" | "DELETE")
            && !writes.contains(&s.action)
        {
            writes.push(s.action.clone());
        }
    }
    Exposed {
        callers,
        outside,
        events,
        writes,
    }
}

/// The authentication that covers `callers`, in words.
fn authentication(model: &Model, callers: &[String]) -> Vec<String> {
    let sec = &model.security;
    sec.authentication
        .iter()
        .filter(|a| a.clients.is_empty() || a.clients.iter().any(|c| callers.contains(c)))
        .map(|a| {
            let method = match a.method {
                AuthMethod::Oidc => "OIDC",
                AuthMethod::Oauth2 => "OAuth 2.0",
                AuthMethod::Jwt => "JWT",
                AuthMethod::ApiKeys => "API key",
                AuthMethod::Mtls => "mutual TLS",
                AuthMethod::Session => "session",
            };
            match &a.provider {
                Some(p) => format!("{method} tokens from {p}"),
                None => format!("{method} credentials"),
            }
        })
        .collect()
}

fn spoofing(model: &Model, callers: &[String], who: &str, open: &[String]) -> Threat {
    let sec = &model.security;
    let auth = authentication(model, callers);
    let public = if open.is_empty() {
        String::new()
    } else {
        format!(
            "; {} {} no credentials, so there is no one to pose as: anyone may call {}",
            list(open),
            if open.len() == 1 { "takes" } else { "take" },
            if open.len() == 1 { "it" } else { "them" }
        )
    };
    threat(
        "Spoofing",
        format!(
            "A caller posing as {who}, or a workload posing as one of the flow's services{public}."
        ),
        [
            (!auth.is_empty()).then(|| {
                let scope = if open.is_empty() {
                    "on every request"
                } else {
                    "on every other request"
                };
                format!("{} checked {scope}", list(&auth))
            }),
            identity(model),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join("; "),
        match (auth.is_empty(), sec.service_identity) {
            (true, _) if open.is_empty() => {
                "No authentication is stated for these callers (security.authentication).".into()
            }
            (_, None) => {
                "Service identity is assumed, not stated (security.service_identity).".into()
            }
            (_, Some(ServiceIdentity::Network)) => {
                "Any workload inside the network can call these services; prefer mTLS.".into()
            }
            _ => String::new(),
        },
    )
}

/// How services prove who they are to each other, in words.
fn identity(model: &Model) -> Option<String> {
    model.security.service_identity.map(|i| {
        match i {
            ServiceIdentity::Network => "services trust the network",
            ServiceIdentity::Mtls => "mTLS between services",
            ServiceIdentity::Spiffe => "SPIFFE identities between services",
            ServiceIdentity::Jwt => "signed service tokens between services",
        }
        .to_string()
    })
}

fn tampering(events: &[String]) -> Threat {
    threat(
        "Tampering",
        if events.is_empty() {
            "Requests and responses in transit between the flow's components.".into()
        } else {
            format!(
                "The events {} on the broker, read by every consumer.",
                list(events)
            )
        },
        if events.is_empty() {
            "TLS on every hop".into()
        } else {
            // security.md derives each topic's only writer from the model.
            "TLS on every hop; only the publishing service may write their topics (broker \
             ACLs, in Security's who may publish and consume)"
                .into()
        },
        String::new(),
    )
}

/// Repudiation in a flow whose clients make `writes`; `reads_only` when it publishes nothing
/// either, so it changes nothing anyone could deny.
fn repudiation(model: &Model, writes: &[String], reads_only: bool) -> Threat {
    let idem = model.resilience.idempotency.header.clone();
    threat(
        "Repudiation",
        if writes.is_empty() && reads_only {
            "No change to deny: the flow only reads. Who read what is kept only where the audit log records reads.".into()
        } else if writes.is_empty() {
            "Changes the flow makes, with no record of who asked.".into()
        } else {
            format!("A caller denying {}.", list(writes))
        },
        [
            Some("a trace id on every log line".to_string()),
            idem.map(|h| format!("the {h} of each write kept with its result")),
            model.security.audit.as_ref().map(|a| {
                format!(
                    "the audit log of {} kinds of record{}",
                    a.records.len(),
                    a.retention_days
                        .map(|d| format!(", kept {d} days"))
                        .unwrap_or_default()
                )
            }),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join("; "),
        match &model.security.audit {
            Some(_) => String::new(),
            None if writes.is_empty() && reads_only => String::new(),
            None => "No audit log is named: record who changed what and when, support actions \
                     included (`security.audit`)."
                .into(),
        },
    )
}

fn disclosure(model: &Model, outside: &[String]) -> Threat {
    let regimes = &model.requirements.compliance;
    threat(
        "Information disclosure",
        if outside.is_empty() {
            "Personal data in responses, logs and events.".into()
        } else {
            format!(
                "Data the flow sends to {}, and personal data in logs and events.",
                list(outside)
            )
        },
        match model.observability.logging.redact_pii {
            Some(false) => String::new(),
            Some(true) => "personal data redacted from logs".into(),
            None => "personal data redacted from logs (assumed)".into(),
        },
        if outside.is_empty() || regimes.is_empty() {
            String::new()
        } else {
            format!(
                "Under {}, list which fields leave for {} and why.",
                list(regimes),
                list(outside)
            )
        },
    )
}

/// A flow that takes a provider's callbacks signed without a timestamp: a replayed one
/// verifies again. Added to the spoofing threat.
fn replayable(model: &Model, f: &crate::model::Flow, mut t: Threat) -> Threat {
    if let Some((sender, gap)) = background::replay_gap(model, f) {
        let exposure = format!("A callback from {sender} captured and sent again.");
        add(&mut t, &exposure, gap);
    }
    t
}

/// `t` with `exposure` and `gap` after what it already names.
fn add(t: &mut Threat, exposure: &str, gap: String) {
    t.exposure = format!("{} {exposure}", t.exposure);
    t.gap = if t.gap.is_empty() {
        gap
    } else {
        format!("{} {gap}", t.gap)
    };
}

/// A flow whose runs hold what they take until a deadline gives them up (stock reserved for
/// an unpaid order, a slot held): within its rate limit, one caller can start the limit times
/// the deadline's minutes of runs and hold all of it. Added to the denial-of-service threat.
fn hoarding(model: &Model, f: &crate::model::Flow, mut t: Threat) -> Threat {
    let Some(d) = &f.deadline else { return t };
    let limit = (model.security.rate_limits.iter())
        .find(|r| r.scope == RateScope::User)
        .or_else(|| (model.security.rate_limits.iter()).find(|r| r.scope == RateScope::Client));
    let Some(r) = limit else { return t };
    let runs = super::per_minute(r.requests, r.per) * f64::from(d.minutes);
    let exposure = format!(
        "One caller starting runs and leaving them unfinished, each holding what it took until the {}-minute deadline gives it up.",
        d.minutes
    );
    let gap = format!(
        "Within the per-{} limit of {} requests a {}, one caller can start up to {} runs of {} in {} minutes and hold what each took: cap the runs a caller holds open (a count of its unfinished ones), well below that.",
        word(r.scope),
        r.requests,
        word(r.per),
        crate::text::numbers::thousands(runs),
        f.name,
        d.minutes
    );
    add(&mut t, &exposure, gap);
    t
}

fn denial_of_service(model: &Model, who: &str, open: &[String], exposed: &[String]) -> Threat {
    let sec = &model.security;
    let per_ip = sec.rate_limits.iter().find(|r| r.scope == RateScope::Ip);
    let exposure = if open.is_empty() {
        format!("Floods from {who}, and slow dependencies holding the flow's threads.")
    } else {
        format!(
            "Floods from {who}; scraping of {} by anyone, with no credentials to limit; and slow dependencies holding the flow's threads.",
            list(open)
        )
    };
    let gap = if !exposed.is_empty() {
        format!(
            "{} {} personal data to anyone, and a limit per address does not hold scraping spread over many addresses: drop {} from the public reads, or require sign-in.",
            list(open),
            if open.len() == 1 { "returns" } else { "return" },
            list(exposed)
        )
    } else if sec.rate_limits.is_empty() {
        "Rate limits are assumed, not stated (security.rate_limits).".into()
    } else if !open.is_empty() && per_ip.is_none() {
        format!(
            "Only a limit per address holds {}, and none is stated (security.rate_limits with scope ip).",
            list(open)
        )
    } else {
        String::new()
    };
    threat(
        "Denial of service",
        exposure,
        [
            (!sec.rate_limits.is_empty()).then(|| {
                let scopes: Vec<String> = sec.rate_limits.iter().map(|r| word(r.scope)).collect();
                format!("rate limits per {}", list(&scopes))
            }),
            per_ip.filter(|_| !open.is_empty()).map(|r| {
                format!(
                    "{} requests a {} per address on {}{}",
                    r.requests,
                    word(r.per),
                    list(open),
                    match (exposed.is_empty(), open.len()) {
                        (false, _) => "",
                        (true, 1) => ", which returns no personal data, so scraping from many addresses reveals only what is public",
                        (true, _) => ", which return no personal data, so scraping from many addresses reveals only what is public",
                    }
                )
            }),
            Some("timeouts and bulkheads on each synchronous step".into()),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join("; "),
        gap,
    )
}

fn elevation(model: &Model, f: &crate::model::Flow, callers: &[String]) -> Threat {
    let sec = &model.security;
    let unchecked = unchecked_operations(model, f);
    let scopes = flow_scopes(model, f);
    let partner = model
        .clients
        .iter()
        .any(|c| c.kind == ClientKind::Partner && callers.contains(&c.name));
    let all = &sec.authorization.roles;
    let held = held_by(model, callers);
    let roles: &[crate::model::Role] = if held.is_empty() { all } else { &held };
    threat(
        "Elevation of privilege",
        format!(
            "{} acting on records that are not theirs{}.",
            if callers.is_empty() {
                "A caller".to_string()
            } else {
                list(callers)
            },
            if partner {
                ", or one partner reading another's"
            } else {
                ""
            }
        ),
        if roles.is_empty() && sec.authorization.policies.is_empty() {
            if scopes.is_empty() {
                String::new()
            } else {
                format!("per-operation scopes {}", list(&scopes))
            }
        } else {
            let names: Vec<String> = roles.iter().map(|r| r.name.clone()).collect();
            let policies: Vec<String> = sec
                .authorization
                .policies
                .iter()
                .map(|p| p.name.clone())
                .collect();
            // The roles that reach every record are set apart below wherever some role, in
            // this flow or not, holds an :own permission.
            let apart = (all.iter()).any(|r| r.permissions.iter().any(|p| p.ends_with(":own")));
            let narrowing = own_check(roles, &sec.authorization.policies, apart);
            format!(
                "{}{}{}",
                match names.as_slice() {
                    [] => "ABAC policies".into(),
                    [one] => format!("role {one}"),
                    _ => format!("roles {}", list(&names)),
                },
                narrowing,
                if names.is_empty() || policies.is_empty() || !narrowing.is_empty() {
                    String::new()
                } else {
                    format!("; attribute rules {}", list(&policies))
                }
            )
        },
        if roles.is_empty() && sec.authorization.policies.is_empty() {
            unowned_gap(&scopes, &unchecked)
        } else if !unchecked.is_empty() {
            format!(
                "Reachable by callers without an ownership check: {}.",
                unchecked.join("; ")
            )
        } else {
            String::new()
        },
    )
}

/// The roles the flow's `callers` can hold: those whose tokens come from a provider one of
/// them signs in with (`security.authentication[].clients`); a role naming no provider, or
/// one whose provider names no clients, may come from any. Every role when none fits (or
/// the callers are not clients), so a row never names no role at all.
fn held_by(model: &Model, callers: &[String]) -> Vec<crate::model::Role> {
    let sec = &model.security;
    let signs_in = |provider: &str| {
        let auths: Vec<&crate::model::Authentication> = (sec.authentication.iter())
            .filter(|a| a.provider.as_deref() == Some(provider))
            .collect();
        auths.is_empty()
            || auths
                .iter()
                .any(|a| a.clients.is_empty() || a.clients.iter().any(|c| callers.contains(c)))
    };
    let clients = (model.clients.iter()).any(|c| callers.contains(&c.name));
    if !clients {
        return Vec::new();
    }
    (sec.authorization.roles.iter())
        .filter(|r| r.provider.as_deref().is_none_or(signs_in))
        .cloned()
        .collect()
}

/// What narrows each role against elevation: the :own check for those holding an `:own`
/// permission, the attribute rules (`policies`) naming the others, and, where the documents
/// set them `apart` (some role of the model holds an `:own` permission), the roles left that
/// reach every record their permissions name.
fn own_check(
    roles: &[crate::model::Role],
    policies: &[crate::model::Policy],
    apart: bool,
) -> String {
    let narrowed: Vec<String> = (roles.iter())
        .filter(|r| r.permissions.iter().any(|p| p.ends_with(":own")))
        .map(|r| r.name.clone())
        .collect();
    let mut out = if narrowed.is_empty() {
        String::new()
    } else {
        format!(
            "; :own permissions checked against the record's owner for {}",
            list(&narrowed)
        )
    };
    // The roles the attribute rules narrow, grouped by the rules that narrow them, in model
    // order: an :own role's rules add to its check, another's replace "every record".
    let mut groups: Vec<(Vec<String>, Vec<String>, bool)> = Vec::new();
    let mut wide: Vec<String> = Vec::new();
    for r in roles.iter().filter(|r| !r.permissions.is_empty()) {
        let rules: Vec<String> = (policies.iter())
            .filter(|p| p.roles.is_empty() || p.roles.contains(&r.name))
            .map(|p| p.name.clone())
            .collect();
        let own = narrowed.contains(&r.name);
        if rules.is_empty() {
            if !own {
                wide.push(r.name.clone());
            }
        } else if let Some(g) = groups.iter_mut().find(|g| g.1 == rules && g.2 == own) {
            g.0.push(r.name.clone());
        } else {
            groups.push((vec![r.name.clone()], rules, own));
        }
    }
    for (names, rules, own) in groups {
        let (rule, allow) = if rules.len() == 1 {
            ("rule", "allows")
        } else {
            ("rules", "allow")
        };
        let (names, rules) = (list(&names), list(&rules));
        out.push_str(&if own {
            format!("; {names} also by attribute {rule} {rules}")
        } else {
            format!("; {names} only as attribute {rule} {rules} {allow}")
        });
    }
    match wide.as_slice() {
        _ if !apart => {}
        [] => {}
        [one] => out.push_str(&format!(
            ", while {one} reaches every record its permissions name, by design (see the roles that reach every record, below)"
        )),
        _ => out.push_str(&format!(
            ", while {} reach every record their permissions name, by design (see the roles that reach every record, below)",
            list(&wide)
        )),
    }
    out
}

/// The gap of a design with no roles and no policies: scopes (the flow's `scopes`), where
/// there are any, say which operations a caller may call but not on whose records.
fn unowned_gap(scopes: &[String], unchecked: &[String]) -> String {
    if scopes.is_empty() {
        return "No roles or policies: every authenticated caller may call every operation \
                (security.authorization)."
            .into();
    }
    let mut gap = format!(
        "The scopes {} say which operations a caller may call, not on whose records: no role or \
         policy limits a caller to its own items (security.authorization).",
        list(scopes)
    );
    if !unchecked.is_empty() {
        gap.push_str(&format!(
            " Reachable by callers without an ownership check: {}.",
            unchecked.join("; ")
        ));
    }
    gap
}

/// The scopes the access rules of flow `f`'s client-facing services ask for, each once, in
/// the model's order.
fn flow_scopes(model: &Model, f: &crate::model::Flow) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for s in facing_services(model, f) {
        let rules = s
            .api
            .access
            .iter()
            .chain(s.api.resources.iter().flat_map(|r| &r.access));
        for scope in rules.flat_map(|a| &a.scopes) {
            if !out.contains(scope) {
                out.push(scope.clone());
            }
        }
    }
    out
}

/// The operations of the flow's client-facing services that a caller reaches without an
/// ownership check: those no access rule covers (any signed-in caller), and those a role may
/// call only on its own items (`:own`) on a resource that names no `owner` field.
fn unchecked_operations(model: &Model, f: &crate::model::Flow) -> Vec<String> {
    let mut out = Vec::new();
    for s in facing_services(model, f) {
        for r in &s.api.resources {
            out.extend(unchecked_in(model, s, r));
        }
    }
    out
}

/// The services flow `f` reaches that clients call directly or through a gateway.
fn facing_services<'m>(model: &'m Model, f: &crate::model::Flow) -> Vec<&'m crate::model::Service> {
    use crate::model::ServiceKind;
    let clients: Vec<&str> = model.clients.iter().map(|c| c.name.as_str()).collect();
    let gateways: Vec<&str> = model
        .services
        .iter()
        .filter(|s| s.kind == ServiceKind::Gateway)
        .map(|s| s.name.as_str())
        .collect();
    let facing = |name: &str| {
        model.communication.links.iter().any(|l| {
            l.to == name
                && (clients.contains(&l.from.as_str()) || gateways.contains(&l.from.as_str()))
        })
    };
    let mut touched: Vec<&str> = Vec::new();
    for w in f.walk() {
        if !touched.contains(&w.step.to.as_str()) {
            touched.push(&w.step.to);
        }
    }
    model
        .services
        .iter()
        .filter(|s| {
            s.kind != ServiceKind::Gateway && touched.contains(&s.name.as_str()) && facing(&s.name)
        })
        .collect()
}

/// The unchecked operations of resource `r` of service `s`, as the gaps that say so.
fn unchecked_in(
    model: &Model,
    s: &crate::model::Service,
    r: &crate::model::Resource,
) -> Vec<String> {
    use crate::model::Operation;
    let roles = &model.security.authorization.roles;
    let mut out = Vec::new();
    let ops: Vec<String> = r
        .operations
        .clone()
        .unwrap_or_else(|| Operation::DEFAULTS.to_vec())
        .iter()
        .map(word)
        .chain(r.actions.iter().map(|a| a.name.clone()))
        .collect();
    let mut open = Vec::new();
    let mut own_only = Vec::new();
    for op in &ops {
        let rules: Vec<_> = r
            .access
            .iter()
            .chain(&s.api.access)
            .filter(|a| a.operations.is_empty() || a.operations.contains(op))
            .collect();
        // ABAC policies may decide what no access rule states.
        if rules.is_empty() {
            if model.security.authorization.policies.is_empty() {
                open.push(op.clone());
            }
            continue;
        }
        let own = rules.iter().any(|a| {
            a.roles.iter().any(|role| {
                roles.iter().any(|x| {
                    &x.name == role
                        && a.scopes
                            .iter()
                            .any(|sc| x.permissions.contains(&format!("{sc}:own")))
                })
            })
        });
        if own && r.owner.is_none() && !owned_through_parent(s, r) {
            own_only.push(op.clone());
        }
    }
    if !open.is_empty() {
        out.push(format!(
            "{} on {}'s {} take no scope or role, so any signed-in caller may call them \
             (state who may in the resource's access)",
            list(&open),
            s.name,
            r.name
        ));
    }
    if !own_only.is_empty() {
        out.push(format!(
            "{} on {}'s {} are granted for the caller's own items only, but {} names no \
             owner field to check it against",
            list(&own_only),
            s.name,
            r.name,
            r.name
        ));
    }
    out
}

/// Whether `r` is nested under a resource of `s` that names an owner (directly or through its
/// own parent): its items are reached through that parent's path, whose owner is checked.
fn owned_through_parent(s: &crate::model::Service, r: &crate::model::Resource) -> bool {
    let mut at = r;
    for _ in 0..8 {
        let Some(parent) = at
            .parent
            .as_ref()
            .and_then(|p| s.api.resources.iter().find(|x| &x.name == p))
        else {
            return false;
        };
        if parent.owner.is_some() {
            return true;
        }
        at = parent;
    }
    false
}

fn word<T: Serialize>(v: T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model(extra: &str) -> Model {
        let yaml = format!(
            "version: 1\nname: t\nrequirements: {{domain: d, compliance: [PCI DSS]}}\n\
             services: [{{name: a, responsibility: r}}]\nclients: [{{name: web, kind: web}}]\n\
             externals: [{{name: Stripe}}]\ncommunication:\n  brokers: [{{name: bus, technology: Kafka}}]\n  \
             flows:\n    - name: Pay\n      steps:\n        - {{from: web, to: a, action: POST /pay}}\n        \
             - {{from: a, to: Stripe, action: Capture}}\n        - {{from: a, to: bus, action: Paid}}\n{extra}"
        );
        serde_yaml::from_str(&yaml).unwrap()
    }

    fn gap(m: &Model, category: &str) -> String {
        flows(m)[0]
            .threats
            .iter()
            .find(|t| t.category == category)
            .unwrap()
            .gap
            .clone()
    }

    #[test]
    fn a_wide_role_an_attribute_rule_narrows_is_said_with_its_rule() {
        let role = |name: &str, permission: &str| crate::model::Role {
            name: name.into(),
            description: String::new(),
            permissions: vec![permission.into()],
            provider: None,
            clients: Vec::new(),
            second_factor: false,
        };
        let roles = [
            role("patient", "appointments:read:own"),
            role("desk", "appointments:read"),
            role("manager", "appointments:read"),
            role("auditor", "appointments:read"),
            role("partner", "appointments:read:own"),
        ];
        let policy = |name: &str, roles: &[&str]| crate::model::Policy {
            name: name.into(),
            rule: "r".into(),
            roles: roles.iter().map(|r| (*r).to_owned()).collect(),
        };
        let policies = [
            policy("own-clinic", &["desk", "manager"]),
            policy("own-referrals", &["partner"]),
        ];
        assert_eq!(
            super::own_check(&roles, &policies, true),
            "; :own permissions checked against the record's owner for patient and partner; desk and manager only as attribute rule own-clinic allows; partner also by attribute rule own-referrals, while auditor reaches every record its permissions name, by design (see the roles that reach every record, below)"
        );
    }

    #[test]
    fn six_categories_with_the_flows_own_exposure() {
        let m = model("");
        let t = &flows(&m)[0].threats;
        assert_eq!(t.len(), 6);
        assert!(t[1].exposure.contains("Paid"));
        assert!(t[2].exposure.contains("POST /pay"));
        assert!(gap(&m, "Information disclosure").contains("PCI DSS"));
        assert!(gap(&m, "Information disclosure").contains("Stripe"));
    }

    #[test]
    fn a_mitigation_every_flow_names_alike_is_shared() {
        let one = model("");
        assert!(
            flows(&one)[0].threats.iter().all(|t| !t.shared),
            "one flow shares nothing"
        );
        let two = model(
            "    - name: Look\n      steps:\n        - {from: web, to: a, action: GET /pay}\n",
        );
        let all = flows(&two);
        let shared =
            |f: &FlowThreats, c: &str| f.threats.iter().find(|t| t.category == c).unwrap().shared;
        // Both flows log with a trace id; only Pay sends anything to Stripe.
        assert!(shared(&all[0], "Repudiation") && shared(&all[1], "Repudiation"));
        assert!(!shared(&all[0], "Tampering"));
        // A flow that only reads changes nothing anyone could deny; Pay's caller can deny a
        // write.
        let what = |f: &FlowThreats| {
            let t = f
                .threats
                .iter()
                .find(|t| t.category == "Repudiation")
                .unwrap();
            t.exposure.clone()
        };
        assert!(what(&all[1]).starts_with("No change to deny: the flow only reads."));
        assert_eq!(what(&all[0]), "A caller denying POST /pay.");
    }

    #[test]
    fn an_event_a_compensation_publishes_is_on_the_broker_too() {
        let yaml = "version: 1\nname: t\nrequirements: {domain: d}\n\
             services: [{name: a, responsibility: r, publishes: [{name: Paid, fields: [{name: id, type: uuid}]}, {name: Voided, fields: [{name: id, type: uuid}]}]}]\n\
             clients: [{name: web, kind: web}]\ncommunication:\n  brokers: [{name: bus, technology: Kafka}]\n  \
             flows:\n    - name: Pay\n      steps:\n        - {from: web, to: a, action: POST /pay}\n        \
             - {from: a, to: bus, action: Paid, compensation: Void it and publish Voided, compensate_on: Paid}\n";
        let m: Model = serde_yaml::from_str(yaml).unwrap();
        let t = &flows(&m)[0].threats;
        assert!(
            t[1].exposure.contains("Paid and Voided"),
            "{}",
            t[1].exposure
        );
    }

    #[test]
    fn operations_without_access_or_an_owner_are_elevation_gaps() {
        let yaml = |access: &str| {
            format!(
                "version: 1\nname: t\nrequirements: {{domain: d}}\n\
                 services:\n  - name: pay\n    responsibility: r\n    api:\n      resources:\n        \
                 - name: Payment\n          fields: [{{name: customer_id, type: uuid}}]\n          \
                 operations: [get, list]\n{access}\
                 clients: [{{name: web, kind: web}}]\n\
                 communication:\n  links: [{{from: web, to: pay}}]\n  flows:\n    - name: Pay\n      \
                 steps: [{{from: web, to: pay, action: GET /v1/payments}}]\n\
                 security:\n  authorization: {{roles: [{{name: customer, permissions: ['payments:read:own']}}]}}\n"
            )
        };
        let m = |a: &str| -> Model { serde_yaml::from_str(&yaml(a)).unwrap() };
        assert_eq!(
            gap(&m(""), "Elevation of privilege"),
            "Reachable by callers without an ownership check: get and list on pay's Payment take \
             no scope or role, so any signed-in caller may call them (state who may in the resource's access)."
        );
        let rule = "          access: [{scopes: ['payments:read'], roles: [customer]}]\n";
        assert!(
            gap(&m(rule), "Elevation of privilege")
                .contains("get and list on pay's Payment are granted for the caller's own items only, but Payment names no owner field")
        );
        let owned = format!("{rule}          owner: customer_id\n");
        assert_eq!(gap(&m(&owned), "Elevation of privilege"), "");
        // A line nested under an owned payment is reached through the payment's path, whose
        // owner is checked: no gap of its own.
        let child = format!(
            "{owned}        - name: Line\n          parent: Payment\n          operations: [list]\n{rule}"
        );
        assert_eq!(gap(&m(&child), "Elevation of privilege"), "");
        let orphan = child.replace("          parent: Payment\n", "");
        assert!(gap(&m(&orphan), "Elevation of privilege").contains("Line names no owner field"));
    }

    #[test]
    fn a_flows_elevation_names_only_the_roles_its_callers_can_hold() {
        let yaml = "version: 1\nname: t\nrequirements: {domain: d}\n\
             services: [{name: desk, responsibility: r}]\n\
             clients: [{name: app, kind: mobile}, {name: console, kind: web}]\n\
             communication:\n  links: [{from: app, to: desk}, {from: console, to: desk}]\n  flows:\n    \
             - {name: Book, steps: [{from: app, to: desk, action: Book}]}\n    \
             - {name: Triage, steps: [{from: console, to: desk, action: Triage}]}\n\
             security:\n  authentication:\n    - {method: oidc, provider: Auth0, clients: [app]}\n    \
             - {method: oidc, provider: Entra ID, clients: [console]}\n  authorization:\n    \
             roles:\n      - {name: patient, provider: Auth0, permissions: ['visits:read:own']}\n      \
             - {name: nurse, provider: Entra ID, permissions: ['visits:read']}\n      \
             - {name: clinician, provider: Entra ID, permissions: ['visits:read']}\n    \
             policies: [{name: own-ward, roles: [nurse], rule: the visit is on the nurse's ward}]\n";
        let m: Model = serde_yaml::from_str(yaml).unwrap();
        let mitigation = |i: usize| {
            (flows(&m)[i].threats.iter())
                .find(|t| t.category == "Elevation of privilege")
                .unwrap()
                .mitigation
                .clone()
        };
        // The app signs in with Auth0 alone: only the patient role, checked by owner.
        assert_eq!(
            mitigation(0),
            "role patient; :own permissions checked against the record's owner for patient"
        );
        // The console's staff roles, each with the rule that narrows it, none of the patient's.
        assert_eq!(
            mitigation(1),
            "roles nurse and clinician; nurse only as attribute rule own-ward allows, while \
             clinician reaches every record its permissions name, by design (see the roles that \
             reach every record, below)"
        );
    }

    #[test]
    fn scopes_without_roles_gate_operations_but_not_whose_records() {
        let yaml = "version: 1\nname: t\nrequirements: {domain: d}\n\
             services:\n  - name: inbox\n    responsibility: r\n    api:\n      resources:\n        \
             - name: Item\n          operations: [list, update]\n          access:\n            \
             - {operations: [list], scopes: ['inbox:read']}\n            \
             - {operations: [update], scopes: ['inbox:write']}\n\
             clients: [{name: app, kind: mobile}]\n\
             communication:\n  links: [{from: app, to: inbox}]\n  flows:\n    - name: Read\n      \
             steps: [{from: app, to: inbox, action: GET /v1/items}]\n";
        let m: Model = serde_yaml::from_str(yaml).unwrap();
        let t = flows(&m)[0]
            .threats
            .iter()
            .find(|t| t.category == "Elevation of privilege")
            .unwrap()
            .clone();
        assert_eq!(
            t.mitigation,
            "per-operation scopes inbox:read and inbox:write"
        );
        assert_eq!(
            t.gap,
            "The scopes inbox:read and inbox:write say which operations a caller may call, not on \
             whose records: no role or policy limits a caller to its own items \
             (security.authorization)."
        );
    }

    #[test]
    fn stated_security_closes_the_gaps() {
        let open = model("");
        assert!(gap(&open, "Spoofing").contains("security.authentication"));
        assert!(gap(&open, "Elevation of privilege").contains("security.authorization"));
        let closed = model(
            "security:\n  authentication: [{method: oidc, provider: Keycloak}]\n  service_identity: mtls\n  \
             authorization: {roles: [{name: customer, permissions: ['pay:own']}]}\n  \
             rate_limits: [{scope: user, requests: 10, per: minute}]\n",
        );
        assert_eq!(gap(&closed, "Spoofing"), "");
        assert_eq!(gap(&closed, "Elevation of privilege"), "");
        assert_eq!(gap(&closed, "Denial of service"), "");
        let t = &flows(&closed)[0].threats;
        assert!(t[0].mitigation.contains("OIDC tokens from Keycloak"));
        assert!(t[5].mitigation.contains(":own"));
    }
}

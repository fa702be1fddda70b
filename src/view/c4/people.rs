//! The system context (C4 level 1): the people (the roles the model's use-case actors name, or
//! its clients when it names no actor), the identity provider named by the authentication methods, and the
//! external systems, each arrow labelled with what the links between them are for.

use super::{C4Edge, C4Node, ContextC4, edge, node};
use crate::view::View;
use crate::view::names::{self, Namer};

/// The roles an actor names: `patient, front-desk staff or referral partner` is three people,
/// each a role of its own in the context, not one person with a compound name.
pub(super) fn roles(actor: &str) -> impl Iterator<Item = &str> {
    actor
        .split(", ")
        .flat_map(|part| part.split(" or "))
        .map(str::trim)
        .filter(|r| !r.is_empty())
}

/// One person per distinct role the use-case actors name, in order of first appearance; their
/// use cases are their description.
pub fn people(view: &View) -> Vec<C4Node> {
    let mut ids = Namer::default();
    let mut out: Vec<C4Node> = Vec::new();
    for uc in &view.requirements.model.use_cases {
        for actor in roles(&uc.actor) {
            add(&mut out, &mut ids, actor, &uc.name);
        }
    }
    out
}

/// Person `actor` with use case `uc`, added, or extended when the role is already there.
fn add(out: &mut Vec<C4Node>, ids: &mut Namer, actor: &str, uc: &str) {
    if let Some(p) = out.iter_mut().find(|p| p.name == actor) {
        p.description = format!("{}; {uc}", p.description);
        return;
    }
    out.push(C4Node {
        id: ids.unique(&format!("person_{}", names::snake(actor, "x")), "_"),
        name: actor.to_owned(),
        detail: "person".into(),
        kind: "person".into(),
        description: uc.to_owned(),
    });
}

/// The identity providers named by the authentication methods, each once, with the method
/// that uses it; one the model already lists as an external system keeps that node's id.
pub fn identity(view: &View) -> Vec<(C4Node, String)> {
    let mut ids = Namer::default();
    let mut out: Vec<(C4Node, String)> = Vec::new();
    for a in &view.security.authentication {
        let Some(provider) = a.provider.as_deref().map(str::trim) else {
            continue;
        };
        if provider.is_empty() || out.iter().any(|(n, _)| n.name == provider) {
            continue;
        }
        let known = view
            .externals
            .iter()
            .find(|e| e.name.eq_ignore_ascii_case(provider));
        let n = match known {
            Some(e) => C4Node {
                kind: "identity".into(),
                ..node(e, "identity provider")
            },
            None => C4Node {
                id: ids.unique(&format!("idp_{}", names::snake(provider, "x")), "_"),
                name: provider.to_owned(),
                detail: "identity provider".into(),
                kind: "identity".into(),
                description: format!("Signs users in and issues tokens ({}).", a.method),
            },
        };
        let method = match a.method.as_str() {
            "oauth2" => "OAuth 2.0".to_owned(),
            m => m.to_uppercase(),
        };
        out.push((n, method));
    }
    out
}

/// Labels of links, joined: their purposes, else their protocols.
/// Whether the person `who` signs in at `provider`: yes unless the roles their name mentions
/// (`front-desk staff or clinician` mentions `front-desk` and `clinician`) are all tied to
/// other providers (`roles[].provider`).
fn signs_in_at(view: &View, who: &str, provider: &str) -> bool {
    let tied: Vec<&str> = (roles_named(view, who))
        .filter_map(|r| r.provider.as_deref())
        .collect();
    tied.is_empty() || tied.contains(&provider)
}

/// The roles the person `who`'s name mentions (`front-desk staff or clinician`: `front-desk`
/// and `clinician`).
fn roles_named<'a>(view: &'a View, who: &str) -> impl Iterator<Item = &'a crate::model::Role> + 'a {
    let words = |s: &str| s.to_lowercase().replace(['-', '_'], " ");
    let who = words(who);
    (view.security.roles.iter()).filter(move |r| who.contains(&words(&r.name)))
}

/// The clients the person `who` uses: those of the authentication entries of the providers
/// their roles are tied to; none (every client) when a role is tied to no provider, an entry
/// lists no clients, or the name mentions no role.
pub(super) fn clients_of<'a>(view: &'a View, who: &str) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    for r in roles_named(view, who) {
        let Some(provider) = r.provider.as_deref() else {
            return Vec::new();
        };
        for a in (view.security.authentication.iter())
            .filter(|a| a.provider.as_deref() == Some(provider))
        {
            if a.clients.is_empty() {
                return Vec::new();
            }
            for c in &a.clients {
                if !out.contains(&c.as_str()) {
                    out.push(c);
                }
            }
        }
    }
    out
}

pub(super) fn purposes<'a>(links: impl Iterator<Item = &'a crate::view::LinkView>) -> String {
    let mut purposes: Vec<&str> = Vec::new();
    let mut protocols: Vec<&str> = Vec::new();
    for l in links {
        if !l.purpose.is_empty() && !purposes.contains(&l.purpose.as_str()) {
            purposes.push(&l.purpose);
        }
        if !l.protocol.is_empty() && !protocols.contains(&l.protocol.as_str()) {
            protocols.push(&l.protocol);
        }
    }
    let protocols = protocols.join(", ");
    match (purposes.is_empty(), protocols.is_empty()) {
        (true, true) => String::new(),
        (true, false) => protocols,
        (false, true) => purposes.join("; "),
        (false, false) => format!("{} [{protocols}]", purposes.join("; ")),
    }
}

/// What a person does at identity provider `idp`: signs in, or, where every client of it is
/// a system, has their system get tokens by the client credentials grant.
fn sign_in(view: &View, idp: &str, method: &str) -> String {
    let machines = (view.security.authentication.iter())
        .filter(|a| a.provider.as_deref().map(str::trim) == Some(idp))
        .all(|a| a.grants.iter().all(|g| g == "client_credentials"));
    if machines {
        format!("its system gets tokens [{method}, client credentials]")
    } else {
        format!("signs in [{method}]")
    }
}

/// The legacy systems, existing systems the new one talks to or replaces, as systems beside
/// it: the calls between them, and the changes captured from their stores.
fn legacy(view: &View, externals: &mut Vec<C4Node>, edges: &mut Vec<C4Edge>) {
    for s in view.services.iter().filter(|s| s.node.kind == "legacy") {
        let id = s.node.id.as_str();
        let mut n = node(&s.node, "existing system");
        n.kind = "legacy".into();
        externals.push(n);
        // What change data capture publishes from its stores is what its links bring; with
        // no link for them, the captured events are an arrow of their own.
        let captures: Vec<_> = (view.captures.iter())
            .filter(|c| c.capture.service == s.node.name)
            .map(|c| {
                let note = format!(
                    " (captured from its {} by {})",
                    c.capture.store, c.capture.tool
                );
                (c.capture.events.join(", "), note)
            })
            .collect();
        let note: String = captures.iter().map(|(_, n)| n.as_str()).collect();
        let ours = |l: &crate::view::LinkView, sync: bool| {
            (l.from.kind != "legacy" || l.to.kind != "legacy") && (l.style == "sync") == sync
        };
        both_ways(view, id, |l| ours(l, true), "", edges);
        both_ways(view, id, |l| ours(l, false), &note, edges);
        if !(view.links.iter()).any(|l| l.from.id == id && ours(l, false)) {
            for (events, note) in captures {
                edges.push(edge(id, "system", format!("{events}{note}"), "async"));
            }
        }
    }
}

/// The arrows between the system and the outside system `id`: one each way, for the links
/// between it and the system that `keep` accepts, labelled with their purposes (the way back
/// with `back_note` after them).
fn both_ways(
    view: &View,
    id: &str,
    keep: impl Fn(&crate::view::LinkView) -> bool,
    back_note: &str,
    edges: &mut Vec<C4Edge>,
) {
    let out: Vec<_> = (view.links.iter())
        .filter(|l| l.to.id == id && l.from.id != id && keep(l))
        .collect();
    let back: Vec<_> = (view.links.iter())
        .filter(|l| l.from.id == id && l.to.id != id && keep(l))
        .collect();
    for (ls, from, to, note) in [(&out, "system", id, ""), (&back, id, "system", back_note)] {
        if ls.is_empty() {
            continue;
        }
        let sync = ls.iter().any(|l| l.style == "sync");
        let style = if sync { "sync" } else { "async" };
        let label = format!("{}{note}", purposes(ls.iter().copied()));
        edges.push(edge(from, to, label, style));
    }
}

/// The system context view.
pub fn context(view: &View, people: &[C4Node], identity: &[(C4Node, String)]) -> ContextC4 {
    // An identity provider the team runs is part of the system, not around it: the system's
    // box says its people sign in there.
    let run = super::deployment::run_by_team(view);
    let own: Vec<&str> = (identity.iter())
        .filter(|(n, _)| run.iter().any(|r| r.id == n.id))
        .map(|(n, _)| n.name.as_str())
        .collect();
    let detail = if own.is_empty() {
        "software system".to_owned()
    } else {
        let own = crate::text::english::and_list(&own);
        format!("software system; its users sign in at its own {own}")
    };
    let system = C4Node {
        id: "system".into(),
        name: view.system.name.clone(),
        detail,
        kind: "system".into(),
        description: view.system.description.clone(),
    };
    let mut edges: Vec<C4Edge> = Vec::new();
    let mut users = people.to_vec();
    for p in people {
        edges.push(edge(
            &p.id,
            "system",
            p.description.replace("; ", ", "),
            "sync",
        ));
    }
    // Without actors, the clients stand for the people who use them.
    if people.is_empty() {
        for c in &view.clients {
            users.push(node(c, &c.label));
            let label = purposes(view.links.iter().filter(|l| l.from.id == c.id));
            edges.push(edge(&c.id, "system", label, "sync"));
        }
    }
    let mut externals: Vec<C4Node> = Vec::new();
    for (idp, method) in identity
        .iter()
        .filter(|(n, _)| !run.iter().any(|r| r.id == n.id))
    {
        let label = sign_in(view, &idp.name, method);
        for p in users
            .iter()
            .filter(|p| signs_in_at(view, &p.name, &idp.name))
        {
            edges.push(edge(&p.id, &idp.id, label.clone(), "sync"));
        }
        edges.push(edge(
            "system",
            &idp.id,
            format!("validates tokens [{method}]"),
            "sync",
        ));
        externals.push(idp.clone());
    }
    for e in &view.externals {
        if !externals.iter().any(|x| x.id == e.id) {
            externals.push(node(e, &e.label));
        }
        both_ways(view, &e.id, |_| true, "", &mut edges);
    }
    legacy(view, &mut externals, &mut edges);
    edges.extend(super::direct::context_edges(view, people, &users));
    ContextC4 {
        people: users,
        system: Some(system),
        externals,
        edges,
    }
}

//! Which callers can reach each resource: a resource whose every operation accepts only
//! credentials that none of its service's callers presents cannot be used by anyone, however
//! complete its contract looks (preferences offered on a service only other services call).

use super::access::AccessView;
use super::nodes::Nodes;
use super::security::SecurityView;
use super::services::ServiceView;
use serde::Serialize;

/// A resource none of its service's callers can call.
#[derive(Debug, Clone, Serialize)]
pub struct Unreachable {
    /// The service.
    pub service: String,
    /// The resource.
    pub resource: String,
    /// The JSON pointer to the resource in the model.
    pub at: String,
    /// The credentials its operations accept, e.g. `["jwt"]`.
    pub accepts: Vec<String>,
    /// Each caller with the credential it presents, e.g. `product services (mtls)`.
    pub callers: Vec<String>,
}

/// The resources of every service that no caller of the service can call. Only judged where
/// every caller's credential is known: a client no authentication method names, or services
/// calling over the network without an identity, may present anything.
pub(super) fn unreachable(
    services: &[ServiceView],
    nodes: &Nodes,
    security: &SecurityView,
) -> Vec<Unreachable> {
    let mut out = Vec::new();
    for (i, s) in services.iter().enumerate() {
        let Some(callers) = caller_methods(s, services, nodes, security) else {
            continue;
        };
        if callers.is_empty() {
            continue;
        }
        for (j, r) in s.api.resources.iter().enumerate() {
            let access: Vec<&AccessView> = r
                .operations
                .iter()
                .map(|o| &o.access)
                .chain(r.actions.iter().map(|a| &a.access))
                .collect();
            if access.is_empty() || access.iter().any(|a| a.public) {
                continue;
            }
            let mut accepts: Vec<String> = access
                .iter()
                .flat_map(|a| a.security.iter())
                .map(|q| method_of(&q.scheme, security))
                .collect();
            accepts.sort();
            accepts.dedup();
            if callers
                .iter()
                .any(|(_, m)| m.iter().any(|m| accepts.contains(m)))
            {
                continue;
            }
            out.push(Unreachable {
                service: s.node.name.clone(),
                resource: r.name.clone(),
                at: format!("/services/{i}/api/resources/{j}"),
                accepts,
                callers: callers
                    .iter()
                    .map(|(c, m)| format!("{c} ({})", m.join(" or ")))
                    .collect(),
            });
        }
    }
    out
}

/// Each synchronous caller of `s` with the credentials it can present; none when one is
/// unknown. A service presents its own identity and, since it may forward them, whatever its
/// own callers present.
fn caller_methods(
    s: &ServiceView,
    services: &[ServiceView],
    nodes: &Nodes,
    security: &SecurityView,
) -> Option<Vec<(String, Vec<String>)>> {
    s.called_by
        .iter()
        .map(|c| {
            let mut seen = vec![s.node.name.clone()];
            presents(c, services, nodes, security, &mut seen).map(|m| (c.clone(), m))
        })
        .collect()
}

/// The credentials `caller` can present, sorted; none when unknown.
fn presents(
    caller: &str,
    services: &[ServiceView],
    nodes: &Nodes,
    security: &SecurityView,
    seen: &mut Vec<String>,
) -> Option<Vec<String>> {
    let kind = nodes.by_name.get(caller).map(|n| n.kind.as_str())?;
    if kind == "client" {
        return security
            .authentication
            .iter()
            .find(|a| a.clients.iter().any(|c| c == caller))
            .map(|a| vec![a.method.clone()]);
    }
    let svc = services.iter().find(|x| x.node.name == caller)?;
    let mut out = vec![match security.service_identity.as_str() {
        "mtls" | "spiffe" => "mtls".to_owned(),
        "jwt" => "jwt".to_owned(),
        _ => return None,
    }];
    if seen.iter().any(|x| x == caller) {
        return Some(out);
    }
    seen.push(caller.to_owned());
    for up in &svc.called_by {
        out.extend(presents(up, services, nodes, security, seen)?);
    }
    out.sort();
    out.dedup();
    Some(out)
}

/// The method behind an OpenAPI security scheme name.
fn method_of(scheme: &str, security: &SecurityView) -> String {
    security
        .authentication
        .iter()
        .find(|a| a.scheme == scheme)
        .map(|a| a.method.clone())
        .unwrap_or_else(|| {
            ["oidc", "oauth2", "jwt", "api-keys", "mtls", "session"]
                .into_iter()
                .find(|m| super::access::extra_scheme_of(m) == scheme)
                .unwrap_or(scheme)
                .to_owned()
        })
}

//! Who may call each operation: the first `access` rule of the resource, then of the API,
//! that names the operation, resolved to OpenAPI security requirements with their scopes.

use super::security::AuthView;
use crate::model::{Access, AuthMethod, Policy, Role};
use crate::text::word;
use serde::Serialize;

/// The access an operation requires.
#[derive(Debug, Clone, Default, Serialize)]
pub struct AccessView {
    /// Whether the model says who may call it (otherwise every authentication method may).
    pub explicit: bool,
    /// Whether it needs no credentials at all (`security: []`).
    pub public: bool,
    /// The alternatives, one per accepted security scheme.
    pub security: Vec<SecurityReq>,
    /// Scopes the token must carry.
    pub scopes: Vec<String>,
    /// Roles allowed to call it.
    pub roles: Vec<String>,
    /// The services and clients allowed to call it, by their own identity.
    pub callers: Vec<String>,
    /// The access in words, plain text with the model's names as they are (templates escape
    /// it), e.g. `scope orders:write; roles customer, support-agent`.
    pub summary: String,
    /// The policies (`security.authorization.policies`) that narrow it further for some of
    /// the roles that may call it, in the model's order.
    pub policies: Vec<NarrowedBy>,
}

/// A policy narrowing an operation for the roles it names among those that may call it.
#[derive(Debug, Clone, Serialize)]
pub struct NarrowedBy {
    /// The policy's name, e.g. `own-clinic`.
    pub policy: String,
    /// The roles it narrows here; empty when it narrows every caller.
    pub roles: Vec<String>,
}

/// One OpenAPI security requirement: a scheme and the scopes it must grant.
#[derive(Debug, Clone, Serialize)]
pub struct SecurityReq {
    /// The security scheme's name, e.g. `oidc`.
    pub scheme: String,
    /// Scopes, for token schemes (OIDC, OAuth 2.0, JWT); empty for others.
    pub scopes: Vec<String>,
}

/// A security scheme an access rule needs that `security.authentication` does not declare
/// (service accounts on mutual TLS, most often).
#[derive(Debug, Clone, Serialize)]
pub struct ExtraScheme {
    /// The scheme's name, e.g. `mtls`.
    pub scheme: String,
    /// The method, e.g. `mtls`.
    pub method: String,
}

/// The scheme name a method gets when only an access rule names it.
pub(super) fn extra_scheme(method: AuthMethod) -> String {
    extra_scheme_of(&word(method))
}

/// The scheme name of a method by its word, e.g. `mtls`.
pub(super) fn extra_scheme_of(method: &str) -> String {
    crate::text::names::camel(method, "auth")
}

/// `access` narrowed to the schemes of the identity providers that issue its roles, when every
/// role it names is tied to one (`roles[].provider`): staff tokens from one provider, patient
/// tokens from another, and neither accepted where only the other's role may call.
pub(super) fn by_issuer(mut access: AccessView, roles: &[Role], auth: &[AuthView]) -> AccessView {
    if access.roles.is_empty() {
        return access;
    }
    let mut providers: Vec<&str> = Vec::new();
    for name in &access.roles {
        match roles
            .iter()
            .find(|r| &r.name == name)
            .and_then(|r| r.provider.as_deref())
        {
            Some(p) => providers.push(p),
            None => return access,
        }
    }
    let issues = |scheme: &str| {
        auth.iter()
            .find(|a| a.scheme == scheme)
            .and_then(|a| a.provider.as_deref())
            .is_some_and(|p| providers.contains(&p))
    };
    // Schemes of no provider (mutual TLS, API keys) stay: the role check is the token's.
    let is_token = |scheme: &str| {
        auth.iter()
            .find(|a| a.scheme == scheme)
            .is_some_and(|a| a.provider.is_some())
    };
    access
        .security
        .retain(|s| !is_token(&s.scheme) || issues(&s.scheme));
    access
}

/// Fills in `access.policies`: each policy whose roles meet the roles that may call the
/// operation (those the rule names, else those granted one of its scopes, else every role), and
/// each policy that names no role. A public operation, or one only services call, has none.
pub(super) fn narrow(access: &mut AccessView, roles: &[Role], policies: &[Policy]) {
    if access.public
        || (access.roles.is_empty() && access.scopes.is_empty() && !access.callers.is_empty())
    {
        return;
    }
    let grants = |r: &Role| {
        access.scopes.is_empty()
            || r.permissions.iter().any(|p| {
                access
                    .scopes
                    .iter()
                    .any(|s| p == s || p.strip_suffix(":own") == Some(s.as_str()))
            })
    };
    let callers: Vec<&str> = if access.roles.is_empty() {
        roles
            .iter()
            .filter(|r| grants(r))
            .map(|r| r.name.as_str())
            .collect()
    } else {
        access.roles.iter().map(String::as_str).collect()
    };
    access.policies = policies
        .iter()
        .filter_map(|p| {
            let here: Vec<String> = (p.roles.iter())
                .filter(|r| callers.contains(&r.as_str()))
                .cloned()
                .collect();
            (p.roles.is_empty() || !here.is_empty()).then(|| NarrowedBy {
                policy: p.name.clone(),
                roles: here,
            })
        })
        .collect();
    let each: Vec<String> = (access.policies.iter())
        .map(|n| match n.roles.as_slice() {
            [] => n.policy.clone(),
            roles => format!(
                "{} (for {})",
                n.policy,
                crate::text::english::and_list(roles)
            ),
        })
        .collect();
    let s = if each.len() == 1 { "y" } else { "ies" };
    if !each.is_empty() {
        access.summary = format!(
            "{}; narrowed by polic{s} {}",
            access.summary,
            each.join(", ")
        );
    }
}

/// The access `op` (an operation or action name) requires under these rules.
pub(super) fn resolve(
    op: &str,
    resource: &[Access],
    api: &[Access],
    auth: &[AuthView],
) -> AccessView {
    let covers = |a: &&Access| a.operations.is_empty() || a.operations.iter().any(|o| o == op);
    let Some(rule) = resource
        .iter()
        .find(covers)
        .or_else(|| api.iter().find(covers))
    else {
        return AccessView {
            security: auth
                .iter()
                .map(|a| SecurityReq {
                    scheme: a.scheme.clone(),
                    scopes: Vec::new(),
                })
                .collect(),
            summary: "any authenticated caller".into(),
            ..AccessView::default()
        };
    };
    if rule.public {
        return AccessView {
            explicit: true,
            public: true,
            summary: "public: no credentials".into(),
            ..AccessView::default()
        };
    }
    let accepted = |k: AuthMethod| rule.methods.is_empty() || rule.methods.contains(&k);
    let mut security: Vec<SecurityReq> = auth
        .iter()
        .filter(|a| accepted(a.kind))
        .map(|a| SecurityReq {
            scheme: a.scheme.clone(),
            scopes: if a.kind.carries_scopes() {
                rule.scopes.clone()
            } else {
                Vec::new()
            },
        })
        .collect();
    for m in &rule.methods {
        if !auth.iter().any(|a| a.kind == *m) {
            security.push(SecurityReq {
                scheme: extra_scheme(*m),
                scopes: if m.carries_scopes() {
                    rule.scopes.clone()
                } else {
                    Vec::new()
                },
            });
        }
    }
    AccessView {
        explicit: true,
        public: false,
        security,
        scopes: rule.scopes.clone(),
        roles: rule.roles.clone(),
        callers: rule.callers.clone(),
        summary: summary(rule),
        policies: Vec::new(),
    }
}

/// The access of `rule` in words.
fn summary(rule: &crate::model::Access) -> String {
    let mut parts = Vec::new();
    if !rule.methods.is_empty() {
        let words: Vec<String> = rule.methods.iter().map(|m| method_label(*m)).collect();
        parts.push(format!("only {}", words.join(" or ")));
    }
    if !rule.scopes.is_empty() {
        let s = if rule.scopes.len() == 1 { "" } else { "s" };
        parts.push(format!("scope{s} {}", ticked(&rule.scopes)));
    }
    if !rule.roles.is_empty() {
        let s = if rule.roles.len() == 1 { "" } else { "s" };
        parts.push(format!("role{s} {}", ticked(&rule.roles)));
    }
    if !rule.callers.is_empty() {
        parts.push(format!(
            "called only by {}",
            crate::text::english::and_list(&rule.callers)
        ));
    }
    if parts.is_empty() {
        "any authenticated caller".into()
    } else {
        parts.join("; ")
    }
}

fn ticked(names: &[String]) -> String {
    names.join(", ")
}

fn method_label(m: AuthMethod) -> String {
    match m {
        AuthMethod::Oidc => "OpenID Connect tokens",
        AuthMethod::Oauth2 => "OAuth 2.0 tokens",
        AuthMethod::Jwt => "JWTs",
        AuthMethod::ApiKeys => "API keys",
        AuthMethod::Mtls => "service accounts (mutual TLS)",
        AuthMethod::Session => "session cookies",
    }
    .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn auth(method: &str, scheme: &str) -> AuthView {
        AuthView {
            method: method.into(),
            kind: serde_yaml::from_str(method).expect("a method's name"),
            provider: None,
            issuer: None,
            clients: vec![],
            token_ttl_minutes: None,
            token_ttl_assumed: false,
            scopes: vec![],
            scheme: scheme.into(),
            grants: vec![],
            endpoints: None,
            self_hosted: false,
            self_hosted_assumed: false,
            backed_up: false,
        }
    }

    #[test]
    fn a_role_tied_to_a_provider_accepts_only_its_tokens() {
        let mut patients = auth("oidc", "oidc");
        patients.provider = Some("Auth0".into());
        let mut staff = auth("oidc", "oidc2");
        staff.provider = Some("Entra ID".into());
        let auths = [patients, staff, auth("mtls", "mtls")];
        let role = |name: &str, provider: Option<&str>| Role {
            name: name.into(),
            description: String::new(),
            permissions: vec![],
            provider: provider.map(Into::into),
            clients: Vec::new(),
            second_factor: false,
        };
        let roles = [role("clinician", Some("Entra ID")), role("patient", None)];
        let rule = |r: &str| {
            [Access {
                roles: vec![r.into()],
                ..Access::default()
            }]
        };
        let schemes =
            |v: AccessView| -> Vec<String> { v.security.into_iter().map(|s| s.scheme).collect() };
        let clinician = by_issuer(
            resolve("get", &rule("clinician"), &[], &auths),
            &roles,
            &auths,
        );
        assert_eq!(schemes(clinician), ["oidc2", "mtls"]);
        // A role no provider is named for keeps every scheme.
        let patient = by_issuer(
            resolve("get", &rule("patient"), &[], &auths),
            &roles,
            &auths,
        );
        assert_eq!(schemes(patient), ["oidc", "oidc2", "mtls"]);
    }

    #[test]
    fn the_resource_rule_wins_then_the_api_rule_then_everyone() {
        let auths = [auth("oidc", "oidc"), auth("api-keys", "apiKeys")];
        let resource = [Access {
            operations: vec!["cancel".into()],
            scopes: vec!["orders:write".into()],
            methods: vec![AuthMethod::Oidc],
            ..Access::default()
        }];
        let api = [Access {
            operations: vec!["get".into()],
            public: true,
            ..Access::default()
        }];
        let cancel = resolve("cancel", &resource, &api, &auths);
        assert_eq!(cancel.security.len(), 1);
        assert_eq!(cancel.security[0].scopes, ["orders:write"]);
        assert_eq!(
            cancel.summary,
            "only OpenID Connect tokens; scope orders:write"
        );
        let get = resolve("get", &resource, &api, &auths);
        assert!(get.public && get.security.is_empty());
        let list = resolve("list", &resource, &api, &auths);
        assert!(!list.explicit);
        assert_eq!(list.security.len(), 2);
    }

    #[test]
    fn a_method_no_authentication_declares_gets_its_own_scheme() {
        let rules = [Access {
            methods: vec![AuthMethod::Mtls],
            ..Access::default()
        }];
        let v = resolve("get", &[], &rules, &[auth("oidc", "oidc")]);
        assert_eq!(v.security.len(), 1);
        assert_eq!(v.security[0].scheme, "mtls");
        assert!(v.security[0].scopes.is_empty());
    }

    #[test]
    fn a_policy_narrows_the_operations_its_roles_may_call() {
        let role = |name: &str, permissions: &[&str]| Role {
            name: name.into(),
            description: String::new(),
            permissions: permissions.iter().map(|p| (*p).into()).collect(),
            provider: None,
            clients: Vec::new(),
            second_factor: false,
        };
        let roles = [
            role("front-desk", &["appointments:read"]),
            role("patient", &["appointments:read:own"]),
            role("clinic-manager", &["appointments:manage"]),
        ];
        let policy = |name: &str, roles: &[&str]| Policy {
            name: name.into(),
            rule: String::new(),
            roles: roles.iter().map(|r| (*r).into()).collect(),
        };
        let policies = [
            policy("own-clinic", &["front-desk", "clinic-manager"]),
            policy("audited", &[]),
        ];
        let rules = [Access {
            scopes: vec!["appointments:read".into()],
            ..Access::default()
        }];
        let mut read = resolve("list", &rules, &[], &[auth("oidc", "oidc")]);
        narrow(&mut read, &roles, &policies);
        // The scope's holders, the `:own` one too; not the manager, who lacks the scope.
        let named: Vec<(&str, &[String])> = (read.policies.iter())
            .map(|p| (p.policy.as_str(), p.roles.as_slice()))
            .collect();
        assert_eq!(
            named,
            [
                ("own-clinic", &["front-desk".to_string()][..]),
                ("audited", &[][..])
            ]
        );
        assert_eq!(
            read.summary,
            "scope appointments:read; narrowed by policies own-clinic (for front-desk), audited"
        );
        let public = [Access {
            public: true,
            ..Access::default()
        }];
        let mut open = resolve("list", &public, &[], &[]);
        narrow(&mut open, &roles, &policies);
        assert!(open.policies.is_empty());
    }
}

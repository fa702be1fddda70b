//! Step 7: security architecture: authentication per kind of caller, authorization, service
//! identity, rate limits, secrets, CORS.

use super::{Step, group, options, services, unique_among};
use crate::interview::ask::{
    At, any, choice, confirm, list, number, pick, pick_many, required, spelling, text, variants,
};
use crate::interview::flow::Node;
use crate::model::{
    AccessModel, AuthMethod, Authentication, ClientKind, Model, Policy, RateLimit, RateScope, Role,
    ServiceIdentity, ServiceKind, Window,
};
use crate::validate::fields;

fn auth<'a>(m: &'a Model, at: &At) -> &'a Authentication {
    &m.security.authentication[at[0]]
}

/// The method a new entry defaults to: API keys once people are covered and partners remain.
fn next_method(m: &Model) -> AuthMethod {
    let has_people = m.security.authentication.iter().any(|a| {
        matches!(
            a.method,
            AuthMethod::Oidc | AuthMethod::Oauth2 | AuthMethod::Session | AuthMethod::Jwt
        )
    });
    let partners = m.clients.iter().any(|c| c.kind == ClientKind::Partner);
    if has_people && partners {
        AuthMethod::ApiKeys
    } else {
        AuthMethod::Oidc
    }
}

fn gateway(m: &Model) -> Option<String> {
    m.services
        .iter()
        .find(|s| s.kind == ServiceKind::Gateway)
        .map(|s| s.name.clone())
}

pub(super) fn step() -> Step {
    Step {
        number: 7,
        key: "security",
        title: "Security architecture",
        why: "authenticate every caller, authorize every request, and trust nothing by network location",
        nodes: vec![
            Node::Group(
                group(
                    "authentication",
                    "authentication method",
                    "One per kind of caller: people through an identity provider, partners with API keys, services with mTLS.",
                    |m, _| m.security.authentication.iter().map(|a| spelling(&a.method)).collect(),
                    |m, _| {
                        let method = next_method(m);
                        m.security.authentication.push(Authentication { method, provider: None, issuer: None, clients: Vec::new(), token_ttl_minutes: None, scopes: Vec::new() })
                    },
                    |m, _, i| {
                        m.security.authentication.remove(i);
                    },
                    vec![
                        Node::Ask(
                            choice(
                                "auth.method",
                                "How do these callers prove who they are?",
                                "OIDC for people, OAuth 2.0 client credentials for machines, API keys for partners, mTLS between services.",
                                |m, at| Some(auth(m, at).method),
                                |m, at, v| m.security.authentication[at[0]].method = v,
                                |m, _| next_method(m),
                            )
                            .quick(),
                        ),
                        Node::Ask(
                            text(
                                "auth.provider",
                                "Identity provider?",
                                "e.g. `Keycloak`, `Auth0`, `Okta`, `Amazon Cognito`; buy identity, don't build it.",
                                |m, at| auth(m, at).provider.clone().unwrap_or_default(),
                                |m, at, v| m.security.authentication[at[0]].provider = (!v.is_empty()).then_some(v),
                                |_, _| String::new(),
                                any,
                            )
                            .when(|m, at| matches!(auth(m, at).method, AuthMethod::Oidc | AuthMethod::Oauth2)),
                        ),
                        Node::Ask(
                            text(
                                "auth.issuer",
                                "Issuer URL? (empty if not known yet)",
                                "e.g. `https://id.shop.example/realms/shop`; the contracts point clients at its discovery document.",
                                |m, at| auth(m, at).issuer.clone().unwrap_or_default(),
                                |m, at, v| m.security.authentication[at[0]].issuer = (!v.is_empty()).then_some(v),
                                |_, _| String::new(),
                                |_, _, v| if v.is_empty() || v.starts_with("https://") || v.starts_with("http://") { Ok(()) } else { Err("an issuer is a URL starting with https://".into()) },
                            )
                            .when(|m, at| matches!(auth(m, at).method, AuthMethod::Oidc | AuthMethod::Oauth2)),
                        ),
                        Node::Ask(
                            pick_many(
                                "auth.clients",
                                "Which clients use it? (none ticked: all)",
                                "Different callers can use different methods.",
                                |m, _| m.clients.iter().map(|c| (c.name.clone(), spelling(&c.kind))).collect(),
                                |m, at| auth(m, at).clients.clone(),
                                |m, at, v| m.security.authentication[at[0]].clients = v,
                            )
                            .when(|m, _| m.clients.len() > 1),
                        ),
                        Node::Ask(
                            number::<u32>(
                                "auth.ttl",
                                "Access token lifetime in minutes?",
                                "Short-lived tokens (5 to 15 minutes) with refresh tokens limit what a leaked token can do.",
                                |m, at| auth(m, at).token_ttl_minutes,
                                |m, at, v| m.security.authentication[at[0]].token_ttl_minutes = v.filter(|t| *t != 15),
                                |_, _| Some(15),
                                |v| fields::within(v, 1, 1440),
                            )
                            .when(|m, at| matches!(auth(m, at).method, AuthMethod::Oidc | AuthMethod::Oauth2 | AuthMethod::Jwt)),
                        ),
                    ],
                )
                .quick(),
            ),
            Node::Ask(pick(
                "authz.model",
                "How is access decided once the caller is known?",
                "RBAC for a handful of roles; ABAC when rules depend on attributes such as tenant or ownership.",
                |_, _| {
                    let mut o = vec![("scopes only".to_owned(), "token scopes per operation; no access model of its own".to_owned())];
                    o.extend(variants::<AccessModel>().into_iter().map(|(_, n, h)| (n, h)));
                    o
                },
                |m, _| m.security.authorization.model.map(|a| spelling(&a)).unwrap_or_else(|| "scopes only".into()),
                |m, _, v| m.security.authorization.model = variants::<AccessModel>().into_iter().find(|(_, n, _)| *n == v).map(|(a, _, _)| a),
            )),
            Node::Group(
                group(
                    "roles",
                    "role",
                    "Each role with the permissions it grants.",
                    |m, _| m.security.authorization.roles.iter().map(|r| r.name.clone()).collect(),
                    |m, _| m.security.authorization.roles.push(Role { name: String::new(), description: String::new(), permissions: Vec::new() }),
                    |m, _, i| {
                        m.security.authorization.roles.remove(i);
                    },
                    vec![
                        Node::Ask(text(
                            "roles.name",
                            "Role name",
                            "e.g. `support-agent`.",
                            |m, at| m.security.authorization.roles[at[0]].name.clone(),
                            |m, at, v| m.security.authorization.roles[at[0]].name = v,
                            |_, _| String::new(),
                            |m, at, v| unique_among(m.security.authorization.roles.iter().map(|r| r.name.clone()).collect(), &m.security.authorization.roles[at[0]].name, v),
                        )),
                        Node::Ask(text(
                            "roles.description",
                            "Who holds it?",
                            "A few words.",
                            |m, at| m.security.authorization.roles[at[0]].description.clone(),
                            |m, at, v| m.security.authorization.roles[at[0]].description = v,
                            |_, _| String::new(),
                            any,
                        )),
                        Node::Ask(list(
                            "roles.permissions",
                            "Permissions it grants? (separate with `;`)",
                            "e.g. `orders:read; orders:amend`.",
                            |m, at| m.security.authorization.roles[at[0]].permissions.clone(),
                            |m, at, v| m.security.authorization.roles[at[0]].permissions = v,
                        )),
                    ],
                )
                .suggest(2)
                .when(|m, _| m.security.authorization.model == Some(AccessModel::Rbac)),
            ),
            Node::Group(
                group(
                    "policies",
                    "policy",
                    "Each policy as a rule in words; a policy engine enforces them.",
                    |m, _| m.security.authorization.policies.iter().map(|p| p.name.clone()).collect(),
                    |m, _| m.security.authorization.policies.push(Policy { name: String::new(), rule: String::new() }),
                    |m, _, i| {
                        m.security.authorization.policies.remove(i);
                    },
                    vec![
                        Node::Ask(text(
                            "policies.name",
                            "Policy name",
                            "e.g. `tenant-isolation`.",
                            |m, at| m.security.authorization.policies[at[0]].name.clone(),
                            |m, at, v| m.security.authorization.policies[at[0]].name = v,
                            |_, _| String::new(),
                            |m, at, v| unique_among(m.security.authorization.policies.iter().map(|p| p.name.clone()).collect(), &m.security.authorization.policies[at[0]].name, v),
                        )),
                        Node::Ask(text(
                            "policies.rule",
                            "The rule, in words?",
                            "e.g. `a user reads only resources of their own tenant`.",
                            |m, at| m.security.authorization.policies[at[0]].rule.clone(),
                            |m, at, v| m.security.authorization.policies[at[0]].rule = v,
                            |_, _| String::new(),
                            required,
                        )),
                    ],
                )
                .when(|m, _| m.security.authorization.model == Some(AccessModel::Abac)),
            ),
            Node::Ask(
                text(
                    "authz.engine",
                    "Where are decisions made?",
                    "A policy engine such as Open Policy Agent or Cedar keeps rules out of service code.",
                    |m, _| m.security.authorization.engine.clone().unwrap_or_default(),
                    |m, _, v| m.security.authorization.engine = (!v.is_empty()).then_some(v),
                    |_, _| "Open Policy Agent".into(),
                    any,
                )
                .when(|m, _| matches!(m.security.authorization.model, Some(AccessModel::Abac | AccessModel::Rebac))),
            ),
            Node::Ask(choice(
                "service_identity",
                "How do services prove their identity to each other?",
                "Zero trust: mutual TLS from a service mesh is the usual default.",
                |m, _| m.security.service_identity,
                |m, _, v| m.security.service_identity = (v != ServiceIdentity::Mtls).then_some(v),
                |_, _| ServiceIdentity::Mtls,
            )),
            Node::Group(group(
                "rate_limits",
                "rate limit",
                "Limits per client, user, tenant or IP protect the APIs from abuse and noisy neighbours.",
                |m, _| m.security.rate_limits.iter().map(|r| format!("{} per {} per {}", r.requests, spelling(&r.scope), spelling(&r.per))).collect(),
                |m, _| {
                    let scope = if m.requirements.tenancy.is_some() { RateScope::Tenant } else { RateScope::Client };
                    m.security.rate_limits.push(RateLimit { scope, requests: 600, per: Window::Minute, burst: None, algorithm: Default::default(), enforced_by: None })
                },
                |m, _, i| {
                    m.security.rate_limits.remove(i);
                },
                vec![
                    Node::Ask(choice(
                        "limits.scope",
                        "What is counted?",
                        "Per tenant stops noisy neighbours; per IP stops anonymous abuse.",
                        |m, at| Some(m.security.rate_limits[at[0]].scope),
                        |m, at, v| m.security.rate_limits[at[0]].scope = v,
                        |_, _| RateScope::Client,
                    )),
                    Node::Ask(number::<u32>(
                        "limits.requests",
                        "How many requests?",
                        "Per window below.",
                        |m, at| Some(m.security.rate_limits[at[0]].requests),
                        |m, at, v| m.security.rate_limits[at[0]].requests = v.unwrap_or(600),
                        |_, _| Some(600),
                        |v| fields::within(v, 1, u32::MAX),
                    )),
                    Node::Ask(choice(
                        "limits.per",
                        "Per?",
                        "The window.",
                        |m, at| Some(m.security.rate_limits[at[0]].per),
                        |m, at, v| m.security.rate_limits[at[0]].per = v,
                        |_, _| Window::Minute,
                    )),
                    Node::Ask(choice(
                        "limits.algorithm",
                        "Which algorithm?",
                        "A token bucket allows short bursts; a sliding window is smooth and cheap.",
                        |m, at| Some(m.security.rate_limits[at[0]].algorithm),
                        |m, at, v| m.security.rate_limits[at[0]].algorithm = v,
                        |_, _| Default::default(),
                    )),
                    Node::Ask(
                        pick(
                            "limits.enforced_by",
                            "Which service enforces it?",
                            "Usually the gateway, before requests reach the services.",
                            |m, _| services(m),
                            |m, at| m.security.rate_limits[at[0]].enforced_by.clone().or_else(|| gateway(m)).unwrap_or_default(),
                            |m, at, v| m.security.rate_limits[at[0]].enforced_by = (Some(&v) != gateway(m).as_ref()).then_some(v),
                        )
                        .when(|m, _| !m.services.is_empty()),
                    ),
                ],
            )
            .suggest(0)),
            Node::Ask(pick(
                "secrets",
                "Where do secrets live?",
                "Never in code or images; rotated without redeploys.",
                |m, _| {
                    let mut o = options(&["not chosen yet", "HashiCorp Vault", "AWS Secrets Manager", "Google Secret Manager", "Azure Key Vault", "Kubernetes Secrets (sealed)"]);
                    if let Some(v) = &m.security.secrets {
                        if !o.iter().any(|(n, _)| n == v) {
                            o.push((v.clone(), String::new()));
                        }
                    }
                    o
                },
                |m, _| m.security.secrets.clone().unwrap_or_else(|| "not chosen yet".into()),
                |m, _, v| m.security.secrets = (v != "not chosen yet").then_some(v),
            )),
            Node::Ask(
                list(
                    "cors.origins",
                    "Origins allowed to call the APIs from a browser? (separate with `;`)",
                    "Exact origins such as `https://shop.example`; never `*` with credentials.",
                    |m, _| m.security.cors.allowed_origins.clone(),
                    |m, _, v| m.security.cors.allowed_origins = v,
                )
                .when(|m, _| m.clients.iter().any(|c| c.kind == ClientKind::Web)),
            ),
            Node::Ask(
                confirm(
                    "cors.credentials",
                    "Do browsers send cookies or credentials cross-origin?",
                    "Needed for cookie sessions; then CSRF protection is required too.",
                    |m, _| m.security.cors.allow_credentials,
                    |m, _, v| m.security.cors.allow_credentials = v,
                )
                .when(|m, _| !m.security.cors.allowed_origins.is_empty()),
            ),
        ],
    }
}

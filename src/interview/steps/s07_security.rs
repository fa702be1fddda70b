//! Step 7: security architecture: authentication per kind of caller, authorization, service
//! identity, rate limits, secrets, the audit log, CORS.

use super::prelude::*;
use crate::interview::flow::Node;
use crate::interview::values::variants;
use crate::model::{
    AccessModel, Audit, AuthMethod, Authentication, ClientKind, Policy, RateLimit, RateScope, Role,
    ServiceIdentity, ServiceKind, Window,
};

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

const SECRETS: [(&str, &str); 5] = [
    (
        "HashiCorp Vault",
        "dynamic secrets and leases on any platform",
    ),
    ("AWS Secrets Manager", "managed on AWS, with rotation"),
    ("Google Secret Manager", "managed on Google Cloud"),
    ("Azure Key Vault", "managed on Azure"),
    (
        "Kubernetes Secrets (sealed)",
        "encrypted in the repository, decrypted in the cluster",
    ),
];

// long: one step's question table, a declaration of a few lines per question
pub(super) fn step() -> Step {
    Step {
        number: 7,
        key: "security",
        title: "Security architecture",
        why: "authenticate every caller, authorize every request, and trust nothing by network \
              location",
        nodes: nodes![
            group(
                "authentication",
                "authentication method",
                lens!(|m, _| m.security.authentication)
            )
            .help(
                "One per kind of caller: people through an identity provider, partners with \
                     API keys, services with mTLS.",
            )
            .label(|a| spelling(&a.method))
            .new_item(|m, _| Authentication {
                method: next_method(m),
                provider: None,
                issuer: None,
                clients: Vec::new(),
                token_ttl_minutes: None,
                scopes: Vec::new(),
                token_url: None,
                self_hosted: None,
                backed_up: None,
            })
            .quick()
            .ask(authentication()),
            pick(
                "authz.model",
                "How is access decided once the caller is known?",
                |_, _| {
                    let mut o = vec![(SCOPES_ONLY.to_owned(), SCOPES_HELP.to_owned())];
                    o.extend(
                        variants::<AccessModel>()
                            .into_iter()
                            .map(|(_, n, h)| (n, h)),
                    );
                    o
                }
            )
            .help(
                "RBAC for a handful of roles; ABAC when rules depend on attributes such as tenant \
                 or ownership.",
            )
            .value(Lens::new(
                |m, _| {
                    let model = m.security.authorization.model;
                    model
                        .map(|a| spelling(&a))
                        .unwrap_or_else(|| SCOPES_ONLY.into())
                },
                |m, _, v| {
                    let found = variants::<AccessModel>()
                        .into_iter()
                        .find(|(_, n, _)| *n == v);
                    m.security.authorization.model = found.map(|(a, _, _)| a)
                },
            )),
            group(
                "roles",
                "role",
                lens!(|m, _| m.security.authorization.roles)
            )
            .help("Each role with the permissions it grants.")
            .label(|r| r.name.clone())
            .new_item(|_, _| Role {
                name: String::new(),
                description: String::new(),
                permissions: Vec::new(),
                provider: None,
                clients: Vec::new(),
                second_factor: false,
            })
            .when(|m, _| m.security.authorization.model == Some(AccessModel::Rbac))
            .ask(role()),
            group(
                "policies",
                "policy",
                lens!(|m, _| m.security.authorization.policies)
            )
            .help(
                "Each policy as a rule in words; a policy engine enforces them. Beside roles: \
                 the attribute rules that narrow what a role reaches, e.g. front-desk staff \
                 only their clinic's appointments.",
            )
            .label(|p| p.name.clone())
            .new_item(|_, _| Policy {
                name: String::new(),
                rule: String::new(),
                roles: Vec::new(),
            })
            .when(|m, _| {
                matches!(
                    m.security.authorization.model,
                    Some(AccessModel::Abac | AccessModel::Rbac)
                )
            })
            .ask(policy()),
            text("authz.engine", "Where are decisions made?")
                .help(
                    "A policy engine such as Open Policy Agent or Cedar keeps rules out of \
                     service code.",
                )
                .value(lens!(|m, _| m.security.authorization.engine))
                .default(|_, _| Some("Open Policy Agent".into()))
                .when(|m, _| {
                    let model = m.security.authorization.model;
                    matches!(model, Some(AccessModel::Abac | AccessModel::Rebac))
                }),
            group(
                "rate_limits",
                "rate limit",
                lens!(|m, _| m.security.rate_limits)
            )
            .help(
                "Limits per client, user, tenant or IP protect the APIs from abuse and noisy \
                     neighbours.",
            )
            .label(|r| {
                format!(
                    "{} per {} per {}",
                    r.requests,
                    spelling(&r.scope),
                    spelling(&r.per)
                )
            })
            .new_item(|m, _| RateLimit {
                scope: match m.requirements.tenancy {
                    Some(_) => RateScope::Tenant,
                    None => RateScope::Client,
                },
                requests: 600,
                per: Window::Minute,
                burst: None,
                algorithm: None,
                enforced_by: None,
                clients: Vec::new(),
            })
            .ask(rate_limit()),
            derived(
                "security.defaults",
                nodes![
                    each(
                        "limits.scoped",
                        |m, _| m.security.rate_limits.len(),
                        |m, at| {
                            let r = &m.security.rate_limits[at[0]];
                            (r.scope == RateScope::Client && m.clients.len() > 1).then(|| {
                                format!(
                                    "the per-client limit of {} per {}",
                                    r.requests,
                                    spelling(&r.per)
                                )
                            })
                        }
                    )
                    .ask(nodes![limit_clients()]),
                    limit_store(),
                    super::s07_fallback::question(),
                    choice(
                        "service_identity",
                        "How do services prove their identity to each other?"
                    )
                    .help("Zero trust: mutual TLS from a service mesh is the usual default.")
                    .value(lens!(|m, _| m.security.service_identity))
                    .derived(|_, _| Some(ServiceIdentity::Mtls)),
                    tool(
                        "secrets",
                        "Where do secrets live?",
                        &SECRETS,
                        lens!(|m, _| m.security.secrets)
                    )
                    .help("Never in code or images; rotated without redeploys."),
                    other_tool("secrets.other", lens!(|m, _| m.security.secrets)),
                    text(
                        "audit.records",
                        "What does the audit log record? (separate with `;`)"
                    )
                    .help(
                        "Who did what, kept apart from the logs: e.g. every change to an order \
                         and who made it; support staff's reads of a customer's data."
                    )
                    .value(Lens::new(audit_records, set_audit_records)),
                    text("audit.retention_days", "Days the audit records are kept?")
                        .help("As long as the regime asks: HIPAA six years (2190 days).")
                        .value(Lens::new(
                            |m, _| m.security.audit.as_ref().and_then(|a| a.retention_days),
                            |m, _, v| {
                                if let Some(a) = m.security.audit.as_mut() {
                                    a.retention_days = v;
                                }
                            },
                        ))
                        .when(|m, _| m.security.audit.is_some()),
                    text(
                        "cors.origins",
                        "Origins allowed to call the APIs from a browser? (separate with `;`)",
                    )
                    .help(
                        "Exact origins such as `https://shop.example`; never `*` with credentials."
                    )
                    .value(lens!(|m, _| m.security.cors.allowed_origins))
                    .when(|m, _| m.clients.iter().any(|c| c.kind == ClientKind::Web)),
                    confirm(
                        "cors.credentials",
                        "Do browsers send cookies or credentials cross-origin?"
                    )
                    .help("Needed for cookie sessions; then CSRF protection is required too.")
                    .value(lens!(|m, _| m.security.cors.allow_credentials))
                    .when(|m, _| !m.security.cors.allowed_origins.is_empty()),
                    super::s07_access::each_resource(),
                ],
            ),
        ],
    }
}

fn audit_records(m: &Model, _: &At) -> Vec<String> {
    m.security
        .audit
        .as_ref()
        .map(|a| a.records.clone())
        .unwrap_or_default()
}

/// An empty answer removes the audit log; any other keeps its store and retention.
fn set_audit_records(m: &mut Model, _: &At, records: Vec<String>) {
    if records.is_empty() {
        m.security.audit = None;
        return;
    }
    match m.security.audit.as_mut() {
        Some(a) => a.records = records,
        None => {
            m.security.audit = Some(Audit {
                records,
                store: None,
                retention_days: None,
            })
        }
    }
}

const SCOPES_ONLY: &str = "scopes only";
const SCOPES_HELP: &str = "token scopes per operation; no access model of its own";

fn authentication() -> Vec<Node> {
    let mut out = nodes![
        choice("auth.method", "How do these callers prove who they are?")
            .help(
                "OIDC for people, OAuth 2.0 client credentials for machines, API keys for \
                 partners, mTLS between services.",
            )
            .value(lens!(|m, at| m.security.authentication[at[0]].method).some())
            .quick(),
    ];
    out.extend(provider());
    out.extend(nodes![
        pick_many(
            "auth.clients",
            "Which clients use it? (none ticked: all)",
            |m, _| {
                m.clients
                    .iter()
                    .map(|c| (c.name.clone(), spelling(&c.kind)))
                    .collect()
            }
        )
        .help("Different callers can use different methods.")
        .value(lens!(|m, at| m.security.authentication[at[0]].clients))
        .when(|m, _| m.clients.len() > 1),
        text("auth.ttl", "Access token lifetime in minutes?")
            .help(
                "Short-lived tokens (5 to 15 minutes) with refresh tokens limit what a leaked \
                 token can do.",
            )
            .value(lens!(
                |m, at| m.security.authentication[at[0]].token_ttl_minutes
            ))
            .derived(|_, _| Some(crate::defaults::TOKEN_TTL_MINUTES))
            .check(range(1, 1440))
            .when(|m, at| {
                let method = auth(m, at).method;
                matches!(
                    method,
                    AuthMethod::Oidc | AuthMethod::Oauth2 | AuthMethod::Jwt
                )
            }),
    ]);
    out
}

/// Who issues the tokens of an OIDC or OAuth 2.0 entry: the provider, whether the team runs
/// it, and where it serves its issuer and token endpoint.
fn provider() -> Vec<Node> {
    nodes![
        text("auth.provider", "Identity provider?")
            .help(
                "e.g. `Keycloak`, `Auth0`, `Okta`, `Amazon Cognito`; buy identity, don't build \
                 it.",
            )
            .value(lens!(|m, at| m.security.authentication[at[0]].provider))
            .when(|m, at| matches!(auth(m, at).method, AuthMethod::Oidc | AuthMethod::Oauth2)),
        confirm("auth.self_hosted", "Does the team run it itself?")
            .help(
                "One the team runs (Keycloak on the cluster) is a workload with a database of \
                 its own to back up; one bought as a service (Auth0, Cognito) is the vendor's. \
                 Kept in the model only where the product's name does not say it.",
            )
            .value(Lens::new(
                |m, at| crate::derive::identity::self_hosted(auth(m, at)).0,
                |m, at, v: bool| {
                    // Kept only where it differs from what the product's name says.
                    let a = &mut m.security.authentication[at[0]];
                    a.self_hosted = None;
                    let guess = crate::derive::identity::self_hosted(a).0;
                    a.self_hosted = (v != guess).then_some(v);
                },
            ))
            .when(|m, at| auth(m, at).provider.is_some()),
        confirm(
            "auth.backed_up",
            "Is its database backed up to the system's recovery objectives, as the services' \
             stores are?"
        )
        .help(
            "Its accounts, credentials, clients and signing keys: losing them loses every \
             account and fails every issued token. No leaves it a gap and a risk in the \
             documents."
        )
        .value(Lens::new(
            |m, at| auth(m, at).backed_up == Some(true),
            |m, at, v: bool| m.security.authentication[at[0]].backed_up = v.then_some(true),
        ))
        .when(|m, at| {
            auth(m, at).provider.is_some() && crate::derive::identity::self_hosted(auth(m, at)).0
        }),
        text("auth.issuer", "Issuer URL? (empty if not known yet)")
            .help(
                "e.g. `https://id.shop.example/realms/shop`; the contracts point clients at its \
                 discovery document.",
            )
            .value(lens!(|m, at| m.security.authentication[at[0]].issuer))
            .check(|_, _, v: &Option<String>| match v.as_deref() {
                None => Ok(()),
                Some(v) if v.starts_with("https://") || v.starts_with("http://") => Ok(()),
                Some(_) => Err("an issuer is a URL starting with https://".into()),
            })
            .when(|m, at| matches!(auth(m, at).method, AuthMethod::Oidc | AuthMethod::Oauth2)),
        text(
            "auth.token_url",
            "Token endpoint URL? (empty if not known yet)"
        )
        .help(
            "A Cognito user pool serves it on its domain, not under the issuer: e.g. \
                 `https://auth.shop.example/oauth2/token`.",
        )
        .value(lens!(|m, at| m.security.authentication[at[0]].token_url))
        .check(|_, _, v: &Option<String>| match v.as_deref() {
            None => Ok(()),
            Some(v) if v.starts_with("https://") => Ok(()),
            Some(_) => Err("a token endpoint is a URL starting with https://".into()),
        })
        .when(|m, at| {
            let a = auth(m, at);
            a.method == AuthMethod::Oauth2
                && crate::view::issuers::served_on_a_domain(a.provider.as_deref())
        }),
    ]
}

fn role() -> Vec<Node> {
    nodes![
        text("roles.name", "Role name")
            .help("e.g. `support-agent`.")
            .value(lens!(|m, at| m.security.authorization.roles[at[0]].name))
            .check(distinct(|m, _| {
                m.security
                    .authorization
                    .roles
                    .iter()
                    .map(|r| r.name.clone())
                    .collect()
            })),
        text("roles.description", "Who holds it?")
            .help("A few words.")
            .value(lens!(
                |m, at| m.security.authorization.roles[at[0]].description
            )),
        text(
            "roles.permissions",
            "Permissions it grants? (separate with `;`)"
        )
        .help("e.g. `orders:read; orders:amend`.")
        .value(lens!(
            |m, at| m.security.authorization.roles[at[0]].permissions
        )),
        text(
            "roles.clients",
            "Which clients do its holders sign in through? (empty: any)"
        )
        .help(
            "Comma-separated client names, e.g. `support-console`: a token issued to another \
             client does not carry the role's permissions.",
        )
        .value(lens!(|m, at| m.security.authorization.roles[at[0]].clients))
        .check(|m, _, v: &Vec<String>| {
            match v.iter().find(|c| !m.clients.iter().any(|x| &x.name == *c)) {
                Some(c) => Err(format!("`{c}` is not a client of this model")),
                None => Ok(()),
            }
        })
        .when(|m, _| m.clients.len() > 1),
        confirm(
            "roles.second_factor",
            "Do its holders sign in with a second factor?"
        )
        .help(
            "Its permissions then count only on a token that shows the second factor, checked \
             wherever tokens are checked.",
        )
        .value(lens!(
            |m, at| m.security.authorization.roles[at[0]].second_factor
        )),
    ]
}

fn policy() -> Vec<Node> {
    nodes![
        text("policies.name", "Policy name")
            .help("e.g. `tenant-isolation`.")
            .value(lens!(|m, at| m.security.authorization.policies[at[0]].name))
            .check(distinct(|m, _| {
                m.security
                    .authorization
                    .policies
                    .iter()
                    .map(|p| p.name.clone())
                    .collect()
            })),
        text("policies.rule", "The rule, in words?")
            .help("e.g. `a user reads only resources of their own tenant`.")
            .value(lens!(|m, at| m.security.authorization.policies[at[0]].rule))
            .check(required),
        text(
            "policies.roles",
            "Which roles does it narrow? (empty: every caller)"
        )
        .help("Comma-separated role names, e.g. `front-desk`.")
        .value(lens!(|m, at| m.security.authorization.policies[at[0]].roles))
        .check(|m, _, v: &Vec<String>| {
            let roles = &m.security.authorization.roles;
            match v.iter().find(|r| !roles.iter().any(|x| &x.name == *r)) {
                Some(r) => Err(format!("`{r}` is not a role of this model")),
                None => Ok(()),
            }
        })
        .when(|m, _| !m.security.authorization.roles.is_empty()),
    ]
}

fn rate_limit() -> Vec<Node> {
    nodes![
        choice("limits.scope", "What is counted?")
            .help("Per tenant stops noisy neighbours; per IP stops anonymous abuse.")
            .value(lens!(|m, at| m.security.rate_limits[at[0]].scope).some()),
        text("limits.requests", "How many requests?")
            .help("Per window below.")
            .value(Lens::new(
                |m, at| Some(m.security.rate_limits[at[0]].requests),
                |m, at, v| m.security.rate_limits[at[0]].requests = v.unwrap_or(600),
            ))
            .check(range(1, u32::MAX)),
        choice("limits.per", "Per?")
            .help("The window.")
            .value(lens!(|m, at| m.security.rate_limits[at[0]].per).some()),
        choice("limits.algorithm", "Which algorithm?")
            .help("A token bucket allows short bursts; a sliding window is smooth and cheap.")
            .value(lens!(|m, at| m.security.rate_limits[at[0]].algorithm)),
        pick(
            "limits.enforced_by",
            "Which service enforces it?",
            |m, _| services(m)
        )
        .help("Usually the gateway, before requests reach the services.")
        .value(lens!(|m, at| m.security.rate_limits[at[0]].enforced_by).none_as(""))
        .derived(|m, _| gateway(m).unwrap_or_default())
        .when(|m, _| !m.services.is_empty()),
    ]
}

/// Which clients a per-client limit counts: an app all users share is one client, so a
/// per-client limit fits the machine callers (partners), and users are limited per user.
fn limit_clients() -> Node {
    pick_many(
        "limits.clients",
        "Which clients does it apply to? (none ticked: every client)",
        |m, _| {
            m.clients
                .iter()
                .map(|c| (c.name.clone(), c.description.clone()))
                .collect()
        },
    )
    .help("An app every user shares is one client: limit its users per user, not per client.")
    .value(lens!(|m, at| m.security.rate_limits[at[0]].clients))
    .into()
}

/// Where the limiters keep the count their replicas share: the gateway's limits and the
/// links' client-side ones (step 5). Unanswered, the documents carry it as an open decision.
fn limit_store() -> Node {
    text(
        "resilience.rate_limit_store",
        "Where do the rate limiters keep their counts? (a store, e.g. `Redis (the gateway's)`, \
         or `per-replica`; empty: an open decision)",
    )
    .help(
        "Several replicas enforce each limit: a count in each lets them together pass several \
         times the limit unless each keeps only its share; a shared count is one more \
         dependency, which must fall back to the share when it cannot be reached.",
    )
    .value(Lens::new(
        |m, _| m.resilience.rate_limit_store.clone(),
        |m, _, v| {
            m.resilience.rate_limit_store = v;
            // Without a shared count there is nothing to fall back from.
            if !crate::derive::open_limits::shared_store(m) {
                m.resilience.rate_limit_fallback = None;
            }
        },
    ))
    .when(|m, _| crate::derive::open_limits::shared(m))
    .into()
}

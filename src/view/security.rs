//! Step 7 of the view: authentication per kind of caller, authorization, service identity,
//! rate limits, secrets, the audit log and CORS, with defaults resolved.

use super::nodes::Nodes;
use crate::model::*;
use crate::text::word;
use serde::Serialize;

/// Security, resolved.
#[derive(Debug, Clone, Serialize)]
pub struct SecurityView {
    /// Authentication methods (derived from the clients when the model lists none).
    pub authentication: Vec<AuthView>,
    /// Whether the authentication methods were derived.
    pub authentication_derived: bool,
    /// `rbac`, `abac`, `rebac`, or `scopes` when the model chooses none.
    pub access_model: String,
    /// Policy engine, if chosen.
    pub engine: Option<String>,
    /// RBAC roles.
    pub roles: Vec<Role>,
    /// ABAC policies.
    pub policies: Vec<Policy>,
    /// `mtls`, `spiffe`, `jwt` or `network`.
    pub service_identity: String,
    /// Whether the service identity was derived.
    pub service_identity_derived: bool,
    /// Rate limits.
    pub rate_limits: Vec<RateLimitView>,
    /// Whether the rate limits were derived.
    pub rate_limits_derived: bool,
    /// Secrets store, if chosen.
    pub secrets: Option<String>,
    /// Each external system the components call, with its callers and what they present.
    pub outbound: Vec<Outbound>,
    /// The audit log, if the model states one.
    pub audit: Option<Audit>,
    /// Allowed browser origins.
    pub cors_origins: Vec<String>,
    /// Whether credentials are allowed cross-origin.
    pub cors_credentials: bool,
    /// Whether any client runs in a browser.
    pub browser_clients: bool,
    /// The clients that run in a browser (web clients), in model order.
    pub browser_client_names: Vec<String>,
    /// The web clients whose pages call or embed external systems themselves, which their
    /// Content Security Policy must allow.
    pub browser_origins: Vec<super::csp::BrowserOrigins>,
    /// Each web client's `connect-src` beside `'self'`: its APIs' and identity providers'
    /// origins.
    pub browser_connects: Vec<super::csp::Connects>,
    /// The Envoy-based enforcers of per-caller limits, whose fallback while the shared count
    /// is down holds only for the callers their local filter keeps a bucket for.
    pub envoy_per_caller: Vec<String>,
    /// Whether every limit is enforced on Kong, whose plugin has no share to fall back to.
    pub kong_limits: bool,
    /// Whether any authentication rides on cookies, so CSRF protection applies.
    pub csrf: bool,
    /// Resources that none of their service's callers has a credential for.
    pub unreachable: Vec<super::reach::Unreachable>,
    /// Roles whose provider's tokens carry none of some scopes the role's permissions need.
    pub unissued: Vec<Unissued>,
    /// Access rules that ask callers with no token (mutual TLS, API keys) for scopes.
    pub tokenless: Vec<super::tokenless::Tokenless>,
    /// Issuers without the shape of their provider's tokens.
    pub wrong_issuers: Vec<super::issuers::WrongIssuer>,
}

/// A role tied to an identity provider that declares none of some scopes the role holds.
#[derive(Debug, Clone, Serialize)]
pub struct Unissued {
    /// The role.
    pub role: String,
    /// Its provider.
    pub provider: String,
    /// The scopes its permissions need that the provider's entry does not declare.
    pub scopes: Vec<String>,
    /// The scopes the provider's entry declares.
    pub declared: Vec<String>,
    /// The JSON pointer to the role's `provider` in the model.
    pub at: String,
}

/// The roles whose provider's entry does not declare every scope their permissions name
/// (`:own` stripped). Judged only where the model declares scopes at all: a model without any
/// uses roles alone.
fn unissued(model: &Model) -> Vec<Unissued> {
    let entries = &model.security.authentication;
    if entries.iter().all(|a| a.scopes.is_empty()) {
        return Vec::new();
    }
    let roles = &model.security.authorization.roles;
    roles
        .iter()
        .enumerate()
        .filter_map(|(i, r)| {
            let provider = r.provider.as_ref()?;
            let entry = entries
                .iter()
                .find(|a| a.provider.as_ref() == Some(provider))?;
            let declared: Vec<String> = entry.scopes.iter().map(|s| s.name.clone()).collect();
            let mut scopes: Vec<String> = Vec::new();
            for p in &r.permissions {
                let scope = p.strip_suffix(":own").unwrap_or(p);
                if !declared.iter().any(|d| d == scope) && !scopes.iter().any(|s| s == scope) {
                    scopes.push(scope.to_owned());
                }
            }
            (!scopes.is_empty()).then(|| Unissued {
                role: r.name.clone(),
                provider: provider.clone(),
                scopes,
                declared,
                at: format!("/security/authorization/roles/{i}/provider"),
            })
        })
        .collect()
}

/// One authentication method.
#[derive(Debug, Clone, Serialize)]
pub struct AuthView {
    /// `oidc`, `oauth2`, `jwt`, `api-keys`, `mtls` or `session`.
    pub method: String,
    /// The same, as the model's method, for the checks made in Rust.
    #[serde(skip)]
    pub kind: AuthMethod,
    /// Identity provider, if named.
    pub provider: Option<String>,
    /// Issuer URL, if given.
    pub issuer: Option<String>,
    /// Clients that use it.
    pub clients: Vec<String>,
    /// Access token lifetime, for token methods.
    pub token_ttl_minutes: Option<u32>,
    /// Whether that lifetime is assumed rather than stated in the model.
    pub token_ttl_assumed: bool,
    /// OAuth scopes.
    pub scopes: Vec<Scope>,
    /// The OpenAPI security scheme name, unique, e.g. `oidc`.
    pub scheme: String,
    /// The OAuth 2.0 grants its clients use: `authorization_code` for people (web and mobile
    /// clients), `client_credentials` for systems (partner, internal and device clients); both
    /// when it names no client.
    pub grants: Vec<String>,
    /// Where its provider serves the OAuth 2.0 endpoints, for an entry with an issuer.
    pub endpoints: Option<super::issuers::Endpoints>,
    /// Whether the team runs its provider (`self_hosted`, else from the product).
    pub self_hosted: bool,
    /// Whether that is taken from the product's name rather than stated.
    pub self_hosted_assumed: bool,
    /// Whether the team backs up the database of the provider it runs (`backed_up`).
    pub backed_up: bool,
}

/// The OAuth 2.0 grants `clients` use (see [`AuthView::grants`]).
fn grants(model: &Model, clients: &[String]) -> Vec<String> {
    let kinds: Vec<ClientKind> = model
        .clients
        .iter()
        .filter(|c| clients.contains(&c.name))
        .map(|c| c.kind)
        .collect();
    let people = kinds
        .iter()
        .any(|k| matches!(k, ClientKind::Web | ClientKind::Mobile));
    let systems = kinds.iter().any(|k| k.is_system());
    [
        (people || !systems, "authorization_code"),
        (systems || !people, "client_credentials"),
    ]
    .into_iter()
    .filter(|(on, _)| *on)
    .map(|(_, g)| g.to_owned())
    .collect()
}

/// A rate limit, resolved.
#[derive(Debug, Clone, Serialize)]
pub struct RateLimitView {
    /// What is counted.
    pub scope: String,
    /// Requests per window.
    pub requests: u32,
    /// `second`, `minute`, `hour` or `day`.
    pub per: String,
    /// Burst allowance.
    pub burst: Option<u32>,
    /// Algorithm.
    pub algorithm: String,
    /// Whether the model states it (else it is the one its enforcer runs).
    pub algorithm_stated: bool,
    /// Who enforces it.
    pub enforced_by: String,
    /// The same limit per minute, so limits of different windows compare.
    pub per_minute: f64,
    /// The clients it applies to; every client when empty.
    pub clients: Vec<String>,
}

/// The authentication the model states, each with its OpenAPI scheme name.
fn stated_auth(model: &Model, schemes: &mut crate::text::names::Namer) -> Vec<AuthView> {
    let all_clients: Vec<String> = model.clients.iter().map(|c| c.name.clone()).collect();
    model
        .security
        .authentication
        .iter()
        .map(|a| (a, super::issuers::self_hosted(a)))
        .map(|(a, (self_hosted, self_hosted_assumed))| AuthView {
            method: word(a.method),
            kind: a.method,
            provider: a.provider.clone(),
            issuer: a.issuer.clone(),
            grants: grants(
                model,
                if a.clients.is_empty() {
                    &all_clients
                } else {
                    &a.clients
                },
            ),
            clients: if a.clients.is_empty() {
                all_clients.clone()
            } else {
                a.clients.clone()
            },
            token_ttl_minutes: a.token_ttl_minutes.or(a
                .method
                .carries_scopes()
                .then_some(crate::defaults::TOKEN_TTL_MINUTES)),
            token_ttl_assumed: a.token_ttl_minutes.is_none() && a.method.carries_scopes(),
            scopes: a.scopes.clone(),
            scheme: schemes.unique(&scheme_base(model, a), ""),
            endpoints: a.issuer.as_deref().map(|i| {
                super::issuers::endpoints(a.provider.as_deref(), i, a.token_url.as_deref())
            }),
            backed_up: self_hosted && a.backed_up == Some(true),
            self_hosted,
            self_hosted_assumed,
        })
        .collect()
}

/// An OpenAPI scheme's name before it is made unique: the method (`oidc`), or the provider
/// (`auth0`, `microsoftEntraId`) where several entries share the method, so a reader of the
/// contract sees whose tokens an operation takes.
fn scheme_base(model: &Model, a: &crate::model::Authentication) -> String {
    let method = crate::text::names::camel(&word(a.method), "auth");
    let shared = model
        .security
        .authentication
        .iter()
        .filter(|b| b.method == a.method)
        .count()
        > 1;
    match &a.provider {
        Some(p) if shared => crate::text::names::camel(p, &method),
        _ => method,
    }
}

/// The authentication assumed when the model states none: OIDC for people's clients (and for
/// a system without clients), API keys for partners.
fn assumed_auth(model: &Model, schemes: &mut crate::text::names::Namer) -> Vec<AuthView> {
    let mut auth = Vec::new();
    let (partners, people): (Vec<&Client>, Vec<&Client>) = model
        .clients
        .iter()
        .partition(|c| c.kind == ClientKind::Partner);
    if !people.is_empty() || partners.is_empty() {
        auth.push(AuthView {
            method: "oidc".into(),
            kind: AuthMethod::Oidc,
            provider: None,
            issuer: None,
            clients: people.iter().map(|c| c.name.clone()).collect(),
            token_ttl_minutes: Some(crate::defaults::TOKEN_TTL_MINUTES),
            token_ttl_assumed: true,
            scopes: Vec::new(),
            scheme: schemes.unique("oidc", ""),
            grants: vec!["authorization_code".into()],
            endpoints: None,
            self_hosted: false,
            self_hosted_assumed: false,
            backed_up: false,
        });
    }
    if !partners.is_empty() {
        auth.push(AuthView {
            method: "api-keys".into(),
            kind: AuthMethod::ApiKeys,
            provider: None,
            issuer: None,
            clients: partners.iter().map(|c| c.name.clone()).collect(),
            token_ttl_minutes: None,
            token_ttl_assumed: false,
            scopes: Vec::new(),
            scheme: schemes.unique("apiKeys", ""),
            grants: Vec::new(),
            endpoints: None,
            self_hosted: false,
            self_hosted_assumed: false,
            backed_up: false,
        });
    }
    auth
}

/// The model's rate limits, or the one assumed when it states none (600 a minute per client),
/// each enforced where the model says, else at the gateway, else by each service.
fn rate_limits(model: &Model) -> Vec<RateLimitView> {
    let gateway = model
        .services
        .iter()
        .find(|s| s.kind == ServiceKind::Gateway)
        .map(|g| g.name.clone());
    let enforced = |by: &Option<String>| {
        by.clone()
            .or_else(|| gateway.clone())
            .unwrap_or_else(|| "each service".into())
    };
    let mut limits: Vec<RateLimitView> = model
        .security
        .rate_limits
        .iter()
        .map(|r| RateLimitView {
            scope: word(r.scope),
            requests: r.requests,
            per: word(r.per),
            burst: r.burst,
            algorithm: word(
                r.algorithm
                    .unwrap_or_else(|| default_algorithm(model, &enforced(&r.enforced_by))),
            ),
            algorithm_stated: r.algorithm.is_some(),
            enforced_by: enforced(&r.enforced_by),
            per_minute: crate::derive::per_minute(r.requests, r.per),
            clients: r.clients.clone(),
        })
        .collect();
    if limits.is_empty() {
        // An app every user shares is one client: where users sign in through one, the
        // assumed limit counts each user, else each machine client.
        let users = model
            .clients
            .iter()
            .any(|c| matches!(c.kind, ClientKind::Web | ClientKind::Mobile));
        let assumed = default_algorithm(model, &enforced(&None));
        limits.push(RateLimitView {
            scope: if users { "user" } else { "client" }.into(),
            requests: 600,
            per: "minute".into(),
            burst: (assumed == crate::model::RateAlgorithm::TokenBucket).then_some(100),
            algorithm: word(assumed),
            algorithm_stated: false,
            enforced_by: enforced(&None),
            per_minute: 600.0,
            clients: Vec::new(),
        });
    }
    limits
}

/// An external system the components call, and the credential they present to it.
#[derive(Debug, Clone, Serialize)]
pub struct Outbound {
    /// The external system.
    pub external: String,
    /// The components that call it, in link order.
    pub callers: Vec<String>,
    /// What they present (`externals[].credential`), if the model says.
    pub credential: Option<String>,
    /// Its index in `externals`.
    pub index: usize,
}

/// The externals some service or job calls, in model order.
fn outbound(model: &Model) -> Vec<Outbound> {
    let services: Vec<&str> = model.services.iter().map(|s| s.name.as_str()).collect();
    (model.externals.iter().enumerate())
        .filter_map(|(index, e)| {
            let mut callers: Vec<String> = Vec::new();
            let linked = (model.communication.links.iter())
                .filter(|l| l.to == e.name && services.contains(&l.from.as_str()))
                .map(|l| l.from.as_str());
            let jobs = (model.performance.jobs.iter())
                .filter(|j| j.calls.contains(&e.name))
                .map(|j| j.service.as_str());
            for c in linked.chain(jobs) {
                if !callers.iter().any(|x| x == c) {
                    callers.push(c.to_owned());
                }
            }
            (!callers.is_empty()).then(|| Outbound {
                external: e.name.clone(),
                callers,
                credential: e.credential.clone(),
                index,
            })
        })
        .collect()
}

pub(super) fn security(model: &Model, nodes: &Nodes) -> SecurityView {
    let s = &model.security;
    let mut schemes = crate::text::names::Namer::default();
    let mut auth = stated_auth(model, &mut schemes);
    let derived = auth.is_empty();
    if derived {
        auth = assumed_auth(model, &mut schemes);
    }
    let limits = rate_limits(model);
    let limits_derived = s.rate_limits.is_empty();
    let _ = nodes;
    SecurityView {
        authentication: auth,
        authentication_derived: derived,
        access_model: s
            .authorization
            .model
            .map(word)
            .unwrap_or_else(|| "scopes".into()),
        engine: s.authorization.engine.clone(),
        roles: s.authorization.roles.clone(),
        policies: s.authorization.policies.clone(),
        service_identity: word(s.service_identity.unwrap_or(ServiceIdentity::Mtls)),
        service_identity_derived: s.service_identity.is_none(),
        rate_limits: limits,
        rate_limits_derived: limits_derived,
        secrets: s.secrets.clone(),
        outbound: outbound(model),
        audit: s.audit.clone(),
        cors_origins: s.cors.allowed_origins.clone(),
        cors_credentials: s.cors.allow_credentials,
        browser_clients: model.clients.iter().any(|c| c.kind == ClientKind::Web),
        browser_client_names: model
            .clients
            .iter()
            .filter(|c| c.kind == ClientKind::Web)
            .map(|c| c.name.clone())
            .collect(),
        browser_origins: super::csp::derive(model),
        browser_connects: super::csp::connects(model),
        envoy_per_caller: crate::derive::open_limits::envoy_per_caller(model),
        kong_limits: crate::derive::open_limits::kong_limits(model),
        csrf: crate::derive::guidance::csrf_applies(model),
        unreachable: Vec::new(),
        unissued: unissued(model),
        tokenless: super::tokenless::derive(model),
        wrong_issuers: super::issuers::derive(model),
    }
}

/// The algorithm `enforcer` runs when a limit states none: Kong's rate-limiting plugins count
/// fixed windows, and so does Envoy's global rate limit service, which a count its replicas
/// share goes through; anything else is taken to run a token bucket.
fn default_algorithm(model: &Model, enforcer: &str) -> crate::model::RateAlgorithm {
    use crate::model::RateAlgorithm::{FixedWindow, TokenBucket};
    let stack = (model.services.iter())
        .find(|s| s.name == enforcer)
        .map(|s| s.stack.to_lowercase())
        .unwrap_or_default();
    let shared = crate::derive::open_limits::shared_store(model);
    if stack.contains("kong") || (stack.contains("envoy") && shared) {
        FixedWindow
    } else {
        TokenBucket
    }
}

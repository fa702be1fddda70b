//! Step 7 of the model: authentication, authorization, service identity and API protection.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The security architecture.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Security {
    /// How callers prove who they are; one entry per kind of caller.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authentication: Vec<Authentication>,
    /// How access is decided once the caller is known.
    #[serde(default, skip_serializing_if = "Authorization::is_empty")]
    pub authorization: Authorization,
    /// How services prove their identity to each other.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_identity: Option<ServiceIdentity>,
    /// Rate limits protecting the APIs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rate_limits: Vec<RateLimit>,
    /// Where secrets live, e.g. `HashiCorp Vault`, `AWS Secrets Manager`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secrets: Option<String>,
    /// Cross-origin policy for browser clients.
    #[serde(default, skip_serializing_if = "Cors::is_empty")]
    pub cors: Cors,
    /// The audit log: what is recorded of who did what, where, and for how long.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audit: Option<Audit>,
}

/// The audit log, kept apart from the application logs so it can be trusted and kept longer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Audit {
    /// What is recorded, each in a phrase, e.g. `every change to an order and who made it`,
    /// `staff reads of a patient's appointments`.
    pub records: Vec<String>,
    /// Where the records are kept, e.g. `an append-only table in each service's database,
    /// copied nightly to S3 with Object Lock`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub store: Option<String>,
    /// Days the records are kept, e.g. `2190` (six years, HIPAA).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retention_days: Option<u32>,
}

/// One way callers authenticate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Authentication {
    /// The mechanism.
    pub method: AuthMethod,
    /// The identity provider, e.g. `Keycloak`, `Auth0`, `Amazon Cognito`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
    /// The issuer URL (OIDC/OAuth 2.0), e.g. `https://id.shop.example/realms/shop`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
    /// The clients that use it; all clients when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub clients: Vec<String>,
    /// Access token lifetime in minutes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_ttl_minutes: Option<u32>,
    /// OAuth scopes, each `name: description`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scopes: Vec<Scope>,
    /// The token endpoint, where the provider does not serve it under the issuer: a Cognito
    /// user pool's, on its domain (`https://auth.shop.example/oauth2/token`). The
    /// authorization endpoint is taken beside it (`…/oauth2/authorize`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_url: Option<String>,
    /// Whether the team runs the identity provider itself (Keycloak on the cluster) rather
    /// than buying it as a service; when absent, taken from the provider's product (Keycloak,
    /// Authentik, ZITADEL, Ory, Dex and IdentityServer are run by the team) and listed as an
    /// assumption.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub self_hosted: Option<bool>,
    /// For a provider the team runs: whether its database (accounts, credentials, clients and
    /// signing keys) is backed up to the system's recovery objectives
    /// (`requirements.recovery`), as the services' stores are. Unstated, the documents name
    /// it a gap and a risk.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backed_up: Option<bool>,
}

/// An authentication mechanism.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum AuthMethod {
    /// OpenID Connect login with short-lived JWT access tokens.
    Oidc,
    /// OAuth 2.0 (client credentials or authorization code) access tokens.
    Oauth2,
    /// Bearer JWTs issued by the system itself.
    Jwt,
    /// Long-lived API keys for partners and machines.
    ApiKeys,
    /// Mutual TLS client certificates.
    Mtls,
    /// Server-side sessions behind a secure cookie.
    Session,
}

impl AuthMethod {
    /// Whether its callers present a bearer token, the only credential that carries scopes.
    pub fn carries_scopes(self) -> bool {
        matches!(
            self,
            AuthMethod::Oidc | AuthMethod::Oauth2 | AuthMethod::Jwt
        )
    }
}

/// An OAuth scope.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scope {
    /// Scope name, e.g. `orders:write`.
    pub name: String,
    /// What it grants.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

/// How access is decided.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Authorization {
    /// The access control model.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<AccessModel>,
    /// Where decisions are made, e.g. `Open Policy Agent`, `Cedar`, `in each service`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub engine: Option<String>,
    /// Roles, for RBAC.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<Role>,
    /// Policies, for ABAC.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub policies: Vec<Policy>,
}

/// An access control model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum AccessModel {
    /// Role-based: permissions attach to roles, roles to users.
    Rbac,
    /// Attribute-based: policies over user, resource and context attributes.
    Abac,
    /// Relationship-based: permissions follow relations between users and objects.
    Rebac,
}

/// An RBAC role.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Role {
    /// Role name, e.g. `support-agent`.
    pub name: String,
    /// Who holds it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Permissions it grants, e.g. `orders:read`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub permissions: Vec<String>,
    /// The identity provider whose tokens carry it (the `provider` of an entry of
    /// `security.authentication`), e.g. `Microsoft Entra ID` for staff beside `Auth0` for
    /// patients: an operation only this role may call accepts only that provider's tokens.
    /// Every provider when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
    /// The clients its holders sign in through, e.g. `[support-console]`: a token issued to
    /// any other client (its `azp`) does not carry the role's permissions, so an agent signed
    /// in to the shop's own app reaches no more than a customer. Every client when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub clients: Vec<String>,
    /// Whether its holders sign in with a second factor: its permissions count only on a
    /// token whose `amr` shows one, checked where tokens are checked, not only at the
    /// identity provider's login page.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub second_factor: bool,
}

/// An attribute rule: the whole access model under ABAC, or beside RBAC a rule that narrows
/// what some roles reach (front-desk staff only their clinic's appointments).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    /// Policy name, e.g. `tenant-isolation`.
    pub name: String,
    /// The rule in words, e.g. `a user reads only resources of their own tenant`.
    pub rule: String,
    /// The roles (of `roles`) it narrows, e.g. `[front-desk]`; every caller when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<String>,
}

/// How services authenticate to each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ServiceIdentity {
    /// Mutual TLS, usually issued and rotated by a service mesh.
    Mtls,
    /// SPIFFE identities (SVIDs) issued by SPIRE.
    Spiffe,
    /// Signed service JWTs (OAuth 2.0 client credentials).
    Jwt,
    /// Network trust only; acceptable only inside one isolated network.
    Network,
}

/// A rate limit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RateLimit {
    /// What is counted.
    #[serde(default)]
    pub scope: RateScope,
    /// Requests allowed per window.
    #[schemars(range(min = 1))]
    pub requests: u32,
    /// The window.
    #[serde(default)]
    pub per: Window,
    /// Extra requests allowed in a burst above the steady rate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub burst: Option<u32>,
    /// The algorithm; unset, the one its enforcer runs: fixed windows on Kong, and on Envoy
    /// where the replicas share a count (its global rate limit service); else a token bucket.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub algorithm: Option<RateAlgorithm>,
    /// The service (usually the gateway) that enforces it; the gateway when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enforced_by: Option<String>,
    /// The clients it applies to, e.g. `[partner]` for a per-client limit on machine callers;
    /// every client when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub clients: Vec<String>,
}

/// What a rate limit counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum RateScope {
    /// Per API client (key or OAuth client).
    #[default]
    Client,
    /// Per end user.
    User,
    /// Per tenant.
    Tenant,
    /// Per source IP address.
    Ip,
    /// Across all callers.
    Global,
}

/// A rate limit window.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Window {
    /// Per second.
    Second,
    /// Per minute.
    #[default]
    Minute,
    /// Per hour.
    Hour,
    /// Per day.
    Day,
}

/// A rate limiting algorithm.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum RateAlgorithm {
    /// Tokens refill at the steady rate; a full bucket absorbs a burst.
    #[default]
    TokenBucket,
    /// A weighted count over the current and previous window; smooth and cheap.
    SlidingWindow,
    /// Requests drain at a constant rate; excess waits or is dropped.
    LeakyBucket,
    /// A counter per calendar window; simple, but allows double bursts at the edges.
    FixedWindow,
}

/// Cross-origin policy.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Cors {
    /// Origins allowed to call the APIs from a browser.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allowed_origins: Vec<String>,
    /// Whether browsers may send cookies and credentials.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub allow_credentials: bool,
}

super::empty_is_default!(Security, Authorization, Cors);

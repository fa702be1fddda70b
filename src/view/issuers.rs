//! Issuers and their endpoints: issuer URLs that cannot be the `iss` of the named provider's
//! tokens (a gateway validating tokens against them refuses every token), and where each
//! provider serves its authorization and token endpoints.

use crate::model::Model;
use regex::Regex;
use serde::Serialize;
use std::sync::LazyLock;

/// An issuer that does not have the shape its provider's tokens carry.
#[derive(Debug, Clone, Serialize)]
pub struct WrongIssuer {
    /// The provider, as the model names it.
    pub provider: String,
    /// The issuer the model states.
    pub issuer: String,
    /// The shape the provider's tokens carry in `iss`, e.g.
    /// `https://cognito-idp.<region>.amazonaws.com/<user pool id>`.
    pub expected: String,
    /// Why the stated one is not it.
    pub reason: String,
    /// JSON pointer to the entry's `issuer`.
    pub at: String,
}

/// A provider's issuer rule: words naming the provider, the pattern of its `iss`, the shape
/// to show and why another fails.
struct Rule {
    names: &'static [&'static str],
    pattern: &'static LazyLock<Regex>,
    expected: &'static str,
    reason: &'static str,
}

static COGNITO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^https://cognito-idp\.[a-z]{2}(-[a-z]+)+-\d\.amazonaws\.com/[a-z]{2}(-[a-z]+)+-\d_[A-Za-z0-9]+$")
        .expect("valid pattern")
});
static ENTRA: LazyLock<Regex> = LazyLock::new(|| {
    let guid = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
    Regex::new(&format!(
        r"^(https://login\.microsoftonline\.com/{guid}/v2\.0|https://sts\.windows\.net/{guid}/|https://{guid}\.ciamlogin\.com/{guid}/v2\.0)$"
    ))
    .expect("valid pattern")
});
static KEYCLOAK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^https?://[^/]+(/[^/]+)*/realms/[^/]+$").expect("valid pattern"));
static AUTH0: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^https://[^/]+/$").expect("valid pattern"));

const RULES: &[Rule] = &[
    Rule {
        names: &["cognito"],
        pattern: &COGNITO,
        expected: "https://cognito-idp.<region>.amazonaws.com/<user pool id>",
        reason: "a Cognito user pool signs its tokens with that issuer, whatever domain its hosted login pages use",
    },
    Rule {
        names: &["entra", "azure ad", "azure active directory"],
        pattern: &ENTRA,
        expected: "https://login.microsoftonline.com/<tenant id>/v2.0",
        reason: "Entra ID's v2.0 tokens name the tenant by its id, a GUID, not by a domain or name, so a tenant named any other way matches no token",
    },
    Rule {
        names: &["keycloak"],
        pattern: &KEYCLOAK,
        expected: "https://<host>/realms/<realm>",
        reason: "Keycloak issues each realm's tokens under its `/realms/<realm>` path",
    },
    Rule {
        names: &["auth0"],
        pattern: &AUTH0,
        expected: "https://<tenant or custom domain>/",
        reason: "Auth0 puts the domain with a trailing slash and no path in `iss`, and validators compare it exactly",
    },
];

pub use crate::derive::identity::self_hosted;

/// The identity providers taken to be run by the team from their product's name.
pub fn assumptions(model: &Model) -> Vec<crate::derive::Assumption> {
    let mut run: Vec<&str> = Vec::new();
    for a in &model.security.authentication {
        if let (Some(p), (true, true)) = (a.provider.as_deref(), self_hosted(a)) {
            if !run.contains(&p) {
                run.push(p);
            }
        }
    }
    (!run.is_empty())
        .then(|| {
            crate::derive::Assumption::new(
                "security.self-hosted-identity",
                format!(
                    "{} {} run by the team on the cluster, not bought as a service",
                    run.join(", "),
                    if run.len() == 1 { "is" } else { "are" }
                ),
                "the model names the product, which teams usually run themselves, but not who runs it; a managed offering of it would leave the cluster and the deployment view",
                "the deployment view (a workload in the cluster)",
                "security.authentication[].self_hosted",
            )
        })
        .into_iter()
        .collect()
}

/// Where a provider serves its OAuth 2.0 endpoints.
#[derive(Debug, Clone, Serialize)]
pub struct Endpoints {
    /// The authorization endpoint.
    pub authorize: String,
    /// The token endpoint.
    pub token: String,
    /// `model` (from `token_url`), `provider` (the provider's own layout under the issuer),
    /// `domain` (a provider that serves them on a domain the model does not name: the issuer's
    /// common layout is shown, and is wrong) or `common` (`/authorize` and `/token` under the
    /// issuer, to confirm in its metadata).
    pub from: String,
}

/// Whether `provider` serves its endpoints on a domain of their own, not under the issuer.
pub fn served_on_a_domain(provider: Option<&str>) -> bool {
    provider.is_some_and(|p| p.to_lowercase().contains("cognito"))
}

/// The endpoints of a provider with `issuer`, from `token_url` when the model states it.
pub fn endpoints(provider: Option<&str>, issuer: &str, token_url: Option<&str>) -> Endpoints {
    let base = issuer.trim().trim_end_matches('/');
    let lower = provider.unwrap_or_default().to_lowercase();
    let made = |authorize: String, token: String, from: &str| Endpoints {
        authorize,
        token,
        from: from.into(),
    };
    if let Some(t) = token_url {
        let authorize = match t.strip_suffix("/token") {
            Some(stem) => format!("{stem}/authorize"),
            None => format!("{base}/authorize"),
        };
        return made(authorize, t.to_owned(), "model");
    }
    let at = |a: &str, t: &str| (format!("{base}{a}"), format!("{base}{t}"));
    let (authorize, token, from) = if lower.contains("keycloak") {
        let (a, t) = at(
            "/protocol/openid-connect/auth",
            "/protocol/openid-connect/token",
        );
        (a, t, "provider")
    } else if lower.contains("okta") {
        let (a, t) = at("/v1/authorize", "/v1/token");
        (a, t, "provider")
    } else if lower.contains("auth0") {
        let (a, t) = at("/authorize", "/oauth/token");
        (a, t, "provider")
    } else if RULES[1].names.iter().any(|n| lower.contains(n)) {
        let tenant = base.strip_suffix("/v2.0").unwrap_or(base);
        let a = format!("{tenant}/oauth2/v2.0/authorize");
        (a, format!("{tenant}/oauth2/v2.0/token"), "provider")
    } else {
        let (a, t) = at("/authorize", "/token");
        let from = if served_on_a_domain(provider) {
            "domain"
        } else {
            "common"
        };
        (a, t, from)
    };
    made(authorize, token, from)
}

/// The authentication entries whose issuer has not the shape of their provider's tokens.
pub fn derive(model: &Model) -> Vec<WrongIssuer> {
    let mut out = Vec::new();
    for (i, a) in model.security.authentication.iter().enumerate() {
        let (Some(provider), Some(issuer)) = (&a.provider, &a.issuer) else {
            continue;
        };
        let lower = provider.to_lowercase();
        let Some(rule) = RULES
            .iter()
            .find(|r| r.names.iter().any(|n| lower.contains(n)))
        else {
            continue;
        };
        if !rule.pattern.is_match(issuer.trim()) {
            out.push(WrongIssuer {
                provider: provider.clone(),
                issuer: issuer.clone(),
                expected: rule.expected.into(),
                reason: rule.reason.into(),
                at: format!("/security/authentication/{i}/issuer"),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn judged(provider: &str, issuer: &str) -> bool {
        let m: Model = serde_yaml::from_str(&format!(
            "version: 1\nname: t\nrequirements: {{domain: d}}\nsecurity:\n  authentication:\n    - {{method: oidc, provider: {provider}, issuer: '{issuer}'}}\n"
        ))
        .unwrap();
        let found = derive(&m);
        assert!(
            found
                .iter()
                .all(|w| w.at == "/security/authentication/0/issuer")
        );
        found.is_empty()
    }

    #[test]
    fn a_self_hosted_provider_is_taken_from_its_product_unless_stated() {
        let a = |provider: &str, stated: Option<bool>| crate::model::Authentication {
            method: crate::model::AuthMethod::Oidc,
            provider: Some(provider.into()),
            issuer: None,
            clients: Vec::new(),
            token_ttl_minutes: None,
            scopes: Vec::new(),
            token_url: None,
            self_hosted: stated,
            backed_up: None,
        };
        assert_eq!(self_hosted(&a("Keycloak", None)), (true, true));
        assert_eq!(self_hosted(&a("Ory Hydra", None)), (true, true));
        // A word of the name, not a part of one: "Story" is no Ory.
        assert_eq!(self_hosted(&a("Story ID", None)), (false, false));
        assert_eq!(self_hosted(&a("Auth0", None)), (false, false));
        assert_eq!(self_hosted(&a("Keycloak", Some(false))), (false, false));
        assert_eq!(self_hosted(&a("Okta", Some(true))), (true, false));
    }

    #[test]
    fn each_provider_serves_its_endpoints_where_its_layout_puts_them() {
        let e = |p: &str, i: &str, t: Option<&str>| {
            let e = endpoints(Some(p), i, t);
            (e.authorize, e.token, e.from)
        };
        let owned = |a: &str, t: &str, f: &str| (a.to_owned(), t.to_owned(), f.to_owned());
        assert_eq!(
            e("Keycloak", "https://id.shop.example/realms/shop", None),
            owned(
                "https://id.shop.example/realms/shop/protocol/openid-connect/auth",
                "https://id.shop.example/realms/shop/protocol/openid-connect/token",
                "provider"
            )
        );
        assert_eq!(
            e("Auth0", "https://login.shop.example/", None),
            owned(
                "https://login.shop.example/authorize",
                "https://login.shop.example/oauth/token",
                "provider"
            )
        );
        assert_eq!(
            e(
                "Microsoft Entra ID",
                "https://login.microsoftonline.com/t-1/v2.0",
                None
            )
            .1,
            "https://login.microsoftonline.com/t-1/oauth2/v2.0/token"
        );
        assert_eq!(
            e("Okta", "https://shop.okta.com/oauth2/default", None).2,
            "provider"
        );
        // Cognito serves them on the pool's domain: unnamed, the issuer's layout is wrong.
        let pool = "https://cognito-idp.us-west-2.amazonaws.com/us-west-2_Ab12Cd34E";
        assert_eq!(e("Amazon Cognito", pool, None).2, "domain");
        assert_eq!(
            e(
                "Amazon Cognito",
                pool,
                Some("https://auth.shop.example/oauth2/token")
            ),
            owned(
                "https://auth.shop.example/oauth2/authorize",
                "https://auth.shop.example/oauth2/token",
                "model"
            )
        );
        assert_eq!(e("Ory", "https://id.shop.example", None).2, "common");
    }

    #[test]
    fn each_provider_s_issuer_has_the_shape_of_its_tokens() {
        for (provider, issuer, right) in [
            (
                "Amazon Cognito",
                "https://cognito-idp.us-west-2.amazonaws.com/us-west-2_Ab12Cd34E",
                true,
            ),
            (
                "Amazon Cognito",
                "https://partners.auth.carebook.example",
                false,
            ),
            (
                "Microsoft Entra ID",
                "https://login.microsoftonline.com/8f3c2a71-5d4e-4b9a-a1c0-6e2f7d9b3c15/v2.0",
                true,
            ),
            (
                "Microsoft Entra ID",
                "https://login.microsoftonline.com/carebook-clinics/v2.0",
                false,
            ),
            (
                "Azure AD",
                "https://sts.windows.net/8f3c2a71-5d4e-4b9a-a1c0-6e2f7d9b3c15/",
                true,
            ),
            ("Keycloak", "https://id.shop.example/realms/shop", true),
            ("Keycloak", "https://id.shop.example/auth/realms/shop", true),
            ("Keycloak", "https://id.shop.example/", false),
            ("Auth0", "https://login.carebook.example/", true),
            ("Auth0", "https://login.carebook.example", false),
            // A provider without a rule is not judged.
            ("Okta", "anything", true),
        ] {
            assert_eq!(judged(provider, issuer), right, "{provider} {issuer}");
        }
    }
}

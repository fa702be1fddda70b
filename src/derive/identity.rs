//! Whether the team runs an identity provider itself: stated (`self_hosted`), else taken from
//! the product's name. A provider the team runs is a workload and a database of its own.

/// Products a team runs itself, by a word of their name.
const SELF_HOSTED: &[&str] = &[
    "keycloak",
    "authentik",
    "zitadel",
    "ory",
    "dex",
    "identityserver",
    "gluu",
];

/// Whether the team runs `a`'s provider, and whether that is taken from the product's name
/// rather than stated (`self_hosted`). An entry that names no provider runs nothing.
pub fn self_hosted(a: &crate::model::Authentication) -> (bool, bool) {
    match (a.self_hosted, &a.provider) {
        (Some(stated), _) => (stated, false),
        (None, Some(p)) => {
            let words: Vec<String> = (p.to_lowercase().split(|c: char| !c.is_alphanumeric()))
                .map(str::to_owned)
                .collect();
            let run = SELF_HOSTED.iter().any(|s| words.iter().any(|w| w == s));
            (run, run)
        }
        (None, None) => (false, false),
    }
}

//! How the callers of a streaming API (WebSocket or Server-Sent Events) present their
//! credentials, and for how long: a browser cannot set `Authorization` on a WebSocket upgrade
//! or an `EventSource`, and an access token usually expires long before the connection ends.

use super::security::AuthView;
use crate::model::{ApiStyle, ClientKind, Model, Service};
use serde::Serialize;

/// The credentials of a streaming API's callers.
#[derive(Debug, Clone, Default, Serialize)]
pub struct StreamAuth {
    /// Browser clients that call it with a bearer token.
    pub browsers: Vec<String>,
    /// The other callers with a bearer token.
    pub others: Vec<String>,
    /// The shortest access-token lifetime among those callers, in minutes, when stated.
    pub token_ttl_minutes: Option<u32>,
}

/// The stream credentials of `s`, or none when it serves no stream or no caller sends a token.
pub(super) fn stream_auth(model: &Model, s: &Service, auth: &[AuthView]) -> Option<StreamAuth> {
    if !matches!(s.api.style, Some(ApiStyle::Websocket | ApiStyle::Sse)) {
        return None;
    }
    let mut out = StreamAuth::default();
    let callers = model
        .communication
        .links
        .iter()
        .filter(|l| l.to == s.name)
        .map(|l| l.from.as_str());
    for caller in callers {
        let Some(token) = auth
            .iter()
            .find(|a| a.kind.carries_scopes() && a.clients.iter().any(|c| c == caller))
        else {
            continue;
        };
        let browser = model
            .clients
            .iter()
            .any(|c| c.name == caller && c.kind == ClientKind::Web);
        let list = if browser {
            &mut out.browsers
        } else {
            &mut out.others
        };
        if !list.iter().any(|c| c == caller) {
            list.push(caller.to_owned());
        }
        if let Some(ttl) = token.token_ttl_minutes {
            out.token_ttl_minutes = Some(out.token_ttl_minutes.map_or(ttl, |t| t.min(ttl)));
        }
    }
    (!out.browsers.is_empty() || !out.others.is_empty()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn browsers_are_told_apart_and_the_shortest_token_lifetime_wins() {
        let model: Model = serde_yaml::from_str(
            "version: 1\nname: t\nrequirements: {domain: d}\nclients: [{name: web}, {name: app, kind: mobile}, {name: svc, kind: internal}]\nservices: [{name: live, responsibility: r, api: {style: websocket}}, {name: rest, responsibility: r}]\ncommunication:\n  links: [{from: web, to: live}, {from: app, to: live}, {from: svc, to: live}, {from: web, to: rest}]\nsecurity:\n  authentication: [{method: jwt, clients: [web], token_ttl_minutes: 15}, {method: oidc, clients: [app], token_ttl_minutes: 10}, {method: mtls, clients: [svc]}]\n",
        )
        .unwrap();
        let auth = super::super::security::security(&model, &super::super::nodes::build(&model))
            .authentication;
        let live = stream_auth(&model, &model.services[0], &auth).unwrap();
        assert_eq!(live.browsers, ["web"]);
        assert_eq!(live.others, ["app"]);
        assert_eq!(live.token_ttl_minutes, Some(10));
        assert!(stream_auth(&model, &model.services[1], &auth).is_none());
    }
}

//! Step 3 of the model, beyond CRUD: actions on a resource, who may call each operation,
//! optimistic concurrency, the domain errors an operation can answer with and the webhooks a
//! service receives from outside.

use super::{AuthMethod, Field};
use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize};
use std::collections::BTreeMap;

/// A command on one item beyond create, update and delete, e.g. `cancel` or `approve`:
/// `POST .../{id}/cancel` in REST, a mutation in GraphQL, an RPC in gRPC.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Action {
    /// The verb, e.g. `cancel`, `amend`, `approve`; unique among the resource's operations.
    pub name: String,
    /// What it does and when it is allowed.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// What the caller sends with it (a reason, a new address); none when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<Field>,
    /// Fields of the resource the action sets, with the value it leaves them at, e.g.
    /// `{unread_count: 0}` for `mark-all-read`: the response example shows them.
    #[serde(
        default,
        skip_serializing_if = "BTreeMap::is_empty",
        deserialize_with = "scalar_texts"
    )]
    #[schemars(with = "BTreeMap<String, SetValue>")]
    pub sets: BTreeMap<String, String>,
    /// The events it publishes, each one its service publishes (`[AppointmentCancelled]`), or
    /// `[]` when it publishes nothing. Unset, the events named for the state it moves the
    /// item to are taken to announce it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publishes: Option<Vec<String>>,
    /// For an action that makes its caller the item's owner on a secret it sends (a one-time
    /// code, an invitation token): the field of `fields` that holds it, e.g. `code`. The
    /// secret is what authorizes it: the caller owns nothing yet and cannot read the item, so
    /// an `:own` permission reaches the item through it and it takes no `If-Match`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claims_by: Option<String>,
    /// For an action that changes the item without moving its lifecycle (no `set_by` move
    /// names it), the lifecycle states it may act in, e.g. `[pending, paid]` for an amend;
    /// any state when empty. In any other state it is refused like a move (`409`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub from: Vec<String>,
}

/// A value an action sets a field to, as YAML writes it (its text is what the model keeps).
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)] // Only its schema is used.
enum SetValue {
    Text(String),
    Integer(i64),
    Number(f64),
    Flag(bool),
}

/// A map whose values are YAML scalars of any type, each kept as its text.
fn scalar_texts<'de, D: Deserializer<'de>>(d: D) -> Result<BTreeMap<String, String>, D::Error> {
    use serde::de::Error;
    use serde_yaml::Value;
    BTreeMap::<String, Value>::deserialize(d)?
        .into_iter()
        .map(|(k, v)| match v {
            Value::String(s) => Ok((k, s)),
            Value::Number(n) => Ok((k, n.to_string())),
            Value::Bool(b) => Ok((k, b.to_string())),
            _ => Err(D::Error::custom(format!(
                "`{k}`: one value, e.g. `0`, `true` or `read`"
            ))),
        })
        .collect()
}

/// Who moves a resource's lifecycle field into one state.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StateOwner {
    /// The state, one of the lifecycle field's `values`, e.g. `paid`.
    pub state: String,
    /// What sets it: operations (`create`, `update`), actions of the resource, events its
    /// service publishes or consumes, or its service's jobs, e.g. `[PaymentCaptured]`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub by: Vec<String>,
    /// Who sets it outside the system, when nothing in it does, e.g. `the warehouse system
    /// (fulfilment team)`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub outside: String,
    /// The states `by` moves it from, e.g. `[pending]`; any state when empty. In every other
    /// state the move is refused: an action answers `409`, and an event or a callback that
    /// comes late or out of order is recorded and skipped, so it cannot move the item back.
    /// Another entry for the same state can name other triggers with other states.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub from: Vec<String>,
}

/// Who may call some of a resource's operations and actions.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Access {
    /// The operations (`list`, `get`, ...) and action names it covers; all when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub operations: Vec<String>,
    /// Whether anyone may call them without credentials.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub public: bool,
    /// The authentication methods accepted, e.g. `[mtls]` for service accounts only; every
    /// method of `security.authentication` when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub methods: Vec<AuthMethod>,
    /// OAuth scopes the token must carry, e.g. `orders:write`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scopes: Vec<String>,
    /// Roles (of `security.authorization.roles`) allowed to call them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<String>,
    /// The services and clients allowed to call them, by their own identity, e.g. `[fanout]`:
    /// a mutual-TLS certificate names the calling service and carries no scopes, so this is
    /// how an internal operation says who may call it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub callers: Vec<String>,
}

/// How concurrent writes to one item are kept from overwriting each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Concurrency {
    /// Reads return an `ETag`; writes must send it back in `If-Match` and get
    /// `412 Precondition Failed` when the item changed meanwhile.
    Etag,
}

/// A domain error, answered as an RFC 9457 problem with its own `type`, e.g. `out-of-stock`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Problem {
    /// A slug naming the problem type, e.g. `already-shipped`.
    pub name: String,
    /// The HTTP status it is answered with, e.g. `409` or `422`.
    pub status: u16,
    /// A short human title, e.g. `Order already shipped`; derived from the name when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// When it happens and what the caller can do.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The operations and actions that can answer with it; every write when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub operations: Vec<String>,
    /// The roles (of `security.authorization.roles`) that can get it, e.g. `[front-desk]`;
    /// every caller of its operations when empty. A caller who may not read the item must not
    /// learn that it exists, so a create's `409` is for the roles that may.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<String>,
    /// The lifecycle states it is answered in, for an action the lifecycle refuses there
    /// (`set_by[].from`), e.g. `[shipped, delivered]`. A refused state no problem names is
    /// answered with the derived `wrong-state` problem.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub states: Vec<String>,
}

/// A webhook the service receives from an external system, e.g. a payment provider's signed
/// callbacks: a `POST` endpoint that takes no token and trusts a request only once the sender's
/// signature verifies.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Receiver {
    /// The external system (of `externals`) that calls it, e.g. `Stripe`.
    pub from: String,
    /// The path it is served at, e.g. `/webhooks/stripe`; `/webhooks/<sender>` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The request header carrying the sender's signature, e.g. `Stripe-Signature`.
    pub signature_header: String,
    /// The sender's event types it handles, e.g. `payment_intent.succeeded`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<String>,
    /// What it does with them.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

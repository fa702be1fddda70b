//! Step 3 of the model: each service's API contract and the events it publishes.

use super::{Access, Action, Concurrency, Filter, MessageKind, Problem, Receiver, StateOwner};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A service's API contract.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Api {
    /// The API style; defaults to `rest`, or `none` for a worker.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub style: Option<ApiStyle>,
    /// The API's major version, e.g. `v1`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// How clients select a version.
    #[serde(default)]
    pub versioning: Versioning,
    /// How list operations page through results.
    #[serde(default)]
    pub pagination: Pagination,
    /// Where the API is served, e.g. `https://api.shop.example/orders`; defaults to a path.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_url: Option<String>,
    /// The resources (or GraphQL types, gRPC messages, stream channels) it exposes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resources: Vec<Resource>,
    /// Who may call the API's operations when a resource's own `access` does not say, e.g.
    /// `[{methods: [mtls]}]` for an internal service only other services call.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub access: Vec<Access>,
    /// Webhooks it receives from external systems, e.g. a payment provider's signed callbacks.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub receives: Vec<Receiver>,
}

/// The style of a service's API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ApiStyle {
    /// Resource-oriented HTTP+JSON, described by OpenAPI 3.1.
    Rest,
    /// A GraphQL schema with queries, mutations and optional subscriptions.
    Graphql,
    /// gRPC with Protocol Buffers.
    Grpc,
    /// A WebSocket API for bidirectional real-time messages, described by AsyncAPI.
    Websocket,
    /// HTTP with Server-Sent Events streams for one-way real-time updates.
    Sse,
    /// HTTP for managing subscriptions, plus signed webhook deliveries of its events.
    Webhooks,
    /// No API of its own (a worker consuming events or jobs).
    None,
}

/// How clients select an API version.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Versioning {
    /// The major version in the URL path, e.g. `/v1/orders`.
    #[default]
    Url,
    /// A request header, e.g. `Api-Version: 1`.
    Header,
    /// Content negotiation through the media type.
    MediaType,
}

/// How list operations page through results.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Pagination {
    /// An opaque cursor from the previous page; stable under concurrent writes.
    #[default]
    Cursor,
    /// `offset` and `limit`; simple, but pages shift when rows are inserted.
    Offset,
}

/// A resource: a noun of the API with fields and the operations offered on it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Resource {
    /// Singular name, e.g. `Order`.
    pub name: String,
    /// Plural for paths and collections; derived from the name when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plural: Option<String>,
    /// What the resource represents.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// A resource of the same API this one is nested under, e.g. `Order` for `OrderLine`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// Its fields. An `id` field is added when none is given.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<Field>,
    /// The operations offered; defaults to list, get, create, update and delete.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operations: Option<Vec<Operation>>,
    /// Commands on one item beyond CRUD, e.g. `cancel`: `POST .../{id}/cancel`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<Action>,
    /// Fields the list (and the subscription) can be narrowed by, as query parameters or
    /// arguments: a name matches exactly, e.g. `[status, customer_id]`; a date, datetime,
    /// integer or number field can be a range, `{field: starts_at, range: true}`, sent as
    /// `starts_at_from` (inclusive) and `starts_at_to` (exclusive).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub filters: Vec<Filter>,
    /// Who may call each operation and action; the API's `access`, then every
    /// authentication method, when no rule names it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub access: Vec<Access>,
    /// The field naming who owns an item, e.g. `customer_id`, or the fields when an item has
    /// several owners, e.g. `[rider_id, driver_id]`: a role holding only a `:own` permission
    /// reaches just the items one of them names the caller in, and for such a caller a filter
    /// on them is set from the token, never from the request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<Owner>,
    /// Optimistic concurrency control for writes to one item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub concurrency: Option<Concurrency>,
    /// The most items one page of its list returns; 100 when absent. Raise it for a list a
    /// screen shows whole, such as a clinic's day of appointments; at most 1,000.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_page_size: Option<u32>,
    /// The field an item is looked up by instead of its id, e.g. `sku`: one required field,
    /// unique per item, that names it in paths (`/v1/stock-levels/{sku}`), RPC requests and
    /// GraphQL arguments. It is the item's identity: the resource gets no id beside it unless
    /// it declares one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// Domain errors its operations answer with, beside the standard problem details.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<Problem>,
    /// Who moves its lifecycle field (the enum named `status`, `state`, `…_status` or
    /// `…_state`) into the states nothing in the model visibly sets: the first state is set by
    /// `create`, an action by its name (`cancel`: `cancelled`), an event by its name
    /// (`OrderCancelled`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub set_by: Vec<StateOwner>,
}

impl Resource {
    /// Whether it is a value other resources hold (`to:` it): no operation (`operations: []`),
    /// no action and no parent, so nothing reads or names it alone and it has no id.
    pub fn is_value(&self) -> bool {
        self.operations.as_ref().is_some_and(Vec::is_empty)
            && self.actions.is_empty()
            && self.parent.is_none()
    }
}

/// An operation offered on a resource.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Operation {
    /// List the collection, paginated.
    List,
    /// Fetch one by id.
    Get,
    /// Create a new one.
    Create,
    /// Change an existing one.
    Update,
    /// Remove one.
    Delete,
    /// Stream changes as they happen (GraphQL subscription, gRPC server stream, SSE, WebSocket).
    Subscribe,
}

impl Operation {
    /// The operations a resource offers when the model does not say.
    pub const DEFAULTS: [Operation; 5] = [
        Operation::List,
        Operation::Get,
        Operation::Create,
        Operation::Update,
        Operation::Delete,
    ];
}

/// A typed field of a resource or event payload.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Field {
    /// Field name, e.g. `total_amount`; rendered in each format's own case.
    pub name: String,
    /// The field's type.
    #[serde(rename = "type", default)]
    pub ty: FieldType,
    /// For `type: enum`, the allowed values.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
    /// For `type: ref`, the resource (of the same API) it refers to; for `type: object`, the
    /// resource whose fields it carries (of the same API, or of the publisher's for an event).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// Whether it holds a list of values.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub list: bool,
    /// Whether it may be absent; required is the default.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub optional: bool,
    /// What it means.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// An example value used in contract examples, instead of a generated one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<String>,
    /// Whether only the server sets it (a `status`, `total` or `revision`): clients read it
    /// but never send it on create, update or an action.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub read_only: bool,
    /// Whether clients send it but never read it back (a password, a one-time token).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub write_only: bool,
    /// The roles (of `security.authorization.roles`) that read it, e.g. `[customer]` for a
    /// payment's client secret that support agents must not see; every caller the operation
    /// admits when empty. Other callers get the item without it, so a response never
    /// requires it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub read_by: Vec<String>,
    /// The states of its resource's lifecycle field in which it is present, e.g.
    /// `[shipped, delivered]` for a tracking link; an optional field is absent in the others.
    /// Without it, an optional field only the server sets is taken to be absent in the first
    /// state (the contract examples show a new item) and present in every later one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub states: Vec<String>,
    /// Whether it is personal data (a name, a birth date, a phone number); an `email` field
    /// always is. An event carrying it to a consumer that says what it reads and does not
    /// read it is a design-review finding (data minimisation).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub personal: bool,
    /// The smallest allowed value, for numbers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    /// The largest allowed value, for numbers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    /// The shortest allowed text, in characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_length: Option<u32>,
    /// The longest allowed text, in characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u32>,
    /// For a list: the fewest items it holds, e.g. `1` for an order's lines.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_items: Option<u32>,
    /// For a list: the most items it holds, e.g. `100` lines, or the SKUs one stock query takes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<u32>,
    /// A regular expression (ECMA-262) the text must match, e.g. `^[A-Z]{3}-[0-9]{4}$`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
}

/// The type of a field.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum FieldType {
    /// Text.
    #[default]
    String,
    /// A whole number.
    Integer,
    /// A decimal number.
    Number,
    /// True or false.
    Boolean,
    /// A UUID.
    Uuid,
    /// A calendar date (`YYYY-MM-DD`).
    Date,
    /// A timestamp (RFC 3339).
    Datetime,
    /// An email address.
    Email,
    /// A URL.
    Url,
    /// An amount of money: a decimal string with a currency code beside it.
    Money,
    /// One of a fixed set of `values`.
    Enum,
    /// Free-form JSON.
    Json,
    /// A reference to another resource (`to`).
    Ref,
    /// A nested copy of the resource `to`, with its fields: an order's lines inside the order
    /// or inside an `OrderPlaced` event. One level deep: the nested resource's own objects are
    /// free-form JSON.
    Object,
}

/// An event a service publishes.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// Event name in the past tense, e.g. `OrderPlaced`.
    pub name: String,
    /// The topic, queue or channel it is published on; derived from the service when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic: Option<String>,
    /// When it is published and what it means.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The payload's fields.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<Field>,
    /// The payload field used as the partition or ordering key, e.g. `order_id`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// Hours its topic keeps it, when that differs from its broker's `retention_hours`: a
    /// short-lived topic (`24`) or one kept for replay (`720`). Sizes its stored bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub retention_hours: Option<u32>,
    /// A fact (`event`, the default) or a request to one consumer (`command`).
    #[serde(default, skip_serializing_if = "is_event")]
    pub kind: MessageKind,
    /// The broker it is published to, when there are several; otherwise the link's or the
    /// only broker.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub broker: Option<String>,
    /// The payload schema's major version; a derived topic ends in `.v<version>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<u32>,
}

fn is_event(kind: &MessageKind) -> bool {
    *kind == MessageKind::Event
}

super::empty_is_default!(Api);

/// The field, or fields, of a resource that name who owns an item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Owner {
    /// One owner field, e.g. `customer_id`.
    One(String),
    /// Several, e.g. `[rider_id, driver_id]`: the caller owns an item any of them names.
    Many(Vec<String>),
}

impl Field {
    /// Whether it is personal data: marked `personal`, or an email address.
    pub fn is_personal(&self) -> bool {
        self.personal || self.ty == FieldType::Email
    }
}

impl Owner {
    /// The owner fields, in the model's order.
    pub fn fields(&self) -> Vec<&str> {
        match self {
            Owner::One(f) => vec![f.as_str()],
            Owner::Many(fs) => fs.iter().map(String::as_str).collect(),
        }
    }

    /// Whether `field` is one of them.
    pub fn names(&self, field: &str) -> bool {
        self.fields().contains(&field)
    }

    /// The owner from an answer: one field, or several separated by commas.
    pub fn parse(text: &str) -> Option<Owner> {
        let fields: Vec<String> = text
            .split(',')
            .map(str::trim)
            .filter(|f| !f.is_empty())
            .map(String::from)
            .collect();
        match fields.len() {
            0 => None,
            1 => fields.into_iter().next().map(Owner::One),
            _ => Some(Owner::Many(fields)),
        }
    }
}

impl std::fmt::Display for Owner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.fields().join(", "))
    }
}

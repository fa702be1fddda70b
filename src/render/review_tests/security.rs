//! The rules on security and contracts: unreachable resources, rate limits, SSRF through
//! callbacks, compliance, calls without a contract, write-only fields read back and webhooks
//! without a receiver.

use super::{Case, PSP, RESILIENCE, assert_finds, case, findings, with};
use crate::model::Model;
use crate::render::Renderer;

const STOCK_FIELDS: &str = "fields: [{name: sku, type: string}], operations: [get]";
const SECRET_COST: &str = "fields: [{name: sku, type: string}, {name: unit_cost, type: number, write_only: true}], operations: [get]";
const PER_CLIENT: &str =
    "security: {rate_limits: [{scope: client, requests: 600, per: minute}]}\nresilience:\n";
const ORDER_FIELDS: &str = "{name: Order, fields: [{name: order_id, type: uuid}]}";
const ORDER_EMAIL: &str =
    "{name: Order, fields: [{name: order_id, type: uuid}, {name: email, type: email}]}";
const CHECK: &str = "{from: orders, to: stock, action: Check}";
const CHECK_COST: &str = "{from: orders, to: stock, action: Check, returns: the unit costs}";

/// A case for each rule of this family.
pub(super) fn cases() -> Vec<Case> {
    let mut out = access_cases();
    out.extend(identity_cases());
    out.push(issuer_case());
    out.push(personal_query_case());
    out.push(uncalled_case());
    out
}

/// The flows call stock's GetStock by name, and nothing calls ListStocks.
fn uncalled_case() -> Case {
    case(
        "operation-uncalled:stock",
        &[
            (
                "api: {resources: [{name: Stock, fields: [{name: sku, type: string}], operations: [get]}]}",
                "api: {style: grpc, resources: [{name: Stock, fields: [{name: sku, type: string}], operations: [get, list]}]}",
            ),
            (
                "{from: orders, to: stock, action: Check}",
                "{from: orders, to: stock, action: GetStock}",
            ),
        ],
    )
}

/// Who may call and who may read: scopes without a token, personal data sent unread.
fn identity_cases() -> Vec<Case> {
    vec![
        case(
            // web sends the gateway 300 requests a second, all under one client id.
            "client-limit-below-peak:web",
            &[(RESILIENCE, PER_CLIENT)],
        ),
        case(
            // stock admits only service certificates, which carry no scopes.
            "scope-without-token:stock:stock:read",
            &[(
                "operations: [get]}]}}",
                "operations: [get], access: [{methods: [mtls], scopes: ['stock:read']}]}]}}",
            )],
        ),
        case(
            // Under GDPR, pay keeps the email it reads and no erasure event reaches it.
            "erasure-not-reached:pay",
            &[
                (
                    "  availability: 99.9\n",
                    "  availability: 99.9\n  compliance: [GDPR]\n",
                ),
                (
                    "fields: [{name: order_id, type: uuid}]}]",
                    "fields: [{name: order_id, type: uuid}, {name: email, type: email}]}]",
                ),
            ],
        ),
        case(
            // Under GDPR, orders caches the order's email for 31 days and no erasure event
            // invalidates it: past the month.
            "erasure-not-reached:order-cache",
            &[
                (
                    "  availability: 99.9\n",
                    "  availability: 99.9\n  compliance: [GDPR]\n",
                ),
                (ORDER_FIELDS, ORDER_EMAIL),
                (RESILIENCE, &order_cache(2_678_400)),
            ],
        ),
        case(
            // pay reads only the order id; the email reaches it anyway.
            "personal-data-unread:OrderPlaced.email",
            &[
                (
                    "fields: [{name: order_id, type: uuid}]}]",
                    "fields: [{name: order_id, type: uuid}, {name: email, type: email}]}]",
                ),
                (
                    "consumes: [OrderPlaced]}",
                    "consumes: [OrderPlaced], reads: {OrderPlaced: [order_id]}}",
                ),
            ],
        ),
        case(
            // orders' API takes the card token and never returns it; pay does not read it.
            "write-only-field-unread:OrderPlaced.card",
            &[
                (
                    "fields: [{name: order_id, type: uuid}]}]",
                    "fields: [{name: order_id, type: uuid}, {name: card, type: string}]}]",
                ),
                (
                    "api: {resources: [{name: Order, fields: [{name: order_id, type: uuid}]}]}",
                    "api: {resources: [{name: Order, fields: [{name: order_id, type: uuid}, {name: card, type: string, write_only: true}]}]}",
                ),
                (
                    "consumes: [OrderPlaced]}",
                    "consumes: [OrderPlaced], reads: {OrderPlaced: [order_id]}}",
                ),
            ],
        ),
    ]
}

/// Reachability, rate limits, callbacks, compliance and contracts.
fn access_cases() -> Vec<Case> {
    vec![
        case(
            // pay consumes events and calls ledger with its own identity only.
            "resource-unreachable:ledger/Entry",
            &[
                (
                    "  - {name: pay,",
                    "  - {name: ledger, responsibility: r, api: {resources: [{name: Entry, access: [{methods: [jwt]}]}]}}\n  - {name: pay,",
                ),
                (
                    PSP,
                    "    - {from: pay, to: psp, background: true}\n    - {from: pay, to: ledger}\n",
                ),
                (
                    "resilience:\n",
                    "security:\n  authentication: [{method: jwt, clients: [web]}]\nresilience:\n",
                ),
            ],
        ),
        case(
            "rate-limit-partners:100-per-minute",
            &[
                (
                    "clients: [{name: web}]",
                    "clients: [{name: web}, {name: acme, kind: partner}]",
                ),
                (
                    "resilience:\n",
                    "security:\n  rate_limits: [{scope: ip, requests: 100}, {scope: client, requests: 1000}]\nresilience:\n",
                ),
            ],
        ),
        algorithm_case(),
        sliding_case(),
        scope_case(),
        existence_case(),
        case(
            "ssrf-callbacks:pay",
            &[(
                "{name: pay, responsibility: r,",
                "{name: pay, responsibility: r, api: {style: webhooks},",
            )],
        ),
        case(
            "log-retention-compliance:pci dss",
            &[(
                "  availability: 99.9\n",
                "  availability: 99.9\n  compliance: [PCI DSS]\n",
            )],
        ),
        case(
            "async-capture-sca:pay->psp",
            &[(
                "  availability: 99.9\n",
                "  availability: 99.9\n  compliance: [PSD2]\n",
            )],
        ),
        case(
            "call-without-contract:orders->stock",
            &[(
                ", api: {resources: [{name: Stock, fields: [{name: sku, type: string}], operations: [get]}]}}",
                "}",
            )],
        ),
        case(
            "write-only-read:Checkout:orders->stock",
            &[(STOCK_FIELDS, SECRET_COST), (CHECK, CHECK_COST)],
        ),
        case(
            "webhook-without-receiver:psp->pay",
            &[(
                PSP,
                "    - {from: pay, to: psp, background: true}\n    - {from: psp, to: pay, style: async, protocol: HTTPS webhook}\n",
            )],
        ),
    ]
}

/// A partner may register an Order but not read one, and a duplicate answers it `409`.
fn existence_case() -> Case {
    case(
        "create-reveals-existence:Order.order-exists",
        &[
            (
                "api: {resources: [{name: Order, fields: [{name: order_id, type: uuid}]}]}",
                "api: {resources: [{name: Order, fields: [{name: order_id, type: uuid}], operations: [get, create], access: [{operations: [create], roles: [staff, partner]}, {operations: [get], roles: [staff]}], errors: [{name: order-exists, status: 409}]}]}",
            ),
            (
                "resilience:\n",
                "security:\n  authorization:\n    roles: [{name: staff}, {name: partner}]\nresilience:\n",
            ),
        ],
    )
}

/// Staff tokens come from Entra ID, which declares only orders:read.
fn scope_case() -> Case {
    case(
        // Staff tokens come from Entra ID, which declares only orders:read.
        "scope-not-issued:staff",
        &[(
            "resilience:\n",
            "security:\n  authentication:\n    - {method: oidc, provider: Auth0, clients: [web], scopes: [{name: 'orders:read'}, {name: 'orders:write'}]}\n    - {method: oidc, provider: Entra ID, scopes: [{name: 'orders:read'}]}\n  authorization:\n    roles:\n      - {name: customer, provider: Auth0, permissions: ['orders:read:own', 'orders:write:own']}\n      - {name: staff, provider: Entra ID, permissions: ['orders:read', 'orders:write']}\nresilience:\n",
        )],
    )
}

/// Orders are looked up by the customer's email, in the list's query string.
fn personal_query_case() -> Case {
    case(
        "personal-data-in-url:orders.Order",
        &[(
            "api: {resources: [{name: Order, fields: [{name: order_id, type: uuid}]}]}",
            "api: {resources: [{name: Order, fields: [{name: order_id, type: uuid}, {name: email, type: email}], filters: [email]}]}",
        )],
    )
}

/// Partner tokens come from a Cognito user pool, named by its hosted login domain.
fn issuer_case() -> Case {
    case(
        "issuer-shape:Amazon Cognito",
        &[(
            "resilience:\n",
            "security:\n  authentication:\n    - {method: oauth2, provider: Amazon Cognito, issuer: 'https://partners.auth.shop.example'}\nresilience:\n",
        )],
    )
}

#[test]
fn each_security_rule_finds_what_it_is_for() {
    assert_finds(&cases());
}

#[test]
fn a_read_of_a_write_only_field_is_found_where_the_model_says_it() {
    // The flow step's `returns` names it.
    let step = with(&[(STOCK_FIELDS, SECRET_COST), (CHECK, CHECK_COST)]);
    assert_eq!(findings(&step), ["write-only-read:Checkout:orders->stock"]);
    // A link that reads it.
    let link = with(&[
        (STOCK_FIELDS, SECRET_COST),
        (
            "{from: orders, to: stock}",
            "{from: orders, to: stock, purpose: Read the unit cost.}",
        ),
    ]);
    assert_eq!(findings(&link), ["write-only-read:orders->stock"]);
    // A link that writes it is no read.
    let write = link.replace("Read the unit cost.", "Register the unit cost.");
    assert_eq!(findings(&write), Vec::<String>::new());
    // An internal resource that returns it, which the step calls, answers the read.
    let internal = with(&[
        (
            STOCK_FIELDS,
            "fields: [{name: sku, type: string}, {name: unit_cost, type: number, write_only: true}], operations: [get]}, {name: Cost, fields: [{name: unit_cost, type: number}], operations: [get]",
        ),
        (
            CHECK,
            "{from: orders, to: stock, action: 'GET /v1/costs/{costId}', returns: the unit cost}",
        ),
    ]);
    // (Stock's own get, which no flow calls now, is its own rule's finding.)
    assert_eq!(findings(&internal), ["operation-uncalled:stock"]);
    // The same read through the resource that hides it is found.
    let hidden = internal.replace("/v1/costs/{costId}", "/v1/stocks/{stockId}");
    assert_eq!(
        findings(&hidden),
        [
            "operation-uncalled:stock",
            "write-only-read:Checkout:orders->stock"
        ]
    );
}

#[test]
fn a_resource_behind_callers_that_forward_user_tokens_is_reachable() {
    // stock is called by orders, behind gw, which web calls with a JWT that orders forwards.
    let yaml = with(&[
        (
            "{name: Stock, fields: [{name: sku, type: string}], operations: [get]}",
            "{name: Stock, fields: [{name: sku, type: string}], operations: [get], access: [{methods: [jwt]}]}",
        ),
        (
            "resilience:\n",
            "security:\n  authentication: [{method: jwt, clients: [web]}]\nresilience:\n",
        ),
    ]);
    let found = findings(&yaml);
    assert!(
        !found.iter().any(|f| f.starts_with("resource-unreachable:")),
        "{found:?}"
    );
}

#[test]
fn a_scope_is_asked_of_the_provider_each_role_gets_its_tokens_from() {
    let case = cases()
        .into_iter()
        .find(|c| c.id == "scope-not-issued:staff")
        .unwrap();
    // Only staff is short: customer's scopes (`:own` stripped) are Auth0's.
    let found = findings(&case.yaml);
    let unissued: Vec<&String> = found
        .iter()
        .filter(|f| f.starts_with("scope-not-issued:"))
        .collect();
    assert_eq!(unissued, ["scope-not-issued:staff"]);
    // Declared on Entra ID's entry, the finding goes; a model declaring no scopes at all is
    // not judged.
    let declared = case.yaml.replace(
        "provider: Entra ID, scopes: [{name: 'orders:read'}]",
        "provider: Entra ID, scopes: [{name: 'orders:read'}, {name: 'orders:write'}]",
    );
    assert!(
        !findings(&declared)
            .iter()
            .any(|f| f.starts_with("scope-not-issued"))
    );
    let none = case
        .yaml
        .replace(
            ", scopes: [{name: 'orders:read'}, {name: 'orders:write'}]",
            "",
        )
        .replace(", scopes: [{name: 'orders:read'}]", "");
    assert!(
        !findings(&none)
            .iter()
            .any(|f| f.starts_with("scope-not-issued"))
    );
}

#[test]
fn a_per_client_limit_counts_only_the_clients_it_names() {
    let found = |limit: &str| {
        findings(&with(&[
            (
                "clients: [{name: web}]\n",
                "clients: [{name: web}, {name: api-users, kind: partner}]\n",
            ),
            (
                RESILIENCE,
                &format!("security: {{rate_limits: [{limit}]}}\nresilience:\n"),
            ),
        ]))
        .iter()
        .any(|f| f.starts_with("client-limit-below-peak"))
    };
    assert!(found("{scope: client, requests: 600, per: minute}"));
    // Named for the partners only: web's users are not counted together.
    assert!(!found(
        "{scope: client, clients: [api-users], requests: 600, per: minute}"
    ));
    // Above web's peak of 300 a second.
    assert!(!found("{scope: client, requests: 20000, per: minute}"));
}

/// The performance section with a cache of orders' `Order` kept `ttl` seconds, then the
/// resilience section it goes before.
fn order_cache(ttl: u32) -> String {
    format!(
        "performance:\n  caches: [{{name: order-cache, service: orders, technology: Redis, holds: orders, ttl_seconds: {ttl}, resource: Order}}]\n{RESILIENCE}"
    )
}

#[test]
fn a_cache_of_personal_data_within_the_month_is_reached_by_its_ttl() {
    let yaml = with(&[
        (
            "  availability: 99.9\n",
            "  availability: 99.9\n  compliance: [GDPR]\n",
        ),
        (ORDER_FIELDS, ORDER_EMAIL),
        (RESILIENCE, &order_cache(2_592_000)),
    ]);
    let found = findings(&yaml);
    assert!(
        !found.iter().any(|f| f.starts_with("erasure-not-reached")),
        "{found:?}"
    );
}

#[test]
fn an_erasure_finding_points_at_the_cache_or_the_consumer() {
    let gdpr = (
        "  availability: 99.9\n",
        "  availability: 99.9\n  compliance: [GDPR]\n",
    );
    let email = (
        "fields: [{name: order_id, type: uuid}]}]",
        "fields: [{name: order_id, type: uuid}, {name: email, type: email}]}]",
    );
    let cache = order_cache(2_678_400);
    let yaml = with(&[
        gdpr,
        email,
        (ORDER_FIELDS, ORDER_EMAIL),
        (RESILIENCE, &cache),
    ]);
    let model: Model = serde_yaml::from_str(&yaml).unwrap();
    let view = Renderer::builtin().unwrap().view(&model).unwrap();
    let at = |id: &str| {
        let f = view.review.iter().find(|f| f.id == id);
        f.map(|f| f.at.clone()).unwrap_or_default()
    };
    assert_eq!(
        at("erasure-not-reached:order-cache"),
        "/performance/caches/0"
    );
    assert!(at("erasure-not-reached:pay").ends_with("/consumes"));
}

/// An Envoy gateway shares its counts through the global rate limit service, which counts
/// fixed windows: a token bucket with a burst is not what runs.
fn algorithm_case() -> Case {
    case(
        "rate-limit-algorithm-gateway:user-100-per-minute",
        &[
            (
                "{name: gw, kind: gateway, responsibility: r,",
                "{name: gw, kind: gateway, stack: Envoy Gateway, responsibility: r,",
            ),
            (
                "resilience:\n",
                "security:\n  rate_limits: [{scope: user, requests: 100, algorithm: token-bucket, burst: 20}]\nresilience:\n  rate_limit_store: Redis\n",
            ),
        ],
    )
}

/// Kong's open-source rate-limiting plugins count fixed windows: a sliding one needs its
/// Enterprise edition.
fn sliding_case() -> Case {
    case(
        "rate-limit-algorithm-gateway:ip-600-per-minute",
        &[
            (
                "{name: gw, kind: gateway, responsibility: r,",
                "{name: gw, kind: gateway, stack: Kong Gateway, responsibility: r,",
            ),
            (
                "resilience:\n",
                "security:\n  rate_limits: [{scope: ip, requests: 600, per: minute, algorithm: sliding-window}]\nresilience:\n",
            ),
        ],
    )
}

#[test]
fn kong_enterprise_runs_a_sliding_window() {
    let limit = (
        "resilience:\n",
        "security:\n  rate_limits: [{scope: ip, requests: 600, per: minute, algorithm: sliding-window}]\nresilience:\n",
    );
    let on = |stack: &str| {
        findings(&with(&[
            (
                "{name: gw, kind: gateway, responsibility: r,",
                &format!("{{name: gw, kind: gateway, stack: {stack}, responsibility: r,"),
            ),
            limit,
        ]))
        .into_iter()
        .filter(|f| f.starts_with("rate-limit-algorithm-gateway"))
        .count()
    };
    assert_eq!((on("Kong Gateway"), on("Kong Enterprise")), (1, 0));
}

//! Contracts beyond CRUD: an action, a filter, per-operation access, optimistic concurrency,
//! a domain problem and server-owned fields reach OpenAPI, GraphQL and Protocol Buffers alike;
//! a delivery policy reaches AsyncAPI as retry and dead-letter channels.

use crate::support::{Env, MINIMAL};

const RESOURCE: &str = "            - {name: total, type: money}\n";
const DEEP: &str = "            - {name: total, type: money, read_only: true}
            - {name: status, type: enum, values: [open, cancelled]}
            - {name: note, type: string, max_length: 80, optional: true}
            - {name: tags, type: string, list: true, min_items: 2, max_items: 5}
          filters: [status]
          concurrency: etag
          actions:
            - name: cancel
              fields:
                - {name: reason, type: string, max_length: 280}
          access:
            - {operations: [get], public: true}
            - {operations: [cancel], scopes: [orders:write]}
          errors:
            - {name: already-shipped, status: 409, operations: [cancel]}
";

/// Writes `model` and renders it into `out`, expecting exit code `code`; returns its stderr.
fn render_model(env: &Env, model: &str, code: i32) -> String {
    env.write("archgen.yaml", model);
    let run = env.run(&["render", "--out", "out"]);
    assert_eq!(run.code, code, "{}{}", run.stdout, run.stderr);
    run.stderr
}

fn render(style: &str) -> (Env, String) {
    let model = MINIMAL
        .replace(RESOURCE, DEEP)
        .replace("    api:\n", &format!("    api:\n      style: {style}\n"));
    let env = Env::new();
    env.write("archgen.yaml", &model);
    let run = env.run(&["render", "--out", "out"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    (env, run.stdout)
}

#[test]
fn openapi_has_the_action_access_etag_filter_and_problem() {
    let (env, _) = render("rest");
    let api = env.read("out/api/orders.openapi.yaml");
    for expected in [
        "\"/v1/orders/{orderId}/cancel\":",
        "operationId: \"cancelOrder\"",
        "      security: []",
        "        - \"oidc\": [\"orders:write\"]",
        "$ref: \"#/components/parameters/IfMatch\"",
        "$ref: \"#/components/responses/PreconditionFailed\"",
        "name: \"status\"\n          in: query",
        "\"type\": \"/orders/problems/already-shipped\"",
        "readOnly: true",
        "\"maxLength\": 280",
        "\"minItems\": 2",
        "\"maxItems\": 5",
    ] {
        assert!(api.contains(expected), "missing {expected:?} in:\n{api}");
    }
    // A list's example holds the fewest items it allows, so the example validates.
    let doc: serde_yaml::Value = serde_yaml::from_str(&api).unwrap();
    let created = &doc["paths"]["/v1/orders"]["post"]["requestBody"]["content"]["application/json"];
    let tags = &created["examples"]["create"]["value"]["tags"];
    assert_eq!(tags.as_sequence().map(Vec::len), Some(2), "{created:?}");
    // The server-owned total is never part of an input.
    let input = api.split("\"OrderInput\":").nth(1).unwrap();
    let input = input.split("\"OrderPatch\":").next().unwrap();
    assert!(!input.contains("\"total\""), "{input}");
}

#[test]
fn graphql_and_proto_offer_the_action_and_the_filter() {
    let (env, _) = render("graphql");
    let sdl = env.read("out/api/orders.graphql");
    assert!(sdl.contains("  cancelOrder(\n"), "{sdl}");
    assert!(sdl.contains("input CancelOrderInput {"), "{sdl}");
    assert!(sdl.contains("    status: OrderStatus\n"), "{sdl}");
    let create = sdl.split("input CreateOrderInput {").nth(1).unwrap();
    assert!(
        !create.split('}').next().unwrap().contains("total"),
        "{sdl}"
    );
    let (env, _) = render("grpc");
    let proto = env.read("out/api/orders.proto");
    assert!(
        proto.contains("  rpc CancelOrder(CancelOrderRequest) returns (Order);"),
        "{proto}"
    );
    assert!(
        proto.contains("optional Order.OrderStatus status = 3;"),
        "{proto}"
    );
}

#[test]
fn a_delivery_policy_adds_retry_and_dead_letter_channels() {
    let model = format!(
        "{MINIMAL}  brokers:\n    - {{name: kafka, technology: Kafka}}\n  envelope: {{registry: Apicurio}}\n"
    )
    .replace(
        "    responsibility: Takes orders.\n",
        "    responsibility: Takes orders.\n    publishes:\n      - {name: OrderPlaced, key: order_id, version: 2, fields: [{name: order_id, type: uuid}]}\n",
    )
    .replace(
        "    responsibility: Takes payments.\n",
        "    responsibility: Takes payments.\n    consumes: [OrderPlaced]\n",
    )
    .replace(
        "    - {from: orders, to: payments}\n",
        "    - {from: orders, to: payments, style: async, events: [OrderPlaced], delivery: {max_attempts: 4, retry_topic: true, dead_letter: true}}\n",
    );
    let env = Env::new();
    env.write("archgen.yaml", &model);
    let run = env.run(&["render", "--out", "out"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let asyncapi = env.read("out/api/payments.asyncapi.yaml");
    for expected in [
        // A topic per delay of the schedule (1 s, 2 s, 4 s), the delay a channel parameter.
        "address: \"orders.order-placed.v2.payments.retry-{delay}\"",
        "        enum:\n          - \"1s\"\n          - \"2s\"\n          - \"4s\"\n",
        "address: \"orders.order-placed.v2.payments.dlq\"",
        "\"sendOrderPlacedDeadLetter\":",
        // Each channel is keyed by its address, without the parameter's braces.
        "  \"orders.order-placed.v2.payments.retry-delay\":\n    address: \"orders.order-placed.v2.payments.retry-{delay}\"",
        "$ref: \"#/channels/orders.order-placed.v2.payments.dlq/messages/OrderPlaced\"",
        "$ref: \"#/components/schemas/Envelope\"",
        "4 deliveries in all over 7 s",
        "registered in Apicurio",
    ] {
        assert!(
            asyncapi.contains(expected),
            "missing {expected:?} in:\n{asyncapi}"
        );
    }
    // The resilience page states the same policy for the same consumer.
    let resilience = env.read("out/resilience.md");
    assert!(
        resilience
            .contains("| payments | OrderPlaced | 4 (the link) | 7 s | retry topics, one per delay (3): the key's later messages can overtake |"),
        "{resilience}"
    );
}

#[test]
fn a_pattern_reads_as_code_in_the_contracts_document_whatever_its_backticks() {
    let model = MINIMAL.replace(
        RESOURCE,
        "            - {name: total, type: money}\n            - {name: token, type: string, pattern: '^pm_[A-Za-z0-9]+$', example: pm_1}\n            - {name: quoted, type: string, pattern: '^a`b$', example: 'a`b'}\n",
    );
    let env = Env::new();
    env.write("archgen.yaml", &model);
    let run = env.run(&["render", "--out", "out"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc = env.read("out/api-contracts.md");
    assert!(
        doc.contains("- `token`: matching `^pm_[A-Za-z0-9]+$`.")
            && doc.contains("- `quoted`: matching ``^a`b$``."),
        "{doc}"
    );
}

#[test]
fn an_owner_field_scopes_its_filter_to_the_caller_and_must_exist() {
    let owned = MINIMAL.replace(
        RESOURCE,
        "            - {name: total, type: money}\n            - {name: customer_id, type: uuid, read_only: true}\n          filters: [customer_id]\n          owner: customer_id\n",
    );
    let env = Env::new();
    render_model(&env, &owned, 0);
    let api = env.read("out/api/orders.openapi.yaml");
    assert!(
        api.contains("Only Orders whose `customer_id` is this value. A caller whose role may read only its own Orders (a `:own` permission) always gets its own"),
        "{api}"
    );
    let stderr = render_model(
        &env,
        &owned.replace("owner: customer_id", "owner: customer"),
        2,
    );
    assert!(
        stderr.contains("resource `Order`: owner `customer` is not a known field of this resource")
            && stderr.contains("did you mean `customer_id`?"),
        "{stderr}"
    );
}

/// An item with two owners (a trip's rider and its driver): either may reach it with an `:own`
/// permission, the contract and security.md say so, and each listed field must exist.
#[test]
fn an_item_may_have_several_owners() {
    let owned = MINIMAL
        .replace(
            RESOURCE,
            "            - {name: total, type: money}\n            - {name: customer_id, type: uuid, read_only: true}\n            - {name: agent_id, type: uuid, read_only: true}\n          filters: [customer_id]\n          owner: [customer_id, agent_id]\n",
        )
        .replace(
            "clients:\n",
            "security:\n  authorization:\n    model: rbac\n    roles:\n      - {name: customer, permissions: [\"orders:read:own\"]}\n      - {name: agent, permissions: [\"orders:read:own\"]}\nclients:\n",
        );
    let env = Env::new();
    render_model(&env, &owned, 0);
    let api = env.read("out/api/orders.openapi.yaml");
    assert!(
        api.contains("(a `:own` permission: those whose `customer_id` or `agent_id` names it) gets only those"),
        "{api}"
    );
    let security = env.read("out/security.md");
    assert!(
        security.contains("| Order | orders | `customer_id` or `agent_id` |"),
        "{security}"
    );
    let stderr = render_model(
        &env,
        &owned.replace("[customer_id, agent_id]", "[customer_id, agnt_id]"),
        2,
    );
    assert!(
        stderr.contains("resource `Order`: owner `agnt_id` is not a known field of this resource")
            && stderr.contains("did you mean `agent_id`?")
            && stderr.contains("archgen.yaml:"),
        "{stderr}"
    );
}

/// The operations that take the idempotency key are one list: the OpenAPI contract's header
/// parameters and api-contracts.md's idempotency section name the same ones, an update among
/// them only when a caller retries it.
#[test]
fn the_prose_and_the_contract_key_the_same_operations() {
    for (attempts, update_keyed) in [(1, false), (3, true)] {
        let model = MINIMAL
            .replace(RESOURCE, DEEP)
            .replace(
                "    - {from: web, to: orders}\n",
                &format!(
                    "    - {{from: web, to: orders, resilience: {{retries: {{max_attempts: {attempts}}}}}}}\n"
                ),
            );
        let env = Env::new();
        env.write("archgen.yaml", &model);
        let run = env.run(&["render", "--out", "out"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let api = env.read("out/api/orders.openapi.yaml");
        let patch = api
            .split("    patch:")
            .nth(1)
            .and_then(|p| p.split("\n    delete:").next())
            .expect("the contract has a PATCH");
        let doc = env.read("out/api-contracts.md");
        let section = doc
            .split("### Idempotency")
            .nth(1)
            .and_then(|s| s.split("\n### ").next())
            .expect("api-contracts.md has an idempotency section");
        let listed = section.contains("`PATCH /v1/orders/{orderId}`");
        let header = patch.contains("#/components/parameters/IdempotencyKey");
        assert_eq!(
            (listed, header),
            (update_keyed, update_keyed),
            "{attempts} attempts:\n{section}"
        );
        for keyed in ["`POST /v1/orders`", "`POST /v1/orders/{orderId}/cancel`"] {
            assert!(section.contains(keyed), "{keyed} in {section}");
        }
    }
}

/// A resource with a `key` is named by it in every contract: `{sku}` in OpenAPI paths, the
/// `sku` of gRPC requests, the `sku` argument in GraphQL, and api-contracts.md says so.
#[test]
fn a_lookup_key_names_the_item_in_every_style() {
    let keyed = |style: &str| {
        let model = MINIMAL
            .replace(
                "        - name: Order\n          fields:\n            - {name: total, type: money}\n",
                "        - name: StockLevel\n          key: sku\n          fields:\n            - {name: sku, type: string}\n            - {name: available, type: integer}\n          actions: [{name: recount}]\n",
            )
            .replace("    api:\n", &format!("    api:\n      style: {style}\n"));
        let env = Env::new();
        env.write("archgen.yaml", &model);
        let run = env.run(&["render", "--out", "out"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        env
    };
    let env = keyed("rest");
    let api = env.read("out/api/orders.openapi.yaml");
    for expected in [
        "\"/v1/stock-levels/{sku}\":",
        "\"/v1/stock-levels/{sku}/recount\":",
        "name: \"sku\"\n          in: path",
        "description: \"The sku of the StockLevel, unique to it.\"",
        "example: \"SKU-1001\"",
    ] {
        assert!(api.contains(expected), "missing {expected:?} in:\n{api}");
    }
    assert!(!api.contains("stockLevelId"), "{api}");
    let doc = env.read("out/api-contracts.md");
    assert!(
        doc.contains("- Looked up by `sku`, unique to each StockLevel: `/v1/stock-levels/{sku}`; it is the item's identity, with no id beside it."),
        "{doc}"
    );
    // The key is the item's identity: no surrogate id beside it, in the schema or the examples.
    let schema = (api.split("\n    \"StockLevel\":").nth(1))
        .and_then(|s| s.split("\n    \"StockLevel").next())
        .expect("the contract has a StockLevel schema");
    assert!(!schema.contains("\"id\""), "{schema}");
    assert!(
        doc.contains("GET /orders/v1/stock-levels/SKU-1001 HTTP/1.1"),
        "{doc}"
    );
    let proto = keyed("grpc").read("out/api/orders.proto");
    assert!(
        proto.contains("message StockLevel {\n  string sku = 1;"),
        "{proto}"
    );
    assert!(
        proto.contains("message GetStockLevelRequest {\n  // The sku of the StockLevel, unique to it.\n  string sku = 1;\n}"),
        "{proto}"
    );
    let graphql = keyed("graphql").read("out/api/orders.graphql");
    assert!(graphql.contains("  stockLevel(\n    \"The sku of the StockLevel, unique to it.\"\n    sku: ID!\n  ): StockLevel"), "{graphql}");
    assert!(
        graphql.contains(
            "  recountStockLevel(\n    \"The sku of the StockLevel, unique to it.\"\n    sku: ID!"
        ),
        "{graphql}"
    );
}

/// A role tied to an identity provider (`roles[].provider`): an operation only that role may
/// call accepts only that provider's tokens, and a provider no authentication entry names is a
/// located load error.
#[test]
fn an_operation_only_a_providers_role_may_call_accepts_only_its_tokens() {
    const CLINIC: &str = r#"version: 1
name: Clinic
requirements: {domain: healthcare}
services:
  - name: booking
    responsibility: Books appointments.
    api:
      resources:
        - name: Appointment
          fields:
            - {name: starts_at, type: datetime}
          access:
            - {operations: [list, get], roles: [clinician]}
            - {operations: [create], roles: [patient]}
clients:
  - {name: app, kind: mobile}
  - {name: desk, kind: web}
security:
  authentication:
    - {method: oidc, provider: Auth0, clients: [app]}
    - {method: oidc, provider: Entra ID, clients: [desk]}
  authorization:
    model: rbac
    roles:
      - {name: patient, description: A patient booking for themselves., permissions: ["appointments:write"], provider: Auth0}
      - {name: clinician, description: Clinic staff., permissions: ["appointments:read"], provider: Entra ID}
communication:
  links:
    - {from: app, to: booking}
    - {from: desk, to: booking}
"#;
    let env = Env::new();
    env.write("archgen.yaml", CLINIC);
    env.run(&["render"]).ok();
    let api = env.read("docs/architecture/api/booking.openapi.yaml");
    let security_of = |op: &str| -> String {
        let at = api.find(&format!("operationId: \"{op}\"")).unwrap();
        let rest = &api[at..];
        let s = rest.find("security:").unwrap();
        rest[s..].lines().nth(1).unwrap().trim().to_owned()
    };
    // Two OpenID Connect providers: each scheme is named for its provider, not `oidc2`.
    assert_eq!(
        security_of("listAppointments"),
        "- \"entraId\": []",
        "{api}"
    );
    assert_eq!(security_of("createAppointment"), "- \"auth0\": []", "{api}");
    let security = env.read("docs/architecture/security.md");
    assert!(
        security.contains("Clinic staff. (tokens from Entra ID)"),
        "{security}"
    );
    env.write(
        "archgen.yaml",
        &CLINIC.replace("provider: Entra ID}", "provider: Entra}"),
    );
    let run = env.run(&["render"]);
    assert_ne!(run.code, 0);
    assert!(
        run.stderr
            .contains("role `clinician`: provider `Entra` is not a known provider"),
        "{}",
        run.stderr
    );
}

/// A topic's retention reaches its Kafka binding: the event's own where it states one, else
/// the broker's; an assumed retention is not written as if it were configured.
#[test]
fn a_stated_retention_reaches_the_kafka_topic_binding() {
    const EVENTS: &str = r#"version: 1
name: Shop
requirements: {domain: retail}
services:
  - name: orders
    responsibility: Takes orders.
    publishes:
      - {name: OrderPlaced, key: order_id, fields: [{name: order_id, type: uuid}]}
      - {name: OrderAudited, key: order_id, retention_hours: 720, fields: [{name: order_id, type: uuid}]}
  - {name: payments, responsibility: Takes payments., consumes: [OrderPlaced, OrderAudited]}
communication:
  brokers: [{name: kafka, technology: Kafka, retention_hours: 72}]
"#;
    let retention = |model: &str| -> Vec<String> {
        let env = Env::new();
        render_model(&env, model, 0);
        let api = env.read("out/api/orders.asyncapi.yaml");
        api.lines()
            .filter(|l| l.trim_start().starts_with("retention.ms:"))
            .map(|l| l.trim().to_owned())
            .collect()
    };
    // 72 hours on the broker, 720 on the audited topic.
    assert_eq!(
        retention(EVENTS),
        ["retention.ms: 259200000", "retention.ms: 2592000000"]
    );
    let unstated = EVENTS
        .replace(" retention_hours: 720,", "")
        .replace(", retention_hours: 72}", "}");
    assert!(retention(&unstated).is_empty());
}

/// Beside RBAC, attribute rules narrow some roles (front-desk staff only their clinic): the
/// security document lists each with the roles it narrows, and a rule naming an unknown role
/// is a located load error.
#[test]
fn attribute_rules_narrow_roles_beside_rbac() {
    const DESK: &str = r#"version: 1
name: Clinic
requirements: {domain: healthcare}
services:
  - name: booking
    responsibility: Books appointments.
    api:
      resources:
        - name: Appointment
          fields:
            - {name: clinic_id, type: uuid}
          access:
            - {roles: [front-desk]}
clients:
  - {name: desk, kind: web}
security:
  authentication:
    - {method: oidc, provider: Entra ID, clients: [desk]}
  authorization:
    model: rbac
    roles:
      - {name: front-desk, description: Desk staff., permissions: ["appointments:read"]}
    policies:
      - {name: own-clinic, rule: Desk staff reach only their clinic's appointments., roles: [front-desk]}
communication:
  links:
    - {from: desk, to: booking}
"#;
    let env = Env::new();
    render_model(&env, DESK, 0);
    let security = env.read("out/security.md");
    assert!(
        security.contains(
            "| own-clinic | front-desk | Desk staff reach only their clinic's appointments. |"
        ),
        "{security}"
    );
    let err = render_model(
        &env,
        &DESK.replace(
            "roles: [front-desk]}\ncommunication",
            "roles: [frontdesk]}\ncommunication",
        ),
        2,
    );
    assert!(
        err.contains("policy `own-clinic`: role `frontdesk`") && err.contains("archgen.yaml:"),
        "{err}"
    );
}

/// An OAuth 2.0 entry offers the grants its clients use: client credentials for a partner's
/// systems, the authorization code for people, each with the entry's scopes.
#[test]
fn an_oauth2_scheme_offers_the_grants_its_clients_use() {
    let model = |kind: &str| {
        format!(
            "version: 1\nname: Partners\nrequirements: {{domain: d}}\nservices:\n  - name: booking\n    responsibility: r\n    api:\n      resources: [{{name: Appointment, fields: [{{name: starts_at, type: datetime}}]}}]\nclients: [{{name: acme, kind: {kind}}}]\nsecurity:\n  authentication:\n    - {{method: oauth2, provider: Cognito, issuer: 'https://auth.example', clients: [acme], scopes: [{{name: 'appointments:book'}}]}}\ncommunication:\n  links: [{{from: acme, to: booking}}]\n"
        )
    };
    let env = Env::new();
    render_model(&env, &model("partner"), 0);
    let api = env.read("out/api/booking.openapi.yaml");
    assert!(
        api.contains("clientCredentials:") && !api.contains("authorizationCode:"),
        "{api}"
    );
    assert!(
        api.contains("\"appointments:book\": \"appointments:book\""),
        "{api}"
    );
    render_model(&env, &model("web"), 0);
    let api = env.read("out/api/booking.openapi.yaml");
    assert!(
        api.contains("authorizationCode:") && !api.contains("clientCredentials:"),
        "{api}"
    );
}

/// A field only some roles read (`read_by`): the contract never requires it in a response and
/// says who gets it, security.md lists it, and an unknown role is a located load error.
#[test]
fn a_field_read_by_some_roles_is_optional_in_responses_and_listed() {
    const PAY: &str = r#"version: 1
name: Shop
requirements: {domain: retail}
services:
  - name: payments
    responsibility: Takes payments.
    api:
      resources:
        - name: Payment
          fields:
            - {name: amount, type: number}
            - {name: client_secret, type: string, read_by: [customer]}
          owner: customer_id
          access:
            - {roles: [customer, support-agent]}
clients:
  - {name: web, kind: web}
security:
  authorization:
    model: rbac
    roles:
      - {name: customer, permissions: ["payments:read:own"]}
      - {name: support-agent, permissions: ["payments:read"]}
communication:
  links:
    - {from: web, to: payments}
"#;
    let model = PAY.replace(
        "            - {name: amount, type: number}\n",
        "            - {name: amount, type: number}\n            - {name: customer_id, type: uuid}\n",
    );
    let env = Env::new();
    render_model(&env, &model, 0);
    let api = env.read("out/api/payments.openapi.yaml");
    let doc: serde_yaml::Value = serde_yaml::from_str(&api).unwrap();
    let schema = &doc["components"]["schemas"]["Payment"];
    let required: Vec<&str> = schema["required"]
        .as_sequence()
        .unwrap()
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    assert!(
        required.contains(&"amount") && !required.contains(&"client_secret"),
        "{required:?}"
    );
    assert!(
        schema["properties"]["client_secret"]["description"]
            .as_str()
            .unwrap()
            .contains("Returned only to callers with the role customer; omitted for others."),
        "{api}"
    );
    let security = env.read("out/security.md");
    assert!(
        security.contains("| Payment | `client_secret` | customer |"),
        "{security}"
    );
    let err = render_model(
        &env,
        &model.replace("read_by: [customer]", "read_by: [customr]"),
        2,
    );
    assert!(
        err.contains("Payment: field `client_secret`: `read_by`")
            && err.contains("did you mean `customer`?"),
        "{err}"
    );
}

#[test]
fn an_etag_resource_carries_its_version_in_every_item_and_in_no_input() {
    let (env, _) = render("rest");
    let api = env.read("out/api/orders.openapi.yaml");
    let order = api.split("    \"Order\":").nth(1).unwrap();
    let order = order.split("\n    \"").next().unwrap();
    assert!(order.contains("\"version\":"), "{order}");
    assert!(order.contains("If-Match: \\\"<version>\\\""), "{order}");
    let input = api.split("\"OrderInput\":").nth(1).unwrap();
    assert!(
        !input
            .split("\"OrderPatch\":")
            .next()
            .unwrap()
            .contains("version")
    );
    // A create answers with the first version, a write sent with `If-Match: "3"` the next.
    let answer = |op: &str| {
        let after = api.split(&format!("operationId: \"{op}\"")).nth(1).unwrap();
        after.split("operationId:").next().unwrap().to_owned()
    };
    assert!(answer("createOrder").contains("\"version\": 1"), "{api}");
    assert!(answer("cancelOrder").contains("\"version\": 4"), "{api}");
    let (env, _) = render("graphql");
    let sdl = env.read("out/api/orders.graphql");
    let ty = sdl
        .split("type Order {")
        .nth(1)
        .unwrap()
        .split('}')
        .next()
        .unwrap();
    assert!(ty.contains("  version: Int!"), "{sdl}");
    // A resource that names its own version keeps it, and gets no second one.
    let own = MINIMAL.replace(
        RESOURCE,
        &DEEP.replacen(
            "          filters:",
            "            - {name: version, type: integer, read_only: true}\n          filters:",
            1,
        ),
    );
    let env = Env::new();
    render_model(&env, &own, 0);
    let api = env.read("out/api/orders.openapi.yaml");
    assert!(!api.contains("If-Match: \\\"<version>\\\""), "{api}");
}

//! Range filters: a list narrowed to the items whose orderable field lies between two values.
//! `{field: placed_at, range: true}` becomes `placed_at_from` (inclusive) and `placed_at_to`
//! (exclusive) in OpenAPI, GraphQL and Protocol Buffers alike, api-contracts.md and `archgen
//! view` say it is a range, and a range the field cannot take is refused where it is written.

use crate::support::{Env, MINIMAL};

const RESOURCE: &str = "            - {name: total, type: money}\n";
const RANGED: &str = "            - {name: total, type: money}
            - {name: status, type: enum, values: [open, paid]}
            - {name: placed_at, type: datetime, read_only: true, description: When the customer placed it.}
          operations: [list, get, create, subscribe]
          filters: [status, {field: placed_at, range: true}]
";

/// Renders the ranged resource in API `style` into `out`.
fn render(style: &str) -> Env {
    crate::support::render_resource(RANGED, style)
}

#[test]
fn a_range_is_two_query_parameters_of_the_list_and_the_stream() {
    let env = render("rest");
    let api = env.read("out/api/orders.openapi.yaml");
    let from = "        - name: \"placed_at_from\"
          in: query
          description: \"Only Orders whose `placed_at` is at or after this instant (inclusive).\"
          schema:
            \"type\": \"string\"
            \"format\": \"date-time\"
          example: \"2026-01-15T00:00:00Z\"
        - name: \"placed_at_to\"
          in: query
          description: \"Only Orders whose `placed_at` is before this instant (exclusive).\"
          schema:
            \"type\": \"string\"
            \"format\": \"date-time\"
          example: \"2026-01-16T00:00:00Z\"
";
    // The list and the Server-Sent Events stream each take both; the exact filter stays one.
    // A bound's schema is the field's without its description, which tells what the stored
    // value is, not what the query matches.
    assert_eq!(api.matches(from).count(), 2, "{api}");
    assert_eq!(api.matches("- name: \"status\"\n").count(), 2, "{api}");
    assert!(!api.contains("- name: \"placed_at\"\n"), "{api}");
    let doc = env.read("out/api-contracts.md");
    assert!(
        doc.contains("- The list and the stream can be narrowed by status, placed\\_at (a range: placed\\_at\\_from inclusive to placed\\_at\\_to exclusive)."),
        "{doc}"
    );
}

#[test]
fn a_range_is_two_arguments_in_graphql_and_two_list_request_fields_in_proto() {
    let env = render("graphql");
    let sdl = env.read("out/api/orders.graphql");
    let list = "    \"Only Orders whose status is this value.\"
    status: OrderStatus
    \"Only Orders whose placedAt is at or after this instant (inclusive).\"
    placedAtFrom: DateTime
    \"Only Orders whose placedAt is before this instant (exclusive).\"
    placedAtTo: DateTime
";
    assert!(sdl.contains(list), "{sdl}");
    let changed = sdl
        .split("type Subscription {")
        .nth(1)
        .expect("a subscription");
    assert!(
        changed.contains("    \"Only changes to Orders whose placedAt is before this instant (exclusive).\"\n    placedAtTo: DateTime\n"),
        "{sdl}"
    );
    let env = render("grpc");
    let proto = env.read("out/api/orders.proto");
    let request = "  string page_token = 2;
  // Only Orders whose status is this value.
  optional Order.OrderStatus status = 3;
  // Only Orders whose placed_at is at or after this instant (inclusive).
  optional google.protobuf.Timestamp placed_at_from = 4;
  // Only Orders whose placed_at is before this instant (exclusive).
  optional google.protobuf.Timestamp placed_at_to = 5;
}";
    assert!(proto.contains(request), "{proto}");
}

/// Template authors see each filter's parameters, a range's with its bounds.
#[test]
fn the_view_shows_a_range_and_its_bounds() {
    let env = render("rest");
    let view: serde_json::Value =
        serde_json::from_str(env.run(&["view"]).ok()).expect("the view is JSON");
    let filters = &view["services"][0]["api"]["resources"][0]["filters"];
    assert_eq!(filters[0]["range"], false, "{filters}");
    assert_eq!(filters[1]["range"], true, "{filters}");
    let bounds: Vec<(&str, &str, bool)> = filters[1]["params"]
        .as_array()
        .expect("params")
        .iter()
        .map(|p| {
            (
                p["snake"].as_str().unwrap(),
                p["bound"].as_str().unwrap(),
                p["inclusive"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        bounds,
        [
            ("placed_at_from", "from", true),
            ("placed_at_to", "to", false)
        ]
    );
}

/// Each refusal names the line, the filter and what to write instead.
#[test]
fn a_range_needs_an_orderable_field_that_is_no_owner_and_clashes_with_no_filter() {
    let model = MINIMAL.replace(
        RESOURCE,
        "            - {name: total, type: money}
            - {name: note, type: string}
            - {name: placed_at, type: datetime}
            - {name: customer_id, type: integer}
            - {name: placed_at_from, type: datetime}
          owner: customer_id
          filters:
            - {field: note, range: true}
            - {field: placd_at, range: true}
            - {field: customer_id, range: true}
            - placed_at_from
            - {field: placed_at, range: true}
",
    );
    let env = Env::new();
    env.write("archgen.yaml", &model);
    let run = env.run(&["render"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    for expected in [
        "error: found 4 problems in `archgen.yaml`:",
        "  1. archgen.yaml:20:36: resource `Order`: filter `note` is a range, but a `string` field has no order
     help: drop `range: true` to match `note` exactly; a range needs a date, datetime, integer or number field",
        "  2. archgen.yaml:21:23: resource `Order`: filter `placd_at` is not a known field of the resource
     help: did you mean `placed_at`?",
        "  3. archgen.yaml:22:43: resource `Order`: filter `customer_id` is the owner, which a `:own` caller's token sets, so it cannot be a range
     help: drop `range: true`: `customer_id` matches one owner exactly",
        "  4. archgen.yaml:24:15: resource `Order`: filters `placed_at_from` and `placed_at` both make the parameter `placed_at_from`
     help: the range on `placed_at` is sent as `placed_at_from` and `placed_at_to`: drop one of the two filters, or rename a field; the other is on line 23",
    ] {
        assert!(run.stderr.contains(expected), "missing {expected:?} in:\n{}", run.stderr);
    }
    // A misspelt key of the mapping form is a shape problem with its correction.
    let typo = model.replace("{field: note, range: true}", "{field: note, rnage: true}");
    env.write("archgen.yaml", &typo);
    let run = env.run(&["render"]);
    assert!(
        run.stderr.contains("archgen.yaml:20:29: unknown field `rnage` in `services[0].api.resources[0].filters[0]`\n     help: did you mean `range`?"),
        "{}",
        run.stderr
    );
}

/// A model written before ranges existed, filters as plain names, renders as it did: one
/// parameter per filter, described as an exact match.
#[test]
fn plain_names_still_match_exactly() {
    let model = MINIMAL.replace(
        RESOURCE,
        "            - {name: total, type: money}\n            - {name: placed_at, type: datetime}\n          filters: [placed_at]\n",
    );
    let env = Env::new();
    env.write("archgen.yaml", &model);
    let run = env.run(&["render", "--out", "out"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let api = env.read("out/api/orders.openapi.yaml");
    assert!(
        api.contains("- name: \"placed_at\"\n          in: query\n          description: \"Only Orders whose `placed_at` is this value.\"\n"),
        "{api}"
    );
    assert!(!api.contains("placed_at_from"), "{api}");
}

/// A required filter (`required: true`) must be sent by every list: a required query
/// parameter, a non-null GraphQL argument, and the example request sends it.
#[test]
fn a_required_filter_is_sent_by_every_list() {
    let required = |style: &str| {
        crate::support::render_resource(
            &RANGED.replace("[status,", "[{field: status, required: true},"),
            style,
        )
    };
    let env = required("rest");
    let api = env.read("out/api/orders.openapi.yaml");
    assert!(
        api.contains(
            "        - name: \"status\"\n          in: query\n          required: true\n          description: \"Only Orders whose `status` is this value. Every list must send it.\""
        ),
        "{api}"
    );
    let doc = env.read("out/api-contracts.md");
    assert!(
        doc.contains("GET /orders/v1/orders?status=open&limit=20"),
        "{doc}"
    );
    assert!(doc.contains("status (required)"), "{doc}");
    let graphql = required("graphql").read("out/api/orders.graphql");
    assert!(graphql.contains("    status: OrderStatus!\n"), "{graphql}");
}

/// A resource's `max_page_size` is the most its list returns in every contract and in
/// api-contracts.md; a size beyond 1,000 is refused where it is written.
#[test]
fn a_list_pages_up_to_its_max_page_size_in_every_contract() {
    let sized = RANGED.replace(
        "          filters:",
        "          max_page_size: 500\n          filters:",
    );
    let env = crate::support::render_resource(&sized, "rest");
    let api = env.read("out/api/orders.openapi.yaml");
    assert!(
        api.contains("        - name: limit\n          in: query\n          description: The most items to return.\n          schema:\n            type: integer\n            minimum: 1\n            maximum: 500\n"),
        "{api}"
    );
    let doc = env.read("out/api-contracts.md");
    assert!(
        doc.contains(
            "- A page of the list holds up to 500 items (`max_page_size`), not the usual 100."
        ),
        "{doc}"
    );
    let env = crate::support::render_resource(&sized, "graphql");
    let sdl = env.read("out/api/orders.graphql");
    assert!(
        sdl.contains("\"How many items to return, at most 500.\""),
        "{sdl}"
    );
    let env = crate::support::render_resource(&sized, "grpc");
    let proto = env.read("out/api/orders.proto");
    assert!(
        proto.contains("// The most items to return, at most 500; 20 when unset."),
        "{proto}"
    );
    // Beyond 1,000 the model is refused, at the key.
    let env = Env::new();
    let too_big = MINIMAL.replace(
        "            - {name: total, type: money}\n",
        &RANGED.replace(
            "          filters:",
            "          max_page_size: 5000\n          filters:",
        ),
    );
    env.write("archgen.yaml", &too_big);
    let run = env.run(&["render", "--out", "out"]);
    assert_ne!(run.code, 0);
    assert!(
        run.stderr.contains("a page of 5000 items"),
        "{}",
        run.stderr
    );
}

//! The proto3 schema of an event payload: the message with its fields numbered in order, the
//! well-known types it imports, `Money`, nested resources and enums defined beside it, and the
//! example in proto3's JSON mapping.

use crate::model::Model;
use serde_json::json;

const SHOP: &str = r#"version: 1
name: "Shop (EU)"
requirements: {domain: d}
services:
  - name: order-desk
    responsibility: r
    api:
      resources:
        - name: Order Line
          description: One line of an order.
          fields:
            - {name: sku, type: string}
            - {name: unit price, type: money}
          operations: [get]
    publishes:
      - name: order.placed
        description: "An order was placed.\nSecond line."
        fields:
          - {name: order id, type: uuid}
          - {name: placed-at, type: datetime}
          - {name: status, type: enum, values: [no-show, open]}
          - {name: note, type: string, optional: true, description: "Free text \uFEFFhere."}
          - {name: attributes, type: json}
          - {name: lines, type: object, to: Order Line, list: true}
  - {name: stock, responsibility: r, consumes: [order.placed]}
communication:
  brokers: [{name: k, technology: Kafka}]
  envelope: {schema_format: protobuf}
"#;

fn event(yaml: &str) -> crate::view::EventView {
    let model: Model = serde_yaml::from_str(yaml).expect("test model parses");
    let problems = crate::validate::model(&model);
    assert!(problems.is_empty(), "the test model is valid: {problems:?}");
    crate::view::build(&model).events.remove(0)
}

#[test]
fn the_schema_is_one_proto3_file_with_everything_it_uses() {
    let p = event(SHOP).protobuf.expect("a Protocol Buffers payload");
    assert_eq!(p.schema_format, "application/vnd.google.protobuf;version=3");
    assert_eq!(p.content_type, "application/x-protobuf");
    let s = &p.schema;
    for expected in [
        "syntax = \"proto3\";\n\npackage shop_eu.order_desk;\n",
        "import \"google/protobuf/timestamp.proto\";\nimport \"google/protobuf/struct.proto\";\n",
        "// The payload of order.placed. An order was placed. Second line.\nmessage OrderPlaced {\n",
        "  string order_id = 1;\n  google.protobuf.Timestamp placed_at = 2;\n",
        "  OrderPlacedStatus status = 3;\n",
        "  // Free text here.\n  optional string note = 4;\n",
        "  google.protobuf.Struct attributes = 5;\n  repeated OrderLine lines = 6;\n}\n",
        "// One line of an order.\nmessage OrderLine {\n  string sku = 1;\n  Money unit_price = 2;\n}\n",
        "message Money {\n",
        "enum OrderPlacedStatus {\n  // The value is not set.\n  ORDER_PLACED_STATUS_UNSPECIFIED = 0;\n  // no-show\n  ORDER_PLACED_STATUS_NO_SHOW = 1;\n",
    ] {
        assert!(s.contains(expected), "missing {expected:?} in:\n{s}");
    }
    assert_eq!(s.matches("message Money {").count(), 1, "{s}");
}

#[test]
fn the_example_writes_enum_values_as_their_proto_names() {
    let e = event(SHOP);
    let x = e.protobuf.unwrap().example;
    assert_eq!(x["status"], "ORDER_PLACED_STATUS_NO_SHOW");
    // Timestamps in proto3's JSON mapping are RFC 3339, as in the JSON example.
    assert_eq!(x["placed_at"], e.example["placed_at"]);
    assert_eq!(
        x["lines"][0]["unit_price"],
        json!({"amount": "49.90", "currency": "EUR"})
    );
}

#[test]
fn only_a_protobuf_envelope_gives_a_proto_schema() {
    for format in ["json-schema", "avro"] {
        let yaml = SHOP.replace(
            "schema_format: protobuf",
            &format!("schema_format: {format}"),
        );
        assert!(event(&yaml).protobuf.is_none(), "{format}");
    }
}

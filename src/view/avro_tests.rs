//! The Avro record of an event payload: each field type's Avro type, names made valid Avro
//! names whatever the model calls things, named types defined once, and examples as values of
//! the record.

use super::symbols;
use crate::model::Model;
use serde_json::{Value, json};

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
            - {name: state, type: enum, values: [in-stock, 2nd-hand]}
          operations: [get]
    publishes:
      - name: 2nd-order.placed ü
        description: An order was placed.
        fields:
          - {name: order id, type: uuid}
          - {name: placed-at, type: datetime}
          - {name: due, type: date}
          - {name: total, type: money}
          - {name: refund, type: money, optional: true}
          - {name: status, type: enum, values: [no-show, No Show, 1st, "a.b"]}
          - {name: note, type: string, optional: true, max_length: 80}
          - {name: tags, type: string, list: true}
          - {name: attributes, type: json}
          - {name: count, type: integer}
          - {name: weight, type: number}
          - {name: gift, type: boolean}
          - {name: email, type: email}
          - {name: lines, type: object, to: Order Line, list: true}
          - {name: first line, type: object, to: Order Line}
  - {name: stock, responsibility: r, consumes: ["2nd-order.placed ü"]}
communication:
  brokers: [{name: k, technology: Kafka}]
  envelope: {schema_format: avro}
"#;

fn event(yaml: &str) -> crate::view::EventView {
    let model: Model = serde_yaml::from_str(yaml).expect("test model parses");
    let problems = crate::validate::model(&model);
    assert!(problems.is_empty(), "the test model is valid: {problems:?}");
    crate::view::build(&model).events.remove(0)
}

fn field<'a>(schema: &'a Value, name: &str) -> &'a Value {
    schema["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == name)
        .unwrap_or_else(|| panic!("no field {name} in {schema:#}"))
}

#[test]
fn each_field_type_has_its_avro_type() {
    let avro = event(SHOP).avro.expect("an Avro payload");
    let s = &avro.schema;
    assert_eq!(
        (&s["type"], &s["name"], &s["namespace"]),
        (
            &json!("record"),
            &json!("X2ndOrderPlacedU"),
            &json!("shop_eu.order_desk")
        )
    );
    let ty = |name: &str| field(s, name)["type"].clone();
    assert_eq!(
        ty("order_id"),
        json!({"type": "string", "logicalType": "uuid"})
    );
    assert_eq!(
        ty("placed_at"),
        json!({"type": "long", "logicalType": "timestamp-millis"})
    );
    assert_eq!(ty("due"), json!({"type": "int", "logicalType": "date"}));
    assert_eq!(ty("total")["type"], "record");
    assert_eq!(ty("total")["name"], "Money");
    // Money is defined once; the optional refund refers to it by name, in a union with null.
    assert_eq!(ty("refund"), json!(["null", "Money"]));
    assert_eq!(field(s, "refund")["default"], Value::Null);
    assert_eq!(ty("note"), json!(["null", "string"]));
    assert!(
        field(s, "note")["doc"]
            .as_str()
            .unwrap()
            .contains("at most 80 characters")
    );
    assert_eq!(ty("tags"), json!({"type": "array", "items": "string"}));
    assert_eq!(ty("attributes"), json!("string"));
    assert_eq!(ty("count"), json!("long"));
    assert_eq!(ty("weight"), json!("double"));
    assert_eq!(ty("gift"), json!("boolean"));
    assert_eq!(ty("email"), json!("string"));
    assert_eq!(field(s, "email")["doc"], "An email address.");
    assert_eq!(field(s, "attributes")["doc"], "A JSON document, as text.");
    // Required fields have no default.
    assert!(field(s, "count").get("default").is_none());
}

#[test]
fn enum_symbols_are_avro_names_and_the_doc_maps_them_back() {
    let avro = event(SHOP).avro.unwrap();
    let status = field(&avro.schema, "status")["type"].clone();
    assert_eq!(status["type"], "enum");
    assert_eq!(
        status["symbols"],
        json!(["no_show", "No_Show_2", "_1st", "a_b"])
    );
    let doc = status["doc"].as_str().unwrap();
    assert!(doc.contains("`no_show` for `no-show`"), "{doc}");
    assert!(doc.contains("`_1st` for `1st`"), "{doc}");
    assert_eq!(
        symbols(&["a".into(), "A".into(), "".into()]),
        ["a", "A_2", "VALUE"]
    );
}

#[test]
fn a_nested_resource_is_a_record_defined_once() {
    let avro = event(SHOP).avro.unwrap();
    let lines = field(&avro.schema, "lines")["type"].clone();
    assert_eq!(lines["type"], "array");
    let line = &lines["items"];
    assert_eq!(
        (&line["type"], &line["name"]),
        (&json!("record"), &json!("OrderLine"))
    );
    assert_eq!(line["doc"], "One line of an order.");
    // Money was defined at its first use, `total`: the nested record refers to it by name.
    assert_eq!(field(line, "unit_price")["type"], "Money");
    assert_eq!(
        field(line, "state")["type"]["symbols"],
        json!(["in_stock", "_2nd_hand"])
    );
    assert_eq!(field(&avro.schema, "first_line")["type"], "OrderLine");
}

#[test]
fn the_example_holds_what_the_record_holds() {
    let e = event(SHOP);
    let x = e.avro.unwrap().example;
    // The model gives no date, so examples fall on the view's default, 2025-01-15.
    assert_eq!(e.example["placed_at"], "2025-01-15T08:15:00Z");
    assert_eq!(x["placed_at"], json!(1_736_928_900_000_i64));
    assert_eq!(x["due"], json!(20_103));
    assert_eq!(x["status"], "no_show");
    assert_eq!(x["attributes"], "{}");
    assert_eq!(x["total"], json!({"amount": "49.90", "currency": "EUR"}));
    assert_eq!(x["lines"][0]["state"], "in_stock");
    assert_eq!(x["first_line"]["state"], "in_stock");
    // Optional values stay plain: a union's value is a value of one of its branches.
    assert_eq!(x["note"], e.example["note"]);
    assert!(x["note"].is_string());
}

#[test]
fn json_schema_and_protobuf_models_have_no_avro_payload() {
    for format in ["json-schema", "protobuf"] {
        let yaml = SHOP.replace("schema_format: avro", &format!("schema_format: {format}"));
        assert!(event(&yaml).avro.is_none(), "{format}");
    }
    assert!(
        event(&SHOP.replace("  envelope: {schema_format: avro}\n", ""))
            .avro
            .is_none()
    );
}

//! `type: object` fields: a resource nested in another resource's contract (with an input
//! schema for what clients send) and in an event's payload (as an AsyncAPI component).

use crate::model::Model;
use serde_json::json;

const SHOP: &str = "version: 1
name: t
requirements: {domain: d}
services:
  - name: orders
    responsibility: r
    api:
      resources:
        - name: Order
          fields:
            - {name: lines, type: object, to: OrderLine, list: true}
          operations: [get, create]
        - name: OrderLine
          fields:
            - {name: sku, type: string}
            - {name: unit_price, type: money, read_only: true}
          operations: [get]
    publishes:
      - name: OrderPlaced
        fields:
          - {name: order_id, type: uuid}
          - {name: lines, type: object, to: OrderLine, list: true}
  - {name: stock, responsibility: r, consumes: [OrderPlaced]}
communication:
  brokers: [{name: k, technology: Kafka}]
";

fn view(yaml: &str) -> crate::view::View {
    let model: Model = serde_yaml::from_str(yaml).expect("test model parses");
    assert!(
        crate::validate::model(&model).is_empty(),
        "the test model is valid"
    );
    crate::view::build(&model)
}

#[test]
fn a_nested_resource_refers_to_its_schema_and_clients_send_its_input() {
    let v = view(SHOP);
    let api = &v.services[0].api;
    let order = &api.resources[0];
    let lines = order.fields.iter().find(|f| f.name == "lines").unwrap();
    assert_eq!(
        lines.schema,
        json!({"type": "array", "items": {"$ref": "#/components/schemas/OrderLine"}})
    );
    assert_eq!(
        lines.input_schema,
        json!({"type": "array", "items": {"$ref": "#/components/schemas/OrderLineInput"}})
    );
    // The create body carries the line as a client sends it: no id, no server-set price.
    assert_eq!(order.input_example["lines"], json!([{"sku": "SKU-1001"}]));
    assert_eq!(order.example["lines"][0]["unit_price"]["currency"], "EUR");
    assert!(
        api.resources[1].nested_input,
        "OrderLine gets an input schema"
    );
    assert!(!order.nested_input);
}

#[test]
fn an_event_carries_a_typed_nested_resource_as_a_component() {
    let v = view(SHOP);
    let placed = &v.events[0];
    assert_eq!(
        placed.fields[1].schema,
        json!({"type": "array", "items": {"$ref": "#/components/schemas/OrderLine"}})
    );
    assert_eq!(placed.nested.len(), 1);
    let nested = &placed.nested[0];
    assert_eq!(nested.name, "OrderLine");
    assert!(nested.money, "its price needs the Money schema");
    assert_eq!(nested.schema["required"], json!(["sku", "unit_price"]));
    assert_eq!(placed.example["lines"][0]["sku"], "SKU-1001");
    // The consumer's contract declares the component too.
    let stock = v.services.iter().find(|s| s.node.name == "stock").unwrap();
    assert_eq!(stock.api.event_nested.len(), 1);
}

#[test]
fn an_object_names_a_resource_the_owner_can_nest() {
    let bad = SHOP
        .replace(
            "- {name: lines, type: object, to: OrderLine, list: true}\n          operations",
            "- {name: lines, type: object, list: true}\n          operations",
        )
        .replace(
            "          - {name: lines, type: object, to: OrderLine, list: true}\n  - {name: stock",
            "          - {name: lines, type: object, to: Basket, list: true}\n  - {name: stock",
        );
    let model: Model = serde_yaml::from_str(&bad).unwrap();
    let messages: Vec<String> = crate::validate::model(&model)
        .into_iter()
        .map(|i| i.message)
        .collect();
    assert!(
        messages.contains(&"resource `Order`: object field `lines` has no `to`".to_owned()),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(
            |m| m.starts_with("event `OrderPlaced`: field `lines` nests") && m.contains("Basket")
        ),
        "{messages:?}"
    );
}

/// A value (`operations: []`, no action, no parent) has no id of its own: its schema and
/// examples hold only its fields, and what nests it shows no invented id.
#[test]
fn a_value_resource_has_no_id() {
    let valued = SHOP.replace(
        "            - {name: unit_price, type: money, read_only: true}\n          operations: [get]",
        "            - {name: unit_price, type: money, read_only: true}\n          operations: []",
    );
    let v = view(&valued);
    let line = &v.services[0].api.resources[1];
    let names: Vec<&str> = line.fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["sku", "unit_price"]);
    let order = &v.services[0].api.resources[0];
    assert!(
        order.example["lines"][0].get("id").is_none(),
        "{}",
        order.example
    );
    // With an operation it is an entity again, with its id first.
    let v = view(SHOP);
    assert_eq!(v.services[0].api.resources[1].fields[0].name, "id");
}

/// A resource's `max_page_size` bounds its list's page in every contract; the rest keep 100.
#[test]
fn a_list_pages_up_to_its_resource_max_page_size() {
    let bigger = SHOP.replace(
        "          operations: [get, create]",
        "          operations: [list, get, create]\n          max_page_size: 500",
    );
    let v = view(&bigger);
    let api = &v.services[0].api;
    assert_eq!(api.resources[0].page_max, 500);
    assert_eq!(api.resources[1].page_max, 100);
}

/// A list that must name the items it wants by their key answers them all in one page when
/// no size is asked for; any other list pages by 20, never above its own maximum.
#[test]
fn a_list_by_named_keys_answers_them_all_in_one_page() {
    let by_key = SHOP.replace(
        "          operations: [get]\n",
        "          key: sku\n          operations: [list, get]\n          filters: [{field: sku, any: true, required: true}]\n",
    );
    let v = view(&by_key);
    let line = &v.services[0].api.resources[1];
    assert_eq!((line.page_max, line.page_default), (100, 100));
    // Optional, the caller may list without naming any: pages of 20.
    let v = view(&by_key.replace(", required: true", ""));
    assert_eq!(v.services[0].api.resources[1].page_default, 20);
    let small = SHOP.replace(
        "          operations: [get, create]",
        "          operations: [list, get, create]\n          max_page_size: 10",
    );
    assert_eq!(view(&small).services[0].api.resources[0].page_default, 10);
}

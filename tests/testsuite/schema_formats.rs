//! The envelope's schema format reaches every AsyncAPI message: Avro gives
//! `contentType: avro/binary` and an Avro record as a Multi Format Schema Object, whatever the
//! model calls its events, fields and enum values; Protocol Buffers gives
//! `application/x-protobuf` and the `.proto` text; JSON Schema models keep JSON payloads. Each
//! EventCatalog message carries the same schema: `schema.avsc`, `schema.proto` or `schema.json`.

use crate::support::Env;
use serde_json::{Value, json};

const SHOP: &str = r#"version: 1
name: Shop
date: "2026-01-15"
requirements: {domain: retail}
services:
  - name: orders
    responsibility: Takes orders.
    publishes:
      - name: OrderPlaced
        key: order_id
        fields:
          - {name: order_id, type: uuid}
          - {name: placed_at, type: datetime}
          - {name: total, type: money}
          - {name: status, type: enum, values: [open, no-show]}
          - {name: note, type: string, optional: true}
  - {name: payments, responsibility: Takes payments., consumes: [OrderPlaced]}
communication:
  brokers: [{name: kafka, technology: Kafka}]
  envelope: {schema_format: avro, registry: Confluent Schema Registry}
"#;

/// Renders `model` and returns `file` of the output as JSON.
fn contract(model: &str, file: &str) -> Value {
    let env = Env::new();
    env.write("archgen.yaml", model);
    let run = env.run(&["render", "--out", "out"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_yaml::from_str(&env.read(&format!("out/{file}"))).unwrap()
}

#[test]
fn an_avro_model_declares_avro_payloads() {
    let api = contract(SHOP, "api/payments.asyncapi.yaml");
    let m = &api["components"]["messages"]["OrderPlaced"];
    assert_eq!(m["contentType"], "avro/binary");
    let payload = &m["payload"];
    assert_eq!(
        payload["schemaFormat"],
        "application/vnd.apache.avro;version=1.9.0"
    );
    let schema = &payload["schema"];
    assert_eq!(schema["type"], "record");
    assert_eq!(schema["name"], "OrderPlaced");
    assert_eq!(schema["namespace"], "shop.orders");
    let fields = schema["fields"].as_array().unwrap();
    let names: Vec<&str> = fields.iter().map(|f| f["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["order_id", "placed_at", "total", "status", "note"]);
    assert_eq!(fields[3]["type"]["symbols"], json!(["open", "no_show"]));
    assert_eq!(fields[4]["type"], json!(["null", "string"]));
    // The example is a value of the record: an instant in epoch milliseconds, the symbol.
    let example = &m["examples"][0]["payload"];
    assert_eq!(example["placed_at"], json!(1_768_464_900_000_i64));
    assert_eq!(example["status"], "open");
    // The headers stay a JSON Schema; the payload has no JSON Schema left to contradict it.
    let schemas = api["components"]["schemas"].as_object().unwrap();
    assert_eq!(schemas.keys().collect::<Vec<_>>(), ["Envelope"]);
}

#[test]
fn a_json_schema_model_keeps_json_payloads() {
    let json_model = SHOP.replace("schema_format: avro", "schema_format: json-schema");
    let api = contract(&json_model, "api/payments.asyncapi.yaml");
    let m = &api["components"]["messages"]["OrderPlaced"];
    assert_eq!(m["contentType"], "application/json");
    assert_eq!(
        m["payload"],
        json!({"$ref": "#/components/schemas/OrderPlaced"})
    );
    assert_eq!(
        m["examples"][0]["payload"]["placed_at"],
        "2026-01-15T08:15:00Z"
    );
    assert!(api["components"]["schemas"]["Money"].is_object());
}

#[test]
fn a_protobuf_model_declares_proto_payloads() {
    let proto_model = SHOP.replace("schema_format: avro", "schema_format: protobuf");
    let api = contract(&proto_model, "api/payments.asyncapi.yaml");
    let m = &api["components"]["messages"]["OrderPlaced"];
    assert_eq!(m["contentType"], "application/x-protobuf");
    assert_eq!(
        m["payload"]["schemaFormat"],
        "application/vnd.google.protobuf;version=3"
    );
    let proto = m["payload"]["schema"].as_str().expect("the .proto text");
    assert!(
        proto.starts_with("syntax = \"proto3\";\n\npackage shop.orders;\n"),
        "{proto}"
    );
    assert!(proto.contains("message OrderPlaced {\n"), "{proto}");
    assert!(
        proto.contains("  OrderPlacedStatus status = 4;\n"),
        "{proto}"
    );
    assert!(proto.contains("enum OrderPlacedStatus {\n"), "{proto}");
    let example = &m["examples"][0]["payload"];
    assert_eq!(example["status"], "ORDER_PLACED_STATUS_OPEN");
    assert_eq!(example["placed_at"], "2026-01-15T08:15:00Z");
    let schemas = api["components"]["schemas"].as_object().unwrap();
    assert_eq!(schemas.keys().collect::<Vec<_>>(), ["Envelope"]);
}

/// Every `name` in an Avro schema (records, enums, fields) and every enum symbol.
fn avro_names(schema: &Value, out: &mut Vec<String>) {
    match schema {
        Value::Object(map) => {
            if let Some(Value::String(n)) = map.get("name") {
                out.push(n.clone());
            }
            if let Some(Value::Array(symbols)) = map.get("symbols") {
                out.extend(symbols.iter().map(|s| s.as_str().unwrap().to_owned()));
            }
            map.values().for_each(|v| avro_names(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| avro_names(v, out)),
        _ => {}
    }
}

#[test]
fn hostile_names_become_valid_avro_names() {
    let hostile = SHOP
        .replace("name: OrderPlaced\n", "name: \"2nd order.placed — ü\"\n")
        .replace("[OrderPlaced]", "[\"2nd order.placed — ü\"]")
        .replace("{name: placed_at,", "{name: \"9-placed.at ø\",")
        .replace(
            "values: [open, no-show]",
            "values: [open, no-show, No Show, 1st, \"a.b\"]",
        );
    let api = contract(&hostile, "api/payments.asyncapi.yaml");
    let messages = api["components"]["messages"].as_object().unwrap();
    let (_, m) = messages.iter().next().unwrap();
    let schema = &m["payload"]["schema"];
    let mut names = Vec::new();
    avro_names(schema, &mut names);
    let rule = regex::Regex::new("^[A-Za-z_][A-Za-z0-9_]*$").unwrap();
    for n in &names {
        assert!(rule.is_match(n), "{n:?} is not an Avro name in {schema:#}");
    }
    assert!(names.contains(&"X2ndOrderPlacedU".to_owned()), "{names:?}");
    for symbol in ["no_show", "No_Show_2", "_1st", "a_b"] {
        assert!(names.contains(&symbol.to_owned()), "{names:?}");
    }
    // The example's keys are the record's field names.
    let example = m["examples"][0]["payload"].as_object().unwrap();
    let fields: Vec<&str> = schema["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        example.keys().map(String::as_str).collect::<Vec<_>>(),
        fields
    );
}

/// Renders `model` and returns the EventCatalog folder of OrderPlaced: its `index.mdx` and,
/// for each of `schema.json`, `schema.avsc` and `schema.proto`, the file if it was written.
fn catalog_message(model: &str) -> (String, [Option<String>; 3]) {
    let env = Env::new();
    env.write("archgen.yaml", model);
    let run = env.run(&["render", "--out", "out"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let dir = "out/eventcatalog/events/order-placed";
    let file = |name: &str| {
        let rel = format!("{dir}/{name}");
        env.exists(&rel).then(|| env.read(&rel))
    };
    (
        env.read(&format!("{dir}/index.mdx")),
        ["schema.json", "schema.avsc", "schema.proto"].map(file),
    )
}

#[test]
fn an_avro_model_gives_eventcatalog_the_avro_record() {
    let (mdx, [json, avsc, proto]) = catalog_message(SHOP);
    let avsc = avsc.expect("schema.avsc is written");
    assert!(json.is_none() && proto.is_none(), "one schema file only");
    let record: Value = serde_json::from_str(&avsc).expect("schema.avsc is JSON");
    assert_eq!(record["type"], "record");
    assert_eq!(record["name"], "OrderPlaced");
    assert_eq!(record["namespace"], "shop.orders");
    // The same record the AsyncAPI message carries.
    let api = contract(SHOP, "api/payments.asyncapi.yaml");
    assert_eq!(
        record,
        api["components"]["messages"]["OrderPlaced"]["payload"]["schema"]
    );
    assert!(mdx.contains("schemaPath: schema.avsc"), "{mdx}");
    assert!(mdx.contains("Avro record"), "{mdx}");
    assert!(!mdx.contains("JSON Schema"), "{mdx}");
    // The example is a value of the record: an instant in epoch milliseconds.
    assert!(mdx.contains("\"placed_at\": 1768464900000"), "{mdx}");
}

#[test]
fn a_protobuf_model_gives_eventcatalog_the_proto_file() {
    let model = SHOP.replace("schema_format: avro", "schema_format: protobuf");
    let (mdx, [json, avsc, proto]) = catalog_message(&model);
    let proto = proto.expect("schema.proto is written");
    assert!(json.is_none() && avsc.is_none(), "one schema file only");
    assert!(
        proto.starts_with("syntax = \"proto3\";\n\npackage shop.orders;\n"),
        "{proto}"
    );
    assert!(proto.contains("message OrderPlaced {\n"), "{proto}");
    let api = contract(&model, "api/payments.asyncapi.yaml");
    assert_eq!(
        proto,
        api["components"]["messages"]["OrderPlaced"]["payload"]["schema"]
    );
    assert!(mdx.contains("schemaPath: schema.proto"), "{mdx}");
    assert!(mdx.contains("proto3 file"), "{mdx}");
    assert!(!mdx.contains("JSON Schema"), "{mdx}");
}

#[test]
fn a_json_schema_model_gives_eventcatalog_a_json_schema() {
    let model = SHOP.replace("schema_format: avro", "schema_format: json-schema");
    let (mdx, [json, avsc, proto]) = catalog_message(&model);
    let json = json.expect("schema.json is written");
    assert!(avsc.is_none() && proto.is_none(), "one schema file only");
    let schema: Value = serde_json::from_str(&json).expect("schema.json is JSON");
    assert_eq!(schema["title"], "OrderPlaced");
    assert!(mdx.contains("schemaPath: schema.json"), "{mdx}");
}

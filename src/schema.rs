//! The JSON Schema of `archgen.yaml`, for editors and for checking a model's shape.

use crate::model::Model;
use schemars::generate::SchemaSettings;

/// The schema as editors want it: definitions under `$defs`, descriptions from the docs.
pub fn editor_schema() -> serde_json::Value {
    let schema = SchemaSettings::draft2020_12()
        .into_generator()
        .into_root_schema_for::<Model>();
    let mut value = serde_json::to_value(schema).expect("a schema serializes");
    if let Some(map) = value.as_object_mut() {
        map.insert("title".into(), "archgen architecture model".into());
    }
    value
}

/// The schema with every subschema inlined, so that a validation error's schema path is a
/// plain JSON pointer into it (needed to suggest the field or value a typo meant).
pub fn inline_schema() -> serde_json::Value {
    let schema = SchemaSettings::draft2020_12()
        .with(|s| s.inline_subschemas = true)
        .into_generator()
        .into_root_schema_for::<Model>();
    serde_json::to_value(schema).expect("a schema serializes")
}

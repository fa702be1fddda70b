//! An action's response example shows the state the action leads to: a `cancel` answers with
//! the resource `cancelled`, not with the example's first state. The state is the one the
//! lifecycle says the action moves the resource into (`derive::lifecycle`: `cancel` to
//! `cancelled`, `approve` to `approved`); an action no state names (`amend`) leaves the example
//! as it is.

use super::fields::FieldView;
use crate::derive::lifecycle::{field_of, names_state};
use crate::model::Resource;
use serde_json::Value;

/// The example of `r` (`example`, with `fields` as its view names them) after `action`.
pub(super) fn after(example: &Value, r: &Resource, fields: &[FieldView], action: &str) -> Value {
    let mut out = example.clone();
    let moved = field_of(r).and_then(|(_, f)| {
        let state = f.values.iter().find(|v| names_state(action, v))?;
        let key = &fields.iter().find(|v| v.name == f.name)?.snake;
        Some((key.clone(), state.clone()))
    });
    if let (Some((key, state)), Value::Object(map)) = (moved, &mut out)
        && map.contains_key(&key)
    {
        map.insert(key, Value::from(state));
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::model::Model;
    use serde_json::json;

    #[test]
    fn an_action_answers_with_the_state_it_leads_to() {
        let yaml = r#"version: 1
name: t
requirements: {domain: shop}
services:
  - name: orders
    responsibility: Orders.
    api:
      resources:
        - name: Order
          fields:
            - {name: status, type: enum, values: [pending, paid, cancelled], read_only: true}
          actions: [{name: cancel}, {name: amend}]
"#;
        let model: Model = serde_yaml::from_str(yaml).expect("test model parses");
        let view = crate::view::build(&model);
        let r = &view.services[0].api.resources[0];
        assert_eq!(r.example["status"], json!("pending"));
        let status: Vec<(&str, &serde_json::Value)> = r
            .actions
            .iter()
            .map(|a| (a.name.as_str(), &a.response_example["status"]))
            .collect();
        assert_eq!(
            status,
            [
                ("cancel", &json!("cancelled")),
                ("amend", &json!("pending"))
            ]
        );
    }
}

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
        let key = &fields.iter().find(|v| v.name == f.name)?.snake;
        // The state the model's moves say the action leads to (`set_by`) from the state the
        // example is in, else from any, else the one it names (`cancel`: `cancelled`).
        let now = example.get(key).and_then(Value::as_str);
        let moves = || (r.set_by.iter()).filter(|o| o.by.iter().any(|b| b == action));
        let here = moves()
            .find(|o| o.from.is_empty() || now.is_some_and(|n| o.from.iter().any(|x| x == n)));
        let declared = (here.or_else(|| moves().next()))
            .and_then(|o| f.values.iter().find(|v| **v == o.state));
        let state = declared.or_else(|| f.values.iter().find(|v| names_state(action, v)))?;
        Some((key.clone(), state.clone()))
    });
    if let (Some((key, state)), Value::Object(map)) = (moved, &mut out)
        && let Some(before) = map.get(&key).cloned()
    {
        // The fields the new state holds come and go with it, in the resource's order: one
        // the item lacked comes only where the model lists the states that hold it (a
        // `delivered_at` or an `address_change` waits for whatever sets it).
        let first = before.as_str() == Some(state.as_str());
        let had = map.clone();
        *map = fields
            .iter()
            .filter(|f| !f.write_only && super::resources::present_in(f, &state, first))
            .filter(|f| had.contains_key(&f.snake) || !f.states.is_empty())
            .map(|f| {
                let v = map.get(&f.snake).unwrap_or(&f.example).clone();
                (f.snake.clone(), v)
            })
            .collect();
        map.insert(key, Value::from(state));
    }
    set(&mut out, r, fields, action);
    out
}

/// The fields `action` of `r` says it sets (`sets`), at the values it leaves them at.
fn set(out: &mut Value, r: &Resource, fields: &[FieldView], action: &str) {
    let (Some(a), Value::Object(map)) = (r.actions.iter().find(|a| a.name == action), out) else {
        return;
    };
    for (name, text) in &a.sets {
        let (Some(field), Some(view)) = (
            r.fields.iter().find(|f| &f.name == name),
            fields.iter().find(|v| &v.name == name),
        ) else {
            continue;
        };
        let value = super::examples::from_text(field.ty, text)
            .unwrap_or_else(|| Value::from(text.as_str()));
        map.insert(view.snake.clone(), value);
    }
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

    #[test]
    fn an_action_answers_with_the_fields_it_sets() {
        let yaml = r#"version: 1
name: t
requirements: {domain: inbox}
services:
  - name: inbox
    responsibility: Inboxes.
    api:
      resources:
        - name: Inbox
          fields:
            - {name: unread_count, type: integer, read_only: true}
            - {name: muted, type: boolean}
            - {name: mode, type: enum, values: [live, digest]}
          actions:
            - {name: mark-all-read, sets: {unread_count: 0, muted: false, mode: digest}}
            - {name: refresh}
"#;
        let model: Model = serde_yaml::from_str(yaml).expect("test model parses");
        let view = crate::view::build(&model);
        let r = &view.services[0].api.resources[0];
        assert_eq!(r.example["unread_count"], json!(1));
        let read = &r.actions[0].response_example;
        assert_eq!(
            (&read["unread_count"], &read["muted"], &read["mode"]),
            (&json!(0), &json!(false), &json!("digest"))
        );
        assert_eq!(r.actions[1].response_example["unread_count"], json!(1));
    }

    #[test]
    fn a_new_item_lacks_what_later_states_set_and_an_action_brings_it() {
        let yaml = r#"version: 1
name: t
requirements: {domain: shop}
services:
  - name: orders
    responsibility: Orders.
    api:
      resources:
        - name: Order
          owner: customer_id
          fields:
            - {name: customer_id, type: uuid, read_only: true, optional: true}
            - {name: status, type: enum, values: [pending, shipped, delivered, cancelled], read_only: true}
            - {name: carrier, type: string, read_only: true, optional: true, states: [shipped, delivered]}
            - {name: delivered_at, type: datetime, read_only: true, optional: true}
            - {name: note, type: string, optional: true}
          actions: [{name: ship}, {name: cancel}]
"#;
        let model: Model = serde_yaml::from_str(yaml).expect("test model parses");
        let view = crate::view::build(&model);
        let r = &view.services[0].api.resources[0];
        let keys = |v: &serde_json::Value| -> Vec<String> {
            v.as_object().unwrap().keys().cloned().collect()
        };
        assert_eq!(
            keys(&r.example),
            ["id", "customer_id", "status", "note"],
            "a new order has its owner and what clients send, not what later states set"
        );
        let ship = &r.actions[0].response_example;
        assert_eq!(
            keys(ship),
            ["id", "customer_id", "status", "carrier", "note"],
            "shipping brings the carrier, in the resource's order, and not the delivery time, \
             which no state lists and nothing has set yet"
        );
        let cancel = &r.actions[1].response_example;
        assert!(cancel.get("carrier").is_none(), "{cancel}");
        let carrier = r.fields.iter().find(|f| f.name == "carrier").unwrap();
        assert!(
            carrier
                .description
                .ends_with("Present only while `status` is `shipped` or `delivered`."),
            "{}",
            carrier.description
        );
    }
}

//! The query a flow sends to a list: the filters a step names in its `GET` (`GET
//! /v1/slots?visit_type=&clinic_id=&free=true`), so that a list's example request is the
//! one the design makes, not a bare page.

use super::View;
use super::filters::FilterView;
use serde::Serialize;
use serde_json::Value;

/// One query parameter of a list's example request.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QueryArg {
    /// The parameter, e.g. `visit_type`.
    pub name: String,
    /// Its value as the step sends it, else the filter's example, e.g. `true`.
    pub value: String,
}

/// Gives each list operation the query of the first flow step that calls it with one.
pub fn derive(view: &mut View) {
    let steps: Vec<(String, String)> = (view.flows.iter().flat_map(|f| &f.steps))
        .map(|s| (s.to.name.clone(), s.action.clone()))
        .collect();
    for s in &mut view.services {
        for r in &mut s.api.resources {
            for o in r.operations.iter_mut().filter(|o| o.kind == "list") {
                let prefix = format!("GET {}?", o.path);
                let query = (steps.iter())
                    .filter(|(to, _)| *to == s.node.name)
                    .find_map(|(_, action)| action.strip_prefix(&prefix));
                if let Some(q) = query {
                    o.flow_query = args(q.split_whitespace().next().unwrap_or(""), &r.filters);
                }
            }
        }
    }
}

/// The parameters of `query` that `filters` offer, each with its value.
fn args(query: &str, filters: &[FilterView]) -> Vec<QueryArg> {
    let params = || {
        filters
            .iter()
            .flat_map(|f| f.params.iter().map(move |p| (f, p)))
    };
    (query.split('&'))
        .filter_map(|pair| {
            let (name, given) = pair.split_once('=').unwrap_or((pair, ""));
            let (f, p) = params().find(|(_, p)| p.snake == name)?;
            let example = match &p.example {
                Value::Array(items) if f.any => items.first().cloned().unwrap_or(Value::Null),
                other => other.clone(),
            };
            let value = match (given, example) {
                ("", Value::String(s)) => s,
                ("", Value::Null) => return None,
                ("", other) => other.to_string(),
                (given, _) => given.to_owned(),
            };
            Some(QueryArg {
                name: name.to_owned(),
                value,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_slot_search_example_sends_what_the_booking_flow_sends() {
        let view = crate::view::built(include_str!("../../examples/clinic-booking/archgen.yaml"));
        let slots = (view.services.iter().flat_map(|s| &s.api.resources))
            .find(|r| r.name == "Slot")
            .unwrap();
        let list = slots.operations.iter().find(|o| o.kind == "list").unwrap();
        let args: Vec<(&str, &str)> = (list.flow_query.iter())
            .map(|a| (a.name.as_str(), a.value.as_str()))
            .collect();
        let names: Vec<&str> = args.iter().map(|a| a.0).collect();
        assert_eq!(
            names,
            [
                "visit_type",
                "clinic_id",
                "starts_at_from",
                "starts_at_to",
                "free"
            ]
        );
        // The value the step states wins over the filter's example.
        assert_eq!(args[4], ("free", "true"));
        assert!(args.iter().all(|a| !a.1.is_empty()), "{args:?}");
    }
}

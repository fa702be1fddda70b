//! The problem an action answers where its resource's lifecycle refuses the move: `set_by`
//! says which states each action moves the item from (an action that moves nothing says it
//! in its own `from`), and in a state no problem of the
//! model's own names (`errors[].states`) the action answers a derived `wrong-state` problem
//! (`409`), its example taken from the first such state.

use super::actions::ProblemView;
use crate::model::{Problem, Resource};
use crate::text::english::{and_list, or_list};
use crate::text::names::Namer;
use serde_json::Value;

/// An action the lifecycle refuses in some state that no problem of the model names.
pub(super) struct Refusal {
    /// The action, e.g. `cancel`.
    pub action: String,
    /// The states it moves the item from, in the field's order.
    pub allowed: Vec<String>,
    /// The states it is refused in that no problem of the model names.
    pub refused: Vec<String>,
}

/// Every action of `r` with a refusal, in model order.
pub(super) fn refusals(r: &Resource) -> Vec<Refusal> {
    let Some((_, field)) = crate::derive::lifecycle::field_of(r) else {
        return Vec::new();
    };
    r.actions
        .iter()
        .filter_map(|a| {
            let moves: Vec<&Vec<String>> = (r.set_by.iter())
                .filter(|o| o.by.contains(&a.name))
                .map(|o| &o.from)
                .chain(Some(&a.from).filter(|f| !f.is_empty()))
                .collect();
            // An action the model gives no starting states acts in any state.
            if moves.is_empty() || moves.iter().any(|from| from.is_empty()) {
                return None;
            }
            let (allowed, rest): (Vec<String>, Vec<String>) = (field.values.iter().cloned())
                .partition(|v| moves.iter().any(|from| from.contains(v)));
            let named: Vec<&String> = (r.errors.iter())
                .filter(|p| p.operations.is_empty() || p.operations.contains(&a.name))
                .flat_map(|p| &p.states)
                .collect();
            let refused: Vec<String> = rest.into_iter().filter(|v| !named.contains(&v)).collect();
            (!refused.is_empty()).then(|| Refusal {
                action: a.name.clone(),
                allowed,
                refused,
            })
        })
        .collect()
}

/// The derived problem of `r` for `refusals`, named apart from the model's own problems:
/// `None` when there is no refusal.
pub(super) fn problem(r: &Resource, refusals: &[Refusal]) -> Option<Problem> {
    let (_, field) = crate::derive::lifecycle::field_of(r)?;
    refusals.first()?;
    let slugs: Vec<String> = (r.errors.iter())
        .map(|p| crate::text::names::slug(&p.name, "problem"))
        .collect();
    let mut names = Namer::reserving(slugs.iter().map(String::as_str));
    let field = field.name.replace('_', " ");
    // Actions moving from the same states and refused in the same ones share a clause.
    let mut groups: Vec<(Vec<&str>, &Refusal)> = Vec::new();
    for x in refusals {
        match (groups.iter_mut()).find(|(_, y)| y.allowed == x.allowed && y.refused == x.refused) {
            Some((names, _)) => names.push(&x.action),
            None => groups.push((vec![&x.action], x)),
        }
    }
    let moves: Vec<String> = groups
        .iter()
        .map(|(names, x)| {
            let (acts, answer) = if names.len() == 1 {
                ("acts", "answers")
            } else {
                ("act", "answer")
            };
            format!(
                "{} {acts} only on one that is {} and {answer} this while it is {}",
                and_list(names),
                or_list(&x.allowed),
                or_list(&x.refused)
            )
        })
        .collect();
    Some(Problem {
        name: names.unique("wrong-state", "-"),
        status: 409,
        title: Some(format!("{} {field} does not allow it", r.name)),
        description: format!(
            "The {}'s {field} does not allow the action: {}.",
            r.name,
            moves.join("; ")
        ),
        operations: refusals.iter().map(|x| x.action.clone()).collect(),
        ..Problem::default()
    })
}

/// Gives the derived problem among `problems` (named `name`) the example of `refusal`: the
/// item in the first state the action is refused in.
pub(super) fn specialise(problems: &mut [ProblemView], name: &str, r: &Resource, x: &Refusal) {
    let Some(p) = problems.iter_mut().find(|p| p.name == name) else {
        return;
    };
    let detail = format!(
        "This {} is {}: {} acts only on one that is {}.",
        r.name,
        x.refused[0],
        x.action,
        or_list(&x.allowed)
    );
    if let Some(body) = p.example.as_object_mut() {
        body.insert("detail".into(), Value::from(detail));
    }
}

#[cfg(test)]
mod tests {
    use crate::model::Model;

    /// The problems of the `cancel` action of an Order whose errors are `errors`, and whose
    /// `cancel` moves it from `from` (any state when empty).
    fn cancel_problems(errors: &str, from: &str) -> Vec<(String, String, String)> {
        let yaml = format!(
            "version: 1\nname: t\nrequirements: {{domain: d}}\nservices:\n  - name: orders\n    responsibility: r\n    api:\n      resources:\n        - name: Order\n          fields:\n            - {{name: status, type: enum, values: [pending, paid, cancelled, shipped]}}\n          actions:\n            - {{name: cancel}}\n          set_by:\n            - {{state: cancelled, by: [cancel], from: [{from}]}}\n          errors: [{errors}]\n"
        );
        let model: Model = serde_yaml::from_str(&yaml).unwrap();
        assert!(crate::validate::model(&model).is_empty());
        let view = crate::view::build(&model);
        let r = &view.services[0].api.resources[0];
        (r.actions[0].problems.iter())
            .map(|p| {
                let detail = p.example["detail"].as_str().unwrap_or_default();
                (p.name.clone(), p.description.clone(), detail.to_owned())
            })
            .collect()
    }

    #[test]
    fn an_action_refused_in_a_state_no_error_names_answers_wrong_state() {
        let shipped =
            "{name: already-shipped, status: 409, operations: [cancel], states: [shipped]}";
        let found = cancel_problems(shipped, "pending, paid");
        assert_eq!(found.len(), 2, "{found:?}");
        let (name, description, detail) = &found[1];
        assert_eq!(name, "wrong-state");
        assert_eq!(
            description,
            "The Order's status does not allow the action: cancel acts only on one that is pending or paid and answers this while it is cancelled."
        );
        assert_eq!(
            detail,
            "This Order is cancelled: cancel acts only on one that is pending or paid."
        );
    }

    #[test]
    fn no_problem_is_derived_where_the_errors_name_every_refused_state_or_any_state_will_do() {
        let named = "{name: too-late, status: 409, states: [cancelled, shipped]}";
        let found = cancel_problems(named, "pending, paid");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(cancel_problems("", "").is_empty());
    }

    #[test]
    fn an_action_that_moves_nothing_is_refused_outside_the_states_it_acts_in() {
        let yaml = "version: 1\nname: t\nrequirements: {domain: d}\nservices:\n  - name: orders\n    responsibility: r\n    api:\n      resources:\n        - name: Order\n          fields:\n            - {name: status, type: enum, values: [pending, shipped]}\n          actions:\n            - {name: amend, from: [pending]}\n";
        let view = crate::view::built(yaml);
        let amend = &view.services[0].api.resources[0].actions[0];
        let detail = amend.problems[0].example["detail"].as_str().unwrap();
        assert_eq!(
            detail,
            "This Order is shipped: amend acts only on one that is pending."
        );
    }

    #[test]
    fn the_derived_problem_is_named_apart_from_the_models_own() {
        let own = "{name: wrong_state, status: 422, operations: [create]}";
        let found = cancel_problems(own, "pending");
        assert_eq!(found[0].0, "wrong-state-2", "{found:?}");
    }
}

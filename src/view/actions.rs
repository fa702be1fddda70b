//! What a resource offers beyond CRUD, added to its view once the CRUD part is built: actions
//! (`POST .../{id}/cancel`), list filters (built in `filters`), domain problem types,
//! optimistic concurrency and the access each operation requires.

use super::access::{self, AccessView};
use super::examples::Ctx;
use super::fields::{Embedded, FieldView, Refs, field_view};
use super::resources::{ParamView, ResourceView};
use super::security::AuthView;
use crate::model::{Api, Concurrency, FieldType, Resource};
use crate::text::english::action_phrase;
use crate::text::names::{self, Namer};
use serde::Serialize;
use serde_json::{Value, json};

/// An action on one item, e.g. `cancel`.
#[derive(Debug, Clone, Serialize)]
pub struct ActionView {
    /// The verb from the model, e.g. `cancel`.
    pub name: String,
    /// Description.
    pub description: String,
    /// Summary, e.g. `Cancel an Order`.
    pub summary: String,
    /// HTTP path, e.g. `/v1/orders/{orderId}/cancel`.
    pub path: String,
    /// Unique operation id and GraphQL mutation, e.g. `cancelOrder`.
    pub operation_id: String,
    /// gRPC method, e.g. `CancelOrder`.
    pub rpc: String,
    /// Request body schema and gRPC request message, e.g. `CancelOrderRequest`.
    pub request_type: String,
    /// GraphQL input type, e.g. `CancelOrderInput`.
    pub input_type: String,
    /// Path parameters: the parents' ids and the item's.
    pub params: Vec<ParamView>,
    /// What the caller sends.
    pub fields: Vec<FieldView>,
    /// An example request body.
    pub request_example: Value,
    /// The resource's example after the action, in the state the action leads to.
    pub response_example: Value,
    /// What of `response_example` the action decides: the item's key, the state it leads to,
    /// the fields it sends and those its description names, and the version; `None` when the
    /// model names none of the fields it changes.
    pub response_excerpt: Option<Value>,
    /// Who may call it.
    pub access: AccessView,
    /// Domain problems it can answer with.
    pub problems: Vec<ProblemView>,
    /// Whether it takes the idempotency key header (`keyed` decides).
    pub idempotency_key: bool,
    /// The events it publishes, when the model says (`actions[].publishes`; empty: none).
    pub publishes: Option<Vec<String>>,
    /// The field whose secret authorizes it, for an action that makes its caller the owner
    /// (`claims_by`): it checks neither ownership nor the version.
    pub claims_by: Option<String>,
    /// Whether it sends the item's version as `If-Match`: its resource's optimistic
    /// concurrency, unless it claims the item.
    pub etag: bool,
}

/// A domain problem type (RFC 9457), e.g. `out-of-stock`.
#[derive(Debug, Clone, Serialize)]
pub struct ProblemView {
    /// Slug from the model.
    pub name: String,
    /// The problem's `type` URI.
    pub type_uri: String,
    /// Title.
    pub title: String,
    /// HTTP status.
    pub status: u16,
    /// Description.
    pub description: String,
    /// Example key, e.g. `alreadyShipped`.
    pub key: String,
    /// An example problem details body.
    pub example: Value,
    /// The roles that get it; every caller of its operations when empty.
    pub roles: Vec<String>,
}

/// A domain problem with the operations and actions that answer with it.
#[derive(Debug, Clone, Serialize)]
pub struct ProblemUse {
    /// The problem.
    pub problem: ProblemView,
    /// Operation ids, e.g. `cancelOrder`.
    pub by: Vec<String>,
}

/// What a reference to another resource of the API resolves to: its name, type name, id
/// example, id type, and its examples as read and as sent.
type Target = (String, String, Value, FieldType, Value, Value);

/// What every resource's enrichment reads: the API, its auth schemes, how references resolve,
/// each resource's parent and last path segment, the server's base URL and the model's date.
struct Shared<'a> {
    api: &'a Api,
    auth: &'a [AuthView],
    roles: &'a [crate::model::Role],
    refs: &'a Refs<'a>,
    segments: &'a [(Option<String>, String)],
    base: &'a str,
    date: &'a str,
}

/// Adds actions, filters, problems, concurrency and access to `views` (built from `model`).
pub(super) fn enrich(
    views: &mut [ResourceView],
    api: &Api,
    auth: &[AuthView],
    roles: &[crate::model::Role],
    types: &mut Namer,
    server_url: &str,
    date: &str,
) {
    let mut ids = Namer::reserving(
        views
            .iter()
            .flat_map(|v| v.operations.iter())
            .flat_map(|o| [o.operation_id.as_str(), o.graphql.as_str()])
            .chain(
                views
                    .iter()
                    .flat_map(|v| [v.camel.as_str(), v.plural_camel.as_str()]),
            ),
    );
    let targets = targets(views, api);
    let find = |name: &str| targets.iter().find(|r| r.0 == name);
    let ref_id = |name: &str| find(name).map_or(Value::Null, |r| r.2.clone());
    let ref_pascal = |name: &str| find(name).map(|r| r.1.clone()).unwrap_or_default();
    let ref_id_ty = |name: &str| find(name).map_or(FieldType::Uuid, |r| r.3);
    let embed = |name: &str| {
        find(name).map(|r| Embedded {
            pascal: r.1.clone(),
            has_input: true,
            example: r.4.clone(),
            input_example: r.5.clone(),
        })
    };
    let refs = Refs {
        id: &ref_id,
        pascal: &ref_pascal,
        id_ty: &ref_id_ty,
        embed: &embed,
    };
    let segments: Vec<(Option<String>, String)> = api
        .resources
        .iter()
        .zip(views.iter())
        .map(|(r, v)| {
            let last = v.collection_path.rsplit('/').next().unwrap_or_default();
            (r.parent.clone(), last.to_owned())
        })
        .collect();
    let shared = Shared {
        api,
        auth,
        roles,
        refs: &refs,
        segments: &segments,
        base: server_url.trim_end_matches('/'),
        date,
    };
    for (v, r) in views.iter_mut().zip(&api.resources) {
        enrich_one(v, r, &shared, &mut ids, types);
    }
}

/// What each resource of `api` resolves to when a field references it.
fn targets(views: &[ResourceView], api: &Api) -> Vec<Target> {
    views
        .iter()
        .zip(&api.resources)
        .map(|(v, r)| {
            let ty = r
                .fields
                .iter()
                .find(|f| f.name.eq_ignore_ascii_case("id"))
                .map_or(FieldType::Uuid, |f| f.ty);
            (
                r.name.clone(),
                v.pascal.clone(),
                v.id_example.clone(),
                ty,
                v.example.clone(),
                v.input_example.clone(),
            )
        })
        .collect()
}

/// The domain problems of `r`, each with the operations it names (every write when none).
struct Problems(Vec<(ProblemView, Vec<String>)>);

impl Problems {
    /// The problems operation or action `op` answers with; `write` when it changes state.
    fn of(&self, op: &str, write: bool) -> Vec<ProblemView> {
        self.0
            .iter()
            .filter(|(_, ops)| {
                if ops.is_empty() {
                    write
                } else {
                    ops.iter().any(|o| o == op)
                }
            })
            .map(|(p, _)| p.clone())
            .collect()
    }
}

/// Adds to resource view `v` of `r` what [`enrich`] adds.
fn enrich_one(
    v: &mut ResourceView,
    r: &Resource,
    shared: &Shared,
    ids: &mut Namer,
    types: &mut Namer,
) {
    let refusals = super::refused::refusals(r);
    let derived = super::refused::problem(r, &refusals);
    let problems = Problems(
        (r.errors.iter())
            .chain(&derived)
            .map(|p| (problem(p, shared.base), p.operations.clone()))
            .collect(),
    );
    for o in &mut v.operations {
        o.access = access::by_issuer(
            access::resolve(&o.kind, &r.access, &shared.api.access, shared.auth),
            shared.roles,
            shared.auth,
        );
        let write = matches!(o.kind.as_str(), "create" | "update" | "delete");
        o.problems = problems.of(&o.kind, write);
    }
    v.etag = r.concurrency == Some(Concurrency::Etag);
    v.filters = super::filters::filters(v, r);
    let mut item_params = v.parent_params.clone();
    item_params.push(ParamView {
        name: v.id_param.clone(),
        resource: r.name.clone(),
        description: v.id_doc.clone(),
        schema: v.id_schema.clone(),
        example: v.id_example.clone(),
    });
    let mut segs = Namer::reserving(
        shared
            .segments
            .iter()
            .filter(|(p, _)| p.as_deref() == Some(r.name.as_str()))
            .map(|(_, s)| s.as_str()),
    );
    let actions = r
        .actions
        .iter()
        .map(|a| {
            let path = format!(
                "{}/{}",
                v.item_path,
                segs.unique(&names::slug(&a.name, "act"), "-")
            );
            let mut view = action_view(a, v, r, shared, ids, types);
            view.path = path;
            view.params = item_params.clone();
            view.problems = problems.of(&a.name, true);
            let refusal = refusals.iter().find(|x| x.action == a.name);
            if let (Some(p), Some(x)) = (&derived, refusal) {
                super::refused::specialise(&mut view.problems, &p.name, r, x);
            }
            view
        })
        .collect();
    v.actions = actions;
    v.problems = problem_uses(v, &problems);
}

/// Action `a` of resource `r` (viewed as `v`), but for its path, parameters and problems.
/// The resource after an action: the references and times it moved (a reschedule's new
/// `starts_at`, by their indexes in `fields`) replace the resource's old values.
fn carried(after: &mut Value, fields: &[FieldView], moved: &[usize]) {
    let Some(out) = after.as_object_mut() else {
        return;
    };
    let mut start_moved = false;
    for f in moved.iter().filter_map(|&i| fields.get(i)) {
        if let Some(slot) = out.get_mut(&f.snake) {
            *slot = f.example.clone();
            start_moved |= f.snake.contains("start");
        }
    }
    // The end the server derives moves with the start: half an hour after it, as examples go.
    if start_moved {
        for (k, v) in out.iter_mut() {
            let moved_end = v.as_str().map(|t| t.replace("T10:00", "T14:30"));
            if k.contains("end") {
                if let Some(t) = moved_end {
                    *v = Value::from(t);
                }
            }
        }
    }
}

/// An action that takes a reference or a time the resource already holds (a reschedule's
/// `slot_id` or `starts_at`) moves it: its example names another id, or a later time, than
/// the resource's own. Any other field of the resource it takes is set to the value sent,
/// when the action only changes fields ([`updates_only`]).
fn moved_refs(fields: &mut [FieldView], a: &crate::model::Action, r: &Resource) -> Vec<usize> {
    let mut moved = Vec::new();
    for (i, (view, f)) in fields.iter_mut().zip(&a.fields).enumerate() {
        if !r.fields.iter().any(|x| x.name == f.name && x.ty == f.ty) {
            continue;
        }
        // Any field but a reference or a time takes what the caller sent (an amend's new
        // address) when the resource has a lifecycle and the action moves it to no state: a
        // cancel's `reason` is why it is cancelled, not a new value of the field that happens
        // to share its name.
        if !matches!(f.ty, FieldType::Ref | FieldType::Datetime) {
            if updates_only(r, &a.name) {
                moved.push(i);
            }
            continue;
        }
        let Some(held) = view.input_example.as_str() else {
            continue;
        };
        let other = match f.ty {
            FieldType::Ref if held.len() == 36 => {
                super::examples::uuid(&format!("{}/{}/{}", r.name, a.name, f.name))
            }
            FieldType::Datetime => held.replace("T09:30", "T14:00").replace("T10:00", "T14:30"),
            _ => continue,
        };
        view.example = Value::from(other.clone());
        view.input_example = Value::from(other);
        moved.push(i);
    }
    moved
}

/// Whether action `name` of `r` changes fields only: `r` has a lifecycle, and no state of it
/// is the one the action leads to (`amend`, not `cancel`).
fn updates_only(r: &Resource, name: &str) -> bool {
    use crate::derive::lifecycle::{field_of, names_state};
    field_of(r).is_some_and(|(_, f)| !f.values.iter().any(|v| names_state(name, v)))
}

fn action_view(
    a: &crate::model::Action,
    v: &ResourceView,
    r: &Resource,
    shared: &Shared,
    ids: &mut Namer,
    types: &mut Namer,
) -> ActionView {
    let verb = names::pascal(&a.name, "Act");
    let operation_id = ids.unique(&format!("{}{}", names::camel(&verb, "act"), v.pascal), "");
    let stem = types.unique_family(&format!("{verb}{}", v.pascal), "", &["Request", "Input"]);
    let ctx = Ctx {
        owner: &v.pascal,
        date: shared.date,
    };
    let mut field_names = Namer::default();
    let mut fields: Vec<FieldView> = a
        .fields
        .iter()
        .map(|f| field_view(f, &stem, &mut field_names, types, &ctx, shared.refs))
        .collect();
    let moved = moved_refs(&mut fields, a, r);
    let request_example = Value::Object(
        fields
            .iter()
            .map(|f| (f.snake.clone(), f.input_example.clone()))
            .collect(),
    );
    let mut response_example = super::outcome::after(&v.example, r, &v.fields, &a.name);
    carried(&mut response_example, &fields, &moved);
    let response_example = super::resources::versioned(r, response_example, 4);
    let carried: Vec<&str> = (moved.iter().filter_map(|&i| fields.get(i)))
        .map(|f| f.snake.as_str())
        .collect();
    let response_excerpt = excerpt((&v.example, &response_example), r, a, &carried);
    ActionView {
        name: a.name.clone(),
        description: a.description.clone(),
        summary: action_phrase(&a.name, &r.name),
        path: String::new(),
        rpc: upper_first(&operation_id),
        operation_id,
        request_type: format!("{stem}Request"),
        input_type: format!("{stem}Input"),
        params: Vec::new(),
        fields,
        request_example,
        response_example,
        response_excerpt,
        access: access::by_issuer(
            access::resolve(&a.name, &r.access, &shared.api.access, shared.auth),
            shared.roles,
            shared.auth,
        ),
        problems: Vec::new(),
        idempotency_key: false,
        publishes: a.publishes.clone(),
        claims_by: a.claims_by.clone(),
        etag: r.concurrency == Some(Concurrency::Etag) && a.claims_by.is_none(),
    }
}

/// The fields of `after` that action `a` of `r` decides, in the resource's order: its key,
/// the lifecycle state it leads to (unless it changes fields only), what differs from
/// `before`, the fields it sends values for (`carried`) or sets,
/// what its description names (`address_change`), and the version last.
fn excerpt(
    (before, after): (&Value, &Value),
    r: &Resource,
    a: &crate::model::Action,
    carried: &[&str],
) -> Option<Value> {
    let all = after.as_object()?;
    let changed = |k: &str| before.get(k) != all.get(k);
    let key = r.key.as_deref().unwrap_or("id");
    let declared = r.set_by.iter().any(|o| o.by.contains(&a.name));
    let life = (crate::derive::lifecycle::field_of(r))
        .filter(|_| declared || !updates_only(r, &a.name))
        .map(|(_, f)| f.name.as_str());
    let named = |k: &str| {
        let text = a.description.as_str();
        text.match_indices(k).any(|(i, _)| {
            let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
            !word(text[..i].chars().next_back()) && !word(text[i + k.len()..].chars().next())
        })
    };
    let keep = |k: &str| {
        k == key
            || Some(k) == life
            || k == "version"
            || changed(k)
            || carried.contains(&k)
            || a.sets.iter().any(|(name, _)| name == k)
            || named(k)
    };
    // The version last, as the new `ETag` it becomes.
    let (mut out, version): (Vec<_>, Vec<_>) = (all.iter())
        .filter(|(k, _)| keep(k))
        .map(|(k, v)| (k.clone(), v.clone()))
        .partition(|(k, _)| k != "version");
    if out.iter().all(|(k, _)| k == key) {
        return None;
    }
    out.extend(version);
    Some(Value::Object(out.into_iter().collect()))
}

/// Each problem of `v` with the operations and actions that answer with it.
fn problem_uses(v: &ResourceView, problems: &Problems) -> Vec<ProblemUse> {
    problems
        .0
        .iter()
        .map(|(p, _)| ProblemUse {
            problem: p.clone(),
            by: v
                .operations
                .iter()
                .filter(|o| o.problems.iter().any(|q| q.name == p.name))
                .map(|o| o.operation_id.clone())
                .chain(
                    v.actions
                        .iter()
                        .filter(|a| a.problems.iter().any(|q| q.name == p.name))
                        .map(|a| a.operation_id.clone()),
                )
                .collect(),
        })
        .collect()
}

fn problem(p: &crate::model::Problem, base: &str) -> ProblemView {
    let slug = names::slug(&p.name, "problem");
    let title = p.title.clone().unwrap_or_else(|| {
        let words = p.name.replace(['-', '_'], " ");
        upper_first(words.trim())
    });
    let type_uri = format!("{base}/problems/{slug}");
    ProblemView {
        name: p.name.clone(),
        key: names::camel(&slug, "problem"),
        example: json!({
            "type": type_uri,
            "title": title,
            "status": p.status,
            "detail": if p.description.is_empty() { title.clone() } else { p.description.clone() },
        }),
        type_uri,
        title,
        status: p.status,
        description: p.description.clone(),
        roles: p.roles.clone(),
    }
}

fn upper_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use crate::model::Model;

    #[test]
    fn an_action_that_moves_a_visit_shows_the_new_time_before_and_after() {
        let yaml = "version: 1\nname: t\nrequirements: {domain: d}\nservices:\n  - name: booking\n    responsibility: r\n    api:\n      resources:\n        - name: Visit\n          fields:\n            - {name: starts_at, type: datetime}\n            - {name: ends_at, type: datetime, read_only: true}\n            - {name: reason, type: string}\n          actions:\n            - {name: reschedule, fields: [{name: starts_at, type: datetime}]}\n            - {name: cancel, fields: [{name: reason, type: string}]}\n";
        let model: Model = serde_yaml::from_str(yaml).unwrap();
        let view = crate::view::build(&model);
        let r = &view.services[0].api.resources[0];
        let (moved, held) = (
            &r.example["starts_at"],
            &r.actions[0].request_example["starts_at"],
        );
        assert_ne!(
            moved, held,
            "the request names another time than the visit's own"
        );
        let after = &r.actions[0].response_example;
        assert_eq!(&after["starts_at"], held);
        assert!(after["ends_at"].as_str() > after["starts_at"].as_str());
        // A cancel's reason is the cancel's, not the visit's: the response keeps the visit's.
        assert_eq!(r.actions[1].response_example["reason"], r.example["reason"]);
    }

    #[test]
    fn an_action_that_changes_a_field_answers_with_the_value_sent() {
        let yaml = "version: 1\nname: t\nrequirements: {domain: d}\nservices:\n  - name: shop\n    responsibility: r\n    api:\n      resources:\n        - name: Order\n          fields:\n            - {name: status, type: enum, values: [pending, cancelled], read_only: true}\n            - {name: address, type: string, example: Old Road 1}\n            - {name: reason, type: string, example: A gift}\n          actions:\n            - {name: amend, fields: [{name: address, type: string, example: New Street 2}]}\n            - {name: cancel, fields: [{name: reason, type: string, example: Too late}]}\n";
        let model: Model = serde_yaml::from_str(yaml).unwrap();
        let view = crate::view::build(&model);
        let r = &view.services[0].api.resources[0];
        assert_eq!(r.example["address"], "Old Road 1");
        // The amend moves no state: the order answers at the address sent.
        assert_eq!(r.actions[0].response_example["address"], "New Street 2");
        // The cancel moves the order to cancelled: its reason is the cancel's own.
        let cancelled = &r.actions[1].response_example;
        assert_eq!(
            (&cancelled["status"], &cancelled["reason"]),
            (&"cancelled".into(), &"A gift".into())
        );
    }

    #[test]
    fn an_action_s_answer_shows_what_it_decides_and_nothing_it_does_not() {
        let view = crate::view::built(include_str!("../../examples/order-management/archgen.yaml"));
        let order = (view.services.iter().flat_map(|s| &s.api.resources))
            .find(|r| r.name == "Order")
            .unwrap();
        let keys = |name: &str| -> Vec<String> {
            let a = order.actions.iter().find(|a| a.name == name).unwrap();
            let excerpt = a.response_excerpt.as_ref().and_then(|e| e.as_object());
            excerpt.unwrap().keys().cloned().collect()
        };
        // The state cancel leads to, and the new version; no field the cancel leaves alone.
        assert_eq!(keys("cancel"), ["id", "status", "version"]);
        // The address sent, and the field the amend's description says it answers with.
        assert_eq!(
            keys("amend"),
            ["id", "shipping_address", "address_change", "version"]
        );
        // A field nothing has set yet does not appear on the cancelled order either.
        let cancel = order.actions.iter().find(|a| a.name == "cancel").unwrap();
        assert!(cancel.response_example.get("address_change").is_none());
        assert!(cancel.response_example.get("placed_at").is_some());
    }

    #[test]
    fn a_create_returns_no_field_the_server_fills_in_later() {
        let yaml = "version: 1
name: t
requirements: {domain: d}
services:
  - name: people
    responsibility: r
    api:
      resources:
        - name: Patient
          operations: [get, create]
          fields:
            - {name: name, type: string}
            - {name: record_id, type: string, read_only: true, optional: true}
            - {name: registered_at, type: datetime, read_only: true}
";
        let model: Model = serde_yaml::from_str(yaml).unwrap();
        let view = crate::view::build(&model);
        let r = &view.services[0].api.resources[0];
        let created = r.operations.iter().find(|o| o.kind == "create").unwrap();
        let body = created.response_example.as_ref().unwrap();
        assert!(body.get("record_id").is_none(), "{body}");
        assert!(body.get("registered_at").is_some() && r.example.get("record_id").is_some());
    }
}

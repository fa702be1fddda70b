//! Step 3, per resource, beyond its fields and operations: a natural lookup key, the fields a
//! list is narrowed by (which of them are ranges, which take several values, which every list
//! must send), the most items a page returns, optimistic
//! concurrency and its domain errors. All have a safe default (none, exact, optional), so
//! every resource's sit in one derived block at the end of the step, kept with one Enter. Its
//! items are numbered across the services: `at[0]` is the k-th resource.

use super::prelude::*;
use crate::interview::flow::Node;
use crate::model::{Concurrency, Filter, Operation, Problem, Resource};

const BY_ID: &str = "no: by its id";

/// The service and resource indices of the `at[0]`-th resource, counted across the services.
fn pos(m: &Model, at: &At) -> (usize, usize) {
    let mut k = at[0];
    for (i, s) in m.services.iter().enumerate() {
        if k < s.api.resources.len() {
            return (i, k);
        }
        k -= s.api.resources.len();
    }
    unreachable!("the block counts the resources it asks about")
}

fn count(m: &Model) -> usize {
    m.services.iter().map(|s| s.api.resources.len()).sum()
}

fn res<'a>(m: &'a Model, at: &At) -> &'a Resource {
    let (i, j) = pos(m, at);
    &m.services[i].api.resources[j]
}

fn res_mut<'a>(m: &'a mut Model, at: &At) -> &'a mut Resource {
    let (i, j) = pos(m, at);
    &mut m.services[i].api.resources[j]
}

/// Whether the resource offers `op` (the CRUD defaults when its operations are not listed).
fn offers(m: &Model, at: &At, op: Operation) -> bool {
    res(m, at)
        .operations
        .as_ref()
        .is_none_or(|o| o.contains(&op))
}

/// The names of the resource's single-valued fields.
fn single_fields(m: &Model, at: &At) -> Vec<String> {
    let r = res(m, at);
    r.fields
        .iter()
        .filter(|f| !f.list && !f.name.eq_ignore_ascii_case("id"))
        .map(|f| f.name.clone())
        .collect()
}

/// Whether the resource offers a list or a subscription, which filters narrow.
fn narrowed(m: &Model, at: &At) -> bool {
    offers(m, at, Operation::List) || offers(m, at, Operation::Subscribe)
}

/// The chosen filters a range can be taken over, with their types: orderable fields
/// (`FieldType::orderable`, the rule the loader applies) that are not the owner.
fn orderable_filters(m: &Model, at: &At) -> Vec<(String, String)> {
    let r = res(m, at);
    r.filters
        .iter()
        .filter(|f| r.owner.as_ref().is_none_or(|o| !o.names(f.field())))
        .filter_map(|f| r.fields.iter().find(|x| x.name == f.field()))
        .filter(|x| !x.list && x.ty.orderable())
        .map(|x| (x.name.clone(), crate::text::word(x.ty)))
        .collect()
}

/// The fields the resource's list is narrowed by.
fn filter_fields(m: &Model, at: &At) -> Vec<String> {
    let r = res(m, at);
    r.filters.iter().map(|f| f.field().to_owned()).collect()
}

/// The fields whose filter is a range.
fn range_fields(m: &Model, at: &At) -> Vec<String> {
    let r = res(m, at);
    let ranges = r.filters.iter().filter(|f| f.range());
    ranges.map(|f| f.field().to_owned()).collect()
}

/// Makes the filters on `fields` ranges, and the others exact.
fn set_ranges(m: &mut Model, at: &At, fields: Vec<String>) {
    for f in &mut res_mut(m, at).filters {
        let range = fields.iter().any(|x| x == f.field());
        *f = Filter::full(f.field(), range, f.required(), f.any() && !range);
    }
}

/// The fields whose filter every list must send.
fn required_fields(m: &Model, at: &At) -> Vec<String> {
    let r = res(m, at);
    let required = r.filters.iter().filter(|f| f.required());
    required.map(|f| f.field().to_owned()).collect()
}

/// Makes the filters on `fields` required, and the others optional.
fn set_required(m: &mut Model, at: &At, fields: Vec<String>) {
    for f in &mut res_mut(m, at).filters {
        let required = fields.iter().any(|x| x == f.field());
        *f = Filter::full(f.field(), f.range(), required, f.any());
    }
}

/// The fields whose filter takes several values in one call.
fn any_fields(m: &Model, at: &At) -> Vec<String> {
    let r = res(m, at);
    let any = r.filters.iter().filter(|f| f.any());
    any.map(|f| f.field().to_owned()).collect()
}

/// Makes the filters on `fields` take several values, and the others one.
fn set_any(m: &mut Model, at: &At, fields: Vec<String>) {
    for f in &mut res_mut(m, at).filters {
        let any = fields.iter().any(|x| x == f.field());
        *f = Filter::full(f.field(), f.range(), f.required(), any);
    }
}

/// The chosen filters that match one value exactly (a range cannot take several).
fn exact_filters(m: &Model, at: &At) -> Vec<(String, String)> {
    let r = res(m, at);
    let exact = r.filters.iter().filter(|f| !f.range());
    exact
        .map(|f| (f.field().to_owned(), String::new()))
        .collect()
}

/// The chosen filters, each with how it matches.
fn chosen_filters(m: &Model, at: &At) -> Vec<(String, String)> {
    let r = res(m, at);
    let shown = |f: &Filter| match f.range() {
        true => "a range".to_owned(),
        false => "exact".to_owned(),
    };
    r.filters
        .iter()
        .map(|f| (f.field().to_owned(), shown(f)))
        .collect()
}

/// Keeps the filters named in `fields`, each still a range (and required) if it was one.
fn set_filters(m: &mut Model, at: &At, fields: Vec<String>) {
    let r = res_mut(m, at);
    let old = std::mem::take(&mut r.filters);
    r.filters = fields
        .into_iter()
        .map(|f| {
            // A filter kept keeps how it matches: a range, a required one.
            let was = old.iter().find(|o| o.field() == f);
            Filter::full(
                f,
                was.is_some_and(Filter::range),
                was.is_some_and(Filter::required),
                was.is_some_and(Filter::any),
            )
        })
        .collect();
}

/// Every resource's derived block.
pub(super) fn defaults() -> Node {
    derived(
        "resources.defaults",
        nodes![
            each(
                "resources.details",
                |m, _| count(m),
                |m, at| {
                    let (i, j) = pos(m, at);
                    let s = &m.services[i];
                    let own = s.kind != crate::model::ServiceKind::Gateway
                        && crate::defaults::api_style(s.kind, s.api.style)
                            != crate::model::ApiStyle::None;
                    own.then(|| format!("{} of `{}`", s.api.resources[j].name, s.name))
                }
            )
            .ask(details())
        ],
    )
    .into()
}

/// The questions about one resource.
fn details() -> Vec<Node> {
    let mut out = nodes![
        pick(
            "resources.key",
            "Looked up by a natural key instead of its id?",
            |m, at| {
                let mut o = options(&[BY_ID]);
                o.extend(single_fields(m, at).into_iter().map(|f| (f, String::new())));
                o
            }
        )
        .help("e.g. `sku`: paths, RPCs and arguments then take it (`/stock-levels/{sku}`).")
        .value(
            Lens::new(
                |m, at| res(m, at).key.clone(),
                |m, at, v| res_mut(m, at).key = v
            )
            .none_as(BY_ID),
        )
        .when(|m, at| !single_fields(m, at).is_empty()),
    ];
    out.extend(filters());
    out.push(page_size());
    out.push(states());
    out.extend(nodes![
        confirm(
            "resources.concurrency",
            "Guard concurrent writes (ETag and If-Match, 412 on a lost update)?"
        )
        .help("For items several people or processes edit: the later write is refused.")
        .value(Lens::new(
            |m, at| res(m, at).concurrency.is_some(),
            |m, at, v: bool| res_mut(m, at).concurrency = v.then_some(Concurrency::Etag),
        ))
        .when(|m, at| offers(m, at, Operation::Update)),
        text(
            "resources.errors",
            "Domain errors? (`name:status`, `;`-separated, e.g. `out-of-stock:409`)"
        )
        .help(concat!(
            "Each is an RFC 9457 problem type of its own beside the standard ones. One answered ",
            "in some lifecycle states names them: `already-shipped:409:shipped,delivered`; an ",
            "action refused in a state no error names answers a derived `wrong-state`."
        ))
        .value(Lens::new(errors_line, set_errors))
        .check(|m, at, v: &Vec<String>| check_errors(m, at, v)),
    ]);
    out
}

/// The questions about a resource's list filters: which fields, which are ranges, which take
/// several values, which every call must send.
fn filters() -> Vec<Node> {
    nodes![
        text(
            "resources.filters",
            "Fields a list is narrowed by? (`;`-separated, empty for none)"
        )
        .help("Each becomes a query parameter or argument, e.g. `status; customer_id`.")
        .value(Lens::new(filter_fields, set_filters))
        .check(|m, at, v: &Vec<String>| {
            let known = single_fields(m, at);
            v.iter().try_for_each(|f| {
                crate::validate::fields::reference(
                    f,
                    known.iter().map(String::as_str),
                    "single-valued field of it",
                )
                .map_err(crate::validate::fields::Invalid::at_prompt)
            })
        })
        .when(|m, at| narrowed(m, at) && !single_fields(m, at).is_empty()),
        pick_many(
            "resources.ranges",
            "Which of them are ranges (`from` inclusive, `to` exclusive)?",
            orderable_filters
        )
        .help(
            "e.g. a day's appointments: `starts_at_from` and `starts_at_to`; others match exactly."
        )
        .value(Lens::new(range_fields, set_ranges))
        .when(|m, at| narrowed(m, at) && !orderable_filters(m, at).is_empty()),
        pick_many(
            "resources.any",
            "Which of them take several values in one call (a batch lookup)?",
            exact_filters
        )
        .help("e.g. `sku`: the stock of every line of an order in one call, `?sku=A&sku=B`.")
        .value(Lens::new(any_fields, set_any))
        .when(|m, at| narrowed(m, at) && !exact_filters(m, at).is_empty()),
        pick_many(
            "resources.required",
            "Which filters must every list call send?",
            chosen_filters
        )
        .help("e.g. `user_id` where each call is about one user: a list across all is refused.")
        .value(Lens::new(required_fields, set_required))
        .when(|m, at| narrowed(m, at) && !res(m, at).filters.is_empty()),
    ]
}

/// The most items a list page returns, for a list a screen shows whole.
fn page_size() -> Node {
    text(
        "resources.max_page_size",
        "Most items one page of its list returns? (1 to 1000; empty: 100)",
    )
    .help(
        "Raise it for a list a screen shows whole, e.g. a clinic's day of appointments: 500. \
         Contracts cap `limit` at it and size responses by it.",
    )
    .value(Lens::new(
        |m, at| res(m, at).max_page_size,
        |m, at, v| res_mut(m, at).max_page_size = v,
    ))
    .check(range(1, 1000))
    .when(|m, at| offers(m, at, Operation::List))
    .into()
}

/// Which optional fields only some states of the resource's lifecycle hold.
fn states() -> Node {
    text(
        "resources.states",
        "Fields present only in some states? (`field: state, state`, `;`-separated)",
    )
    .help(
        "e.g. `delivered_at: delivered`: examples show a new item without it. Unsaid, an \
         optional field only the server sets arrives after the first state.",
    )
    .value(Lens::new(states_line, set_states))
    .check(|m, at, v: &Vec<String>| {
        v.iter()
            .try_for_each(|item| read_states(res(m, at), item).map(|_| ()))
    })
    .when(|m, at| {
        let r = res(m, at);
        crate::derive::lifecycle::field_of(r).is_some() && r.fields.iter().any(|f| f.optional)
    })
    .into()
}

/// The fields that name their states, as the question shows them: `field: a, b` each.
fn states_line(m: &Model, at: &At) -> Vec<String> {
    let r = res(m, at);
    let stated = r.fields.iter().filter(|f| !f.states.is_empty());
    stated
        .map(|f| format!("{}: {}", f.name, f.states.join(", ")))
        .collect()
}

/// Sets each field's states from `line`; a field the line leaves out holds in every state.
fn set_states(m: &mut Model, at: &At, line: Vec<String>) {
    let read: Vec<(String, Vec<String>)> = line
        .iter()
        .filter_map(|item| read_states(res(m, at), item).ok())
        .collect();
    for f in &mut res_mut(m, at).fields {
        f.states = read
            .iter()
            .find(|(name, _)| *name == f.name)
            .map(|(_, states)| states.clone())
            .unwrap_or_default();
    }
}

/// `field: state, state` for `r`: an optional field of it and values of its lifecycle field.
fn read_states(r: &Resource, item: &str) -> Result<(String, Vec<String>), String> {
    let (field, states) = item
        .split_once(':')
        .ok_or("write `field: state, state`, e.g. `delivered_at: delivered`")?;
    let optional = r
        .fields
        .iter()
        .filter(|f| f.optional)
        .map(|f| f.name.as_str());
    let field = crate::validate::fields::reference(field.trim(), optional, "optional field of it")
        .map_err(|e| crate::validate::fields::Invalid::at_prompt(e).to_string())
        .map(|_| field.trim().to_owned())?;
    let Some((_, life)) = crate::derive::lifecycle::field_of(r) else {
        return Err(format!("`{}` has no lifecycle field", r.name));
    };
    let states: Vec<String> = states.split(',').map(|s| s.trim().to_owned()).collect();
    for state in &states {
        crate::validate::fields::reference(
            state,
            life.values.iter().map(String::as_str),
            &format!("value of `{}`", life.name),
        )
        .map_err(|e| crate::validate::fields::Invalid::at_prompt(e).to_string())?;
    }
    Ok((field, states))
}

/// The resource's errors as the question shows them: `name:status`, or
/// `name:status:state,state` for an error of some lifecycle states.
fn errors_line(m: &Model, at: &At) -> Vec<String> {
    let r = res(m, at);
    r.errors
        .iter()
        .map(|p| match p.states.as_slice() {
            [] => format!("{}:{}", p.name, p.status),
            states => format!("{}:{}:{}", p.name, p.status, states.join(",")),
        })
        .collect()
}

/// Each error of `line` reads, and names only states of the resource's lifecycle.
fn check_errors(m: &Model, at: &At, line: &[String]) -> Result<(), String> {
    let states = lifecycle_states(m, at);
    line.iter().try_for_each(|e| {
        let (_, _, named) = read_error(e)?;
        match named.iter().find(|n| !states.contains(n)) {
            Some(n) if states.is_empty() => Err(format!(
                "`{n}`: the resource has no lifecycle field (an enum named `status` or `state`)"
            )),
            Some(n) => Err(format!(
                "`{n}` is not a state of the lifecycle; known: {}",
                states.join(", ")
            )),
            None => Ok(()),
        }
    })
}

/// The states of the resource's lifecycle field; none when it has none.
fn lifecycle_states(m: &Model, at: &At) -> Vec<String> {
    crate::derive::lifecycle::field_of(res(m, at)).map_or_else(Vec::new, |(_, f)| f.values.clone())
}

/// Keeps the errors named in `line`, with what the model already says of each.
fn set_errors(m: &mut Model, at: &At, line: Vec<String>) {
    let r = res_mut(m, at);
    let mut old = std::mem::take(&mut r.errors);
    for (name, status, states) in line.iter().filter_map(|e| read_error(e).ok()) {
        let mut p = match old.iter().position(|p| p.name == name) {
            Some(i) => old.remove(i),
            None => Problem {
                name: name.clone(),
                ..Default::default()
            },
        };
        p.status = status;
        p.states = states;
        r.errors.push(p);
    }
}

/// `name:status[:state,state]`, a slug, a 4xx status and the lifecycle states it is answered in.
fn read_error(text: &str) -> Result<(String, u16, Vec<String>), String> {
    let example = "write `name:status`, e.g. `out-of-stock:409`";
    let (name, rest) = text.split_once(':').ok_or_else(|| example.to_owned())?;
    let (status, states) = rest.split_once(':').unwrap_or((rest, ""));
    let states: Vec<String> = (states.split(','))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    let name = name.trim();
    let slug = crate::text::names::slug(name, "problem");
    if name.is_empty() || slug != name {
        return Err(format!(
            "`{name}`: a lowercase slug names a problem type, e.g. `{slug}`"
        ));
    }
    match status.trim().parse::<u16>() {
        Ok(s) if (400..500).contains(&s) => Ok((name.to_owned(), s, states)),
        _ => Err(format!(
            "`{}`: a 4xx status, e.g. 409 or 422",
            status.trim()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::read_error;

    #[test]
    fn an_error_is_a_slug_and_a_client_error_status() {
        assert_eq!(
            read_error("out-of-stock:409"),
            Ok(("out-of-stock".into(), 409, Vec::new()))
        );
        assert_eq!(
            read_error("already-shipped:409: shipped, delivered"),
            Ok((
                "already-shipped".into(),
                409,
                vec!["shipped".into(), "delivered".into()]
            ))
        );
        assert!(
            read_error("out-of-stock")
                .unwrap_err()
                .contains("name:status")
        );
        assert!(
            read_error("Out Of Stock:409")
                .unwrap_err()
                .contains("`out-of-stock`")
        );
        assert!(read_error("out-of-stock:500").unwrap_err().contains("4xx"));
    }
}

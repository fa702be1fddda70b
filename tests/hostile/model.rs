//! Builds a valid model (every reference resolves, names unique where the model needs them)
//! whose every text field comes from the hostile pools.

use super::draw::{Draw, Names};
use archgen::model::Model;
use serde_json::{Value, json};

const KINDS: &[&str] = &["service", "gateway", "bff", "worker", "legacy"];
const STYLES: &[&str] = &["rest", "graphql", "grpc", "websocket", "sse", "webhooks"];
const TYPES: &[&str] = &[
    "string", "integer", "number", "boolean", "uuid", "date", "datetime", "email", "url", "money",
    "enum", "json", "ref",
];
const OPERATIONS: &[&str] = &["list", "get", "create", "update", "delete", "subscribe"];

/// A model from `d`, checked by `archgen::validate::model` by the caller.
pub fn build(d: &mut Draw) -> Model {
    let mut nodes = Names::default();
    let mut events = Names::default();
    let clients: Vec<Value> = (0..d.pick(4)).map(|_| client(d, &mut nodes)).collect();
    let client_names = nodes.all.clone();
    let mut services: Vec<Value> = (0..1 + d.pick(5))
        .map(|_| service(d, &mut nodes, &mut events, &client_names))
        .collect();
    let service_names: Vec<String> = services
        .iter()
        .map(|s| s["name"].as_str().unwrap().to_owned())
        .collect();
    for s in &mut services {
        s["consumes"] = json!(d.some_of(&events.all));
        if d.pick(2) == 1 {
            s["early_events"] = json!(d.one(&["keep", "apply"]));
        }
    }
    // Some run by a team of the organisation, named in hostile words, and some say what
    // their callers present.
    let externals: Vec<Value> = (0..d.pick(3))
        .map(|_| {
            let mut e =
                json!({"name": nodes.name(d), "description": d.text(), "availability": 99.5});
            if d.pick(2) == 1 {
                e["team"] = json!(d.words());
            }
            // What its callers present, in hostile words: a cell of security.md's table.
            if d.pick(2) == 1 {
                e["credential"] = json!(d.technical_words());
            }
            e
        })
        .collect();
    let brokers: Vec<Value> = (0..d.pick(3))
        .map(|_| {
            let delivery = d.one(&["at-least-once", "at-most-once", "exactly-once"]);
            json!({"name": nodes.name(d), "technology": d.one(&["Kafka", "NATS", "RabbitMQ"]),
                   "delivery": delivery, "host": d.technical(), "description": d.text()})
        })
        .collect();
    let broker_names: Vec<String> = brokers
        .iter()
        .map(|b| b["name"].as_str().unwrap().to_owned())
        .collect();
    for s in &mut services {
        capture(d, s, &broker_names);
    }
    // Who runs the connectors, when a store is captured, in hostile words.
    let captured = services
        .iter()
        .any(|s| (s["data"].as_array().unwrap().iter()).any(|store| !store["capture"].is_null()));
    let connectors = captured.then(|| json!({"team": d.words(), "runs_on": d.text()}));
    let all_nodes = nodes.all.clone();
    let links: Vec<Value> = (0..d.pick(6))
        .filter_map(|_| link(d, &all_nodes, &client_names, &events.all, &broker_names))
        .collect();
    let mut flow_names = Names::default();
    let flows: Vec<Value> = (0..d.pick(3))
        .map(|_| {
            let call = |d: &mut Draw| {
                let from = all_nodes[d.pick(all_nodes.len())].clone();
                let to = all_nodes[d.pick(all_nodes.len())].clone();
                json!({"from": from, "to": to, "action": d.words(), "returns": d.text(),
                       "compensation": d.text()})
            };
            let mut steps: Vec<Value> = (0..1 + d.pick(4)).map(|_| call(d)).collect();
            // Failure paths: an `alt` whose named branch triggers a compensation, a `par`
            // branch named only, and a `loop`, each label hostile.
            if d.flag() {
                let branch = d.words();
                let mut undo = call(d);
                undo["compensation"] = json!(d.words());
                undo["compensate_on"] = json!(branch.clone());
                steps.push(undo);
                steps.push(json!({"alt": [
                    {"name": branch, "when": d.words(), "steps": [call(d)]},
                    {"when": d.words(), "steps": [
                        {"par": [{"name": d.text(), "steps": [call(d)]}, {"steps": [call(d)]}]},
                    ]},
                ]}));
                steps.push(json!({"loop": {"when": d.words(), "steps": [call(d)]}}));
                steps.push(json!({"opt": {"when": d.words(), "steps": [call(d)]}}));
            }
            let saga = [None, Some("orchestration"), Some("choreography")][d.pick(3)];
            json!({"name": flow_names.name(d), "description": d.text(), "saga": saga, "steps": steps})
        })
        .collect();
    let legacy: Vec<String> = services
        .iter()
        .filter(|s| s["kind"] == "legacy")
        .map(|s| s["name"].as_str().unwrap().to_owned())
        .collect();
    let mut alert_names = Names::default();
    let alerts: Vec<String> = (0..d.pick(3)).map(|_| alert_names.name(d)).collect();
    // How long outbox rows stay means something only beside a log-reading relay.
    let relay = d.maybe();
    let retention =
        archgen::derive::open::cdc_tool(relay.as_deref()).map(|_| [0, 1, 24, 8760][d.pick(4)]);
    let model = json!({
        "version": 1,
        "name": d.words(),
        "description": d.text(),
        "date": "2026-01-15",
        "requirements": requirements(d),
        "services": services,
        "clients": clients,
        "externals": externals,
        "communication": {"brokers": brokers, "links": links, "flows": flows,
                          "outbox_relay": relay, "outbox_retention_hours": retention,
                          "connectors": connectors},
        "resilience": {"idempotency": {"header": d.technical()}, "rate_limit_store": d.maybe(),
                       "health": {"liveness": d.technical(), "readiness": d.technical()}},
        "observability": observability(d, &alerts),
        "security": security(d, &client_names, &service_names),
        "performance": performance(d, &service_names, &events.all),
        "testing": {"levels": [{"level": "unit", "tools": d.texts(2), "scope": d.text(), "runs": d.text()},
                               {"level": "contract", "tools": d.texts(2), "scope": d.text()}]},
        "technology": (0..d.pick(3)).map(|_| json!({"area": d.text(), "choice": d.text(), "rationale": d.text(), "alternatives": d.texts(2)})).collect::<Vec<_>>(),
        "deployment": {"platform": d.maybe(), "strategy": "canary", "canary_steps": [5, 50, 100], "canary_hold_minutes": d.pick(60) + 1,
                       "environments": (0..d.pick(3)).map(|_| json!({"name": d.words(), "purpose": d.text()})).collect::<Vec<_>>(),
                       "pipeline": d.maybe(), "feature_flags": d.maybe(), "regions": d.texts(2),
                       "rollout": d.texts(2), "rollback": d.text()},
        "migration": legacy.first().map(|from| json!({"from": from, "pattern": "strangler", "phases": [
            {"name": d.words(), "description": d.text(), "services": d.some_of(&service_names), "exit_criteria": d.text()}]})),
        "decisions": (0..d.pick(4)).map(|_| decision(d, &alerts)).collect::<Vec<_>>(),
    });
    let mut model: archgen::model::Model =
        serde_json::from_value(strip_nulls(model)).expect("the generator builds the model's shape");
    // What the limits do while their shared count is down means something only beside one,
    // and its sentences carry the store's hostile name into every document that states it.
    let limits = &archgen::derive::open_limits::store_users;
    if archgen::derive::open_limits::shared_store(&model) && !limits(&model).is_empty() {
        use archgen::model::RateLimitFallback::{Allow, Deny};
        model.resilience.rate_limit_fallback = [None, Some(Allow), Some(Deny)][d.pick(3)];
    }
    model
}

/// `None` becomes an absent key, as a person would write it.
fn strip_nulls(v: Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, strip_nulls(v)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.into_iter().map(strip_nulls).collect()),
        v => v,
    }
}

fn client(d: &mut Draw, nodes: &mut Names) -> Value {
    let kind = d.one(&["web", "mobile", "partner", "internal", "device"]);
    json!({"name": nodes.name(d), "kind": kind, "description": d.text()})
}

fn service(d: &mut Draw, nodes: &mut Names, events: &mut Names, clients: &[String]) -> Value {
    let kind = d.one(KINDS);
    let style = d.one(STYLES);
    let mut resources = Names::default();
    let resources: Vec<Value> = (0..d.pick(4))
        .map(|_| {
            let earlier = resources.all.clone();
            let name = resources.name(d);
            let parent = (!earlier.is_empty() && d.pick(3) == 0)
                .then(|| earlier[d.pick(earlier.len())].clone());
            let ops = d.flag().then(|| {
                OPERATIONS
                    .iter()
                    .filter(|_| d.flag())
                    .map(|o| o.to_string())
                    .collect::<Vec<_>>()
            });
            let mut verbs = Names::default();
            let actions: Vec<Value> = (0..d.pick(2))
                .map(|_| {
                    // A suffix keeps a drawn verb from repeating an operation name.
                    let verb = format!("{}x", verbs.name(d));
                    json!({"name": verb, "description": d.text(), "fields": fields(d, &earlier)})
                })
                .collect();
            let errors: Vec<Value> = (0..d.pick(2))
                .map(|i| {
                    json!({"name": format!("{}{i}", d.words()), "status": 409 + i,
                                "title": d.maybe(), "description": d.text()})
                })
                .collect();
            let mut fields = fields(d, &earlier);
            let mut actions = actions;
            let (set_by, errors) = lifecycle(d, &mut fields, &mut actions, errors);
            // One owner field, several, or none: each names a drawn field.
            let names: Vec<Value> = fields.iter().map(|f| f["name"].clone()).collect();
            let owner = match (d.pick(3), names.as_slice()) {
                (1, [first, ..]) => first.clone(),
                (2, [first, second, ..]) => json!([first, second]),
                _ => Value::Null,
            };
            // An action of an owned resource may claim it by one of the fields it sends.
            if !owner.is_null() {
                for a in actions.iter_mut().filter(|_| d.flag()) {
                    let claim = a["fields"]
                        .as_array()
                        .and_then(|f| f.first())
                        .map(|f| f["name"].clone());
                    if let Some(c) = claim {
                        a["claims_by"] = c;
                    }
                }
            }
            let filters = filters(d, &fields, &owner);
            // A value (no operation, no action) carries at least one field, as the loader asks.
            let empty_value = ops.as_ref().is_some_and(|o| o.is_empty()) && actions.is_empty();
            let ops = if empty_value && fields.is_empty() {
                None
            } else {
                ops
            };
            json!({"name": name, "plural": d.maybe(), "description": d.text(), "parent": parent,
                   "fields": fields, "operations": ops, "actions": actions, "filters": filters,
                   "errors": errors, "owner": owner, "set_by": set_by})
        })
        .collect();
    let publishes: Vec<Value> = (0..d.pick(3))
        .map(|_| {
            let fields = fields(d, &[]);
            let key = fields.first().filter(|_| d.flag()).map(|f| f["name"].clone());
            json!({"name": events.name(d), "topic": d.technical(), "description": d.text(), "fields": fields, "key": key})
        })
        .collect();
    let serves = if matches!(kind, "gateway" | "bff") {
        d.some_of(clients)
    } else {
        Vec::new()
    };
    json!({
        "name": nodes.name(d), "kind": kind, "responsibility": d.words(), "context": d.text(),
        "team": d.text(), "stack": d.text(),
        "data": (0..d.pick(3)).map(|_| json!({"name": d.words(), "store": d.words(), "description": d.text(), "failover": d.maybe()})).collect::<Vec<_>>(),
        "api": {"style": style, "version": d.technical(), "versioning": d.one(&["url", "header", "media-type"]),
                "pagination": d.one(&["cursor", "offset"]), "base_url": d.technical(), "resources": resources},
        "publishes": publishes, "serves": serves,
        "slo": d.flag().then(|| json!({"availability": 99.9, "latency_p99_ms": 300})),
    })
}

/// Sometimes a store whose change log a connector publishes some of `service`'s own events
/// from (change data capture), its tool and tables hostile.
fn capture(d: &mut Draw, service: &mut Value, brokers: &[String]) {
    let own: Vec<String> = service["publishes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap().to_owned())
        .collect();
    if own.is_empty() || brokers.is_empty() || !d.flag() {
        return;
    }
    let mut events = d.some_of(&own);
    if events.is_empty() {
        events.push(own[0].clone());
    }
    let store = d.one(&["PostgreSQL", "MySQL", "MongoDB"]);
    let capture = json!({"tool": d.words(), "broker": brokers[d.pick(brokers.len())].clone(),
                         "events": events, "tables": d.texts(2)});
    service["data"].as_array_mut().unwrap().push(json!({
        "name": d.words(), "store": store, "description": d.text(), "capture": capture,
    }));
}

/// Fields with unique names; `ref` fields point at one of `resources`.
/// Sometimes a lifecycle: a `status` enum the first action moves from its first state, and
/// errors answered in some of its states; a state no error names gets the derived problem.
fn lifecycle(
    d: &mut Draw,
    fields: &mut Vec<Value>,
    actions: &mut [Value],
    mut errors: Vec<Value>,
) -> (Vec<Value>, Vec<Value>) {
    let taken = fields.iter().any(|f| f["name"] == "status");
    if actions.is_empty() || taken || !d.flag() {
        return (Vec::new(), errors);
    }
    let mut names = Names::default();
    let values: Vec<String> = (0..2 + d.pick(3)).map(|_| names.name(d)).collect();
    fields
        .push(json!({"name": "status", "type": "enum", "values": values, "description": d.text()}));
    for e in errors.iter_mut().filter(|_| d.flag()) {
        e["states"] = json!([values[values.len() - 1]]);
    }
    // The action moves the item, or changes it without moving it in one state only.
    if d.flag() {
        actions[0]["from"] = json!([values[values.len() - 1]]);
        return (Vec::new(), errors);
    }
    let by = actions[0]["name"].clone();
    let set_by = vec![json!({"state": values[1], "by": [by], "from": [values[0]]})];
    (set_by, errors)
}

fn fields(d: &mut Draw, resources: &[String]) -> Vec<Value> {
    let mut names = Names::default();
    (0..d.pick(5))
        .map(|_| {
            let mut ty = d.one(TYPES);
            if ty == "ref" && resources.is_empty() {
                ty = "uuid";
            }
            let mut values = Names::default();
            let values: Vec<String> = if ty == "enum" {
                (0..1 + d.pick(4)).map(|_| values.name(d)).collect()
            } else {
                Vec::new()
            };
            let to = (ty == "ref").then(|| resources[d.pick(resources.len())].clone());
            let name = names.name(d);
            // A resource's `id` field cannot be a list (validate::contracts).
            let list = d.flag() && !name.eq_ignore_ascii_case("id");
            // An enum's example is one of its values (validate::contracts).
            let example = match values.first() {
                Some(v) => d.flag().then(|| v.clone()),
                None => d.maybe(),
            };
            // Item counts belong to lists, the fewest no more than the most.
            let min_items = (list && d.flag()).then(|| d.pick(3));
            let max_items = (list && d.flag()).then(|| min_items.unwrap_or(0) + d.pick(4));
            json!({"name": name, "type": ty, "values": values, "to": to, "list": list,
                   "optional": d.flag(), "description": d.text(), "example": example,
                   "min_items": min_items, "max_items": max_items})
        })
        .collect()
}

/// Some of `fields` as filters: exact by name, or a range (`{field, range: true}`) on a date,
/// datetime, integer or number that is not an `owner`, unless its `_from` or `_to` parameter
/// would repeat another filter's (which the loader refuses).
fn filters(d: &mut Draw, fields: &[Value], owner: &Value) -> Vec<Value> {
    let owners: Vec<&Value> = match owner {
        Value::Array(all) => all.iter().collect(),
        one => vec![one],
    };
    let mut params: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for f in fields {
        let ty = f["type"].as_str().unwrap_or_default();
        if f["list"] == true || matches!(ty, "json" | "money") || !d.flag() {
            continue;
        }
        let name = f["name"].as_str().unwrap_or_default();
        let snake = archgen::text::names::snake(name, "field");
        let bounds = [format!("{snake}_from"), format!("{snake}_to")];
        let orderable = matches!(ty, "date" | "datetime" | "integer" | "number");
        if orderable && !owners.contains(&&f["name"]) && d.flag() {
            if bounds.iter().all(|b| !params.contains(b)) {
                params.extend(bounds);
                out.push(json!({"field": name, "range": true}));
            }
        } else if !params.contains(&snake) {
            params.push(snake);
            out.push(f["name"].clone());
        }
    }
    out
}

fn link(
    d: &mut Draw,
    nodes: &[String],
    clients: &[String],
    events: &[String],
    brokers: &[String],
) -> Option<Value> {
    let from = nodes[d.pick(nodes.len())].clone();
    let to = nodes[d.pick(nodes.len())].clone();
    let asynchronous = d.flag();
    if from == to || brokers.contains(&from) || (clients.contains(&to) && !asynchronous) {
        return None;
    }
    let broker =
        (asynchronous && !brokers.is_empty()).then(|| brokers[d.pick(brokers.len())].clone());
    Some(json!({
        "from": from, "to": to, "style": if asynchronous { "async" } else { "sync" },
        "protocol": d.maybe(), "purpose": d.text(),
        "events": if asynchronous { d.some_of(events) } else { Vec::new() }, "broker": broker,
        "resilience": d.flag().then(|| json!({"timeout_ms": 800, "fallback": d.text()})),
        "delivery": (asynchronous && d.flag())
            .then(|| json!({"max_attempts": 3, "redrive": d.text(), "pages": d.flag()})),
    }))
}

fn requirements(d: &mut Draw) -> Value {
    json!({
        "domain": d.words(),
        "use_cases": (0..d.pick(3)).map(|_| json!({"name": d.words(), "actor": d.text(), "description": d.text()})).collect::<Vec<_>>(),
        "scale": {"peak_rps": 500, "users": 10000, "data_growth": d.text()},
        "latency": {"p50_ms": 50, "p99_ms": 250},
        "availability": 99.9,
        "consistency": d.one(&["strong", "eventual", "mixed"]),
        "consistency_notes": d.text(),
        "tenancy": d.flag().then_some("pooled"),
        "compliance": d.texts(2),
        "constraints": d.texts(3),
    })
}

fn observability(d: &mut Draw, alerts: &[String]) -> Value {
    let alerts: Vec<Value> = (alerts.iter())
        .map(|a| json!({"name": a, "condition": d.words(), "after_minutes": d.pick(30) + 1}))
        .collect();
    json!({
        "logging": {"backend": d.maybe(), "correlation_header": d.technical(), "retention_days": 30},
        "metrics": {"backend": d.maybe(), "dashboards": d.maybe(), "business": d.texts(2)},
        "tracing": {"backend": d.maybe(), "sample_rate": 0.1},
        "alerting": {"tool": d.maybe(), "on_call": d.text(), "rules": d.texts(2), "alerts": alerts},
    })
}

fn security(d: &mut Draw, clients: &[String], services: &[String]) -> Value {
    let methods = ["oidc", "oauth2", "jwt", "api-keys", "mtls", "session"];
    let authentication: Vec<Value> = (0..d.pick(3))
        .map(|_| {
            let scopes: Vec<Value> = (0..d.pick(3)).map(|_| json!({"name": d.technical_words(), "description": d.text()})).collect();
            json!({"method": methods[d.pick(methods.len())], "provider": d.maybe(), "issuer": d.technical(),
                   "clients": d.some_of(clients), "token_ttl_minutes": 15, "scopes": scopes,
                   "token_url": d.flag().then(|| d.technical())})
        })
        .collect();
    let mut roles = Names::default();
    let authorization = match d.pick(3) {
        0 => json!({"model": "rbac", "engine": d.maybe(),
                    "roles": (0..1 + d.pick(3)).map(|_| json!({"name": roles.name(d), "description": d.text(), "permissions": permissions(d),
                        "clients": d.some_of(clients), "second_factor": d.flag()})).collect::<Vec<_>>()}),
        1 => json!({"model": "abac", "policies": [{"name": d.words(), "rule": d.words()}]}),
        _ => json!({}),
    };
    json!({
        "authentication": authentication,
        "authorization": authorization,
        "rate_limits": (0..d.pick(2)).map(|_| json!({"requests": 100, "burst": 20,
            "enforced_by": services[d.pick(services.len())].clone()})).collect::<Vec<_>>(),
        "secrets": d.maybe(),
        "cors": {"allowed_origins": d.texts(2), "allow_credentials": d.flag()},
        "audit": if d.flag() {
            json!({"records": d.texts(3), "store": d.maybe(), "retention_days": d.flag().then_some(2190)})
        } else {
            Value::Null
        },
    })
}

/// Permissions, sometimes none at all.
fn permissions(d: &mut Draw) -> Vec<String> {
    d.texts(2)
}

/// A cache key: a technical text, or one with a hostile `{part}` and the day, whose part
/// its entries may overlap across (`overlaps`).
fn cache_key(d: &mut Draw) -> (Option<String>, Vec<String>) {
    if !d.flag() {
        return (d.technical(), Vec::new());
    }
    let part: String = (d.words().chars())
        .filter(|c| !c.is_control() && !matches!(c, '{' | '}'))
        .collect();
    let part = part.trim().to_owned();
    let part = if part.is_empty() {
        "p".to_owned()
    } else {
        part
    };
    let overlaps = if d.flag() {
        vec![part.clone()]
    } else {
        Vec::new()
    };
    (Some(format!("k:{{{part}}}:{{day}}")), overlaps)
}

fn performance(d: &mut Draw, services: &[String], events: &[String]) -> Value {
    let mut caches = Names::default();
    let mut jobs = Names::default();
    json!({
        "caches": (0..d.pick(3)).map(|_| {
            let (key, overlaps) = cache_key(d);
            json!({
            "name": caches.name(d), "service": services[d.pick(services.len())].clone(),
            "technology": d.text(), "holds": d.words(), "key": key, "ttl_seconds": 60,
            "invalidation": d.one(&["ttl", "event", "tags", "on-write"]),
            "invalidated_by": d.some_of(events), "overlaps": overlaps})
        }).collect::<Vec<_>>(),
        "jobs": (0..d.pick(3)).map(|_| {
            let items_from = d.some_of(events).first().cloned();
            // A run's size means something only for a job taking items.
            let items_per_run = items_from.as_ref().map(|_| d.pick(3) * 700);
            json!({
                "name": jobs.name(d), "service": services[d.pick(services.len())].clone(),
                "kind": d.one(&["queue", "scheduled", "batch", "stream"]),
                "schedule": d.technical(), "technology": d.maybe(), "description": d.text(),
                "items_from": items_from, "items_per_run": items_per_run})
        }).collect::<Vec<_>>(),
        "scaling": {"autoscale_on": "cpu", "min_replicas": 2, "max_replicas": 10},
    })
}

fn decision(d: &mut Draw, alerts: &[String]) -> Value {
    let options: Vec<Value> = (0..d.pick(3))
        .map(|_| json!({"name": d.words(), "description": d.text(), "pros": d.texts(2), "cons": d.texts(2)}))
        .collect();
    let status = d.one(&["proposed", "accepted", "rejected", "deprecated"]);
    // A proposal may still be open, with no outcome.
    let outcome = match options.first() {
        _ if status == "proposed" && d.flag() => Value::Null,
        Some(o) => o["name"].clone(),
        None => json!(d.words()),
    };
    json!({
        "title": d.words(), "status": status,
        "deciders": d.texts(2), "context": d.words(), "drivers": d.texts(2), "options": options,
        "outcome": outcome, "because": d.text(), "consequences": {"good": d.texts(2), "bad": d.texts(2)},
        "confirmation": d.text(), "watched_by": d.some_of(alerts),
    })
}

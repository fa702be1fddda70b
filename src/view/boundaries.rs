//! Why each business service and worker stands apart, from the model's own facts: the
//! lifecycles it alone moves, the providers it alone calls, the regimes its store keeps in or
//! out, the load it scales by, its objective and team; and what couples it to the others.

use super::View;
use serde::Serialize;

/// One service or worker, with the facts that set it apart and those that tie it to others.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Apart {
    /// The service.
    pub service: String,
    /// The lifecycle fields it moves, e.g. `Order.status`, with their number of states.
    pub decides: Vec<(String, usize)>,
    /// Its API's resources, and its stores.
    pub resources: Vec<String>,
    pub stores: Vec<String>,
    /// External systems only it calls or hears from.
    pub alone_with: Vec<String>,
    /// Regimes that reach its stores and not some others' (`in`), or others' and not its own
    /// (`out`).
    pub regimes: Vec<(String, &'static str)>,
    /// Requests a second at peak, events handled a second, and its replicas.
    pub rate_rps: f64,
    pub events_per_s: f64,
    pub replicas: u32,
    /// Its own availability objective where it differs from the highest of the others'.
    pub availability: Option<(f64, f64)>,
    /// Its team, and the other services and workers that team owns.
    pub team: String,
    pub team_mates: Vec<String>,
    /// Services and workers it calls synchronously, and those that call it.
    pub waits_on: Vec<String>,
    pub waited_on_by: Vec<String>,
    /// Services and workers that consume what it publishes, and those it consumes from.
    pub feeds: Vec<String>,
    pub hears: Vec<String>,
}

/// What separates `view`'s business services and workers, in model order, and the pairs of
/// them that call each other synchronously both ways.
pub(super) fn derive(view: &View) -> (Vec<Apart>, Vec<(String, String)>) {
    let inner: Vec<&super::ServiceView> = (view.services.iter())
        .filter(|s| matches!(s.node.kind.as_str(), "service" | "worker"))
        .collect();
    let names: Vec<&str> = inner.iter().map(|s| s.node.name.as_str()).collect();
    let top = |me: &str| {
        (inner.iter())
            .filter(|s| s.node.name != me)
            .map(|s| s.slo.availability)
            .fold(f64::NAN, f64::max)
    };
    let rows: Vec<Apart> = (inner.iter())
        .map(|s| {
            let name = s.node.name.as_str();
            let load = view.capacity.nodes.iter().find(|n| n.name == name);
            let others = top(name);
            let among = |v: &[String]| -> Vec<String> {
                v.iter()
                    .filter(|n| names.contains(&n.as_str()))
                    .cloned()
                    .collect()
            };
            Apart {
                service: name.to_owned(),
                decides: decides(view, name),
                resources: (s.api.resources.iter()).map(|r| r.name.clone()).collect(),
                stores: s.data.iter().map(|d| d.name.clone()).collect(),
                alone_with: alone_with(view, name),
                regimes: regimes(view, s),
                rate_rps: load.map_or(0.0, |l| l.rate_rps),
                events_per_s: load.map_or(0.0, |l| l.events_per_s),
                replicas: load.map_or(0, |l| l.replicas),
                // Only an objective the model sets for it sets it apart.
                availability: (s.slo.availability_own
                    && !others.is_nan()
                    && s.slo.availability != others)
                    .then_some((s.slo.availability, others)),
                team: s.team.clone(),
                team_mates: (inner.iter())
                    .filter(|o| o.node.name != name && !s.team.is_empty() && o.team == s.team)
                    .map(|o| o.node.name.clone())
                    .collect(),
                waits_on: among(&s.calls),
                waited_on_by: among(&s.called_by),
                feeds: feeds(view, s, &names),
                hears: hears(view, s, &names),
            }
        })
        .collect();
    let mut cycles = Vec::new();
    for a in &rows {
        for b in a.waits_on.iter().filter(|b| a.service < **b) {
            if a.waited_on_by.contains(b) {
                cycles.push((a.service.clone(), b.clone()));
            }
        }
    }
    (rows, cycles)
}

/// The lifecycle fields service `name` moves, each with its number of states.
fn decides(view: &View, name: &str) -> Vec<(String, usize)> {
    let mut out: Vec<(String, usize)> = Vec::new();
    for x in view.lifecycle.iter().filter(|x| x.service == name) {
        let key = format!("{}.{}", x.resource, x.field);
        match out.iter_mut().find(|(k, _)| *k == key) {
            Some((_, n)) => *n += 1,
            None => out.push((key, 1)),
        }
    }
    out
}

/// The external systems that only service `name` calls or is called back by.
fn alone_with(view: &View, name: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for e in &view.externals {
        let peers: Vec<&str> = (view.links.iter())
            .filter_map(|l| {
                if l.to.name == e.name {
                    Some(l.from.name.as_str())
                } else if l.from.name == e.name {
                    Some(l.to.name.as_str())
                } else {
                    None
                }
            })
            .filter(|p| {
                view.services
                    .iter()
                    .any(|s| s.node.name == *p && s.node.kind != "gateway")
            })
            .collect();
        if !peers.is_empty() && peers.iter().all(|p| *p == name) {
            out.push(e.name.clone());
        }
    }
    out
}

/// The regimes that tell service `s`'s stores apart from the others': those that reach its
/// stores alone (`in`), and those that reach every other store but its (`out`).
fn regimes(view: &View, s: &super::ServiceView) -> Vec<(String, &'static str)> {
    let own: Vec<&str> = s.data.iter().map(|d| d.name.as_str()).collect();
    if own.is_empty() {
        return Vec::new();
    }
    (view.compliance.iter())
        .filter(|c| c.reach != "all" && !c.stores.is_empty() && !c.outside.is_empty())
        .filter_map(|c| {
            let mine = |x: &String| own.contains(&x.as_str());
            if c.stores.iter().all(mine) {
                Some((c.regime.clone(), "in"))
            } else if c.outside.iter().all(mine) {
                Some((c.regime.clone(), "out"))
            } else {
                None
            }
        })
        .collect()
}

/// The services and workers among `names` that consume what `s` publishes, in model order.
fn feeds(view: &View, s: &super::ServiceView, names: &[&str]) -> Vec<String> {
    let mine = view.events.iter().filter(|e| e.publisher == s.node.name);
    others(mine.flat_map(|e| &e.consumers), &s.node.name, names)
}

/// The services and workers among `names` whose events `s` consumes, in model order.
fn hears(view: &View, s: &super::ServiceView, names: &[&str]) -> Vec<String> {
    let heard = view.events.iter().filter(|e| s.consumes.contains(&e.name));
    others(heard.map(|e| &e.publisher), &s.node.name, names)
}

/// Each of `peers` among `names` but `me`, once, in the order met.
fn others<'a>(peers: impl Iterator<Item = &'a String>, me: &str, names: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for p in peers.filter(|p| names.contains(&p.as_str()) && *p != me) {
        if !out.contains(p) {
            out.push(p.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn built(path: &str) -> (Vec<Apart>, Vec<(String, String)>) {
        let yaml = std::fs::read_to_string(path).unwrap();
        derive(&crate::view::built(&yaml))
    }

    #[test]
    fn each_service_is_apart_by_what_it_alone_decides_calls_and_keeps() {
        let (rows, cycles) = built("examples/order-management/archgen.yaml");
        let names: Vec<&str> = rows.iter().map(|r| r.service.as_str()).collect();
        // The gateway is an edge, not a business boundary.
        assert_eq!(names, ["orders", "payments", "inventory", "notifications"]);
        let orders = &rows[0];
        assert_eq!(orders.decides, [("Order.status".to_owned(), 6)]);
        // inventory's sync-on-hand job calls the warehouse too.
        assert!(orders.alone_with.is_empty());
        assert_eq!(orders.waits_on, ["inventory"]);
        assert_eq!(orders.team_mates, ["notifications"]);
        let payments = &rows[1];
        assert_eq!(payments.alone_with, ["Stripe"]);
        // stock keeps no personal data: GDPR stays out of inventory's store.
        assert_eq!(rows[2].regimes, [("GDPR".to_owned(), "out")]);
        assert_eq!(rows[2].waited_on_by, ["orders"]);
        assert!(rows[1].feeds.contains(&"orders".to_owned()));
        assert_eq!(rows[3].hears, ["orders", "payments"]);
        // GDPR reaches three stores of four: being inside it sets none apart.
        assert!(orders.regimes.is_empty());
        assert!(cycles.is_empty());
        assert!(orders.rate_rps > 1000.0 && orders.replicas > 0);
    }

    #[test]
    fn two_services_that_call_each_other_are_a_cycle_and_share_their_team() {
        let yaml = "version: 1\nname: t\nrequirements: {domain: d}\nservices:\n  - {name: a, responsibility: r, team: one}\n  - {name: b, responsibility: r, team: one}\ncommunication:\n  links:\n    - {from: a, to: b}\n    - {from: b, to: a}\n";
        let (rows, cycles) = derive(&crate::view::built(yaml));
        assert_eq!(cycles, [("a".to_owned(), "b".to_owned())]);
        assert_eq!(
            (rows[0].waits_on.clone(), rows[0].waited_on_by.clone()),
            (vec!["b".to_owned()], vec!["b".to_owned()])
        );
        assert_eq!(rows[0].team_mates, ["b"]);
        // Nothing sets either apart: no lifecycle, provider, regime or objective of its own.
        assert!(rows[0].alone_with.is_empty() && rows[0].regimes.is_empty());
        assert_eq!(rows[0].availability, None);
    }

    #[test]
    fn only_an_objective_of_its_own_sets_a_service_apart() {
        let yaml = "version: 1\nname: t\nrequirements: {domain: d, availability: 99.9}\nservices:\n  - {name: a, responsibility: r, slo: {availability: 99.99}}\n  - {name: b, responsibility: r, slo: {freshness_seconds: 10}}\n";
        let (rows, _) = derive(&crate::view::built(yaml));
        assert_eq!(rows[0].availability, Some((99.99, 99.9)));
        // b inherits the system's 99.9%, which differs from a's but is not its own.
        assert_eq!(rows[1].availability, None);
    }
}

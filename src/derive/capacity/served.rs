//! The reads a cache serves: the flow steps calling its service with a read of the resource
//! it holds (a list when an entry holds several items, `GET /v1/orders`; a get by id when it
//! holds one, `GET /v1/orders/{orderId}`), each at the rate its flows' runs give it.

use crate::model::{Cache, Resource};
use crate::text::english::plural;
use crate::text::names;
use std::collections::BTreeMap;

/// The reads through a cache: their rate and the actions the flows name them by.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Served {
    /// Reads a second at peak.
    pub rate: f64,
    /// The step actions counted, e.g. `GET /v1/orders`, in order.
    pub actions: Vec<String>,
}

/// The reads `cache` serves among `steps` (rate by callee and action), or none when it names
/// no resource of its service or no flow step reads it that way.
pub(super) fn served(
    resources: &[Resource],
    cache: &Cache,
    steps: &BTreeMap<(String, String), f64>,
) -> Option<Served> {
    let name = cache.resource.as_deref()?;
    let r = resources.iter().find(|r| r.name == name)?;
    let mut out = Served {
        rate: 0.0,
        actions: Vec::new(),
    };
    for ((to, action), rate) in steps {
        if to == &cache.service && fills(r, cache, action) {
            out.rate += rate;
            out.actions.push(action.clone());
        }
    }
    (!out.actions.is_empty()).then_some(out)
}

/// Whether `action` reads what `cache` holds of `r`: a list for a cache of pages, one item
/// by id for a cache of items, or a list that looks items up by several keys at once, which
/// fills one entry for each.
pub(super) fn fills(r: &Resource, cache: &Cache, action: &str) -> bool {
    let list = cache.items.unwrap_or(1) > 1;
    let batch = !list && r.filters.iter().any(|f| f.any());
    reads(r, list, action) || batch && reads(r, true, action)
}

/// Whether `action` lists `r` (`list`) or gets one of it by id: `GET …/orders` or
/// `GET …/orders/{orderId}`, `ListOrders` or `GetOrder`, `query orders` or `query order`.
pub(super) fn reads(r: &Resource, list: bool, action: &str) -> bool {
    let many = r.plural.clone().unwrap_or_else(|| plural(&r.name));
    let mut words = action.split_whitespace();
    let (first, second) = (words.next().unwrap_or(""), words.next());
    if let Some(path) = second.filter(|p| p.starts_with('/')) {
        let path = path.split(['?', '#']).next().unwrap_or(path);
        let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        let param = |s: &str| s.starts_with('{') || s.starts_with(':');
        let coll = names::slug(&many, "items");
        let at = match (list, segs.as_slice()) {
            (true, [.., last]) if !param(last) => *last,
            (false, [.., c, last]) if param(last) => *c,
            _ => return false,
        };
        return first.eq_ignore_ascii_case("GET") && at.eq_ignore_ascii_case(&coll);
    }
    if first == "query" {
        let field = second.unwrap_or("");
        let field = &field[..field.find(['(', '{', ':']).unwrap_or(field.len())];
        let want = if list { &many } else { &r.name };
        return field == names::camel(want, "items");
    }
    let method = first.rsplit(['/', '.']).next().unwrap_or(first);
    let want = if list {
        format!("List{}", names::pascal(&many, "Items"))
    } else {
        format!("Get{}", names::pascal(&r.name, "Item"))
    };
    second.is_none() && method == want
}

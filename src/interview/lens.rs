//! A place in the model a question reads and writes, written once as a field path with
//! [`lens!`](crate::lens): `lens!(|m, at| m.services[at[0]].api.version)` generates both the
//! getter and the setter, so a question never spells its accessors twice.

use super::ask::At;
use crate::model::Model;
use std::rc::Rc;

/// Reads a value at a place in the model (`at` holds the indexes of the enclosing items).
pub type Get<T> = Rc<dyn Fn(&Model, &At) -> T>;
/// Writes a value at a place in the model.
pub type Set<T> = Rc<dyn Fn(&mut Model, &At, T)>;

/// A getter and a setter for one place in the model.
pub struct Lens<T> {
    /// Reads the value.
    pub get: Get<T>,
    /// Writes the value.
    pub set: Set<T>,
}

impl<T> Clone for Lens<T> {
    fn clone(&self) -> Self {
        Lens {
            get: Rc::clone(&self.get),
            set: Rc::clone(&self.set),
        }
    }
}

impl<T: 'static> Lens<T> {
    /// A lens from a getter and a setter written by hand (for places a path cannot name).
    pub fn new(
        get: impl Fn(&Model, &At) -> T + 'static,
        set: impl Fn(&mut Model, &At, T) + 'static,
    ) -> Lens<T> {
        Lens {
            get: Rc::new(get),
            set: Rc::new(set),
        }
    }

    /// The value as an `Option` that is always set (a required enum read by a choice).
    pub fn some(self) -> Lens<Option<T>> {
        let (get, set) = (self.get, self.set);
        Lens::new(
            move |m, at| Some(get(m, at)),
            move |m, at, v| {
                if let Some(v) = v {
                    set(m, at, v)
                }
            },
        )
    }
}

impl<T: Clone + PartialEq + 'static> Lens<Option<T>> {
    /// An optional value read as `fallback` when absent and stored as absent when it equals
    /// `fallback`: the model keeps only what was decided.
    pub fn unless(self, fallback: T) -> Lens<T> {
        let (get, set) = (self.get, self.set);
        let keep = fallback.clone();
        Lens::new(
            move |m, at| get(m, at).unwrap_or_else(|| fallback.clone()),
            move |m, at, v| set(m, at, (v != keep).then_some(v)),
        )
    }
}

impl Lens<Option<String>> {
    /// An optional name shown as `label` (e.g. `(none)`) when absent, for a pick list.
    pub fn none_as(self, label: &'static str) -> Lens<String> {
        let (get, set) = (self.get, self.set);
        Lens::new(
            move |m, at| get(m, at).unwrap_or_else(|| label.to_owned()),
            move |m, at, v| set(m, at, (v != label).then_some(v)),
        )
    }
}

/// Generates a [`Lens`] from a field path: the path is both read (cloned) and assigned.
///
/// ```ignore
/// lens!(|m, at| m.services[at[0]].api.version)
/// ```
#[macro_export]
macro_rules! lens {
    (|$m:ident, $at:tt| $($place:tt)+) => {
        $crate::interview::lens::Lens::new(
            move |$m: &$crate::model::Model, $at: &$crate::interview::ask::At| {
                ($($place)+).clone()
            },
            move |$m: &mut $crate::model::Model, $at: &$crate::interview::ask::At, value| {
                $($place)+ = value;
            },
        )
    };
}

/// A list of interview nodes from questions, groups and per-item blocks.
#[macro_export]
macro_rules! nodes {
    ($($node:expr),* $(,)?) => {
        vec![$($crate::interview::flow::Node::from($node)),*]
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_reads_and_writes_the_same_place() {
        let mut m = crate::interview::blank(None);
        let name: Lens<String> = crate::lens!(|m, _| m.name);
        (name.set)(&mut m, &Vec::new(), "Shop".into());
        assert_eq!((name.get)(&m, &Vec::new()), "Shop");
    }

    #[test]
    fn unless_keeps_only_what_differs_from_the_fallback() {
        let mut m = crate::interview::blank(None);
        let shed = crate::lens!(|m, _| m.resilience.load_shedding).unless(true);
        (shed.set)(&mut m, &Vec::new(), true);
        assert_eq!(m.resilience.load_shedding, None);
        (shed.set)(&mut m, &Vec::new(), false);
        assert_eq!(m.resilience.load_shedding, Some(false));
        assert!(!(shed.get)(&m, &Vec::new()));
    }
}

//! Repeating groups as declarations: the list in the model (a [`Lens`]), how an item is named
//! and started, and the questions about one item. Builds the flow's [`Group`] and [`Each`].

use super::ask::{Ask, At, Question};
use super::flow::{Each, Group, Node};
use super::lens::Lens;
use crate::model::Model;
use std::rc::Rc;

type Make<T> = Rc<dyn Fn(&Model, &At) -> T>;

/// A repeating group being declared: `group("clients", "client", lens!(|m, _| m.clients))`.
pub struct List<T> {
    id: &'static str,
    noun: &'static str,
    items: Lens<Vec<T>>,
    label: Rc<dyn Fn(&T) -> String>,
    new_item: Make<T>,
    help: &'static str,
    quick: bool,
    when: Make<bool>,
    nodes: Vec<Node>,
}

/// A group of items of the list at `items`; `noun` names one item in menus.
pub fn group<T: Clone + 'static>(
    id: &'static str,
    noun: &'static str,
    items: Lens<Vec<T>>,
) -> List<T> {
    List {
        id,
        noun,
        items,
        label: Rc::new(|_| String::new()),
        new_item: Rc::new(move |_, _| panic!("group `{id}` has no `.new_item(..)`")),
        help: "",
        quick: false,
        when: Rc::new(|_, _| true),
        nodes: Vec::new(),
    }
}

impl<T: Clone + 'static> List<T> {
    /// One sentence on what the items are for.
    pub fn help(mut self, help: &'static str) -> Self {
        self.help = help;
        self
    }

    /// How an item is named in menus.
    pub fn label(mut self, f: impl Fn(&T) -> String + 'static) -> Self {
        self.label = Rc::new(f);
        self
    }

    /// The item appended by "Add" (`at` holds the enclosing items' indexes).
    pub fn new_item(mut self, f: impl Fn(&Model, &At) -> T + 'static) -> Self {
        self.new_item = Rc::new(f);
        self
    }

    /// Asked on the quick path too.
    pub fn quick(mut self) -> Self {
        self.quick = true;
        self
    }

    /// Applies only when `cond` holds.
    pub fn when(mut self, cond: impl Fn(&Model, &At) -> bool + 'static) -> Self {
        let prev = self.when;
        self.when = Rc::new(move |m, at| prev(m, at) && cond(m, at));
        self
    }

    /// The questions about one item (`at` ends with its index).
    pub fn ask(mut self, nodes: Vec<Node>) -> Self {
        self.nodes = nodes;
        self
    }
}

impl<T: Clone + 'static> From<List<T>> for Node {
    fn from(l: List<T>) -> Node {
        let (get, set) = (l.items.get.clone(), l.items.set.clone());
        let (get2, set2, label, new_item, when) =
            (get.clone(), set.clone(), l.label, l.new_item, l.when);
        Node::Group(Group {
            id: l.id,
            noun: l.noun,
            help: l.help,
            quick: l.quick,
            max: 50,
            labels: Box::new(move |m, at| get(m, at).iter().map(|t| label(t)).collect()),
            add: Box::new(move |m, at| {
                let mut items = get2(m, at);
                items.push(new_item(m, at));
                set2(m, at, items);
            }),
            remove: Box::new(move |m, at, i| {
                let mut items = (l.items.get)(m, at);
                if i < items.len() {
                    items.remove(i);
                    set(m, at, items);
                }
            }),
            when: Box::new(move |m, at| when(m, at)),
            item: l.nodes,
        })
    }
}

/// The same questions for every existing item of a list (the API of each service).
pub fn each(
    id: &'static str,
    count: impl Fn(&Model, &At) -> usize + 'static,
    label: impl Fn(&Model, &At) -> Option<String> + 'static,
) -> Each {
    Each {
        id,
        item: Box::new(label),
        count: Box::new(count),
        nodes: Vec::new(),
        quick: false,
    }
}

impl Each {
    /// Asked on the quick path too.
    pub fn quick(mut self) -> Self {
        self.quick = true;
        self
    }

    /// The questions for one item.
    pub fn ask(mut self, nodes: Vec<Node>) -> Self {
        self.nodes = nodes;
        self
    }
}

impl From<Each> for Node {
    fn from(e: Each) -> Node {
        Node::Each(e)
    }
}

impl From<Question> for Node {
    fn from(q: Question) -> Node {
        Node::Ask(q)
    }
}

impl<T: Clone + Default + PartialEq + 'static> From<Ask<T>> for Node {
    fn from(a: Ask<T>) -> Node {
        Node::Ask(a.build())
    }
}

impl From<Group> for Node {
    fn from(g: Group) -> Node {
        Node::Group(g)
    }
}

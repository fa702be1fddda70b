//! The synchronous calls between components typed on one line (`web -> gateway, gateway ->
//! loans, loans -> payments`), so a system's call graph costs one answer; each call's style and
//! whether it runs in the background are derived, and the links menu shows the result.

use crate::interview::ask::At;
use crate::interview::values::TextValue;
use crate::model::{Link, LinkStyle, Model, ServiceKind};

/// Calls as `from -> to` pairs, separated by commas.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct CallLine(pub(crate) Vec<(String, String)>);

impl TextValue for CallLine {
    fn show(&self) -> String {
        self.0
            .iter()
            .map(|(from, to)| format!("{from} -> {to}"))
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn read(text: &str) -> Result<Self, String> {
        let mut calls = Vec::new();
        for item in text.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let (from, to) = item
                .split_once("->")
                .map(|(f, t)| (f.trim(), t.trim()))
                .filter(|(f, t)| !f.is_empty() && !t.is_empty() && !t.contains("->"))
                .ok_or_else(|| format!("`{item}`: write each call as `caller -> callee`"))?;
            let call = (from.to_owned(), to.to_owned());
            if calls.contains(&call) {
                return Err(format!("`{item}` is listed twice"));
            }
            calls.push(call);
        }
        Ok(CallLine(calls))
    }
}

/// Whether the line answers for `l`: a call, not an event link or a link to a broker.
fn is_call(m: &Model, l: &Link) -> bool {
    super::s04_communication::style(m, l) == LinkStyle::Sync
}

/// The model's calls as a line.
pub(crate) fn read(m: &Model, _: &At) -> CallLine {
    CallLine(
        m.communication
            .links
            .iter()
            .filter(|l| is_call(m, l))
            .map(|l| (l.from.clone(), l.to.clone()))
            .collect(),
    )
}

/// Sets the model's calls to the line's: a call already there keeps everything said about it,
/// a new one is a call whose background-ness follows its caller (a worker's calls are), and a
/// call left off the line is removed. Event links are left alone.
pub(crate) fn write(m: &mut Model, _: &At, line: CallLine) {
    let old = std::mem::take(&mut m.communication.links);
    let (calls, others): (Vec<Link>, Vec<Link>) = old.into_iter().partition(|l| is_call(m, l));
    let mut links = others;
    for (from, to) in line.0 {
        let kept = calls.iter().find(|l| l.from == from && l.to == to).cloned();
        let worker = m
            .services
            .iter()
            .any(|s| s.name == from && s.kind == ServiceKind::Worker);
        links.push(kept.unwrap_or_else(|| Link {
            from,
            to,
            background: worker,
            ..Link::default()
        }));
    }
    m.communication.links = links;
}

/// Every name is a component that can take its side of a call.
pub(crate) fn check(m: &Model, _: &At, line: &CallLine) -> Result<(), String> {
    let names = super::components(m);
    let known = |n: &str| names.iter().any(|(c, _)| c == n);
    for (from, to) in &line.0 {
        for name in [from, to] {
            if !known(name) {
                let hint =
                    crate::diagnostic::did_you_mean(name, names.iter().map(|(c, _)| c.as_str()))
                        .map(|n| format!("; did you mean `{n}`?"))
                        .unwrap_or_default();
                return Err(format!(
                    "`{name}` is not a client, service or external system{hint}"
                ));
            }
        }
        if from == to {
            return Err(format!("`{from} -> {to}` calls itself"));
        }
        if m.clients.iter().any(|c| &c.name == to) {
            return Err(format!("`{from} -> {to}`: a client is called by no one"));
        }
        if m.communication
            .brokers
            .iter()
            .any(|b| &b.name == from || &b.name == to)
        {
            return Err(format!(
                "`{from} -> {to}`: links to brokers come from the events; list only calls"
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_of_calls_reads_back_the_same() {
        let line = CallLine::read("web -> gateway,gateway->loans , loans -> payments").unwrap();
        assert_eq!(
            line.show(),
            "web -> gateway, gateway -> loans, loans -> payments"
        );
        assert_eq!(CallLine::read(&line.show()).unwrap(), line);
        assert!(
            CallLine::read("web gateway")
                .unwrap_err()
                .contains("caller -> callee")
        );
        assert!(
            CallLine::read("a -> b, a -> b")
                .unwrap_err()
                .contains("twice")
        );
        assert!(CallLine::read("a -> b -> c").is_err());
    }

    #[test]
    fn writing_keeps_known_calls_and_event_links_and_derives_background() {
        let mut m: Model = crate::load::parse(
            "version: 1\nname: L\nrequirements: {domain: d}\nclients: [{name: web, kind: web}]\n\
             services:\n  - {name: loans, responsibility: r}\n  - {name: notifier, kind: worker, \
             responsibility: r}\nexternals: [{name: email, description: e}]\n\
             communication:\n  links:\n    - {from: web, to: loans, purpose: Borrow books.}\n    \
             - {from: loans, to: notifier, style: async}\n",
            "archgen.yaml",
        )
        .unwrap();
        let line = CallLine::read("web -> loans, notifier -> email").unwrap();
        assert_eq!(check(&m, &Vec::new(), &line), Ok(()));
        write(&mut m, &Vec::new(), line);
        let links: Vec<(&str, &str, &str, bool)> = m
            .communication
            .links
            .iter()
            .map(|l| {
                (
                    l.from.as_str(),
                    l.to.as_str(),
                    l.purpose.as_str(),
                    l.background,
                )
            })
            .collect();
        assert_eq!(
            links,
            [
                ("loans", "notifier", "", false),
                ("web", "loans", "Borrow books.", false),
                ("notifier", "email", "", true),
            ]
        );
        let bad = |s: &str| check(&m, &Vec::new(), &CallLine::read(s).unwrap()).unwrap_err();
        assert!(bad("web -> lons").contains("did you mean `loans`"));
        assert!(bad("loans -> web").contains("a client is called by no one"));
        assert!(bad("loans -> loans").contains("calls itself"));
    }
}

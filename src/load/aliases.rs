//! A bound on what YAML aliases expand to. A few lines can name one anchor many times, and
//! reading the model copies the anchored value at each alias: a 1 MB string aliased 1,000
//! times is a gigabyte, and nested anchors grow exponentially. The parser's count of events
//! does not see that, so the expanded size is counted here, in bytes, from the events alone
//! (nothing is copied), and a model past the bound is refused at the alias that crosses it.
//! So is a model whose aliases the YAML reader would replay more often than it allows (100
//! times the document's events, counting aliases inside aliased values each time they are
//! replayed), which it would report with no position.

use crate::diagnostic::Finding;
use saphyr_parser::{Event, Parser};

/// The most that aliases may add to a model once expanded: far above what sharing a block
/// between services needs, far below what a machine runs out of.
pub const MAX_EXPANSION: usize = 16 * 1024 * 1024;

/// The alias whose expansion takes the model past [`MAX_EXPANSION`], if one does, as a
/// finding in `file`. A document that does not parse is left to the deserializer to report.
pub fn check(source: &str, file: &str) -> Option<Finding> {
    // An alias names an anchor, and both have a sigil of their own.
    if !source.contains('&') || !source.contains('*') {
        return None;
    }
    let (line, column, over) = over(source, MAX_EXPANSION)?;
    let finding = match over {
        Over::Bytes(added) => Finding::new(
            file,
            format!(
                "aliases expand the model past the {} MB archgen reads: up to here they copy {added} bytes",
                MAX_EXPANSION >> 20
            ),
        ),
        Over::Replays(limit) => Finding::new(
            file,
            format!(
                "aliases are replayed more than the {limit} times the YAML reader allows for a file of this size (100 for each of its nodes): this alias crosses it, counting the aliases inside the values it names"
            ),
        ),
    };
    Some(finding.at(line, column).help(
        "each alias copies its anchor's whole value, aliases inside it included: anchor a smaller value, or write out what is needed",
    ))
}

/// What the first alias past a bound crosses.
#[derive(Debug, PartialEq)]
enum Over {
    /// The bytes aliases add, so far.
    Bytes(usize),
    /// The reader's bound on alias replays.
    Replays(usize),
}

/// The line, column and bound of the first alias that takes the bytes aliases add past
/// `limit`, or the replays past the YAML reader's.
fn over(source: &str, limit: usize) -> Option<(usize, usize, Over)> {
    // As the reader counts them: every event but the stream's and documents' own.
    let events = Parser::new_from_str(source)
        .map_while(Result::ok)
        .filter(|(e, _)| {
            !matches!(
                e,
                Event::StreamStart
                    | Event::StreamEnd
                    | Event::DocumentStart(_)
                    | Event::DocumentEnd
            )
        })
        .count();
    let max_replays = events.saturating_mul(100);
    // The expanded size of the model so far, of each anchored node, and of the collections
    // still open (their anchor and the size where they started); likewise alias replays.
    let (mut size, mut added, mut replays) = (0usize, 0usize, 0usize);
    let mut anchors: Vec<(usize, usize)> = Vec::new();
    let mut open: Vec<(usize, usize, usize)> = Vec::new();
    for item in Parser::new_from_str(source) {
        let Ok((event, span)) = item else { break };
        match event {
            // Every node counts at least one byte, so that empty ones add up too.
            Event::Scalar(text, _, anchor, _) => {
                let bytes = text.len() + 1;
                size += bytes;
                set(&mut anchors, anchor, (bytes, 0));
            }
            Event::MappingStart(anchor, _) | Event::SequenceStart(anchor, _) => {
                size += 1;
                open.push((anchor, size - 1, replays));
            }
            Event::MappingEnd | Event::SequenceEnd => {
                if let Some((anchor, start, replays_then)) = open.pop() {
                    set(&mut anchors, anchor, (size - start, replays - replays_then));
                }
            }
            Event::Alias(anchor) => {
                let (bytes, inner) = anchors.get(anchor).copied().unwrap_or((0, 0));
                size = size.saturating_add(bytes);
                added = added.saturating_add(bytes);
                replays = replays.saturating_add(1).saturating_add(inner);
                let at = (span.start.line(), span.start.col() + 1);
                if added > limit {
                    return Some((at.0, at.1, Over::Bytes(added)));
                }
                if replays > max_replays {
                    return Some((at.0, at.1, Over::Replays(max_replays)));
                }
            }
            _ => {}
        }
    }
    None
}

/// Records the expanded size and alias replays of anchor `id` (0 is no anchor).
fn set(anchors: &mut Vec<(usize, usize)>, id: usize, expanded: (usize, usize)) {
    if id > 0 {
        if anchors.len() <= id {
            anchors.resize(id + 1, (0, 0));
        }
        anchors[id] = expanded;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shared_block_is_fine_and_a_repeated_big_one_is_not() {
        let shared = "defaults: &d {team: core, stack: rust}\na: *d\nb: *d\nc: *d\n";
        assert_eq!(over(shared, 1000), None);
        // Each alias adds the mapping: its two keys, two values and itself.
        assert_eq!(over(shared, 3 * 30), None);
        let big = format!("s: &s {}\nlist: [*s, *s, *s]\n", "x".repeat(100));
        assert_eq!(over(&big, 250), Some((2, 16, Over::Bytes(303))));
    }

    #[test]
    fn nested_anchors_count_what_they_expand_to() {
        // The billion laughs: each level doubles nine times, without copying anything here.
        let mut yaml = String::from("a0: &a0 [lol]\n");
        for i in 1..10 {
            let p = i - 1;
            yaml.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        let (line, _, Over::Bytes(added)) = over(&yaml, 1000).expect("refused") else {
            panic!("refused for its replays");
        };
        assert!(added > 1000);
        assert_eq!(line, 4);
        assert!(check(&yaml, "m.yaml").is_some());
        assert!(check("a: [*x]\n", "m.yaml").is_none());
    }

    #[test]
    fn aliases_replayed_past_the_readers_bound_are_found_where_the_reader_would_fail() {
        // Small values, so no byte bound: five levels of ten aliases each are 111,110 replays
        // against 100 times the document's 70 or so nodes; the fifth level crosses it.
        let mut yaml = String::from("l0: &l0 [1, 2]\n");
        for i in 1..6 {
            let p = i - 1;
            let refs = vec![format!("*l{p}"); 10].join(", ");
            yaml.push_str(&format!("l{i}: &l{i} [{refs}]\n"));
        }
        let (line, column, crossed) = over(&yaml, MAX_EXPANSION).expect("refused");
        assert!(matches!(crossed, Over::Replays(_)), "{crossed:?}");
        // The reader fails on the same text, with no position.
        let read: Result<serde_json::Value, _> = serde_yaml::from_str(&yaml);
        assert!(read.unwrap_err().to_string().contains("repetition limit"));
        assert_eq!((line, column), (5, 35));
        // Up to the level before, the text is within both bounds and reads.
        let smaller: String = yaml.lines().take(4).map(|l| format!("{l}\n")).collect();
        assert_eq!(over(&smaller, MAX_EXPANSION), None);
        assert!(serde_yaml::from_str::<serde_json::Value>(&smaller).is_ok());
    }
}

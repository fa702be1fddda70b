//! A bound on what YAML aliases expand to. A few lines can name one anchor many times, and
//! reading the model copies the anchored value at each alias: a 1 MB string aliased 1,000
//! times is a gigabyte, and nested anchors grow exponentially. The parser's count of events
//! does not see that, so the expanded size is counted here, in bytes, from the events alone
//! (nothing is copied), and a model past the bound is refused at the alias that crosses it.

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
    over(source, MAX_EXPANSION).map(|(line, column, added)| {
        Finding::new(
            file,
            format!(
                "aliases expand the model past the {} MB archgen reads: up to here they copy {added} bytes",
                MAX_EXPANSION >> 20
            ),
        )
        .at(line, column)
        .help("each alias copies its anchor's whole value: anchor a smaller value, or write a shorter text where it is needed")
    })
}

/// The line, column and expansion so far of the first alias that takes the bytes aliases add
/// past `limit`.
fn over(source: &str, limit: usize) -> Option<(usize, usize, usize)> {
    // The expanded size of the model so far, of each anchored node, and of the collections
    // still open (their anchor and the size where they started).
    let (mut size, mut added) = (0usize, 0usize);
    let mut anchors: Vec<usize> = Vec::new();
    let mut open: Vec<(usize, usize)> = Vec::new();
    for item in Parser::new_from_str(source) {
        let Ok((event, span)) = item else { break };
        match event {
            // Every node counts at least one byte, so that empty ones add up too.
            Event::Scalar(text, _, anchor, _) => {
                let bytes = text.len() + 1;
                size += bytes;
                set(&mut anchors, anchor, bytes);
            }
            Event::MappingStart(anchor, _) | Event::SequenceStart(anchor, _) => {
                size += 1;
                open.push((anchor, size - 1));
            }
            Event::MappingEnd | Event::SequenceEnd => {
                if let Some((anchor, start)) = open.pop() {
                    set(&mut anchors, anchor, size - start);
                }
            }
            Event::Alias(anchor) => {
                let bytes = anchors.get(anchor).copied().unwrap_or(0);
                size = size.saturating_add(bytes);
                added = added.saturating_add(bytes);
                if added > limit {
                    return Some((span.start.line(), span.start.col() + 1, added));
                }
            }
            _ => {}
        }
    }
    None
}

/// Records `bytes` as the expanded size of anchor `id` (0 is no anchor).
fn set(anchors: &mut Vec<usize>, id: usize, bytes: usize) {
    if id > 0 {
        if anchors.len() <= id {
            anchors.resize(id + 1, 0);
        }
        anchors[id] = bytes;
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
        assert_eq!(over(&big, 250), Some((2, 16, 303)));
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
        let (line, _, added) = over(&yaml, MAX_EXPANSION).expect("refused");
        assert!(added > MAX_EXPANSION);
        assert!((8..=10).contains(&line), "line {line}");
        assert!(check(&yaml, "m.yaml").is_some());
        assert!(check("a: [*x]\n", "m.yaml").is_none());
    }
}

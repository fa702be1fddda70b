//! Three-way merges of a document: what archgen generated last time (the base), the file as a
//! person left it, and what archgen generates now. Changes that do not overlap are both kept;
//! overlapping ones are written between conflict markers for the person to resolve.

use diffy::{ConflictStyle, IncompleteHunkStyle, MergeOptions};

/// The line that opens a conflict; the person's version follows it.
pub const OURS: &str = "<<<<<<< your edits";
/// The line between the two versions.
pub const SEPARATOR: &str = "=======";
/// The line that closes a conflict; archgen's version precedes it.
pub const THEIRS: &str = ">>>>>>> archgen";

/// The outcome of a merge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Merge {
    /// Both sets of changes applied.
    Clean(String),
    /// Some changes overlap: the text holds conflict markers, opening on these 1-based lines.
    Conflict(String, Vec<usize>),
}

/// Merges the model's changes (`base` to `generated`) into the person's (`base` to `edited`).
pub fn three_way(base: &str, edited: &str, generated: &str) -> Merge {
    let mut options = MergeOptions::new();
    options
        .set_conflict_style(ConflictStyle::Merge)
        .set_incomplete_hunk_style(IncompleteHunkStyle::Git);
    match options.merge(base, edited, generated) {
        Ok(text) => Merge::Clean(text),
        Err(text) => {
            // diffy names the sides `ours` and `theirs`; say whose they are.
            let text: String = text
                .split_inclusive('\n')
                .map(|line| match line.trim_end_matches('\n') {
                    "<<<<<<< ours" => format!("{OURS}\n"),
                    ">>>>>>> theirs" => format!("{THEIRS}\n"),
                    _ => line.to_owned(),
                })
                .collect();
            let lines = conflict_lines(&text);
            Merge::Conflict(text, lines)
        }
    }
}

/// A stand-in base when archgen has no record of what it generated: the lines `a` and `b`
/// share, in order. Merging from it keeps what either side alone added and marks a conflict
/// only where the two differ in the same place.
pub fn common_lines(a: &str, b: &str) -> String {
    let diff = similar::TextDiff::from_lines(a, b);
    diff.iter_all_changes()
        .filter(|c| c.tag() == similar::ChangeTag::Equal)
        .map(|c| c.value())
        .collect()
}

/// The 1-based lines where an unresolved conflict opens in `text`: a `<<<<<<< ` line followed
/// by `=======` and `>>>>>>> ` lines, as archgen and git write them.
pub fn conflict_lines(text: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut open: Option<(usize, bool)> = None;
    for (i, line) in text.lines().enumerate() {
        match open {
            None if line.starts_with("<<<<<<< ") || line == "<<<<<<<" => {
                open = Some((i + 1, false))
            }
            Some((at, false)) if line == SEPARATOR => open = Some((at, true)),
            Some((at, true)) if line.starts_with(">>>>>>> ") || line == ">>>>>>>" => {
                out.push(at);
                open = None;
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "# Security\n\nIntro.\n\n## Tokens\n\nJWT for 15 minutes.\n";

    #[test]
    fn keeps_both_sides_when_they_do_not_overlap() {
        let edited = BASE.replace("Intro.\n", "Intro.\n\nOur pen test is in March.\n");
        let generated = BASE.replace("15 minutes", "10 minutes");
        let Merge::Clean(text) = three_way(BASE, &edited, &generated) else {
            panic!("conflict")
        };
        assert!(
            text.contains("Our pen test is in March.") && text.contains("10 minutes"),
            "{text}"
        );
    }

    #[test]
    fn marks_overlapping_changes_with_whose_they_are() {
        let edited = BASE.replace("15 minutes", "5 minutes");
        let generated = BASE.replace("15 minutes", "10 minutes");
        let Merge::Conflict(text, lines) = three_way(BASE, &edited, &generated) else {
            panic!("clean")
        };
        assert_eq!(lines, [7]);
        assert!(text.contains("<<<<<<< your edits\nJWT for 5 minutes.\n=======\nJWT for 10 minutes.\n>>>>>>> archgen\n"), "{text}");
        assert_eq!(conflict_lines(&text), [7]);
    }

    #[test]
    fn without_a_base_only_differing_places_conflict() {
        let text = "# T\n\nOne.\n\nTwo.\n\nThree.\n\nFour.\n\nFive.\n";
        let edited = text
            .replace("Two.\n", "Two.\n\nOur note.\n")
            .replace("Four.", "Four (5 min).");
        let generated = format!("{text}\nSix.\n").replace("Four.", "Four (10 min).");
        let base = common_lines(&edited, &generated);
        let Merge::Conflict(text, lines) = three_way(&base, &edited, &generated) else {
            panic!("clean")
        };
        // What only one side added is kept; the line both have differently is the conflict.
        assert!(
            text.contains("\nOur note.\n") && text.ends_with("\nSix.\n"),
            "{text}"
        );
        assert_eq!(lines, [11]);
    }

    #[test]
    fn the_same_change_on_both_sides_is_no_conflict() {
        let both = BASE.replace("Intro.", "Introduction.");
        assert_eq!(three_way(BASE, &both, &both), Merge::Clean(both.clone()));
    }
}

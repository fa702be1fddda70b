//! English for generated prose and names: a noun's plural, a noun after its article, a
//! text's first sentence.

/// A naive English plural, for paths and collection names.
pub fn plural(word: &str) -> String {
    let lower = word.to_lowercase();
    if lower.ends_with('y')
        && !lower.ends_with("ay")
        && !lower.ends_with("ey")
        && !lower.ends_with("oy")
        && !lower.ends_with("uy")
    {
        format!("{}ies", &word[..word.len() - 1])
    } else if ["s", "x", "z", "ch", "sh"]
        .iter()
        .any(|e| lower.ends_with(e))
    {
        format!("{word}es")
    } else {
        format!("{word}s")
    }
}

/// Names as a list in a sentence: `a`, `a and b`, `a, b and c`.
pub fn and_list<S: AsRef<str>>(names: &[S]) -> String {
    joined(names, "and")
}

/// Names as alternatives in a sentence: `a`, `a or b`, `a, b or c`.
pub fn or_list<S: AsRef<str>>(names: &[S]) -> String {
    joined(names, "or")
}

fn joined<S: AsRef<str>>(names: &[S], word: &str) -> String {
    match names {
        [] => String::new(),
        [one] => one.as_ref().to_owned(),
        [rest @ .., last] => format!(
            "{} {word} {}",
            rest.iter()
                .map(AsRef::as_ref)
                .collect::<Vec<_>>()
                .join(", "),
            last.as_ref()
        ),
    }
}

/// `name` after its indefinite article: `an Order`, `a User`, `a Payment`.
pub fn with_article(name: &str) -> String {
    let word = name.split_whitespace().next().unwrap_or("");
    // An acronym is read letter by letter: "an EHR", "an SMS", "a URL".
    if word.len() > 1 && word.chars().all(|c| c.is_ascii_uppercase()) {
        let an = word.starts_with(['A', 'E', 'F', 'H', 'I', 'L', 'M', 'N', 'O', 'R', 'S', 'X']);
        return format!("{} {name}", if an { "an" } else { "a" });
    }
    let lower = name.trim_start().to_lowercase();
    let a_u = ["uni", "use", "usu", "uti", "ura", "uro", "eu", "one"];
    let an = (lower.starts_with(['a', 'e', 'i', 'o', 'u'])
        && !a_u.iter().any(|p| lower.starts_with(p)))
        || ["hour", "honest", "honor", "honour", "heir"]
            .iter()
            .any(|p| lower.starts_with(p));
    format!("{} {name}", if an { "an" } else { "a" })
}

/// The summary of action `action` (kebab or snake case) on `resource`: "Cancel an Order",
/// "Check in an Appointment", "Mark an Appointment no-show", "Link login to a Patient",
/// "Confirm cancellation of an Appointment".
pub fn action_phrase(action: &str, resource: &str) -> String {
    let words: Vec<&str> = action
        .split(['-', '_', ' '])
        .filter(|w| !w.is_empty())
        .collect();
    let Some((verb, rest)) = words.split_first() else {
        return with_article(resource);
    };
    let mut verb = verb.to_lowercase();
    if let Some(first) = verb.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    let object = with_article(resource);
    const PARTICLES: [&str; 8] = ["in", "out", "up", "off", "back", "over", "down", "on"];
    match rest {
        [] => format!("{verb} {object}"),
        [p] if PARTICLES.contains(p) => format!("{verb} {p} {object}"),
        // "mark-no-show": the rest says what the object becomes.
        _ if ["Mark", "Set", "Make", "Flag"].contains(&verb.as_str()) => {
            format!("{verb} {object} {}", rest.join("-"))
        }
        _ => {
            let by = match verb.as_str() {
                "Link" | "Attach" | "Add" | "Assign" | "Send" => "to",
                "Remove" | "Detach" | "Unlink" => "from",
                _ => "of",
            };
            format!("{verb} {} {by} {object}", rest.join(" "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_read_as_a_sentence() {
        assert_eq!(and_list::<&str>(&[]), "");
        assert_eq!(and_list(&["a"]), "a");
        assert_eq!(and_list(&["a", "b"]), "a and b");
        assert_eq!(and_list(&["a", "b", "c"]), "a, b and c");
    }

    #[test]
    fn articles() {
        assert_eq!(with_article("Order"), "an Order");
        assert_eq!(with_article("User"), "a User");
        assert_eq!(with_article("Payment"), "a Payment");
        assert_eq!(with_article("hour slot"), "an hour slot");
        assert_eq!(with_article("2fa code"), "a 2fa code");
        assert_eq!(with_article("EHR"), "an EHR");
        assert_eq!(with_article("SMS gateway"), "an SMS gateway");
        assert_eq!(with_article("URL"), "a URL");
        assert_eq!(with_article("PSP"), "a PSP");
    }

    #[test]
    fn actions_read_as_commands() {
        assert_eq!(action_phrase("cancel", "Order"), "Cancel an Order");
        assert_eq!(
            action_phrase("check-in", "Appointment"),
            "Check in an Appointment"
        );
        assert_eq!(
            action_phrase("mark-no-show", "Appointment"),
            "Mark an Appointment no-show"
        );
        assert_eq!(
            action_phrase("mark_all_read", "Inbox"),
            "Mark an Inbox all-read"
        );
        assert_eq!(
            action_phrase("link-login", "Patient"),
            "Link login to a Patient"
        );
        assert_eq!(
            action_phrase("confirm-cancellation", "Appointment"),
            "Confirm cancellation of an Appointment"
        );
    }

    #[test]
    fn plurals() {
        assert_eq!(plural("Category"), "Categories");
        assert_eq!(plural("day"), "days");
        assert_eq!(plural("box"), "boxes");
        assert_eq!(plural("Batch"), "Batches");
        assert_eq!(plural("Order"), "Orders");
    }
}

/// The first sentence of `text`, without its full stop: up to the first full stop and space
/// that no abbreviation (`e.g.`, `i.e.`) makes; the whole text where there is none.
pub fn first_sentence(text: &str) -> &str {
    let text = text.trim();
    let stop = (text.match_indices(". "))
        .map(|(i, _)| i)
        .find(|&i| !text[..i].ends_with("e.g") && !text[..i].ends_with("i.e"));
    text[..stop.unwrap_or(text.len())].trim_end_matches('.')
}

#[cfg(test)]
mod sentence_tests {
    #[test]
    fn a_first_sentence_ends_at_a_full_stop_no_abbreviation_makes() {
        use super::first_sentence;
        assert_eq!(
            first_sentence("Use a default, e.g. the city's. Then more."),
            "Use a default, e.g. the city's"
        );
        assert_eq!(first_sentence("One only."), "One only");
        assert_eq!(first_sentence(" No stop at all "), "No stop at all");
    }
}

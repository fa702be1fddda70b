//! English for generated prose and names: a noun's plural, a noun after its article.

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
    let lower = name.trim_start().to_lowercase();
    let a_u = ["uni", "use", "usu", "uti", "ura", "uro", "eu", "one"];
    let an = (lower.starts_with(['a', 'e', 'i', 'o', 'u'])
        && !a_u.iter().any(|p| lower.starts_with(p)))
        || ["hour", "honest", "honor", "honour", "heir"]
            .iter()
            .any(|p| lower.starts_with(p));
    format!("{} {name}", if an { "an" } else { "a" })
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

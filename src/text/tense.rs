//! Event names in the past tense: an event is a fact that happened (`OrderPlaced`), and a name
//! built on a present-tense verb (`PlaceOrder`, `OrderPlace`) reads as a command.

/// Verbs common in event names, with their past participle.
const VERBS: [(&str, &str); 36] = [
    ("accept", "Accepted"),
    ("add", "Added"),
    ("approve", "Approved"),
    ("assign", "Assigned"),
    ("authorize", "Authorized"),
    ("borrow", "Borrowed"),
    ("cancel", "Cancelled"),
    ("capture", "Captured"),
    ("change", "Changed"),
    ("complete", "Completed"),
    ("confirm", "Confirmed"),
    ("create", "Created"),
    ("decline", "Declined"),
    ("delete", "Deleted"),
    ("deliver", "Delivered"),
    ("expire", "Expired"),
    ("fail", "Failed"),
    ("finish", "Finished"),
    ("lend", "Lent"),
    ("notify", "Notified"),
    ("pay", "Paid"),
    ("place", "Placed"),
    ("process", "Processed"),
    ("publish", "Published"),
    ("receive", "Received"),
    ("refund", "Refunded"),
    ("register", "Registered"),
    ("reject", "Rejected"),
    ("remove", "Removed"),
    ("renew", "Renewed"),
    ("reserve", "Reserved"),
    ("schedule", "Scheduled"),
    ("send", "Sent"),
    ("ship", "Shipped"),
    ("submit", "Submitted"),
    ("update", "Updated"),
];

fn past(word: &str) -> Option<&'static str> {
    let lower = word.to_lowercase();
    VERBS.iter().find(|(v, _)| *v == lower).map(|(_, p)| *p)
}

/// The words of `OrderPlaced`, `order_placed` or `order-placed`, capitalized.
fn words(name: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for part in name.split(|c: char| !c.is_alphanumeric()) {
        let mut current = String::new();
        for c in part.chars() {
            if c.is_uppercase() && !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            current.push(c);
        }
        if !current.is_empty() {
            out.push(current);
        }
    }
    out.into_iter()
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect())
                .unwrap_or_default()
        })
        .collect()
}

/// `Err` with a past-tense suggestion when `name` is built on a present-tense verb, first
/// (`PlaceOrder`) or last (`OrderPlace`).
pub fn past_tense(name: &str) -> Result<(), String> {
    let w = words(name);
    let (Some(first), Some(last)) = (w.first(), w.last()) else {
        return Ok(());
    };
    let suggestion = if let Some(p) = past(last) {
        format!("{}{p}", w[..w.len() - 1].concat())
    } else if let (Some(p), true) = (past(first), w.len() > 1) {
        format!("{}{p}", w[1..].concat())
    } else {
        return Ok(());
    };
    Err(format!(
        "`{name}` reads as a command; name the fact in the past tense, e.g. `{suggestion}`"
    ))
}

#[cfg(test)]
mod tests {
    use super::past_tense;

    #[test]
    fn a_present_tense_verb_is_refused_with_the_past_tense() {
        assert!(past_tense("OrderPlaced").is_ok());
        assert!(past_tense("LoanOverdue").is_ok());
        assert!(past_tense("BookReturned").is_ok());
        let e = past_tense("PlaceOrder").unwrap_err();
        assert!(e.contains("`OrderPlaced`"), "{e}");
        let e = past_tense("OrderPlace").unwrap_err();
        assert!(e.contains("`OrderPlaced`"), "{e}");
        let e = past_tense("loan_lend").unwrap_err();
        assert!(e.contains("`LoanLent`"), "{e}");
    }
}

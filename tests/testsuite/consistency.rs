//! What one document derives, the others say the same way: read over every bundled example's
//! committed documents (which the examples test keeps equal to a fresh render).

use crate::support::{examples, read_tree};

/// Every example's documents, as `(example, path, text)`.
fn documents() -> Vec<(String, String, String)> {
    examples()
        .into_iter()
        .flat_map(|(name, model)| {
            let docs = model.parent().unwrap().join("docs");
            read_tree(&docs)
                .into_iter()
                .filter(|(p, _)| p.ends_with(".md"))
                .map(move |(p, t)| (name.clone(), p, t))
        })
        .collect()
}

#[test]
fn no_document_derives_timeouts_from_the_p99_budget() {
    let docs = documents();
    let mut said = 0;
    for (example, path, text) in &docs {
        for old in [
            "the timeout is derived from it",
            "has to hold every attempt and wait",
            "The budget every synchronous call chain, with its retries, must fit",
        ] {
            assert!(
                !text.contains(old),
                "{example}/{path} still says timeouts come from the p99 budget: {old:?}"
            );
        }
        if path.ends_with("trade-offs.md")
            && text.contains("### Retries against the latency budget")
        {
            assert!(
                text.contains("Each call's timeout comes from its callee's latency"),
                "{example}/{path} does not say what resilience.md derives"
            );
            said += 1;
        }
    }
    assert!(said >= 2, "the examples show the latency-budget trade-off");
}

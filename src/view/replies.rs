//! Where each response of a flow is drawn: a call stays open while its callee goes on calling
//! (or publishing), and its reply comes back before the next step made by someone else, before
//! the branch or block it was made in ends, or at the end of the flow: the order a sequence
//! diagram needs. A call made before a block is answered outside it, never inside one branch.

use super::flows::{AfterView, ReplyView, StepView};

/// An open synchronous call: the step's index and the number of blocks around it.
struct Open {
    step: usize,
    depth: usize,
}

/// Fills every step's `before` and `after` with the replies and block ends around it.
pub(super) fn place(steps: &mut [StepView]) {
    let mut stack: Vec<Open> = Vec::new();
    for i in 0..steps.len() {
        let depth = steps[i].within.len();
        let mut outer = depth - steps[i].opens.len();
        let mut before = Vec::new();
        // A later branch (`else`, `and`) starts: the calls of the branch before it are over,
        // and the step stands inside the block that goes on.
        if let Some(level) = steps[i]
            .opens
            .iter()
            .rposition(|o| o.keyword == "else" || o.keyword == "and")
        {
            before.extend(pop_while(&mut stack, steps, |o, _| o.depth > outer + level));
            outer += level + 1;
        }
        // Someone other than the last callee acts: the calls it was still making are over;
        // a call made outside the blocks this step is in stays open until they end.
        let from = steps[i].from.id.clone();
        before.extend(pop_while(&mut stack, steps, |o, all| {
            o.depth >= outer && all[o.step].to.id != from
        }));
        let mut after = Vec::new();
        if !steps[i].r#async {
            stack.push(Open { step: i, depth });
        }
        for c in 0..steps[i].closes {
            let level = depth - 1 - c;
            let replies = pop_while(&mut stack, steps, |o, _| o.depth > level);
            after.extend(replies.into_iter().map(AfterView::reply));
            after.push(AfterView {
                reply: None,
                end: true,
            });
        }
        if i + 1 == steps.len() {
            let replies = pop_while(&mut stack, steps, |_, _| true);
            after.extend(replies.into_iter().map(AfterView::reply));
        }
        steps[i].before = before;
        steps[i].after = after;
    }
}

/// Closes the open calls from the top of `stack` while `open` holds, returning the replies of
/// those that name a response.
fn pop_while(
    stack: &mut Vec<Open>,
    steps: &[StepView],
    open: impl Fn(&Open, &[StepView]) -> bool,
) -> Vec<ReplyView> {
    let mut out = Vec::new();
    while let Some(top) = stack.last() {
        if !open(top, steps) {
            break;
        }
        let s = &steps[top.step];
        if !s.returns.is_empty() {
            out.push(ReplyView {
                from: s.to.clone(),
                to: s.from.clone(),
                label: s.returns.clone(),
                number: s.number,
            });
        }
        stack.pop();
    }
    out
}

#[cfg(test)]
#[path = "replies_tests.rs"]
mod tests;

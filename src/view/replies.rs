//! Where each response of a flow is drawn: a call stays open while its callee goes on calling
//! (or publishing), and its reply comes back before the next step made by someone else, before
//! the branch or block it was made in ends, or at the end of the flow: the order a sequence
//! diagram needs. A call made before a block is answered outside it, never inside one branch.
//!
//! An outside system's asynchronous message (a webhook) is never part of a call made to it:
//! that call is answered before it.
//!
//! A step marked `after_reply` is work its actor does once it has answered: every call still
//! open in its block (the one that reached the actor, and the calls waiting on that one) is
//! answered before it. An event a service with a store publishes is such a step on its own
//! (see `flows`): it leaves the outbox once the transaction that answered has committed.
//!
//! A call made inside a branch whose callee makes the first step after the block (the gateway
//! a client called in either `alt` branch goes on to call the service behind it) is held: its
//! reply comes back once that callee is done, like any other, but drawn in a block of the same
//! kind with the same conditions holding only the branches that hold a reply (a second `alt`
//! .. `else` .. `end`, an `opt`, a `par` .. `and` .. `end`), nested as the branches were, since
//! only the branch that ran answers. A loop's calls are never held: a synchronous caller waits
//! for each answer before it calls again.

use super::flows::{AfterView, OpenView, ReplyView, StepView};

/// What the call stack holds.
enum Entry {
    /// A synchronous call waiting for its reply: the step's index and the number of blocks
    /// around it.
    Call { step: usize, depth: usize },
    /// The calls of a block's branches, held until their callee is done.
    Held(Held),
}

/// The calls a block's branches left open for the callee that goes on after the block.
struct Held {
    /// The index of the block's first step and the number of blocks around the block: which
    /// block it is.
    block: (usize, usize),
    /// The callee that goes on after the block.
    callee: String,
    /// Each branch that left calls open, with its calls in stack order.
    branches: Vec<(OpenView, Vec<Entry>)>,
}

impl Entry {
    fn depth(&self) -> usize {
        match self {
            Entry::Call { depth, .. } => *depth,
            Entry::Held(h) => h.block.1,
        }
    }

    fn callee<'a>(&'a self, steps: &'a [StepView]) -> &'a str {
        match self {
            Entry::Call { step, .. } => &steps[*step].to.id,
            Entry::Held(h) => &h.callee,
        }
    }
}

/// Fills every step's `before` and `after` with the replies and block ends around it.
pub(super) fn place(steps: &mut [StepView]) {
    let mut stack: Vec<Entry> = Vec::new();
    for i in 0..steps.len() {
        let depth = steps[i].within.len();
        let mut outer = depth - steps[i].opens.len();
        let mut before = Vec::new();
        // A later branch (`else`, `and`) starts: the calls of the branch before it are over,
        // or held, and the step stands inside the block that goes on.
        if let Some(level) = steps[i]
            .opens
            .iter()
            .rposition(|o| o.keyword == "else" || o.keyword == "and")
        {
            before.extend(end_branch(&mut stack, steps, i - 1, outer + level));
            outer += level + 1;
        }
        // Someone other than the last callee acts: the calls it was still making are over;
        // a call made outside the blocks this step is in stays open until they end.
        let from = steps[i].from.id.clone();
        before.extend(pop_while(&mut stack, steps, |o, all| {
            o.depth() >= outer && o.callee(all) != from
        }));
        // An outside system's own message (a webhook) comes in its own time, not inside a call
        // made to it: that call has been answered first.
        if steps[i].r#async && steps[i].from.kind == "external" {
            before.extend(pop_while(&mut stack, steps, |o, all| {
                o.depth() >= outer && o.callee(all) == from
            }));
        }
        // Work its actor does after answering: the calls waiting on it, and those waiting on
        // them, are answered first.
        if steps[i].after_reply {
            before.extend(pop_while(&mut stack, steps, |o, _| o.depth() >= outer));
        }
        let mut after = Vec::new();
        if !steps[i].r#async {
            stack.push(Entry::Call { step: i, depth });
        }
        for c in 0..steps[i].closes {
            let replies = end_branch(&mut stack, steps, i, depth - 1 - c);
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

/// The branch at `level` around step `last`, its last step, ends: its calls are answered from
/// the top of the stack until one whose callee makes the first step after the block; that
/// call and those below it are held with the branches of the same block held before.
fn end_branch(
    stack: &mut Vec<Entry>,
    steps: &[StepView],
    last: usize,
    level: usize,
) -> Vec<ReplyView> {
    let inside = stack
        .iter()
        .rposition(|e| e.depth() <= level)
        .map_or(0, |p| p + 1);
    let mut calls = stack.split_off(inside);
    let goes_on = after_block(steps, last, level).map(|j| steps[j].from.id.clone());
    let replies = pop_while(&mut calls, steps, |o, all| {
        goes_on.as_deref() != Some(o.callee(all))
    });
    let Some(callee) = goes_on.filter(|_| !calls.is_empty()) else {
        return replies;
    };
    let block = (block_start(steps, last, level), level);
    let branch = (steps[last].within[level].clone(), calls);
    match stack.last_mut() {
        Some(Entry::Held(h)) if h.block == block => h.branches.push(branch),
        _ => stack.push(Entry::Held(Held {
            block,
            callee,
            branches: vec![branch],
        })),
    }
    replies
}

/// Closes the open calls from the top of `stack` while `open` holds, returning the replies of
/// those that name a response.
fn pop_while(
    stack: &mut Vec<Entry>,
    steps: &[StepView],
    open: impl Fn(&Entry, &[StepView]) -> bool,
) -> Vec<ReplyView> {
    let mut out = Vec::new();
    while let Some(top) = stack.last() {
        if !open(top, steps) {
            break;
        }
        let top = stack.pop().expect("the stack has a top");
        draw(top, steps, false, &mut out);
    }
    out
}

/// Appends the replies of `entry`: a call's own, or a held block's branch by branch, each
/// branch's calls from the top of its stack, inside the block's keywords. `held`: whether the
/// entry is drawn past the block its calls were made in.
fn draw(entry: Entry, steps: &[StepView], held: bool, out: &mut Vec<ReplyView>) {
    let held = match entry {
        Entry::Call { step, .. } => {
            let s = &steps[step];
            if !s.returns.is_empty() {
                out.push(ReplyView {
                    from: s.to.clone(),
                    to: s.from.clone(),
                    label: s.returns.clone(),
                    number: s.number,
                    opens: Vec::new(),
                    closes: 0,
                    guards: if held { s.guards.clone() } else { Vec::new() },
                });
            }
            return;
        }
        Entry::Held(h) => h,
    };
    let start = out.len();
    for (mut branch, calls) in held.branches {
        let first = out.len();
        for call in calls.into_iter().rev() {
            draw(call, steps, true, out);
        }
        if out.len() > first {
            // The first branch drawn opens the block, whichever branch it was.
            branch.keyword = match (first == start, branch.kind.as_str()) {
                (true, kind) => kind.into(),
                (false, "par") => "and".into(),
                (false, _) => "else".into(),
            };
            out[first].opens.insert(0, branch);
        }
    }
    if let Some(last) = out.get_mut(start..).and_then(|r| r.last_mut()) {
        last.closes += 1;
    }
}

/// The branch `s` opens at `level`, if it opens one there.
fn opening(s: &StepView, level: usize) -> Option<&OpenView> {
    let outer = s.within.len() - s.opens.len();
    (outer..s.within.len())
        .contains(&level)
        .then(|| &s.opens[level - outer])
}

/// Whether `o` starts a block rather than a later branch of one.
fn starts_block(o: &OpenView) -> bool {
    o.keyword != "else" && o.keyword != "and"
}

/// The index of the first step of the block at `level` around step `i`.
fn block_start(steps: &[StepView], i: usize, level: usize) -> usize {
    (0..=i)
        .rev()
        .find(|&j| opening(&steps[j], level).is_some_and(starts_block))
        .expect("a block starts at or before each of its steps")
}

/// Whether the block at `level` around an earlier step is over at step `s`.
fn block_over(s: &StepView, level: usize) -> bool {
    let outer = s.within.len() - s.opens.len();
    s.within.len() <= level || outer < level || opening(s, level).is_some_and(starts_block)
}

/// The step that runs next once the block at `level` around step `i` is over, on a run
/// through step `i`; none when the flow ends there or a loop may run again first.
fn after_block(steps: &[StepView], i: usize, level: usize) -> Option<usize> {
    if steps[i].within[level].kind == "loop" {
        return None;
    }
    let next = (i + 1..steps.len()).find(|&j| block_over(&steps[j], level))?;
    let s = &steps[next];
    // Still inside the branch around the block, or at the top level: it runs next.
    if level == 0 || (s.within.len() >= level && s.within.len() - s.opens.len() >= level) {
        Some(next)
    } else {
        after_block(steps, i, level - 1)
    }
}

#[cfg(test)]
#[path = "replies_tests.rs"]
mod tests;

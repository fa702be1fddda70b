//! What a step its actor takes once it has answered (`after_reply`) follows: the transaction an
//! outboxed event is written in, and, for other work, whether what the actor answered was a
//! message it handled or a request, each read along the step's own path through the branches.

use super::flows::StepView;

/// Fills in, for each step after its actor's reply, what it follows: [`outbox_writes`] for an
/// outboxed event, [`answered_message`] for the rest.
pub(super) fn place(steps: &mut [StepView], jobs: &[crate::model::Job]) {
    outbox_writes(steps, jobs);
    answered_message(steps);
}

/// Whether step `x` may have run before a step in `branch` on the same run: it is not in
/// another branch of an `alt` (which excludes it) or of a `par` (which runs beside it) that
/// the step's own branch is in. A step in a block that ended earlier may have.
fn on_path(branch: &str, x: &StepView) -> bool {
    let (a, b): (Vec<&str>, Vec<&str>) =
        (branch.split('/').collect(), x.branch.split('/').collect());
    let common = a.iter().zip(&b).take_while(|(p, q)| p == q).count();
    let apart = common > 0
        && common < a.len()
        && common < b.len()
        && matches!(a[common - 1], "alt" | "par");
    !apart
}

/// For each step after its actor's reply that is not an outboxed event: whether the latest
/// step on its path that reached the actor is a message (an event it handles) rather than a
/// request it answers.
fn answered_message(steps: &mut [StepView]) {
    for i in 0..steps.len() {
        if !steps[i].after_reply || steps[i].outboxed {
            continue;
        }
        let (me, branch) = (&steps[i].from.name, &steps[i].branch);
        let reached = (0..i)
            .rev()
            .find(|&j| on_path(branch, &steps[j]) && &steps[j].to.name == me);
        steps[i].after_message = reached.is_some_and(|j| steps[j].r#async);
    }
}

/// Where each outboxed event is written: in the transaction of what last reached its actor (a
/// request or a message, not a read), or, where its actor has since called out from the
/// outbox on the event's own path through the branches, of the one recording that answer; a
/// branch whose condition names one of its actor's jobs is that job's run.
fn outbox_writes(steps: &mut [StepView], jobs: &[crate::model::Job]) {
    for i in 0..steps.len() {
        if !steps[i].outboxed {
            continue;
        }
        let (me, branch) = (&steps[i].from.name, &steps[i].branch);
        let job = (jobs.iter())
            .filter(|j| &j.service == me)
            .find(|j| steps[i].guards.iter().any(|g| g.contains(j.name.as_str())));
        if let Some(j) = job {
            steps[i].outbox_in = format!("a run of its {} job", j.name);
            continue;
        }
        // A read that reaches it (a poll) writes nothing.
        let reached = (0..i).rev().find(|&j| {
            on_path(branch, &steps[j])
                && &steps[j].to.name == me
                && !super::retried::is_read(&steps[j].action, &[])
        });
        let called = (0..i).rev().find(|&j| {
            let x = &steps[j];
            on_path(branch, x) && &x.from.name == me && x.r#async && x.to.kind != "broker"
        });
        steps[i].outbox_in = match (reached, called) {
            (r, Some(c)) if r.is_none_or(|r| c > r) => {
                format!("the one that records {}'s answer", steps[c].to.name)
            }
            (Some(r), _) if steps[r].r#async => "the message it handles".to_owned(),
            _ => "the request it handles".to_owned(),
        };
    }
}

//! Promises in the model's prose that the contracts must keep: a flow step that says its call
//! is idempotent calls an operation that takes an idempotency key (or is idempotent by its
//! method), and one that names an `ETag` or `If-Match` calls a resource with concurrency
//! control; a resource or action described with an `ETag` declares `concurrency: etag`. The
//! documents' own promises are checked in `promised_docs`.

use super::flows::{Found, offered, parse, stream};
use super::{Input, Problem};
use crate::model::Model;
use crate::view::View;

pub(super) fn promises(input: &Input) -> Vec<Problem> {
    unkept(input.model, input.view)
        .into_iter()
        .map(|f| Problem {
            kind: "prose-promise".into(),
            finding: input.at_model(&f.at, f.message, f.help),
        })
        .collect()
}

/// Whether `text` promises idempotency, and whether it promises an `ETag`.
fn promised(text: &str) -> (bool, bool) {
    let t = text.to_lowercase();
    (
        t.contains("idempoten"),
        t.contains("etag") || t.contains("if-match"),
    )
}

const ETAG_HELP: &str = "set `concurrency: etag` on the resource, so its contract returns `ETag` and takes `If-Match` (answering `412`), or take the promise out of the text";

/// Every promise in the prose the contracts do not keep.
pub(super) fn unkept(model: &Model, view: &View) -> Vec<Found> {
    let mut out = in_flows(model, view);
    out.extend(in_descriptions(model));
    out
}

/// The promises a flow step's action or reply makes that the called operation does not keep.
fn in_flows(model: &Model, view: &View) -> Vec<Found> {
    let mut out = Vec::new();
    let header = &view.resilience.idempotency_header;
    for (i, (flow, fv)) in model
        .communication
        .flows
        .iter()
        .zip(&view.flows)
        .enumerate()
    {
        for (w, step) in flow.walk().iter().zip(&fv.steps) {
            let (idempotent, etag) = promised(&format!("{} {}", step.action, w.step.returns));
            if !(idempotent || etag) || step.r#async || stream(view, &step.from.name, &step.to.name)
            {
                continue;
            }
            let Some(callee) = view.services.iter().find(|s| s.node.name == step.to.name) else {
                continue;
            };
            let Some(call) = parse(&step.action, &callee.api.style) else {
                continue;
            };
            let ops = offered(view, callee);
            let Some(op) = ops.iter().find(|o| o.offers(&call)) else {
                continue;
            };
            let at = format!("/communication/flows/{i}/{}", w.path);
            let what = format!(
                "flow `{}` step {} (`{}`)",
                flow.name, step.number, step.action
            );
            // Keyed operations (`view::keyed`) keep the promise; reads and DELETE are
            // idempotent by method; a partial update a caller does not retry takes no key.
            if idempotent && op.kind == "update" && !op.keyed {
                out.push(Found {
                    at: format!("{at}/returns"),
                    message: format!(
                        "{what} promises an idempotent call, but the update takes no `{header}` and a partial update is not idempotent by its method"
                    ),
                    help: "make the change an action (a `POST` that takes the key) or a full replacement, or take the promise out of the text".into(),
                });
            }
            if etag && !op.etag {
                out.push(Found {
                    at: format!("{at}/returns"),
                    message: format!(
                        "{what} names an `ETag` or `If-Match`, but the resource it calls has no concurrency control in its contract"
                    ),
                    help: ETAG_HELP.into(),
                });
            }
        }
    }
    out
}

/// The resources described with an `ETag` or `If-Match` that their contract lacks.
fn in_descriptions(model: &Model) -> Vec<Found> {
    let mut out = Vec::new();
    for (i, s) in model.services.iter().enumerate() {
        for (j, r) in s.api.resources.iter().enumerate() {
            if r.concurrency.is_some() {
                continue;
            }
            let rp = format!("/services/{i}/api/resources/{j}");
            let texts = std::iter::once((format!("{rp}/description"), &r.description)).chain(
                r.actions
                    .iter()
                    .enumerate()
                    .map(|(k, a)| (format!("{rp}/actions/{k}/description"), &a.description)),
            );
            for (at, text) in texts {
                if promised(text).1 {
                    out.push(Found {
                        at,
                        message: format!(
                            "`{}` of `{}` is described with an `ETag` or `If-Match`, but its contract has no concurrency control",
                            r.name, s.name
                        ),
                        help: ETAG_HELP.into(),
                    });
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(steps: &str, concurrency: &str) -> Vec<Found> {
        let yaml = format!(
            r#"version: 1
name: t
requirements: {{domain: shop}}
clients: [{{name: web}}]
services:
  - name: orders
    responsibility: Orders.
    api:
      resources:
        - name: Order
          description: Orders; reads return an ETag.
          {concurrency}
          actions: [{{name: cancel}}]
communication:
  links: [{{from: web, to: orders}}]
  flows:
    - name: F
      steps:
{steps}"#
        );
        let model: Model = serde_yaml::from_str(&yaml).expect("test model parses");
        unkept(&model, &crate::view::build(&model))
    }

    #[test]
    fn promises_the_contract_keeps_pass() {
        let steps = "        - {from: web, to: orders, action: \"POST /v1/orders/{id}/cancel\", returns: idempotent; 412 when If-Match is stale}\n        - {from: web, to: orders, action: \"PATCH /v1/orders/{id}\", returns: 200 with the new ETag}\n        - {from: web, to: orders, action: \"DELETE /v1/orders/{id}\", returns: idempotent}\n";
        assert_eq!(found(steps, "concurrency: etag"), []);
    }

    #[test]
    fn promises_without_contract_support_are_found() {
        let steps = "        - {from: web, to: orders, action: \"PATCH /v1/orders/{id}\", returns: \"idempotent, with the new ETag\"}\n";
        let found = found(steps, "");
        let at: Vec<&str> = found.iter().map(|f| f.at.as_str()).collect();
        assert_eq!(
            at,
            [
                "/communication/flows/0/steps/0/returns",
                "/communication/flows/0/steps/0/returns",
                "/services/0/api/resources/0/description",
            ]
        );
        assert_eq!(
            found[0].message,
            "flow `F` step 1 (`PATCH /v1/orders/{id}`) promises an idempotent call, but the update takes no `Idempotency-Key` and a partial update is not idempotent by its method"
        );
        assert!(
            found[1].message.contains("no concurrency control"),
            "{}",
            found[1].message
        );
    }
}

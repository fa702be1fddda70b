//! `archgen check` as a design review of the model against itself: each rule run by the real
//! binary on a small model that breaks it, every finding at the model's line with what to do.

use crate::living::SHOP;
use crate::support::Env;

/// `check` on `model` after a render: its exit code and report.
fn check(model: &str) -> (i32, String) {
    let env = Env::new();
    env.write("archgen.yaml", model);
    env.run(&["render"]).ok();
    let run = env.run(&["check"]);
    (run.code, run.stdout)
}

/// The line of the model's first line containing `needle`, 1-based.
fn line_of(model: &str, needle: &str) -> usize {
    1 + model
        .lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("`{needle}` is in the model"))
}

/// `SHOP` with a flow `Checkout` of `steps`.
fn with_flow(steps: &str) -> String {
    SHOP.replace(
        "    - {from: web, to: search}\n",
        &format!(
            "    - {{from: web, to: search}}\n  flows:\n    - name: Checkout\n      steps:\n{steps}"
        ),
    )
}

#[test]
fn a_flow_step_calling_an_operation_no_contract_offers_is_found() {
    let model = with_flow(
        "        - {from: web, to: orders, action: POST /v1/orders}\n        - {from: web, to: orders, action: \"POST /v1/orders/{id}/refund\"}\n",
    );
    let line = line_of(&model, "/refund");
    let (code, out) = check(&model);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(&format!(
            "archgen.yaml:{line}:43: flow `Checkout` step 2 calls `POST /v1/orders/{{id}}/refund` on `orders`, which no operation `orders`'s contract offers"
        )) && out.contains("add the resource, operation or action to the `api`"),
        "{out}"
    );
    assert!(!out.contains("step 1 calls"), "{out}");
}

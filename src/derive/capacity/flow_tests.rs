//! Rates that come from the flows naming a call or publishing an event, not from every request
//! or event that reaches the caller.

use super::*;
use crate::derive::graph::tests::{graph, model};

/// A shop: Buy runs Checkout (which checks stock once per order and pays from the
/// OrderPlaced consumer); Track enters at orders and pays nothing; Cancel publishes
/// OrderCancelled. payments publishes PaymentFailed, which no flow carries.
const SHOP: &str = "version: 1\nname: t\nrequirements:\n  domain: d\n  scale: {peak_rps: 1000}\n  use_cases:\n    - {name: Buy, share: 10, served_by: [Checkout]}\n    - {name: Track, share: 80, served_by: [orders]}\n    - {name: Cancel, share: 10, served_by: [Cancel]}\nclients: [{name: web}]\nservices:\n  - name: orders\n    responsibility: r\n    publishes:\n      - {name: OrderPlaced, fields: [{name: order_id, type: uuid}]}\n      - {name: OrderCancelled, fields: [{name: order_id, type: uuid}]}\n  - {name: stock, responsibility: r}\n  - {name: audit, responsibility: r}\n  - name: payments\n    responsibility: r\n    consumes: [OrderPlaced, OrderCancelled]\n    publishes:\n      - {name: PaymentCaptured, fields: [{name: order_id, type: uuid}]}\n      - {name: PaymentFailed, fields: [{name: order_id, type: uuid}]}\n  - {name: mailer, kind: worker, responsibility: r, consumes: [PaymentCaptured]}\nexternals: [{name: psp}, {name: smtp}]\ncommunication:\n  brokers: [{name: k, technology: Kafka}]\n  links:\n    - {from: web, to: orders}\n    - {from: orders, to: stock}\n    - {from: orders, to: audit}\n    - {from: payments, to: psp, background: true}\n    - {from: mailer, to: smtp}\n  flows:\n    - name: Checkout\n      steps:\n        - {from: web, to: orders, action: POST /orders}\n        - {from: orders, to: stock, action: CheckStock}\n        - {from: orders, to: stock, action: Reserve}\n        - {from: orders, to: k, action: OrderPlaced, async: true}\n        - {from: k, to: payments, action: OrderPlaced, async: true}\n        - {from: payments, to: psp, action: Capture}\n        - {from: payments, to: k, action: PaymentCaptured, async: true}\n    - name: Cancel\n      steps:\n        - {from: web, to: orders, action: DELETE /orders/1}\n        - {from: orders, to: k, action: OrderCancelled, async: true}\n";

fn node(c: &Capacity, name: &str) -> f64 {
    c.nodes.iter().find(|n| n.name == name).unwrap().rate_rps
}

#[test]
fn a_call_a_flow_names_carries_only_the_rate_of_the_use_cases_running_it() {
    let m = model(SHOP);
    let c = derive(&graph(&m));
    // Checkout runs 100 times a second and calls stock twice; the 800 tracking reads that
    // enter at orders make no stock call, because only Checkout names one.
    assert_eq!(node(&c, "orders"), 1000.0);
    assert_eq!((c.calls[1], node(&c, "stock")), (200.0, 200.0));
    // orders → audit is in no flow: one call per request that reaches orders outside a flow
    // (the 800 tracking reads), said so.
    assert_eq!(c.calls[2], 800.0);
    let per_request = c
        .assumptions
        .iter()
        .find(|a| a.id == "capacity.calls-per-request")
        .expect("the per-request fallback is stated");
    assert!(per_request.value.contains("orders → audit"));
    assert!(!per_request.value.contains("orders → stock"));
    // The capture is a flow step (100/s), and payments also handles the 100 OrderCancelled a
    // second no flow shows it handling: one more call each, as its handler time counts, said
    // so. The mailer's call is in no flow: one per event it consumes, stated as such.
    assert_eq!((c.calls[3], c.calls[4]), (200.0, 100.0));
    let unshown = c
        .assumptions
        .iter()
        .find(|a| a.id == "capacity.calls-per-unshown-event")
        .expect("the calls of the deliveries no flow shows are stated");
    assert!(
        unshown.value.contains("payments → psp (OrderCancelled)"),
        "{}",
        unshown.value
    );
    let per_event = c
        .assumptions
        .iter()
        .find(|a| a.id == "capacity.calls-per-event")
        .expect("the per-event fallback is stated");
    assert!(per_event.value.contains("mailer → smtp") && !per_event.value.contains("psp"));
    // A flow showing the delivery says what the handler calls: none here.
    let shown = format!(
        "{SHOP}    - name: Refund\n      steps:\n        - {{from: k, to: payments, action: OrderCancelled, async: true}}\n"
    );
    let c = derive(&graph(&model(&shown)));
    assert_eq!(c.calls[3], 100.0);
}

#[test]
fn an_event_no_flow_publishes_follows_only_the_consumed_events_that_lead_to_it() {
    // payments consumes OrderPlaced (100/s) and OrderCancelled (100/s). A flow no use case runs
    // shows it publishing PaymentFailed after OrderPlaced: a failed payment is bounded by the
    // placements, not by 200.
    let decline = "    - name: Decline\n      steps:\n        - {from: k, to: payments, action: OrderPlaced, async: true}\n        - {from: payments, to: k, action: PaymentFailed, async: true}\n";
    let m = model(&format!("{SHOP}{decline}"));
    let c = derive(&graph(&m));
    let failed = |c: &Capacity| {
        let e = c
            .events
            .iter()
            .find(|e| e.event == "PaymentFailed")
            .unwrap();
        (e.rate_per_s, e.rate_from.clone(), e.rate_basis.clone())
    };
    assert_eq!(
        failed(&c),
        (100.0, "consumed".to_owned(), vec!["OrderPlaced".to_owned()])
    );
    let a = c
        .assumptions
        .iter()
        .find(|a| a.id == "capacity.events-per-request")
        .unwrap();
    assert!(
        a.value
            .contains("PaymentFailed: at most one per OrderPlaced payments handles")
    );
    // Checkout shows payments acting on OrderPlaced, but publishing PaymentCaptured, not
    // PaymentFailed: that says nothing of what leads to a failure, so every consumed event
    // counts (an upper bound, never below the real rate).
    let c = derive(&graph(&model(SHOP)));
    assert_eq!(
        failed(&c),
        (
            200.0,
            "consumed".to_owned(),
            vec!["OrderPlaced".to_owned(), "OrderCancelled".to_owned()]
        )
    );
}

/// SHOP with a fulfilment no user starts: each PaymentCaptured sends the order to the
/// warehouse (a background call from orders' outbox), whose signed callback on dispatch makes
/// orders publish OrderShipped, for 90% of the orders (the rest are collected in store).
const SHIP: &str = "    - name: Ship\n      triggered_by: PaymentCaptured\n      steps:\n        - {from: k, to: orders, action: PaymentCaptured, async: true}\n        - {from: orders, to: wh, action: Create the shipment, async: true}\n        - opt:\n            when: the parcel is posted\n            share: 90\n            steps:\n              - {from: wh, to: orders, action: dispatched, async: true}\n              - {from: orders, to: k, action: OrderShipped, async: true}\n";

fn shop_that_ships() -> crate::model::Model {
    let yaml = format!("{SHOP}{SHIP}")
        .replace(
            "      - {name: OrderCancelled, fields: [{name: order_id, type: uuid}]}\n",
            "      - {name: OrderCancelled, fields: [{name: order_id, type: uuid}]}\n      - {name: OrderShipped, fields: [{name: order_id, type: uuid}]}\n    consumes: [PaymentCaptured]\n",
        )
        .replace("{name: smtp}]", "{name: smtp}, {name: wh}]")
        .replace(
            "    - {from: mailer, to: smtp}\n",
            "    - {from: mailer, to: smtp}\n    - {from: orders, to: wh, background: true}\n",
        );
    model(&yaml)
}

#[test]
fn a_flow_an_event_triggers_runs_once_per_event() {
    let m = shop_that_ships();
    let g = graph(&m);
    let c = derive(&g);
    // Checkout captures 100 payments a second: Ship runs 100 times, and 90% of its runs
    // publish OrderShipped.
    let shipped = c.events.iter().find(|e| e.event == "OrderShipped").unwrap();
    assert_eq!(
        (shipped.rate_per_s, shipped.rate_from.as_str()),
        (90.0, "flow")
    );
    assert_eq!(
        (shipped.flows[0].flow.as_str(), shipped.flows[0].runs_per_s),
        ("Ship", 100.0)
    );
    // The warehouse call is a step of Ship sent from the outbox: once per run, not once per
    // event orders consumes, and no longer an assumption.
    let wh = g.calls.iter().position(|x| x.to == "wh").unwrap();
    assert_eq!((c.calls[wh], node(&c, "wh")), (100.0, 100.0));
    assert!(
        !c.assumptions
            .iter()
            .any(|a| a.id == "capacity.calls-per-event" && a.value.contains("wh"))
    );
    assert!(
        !c.assumptions
            .iter()
            .any(|a| a.id == "capacity.events-per-request" && a.value.contains("OrderShipped"))
    );
}

#[test]
fn a_call_a_job_makes_comes_at_the_jobs_rate_not_per_event() {
    // payments calls the provider from a job every 5 minutes, not per OrderPlaced.
    let yaml = SHOP
        .replace("    - {from: payments, to: psp, background: true}\n", "    - {from: payments, to: psp, background: true}\n    - {from: payments, to: smtp, background: true}\n")
        .replace(
            "communication:\n",
            "performance:\n  jobs: [{name: settle, service: payments, kind: scheduled, schedule: '*/5 * * * *', calls: [smtp]}]\ncommunication:\n",
        );
    let m = model(&yaml);
    let g = graph(&m);
    let c = derive(&g);
    let job = g
        .calls
        .iter()
        .position(|x| x.from == "payments" && x.to == "smtp")
        .unwrap();
    assert!(
        (c.calls[job] - 1.0 / 300.0).abs() < 1e-9,
        "{}",
        c.calls[job]
    );
    assert!(
        !c.assumptions
            .iter()
            .any(|a| a.id == "capacity.calls-per-event" && a.value.contains("payments → smtp")),
    );
}

#[test]
fn a_background_call_a_flow_sends_later_follows_that_flow() {
    let with_wh = |yaml: &str| {
        yaml.replace(
            "      - {name: OrderCancelled, fields: [{name: order_id, type: uuid}]}\n",
            "      - {name: OrderCancelled, fields: [{name: order_id, type: uuid}]}\n    consumes: [PaymentCaptured, PaymentFailed]\n",
        )
        .replace("{name: smtp}]", "{name: smtp}, {name: wh}]")
        .replace(
            "    - {from: mailer, to: smtp}\n",
            "    - {from: mailer, to: smtp}\n    - {from: orders, to: wh, background: true}\n",
        )
    };
    // In no flow, orders → wh is one call per event orders consumes: 100 captures and at most
    // 200 failures a second.
    let m = model(&with_wh(SHOP));
    let g = graph(&m);
    let wh = g.calls.iter().position(|x| x.to == "wh").unwrap();
    assert_eq!(derive(&g).calls[wh], 300.0);
    // Cancel sends it from the outbox (`async: true`) on each of its 100 runs a second: that
    // is its rate, whatever orders consumes.
    let cancel = "        - {from: orders, to: k, action: OrderCancelled, async: true}\n";
    let yaml = with_wh(SHOP).replace(
        cancel,
        &format!(
            "{cancel}        - {{from: orders, to: wh, action: Cancel the shipment, async: true}}\n"
        ),
    );
    let m = model(&yaml);
    let g = graph(&m);
    let c = derive(&g);
    assert_eq!((c.calls[wh], node(&c, "wh")), (100.0, 100.0));
}

#[test]
fn frames_on_a_stream_load_its_holder_as_frames_not_requests() {
    // Drivers send a position frame over a WebSocket (async) and now and then ask for their
    // trip (a request to the same service); riders get a frame back for half the positions.
    let yaml = "version: 1\nname: t\nrequirements:\n  domain: d\n  scale: {peak_rps: 1000}\n  use_cases:\n    - {name: Share, share: 90, served_by: [Share]}\n    - {name: Ask, share: 10, served_by: [Ask]}\nclients: [{name: driver}, {name: rider}]\nservices:\n  - {name: loc, responsibility: r, api: {style: websocket}}\ncommunication:\n  links:\n    - {from: driver, to: loc}\n    - {from: rider, to: loc}\n  flows:\n    - name: Share\n      steps:\n        - {from: driver, to: loc, action: position frame, async: true}\n        - opt:\n            when: on a trip\n            share: 50\n            steps:\n              - {from: loc, to: rider, action: position frame, async: true}\n    - name: Ask\n      steps:\n        - {from: driver, to: loc, action: GET /v1/trip}\n";
    let m = model(yaml);
    let c = derive(&graph(&m));
    let loc = c.nodes.iter().find(|n| n.name == "loc").unwrap();
    assert_eq!(
        (loc.rate_rps, loc.frames_in_per_s, loc.frames_out_per_s),
        (100.0, 900.0, 450.0)
    );
}

#[test]
fn a_call_in_no_flow_skips_the_deliveries_a_flow_shows_without_it() {
    // mailer consumes PaymentCaptured (100/s) and OrderCancelled (100/s), and its smtp call is
    // in no flow: one call per event it consumes, 200/s.
    let both = SHOP.replace(
        "consumes: [PaymentCaptured]",
        "consumes: [PaymentCaptured, OrderCancelled]",
    );
    let c = derive(&graph(&model(&both)));
    assert_eq!(c.calls[4], 200.0);
    let making = |yaml: &str| crate::derive::handlers::events_making(&graph(&model(yaml)), 4);
    assert_eq!(making(&both), ["PaymentCaptured", "OrderCancelled"]);
    // A flow shows mailer handling OrderCancelled and calling nothing after it: the handler
    // times count no call for that event, and neither does the call's rate.
    let shown = format!(
        "{both}    - name: Quiet\n      steps:\n        - {{from: k, to: mailer, action: OrderCancelled, async: true}}\n"
    );
    let c = derive(&graph(&model(&shown)));
    assert_eq!((c.calls[4], node(&c, "smtp")), (100.0, 100.0));
    // So an smtp outage holds up PaymentCaptured only.
    assert_eq!(making(&shown), ["PaymentCaptured"]);
    let per_event = c
        .assumptions
        .iter()
        .find(|a| a.id == "capacity.calls-per-event")
        .expect("the per-event fallback is stated");
    assert!(
        per_event.value.contains("mailer → smtp (PaymentCaptured)"),
        "{}",
        per_event.value
    );
}

#[test]
fn a_job_beside_the_handlers_adds_its_items_or_its_runs_to_the_call() {
    // payments captures in the Checkout flow and handles OrderCancelled (200/s to psp); a job
    // of payments settles each placed order every 5 minutes, one call per OrderPlaced.
    let job = |items: &str| {
        SHOP.replace(
            "communication:\n",
            &format!("performance:\n  jobs: [{{name: settle, service: payments, kind: scheduled, schedule: '*/5 * * * *', calls: [psp]{items}}}]\ncommunication:\n"),
        )
    };
    let m = model(&job(", items_from: OrderPlaced"));
    let g = graph(&m);
    let psp = g.calls.iter().position(|x| x.to == "psp").unwrap();
    // The flow shows payments making the call, so a handler makes it too, not the job alone.
    assert!(!g.calls[psp].by_job && g.calls[psp].job.is_some());
    let c = derive(&g);
    assert_eq!((c.calls[psp], node(&c, "psp")), (300.0, 300.0));
    let share = c.job_calls[psp].as_ref().unwrap();
    assert_eq!(
        (share.rate_rps, share.per_run, share.items_from.as_deref()),
        (100.0, Some(30_000.0), Some("OrderPlaced"))
    );
    // The flow shows every OrderPlaced its handler takes making the call: no share to assume.
    assert_eq!(share.share_pct, None);
    // The run's size is the peak piled up over 5 minutes, which the model does not state.
    let piled = c
        .assumptions
        .iter()
        .find(|a| a.id == "capacity.job-items-per-run");
    assert!(
        piled.is_some_and(|a| a.value.contains("settle takes about 30,000 items a run")),
        "{piled:?}"
    );
    // A stated run's worth: 6,000 items every 5 minutes are 20 calls a second, no assumption.
    let stated = derive(&graph(&model(&job(
        ", items_from: OrderPlaced, items_per_run: 6000",
    ))));
    let share = stated.job_calls[psp].as_ref().unwrap();
    assert_eq!((share.rate_rps, share.per_run), (20.0, Some(6_000.0)));
    assert_eq!(stated.calls[psp], 220.0);
    assert!(!(stated.assumptions.iter()).any(|a| a.id == "capacity.job-items-per-run"));
    assert!(
        !c.assumptions
            .iter()
            .any(|a| a.id == "capacity.job-calls-per-item")
    );
    // A callee no flow shows the handler calling: every item is taken to call it, said so.
    let m = model(
        &job(", items_from: OrderPlaced")
            .replace("calls: [psp]", "calls: [psp, smtp]")
            .replace(
                "    - {from: payments, to: psp, background: true}\n",
                "    - {from: payments, to: psp, background: true}\n    - {from: payments, to: smtp, background: true}\n",
            ),
    );
    let c = derive(&graph(&m));
    assert!(
        c.assumptions
            .iter()
            .any(|a| a.id == "capacity.job-calls-per-item"
                && a.value.contains("payments → smtp (OrderPlaced)")
                && !a.value.contains("psp"))
    );
    // Without items, one call a run beside the handlers' 200.
    let m = model(&job(""));
    let c = derive(&graph(&m));
    assert!(
        (c.calls[psp] - (200.0 + 1.0 / 300.0)).abs() < 1e-9,
        "{}",
        c.calls[psp]
    );
    assert!(
        !c.assumptions
            .iter()
            .any(|a| a.id == "capacity.job-calls-per-item")
    );
}

#[test]
fn a_callback_a_flow_shows_is_a_request_to_its_receiver_and_its_gateway() {
    // The psp answers each capture with a signed webhook through a gateway, shown in Checkout.
    let shop = SHOP
        .replace(
            "  - {name: audit, responsibility: r}\n",
            "  - {name: audit, responsibility: r}\n  - {name: edge, kind: gateway, responsibility: r}\n",
        )
        .replace(
            "    - {from: mailer, to: smtp}\n",
            "    - {from: mailer, to: smtp}\n    - {from: edge, to: payments}\n    - {from: psp, to: payments, style: async, protocol: HTTPS webhook, via: edge}\n",
        )
        .replace(
            "        - {from: payments, to: psp, action: Capture}\n",
            "        - {from: payments, to: psp, action: Capture}\n        - {from: psp, to: payments, action: charge.succeeded}\n",
        );
    let c = derive(&graph(&model(&shop)));
    // Checkout runs 100 times a second: 100 callbacks reach payments, through the gateway.
    let payments = c.nodes.iter().find(|n| n.name == "payments").unwrap();
    assert_eq!((payments.rate_rps, payments.callbacks_rps), (100.0, 100.0));
    let edge = c.nodes.iter().find(|n| n.name == "edge").unwrap();
    assert_eq!(edge.callbacks_rps, 100.0);
    assert!(edge.rate_rps >= 100.0);
    let hook = &c.callbacks[0];
    assert_eq!(
        (hook.from.as_str(), hook.to.as_str(), hook.rate_rps),
        ("psp", "payments", 100.0)
    );
    // Without the flow step, nothing counts it.
    let c = derive(&graph(&model(&shop.replace(
        "        - {from: psp, to: payments, action: charge.succeeded}\n",
        "",
    ))));
    assert!(c.callbacks.is_empty());
}

#[test]
fn a_run_sent_at_once_goes_out_under_the_providers_cap_less_its_other_calls() {
    // psp takes 250 calls a second; payments' handlers send it 200 at peak, and a job sends
    // 6,000 items every 5 minutes (20 a second on average) at once.
    let shop = |limit: u32| {
        SHOP.replace(
            "communication:\n",
            "performance:\n  jobs: [{name: settle, service: payments, kind: scheduled, schedule: '*/5 * * * *', calls: [psp], items_from: OrderPlaced, items_per_run: 6000}]\ncommunication:\n",
        )
        .replace("{name: psp}", &format!("{{name: psp, rate_limit_rps: {limit}}}"))
    };
    let c = derive(&graph(&model(&shop(250))));
    let psp = c.job_calls.iter().position(Option::is_some).unwrap();
    let share = c.job_calls[psp].as_ref().unwrap();
    // The run leaves the handlers their 200: it goes at 50 a second, not the whole 250.
    assert_eq!((share.others_rps, share.pace_rps), (200.0, Some(50.0)));
    // A cap the others already use up leaves the run nothing.
    let c = derive(&graph(&model(&shop(150))));
    let share = c.job_calls[psp].as_ref().unwrap();
    assert_eq!(share.pace_rps, Some(0.0));
    // No cap, no pace.
    let c = derive(&graph(&model(&SHOP.replace(
        "communication:\n",
        "performance:\n  jobs: [{name: settle, service: payments, kind: scheduled, schedule: '*/5 * * * *', calls: [psp], items_from: OrderPlaced, items_per_run: 6000}]\ncommunication:\n",
    ))));
    assert_eq!(c.job_calls[psp].as_ref().unwrap().pace_rps, None);
}

#[test]
fn an_event_two_flows_publish_counts_the_deliveries_of_the_one_that_stops_at_the_broker() {
    // Cancel (100 runs a second) shows payments handling its OrderCancelled with no call;
    // Checkout (100 a second) publishes one too and stops at the broker, so its 100 deliveries
    // are unshown: one call to psp each, beside the capture.
    let both = SHOP
        .replace(
            "        - {from: orders, to: k, action: OrderCancelled, async: true}\n",
            "        - {from: orders, to: k, action: OrderCancelled, async: true}\n        - {from: k, to: payments, action: OrderCancelled, async: true}\n",
        )
        .replace(
            "        - {from: orders, to: k, action: OrderPlaced, async: true}\n",
            "        - {from: orders, to: k, action: OrderPlaced, async: true}\n        - {from: orders, to: k, action: OrderCancelled, async: true}\n",
        );
    let c = derive(&graph(&model(&both)));
    assert_eq!(c.calls[3], 200.0);
    let unshown = (c.assumptions.iter())
        .find(|a| a.id == "capacity.calls-per-unshown-event")
        .expect("the unshown part is stated");
    assert!(
        unshown
            .value
            .contains("payments → psp (OrderCancelled 100/s from Checkout)"),
        "{}",
        unshown.value
    );
    // With Checkout's delivery shown too, every delivery is shown: the capture alone.
    let all = both.replace(
        "        - {from: orders, to: k, action: OrderCancelled, async: true}\n        - {from: k, to: payments, action: OrderPlaced",
        "        - {from: orders, to: k, action: OrderCancelled, async: true}\n        - {from: k, to: payments, action: OrderCancelled, async: true}\n        - {from: k, to: payments, action: OrderPlaced",
    );
    assert_ne!(all, both);
    assert_eq!(derive(&graph(&model(&all))).calls[3], 100.0);
}

#[test]
fn a_step_the_outside_world_paces_counts_at_its_own_rate() {
    let mut m = shop_that_ships();
    let c = derive(&graph(&m));
    // Unstated, the warehouse's dispatch follows the payments' peak, and the documents say so.
    let assumed = (c.assumptions.iter())
        .find(|a| a.id == "capacity.outside-at-trigger-peak")
        .expect("the unpaced dispatch is an assumption");
    assert!(
        assumed
            .value
            .contains("Ship's `dispatched` (wh → orders) at 90/s, the peak of PaymentCaptured"),
        "{}",
        assumed.value
    );
    // The warehouse dispatches 30 parcels a second whatever the checkout peak: the dispatch
    // and the OrderShipped after it count at 30, the shipment's creation still at 100.
    let ship = (m.communication.flows.iter_mut())
        .find(|f| f.name == "Ship")
        .unwrap();
    ship.steps[2].opt.as_mut().unwrap().steps[0].paced_per_second = Some(30.0);
    let g = graph(&m);
    let c = derive(&g);
    let shipped = c.events.iter().find(|e| e.event == "OrderShipped").unwrap();
    assert!(
        (shipped.rate_per_s - 30.0).abs() < 1e-9,
        "{}",
        shipped.rate_per_s
    );
    assert!((shipped.flows[0].share - 90.0).abs() < 1e-9);
    let wh = g.calls.iter().position(|x| x.to == "wh").unwrap();
    assert_eq!(c.calls[wh], 100.0);
    let dispatched = &c.outside[0];
    assert_eq!(
        (dispatched.paced_per_s, dispatched.runs_bring_per_s),
        (Some(30.0), 90.0)
    );
    assert!((dispatched.rate_per_s - 30.0).abs() < 1e-9);
    assert!(!(c.assumptions.iter()).any(|a| a.id == "capacity.outside-at-trigger-peak"));
}

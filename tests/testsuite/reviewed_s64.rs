//! What round s64 changed after the s63 reviews: the policies that narrow staff access are in
//! the contracts, the envelope carries `traceparent`, a step the outside world paces counts at
//! its own rate, a window's backlog in the busiest hours is stated, every calling job is held
//! to the rule of the undone, the identity provider's backup is a model key, and each call out
//! of the system names what it presents.

use crate::support::render_example;

fn holds(docs: &std::collections::BTreeMap<String, String>, doc: &str, needle: &str) {
    assert!(docs[doc].contains(needle), "{doc}: {}", docs[doc]);
}

#[test]
fn the_contracts_name_the_policies_that_narrow_each_operation() {
    let cb = render_example("clinic-booking", None);
    let booking = "api/booking.openapi.yaml";
    // Each operation names the policies for the roles it admits; the API states their rules.
    holds(
        &cb,
        booking,
        "Access: scope appointments:read; roles patient, front-desk, clinician, clinic-manager, referral-partner; narrowed by policies own-clinic (for front-desk and clinic-manager), own-referrals (for referral-partner), own-schedule (for clinician).",
    );
    holds(
        &cb,
        booking,
        "Policies narrow some operations beyond their scopes and roles, and each operation's access names those that apply to it:\\n\\n- `own-clinic` (front-desk, clinic-manager): Front-desk staff and clinic managers reach only",
    );
    // A patient's own write is narrowed by none: patients' link-login is the patient's alone.
    holds(
        &cb,
        "api/patients.openapi.yaml",
        "Access: scope patients:write; role patient.",
    );
    // The table of api-contracts.md follows.
    holds(
        &cb,
        "api-contracts.md",
        "| checkInAppointment | scope appointments:front-desk; role front-desk; narrowed by policy own-clinic (for front-desk) |",
    );
}

#[test]
fn the_envelope_carries_the_trace_context_its_consumers_link_to() {
    let om = render_example("order-management", None);
    holds(
        &om,
        "api/orders.asyncapi.yaml",
        "\"traceparent\":\n          \"type\": \"string\"\n          \"pattern\": \"^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$\"",
    );
    holds(
        &om,
        "communication.md",
        "| `traceparent` | no | The W3C trace context of the publisher's `PRODUCER` span",
    );
}

#[test]
fn the_warehouse_and_the_carriers_pace_their_steps() {
    let om = render_example("order-management", None);
    holds(
        &om,
        "capacity.md",
        "Fulfil an order's `parcel.dispatched, with the carrier and tracking link` (Warehouse system → orders) at 31 a second at peak, where PaymentCaptured would bring 94; Fulfil an order's `parcel.delivered` (Warehouse system → orders) at 63 a second at peak, where PaymentCaptured would bring 94.",
    );
    holds(
        &om,
        "capacity.md",
        "| OrderShipped | orders.order-events.v1 | 31 | Fulfil an order 31/s |",
    );
    // Paced apart, the delivery no longer reads as outrunning the dispatch it follows.
    assert!(!om["README.md"].contains("event-over-cause"));
    assert!(!om["capacity.md"].contains("capacity.outside-at-trigger-peak"));
}

#[test]
fn a_window_in_the_busiest_hours_is_stated_beside_the_average() {
    let cb = render_example("clinic-booking", None);
    holds(
        &cb,
        "capacity.md",
        "records-sync on `booking.appointment-events.v1` holds 96,818 messages, gone in 3 h 42 min",
    );
    holds(&cb, "capacity.md", "| `capacity.maintenance-off-peak` |");
}

#[test]
fn every_job_that_calls_out_is_held_to_the_rule_of_the_undone() {
    let cb = render_example("clinic-booking", None);
    holds(
        &cb,
        "resilience.md",
        "That is the condition on every job that calls out, whether its calls share a row above with its service's handlers or not: send-reminders (Amazon SES, Twilio), archive-audit (Amazon S3) and archive-patient-audit (Amazon S3).",
    );
    // The introduction says what the table shows: no call below the clients retries.
    holds(
        &cb,
        "resilience.md",
        "the clients retry on their own and no call below them does, so one request reaches its deepest dependency at most 2 times",
    );
}

#[test]
fn the_identity_providers_backup_and_the_outbound_credentials_are_stated() {
    let om = render_example("order-management", None);
    assert!(!om["recovery.md"].contains("which the model does not state (backed\\_up)"));
    assert!(!om["risks.md"].contains("Losing Keycloak's database"));
    holds(
        &om,
        "recovery.md",
        "its database is backed up to the system's recovery objectives (RPO 5 min, RTO 15 min), as the services' stores are",
    );
    holds(
        &om,
        "security.md",
        "| Warehouse system | inventory, orders | OAuth 2.0 client credentials from the fulfilment team's Keycloak realm, a client per calling service |",
    );
    // An example that states none names each external some component calls.
    let rh = render_example("ride-hailing", None);
    holds(&rh, "security.md", "| Stripe | payments | not stated |");
}

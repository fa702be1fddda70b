//! What a webhook's signature proves: whether its sender signs a timestamp with each delivery,
//! so a receiver can refuse a stale one, or signs the body alone, so a captured delivery
//! verifies again whenever it is replayed.

/// Signature headers by whether their sender signs a timestamp, by the lower-cased header.
const TIMESTAMPED: &[(&str, &str)] = &[
    ("stripe-signature", "signed"),
    ("webhook-signature", "signed"),
    ("svix-signature", "signed"),
    ("x-slack-signature", "signed"),
    ("x-hub-signature", "none"),
    ("x-hub-signature-256", "none"),
    ("x-shopify-hmac-sha256", "none"),
    ("x-twilio-signature", "none"),
    ("x-square-hmacsha256-signature", "none"),
];

/// How the senders known by their signature header redeliver a callback the receiver did not
/// answer with a `2xx`, as each documents it, by the lower-cased header. Only headers one
/// sender alone uses: `X-Hub-Signature` is WebSub's too, whose hubs each retry their own way.
const REDELIVERY: &[(&str, &str)] = &[
    (
        "stripe-signature",
        "for up to three days, with exponential backoff",
    ),
    ("x-shopify-hmac-sha256", "8 times over 4 hours"),
    ("x-slack-signature", "3 times, over about 5 minutes"),
];

/// How the sender of `header` redelivers a callback not answered with a `2xx`, where it is a
/// sender whose behaviour is documented; none for any other, whose behaviour is an assumption
/// until the model states it.
pub fn redelivery(header: &str) -> Option<&'static str> {
    let h = header.trim().to_lowercase();
    REDELIVERY
        .iter()
        .find(|(name, _)| *name == h)
        .map(|(_, r)| *r)
}

/// Whether the sender of `header` signs a timestamp: `signed`, `none`, or `unknown` for a
/// header not in the table.
pub fn timestamp(header: &str) -> &'static str {
    let h = header.trim().to_lowercase();
    TIMESTAMPED
        .iter()
        .find(|(name, _)| *name == h)
        .map_or("unknown", |(_, t)| *t)
}

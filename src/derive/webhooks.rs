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

/// Whether the sender of `header` signs a timestamp: `signed`, `none`, or `unknown` for a
/// header not in the table.
pub fn timestamp(header: &str) -> &'static str {
    let h = header.trim().to_lowercase();
    TIMESTAMPED
        .iter()
        .find(|(name, _)| *name == h)
        .map_or("unknown", |(_, t)| *t)
}

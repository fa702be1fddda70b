//! Step 5 of the model: timeouts, retries, circuit breakers and the other resilience patterns.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Defaults for every synchronous link, and system-wide patterns.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Resilience {
    /// Request timeout in milliseconds; derived from the latency target when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub timeout_ms: Option<u32>,
    /// Connection timeout in milliseconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connect_timeout_ms: Option<u32>,
    /// Retry policy.
    #[serde(default, skip_serializing_if = "Retry::is_empty")]
    pub retries: Retry,
    /// Circuit breaker thresholds.
    #[serde(default, skip_serializing_if = "CircuitBreaker::is_empty")]
    pub circuit_breaker: CircuitBreaker,
    /// Maximum concurrent calls from one service to one dependency (bulkhead).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bulkhead: Option<u32>,
    /// How mutating requests are made safe to retry.
    #[serde(default, skip_serializing_if = "Idempotency::is_empty")]
    pub idempotency: Idempotency,
    /// Health check endpoints every service exposes.
    #[serde(default, skip_serializing_if = "HealthChecks::is_empty")]
    pub health: HealthChecks,
    /// Whether services shed load (reject early with 503) when saturated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub load_shedding: Option<bool>,
    /// Which layer of a call chain retries; the others make one attempt.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_layer: Option<RetryLayer>,
    /// Most calls one request may cause at the deepest dependency (the product of the
    /// attempts along its chain); `retries.max_attempts` when absent: one layer retries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_amplification: Option<u32>,
    /// Most retries each caller sends, as a percentage of its calls over a sliding window: a
    /// retry budget, as gRPC's retry throttling and Envoy's and Finagle's budgets keep one.
    /// Whatever the attempts per call, a failing dependency then gets at most this much extra
    /// load from each caller; 10 when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1, max = 100))]
    pub retry_budget_percent: Option<u32>,
    /// How event consumers retry and dead-letter, outside any request's budget.
    #[serde(default, skip_serializing_if = "Consumers::is_empty")]
    pub consumers: Consumers,
    /// Long-lived stream connections (WebSocket, SSE): heartbeat and reconnect.
    #[serde(default, skip_serializing_if = "Streams::is_empty")]
    pub streams: Streams,
    /// Where the rate limiters whose replicas share one count keep it (the gateway's limits
    /// and the links' client-side ones): a store the design runs, such as `Redis (the
    /// gateway's)`, or `per-replica` for a bucket each replica keeps alone at its share of the
    /// limit. An open decision when absent and the model states a limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_limit_store: Option<String>,
    /// What the limits do while their shared count (`rate_limit_store`) cannot be reached:
    /// `local`, each replica counts alone at its share; `allow`, they lapse (fail open);
    /// `deny`, every limited request is refused (fail closed). An open decision when absent
    /// and the gateway is Kong, or Envoy with a per-caller limit, whose fallbacks leave a gap.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_limit_fallback: Option<RateLimitFallback>,
}

/// What rate limits do while the store of their shared count cannot be reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum RateLimitFallback {
    /// Each replica counts alone at its share of the limit (the limit ÷ the replicas running).
    Local,
    /// The limits lapse until the store is back: every request passes uncounted.
    Allow,
    /// Every limited request is refused until the store is back.
    Deny,
}

impl RateLimitFallback {
    /// The value as the model writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            RateLimitFallback::Local => "local",
            RateLimitFallback::Allow => "allow",
            RateLimitFallback::Deny => "deny",
        }
    }
}

/// Which layer of a call chain retries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum RetryLayer {
    /// The call closest to the failing dependency: a call to a component that makes no
    /// synchronous calls of its own on the request path.
    Closest,
    /// The edge: calls from the first service a client reaches (a gateway or BFF).
    Edge,
}

/// How event consumers retry and dead-letter.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Consumers {
    /// Deliveries of one message, the first included, before it is dead-lettered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_attempts: Option<u32>,
    /// First wait before a redelivery, in milliseconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initial_ms: Option<u32>,
    /// Longest wait between redeliveries, in milliseconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_ms: Option<u32>,
    /// Randomisation of the waits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jitter: Option<Jitter>,
    /// Whether exhausted messages go to a dead-letter queue (rather than being dropped).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dead_letter: Option<bool>,
    /// Whether redeliveries go through separate retry topics (rather than in place).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub retry_topics: bool,
    /// Milliseconds a handler takes for one message at p99; sizes partitions and consumers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handler_ms: Option<u32>,
    /// Minutes within which the system promises to deliver or process a message despite
    /// failures (a webhook delivery window, say).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deliver_within_minutes: Option<u32>,
}

/// Long-lived stream connections.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Streams {
    /// Seconds between heartbeats on an idle connection.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heartbeat_seconds: Option<u32>,
    /// First wait before a client reconnects, in milliseconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reconnect_initial_ms: Option<u32>,
    /// Longest wait between reconnects, in milliseconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reconnect_max_ms: Option<u32>,
    /// Seconds a draining replica takes to close its connections (with a reconnect hint), so
    /// its clients reconnect spread over this window rather than all at once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drain_seconds: Option<u32>,
    /// The flow a client runs after it reconnects (catching up on what it missed), so that a
    /// reconnect storm's load reaches the services that flow calls.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_reconnect: Option<String>,
}

/// A retry policy.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Retry {
    /// Total attempts including the first; `1` disables retries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_attempts: Option<u32>,
    /// How the wait grows between attempts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backoff: Option<Backoff>,
    /// First wait in milliseconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initial_ms: Option<u32>,
    /// Longest wait in milliseconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_ms: Option<u32>,
    /// Randomisation of the wait, so clients do not retry in lockstep.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jitter: Option<Jitter>,
}

/// How the wait between retries grows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Backoff {
    /// Doubles every attempt.
    Exponential,
    /// Grows by the initial wait every attempt.
    Linear,
    /// The same wait every attempt.
    Fixed,
}

/// Randomisation of retry waits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Jitter {
    /// A random wait between zero and the computed wait.
    Full,
    /// Half the computed wait plus a random half.
    Equal,
    /// No randomisation.
    None,
}

/// Circuit breaker thresholds.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CircuitBreaker {
    /// Failure rate in percent that opens the circuit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure_rate: Option<u32>,
    /// Calls in the sliding window before the rate is judged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub minimum_calls: Option<u32>,
    /// Seconds the circuit stays open before trial calls.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub open_seconds: Option<u32>,
    /// Trial calls allowed while half-open.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub half_open_calls: Option<u32>,
}

/// How mutating requests are made safe to retry.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Idempotency {
    /// The request header carrying the client's idempotency key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header: Option<String>,
    /// Hours a key and its stored response are kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retention_hours: Option<u32>,
}

/// Health check endpoints.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HealthChecks {
    /// Liveness path: the process is running (restart it if not).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub liveness: Option<String>,
    /// Readiness path: the instance can take traffic (dependencies reachable).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub readiness: Option<String>,
    /// Startup path: initialisation finished.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub startup: Option<String>,
}

/// Per-link overrides of the resilience defaults.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LinkResilience {
    /// Request timeout in milliseconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub timeout_ms: Option<u32>,
    /// Retry policy for this link.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retries: Option<Retry>,
    /// Whether calls go through a circuit breaker (default yes), or its own thresholds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub circuit_breaker: Option<CircuitBreaker>,
    /// Maximum concurrent calls on this link.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bulkhead: Option<u32>,
    /// Calls a second the caller sends on this link at most, all its replicas together: a
    /// client-side token bucket kept below a provider's `rate_limit_rps`. A call over it waits
    /// for a token within its timeout; background work slows and its backlog waits in the
    /// broker.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0.001))]
    pub rate_limit_rps: Option<f64>,
    /// What the caller does when the callee fails or the circuit is open.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub fallback: String,
    /// For a call made from background work, what its messages do while the circuit is open:
    /// `pause` stops taking them until a trial call succeeds, so an outage spends none of their
    /// deliveries; `fail` (the default) fails each one, to be redelivered and dead-lettered when
    /// its deliveries run out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub while_open: Option<WhileOpen>,
}

/// What a consumer's messages do while the circuit to a callee is open.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum WhileOpen {
    /// Each message fails, spending one of its deliveries.
    #[default]
    Fail,
    /// The consumer stops taking messages until a trial call succeeds.
    Pause,
}

super::empty_is_default!(
    Resilience,
    Retry,
    CircuitBreaker,
    Idempotency,
    HealthChecks,
    Consumers,
    Streams
);

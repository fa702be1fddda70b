//! How messages and streams recover outside any request budget: the consumers' redelivery
//! schedule and the streams' heartbeat and reconnect.

use crate::defaults::RetryPolicy;
use crate::model::{Jitter, Model};
use serde::Serialize;

/// How consumers retry, outside any request budget.
#[derive(Debug, Clone, Serialize)]
pub struct ConsumerPolicy {
    /// Deliveries of one message, the first included.
    pub max_attempts: u32,
    /// Waits between deliveries before jitter.
    pub waits: Vec<u32>,
    /// Time from first delivery to dead-lettering: the waits' sum, in milliseconds.
    pub span_ms: u64,
    /// The span a message can count on under jitter, in milliseconds: half the waits' sum
    /// with full jitter (on average) or equal jitter (at least).
    pub likely_span_ms: u64,
    /// The longest single wait, in milliseconds.
    pub longest_wait_ms: u32,
    /// Whether the retries span the promised delivery window, when there is one, at the span a
    /// message can count on under jitter.
    pub covers_window: Option<bool>,
    /// `full`, `equal` or `none`.
    pub jitter: String,
    /// Whether exhausted messages are dead-lettered.
    pub dead_letter: bool,
    /// Whether redeliveries go through retry topics.
    pub retry_topics: bool,
    /// The promised delivery window in minutes, if any.
    pub deliver_within_minutes: Option<u32>,
}

/// Long-lived stream connections.
#[derive(Debug, Clone, Serialize)]
pub struct StreamPolicy {
    /// Seconds between heartbeats.
    pub heartbeat_seconds: u32,
    /// Seconds without a heartbeat after which either side closes: three missed beats.
    pub idle_timeout_seconds: u32,
    /// First reconnect wait, in milliseconds (full jitter).
    pub reconnect_initial_ms: u32,
    /// Longest reconnect wait, in milliseconds.
    pub reconnect_max_ms: u32,
}

/// The consumers' retry schedule: `resilience.consumers`, else 5 deliveries from 1 s to 1 min.
pub(crate) fn consumers(m: &Model) -> ConsumerPolicy {
    let c = &m.resilience.consumers;
    let p = RetryPolicy {
        max_attempts: c.max_attempts.unwrap_or(5),
        backoff: crate::model::Backoff::Exponential,
        initial_ms: c.initial_ms.unwrap_or(1000),
        max_ms: c.max_ms.unwrap_or(60_000),
        // A retry topic holds each message for its tier's fixed delay: no jitter applies.
        jitter: if c.retry_topics {
            Jitter::None
        } else {
            c.jitter.unwrap_or(Jitter::Full)
        },
    };
    let waits = p.waits();
    let span: u64 = waits.iter().map(|w| u64::from(*w)).sum();
    let likely = p.likely_span_ms();
    ConsumerPolicy {
        max_attempts: p.max_attempts,
        span_ms: span,
        likely_span_ms: likely,
        longest_wait_ms: waits.iter().copied().max().unwrap_or(0),
        covers_window: c
            .deliver_within_minutes
            .map(|m| likely >= u64::from(m) * 60_000),
        waits,
        jitter: match p.jitter {
            Jitter::Full => "full",
            Jitter::Equal => "equal",
            Jitter::None => "none",
        }
        .into(),
        dead_letter: c.dead_letter.unwrap_or(true),
        retry_topics: c.retry_topics,
        deliver_within_minutes: c.deliver_within_minutes,
    }
}

/// The streams' heartbeat and reconnect waits: `resilience.streams`, else 30 s and 1 s to 30 s.
pub(super) fn streams(m: &Model) -> StreamPolicy {
    let s = &m.resilience.streams;
    let heartbeat = s.heartbeat_seconds.unwrap_or(30);
    StreamPolicy {
        heartbeat_seconds: heartbeat,
        idle_timeout_seconds: heartbeat * 3,
        reconnect_initial_ms: s.reconnect_initial_ms.unwrap_or(1000),
        reconnect_max_ms: s.reconnect_max_ms.unwrap_or(30_000),
    }
}

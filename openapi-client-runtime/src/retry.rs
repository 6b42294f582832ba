//! When and how long to wait before trying a request again.

use std::time::Duration;

use reqwest::header::HeaderMap;

/// How failed requests are retried: 429, 5xx, timeouts and connection failures, for operations
/// whose HTTP method is idempotent (GET, PUT, DELETE…). A POST or PATCH is retried only when the
/// connection could not be made, so it provably never reached the server: an order or a coupon
/// is never created twice.
///
/// Waits grow exponentially from `base_delay` with jitter, capped at `max_delay`; a wait the
/// server asks for, in seconds (`Retry-After`, or a rate-limit header the generated client
/// names), is honoured, capped the same way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    base_delay: Duration,
    max_delay: Duration,
}

impl Default for RetryPolicy {
    /// 4 attempts, waits from 500 ms, at most 60 s.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 4,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// The default policy.
    pub fn new() -> Self {
        RetryPolicy::default()
    }

    /// No retries: every request is sent once.
    pub fn disabled() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// How many times a request may be sent in all (at least 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The first wait; each later one doubles.
    pub fn base_delay(mut self, delay: Duration) -> Self {
        self.base_delay = delay;
        self
    }

    /// The longest wait, including one the server asks for.
    pub fn max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    pub(crate) fn attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The wait before attempt `attempt + 1`: the server's, or exponential with jitter (between
    /// half and all of `base_delay * 2^(attempt-1)`), never above `max_delay`.
    pub(crate) fn delay(&self, attempt: u32, server: Option<Duration>) -> Duration {
        if let Some(wait) = server {
            return wait.min(self.max_delay);
        }
        let exponent = attempt.saturating_sub(1).min(20);
        let full = self
            .base_delay
            .saturating_mul(1 << exponent)
            .min(self.max_delay);
        let half = full / 2;
        half + half.mul_f64(fastrand::f64())
    }
}

/// The wait the server asks for: the first of `names` that holds a number of seconds
/// (`Retry-After` given as an HTTP date is not used).
pub(crate) fn server_delay(headers: &HeaderMap, names: &[&str]) -> Option<Duration> {
    names.iter().find_map(|name| {
        let text = headers.get(*name)?.to_str().ok()?.trim();
        let seconds: f64 = text.parse().ok()?;
        (seconds.is_finite() && seconds >= 0.0)
            .then(|| Duration::from_secs_f64(seconds.min(86_400.0)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays() {
        let policy = RetryPolicy::new()
            .base_delay(Duration::from_millis(100))
            .max_delay(Duration::from_secs(1));
        for _ in 0..100 {
            let first = policy.delay(1, None);
            assert!(
                first >= Duration::from_millis(50) && first <= Duration::from_millis(100),
                "{first:?}"
            );
            let third = policy.delay(3, None);
            assert!(
                third >= Duration::from_millis(200) && third <= Duration::from_millis(400),
                "{third:?}"
            );
            assert!(policy.delay(30, None) <= Duration::from_secs(1));
        }
        assert_eq!(
            policy.delay(1, Some(Duration::from_secs(5))),
            Duration::from_secs(1)
        );
        assert_eq!(
            policy.delay(1, Some(Duration::from_millis(300))),
            Duration::from_millis(300)
        );
        assert_eq!(RetryPolicy::disabled().attempts(), 1);
        assert_eq!(RetryPolicy::new().max_attempts(0).attempts(), 1);
    }

    #[test]
    fn server_delays() {
        const NAMES: &[&str] = &["X-RateLimit-Reset-After", "Retry-After"];
        let server_delay = |headers: &HeaderMap| super::server_delay(headers, NAMES);
        let mut headers = HeaderMap::new();
        assert_eq!(server_delay(&headers), None);
        headers.insert("retry-after", "2".parse().unwrap());
        assert_eq!(server_delay(&headers), Some(Duration::from_secs(2)));
        headers.insert("x-ratelimit-reset-after", "7".parse().unwrap());
        assert_eq!(server_delay(&headers), Some(Duration::from_secs(7)));
        headers.insert("x-ratelimit-reset-after", "soon".parse().unwrap());
        assert_eq!(server_delay(&headers), Some(Duration::from_secs(2)));
        headers.insert(
            "retry-after",
            "Wed, 21 Oct 2015 07:28:00 GMT".parse().unwrap(),
        );
        assert_eq!(server_delay(&headers), None);
    }
}

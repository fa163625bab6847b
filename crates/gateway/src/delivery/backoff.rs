//! When an entry is tried again: the delay doubles per attempt up to the
//! configured maximum, with jitter so that the entries of one outage spread
//! out.

use crate::config::RetryPolicy;

/// The delay before attempt `attempts + 1`: `initial · 2^(attempts-1)`, at
/// most `max`, with ±20 % jitter so that entries of one outage spread out.
pub fn backoff_ms(policy: &RetryPolicy, attempts: i64, jitter_unit: f64) -> i64 {
    let initial = policy.initial.as_millis() as f64;
    let max = policy.max.as_millis() as f64;
    let exp = (attempts.max(1) - 1).min(40) as i32;
    let base = (initial * 2f64.powi(exp)).min(max);
    let jitter = 0.8 + 0.4 * jitter_unit.clamp(0.0, 1.0);
    (base * jitter).round() as i64
}

pub(crate) fn random_unit() -> f64 {
    (uuid::Uuid::new_v4().as_u128() % 10_000) as f64 / 10_000.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn backoff_doubles_up_to_the_maximum() {
        let p = RetryPolicy {
            initial: Duration::from_secs(2),
            max: Duration::from_secs(600),
            lease: Duration::from_secs(30),
            confirm_after: Duration::from_secs(10),
        };
        assert_eq!(backoff_ms(&p, 1, 0.5), 2000);
        assert_eq!(backoff_ms(&p, 2, 0.5), 4000);
        assert_eq!(backoff_ms(&p, 3, 0.5), 8000);
        assert_eq!(backoff_ms(&p, 30, 0.5), 600_000);
        assert_eq!(backoff_ms(&p, 1, 0.0), 1600);
        assert_eq!(backoff_ms(&p, 1, 1.0), 2400);
    }
}

//! Time and identifiers: the platform's clock formats and its numeric ids.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// Seconds since the Unix epoch (0 if the clock is before it).
pub(crate) fn now_secs() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

fn now_millis() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
        .unwrap_or(0)
}

/// `yyyyMMddHHmmss` → `yyyy-MM-dd HH:mm:ss`, the form the query answers use
/// (seed 000 §4.9–4.11, §4.15). Anything not 14 ASCII digits is returned as is.
pub(crate) fn dashed(ts14: &str) -> String {
    if ts14.len() != 14 || !ts14.bytes().all(|b| b.is_ascii_digit()) {
        return ts14.to_string();
    }
    format!(
        "{}-{}-{} {}:{}:{}",
        &ts14[0..4],
        &ts14[4..6],
        &ts14[6..8],
        &ts14[8..10],
        &ts14[10..12],
        &ts14[12..14]
    )
}

/// 2019-01-01T00:00:00Z, the start of the id clock.
const ID_EPOCH_MS: u64 = 1_546_300_800_000;

/// Numeric ids shaped like the platform's (`157633797775425536`): milliseconds
/// since 2019 shifted left 22 bits, strictly increasing within the process, so
/// they stay unique across restarts as long as the clock does not go back.
#[derive(Debug, Default)]
pub(crate) struct IdGen {
    last: AtomicU64,
}

impl IdGen {
    /// The next id.
    pub(crate) fn next(&self) -> u64 {
        let now = now_millis().saturating_sub(ID_EPOCH_MS) << 22;
        let mut last = self.last.load(Ordering::Relaxed);
        loop {
            let candidate = now.max(last + 1);
            match self.last.compare_exchange_weak(
                last,
                candidate,
                Ordering::Relaxed,
                Ordering::Relaxed,
            ) {
                Ok(_) => return candidate,
                Err(actual) => last = actual,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_increase_and_look_like_the_platforms() {
        let ids = IdGen::default();
        let a = ids.next();
        let b = ids.next();
        assert!(b > a);
        assert!(a.to_string().len() >= 18, "{a}");
    }

    #[test]
    fn dashed_formats_only_timestamps() {
        assert_eq!(dashed("20191013220720"), "2019-10-13 22:07:20");
        assert_eq!(dashed("2019"), "2019");
    }
}

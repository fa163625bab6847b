//! The gateway's one clock: Unix time in milliseconds and seconds.
//!
//! What runs with an [`AppState`](crate::state::AppState) (handlers, the
//! delivery loop, the pads' watch, the tag refresher) asks the state's
//! [`Clock`]: the system's in a running gateway, a [`Clock::manual`] one that
//! a test sets and advances (a day passing for the pads' evaluators, a
//! ticket expiring) without waiting. What runs without one (the commands,
//! start-up) uses [`now_ms`] / [`now_secs`], the system clock, as do the
//! stamps that are only bookkeeping (a directory record's `updated_at`) and
//! what the outside world checks against its own time (x-rio timestamps,
//! a ticket's `exp`). The outbox's, the pads' and the catalogs' queries take
//! their time as a parameter.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// A clock: the system's, or a manual one for tests. Cheap to clone; the
/// clones of a manual clock move together.
#[derive(Debug, Clone, Default)]
pub struct Clock {
    /// `None`: the system clock; else the manual clock's time, Unix ms.
    manual: Option<Arc<AtomicI64>>,
}

impl Clock {
    /// The system clock.
    pub fn system() -> Clock {
        Clock { manual: None }
    }

    /// A clock standing at `unix_ms` until it is set or advanced.
    pub fn manual(unix_ms: i64) -> Clock {
        Clock {
            manual: Some(Arc::new(AtomicI64::new(unix_ms))),
        }
    }

    /// Milliseconds since the Unix epoch.
    pub fn now_ms(&self) -> i64 {
        match &self.manual {
            Some(t) => t.load(Ordering::SeqCst),
            None => system_ms(),
        }
    }

    /// Seconds since the Unix epoch.
    pub fn now_secs(&self) -> i64 {
        self.now_ms().div_euclid(1000)
    }

    /// Moves a manual clock on by `by`. The system clock cannot be moved:
    /// returns false and changes nothing.
    pub fn advance(&self, by: Duration) -> bool {
        match &self.manual {
            Some(t) => {
                let ms = i64::try_from(by.as_millis()).unwrap_or(i64::MAX);
                t.fetch_add(ms, Ordering::SeqCst);
                true
            }
            None => false,
        }
    }
}

fn system_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// Milliseconds since the Unix epoch, by the system clock.
pub fn now_ms() -> i64 {
    system_ms()
}

/// Seconds since the Unix epoch, by the system clock.
pub fn now_secs() -> i64 {
    system_ms().div_euclid(1000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manual_clock_moves_only_when_told_and_its_clones_with_it() {
        let c = Clock::manual(1_700_000_000_123);
        let twin = c.clone();
        assert_eq!(c.now_ms(), 1_700_000_000_123);
        assert_eq!(c.now_secs(), 1_700_000_000);
        assert!(c.advance(Duration::from_secs(86_400)));
        assert_eq!(twin.now_secs(), 1_700_086_400);
    }

    #[test]
    fn the_system_clock_is_now_and_cannot_be_moved() {
        let c = Clock::system();
        let before = now_ms();
        assert!(!c.advance(Duration::from_secs(3600)));
        let t = c.now_ms();
        assert!(t >= before && t - before < 60_000, "{before} {t}");
    }
}

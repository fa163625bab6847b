//! Clock helpers, and the SQLite database under its old name (the store
//! itself is in [`crate::store`]).

use std::time::{SystemTime, UNIX_EPOCH};

pub use crate::store::Db;

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// Seconds since the Unix epoch.
pub fn now_secs() -> i64 {
    now_ms() / 1000
}

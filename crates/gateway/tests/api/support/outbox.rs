//! What the exactly-once tests share: a gateway tuned to give up fast
//! (upstream timeout 400 ms, lease 2 s, confirmation after 1 s, an answer
//! to the citizen after 200 ms), the sandbox's fault modes, keyed
//! submissions, and the outbox as gateway.db records it.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use hcp_gateway::config::ConfigArgs;
use hcp_gateway::store::Db;
use hcp_sandbox::{Faults, StoredRating};
use serde_json::Value;

use crate::helpers::*;

/// The upstream timeout of the fast gateways (ms).
pub const TIMEOUT_MS: u64 = 400;
/// An answer delay the fast gateways give up on.
pub const SLOW_MS: u64 = 900;

/// Settings of a gateway that gives up on the platform fast.
pub fn fast(a: &mut ConfigArgs) {
    a.upstream_timeout_ms = Some(TIMEOUT_MS);
    a.lease_secs = Some(2);
    a.confirm_after_secs = Some(1);
    a.submit_wait_ms = Some(200);
}

/// The same, as a child gateway's environment (remote mode against `upstream`).
pub fn fast_env(dir: &std::path::Path, upstream: &str) -> Vec<(String, String)> {
    let mut env = child_env(dir, upstream);
    env.retain(|(k, _)| k != "HCP_LEASE_SECS" && k != "RUST_LOG");
    for (k, v) in [
        ("HCP_UPSTREAM_TIMEOUT_MS", TIMEOUT_MS.to_string()),
        ("HCP_LEASE_SECS", "2".to_string()),
        ("HCP_CONFIRM_AFTER_SECS", "1".to_string()),
        ("HCP_SUBMIT_WAIT_MS", "200".to_string()),
        ("HCP_RATE_LIMIT_PER_SECOND", "100000".to_string()),
        ("HCP_RATE_LIMIT_BURST", "100000".to_string()),
        ("RUST_LOG", "info".to_string()),
    ] {
        env.push((k.to_string(), v));
    }
    env
}

/// A key no other submission of this test run uses (32 hex digits).
pub fn new_key() -> String {
    static N: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let n = N.fetch_add(1, Ordering::Relaxed);
    format!("{:016x}{:08x}{:08x}", nanos as u64, std::process::id(), n)
}

/// `body` with an idempotency key.
pub fn keyed(mut body: Value, key: &str) -> Value {
    body["idempotencyKey"] = Value::String(key.to_string());
    body
}

impl TestApp {
    /// Sets the running sandbox's fault modes.
    pub fn faults(&self, faults: Faults) {
        self.sandbox
            .as_ref()
            .expect("sandbox running")
            .sandbox()
            .set_faults(faults)
            .expect("faults");
    }

    /// The outbox as gateway.db has it.
    pub fn outbox(&self) -> OutboxState {
        outbox_state(self.state().db.sqlite().expect("a SQLite test gateway"))
    }

    /// Waits until no entry is pending (every rating answered by the platform
    /// or confirmed there), or panics after `secs`.
    pub async fn settled(&self, secs: u64) -> OutboxState {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(secs);
        loop {
            let state = self.outbox();
            if state.pending == 0 {
                return state;
            }
            if tokio::time::Instant::now() > deadline {
                panic!("the outbox did not settle: {state:?}");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

/// Entries by state, and how the unknown outcomes were settled.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OutboxState {
    /// Entries still pending.
    pub pending: i64,
    /// Pending with an unknown outcome.
    pub unconfirmed: i64,
    /// Entries by state.
    pub states: HashMap<String, i64>,
    /// Closed after a confirmation query found them.
    pub confirmed: i64,
    /// Closed after a query did not find them and they were sent again.
    pub resent: i64,
    /// Every entry.
    pub entries: i64,
}

/// Reads the outbox counts from a gateway database.
pub fn outbox_state(db: &Db) -> OutboxState {
    db.blocking(|c| read_outbox_state(c)).expect("outbox state")
}

/// Reads the outbox counts from a store of either backend.
pub async fn store_outbox_state(store: &hcp_gateway::store::Store) -> OutboxState {
    store.read(read_outbox_state).await.expect("outbox state")
}

fn read_outbox_state(c: &mut dyn hcp_gateway::store::Tx) -> anyhow::Result<OutboxState> {
    let mut s = OutboxState::default();
    for (state, n) in hcp_gateway::delivery::listing::counts(c)? {
        s.entries += n;
        if state == hcp_gateway::delivery::kinds::State::Pending {
            s.pending = n;
        }
        s.states.insert(state.as_str().to_string(), n);
    }
    s.unconfirmed = hcp_gateway::delivery::listing::unconfirmed(c)?;
    for (how, n) in hcp_gateway::delivery::listing::recoveries(c)? {
        match how {
            hcp_gateway::delivery::kinds::Recovery::Confirmed => s.confirmed = n,
            hcp_gateway::delivery::kinds::Recovery::Resent => s.resent = n,
        }
    }
    Ok(s)
}

/// How many stored ratings carry each remark (the tests' markers).
pub fn by_remark(ratings: &[StoredRating]) -> HashMap<String, usize> {
    let mut m = HashMap::new();
    for r in ratings {
        *m.entry(r.remark.clone().unwrap_or_default()).or_insert(0) += 1;
    }
    m
}

/// How many stored ratings each case and stage has.
pub fn by_case(ratings: &[StoredRating]) -> HashMap<String, usize> {
    let mut m = HashMap::new();
    for r in ratings.iter().filter(|r| r.affair_serial_no.is_some()) {
        let key = format!(
            "{}:{}",
            r.affair_serial_no.clone().unwrap_or_default(),
            r.eval_process.unwrap_or(0)
        );
        *m.entry(key).or_insert(0) += 1;
    }
    m
}

//! The outbox as gateway.db records it (entries by state, how unknown
//! outcomes were settled), waiting for it to settle, and the gateway tuned
//! to give up on the platform fast (upstream timeout 400 ms, lease 2 s,
//! confirmation after 1 s, an answer to the citizen after 200 ms) that the
//! exactly-once tests drive into unknown outcomes.

use std::collections::HashMap;
use std::path::Path;

use hcp_gateway::config::ConfigArgs;
use hcp_gateway::store::Db;

use crate::support::app::TestApp;
use crate::support::child::ChildEnv;
use crate::support::wait::{eventually_ok, when};

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
pub fn fast_env(dir: &Path, upstream: &str) -> ChildEnv {
    ChildEnv::remote(dir, upstream)
        .set("HCP_UPSTREAM_TIMEOUT_MS", TIMEOUT_MS)
        .set("HCP_LEASE_SECS", 2)
        .set("HCP_CONFIRM_AFTER_SECS", 1)
        .set("HCP_SUBMIT_WAIT_MS", 200)
        .set("HCP_RATE_LIMIT_PER_SECOND", 100000)
        .set("HCP_RATE_LIMIT_BURST", 100000)
        .set("RUST_LOG", "info")
}

impl TestApp {
    /// The outbox as gateway.db has it.
    pub fn outbox(&self) -> OutboxState {
        outbox_state(self.state().db.sqlite().expect("a SQLite test gateway"))
    }

    /// Waits until no entry is pending (every rating answered by the platform
    /// or confirmed there), or panics after `secs`.
    pub async fn settled(&self, secs: u64) -> OutboxState {
        eventually_ok(secs, "the outbox to settle", || async move {
            when(self.outbox(), |s| s.pending == 0)
        })
        .await
    }
}

/// Waits until the outbox of the gateway.db `db` (another process's) has
/// no entry pending, or panics after `secs`.
pub async fn settled_in(db: &Db, secs: u64) -> OutboxState {
    eventually_ok(secs, "the outbox to settle", || async move {
        when(outbox_state(db), |s| s.pending == 0)
    })
    .await
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

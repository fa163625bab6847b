//! The sandbox as the provincial platform: started on a port (a new one, or
//! the one it had, to come back after an outage), its fault modes, what it
//! stored (read from its database, as another process would), and x-rio
//! headers for calling it directly.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::Path;
use std::time::Duration;

use hcp_protocol::sign;
use hcp_sandbox::{Faults, SandboxConfig, SandboxHandle, StoredRating};
use tokio::net::TcpListener;

use crate::support::app::TestApp;

/// Starts a sandbox on `addr` (127.0.0.1:0 for a new port) with its store at `db`.
pub async fn start_sandbox(addr: SocketAddr, db: &Path, latency: Duration) -> SandboxHandle {
    let listener = TcpListener::bind(addr).await.expect("sandbox port");
    let mut cfg = SandboxConfig::dev(db);
    cfg.latency = latency;
    hcp_sandbox::spawn(cfg, listener).await.expect("sandbox")
}

/// Ratings stored in a sandbox database.
pub fn ratings_in(db: &Path) -> Vec<StoredRating> {
    hcp_sandbox::Sandbox::open(SandboxConfig::dev(db))
        .expect("open sandbox db")
        .ratings()
        .expect("ratings")
}

/// Signs x-rio headers for a direct sandbox call.
pub fn rio_headers(timestamp: i64, nonce: &str, token: &str) -> Vec<(&'static str, String)> {
    let ts = timestamp.to_string();
    vec![
        (sign::header::PAASID, hcp_sandbox::dev::PAAS_ID.to_string()),
        (sign::header::TIMESTAMP, ts.clone()),
        (sign::header::NONCE, nonce.to_string()),
        (
            sign::header::SIGNATURE,
            sign::rio_signature(&ts, token, nonce),
        ),
    ]
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

//! The embedded platform of sandbox mode: `hcp-sandbox` started in-process on
//! a loopback port, the gateway's directories seeded with its demo data and
//! the demo citizen's history, so that every page has something to rate.

use std::net::Ipv4Addr;
use std::time::Duration;

use anyhow::Context as _;
use tokio::net::TcpListener;
use url::Url;

use crate::clock::Clock;
use crate::config::Config;
use crate::store::Store;

/// The embedded platform itself, which `/dev/sandbox` switches.
pub type Embedded = hcp_sandbox::Sandbox;

/// The started sandbox, stopped with [`shutdown`].
pub type Handle = hcp_sandbox::SandboxHandle;

/// Starts the sandbox with the gateway's identity and seeds the directories
/// (upserts: a restart keeps what was imported or pushed) and the sandbox's
/// history of the demo citizen. Returns it and its base URL.
pub async fn start(config: &Config, db: &Store, clock: &Clock) -> anyhow::Result<(Handle, Url)> {
    let sandbox_config = hcp_sandbox::SandboxConfig {
        paas_id: config.paas_id.clone(),
        paas_token: config.paas_token.expose().to_string(),
        des_key: config.des_key.clone(),
        db_path: config.sandbox_db_path(),
        latency: Duration::ZERO,
        // Its fault switch is the gateway's /dev/sandbox/faults.
        admin: false,
    };
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .await
        .context("cannot open a port for the sandbox")?;
    let handle = hcp_sandbox::spawn(sandbox_config, listener)
        .await
        .context("cannot start the sandbox")?;
    let base = Url::parse(&handle.base_url()).context("sandbox base URL")?;
    let (cases, halls) = db
        .write(crate::sandbox::demo_data::seed_demo)
        .await
        .context("cannot seed the directory with the demo data")?;
    // The demo citizen's past ratings, so 我的评价 has a case in every state.
    let seeded = {
        let sandbox = handle.sandbox().clone();
        let now = clock.now_secs();
        tokio::task::spawn_blocking(move || sandbox.seed_demo_history(now))
            .await
            .context("cannot seed the sandbox's demo history")?
            .context("cannot seed the sandbox's demo history")?
    };
    tracing::info!(base_url = %base, cases, halls, history = seeded, "sandbox started; directory seeded with the demo data");
    Ok((handle, base))
}

/// The embedded platform of a started sandbox.
pub fn shared(handle: &Handle) -> Embedded {
    handle.sandbox().clone()
}

/// Stops it.
pub async fn shutdown(handle: Handle) {
    handle.shutdown().await;
}

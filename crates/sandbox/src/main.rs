//! `hcp-sandbox`: the provincial 好差评 platform, standalone.
//!
//! `hcp-sandbox --listen 127.0.0.1:9090 --data-dir data/sandbox [--latency-ms N] [--admin]`
//! prints its base URL (the only line on stdout; logs go to stderr) and
//! serves until Ctrl-C or SIGTERM. With `--admin`, `GET`/`PUT
//! /_sandbox/faults` switch its fault modes (crate docs, `faults`).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use hcp_protocol::crypt::DesKey;
use hcp_sandbox::{SandboxConfig, dev};
use tracing_subscriber::EnvFilter;

/// The provincial 好差评 platform API (seed 000 §4.3–4.15), for development and tests.
#[derive(Debug, Parser)]
#[command(name = "hcp-sandbox", version)]
struct Args {
    /// Address to listen on.
    #[arg(long, env = "HCP_SANDBOX_LISTEN", default_value = "127.0.0.1:9090")]
    listen: SocketAddr,
    /// Directory of the SQLite store (sandbox.db inside it).
    #[arg(long, env = "HCP_SANDBOX_DATA_DIR", default_value = "data/sandbox")]
    data_dir: PathBuf,
    /// Milliseconds waited before every request is handled (a slow upstream).
    #[arg(long, env = "HCP_SANDBOX_LATENCY_MS", default_value_t = 0)]
    latency_ms: u64,
    /// Serve GET/PUT /_sandbox/faults (unsigned) to switch fault modes at run time: for tests only.
    #[arg(long, env = "HCP_SANDBOX_ADMIN", default_value_t = false)]
    admin: bool,
    /// The PaaSID the sandbox accepts.
    #[arg(long, env = "HCP_SANDBOX_PAAS_ID", default_value = dev::PAAS_ID)]
    paas_id: String,
    /// The x-rio token (not printed).
    #[arg(long, env = "HCP_SANDBOX_PAAS_TOKEN", default_value = dev::PAAS_TOKEN, hide_default_value = true, hide_env_values = true)]
    paas_token: String,
    /// The DES key of contactPhone / certificateNo: 8 characters or 16 hex digits (not printed).
    #[arg(long, env = "HCP_SANDBOX_DES_KEY", default_value = dev::DES_KEY, hide_default_value = true, hide_env_values = true)]
    des_key: String,
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    let args = Args::parse();
    match run(args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("hcp-sandbox: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: Args) -> Result<(), String> {
    let des_key = DesKey::parse(&args.des_key)
        .map_err(|e| format!("HCP_SANDBOX_DES_KEY / --des-key: {e}"))?;
    let config = SandboxConfig {
        paas_id: args.paas_id,
        paas_token: args.paas_token,
        des_key,
        db_path: args.data_dir.join("sandbox.db"),
        latency: Duration::from_millis(args.latency_ms),
        admin: args.admin,
    };
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", args.listen))?;
    let handle = hcp_sandbox::spawn(config, listener)
        .await
        .map_err(|e| e.to_string())?;
    println!("{}", handle.base_url());
    shutdown_signal().await;
    tracing::info!("shutting down");
    handle.shutdown().await;
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::warn!(error = %e, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(e) => {
                tracing::warn!(error = %e, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = term => {}
    }
}

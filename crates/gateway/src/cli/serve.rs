//! `hcp-gateway serve` (the default command): checks the settings, starts the
//! gateway, prints its address (and in sandbox mode the demo links), and
//! stops it on Ctrl-C or SIGTERM.

use crate::config::{Config, ConfigArgs};
use crate::telemetry;
use std::io::Write as _;
use std::process::ExitCode;

pub(crate) async fn serve(args: ConfigArgs) -> ExitCode {
    let config = match Config::resolve(args) {
        Ok(c) => c,
        Err(e) => {
            eprint!("{e}");
            return ExitCode::from(2);
        }
    };
    telemetry::init(config.log_format);
    let running = match crate::server::run(config).await {
        Ok(r) => r,
        Err(e) => {
            tracing::error!(error = %format!("{e:#}"), "cannot start");
            eprintln!("hcp-gateway cannot start: {e:#}");
            return ExitCode::from(1);
        }
    };
    let base = running.base_url();
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "hcp-gateway listening on {base}");
    if let Some(text) = crate::sandbox::banner(running.state(), &base).await {
        let _ = write!(out, "{text}");
    }
    let _ = out.flush();
    drop(out);
    wait_for_signal().await;
    tracing::info!("shutting down");
    running.shutdown().await;
    ExitCode::SUCCESS
}

async fn wait_for_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {}
        _ = term => {}
    }
}

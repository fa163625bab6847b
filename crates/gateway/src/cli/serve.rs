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
    // Listened to before anything starts: a Ctrl-C or SIGTERM at any moment
    // from here on (an operator's, a supervisor's) is a graceful shutdown,
    // never the default action of ending the process mid-start.
    let stop = match Shutdown::listen() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("hcp-gateway cannot start: cannot listen for SIGTERM and Ctrl-C: {e}");
            return ExitCode::from(1);
        }
    };
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
    stop.wait().await;
    tracing::info!("shutting down");
    running.shutdown().await;
    ExitCode::SUCCESS
}

/// The signals that stop the gateway, their handlers installed when this
/// is made (not when it is first awaited).
struct Shutdown {
    #[cfg(unix)]
    term: tokio::signal::unix::Signal,
    #[cfg(unix)]
    interrupt: tokio::signal::unix::Signal,
}

impl Shutdown {
    fn listen() -> std::io::Result<Shutdown> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            Ok(Shutdown {
                term: signal(SignalKind::terminate())?,
                interrupt: signal(SignalKind::interrupt())?,
            })
        }
        #[cfg(not(unix))]
        Ok(Shutdown {})
    }

    /// Until SIGTERM or Ctrl-C.
    async fn wait(mut self) {
        #[cfg(unix)]
        tokio::select! {
            _ = self.term.recv() => {}
            _ = self.interrupt.recv() => {}
        }
        #[cfg(not(unix))]
        {
            let _ = &mut self;
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}

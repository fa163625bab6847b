//! The `hcp-gateway` command line: `serve` (the default), `import`,
//! `outbox`, `sign-link`, `pad-link` and `hall-report`, and the dispatch to
//! each command's module. Every setting is also an environment variable
//! (`HCP_…`); see `hcp-gateway --help`.

use crate::cli::import::import;
use crate::cli::outbox::show_outbox;
use crate::cli::serve::serve;
use crate::cli::sign_link::sign_link;
use crate::config::ConfigArgs;
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// hcp-gateway: serves the 好差评 widget and delivers its ratings to the provincial platform.
#[derive(Debug, Parser)]
#[command(name = "hcp-gateway", version, about)]
pub struct Cli {
    /// Settings (each also an environment variable).
    #[command(flatten)]
    pub config: ConfigArgs,
    /// What to do (default: serve).
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the widget and its API (the default).
    Serve,
    /// Import cases, halls or departments into the directory from a CSV file
    /// (header row with the platform's field names) or a JSON array of
    /// objects; the kind is told by the fields (affairSerialNo, hallCode,
    /// departmentCode).
    Import {
        /// The file (.csv or .json).
        file: PathBuf,
    },
    /// Show outbox entries that are pending or were refused by the platform,
    /// and how entries whose attempt had an unknown outcome were settled
    /// (confirmed by the platform's query, or resent).
    Outbox {
        /// Show every entry, delivered ones too.
        #[arg(long)]
        all: bool,
        /// At most this many entries (the newest).
        #[arg(long, default_value_t = 200)]
        limit: i64,
    },
    /// Sign a page link on a hall system's behalf (README: "Signed hall
    /// links"): prints it with `expires` and `sign` added. The secret is the
    /// link's appCode's in HCP_LINK_SECRETS, else HCP_LINK_SECRET.
    SignLink {
        /// The link: a URL (https://host/front/pc/?…) or a path with its query (/front/pc/?…).
        link: String,
        /// How long it stays valid, in seconds (at most 30 days).
        #[arg(long, default_value_t = 86_400)]
        expires_in: i64,
    },
    /// Issue a pad link for a hall window (its credential is printed once and
    /// stored as a digest), list the pads, or revoke one.
    PadLink(crate::cli::pad_link::PadLinkArgs),
    /// Play the hall system: report a case at a window (signed like the
    /// directory push, HCP_PUSH_*), as a hall's business system would.
    HallReport(crate::cli::hall_report::HallReportArgs),
}

/// Runs the command line; returns the process exit code.
pub async fn main(cli: Cli) -> ExitCode {
    let args = match cli.config.merged() {
        Ok(a) => a,
        Err(e) => {
            eprint!("{e}");
            return ExitCode::from(2);
        }
    };
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(args).await,
        Command::Import { file } => import(&args, &file).await,
        Command::Outbox { all, limit } => show_outbox(&args, all, limit).await,
        Command::SignLink { link, expires_in } => sign_link(&args, &link, expires_in),
        Command::PadLink(a) => crate::cli::pad_link::pad_link(&args, &a).await,
        Command::HallReport(a) => crate::cli::hall_report::hall_report(&args, &a).await,
    }
}

//! The `hcp-gateway` command line: `serve` (the default), `import`,
//! `outbox`, `sign-link`, `pad-link` and `hall-report` (`pad_cli`). Every
//! setting is also an environment variable (`HCP_…`); see
//! `hcp-gateway --help`.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::config::{Config, ConfigArgs, Secret};
use crate::store::Store;
use crate::{directory, outbox, telemetry};

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
    PadLink(crate::pad_cli::PadLinkArgs),
    /// Play the hall system: report a case at a window (signed like the
    /// directory push, HCP_PUSH_*), as a hall's business system would.
    HallReport(crate::pad_cli::HallReportArgs),
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
        Command::PadLink(a) => crate::pad_cli::pad_link(&args, &a).await,
        Command::HallReport(a) => crate::pad_cli::hall_report(&args, &a).await,
    }
}

/// The secret a link of `app_code` is signed with, from the settings alone.
fn link_secret_for(args: &ConfigArgs, app_code: &str) -> Option<Secret> {
    let own = args
        .link_secrets
        .as_ref()
        .and_then(|l| l.0.iter().find(|(a, _)| a == app_code))
        .map(|(_, s)| s.clone());
    let any = args.link_secret.clone().filter(|s| !s.is_empty());
    #[cfg(feature = "sandbox")]
    let any = any.or_else(|| {
        // Sandbox mode signs with the development secret, as `serve` checks.
        let sandbox = args
            .upstream
            .as_deref()
            .is_none_or(|u| u.trim().eq_ignore_ascii_case("sandbox"));
        sandbox.then(|| Secret::new(crate::dev::LINK_SECRET))
    });
    own.or(any)
}

fn sign_link(args: &ConfigArgs, link: &str, expires_in: i64) -> ExitCode {
    use hcp_protocol::link::MAX_TTL_SECS;
    let fail = |msg: String| {
        eprintln!("hcp-gateway sign-link: {msg}");
        ExitCode::from(2)
    };
    if !(1..=MAX_TTL_SECS).contains(&expires_in) {
        return fail(format!(
            "--expires-in must be from 1 to {MAX_TTL_SECS} seconds (30 days)"
        ));
    }
    let (head, rest) = match link.find('?') {
        Some(i) => (&link[..i], &link[i + 1..]),
        None => (link, ""),
    };
    let (query, fragment) = match rest.split_once('#') {
        Some((q, f)) => (q, Some(f)),
        None => (rest, None),
    };
    let path = match url::Url::parse(head) {
        Ok(u) => u.path().to_string(),
        Err(_) if head.starts_with('/') => head.to_string(),
        Err(_) => {
            return fail("the link must be a URL (https://…) or a path (/front/pc/?…)".to_string());
        }
    };
    let Some(route) = hcp_protocol::Route::from_path(&path) else {
        return fail(format!(
            "the link's path is none of the pages ({})",
            hcp_protocol::Route::PATHS.join(", ")
        ));
    };
    let params = match hcp_protocol::PageParams::parse(route, query) {
        Ok(p) => p,
        Err(errors) => {
            let lines: Vec<String> = errors.iter().map(|e| format!("  {e}")).collect();
            return fail(format!(
                "the link's parameters are not valid:\n{}",
                lines.join("\n")
            ));
        }
    };
    let Some(secret) = link_secret_for(args, params.app_code().as_str()) else {
        return fail(
            "no secret to sign with: set HCP_LINK_SECRET (or HCP_LINK_SECRETS for this appCode)"
                .to_string(),
        );
    };
    let expires = crate::db::now_secs() + expires_in;
    match hcp_protocol::link::sign(route, query, secret.expose().as_bytes(), expires) {
        Ok(q) => {
            let tail = fragment.map(|f| format!("#{f}")).unwrap_or_default();
            println!("{head}?{q}{tail}");
            ExitCode::SUCCESS
        }
        Err(e) => fail(e.to_string()),
    }
}

async fn serve(args: ConfigArgs) -> ExitCode {
    let config = match Config::resolve(args) {
        Ok(c) => c,
        Err(e) => {
            eprint!("{e}");
            return ExitCode::from(2);
        }
    };
    telemetry::init(config.log_format);
    #[cfg(feature = "sandbox")]
    let demo = config.is_sandbox().then(|| {
        (
            config.ticket_secret.clone(),
            config.links.secret.clone().unwrap_or_default(),
        )
    });
    let running = match crate::run(config).await {
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
    #[cfg(feature = "sandbox")]
    if let Some((ticket_secret, link_secret)) = demo {
        use crate::demo_links;
        let now = crate::db::now_secs();
        let links = demo_links::demo_links(&base, &ticket_secret, &link_secret, now).and_then(
            |mut links| {
                links.extend(demo_links::citizen_links(&base, &ticket_secret, now)?);
                Ok(links)
            },
        );
        match links {
            Ok(links) => {
                let _ = writeln!(
                    out,
                    "sandbox mode: one link per page (tickets and signed hall links valid for 12 h):"
                );
                let _ = write!(out, "{}", demo_links::format_links(&links));
            }
            Err(e) => tracing::warn!(error = %format!("{e:#}"), "cannot build the demo links"),
        }
        match crate::pad_cli::demo_pad(running.state(), &base).await {
            Ok(text) => {
                let _ = write!(out, "{text}");
            }
            Err(e) => tracing::warn!(error = %format!("{e:#}"), "cannot issue the demo pad"),
        }
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

/// The store these settings name (HCP_DATABASE_URL, else gateway.db in
/// the data directory), migrated if needed.
pub async fn open_db(args: &ConfigArgs) -> Result<Store, ExitCode> {
    let opened = match args.database_url.as_ref().filter(|u| !u.is_empty()) {
        Some(url) => Store::connect_postgres(url.expose()).await,
        None => Store::open_sqlite(&args.data_dir_or_default().join("gateway.db")).await,
    };
    opened.map_err(|e| {
        eprintln!("hcp-gateway: {e:#}");
        ExitCode::from(2)
    })
}

async fn import(args: &ConfigArgs, file: &Path) -> ExitCode {
    let text = match std::fs::read_to_string(file) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("hcp-gateway import: cannot read {}: {e}", file.display());
            return ExitCode::from(2);
        }
    };
    let json = file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let (kind, parsed) = match directory::parse_import(&text, json) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("hcp-gateway import: {}: {e}", file.display());
            return ExitCode::from(2);
        }
    };
    let db = match open_db(args).await {
        Ok(db) => db,
        Err(code) => return code,
    };
    let (cases, halls) = (parsed.cases.clone(), parsed.halls.clone());
    let departments = parsed.departments.clone();
    let stored = db
        .write(move |c| {
            Ok(directory::upsert_cases(c, &cases)?
                + directory::upsert_halls(c, &halls)?
                + crate::departments::upsert(c, &departments)?)
        })
        .await;
    let stored = match stored {
        Ok(n) => n,
        Err(e) => {
            eprintln!("hcp-gateway import: cannot store the records: {e:#}");
            return ExitCode::from(2);
        }
    };
    let workers: usize = parsed.halls.iter().map(|h| h.workers.len()).sum();
    let what = match kind {
        directory::DirectoryKind::Cases => format!("{stored} cases"),
        directory::DirectoryKind::Halls => format!("{stored} halls ({workers} workers)"),
        directory::DirectoryKind::Departments => format!("{stored} departments"),
    };
    println!(
        "imported {what} from {}; {} rows refused",
        file.display(),
        parsed.errors.len()
    );
    for e in &parsed.errors {
        println!("  {e}");
    }
    if parsed.errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn beijing(ms: i64) -> String {
    let t = hcp_protocol::sign::beijing_timestamp14(ms / 1000);
    format!(
        "{}-{}-{} {}:{}:{}",
        &t[0..4],
        &t[4..6],
        &t[6..8],
        &t[8..10],
        &t[10..12],
        &t[12..14]
    )
}

async fn show_outbox(args: &ConfigArgs, all: bool, limit: i64) -> ExitCode {
    let db = match open_db(args).await {
        Ok(db) => db,
        Err(code) => return code,
    };
    let result = db
        .read(move |c| {
            Ok((
                outbox::counts(c)?,
                outbox::list(c, all, limit.max(1))?,
                outbox::recoveries(c)?,
                outbox::unconfirmed(c)?,
            ))
        })
        .await;
    let (counts, rows, recoveries, unconfirmed) = match result {
        Ok(r) => r,
        Err(e) => {
            eprintln!("hcp-gateway outbox: {e:#}");
            return ExitCode::from(2);
        }
    };
    let summary: Vec<String> = counts.iter().map(|(s, n)| format!("{s} {n}")).collect();
    println!(
        "outbox ({} {}): {}",
        db.backend(),
        db.location(),
        summary.join(", ")
    );
    // Attempts whose outcome was unknown (a timeout, a lost connection, a
    // crash mid-attempt): confirmed by the platform's query, or resent.
    let recovered: Vec<String> = recoveries
        .iter()
        .map(|(how, n)| format!("{} {n}", how.as_str()))
        .collect();
    println!(
        "after an unknown outcome: {}; waiting to be confirmed {unconfirmed}",
        recovered.join(", ")
    );
    if rows.is_empty() {
        println!(
            "{}",
            if all {
                "no entries"
            } else {
                "nothing pending or refused"
            }
        );
        return ExitCode::SUCCESS;
    }
    println!(
        "{:>6}  {:<8}  {:<15}  {:<9}  {:>8}  {:<19}  {:<19}  {:<60}  last error",
        "id", "kind", "state", "recovery", "attempts", "accepted", "next attempt", "key"
    );
    for r in rows {
        let pending = r.state == outbox::State::Pending;
        let state = if pending && r.unknown {
            "unknown/confirm".to_string()
        } else if pending && r.attempts > 0 {
            "failed/retry".to_string()
        } else {
            r.state.to_string()
        };
        let next = if pending {
            beijing(r.next_attempt_at)
        } else {
            "-".to_string()
        };
        println!(
            "{:>6}  {:<8}  {:<15}  {:<9}  {:>8}  {:<19}  {:<19}  {:<60}  {}",
            r.id,
            r.kind.as_str(),
            state,
            r.recovery.as_deref().unwrap_or("-"),
            r.attempts,
            beijing(r.created_at),
            next,
            r.key,
            r.last_error
                .as_deref()
                .map(outbox::redact)
                .unwrap_or_default()
        );
    }
    ExitCode::SUCCESS
}

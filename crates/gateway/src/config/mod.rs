//! Configuration: the settings as given (`args`: flags and environment
//! variables, read by clap), an optional TOML file mirroring them
//! (`HCP_CONFIG`, laid under them by `layers`), and the checks that decide
//! whether the gateway may start (`resolve`). This file holds what they
//! produce: the checked [`Config`] and its parts, and [`ConfigError`].
//!
//! Precedence: command-line flag, then environment, then the TOML file, then
//! the default. Sandbox mode (`HCP_UPSTREAM=sandbox`, the default of a build
//! with the `sandbox` feature) has a development value for every secret; any
//! other mode refuses to start until each one is set, and refuses public or
//! too short ones (`secrets`), naming each problem in one message. A build
//! without the `sandbox` feature (the production build) knows no sandbox
//! mode and no development value at all.

mod args;
mod layers;
mod origin;
mod resolve;
pub mod secrets;
mod values;

use std::fmt;
use std::net::SocketAddr;
use std::num::NonZeroU32;
use std::path::PathBuf;
use std::time::Duration;

use hcp_protocol::crypt::DesKey;
use url::Url;

pub use args::ConfigArgs;
pub use origin::parse_origin;
pub use values::{AppSecrets, CommaList, Secret};

/// Where ratings go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Upstream {
    /// The embedded sandbox, started in-process on a random loopback port.
    Sandbox,
    /// The provincial API gateway at this base URL (ends with `/`).
    Remote(Url),
}

impl Upstream {
    /// `sandbox` or `remote`, for /healthz and logs.
    pub fn mode(&self) -> &'static str {
        match self {
            Upstream::Sandbox => "sandbox",
            Upstream::Remote(_) => "remote",
        }
    }
}

/// Log line format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LogFormat {
    /// One compact human-readable line per event.
    #[default]
    Compact,
    /// One JSON object per event.
    Json,
}

/// The directory push API's credentials (seed 004).
#[derive(Debug, Clone)]
pub struct PushAuth {
    /// Expected appcode.
    pub appcode: String,
    /// Expected modulecode.
    pub modulecode: String,
    /// appsecret; `None` closes the push API.
    pub secret: Option<Secret>,
}

/// The outbox's retry timing.
#[derive(Debug, Clone, Copy)]
pub struct RetryPolicy {
    /// Delay after the first failed attempt; doubled for each further one.
    pub initial: Duration,
    /// The longest delay.
    pub max: Duration,
    /// How long an attempt holds its entry.
    pub lease: Duration,
    /// After an attempt with an unknown outcome, how long to wait before
    /// asking the platform whether the rating landed.
    pub confirm_after: Duration,
}

/// Who may issue links that carry an evaluator (offLine=1 hall links).
#[derive(Debug, Clone, Default)]
pub struct LinkAuth {
    /// The secret of every appCode without its own.
    pub secret: Option<Secret>,
    /// Secrets of single appCodes.
    pub per_app: Vec<(String, Secret)>,
    /// appCodes whose links may come unsigned (explicit legacy opt-in).
    pub legacy_unsigned: Vec<String>,
}

impl LinkAuth {
    /// The secret links of `app_code` are signed with, if any.
    pub fn secret_for(&self, app_code: &str) -> Option<&Secret> {
        self.per_app
            .iter()
            .find(|(a, _)| a == app_code)
            .map(|(_, s)| s)
            .or(self.secret.as_ref())
    }

    /// Whether unsigned links of `app_code` are accepted (legacy opt-in).
    pub fn accepts_unsigned(&self, app_code: &str) -> bool {
        self.legacy_unsigned.iter().any(|a| a == app_code)
    }
}

/// How often a citizen may rate the same thing (一次一评, 一事一评): one
/// rating per period, periods counted in whole Beijing days since 1970-01-01
/// (so a 1-day period is a Beijing calendar day).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RatingPeriods {
    /// One consult rating per citizen per window per this many days.
    pub consult_days: u64,
    /// One guide rating per citizen per guide per this many days.
    pub guide_days: u64,
}

impl Default for RatingPeriods {
    fn default() -> Self {
        RatingPeriods {
            consult_days: 1,
            guide_days: 30,
        }
    }
}

/// Per-client-IP limits of /api.
#[derive(Debug, Clone, Copy)]
pub struct RateLimit {
    /// Sustained requests per second.
    pub per_second: NonZeroU32,
    /// Burst size.
    pub burst: NonZeroU32,
}

/// The checked configuration the gateway runs with.
#[derive(Debug, Clone)]
pub struct Config {
    /// Address to listen on.
    pub listen: SocketAddr,
    /// Where ratings go.
    pub upstream: Upstream,
    /// x-rio-paasid.
    pub paas_id: String,
    /// x-rio signing token.
    pub paas_token: Secret,
    /// DES key of the personal fields.
    pub des_key: DesKey,
    /// Ticket (JWT) secret.
    pub ticket_secret: Secret,
    /// Origins allowed to frame the pages (`scheme://host[:port]`).
    pub allowed_origins: Vec<String>,
    /// Data directory.
    pub data_dir: PathBuf,
    /// The shared PostgreSQL store; `None`: SQLite in the data directory.
    pub database_url: Option<Secret>,
    /// Login URL for citizens without a valid ticket.
    pub login_url: String,
    /// The built widget.
    pub widget_dir: PathBuf,
    /// Push API credentials.
    pub push: PushAuth,
    /// Log format.
    pub log_format: LogFormat,
    /// Outbox retry timing.
    pub retry: RetryPolicy,
    /// How long a submission waits for the platform before answering `queued`.
    pub submit_wait: Duration,
    /// /api rate limits.
    pub rate_limit: RateLimit,
    /// Trust X-Forwarded-For for the client IP.
    pub trust_forwarded_for: bool,
    /// How old a stored tag catalog may get before it is refreshed.
    pub tags_ttl: Duration,
    /// appCodes whose tag catalogs are prefetched (more are learned from requests).
    pub app_codes: Vec<hcp_protocol::types::AppCode>,
    /// One upstream request's timeout.
    pub upstream_timeout: Duration,
    /// Hall-link signing.
    pub links: LinkAuth,
    /// One rating per citizen per thing per period.
    pub periods: RatingPeriods,
    /// The public base URL (`HCP_PUBLIC_URL`, no trailing slash), if set.
    pub public_url: Option<String>,
    /// How long a pad shows a reported case.
    pub pad_show: Duration,
}

/// Why the gateway may not start: every problem found, each on its own line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// Variables that must be set and are not.
    pub missing: Vec<&'static str>,
    /// Values that are set but wrong.
    pub invalid: Vec<String>,
}

impl ConfigError {
    /// A refusal of one line.
    fn single(message: String) -> ConfigError {
        ConfigError {
            missing: vec![],
            invalid: vec![message],
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "hcp-gateway cannot start: the configuration is incomplete or wrong."
        )?;
        if !self.missing.is_empty() {
            let when = if crate::sandbox::BUILT {
                " (required when HCP_UPSTREAM is not `sandbox`)"
            } else {
                ""
            };
            writeln!(f, "  missing{when}: {}", self.missing.join(", "))?;
        }
        for line in &self.invalid {
            writeln!(f, "  {line}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ConfigError {}

impl Config {
    /// What an operator should know at start: every appCode whose unsigned
    /// hall links are accepted, and a missing link secret.
    pub fn warnings(&self) -> Vec<String> {
        let mut out = Vec::new();
        for app in &self.links.legacy_unsigned {
            out.push(format!(
                "HCP_LEGACY_UNSIGNED_LINKS: unsigned offLine=1 hall links of appCode {app} are accepted; anyone who edits such a link can rate its cases in another person's name. Sign them (HCP_LINK_SECRET, hcp-gateway sign-link) and remove {app} from the list"
            ));
        }
        if self.links.secret.is_none() && self.links.per_app.is_empty() {
            out.push(
                "HCP_LINK_SECRET is not set: offLine=1 hall links (which need no login) are refused"
                    .to_string(),
            );
        }
        out
    }

    /// Whether the embedded sandbox is the upstream.
    pub fn is_sandbox(&self) -> bool {
        self.upstream == Upstream::Sandbox
    }

    /// The gateway database file.
    pub fn db_path(&self) -> PathBuf {
        self.data_dir.join("gateway.db")
    }

    /// The sandbox's database file (sandbox mode).
    pub fn sandbox_db_path(&self) -> PathBuf {
        self.data_dir.join("sandbox").join("sandbox.db")
    }
}

#[cfg(test)]
mod tests;

//! Configuration: environment variables (read by clap), an optional TOML file
//! mirroring them (`HCP_CONFIG`), and the checks that decide whether the
//! gateway may start.
//!
//! Precedence: command-line flag, then environment, then the TOML file, then
//! the default. Sandbox mode (`HCP_UPSTREAM=sandbox`, the default of a build
//! with the `sandbox` feature) has a development value for every secret; any
//! other mode refuses to start until each one is set, and refuses public or
//! too short ones (`secrets`), naming each problem in one message. A build
//! without the `sandbox` feature (the production build) knows no sandbox
//! mode and no development value at all.

use std::fmt;
use std::net::SocketAddr;
use std::num::NonZeroU32;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use hcp_protocol::crypt::DesKey;
use serde::Deserialize;
use url::Url;

pub mod secrets;

use secrets::{MIN_CHOSEN_SECRET, MIN_PAAS_TOKEN, production_problem};

/// A secret value. `Debug` and `Display` print `***`, so it can sit in
/// structs that are logged or printed without leaking.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Secret(String);

impl Secret {
    /// Wraps a value.
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    /// The value itself. Only for signing and verifying; never log it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Whether it is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl FromStr for Secret {
    type Err = std::convert::Infallible;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(Secret(s.to_string()))
    }
}

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Secret)
    }
}

/// A comma list in the environment, a string or an array in the TOML file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CommaList(pub Vec<String>);

impl FromStr for CommaList {
    type Err = std::convert::Infallible;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(CommaList(
            s.split(',')
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(str::to_string)
                .collect(),
        ))
    }
}

impl<'de> Deserialize<'de> for CommaList {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Either {
            One(String),
            Many(Vec<String>),
        }
        Ok(match Either::deserialize(d)? {
            Either::One(s) => s.parse().unwrap_or_default(),
            Either::Many(v) => CommaList(
                v.into_iter()
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect(),
            ),
        })
    }
}

/// Secrets by appCode: `appCode=secret,…` in the environment, a table (or
/// that string) in the TOML file. `Debug` shows the appCodes only.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct AppSecrets(pub Vec<(String, Secret)>);

impl fmt::Debug for AppSecrets {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(self.0.iter().map(|(app, _)| format!("{app}=***")))
            .finish()
    }
}

impl FromStr for AppSecrets {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let mut out = Vec::new();
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            match part.split_once('=') {
                Some((app, secret)) if !app.trim().is_empty() && !secret.is_empty() => {
                    out.push((app.trim().to_string(), Secret::new(secret)));
                }
                // Not echoed: the part may be a secret.
                _ => return Err("each entry must be appCode=secret".to_string()),
            }
        }
        Ok(AppSecrets(out))
    }
}

impl<'de> Deserialize<'de> for AppSecrets {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Either {
            One(String),
            Table(std::collections::BTreeMap<String, String>),
        }
        match Either::deserialize(d)? {
            Either::One(s) => s.parse().map_err(serde::de::Error::custom),
            Either::Table(t) => Ok(AppSecrets(
                t.into_iter().map(|(k, v)| (k, Secret::new(v))).collect(),
            )),
        }
    }
}

/// The gateway's settings as given: every one optional, so that the sources
/// can be layered. Field names are the TOML keys; `HCP_` + upper case is the
/// environment variable.
#[derive(Debug, Clone, Default, clap::Args, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigArgs {
    /// A TOML file with any of these settings (keys in lower case without `HCP_`); the environment wins.
    #[arg(long, env = "HCP_CONFIG")]
    #[serde(skip)]
    pub config: Option<PathBuf>,
    /// Address to listen on [default: 127.0.0.1:8080].
    #[arg(long, env = "HCP_LISTEN")]
    pub listen: Option<String>,
    /// `sandbox` (the embedded platform, default) or the provincial gateway base URL, such as https://host/prorio/ebus/ping/.
    #[arg(long, env = "HCP_UPSTREAM")]
    pub upstream: Option<String>,
    /// PaaSID assigned by the provincial API gateway (x-rio-paasid).
    #[arg(long, env = "HCP_PAAS_ID")]
    pub paas_id: Option<String>,
    /// Token assigned by the provincial API gateway, the x-rio signing secret.
    #[arg(long, env = "HCP_PAAS_TOKEN", hide_env_values = true)]
    pub paas_token: Option<Secret>,
    /// DES key for contactPhone and certificateNo: 8 characters or 16 hex digits.
    #[arg(long, env = "HCP_DES_KEY", hide_env_values = true)]
    pub des_key: Option<Secret>,
    /// HS256 secret of the portal's login tickets (JWT).
    #[arg(long, env = "HCP_TICKET_SECRET", hide_env_values = true)]
    pub ticket_secret: Option<Secret>,
    /// Origins allowed to embed the pages and receive messages, comma separated (https://portal.example.gov.cn).
    #[arg(long, env = "HCP_ALLOWED_ORIGINS")]
    pub allowed_origins: Option<CommaList>,
    /// Directory of gateway.db (outbox, directories) and, in sandbox mode, sandbox/ [default: ./data].
    #[arg(long, env = "HCP_DATA_DIR")]
    pub data_dir: Option<PathBuf>,
    /// PostgreSQL shared by several gateways (postgres://user:password@host:5432/hcp); unset: SQLite in HCP_DATA_DIR/gateway.db.
    #[arg(long, env = "HCP_DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<Secret>,
    /// Where a citizen without a valid ticket is sent (`?redirect=<page>` is added) [sandbox default: /dev/login].
    #[arg(long, env = "HCP_LOGIN_URL")]
    pub login_url: Option<String>,
    /// The built widget (Trunk's dist/, made by `make widget`) [default: ./dist].
    #[arg(long, env = "HCP_WIDGET_DIR")]
    pub widget_dir: Option<PathBuf>,
    /// appcode the directory push API expects (seed-004 signature) [default: hcp-directory].
    #[arg(long, env = "HCP_PUSH_APPCODE")]
    pub push_appcode: Option<String>,
    /// modulecode the directory push API expects [default: directory].
    #[arg(long, env = "HCP_PUSH_MODULECODE")]
    pub push_modulecode: Option<String>,
    /// appsecret of the directory push API; without it (outside sandbox mode) the push API is closed.
    #[arg(long, env = "HCP_PUSH_SECRET", hide_env_values = true)]
    pub push_secret: Option<Secret>,
    /// Log format: `compact` (default) or `json`.
    #[arg(long, env = "HCP_LOG_FORMAT")]
    pub log_format: Option<String>,
    /// First retry delay of the outbox in milliseconds; it doubles per attempt [default: 2000].
    #[arg(long, env = "HCP_RETRY_INITIAL_MS")]
    pub retry_initial_ms: Option<u64>,
    /// Longest retry delay of the outbox in seconds [default: 600].
    #[arg(long, env = "HCP_RETRY_MAX_SECS")]
    pub retry_max_secs: Option<u64>,
    /// How long a delivery attempt holds its outbox entry, in seconds; after a crash the entry is due again then [default: 30].
    #[arg(long, env = "HCP_LEASE_SECS")]
    pub lease_secs: Option<u64>,
    /// How long a submission waits for the platform before answering `queued`, in milliseconds [default: 3000].
    #[arg(long, env = "HCP_SUBMIT_WAIT_MS")]
    pub submit_wait_ms: Option<u64>,
    /// Requests per second each client IP may make to /api, sustained [default: 5].
    #[arg(long, env = "HCP_RATE_LIMIT_PER_SECOND")]
    pub rate_limit_per_second: Option<u32>,
    /// Requests each client IP may make to /api in a burst [default: 60].
    #[arg(long, env = "HCP_RATE_LIMIT_BURST")]
    pub rate_limit_burst: Option<u32>,
    /// Take the client IP from X-Forwarded-For (only behind a trusted reverse proxy) [default: false].
    #[arg(long, env = "HCP_TRUST_FORWARDED_FOR")]
    pub trust_forwarded_for: Option<bool>,
    /// How old a stored tag catalog may get before it is fetched again in the background, in seconds [default: 600].
    #[arg(long, env = "HCP_TAGS_TTL_SECS")]
    pub tags_ttl_secs: Option<u64>,
    /// appCodes whose tag catalogs (every page kind and star level) are fetched at start and kept fresh, comma separated; appCodes seen in requests are added [sandbox default: the demo appCode].
    #[arg(long, env = "HCP_APP_CODES")]
    pub app_codes: Option<CommaList>,
    /// How long one upstream request may take, in milliseconds; a rating whose answer does not come in time has an unknown outcome [default: 5000].
    #[arg(long, env = "HCP_UPSTREAM_TIMEOUT_MS")]
    pub upstream_timeout_ms: Option<u64>,
    /// How long after an attempt with an unknown outcome (timeout, connection lost) the platform is asked whether the rating landed, in seconds; only if it did not is it sent again [default: 60].
    #[arg(long, env = "HCP_CONFIRM_AFTER_SECS")]
    pub confirm_after_secs: Option<u64>,
    /// Secret that hall links carrying an evaluator (offLine=1 affair and batch links) are signed with, HMAC-SHA256, at least 32 characters; shared with the hall systems (`hcp-gateway sign-link`). Without it such links are refused [sandbox default: a development value].
    #[arg(long, env = "HCP_LINK_SECRET", hide_env_values = true)]
    pub link_secret: Option<Secret>,
    /// Per-appCode link secrets (`appCode=secret,…`), one per hall system; they replace HCP_LINK_SECRET for those appCodes.
    #[arg(long, env = "HCP_LINK_SECRETS", hide_env_values = true)]
    pub link_secrets: Option<AppSecrets>,
    /// appCodes whose offLine=1 hall links may still come unsigned (legacy hall systems: anyone can then rate those cases in anyone's name), comma separated; the gateway warns at start.
    #[arg(long, env = "HCP_LEGACY_UNSIGNED_LINKS")]
    pub legacy_unsigned_links: Option<CommaList>,
    /// One consult rating per citizen per window within this many Beijing days (1: per calendar day) [default: 1].
    #[arg(long, env = "HCP_CONSULT_PERIOD_DAYS")]
    pub consult_period_days: Option<u64>,
    /// One guide rating per citizen per guide within this many Beijing days [default: 30].
    #[arg(long, env = "HCP_GUIDE_PERIOD_DAYS")]
    pub guide_period_days: Option<u64>,
    /// The gateway's public base URL as citizens reach it (https://hcp.example.gov.cn, or with a path prefix): the links in pad and printed QR codes and in `pad-link`'s output start with it [default: the address each request came to; sandbox: http://127.0.0.1:PORT].
    #[arg(long, env = "HCP_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// How long a pad shows a reported case before going back to idle, in seconds (the case stays rateable by its QR code) [default: 180].
    #[arg(long, env = "HCP_PAD_SHOW_SECS")]
    pub pad_show_secs: Option<u64>,
    /// Development builds only: a non-sandbox gateway skips the production checks of its secrets (public development values, length), for tests and benchmarks against a local sandbox.
    #[cfg(feature = "sandbox")]
    #[arg(long, env = "HCP_ALLOW_DEV_SECRETS")]
    pub allow_dev_secrets: Option<bool>,
}

macro_rules! fill {
    ($self:ident, $other:ident, $($field:ident),+) => {
        $( if $self.$field.is_none() { $self.$field = $other.$field; } )+
    };
}

impl ConfigArgs {
    /// Fills what is unset from the TOML file named by `config`, if any.
    pub fn merged(mut self) -> Result<ConfigArgs, ConfigError> {
        let Some(path) = self.config.clone() else {
            return Ok(self);
        };
        let file = ConfigArgs::from_toml_file(&path)?;
        fill!(
            self,
            file,
            listen,
            upstream,
            paas_id,
            paas_token,
            des_key,
            ticket_secret,
            allowed_origins,
            data_dir,
            database_url,
            login_url,
            widget_dir,
            push_appcode,
            push_modulecode,
            push_secret,
            log_format,
            retry_initial_ms,
            retry_max_secs,
            lease_secs,
            submit_wait_ms,
            rate_limit_per_second,
            rate_limit_burst,
            trust_forwarded_for,
            tags_ttl_secs,
            app_codes,
            upstream_timeout_ms,
            confirm_after_secs,
            link_secret,
            link_secrets,
            legacy_unsigned_links,
            consult_period_days,
            guide_period_days,
            public_url,
            pad_show_secs
        );
        #[cfg(feature = "sandbox")]
        if self.allow_dev_secrets.is_none() {
            self.allow_dev_secrets = file.allow_dev_secrets;
        }
        Ok(self)
    }

    /// Reads a TOML file of settings.
    pub fn from_toml_file(path: &Path) -> Result<ConfigArgs, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            ConfigError::single(format!("HCP_CONFIG: cannot read {}: {e}", path.display()))
        })?;
        toml::from_str(&text).map_err(|e| {
            ConfigError::single(format!("HCP_CONFIG: {} is not valid: {e}", path.display()))
        })
    }

    /// The data directory (for the commands that need nothing else).
    pub fn data_dir_or_default(&self) -> PathBuf {
        self.data_dir
            .clone()
            .unwrap_or_else(|| PathBuf::from("./data"))
    }
}

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
            let when = if cfg!(feature = "sandbox") {
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

/// Checks that `s` is an origin: `scheme://host[:port]`, nothing more.
pub fn parse_origin(s: &str) -> Result<String, String> {
    let url = Url::parse(s).map_err(|e| format!("`{s}` is not a URL ({e})"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!("`{s}` must start with http:// or https://"));
    }
    if url.host_str().is_none() {
        return Err(format!("`{s}` has no host"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(format!("`{s}` must not contain credentials"));
    }
    let trimmed = s.trim_end_matches('/');
    if url.path() != "/"
        || url.query().is_some()
        || url.fragment().is_some()
        || trimmed.contains('?')
    {
        return Err(format!(
            "`{s}` must be an origin (scheme://host[:port]) without a path"
        ));
    }
    // The serialized origin is the canonical form (lower-case host, default port dropped).
    Ok(url.origin().ascii_serialization())
}

/// The development value of a setting in sandbox mode.
#[cfg(feature = "sandbox")]
fn dev_value(var: &str) -> &'static str {
    use crate::dev;
    match var {
        "HCP_PAAS_ID" => dev::PAAS_ID,
        "HCP_PAAS_TOKEN" => dev::PAAS_TOKEN,
        "HCP_DES_KEY" => dev::DES_KEY,
        "HCP_TICKET_SECRET" => dev::TICKET_SECRET,
        "HCP_LOGIN_URL" => dev::LOGIN_URL,
        "HCP_PUSH_SECRET" => dev::PUSH_SECRET,
        "HCP_LINK_SECRET" => dev::LINK_SECRET,
        "HCP_APP_CODES" => dev::APP_CODES,
        _ => "",
    }
}

/// The production build has no development values (and no sandbox mode, so
/// this is never asked).
#[cfg(not(feature = "sandbox"))]
fn dev_value(_var: &str) -> &'static str {
    ""
}

fn env_name(field: &str) -> String {
    format!("HCP_{}", field.to_ascii_uppercase())
}

impl Config {
    /// Checks the settings (already merged with the TOML file). Every problem
    /// is collected, so one message lists them all.
    pub fn resolve(args: ConfigArgs) -> Result<Config, ConfigError> {
        let mut missing: Vec<&'static str> = Vec::new();
        let mut invalid: Vec<String> = Vec::new();

        let listen_text = args
            .listen
            .clone()
            .unwrap_or_else(|| "127.0.0.1:8080".to_string());
        let listen = match listen_text.parse::<SocketAddr>() {
            Ok(a) => Some(a),
            Err(_) => {
                invalid.push(format!(
                    "HCP_LISTEN: `{listen_text}` is not an address such as 127.0.0.1:8080"
                ));
                None
            }
        };

        // A build without the sandbox has no default upstream: it must be told.
        let upstream_text = match args.upstream.clone() {
            Some(u) => u,
            None if cfg!(feature = "sandbox") => "sandbox".to_string(),
            None => {
                missing.push("HCP_UPSTREAM");
                String::new()
            }
        };
        let upstream = if upstream_text.is_empty() {
            None
        } else if upstream_text.trim().eq_ignore_ascii_case("sandbox") {
            if cfg!(feature = "sandbox") {
                Some(Upstream::Sandbox)
            } else {
                invalid.push(
                    "HCP_UPSTREAM: this is the production build of hcp-gateway, without the sandbox (cargo feature `sandbox`); set the provincial gateway's URL, such as https://host/prorio/ebus/ping/".to_string(),
                );
                None
            }
        } else {
            let mut text = upstream_text.trim().to_string();
            if !text.ends_with('/') {
                text.push('/');
            }
            match Url::parse(&text) {
                Ok(u) if matches!(u.scheme(), "http" | "https") && u.host_str().is_some() => {
                    if u.query().is_some() || u.fragment().is_some() {
                        invalid.push(format!(
                            "HCP_UPSTREAM: `{upstream_text}` must not have a query or fragment"
                        ));
                        None
                    } else {
                        Some(Upstream::Remote(u))
                    }
                }
                Ok(_) => {
                    invalid.push(format!(
                        "HCP_UPSTREAM: `{upstream_text}` must be `sandbox` or an http(s) URL such as https://host/prorio/ebus/ping/"
                    ));
                    None
                }
                Err(e) => {
                    invalid.push(format!(
                        "HCP_UPSTREAM: `{upstream_text}` must be `sandbox` or an http(s) URL ({e})"
                    ));
                    None
                }
            }
        };
        let sandbox = matches!(upstream, Some(Upstream::Sandbox));
        #[cfg(feature = "sandbox")]
        let allow_dev_secrets = args.allow_dev_secrets.unwrap_or(false);
        #[cfg(not(feature = "sandbox"))]
        let allow_dev_secrets = false;
        // Production: whatever is not the embedded sandbox, unless a
        // development build was told otherwise for a local test platform.
        let production = !sandbox && !allow_dev_secrets;

        // Secrets: development defaults in sandbox mode, required otherwise.
        let mut required = |value: Option<String>, var: &'static str| -> String {
            match value.filter(|v| !v.trim().is_empty()) {
                Some(v) => v,
                None if sandbox => dev_value(var).to_string(),
                None => {
                    missing.push(var);
                    String::new()
                }
            }
        };
        let paas_id = required(args.paas_id.clone(), "HCP_PAAS_ID");
        let paas_token = Secret::new(required(
            args.paas_token.as_ref().map(|s| s.expose().to_string()),
            "HCP_PAAS_TOKEN",
        ));
        let des_text = required(
            args.des_key.as_ref().map(|s| s.expose().to_string()),
            "HCP_DES_KEY",
        );
        let ticket_secret = Secret::new(required(
            args.ticket_secret.as_ref().map(|s| s.expose().to_string()),
            "HCP_TICKET_SECRET",
        ));
        let login_url = required(args.login_url.clone(), "HCP_LOGIN_URL");

        let des_key = if des_text.is_empty() {
            None
        } else {
            match DesKey::parse(&des_text) {
                Ok(k) => Some(k),
                Err(e) => {
                    invalid.push(format!("HCP_DES_KEY: {e}"));
                    None
                }
            }
        };
        if !login_url.is_empty()
            && !login_url.starts_with('/')
            && let Err(e) = Url::parse(&login_url)
        {
            invalid.push(format!(
                "HCP_LOGIN_URL: `{login_url}` is neither a path nor a URL ({e})"
            ));
        }

        let database_url = args.database_url.clone().filter(|s| !s.is_empty());
        if let Some(url) = &database_url {
            let u = url.expose();
            if !(u.starts_with("postgres://") || u.starts_with("postgresql://")) {
                invalid.push(
                    "HCP_DATABASE_URL: not a postgres:// URL (leave it unset for SQLite in HCP_DATA_DIR)"
                        .to_string(),
                );
            }
        }

        let mut allowed_origins = Vec::new();
        for o in args.allowed_origins.clone().unwrap_or_default().0 {
            match parse_origin(&o) {
                Ok(o) => allowed_origins.push(o),
                Err(e) => invalid.push(format!("HCP_ALLOWED_ORIGINS: {e}")),
            }
        }

        let log_format = match args.log_format.as_deref().map(str::trim) {
            None | Some("") | Some("compact") | Some("text") => LogFormat::Compact,
            Some("json") => LogFormat::Json,
            Some(other) => {
                invalid.push(format!(
                    "HCP_LOG_FORMAT: `{other}` must be `compact` or `json`"
                ));
                LogFormat::Compact
            }
        };

        let mut positive = |v: Option<u64>, field: &str, default: u64| -> u64 {
            match v {
                Some(0) => {
                    invalid.push(format!("{}: must be greater than 0", env_name(field)));
                    default
                }
                Some(n) => n,
                None => default,
            }
        };
        let retry_initial_ms = positive(args.retry_initial_ms, "retry_initial_ms", 2000);
        let retry_max_secs = positive(args.retry_max_secs, "retry_max_secs", 600);
        let lease_secs = positive(args.lease_secs, "lease_secs", 30);
        let submit_wait_ms = positive(args.submit_wait_ms, "submit_wait_ms", 3000);
        let tags_ttl_secs = positive(args.tags_ttl_secs, "tags_ttl_secs", 600);
        let per_second = positive(
            args.rate_limit_per_second.map(u64::from),
            "rate_limit_per_second",
            5,
        );
        let burst = positive(args.rate_limit_burst.map(u64::from), "rate_limit_burst", 60);
        let upstream_timeout_ms = positive(args.upstream_timeout_ms, "upstream_timeout_ms", 5000);
        let confirm_after_secs = positive(args.confirm_after_secs, "confirm_after_secs", 60);
        let consult_days = positive(args.consult_period_days, "consult_period_days", 1);
        let guide_days = positive(args.guide_period_days, "guide_period_days", 30);
        let pad_show_secs = positive(args.pad_show_secs, "pad_show_secs", 180);
        let public_url = match args.public_url.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(text) => match Url::parse(text) {
                Ok(u)
                    if matches!(u.scheme(), "http" | "https")
                        && u.host_str().is_some()
                        && u.query().is_none()
                        && u.fragment().is_none() =>
                {
                    Some(text.trim_end_matches('/').to_string())
                }
                _ => {
                    invalid.push(format!(
                        "HCP_PUBLIC_URL: `{}` must be an http(s) URL without query or fragment, such as https://hcp.example.gov.cn",
                        text.escape_debug()
                    ));
                    None
                }
            },
        };
        // An attempt may take the whole request timeout; its lease must outlast
        // it (the lease is renewed between a confirmation and a resend).
        if lease_secs.saturating_mul(1000) < upstream_timeout_ms.saturating_add(1000) {
            invalid.push(format!(
                "HCP_LEASE_SECS: must be at least {} (one upstream request, HCP_UPSTREAM_TIMEOUT_MS = {upstream_timeout_ms}, plus a second)",
                upstream_timeout_ms.saturating_add(1000).div_ceil(1000)
            ));
        }
        let mut app_codes = Vec::new();
        let configured = match args.app_codes.clone() {
            Some(list) => list.0,
            None if sandbox => vec![dev_value("HCP_APP_CODES").to_string()],
            None => vec![],
        };
        for code in configured {
            match hcp_protocol::types::AppCode::new(code.as_str()) {
                Ok(c) if !app_codes.contains(&c) => app_codes.push(c),
                Ok(_) => {}
                Err(p) => invalid.push(format!(
                    "HCP_APP_CODES: {}",
                    hcp_protocol::FieldError::new("appCode", p).message(hcp_protocol::Lang::En)
                )),
            }
        }

        for (days, var) in [
            (consult_days, "HCP_CONSULT_PERIOD_DAYS"),
            (guide_days, "HCP_GUIDE_PERIOD_DAYS"),
        ] {
            if days > 3650 {
                invalid.push(format!("{var}: must be at most 3650 (ten years)"));
            }
        }

        let optional = |value: Option<Secret>, var: &str| -> Option<Secret> {
            match value.filter(|s| !s.is_empty()) {
                Some(s) => Some(s),
                None if sandbox => Some(Secret::new(dev_value(var))),
                None => None,
            }
        };
        let push_secret = optional(args.push_secret.clone(), "HCP_PUSH_SECRET");
        let link_secret = optional(args.link_secret.clone(), "HCP_LINK_SECRET");
        let link_secrets = args.link_secrets.clone().unwrap_or_default().0;
        let mut legacy_unsigned = Vec::new();
        for app in args.legacy_unsigned_links.clone().unwrap_or_default().0 {
            match hcp_protocol::types::AppCode::new(app.as_str()) {
                Ok(a) => legacy_unsigned.push(a.as_str().to_string()),
                Err(_) => invalid.push(format!(
                    "HCP_LEGACY_UNSIGNED_LINKS: `{}` is not an appCode",
                    app.escape_debug()
                )),
            }
        }
        for (app, _) in &link_secrets {
            if hcp_protocol::types::AppCode::new(app.as_str()).is_err() {
                invalid.push(format!(
                    "HCP_LINK_SECRETS: `{}` is not an appCode",
                    app.escape_debug()
                ));
            }
        }

        if production {
            let mut check = |var: &str, value: &str, min: usize| {
                if !value.is_empty()
                    && let Some(p) = production_problem(var, value, min)
                {
                    invalid.push(p);
                }
            };
            check("HCP_PAAS_TOKEN", paas_token.expose(), MIN_PAAS_TOKEN);
            check("HCP_DES_KEY", &des_text, 0);
            check(
                "HCP_TICKET_SECRET",
                ticket_secret.expose(),
                MIN_CHOSEN_SECRET,
            );
            if let Some(s) = &push_secret {
                check("HCP_PUSH_SECRET", s.expose(), MIN_CHOSEN_SECRET);
            }
            if let Some(s) = &link_secret {
                check("HCP_LINK_SECRET", s.expose(), MIN_CHOSEN_SECRET);
            }
            for (app, s) in &link_secrets {
                check(
                    &format!("HCP_LINK_SECRETS ({app})"),
                    s.expose(),
                    MIN_CHOSEN_SECRET,
                );
            }
        }

        if !missing.is_empty() || !invalid.is_empty() {
            return Err(ConfigError { missing, invalid });
        }
        let (Some(listen), Some(upstream), Some(des_key)) = (listen, upstream, des_key) else {
            return Err(ConfigError::single(
                "internal: a setting failed without a message".to_string(),
            ));
        };
        let nz = |n: u64| {
            NonZeroU32::new(u32::try_from(n).unwrap_or(u32::MAX)).unwrap_or(NonZeroU32::MIN)
        };
        Ok(Config {
            listen,
            upstream,
            paas_id,
            paas_token,
            des_key,
            ticket_secret,
            allowed_origins,
            data_dir: args.data_dir_or_default(),
            database_url,
            login_url,
            widget_dir: args.widget_dir.unwrap_or_else(|| PathBuf::from("./dist")),
            push: PushAuth {
                appcode: args
                    .push_appcode
                    .unwrap_or_else(|| "hcp-directory".to_string()),
                modulecode: args
                    .push_modulecode
                    .unwrap_or_else(|| "directory".to_string()),
                secret: push_secret,
            },
            log_format,
            retry: RetryPolicy {
                initial: Duration::from_millis(retry_initial_ms),
                max: Duration::from_secs(retry_max_secs),
                lease: Duration::from_secs(lease_secs),
                confirm_after: Duration::from_secs(confirm_after_secs),
            },
            submit_wait: Duration::from_millis(submit_wait_ms),
            rate_limit: RateLimit {
                per_second: nz(per_second),
                burst: nz(burst),
            },
            trust_forwarded_for: args.trust_forwarded_for.unwrap_or(false),
            tags_ttl: Duration::from_secs(tags_ttl_secs),
            app_codes,
            upstream_timeout: Duration::from_millis(upstream_timeout_ms),
            links: LinkAuth {
                secret: link_secret,
                per_app: link_secrets,
                legacy_unsigned,
            },
            periods: RatingPeriods {
                consult_days,
                guide_days,
            },
            public_url,
            pad_show: Duration::from_secs(pad_show_secs),
        })
    }

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
mod tests {
    use super::*;

    fn remote() -> ConfigArgs {
        ConfigArgs {
            upstream: Some("https://gw.example.gov.cn/prorio/ebus/ping".to_string()),
            ..ConfigArgs::default()
        }
    }

    /// Secrets nobody published, long enough for their algorithms.
    fn production() -> ConfigArgs {
        ConfigArgs {
            paas_id: Some("pid".into()),
            paas_token: Some(Secret::new("paas-token-from-the-province-0001")),
            des_key: Some(Secret::new("k8Zp2Qw1")),
            ticket_secret: Some(Secret::new("ticket-secret-0123456789abcdef-0123")),
            login_url: Some("https://portal.example.gov.cn/login".into()),
            push_secret: Some(Secret::new("push-secret-0123456789abcdef-012345")),
            link_secret: Some(Secret::new("link-secret-0123456789abcdef-012345")),
            ..remote()
        }
    }

    #[cfg(feature = "sandbox")]
    #[test]
    fn sandbox_mode_has_defaults_for_everything() {
        let c = Config::resolve(ConfigArgs::default()).expect("sandbox defaults");
        assert!(c.is_sandbox());
        assert_eq!(c.listen.to_string(), "127.0.0.1:8080");
        assert_eq!(c.paas_id, hcp_sandbox::dev::PAAS_ID);
        assert_eq!(c.login_url, "/dev/login");
        assert_eq!(c.data_dir, PathBuf::from("./data"));
        assert!(c.push.secret.is_some());
        assert_eq!(
            c.links.secret.as_ref().map(Secret::expose),
            Some(crate::dev::LINK_SECRET)
        );
        assert_eq!(c.periods, RatingPeriods::default());
    }

    /// The production build has no sandbox: it must be told where the platform is.
    #[cfg(not(feature = "sandbox"))]
    #[test]
    fn the_production_build_knows_no_sandbox() {
        let e = Config::resolve(ConfigArgs::default()).expect_err("no upstream");
        assert!(e.missing.contains(&"HCP_UPSTREAM"), "{e}");
        let e = Config::resolve(ConfigArgs {
            upstream: Some("sandbox".into()),
            ..production()
        })
        .expect_err("no sandbox");
        assert!(e.to_string().contains("production build"), "{e}");
        assert!(Config::resolve(production()).is_ok());
    }

    #[test]
    fn production_refuses_public_and_short_secrets_naming_each() {
        let public = ConfigArgs {
            // seed 000's example token, and the development values.
            paas_token: Some(Secret::new(
                "Nu4WmXGBauU99NsNuwXjbV7hO2xwEef91Rp9rKX6WatcmiwWqXyk",
            )),
            des_key: Some(Secret::new("hcpdev01")),
            ticket_secret: Some(Secret::new("hcp-dev-ticket-secret-not-for-production")),
            push_secret: Some(Secret::new("x")),
            link_secret: Some(Secret::new("hall-system-link-secret-example-2025")),
            link_secrets: Some(AppSecrets(vec![("app1".into(), Secret::new("short"))])),
            ..production()
        };
        let e = Config::resolve(public).expect_err("refused");
        let text = e.to_string();
        for var in [
            "HCP_PAAS_TOKEN: is the example token of seed 000",
            "HCP_DES_KEY: is the sandbox's development DES key",
            "HCP_TICKET_SECRET: is the development ticket secret",
            "HCP_PUSH_SECRET: is 1 byte long; use at least 32",
            "HCP_LINK_SECRET: is the link-signing test vector's secret",
            "HCP_LINK_SECRETS (app1): is 5 bytes long",
        ] {
            assert!(text.contains(var), "{var} not in:\n{text}");
        }
        for value in ["Nu4WmXGBauU99Ns", "hcpdev01", "hcp-dev-ticket", "short"] {
            assert!(!text.contains(value), "{value} echoed:\n{text}");
        }
        // A short ticket secret (HS256 wants 32 bytes) and PaaS token (16).
        let e = Config::resolve(ConfigArgs {
            ticket_secret: Some(Secret::new("0123456789abcdef0123")),
            paas_token: Some(Secret::new("tok")),
            ..production()
        })
        .expect_err("short");
        assert_eq!(e.invalid.len(), 2, "{e}");
    }

    #[cfg(feature = "sandbox")]
    #[test]
    fn a_development_build_may_allow_the_development_secrets_explicitly() {
        let dev = ConfigArgs {
            paas_token: Some(Secret::new(hcp_sandbox::dev::PAAS_TOKEN)),
            des_key: Some(Secret::new(hcp_sandbox::dev::DES_KEY)),
            ticket_secret: Some(Secret::new(crate::dev::TICKET_SECRET)),
            ..production()
        };
        assert!(Config::resolve(dev.clone()).is_err());
        let allowed = Config::resolve(ConfigArgs {
            allow_dev_secrets: Some(true),
            ..dev
        });
        assert!(allowed.is_ok(), "{allowed:?}");
    }

    #[test]
    fn link_settings_and_rating_periods() {
        let c = Config::resolve(ConfigArgs {
            link_secrets: Some(
                "hallA=secret-of-hall-a-0123456789abcdef,hallB=secret-of-hall-b-0123456789abcdef"
                    .parse()
                    .unwrap_or_default(),
            ),
            legacy_unsigned_links: Some("oldHall".parse().unwrap_or_default()),
            consult_period_days: Some(7),
            ..production()
        })
        .expect("config");
        assert_eq!(
            c.links.secret_for("hallB").map(Secret::expose),
            Some("secret-of-hall-b-0123456789abcdef")
        );
        assert_eq!(
            c.links.secret_for("other").map(Secret::expose),
            Some("link-secret-0123456789abcdef-012345")
        );
        assert!(c.links.accepts_unsigned("oldHall") && !c.links.accepts_unsigned("hallA"));
        assert_eq!(c.periods.consult_days, 7);
        assert_eq!(c.periods.guide_days, 30);
        let warnings = c.warnings();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].contains("oldHall"), "{warnings:?}");
        // Secrets never print; appCodes do.
        let dbg = format!("{:?}", c.links);
        assert!(
            dbg.contains("hallA") && !dbg.contains("secret-of-hall-a"),
            "{dbg}"
        );

        let e = Config::resolve(ConfigArgs {
            link_secret: None,
            link_secrets: Some("=x,hallA".parse().unwrap_or_default()),
            legacy_unsigned_links: Some("a_b".parse().unwrap_or_default()),
            guide_period_days: Some(0),
            consult_period_days: Some(4000),
            ..production()
        })
        .expect_err("bad");
        let text = e.to_string();
        for var in [
            "HCP_LEGACY_UNSIGNED_LINKS",
            "HCP_GUIDE_PERIOD_DAYS",
            "HCP_CONSULT_PERIOD_DAYS",
        ] {
            assert!(text.contains(var), "{var}: {text}");
        }
        assert!("=x".parse::<AppSecrets>().is_err());
        let c = Config::resolve(ConfigArgs {
            link_secret: None,
            ..production()
        })
        .expect("config");
        assert!(c.warnings()[0].contains("HCP_LINK_SECRET is not set"));
    }

    #[cfg(feature = "sandbox")]
    #[test]
    fn remote_mode_names_every_missing_variable() {
        let e = Config::resolve(remote()).expect_err("must refuse");
        assert_eq!(
            e.missing,
            vec![
                "HCP_PAAS_ID",
                "HCP_PAAS_TOKEN",
                "HCP_DES_KEY",
                "HCP_TICKET_SECRET",
                "HCP_LOGIN_URL"
            ]
        );
        let text = e.to_string();
        for v in &e.missing {
            assert!(text.contains(v), "{text}");
        }
    }

    #[test]
    fn remote_mode_with_everything_starts_and_gets_a_trailing_slash() {
        let args = ConfigArgs {
            push_secret: None,
            allowed_origins: Some(
                "https://Portal.example.gov.cn, http://a.b:8080/"
                    .parse()
                    .unwrap_or_default(),
            ),
            ..production()
        };
        let c = Config::resolve(args).expect("complete");
        match &c.upstream {
            Upstream::Remote(u) => {
                assert_eq!(u.as_str(), "https://gw.example.gov.cn/prorio/ebus/ping/")
            }
            Upstream::Sandbox => panic!("not sandbox"),
        }
        assert_eq!(
            c.allowed_origins,
            vec!["https://portal.example.gov.cn", "http://a.b:8080"]
        );
        assert!(c.push.secret.is_none());
        // Secrets never print.
        let dbg = format!("{c:?}");
        assert!(!dbg.contains("paas-token-from"), "{dbg}");
        assert!(!dbg.contains("ticket-secret-0123"), "{dbg}");
        assert!(!dbg.contains("k8Zp2Qw1"), "{dbg}");
        assert!(!dbg.contains("link-secret-0123"), "{dbg}");
    }

    #[test]
    fn bad_values_are_all_reported() {
        let args = ConfigArgs {
            listen: Some("nope".into()),
            des_key: Some(Secret::new("short")),
            allowed_origins: Some("https://a.example/path,ftp://x".parse().unwrap_or_default()),
            log_format: Some("xml".into()),
            ..ConfigArgs::default()
        };
        let e = Config::resolve(args).expect_err("bad");
        let text = e.to_string();
        assert!(text.contains("HCP_LISTEN"), "{text}");
        assert!(text.contains("HCP_DES_KEY"), "{text}");
        assert_eq!(text.matches("HCP_ALLOWED_ORIGINS").count(), 2, "{text}");
        assert!(text.contains("HCP_LOG_FORMAT"), "{text}");
    }

    #[test]
    fn origins() {
        assert_eq!(
            parse_origin("https://x.gov.cn:443").as_deref(),
            Ok("https://x.gov.cn")
        );
        assert!(parse_origin("https://x.gov.cn/a").is_err());
        assert!(parse_origin("https://x.gov.cn?a=1").is_err());
        assert!(parse_origin("javascript:alert(1)").is_err());
        assert!(parse_origin("x.gov.cn").is_err());
    }

    #[test]
    fn toml_file_fills_what_the_environment_left_unset() {
        let dir = std::env::temp_dir().join(format!("hcp-cfg-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        let path = dir.join("gw.toml");
        std::fs::write(
            &path,
            "listen = \"127.0.0.1:9999\"\nallowed_origins = [\"https://a.example\"]\npaas_id = \"from-file\"\n[link_secrets]\nhallA = \"secret-of-hall-a\"\n",
        )
        .expect("write");
        let args = ConfigArgs {
            config: Some(path.clone()),
            paas_id: Some("from-env".into()),
            ..ConfigArgs::default()
        }
        .merged()
        .expect("merged");
        assert_eq!(args.listen.as_deref(), Some("127.0.0.1:9999"));
        assert_eq!(args.paas_id.as_deref(), Some("from-env"));
        assert_eq!(
            args.allowed_origins.map(|l| l.0),
            Some(vec!["https://a.example".to_string()])
        );
        assert_eq!(
            args.link_secrets.map(|l| l.0),
            Some(vec![("hallA".to_string(), Secret::new("secret-of-hall-a"))])
        );
        std::fs::write(&path, "lisen = 1\n").expect("write");
        let e = ConfigArgs {
            config: Some(path),
            ..ConfigArgs::default()
        }
        .merged()
        .expect_err("unknown key");
        assert!(e.to_string().contains("lisen"), "{e}");
    }

    #[cfg(feature = "sandbox")]
    #[test]
    fn the_lease_must_outlast_one_upstream_request() {
        let args = ConfigArgs {
            lease_secs: Some(3),
            upstream_timeout_ms: Some(2500),
            ..ConfigArgs::default()
        };
        assert!(Config::resolve(args).is_err(), "3 s < 2.5 s + 1 s");
        let args = ConfigArgs {
            lease_secs: Some(6),
            ..ConfigArgs::default()
        };
        let c = Config::resolve(args).expect("6 s ≥ 5 s + 1 s");
        assert_eq!(c.upstream_timeout, Duration::from_secs(5));
        assert_eq!(c.retry.confirm_after, Duration::from_secs(60));
        let e = Config::resolve(ConfigArgs {
            lease_secs: Some(5),
            ..ConfigArgs::default()
        })
        .expect_err("5 s < 6 s");
        assert!(e.to_string().contains("HCP_LEASE_SECS"), "{e}");
    }

    #[cfg(feature = "sandbox")]
    #[test]
    fn app_codes_are_checked_and_sandbox_mode_has_the_demo_one() {
        let c = Config::resolve(ConfigArgs::default()).expect("sandbox");
        assert_eq!(
            c.app_codes.iter().map(|a| a.as_str()).collect::<Vec<_>>(),
            vec![hcp_sandbox::demo::APP_CODE]
        );
        let e = Config::resolve(ConfigArgs {
            app_codes: Some("good1,bad_one".parse().unwrap_or_default()),
            ..ConfigArgs::default()
        })
        .expect_err("bad appCode");
        assert!(e.to_string().contains("HCP_APP_CODES"), "{e}");
    }

    #[test]
    fn secret_prints_stars() {
        let s = Secret::new("hunter2");
        assert_eq!(format!("{s} {s:?}"), "*** ***");
    }
}

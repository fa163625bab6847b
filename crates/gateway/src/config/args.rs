//! [`ConfigArgs`]: the gateway's settings as given, each one optional, read
//! by clap from the flags and the environment (`HCP_…`) and, through
//! `layers`, from the TOML file named by `HCP_CONFIG`. Nothing is checked
//! here; `resolve` turns them into a `Config`.
//!
//! Adding a setting is adding one field here, with its doc line (the
//! `--help` text) and `#[arg(long, env = "HCP_…")]`: its TOML key is the
//! field's name, and the layering takes it up by itself.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::values::{AppSecrets, CommaList, Secret};

/// The gateway's settings as given: every one optional, so that the sources
/// can be layered. Field names are the TOML keys; `HCP_` + upper case is the
/// environment variable.
///
/// `Serialize` is for the layering only (`layers`): it writes the secrets
/// out, so it must never be used for output.
#[derive(Debug, Clone, Default, clap::Args, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigArgs {
    /// A TOML file with any of these settings (keys in lower case without `HCP_`); the environment wins.
    #[arg(long, env = "HCP_CONFIG")]
    // Not a key of the file itself (a `config` key there is unknown).
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
    /// Development builds only: a non-sandbox gateway skips the production checks of its secrets (public development values, length), for tests and benchmarks against a local sandbox. The production build refuses it.
    #[arg(long, env = "HCP_ALLOW_DEV_SECRETS", hide = !crate::sandbox::BUILT)]
    pub allow_dev_secrets: Option<bool>,
}

impl ConfigArgs {
    /// The data directory (for the commands that need nothing else).
    pub fn data_dir_or_default(&self) -> PathBuf {
        self.data_dir
            .clone()
            .unwrap_or_else(|| PathBuf::from("./data"))
    }
}

//! Where the gateway keeps its data and how it writes its logs
//! (`HCP_DATABASE_URL`, `HCP_LOG_FORMAT`).

use super::Problems;
use crate::config::{ConfigArgs, LogFormat, Secret};

/// The shared PostgreSQL store, if set; `None`: SQLite in the data directory.
pub(super) fn database_url(args: &ConfigArgs, p: &mut Problems) -> Option<Secret> {
    let database_url = args.database_url.clone().filter(|s| !s.is_empty());
    if let Some(url) = &database_url {
        let u = url.expose();
        if !(u.starts_with("postgres://") || u.starts_with("postgresql://")) {
            p.invalid(
                "HCP_DATABASE_URL: not a postgres:// URL (leave it unset for SQLite in HCP_DATA_DIR)"
                    .to_string(),
            );
        }
    }
    database_url
}

/// The log format [default: compact].
pub(super) fn log_format(args: &ConfigArgs, p: &mut Problems) -> LogFormat {
    match args.log_format.as_deref().map(str::trim) {
        None | Some("") | Some("compact") | Some("text") => LogFormat::Compact,
        Some("json") => LogFormat::Json,
        Some(other) => {
            p.invalid(format!(
                "HCP_LOG_FORMAT: `{other}` must be `compact` or `json`"
            ));
            LogFormat::Compact
        }
    }
}

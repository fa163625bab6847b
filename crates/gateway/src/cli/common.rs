//! What the commands share: opening the store the settings name, the base
//! URL of the gateway a command talks to, and the one way a command fails.

use crate::config::ConfigArgs;
use crate::store::Store;
use std::process::ExitCode;

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

pub(crate) fn fail(cmd: &str, msg: impl std::fmt::Display) -> ExitCode {
    eprintln!("hcp-gateway {cmd}: {msg}");
    ExitCode::from(2)
}

pub(crate) fn base_of(args: &ConfigArgs, given: Option<&str>) -> String {
    given
        .map(str::to_string)
        .or_else(|| args.public_url.clone())
        .unwrap_or_else(|| {
            let listen = args.listen.as_deref().unwrap_or("127.0.0.1:8080");
            ["http://", listen].concat()
        })
        .trim_end_matches('/')
        .to_string()
}

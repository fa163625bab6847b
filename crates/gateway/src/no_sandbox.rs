//! The production build's stand-in for sandbox mode (`sandbox/mod.rs`): the
//! same names, each answering that this build has no sandbox, no development
//! value and no demo data. `Config::resolve` refuses `HCP_UPSTREAM=sandbox`
//! in this build, so [`start`] is never reached from `serve`.

use std::convert::Infallible;

use axum::Router;
use url::Url;

use crate::clock::Clock;
use crate::config::{Config, ConfigArgs, Secret};
use crate::store::Store;

/// Whether this build has sandbox mode.
pub const BUILT: bool = false;

/// No embedded platform in this build.
pub type Embedded = Infallible;

/// No started sandbox in this build.
pub type Handle = Infallible;

/// Refuses: this build has no sandbox.
pub async fn start(_config: &Config, _db: &Store, _clock: &Clock) -> anyhow::Result<(Handle, Url)> {
    anyhow::bail!("this build of hcp-gateway has no sandbox")
}

/// Never called: there is no [`Handle`].
pub fn shared(handle: &Handle) -> Embedded {
    match *handle {}
}

/// Never called: there is no [`Handle`].
pub async fn shutdown(handle: Handle) {
    match handle {}
}

/// No development routes.
pub fn router<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new()
}

/// Nothing to print after the address.
pub async fn banner<S>(_state: &S, _base: &str) -> Option<String> {
    None
}

/// No development values.
pub fn dev_value(_var: &str) -> &'static str {
    ""
}

/// No development link secret.
pub fn dev_link_secret(_args: &ConfigArgs) -> Option<Secret> {
    None
}

/// No demo data to report.
pub fn demo_report(_now: i64) -> Option<String> {
    None
}

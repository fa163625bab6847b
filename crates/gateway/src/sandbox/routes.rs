//! The routes of sandbox mode: the development login, the sandbox's switches
//! and the ratings it received (served only when the upstream is the sandbox).

use axum::Router;

use crate::state::AppState;

/// `/dev/login`, `/dev/sandbox/…`, `/dev/ratings`.
pub fn router() -> Router<AppState> {
    Router::new()
        .merge(crate::sandbox::dev_login::router())
        .merge(crate::sandbox::dev_sandbox::router())
        .merge(crate::sandbox::dev_ratings::router())
}

//! The embedded sandbox's switches (sandbox mode only, like `/dev/login`):
//! `GET /dev/sandbox` shows its base URL and fault modes, `PUT
//! /dev/sandbox/faults` sets them (`hcp_sandbox::Faults`: `answerDelayMs`,
//! `dropAfterStore`, `failFraction`), so a developer or a browser test can
//! give the platform a bad day: a timeout after storing, a dropped answer,
//! an outage (`{"failFraction": 1}`).

use crate::state::AppState;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::http::StatusCode;
use axum::http::header::CACHE_CONTROL;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, put};
use axum::{Json, Router};
use hcp_sandbox::Faults;
use serde_json::json;

fn no_sandbox() -> Response {
    (StatusCode::NOT_FOUND, "no embedded sandbox").into_response()
}

async fn show(State(state): State<AppState>) -> Response {
    let Some(sandbox) = &state.sandbox else {
        return no_sandbox();
    };
    (
        [(CACHE_CONTROL, "no-store")],
        Json(json!({
            "baseUrl": state.upstream.base().as_str(),
            "state": sandbox.fault_state(),
        })),
    )
        .into_response()
}

async fn set(State(state): State<AppState>, body: Result<Json<Faults>, JsonRejection>) -> Response {
    let Some(sandbox) = &state.sandbox else {
        return no_sandbox();
    };
    let faults = match body {
        Ok(Json(f)) => f,
        Err(e) => return (StatusCode::BAD_REQUEST, e.body_text()).into_response(),
    };
    match sandbox.set_faults(faults) {
        Ok(()) => Json(sandbox.fault_state()).into_response(),
        Err(e) => (StatusCode::BAD_REQUEST, e).into_response(),
    }
}

/// `/dev/sandbox`, `/dev/sandbox/faults`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/dev/sandbox", get(show))
        .route("/dev/sandbox/faults", put(set).get(show))
}

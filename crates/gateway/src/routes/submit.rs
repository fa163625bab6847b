//! `POST /api/submit`: one rating of any page kind.
//!
//! The page's route and raw query are parsed again with
//! [`PageParams::parse`]; the browser contributes only the citizen's choice.
//! Then: the rating rules, the evaluator (ticket or `offLine=1`), the
//! directories, evalTime and DES, the exact upstream body, the outbox (with
//! the client's idempotency key, when it sent one).

use axum::body::Bytes;
use axum::extract::DefaultBodyLimit;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::HeaderMap;
use axum::routing::post;
use axum::{Json, Router};
use hcp_protocol::api::{SubmitRequest, SubmitResponse};
use hcp_protocol::error::{FieldError, Problem};
use hcp_protocol::params::MAX_BATCH;
use hcp_protocol::{PageParams, Route};

use crate::AppState;
use crate::error::AppError;
use crate::{delivery, idempotency, identity, payload};

/// The largest submission body accepted (a rating is well under 8 KiB).
pub const MAX_BODY: usize = 32 * 1024;

// A batch names at most MAX_BATCH cases (base64, ~80 bytes each): the limit leaves room for them.
const _: () = assert!(MAX_BATCH * 80 < MAX_BODY);

async fn submit(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<SubmitResponse>, AppError> {
    let body = body.map_err(AppError::from_body)?;
    let req: SubmitRequest = serde_json::from_slice(&body).map_err(|e| AppError::from_json(&e))?;
    let route: Route = req
        .route()
        .ok_or_else(|| FieldError::new("route", Problem::NotOneOf(Route::PATHS)))?;
    let params = PageParams::parse(route, &req.query).map_err(|errs| {
        errs.first()
            .cloned()
            .map(AppError::Param)
            .unwrap_or_else(|| AppError::Param(FieldError::new("query", Problem::Empty)))
    })?;
    req.rating.check()?;
    let evaluator = identity::evaluator(&params, &headers, &state.config.ticket_secret)?;

    let lookup = if payload::needs_lookup(&params, req.hall.as_ref()) {
        let (p2, choice) = (params.clone(), req.hall.clone());
        state
            .db
            .read(move |c| Ok(payload::lookup(c, &p2, choice.as_ref())?))
            .await?
    } else {
        payload::Lookup::default()
    };
    let eval_time = hcp_protocol::sign::beijing_timestamp14(crate::db::now_secs());
    let mut plan = payload::build(
        &params,
        &req.rating,
        req.hall.as_ref(),
        &evaluator,
        &state.config.des_key,
        &lookup,
        &eval_time,
    )?;
    plan.client = idempotency::client_key(&req, params.app_code().as_str(), &evaluator);
    tracing::info!(
        page = params.kind().as_str(),
        interface = plan.body.interface(),
        cases = plan.keys.len(),
        stars = req.rating.stars.get(),
        "rating accepted"
    );
    let answer = delivery::submit(&state, plan).await?;
    Ok(Json(answer))
}

/// `/api/submit`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/submit", post(submit))
        .layer(DefaultBodyLimit::max(MAX_BODY))
}

//! `POST /api/submit` of a 一件事 (`/front/onething/`, not a page of seed
//! 000 §3, so its own parameters): the rating of every case of a bundle in
//! one 4.7 request, by a logged-in citizen.

use axum::http::HeaderMap;
use hcp_protocol::api::{SubmitRequest, SubmitResponse};
use hcp_protocol::my::OneThingParams;
use hcp_protocol::types::TagType;
use hcp_protocol::upstream;

use crate::delivery::submit;
use crate::error::AppError;
use crate::identity::evaluator;
use crate::rating::idempotency;
use crate::rating::onething::{build, lookup};
use crate::state::AppState;

/// `POST /api/submit` of a 一件事 (the request and origin checks are done):
/// the page, the rating rules, the citizen (a ticket: 一件事 is rated by a
/// logged-in citizen), the tags, the directories, the outbox.
pub async fn accept(
    state: &AppState,
    headers: &HeaderMap,
    req: &SubmitRequest,
) -> Result<SubmitResponse, AppError> {
    let params = OneThingParams::parse(&req.query).map_err(|errs| {
        errs.first()
            .cloned()
            .map(AppError::Param)
            .unwrap_or_else(|| {
                AppError::Param(hcp_protocol::FieldError::new(
                    "query",
                    hcp_protocol::Problem::Empty,
                ))
            })
    })?;
    req.rating.check()?;
    let evaluator = evaluator::citizen(headers, &state.config.ticket_secret)?;
    crate::rating::tags::check_tag_ids(
        state,
        &params.common.app_code,
        params.eval_entity_code,
        TagType::Case,
        &req.rating,
    )
    .await?;
    let p2 = params.clone();
    let lookup = state.db.read(move |c| lookup(c, &p2)).await?;
    let mut plan = build(
        &params,
        &req.rating,
        &evaluator,
        &state.config.des_key,
        &lookup,
        state.clock.now_secs(),
    )?;
    plan.client = idempotency::client_key(req, params.common.app_code.as_str(), &evaluator);
    tracing::info!(
        page = "onething",
        interface = upstream::path::ONETHING_EVAL,
        cases = plan.keys.len(),
        stars = req.rating.stars.get(),
        "rating accepted"
    );
    submit::submit(state, plan).await
}

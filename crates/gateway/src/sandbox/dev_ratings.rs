//! `GET /dev/sandbox/ratings` (sandbox mode only, like `/dev/sandbox`): the
//! embedded platform's stored ratings, filtered by `affairSerialNo`,
//! `hallCode` or `channel`, with the evaluator's phone and ID number masked.
//! What a browser test reads to see that a rating landed as it should (the
//! pad's have no userId, so the platform's own queries cannot find them).

use crate::state::AppState;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::http::header::CACHE_CONTROL;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{Value, json};

/// The filters.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Filter {
    affair_serial_no: Option<String>,
    hall_code: Option<String>,
    channel: Option<String>,
}

async fn list(State(state): State<AppState>, Query(f): Query<Filter>) -> Response {
    let Some(sandbox) = state.sandbox.clone() else {
        return (StatusCode::NOT_FOUND, "no embedded sandbox").into_response();
    };
    let all = match tokio::task::spawn_blocking(move || sandbox.ratings()).await {
        Ok(Ok(r)) => r,
        _ => return (StatusCode::INTERNAL_SERVER_ERROR, "cannot read the sandbox").into_response(),
    };
    let wanted = |want: &Option<String>, have: &Option<String>| {
        want.as_ref().is_none_or(|w| have.as_ref() == Some(w))
    };
    let rows: Vec<Value> = all
        .iter()
        .filter(|r| {
            wanted(&f.affair_serial_no, &r.affair_serial_no)
                && wanted(&f.hall_code, &r.hall_code)
                && f.channel.as_ref().is_none_or(|c| *c == r.channel)
        })
        .map(|r| {
            json!({
                "evalId": r.eval_id,
                "kind": format!("{:?}", r.kind),
                "channel": r.channel,
                "evalEntityCode": r.eval_entity_code,
                "evalProcess": r.eval_process,
                "generalStars": r.general_stars,
                "tagIds": r.tag_ids,
                "remark": r.remark,
                "affairSerialNo": r.affair_serial_no,
                "hallCode": r.hall_code,
                "workNo": r.work_no,
                "hallWorkerName": r.hall_worker_name,
                "userId": r.user_id,
                "userName": r.user_name,
                "contactPhone": r.contact_phone.as_ref().map(|p| p.masked()),
                "certificateNo": r.certificate_no.as_ref().map(|p| p.masked()),
            })
        })
        .collect();
    (
        [(CACHE_CONTROL, "no-store")],
        Json(json!({ "ratings": rows })),
    )
        .into_response()
}

/// `/dev/sandbox/ratings`.
pub fn router() -> Router<AppState> {
    Router::new().route("/dev/sandbox/ratings", get(list))
}

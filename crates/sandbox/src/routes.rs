//! The 13 interfaces under `/ebus/ping/`, and how answers are written: HTTP
//! 200 with the platform's envelope `{"code", "message", "data"}` (HTTP 500
//! only when the sandbox itself fails, so a client retries).

mod eval;
mod query;
mod workorder;

use std::time::Instant;

use axum::Router;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Json, Response};
use axum::routing::{get, post};
use hcp_protocol::upstream::{Envelope, code, path};
use serde::Serialize;

use crate::check::Refusal;
use crate::{Error, Sandbox, faults, rio};

/// Where the interfaces live, as in the platform's `https://host/prorio/ebus/ping/`.
pub(crate) const PREFIX: &str = "/ebus/ping/";

fn at(p: &str) -> String {
    format!("{PREFIX}{p}")
}

pub(crate) fn router(state: Sandbox) -> Router {
    let router = Router::new()
        .route(&at(path::TAG_LIST), get(query::tag_list))
        .route(&at(path::HALLWORKER_EVAL), post(eval::hallworker_eval))
        .route(&at(path::AFFAIR_EVAL), post(eval::affair_eval))
        .route(&at(path::MULTI_EVAL), post(eval::multi_eval))
        .route(&at(path::ONETHING_EVAL), post(eval::onething_eval))
        .route(
            &at(path::GUIDE_EVAL),
            post(eval::guide_eval).get(query::guide_list),
        )
        .route(&at(path::DETAIL_LIST), get(query::detail_list))
        .route(
            &at(path::DETAIL_LIST_BY_TIME),
            get(query::detail_list_by_time),
        )
        .route(&at(path::DETAIL), get(query::detail))
        .route(&at(path::HALLWORKERS), get(query::hallworkers))
        .route(&at(path::EVAL_VALIDITY), post(workorder::eval_validity))
        .route(&at(path::EVAL_PROCESS), post(workorder::eval_process))
        // Inner to outer: the x-rio guard, the fault modes, the request log.
        .route_layer(middleware::from_fn_with_state(state.clone(), rio::guard))
        .route_layer(middleware::from_fn_with_state(state.clone(), faults::apply));
    let router = if state.config().admin {
        router.route(faults::ADMIN_PATH, get(faults::show).put(faults::set))
    } else {
        router
    };
    router
        .route_layer(middleware::from_fn(log_request))
        .with_state(state)
}

/// The envelope code of an answer, for the request log.
#[derive(Debug, Clone, Copy)]
struct AnswerCode(i64);

fn answer<T: Serialize>(status: StatusCode, envelope: Envelope<T>) -> Response {
    let c = envelope.code;
    let mut res = (status, Json(envelope)).into_response();
    res.extensions_mut().insert(AnswerCode(c));
    res
}

/// Code 0, SUCCESS, with data.
pub(crate) fn ok<T: Serialize>(data: T) -> Response {
    answer(StatusCode::OK, Envelope::ok(data))
}

/// Code 0, SUCCESS, `"data": null`.
pub(crate) fn ok_null() -> Response {
    answer(StatusCode::OK, Envelope::<()>::err(code::OK, "SUCCESS"))
}

/// A refusal with this code and message, `"data": null`.
pub(crate) fn refuse(code: i64, message: impl Into<String>) -> Response {
    answer(StatusCode::OK, Envelope::<()>::err(code, message))
}

/// The sandbox failed: logged, answered with HTTP 500.
pub(crate) fn internal_error(e: Error) -> Response {
    tracing::error!(error = %e, "sandbox internal error");
    answer(
        StatusCode::INTERNAL_SERVER_ERROR,
        Envelope::<()>::err(code::FAILED, "系统内部错误"),
    )
}

/// Why a handler did not answer with success.
#[derive(Debug)]
pub(crate) enum Fail {
    Refused(Refusal),
    Internal(Error),
}

impl From<Refusal> for Fail {
    fn from(r: Refusal) -> Self {
        Fail::Refused(r)
    }
}

impl From<Error> for Fail {
    fn from(e: Error) -> Self {
        Fail::Internal(e)
    }
}

impl IntoResponse for Fail {
    fn into_response(self) -> Response {
        match self {
            Fail::Refused(r) => {
                tracing::info!(code = r.code, message = %r.message, "request refused");
                refuse(r.code, r.message)
            }
            Fail::Internal(e) => internal_error(e),
        }
    }
}

/// One structured line per request: the route (never the query string), the
/// envelope code, the time taken.
async fn log_request(req: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = req.method().clone();
    let route = req.uri().path().to_string();
    let res = next.run(req).await;
    let code = res.extensions().get::<AnswerCode>().map(|c| c.0);
    tracing::info!(
        %method,
        %route,
        status = res.status().as_u16(),
        code,
        elapsed_ms = started.elapsed().as_millis() as u64,
        "sandbox request"
    );
    res
}

//! `POST /api/submit`: one rating of any page kind.
//!
//! Only `application/json` from the gateway's own pages (or an allowed
//! portal, or a caller that sends no `Origin`: not a browser) gets in, so
//! another website cannot make its visitors' browsers submit. The page's
//! route and raw query are parsed again with [`PageParams::parse`]; the
//! browser contributes only the citizen's choice. Then: the rating rules, the
//! link's signature where the link is the identity, the evaluator (ticket or
//! signed `offLine=1` link), the tag catalog, the directories, evalTime and
//! DES, the exact upstream body, the outbox (with the client's idempotency
//! key, when it sent one).

use crate::config::Config;
use crate::delivery::submit;
use crate::error::AppError;
use crate::identity::{evaluator, page_links};
use crate::rating::prepare;
use crate::rating::tags::check_tags;
use crate::rating::{idempotency, lookup};
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::HeaderMap;
use axum::http::header::{CONTENT_TYPE, HOST, ORIGIN};
use axum::routing::post;
use axum::{Json, Router};
use hcp_protocol::api::{ApiError, SubmitRequest, SubmitResponse};
use hcp_protocol::error::{FieldError, Problem};
use hcp_protocol::params::MAX_BATCH;
use hcp_protocol::{PageParams, Route};

/// The largest submission body accepted (a rating is well under 8 KiB).
pub const MAX_BODY: usize = 32 * 1024;

// A batch names at most MAX_BATCH cases (base64, ~80 bytes each): the limit leaves room for them.
const _: () = assert!(MAX_BATCH * 80 < MAX_BODY);

/// Only JSON: a form or `text/plain` body is what a page of another site can
/// make a browser send without asking (no CORS preflight).
pub(crate) fn check_media_type(headers: &HeaderMap) -> Result<(), AppError> {
    let essence = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase());
    match essence.as_deref() {
        Some("application/json") => Ok(()),
        _ => Err(AppError::UnsupportedMediaType),
    }
}

/// `host[:port]` of an origin, the port left out when it is the scheme's default.
fn authority(url: &url::Url) -> Option<String> {
    let host = url.host_str()?;
    Some(match url.port() {
        Some(p) => format!("{host}:{p}"),
        None => host.to_string(),
    })
}

/// A browser names the page's origin on every POST; it must be this
/// gateway's (the `Host` it was asked for, or `X-Forwarded-Host` behind a
/// trusted proxy) or an allowed portal's. No `Origin` at all is a caller
/// that is not a browser, which needs its own credentials (a ticket, a
/// signed link) like anyone else.
fn check_origin(headers: &HeaderMap, config: &Config) -> Result<(), AppError> {
    let Some(origin) = headers.get(ORIGIN) else {
        return Ok(());
    };
    let parsed = origin
        .to_str()
        .ok()
        .and_then(|o| url::Url::parse(o).ok())
        .filter(|u| matches!(u.scheme(), "http" | "https"));
    let Some(url) = parsed else {
        // `null` (a sandboxed frame, a file) or garbage.
        tracing::info!("submission refused: an opaque or unreadable Origin");
        return Err(AppError::ForbiddenOrigin);
    };
    if config
        .allowed_origins
        .iter()
        .any(|o| *o == url.origin().ascii_serialization())
    {
        return Ok(());
    }
    let asked = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(|h| h.trim().to_ascii_lowercase())
    };
    let own = authority(&url).map(|a| a.to_ascii_lowercase());
    let mut hosts = vec![asked(HOST.as_str())];
    if config.trust_forwarded_for {
        hosts.push(asked("x-forwarded-host"));
    }
    if own.is_some() && hosts.iter().flatten().any(|h| Some(h) == own.as_ref()) {
        return Ok(());
    }
    tracing::info!("submission refused: it comes from a page of another site");
    Err(AppError::ForbiddenOrigin)
}

/// A 400 for a body that is not a valid submission, naming the field (as a
/// JSON path: `rating.stars`, `hall.workNo`). serde's own words are not
/// shown: they can repeat a value from the body.
fn body_error(e: &serde_path_to_error::Error<serde_json::Error>) -> AppError {
    let inner = e.inner();
    if inner.is_syntax() || inner.is_eof() {
        return AppError::BadRequest(ApiError {
            code: "bad_request".to_string(),
            field: Some("body".to_string()),
            zh: format!(
                "请求内容 body 不是有效的 JSON（第 {} 行第 {} 列）",
                inner.line(),
                inner.column()
            ),
            en: format!(
                "The request body is not valid JSON (line {}, column {})",
                inner.line(),
                inner.column()
            ),
        });
    }
    let path = e.path().to_string();
    let path = if path == "." { String::new() } else { path };
    let text = inner.to_string();
    // "missing field `rating`": the name is ours (a struct field), safe to repeat.
    let missing = text
        .strip_prefix("missing field `")
        .and_then(|t| t.split('`').next())
        .filter(|n| n.chars().all(|c| c.is_ascii_alphanumeric()));
    let (field, problem) = match missing {
        Some(name) if path.is_empty() => (name.to_string(), Problem::Missing),
        Some(name) => (format!("{path}.{name}"), Problem::Missing),
        None => {
            let shape = match path.as_str() {
                "rating.stars" => {
                    Problem::Shape("必须是 1 到 5 的整数", "must be a whole number from 1 to 5")
                }
                "rating.remark" => Problem::Shape(
                    "必须是不超过 500 个字的文字，不含控制字符或方向控制字符",
                    "must be text of at most 500 characters, without control or direction-control characters",
                ),
                "rating.tags" => {
                    Problem::Shape("必须是评价标签编码的列表", "must be a list of tag ids")
                }
                p if p.starts_with("rating.tags[") => Problem::Shape(
                    "不是有效的评价标签编码（最多 32 个字符，不含空白或控制字符）",
                    "is not a valid tag id (at most 32 characters, no spaces or control characters)",
                ),
                "hall.hallCode" | "hall.workNo" => Problem::Shape(
                    "不是有效的编码（最多 32 个字符，不含 _ - , 空白或控制字符）",
                    "is not a valid code (at most 32 characters, no _ - , spaces or control characters)",
                ),
                "route" | "query" => Problem::Shape("必须是文字", "must be text"),
                "rating" | "hall" | "" => Problem::Shape("必须是对象", "must be an object"),
                _ => Problem::Shape("的值无效", "has an invalid value"),
            };
            let field = if path.is_empty() {
                "body".to_string()
            } else {
                path
            };
            (field, shape)
        }
    };
    AppError::Param(FieldError::new(field, problem))
}

pub(crate) async fn submit(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<SubmitResponse>, AppError> {
    check_media_type(&headers)?;
    check_origin(&headers, &state.config)?;
    let body = body.map_err(AppError::from_body)?;
    let req: SubmitRequest =
        serde_path_to_error::deserialize(&mut serde_json::Deserializer::from_slice(&body))
            .map_err(|e| body_error(&e))?;
    // 一件事 (`/front/onething/`, not a page of seed 000 §3): its own parameters.
    if crate::rating::onething::is_route(&req.route) {
        return Ok(Json(
            crate::web::onething::accept(&state, &headers, &req).await?,
        ));
    }
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
    let now = state.clock.now_secs();
    let has_ticket = evaluator::bearer(&headers).is_some();
    page_links::check(
        &state.config.links,
        route,
        &params,
        &req.query,
        has_ticket,
        now,
    )
    .map_err(AppError::Link)?;
    let evaluator = evaluator::evaluator(&params, &headers, &state.config.ticket_secret)?;
    check_tags(&state, &params, &req.rating).await?;

    let sub = lookup::Submission {
        params: &params,
        rating: &req.rating,
        choice: req.hall.as_ref(),
        evaluator: &evaluator,
    };
    let mut plan = prepare::plan(&state, &sub, now).await?;
    plan.client = idempotency::client_key(&req, params.app_code().as_str(), &evaluator);
    tracing::info!(
        page = params.kind().as_str(),
        interface = plan.body.interface(),
        cases = plan.keys.len(),
        stars = req.rating.stars.get(),
        "rating accepted"
    );
    let answer = submit::submit(&state, plan).await?;
    // A case shown on a window's pad (reported by the hall system), rated
    // here by a phone: the pad thanks and goes back to idle.
    if let Some((serials, stage)) = crate::hall::pad_rating::rated_cases(&params)
        && crate::hall::pad_rating::settles(&answer)
    {
        crate::hall::pad_rating::rated(&state, params.app_code().as_str(), serials, stage, "link")
            .await;
    }
    Ok(Json(answer))
}

/// `/api/submit`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/submit", post(submit))
        .layer(DefaultBodyLimit::max(MAX_BODY))
}

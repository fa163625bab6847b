//! `GET /api/tags` (the platform's tag list, from the kept catalogs:
//! `crate::directory::tag_lists`) and `GET /api/halls` (the hall directory).

use crate::directory::tag_lists::tag_list;
use crate::error::AppError;
use crate::state::AppState;
use axum::extract::{RawQuery, State};
use axum::routing::get;
use axum::{Json, Router};
use hcp_protocol::api::{HallsResponse, TagsResponse};
use hcp_protocol::error::{FieldError, Problem};
use hcp_protocol::params::Query;
use hcp_protocol::types::{AppCode, EvalEntityCode, Stars, TagType};

pub(crate) fn required<'a>(q: &'a Query, key: &str) -> Result<&'a str, AppError> {
    match q.get(key) {
        None => Err(FieldError::new(key, Problem::Missing).into()),
        Some("") => Err(FieldError::new(key, Problem::Empty).into()),
        Some(v) => Ok(v),
    }
}

pub(crate) async fn tags(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<TagsResponse>, AppError> {
    let q = Query::parse(raw.as_deref().unwrap_or(""));
    let app_code =
        AppCode::new(required(&q, "appCode")?).map_err(|p| FieldError::new("appCode", p))?;
    let entity: EvalEntityCode = required(&q, "evalEntityCode")?
        .parse()
        .map_err(|p| FieldError::new("evalEntityCode", p))?;
    let stars: Stars = required(&q, "stars")?
        .parse()
        .map_err(|p| FieldError::new("stars", p))?;
    let tag_type: Option<TagType> = match q.get("type").filter(|t| !t.is_empty()) {
        None => None,
        Some(t) => Some(
            t.parse::<i64>()
                .map_err(|_| Problem::NotOneOf(&["1", "2"]))
                .and_then(TagType::try_from)
                .map_err(|p| FieldError::new("type", p))?,
        ),
    };
    Ok(Json(TagsResponse {
        tags: tag_list(&state, &app_code, entity, stars, tag_type).await?,
    }))
}

pub(crate) async fn halls(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<HallsResponse>, AppError> {
    let q = Query::parse(raw.as_deref().unwrap_or(""));
    let app = match q.get("appCode").filter(|a| !a.is_empty()) {
        Some(a) => Some(
            AppCode::new(a)
                .map_err(|p| FieldError::new("appCode", p))?
                .as_str()
                .to_string(),
        ),
        None => None,
    };
    let halls = state
        .db
        .read(move |c| crate::directory::halls::list_halls(c, app.as_deref()))
        .await?;
    Ok(Json(HallsResponse { halls }))
}

/// `/api/tags`, `/api/halls`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/tags", get(tags))
        .route("/api/halls", get(halls))
}

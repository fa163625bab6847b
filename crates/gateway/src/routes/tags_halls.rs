//! `GET /api/tags` (the platform's tag list, from the kept catalogs:
//! `crate::catalog`) and `GET /api/halls` (the hall directory).

use axum::extract::{RawQuery, State};
use axum::routing::get;
use axum::{Json, Router};
use hcp_protocol::api::{HallsResponse, Tag, TagsResponse};
use hcp_protocol::error::{FieldError, Problem};
use hcp_protocol::params::Query;
use hcp_protocol::types::{AppCode, EvalEntityCode, Stars, TagType};

use crate::AppState;
use crate::catalog::{self, CatalogKey, Served};
use crate::error::AppError;

fn required<'a>(q: &'a Query, key: &str) -> Result<&'a str, AppError> {
    match q.get(key) {
        None => Err(FieldError::new(key, Problem::Missing).into()),
        Some("") => Err(FieldError::new(key, Problem::Empty).into()),
        Some(v) => Ok(v),
    }
}

async fn tags(
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

/// The platform's tags for (appCode, entity, stars, type): from the kept
/// catalogs (served at once, however old: the refresher renews them), else
/// fetched now, and the rest of this appCode's catalogs fetched ahead of the
/// next pages. `/api/tags` answers with it, and `/api/submit` checks a
/// rating's tags against it.
pub async fn tag_list(
    state: &AppState,
    app_code: &AppCode,
    entity: EvalEntityCode,
    stars: Stars,
    tag_type: Option<TagType>,
) -> Result<Vec<Tag>, AppError> {
    let key = CatalogKey::new(app_code, entity, stars, tag_type);
    if let Some((tags, served)) = state.catalogs.get(&key, state.config.tags_ttl) {
        state
            .metrics
            .tag_cache
            .with_label_values(&[served.label()])
            .inc();
        return Ok(tags);
    }
    let tags = catalog::fetch(state, &key).await?;
    state
        .metrics
        .tag_cache
        .with_label_values(&[Served::Fetched.label()])
        .inc();
    if !state.catalogs.learn(&key.app_code) {
        tracing::warn!(
            learned = catalog::MAX_LEARNED_APPS,
            "too many appCodes learned from requests; this one's catalogs are not prefetched (list it in HCP_APP_CODES)"
        );
    }
    Ok(tags)
}

async fn halls(
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
        .read(move |c| crate::directory::list_halls(c, app.as_deref()))
        .await?;
    Ok(Json(HallsResponse { halls }))
}

/// `/api/tags`, `/api/halls`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/tags", get(tags))
        .route("/api/halls", get(halls))
}

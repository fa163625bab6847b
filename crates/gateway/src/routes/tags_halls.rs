//! `GET /api/tags` (the platform's tag list, cached per appCode, entity,
//! stars and type) and `GET /api/halls` (the hall directory).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::extract::{RawQuery, State};
use axum::routing::get;
use axum::{Json, Router};
use hcp_protocol::api::{HallsResponse, Tag, TagsResponse};
use hcp_protocol::error::{FieldError, Problem};
use hcp_protocol::params::Query;
use hcp_protocol::types::{AppCode, EvalEntityCode, Stars, TagType};
use hcp_protocol::upstream::{self, TagListData};

use crate::AppState;
use crate::error::AppError;

/// (appCode, evalEntityCode, stars, type).
type TagKey = (String, &'static str, u8, Option<u8>);

/// Tag lists by key, with when they were fetched.
#[derive(Debug, Default)]
pub struct TagCache {
    entries: Mutex<HashMap<TagKey, (Instant, Vec<Tag>)>>,
}

impl TagCache {
    fn get(&self, key: &TagKey, ttl: Duration) -> (Option<Vec<Tag>>, Option<Vec<Tag>>) {
        let Ok(map) = self.entries.lock() else {
            return (None, None);
        };
        match map.get(key) {
            Some((at, tags)) if at.elapsed() < ttl => (Some(tags.clone()), None),
            Some((_, tags)) => (None, Some(tags.clone())),
            None => (None, None),
        }
    }

    fn put(&self, key: TagKey, tags: Vec<Tag>) {
        if let Ok(mut map) = self.entries.lock() {
            // A bounded key space in practice (apps × 4 entities × 5 stars × 3 types);
            // the cap only guards against a flood of made-up appCodes.
            if map.len() > 10_000 {
                map.clear();
            }
            map.insert(key, (Instant::now(), tags));
        }
    }
}

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

/// The platform's tags for (appCode, entity, stars, type): from the cache
/// while fresh, else fetched (and cached); an old list when the platform
/// cannot be reached. `/api/tags` answers with it, and `/api/submit` checks
/// a rating's tags against it.
pub async fn tag_list(
    state: &AppState,
    app_code: &AppCode,
    entity: EvalEntityCode,
    stars: Stars,
    tag_type: Option<TagType>,
) -> Result<Vec<Tag>, AppError> {
    let key: TagKey = (
        app_code.as_str().to_string(),
        entity.as_str(),
        stars.get(),
        tag_type.map(TagType::get),
    );
    let (fresh, stale) = state.tags.get(&key, state.config.tags_ttl);
    if let Some(tags) = fresh {
        state.metrics.tag_cache.with_label_values(&["hit"]).inc();
        return Ok(tags);
    }
    let stars_text = stars.get().to_string();
    let type_text = tag_type.map(|t| t.get().to_string());
    let mut query: Vec<(&str, &str)> = vec![
        ("appCode", app_code.as_str()),
        ("evalEntityCode", entity.as_str()),
        ("generalStars", &stars_text),
    ];
    if let Some(t) = &type_text {
        query.push(("type", t));
    }
    let fetched = match state.upstream.get(upstream::path::TAG_LIST, &query).await {
        Ok(env) if env.code == upstream::code::OK => {
            let data: TagListData = env
                .data
                .map(serde_json::from_value)
                .transpose()
                .map_err(|e| AppError::Upstream(format!("tag list data: {e}")))?
                .unwrap_or(TagListData { tag_list: vec![] });
            Ok(data
                .tag_list
                .into_iter()
                .filter(|t| t.star_num.is_none_or(|s| s == stars))
                .map(|t| Tag {
                    id: t.tag_id.0,
                    name: t.tag_name,
                })
                .collect::<Vec<_>>())
        }
        Ok(env) => Err(AppError::Refused {
            code: Some(env.code),
            message: env.message,
        }),
        Err(e) => Err(AppError::Upstream(e.to_string())),
    };
    match (fetched, stale) {
        (Ok(tags), _) => {
            state.metrics.tag_cache.with_label_values(&["miss"]).inc();
            state.tags.put(key, tags.clone());
            Ok(tags)
        }
        // The platform is down: an old list is better than none.
        (Err(e), Some(tags)) => {
            tracing::warn!(
                error = %crate::error::safe_text(&format!("{e:?}"), 300),
                "tag list unavailable; serving the cached one"
            );
            state.metrics.tag_cache.with_label_values(&["stale"]).inc();
            Ok(tags)
        }
        (Err(e), None) => Err(e),
    }
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
        .read(move |c| Ok(crate::directory::list_halls(c, app.as_deref())?))
        .await?;
    Ok(Json(HallsResponse { halls }))
}

/// `/api/tags`, `/api/halls`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/tags", get(tags))
        .route("/api/halls", get(halls))
}

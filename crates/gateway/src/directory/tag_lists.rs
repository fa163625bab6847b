//! The platform's tag lists as pages and checks get them: from the kept
//! catalogs (`catalog`) whatever their age, else fetched now (4.3) and kept;
//! the follower that takes another gateway's fetch into memory, and the
//! background refresher of catalogs older than `HCP_TAGS_TTL_SECS`.

use crate::directory::catalog::CHANNEL;
use crate::directory::catalog::lock;
use crate::directory::catalog::{CatalogKey, Served, store};
use crate::directory::{catalog, tag_lists};
use crate::error::AppError;
use crate::state::AppState;
use hcp_protocol::api::Tag;
use hcp_protocol::types::{AppCode, EvalEntityCode, Stars, TagType};
use hcp_protocol::upstream::{self, TagListData};
use std::time::Duration;
use tokio::sync::watch;

/// Asks the platform for one catalog; keeps it (memory and the store) when
/// it answers. A refusal is remembered so that the refresher does not ask
/// again before the TTL.
pub async fn fetch(state: &AppState, key: &CatalogKey) -> Result<Vec<Tag>, AppError> {
    let stars_text = key.stars.to_string();
    let type_text = key.tag_type.map(|t| t.get().to_string());
    let mut query: Vec<(&str, &str)> = vec![
        ("appCode", key.app_code.as_str()),
        ("evalEntityCode", key.entity.as_str()),
        ("generalStars", &stars_text),
    ];
    if let Some(t) = &type_text {
        query.push(("type", t));
    }
    let answer = state.upstream.get(upstream::path::TAG_LIST, &query).await;
    let tags = match answer {
        Ok(env) if env.code == upstream::code::OK => {
            let data: TagListData = env
                .data
                .map(serde_json::from_value)
                .transpose()
                .map_err(|e| AppError::Upstream(format!("tag list data: {e}")))?
                .unwrap_or(TagListData { tag_list: vec![] });
            data.tag_list
                .into_iter()
                .filter(|t| t.star_num.is_none_or(|s| s.get() == key.stars))
                .map(|t| Tag {
                    id: t.tag_id.0,
                    name: t.tag_name,
                })
                .collect::<Vec<_>>()
        }
        Ok(env) => {
            lock(&state.catalogs.refused).insert(key.clone(), state.clock.now_ms());
            return Err(AppError::Refused {
                code: Some(env.code),
                message: env.message,
            });
        }
        Err(e) => return Err(AppError::Upstream(e.to_string())),
    };
    let fetched_at = state.clock.now_ms();
    state.catalogs.keep(key.clone(), tags.clone(), fetched_at);
    let (k, t) = (key.clone(), tags.clone());
    if let Err(e) = state
        .db
        .write(move |c| store::save(c, &k, &t, fetched_at))
        .await
    {
        // Served from memory all the same; kept on disk at the next refresh.
        tracing::error!(error = %format!("{e:#}"), "cannot keep a tag catalog in the store");
    }
    Ok(tags)
}

/// Follows the catalogs other gateways keep on a shared PostgreSQL (on
/// SQLite there are none: it returns at once): on each announcement, reads
/// the table and takes what is newer.
pub async fn follow(state: AppState, mut stop: watch::Receiver<bool>) {
    if state.db.backend() == crate::store::Backend::Sqlite {
        // One gateway per file: its memory is the only writer.
        return;
    }
    let mut heard = match state.db.subscribe(CHANNEL).await {
        Ok(rx) => rx,
        Err(e) => {
            tracing::error!(error = %format!("{e:#}"), "cannot follow the shared tag catalogs");
            return;
        }
    };
    loop {
        tokio::select! {
            m = heard.recv() => {
                if matches!(m, Err(tokio::sync::broadcast::error::RecvError::Closed)) {
                    return;
                }
            }
            _ = stop.changed() => return,
        }
        // Several announcements at once (a refresh pass): one read.
        while heard.try_recv().is_ok() {}
        match state.db.read(store::load).await {
            Ok(rows) => {
                let taken = state.catalogs.merge(rows);
                if taken > 0 {
                    tracing::debug!(taken, "tag catalogs taken from the shared store");
                }
            }
            Err(e) => {
                tracing::warn!(error = %format!("{e:#}"), "cannot read the shared tag catalogs");
            }
        }
    }
}

/// The background refresher: fetches what is missing or older than the TTL,
/// sequentially; stops a pass at the first failure (the platform is down:
/// one probe per pause, not twenty), and backs off.
pub async fn run_refresher(state: AppState, mut stop: watch::Receiver<bool>) {
    let ttl = state.config.tags_ttl;
    let mut failures: u32 = 0;
    loop {
        if *stop.borrow() {
            return;
        }
        let (due, next) = state.catalogs.due(ttl, state.clock.now_ms());
        let mut failed = false;
        let mut fetched = 0usize;
        for key in &due {
            if *stop.borrow() {
                return;
            }
            match fetch(&state, key).await {
                Ok(_) => {
                    fetched += 1;
                    state.metrics.tag_refresh.with_label_values(&["ok"]).inc();
                }
                Err(AppError::Refused { message, .. }) => {
                    state
                        .metrics
                        .tag_refresh
                        .with_label_values(&["refused"])
                        .inc();
                    tracing::warn!(app_code = %key.app_code, entity = key.entity.as_str(), stars = key.stars, message = %message, "the platform refused a tag list; asked again after the TTL");
                }
                Err(e) => {
                    state
                        .metrics
                        .tag_refresh
                        .with_label_values(&["error"])
                        .inc();
                    tracing::warn!(error = ?e, waiting = due.len() - fetched, "cannot refresh the tag catalogs; the kept ones are served");
                    failed = true;
                    break;
                }
            }
        }
        if fetched > 0 {
            tracing::info!(fetched, "tag catalogs fetched");
        }
        let wait = if failed {
            failures = failures.saturating_add(1);
            let initial = state.config.retry.initial.max(Duration::from_millis(100));
            initial
                .saturating_mul(2u32.saturating_pow(failures.min(16)))
                .min(ttl.min(Duration::from_secs(60)))
        } else {
            failures = 0;
            let until = next.map_or(ttl, |n| {
                Duration::from_millis(u64::try_from(n - state.clock.now_ms()).unwrap_or(0))
            });
            until.clamp(Duration::from_millis(50), Duration::from_secs(60))
        };
        tokio::select! {
            _ = tokio::time::sleep(wait) => {}
            _ = state.catalogs.wake.notified() => {}
            _ = stop.changed() => {}
        }
    }
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
    if let Some((tags, served)) =
        state
            .catalogs
            .get(&key, state.config.tags_ttl, state.clock.now_ms())
    {
        state
            .metrics
            .tag_cache
            .with_label_values(&[served.label()])
            .inc();
        return Ok(tags);
    }
    let tags = tag_lists::fetch(state, &key).await?;
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

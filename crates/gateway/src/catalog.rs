//! Tag catalogs that survive an outage (docs/ARCHITECTURE.md, "Tag
//! catalogs"). The platform's tag list (4.3) for every (appCode,
//! evalEntityCode, stars, type) the pages show is:
//!
//! - fetched ahead of need: at start for the configured appCodes
//!   (`HCP_APP_CODES`), the hall directory's and those already stored, and
//!   for a new appCode as soon as a page of it has asked for one of its lists
//!   (every star level and page kind of it, not only the one asked for);
//! - kept in the store (`tag_catalogs`), and in memory for answering; on a
//!   shared PostgreSQL one gateway's fetch reaches every other's memory
//!   (a notification on [`CHANNEL`], then [`follow`] reads the table);
//! - refreshed in the background once older than `HCP_TAGS_TTL_SECS`;
//! - served from what is kept whatever its age, so an outage, or a restart
//!   during one, never leaves a page without its tags. Only a list that was
//!   never fetched (an appCode first seen during an outage) is missing.
//!
//! The memory side is a mirror of a small table (appCodes × 20 lists), not a
//! cache: nothing is evicted and nothing expires, which is why it is a
//! plain map rather than a caching crate.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::Mutex;
use std::time::Duration;

use hcp_protocol::PageKind;
use hcp_protocol::api::Tag;
use hcp_protocol::types::{AppCode, EvalEntityCode, Stars, TagType};
use hcp_protocol::upstream::{self, TagListData};
use tokio::sync::{Notify, watch};

use crate::AppState;
use crate::args;
use crate::db::now_ms;
use crate::error::AppError;
use crate::store::Tx;

/// The store channel a kept catalog is announced on.
pub const CHANNEL: &str = "hcp_catalogs";

/// The most appCodes learned from requests (configured ones not counted):
/// a flood of made-up appCodes the platform happens to accept stops here.
pub const MAX_LEARNED_APPS: usize = 200;

/// One catalog: (appCode, evalEntityCode, stars, type).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CatalogKey {
    /// 应用编码.
    pub app_code: String,
    /// 评价对象编码.
    pub entity: EvalEntityCode,
    /// 1..=5.
    pub stars: u8,
    /// 1 (cases), 2 (consultations), or none given.
    pub tag_type: Option<TagType>,
}

impl CatalogKey {
    /// The key of a request.
    pub fn new(
        app_code: &AppCode,
        entity: EvalEntityCode,
        stars: Stars,
        tag_type: Option<TagType>,
    ) -> CatalogKey {
        CatalogKey {
            app_code: app_code.as_str().to_string(),
            entity,
            stars: stars.get(),
            tag_type,
        }
    }

    /// Every catalog the pages of `app_code` show: each page kind's
    /// (evalEntityCode, type), each star level.
    pub fn shown_by_pages(app_code: &str) -> Vec<CatalogKey> {
        let mut kinds: Vec<(EvalEntityCode, TagType)> = Vec::new();
        for k in PageKind::ALL {
            let pair = (k.eval_entity_code(), k.tag_type());
            if !kinds.contains(&pair) {
                kinds.push(pair);
            }
        }
        kinds
            .into_iter()
            .flat_map(|(entity, tag_type)| {
                (1..=5u8).map(move |stars| CatalogKey {
                    app_code: app_code.to_string(),
                    entity,
                    stars,
                    tag_type: Some(tag_type),
                })
            })
            .collect()
    }

    fn type_number(&self) -> i64 {
        self.tag_type.map_or(0, |t| i64::from(t.get()))
    }
}

/// A kept catalog.
#[derive(Debug, Clone)]
struct Kept {
    tags: Vec<Tag>,
    fetched_at: i64,
}

/// The catalogs, and what the refresher needs to know.
#[derive(Debug, Default)]
pub struct Catalogs {
    kept: Mutex<HashMap<CatalogKey, Kept>>,
    /// appCodes whose page catalogs are kept complete.
    apps: Mutex<BTreeSet<String>>,
    /// How many of `apps` were learned from requests.
    learned: Mutex<usize>,
    /// Keys the platform refused (not kept), with when: not asked again before the TTL.
    refused: Mutex<HashMap<CatalogKey, i64>>,
    /// Wakes the refresher (a new appCode to prefetch).
    wake: Notify,
}

/// How a lookup was answered, for the metrics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Served {
    /// Kept and younger than the TTL.
    Fresh,
    /// Kept, older than the TTL (a refresh is due or failing).
    Stale,
    /// Fetched now: it was not kept.
    Fetched,
}

impl Served {
    /// The `hcp_tag_cache_total{result}` label.
    pub fn label(self) -> &'static str {
        match self {
            Served::Fresh => "hit",
            Served::Stale => "stale",
            Served::Fetched => "miss",
        }
    }
}

/// How many catalogs are kept and how many the pages need that are not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Coverage {
    /// Kept.
    pub stored: usize,
    /// Shown by the pages of a known appCode, never fetched.
    pub missing: usize,
    /// Known appCodes.
    pub apps: usize,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A poisoned lock means a panic elsewhere; the map itself is still whole.
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Catalogs {
    /// Loads what gateway.db keeps, and the appCodes to keep complete:
    /// `configured`, the hall directory's, and those of kept catalogs.
    pub fn load(conn: &mut dyn Tx, configured: &[AppCode]) -> anyhow::Result<Catalogs> {
        let rows = store::load(conn)?;
        let mut apps: BTreeSet<String> =
            configured.iter().map(|a| a.as_str().to_string()).collect();
        apps.extend(crate::directory::app_codes(conn)?);
        let mut kept = HashMap::new();
        for (key, tags, fetched_at) in rows {
            apps.insert(key.app_code.clone());
            kept.insert(key, Kept { tags, fetched_at });
        }
        Ok(Catalogs {
            kept: Mutex::new(kept),
            apps: Mutex::new(apps),
            ..Catalogs::default()
        })
    }

    /// The kept catalog for `key`, and whether it is younger than `ttl`.
    pub fn get(&self, key: &CatalogKey, ttl: Duration) -> Option<(Vec<Tag>, Served)> {
        let kept = lock(&self.kept);
        let k = kept.get(key)?;
        let age = now_ms().saturating_sub(k.fetched_at);
        let fresh = u128::try_from(age).unwrap_or(0) < ttl.as_millis();
        Some((
            k.tags.clone(),
            if fresh { Served::Fresh } else { Served::Stale },
        ))
    }

    /// Takes what the store keeps where it is newer than what is in memory
    /// (another gateway fetched it). Returns how many were taken.
    fn merge(&self, rows: Vec<(CatalogKey, Vec<Tag>, i64)>) -> usize {
        let mut kept = lock(&self.kept);
        let mut apps = lock(&self.apps);
        let mut taken = 0;
        for (key, tags, fetched_at) in rows {
            if kept.get(&key).is_some_and(|k| k.fetched_at >= fetched_at) {
                continue;
            }
            apps.insert(key.app_code.clone());
            kept.insert(key, Kept { tags, fetched_at });
            taken += 1;
        }
        taken
    }

    fn keep(&self, key: CatalogKey, tags: Vec<Tag>, fetched_at: i64) {
        lock(&self.refused).remove(&key);
        lock(&self.kept).insert(key, Kept { tags, fetched_at });
    }

    /// Adds an appCode a page asked for (the platform accepted it); wakes
    /// the refresher to fetch all of its catalogs. False when it is new but
    /// [`MAX_LEARNED_APPS`] are already learned.
    pub fn learn(&self, app_code: &str) -> bool {
        let mut apps = lock(&self.apps);
        if apps.contains(app_code) {
            return true;
        }
        let mut learned = lock(&self.learned);
        if *learned >= MAX_LEARNED_APPS {
            return false;
        }
        *learned += 1;
        apps.insert(app_code.to_string());
        drop(apps);
        self.wake.notify_one();
        true
    }

    /// Every key to keep: the known appCodes' page catalogs and whatever is kept.
    fn wanted(&self) -> Vec<CatalogKey> {
        let apps: Vec<String> = lock(&self.apps).iter().cloned().collect();
        let mut keys: Vec<CatalogKey> = apps
            .iter()
            .flat_map(|a| CatalogKey::shown_by_pages(a))
            .collect();
        let seen: HashSet<CatalogKey> = keys.iter().cloned().collect();
        let mut extra: Vec<CatalogKey> = lock(&self.kept)
            .keys()
            .filter(|k| !seen.contains(*k))
            .cloned()
            .collect();
        extra.sort_by_key(|k| {
            (
                k.app_code.clone(),
                k.entity.as_str(),
                k.stars,
                k.type_number(),
            )
        });
        keys.extend(extra);
        keys
    }

    /// Keys that are missing or older than `ttl`, missing ones first, and
    /// when the next kept one comes due (Unix ms).
    fn due(&self, ttl: Duration, now: i64) -> (Vec<CatalogKey>, Option<i64>) {
        let ttl_ms = i64::try_from(ttl.as_millis()).unwrap_or(i64::MAX);
        let wanted = self.wanted();
        let kept = lock(&self.kept);
        let refused = lock(&self.refused);
        let mut missing = Vec::new();
        let mut old = Vec::new();
        let mut next: Option<i64> = None;
        for key in wanted {
            let at = match kept.get(&key) {
                Some(k) => k.fetched_at,
                None => match refused.get(&key) {
                    Some(at) => *at,
                    None => {
                        missing.push(key);
                        continue;
                    }
                },
            };
            let due_at = at.saturating_add(ttl_ms);
            if due_at <= now {
                if kept.contains_key(&key) {
                    old.push(key);
                } else {
                    missing.push(key);
                }
            } else {
                next = Some(next.map_or(due_at, |n| n.min(due_at)));
            }
        }
        missing.extend(old);
        (missing, next)
    }

    /// How complete the catalogs are.
    pub fn coverage(&self) -> Coverage {
        let apps: Vec<String> = lock(&self.apps).iter().cloned().collect();
        let kept = lock(&self.kept);
        let missing = apps
            .iter()
            .flat_map(|a| CatalogKey::shown_by_pages(a))
            .filter(|k| !kept.contains_key(k))
            .count();
        Coverage {
            stored: kept.len(),
            missing,
            apps: apps.len(),
        }
    }
}

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
            lock(&state.catalogs.refused).insert(key.clone(), now_ms());
            return Err(AppError::Refused {
                code: Some(env.code),
                message: env.message,
            });
        }
        Err(e) => return Err(AppError::Upstream(e.to_string())),
    };
    let fetched_at = now_ms();
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
        let (due, next) = state.catalogs.due(ttl, now_ms());
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
                Duration::from_millis(u64::try_from(n - now_ms()).unwrap_or(0))
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

/// The `tag_catalogs` table.
pub mod store {
    use super::*;

    /// A kept catalog: its key, its tags, when it was fetched (Unix ms).
    pub type Row = (CatalogKey, Vec<Tag>, i64);

    /// Every kept catalog.
    pub fn load(tx: &mut dyn Tx) -> anyhow::Result<Vec<Row>> {
        let rows = tx.query(
            "SELECT app_code, eval_entity_code, stars, tag_type, tags, fetched_at FROM tag_catalogs",
            args![],
        )?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let (app, entity, stars, ty, tags, at): (String, String, i64, i64, String, i64) = (
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            );
            // A row this gateway cannot read is skipped (and fetched again), not fatal.
            let (Ok(entity), Ok(stars)) = (entity.parse::<EvalEntityCode>(), u8::try_from(stars))
            else {
                continue;
            };
            let tag_type = match ty {
                0 => None,
                n => match TagType::try_from(n) {
                    Ok(t) => Some(t),
                    Err(_) => continue,
                },
            };
            let Ok(tags) = serde_json::from_str::<Vec<Tag>>(&tags) else {
                continue;
            };
            let key = CatalogKey {
                app_code: app,
                entity,
                stars,
                tag_type,
            };
            out.push((key, tags, at));
        }
        Ok(out)
    }

    /// Keeps one catalog (replacing the older one).
    pub fn save(
        tx: &mut dyn Tx,
        key: &CatalogKey,
        tags: &[Tag],
        fetched_at: i64,
    ) -> anyhow::Result<()> {
        let json = serde_json::to_string(tags)?;
        // An older fetch (another gateway's, on a shared store) never
        // replaces a newer one.
        tx.execute(
            "INSERT INTO tag_catalogs (app_code, eval_entity_code, stars, tag_type, tags, fetched_at)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (app_code, eval_entity_code, stars, tag_type)
             DO UPDATE SET tags = excluded.tags, fetched_at = excluded.fetched_at
             WHERE tag_catalogs.fetched_at <= excluded.fetched_at",
            args![
                &key.app_code,
                key.entity.as_str(),
                key.stars,
                key.type_number(),
                &json,
                fetched_at
            ],
        )?;
        tx.notify(CHANNEL, "")?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pages_show_four_catalogs_per_star_level() {
        let keys = CatalogKey::shown_by_pages("app1");
        assert_eq!(keys.len(), 20, "{keys:?}");
        for (entity, ty) in [
            (EvalEntityCode::EgovGuide, TagType::Case),
            (EvalEntityCode::EgovAffair, TagType::Case),
            (EvalEntityCode::HallAffair, TagType::Case),
            (EvalEntityCode::HallAffair, TagType::Consult),
        ] {
            for stars in 1..=5 {
                assert!(
                    keys.iter()
                        .any(|k| k.entity == entity && k.tag_type == Some(ty) && k.stars == stars)
                );
            }
        }
    }

    #[test]
    fn kept_catalogs_survive_a_reopen_and_the_missing_ones_are_due_first() {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = crate::db::Db::open(&dir.path().join("g.db")).expect("db");
        let app = AppCode::new("app1").expect("app");
        let key = CatalogKey::new(
            &app,
            EvalEntityCode::EgovGuide,
            Stars::MAX,
            Some(TagType::Case),
        );
        let tags = vec![Tag {
            id: "t1".into(),
            name: "清楚".into(),
        }];
        let (k, t) = (key.clone(), tags.clone());
        db.blocking(move |c| store::save(c, &k, &t, 1_000))
            .expect("save");
        let catalogs = db.blocking(|c| Catalogs::load(c, &[])).expect("load");
        // Kept and served, however old.
        let (served, how) = catalogs.get(&key, Duration::from_secs(1)).expect("kept");
        assert_eq!(served, tags);
        assert_eq!(how, Served::Stale);
        let cov = catalogs.coverage();
        assert_eq!((cov.stored, cov.missing, cov.apps), (1, 19, 1));
        let (due, _) = catalogs.due(Duration::from_secs(600), now_ms());
        assert_eq!(due.len(), 20);
        assert_eq!(due.last(), Some(&key), "the old one after the missing ones");
        assert!(catalogs.learn("app2"));
        assert_eq!(catalogs.coverage().missing, 39);
    }

    #[test]
    fn another_gateways_newer_catalog_is_taken_and_an_older_one_is_not() {
        let catalogs = Catalogs::default();
        let key = CatalogKey::new(
            &AppCode::new("app1").expect("app"),
            EvalEntityCode::EgovGuide,
            Stars::MAX,
            Some(TagType::Case),
        );
        let tags = |name: &str| {
            vec![Tag {
                id: "t1".into(),
                name: name.into(),
            }]
        };
        catalogs.keep(key.clone(), tags("ours"), 2_000);
        assert_eq!(catalogs.merge(vec![(key.clone(), tags("older"), 1_000)]), 0);
        let ttl = Duration::from_secs(3600);
        assert_eq!(catalogs.get(&key, ttl).expect("kept").0, tags("ours"));
        assert_eq!(catalogs.merge(vec![(key.clone(), tags("newer"), 3_000)]), 1);
        assert_eq!(catalogs.get(&key, ttl).expect("kept").0, tags("newer"));
        assert_eq!(catalogs.coverage().apps, 1, "its appCode is known");
    }
}

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

use crate::args;
use crate::store::Tx;
use hcp_protocol::PageKind;
use hcp_protocol::api::Tag;
use hcp_protocol::types::{AppCode, EvalEntityCode, Stars, TagType};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::Mutex;
use std::time::Duration;
use tokio::sync::Notify;

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
pub(crate) struct Kept {
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
    pub(crate) refused: Mutex<HashMap<CatalogKey, i64>>,
    /// Wakes the refresher (a new appCode to prefetch).
    pub(crate) wake: Notify,
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

pub(crate) fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
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
        apps.extend(crate::directory::halls::app_codes(conn)?);
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

    /// The kept catalog for `key`, and whether it is younger than `ttl` at
    /// `now_ms`.
    pub fn get(&self, key: &CatalogKey, ttl: Duration, now_ms: i64) -> Option<(Vec<Tag>, Served)> {
        let kept = lock(&self.kept);
        let k = kept.get(key)?;
        let age = now_ms.saturating_sub(k.fetched_at);
        let fresh = u128::try_from(age).unwrap_or(0) < ttl.as_millis();
        Some((
            k.tags.clone(),
            if fresh { Served::Fresh } else { Served::Stale },
        ))
    }

    /// Takes what the store keeps where it is newer than what is in memory
    /// (another gateway fetched it). Returns how many were taken.
    pub(crate) fn merge(&self, rows: Vec<(CatalogKey, Vec<Tag>, i64)>) -> usize {
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

    pub(crate) fn keep(&self, key: CatalogKey, tags: Vec<Tag>, fetched_at: i64) {
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
    pub(crate) fn due(&self, ttl: Duration, now: i64) -> (Vec<CatalogKey>, Option<i64>) {
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
    use crate::clock::now_ms;

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
        let (_dir, db) = crate::store::Db::temp();
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
        let (served, how) = catalogs
            .get(&key, Duration::from_secs(1), now_ms())
            .expect("kept");
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
        assert_eq!(
            catalogs.get(&key, ttl, now_ms()).expect("kept").0,
            tags("ours")
        );
        assert_eq!(catalogs.merge(vec![(key.clone(), tags("newer"), 3_000)]), 1);
        assert_eq!(
            catalogs.get(&key, ttl, now_ms()).expect("kept").0,
            tags("newer")
        );
        assert_eq!(catalogs.coverage().apps, 1, "its appCode is known");
    }
}

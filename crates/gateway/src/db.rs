//! The gateway's SQLite file (`HCP_DATA_DIR/gateway.db`): the outbox, the
//! case and hall directories and the push API's nonces. One connection in WAL
//! mode behind a mutex; work runs on the blocking pool so no lock is held
//! across an await.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::{Context, anyhow};
use rusqlite::Connection;

/// The schema, applied in order; `PRAGMA user_version` counts the applied steps.
const MIGRATIONS: &[&str] = &[r#"
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    interface TEXT NOT NULL,
    body TEXT NOT NULL,
    display_key TEXT NOT NULL,
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    lease_until INTEGER,
    lease_token TEXT,
    last_error TEXT,
    eval_id TEXT,
    response TEXT,
    created_at INTEGER NOT NULL,
    closed_at INTEGER
);
CREATE INDEX outbox_due ON outbox(state, next_attempt_at);
CREATE TABLE outbox_keys (
    key TEXT PRIMARY KEY,
    entry_id INTEGER NOT NULL REFERENCES outbox(id),
    case_no TEXT,
    status TEXT,
    message TEXT
);
CREATE INDEX outbox_keys_entry ON outbox_keys(entry_id);
CREATE TABLE cases (
    affair_serial_no TEXT PRIMARY KEY,
    affair_code TEXT NOT NULL,
    affair_name TEXT NOT NULL,
    department_code TEXT NOT NULL,
    department_name TEXT,
    affair_deal_officer TEXT NOT NULL,
    affair_apply_time TEXT NOT NULL,
    affair_done_time TEXT,
    updated_at INTEGER NOT NULL
);
CREATE TABLE halls (
    hall_code TEXT PRIMARY KEY,
    hall_name TEXT NOT NULL,
    app_code TEXT,
    updated_at INTEGER NOT NULL
);
CREATE TABLE workers (
    hall_code TEXT NOT NULL REFERENCES halls(hall_code),
    work_no TEXT NOT NULL,
    name TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (hall_code, work_no)
);
CREATE TABLE push_nonces (
    nonce TEXT PRIMARY KEY,
    seen_at INTEGER NOT NULL
);
"#];

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// Seconds since the Unix epoch.
pub fn now_secs() -> i64 {
    now_ms() / 1000
}

/// The database: cheap to clone.
#[derive(Clone)]
pub struct Db {
    conn: Arc<Mutex<Connection>>,
    path: PathBuf,
}

impl std::fmt::Debug for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Db").field("path", &self.path).finish()
    }
}

impl Db {
    /// Opens (creating the directory and file if needed) and migrates. Blocking.
    pub fn open(path: &Path) -> anyhow::Result<Db> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create the data directory {}", dir.display()))?;
        }
        let mut conn = Connection::open(path)
            .with_context(|| format!("cannot open the database {}", path.display()))?;
        conn.busy_timeout(Duration::from_secs(5))?;
        // WAL: readers (the `outbox` command) never block the server; FULL:
        // an answered rating survives a power cut, not only a crash.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        migrate(&mut conn)
            .with_context(|| format!("cannot prepare the database {}", path.display()))?;
        Ok(Db {
            conn: Arc::new(Mutex::new(conn)),
            path: path.to_path_buf(),
        })
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` with the connection on the current thread (tools, tests, startup).
    pub fn blocking<T>(
        &self,
        f: impl FnOnce(&mut Connection) -> anyhow::Result<T>,
    ) -> anyhow::Result<T> {
        let mut conn = self
            .conn
            .lock()
            .map_err(|_| anyhow!("the database lock was poisoned"))?;
        f(&mut conn)
    }

    /// Runs `f` with the connection on the blocking pool.
    pub async fn call<T, F>(&self, f: F) -> anyhow::Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> anyhow::Result<T> + Send + 'static,
    {
        let this = self.clone();
        tokio::task::spawn_blocking(move || this.blocking(f))
            .await
            .map_err(|e| anyhow!("database task failed: {e}"))?
    }
}

fn migrate(conn: &mut Connection) -> anyhow::Result<()> {
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let applied = usize::try_from(version).unwrap_or(0);
    if applied > MIGRATIONS.len() {
        return Err(anyhow!(
            "the database was written by a newer hcp-gateway (schema {applied}, this one knows {})",
            MIGRATIONS.len()
        ));
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(applied) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(
            None,
            "user_version",
            i64::try_from(i + 1).unwrap_or(i64::MAX),
        )?;
        tx.commit()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opens_twice_and_migrates_once() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("gateway.db");
        let db = Db::open(&path).expect("open");
        let mode: String = db
            .blocking(|c| Ok(c.pragma_query_value(None, "journal_mode", |r| r.get(0))?))
            .expect("mode");
        assert_eq!(mode.to_lowercase(), "wal");
        drop(db);
        let db = Db::open(&path).expect("reopen");
        let v: i64 = db
            .blocking(|c| Ok(c.pragma_query_value(None, "user_version", |r| r.get(0))?))
            .expect("version");
        assert_eq!(v, 1);
    }
}

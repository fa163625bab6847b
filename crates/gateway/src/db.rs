//! The gateway's SQLite file (`HCP_DATA_DIR/gateway.db`): the outbox, the
//! case, hall and department directories, the push API's nonces, the tag
//! catalogs, the pads and the cases reported to them (`pads`).
//!
//! WAL mode with `synchronous=FULL`: a rating the citizen was told about
//! survives a power cut, not only a crash. That costs an fsync per commit, so
//! writes are **group-committed**: [`Db::write`] hands its closure to one
//! writer thread, which runs every job waiting at that moment inside a single
//! transaction (each job in its own savepoint, so one failure rolls back only
//! itself) and fsyncs once. A job's answer is released only after the COMMIT
//! succeeded. [`Db::read`] uses a second, query-only connection, which WAL
//! lets read beside the writer. No lock is ever held across an await.

use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::{Context, anyhow};
use rusqlite::Connection;
use tokio::sync::oneshot;

/// The most jobs one group commit takes (bounds how long a batch holds the lock).
const MAX_GROUP: usize = 256;

/// The schema, applied in order; `PRAGMA user_version` counts the applied steps.
const MIGRATIONS: &[&str] = &[
    r#"
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
"#,
    r#"
-- Key kinds (outbox::KeyKind): 'rating' (a case and stage, a guide or a
-- window rating) and 'client' (a client's idempotency key, with the
-- fingerprint of the submission it was first used for).
ALTER TABLE outbox_keys ADD COLUMN kind TEXT NOT NULL DEFAULT 'rating';
ALTER TABLE outbox_keys ADD COLUMN fingerprint TEXT;
-- Confirm before resending: when the first attempt with an unknown outcome
-- started (Unix ms; NULL: none outstanding), how the entry was settled
-- afterwards (outbox::Recovery: 'confirmed' or 'resent'), and what the
-- platform's query answers are matched on (guide and window ratings).
ALTER TABLE outbox ADD COLUMN unknown_since INTEGER;
ALTER TABLE outbox ADD COLUMN recovery TEXT;
ALTER TABLE outbox ADD COLUMN content_key TEXT;
CREATE INDEX outbox_content ON outbox(content_key) WHERE content_key IS NOT NULL;
CREATE INDEX outbox_eval_id ON outbox(eval_id) WHERE eval_id IS NOT NULL;
-- Tag catalogs (catalog.rs): the platform's 4.3 answer per key, served when
-- the platform fails. tag_type 0: the request named no type.
CREATE TABLE tag_catalogs (
    app_code TEXT NOT NULL,
    eval_entity_code TEXT NOT NULL,
    stars INTEGER NOT NULL,
    tag_type INTEGER NOT NULL,
    tags TEXT NOT NULL,
    fetched_at INTEGER NOT NULL,
    PRIMARY KEY (app_code, eval_entity_code, stars, tag_type)
);
"#,
    // The applicant a hall system reported for a case, as a digest.
    r#"
ALTER TABLE cases ADD COLUMN applicant_digest TEXT;
"#,
    // Pad credentials and the cases hall systems report at a window.
    crate::pads::MIGRATION,
    // The department directory (departments.rs): code → name.
    r#"
CREATE TABLE departments (
    department_code TEXT PRIMARY KEY,
    department_name TEXT NOT NULL,
    updated_at INTEGER NOT NULL
);
"#,
];

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
    /// The write connection: used by the writer thread and by [`Db::blocking`].
    conn: Arc<Mutex<Connection>>,
    /// A query-only connection for [`Db::read`].
    reader: Arc<Mutex<Connection>>,
    /// Jobs for the writer thread (which stops when every `Db` is dropped).
    jobs: Sender<Box<dyn Job>>,
    path: PathBuf,
}

/// Called after the batch's COMMIT with its error, if it failed.
type Finish = Box<dyn FnOnce(Option<&anyhow::Error>) + Send>;

/// A write waiting for the writer thread.
trait Job: Send {
    /// Runs inside the batch's transaction; the answer waits for the COMMIT.
    fn run(self: Box<Self>, conn: &mut Connection) -> Finish;
    /// The batch could not even start.
    fn fail(self: Box<Self>, error: anyhow::Error);
}

struct WriteJob<F, T> {
    f: F,
    answer: oneshot::Sender<anyhow::Result<T>>,
}

impl<F, T> Job for WriteJob<F, T>
where
    F: FnOnce(&mut Connection) -> anyhow::Result<T> + Send + 'static,
    T: Send + 'static,
{
    fn run(self: Box<Self>, conn: &mut Connection) -> Finish {
        let WriteJob { f, answer } = *self;
        let result = in_savepoint(conn, f);
        Box::new(move |commit: Option<&anyhow::Error>| {
            let result = match commit {
                None => result,
                Some(e) => Err(anyhow!("the database could not commit: {e:#}")),
            };
            let _ = answer.send(result);
        })
    }

    fn fail(self: Box<Self>, error: anyhow::Error) {
        let _ = self.answer.send(Err(error));
    }
}

/// Runs one job in a savepoint of the open batch: released when it succeeds,
/// rolled back (alone) when it fails or panics.
fn in_savepoint<T>(
    conn: &mut Connection,
    f: impl FnOnce(&mut Connection) -> anyhow::Result<T>,
) -> anyhow::Result<T> {
    conn.prepare_cached("SAVEPOINT hcp_job")?.execute([])?;
    let result = std::panic::catch_unwind(AssertUnwindSafe(|| f(conn)))
        .unwrap_or_else(|_| Err(anyhow!("a database job panicked")));
    match result {
        Ok(v) => {
            conn.prepare_cached("RELEASE hcp_job")?.execute([])?;
            Ok(v)
        }
        Err(e) => {
            conn.execute_batch("ROLLBACK TO hcp_job; RELEASE hcp_job")?;
            Err(e)
        }
    }
}

/// The writer thread: takes every job waiting, runs them in one transaction,
/// commits once, then answers them all.
fn writer(conn: Arc<Mutex<Connection>>, jobs: Receiver<Box<dyn Job>>) {
    while let Ok(first) = jobs.recv() {
        let mut batch = vec![first];
        while batch.len() < MAX_GROUP {
            match jobs.try_recv() {
                Ok(job) => batch.push(job),
                Err(TryRecvError::Empty | TryRecvError::Disconnected) => break,
            }
        }
        let Ok(mut c) = conn.lock() else {
            for job in batch {
                job.fail(anyhow!("the database lock was poisoned"));
            }
            continue;
        };
        if let Err(e) = c
            .prepare_cached("BEGIN IMMEDIATE")
            .and_then(|mut s| s.execute([]))
        {
            let e = anyhow!(e);
            for job in batch {
                job.fail(anyhow!("the database could not begin a transaction: {e:#}"));
            }
            continue;
        }
        let finishes: Vec<Finish> = batch.into_iter().map(|job| job.run(&mut c)).collect();
        let commit = c
            .prepare_cached("COMMIT")
            .and_then(|mut s| s.execute([]))
            .map_err(anyhow::Error::from);
        if commit.is_err() {
            let _ = c.execute_batch("ROLLBACK");
        }
        drop(c);
        for finish in finishes {
            finish(commit.as_ref().err());
        }
    }
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
        // Hot statements are prepared once (`prepare_cached`), not parsed per request.
        conn.set_prepared_statement_cache_capacity(64);
        migrate(&mut conn)
            .with_context(|| format!("cannot prepare the database {}", path.display()))?;
        let reader = Connection::open(path)
            .with_context(|| format!("cannot open the database {}", path.display()))?;
        reader.busy_timeout(Duration::from_secs(5))?;
        reader.pragma_update(None, "query_only", "ON")?;
        reader.set_prepared_statement_cache_capacity(64);
        let conn = Arc::new(Mutex::new(conn));
        let (jobs, queue) = channel();
        let for_writer = Arc::clone(&conn);
        std::thread::Builder::new()
            .name("gateway-db-writer".to_string())
            .spawn(move || writer(for_writer, queue))
            .context("cannot start the database writer thread")?;
        Ok(Db {
            conn,
            reader: Arc::new(Mutex::new(reader)),
            jobs,
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

    /// Runs `f` in the next group commit and answers once it is durable.
    /// `f` runs inside a transaction: use `savepoint()`, not `transaction()`.
    pub async fn write<T, F>(&self, f: F) -> anyhow::Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> anyhow::Result<T> + Send + 'static,
    {
        let (answer, answered) = oneshot::channel();
        self.jobs
            .send(Box::new(WriteJob { f, answer }))
            .map_err(|_| anyhow!("the database writer has stopped"))?;
        answered
            .await
            .map_err(|_| anyhow!("the database writer has stopped"))?
    }

    /// Runs a query on the query-only connection, on the blocking pool.
    pub async fn read<T, F>(&self, f: F) -> anyhow::Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> anyhow::Result<T> + Send + 'static,
    {
        let reader = Arc::clone(&self.reader);
        tokio::task::spawn_blocking(move || {
            let conn = reader
                .lock()
                .map_err(|_| anyhow!("the database lock was poisoned"))?;
            f(&conn)
        })
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
        assert_eq!(usize::try_from(v).ok(), Some(MIGRATIONS.len()));
    }

    fn nonces(db: &Db) -> Vec<String> {
        db.blocking(|c| {
            let mut st = c.prepare("SELECT nonce FROM push_nonces ORDER BY nonce")?;
            let rows = st.query_map([], |r| r.get(0))?;
            Ok(rows.collect::<Result<Vec<String>, _>>()?)
        })
        .expect("nonces")
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn concurrent_writes_are_grouped_and_a_failing_job_rolls_back_alone() {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = Db::open(&dir.path().join("gateway.db")).expect("open");
        let mut tasks = Vec::new();
        for i in 0..64 {
            let db = db.clone();
            tasks.push(tokio::spawn(async move {
                db.write(move |c| {
                    c.execute(
                        "INSERT INTO push_nonces (nonce, seen_at) VALUES (?1, 0)",
                        [format!("n{i:02}")],
                    )?;
                    if i % 8 == 0 {
                        // Written, then refused: this job alone must be undone.
                        anyhow::bail!("job {i} refuses");
                    }
                    Ok(i)
                })
                .await
            }));
        }
        let mut ok = 0;
        for t in tasks {
            match t.await.expect("task") {
                Ok(_) => ok += 1,
                Err(e) => assert!(e.to_string().contains("refuses"), "{e:#}"),
            }
        }
        assert_eq!(ok, 56);
        let stored = nonces(&db);
        assert_eq!(stored.len(), 56);
        assert!(!stored.contains(&"n08".to_string()));
        assert!(stored.contains(&"n09".to_string()));
        // What write() answered is committed: the other connection sees it.
        let seen: i64 = db
            .read(|c| Ok(c.query_row("SELECT COUNT(*) FROM push_nonces", [], |r| r.get(0))?))
            .await
            .expect("read");
        assert_eq!(seen, 56);
    }

    #[tokio::test]
    async fn a_panicking_job_is_an_error_and_the_writer_goes_on() {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = Db::open(&dir.path().join("gateway.db")).expect("open");
        let r: anyhow::Result<()> = db
            .write(|c| {
                c.execute(
                    "INSERT INTO push_nonces (nonce, seen_at) VALUES ('p', 0)",
                    [],
                )?;
                panic!("boom")
            })
            .await;
        assert!(r.is_err());
        db.write(|c| {
            c.execute(
                "INSERT INTO push_nonces (nonce, seen_at) VALUES ('q', 0)",
                [],
            )?;
            Ok(())
        })
        .await
        .expect("the writer still works");
        assert_eq!(nonces(&db), vec!["q".to_string()]);
    }

    #[tokio::test]
    async fn the_reader_cannot_write() {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = Db::open(&dir.path().join("gateway.db")).expect("open");
        let r = db
            .read(|c| {
                Ok(c.execute(
                    "INSERT INTO push_nonces (nonce, seen_at) VALUES ('x', 0)",
                    [],
                )?)
            })
            .await;
        assert!(r.is_err());
    }
}

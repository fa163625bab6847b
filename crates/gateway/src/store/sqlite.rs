//! The SQLite backend (the default): the gateway's file
//! (`HCP_DATA_DIR/gateway.db`).
//!
//! WAL mode with `synchronous=FULL`: a rating the citizen was told about
//! survives a power cut, not only a crash. That costs an fsync per commit, so
//! writes are **group-committed**: [`Db::write`] hands its job to one writer
//! thread, which runs every job waiting at that moment inside a single
//! transaction (each job in its own savepoint, so one failure rolls back only
//! itself) and fsyncs once. A job's answer — and its notifications — are
//! released only after the COMMIT succeeded. [`Db::read`] uses a second,
//! query-only connection, which WAL lets read beside the writer. No lock is
//! ever held across an await.
//!
//! Migrations: `migrations/sqlite/NNN_*.sql`, applied in order at open;
//! `PRAGMA user_version` counts the applied steps, and a file written by a
//! newer gateway (a higher count) is refused. (The scheme is
//! rusqlite_migration's; that crate, like refinery's SQLite side, does not
//! yet support the rusqlite this workspace links, shared with the sandbox.)

use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::{Context, anyhow};
use rusqlite::Connection;
use rusqlite::types::{ToSqlOutput, ValueRef};
use tokio::sync::oneshot;

use super::notify::{Hub, valid_channel};
use super::sql::{Arg, Backend, Note, Row, Tx, Value, to_sqlite_placeholders};

/// The most jobs one group commit takes (bounds how long a batch holds the lock).
const MAX_GROUP: usize = 256;

/// The schema, applied in order; `PRAGMA user_version` counts the applied steps.
pub const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/sqlite/001_initial.sql"),
    include_str!("../../migrations/sqlite/002_client_keys_confirm_catalogs.sql"),
    include_str!("../../migrations/sqlite/003_applicant_digest.sql"),
    include_str!("../../migrations/sqlite/004_pads.sql"),
    include_str!("../../migrations/sqlite/005_departments.sql"),
];

impl rusqlite::ToSql for Arg<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match *self {
            Arg::Int(Some(i)) => ToSqlOutput::from(i),
            Arg::Text(Some(s)) => ToSqlOutput::from(s),
            Arg::Bool(Some(b)) => ToSqlOutput::from(b),
            Arg::Int(None) | Arg::Text(None) | Arg::Bool(None) => {
                ToSqlOutput::Owned(rusqlite::types::Value::Null)
            }
        })
    }
}

fn value(v: ValueRef<'_>) -> anyhow::Result<Value> {
    Ok(match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::Int(i),
        ValueRef::Text(t) => Value::Text(
            std::str::from_utf8(t)
                .context("a text column is not UTF-8")?
                .to_string(),
        ),
        ValueRef::Real(_) | ValueRef::Blob(_) => {
            return Err(anyhow!("the gateway stores no real or blob values"));
        }
    })
}

/// A bare connection is a [`Tx`] (tools and tests work on the file
/// directly). Its notifications go nowhere: no subscriber in this process
/// listens through it, and another process (a running gateway beside the
/// `import` command) cannot hear SQLite.
impl Tx for Connection {
    fn backend(&self) -> Backend {
        Backend::Sqlite
    }

    fn query(&mut self, sql: &str, args: &[Arg<'_>]) -> anyhow::Result<Vec<Row>> {
        let sql = to_sqlite_placeholders(sql);
        let mut stmt = self.prepare_cached(&sql)?;
        let n = stmt.column_count();
        let mut rows = stmt.query(rusqlite::params_from_iter(args.iter()))?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let mut row = Vec::with_capacity(n);
            for i in 0..n {
                row.push(value(r.get_ref(i)?)?);
            }
            out.push(Row(row));
        }
        Ok(out)
    }

    fn execute(&mut self, sql: &str, args: &[Arg<'_>]) -> anyhow::Result<u64> {
        let sql = to_sqlite_placeholders(sql);
        let n = self
            .prepare_cached(&sql)?
            .execute(rusqlite::params_from_iter(args.iter()))?;
        Ok(u64::try_from(n).unwrap_or(u64::MAX))
    }

    fn notify(&mut self, channel: &str, _payload: &str) -> anyhow::Result<()> {
        if !valid_channel(channel) {
            return Err(anyhow!("not a channel name: {channel:?}"));
        }
        Ok(())
    }
}

/// A job's view of the writer's connection: its notifications are kept
/// until the batch commits.
struct JobTx<'a> {
    conn: &'a mut Connection,
    notes: Vec<Note>,
}

impl Tx for JobTx<'_> {
    fn backend(&self) -> Backend {
        Backend::Sqlite
    }
    fn query(&mut self, sql: &str, args: &[Arg<'_>]) -> anyhow::Result<Vec<Row>> {
        self.conn.query(sql, args)
    }
    fn execute(&mut self, sql: &str, args: &[Arg<'_>]) -> anyhow::Result<u64> {
        self.conn.execute(sql, args)
    }
    fn notify(&mut self, channel: &str, payload: &str) -> anyhow::Result<()> {
        if !valid_channel(channel) {
            return Err(anyhow!("not a channel name: {channel:?}"));
        }
        self.notes.push(Note {
            channel: channel.to_string(),
            payload: payload.to_string(),
        });
        Ok(())
    }
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
    hub: Hub,
    path: PathBuf,
}

/// Called after the batch's COMMIT with its error, if it failed.
type Finish = Box<dyn FnOnce(Option<&anyhow::Error>) + Send>;

/// A write waiting for the writer thread.
trait Job: Send {
    /// Runs inside the batch's transaction; the answer waits for the COMMIT.
    /// Returns the job's notifications (none when it failed).
    fn run(self: Box<Self>, conn: &mut Connection) -> (Finish, Vec<Note>);
    /// The batch could not even start.
    fn fail(self: Box<Self>, error: anyhow::Error);
}

struct WriteJob<F, T> {
    f: F,
    answer: oneshot::Sender<anyhow::Result<T>>,
}

impl<F, T> Job for WriteJob<F, T>
where
    F: FnOnce(&mut dyn Tx) -> anyhow::Result<T> + Send + 'static,
    T: Send + 'static,
{
    fn run(self: Box<Self>, conn: &mut Connection) -> (Finish, Vec<Note>) {
        let WriteJob { f, answer } = *self;
        let (result, notes) = match in_savepoint(conn, f) {
            Ok((v, notes)) => (Ok(v), notes),
            Err(e) => (Err(e), Vec::new()),
        };
        let finish: Finish = Box::new(move |commit: Option<&anyhow::Error>| {
            let result = match commit {
                None => result,
                Some(e) => Err(anyhow!("the database could not commit: {e:#}")),
            };
            let _ = answer.send(result);
        });
        (finish, notes)
    }

    fn fail(self: Box<Self>, error: anyhow::Error) {
        let _ = self.answer.send(Err(error));
    }
}

/// Runs one job in a savepoint of the open batch: released when it succeeds,
/// rolled back (alone) when it fails or panics.
fn in_savepoint<T>(
    conn: &mut Connection,
    f: impl FnOnce(&mut dyn Tx) -> anyhow::Result<T>,
) -> anyhow::Result<(T, Vec<Note>)> {
    conn.prepare_cached("SAVEPOINT hcp_job")?.execute([])?;
    let mut tx = JobTx {
        conn: &mut *conn,
        notes: Vec::new(),
    };
    let result = std::panic::catch_unwind(AssertUnwindSafe(|| f(&mut tx)))
        .unwrap_or_else(|_| Err(anyhow!("a database job panicked")));
    let notes = tx.notes;
    match result {
        Ok(v) => {
            conn.prepare_cached("RELEASE hcp_job")?.execute([])?;
            Ok((v, notes))
        }
        Err(e) => {
            conn.execute_batch("ROLLBACK TO hcp_job; RELEASE hcp_job")?;
            Err(e)
        }
    }
}

/// The writer thread: takes every job waiting, runs them in one transaction,
/// commits once, publishes their notifications, then answers them all.
fn writer(conn: Arc<Mutex<Connection>>, jobs: Receiver<Box<dyn Job>>, hub: Hub) {
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
        let mut finishes = Vec::with_capacity(batch.len());
        let mut notes = Vec::new();
        for job in batch {
            let (finish, n) = job.run(&mut c);
            finishes.push(finish);
            notes.extend(n);
        }
        let commit = c
            .prepare_cached("COMMIT")
            .and_then(|mut s| s.execute([]))
            .map_err(anyhow::Error::from);
        if commit.is_err() {
            let _ = c.execute_batch("ROLLBACK");
        }
        drop(c);
        if commit.is_ok() {
            for n in &notes {
                hub.publish(&n.channel, &n.payload);
            }
        }
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
    /// Opens (creating the directory and file if needed) and migrates, with
    /// a hub of its own. Blocking.
    pub fn open(path: &Path) -> anyhow::Result<Db> {
        Db::open_with(path, Hub::default())
    }

    /// Opens and migrates; notifications go to `hub`. Blocking.
    pub fn open_with(path: &Path, hub: Hub) -> anyhow::Result<Db> {
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
        let for_hub = hub.clone();
        std::thread::Builder::new()
            .name("gateway-db-writer".to_string())
            .spawn(move || writer(for_writer, queue, for_hub))
            .context("cannot start the database writer thread")?;
        Ok(Db {
            conn,
            reader: Arc::new(Mutex::new(reader)),
            jobs,
            hub,
            path: path.to_path_buf(),
        })
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The notification hub.
    pub fn hub(&self) -> &Hub {
        &self.hub
    }

    /// Runs `f` with the connection on the current thread (tools, tests,
    /// startup): outside the group commit, with SQLite's own API.
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
    pub async fn write<T, F>(&self, f: F) -> anyhow::Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut dyn Tx) -> anyhow::Result<T> + Send + 'static,
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
        F: FnOnce(&mut dyn Tx) -> anyhow::Result<T> + Send + 'static,
    {
        let reader = Arc::clone(&self.reader);
        tokio::task::spawn_blocking(move || {
            let mut conn = reader
                .lock()
                .map_err(|_| anyhow!("the database lock was poisoned"))?;
            f(&mut *conn)
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
    use crate::args;

    #[test]
    fn opens_twice_and_migrates_once_and_refuses_a_newer_schema() {
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
        db.blocking(|c| Ok(c.pragma_update(None, "user_version", v + 1)?))
            .expect("bump");
        drop(db);
        let e = Db::open(&path).expect_err("newer schema");
        assert!(format!("{e:#}").contains("newer hcp-gateway"), "{e:#}");
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
        let (mut heard, _) = db.hub().subscribe("test_nonces");
        let mut tasks = Vec::new();
        for i in 0..64 {
            let db = db.clone();
            tasks.push(tokio::spawn(async move {
                db.write(move |c| {
                    let nonce = format!("n{i:02}");
                    c.execute(
                        "INSERT INTO push_nonces (nonce, seen_at) VALUES ($1, 0)",
                        args![&nonce],
                    )?;
                    c.notify("test_nonces", &nonce)?;
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
        // Only the committed jobs' notifications were published.
        let mut notes = Vec::new();
        while let Ok(n) = heard.try_recv() {
            notes.push(n);
        }
        notes.sort();
        assert_eq!(notes, stored);
        // What write() answered is committed: the other connection sees it.
        let seen: i64 = db
            .read(|c| c.value("SELECT COUNT(*) FROM push_nonces", args![]))
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
                    args![],
                )?;
                panic!("boom")
            })
            .await;
        assert!(r.is_err());
        db.write(|c| {
            c.execute(
                "INSERT INTO push_nonces (nonce, seen_at) VALUES ('q', 0)",
                args![],
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
                c.execute(
                    "INSERT INTO push_nonces (nonce, seen_at) VALUES ('x', 0)",
                    args![],
                )
            })
            .await;
        assert!(r.is_err());
    }
}

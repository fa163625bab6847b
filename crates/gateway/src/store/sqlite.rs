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
//! Migrations: `migrations/sqlite/V{n}__name.sql`, run at open by refinery,
//! as on PostgreSQL: the steps not yet in `refinery_schema_history` are
//! applied in order, together in one transaction with their history rows, so
//! a crash leaves all of them or none; a file with a step this gateway does
//! not know (written by a newer one) is refused. refinery's own SQLite driver
//! builds only against an older rusqlite than the one this workspace links
//! (shared with the sandbox: one bundled SQLite), so `Migrator` (below) is
//! refinery's synchronous driver over this rusqlite. A file written by the
//! `PRAGMA user_version` migrator that came before is adopted at its first
//! open: the steps its `user_version` counts are recorded as applied without
//! being run again. `user_version` is still kept equal to the latest step, so
//! that a gateway from before refinery refuses a file that has newer steps
//! and opens one that has not.

use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::{Context, anyhow};
use refinery::{Migration, Target};
use refinery_core::traits::sync::{Migrate, Query, Transaction};
use rusqlite::Connection;
use rusqlite::types::{ToSqlOutput, Type, ValueRef};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use tokio::sync::oneshot;

use super::notify::{Subscribers, valid_channel};
use super::sql::{Arg, Backend, Note, Row, Tx, Value, to_sqlite_placeholders};

/// The most jobs one group commit takes (bounds how long a batch holds the lock).
const MAX_GROUP: usize = 256;

mod embedded {
    refinery::embed_migrations!("migrations/sqlite");
}

/// refinery's history table (its default name, as on PostgreSQL).
const HISTORY: &str = "refinery_schema_history";

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
    subscribers: Subscribers,
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
fn writer(conn: Arc<Mutex<Connection>>, jobs: Receiver<Box<dyn Job>>, subscribers: Subscribers) {
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
                subscribers.publish(&n.channel, &n.payload);
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
    /// A database in a directory of its own, which lives as long as the
    /// returned `TempDir` (unit tests).
    #[cfg(test)]
    pub fn temp() -> (tempfile::TempDir, Db) {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = Db::open(&dir.path().join("g.db")).expect("db");
        (dir, db)
    }

    /// Opens (creating the directory and file if needed) and migrates, with
    /// notification subscribers of its own. Blocking.
    pub fn open(path: &Path) -> anyhow::Result<Db> {
        Db::open_with(path, Subscribers::default())
    }

    /// Opens and migrates; notifications go to `subscribers`. Blocking.
    pub fn open_with(path: &Path, subscribers: Subscribers) -> anyhow::Result<Db> {
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
        let for_hub = subscribers.clone();
        std::thread::Builder::new()
            .name("gateway-db-writer".to_string())
            .spawn(move || writer(for_writer, queue, for_hub))
            .context("cannot start the database writer thread")?;
        Ok(Db {
            conn,
            reader: Arc::new(Mutex::new(reader)),
            jobs,
            subscribers,
            path: path.to_path_buf(),
        })
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The notification subscribers.
    pub fn subscribers(&self) -> &Subscribers {
        &self.subscribers
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

/// refinery's synchronous driver over this workspace's rusqlite, on a
/// connection inside the transaction [`migrate`] holds: each call runs in
/// that transaction (refinery's own driver opens one per call), so the
/// adoption, the steps, their history and `user_version` commit together.
struct Migrator<'a>(&'a Connection);

impl Transaction for Migrator<'_> {
    type Error = rusqlite::Error;

    fn execute(&mut self, queries: &[&str]) -> Result<usize, Self::Error> {
        for sql in queries {
            self.0.execute_batch(sql)?;
        }
        Ok(queries.len())
    }
}

impl Query<Vec<Migration>> for Migrator<'_> {
    fn query(&mut self, query: &str) -> Result<Vec<Migration>, Self::Error> {
        // The history's columns: version, name, applied_on (RFC 3339), checksum (a u64 as text).
        let unreadable = |column: usize, e: Box<dyn std::error::Error + Send + Sync>| {
            rusqlite::Error::FromSqlConversionFailure(column, Type::Text, e)
        };
        let mut stmt = self.0.prepare(query)?;
        let mut rows = stmt.query([])?;
        let mut applied = Vec::new();
        while let Some(row) = rows.next()? {
            let applied_on: String = row.get(2)?;
            let applied_on = OffsetDateTime::parse(&applied_on, &Rfc3339)
                .map_err(|e| unreadable(2, e.into()))?;
            let checksum: String = row.get(3)?;
            let checksum = checksum
                .parse::<u64>()
                .map_err(|e| unreadable(3, e.into()))?;
            applied.push(Migration::applied(
                row.get(0)?,
                row.get(1)?,
                applied_on,
                checksum,
            ));
        }
        Ok(applied)
    }
}

impl Migrate for Migrator<'_> {}

/// The runner over this build's migrations, refusing a history it cannot
/// account for (a step it does not know, or one that differs from its file).
fn runner() -> refinery::Runner {
    embedded::migrations::runner()
        .set_abort_missing(true)
        .set_abort_divergent(true)
}

/// refinery's refusal, saying which gateway the file belongs to.
fn refused(e: &refinery::Error, known: &[u32]) -> anyhow::Error {
    match e.kind() {
        refinery::error::Kind::MissingVersion(m) if !known.contains(&m.version()) => anyhow!(
            "the database was migrated by a newer hcp-gateway (it has migration {m}, which this one does not know)"
        ),
        _ => anyhow!("{e}"),
    }
}

/// Applies the migrations this gateway knows and has not applied, in one
/// transaction; adopts a file from the `user_version` migrator first.
fn migrate(conn: &mut Connection) -> anyhow::Result<()> {
    let known: Vec<u32> = runner()
        .get_migrations()
        .iter()
        .map(Migration::version)
        .collect();
    let latest = known.iter().copied().max().unwrap_or(0);
    // Deferred, as before: a file already up to date is only read (no write
    // lock taken beside a running gateway). Of two processes migrating one
    // file at once, the second cannot write after the first's commit (its
    // snapshot is older) and fails to start, so no step runs twice.
    let tx = conn.transaction()?;
    let user_version: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let user_version = u32::try_from(user_version).unwrap_or(0);
    if user_version > latest {
        return Err(anyhow!(
            "the database was written by a newer hcp-gateway (schema {user_version}, this one knows {latest})"
        ));
    }
    let has_history: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1)",
        [HISTORY],
        |r| r.get(0),
    )?;
    if !has_history && user_version > 0 {
        // The user_version migrator applied its first user_version steps
        // (the same files, then named 001_… to 005_…, now V1__… to V5__…):
        // record them as applied, without running them.
        runner()
            .set_target(Target::FakeVersion(user_version))
            .run(&mut Migrator(&tx))
            .map_err(|e| refused(&e, &known))?;
        tracing::info!(
            steps = user_version,
            "SQLite database from the user_version migrator adopted into refinery's history"
        );
    }
    let report = runner()
        .set_grouped(true)
        .run(&mut Migrator(&tx))
        .map_err(|e| refused(&e, &known))?;
    if user_version != latest {
        tx.pragma_update(None, "user_version", latest)?;
    }
    tx.commit()?;
    for m in report.applied_migrations() {
        tracing::info!(migration = %m, "SQLite migration applied");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::args;

    /// Every step of refinery's history with how often it is recorded.
    fn history(db: &Db) -> Vec<(u32, i64)> {
        db.blocking(|c| {
            let mut st = c.prepare(
                "SELECT version, COUNT(*) FROM refinery_schema_history GROUP BY version ORDER BY version",
            )?;
            let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
        .expect("history")
    }

    /// Every step this build knows, each recorded once.
    fn every_step_once() -> Vec<(u32, i64)> {
        let mut steps: Vec<(u32, i64)> = runner()
            .get_migrations()
            .iter()
            .map(|m| (m.version(), 1))
            .collect();
        steps.sort_unstable();
        steps
    }

    /// The schema (refinery's own table aside), to compare two files.
    fn schema(db: &Db) -> Vec<(String, String, Option<String>)> {
        db.blocking(|c| {
            let mut st = c.prepare(
                "SELECT type, name, sql FROM sqlite_master
                 WHERE name != 'refinery_schema_history'
                   AND name NOT LIKE 'sqlite_autoindex_refinery_schema_history%'
                 ORDER BY type, name",
            )?;
            let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
        .expect("schema")
    }

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
        assert_eq!(
            usize::try_from(v).ok(),
            Some(runner().get_migrations().len())
        );
        assert_eq!(history(&db), every_step_once());
        // A newer gateway's step, recorded as refinery records it.
        db.blocking(|c| {
            c.execute_batch(
                "INSERT INTO refinery_schema_history (version, name, applied_on, checksum)
                 VALUES (999, 'from_the_future', '2030-01-01T00:00:00Z', '0')",
            )?;
            Ok(())
        })
        .expect("bump");
        drop(db);
        let e = Db::open(&path).expect_err("newer schema");
        assert!(format!("{e:#}").contains("newer hcp-gateway"), "{e:#}");
    }

    #[test]
    fn refuses_a_user_version_beyond_its_steps() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("gateway.db");
        let db = Db::open(&path).expect("open");
        let v: i64 = db
            .blocking(|c| Ok(c.pragma_query_value(None, "user_version", |r| r.get(0))?))
            .expect("version");
        db.blocking(|c| Ok(c.pragma_update(None, "user_version", v + 1)?))
            .expect("bump");
        drop(db);
        let e = Db::open(&path).expect_err("newer schema");
        assert!(format!("{e:#}").contains("newer hcp-gateway"), "{e:#}");
    }

    /// The steps the `user_version` migrator knew (in its order), as it ran them.
    const USER_VERSION_STEPS: &[&str] = &[
        include_str!("../../migrations/sqlite/V1__initial.sql"),
        include_str!("../../migrations/sqlite/V2__client_keys_confirm_catalogs.sql"),
        include_str!("../../migrations/sqlite/V3__applicant_digest.sql"),
        include_str!("../../migrations/sqlite/V4__pads.sql"),
        include_str!("../../migrations/sqlite/V5__departments.sql"),
    ];

    #[test]
    fn adopts_a_file_from_the_user_version_migrator() {
        let dir = tempfile::tempdir().expect("tempdir");
        let fresh = schema(&Db::open(&dir.path().join("fresh.db")).expect("fresh"));
        for applied in 1..=USER_VERSION_STEPS.len() {
            let path = dir.path().join(format!("old-{applied}.db"));
            {
                // What the user_version migrator left: its first `applied`
                // steps, each committed with its count, and data.
                let mut c = Connection::open(&path).expect("old file");
                c.pragma_update(None, "journal_mode", "WAL").expect("wal");
                for (i, sql) in USER_VERSION_STEPS.iter().enumerate().take(applied) {
                    let tx = c.transaction().expect("tx");
                    tx.execute_batch(sql).expect("step");
                    tx.pragma_update(None, "user_version", i64::try_from(i + 1).expect("step"))
                        .expect("count");
                    tx.commit().expect("commit");
                }
                c.execute_batch("INSERT INTO push_nonces (nonce, seen_at) VALUES ('old', 7)")
                    .expect("a row");
            }
            let db = Db::open(&path).expect("adopted");
            assert_eq!(nonces(&db), vec!["old".to_string()], "step {applied}");
            assert_eq!(schema(&db), fresh, "step {applied}");
            assert_eq!(history(&db), every_step_once(), "step {applied}");
            drop(db);
            let db = Db::open(&path).expect("reopened");
            assert_eq!(history(&db), every_step_once(), "step {applied}");
            assert_eq!(nonces(&db), vec!["old".to_string()], "step {applied}");
        }
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
        let (mut heard, _) = db.subscribers().subscribe("test_nonces");
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

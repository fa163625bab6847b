//! The store: everything the gateway keeps (the outbox and its keys, the
//! case and hall directories, push nonces, tag catalogs), on one of two
//! backends chosen by configuration:
//!
//! - **SQLite** (the default): `HCP_DATA_DIR/gateway.db`, one gateway,
//!   group-committed writes with `synchronous=FULL` ([`sqlite`]).
//! - **PostgreSQL** (`HCP_DATABASE_URL=postgres://…`): several gateways on
//!   one database, one transaction per write with `synchronous_commit=on`,
//!   row leases with `FOR UPDATE SKIP LOCKED` ([`postgres`]).
//!
//! Queries are written once, against [`Tx`] ([`sql`] says which SQL both
//! speak), in the module that owns the table (`delivery::outbox`, `directory::cases`,
//! `directory::catalog`, …). A job is a closure: `store.write(|tx| …)` commits what it did
//! before answering (so a rating is durable before the citizen is told), and
//! may run again on PostgreSQL when it collided with another gateway's write
//! (so it must not act outside the database); `store.read(|tx| …)` only
//! reads.
//!
//! Notifications ([`notify`]): `tx.notify(channel, payload)` in a write, and
//! `store.subscribe(channel)` anywhere: heard after the commit, by this
//! gateway (SQLite) or by every gateway on the database (PostgreSQL
//! LISTEN/NOTIFY).
//!
//! Adding a table or a query (docs/ARCHITECTURE.md "The store"):
//! 1. a migration for each backend, both found by refinery:
//!    `migrations/sqlite/VN__name.sql` and `migrations/postgres/VN__name.sql`
//!    (each directory's next V number): the same table, `BIGINT` for
//!    PostgreSQL's integers;
//! 2. the queries in the owning module, as functions taking `&mut dyn Tx`,
//!    with `$n` placeholders; branch on `tx.backend()` only where the SQL
//!    must differ;
//! 3. a case in `tests/api/store.rs`, which runs against both backends.

pub mod notify;
pub mod postgres;
pub mod sql;
pub mod sqlite;

use std::path::Path;

use anyhow::anyhow;
use tokio::sync::broadcast;

pub use notify::{RESYNC, Subscribers};
pub use postgres::Pg;
pub use sql::{Arg, Backend, Conflict, FromValue, Note, Row, Tx, Value};
pub use sqlite::Db;

/// The store: cheap to clone.
#[derive(Clone, Debug)]
pub struct Store {
    inner: Inner,
}

#[derive(Clone, Debug)]
enum Inner {
    Sqlite(Db),
    Postgres(Pg),
}

impl From<Db> for Store {
    fn from(db: Db) -> Self {
        Store {
            inner: Inner::Sqlite(db),
        }
    }
}

impl From<Pg> for Store {
    fn from(pg: Pg) -> Self {
        Store {
            inner: Inner::Postgres(pg),
        }
    }
}

impl Store {
    /// The SQLite file at `path` (created and migrated if needed).
    pub async fn open_sqlite(path: &Path) -> anyhow::Result<Store> {
        let path = path.to_path_buf();
        let db = tokio::task::spawn_blocking(move || Db::open(&path)).await??;
        Ok(db.into())
    }

    /// The PostgreSQL database at `url` (migrated if needed).
    pub async fn connect_postgres(url: &str) -> anyhow::Result<Store> {
        Ok(Pg::connect(url, Subscribers::default()).await?.into())
    }

    /// Which backend.
    pub fn backend(&self) -> Backend {
        match &self.inner {
            Inner::Sqlite(_) => Backend::Sqlite,
            Inner::Postgres(_) => Backend::Postgres,
        }
    }

    /// Where it is, for logs (a path, or host:port/database without credentials).
    pub fn location(&self) -> String {
        match &self.inner {
            Inner::Sqlite(db) => db.path().display().to_string(),
            Inner::Postgres(pg) => pg.shown().to_string(),
        }
    }

    /// The SQLite database, when that is the backend.
    pub fn sqlite(&self) -> Option<&Db> {
        match &self.inner {
            Inner::Sqlite(db) => Some(db),
            Inner::Postgres(_) => None,
        }
    }

    /// Runs `f` in a transaction and answers once it is durable.
    pub async fn write<T, F>(&self, f: F) -> anyhow::Result<T>
    where
        T: Send + 'static,
        F: Fn(&mut dyn Tx) -> anyhow::Result<T> + Send + Sync + 'static,
    {
        match &self.inner {
            Inner::Sqlite(db) => db.write(f).await,
            Inner::Postgres(pg) => pg.write(f).await,
        }
    }

    /// Runs read-only queries.
    pub async fn read<T, F>(&self, f: F) -> anyhow::Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut dyn Tx) -> anyhow::Result<T> + Send + 'static,
    {
        match &self.inner {
            Inner::Sqlite(db) => db.read(f).await,
            Inner::Postgres(pg) => pg.read(f).await,
        }
    }

    /// The payloads published on `channel` from now on (by any gateway on a
    /// shared PostgreSQL). Subscribe first, then read what to show, so that
    /// nothing falls between the two.
    /// Returns once the subscription is in place.
    pub async fn subscribe(&self, channel: &str) -> anyhow::Result<broadcast::Receiver<String>> {
        if !notify::valid_channel(channel) {
            return Err(anyhow!("not a channel name: {channel:?}"));
        }
        match &self.inner {
            Inner::Sqlite(db) => Ok(db.subscribers().subscribe(channel).0),
            Inner::Postgres(pg) => {
                let (rx, _) = pg.subscribers().subscribe(channel);
                pg.listen(channel).await;
                Ok(rx)
            }
        }
    }

    /// SQLite only: runs `f` with the bare connection on this thread
    /// (tools and tests that look inside the file).
    pub fn blocking<T>(
        &self,
        f: impl FnOnce(&mut rusqlite::Connection) -> anyhow::Result<T>,
    ) -> anyhow::Result<T> {
        match &self.inner {
            Inner::Sqlite(db) => db.blocking(f),
            Inner::Postgres(_) => Err(anyhow!(
                "a PostgreSQL store has no bare connection; use read or write"
            )),
        }
    }
}

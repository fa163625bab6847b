//! The PostgreSQL backend (`HCP_DATABASE_URL=postgres://…`): several
//! gateways share one database.
//!
//! - A pool of connections (deadpool-postgres over tokio-postgres). A job
//!   runs on the blocking pool and drives its queries with the runtime's
//!   `block_on`, so the same synchronous query code serves both backends.
//! - A write is one transaction, committed with `synchronous_commit = on`
//!   (set on every connection, and checked at start): its answer is given
//!   only after the commit is flushed. A write that collides with another
//!   gateway's (a unique key inserted at the same moment, a serialization
//!   failure, a deadlock) is run again from the start, up to
//!   [`WRITE_TRIES`] times: it then sees the other's row.
//! - Migrations (`migrations/postgres/V*__*.sql`, refinery) run at start
//!   under an advisory lock, so gateways starting together migrate once; a
//!   database with a migration this gateway does not know is refused.
//! - Notifications: `pg_notify` inside the job's transaction (PostgreSQL
//!   delivers it on commit), and one `LISTEN` connection per gateway feeding
//!   the subscribers; after a reconnect every channel gets a resync.

use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, anyhow};
use bytes::BytesMut;
use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod};
use futures_util::StreamExt;
use tokio::runtime::Handle;
use tokio::sync::{mpsc, oneshot};
use tokio_postgres::error::SqlState;
use tokio_postgres::types::{IsNull, ToSql, Type};
use tokio_postgres::{AsyncMessage, NoTls};

use super::notify::{Subscribers, valid_channel};
use super::sql::{Arg, Backend, Conflict, Row, Tx, Value};

mod embedded {
    refinery::embed_migrations!("migrations/postgres");
}

/// How often a write that collided with another gateway's is run again.
pub const WRITE_TRIES: u32 = 8;

/// The advisory lock taken while migrating ("hcp" + 16).
const MIGRATION_LOCK: i64 = 0x6863_7016;

/// Connections per gateway.
const POOL_SIZE: usize = 16;

impl ToSql for Arg<'_> {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut BytesMut,
    ) -> Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
        match self {
            Arg::Int(v) => v.to_sql(ty, out),
            Arg::Text(v) => v.to_sql(ty, out),
            Arg::Bool(v) => v.to_sql(ty, out),
        }
    }

    fn accepts(_: &Type) -> bool {
        // Checked per value in to_sql_checked.
        true
    }

    fn to_sql_checked(
        &self,
        ty: &Type,
        out: &mut BytesMut,
    ) -> Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
        match self {
            Arg::Int(v) => v.to_sql_checked(ty, out),
            Arg::Text(v) => v.to_sql_checked(ty, out),
            Arg::Bool(v) => v.to_sql_checked(ty, out),
        }
    }
}

fn row_of(r: &tokio_postgres::Row) -> anyhow::Result<Row> {
    let mut out = Vec::with_capacity(r.len());
    for (i, col) in r.columns().iter().enumerate() {
        let ty = col.type_();
        let v = if *ty == Type::INT8 {
            r.try_get::<_, Option<i64>>(i)?
                .map_or(Value::Null, Value::Int)
        } else if *ty == Type::INT4 {
            r.try_get::<_, Option<i32>>(i)?
                .map_or(Value::Null, |v| Value::Int(i64::from(v)))
        } else if *ty == Type::INT2 {
            r.try_get::<_, Option<i16>>(i)?
                .map_or(Value::Null, |v| Value::Int(i64::from(v)))
        } else if *ty == Type::BOOL {
            r.try_get::<_, Option<bool>>(i)?
                .map_or(Value::Null, Value::Bool)
        } else if [Type::TEXT, Type::VARCHAR, Type::BPCHAR, Type::NAME].contains(ty) {
            r.try_get::<_, Option<String>>(i)?
                .map_or(Value::Null, Value::Text)
        } else {
            return Err(anyhow!(
                "column {} is of type {ty}, which the store does not read",
                col.name()
            ));
        };
        out.push(v);
    }
    Ok(Row(out))
}

/// A pooled connection, in a transaction (writes) or not (reads).
enum Conn<'a> {
    Client(&'a deadpool_postgres::Client),
    Tx(&'a deadpool_postgres::Transaction<'a>),
}

struct PgTx<'a> {
    handle: &'a Handle,
    conn: Conn<'a>,
}

impl PgTx<'_> {
    fn run(&self, sql: &str, args: &[Arg<'_>]) -> anyhow::Result<Vec<tokio_postgres::Row>> {
        let params: Vec<&(dyn ToSql + Sync)> =
            args.iter().map(|a| a as &(dyn ToSql + Sync)).collect();
        Ok(match &self.conn {
            Conn::Client(c) => self.handle.block_on(async {
                let st = c.prepare_cached(sql).await?;
                c.query(&st, &params).await
            })?,
            Conn::Tx(t) => self.handle.block_on(async {
                let st = t.prepare_cached(sql).await?;
                t.query(&st, &params).await
            })?,
        })
    }
}

impl Tx for PgTx<'_> {
    fn backend(&self) -> Backend {
        Backend::Postgres
    }

    fn query(&mut self, sql: &str, args: &[Arg<'_>]) -> anyhow::Result<Vec<Row>> {
        self.run(sql, args)?.iter().map(row_of).collect()
    }

    fn execute(&mut self, sql: &str, args: &[Arg<'_>]) -> anyhow::Result<u64> {
        let params: Vec<&(dyn ToSql + Sync)> =
            args.iter().map(|a| a as &(dyn ToSql + Sync)).collect();
        Ok(match &self.conn {
            Conn::Client(c) => self.handle.block_on(async {
                let st = c.prepare_cached(sql).await?;
                c.execute(&st, &params).await
            })?,
            Conn::Tx(t) => self.handle.block_on(async {
                let st = t.prepare_cached(sql).await?;
                t.execute(&st, &params).await
            })?,
        })
    }

    fn notify(&mut self, channel: &str, payload: &str) -> anyhow::Result<()> {
        if !valid_channel(channel) {
            return Err(anyhow!("not a channel name: {channel:?}"));
        }
        // Delivered by PostgreSQL when (and if) this transaction commits.
        self.execute(
            "SELECT pg_notify($1, $2)",
            &[Arg::Text(Some(channel)), Arg::Text(Some(payload))],
        )?;
        Ok(())
    }
}

/// Whether an error is another gateway's concurrent write winning: worth
/// running the job again.
fn collided(e: &anyhow::Error) -> bool {
    e.chain().any(|c| c.downcast_ref::<Conflict>().is_some())
        || e.chain()
            .filter_map(|c| c.downcast_ref::<tokio_postgres::Error>())
            .any(|pe| {
                matches!(
                    pe.code(),
                    Some(c) if *c == SqlState::UNIQUE_VIOLATION
                        || *c == SqlState::T_R_SERIALIZATION_FAILURE
                        || *c == SqlState::T_R_DEADLOCK_DETECTED
                )
            })
}

/// A channel to LISTEN to, and who waits until it is.
type Listen = (String, oneshot::Sender<()>);

/// Stops the listener when the last handle goes.
struct Listener(tokio::task::JoinHandle<()>);

impl Drop for Listener {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// The PostgreSQL store: cheap to clone.
#[derive(Clone)]
pub struct Pg {
    pool: Pool,
    subscribers: Subscribers,
    listen: mpsc::UnboundedSender<Listen>,
    _listener: Arc<Listener>,
    /// The server and database, without the user or password (for logs).
    shown: String,
}

impl std::fmt::Debug for Pg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pg").field("at", &self.shown).finish()
    }
}

/// Where `config` points, without credentials.
fn shown(config: &tokio_postgres::Config) -> String {
    let hosts: Vec<String> = config
        .get_hosts()
        .iter()
        .map(|h| match h {
            tokio_postgres::config::Host::Tcp(s) => s.clone(),
            #[cfg(unix)]
            tokio_postgres::config::Host::Unix(p) => p.display().to_string(),
        })
        .collect();
    let port = config.get_ports().first().copied().unwrap_or(5432);
    format!(
        "{}:{port}/{}",
        hosts.join(","),
        config.get_dbname().unwrap_or("")
    )
}

impl Pg {
    /// Connects, migrates, checks durability and starts the listener.
    pub async fn connect(url: &str, subscribers: Subscribers) -> anyhow::Result<Pg> {
        let mut config: tokio_postgres::Config = url
            .parse()
            .map_err(|e| anyhow!("HCP_DATABASE_URL is not a PostgreSQL URL: {e}"))?;
        // Every session commits durably, whatever the server's default (the
        // URL's own `options`, if any, kept before it).
        let options = match config.get_options() {
            Some(o) if !o.trim().is_empty() => format!("{o} -c synchronous_commit=on"),
            _ => "-c synchronous_commit=on".to_string(),
        };
        config.options(&options);
        config.application_name("hcp-gateway");
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(Duration::from_secs(5));
        }
        let at = shown(&config);
        migrate(&config)
            .await
            .with_context(|| format!("cannot prepare the PostgreSQL database {at}"))?;
        let manager = Manager::from_config(
            config.clone(),
            NoTls,
            ManagerConfig {
                recycling_method: RecyclingMethod::Fast,
            },
        );
        let pool = Pool::builder(manager)
            .max_size(POOL_SIZE)
            .wait_timeout(Some(Duration::from_secs(10)))
            .create_timeout(Some(Duration::from_secs(10)))
            .runtime(deadpool_postgres::Runtime::Tokio1)
            .build()
            .context("cannot build the PostgreSQL pool")?;
        check_durability(&pool, &at).await?;
        let (listen, channels) = mpsc::unbounded_channel();
        let listener = tokio::spawn(listen_loop(config, subscribers.clone(), channels));
        Ok(Pg {
            pool,
            subscribers,
            listen,
            _listener: Arc::new(Listener(listener)),
            shown: at,
        })
    }

    /// Where it is (no credentials).
    pub fn shown(&self) -> &str {
        &self.shown
    }

    /// The notification subscribers.
    pub fn subscribers(&self) -> &Subscribers {
        &self.subscribers
    }

    /// Has the listener LISTEN to `channel`; returns once it does (or,
    /// while the listener reconnects, once it has connected again).
    pub async fn listen(&self, channel: &str) {
        let (done, listening) = oneshot::channel();
        if self.listen.send((channel.to_string(), done)).is_ok() {
            let _ = listening.await;
        }
    }

    /// Runs `f` in its own transaction and answers once it is committed;
    /// runs it again when it collided with another gateway's write.
    pub async fn write<T, F>(&self, f: F) -> anyhow::Result<T>
    where
        T: Send + 'static,
        F: Fn(&mut dyn Tx) -> anyhow::Result<T> + Send + Sync + 'static,
    {
        let f = Arc::new(f);
        let mut tries = 0;
        loop {
            tries += 1;
            let (pool, job) = (self.pool.clone(), Arc::clone(&f));
            let handle = Handle::current();
            let result = tokio::task::spawn_blocking(move || {
                let mut client = handle
                    .block_on(pool.get())
                    .context("no PostgreSQL connection")?;
                let tx = handle.block_on(client.transaction())?;
                let mut t = PgTx {
                    handle: &handle,
                    conn: Conn::Tx(&tx),
                };
                let v = job(&mut t)?;
                handle
                    .block_on(tx.commit())
                    .context("PostgreSQL could not commit")?;
                anyhow::Ok(v)
            })
            .await
            .map_err(|e| anyhow!("database task failed: {e}"))?;
            match result {
                Err(e) if tries < WRITE_TRIES && collided(&e) => {
                    tracing::debug!(tries, error = %format!("{e:#}"), "a write collided with another gateway's; running it again");
                }
                other => return other,
            }
        }
    }

    /// Runs `f` on a pooled connection, outside a transaction.
    pub async fn read<T, F>(&self, f: F) -> anyhow::Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut dyn Tx) -> anyhow::Result<T> + Send + 'static,
    {
        let pool = self.pool.clone();
        let handle = Handle::current();
        tokio::task::spawn_blocking(move || {
            let client = handle
                .block_on(pool.get())
                .context("no PostgreSQL connection")?;
            let mut t = PgTx {
                handle: &handle,
                conn: Conn::Client(&client),
            };
            f(&mut t)
        })
        .await
        .map_err(|e| anyhow!("database task failed: {e}"))?
    }
}

/// Applies the migrations this gateway knows, once across gateways starting
/// together; refuses a database that has one it does not know.
async fn migrate(config: &tokio_postgres::Config) -> anyhow::Result<()> {
    let (mut client, connection) = config
        .connect(NoTls)
        .await
        .context("cannot connect to PostgreSQL")?;
    let driver = tokio::spawn(connection);
    client
        .execute("SELECT pg_advisory_lock($1)", &[&MIGRATION_LOCK])
        .await?;
    let report = embedded::migrations::runner()
        .set_abort_missing(true)
        .set_abort_divergent(true)
        .run_async(&mut client)
        .await;
    let unlock = client
        .execute("SELECT pg_advisory_unlock($1)", &[&MIGRATION_LOCK])
        .await;
    drop(client);
    let _ = driver.await;
    let report = report.map_err(|e| match e.kind() {
        refinery::error::Kind::MissingVersion(m) => anyhow!(
            "the database was migrated by a newer hcp-gateway (it has migration {m}, which this one does not know)"
        ),
        _ => anyhow!("{e}"),
    })?;
    unlock?;
    for m in report.applied_migrations() {
        tracing::info!(migration = %m, "PostgreSQL migration applied");
    }
    Ok(())
}

/// Refuses a session that would not commit durably; warns when the server
/// itself does not flush (fsync off: a crash of its machine loses data).
async fn check_durability(pool: &Pool, at: &str) -> anyhow::Result<()> {
    let client = pool
        .get()
        .await
        .with_context(|| format!("cannot connect to PostgreSQL at {at}"))?;
    let show = |name: &'static str| {
        let client = &client;
        async move {
            let row = client.query_one(&format!("SHOW {name}"), &[]).await?;
            anyhow::Ok(row.try_get::<_, String>(0)?)
        }
    };
    let sync = show("synchronous_commit").await?;
    if sync == "off" {
        return Err(anyhow!(
            "PostgreSQL at {at} runs this gateway's sessions with synchronous_commit=off: an accepted rating could be lost in a crash; allow the setting to be on"
        ));
    }
    let fsync = show("fsync").await?;
    if fsync == "off" {
        tracing::warn!(database = %at, "PostgreSQL runs with fsync=off: a crash of its machine can lose accepted ratings; never in production");
    }
    tracing::info!(database = %at, synchronous_commit = %sync, fsync = %fsync, "PostgreSQL store ready");
    Ok(())
}

/// Keeps one connection LISTENing to every channel with subscribers and
/// hands what it hears to the subscribers; reconnects with backoff.
async fn listen_loop(
    config: tokio_postgres::Config,
    subscribers: Subscribers,
    mut channels: mpsc::UnboundedReceiver<Listen>,
) {
    let mut backoff = Duration::from_millis(100);
    let mut first = true;
    loop {
        match config.connect(NoTls).await {
            Ok((client, mut connection)) => {
                let (heard, mut hear) = mpsc::unbounded_channel();
                let driver = tokio::spawn(async move {
                    let mut messages =
                        futures_util::stream::poll_fn(move |cx| connection.poll_message(cx));
                    while let Some(m) = messages.next().await {
                        match m {
                            Ok(AsyncMessage::Notification(n)) => {
                                let _ =
                                    heard.send((n.channel().to_string(), n.payload().to_string()));
                            }
                            Ok(_) => {}
                            Err(e) => {
                                tracing::warn!(error = %e, "the PostgreSQL listener lost its connection");
                                break;
                            }
                        }
                    }
                });
                let mut ok = true;
                for c in subscribers.channels() {
                    if client.batch_execute(&format!("LISTEN {c}")).await.is_err() {
                        ok = false;
                    }
                }
                if ok {
                    backoff = Duration::from_millis(100);
                    if !first {
                        // What was said while we were away is lost: read again.
                        subscribers.resync_all();
                    }
                    first = false;
                    loop {
                        tokio::select! {
                            c = channels.recv() => match c {
                                Some((c, done)) => {
                                    let listened = !valid_channel(&c)
                                        || client.batch_execute(&format!("LISTEN {c}")).await.is_ok();
                                    if listened {
                                        let _ = done.send(());
                                    } else {
                                        // Asked again after the reconnect (it is in the subscribers).
                                        break;
                                    }
                                }
                                None => {
                                    driver.abort();
                                    return;
                                }
                            },
                            m = hear.recv() => match m {
                                Some((c, p)) => subscribers.publish(&c, &p),
                                None => break,
                            },
                        }
                    }
                }
                driver.abort();
            }
            Err(e) => {
                tracing::warn!(error = %e, "the PostgreSQL listener cannot connect; retrying");
            }
        }
        tokio::time::sleep(backoff).await;
        backoff = (backoff * 2).min(Duration::from_secs(5));
    }
}

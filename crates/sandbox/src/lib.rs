//! hcp-sandbox: a faithful implementation of the provincial 好差评 platform
//! API (seed 000 §4.3–4.15), so the whole product runs and is tested on one
//! machine.
//!
//! It serves the 13 interfaces under `/ebus/ping/`, checks every request's
//! x-rio signature (±180 s, nonce unused for ten minutes, code 3 otherwise),
//! enforces the spec tables' required fields (code 2 naming the field),
//! decrypts contactPhone / certificateNo with the DES key, refuses a second
//! rating of a case and stage (code -1 请勿重复评价), opens a work order for
//! every 差评, and keeps everything in SQLite, where tests can read it back
//! ([`Sandbox::ratings`]).
//!
//! The gateway starts it in-process in sandbox mode ([`spawn`]); the
//! `hcp-sandbox` binary runs it standalone.

mod check;
mod clock;
pub mod demo;
mod error;
pub mod faults;
pub mod history;
mod rio;
mod routes;
mod store;
pub mod tags;

use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::atomic::AtomicI64;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use hcp_protocol::crypt::DesKey;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use error::{Error, Result};
pub use faults::{FaultCounts, FaultState, Faults};
pub use store::{RatingKind, RioHeaders, StoredRating, WorkOrder, WorkOrderProcess};

/// Development defaults, used by the binary and by the gateway's sandbox mode.
/// None of them is a secret.
pub mod dev {
    /// 应用标识 PaaSID.
    pub const PAAS_ID: &str = "hcp-dev";
    /// 应用密钥 Token of the x-rio signature.
    pub const PAAS_TOKEN: &str = "hcp-dev-paas-token-not-a-secret";
    /// The 8-character DES key of contactPhone / certificateNo
    /// (`hcp_protocol::crypt::DesKey::parse`).
    pub const DES_KEY: &str = "hcpdev01";
}

/// How a sandbox is set up.
#[derive(Clone)]
pub struct SandboxConfig {
    /// The one PaaSID the sandbox knows; requests from any other are refused.
    pub paas_id: String,
    /// Its token, the x-rio signing secret.
    pub paas_token: String,
    /// The key contactPhone and certificateNo are encrypted with.
    pub des_key: DesKey,
    /// The SQLite file (its parent directories are created).
    pub db_path: PathBuf,
    /// Waited before every request is handled, to test a slow upstream. A
    /// client that gives up during the wait leaves nothing behind.
    pub latency: Duration,
    /// Serve `GET`/`PUT /_sandbox/faults` (unsigned): switching fault modes
    /// over HTTP ([`faults`]). Off unless asked for (`hcp-sandbox --admin`).
    pub admin: bool,
}

impl SandboxConfig {
    /// The [`dev`] identity and key, no latency.
    pub fn dev(db_path: impl Into<PathBuf>) -> Self {
        SandboxConfig {
            paas_id: dev::PAAS_ID.to_string(),
            paas_token: dev::PAAS_TOKEN.to_string(),
            des_key: match DesKey::parse(dev::DES_KEY) {
                Ok(k) => k,
                // The constant is 8 characters, which always parses.
                Err(_) => unreachable!("dev::DES_KEY is 8 characters"),
            },
            db_path: db_path.into(),
            latency: Duration::ZERO,
            admin: false,
        }
    }
}

impl std::fmt::Debug for SandboxConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SandboxConfig")
            .field("paas_id", &self.paas_id)
            .field("paas_token", &"***")
            .field("des_key", &self.des_key)
            .field("db_path", &self.db_path)
            .field("latency", &self.latency)
            .field("admin", &self.admin)
            .finish()
    }
}

/// The sandbox's state: its configuration and its SQLite store. Cheap to clone.
#[derive(Clone)]
pub struct Sandbox {
    inner: Arc<Inner>,
}

struct Inner {
    config: SandboxConfig,
    db: Mutex<rusqlite::Connection>,
    ids: clock::IdGen,
    /// When replayable nonces were last pruned (Unix seconds).
    last_prune: AtomicI64,
    /// The fault modes in force, switchable at run time.
    faults: Mutex<FaultState>,
}

impl std::fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sandbox")
            .field("config", &self.inner.config)
            .finish_non_exhaustive()
    }
}

impl Sandbox {
    /// Opens (or creates) the store at `config.db_path`. Blocking.
    pub fn open(config: SandboxConfig) -> Result<Self> {
        let conn = store::open(&config.db_path)?;
        Ok(Sandbox {
            inner: Arc::new(Inner {
                config,
                db: Mutex::new(conn),
                ids: clock::IdGen::default(),
                last_prune: AtomicI64::new(0),
                faults: Mutex::new(FaultState::default()),
            }),
        })
    }

    /// Its configuration.
    pub fn config(&self) -> &SandboxConfig {
        &self.inner.config
    }

    /// Every stored rating, oldest first. Blocking (for tests and tools).
    pub fn ratings(&self) -> Result<Vec<StoredRating>> {
        self.with_conn(store::all_ratings)
    }

    /// The rating with this evaluation id (affairEvalId). Blocking.
    pub fn rating(&self, eval_id: &str) -> Result<Option<StoredRating>> {
        self.with_conn(|c| store::rating_by_id(c, eval_id))
    }

    /// Every work order (差评工单) with its processing steps, oldest first. Blocking.
    pub fn work_orders(&self) -> Result<Vec<WorkOrder>> {
        self.with_conn(store::all_work_orders)
    }

    /// How many nonces are remembered (replay protection). Blocking.
    pub fn remembered_nonces(&self) -> Result<u64> {
        self.with_conn(store::nonce_count)
    }

    /// Sets the fault modes (their counters restart); refused when a value is out of range.
    pub fn set_faults(&self, faults: Faults) -> std::result::Result<(), String> {
        faults.check()?;
        self.with_faults(|s| {
            *s = FaultState {
                faults,
                ..FaultState::default()
            }
        });
        tracing::info!(?faults, "sandbox fault modes set");
        Ok(())
    }

    /// The fault modes in force and what they did since they were set.
    pub fn fault_state(&self) -> FaultState {
        self.with_faults(|s| *s)
    }

    pub(crate) fn with_faults<T>(&self, f: impl FnOnce(&mut FaultState) -> T) -> T {
        // A poisoned lock only means a panic elsewhere; the state is still usable.
        let mut guard = self
            .inner
            .faults
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        f(&mut guard)
    }

    fn with_conn<T>(&self, f: impl FnOnce(&mut rusqlite::Connection) -> Result<T>) -> Result<T> {
        let mut conn = self.inner.db.lock().map_err(|_| Error::Poisoned)?;
        f(&mut conn)
    }

    /// Runs `f` on the connection in a blocking thread; never holds the lock across an await.
    async fn db<T, F>(&self, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut rusqlite::Connection) -> Result<T> + Send + 'static,
    {
        let this = self.clone();
        tokio::task::spawn_blocking(move || this.with_conn(f))
            .await
            .map_err(|e| Error::Task(e.to_string()))?
    }

    fn next_id(&self) -> u64 {
        self.inner.ids.next()
    }
}

/// The 13 interfaces, under `/ebus/ping/`.
pub fn router(state: Sandbox) -> axum::Router {
    routes::router(state)
}

/// A running sandbox server. Dropping it also stops the server, without waiting.
#[derive(Debug)]
pub struct SandboxHandle {
    addr: SocketAddr,
    sandbox: Sandbox,
    stop: oneshot::Sender<()>,
    task: JoinHandle<std::io::Result<()>>,
}

impl SandboxHandle {
    /// `http://127.0.0.1:PORT/ebus/ping/`, the base URL the gateway's `HCP_UPSTREAM` takes.
    pub fn base_url(&self) -> String {
        let ip = match self.addr.ip() {
            ip if ip.is_unspecified() && ip.is_ipv4() => Ipv4Addr::LOCALHOST.into(),
            ip if ip.is_unspecified() => Ipv6Addr::LOCALHOST.into(),
            ip => ip,
        };
        format!(
            "http://{}/ebus/ping/",
            SocketAddr::new(ip, self.addr.port())
        )
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The state it serves (to read back what it stored).
    pub fn sandbox(&self) -> &Sandbox {
        &self.sandbox
    }

    /// Stops accepting, lets requests in flight finish (at most 5 s), and waits.
    pub async fn shutdown(self) {
        let _ = self.stop.send(());
        let mut task = self.task;
        match tokio::time::timeout(Duration::from_secs(5), &mut task).await {
            Ok(Ok(Ok(()))) => {}
            Ok(Ok(Err(e))) => tracing::warn!(error = %e, "sandbox server ended with an error"),
            Ok(Err(e)) => tracing::warn!(error = %e, "sandbox server task failed"),
            Err(_) => {
                tracing::warn!("sandbox server did not stop within 5 s; aborting it");
                task.abort();
            }
        }
    }
}

/// Opens the store and serves the sandbox on `listener` in a background task.
pub async fn spawn(config: SandboxConfig, listener: TcpListener) -> Result<SandboxHandle> {
    let sandbox = tokio::task::spawn_blocking(move || Sandbox::open(config))
        .await
        .map_err(|e| Error::Task(e.to_string()))??;
    serve(sandbox, listener).await
}

/// Serves an already opened sandbox on `listener` in a background task.
pub async fn serve(sandbox: Sandbox, listener: TcpListener) -> Result<SandboxHandle> {
    let addr = listener.local_addr()?;
    let app = router(sandbox.clone());
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        axum::serve(listener, app)
            .with_graceful_shutdown(async move {
                // A send or a dropped handle both end the wait.
                let _ = stopped.await;
            })
            .await
    });
    tracing::info!(%addr, "sandbox listening");
    Ok(SandboxHandle {
        addr,
        sandbox,
        stop,
        task,
    })
}

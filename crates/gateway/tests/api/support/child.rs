//! The gateway as a child process, for what only a process shows: SIGKILL
//! mid-delivery, startup refusals, the logs, the commands. [`ChildEnv`] is
//! its whole environment (nothing is inherited); [`ChildGateway`] starts
//! `hcp-gateway`, waits for its listen line and keeps every line it prints;
//! [`run_binary`] runs a command to its end; [`ChildSetup`] is what a child
//! gateway runs against (a data directory with the demo directory, the fake
//! widget, a sandbox of its own).

use std::fmt::Display;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use hcp_gateway::store::Db;
use hcp_sandbox::{SandboxHandle, StoredRating};
use serde_json::Value;
use tempfile::TempDir;
use tokio::io::{AsyncBufReadExt, AsyncRead, BufReader};

use crate::support::app::{
    LINK_SECRET, LOGIN_URL, PORTAL, TICKET_SECRET, client, open_db, submit_request,
};
use crate::support::platform::{ratings_in, start_sandbox};
use crate::support::widget::fake_widget;

/// What `serve` prints once it listens, before its address.
const LISTEN_LINE: &str = "hcp-gateway listening on ";
/// How long a child gateway may take to start, stop or print what is awaited.
const PATIENCE: Duration = Duration::from_secs(30);

/// The environment of a child process, in order; a variable set twice
/// keeps its place and takes the new value.
#[derive(Debug, Clone, Default)]
pub struct ChildEnv(Vec<(String, String)>);

impl ChildEnv {
    /// No variable at all.
    pub fn empty() -> Self {
        Self::default()
    }

    /// A gateway in remote mode against `upstream` (the settings of
    /// [`crate::support::test_args`]), its data and widget in `dir`,
    /// logging at debug level.
    pub fn remote(dir: &Path, upstream: &str) -> Self {
        Self::empty()
            .set("HCP_LISTEN", "127.0.0.1:0")
            .set("HCP_UPSTREAM", upstream)
            .set("HCP_PAAS_ID", hcp_sandbox::dev::PAAS_ID)
            .set("HCP_PAAS_TOKEN", hcp_sandbox::dev::PAAS_TOKEN)
            .set("HCP_DES_KEY", hcp_sandbox::dev::DES_KEY)
            .set("HCP_TICKET_SECRET", TICKET_SECRET)
            .set("HCP_LOGIN_URL", LOGIN_URL)
            .set("HCP_ALLOWED_ORIGINS", PORTAL)
            .set("HCP_DATA_DIR", dir.join("data").display())
            .set("HCP_WIDGET_DIR", dir.join("widget").display())
            .set("HCP_LINK_SECRET", LINK_SECRET)
            .set("HCP_ALLOW_DEV_SECRETS", "true")
            .set("HCP_RETRY_INITIAL_MS", "200")
            .set("HCP_RETRY_MAX_SECS", "1")
            .set("HCP_LEASE_SECS", "6")
            .set("RUST_LOG", "debug")
    }

    /// `key` set to `value`.
    pub fn set(mut self, key: &str, value: impl Display) -> Self {
        let value = value.to_string();
        match self.0.iter_mut().find(|(k, _)| k == key) {
            Some((_, v)) => *v = value,
            None => self.0.push((key.to_string(), value)),
        }
        self
    }

    /// Only the first `n` variables.
    pub fn first(&self, n: usize) -> Self {
        Self(self.0[..n].to_vec())
    }

    fn command(&self, args: &[&str]) -> tokio::process::Command {
        let mut cmd = tokio::process::Command::new(env!("CARGO_BIN_EXE_hcp-gateway"));
        cmd.env_clear()
            .envs(self.0.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .args(args)
            .stdin(Stdio::null())
            .kill_on_drop(true);
        cmd
    }
}

/// Runs the binary with exactly `env` and `args`, and waits for it to end.
pub async fn run_binary(env: &ChildEnv, args: &[&str]) -> std::process::Output {
    env.command(args).output().await.expect("run hcp-gateway")
}

/// Which stream a line came on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stream {
    /// Standard output (the listen line, the demo links).
    Stdout,
    /// Standard error (the logs).
    Stderr,
}

/// Every line a child printed, and a wake-up for each new one.
#[derive(Default)]
struct Printed {
    lines: Mutex<Vec<(Stream, String)>>,
    added: tokio::sync::Notify,
}

impl Printed {
    fn text(&self, of: impl Fn(Stream) -> bool) -> String {
        let lines = self.lines.lock().map(|l| l.clone()).unwrap_or_default();
        lines
            .into_iter()
            .filter(|(s, _)| of(*s))
            .map(|(_, l)| l + "\n")
            .collect()
    }

    /// Keeps reading `from`, line by line, until it closes.
    fn read(self: &Arc<Self>, stream: Stream, from: impl AsyncRead + Unpin + Send + 'static) {
        let printed = self.clone();
        tokio::spawn(async move {
            let mut lines = BufReader::new(from).lines();
            while let Ok(Some(line)) = lines.next_line().await {
                if let Ok(mut l) = printed.lines.lock() {
                    l.push((stream, line));
                }
                printed.added.notify_waiters();
            }
        });
    }
}

/// A gateway running as a child process (`hcp-gateway serve`).
pub struct ChildGateway {
    child: tokio::process::Child,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    printed: Arc<Printed>,
}

impl ChildGateway {
    /// Starts `hcp-gateway` with exactly `env` and waits for its listen line.
    pub async fn start(env: &ChildEnv) -> ChildGateway {
        Self::start_with(env, &[]).await
    }

    /// Starts `hcp-gateway ARGS…` with exactly `env` and waits for its listen line.
    pub async fn start_with(env: &ChildEnv, args: &[&str]) -> ChildGateway {
        let mut child = env
            .command(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn hcp-gateway");
        let printed = Arc::new(Printed::default());
        printed.read(Stream::Stdout, child.stdout.take().expect("stdout"));
        printed.read(Stream::Stderr, child.stderr.take().expect("stderr"));
        let mut gw = ChildGateway {
            child,
            base: String::new(),
            printed,
        };
        gw.wait_for("its listen line", |o| {
            o.lines().any(|l| l.starts_with(LISTEN_LINE))
        })
        .await;
        gw.base = gw
            .stdout()
            .lines()
            .find_map(|l| l.strip_prefix(LISTEN_LINE))
            .map(|b| b.trim().to_string())
            .expect("listen line");
        gw
    }

    /// Waits until what it printed satisfies `f`, woken by each new line;
    /// panics with the output after 30 s, or as soon as it has exited.
    pub async fn wait_for(&mut self, what: &str, f: impl Fn(&str) -> bool) {
        let deadline = tokio::time::Instant::now() + PATIENCE;
        loop {
            // Registered before the check, so a line printed in between wakes it.
            let line = self.printed.added.notified();
            tokio::pin!(line);
            line.as_mut().enable();
            if f(&self.output()) {
                return;
            }
            let exited = tokio::select! {
                _ = tokio::time::sleep_until(deadline) => None,
                _ = &mut line => continue,
                status = self.child.wait() => Some(status),
            };
            panic!(
                "{} waiting for the gateway to print {what}; it printed:\n{}",
                match exited {
                    Some(status) => format!("it exited ({status:?})"),
                    None => "timed out".to_string(),
                },
                self.output()
            );
        }
    }

    /// SIGKILL: no shutdown, no flush.
    pub async fn kill9(mut self) {
        self.child.start_kill().expect("kill -9");
        let _ = self.child.wait().await;
    }

    /// SIGTERM, as an operator stops it: waits for it to shut down and exit.
    /// Sent at once: `serve` handles SIGTERM from before it listens, so a
    /// gateway that printed its listen line stops gracefully.
    pub async fn stop(mut self) -> ExitStatus {
        let id = self.child.id().expect("still running");
        let pid =
            rustix::process::Pid::from_raw(i32::try_from(id).expect("pid")).expect("a process id");
        rustix::process::kill_process(pid, rustix::process::Signal::TERM).expect("SIGTERM");
        tokio::time::timeout(PATIENCE, self.child.wait())
            .await
            .expect("stopped within 30 s")
            .expect("exit status")
    }

    /// Whether the process has a handler for SIGTERM installed now (Linux:
    /// its `/proc/PID/status` mask of caught signals).
    pub fn catches_sigterm(&self) -> bool {
        self.child.id().is_some_and(catches_sigterm)
    }

    /// POSTs a submission.
    pub async fn submit(&self, body: &Value, ticket: Option<&str>) -> reqwest::Response {
        submit_request(&client(), &self.base, body, ticket)
            .send()
            .await
            .expect("submit")
    }

    /// GETs a path.
    pub async fn get(&self, path: &str) -> reqwest::Response {
        client()
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .expect("get")
    }

    /// Everything it printed so far, stdout and stderr, line by line as they came.
    pub fn output(&self) -> String {
        self.printed.text(|_| true)
    }

    /// What it printed on stdout so far.
    pub fn stdout(&self) -> String {
        self.printed.text(|s| s == Stream::Stdout)
    }

    /// What it printed on stderr so far (the logs).
    pub fn stderr(&self) -> String {
        self.printed.text(|s| s == Stream::Stderr)
    }
}

/// Whether process `pid` has a handler for SIGTERM (the `SigCgt` mask of
/// its /proc status).
fn catches_sigterm(pid: u32) -> bool {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("SigCgt:"))
        .and_then(|mask| u64::from_str_radix(mask.trim(), 16).ok())
        .is_some_and(|mask| mask & (1 << (rustix::process::Signal::TERM.as_raw() - 1)) != 0)
}

/// What a child gateway runs against: a temporary directory with the fake
/// widget and gateway.db, and a sandbox of its own whose port is kept
/// across an outage.
pub struct ChildSetup {
    /// Data, widget and sandbox files.
    pub dir: TempDir,
    /// The sandbox (None while it is down).
    pub sandbox: Option<SandboxHandle>,
    sandbox_addr: SocketAddr,
    upstream: String,
    /// Its store.
    pub sandbox_db: PathBuf,
    latency: Duration,
}

impl ChildSetup {
    /// gateway.db with the demo directory, a sandbox that answers at once.
    pub async fn new() -> Self {
        Self::slow(Duration::ZERO).await
    }

    /// gateway.db with the demo directory, a sandbox that waits `latency`
    /// before every answer.
    pub async fn slow(latency: Duration) -> Self {
        let setup = Self::start(latency).await;
        setup
            .db()
            .blocking(|c| hcp_gateway::sandbox::demo_data::seed_demo(c))
            .expect("seed");
        setup
    }

    /// gateway.db filled by `seed`, a sandbox that answers at once.
    pub async fn seeded(
        seed: impl FnOnce(&mut rusqlite::Connection) -> anyhow::Result<()>,
    ) -> Self {
        let setup = Self::start(Duration::ZERO).await;
        setup.db().blocking(seed).expect("seed");
        setup
    }

    /// No gateway.db (for gateways with another store), a sandbox that
    /// answers at once.
    pub async fn without_gateway_db() -> Self {
        Self::start(Duration::ZERO).await
    }

    async fn start(latency: Duration) -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        fake_widget(&dir.path().join("widget"));
        let sandbox_db = dir.path().join("sandbox.db");
        let sandbox =
            start_sandbox("127.0.0.1:0".parse().expect("addr"), &sandbox_db, latency).await;
        ChildSetup {
            dir,
            sandbox_addr: sandbox.addr(),
            upstream: sandbox.base_url(),
            sandbox: Some(sandbox),
            sandbox_db,
            latency,
        }
    }

    /// The environment of a gateway in remote mode against the sandbox.
    pub fn env(&self) -> ChildEnv {
        ChildEnv::remote(self.dir.path(), &self.upstream)
    }

    /// The sandbox's base URL (the same after a restart).
    pub fn upstream(&self) -> &str {
        &self.upstream
    }

    /// The running sandbox.
    pub fn sandbox(&self) -> &hcp_sandbox::Sandbox {
        self.sandbox.as_ref().expect("sandbox running").sandbox()
    }

    /// The gateways' gateway.db, opened from outside.
    pub fn db(&self) -> Db {
        open_db(&self.dir.path().join("data"))
    }

    /// Every rating the sandbox stored.
    pub fn ratings(&self) -> Vec<StoredRating> {
        ratings_in(&self.sandbox_db)
    }

    /// Stops the sandbox (the platform goes down).
    pub async fn stop_sandbox(&mut self) {
        if let Some(s) = self.sandbox.take() {
            s.shutdown().await;
        }
    }

    /// Starts the sandbox again on its port, with its store.
    pub async fn restart_sandbox(&mut self) {
        let s = start_sandbox(self.sandbox_addr, &self.sandbox_db, self.latency).await;
        self.sandbox = Some(s);
    }
}

/// A sandbox-mode gateway in `dir` (it needs nothing else).
fn sandbox_mode(dir: &Path) -> ChildEnv {
    fake_widget(&dir.join("widget"));
    ChildEnv::empty()
        .set("HCP_DATA_DIR", dir.join("data").display())
        .set("HCP_WIDGET_DIR", dir.join("widget").display())
        .set("HCP_LISTEN", "127.0.0.1:0")
        .set("RUST_LOG", "info")
}

#[tokio::test]
async fn a_child_gateway_keeps_its_streams_apart_and_stops_on_sigterm() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut gw = ChildGateway::start(&sandbox_mode(dir.path())).await;
    assert!(gw.base.starts_with("http://127.0.0.1:"), "{}", gw.base);
    gw.wait_for("its demo links and a log line", |o| {
        o.contains("dynamic-gd") && o.contains("INFO")
    })
    .await;
    let (stdout, stderr) = (gw.stdout(), gw.stderr());
    assert!(stdout.starts_with(LISTEN_LINE), "{stdout}");
    assert!(!stdout.contains("INFO"), "{stdout}");
    assert!(
        stderr.contains("INFO") && !stderr.contains(LISTEN_LINE),
        "{stderr}"
    );
    let status = gw.stop().await;
    assert!(status.success(), "{status:?}");
}

#[tokio::test]
#[should_panic(expected = "it exited")]
async fn a_child_gateway_that_exits_is_reported_at_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let env = sandbox_mode(dir.path()).set("HCP_WIDGET_DIR", dir.path().join("no-dist").display());
    ChildGateway::start(&env).await;
}

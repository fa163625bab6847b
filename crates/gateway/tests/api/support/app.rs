//! The in-process app: `spawn_app()` starts a real sandbox on a random port
//! and a real gateway (`hcp_gateway::server::run`) on another, with real
//! SQLite files and the fake widget in a temporary directory and the demo
//! directory loaded; the settings and secrets every test gateway has; the
//! HTTP client the tests talk to it with.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use hcp_gateway::Config;
use hcp_gateway::clock::Clock;
use hcp_gateway::config::{CommaList, ConfigArgs, Secret};
use hcp_gateway::sandbox::demo_data;
use hcp_gateway::server::RunningGateway;
use hcp_gateway::store::Db;
use hcp_sandbox::{SandboxConfig, SandboxHandle, StoredRating};
use serde_json::Value;
use tempfile::TempDir;

use crate::support::platform::{ratings_in, start_sandbox};
use crate::support::widget::fake_widget;

/// The ticket secret of test gateways.
pub const TICKET_SECRET: &str = "test-ticket-secret-0123456789";
/// The push secret of test gateways.
pub const PUSH_SECRET: &str = "test-push-secret";
/// The link-signing secret of test gateways (the hall system's).
pub const LINK_SECRET: &str = "test-link-secret-0123456789abcdef";
/// The allowed origin of test gateways.
pub const PORTAL: &str = "https://portal.example.gov.cn";
/// The login page of test gateways.
pub const LOGIN_URL: &str = "https://login.example.gov.cn/sso";

/// A sandbox and a gateway.
pub struct TestApp {
    /// `http://127.0.0.1:PORT` of the gateway.
    pub base: String,
    /// The gateway.
    pub gateway: Option<RunningGateway>,
    /// The sandbox (None while stopped).
    pub sandbox: Option<SandboxHandle>,
    /// Where the sandbox listens (kept across restarts).
    pub sandbox_addr: SocketAddr,
    /// Its store.
    pub sandbox_db: PathBuf,
    /// Data, widget and sandbox files.
    pub _dir: TempDir,
    /// An HTTP client.
    pub client: reqwest::Client,
}

/// Settings of a test gateway against `upstream`.
pub fn test_args(dir: &Path, upstream: &str) -> ConfigArgs {
    ConfigArgs {
        listen: Some("127.0.0.1:0".into()),
        upstream: Some(upstream.to_string()),
        paas_id: Some(hcp_sandbox::dev::PAAS_ID.into()),
        paas_token: Some(Secret::new(hcp_sandbox::dev::PAAS_TOKEN)),
        des_key: Some(Secret::new(hcp_sandbox::dev::DES_KEY)),
        ticket_secret: Some(Secret::new(TICKET_SECRET)),
        allowed_origins: Some(CommaList(vec![PORTAL.to_string()])),
        data_dir: Some(dir.join("data")),
        login_url: Some(LOGIN_URL.into()),
        widget_dir: Some(dir.join("widget")),
        push_secret: Some(Secret::new(PUSH_SECRET)),
        link_secret: Some(Secret::new(LINK_SECRET)),
        // Remote mode against a local sandbox with its development secrets.
        allow_dev_secrets: Some(true),
        retry_initial_ms: Some(200),
        retry_max_secs: Some(1),
        lease_secs: Some(6),
        rate_limit_burst: Some(1000),
        rate_limit_per_second: Some(1000),
        ..ConfigArgs::default()
    }
}

/// Sandbox + gateway with the demo directory loaded.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// Like [`spawn_app`], with settings changed by `tweak`.
pub async fn spawn_app_with(tweak: impl FnOnce(&mut ConfigArgs)) -> TestApp {
    spawn_app_full(Duration::ZERO, tweak).await
}

/// Like [`spawn_app_with`], with a platform that waits `latency` before every answer.
pub async fn spawn_app_full(latency: Duration, tweak: impl FnOnce(&mut ConfigArgs)) -> TestApp {
    spawn_app_on(Clock::system(), latency, tweak).await
}

/// Like [`spawn_app_with`], the gateway on `clock` (a manual one the test moves).
pub async fn spawn_app_at(clock: Clock, tweak: impl FnOnce(&mut ConfigArgs)) -> TestApp {
    spawn_app_on(clock, Duration::ZERO, tweak).await
}

async fn spawn_app_on(
    clock: Clock,
    latency: Duration,
    tweak: impl FnOnce(&mut ConfigArgs),
) -> TestApp {
    let dir = tempfile::tempdir().expect("tempdir");
    fake_widget(&dir.path().join("widget"));
    let sandbox_db = dir.path().join("sandbox").join("sandbox.db");
    let sandbox = start_sandbox("127.0.0.1:0".parse().expect("addr"), &sandbox_db, latency).await;
    let mut args = test_args(dir.path(), &sandbox.base_url());
    tweak(&mut args);
    let config = Config::resolve(args).expect("config");
    let gateway = hcp_gateway::server::run_with_clock(config, clock)
        .await
        .expect("gateway");
    gateway
        .state()
        .db
        .blocking(|c| demo_data::seed_demo(c))
        .expect("seed directory");
    TestApp {
        base: gateway.base_url(),
        sandbox_addr: sandbox.addr(),
        gateway: Some(gateway),
        sandbox: Some(sandbox),
        sandbox_db,
        _dir: dir,
        client: client(),
    }
}

/// A client that follows no redirects and decodes no content encodings.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(20))
        .build()
        .expect("client")
}

/// A submission to the gateway at `base`, with `ticket` (if any) as the
/// bearer, as the widget sends it.
pub fn submit_request(
    http: &reqwest::Client,
    base: &str,
    body: &Value,
    ticket: Option<&str>,
) -> reqwest::RequestBuilder {
    let req = http.post(format!("{base}/api/submit")).json(body);
    match ticket {
        Some(t) => req.bearer_auth(t),
        None => req,
    }
}

impl TestApp {
    /// The gateway's state.
    pub fn state(&self) -> &hcp_gateway::state::AppState {
        self.gateway.as_ref().expect("gateway running").state()
    }

    /// Every rating the sandbox stored.
    pub fn ratings(&self) -> Vec<StoredRating> {
        ratings_in(&self.sandbox_db)
    }

    /// How many nonces the sandbox has seen (one per signed request).
    pub fn nonces(&self) -> u64 {
        hcp_sandbox::Sandbox::open(SandboxConfig::dev(&self.sandbox_db))
            .expect("open sandbox db")
            .remembered_nonces()
            .expect("nonces")
    }

    /// Stops the sandbox (the platform goes down).
    pub async fn stop_sandbox(&mut self) {
        if let Some(s) = self.sandbox.take() {
            s.shutdown().await;
        }
    }

    /// Starts the sandbox again on the same port, with the same store.
    pub async fn restart_sandbox(&mut self) {
        let s = start_sandbox(self.sandbox_addr, &self.sandbox_db, Duration::ZERO).await;
        self.sandbox = Some(s);
    }

    /// POSTs a submission.
    pub async fn submit(&self, body: &Value, ticket: Option<&str>) -> reqwest::Response {
        submit_request(&self.client, &self.base, body, ticket)
            .send()
            .await
            .expect("submit")
    }

    /// GETs a path.
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .expect("get")
    }

    /// Stops everything.
    pub async fn shutdown(mut self) {
        if let Some(g) = self.gateway.take() {
            g.shutdown().await;
        }
        self.stop_sandbox().await;
    }
}

/// Opens a gateway database (to seed or inspect it from outside the process).
pub fn open_db(data_dir: &Path) -> Db {
    Db::open(&data_dir.join("gateway.db")).expect("gateway db")
}

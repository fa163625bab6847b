//! `spawn_app()` and friends: a real sandbox on a random port, a real gateway
//! on another, real SQLite files in a temporary directory, a fake widget.

use hcp_gateway::sandbox::demo_data;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use hcp_gateway::Config;
use hcp_gateway::config::{CommaList, ConfigArgs, Secret};
use hcp_gateway::identity::ticket::issue_ticket;
use hcp_gateway::server::RunningGateway;
use hcp_gateway::store::Db;
use hcp_protocol::sign;
use hcp_sandbox::{SandboxConfig, SandboxHandle, StoredRating};
use serde_json::{Value, json};
use tempfile::TempDir;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::net::TcpListener;

/// The ticket secret of test gateways.
pub const TICKET_SECRET: &str = "test-ticket-secret-0123456789";
/// The push secret of test gateways.
pub const PUSH_SECRET: &str = "test-push-secret";
/// The link-signing secret of test gateways (the hall system's).
pub const LINK_SECRET: &str = "test-link-secret-0123456789abcdef";
/// The allowed origin of test gateways.
pub const PORTAL: &str = "https://portal.example.gov.cn";
/// The inline script of the fake index.html.
pub const INLINE_SCRIPT: &str = "import init from '/app-0123456789abcdef.js'; await init();";
/// The inline script of the fake codec-check.html (the test entry).
pub const TEST_ENTRY_SCRIPT: &str = "import init from '/check-0123456789abcdef.js'; await init();";
/// The inline script of the fake my.html (我的评价 and 一件事).
pub const MY_ENTRY_SCRIPT: &str = "import init from '/my-0123456789abcdef.js'; await init();";
/// The inline script of the fake pad.html (the pad entry).
pub const PAD_ENTRY_SCRIPT: &str = "import init from '/pad-0123456789abcdef.js'; await init();";
/// The fake brotli sibling's bytes (served verbatim).
pub const BR_BYTES: &[u8] = b"pretend-brotli-bytes";
/// The fake gzip sibling's bytes.
pub const GZ_BYTES: &[u8] = b"pretend-gzip-bytes";

/// Writes a fake Trunk output.
pub fn fake_widget(dir: &Path) {
    std::fs::create_dir_all(dir).expect("widget dir");
    let index = format!(
        "<!doctype html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>政务服务好差评</title>\n<script type=\"module\">{INLINE_SCRIPT}</script>\n<link rel=\"stylesheet\" href=\"/main-0123456789abcdef.css\">\n</head>\n<body><noscript>请启用 JavaScript 后评价。Please enable JavaScript to rate.</noscript></body>\n</html>\n"
    );
    std::fs::write(dir.join("index.html"), &index).expect("index");
    let check = index.replace(INLINE_SCRIPT, TEST_ENTRY_SCRIPT);
    std::fs::write(dir.join("codec-check.html"), check).expect("test entry");
    let my = index.replace(INLINE_SCRIPT, MY_ENTRY_SCRIPT);
    std::fs::write(dir.join("my.html"), my).expect("我的评价 entry");
    let pad = index.replace(INLINE_SCRIPT, PAD_ENTRY_SCRIPT);
    std::fs::write(dir.join("pad.html"), pad).expect("pad entry");
    std::fs::write(
        dir.join("app-0123456789abcdef.js"),
        "export default function init() {}\n".repeat(20),
    )
    .expect("js");
    std::fs::write(dir.join("app-0123456789abcdef.js.br"), BR_BYTES).expect("br");
    std::fs::write(dir.join("app-0123456789abcdef.js.gz"), GZ_BYTES).expect("gz");
    std::fs::write(dir.join("app-0123456789abcdef_bg.wasm"), b"\0asm\x01\0\0\0").expect("wasm");
    std::fs::write(
        dir.join("main-0123456789abcdef.css"),
        "body { margin: 0 }\n",
    )
    .expect("css");
    std::fs::write(
        dir.join("logo.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>\n",
    )
    .expect("svg");
}

/// Starts a sandbox on `addr` (127.0.0.1:0 for a new port) with its store at `db`.
pub async fn start_sandbox(addr: SocketAddr, db: &Path, latency: Duration) -> SandboxHandle {
    let listener = TcpListener::bind(addr).await.expect("sandbox port");
    let mut cfg = SandboxConfig::dev(db);
    cfg.latency = latency;
    hcp_sandbox::spawn(cfg, listener).await.expect("sandbox")
}

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
        login_url: Some("https://login.example.gov.cn/sso".into()),
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
    let dir = tempfile::tempdir().expect("tempdir");
    fake_widget(&dir.path().join("widget"));
    let sandbox_db = dir.path().join("sandbox").join("sandbox.db");
    let sandbox = start_sandbox("127.0.0.1:0".parse().expect("addr"), &sandbox_db, latency).await;
    let mut args = test_args(dir.path(), &sandbox.base_url());
    tweak(&mut args);
    let config = Config::resolve(args).expect("config");
    let gateway = hcp_gateway::server::run(config).await.expect("gateway");
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
        let mut req = self
            .client
            .post(format!("{}/api/submit", self.base))
            .json(body);
        if let Some(t) = ticket {
            req = req.bearer_auth(t);
        }
        req.send().await.expect("submit")
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

/// Ratings stored in a sandbox database.
pub fn ratings_in(db: &Path) -> Vec<StoredRating> {
    hcp_sandbox::Sandbox::open(SandboxConfig::dev(db))
        .expect("open sandbox db")
        .ratings()
        .expect("ratings")
}

/// A ticket for a citizen with these phone and ID numbers.
pub fn ticket_for(phone: &str, id: &str, exp_in: i64) -> String {
    let now = hcp_gateway::clock::now_secs();
    let mut claims = hcp_gateway::sandbox::demo_data::demo_citizen(now, exp_in);
    claims.contact_phone = Some(phone.to_string());
    claims.certificate_no = Some(id.to_string());
    issue_ticket(&Secret::new(TICKET_SECRET), &claims).expect("ticket")
}

/// The demo ticket (demo citizen).
pub fn demo_ticket() -> String {
    let now = hcp_gateway::clock::now_secs();
    issue_ticket(
        &Secret::new(TICKET_SECRET),
        &hcp_gateway::sandbox::demo_data::demo_citizen(now, 3600),
    )
    .expect("ticket")
}

/// The demo link of a page variant: (route path, raw query without the
/// ticket); hall links signed with [`LINK_SECRET`], valid for 12 hours.
pub fn demo_page(name: &str) -> (String, String) {
    let links = hcp_gateway::sandbox::demo_links::demo_links(
        "http://x",
        &Secret::new(TICKET_SECRET),
        &Secret::new(LINK_SECRET),
        hcp_gateway::clock::now_secs(),
    )
    .expect("links");
    let link = links
        .into_iter()
        .find(|l| l.name == name)
        .expect("link name");
    let url = url::Url::parse(&link.url).expect("url");
    let query: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(k, _)| k != "ticket")
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let q = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(query)
        .finish();
    (url.path().to_string(), q)
}

/// A page query (without `?`) signed with [`LINK_SECRET`], valid for an hour.
pub fn signed(route: &str, query: &str) -> String {
    let route = hcp_protocol::Route::from_path(route).expect("route");
    hcp_protocol::link::sign(
        route,
        query,
        LINK_SECRET.as_bytes(),
        hcp_gateway::clock::now_secs() + 3600,
    )
    .expect("sign")
}

/// A submission body.
pub fn submission(route: &str, query: &str, stars: u8, tags: &[&str], remark: &str) -> Value {
    json!({"route": route, "query": query, "rating": {"stars": stars, "tags": tags, "remark": remark}})
}

/// Waits until `f` holds, polling it every 100 ms, or panics after `secs`:
/// for a state that has no event to wait on (a database another process
/// writes). Output of a child process has one: [`ChildGateway::wait_for`].
pub async fn eventually(secs: u64, what: &str, mut f: impl FnMut() -> bool) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(secs);
    loop {
        if f() {
            return;
        }
        if tokio::time::Instant::now() > deadline {
            panic!("timed out waiting for: {what}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Signs x-rio headers for a direct sandbox call.
pub fn rio_headers(timestamp: i64, nonce: &str, token: &str) -> Vec<(&'static str, String)> {
    let ts = timestamp.to_string();
    vec![
        (sign::header::PAASID, hcp_sandbox::dev::PAAS_ID.to_string()),
        (sign::header::TIMESTAMP, ts.clone()),
        (sign::header::NONCE, nonce.to_string()),
        (
            sign::header::SIGNATURE,
            sign::rio_signature(&ts, token, nonce),
        ),
    ]
}

/// Opens a gateway database (to seed or inspect it from outside the process).
pub fn open_db(data_dir: &Path) -> Db {
    Db::open(&data_dir.join("gateway.db")).expect("gateway db")
}

/// A gateway running as a child process (`hcp-gateway serve`).
pub struct ChildGateway {
    child: tokio::process::Child,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// Everything it printed on stdout and stderr so far.
    pub output: Arc<Mutex<String>>,
    /// Notified whenever a line is added to `output`.
    printed: Arc<tokio::sync::Notify>,
}

/// Environment of a child gateway (remote mode against `upstream`).
pub fn child_env(dir: &Path, upstream: &str) -> Vec<(String, String)> {
    vec![
        ("HCP_LISTEN".into(), "127.0.0.1:0".into()),
        ("HCP_UPSTREAM".into(), upstream.into()),
        ("HCP_PAAS_ID".into(), hcp_sandbox::dev::PAAS_ID.into()),
        ("HCP_PAAS_TOKEN".into(), hcp_sandbox::dev::PAAS_TOKEN.into()),
        ("HCP_DES_KEY".into(), hcp_sandbox::dev::DES_KEY.into()),
        ("HCP_TICKET_SECRET".into(), TICKET_SECRET.into()),
        (
            "HCP_LOGIN_URL".into(),
            "https://login.example.gov.cn/sso".into(),
        ),
        ("HCP_ALLOWED_ORIGINS".into(), PORTAL.into()),
        (
            "HCP_DATA_DIR".into(),
            dir.join("data").display().to_string(),
        ),
        (
            "HCP_WIDGET_DIR".into(),
            dir.join("widget").display().to_string(),
        ),
        ("HCP_LINK_SECRET".into(), LINK_SECRET.into()),
        ("HCP_ALLOW_DEV_SECRETS".into(), "true".into()),
        ("HCP_RETRY_INITIAL_MS".into(), "200".into()),
        ("HCP_RETRY_MAX_SECS".into(), "1".into()),
        ("HCP_LEASE_SECS".into(), "6".into()),
        ("RUST_LOG".into(), "debug".into()),
    ]
}

/// Runs the binary with exactly `env` (nothing inherited) and `args`; waits for it.
pub async fn run_binary(env: &[(String, String)], args: &[&str]) -> std::process::Output {
    tokio::process::Command::new(env!("CARGO_BIN_EXE_hcp-gateway"))
        .env_clear()
        .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .args(args)
        .kill_on_drop(true)
        .output()
        .await
        .expect("run hcp-gateway")
}

impl ChildGateway {
    /// Starts `hcp-gateway` with exactly `env` and waits for its listen line.
    pub async fn start(env: &[(String, String)]) -> ChildGateway {
        let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_hcp-gateway"))
            .env_clear()
            .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .expect("spawn hcp-gateway");
        let output = Arc::new(Mutex::new(String::new()));
        let printed = Arc::new(tokio::sync::Notify::new());
        let stdout = child.stdout.take().expect("stdout");
        let stderr = child.stderr.take().expect("stderr");
        let (tx, rx) = tokio::sync::oneshot::channel::<String>();
        let (out, notify) = (output.clone(), printed.clone());
        tokio::spawn(async move {
            let mut tx = Some(tx);
            let mut lines = BufReader::new(stdout).lines();
            while let Ok(Some(line)) = lines.next_line().await {
                if let Some(rest) = line.strip_prefix("hcp-gateway listening on ")
                    && let Some(tx) = tx.take()
                {
                    let _ = tx.send(rest.trim().to_string());
                }
                if let Ok(mut o) = out.lock() {
                    o.push_str(&line);
                    o.push('\n');
                }
                notify.notify_waiters();
            }
        });
        let (out, notify) = (output.clone(), printed.clone());
        tokio::spawn(async move {
            let mut lines = BufReader::new(stderr).lines();
            while let Ok(Some(line)) = lines.next_line().await {
                if let Ok(mut o) = out.lock() {
                    o.push_str(&line);
                    o.push('\n');
                }
                notify.notify_waiters();
            }
        });
        let base = match tokio::time::timeout(Duration::from_secs(30), rx).await {
            Ok(Ok(b)) => b,
            _ => {
                let text = output.lock().map(|o| o.clone()).unwrap_or_default();
                panic!("hcp-gateway did not print its listen line; output:\n{text}");
            }
        };
        ChildGateway {
            child,
            base,
            output,
            printed,
        }
    }

    /// Waits until what it printed satisfies `f`, woken by each new line;
    /// panics with the output after 30 s.
    pub async fn wait_for(&self, what: &str, f: impl Fn(&str) -> bool) {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
        loop {
            // Registered before the check, so a line printed in between wakes it.
            let line = self.printed.notified();
            tokio::pin!(line);
            line.as_mut().enable();
            if f(&self.output()) {
                return;
            }
            if tokio::time::timeout_at(deadline, line).await.is_err() {
                panic!(
                    "timed out waiting for the gateway to print {what}; it printed:\n{}",
                    self.output()
                );
            }
        }
    }

    /// SIGKILL: no shutdown, no flush.
    pub async fn kill9(mut self) {
        self.child.start_kill().expect("kill -9");
        let _ = self.child.wait().await;
    }

    /// What it printed so far.
    pub fn output(&self) -> String {
        self.output.lock().map(|o| o.clone()).unwrap_or_default()
    }
}

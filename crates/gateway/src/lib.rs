//! hcp-gateway: the thin backend of the 好差评 widget (SPEC §5).
//!
//! It serves the built widget, answers the widget's `/api/*`, fills in what
//! the browser must not be trusted with (evalTime, identity, case data),
//! DES-encrypts the personal fields, signs every upstream request (x-rio),
//! and keeps every accepted rating in a durable SQLite outbox until the
//! provincial platform — or, in sandbox mode, the embedded `hcp-sandbox` —
//! has answered. See docs/ARCHITECTURE.md.
//!
//! [`app`] builds the router from an [`AppState`] (tests can serve it on
//! port 0); [`run`] opens everything, starts the sandbox when configured,
//! the delivery loop and the server, and returns a [`RunningGateway`].

pub mod catalog;
pub mod cli;
pub mod config;
pub mod confirm;
pub mod db;
pub mod delivery;
#[cfg(feature = "sandbox")]
pub mod demo_links;
pub mod departments;
#[cfg(feature = "sandbox")]
pub mod dev;
pub mod directory;
pub mod error;
pub mod hall_links;
pub mod idempotency;
pub mod identity;
pub mod links;
pub mod live;
pub mod metrics;
pub mod onething;
pub mod outbox;
pub mod pad;
pub mod pad_cli;
pub mod pads;
pub mod payload;
pub mod routes;
pub mod signed_form;
pub mod static_files;
pub mod store;
pub mod telemetry;
pub mod upstream;

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::ops::Deref;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use axum::Router;
use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::HeaderValue;
use axum::http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS,
};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use hcp_protocol::api::WidgetConfig;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;

pub use config::{Config, ConfigArgs, Secret, Upstream};
pub use error::AppError;

use crate::catalog::Catalogs;
use crate::metrics::Metrics;
use crate::static_files::Widget;
use crate::store::Store;
use crate::upstream::UpstreamClient;

/// Everything the handlers share. Cheap to clone.
#[derive(Clone)]
pub struct AppState(Arc<StateInner>);

/// The contents of [`AppState`].
pub struct StateInner {
    /// The configuration.
    pub config: Config,
    /// The store: gateway.db (SQLite) or the shared PostgreSQL.
    pub db: Store,
    /// The signed upstream client.
    pub upstream: UpstreamClient,
    /// Metrics.
    pub metrics: Metrics,
    /// The tag catalogs, kept through outages.
    pub catalogs: Catalogs,
    /// Per-client-IP limits of /api.
    pub limiter: DefaultKeyedRateLimiter<IpAddr>,
    /// The widget files and rendered page.
    pub widget: Widget,
    /// The embedded sandbox (sandbox mode), for `/dev/sandbox`.
    pub sandbox: Option<EmbeddedSandbox>,
    /// Live updates to the pads.
    pub live: live::Hub,
}

impl Deref for AppState {
    type Target = StateInner;
    fn deref(&self) -> &StateInner {
        &self.0
    }
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl AppState {
    /// Assembles the state.
    pub fn new(
        config: Config,
        db: Store,
        upstream: UpstreamClient,
        metrics: Metrics,
        widget: Widget,
        catalogs: Catalogs,
        sandbox: Option<EmbeddedSandbox>,
    ) -> AppState {
        let quota =
            Quota::per_second(config.rate_limit.per_second).allow_burst(config.rate_limit.burst);
        AppState(Arc::new(StateInner {
            limiter: RateLimiter::keyed(quota),
            config,
            db,
            upstream,
            metrics,
            catalogs,
            widget,
            sandbox,
            live: live::Hub::new(),
        }))
    }
}

/// The configuration block embedded in every page.
pub fn widget_config(config: &Config) -> WidgetConfig {
    WidgetConfig {
        login_url: config.login_url.clone(),
        allowed_origins: config.allowed_origins.clone(),
        api_base: "/api".to_string(),
    }
}

/// The client's IP: the peer, or with `HCP_TRUST_FORWARDED_FOR` the address
/// the trusted proxy appended last to X-Forwarded-For.
fn client_ip(req: &Request, trust_forwarded_for: bool) -> IpAddr {
    if trust_forwarded_for {
        let forwarded = req
            .headers()
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .filter_map(|p| p.trim().parse::<IpAddr>().ok())
            .next_back();
        if let Some(ip) = forwarded {
            return ip;
        }
    }
    req.extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())
        .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED))
}

async fn rate_limit(State(state): State<AppState>, req: Request, next: Next) -> Response {
    use governor::clock::Clock as _;
    let ip = client_ip(&req, state.config.trust_forwarded_for);
    if let Err(not_until) = state.limiter.check_key(&ip) {
        let wait = not_until.wait_time_from(state.limiter.clock().now());
        tracing::info!(
            retry_after_ms = wait.as_millis() as u64,
            "rate limit reached for a client"
        );
        return AppError::RateLimited(wait).into_response();
    }
    next.run(req).await
}

async fn record_metrics(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|m| m.as_str().to_string())
        .unwrap_or_else(|| "static".to_string());
    let method = req.method().as_str().to_string();
    let resp = next.run(req).await;
    state
        .metrics
        .http_requests
        .with_label_values(&[route.as_str(), method.as_str(), resp.status().as_str()])
        .inc();
    resp
}

/// The whole HTTP application.
pub fn app(state: AppState) -> Router {
    let api = Router::new()
        .merge(routes::tags_halls::router())
        .merge(routes::submit::router())
        .merge(routes::directory_push::router())
        .merge(routes::hall::router())
        .merge(routes::pad::router())
        .merge(routes::my::router())
        .route_layer(middleware::from_fn_with_state(state.clone(), rate_limit))
        // API answers may be personal (a citizen's rating, its identity
        // errors): no cache may keep them.
        .layer(SetResponseHeaderLayer::if_not_present(
            CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ));
    #[allow(unused_mut)]
    let mut router = Router::new()
        .merge(api)
        .merge(routes::ops::router())
        .merge(routes::hall::card_router())
        .merge(static_files::router());
    #[cfg(feature = "sandbox")]
    if state.config.is_sandbox() {
        router = router
            .merge(routes::dev_login::router())
            .merge(routes::dev_sandbox::router())
            .merge(routes::dev_ratings::router());
    }
    router
        .layer(middleware::from_fn_with_state(
            state.clone(),
            record_metrics,
        ))
        // Spans carry the matched route, never the URI: page URLs hold
        // personal fields and tickets in their query strings.
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|req: &Request| {
                    let route = req
                        .extensions()
                        .get::<MatchedPath>()
                        .map(MatchedPath::as_str)
                        .unwrap_or("static");
                    tracing::info_span!("http", method = %req.method(), route)
                })
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
        .layer(CompressionLayer::new())
        .layer(SetResponseHeaderLayer::if_not_present(
            CONTENT_SECURITY_POLICY,
            state.widget.csp().clone(),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            REFERRER_POLICY,
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        ))
        .with_state(state)
}

/// A running gateway: its address, state, and the tasks to stop.
#[derive(Debug)]
pub struct RunningGateway {
    addr: SocketAddr,
    state: AppState,
    stop: watch::Sender<bool>,
    server: JoinHandle<std::io::Result<()>>,
    delivery: JoinHandle<()>,
    refresher: JoinHandle<()>,
    pad_watch: JoinHandle<()>,
    pad_live: JoinHandle<()>,
    follower: JoinHandle<()>,
    #[cfg(feature = "sandbox")]
    sandbox: Option<hcp_sandbox::SandboxHandle>,
}

impl RunningGateway {
    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT` (the loopback address when listening on all interfaces).
    pub fn base_url(&self) -> String {
        let ip = match self.addr.ip() {
            ip if ip.is_unspecified() && ip.is_ipv4() => IpAddr::V4(Ipv4Addr::LOCALHOST),
            ip if ip.is_unspecified() => IpAddr::V6(std::net::Ipv6Addr::LOCALHOST),
            ip => ip,
        };
        format!("http://{}", SocketAddr::new(ip, self.addr.port()))
    }

    /// The shared state.
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// The embedded sandbox (sandbox mode).
    #[cfg(feature = "sandbox")]
    pub fn sandbox(&self) -> Option<&hcp_sandbox::SandboxHandle> {
        self.sandbox.as_ref()
    }

    /// Stops accepting, lets requests in flight and the current delivery
    /// attempt finish (10 s at most each), then stops the sandbox.
    pub async fn shutdown(self) {
        let _ = self.stop.send(true);
        // Pads' live connections are long-lived: they close now (the pads
        // reconnect to the gateway that comes back).
        self.state.live.close();
        let started = Instant::now();
        let mut server = self.server;
        if tokio::time::timeout(Duration::from_secs(10), &mut server)
            .await
            .is_err()
        {
            tracing::warn!("server did not stop within 10 s; aborting it");
            server.abort();
        }
        let mut delivery = self.delivery;
        if tokio::time::timeout(Duration::from_secs(10), &mut delivery)
            .await
            .is_err()
        {
            delivery.abort();
        }
        let mut refresher = self.refresher;
        if tokio::time::timeout(Duration::from_secs(10), &mut refresher)
            .await
            .is_err()
        {
            refresher.abort();
        }
        self.pad_watch.abort();
        self.pad_live.abort();
        let mut follower = self.follower;
        if tokio::time::timeout(Duration::from_secs(10), &mut follower)
            .await
            .is_err()
        {
            follower.abort();
        }
        #[cfg(feature = "sandbox")]
        if let Some(sandbox) = self.sandbox {
            sandbox.shutdown().await;
        }
        tracing::info!(
            elapsed_ms = started.elapsed().as_millis() as u64,
            "gateway stopped"
        );
    }
}

/// Opens the database, loads the widget, starts the sandbox (sandbox mode),
/// the delivery loop and the server.
pub async fn run(config: Config) -> anyhow::Result<RunningGateway> {
    for warning in config.warnings() {
        tracing::warn!("{warning}");
    }
    let widget = Widget::load(&config.widget_dir, &widget_config(&config))?;
    let db = open_store(&config).await?;
    tracing::info!(backend = %db.backend(), at = %db.location(), "store opened");
    let metrics = Metrics::new()?;

    let (sandbox, base) = match &config.upstream {
        #[cfg(not(feature = "sandbox"))]
        Upstream::Sandbox => {
            // Config::resolve refuses it in this build.
            anyhow::bail!("this build of hcp-gateway has no sandbox");
        }
        #[cfg(feature = "sandbox")]
        Upstream::Sandbox => {
            let sandbox_config = hcp_sandbox::SandboxConfig {
                paas_id: config.paas_id.clone(),
                paas_token: config.paas_token.expose().to_string(),
                des_key: config.des_key.clone(),
                db_path: config.sandbox_db_path(),
                latency: Duration::ZERO,
                // Its fault switch is the gateway's /dev/sandbox/faults.
                admin: false,
            };
            let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
                .await
                .context("cannot open a port for the sandbox")?;
            let handle = hcp_sandbox::spawn(sandbox_config, listener)
                .await
                .context("cannot start the sandbox")?;
            let base = url::Url::parse(&handle.base_url()).context("sandbox base URL")?;
            let (cases, halls) = db
                .write(directory::seed_demo)
                .await
                .context("cannot seed the directory with the demo data")?;
            // The demo citizen's past ratings, so 我的评价 has a case in every state.
            let seeded = {
                let sandbox = handle.sandbox().clone();
                let now = db::now_secs();
                tokio::task::spawn_blocking(move || sandbox.seed_demo_history(now))
                    .await
                    .context("cannot seed the sandbox's demo history")?
                    .context("cannot seed the sandbox's demo history")?
            };
            tracing::info!(base_url = %base, cases, halls, history = seeded, "sandbox started; directory seeded with the demo data");
            (Some(handle), base)
        }
        Upstream::Remote(url) => (None::<Sandbox>, url.clone()),
    };
    #[cfg(not(feature = "sandbox"))]
    let _ = sandbox;
    let upstream = UpstreamClient::new(
        base,
        config.paas_id.clone(),
        config.paas_token.clone(),
        metrics.clone(),
        config.upstream_timeout,
    )?;
    let configured = config.app_codes.clone();
    let catalogs = db
        .read(move |c| Catalogs::load(c, &configured))
        .await
        .context("cannot read the kept tag catalogs")?;

    let listener = TcpListener::bind(config.listen)
        .await
        .with_context(|| format!("cannot listen on {}", config.listen))?;
    let addr = listener.local_addr()?;
    #[cfg(feature = "sandbox")]
    let embedded = sandbox.as_ref().map(|h| h.sandbox().clone());
    #[cfg(not(feature = "sandbox"))]
    let embedded = None;
    let state = AppState::new(config, db, upstream, metrics, widget, catalogs, embedded);
    let (stop, stopped) = watch::channel(false);
    // The pads' events come through the store (every gateway's, on a shared
    // PostgreSQL): subscribed before the first request is served.
    let pad_live = live::follow(&state.db, state.live.clone(), stopped.clone())
        .await
        .context("cannot subscribe to the pads' notifications")?;
    let mut wait = stopped.clone();
    let service = app(state.clone()).into_make_service_with_connect_info::<SocketAddr>();
    let server = tokio::spawn(async move {
        axum::serve(listener, service)
            .with_graceful_shutdown(async move {
                let _ = wait.wait_for(|v| *v).await;
            })
            .await
    });
    let delivery = tokio::spawn(delivery::run_loop(state.clone(), stopped.clone()));
    let pad_watch = tokio::spawn(pad::watch_revocations(
        state.clone(),
        Duration::from_secs(2),
        stopped.clone(),
    ));
    let follower = tokio::spawn(catalog::follow(state.clone(), stopped.clone()));
    let refresher = tokio::spawn(catalog::run_refresher(state.clone(), stopped));
    tracing::info!(%addr, upstream = state.config.upstream.mode(), "gateway listening");
    Ok(RunningGateway {
        addr,
        state,
        stop,
        server,
        delivery,
        refresher,
        pad_watch,
        pad_live,
        follower,
        #[cfg(feature = "sandbox")]
        sandbox,
    })
}

/// The store the configuration names: PostgreSQL with `HCP_DATABASE_URL`,
/// else SQLite in the data directory.
pub async fn open_store(config: &Config) -> anyhow::Result<Store> {
    match &config.database_url {
        Some(url) => Store::connect_postgres(url.expose()).await,
        None => Store::open_sqlite(&config.db_path()).await,
    }
}

/// The embedded sandbox's handle (sandbox mode).
#[cfg(feature = "sandbox")]
type Sandbox = hcp_sandbox::SandboxHandle;
/// No sandbox in this build.
#[cfg(not(feature = "sandbox"))]
type Sandbox = std::convert::Infallible;

/// The embedded sandbox itself, which `/dev/sandbox` switches (sandbox mode).
#[cfg(feature = "sandbox")]
pub type EmbeddedSandbox = hcp_sandbox::Sandbox;
/// No sandbox in this build.
#[cfg(not(feature = "sandbox"))]
pub type EmbeddedSandbox = std::convert::Infallible;

//! The gateway as a process: opens the store and the widget, starts the
//! sandbox (sandbox mode), the delivery loop, the pads' live feed, the tag
//! refresher and the HTTP server, and stops them in order.

use crate::clock::Clock;
use crate::config::{Config, Upstream};
use crate::directory::catalog::Catalogs;
use crate::metrics::Metrics;
use crate::sandbox;
use crate::state::Parts;
use crate::store::Store;
use crate::upstream::UpstreamClient;
use crate::web::widget::Widget;
use crate::{AppState, app, widget_config};
use anyhow::Context as _;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::{Duration, Instant};
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

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
    sandbox: Option<sandbox::Handle>,
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
    pub fn sandbox(&self) -> Option<&sandbox::Handle> {
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
        if let Some(handle) = self.sandbox {
            sandbox::shutdown(handle).await;
        }
        tracing::info!(
            elapsed_ms = started.elapsed().as_millis() as u64,
            "gateway stopped"
        );
    }
}

/// Opens the database, loads the widget, starts the sandbox (sandbox mode),
/// the delivery loop and the server, on the system clock.
pub async fn run(config: Config) -> anyhow::Result<RunningGateway> {
    run_with_clock(config, Clock::system()).await
}

/// [`run`] on a given clock (tests move a manual one).
pub async fn run_with_clock(config: Config, clock: Clock) -> anyhow::Result<RunningGateway> {
    for warning in config.warnings() {
        tracing::warn!("{warning}");
    }
    let widget = Widget::load(&config.widget_dir, &widget_config(&config))?;
    let db = open_store(&config).await?;
    tracing::info!(backend = %db.backend(), at = %db.location(), "store opened");
    let metrics = Metrics::new()?;

    let (started, base) = match &config.upstream {
        Upstream::Sandbox => {
            let (handle, base) = sandbox::start(&config, &db, &clock).await?;
            (Some(handle), base)
        }
        Upstream::Remote(url) => (None, url.clone()),
    };
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
    let embedded = started.as_ref().map(sandbox::shared);
    let state = AppState::new(Parts {
        config,
        db,
        upstream,
        metrics,
        widget,
        catalogs,
        sandbox: embedded,
        clock,
    });
    let (stop, stopped) = watch::channel(false);
    // The pads' events come through the store (every gateway's, on a shared
    // PostgreSQL): subscribed before the first request is served.
    let pad_live = crate::hall::live::follow(&state.db, state.live.clone(), stopped.clone())
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
    let delivery = tokio::spawn(crate::delivery::attempt::run_loop(
        state.clone(),
        stopped.clone(),
    ));
    let pad_watch = tokio::spawn(crate::hall::revocations::watch_revocations(
        state.clone(),
        Duration::from_secs(2),
        stopped.clone(),
    ));
    let follower = tokio::spawn(crate::directory::tag_lists::follow(
        state.clone(),
        stopped.clone(),
    ));
    let refresher = tokio::spawn(crate::directory::tag_lists::run_refresher(
        state.clone(),
        stopped,
    ));
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
        sandbox: started,
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

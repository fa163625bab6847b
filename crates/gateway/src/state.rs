//! What every handler and background task shares ([`AppState`]): the
//! configuration, the store, the platform client, metrics, the kept tag
//! catalogs, the per-client limiter, the widget, the pads' hub, the clock.

use crate::clock::Clock;
use crate::config::Config;
use crate::directory::catalog::Catalogs;
use crate::metrics::Metrics;
use crate::sandbox::Embedded;
use crate::store::Store;
use crate::upstream::UpstreamClient;
use crate::web::widget::Widget;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use hcp_protocol::api::WidgetConfig;
use std::net::IpAddr;
use std::ops::Deref;
use std::sync::Arc;

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
    pub sandbox: Option<Embedded>,
    /// Live updates to the pads.
    pub live: crate::hall::live::Hub,
    /// The clock (the system's; a manual one in tests).
    pub clock: Clock,
}

/// What [`AppState::new`] is made of (each part opened or built by `server::run`).
pub struct Parts {
    /// The configuration.
    pub config: Config,
    /// The store.
    pub db: Store,
    /// The signed upstream client.
    pub upstream: UpstreamClient,
    /// Metrics.
    pub metrics: Metrics,
    /// The widget.
    pub widget: Widget,
    /// The tag catalogs as loaded from the store.
    pub catalogs: Catalogs,
    /// The embedded sandbox (sandbox mode).
    pub sandbox: Option<Embedded>,
    /// The clock.
    pub clock: Clock,
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
    pub fn new(parts: Parts) -> AppState {
        let Parts {
            config,
            db,
            upstream,
            metrics,
            widget,
            catalogs,
            sandbox,
            clock,
        } = parts;
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
            live: crate::hall::live::Hub::new(),
            clock,
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

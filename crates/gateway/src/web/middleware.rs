//! The layers every request passes: the per-client-IP limit of `/api` (the
//! client's address from the peer, or behind a trusted proxy from
//! X-Forwarded-For) and the request counter of /metrics.

use crate::AppState;
use crate::error::AppError;
use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};

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

pub(crate) async fn rate_limit(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
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

pub(crate) async fn record_metrics(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
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

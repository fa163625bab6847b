//! The whole HTTP application: every route group, the `/api` limits and
//! `no-store`, the development routes in sandbox mode, and the layers every
//! answer passes (metrics, trace spans by route, compression, CSP,
//! `nosniff`, referrer policy).

use crate::AppState;
use crate::web::middleware::rate_limit;
use crate::web::middleware::record_metrics;
use axum::Router;
use axum::extract::{MatchedPath, Request};
use axum::http::HeaderValue;
use axum::http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS,
};
use axum::middleware::{self};
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;

/// The whole HTTP application.
pub fn app(state: AppState) -> Router {
    let api = Router::new()
        .merge(crate::web::tags_halls::router())
        .merge(crate::web::submit::router())
        .merge(crate::web::directory_push::router())
        .merge(crate::web::hall_calls::router())
        .merge(crate::web::pad::router())
        .merge(crate::web::my::router())
        .route_layer(middleware::from_fn_with_state(state.clone(), rate_limit))
        // API answers may be personal (a citizen's rating, its identity
        // errors): no cache may keep them.
        .layer(SetResponseHeaderLayer::if_not_present(
            CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ));
    let mut router = Router::new()
        .merge(api)
        .merge(crate::web::ops::router())
        .merge(crate::web::card::card_router())
        .merge(crate::web::static_files::router());
    if state.config.is_sandbox() {
        router = router.merge(crate::sandbox::router());
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

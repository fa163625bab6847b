//! Operations: `GET /healthz` (database, outbox depth and unconfirmed
//! entries, tag catalogs kept and missing; 200 or 503) and `GET /metrics`
//! (Prometheus text format). Neither says how the gateway is configured
//! (upstream URL, mode): /healthz is often reachable from outside.

use crate::delivery::kinds::State as EntryState;
use crate::delivery::listing;
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::json;

async fn healthz(State(state): State<AppState>) -> Response {
    let counts = state
        .db
        .read(|c| {
            c.value::<i64>("SELECT 1", crate::args![])?;
            Ok((listing::counts(c)?, listing::unconfirmed(c)?))
        })
        .await;
    let coverage = state.catalogs.coverage();
    match counts {
        Ok((counts, unconfirmed)) => {
            let get = |s: EntryState| listing::count_of(&counts, s);
            (
                StatusCode::OK,
                [(CACHE_CONTROL, "no-store")],
                Json(json!({
                    "status": "ok",
                    "database": "ok",
                    "outbox": {
                        "pending": get(EntryState::Pending),
                        "refused": get(EntryState::Refused),
                        "unconfirmed": unconfirmed,
                    },
                    "tagCatalogs": {
                        "stored": coverage.stored,
                        "missing": coverage.missing,
                        "appCodes": coverage.apps,
                    },
                })),
            )
                .into_response()
        }
        Err(e) => {
            tracing::error!(error = %format!("{e:#}"), "health check: database unavailable");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                [(CACHE_CONTROL, "no-store")],
                Json(json!({
                    "status": "unavailable",
                    "database": "error",
                })),
            )
                .into_response()
        }
    }
}

async fn metrics(State(state): State<AppState>) -> Response {
    let read = state
        .db
        .read(|c| {
            Ok((
                listing::counts(c)?,
                listing::recoveries(c)?,
                listing::unconfirmed(c)?,
            ))
        })
        .await;
    if let Ok((counts, recoveries, unconfirmed)) = read {
        for (s, n) in counts {
            state
                .metrics
                .outbox_entries
                .with_label_values(&[s.as_str()])
                .set(n);
        }
        for (how, n) in recoveries {
            state
                .metrics
                .recovered
                .with_label_values(&[how.as_str()])
                .set(n);
        }
        state.metrics.unconfirmed.set(unconfirmed);
    }
    let coverage = state.catalogs.coverage();
    let gauge = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
    state
        .metrics
        .tag_catalogs
        .with_label_values(&["stored"])
        .set(gauge(coverage.stored));
    state
        .metrics
        .tag_catalogs
        .with_label_values(&["missing"])
        .set(gauge(coverage.missing));
    match state.metrics.render() {
        Ok(text) => (
            [(CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")],
            text,
        )
            .into_response(),
        Err(e) => crate::error::AppError::Internal(e).into_response(),
    }
}

/// `/healthz`, `/metrics`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics))
}

//! The widget's pages and files over HTTP: an entry's page with its config
//! (and the department's name, per request), the refused-link page for a
//! link that must be signed and is not, the trailing-slash redirects, and
//! the files with their types, caching and precompressed siblings.

use crate::state::AppState;
use crate::web::refused_page::refusal_page;
use crate::web::widget::{
    ENTRIES, IMMUTABLE, MAX_SEGMENT, NO_CACHE, NO_STORE, is_hashed_name, with_department,
};
use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{RawQuery, Request, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use hcp_protocol::{PageOptions, PageParams, Route};
use tower::ServiceExt as _;

pub(crate) fn html(status: StatusCode, body: Bytes, csp: Option<&HeaderValue>) -> Response {
    let mut resp = (
        status,
        [
            (
                CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            ),
            (CACHE_CONTROL, HeaderValue::from_static(NO_STORE)),
        ],
        body,
    )
        .into_response();
    // Without one, the app's default (the rating entry's) applies.
    if let Some(csp) = csp {
        resp.headers_mut()
            .insert(CONTENT_SECURITY_POLICY, csp.clone());
    }
    resp
}

/// The page of the entry at `index` in [`ENTRIES`], asked for at `path` with
/// the query `raw`: the entry's HTML, unless it is a rating page whose link
/// must be signed and is not good. A link whose parameters do not parse is
/// the widget's to explain. A page that shows a department gets its name
/// from the department directory (`departments`, [`with_department`]).
pub(crate) async fn page(
    state: &AppState,
    index: usize,
    path: &str,
    raw: Option<String>,
) -> Response {
    let Some(p) = state.widget.pages.get(index) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    if ENTRIES[index].sandbox_only && !state.config.is_sandbox() {
        return StatusCode::NOT_FOUND.into_response();
    }
    let raw = raw.unwrap_or_default();
    if let Some(route) = Route::from_path(path)
        && let Ok(params) = PageParams::parse(route, &raw)
    {
        let options = PageOptions::parse(&raw);
        let checked = crate::identity::page_links::check(
            &state.config.links,
            route,
            &params,
            &raw,
            options.ticket.is_some(),
            state.clock.now_secs(),
        );
        if let Err(refusal) = checked {
            let body = refusal_page(
                refusal,
                options.lang,
                options.elder,
                state.widget.stylesheet.as_deref(),
            );
            return html(StatusCode::FORBIDDEN, Bytes::from(body), None);
        }
        if crate::directory::departments::code_of(&params).is_some() {
            let named = state
                .db
                .read(move |c| crate::directory::departments::for_page(c, &params))
                .await;
            match named {
                Ok(Some(name)) => {
                    if let Some(body) = with_department(&String::from_utf8_lossy(&p.html), &name) {
                        return html(StatusCode::OK, Bytes::from(body), Some(&p.csp));
                    }
                }
                Ok(None) => {}
                // The code is shown instead: a page never fails for a name.
                Err(e) => {
                    tracing::warn!(error = %crate::redact::safe_text(&format!("{e:#}"), 200), "cannot read the department directory")
                }
            }
        }
    }
    html(StatusCode::OK, p.html.clone(), Some(&p.csp))
}

async fn asset(State(state): State<AppState>, req: Request) -> Response {
    // An entry's HTML only with its config block, at its paths; and no file
    // has a segment that long: answered without asking the file system
    // (which would fail with "file name too long", a 500).
    let path = req.uri().path();
    if path.ends_with(".html") || path.split('/').any(|segment| segment.len() > MAX_SEGMENT) {
        return StatusCode::NOT_FOUND.into_response();
    }
    let hashed = is_hashed_name(req.uri().path());
    let resp = match state.widget.files.clone().oneshot(req).await {
        Ok(r) => r.map(Body::new),
        Err(never) => match never {},
    };
    let mut resp = resp;
    if resp.status().is_success() || resp.status() == StatusCode::NOT_MODIFIED {
        let value = if hashed { IMMUTABLE } else { NO_CACHE };
        resp.headers_mut()
            .insert(CACHE_CONTROL, HeaderValue::from_static(value));
    }
    resp
}

/// Every entry's paths (with and without trailing slash) and the file fallback.
pub fn router() -> Router<AppState> {
    let rating = |State(state): State<AppState>| async move { page(&state, 0, "/", None).await };
    let mut r = Router::new()
        .route("/", get(rating))
        .route("/index.html", get(rating));
    for (index, path) in ENTRIES
        .iter()
        .enumerate()
        .flat_map(|(i, e)| e.paths.iter().map(move |p| (i, *p)))
    {
        let bare = path.trim_end_matches('/');
        let serve = move |State(state): State<AppState>, RawQuery(q): RawQuery| async move {
            page(&state, index, path, q).await
        };
        r = r.route(path, get(serve)).route(
            bare,
            get(move |RawQuery(q): RawQuery| async move {
                match q.filter(|q| !q.is_empty()) {
                    Some(q) => Redirect::permanent(&format!("{path}?{q}")),
                    None => Redirect::permanent(path),
                }
            }),
        );
    }
    r.fallback(asset)
}

//! `GET /hall/card/?appCode&hallCode&workNo`: the window card, an A6 page to
//! print (worker, 工号, hall, the consult link's QR code), for anyone: what it
//! shows is on the window's desk anyway.

use crate::directory::halls;
use crate::hall::links::{self, WindowParts, public_base};
use crate::identity::signed_form::internal;
use crate::state::AppState;
use crate::web::hall_calls::window_of;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use base64::Engine as _;
use html_escape::encode_quoted_attribute as escape;
use serde::Deserialize;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

/// `/hall/card/`'s query.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct CardQuery {
    app_code: Option<String>,
    hall_code: Option<String>,
    work_no: Option<String>,
    lang: Option<String>,
}

/// The card's style: A6 on paper, the same proportions on screen.
const CARD_CSS: &str = "@page{size:A6 portrait;margin:8mm}*{box-sizing:border-box}body{margin:0;font-family:system-ui,\"PingFang SC\",\"Microsoft YaHei\",\"Noto Sans CJK SC\",sans-serif;color:#1f2328}.card{width:105mm;min-height:148mm;margin:0 auto;padding:8mm;display:flex;flex-direction:column;align-items:center;gap:3mm;text-align:center}.card h1{margin:0;font-size:16pt}.card .hall{margin:0;font-size:12pt;color:#57606a}.card .worker{margin:0;font-size:22pt;font-weight:700}.card .no{margin:0;font-size:13pt}.card svg{width:62mm;height:62mm}.card .scan{margin:0;font-size:15pt;font-weight:700}.card .how{margin:0;font-size:10pt;color:#57606a}@media screen{body{background:#f6f8fa}.card{background:#fff;margin:1rem auto;box-shadow:0 1px 4px #0003}}";

pub(crate) fn page(status: StatusCode, html: String) -> Response {
    let style_hash =
        base64::engine::general_purpose::STANDARD.encode(Sha256::digest(CARD_CSS.as_bytes()));
    let csp = [
        "default-src 'none'; style-src 'sha256-",
        &style_hash,
        "'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'",
    ]
    .concat();
    let mut resp = (
        status,
        [
            (
                CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            ),
            (CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        ],
        html,
    )
        .into_response();
    if let Ok(v) = HeaderValue::from_str(&csp) {
        resp.headers_mut().insert(CONTENT_SECURITY_POLICY, v);
    }
    resp
}

async fn card(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<CardQuery>,
) -> Response {
    let en = q.lang.as_deref() == Some("en");
    let (lang, title, scan, how, missing) = if en {
        (
            "en",
            "Rate our service",
            "Scan to rate",
            "Scan with your phone to rate this window's service.",
            "This window is not in the hall directory.",
        )
    } else {
        (
            "zh-CN",
            "政务服务好差评",
            "扫码评价",
            "请用手机扫描二维码，对本窗口的服务进行评价",
            "大厅名录中没有此窗口。",
        )
    };
    let mut o = Map::new();
    for (k, v) in [
        ("appCode", &q.app_code),
        ("hallCode", &q.hall_code),
        ("workNo", &q.work_no),
    ] {
        if let Some(v) = v {
            o.insert(k.to_string(), Value::String(v.clone()));
        }
    }
    let notice = |status: StatusCode, text: &str| {
        page(
            status,
            [
                "<!doctype html><html lang=\"", lang, "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>",
                title, "</title><style>", CARD_CSS, "</style></head><body><main class=\"card\"><h1>", title,
                "</h1><p class=\"how\" role=\"alert\">", &*escape(text), "</p></main></body></html>",
            ]
            .concat(),
        )
    };
    let (window, worker_name) = match window_of(&state, &o).await {
        Ok(w) => w,
        Err((status, _)) if status == StatusCode::BAD_REQUEST => {
            return notice(
                StatusCode::BAD_REQUEST,
                if en {
                    "The link needs appCode, hallCode and workNo."
                } else {
                    "链接须包含 appCode、hallCode 和 workNo。"
                },
            );
        }
        Err(_) => return notice(StatusCode::NOT_FOUND, missing),
    };
    let h = window.hall_code.clone();
    let hall_name = match state.db.read(move |c| halls::hall_name(c, &h)).await {
        Ok(n) => n.unwrap_or_default(),
        Err(_) => return internal().into_response(),
    };
    let base = public_base(&state.config, &headers);
    let link = links::consult_link(
        &base,
        WindowParts {
            app_code: &window.app_code,
            hall_code: &window.hall_code,
            work_no: &window.work_no,
            worker_name: &worker_name,
        },
    );
    let svg = match hcp_protocol::qr_image::QrImage::encode(&link) {
        Ok(q) => q.svg(q.size() * 8),
        Err(_) => return internal().into_response(),
    };
    let work = if en { "Staff no. " } else { "工号 " };
    let html = [
        "<!doctype html><html lang=\"", lang, "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>",
        &*escape(&worker_name), " - ", title, "</title><style>", CARD_CSS, "</style></head><body><main class=\"card\"><h1>", title,
        "</h1><p class=\"hall\">", &*escape(&hall_name), "</p><p class=\"worker\">", &*escape(&worker_name),
        "</p><p class=\"no\">", work, &*escape(&window.work_no), "</p>", &svg,
        "<p class=\"scan\">", scan, "</p><p class=\"how\">", how, "</p></main></body></html>",
    ]
    .concat();
    page(StatusCode::OK, html)
}

/// The window card (not under `/api`: a page, not rate-limited with the API).
pub fn card_router() -> Router<AppState> {
    Router::new().route("/hall/card/", get(card))
}

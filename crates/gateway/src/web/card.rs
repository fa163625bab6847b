//! `GET /hall/card/?appCode&hallCode&workNo`: the window card, an A6 page to
//! print (worker, 工号, hall, the consult link's QR code), for anyone: what it
//! shows is on the window's desk anyway.

use crate::directory::halls;
use crate::hall::links::{self, WindowParts, public_base};
use crate::identity::signed_form::internal;
use crate::state::AppState;
use crate::web::hall_calls::window_of;
use crate::web::html::{DOCTYPE, Markup, PreEscaped, html};
use axum::Router;
use axum::extract::{Query, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use base64::Engine as _;
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

/// The card pages' Content-Security-Policy: nothing but [`CARD_CSS`], the
/// one inline style they emit, allowed by its hash, and the QR code's data.
fn content_security_policy() -> String {
    let style_hash =
        base64::engine::general_purpose::STANDARD.encode(Sha256::digest(CARD_CSS.as_bytes()));
    [
        "default-src 'none'; style-src 'sha256-",
        &style_hash,
        "'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'",
    ]
    .concat()
}

/// A card page (the card or a notice) as a response, with the card's CSP.
pub(crate) fn page(status: StatusCode, html: Markup) -> Response {
    let mut resp = (
        status,
        [
            (
                CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            ),
            (CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        ],
        html.into_string(),
    )
        .into_response();
    if let Ok(v) = HeaderValue::from_str(&content_security_policy()) {
        resp.headers_mut().insert(CONTENT_SECURITY_POLICY, v);
    }
    resp
}

/// The card's words in one language.
struct Words {
    lang: &'static str,
    title: &'static str,
    scan: &'static str,
    how: &'static str,
    missing: &'static str,
    incomplete: &'static str,
    work: &'static str,
}

impl Words {
    fn new(en: bool) -> Words {
        if en {
            Words {
                lang: "en",
                title: "Rate our service",
                scan: "Scan to rate",
                how: "Scan with your phone to rate this window's service.",
                missing: "This window is not in the hall directory.",
                incomplete: "The link needs appCode, hallCode and workNo.",
                work: "Staff no. ",
            }
        } else {
            Words {
                lang: "zh-CN",
                title: "政务服务好差评",
                scan: "扫码评价",
                how: "请用手机扫描二维码，对本窗口的服务进行评价",
                missing: "大厅名录中没有此窗口。",
                incomplete: "链接须包含 appCode、hallCode 和 workNo。",
                work: "工号 ",
            }
        }
    }
}

/// A card page: `main` under the card's heading, titled by the worker's
/// name when there is one. Its one inline style is [`CARD_CSS`], as is,
/// which the CSP allows by hash.
fn card_page(w: &Words, worker_name: Option<&str>, main: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang=(w.lang) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title {
                    @if let Some(name) = worker_name { (name) " - " }
                    (w.title)
                }
                style { (PreEscaped(CARD_CSS)) }
            }
            body {
                main class="card" {
                    h1 { (w.title) }
                    (main)
                }
            }
        }
    }
}

/// The page in place of a card: why there is none.
fn notice_page(w: &Words, text: &str) -> Markup {
    card_page(
        w,
        None,
        html! {
            p class="how" role="alert" { (text) }
        },
    )
}

/// The card of a window: its hall, worker and 工号 (from the hall directory)
/// and `qr_svg`, the consult link's code.
fn window_card(
    w: &Words,
    hall_name: &str,
    worker_name: &str,
    work_no: &str,
    qr_svg: &str,
) -> Markup {
    card_page(
        w,
        Some(worker_name),
        html! {
            p class="hall" { (hall_name) }
            p class="worker" { (worker_name) }
            p class="no" { (w.work) (work_no) }
            // The gateway's own markup (QrImage::svg: numbers and path data).
            (PreEscaped(qr_svg))
            p class="scan" { (w.scan) }
            p class="how" { (w.how) }
        },
    )
}

async fn card(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<CardQuery>,
) -> Response {
    let w = Words::new(q.lang.as_deref() == Some("en"));
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
    let (window, worker_name) = match window_of(&state, &o).await {
        Ok(found) => found,
        Err((status, _)) if status == StatusCode::BAD_REQUEST => {
            return page(StatusCode::BAD_REQUEST, notice_page(&w, w.incomplete));
        }
        Err(_) => return page(StatusCode::NOT_FOUND, notice_page(&w, w.missing)),
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
    page(
        StatusCode::OK,
        window_card(&w, &hall_name, &worker_name, &window.work_no, &svg),
    )
}

/// The window card (not under `/api`: a page, not rate-limited with the API).
pub fn card_router() -> Router<AppState> {
    Router::new().route("/hall/card/", get(card))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What is between `<style>` and `</style>`.
    fn inline_style(page: &str) -> &str {
        let start = page.find("<style>").expect("a style") + "<style>".len();
        let end = page.find("</style>").expect("its end");
        &page[start..end]
    }

    #[test]
    fn names_from_the_directory_are_escaped_and_the_csp_hashes_the_emitted_style() {
        let hostile = "<script>alert('x')</script>\"&";
        let page = window_card(
            &Words::new(false),
            "厅<b>\"x\"&amp;</b>",
            hostile,
            "12<i>",
            "<svg></svg>",
        )
        .into_string();
        let escaped = "&lt;script&gt;alert('x')&lt;/script&gt;&quot;&amp;";
        assert!(
            page.contains(&format!("<title>{escaped} - 政务服务好差评</title>")),
            "{page}"
        );
        assert!(
            page.contains(&format!("<p class=\"worker\">{escaped}</p>")),
            "{page}"
        );
        assert!(
            page.contains("<p class=\"hall\">厅&lt;b&gt;&quot;x&quot;&amp;amp;&lt;/b&gt;</p>"),
            "{page}"
        );
        assert!(
            page.contains("<p class=\"no\">工号 12&lt;i&gt;</p>"),
            "{page}"
        );
        for raw in ["<script", "<b>", "<i>", "\"x\"", "&amp;</b>"] {
            assert!(!page.contains(raw), "{raw} in {page}");
        }
        // The QR code is the gateway's own markup, and stays markup.
        assert!(page.contains("<svg></svg>"), "{page}");

        // The one inline style is the one the CSP allows.
        let style = inline_style(&page);
        assert_eq!(style, CARD_CSS);
        let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(style));
        assert!(
            content_security_policy().contains(&format!("style-src 'sha256-{hash}'")),
            "{}",
            content_security_policy()
        );
    }

    #[test]
    fn a_notice_is_escaped_and_in_the_pages_language() {
        let page = notice_page(&Words::new(true), "<script>\"'&").into_string();
        assert!(
            page.starts_with("<!doctype html><html lang=\"en\">"),
            "{page}"
        );
        assert!(
            page.contains("<p class=\"how\" role=\"alert\">&lt;script&gt;&quot;'&amp;</p>"),
            "{page}"
        );
        assert!(!page.contains("<script"), "{page}");
        assert!(page.contains("<title>Rate our service</title>"), "{page}");
        assert_eq!(inline_style(&page), CARD_CSS);
    }
}

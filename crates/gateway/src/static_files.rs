//! Serving the widget (Trunk's output in `HCP_WIDGET_DIR`).
//!
//! - The widget has one bundle per entry ([`ENTRIES`]): each entry's paths
//!   serve its HTML file with the [`WidgetConfig`] JSON inserted before
//!   `</head>`, rendered once at startup, with its own CSP and `no-store`
//!   (page URLs carry tickets and personal fields); the paths without their
//!   trailing slash redirect to it, keeping the query. The rating entry
//!   (`index.html`) serves the five page paths of SPEC §2; `my.html` serves
//!   我的评价 (`/my/`) and 一件事 (`/front/onething/`). A rating page that
//!   shows a department gets its name from the department directory, per
//!   request (`<script id="hcp-department" type="text/plain">`).
//! - A rating link that must be signed (`links`) and is not, or was altered
//!   or has expired, gets a page of its own instead (403): the widget's
//!   header and error box, rendered here in the page's language with the
//!   widget's stylesheet, so no rating form is ever shown for it.
//! - Other files come from the directory with their types (`application/wasm`),
//!   a year of `immutable` caching for Trunk's hashed names, and the `.br` /
//!   `.gz` siblings the build wrote when the browser accepts them.
//! - The Content-Security-Policy of a page allows exactly the inline scripts
//!   of its HTML (by SHA-256, computed at startup) and framing by
//!   `HCP_ALLOWED_ORIGINS`; other responses carry the rating entry's.

use html_escape::encode_quoted_attribute as escape_html;
use std::path::{Path, PathBuf};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{RawQuery, Request, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use base64::Engine as _;
use hcp_protocol::Route;
use hcp_protocol::api::WidgetConfig;
use hcp_protocol::link::LinkRefusal;
use hcp_protocol::{Lang, PageOptions, PageParams};
use sha2::{Digest, Sha256};
use tower::ServiceExt as _;
use tower_http::services::ServeDir;

use crate::AppState;

/// One entry of the widget: an HTML file of Trunk's output, which loads
/// that entry's own bundle, and the paths that serve it.
#[derive(Debug, Clone, Copy)]
pub struct Entry {
    /// The file in `HCP_WIDGET_DIR`.
    pub html: &'static str,
    /// The paths (with their trailing slash) that serve it.
    pub paths: &'static [&'static str],
    /// Served in sandbox mode only (a test page).
    pub sandbox_only: bool,
}

/// Every entry, the rating pages first. Adding one (docs/ARCHITECTURE.md,
/// "Widget"): its HTML and bin in the widget, and its line here.
pub const ENTRIES: &[Entry] = &[
    Entry {
        html: "index.html",
        paths: Route::PATHS,
        sandbox_only: false,
    },
    Entry {
        html: "codec-check.html",
        paths: &["/test/codec/"],
        sandbox_only: true,
    },
    // The citizen's own pages: 我的评价 and 一件事 (hcp_protocol::my).
    Entry {
        html: "my.html",
        paths: &[hcp_protocol::my::MY_PATH, hcp_protocol::my::ONETHING_PATH],
        sandbox_only: false,
    },
    // The hall window's pad (评价器): its own bundle (src/bin/hcp-pad.rs).
    Entry {
        html: "pad.html",
        paths: &["/pad/"],
        sandbox_only: false,
    },
];

/// Cache-Control of Trunk's content-hashed files.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Cache-Control of the other files.
pub const NO_CACHE: &str = "no-cache";
/// Cache-Control of the pages, whose URLs carry tickets and personal fields.
pub const NO_STORE: &str = "no-store";
/// The longest path segment a file can have (most file systems' name limit).
pub const MAX_SEGMENT: usize = 255;

/// Why the widget cannot be served.
#[derive(Debug, thiserror::Error)]
pub enum WidgetError {
    /// An entry's HTML is missing: the widget was not built (or not fully).
    #[error(
        "the widget is not built: {0} has no {1}. Run `make widget` (or point HCP_WIDGET_DIR at the dist/ directory scripts/build-widget.sh writes)"
    )]
    NotBuilt(PathBuf, &'static str),
    /// It could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

/// An entry's page, ready to serve.
#[derive(Debug, Clone)]
struct Page {
    html: Bytes,
    csp: HeaderValue,
}

/// The widget, ready to serve.
#[derive(Debug, Clone)]
pub struct Widget {
    /// In [`ENTRIES`] order.
    pages: Vec<Page>,
    dir: PathBuf,
    files: ServeDir,
    /// The built stylesheet (`/widget-<hash>.css`), for the pages rendered here.
    stylesheet: Option<String>,
}

impl Widget {
    /// Reads every entry's HTML from `dir`, inserts `config`, and computes each CSP.
    pub fn load(dir: &Path, config: &WidgetConfig) -> Result<Widget, WidgetError> {
        let mut pages = Vec::new();
        for entry in ENTRIES {
            let file = dir.join(entry.html);
            if !file.is_file() {
                return Err(WidgetError::NotBuilt(dir.to_path_buf(), entry.html));
            }
            let html = std::fs::read_to_string(&file)
                .map_err(|source| WidgetError::Read { path: file, source })?;
            let html = render(&html, config);
            let csp =
                content_security_policy(&inline_script_hashes(&html), &config.allowed_origins);
            let csp = HeaderValue::from_str(&csp)
                .unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'"));
            pages.push(Page {
                html: Bytes::from(html),
                csp,
            });
        }
        let stylesheet = pages
            .first()
            .and_then(|p| stylesheet(&String::from_utf8_lossy(&p.html)));
        Ok(Widget {
            pages,
            stylesheet,
            dir: dir.to_path_buf(),
            files: ServeDir::new(dir)
                .precompressed_br()
                .precompressed_gzip()
                .append_index_html_on_directories(false),
        })
    }

    /// The Content-Security-Policy of responses that are not a page (the
    /// rating entry's).
    pub fn csp(&self) -> &HeaderValue {
        &self.pages[0].csp
    }

    /// The rendered page of the entry at `index` in [`ENTRIES`].
    pub fn page(&self, index: usize) -> Option<&Bytes> {
        self.pages.get(index).map(|p| &p.html)
    }

    /// The directory served.
    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

/// The rating pages' stylesheet: the first `.css` file their HTML names,
/// quoted or not (Trunk's minified HTML leaves attributes unquoted). Other
/// entries, such as the pad, have stylesheets of their own.
fn stylesheet(rating_html: &str) -> Option<String> {
    rating_html
        .split("href=")
        .skip(1)
        .map(|rest| {
            let rest = rest.trim_start_matches(['"', '\'']);
            let end = rest
                .find(|c: char| c == '"' || c == '\'' || c == '>' || c.is_whitespace())
                .unwrap_or(rest.len());
            &rest[..end]
        })
        .find(|href| href.starts_with('/') && href.ends_with(".css"))
        .map(str::to_string)
}

/// The page shown for a refused link: the widget's header and error box
/// (its classes, its stylesheet), in `lang`, large print with `elder`.
/// Nothing from the URL is in it.
pub fn refusal_page(
    refusal: LinkRefusal,
    lang: Lang,
    elder: bool,
    stylesheet: Option<&str>,
) -> String {
    let (html_lang, title, product) = match lang {
        Lang::Zh => ("zh-CN", "评价链接无法使用", "政务服务好差评"),
        Lang::En => (
            "en",
            "This rating link cannot be used",
            "Government Service Rating",
        ),
    };
    let css = stylesheet
        .map(|href| format!("<link rel=\"stylesheet\" href=\"{}\">", escape_html(href)))
        .unwrap_or_default();
    let class = if elder { "hcp hcp--elder" } else { "hcp" };
    format!(
        "<!doctype html>\n<html lang=\"{html_lang}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1, viewport-fit=cover\">\n<meta name=\"robots\" content=\"noindex\">\n<title>{title} - {product}</title>\n<link rel=\"icon\" href=\"data:,\">\n{css}\n</head>\n<body>\n<div class=\"{class}\">\n<header class=\"hcp-head\"><h1 class=\"hcp-head__title\">{title}</h1></header>\n<main class=\"hcp-main\"><div class=\"hcp-problem\" role=\"alert\"><p>{message}</p></div></main>\n</div>\n</body>\n</html>\n",
        message = escape_html(refusal.message(lang)),
    )
}

/// Inserts the config block before `</head>` (or, lacking one, at the start).
/// `<`, `>` and `&` are escaped in the JSON so it cannot close the script element.
pub fn render(html: &str, config: &WidgetConfig) -> String {
    let json = serde_json::to_string(config)
        .unwrap_or_else(|_| "{}".to_string())
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026");
    let block = format!(
        "<script id=\"{}\" type=\"application/json\">{json}</script>\n",
        WidgetConfig::ELEMENT_ID
    );
    match html.to_ascii_lowercase().find("</head>") {
        Some(i) => format!("{}{block}{}", &html[..i], &html[i..]),
        None => format!("{block}{html}"),
    }
}

/// Gives a page the name of its department: its text in `<script
/// id="hcp-department" type="text/plain">` before `</head>` (a data block,
/// never run; the CSP's script hashes leave it out). The text of a script
/// element is not decoded, so the name goes in as it is; a name with `<`
/// in it, which could close the element, is not given (`None`: the page
/// shows the code).
pub fn with_department(html: &str, name: &str) -> Option<String> {
    if name.contains('<') {
        return None;
    }
    let block = format!(
        "<script id=\"{}\" type=\"text/plain\">{name}</script>\n",
        hcp_protocol::api::DEPARTMENT_ELEMENT_ID
    );
    Some(match html.to_ascii_lowercase().find("</head>") {
        Some(i) => format!("{}{block}{}", &html[..i], &html[i..]),
        None => format!("{block}{html}"),
    })
}

/// `'sha256-…'` sources for every inline executable `<script>` of the page.
pub fn inline_script_hashes(html: &str) -> Vec<String> {
    let lower = html.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(start) = lower[from..].find("<script").map(|i| i + from) {
        let Some(tag_end) = lower[start..].find('>').map(|i| i + start) else {
            break;
        };
        let tag = &lower[start..tag_end];
        let Some(close) = lower[tag_end..].find("</script").map(|i| i + tag_end) else {
            break;
        };
        // Data blocks are never run: nothing to allow.
        let data_block = tag.contains("application/json") || tag.contains("text/plain");
        if !tag.contains("src=") && !data_block {
            let content = &html[tag_end + 1..close];
            let digest = Sha256::digest(content.as_bytes());
            out.push(format!(
                "'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            ));
        }
        from = close + 1;
    }
    out
}

/// The Content-Security-Policy of every response.
pub fn content_security_policy(script_hashes: &[String], allowed_origins: &[String]) -> String {
    let mut script = vec!["'self'".to_string(), "'wasm-unsafe-eval'".to_string()];
    script.extend(script_hashes.iter().cloned());
    // The host SDKs, loaded only inside WeChat / Alipay (SPEC §6).
    script.push("https://res.wx.qq.com".to_string());
    script.push("https://appx".to_string());
    let mut frame = vec!["'self'".to_string()];
    frame.extend(allowed_origins.iter().cloned());
    format!(
        "default-src 'self'; script-src {}; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors {}",
        script.join(" "),
        frame.join(" ")
    )
}

/// Whether a file name carries Trunk's content hash (`name-<16 hex>.ext`,
/// `name-<16 hex>_bg.wasm`).
pub fn is_hashed_name(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let bytes = name.as_bytes();
    bytes.iter().enumerate().any(|(i, &b)| {
        b == b'-'
            && bytes.len() > i + 17
            && bytes[i + 1..i + 17]
                .iter()
                .all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(c))
            && matches!(bytes[i + 17], b'.' | b'_')
    })
}

fn html(status: StatusCode, body: Bytes, csp: Option<&HeaderValue>) -> Response {
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
async fn page(state: &AppState, index: usize, path: &str, raw: Option<String>) -> Response {
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
        let checked = crate::links::check(
            &state.config.links,
            route,
            &params,
            &raw,
            options.ticket.is_some(),
            crate::db::now_secs(),
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
        if crate::departments::code_of(&params).is_some() {
            let named = state
                .db
                .read(move |c| crate::departments::for_page(c, &params))
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
                    tracing::warn!(error = %crate::error::safe_text(&format!("{e:#}"), 200), "cannot read the department directory")
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_is_inserted_before_head_and_escaped() {
        let cfg = WidgetConfig {
            login_url: "/dev/login?x=</script><script>alert(1)</script>".into(),
            allowed_origins: vec![],
            api_base: "/api".into(),
        };
        let out = render(
            "<html><head><title>t</title></HEAD><body></body></html>",
            &cfg,
        );
        assert!(
            out.contains("<script id=\"hcp-config\" type=\"application/json\">{"),
            "{out}"
        );
        assert!(out.find("hcp-config") < out.find("</HEAD>"));
        assert!(!out.contains("</script><script>alert"), "{out}");
        assert!(out.contains("\\u003c/script\\u003e"), "{out}");
    }

    #[test]
    fn a_department_name_is_a_text_block_that_cannot_close_itself() {
        let page = "<html><head><title>t</title></head><body></body></html>";
        let out = with_department(page, "沈阳\"市\"&局").expect("a name");
        assert!(
            out.contains(
                "<script id=\"hcp-department\" type=\"text/plain\">沈阳\"市\"&局</script>\n</head>"
            ),
            "{out}"
        );
        // Not an executable script: the CSP hashes none of it.
        assert!(inline_script_hashes(&out).is_empty());
        // A name that could close the element is not given.
        assert_eq!(with_department(page, "沈阳</script><b>"), None);
    }

    #[test]
    fn inline_scripts_are_hashed_and_external_ones_are_not() {
        // sha256("alert(1)") in base64, as browsers compute it.
        let html = "<script>alert(1)</script><script src=\"/a.js\"></script><script type=\"application/json\">{}</script>";
        let hashes = inline_script_hashes(html);
        assert_eq!(
            hashes,
            vec!["'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='".to_string()]
        );
        let csp = content_security_policy(&hashes, &["https://portal.example".to_string()]);
        assert!(
            csp.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-"),
            "{csp}"
        );
        assert!(
            csp.ends_with("frame-ancestors 'self' https://portal.example"),
            "{csp}"
        );
    }

    #[test]
    fn the_rating_pages_stylesheet_is_found_quoted_or_not() {
        let minified = "<link href=data:, rel=icon><link data-integrity=none href=/widget-cca04da553eb4c00.css rel=stylesheet><link href=/pad-1.css rel=stylesheet>";
        assert_eq!(
            stylesheet(minified).as_deref(),
            Some("/widget-cca04da553eb4c00.css")
        );
        let quoted = "<link rel=\"stylesheet\" href=\"/main-0123456789abcdef.css\">";
        assert_eq!(
            stylesheet(quoted).as_deref(),
            Some("/main-0123456789abcdef.css")
        );
        assert_eq!(stylesheet("<p>no styles</p>"), None);
    }

    #[test]
    fn trunk_hashed_names() {
        assert!(is_hashed_name("/hcp-widget-aeccf9f4bb51ccef.js"));
        assert!(is_hashed_name("/hcp-widget-aeccf9f4bb51ccef_bg.wasm"));
        assert!(is_hashed_name("/main-c9ec20c13e2b18a4.css"));
        assert!(!is_hashed_name("/index.html"));
        assert!(!is_hashed_name("/favicon.ico"));
        assert!(!is_hashed_name("/main-c9ec20c13e2b18a.css"));
        assert!(!is_hashed_name("/main-C9EC20C13E2B18A4.css"));
    }

    #[test]
    fn the_refusal_page_is_the_widgets_error_box_in_the_pages_language() {
        let zh = refusal_page(LinkRefusal::Expired, Lang::Zh, false, Some("/widget-1.css"));
        assert!(zh.contains("<html lang=\"zh-CN\">"), "{zh}");
        assert!(zh.contains("<link rel=\"stylesheet\" href=\"/widget-1.css\">"));
        assert!(zh.contains("<div class=\"hcp-problem\" role=\"alert\"><p>此评价链接已过期。"));
        assert!(zh.contains("<h1 class=\"hcp-head__title\">评价链接无法使用</h1>"));
        let en = refusal_page(LinkRefusal::Altered, Lang::En, true, None);
        assert!(en.contains("<html lang=\"en\">") && en.contains("hcp hcp--elder"));
        assert!(en.contains("has been changed since the hall system issued it"));
        assert!(!en.contains("<link rel=\"stylesheet\""));
        // No inline script or style: the CSP allows neither.
        assert!(!en.contains("<script") && !en.contains("style="));
    }

    #[test]
    fn missing_index_says_to_run_make_widget() {
        let dir = tempfile::tempdir().expect("tempdir");
        let e = Widget::load(dir.path(), &WidgetConfig::default()).expect_err("no index");
        assert!(e.to_string().contains("make widget"), "{e}");
        assert!(e.to_string().contains("index.html"), "{e}");
        // Every entry is needed, not only the rating pages'.
        std::fs::write(dir.path().join("index.html"), "<html></html>").expect("index");
        let e = Widget::load(dir.path(), &WidgetConfig::default()).expect_err("no test entry");
        assert!(e.to_string().contains("codec-check.html"), "{e}");
        std::fs::write(dir.path().join("codec-check.html"), "<html></html>").expect("check");
        let e = Widget::load(dir.path(), &WidgetConfig::default()).expect_err("no 我的评价");
        assert!(e.to_string().contains("my.html"), "{e}");
    }
}

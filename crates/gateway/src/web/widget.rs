//! The built widget (Trunk's output in `HCP_WIDGET_DIR`), loaded once at
//! start: one bundle per entry ([`ENTRIES`]), each entry's HTML rendered with
//! the [`WidgetConfig`] block inserted before `</head>` and its own CSP (the
//! SHA-256 of its inline scripts, framing by `HCP_ALLOWED_ORIGINS`); the
//! department block added per request; which names are hashed (a year of
//! `immutable` caching).

use axum::body::Bytes;
use axum::http::HeaderValue;
use base64::Engine as _;
use hcp_protocol::Route;
use hcp_protocol::api::WidgetConfig;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use tower_http::services::ServeDir;

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
pub(crate) struct Page {
    pub(crate) html: Bytes,
    pub(crate) csp: HeaderValue,
}

/// The widget, ready to serve.
#[derive(Debug, Clone)]
pub struct Widget {
    /// In [`ENTRIES`] order.
    pub(crate) pages: Vec<Page>,
    dir: PathBuf,
    pub(crate) files: ServeDir,
    /// The built stylesheet (`/widget-<hash>.css`), for the pages rendered here.
    pub(crate) stylesheet: Option<String>,
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
pub(crate) fn stylesheet(rating_html: &str) -> Option<String> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::refused_page::refusal_page;
    use hcp_protocol::Lang;
    use hcp_protocol::link::LinkRefusal;

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

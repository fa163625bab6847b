//! Serving the widget: page paths with the config block, content types,
//! caching, precompressed files, security headers.

use base64::Engine as _;
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::support::*;

fn header(resp: &reqwest::Response, name: &str) -> String {
    resp.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string()
}

#[tokio::test]
async fn pages_carry_the_config_block_and_the_security_headers() {
    let app = spawn_app().await;
    for path in [
        "/guide/",
        "/front/pc/",
        "/front/evallist/",
        "/front/hallworker/",
        "/rating-dynamic/",
    ] {
        let resp = app.get(&format!("{path}?appCode=x")).await;
        assert_eq!(resp.status(), 200, "{path}");
        assert_eq!(header(&resp, "content-type"), "text/html; charset=utf-8");
        // Page URLs carry tickets and personal fields: nothing may keep the page.
        assert_eq!(header(&resp, "cache-control"), "no-store");
        assert_eq!(header(&resp, "x-content-type-options"), "nosniff");
        assert_eq!(
            header(&resp, "referrer-policy"),
            "strict-origin-when-cross-origin"
        );
        let csp = header(&resp, "content-security-policy");
        let hash = base64::engine::general_purpose::STANDARD
            .encode(Sha256::digest(INLINE_SCRIPT.as_bytes()));
        for part in [
            "default-src 'self'",
            "'wasm-unsafe-eval'",
            &format!("'sha256-{hash}'"),
            "https://res.wx.qq.com",
            "style-src 'self'",
            "img-src 'self' data:",
            "connect-src 'self'",
            "base-uri 'none'",
            "form-action 'self'",
            &format!("frame-ancestors 'self' {PORTAL}"),
        ] {
            assert!(csp.contains(part), "{path}: CSP lacks {part}: {csp}");
        }
        assert!(!csp.contains("'unsafe-inline'"), "{csp}");
        let html = resp.text().await.expect("html");
        let start = html
            .find("<script id=\"hcp-config\" type=\"application/json\">")
            .expect("config block");
        assert!(start < html.find("</head>").expect("head"));
        let json_start = start + "<script id=\"hcp-config\" type=\"application/json\">".len();
        let json_end = json_start + html[json_start..].find("</script>").expect("end");
        let config: Value = serde_json::from_str(&html[json_start..json_end]).expect("config JSON");
        assert_eq!(config["loginUrl"], "https://login.example.gov.cn/sso");
        assert_eq!(config["allowedOrigins"][0], PORTAL);
        assert_eq!(config["apiBase"], "/api");
    }
    // Without the slash: a redirect to the slash form, query kept.
    let resp = app.get("/front/pc?a=1&b=%2B").await;
    assert_eq!(resp.status(), 308);
    assert_eq!(header(&resp, "location"), "/front/pc/?a=1&b=%2B");
    let resp = app.get("/guide").await;
    assert_eq!(header(&resp, "location"), "/guide/");
    app.shutdown().await;
}

#[tokio::test]
async fn files_have_their_types_cache_headers_and_precompressed_siblings() {
    let app = spawn_app().await;
    let get = |path: &'static str, accept: &'static str| {
        let req = app.client.get(format!("{}{path}", app.base));
        let req = if accept.is_empty() {
            req
        } else {
            req.header("accept-encoding", accept)
        };
        async move { req.send().await.expect("get") }
    };

    let wasm = get("/app-0123456789abcdef_bg.wasm", "").await;
    assert_eq!(wasm.status(), 200);
    assert_eq!(header(&wasm, "content-type"), "application/wasm");
    assert_eq!(
        header(&wasm, "cache-control"),
        "public, max-age=31536000, immutable"
    );
    assert_eq!(header(&wasm, "x-content-type-options"), "nosniff");

    let js = get("/app-0123456789abcdef.js", "br, gzip").await;
    assert_eq!(js.status(), 200);
    assert!(
        header(&js, "content-type").contains("javascript"),
        "{}",
        header(&js, "content-type")
    );
    assert_eq!(header(&js, "content-encoding"), "br");
    assert_eq!(
        header(&js, "cache-control"),
        "public, max-age=31536000, immutable"
    );
    assert_eq!(
        js.bytes().await.expect("body").as_ref(),
        BR_BYTES,
        "the .br file itself"
    );

    let js = get("/app-0123456789abcdef.js", "gzip").await;
    assert_eq!(header(&js, "content-encoding"), "gzip");
    assert_eq!(js.bytes().await.expect("body").as_ref(), GZ_BYTES);

    let js = get("/app-0123456789abcdef.js", "").await;
    assert_eq!(header(&js, "content-encoding"), "");
    assert!(js.text().await.expect("body").starts_with("export default"));

    let css = get("/main-0123456789abcdef.css", "").await;
    assert_eq!(header(&css, "content-type"), "text/css");
    let svg = get("/logo.svg", "").await;
    assert_eq!(header(&svg, "content-type"), "image/svg+xml");
    assert_eq!(
        header(&svg, "cache-control"),
        "no-cache",
        "not hashed: revalidate"
    );

    // The page itself is compressed on the fly.
    let page = get("/guide/", "gzip").await;
    assert_eq!(header(&page, "content-encoding"), "gzip");

    assert_eq!(get("/missing-file.js", "").await.status(), 404);
    // index.html is never served raw (without its config block), nor is any
    // other entry's HTML.
    let raw = get("/index.html", "").await.text().await.expect("html");
    assert!(raw.contains("hcp-config"));
    assert_eq!(get("/codec-check.html", "").await.status(), 404);
    // The test entry is a sandbox-mode page: this gateway is not in sandbox mode.
    assert_eq!(get("/test/codec/", "").await.status(), 404);
    app.shutdown().await;
}

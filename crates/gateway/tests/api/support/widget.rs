//! The fake widget: a Trunk output as small as the gateway can serve (the
//! entries' HTML with their inline scripts, a hashed script with its
//! precompressed siblings, wasm, CSS, an unhashed file), so that pages,
//! CSP hashes and file serving are tested without building the widget.

use std::path::Path;

/// The inline script of the fake index.html.
pub const INLINE_SCRIPT: &str = "import init from '/app-0123456789abcdef.js'; await init();";
/// The inline script of the fake codec-check.html (the test entry).
pub const TEST_ENTRY_SCRIPT: &str = "import init from '/check-0123456789abcdef.js'; await init();";
/// The inline script of the fake my.html (我的评价 and 一件事).
pub const MY_ENTRY_SCRIPT: &str = "import init from '/my-0123456789abcdef.js'; await init();";
/// The inline script of the fake pad.html (the pad entry).
pub const PAD_ENTRY_SCRIPT: &str = "import init from '/pad-0123456789abcdef.js'; await init();";
/// The fake brotli sibling's bytes (served verbatim).
pub const BR_BYTES: &[u8] = b"pretend-brotli-bytes";
/// The fake gzip sibling's bytes.
pub const GZ_BYTES: &[u8] = b"pretend-gzip-bytes";

/// An entry's HTML with `script` inline.
fn entry_html(script: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>政务服务好差评</title>\n<script type=\"module\">{script}</script>\n<link rel=\"stylesheet\" href=\"/main-0123456789abcdef.css\">\n</head>\n<body><noscript>请启用 JavaScript 后评价。Please enable JavaScript to rate.</noscript></body>\n</html>\n"
    )
}

/// Writes a fake Trunk output into `dir`.
pub fn fake_widget(dir: &Path) {
    std::fs::create_dir_all(dir).expect("widget dir");
    std::fs::write(dir.join("index.html"), entry_html(INLINE_SCRIPT)).expect("index");
    std::fs::write(dir.join("codec-check.html"), entry_html(TEST_ENTRY_SCRIPT))
        .expect("test entry");
    std::fs::write(dir.join("my.html"), entry_html(MY_ENTRY_SCRIPT)).expect("我的评价 entry");
    std::fs::write(dir.join("pad.html"), entry_html(PAD_ENTRY_SCRIPT)).expect("pad entry");
    std::fs::write(
        dir.join("app-0123456789abcdef.js"),
        "export default function init() {}\n".repeat(20),
    )
    .expect("js");
    std::fs::write(dir.join("app-0123456789abcdef.js.br"), BR_BYTES).expect("br");
    std::fs::write(dir.join("app-0123456789abcdef.js.gz"), GZ_BYTES).expect("gz");
    std::fs::write(dir.join("app-0123456789abcdef_bg.wasm"), b"\0asm\x01\0\0\0").expect("wasm");
    std::fs::write(
        dir.join("main-0123456789abcdef.css"),
        "body { margin: 0 }\n",
    )
    .expect("css");
    std::fs::write(
        dir.join("logo.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>\n",
    )
    .expect("svg");
}

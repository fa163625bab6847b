//! Start-up, the same for every entry: read the URL and the gateway's
//! `WidgetConfig` once into an [`Env`], let the entry decide its
//! [`Screen`], and mount the entry's view of it in the frame.
//!
//! Nothing here can panic (the wasm is built with
//! `-Cpanic=immediate-abort`, where a panic is a bare trap that no hook
//! reports): a config block that does not read is a notice, not a trap. If
//! the wasm cannot load or start at all, index.html's loader (Trunk.toml)
//! turns the "loading" line into an error, so the page is never blank.

use hcp_protocol::api::WidgetConfig;
use leptos::either::Either;
use leptos::prelude::*;
use wasm_bindgen::JsValue;

use crate::codec;
use crate::env::Env;
use crate::frame::notice::{Notice, NoticeView};
use crate::frame::shell;
use crate::host;
use crate::i18n::shared::frame;

/// What an entry decided to show: the title (`<h1>` and the document title)
/// and what the entry's view renders in `<main>` (a page, or a notice).
pub struct Screen<D> {
    /// The title.
    pub title: String,
    /// The entry's decision, rendered once the app is mounted (components
    /// need the reactive owner that mounting creates).
    pub shown: D,
}

/// The config block could not be read.
struct BadConfig;

/// The text of the element `id`: a data block the gateway put in the page
/// (`<script type="application/json">` or `type="text/plain"`), `None`
/// when there is no such element.
pub fn block_text(id: &str) -> Option<String> {
    web_sys::window()?
        .document()?
        .get_element_by_id(id)?
        .text_content()
}

/// Reads `<script id="hcp-config" type="application/json">`: the development
/// defaults when the page was not served by the gateway (no block), an error
/// when there is a block that does not read (never guess a login URL).
fn read_config() -> Result<WidgetConfig, BadConfig> {
    let Some(text) = block_text(WidgetConfig::ELEMENT_ID) else {
        return Ok(WidgetConfig {
            login_url: "/dev/login".to_string(),
            allowed_origins: Vec::new(),
            api_base: "/api".to_string(),
        });
    };
    let mut c: WidgetConfig = codec::from_text(&text).ok_or(BadConfig)?;
    // Calls are made as `{apiBase}/tags`: no doubled slash.
    c.api_base = c.api_base.trim_end_matches('/').to_string();
    Ok(c)
}

/// Starts an entry: `decide` reads what the page shows from the [`Env`]
/// (before anything is mounted: the document title is set from it), `render`
/// turns that into the content of `<main>`.
pub fn run<D, V>(
    decide: impl FnOnce(&'static Env) -> Screen<D>,
    render: impl FnOnce(&'static Env, D) -> V + 'static,
) where
    D: 'static,
    V: IntoView + 'static,
{
    let Some(window) = web_sys::window() else {
        return;
    };
    let doc = window.document();
    let loc = window.location();
    let path = loc.pathname().unwrap_or_default();
    let search = loc.search().unwrap_or_default();
    let raw = search.strip_prefix('?').unwrap_or(&search);
    let config = read_config();
    let allowed = config.as_ref().map_or(&[][..], |c| &c.allowed_origins[..]);
    let host = host::init(allowed);
    let bad_config = config.is_err();
    // Kept for the life of the page and handed to every component.
    let env: &'static Env = Box::leak(Box::new(Env::new(
        path,
        raw,
        config.unwrap_or_default(),
        host,
    )));
    if env.options.ticket.is_some() {
        // The ticket carries personal data: it leaves the address bar (so it is
        // not bookmarked, shared or kept in history) and stays in memory for
        // the bearer header. A reload goes through the login again.
        let hash = loc.hash().unwrap_or_default();
        if let Ok(h) = window.history() {
            let url = env.page_url() + &hash;
            let _ = h.replace_state_with_url(&JsValue::NULL, "", Some(&url));
        }
    }

    let tx = frame(env.lang);
    let (title, shown) = if bad_config {
        (tx.broken_title.to_string(), None)
    } else {
        let s = decide(env);
        (s.title, Some(s.shown))
    };
    if let Some(d) = &doc {
        d.set_title(&[&title, " - ", tx.product].concat());
        if let Some(html) = d.document_element() {
            let _ = html.set_attribute("lang", tx.html_lang);
        }
    }
    leptos::mount::mount_to_body(move || {
        let main = match shown {
            Some(d) => Either::Left(render(env, d)),
            None => {
                Either::Right(view! { <NoticeView n=Notice::alert(tx.broken_body, Vec::new()) /> })
            }
        };
        shell(env, title, main)
    });
    mounted(doc.as_ref());
}

/// Once the app is in the page: index.html's "loading" line goes, then
/// `ready` to the host and the widget's height whenever it changes (what an
/// effect on a node ref of the root would do, without that effect's wasm).
fn mounted(doc: Option<&web_sys::Document>) {
    let Some(doc) = doc else {
        return;
    };
    if let Some(boot) = doc.query_selector(".hcp-boot").ok().flatten() {
        boot.remove();
    }
    if let Some(root) = doc.query_selector(".hcp").ok().flatten() {
        host::ready();
        host::observe_height(&root);
    }
}

//! The app shell: reads the URL and the gateway's `WidgetConfig` once,
//! keeps them for every component ([`use_ctx`], [`use_page`]), and picks the
//! page: a rating page, the parameter-error page, "page not found", or the
//! login redirect.
//!
//! Nothing here waits for the network: the first paint is the page itself.

use std::cell::Cell;

use hcp_protocol::api::WidgetConfig;
use hcp_protocol::params::without_key;
use hcp_protocol::{Lang, PageKind, PageOptions, PageParams, ParamErrors, Route};
use leptos::prelude::*;
use wasm_bindgen::JsValue;

use crate::api::Halls;
use crate::components::frame::{Header, Notice, NoticeView};
use crate::host::{self, Host};
use crate::i18n::t;
use crate::json;
use crate::pages::RatingPage;

/// What every component may need: fixed for the life of the page.
#[derive(Debug)]
pub struct Ctx {
    /// The page language.
    pub lang: Lang,
    /// The gateway's configuration (or the development defaults).
    pub config: WidgetConfig,
    /// Where the widget runs.
    pub host: Host,
    /// `location.pathname`.
    pub path: String,
    /// `location.search` without `?` and without `ticket`: what is submitted,
    /// and what a login round trip returns to.
    pub query: String,
    /// `lang`, `elder`, `ticket`, `returnUrl`.
    pub options: PageOptions,
    /// `returnUrl`, when it is http(s) and its origin is allowed.
    pub return_url: Option<String>,
    /// 适老化 mode (the URL's `elder=1`, or the toggle).
    pub elder: RwSignal<bool>,
}

/// A valid rating page: its route and parameters.
#[derive(Debug)]
pub struct Page {
    /// The route.
    pub route: Route,
    /// The parsed parameters.
    pub params: PageParams,
}

impl Page {
    /// Which variant.
    pub fn kind(&self) -> PageKind {
        self.params.kind()
    }
}

// Set once by `App` before any component runs, and kept for the life of the
// page: leaked `&'static` values in thread-locals rather than Leptos context
// (`provide_context`), whose type-keyed map, and the clone each lookup makes,
// cost about 1.7 KB of the compressed wasm for two values that never change.
thread_local! {
    static CTX: Cell<Option<&'static Ctx>> = const { Cell::new(None) };
    static PAGE: Cell<Option<&'static Page>> = const { Cell::new(None) };
}

/// The app's context.
pub fn use_ctx() -> &'static Ctx {
    CTX.get()
        .expect("App sets the context before any component runs")
}

/// The rating page's context (only under a valid page).
pub fn use_page() -> &'static Page {
    PAGE.get()
        .expect("App sets the page before the rating page runs")
}

/// Reads `<script id="hcp-config" type="application/json">`, or the
/// development defaults when the page was not served by the gateway.
fn read_config(doc: Option<&web_sys::Document>) -> WidgetConfig {
    doc.and_then(|d| d.get_element_by_id(WidgetConfig::ELEMENT_ID))
        .and_then(|el| el.text_content())
        .and_then(|text| json::parse(&text))
        .and_then(|v| json::widget_config(&v))
        .map(|mut c| {
            // Calls are made as `{apiBase}/tags`: no doubled slash.
            c.api_base = c.api_base.trim_end_matches('/').to_string();
            c
        })
        .unwrap_or_else(|| WidgetConfig {
            login_url: "/dev/login".to_string(),
            allowed_origins: Vec::new(),
            api_base: "/api".to_string(),
        })
}

/// `returnUrl`, if it is an http(s) URL whose origin may be returned to.
fn allowed_return(url: Option<&str>, config: &WidgetConfig) -> Option<String> {
    let u = web_sys::Url::new(url?).ok()?;
    let scheme_ok = matches!(u.protocol().as_str(), "http:" | "https:");
    (scheme_ok && config.allows(&u.origin())).then(|| u.href())
}

/// The page URL (path and query without ticket) a login should come back to.
pub fn page_url(ctx: &Ctx) -> String {
    if ctx.query.is_empty() {
        ctx.path.clone()
    } else {
        [&ctx.path, "?", &ctx.query].concat()
    }
}

/// Sends the citizen to the login page, to come back to this page.
pub fn go_login(ctx: &Ctx) {
    let login = &ctx.config.login_url;
    let sep = if login.contains('?') { "&" } else { "?" };
    let back = String::from(js_sys::encode_uri_component(&page_url(ctx)));
    if let Some(w) = web_sys::window() {
        let _ = w
            .location()
            .replace(&[login, sep, "redirect=", &back].concat());
    }
}

/// The hall directory, for the pages that show or pick a hall.
pub fn fetch_halls() -> Halls {
    Halls::fetch(&use_ctx().config.api_base, use_page().params.app_code())
}

/// Once [`App`] is in the page: `ready` to the host, then the widget's height
/// whenever it changes. Called by `start` right after mounting (the moment an
/// effect on a node ref of the root would run, without that effect's wasm).
pub fn mounted() {
    let doc = web_sys::window().and_then(|w| w.document());
    if let Some(root) = doc.and_then(|d| d.query_selector(".hcp").ok().flatten()) {
        host::ready();
        host::observe_height(&root);
    }
}

/// The whole widget.
#[component]
pub fn App() -> impl IntoView {
    let window = web_sys::window();
    let doc = window.as_ref().and_then(|w| w.document());
    let loc = window.as_ref().map(|w| w.location());
    let path = loc
        .as_ref()
        .and_then(|l| l.pathname().ok())
        .unwrap_or_default();
    let search = loc
        .as_ref()
        .and_then(|l| l.search().ok())
        .unwrap_or_default();
    let raw = search.strip_prefix('?').unwrap_or(&search);
    // index.html's "loading" line gives way to the app.
    if let Some(boot) = doc
        .as_ref()
        .and_then(|d| d.query_selector(".hcp-boot").ok().flatten())
    {
        boot.remove();
    }

    let options = PageOptions::parse(raw);
    let lang = options.lang;
    let config = read_config(doc.as_ref());
    let host = host::init(&config.allowed_origins);
    let query = if options.ticket.is_some() {
        without_key(raw, "ticket")
    } else {
        raw.to_string()
    };
    let return_url = allowed_return(options.return_url.as_deref(), &config);
    let ctx: &'static Ctx = Box::leak(Box::new(Ctx {
        lang,
        config,
        host,
        path: path.clone(),
        query,
        elder: RwSignal::new(options.elder),
        options,
        return_url,
    }));
    CTX.set(Some(ctx));
    if ctx.options.ticket.is_some() {
        // The ticket carries personal data: it leaves the address bar (so it is
        // not bookmarked, shared or kept in history) and stays in memory for
        // the bearer header. A reload goes through the login again.
        let hash = loc.as_ref().and_then(|l| l.hash().ok()).unwrap_or_default();
        if let Some(h) = window.as_ref().and_then(|w| w.history().ok()) {
            let url = page_url(ctx) + &hash;
            let _ = h.replace_state_with_url(&JsValue::NULL, "", Some(&url));
        }
    }

    let tx = t(lang);
    let route = Route::from_path(&path);
    let parsed: Option<Result<PageParams, ParamErrors>> = route.map(|r| PageParams::parse(r, raw));

    let title = match &parsed {
        None => tx.not_found_title,
        Some(Err(_)) => tx.bad_link_title,
        Some(Ok(p)) => p.kind().title(lang),
    }
    .to_string();
    if let Some(d) = &doc {
        d.set_title(&[&title, " - ", tx.product].concat());
        if let Some(html) = d.document_element() {
            let _ = html.set_attribute("lang", tx.html_lang);
        }
    }

    let mut notice = None;
    let mut rating = false;
    match (route, parsed) {
        (Some(route), Some(Ok(params))) => {
            if params.needs_login() && ctx.options.ticket.is_none() {
                go_login(ctx);
                notice = Some(Notice::status(tx.redirecting_login));
            } else {
                PAGE.set(Some(Box::leak(Box::new(Page { route, params }))));
                rating = true;
            }
        }
        (_, Some(Err(errors))) => {
            let items = errors.iter().map(|e| e.message(lang)).collect();
            notice = Some(Notice::alert(tx.bad_link_body, items));
        }
        _ => notice = Some(Notice::alert(tx.not_found_body, Vec::new())),
    }
    let notice = notice.map(|n| view! { <NoticeView n=n /> });
    let page = rating.then(|| view! { <RatingPage /> });

    let elder = ctx.elder;
    view! {
        <div class=move || if elder.get() { "hcp hcp--elder" } else { "hcp" }>
            <Header title=title />
            <main class="hcp-main">{notice} {page}</main>
        </div>
    }
}

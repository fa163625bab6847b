//! The [`Env`]: what every component of an entry may need, read once from
//! the URL and the gateway's `WidgetConfig` by [`crate::start::run`] and
//! fixed for the life of the page.
//!
//! It reaches components as a typed prop (`env: &'static Env`): it cannot
//! be missing, and a component can be mounted alone with an `Env` of its
//! own (我的评价 gives each case's form one whose page is the case view).
//! Not Leptos context: for two values that never change, context cost
//! about 1.7 KB (docs/ARCHITECTURE.md, "Widget").

use hcp_protocol::api::WidgetConfig;
use hcp_protocol::params::without_key;
use hcp_protocol::{Lang, PageOptions};
use leptos::prelude::*;

use crate::host::Host;

/// What every component may need, fixed for the life of the page.
#[derive(Debug)]
pub struct Env {
    /// The page language.
    pub lang: Lang,
    /// The gateway's configuration (or the development defaults).
    pub config: WidgetConfig,
    /// Where the widget runs.
    pub host: Host,
    /// `location.pathname`.
    pub path: String,
    /// `location.search` without `?` and without `ticket`: what is parsed and
    /// submitted, and what a login round trip returns to.
    pub query: String,
    /// `lang`, `elder`, `ticket`, `returnUrl`.
    pub options: PageOptions,
    /// `returnUrl`, when it is http(s) and its origin is allowed.
    pub return_url: Option<String>,
    /// 适老化 mode (the URL's `elder=1`, or the toggle).
    pub elder: RwSignal<bool>,
}

impl Env {
    /// An `Env` for a page at `path?query` (with its ticket, if any) and `config`.
    pub fn new(path: String, raw_query: &str, config: WidgetConfig, host: Host) -> Env {
        let options = PageOptions::parse(raw_query);
        let query = if options.ticket.is_some() {
            without_key(raw_query, "ticket")
        } else {
            raw_query.to_string()
        };
        let return_url = allowed_return(options.return_url.as_deref(), &config);
        Env {
            lang: options.lang,
            config,
            host,
            path,
            query,
            elder: RwSignal::new(options.elder),
            options,
            return_url,
        }
    }

    /// The page URL (path and query without ticket) a login should come back to.
    pub fn page_url(&self) -> String {
        if self.query.is_empty() {
            self.path.clone()
        } else {
            [&self.path, "?", &self.query].concat()
        }
    }

    /// Sends the citizen to the login page, to come back to this page.
    pub fn go_login(&self) {
        self.go_login_to(&self.page_url());
    }

    /// Sends the citizen to the login page, to come back to `url` (a path
    /// and query of this site, without a ticket: where an entry that moves
    /// between views is now).
    pub fn go_login_to(&self, url: &str) {
        let login = &self.config.login_url;
        let sep = if login.contains('?') { "&" } else { "?" };
        let back = String::from(js_sys::encode_uri_component(url));
        if let Some(w) = web_sys::window() {
            let _ = w
                .location()
                .replace(&[login, sep, "redirect=", &back].concat());
        }
    }
}

/// `returnUrl`, if it is an http(s) URL whose origin may be returned to.
fn allowed_return(url: Option<&str>, config: &WidgetConfig) -> Option<String> {
    let u = web_sys::Url::new(url?).ok()?;
    let scheme_ok = matches!(u.protocol().as_str(), "http:" | "https:");
    (scheme_ok && config.allows(&u.origin())).then(|| u.href())
}

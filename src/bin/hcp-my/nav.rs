//! Where 我的评价 is: the view (cases or guide ratings, the time range, the
//! page, the case opened), kept in the address bar (`tab`, `range`, `page`,
//! `case` beside the page's own parameters) with `history.pushState`, so
//! the browser's back button, a reload and a login round trip come back to
//! it. The ticket is never put back in the address.

use hcp_protocol::my::TimeRange;
use hcp_protocol::params::{Query, without_key};
use hcp_widget::env::Env;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

/// The parameters of the view (the page's own are kept as they are).
const KEYS: [&str; 4] = ["tab", "range", "page", "case"];

/// Which list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    /// The citizen's cases (4.10).
    Cases,
    /// Their guide ratings (4.12).
    Guides,
}

/// One view of 我的评价.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct View {
    /// Which list.
    pub tab: Tab,
    /// Its time filter.
    pub range: TimeRange,
    /// Its page, from 1.
    pub page: u32,
    /// A case opened (its number), over the list.
    pub case: Option<String>,
}

impl View {
    /// The view a query names; what does not read is the default.
    pub fn from_query(raw: &str) -> View {
        let q = Query::parse(raw);
        View {
            tab: if q.get("tab") == Some("guides") {
                Tab::Guides
            } else {
                Tab::Cases
            },
            range: q
                .get("range")
                .and_then(|r| r.parse().ok())
                .unwrap_or(TimeRange::All),
            page: q
                .get("page")
                .and_then(|p| p.parse::<u32>().ok())
                .filter(|p| *p >= 1)
                .unwrap_or(1),
            case: q
                .get("case")
                .filter(|c| !c.is_empty() && c.len() <= 64)
                .map(str::to_string),
        }
    }

    /// The same list at another page.
    pub fn at_page(&self, page: u32) -> View {
        View {
            page,
            case: None,
            ..self.clone()
        }
    }
}

fn enc(s: &str) -> String {
    String::from(js_sys::encode_uri_component(s))
}

/// The navigation of the page: the current view, and moving between views.
#[derive(Clone, Copy)]
pub struct Nav {
    /// The view shown.
    pub view: RwSignal<View>,
    /// The page's path and its own query (without the view's keys).
    base: StoredValue<(String, String)>,
}

impl Nav {
    /// Reads the view from the address and follows the back button.
    pub fn new(env: &'static Env) -> Nav {
        let mut own = env.query.clone();
        for k in KEYS {
            own = without_key(&own, k);
        }
        let nav = Nav {
            view: RwSignal::new(View::from_query(&env.query)),
            base: StoredValue::new((env.path.clone(), own)),
        };
        if let Some(w) = web_sys::window() {
            let view = nav.view;
            let on_pop = Closure::<dyn Fn()>::new(move || {
                let search = web_sys::window()
                    .and_then(|w| w.location().search().ok())
                    .unwrap_or_default();
                view.set(View::from_query(search.trim_start_matches('?')));
            });
            let _ = w.add_event_listener_with_callback("popstate", on_pop.as_ref().unchecked_ref());
            // Lives as long as the page.
            on_pop.forget();
        }
        nav
    }

    /// The address of a view: path and query, no ticket.
    pub fn url(&self, v: &View) -> String {
        let (path, own) = self.base.get_value();
        let mut q = own;
        let mut add = |k: &str, val: &str| {
            if !q.is_empty() {
                q.push('&');
            }
            q.push_str(k);
            q.push('=');
            q.push_str(val);
        };
        if v.tab == Tab::Guides {
            add("tab", "guides");
        }
        if v.range != TimeRange::All {
            add("range", v.range.as_str());
        }
        if v.page > 1 {
            add("page", &v.page.to_string());
        }
        if let Some(c) = &v.case {
            add("case", &enc(c));
        }
        if q.is_empty() {
            path
        } else {
            [path, "?".to_string(), q].concat()
        }
    }

    /// The address of the view shown.
    pub fn here(&self) -> String {
        self.url(&self.view.get_untracked())
    }

    /// Shows `v`: a new entry in the browser's history, then the view, whose
    /// heading (`#hcp-view-title`) takes the focus (a screen reader hears
    /// where it is), scrolled to the top.
    pub fn go(&self, v: View) {
        if let Some(w) = web_sys::window() {
            if let Ok(h) = w.history() {
                let _ =
                    h.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&self.url(&v)));
            }
            w.scroll_to_with_x_and_y(0.0, 0.0);
        }
        self.view.set(v);
        focus_title();
    }
}

/// Moves the focus to the view's heading once it is in the page (the task
/// runs after the render that mounts it).
pub fn focus_title() {
    spawn_local(async {
        let doc = web_sys::window().and_then(|w| w.document());
        if let Some(h) = doc.and_then(|d| d.get_element_by_id("hcp-view-title")) {
            let _ = h.unchecked_into::<web_sys::HtmlElement>().focus();
        }
    });
}

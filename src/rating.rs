//! The rating entry (the `hcp-widget` bundle): every page of SPEC §2 with
//! the rating flow of §3. The path names the route, the protocol crate
//! parses the query once, and the result picks what is shown: the page, the
//! parameter-error notice, "page not found", or the login redirect.
//! Nothing here waits for the network: the first paint is the page itself.

use hcp_protocol::{PageKind, PageParams, Route};
use leptos::either::Either;
use leptos::prelude::*;

use crate::components::rating_form::Rated;
use crate::env::Env;
use crate::frame::notice::{Notice, NoticeView};
use crate::i18n::t;
use crate::pages::RatingPage;
use crate::start::Screen;

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

/// A rating page rates itself: its route and query, its catalog.
impl Rated for Page {
    fn route(&self) -> &'static str {
        self.route.path()
    }

    fn query<'a>(&'a self, env: &'a Env) -> &'a String {
        &env.query
    }

    fn app_code(&self) -> &hcp_protocol::types::AppCode {
        self.params.app_code()
    }

    fn entity(&self) -> hcp_protocol::EvalEntityCode {
        self.params.eval_entity_code()
    }

    fn tag_type(&self) -> hcp_protocol::types::TagType {
        self.kind().tag_type()
    }

    fn name(&self) -> &'static str {
        self.params.kind().as_str()
    }

    fn ticket<'a>(&self, env: &'a Env) -> Option<&'a str> {
        if self.params.needs_login() {
            env.options.ticket.as_deref()
        } else {
            None
        }
    }
}

/// What the rating entry shows.
pub enum Shown {
    /// A notice instead of a page.
    Notice(Notice),
    /// The page.
    Page(&'static Page),
}

/// Decides the rating entry's screen from the URL.
pub fn decide(env: &'static Env) -> Screen<Shown> {
    let lang = env.lang;
    let tx = t(lang);
    let (title, shown) = match Route::from_path(&env.path) {
        None => (
            tx.not_found_title,
            Shown::Notice(Notice::alert(tx.not_found_body, Vec::new())),
        ),
        Some(route) => match PageParams::parse(route, &env.query) {
            Err(errors) => {
                let items = errors.iter().map(|e| e.message(lang)).collect();
                (
                    tx.bad_link_title,
                    Shown::Notice(Notice::alert(tx.bad_link_body, items)),
                )
            }
            Ok(params) if params.needs_login() && env.options.ticket.is_none() => {
                env.go_login();
                (
                    params.kind().title(lang),
                    Shown::Notice(Notice::status(tx.redirecting_login)),
                )
            }
            // Kept for the life of the page, like the Env.
            Ok(params) => (
                params.kind().title(lang),
                Shown::Page(Box::leak(Box::new(Page { route, params }))),
            ),
        },
    };
    Screen {
        title: title.to_string(),
        shown,
    }
}

/// Renders what [`decide`] decided.
pub fn render(env: &'static Env, shown: Shown) -> impl IntoView {
    match shown {
        Shown::Notice(n) => Either::Left(view! { <NoticeView n=n /> }),
        Shown::Page(page) => Either::Right(view! { <RatingPage env=env page=page /> }),
    }
}

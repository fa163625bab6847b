//! What the rating entry shows: the path names the route, the protocol
//! crate parses the query once, and the result picks the screen: the page,
//! the parameter-error notice, "page not found", or the login redirect.
//! Nothing here waits for the network: the first paint is the page itself.

use crate::env::Env;
use crate::frame::notice::{Notice, NoticeView};
use crate::i18n::shared::notice;
use crate::start::{self, Screen};
use hcp_protocol::{PageParams, Route};
use leptos::either::Either;
use leptos::prelude::*;

use crate::rating::page::Page;
use crate::rating::pages::RatingPage;

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
    let tx = notice(lang);
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

/// Starts the rating pages: the `hcp-widget` bundle, served at every rating route.
pub fn run() {
    start::run(decide, render);
}

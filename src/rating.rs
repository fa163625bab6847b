//! The rating entry (the `hcp-widget` bundle): every page of SPEC §2 with
//! the rating flow of §3. The path names the route, the protocol crate
//! parses the query once, and the result picks what is shown: the page, the
//! parameter-error notice, "page not found", or the login redirect.
//! Nothing here waits for the network: the first paint is the page itself.

use hcp_protocol::{PageKind, PageParams, Route};
use leptos::either::Either;
use leptos::prelude::*;

use crate::frame::notice::{Notice, NoticeView};
use crate::i18n::t;
use crate::pages::RatingPage;
use crate::start::{Env, Screen};

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

    /// The ticket to send, when the page needs a login.
    pub fn ticket<'a>(&self, env: &'a Env) -> Option<&'a str> {
        if self.params.needs_login() {
            env.options.ticket.as_deref()
        } else {
            None
        }
    }
}

/// Decides the rating entry's screen.
pub fn screen(env: &'static Env) -> Screen<impl IntoView> {
    let lang = env.lang;
    let tx = t(lang);
    let route = Route::from_path(&env.path);
    let notice = |title: &str, n: Notice| Screen {
        title: title.to_string(),
        main: Either::Left(view! { <NoticeView n=n /> }),
    };
    let Some(route) = route else {
        return notice(
            tx.not_found_title,
            Notice::alert(tx.not_found_body, Vec::new()),
        );
    };
    match PageParams::parse(route, &env.query) {
        Err(errors) => {
            let items = errors.iter().map(|e| e.message(lang)).collect();
            notice(tx.bad_link_title, Notice::alert(tx.bad_link_body, items))
        }
        Ok(params) if params.needs_login() && env.options.ticket.is_none() => {
            env.go_login();
            notice(
                params.kind().title(lang),
                Notice::status(tx.redirecting_login),
            )
        }
        Ok(params) => {
            let title = params.kind().title(lang).to_string();
            // Kept for the life of the page, like the Env.
            let page: &'static Page = Box::leak(Box::new(Page { route, params }));
            Screen {
                title,
                main: Either::Right(view! { <RatingPage env=env page=page /> }),
            }
        }
    }
}

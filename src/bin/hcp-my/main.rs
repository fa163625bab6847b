//! The citizen's own pages (the `hcp-my` bundle, my.html): 我的评价 at
//! `/my/` (their cases with rating status, a case's ratings and a 差评's
//! work order, their guide ratings; rating a case not yet rated) and 一件事
//! at `/front/onething/` (one rating of a bundle of their cases). Both need
//! a logged-in citizen; the gateway answers for the ticket's user only.
//!
//! Its code is here, beside the shared library it uses (start-up, frame,
//! reads, codec, the rating form), so the rating pages' bundle does not
//! carry it (docs/ARCHITECTURE.md, "Widget").
#![no_main]

mod case;
mod cases;
mod guides;
mod nav;
mod onething;
mod parts;
mod text;

use hcp_protocol::ParamErrors;
use hcp_protocol::my::{MyParams, MyRoute, OneThingParams};
use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;
use wasm_bindgen::prelude::wasm_bindgen;

use hcp_widget::env::Env;
use hcp_widget::frame::notice::{Notice, NoticeView};
use hcp_widget::i18n::t;
use hcp_widget::start::{self, Screen};

use crate::case::CaseView;
use crate::cases::CaseList;
use crate::guides::GuideList;
use crate::nav::{Nav, Tab, focus_title};
use crate::onething::{OneThing, OneThingPage};
use crate::parts::{RangeFilter, Tabs};
use crate::text::m;

#[wasm_bindgen(start)]
fn main() {
    start::run(decide, render);
}

/// A 我的评价 link, parsed.
pub struct MyPage {
    /// Its appCode and channel.
    pub params: MyParams,
}

/// What the entry shows.
enum Shown {
    /// A notice instead of a page.
    Notice(Notice),
    /// 我的评价.
    My(&'static MyPage),
    /// 一件事.
    OneThing(&'static OneThing),
}

fn bad_link(env: &Env, errors: &ParamErrors) -> (&'static str, Shown) {
    let tx = t(env.lang);
    let items = errors.iter().map(|e| e.message(env.lang)).collect();
    (
        tx.bad_link_title,
        Shown::Notice(Notice::alert(tx.bad_link_body, items)),
    )
}

/// Decides the screen from the URL: the page, a bad link, an unknown path,
/// or (no ticket) the login redirect.
fn decide(env: &'static Env) -> Screen<Shown> {
    let (tx, mx) = (t(env.lang), m(env.lang));
    let login = |title: &'static str| {
        env.go_login();
        (title, Shown::Notice(Notice::status(tx.redirecting_login)))
    };
    let (title, shown) = match MyRoute::from_path(&env.path) {
        None => (
            tx.not_found_title,
            Shown::Notice(Notice::alert(tx.not_found_body, Vec::new())),
        ),
        Some(MyRoute::My) => match MyParams::parse(&env.query) {
            Err(e) => bad_link(env, &e),
            Ok(_) if env.options.ticket.is_none() => login(mx.title_my),
            Ok(params) => (
                mx.title_my,
                Shown::My(Box::leak(Box::new(MyPage { params }))),
            ),
        },
        Some(MyRoute::OneThing) => match OneThingParams::parse(&env.query) {
            Err(e) => bad_link(env, &e),
            Ok(_) if env.options.ticket.is_none() => login(mx.title_onething),
            Ok(params) => (
                mx.title_onething,
                Shown::OneThing(Box::leak(Box::new(OneThing::new(params, &env.query)))),
            ),
        },
    };
    Screen {
        title: title.to_string(),
        shown,
    }
}

/// 我的评价: the lists (cases or guide ratings, with the time filter), or a case.
#[component]
fn My(env: &'static Env, my: &'static MyPage) -> impl IntoView {
    let nav = Nav::new(env);
    let tx = m(env.lang);
    let body = move || {
        let v = nav.view.get();
        match (v.case, v.tab) {
            (Some(serial), _) => Either::Left(view! { <CaseView env my nav serial /> }),
            (None, tab) => {
                let (title, list) = match tab {
                    Tab::Cases => (
                        tx.tab_cases,
                        Either::Left(view! { <CaseList env my nav /> }),
                    ),
                    Tab::Guides => (
                        tx.tab_guides,
                        Either::Right(view! { <GuideList env my nav /> }),
                    ),
                };
                Either::Right(view! {
                    <Tabs env nav />
                    <h2 id="hcp-view-title" class="hcp-my-view__title" tabindex="-1">{title}</h2>
                    <RangeFilter env nav />
                    {list}
                })
            }
        }
    };
    // A view opened from its address (a reload, a login round trip) is announced too.
    if nav.view.with_untracked(|v| v.case.is_some()) {
        focus_title();
    }
    view! { <div class="hcp-my">{body}</div> }
}

fn render(env: &'static Env, shown: Shown) -> impl IntoView {
    match shown {
        Shown::Notice(n) => EitherOf3::A(view! { <NoticeView n=n /> }),
        Shown::My(my) => EitherOf3::B(view! { <My env my /> }),
        Shown::OneThing(page) => EitherOf3::C(view! { <OneThingPage env page /> }),
    }
}

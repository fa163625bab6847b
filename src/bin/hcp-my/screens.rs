//! What the entry shows, decided from the URL: 我的评价 (the lists, with
//! the time filter, or a case), 一件事, a bad link, an unknown path, or
//! (no ticket) the login redirect.

use hcp_protocol::ParamErrors;
use hcp_protocol::my::{MyParams, MyRoute, OneThingParams};
use hcp_widget::env::Env;
use hcp_widget::frame::notice::{Notice, NoticeView};
use hcp_widget::i18n::my::m;
use hcp_widget::i18n::shared::notice;
use hcp_widget::start::Screen;
use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;

use crate::case::CaseView;
use crate::cases::CaseList;
use crate::guides::GuideList;
use crate::nav::{Nav, Tab, focus_title};
use crate::onething::{OneThing, OneThingPage};
use crate::page::MyPage;
use crate::parts::{RangeFilter, Tabs};

/// What the entry shows.
pub enum Shown {
    /// A notice instead of a page.
    Notice(Notice),
    /// 我的评价.
    My(&'static MyPage),
    /// 一件事.
    OneThing(&'static OneThing),
}

fn bad_link(env: &Env, errors: &ParamErrors) -> (&'static str, Shown) {
    let tx = notice(env.lang);
    let items = errors.iter().map(|e| e.message(env.lang)).collect();
    (
        tx.bad_link_title,
        Shown::Notice(Notice::alert(tx.bad_link_body, items)),
    )
}

/// Decides the screen from the URL: the page, a bad link, an unknown path,
/// or (no ticket) the login redirect.
pub fn decide(env: &'static Env) -> Screen<Shown> {
    let (tx, mx) = (notice(env.lang), m(env.lang));
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

pub fn render(env: &'static Env, shown: Shown) -> impl IntoView {
    match shown {
        Shown::Notice(n) => EitherOf3::A(view! { <NoticeView n=n /> }),
        Shown::My(my) => EitherOf3::B(view! { <My env my /> }),
        Shown::OneThing(page) => EitherOf3::C(view! { <OneThingPage env page /> }),
    }
}

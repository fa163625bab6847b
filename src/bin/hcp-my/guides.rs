//! 办事指南评价: one page of the citizen's guide ratings (4.12) for the
//! time filter, newest first: the guide, stars, tags by name, remark, time.

use hcp_protocol::my::{MyGuideRating, MyGuidesResponse};
use hcp_widget::api;
use hcp_widget::env::Env;
use hcp_widget::fetch::Fetch;
use hcp_widget::i18n::my::m;
use leptos::either::Either;
use leptos::prelude::*;

use crate::nav::Nav;
use crate::page::MyPage;
use crate::parts::{Pager, StarsText, guarded, ticket};

fn card(env: &'static Env, g: &MyGuideRating) -> impl IntoView + use<> {
    let lang = env.lang;
    let tx = m(lang);
    view! {
        <li class="hcp-my-case">
            <h3 class="hcp-my-case__name">{g.affair_name.clone().unwrap_or_default()}</h3>
            <p class="hcp-my-case__status hcp-my-case__status--rated">
                <StarsText lang=lang stars=g.stars /> " " {g.stars.label(lang)}
            </p>
            {(!g.tags.is_empty()).then(|| view! {
                <ul class="hcp-my-tags" aria-label=tx.tags>
                    {g.tags.iter().map(|t| view! { <li class="hcp-my-tags__tag">{t.clone()}</li> }).collect_view()}
                </ul>
            })}
            {g.remark.clone().map(|r| view! { <p class="hcp-my-remark">{r}</p> })}
            <p class="hcp-my-case__time">{tx.rated_at} " " {g.time.clone()}</p>
        </li>
    }
}

fn list(env: &'static Env, nav: Nav, r: &MyGuidesResponse) -> impl IntoView + use<> {
    let tx = m(env.lang);
    if r.guides.is_empty() {
        return Either::Left(
            view! { <p class="hcp-status hcp-my-empty" role="status">{tx.empty_guides}</p> },
        );
    }
    let cards = r.guides.iter().map(|g| card(env, g)).collect_view();
    Either::Right(view! {
        <ul class="hcp-my-list">{cards}</ul>
        <Pager env=env nav=nav page=r.page_no pages=r.page_total total=r.total />
    })
}

/// The guide ratings of the view's time range and page.
#[component]
pub fn GuideList(
    /// The page's environment.
    env: &'static Env,
    /// The page.
    my: &'static MyPage,
    /// The navigation.
    nav: Nav,
) -> impl IntoView {
    let tx = m(env.lang);
    let app = &my.params.common.app_code;
    let guides = Fetch::new(
        move || nav.view.with(|v| Some((v.range, v.page))),
        move |(range, page), signal| {
            guarded(
                env,
                nav,
                api::my_guides(&env.config.api_base, app, range, page, ticket(env), signal),
            )
        },
    );
    view! {
        {guides.status_view(env.lang, tx.loading_guides, tx.failed_guides)}
        {move || guides.with(|r| r.map(|r| list(env, nav, r)))}
    }
}

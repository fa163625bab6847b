//! 我的办件: one page of the citizen's cases (4.10) for the time filter,
//! each with its service, department, dates and rating status; a case not
//! rated for its current stage has 去评价, which opens it with its rating
//! form.

use hcp_protocol::my::{EvalStatus, MyCase, MyCasesResponse};
use hcp_widget::api;
use hcp_widget::env::Env;
use hcp_widget::fetch::Fetch;
use hcp_widget::i18n::my::{m, stage_name, status_name};
use leptos::either::Either;
use leptos::prelude::*;

use crate::nav::{Nav, View};
use crate::page::MyPage;
use crate::parts::{Pager, StarsText, guarded, ticket};

/// One case as a card.
fn card(env: &'static Env, nav: Nav, c: &MyCase) -> impl IntoView + use<> {
    let lang = env.lang;
    let tx = m(lang);
    let open = {
        let serial = c.affair_serial_no.clone();
        move |_| {
            let v = nav.view.get_untracked();
            nav.go(View {
                case: Some(serial.clone()),
                ..v
            });
        }
    };
    let status_class = match c.status {
        EvalStatus::Unrated => "hcp-my-case__status",
        _ => "hcp-my-case__status hcp-my-case__status--rated",
    };
    let stars = c.stars.map(|s| view! { <StarsText lang=lang stars=s /> });
    let done = match &c.done_time {
        Some(t) => t.clone(),
        None => tx.in_progress.to_string(),
    };
    // One button either way (one view type): 去评价（办结阶段）for a stage to
    // rate, else 查看详情; both open the case.
    let (class, label, stage) = match c.rate_stage {
        Some(stage) => (
            "hcp-btn hcp-btn--primary",
            tx.rate,
            ["（", stage_name(lang, stage), "）"].concat(),
        ),
        None => ("hcp-btn", tx.details, String::new()),
    };
    let action = view! {
        <button type="button" class=class on:click=open>
            {label}
            <span class="hcp-my-case__stage">{stage}</span>
            <span class="hcp-sr">{c.affair_name.clone()}</span>
        </button>
    };
    view! {
        <li class="hcp-my-case">
            <h3 class="hcp-my-case__name">{c.affair_name.clone()}</h3>
            <dl class="hcp-my-case__facts">
                {c.department_name.clone().map(|d| view! {
                    <div class="hcp-info__row">
                        <dt class="hcp-info__label">{tx.department}</dt>
                        <dd class="hcp-info__value">{d}</dd>
                    </div>
                })}
                <div class="hcp-info__row">
                    <dt class="hcp-info__label">{tx.applied}</dt>
                    <dd class="hcp-info__value">{c.apply_time.clone().unwrap_or_default()}</dd>
                </div>
                <div class="hcp-info__row">
                    <dt class="hcp-info__label">{tx.finished}</dt>
                    <dd class="hcp-info__value">{done}</dd>
                </div>
                <div class="hcp-info__row">
                    <dt class="hcp-info__label">{tx.status}</dt>
                    <dd class=status_class>{status_name(lang, c.status)} " " {stars}</dd>
                </div>
            </dl>
            {c.delivering.then(|| view! { <p class="hcp-my-case__delivering">{tx.delivering}</p> })}
            <div class="hcp-my-case__actions">{action}</div>
        </li>
    }
}

fn list(env: &'static Env, nav: Nav, r: &MyCasesResponse) -> impl IntoView + use<> {
    let tx = m(env.lang);
    if r.cases.is_empty() {
        return Either::Left(
            view! { <p class="hcp-status hcp-my-empty" role="status">{tx.empty_cases}</p> },
        );
    }
    let cards = r.cases.iter().map(|c| card(env, nav, c)).collect_view();
    Either::Right(view! {
        <ul class="hcp-my-list">{cards}</ul>
        <Pager env=env nav=nav page=r.page_no pages=r.page_total total=r.total />
    })
}

/// The cases of the view's time range and page.
#[component]
pub fn CaseList(
    /// The page's environment.
    env: &'static Env,
    /// The page.
    my: &'static MyPage,
    /// The navigation.
    nav: Nav,
) -> impl IntoView {
    let tx = m(env.lang);
    let app = &my.params.common.app_code;
    let cases = Fetch::new(
        move || nav.view.with(|v| Some((v.range, v.page))),
        move |(range, page), signal| {
            guarded(
                env,
                nav,
                api::my_cases(&env.config.api_base, app, range, page, ticket(env), signal),
            )
        },
    );
    view! {
        {cases.status_view(env.lang, tx.loading_cases, tx.failed_cases)}
        {move || cases.with(|r| r.map(|r| list(env, nav, r)))}
    }
}

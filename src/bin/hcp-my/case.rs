//! One case (4.11): what it is, the rating it can be given now (the rating
//! form, with the page the gateway built for it from its case directory),
//! and each stage's rating: stars, tags by name, remark, time, and for a
//! 差评 what the 8890 hotline and the department did (its work order).

use hcp_protocol::Lang;
use hcp_protocol::my::{MyCaseDetail, RateLink, StageRating, WorkOrder};
use hcp_protocol::types::AppCode;
use hcp_protocol::{EvalEntityCode, PageOptions, Route};
use hcp_widget::api;
use hcp_widget::components::info::{InfoSections, Row, Section};
use hcp_widget::components::rating_form::RatingForm;
use hcp_widget::env::Env;
use hcp_widget::fetch::Fetch;
use hcp_widget::i18n::my::{
    m, order_status, rate_stage, stage_name, stage_rating, status_name, validity,
};
use hcp_widget::i18n::shared::info;
use leptos::either::Either;
use leptos::prelude::*;

use crate::nav::{Nav, View};
use crate::page::MyPage;
use crate::parts::{Rates, StarsText, guarded, ticket};

/// The form for `rate`, in an `Env` of its own whose page is this view:
/// the draft is kept under the view's address, and a login round trip
/// comes back to it. Both live as long as the page (one per case opened).
fn rating_form(
    env: &'static Env,
    nav: Nav,
    app: &AppCode,
    rate: &RateLink,
) -> impl IntoView + use<> {
    let here = nav.here();
    let (path, query) = match here.split_once('?') {
        Some((p, q)) => (p.to_string(), q.to_string()),
        None => (here, String::new()),
    };
    let view_env: &'static Env = Box::leak(Box::new(Env {
        lang: env.lang,
        config: env.config.clone(),
        host: env.host,
        path,
        query,
        options: PageOptions {
            ticket: env.options.ticket.clone(),
            ..env.options.clone()
        },
        return_url: env.return_url.clone(),
        elder: env.elder,
    }));
    // A case rated from here is rated online (the gateway built its
    // `/front/pc/` page with evalEntityCode egovAffair).
    let rated: &'static Rates = Box::leak(Box::new(Rates {
        route: Route::from_path(&rate.route).map_or(Route::FrontPc.path(), Route::path),
        query: rate.query.clone(),
        app_code: app.clone(),
        entity: EvalEntityCode::EgovAffair,
        name: "my",
    }));
    let lang = env.lang;
    view! {
        <section class="hcp-my-rate" aria-labelledby="hcp-rate-title">
            <h2 id="hcp-rate-title" class="hcp-my-rate__title">{rate_stage(lang, rate.stage)}</h2>
            <RatingForm env=view_env page=rated pick=None />
        </section>
    }
}

/// A work order's story: its status, the hotline's verdict, each step.
fn order(lang: Lang, o: &WorkOrder) -> impl IntoView + use<> {
    let tx = m(lang);
    let status = o.status.map(|s| order_status(lang, s));
    let verdict = o.validity.map(|v| validity(lang, v));
    let head: Vec<&str> = [status, verdict].into_iter().flatten().collect();
    let steps = if o.steps.is_empty() {
        Either::Left(view! { <p class="hcp-status">{tx.no_steps}</p> })
    } else {
        Either::Right(view! {
            <ol class="hcp-my-steps">
                {o
                    .steps
                    .iter()
                    .map(|s| {
                        let who = match s.kind {
                            Some(1) => tx.step_hotline,
                            Some(2) => tx.step_department,
                            _ => tx.step_other,
                        };
                        let class = if s.kind == Some(2) {
                            "hcp-my-step hcp-my-step--department"
                        } else {
                            "hcp-my-step"
                        };
                        view! {
                            <li class=class>
                                <p class="hcp-my-step__who">
                                    {who}
                                    {s.time.clone().map(|t| view! { <span class="hcp-my-step__time">{t}</span> })}
                                </p>
                                <p class="hcp-my-step__text">{s.text.clone()}</p>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        })
    };
    view! {
        <div class="hcp-my-order">
            <h4 class="hcp-my-order__title">{tx.work_order}</h4>
            {(!head.is_empty()).then(|| view! { <p class="hcp-my-order__status">{head.join(" · ")}</p> })}
            {steps}
        </div>
    }
}

/// One stage's rating, or that there is none.
fn stage(lang: Lang, which: u8, r: Option<&StageRating>) -> impl IntoView + use<> {
    let tx = m(lang);
    let body = match r {
        None => Either::Left(view! { <p class="hcp-status">{tx.not_rated}</p> }),
        Some(r) => Either::Right(view! {
            <dl class="hcp-info__list">
                <div class="hcp-info__row">
                    <dt class="hcp-info__label">{tx.stars}</dt>
                    <dd class="hcp-info__value"><StarsText lang=lang stars=r.stars /> " " {r.stars.label(lang)}</dd>
                </div>
                {(!r.tags.is_empty()).then(|| view! {
                    <div class="hcp-info__row">
                        <dt class="hcp-info__label">{tx.tags}</dt>
                        <dd class="hcp-info__value">
                            <ul class="hcp-my-tags">
                                {r.tags.iter().map(|t| view! { <li class="hcp-my-tags__tag">{t.clone()}</li> }).collect_view()}
                            </ul>
                        </dd>
                    </div>
                })}
                {r.remark.clone().map(|text| view! {
                    <div class="hcp-info__row">
                        <dt class="hcp-info__label">{tx.remark}</dt>
                        <dd class="hcp-info__value hcp-my-remark">{text}</dd>
                    </div>
                })}
                <div class="hcp-info__row">
                    <dt class="hcp-info__label">{tx.rated_at}</dt>
                    <dd class="hcp-info__value">{r.time.clone()}</dd>
                </div>
            </dl>
            {r.work_order.as_ref().map(|o| order(lang, o))}
        }),
    };
    view! {
        <section class="hcp-info hcp-my-stage">
            <h3 class="hcp-info__heading">{stage_rating(lang, which)}</h3>
            {body}
        </section>
    }
}

fn detail(env: &'static Env, nav: Nav, app: &AppCode, d: &MyCaseDetail) -> impl IntoView + use<> {
    let lang = env.lang;
    let (tx, rx) = (m(lang), info(lang));
    let c = &d.case;
    let mut rows = vec![Row::new(rx.affair, &c.affair_name)];
    if let Some(dept) = &c.department_name {
        rows.push(Row::new(tx.department, dept));
    }
    rows.push(Row::new(rx.case_no, &c.affair_serial_no));
    rows.push(Row::new(tx.applied, c.apply_time.as_deref().unwrap_or("")));
    rows.push(Row::new(
        tx.finished,
        c.done_time.as_deref().unwrap_or(tx.in_progress),
    ));
    rows.push(Row::new(tx.status, status_name(lang, c.status)));
    let info = vec![Section::rows(rx.business_info, rows)];
    let rate = d.rate.as_ref().map(|r| rating_form(env, nav, app, r));
    let waiting =
        (c.delivering).then(|| view! { <p class="hcp-my-case__delivering">{tx.delivering}</p> });
    // Unrated for its stage, but not here (not in the gateway's directory).
    let elsewhere = (d.rate.is_none() && !c.delivering && c.status.stage_to_rate(c.finished).is_some())
        .then(|| view! { <p class="hcp-status">{tx.cannot_rate_here} " " {stage_name(lang, if c.finished { 2 } else { 1 })}</p> });
    view! {
        <InfoSections sections=info />
        {waiting}
        {elsewhere}
        {rate}
        {stage(lang, 1, d.accepted.as_ref())}
        {stage(lang, 2, d.done.as_ref())}
    }
}

/// The case `serial`, over the list.
#[component]
pub fn CaseView(
    /// The page's environment.
    env: &'static Env,
    /// The page.
    my: &'static MyPage,
    /// The navigation.
    nav: Nav,
    /// The case.
    serial: String,
) -> impl IntoView {
    let tx = m(env.lang);
    let app = &my.params.common.app_code;
    let channel = my.params.common.channel.as_str();
    let key = serial.clone();
    let case = Fetch::new(
        move || Some(key.clone()),
        move |s: String, signal| {
            guarded(env, nav, async move {
                api::my_case(&env.config.api_base, app, channel, &s, ticket(env), signal).await
            })
        },
    );
    let back = move |_| {
        let v = nav.view.get_untracked();
        nav.go(View { case: None, ..v });
    };
    view! {
        <div class="hcp-my-view">
            <button type="button" class="hcp-btn hcp-btn--ghost hcp-my-back" on:click=back>
                "‹ " {tx.back_to_list}
            </button>
            <h2 id="hcp-view-title" class="hcp-my-view__title" tabindex="-1">
                {move || case.with(|d| d.map(|d| d.case.affair_name.clone())).unwrap_or_else(|| serial.clone())}
            </h2>
            {case.status_view(env.lang, tx.loading_case, tx.failed_case)}
            {move || case.with(|d| d.map(|d| detail(env, nav, app, d)))}
        </div>
    }
}

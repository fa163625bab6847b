//! Pieces the views of 我的评价 share: the tabs, the time filter, the
//! pager, stars shown as text, and the reads with their login guard.

use std::future::Future;

use hcp_protocol::EvalEntityCode;
use hcp_protocol::Lang;
use hcp_protocol::Stars;
use hcp_protocol::my::TimeRange;
use hcp_protocol::types::{AppCode, TagType};
use hcp_widget::api::ApiFailure;
use hcp_widget::components::rating_form::Rated;
use hcp_widget::env::Env;
use hcp_widget::i18n::my::{end_of_list, m, page_of, range_name, star_glyphs};
use hcp_widget::i18n::shared::star_name;
use leptos::prelude::*;

use crate::nav::{Nav, Tab, View};

/// A read of 我的评价's: when the ticket is no longer good (`401`), the
/// citizen goes to the login and comes back to this view.
pub async fn guarded<T>(
    env: &'static Env,
    nav: Nav,
    read: impl Future<Output = Result<T, ApiFailure>>,
) -> Result<T, ApiFailure> {
    let r = read.await;
    if let Err(e) = &r
        && e.login_required()
    {
        env.go_login_to(&nav.here());
    }
    r
}

/// What this entry's forms rate: a case from 我的评价 (the page the
/// gateway built for it) or a 一件事 (its own page). One type for both, so
/// the bundle carries the rating form once.
pub struct Rates {
    /// The route submitted.
    pub route: &'static str,
    /// The query submitted.
    pub query: String,
    /// The tag catalog's appCode.
    pub app_code: AppCode,
    /// The tag catalog's evalEntityCode.
    pub entity: EvalEntityCode,
    /// The page's name told to the host (`my`, `onething`).
    pub name: &'static str,
}

impl Rated for Rates {
    fn route(&self) -> &'static str {
        self.route
    }
    fn query<'a>(&'a self, _env: &'a Env) -> &'a String {
        &self.query
    }
    fn app_code(&self) -> &AppCode {
        &self.app_code
    }
    fn entity(&self) -> EvalEntityCode {
        self.entity
    }
    fn tag_type(&self) -> TagType {
        TagType::Case
    }
    fn name(&self) -> &'static str {
        self.name
    }
    fn ticket<'a>(&self, env: &'a Env) -> Option<&'a str> {
        env.options.ticket.as_deref()
    }
}

/// The ticket, sent as the bearer token of every read.
pub fn ticket(env: &'static Env) -> Option<&'static str> {
    env.options.ticket.as_deref()
}

/// Stars as glyphs, with their name for a screen reader.
#[component]
pub fn StarsText(
    /// The page's language.
    lang: Lang,
    /// The stars.
    stars: Stars,
) -> impl IntoView {
    view! {
        <span class="hcp-my-stars">
            <span aria-hidden="true">{star_glyphs(stars.get())}</span>
            <span class="hcp-sr">{star_name(lang, stars)}</span>
        </span>
    }
}

/// 我的办件 / 办事指南评价: which list, as two buttons (the pressed one is shown).
#[component]
pub fn Tabs(
    /// The page's environment.
    env: &'static Env,
    /// The navigation.
    nav: Nav,
) -> impl IntoView {
    let tx = m(env.lang);
    let tab = move |which: Tab, label: &'static str| {
        let current = move || nav.view.with(|v| v.tab == which);
        view! {
            <button
                type="button"
                class="hcp-btn hcp-btn--ghost hcp-my-tabs__tab"
                aria-pressed=move || if current() { "true" } else { "false" }
                on:click=move |_| {
                    if !current() {
                        let v = nav.view.get_untracked();
                        nav.go(View { tab: which, page: 1, case: None, ..v });
                    }
                }
            >
                {label}
            </button>
        }
    };
    view! {
        <nav class="hcp-my-tabs" aria-label=tx.tabs_label>
            {tab(Tab::Cases, tx.tab_cases)}
            {tab(Tab::Guides, tx.tab_guides)}
        </nav>
    }
}

/// 全部 / 近一月 / 近三月 / 近一年 as a radio group (arrow keys move in it);
/// choosing one shows its first page.
#[component]
pub fn RangeFilter(
    /// The page's environment.
    env: &'static Env,
    /// The navigation.
    nav: Nav,
) -> impl IntoView {
    let lang = env.lang;
    let options = TimeRange::EVERY
        .into_iter()
        .map(|r| {
            let checked = move || nav.view.with(|v| v.range == r);
            view! {
                <label class="hcp-my-range__option">
                    <input
                        type="radio"
                        name="hcp-range"
                        class="hcp-my-range__input"
                        value=r.as_str()
                        prop:checked=checked
                        on:change=move |_| {
                            let v = nav.view.get_untracked();
                            nav.go(View { range: r, page: 1, case: None, ..v });
                        }
                    />
                    <span class="hcp-my-range__text">{range_name(lang, r)}</span>
                </label>
            }
        })
        .collect_view();
    view! {
        <fieldset class="hcp-my-range">
            <legend class="hcp-my-range__legend">{m(lang).range_label}</legend>
            <div class="hcp-my-range__options">{options}</div>
        </fieldset>
    }
}

/// 上一页 / 第 n / N 页 / 下一页, and on the last page how many there are in all.
#[component]
pub fn Pager(
    /// The page's environment.
    env: &'static Env,
    /// The navigation.
    nav: Nav,
    /// The page shown.
    page: u32,
    /// How many pages.
    pages: u32,
    /// How many items in all.
    total: u32,
) -> impl IntoView {
    let lang = env.lang;
    let tx = m(lang);
    let go = move |p: u32| {
        let v = nav.view.get_untracked();
        nav.go(v.at_page(p));
    };
    let last = page >= pages;
    view! {
        <nav class="hcp-my-pager" aria-label=tx.pager_label>
            <button
                type="button"
                class="hcp-btn hcp-btn--ghost"
                disabled=page <= 1
                on:click=move |_| go(page - 1)
            >
                {tx.prev}
            </button>
            <span class="hcp-my-pager__where">{page_of(lang, page, pages)}</span>
            <button
                type="button"
                class="hcp-btn hcp-btn--ghost"
                disabled=last
                on:click=move |_| go(page + 1)
            >
                {tx.next}
            </button>
        </nav>
        {last.then(|| view! { <p class="hcp-status hcp-my-end">{end_of_list(lang, total)}</p> })}
    }
}

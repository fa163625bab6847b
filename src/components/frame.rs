//! The page header (title, the 适老化 toggle, 关闭 when embedded); the
//! notices shown instead of a form: a bad link (every parameter error,
//! named), an unknown path, the login redirect; and the two states of a
//! fetch (tags, halls) shown in place of its answer: loading, and failed
//! with a retry.

use hcp_protocol::Lang;
use leptos::either::EitherOf3;
use leptos::prelude::*;

use crate::app::use_ctx;
use crate::host;
use crate::i18n::t;

/// Where a fetch is, as far as the view in place of its answer cares.
pub enum Fetch {
    /// In flight.
    Loading,
    /// Failed, with what the citizen is told.
    Failed(String),
    /// Answered (its answer is shown elsewhere), or not asked.
    Done,
}

/// The view in place of a fetch's answer: while it is in flight
/// (`role="status"`, `loading`), or failed: what could not be loaded
/// (`failed`), why, and a button that fires `retry` (`role="alert"`).
/// Every fetch shows this one view type, so its rendering code is shipped once.
pub fn fetch_state(
    lang: Lang,
    loading: &'static str,
    failed: &'static str,
    state: Fetch,
    retry: Trigger,
) -> impl IntoView {
    match state {
        Fetch::Loading => {
            EitherOf3::A(view! { <p class="hcp-loading" role="status">{loading}</p> })
        }
        Fetch::Failed(why) => EitherOf3::B(view! {
            <div class="hcp-failed" role="alert">
                <p>{failed} " " {why}</p>
                <button type="button" class="hcp-btn" on:click=move |_| retry.notify()>
                    {t(lang).retry}
                </button>
            </div>
        }),
        Fetch::Done => EitherOf3::C(()),
    }
}

/// The page heading and its tools (the content follows it in `<main>`).
#[component]
pub fn Header(
    /// The page title (`<h1>`).
    title: String,
) -> impl IntoView {
    let ctx = use_ctx();
    let tx = t(ctx.lang);
    let elder = ctx.elder;
    let close = ctx.host.embedded().then(|| {
        view! {
            <button type="button" class="hcp-btn hcp-btn--ghost" on:click=|_| host::close()>
                {tx.close}
            </button>
        }
    });
    view! {
        <header class="hcp-head">
            <h1 class="hcp-head__title">{title}</h1>
            <div class="hcp-head__tools">
                <button
                    type="button"
                    class="hcp-btn hcp-btn--ghost"
                    aria-pressed=move || if elder.get() { "true" } else { "false" }
                    on:click=move |_| elder.update(|e| *e = !*e)
                >
                    {tx.elder_toggle}
                </button>
                {close}
            </div>
        </header>
    }
}

/// A notice instead of a form.
pub struct Notice {
    /// The text.
    pub text: &'static str,
    /// Items listed under it (parameter errors).
    pub items: Vec<String>,
    /// An error (`role="alert"`) rather than a status.
    pub alert: bool,
}

impl Notice {
    /// An error, announced.
    pub fn alert(text: &'static str, items: Vec<String>) -> Notice {
        Notice {
            text,
            items,
            alert: true,
        }
    }

    /// A status message.
    pub fn status(text: &'static str) -> Notice {
        Notice {
            text,
            items: Vec::new(),
            alert: false,
        }
    }
}

/// Renders a [`Notice`].
#[component]
pub fn NoticeView(
    /// What to say.
    n: Notice,
) -> impl IntoView {
    let items = (!n.items.is_empty()).then(|| {
        let li = n
            .items
            .into_iter()
            .map(|m| view! { <li class="hcp-problem__item">{m}</li> })
            .collect_view();
        view! { <ul class="hcp-problem__list">{li}</ul> }
    });
    view! {
        <div
            class=if n.alert { "hcp-problem" } else { "hcp-status" }
            role=if n.alert { "alert" } else { "status" }
        >
            <p>{n.text}</p>
            {items}
        </div>
    }
}

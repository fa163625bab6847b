//! 咨询评价(网上): the citizen picks the hall, then the window worker, from
//! the gateway's hall directory (`GET /api/halls`).

use leptos::prelude::*;

use crate::app::use_ctx;
use crate::components::info::Halls;
use crate::i18n::t;

/// Two selects: hall, then worker. `pick` holds (hallCode, workNo), empty when unset.
#[component]
pub fn HallPicker(
    /// The hall directory.
    halls: Halls,
    /// The picked hall code and work number.
    pick: RwSignal<(String, String)>,
) -> impl IntoView {
    let lang = use_ctx().lang;
    let tx = t(lang);
    let loading = move || {
        halls
            .with(Option::is_none)
            .then(|| view! { <p class="hcp-tags__status" role="status">{tx.halls_loading}</p> })
    };
    let failed = move || {
        let e = halls.get()?.err()?;
        Some(view! {
            <div class="hcp-picker--error" role="alert">
                <p>{tx.halls_failed} " " {e.message(lang)}</p>
                <button type="button" class="hcp-btn" on:click=move |_| halls.refetch()>
                    {tx.retry}
                </button>
            </div>
        })
    };
    let dir = move || {
        halls
            .get()
            .and_then(Result::ok)
            .map(|d| d.halls)
            .unwrap_or_default()
    };
    let hall_options = move || {
        dir()
            .into_iter()
            .map(|h| {
                let selected = pick.with_untracked(|p| p.0 == h.hall_code);
                view! { <option value=h.hall_code selected=selected>{h.name}</option> }
            })
            .collect_view()
    };
    let worker_options = move || {
        let cur = pick.with(|p| p.0.clone());
        dir()
            .into_iter()
            .find(|h| h.hall_code == cur)
            .map(|h| h.workers)
            .unwrap_or_default()
            .into_iter()
            .map(|w| {
                let selected = pick.with_untracked(|p| p.1 == w.work_no);
                view! { <option value=w.work_no selected=selected>{w.name}</option> }
            })
            .collect_view()
    };
    view! {
        <section class="hcp-info hcp-picker">
            <h2 class="hcp-info__heading">{tx.hall_info}</h2>
            {loading}
            {failed}
            <label class="hcp-picker__label" for="hcp-hall">{tx.pick_hall}</label>
            <select
                id="hcp-hall"
                class="hcp-picker__select"
                on:change:target=move |ev| pick.set((ev.target().value(), String::new()))
            >
                <option value="">{tx.choose}</option>
                {hall_options}
            </select>
            <label class="hcp-picker__label" for="hcp-worker">{tx.pick_worker}</label>
            <select
                id="hcp-worker"
                class="hcp-picker__select"
                prop:disabled=move || pick.with(|p| p.0.is_empty())
                on:change:target=move |ev| pick.update(|p| p.1 = ev.target().value())
            >
                <option value="">{tx.choose}</option>
                {worker_options}
            </select>
        </section>
    }
}

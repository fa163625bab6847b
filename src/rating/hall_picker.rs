//! 咨询评价(网上): the citizen picks the hall, then the window worker, from
//! the gateway's hall directory (`GET /api/halls?appCode=`: the halls of the
//! page's app, and those not tied to one), into the form's [`Pick`].

use crate::components::info::Halls;
use crate::components::pick::Pick;
use crate::env::Env;
use crate::i18n::rating::rt;
use crate::i18n::shared::info;
use leptos::prelude::*;

/// Two selects: hall, then worker.
#[component]
pub fn HallPicker(
    /// The page's environment.
    env: &'static Env,
    /// The hall directory.
    halls: Halls,
    /// The picked hall code and work number.
    pick: Pick,
) -> impl IntoView {
    let lang = env.lang;
    let (tx, rx) = (info(lang), rt(lang));
    let state = halls.status_view(lang, rx.halls_loading, rx.halls_failed);
    let option = |value: &str, name: &str, selected: bool| {
        view! { <option value=value.to_string() selected=selected>{name.to_string()}</option> }
    };
    let hall_options = move || {
        halls.with(|d| {
            d.map_or(&[][..], |d| &d.halls)
                .iter()
                .map(|h| {
                    option(
                        &h.hall_code,
                        &h.name,
                        pick.hall.with_untracked(|p| *p == h.hall_code),
                    )
                })
                .collect_view()
        })
    };
    let worker_options = move || {
        let cur = pick.hall.get();
        halls.with(|d| {
            let workers = d
                .and_then(|d| d.halls.iter().find(|h| h.hall_code == cur))
                .map_or(&[][..], |h| &h.workers);
            workers
                .iter()
                .map(|w| {
                    option(
                        &w.work_no,
                        &w.name,
                        pick.worker.with_untracked(|p| *p == w.work_no),
                    )
                })
                .collect_view()
        })
    };
    view! {
        <section class="hcp-info hcp-picker">
            <h2 class="hcp-info__heading">{tx.hall_info}</h2>
            {state}
            <label class="hcp-picker__label" for="hcp-hall">{rx.pick_hall}</label>
            <select
                id="hcp-hall"
                class="hcp-picker__select"
                on:change=move |ev| {
                    pick.hall.set(event_target_value(&ev));
                    pick.worker.set(String::new());
                }
            >
                <option value="">{rx.choose}</option>
                {hall_options}
            </select>
            <label class="hcp-picker__label" for="hcp-worker">{rx.pick_worker}</label>
            <select
                id="hcp-worker"
                class="hcp-picker__select"
                disabled=move || pick.hall.with(String::is_empty)
                on:change=move |ev| pick.worker.set(event_target_value(&ev))
            >
                <option value="">{rx.choose}</option>
                {worker_options}
            </select>
        </section>
    }
}

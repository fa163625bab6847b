//! 咨询评价(网上): the citizen picks the hall, then the window worker, from
//! the gateway's hall directory (`GET /api/halls?appCode=`: the halls of the
//! page's app, and those not tied to one).

use leptos::prelude::*;

use crate::api::Halls;
use crate::draft::Picked;
use crate::env::Env;
use crate::i18n::t;

/// The window picked on the consult-online page: hall code and work number,
/// each empty until chosen.
#[derive(Clone, Copy)]
pub struct Pick {
    /// 大厅编码.
    pub hall: RwSignal<String>,
    /// 工作人员编号.
    pub worker: RwSignal<String>,
}

impl Pick {
    /// Nothing picked yet. (No `Default`: making one creates signals owned
    /// by the current reactive owner, which a default should not.)
    #[allow(clippy::new_without_default)]
    pub fn new() -> Pick {
        Pick {
            hall: RwSignal::new(String::new()),
            worker: RwSignal::new(String::new()),
        }
    }

    /// What is picked, not tracked.
    pub fn get_untracked(self) -> Picked {
        Picked {
            hall: self.hall.get_untracked(),
            worker: self.worker.get_untracked(),
        }
    }

    /// Picks a hall and worker (a restored draft).
    pub fn set(self, p: Picked) {
        self.hall.set(p.hall);
        self.worker.set(p.worker);
    }
}

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
    let tx = t(lang);
    let state = halls.status_view(lang, tx.halls_loading, tx.halls_failed);
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
            <label class="hcp-picker__label" for="hcp-hall">{tx.pick_hall}</label>
            <select
                id="hcp-hall"
                class="hcp-picker__select"
                on:change=move |ev| {
                    pick.hall.set(event_target_value(&ev));
                    pick.worker.set(String::new());
                }
            >
                <option value="">{tx.choose}</option>
                {hall_options}
            </select>
            <label class="hcp-picker__label" for="hcp-worker">{tx.pick_worker}</label>
            <select
                id="hcp-worker"
                class="hcp-picker__select"
                disabled=move || pick.hall.with(String::is_empty)
                on:change=move |ev| pick.worker.set(event_target_value(&ev))
            >
                <option value="">{tx.choose}</option>
                {worker_options}
            </select>
        </section>
    }
}

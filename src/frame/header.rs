//! The page header: the title, the 适老化 toggle and, when embedded, 关闭.

use leptos::prelude::*;

use crate::env::Env;
use crate::host;
use crate::i18n::shared::frame;

/// The page heading and its tools (the content follows it in `<main>`).
#[component]
pub fn Header(
    /// The page.
    env: &'static Env,
    /// The page title (`<h1>`).
    title: String,
) -> impl IntoView {
    let tx = frame(env.lang);
    let elder = env.elder;
    let close = env.host.embedded().then(|| {
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

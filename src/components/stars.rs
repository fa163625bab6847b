//! The star rating, after thaw's Rating: a `role="radiogroup"` of real radio
//! inputs, each named "5星 非常满意" / "5 stars Very satisfied", with one
//! change handler on the group. Native radios give arrow-key movement and
//! form semantics; the visible stars are their labels.

use hcp_protocol::Stars;
use leptos::ev::Event;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::app::use_ctx;
use crate::i18n::{star_name, t};

/// Five stars as a radio group.
#[component]
pub fn StarRating(
    /// The chosen stars.
    #[prop(into)]
    value: Signal<Option<Stars>>,
    /// Called when the citizen picks stars.
    #[prop(into)]
    on_change: Callback<Stars>,
) -> impl IntoView {
    let lang = use_ctx().lang;
    let on_group_change = move |ev: Event| {
        let picked = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            .and_then(|i| i.value().parse::<i64>().ok())
            .and_then(|n| Stars::try_from(n).ok());
        if let Some(s) = picked {
            on_change.run(s);
        }
    };
    let stars = Stars::all()
        .map(|s| {
            view! {
                <label
                    class="hcp-stars__star"
                    class=("hcp-stars__star--on", move || value.get().is_some_and(|v| v >= s))
                >
                    <input
                        type="radio"
                        name="hcp-stars"
                        class="hcp-stars__input"
                        value=s.get().to_string()
                        aria-label=star_name(lang, s)
                        prop:checked=move || value.get() == Some(s)
                    />
                    <span class="hcp-stars__icon" aria-hidden="true">
                        "★"
                    </span>
                </label>
            }
        })
        .collect_view();
    view! {
        <div class="hcp-stars">
            <p id="hcp-stars-label" class="hcp-stars__label">
                {t(lang).stars_label}
            </p>
            <div
                role="radiogroup"
                aria-labelledby="hcp-stars-label"
                aria-required="true"
                class="hcp-stars__group"
                on:change=on_group_change
            >
                {stars}
            </div>
            <p class="hcp-stars__text" aria-hidden="true">
                {move || value.get().map(|s| s.label(lang))}
            </p>
        </div>
    }
}

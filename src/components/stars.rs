//! The star rating, after thaw's Rating: a `role="radiogroup"` of real radio
//! inputs, each named "5星 非常满意" / "5 stars Very satisfied", with one
//! change handler on the group. Native radios give arrow-key movement and
//! form semantics; the visible stars are their labels.

use hcp_protocol::Stars;
use leptos::ev::Event;
use leptos::prelude::*;

use crate::env::Env;
use crate::i18n::shared::{form, star_name};

/// Five stars as a radio group.
#[component]
pub fn StarRating(
    /// The page's environment.
    env: &'static Env,
    /// The chosen stars.
    value: RwSignal<Option<Stars>>,
    /// Called when the citizen picks stars.
    on_change: impl Fn(Stars) + 'static,
) -> impl IntoView {
    let lang = env.lang;
    let on_group_change = move |ev: Event| {
        // Only the radios below fire `change` in the group.
        let picked = event_target_value(&ev)
            .parse::<i64>()
            .ok()
            .and_then(|n| Stars::try_from(n).ok());
        if let Some(s) = picked {
            on_change(s);
        }
    };
    let star = move |s: Stars| {
        view! {
            <label class=move || {
                if value.get().is_some_and(|v| v >= s) {
                    "hcp-stars__star hcp-stars__star--on"
                } else {
                    "hcp-stars__star"
                }
            }>
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
    };
    // A tuple rather than a collected Vec: there are always five, and a
    // tuple's view code is smaller than a list's.
    let [s1, s2, s3, s4, s5] = Stars::ALL;
    let stars = (star(s1), star(s2), star(s3), star(s4), star(s5));
    view! {
        <div class="hcp-stars">
            <p id="hcp-stars-label" class="hcp-stars__label">
                {form(lang).stars_label}
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
                {move || value.get().map_or("", |s| s.label(lang))}
            </p>
        </div>
    }
}

//! The tags for the chosen stars, as toggle buttons with `aria-pressed`.
//! The form reads the catalog when stars are chosen (a [`Fetch`] keyed by
//! the stars: the rating form's for what it rates, the pad's for its
//! window); a failed read shows an inline error with a retry, and the
//! rating still works without tags.

use hcp_protocol::Stars;
use hcp_protocol::api::{Tag, TagsResponse};
use leptos::prelude::*;

use crate::env::Env;
use crate::fetch::Fetch;
use crate::i18n::shared::form;

/// The tag toggles of the catalog read for the chosen stars.
#[component]
pub fn TagList(
    /// The page's environment.
    env: &'static Env,
    /// The catalog, read for the chosen stars (nothing before).
    tags: Fetch<Stars, TagsResponse>,
    /// The chosen tag ids.
    chosen: RwSignal<Vec<String>>,
    /// Called before a tag is toggled: the form's complaint goes when the
    /// citizen changes something.
    on_toggle: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let tx = form(env.lang);
    let toggle = move |id: String| {
        on_toggle();
        chosen.update(|c| {
            if let Some(i) = c.iter().position(|x| *x == id) {
                c.remove(i);
            } else {
                c.push(id);
            }
        });
    };
    let tag_list = move |tags: &[Tag]| {
        let buttons = tags
            .iter()
            .map(|tag| {
                let id = tag.id.clone();
                let pressed = {
                    let id = id.clone();
                    move || {
                        if chosen.with(|c| c.contains(&id)) {
                            "true"
                        } else {
                            "false"
                        }
                    }
                };
                // Styled by its aria-pressed: no separate modifier class to keep in step.
                view! {
                    <li class="hcp-tags__item">
                        <button
                            type="button"
                            class="hcp-tags__tag"
                            aria-pressed=pressed
                            on:click=move |_| toggle(id.clone())
                        >
                            {tag.name.clone()}
                        </button>
                    </li>
                }
            })
            .collect_view();
        view! {
            <div class="hcp-tags" role="group" aria-labelledby="hcp-tags-label">
                <p id="hcp-tags-label" class="hcp-tags__label">{tx.tags_label}</p>
                <ul class="hcp-tags__list">{buttons}</ul>
            </div>
        }
    };
    // The list when the answer for the shown stars has tags.
    let list = move || tags.with(|r| r.filter(|r| !r.tags.is_empty()).map(|r| tag_list(&r.tags)));
    view! {
        {tags.status_view(env.lang, tx.tags_loading, tx.tags_failed)}
        {list}
    }
}

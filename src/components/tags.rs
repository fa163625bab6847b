//! The tags for the chosen stars, as toggle buttons with `aria-pressed`.
//! Fetched when stars are chosen; a failed fetch shows an inline error with a
//! retry, and the rating still works without tags.

use hcp_protocol::Stars;
use hcp_protocol::api::Tag;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ApiFailure, Inflight};
use crate::app::{use_ctx, use_page};
use crate::components::frame::{Fetch, fetch_state};
use crate::i18n::t;

/// The answer of a tag fetch, with the stars it was for.
type TagsFor = (Stars, Result<Vec<Tag>, ApiFailure>);

/// The tag toggles for `stars`.
#[component]
pub fn TagList(
    /// The chosen stars (no tags before).
    stars: RwSignal<Option<Stars>>,
    /// The chosen tag ids.
    chosen: RwSignal<Vec<String>>,
    /// The form's complaint (empty: none), cleared when the citizen changes something.
    problem: RwSignal<String>,
) -> impl IntoView {
    let ctx = use_ctx();
    let page = use_page();
    let tx = t(ctx.lang);
    // The answer carries the stars it was for; a new choice aborts the old request.
    let answer = RwSignal::new(None::<TagsFor>);
    let retry = Trigger::new();
    let inflight = Inflight::new();
    Effect::new(move || {
        retry.track();
        answer.set(None);
        let Some(s) = stars.get() else {
            return;
        };
        let signal = inflight.next();
        let params = &page.params;
        let base = &ctx.config.api_base;
        spawn_local(async move {
            let app = params.app_code();
            let tag_type = params.kind().tag_type();
            let r = api::tags(base, app, params.eval_entity_code(), s, tag_type, signal).await;
            if r != Err(ApiFailure::Aborted) {
                answer.try_set(Some((s, r)));
            }
        });
    });
    let toggle = move |id: String| {
        problem.set(String::new());
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
    // The fetch's state (loading, or failed with a retry; nothing before
    // stars are chosen), then the list when there are tags. An answer for
    // other stars than those shown is still "loading".
    let state = move || {
        let shown = stars.get();
        let state = answer.with(|a| match (shown, a) {
            (None, _) => Fetch::Done,
            (Some(cur), Some((s, r))) if *s == cur => match r {
                Err(e) if *e != ApiFailure::Aborted => Fetch::Failed(e.message(ctx.lang)),
                _ => Fetch::Done,
            },
            (Some(_), _) => Fetch::Loading,
        });
        fetch_state(ctx.lang, tx.tags_loading, tx.tags_failed, state, retry)
    };
    let list = move || {
        let shown = stars.get();
        answer.with(|a| match (shown, a) {
            (Some(cur), Some((s, Ok(tags)))) if *s == cur && !tags.is_empty() => {
                Some(tag_list(tags))
            }
            _ => None,
        })
    };
    view! {
        {state}
        {list}
    }
}

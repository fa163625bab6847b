//! The tags for the chosen stars, as toggle buttons with `aria-pressed`.
//! Fetched when stars are chosen; a failed fetch shows an inline error with a
//! retry, and the rating still works without tags.

use hcp_protocol::Stars;
use hcp_protocol::api::Tag;
use leptos::prelude::*;

use crate::api::{self, ApiFailure, Inflight};
use crate::app::{use_ctx, use_page};
use crate::i18n::t;

/// The answer of a tag fetch, with the stars it was for.
type TagsFor = (Stars, Result<Vec<Tag>, ApiFailure>);

/// The tag toggles for `stars`.
#[component]
pub fn TagList(
    /// The chosen stars (no tags before).
    #[prop(into)]
    stars: Signal<Option<Stars>>,
    /// The chosen tag ids.
    chosen: RwSignal<Vec<String>>,
    /// The form's complaint, cleared when the citizen changes something.
    problem: RwSignal<Option<String>>,
) -> impl IntoView {
    let ctx = use_ctx();
    let page = use_page();
    let tx = t(ctx.lang);
    let inflight = Inflight::new();
    let base = ctx.config.api_base.clone();
    let res: LocalResource<Option<TagsFor>> = LocalResource::new(move || {
        let s = stars.get();
        let signal = inflight.next();
        let base = base.clone();
        let params = page.params.clone();
        async move {
            let s = s?;
            let app = params.app_code();
            let tag_type = params.kind().tag_type();
            let r = api::tags(&base, app, params.eval_entity_code(), s, tag_type, signal).await;
            Some((s, r.map(|r| r.tags)))
        }
    });
    let toggle = move |id: String| {
        problem.set(None);
        chosen.update(|c| {
            if let Some(i) = c.iter().position(|x| *x == id) {
                c.remove(i);
            } else {
                c.push(id);
            }
        });
    };
    // The answer for the stars shown now (a stale one is still "loading").
    let current = move || {
        let cur = stars.get()?;
        res.get()
            .flatten()
            .filter(|(s, _)| *s == cur)
            .map(|(_, r)| r)
    };
    let list = move || {
        let tags = current()?.ok().filter(|l| !l.is_empty())?;
        let buttons = tags
            .into_iter()
            .map(|tag| {
                let id = tag.id;
                let on = {
                    let id = id.clone();
                    move || chosen.with(|c| c.contains(&id))
                };
                let on2 = on.clone();
                view! {
                    <li class="hcp-tags__item">
                        <button
                            type="button"
                            class="hcp-tags__tag"
                            class=("hcp-tags__tag--on", on)
                            aria-pressed=move || if on2() { "true" } else { "false" }
                            on:click=move |_| toggle(id.clone())
                        >
                            {tag.name}
                        </button>
                    </li>
                }
            })
            .collect_view();
        Some(view! {
            <div class="hcp-tags" role="group" aria-labelledby="hcp-tags-label">
                <p id="hcp-tags-label" class="hcp-tags__label">{tx.tags_label}</p>
                <ul class="hcp-tags__list">{buttons}</ul>
            </div>
        })
    };
    let failed = move || {
        let e = current()?.err().filter(|e| *e != ApiFailure::Aborted)?;
        let msg = e.message(ctx.lang);
        Some(view! {
            <div class="hcp-tags hcp-tags--error" role="alert">
                <p class="hcp-tags__status">{tx.tags_failed} " " {msg}</p>
                <button type="button" class="hcp-btn" on:click=move |_| res.refetch()>
                    {tx.retry}
                </button>
            </div>
        })
    };
    let loading = move || {
        (stars.with(Option::is_some) && current().is_none()).then(|| {
            view! { <p class="hcp-tags__status" role="status">{tx.tags_loading}</p> }
        })
    };
    view! { {loading} {failed} {list} }
}

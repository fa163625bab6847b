//! The comment box, with a live counter of characters (not UTF-16 units,
//! hence no `maxlength`), and an error once it is over the limit.

use hcp_protocol::Remark;
use leptos::prelude::*;

use crate::components::rating_form::Phase;
use crate::env::Env;
use crate::i18n::{remark_count, remark_too_long, t};

/// The 评价内容 textarea.
#[component]
pub fn RemarkField(
    /// The page's environment.
    env: &'static Env,
    /// The text.
    value: RwSignal<String>,
    /// Whether the stars are a 差评 (the comment is then one way to say why).
    bad: impl Fn() -> bool + Copy + Send + Sync + 'static,
    /// The form's phase: its complaint is cleared when the citizen types.
    phase: RwSignal<Phase>,
) -> impl IntoView {
    let lang = env.lang;
    let tx = t(lang);
    let max = Remark::MAX_CHARS;
    // Characters, not UTF-16 units (what `maxlength` would count).
    let count = move || value.with(|v| v.chars().count());
    let over = move || count() > max;
    view! {
        <div class="hcp-remark">
            <label for="hcp-remark" class="hcp-remark__label">
                {move || if bad() { tx.remark_label_bad } else { tx.remark_label }}
            </label>
            <textarea
                id="hcp-remark"
                class="hcp-remark__input"
                rows="4"
                placeholder=tx.remark_placeholder
                aria-describedby="hcp-remark-count"
                aria-invalid=move || if over() { "true" } else { "false" }
                prop:value=move || value.get()
                on:input=move |ev| {
                    Phase::clear_problem(phase);
                    value.set(event_target_value(&ev));
                }
            ></textarea>
            // Turns red with the box's aria-invalid (style/widget.css).
            <p id="hcp-remark-count" class="hcp-remark__count">
                <span aria-hidden="true">{move || [count().to_string(), max.to_string()].join("/")}</span>
                <span class="hcp-sr">{move || remark_count(lang, count(), max)}</span>
            </p>
            {move || {
                over()
                    .then(|| {
                        view! {
                            <p class="hcp-alert" role="alert">
                                {remark_too_long(lang, max, count() - max)}
                            </p>
                        }
                    })
            }}
        </div>
    }
}

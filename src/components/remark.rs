//! The comment box: its label (which says when a 差评 needs it), the box,
//! marked invalid once the text is over [`Remark::MAX_CHARS`] characters
//! (characters, not UTF-16 units, hence no `maxlength`), and what follows
//! it: on the rating form the live count ([`RemarkCount`]) and an error
//! once over the limit; on the pad nothing (a smaller box on a screen with
//! no room to spare; sending says what is wrong).

use hcp_protocol::Remark;
use leptos::prelude::*;

use crate::env::Env;
use crate::i18n::shared::{form, remark_count, remark_too_long};

/// The count's id: the box's `aria-describedby` where [`RemarkCount`] follows it.
pub const COUNT_ID: &str = "hcp-remark-count";

/// How many characters `value` has (not UTF-16 units, which `maxlength` counts).
fn chars(value: RwSignal<String>) -> usize {
    value.with(|v| v.chars().count())
}

/// The 评价内容 textarea (`#hcp-remark`), and `count` after it.
#[component]
pub fn RemarkField<D, C>(
    /// The page's environment.
    env: &'static Env,
    /// The text.
    value: RwSignal<String>,
    /// Whether the stars are a 差评 (the comment is then one way to say why).
    bad: impl Fn() -> bool + Copy + Send + Sync + 'static,
    /// Called before the text changes: the form's complaint goes when the
    /// citizen types.
    on_input: impl Fn() + Copy + 'static,
    /// The box's visible rows.
    rows: &'static str,
    /// The box's classes.
    class: &'static str,
    /// The box's `aria-describedby`: [`COUNT_ID`] with the count, `()` without.
    describedby: D,
    /// What follows the box: [`RemarkCount`], or `()`.
    count: C,
) -> impl IntoView
where
    D: leptos::attr::AttributeValue + 'static,
    C: IntoView + 'static,
{
    let tx = form(env.lang);
    let over = move || chars(value) > Remark::MAX_CHARS;
    view! {
        <div class="hcp-remark">
            <label for="hcp-remark" class="hcp-remark__label">
                {move || if bad() { tx.remark_label_bad } else { tx.remark_label }}
            </label>
            <textarea
                id="hcp-remark"
                class=class
                rows=rows
                placeholder=tx.remark_placeholder
                aria-describedby=describedby
                aria-invalid=move || if over() { "true" } else { "false" }
                prop:value=move || value.get()
                on:input=move |ev| {
                    on_input();
                    value.set(event_target_value(&ev));
                }
            ></textarea>
            {count}
        </div>
    }
}

/// The count under the box ("12/500", and in words for a screen reader),
/// and an error once the text is over the limit. It turns red with the
/// box's `aria-invalid` (style/widget.css).
#[component]
pub fn RemarkCount(
    /// The page's environment.
    env: &'static Env,
    /// The text counted.
    value: RwSignal<String>,
) -> impl IntoView {
    let lang = env.lang;
    let max = Remark::MAX_CHARS;
    let count = move || chars(value);
    let over = move || count() > max;
    view! {
        <p id=COUNT_ID class="hcp-remark__count">
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
    }
}

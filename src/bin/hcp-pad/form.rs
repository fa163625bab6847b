//! The rating form on the pad: the stars, the tags for the chosen stars and
//! the comment box (the rating pages' own components), and one button. A
//! rating is sent with an idempotency key made here; if the gateway cannot
//! be reached it waits on the pad ([`crate::queue`]) and the citizen is
//! thanked all the same.

use hcp_protocol::api::{Rating, TagsResponse};
use hcp_protocol::pad::{PadCaseRef, PadRateRequest};
use hcp_protocol::types::{AppCode, IdempotencyKey, TagId, TagType};
use hcp_protocol::{EvalEntityCode, Problem, Remark, Stars};
use hcp_widget::api::{self, ApiFailure};
use hcp_widget::components::remark::RemarkField;
use hcp_widget::components::stars::StarRating;
use hcp_widget::components::tags::TagList;
use hcp_widget::env::Env;
use hcp_widget::fetch::Fetch;
use hcp_widget::i18n::shared::form;
use hcp_widget::idem;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::queue;

/// How a rating on the pad ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sent {
    /// The gateway has it.
    Sent,
    /// Kept on the pad until the gateway is back.
    Queued,
}

/// The form for the case shown (`case`) or the window's consultation (`None`).
#[component]
pub fn PadForm(
    /// The page's environment.
    env: &'static Env,
    /// The pad's credential.
    credential: &'static str,
    /// The window's appCode (its tag lists).
    app_code: AppCode,
    /// The case rated, or `None` for the consultation.
    case: Option<PadCaseRef>,
    /// Called once the rating is sent or kept.
    on_sent: impl Fn(Sent) + Copy + 'static,
) -> impl IntoView {
    let lang = env.lang;
    let tx = form(lang);
    let stars = RwSignal::new(None::<Stars>);
    let chosen = RwSignal::new(Vec::<String>::new());
    let remark = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let sending = RwSignal::new(false);
    let tag_type = if case.is_some() {
        TagType::Case
    } else {
        TagType::Consult
    };
    let base = &env.config.api_base;
    let tags: Fetch<Stars, TagsResponse> = Fetch::new(
        move || stars.get(),
        move |s, signal| {
            let app = app_code.clone();
            async move { api::tags(base, &app, EvalEntityCode::HallAffair, s, tag_type, signal).await }
        },
    );
    let on_stars = move |s: Stars| {
        if stars.get_untracked() != Some(s) {
            chosen.set(Vec::new());
            stars.set(Some(s));
            problem.set(None);
        }
    };
    let submit = move |_| {
        if sending.get_untracked() {
            return;
        }
        let Some(s) = stars.get_untracked() else {
            problem.set(Some(tx.need_stars.to_string()));
            return;
        };
        let remark = match Remark::new(remark.get_untracked()) {
            Ok(r) => r,
            Err(p) => {
                problem.set(Some(
                    hcp_protocol::FieldError::new("remark", p).message(lang),
                ));
                return;
            }
        };
        let tags: Vec<TagId> = chosen
            .get_untracked()
            .into_iter()
            .filter_map(|id| TagId::new(id).ok())
            .collect();
        let rating = Rating {
            stars: s,
            tags,
            remark,
        };
        if let Err(e) = rating.check() {
            problem.set(Some(if e.problem == Problem::NeedsReason {
                tx.bad_needs_reason.to_string()
            } else {
                e.message(lang)
            }));
            return;
        }
        let Ok(key) = IdempotencyKey::new(idem::new_key()) else {
            return;
        };
        let req = PadRateRequest {
            case: case.clone(),
            rating,
            idempotency_key: key,
        };
        sending.set(true);
        spawn_local(async move {
            let result = api::pad_rate(base, &req, credential, None).await;
            sending.try_set(false);
            match result {
                Ok(_) => on_sent(Sent::Sent),
                Err(f) if queue::retryable(&f) => {
                    if queue::push(req) {
                        on_sent(Sent::Queued);
                    } else {
                        problem.try_set(Some(f.message(lang)));
                    }
                }
                Err(f @ ApiFailure::Api { .. }) | Err(f @ ApiFailure::Http(_)) => {
                    problem.try_set(Some(f.message(lang)));
                }
                Err(_) => {}
            }
        });
    };
    let bad = move || stars.get().is_some_and(Stars::is_bad);
    let edited = move || problem.set(None);
    view! {
        <div class="pad-form">
            <StarRating env=env value=stars on_change=on_stars />
            <p class="hcp-form__hint" hidden=move || !bad()>{tx.bad_hint}</p>
            <TagList env=env tags=tags chosen=chosen on_toggle=edited />
            // Smaller than the rating pages' box, and without its count: the
            // screen has no room to spare (sending says what is wrong).
            <RemarkField
                env=env
                value=remark
                bad=bad
                on_input=edited
                rows="2"
                class="hcp-remark__input pad-remark"
                describedby=()
                count=()
            />
            {move || problem.get().map(|m| view! { <p class="hcp-alert" role="alert">{m}</p> })}
            <button
                type="button"
                class="hcp-btn hcp-btn--primary hcp-form__submit"
                disabled=move || sending.get()
                on:click=submit
            >
                {move || if sending.get() { tx.submitting } else { tx.submit }}
            </button>
        </div>
    }
}

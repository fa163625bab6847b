//! After a submission: delivered, queued or already rated (not a failure),
//! each case's own outcome on a batch page (a case may also be refused by
//! the platform, with its reason), and 返回 to an allowed returnUrl.

use hcp_protocol::Lang;
use hcp_protocol::api::{SubmitResponse, SubmitStatus};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::env::Env;
use crate::i18n::shared::rating_form;

fn status_title(lang: Lang, s: SubmitStatus) -> &'static str {
    let tx = rating_form(lang);
    match s {
        SubmitStatus::Delivered => tx.done_title,
        SubmitStatus::Queued => tx.queued_title,
        SubmitStatus::AlreadyRated => tx.already_title,
        SubmitStatus::Refused => tx.refused_title,
    }
}

/// The result of a submission.
#[component]
pub fn ResultView(
    /// The page's environment.
    env: &'static Env,
    /// The gateway's answer.
    response: SubmitResponse,
) -> impl IntoView {
    let lang = env.lang;
    let tx = rating_form(lang);
    let body = match response.status {
        SubmitStatus::Delivered => tx.done_body,
        SubmitStatus::Queued => tx.queued_body,
        SubmitStatus::AlreadyRated => tx.already_body,
        SubmitStatus::Refused => tx.refused_body,
    };
    let class = match response.status {
        SubmitStatus::Delivered => "hcp-result hcp-result--done",
        SubmitStatus::Queued => "hcp-result hcp-result--queued",
        SubmitStatus::AlreadyRated => "hcp-result hcp-result--already",
        SubmitStatus::Refused => "hcp-result hcp-result--refused",
    };
    let cases = (!response.cases.is_empty()).then(|| {
        let rows = response
            .cases
            .into_iter()
            .map(|c| {
                view! {
                    <li class="hcp-result__case">
                        <span class="hcp-result__case-no">{c.affair_serial_no}</span>
                        <span class="hcp-result__case-status">{status_title(lang, c.status)}</span>
                        <span class="hcp-result__case-msg">{c.message.unwrap_or_default()}</span>
                    </li>
                }
            })
            .collect_view();
        view! {
            <h3 class="hcp-result__cases-title">{tx.cases_result}</h3>
            <ul class="hcp-result__cases">{rows}</ul>
        }
    });
    let back = env.return_url.clone().map(|href| {
        view! {
            <a class="hcp-btn hcp-btn--primary" href=href target="_top">
                {tx.back}
            </a>
        }
    });
    // Focus moves to the heading once it is in the page: the task runs after
    // the render that mounts this view. (By id rather than an effect on a
    // `NodeRef`, which costs more wasm.)
    spawn_local(async {
        let doc = web_sys::window().and_then(|w| w.document());
        if let Some(h) = doc.and_then(|d| d.get_element_by_id("hcp-result-title")) {
            let _ = h.unchecked_into::<web_sys::HtmlElement>().focus();
        }
    });
    view! {
        <section class=class aria-labelledby="hcp-result-title">
            <h2 id="hcp-result-title" class="hcp-result__title" tabindex="-1">
                {status_title(lang, response.status)}
            </h2>
            <p class="hcp-result__body">{body}</p>
            {cases}
            {back}
        </section>
    }
}

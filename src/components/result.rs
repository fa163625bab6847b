//! After a submission: delivered, queued or already rated (not a failure),
//! each case's own outcome on a batch page, and 返回 to an allowed returnUrl.

use hcp_protocol::Lang;
use hcp_protocol::api::{SubmitResponse, SubmitStatus};
use leptos::html::H2;
use leptos::prelude::*;

use crate::app::use_ctx;
use crate::i18n::t;

fn status_title(lang: Lang, s: SubmitStatus) -> &'static str {
    let tx = t(lang);
    match s {
        SubmitStatus::Delivered => tx.done_title,
        SubmitStatus::Queued => tx.queued_title,
        SubmitStatus::AlreadyRated => tx.already_title,
    }
}

/// The result of a submission.
#[component]
pub fn ResultView(
    /// The gateway's answer.
    response: SubmitResponse,
) -> impl IntoView {
    let ctx = use_ctx();
    let lang = ctx.lang;
    let tx = t(lang);
    let body = match response.status {
        SubmitStatus::Delivered => tx.done_body,
        SubmitStatus::Queued => tx.queued_body,
        SubmitStatus::AlreadyRated => tx.already_body,
    };
    let modifier = match response.status {
        SubmitStatus::Delivered => "hcp-result--done",
        SubmitStatus::Queued => "hcp-result--queued",
        SubmitStatus::AlreadyRated => "hcp-result--already",
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
    let back = ctx.return_url.clone().map(|href| {
        view! {
            <a class="hcp-btn hcp-btn--primary" href=href target="_top">
                {tx.back}
            </a>
        }
    });
    let heading = NodeRef::<H2>::new();
    Effect::new(move || {
        if let Some(h) = heading.get() {
            let _ = h.focus();
        }
    });
    view! {
        <section class=format!("hcp-result {modifier}") aria-labelledby="hcp-result-title">
            <h2 id="hcp-result-title" class="hcp-result__title" tabindex="-1" node_ref=heading>
                {status_title(lang, response.status)}
            </h2>
            <p class="hcp-result__body">{body}</p>
            {cases}
            {back}
        </section>
    }
}

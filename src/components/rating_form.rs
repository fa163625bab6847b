//! The rating flow of SPEC §3: stars, tags, remark, the 差评 rule
//! (`Rating::check`), one submission in flight, the result, and the login
//! round trip on `401 login_required` with the draft kept.

use hcp_protocol::api::{
    BAD_RATING_NEEDS_REASON, HallChoice, Rating, SubmitRequest, SubmitResponse,
};
use hcp_protocol::types::{HallCode, TagId, WorkNo};
use hcp_protocol::{FieldError, Problem, Remark, Stars};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::api::{self, ApiFailure, Inflight};
use crate::app::{go_login, page_url, use_ctx, use_page};
use crate::components::remark::RemarkField;
use crate::components::result::ResultView;
use crate::components::stars::StarRating;
use crate::components::tags::TagList;
use crate::draft::{self, Draft};
use crate::host;
use crate::i18n::{remark_too_long, t};

/// The form, then its result.
#[component]
pub fn RatingForm(
    /// Consult online only: the (hallCode, workNo) the citizen picked.
    pick: Option<RwSignal<(String, String)>>,
) -> impl IntoView {
    let ctx = use_ctx();
    let page = use_page();
    let lang = ctx.lang;
    let tx = t(lang);

    let stars = RwSignal::new(None::<Stars>);
    let chosen = RwSignal::new(Vec::<String>::new());
    let remark = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let relogin = RwSignal::new(false);
    let outcome = RwSignal::new(None::<SubmitResponse>);
    let draft_key = page_url(&ctx);

    // Back from a login round trip: the citizen's choices, as they were.
    if let Some(d) = draft::take(&draft_key) {
        stars.set(Stars::try_from(i64::from(d.stars)).ok());
        chosen.set(d.tags);
        remark.set(d.remark);
        if let (Some(p), Some(h)) = (pick, d.hall) {
            p.set(h);
        }
    }

    let inflight = Inflight::new();
    let ticket = page
        .params
        .needs_login()
        .then(|| ctx.options.ticket.clone())
        .flatten();
    let base = ctx.config.api_base.clone();
    let submit = Action::new_local(move |req: &SubmitRequest| {
        let req = req.clone();
        let base = base.clone();
        let ticket = ticket.clone();
        let signal = inflight.next();
        async move { api::submit(&base, &req, ticket.as_deref(), signal).await }
    });
    let pending = submit.pending();

    // What the citizen sees and the host hears once the answer is in.
    {
        let ctx = ctx.clone();
        let kind = page.kind();
        Effect::new(move || {
            let Some(result) = submit.value().get() else {
                return;
            };
            match result {
                Ok(resp) => {
                    let s = stars.get_untracked().map_or(0, Stars::get);
                    host::submitted(kind.as_str(), s, resp.eval_id.as_deref());
                    outcome.set(Some(resp));
                }
                Err(e) if e.login_required() => {
                    let d = Draft {
                        stars: stars.get_untracked().map_or(0, Stars::get),
                        tags: chosen.get_untracked(),
                        remark: remark.get_untracked(),
                        hall: pick.map(|p| p.get_untracked()),
                    };
                    draft::save(&page_url(&ctx), &d);
                    relogin.set(true);
                    go_login(&ctx);
                }
                Err(ApiFailure::Aborted) => {}
                Err(e) => problem.set(Some(e.message(lang))),
            }
        });
    }

    let build = move || -> Result<SubmitRequest, String> {
        let Some(s) = stars.get_untracked() else {
            return Err(tx.need_stars.to_string());
        };
        // Tabs and other control characters pasted into the box become spaces.
        let text: String = remark
            .get_untracked()
            .chars()
            .map(|c| {
                if c.is_control() && c != '\n' && c != '\r' {
                    ' '
                } else {
                    c
                }
            })
            .collect();
        let remark = Remark::new(text).map_err(|p| match p {
            Problem::TooLong { max, actual } => remark_too_long(lang, max, actual - max),
            p => FieldError::new("remark", p).message(lang),
        })?;
        let tags = chosen
            .get_untracked()
            .into_iter()
            .map(|id| TagId::new(id).map_err(|p| FieldError::new("tags", p).message(lang)))
            .collect::<Result<Vec<_>, _>>()?;
        let hall = match pick.map(|p| p.get_untracked()) {
            None => None,
            Some((h, _)) if h.is_empty() => return Err(tx.need_hall.to_string()),
            Some((_, w)) if w.is_empty() => return Err(tx.need_worker.to_string()),
            Some((h, w)) => Some(HallChoice {
                hall_code: HallCode::new(h)
                    .map_err(|p| FieldError::new("hallCode", p).message(lang))?,
                work_no: WorkNo::new(w).map_err(|p| FieldError::new("workNo", p).message(lang))?,
            }),
        };
        let rating = Rating {
            stars: s,
            tags,
            remark,
        };
        rating.check().map_err(|e| {
            if e.problem == BAD_RATING_NEEDS_REASON {
                tx.bad_needs_reason.to_string()
            } else {
                e.message(lang)
            }
        })?;
        Ok(SubmitRequest {
            route: page.route.path().to_string(),
            query: ctx.query.clone(),
            rating,
            hall,
        })
    };

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        match build() {
            Ok(req) => {
                problem.set(None);
                submit.dispatch(req);
            }
            Err(msg) => problem.set(Some(msg)),
        }
    };

    let on_stars = Callback::new(move |s: Stars| {
        if stars.get_untracked() != Some(s) {
            // Tags belong to a star level: a new level starts with none.
            chosen.set(Vec::new());
            stars.set(Some(s));
            problem.set(None);
        }
    });
    let bad = Signal::derive(move || stars.get().is_some_and(Stars::is_bad));
    let finished = move || outcome.with(Option::is_some) || relogin.get();
    let result = move || {
        outcome
            .get()
            .map(|resp| view! { <ResultView response=resp /> })
    };
    let relogin_note = move || {
        relogin
            .get()
            .then(|| view! { <p class="hcp-status" role="status">{tx.login_expired}</p> })
    };

    view! {
        {result}
        {relogin_note}
        <form class="hcp-form" novalidate hidden=finished on:submit=on_submit>
            <StarRating value=stars on_change=on_stars />
            {move || bad.get().then(|| view! { <p class="hcp-form__hint">{tx.bad_hint}</p> })}
            <TagList stars=stars chosen=chosen problem=problem />
            <RemarkField value=remark bad=bad problem=problem />
            {move || problem.get().map(|m| view! { <p class="hcp-alert" role="alert">{m}</p> })}
            <button
                type="submit"
                class="hcp-btn hcp-btn--primary hcp-form__submit"
                prop:disabled=move || pending.get()
                aria-busy=move || if pending.get() { "true" } else { "false" }
            >
                {move || if pending.get() { tx.submitting } else { tx.submit }}
            </button>
        </form>
    }
}

//! The rating flow of SPEC §3: stars, tags, remark, the 差评 rule
//! (`Rating::check`), one submission in flight, the result, and the login
//! round trip on `401 login_required` with the draft kept.

use hcp_protocol::api::{HallChoice, Rating, SubmitRequest, SubmitResponse};
use hcp_protocol::types::{HallCode, TagId, WorkNo};
use hcp_protocol::{FieldError, Problem, Remark, Stars};
use leptos::either::Either;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ApiFailure, Inflight};
use crate::app::{go_login, page_url, use_ctx, use_page};
use crate::components::hall_picker::Pick;
use crate::components::remark::RemarkField;
use crate::components::result::ResultView;
use crate::components::stars::StarRating;
use crate::components::tags::TagList;
use crate::draft::{self, Draft};
use crate::host;
use crate::i18n::{remark_too_long, t};

/// How a submission ended, once it has: the form gives way to it.
#[derive(Clone)]
enum Outcome {
    /// The gateway's answer.
    Rated(SubmitResponse),
    /// `401 login_required`: on the way to the login, the draft kept.
    Relogin,
}

/// The form, then its result.
#[component]
pub fn RatingForm(
    /// Consult online only: the (hallCode, workNo) the citizen picked.
    pick: Option<Pick>,
) -> impl IntoView {
    let ctx = use_ctx();
    let page = use_page();
    let lang = ctx.lang;
    let tx = t(lang);

    let stars = RwSignal::new(None::<Stars>);
    let chosen = RwSignal::new(Vec::<String>::new());
    let remark = RwSignal::new(String::new());
    let problem = RwSignal::new(String::new());
    let outcome = RwSignal::new(None::<Outcome>);
    let draft_key = page_url(ctx);

    // Back from a login round trip: the citizen's choices, as they were.
    if let Some(d) = draft::take(&draft_key) {
        stars.set(Stars::try_from(i64::from(d.stars)).ok());
        chosen.set(d.tags);
        remark.set(d.remark);
        if let (Some(p), Some((hall, worker))) = (pick, d.hall) {
            p.hall.set(hall);
            p.worker.set(worker);
        }
    }

    let inflight = Inflight::new();
    let pending = RwSignal::new(false);
    let ticket = page
        .params
        .needs_login()
        .then(|| ctx.options.ticket.clone())
        .flatten();
    // Sends the rating; what the citizen sees and the host hears once the answer is in.
    let send = {
        let kind = page.kind();
        move |req: SubmitRequest| {
            pending.set(true);
            let signal = inflight.next();
            let ticket = ticket.clone();
            spawn_local(async move {
                let result =
                    api::submit(&ctx.config.api_base, &req, ticket.as_deref(), signal).await;
                pending.try_set(false);
                match result {
                    Ok(resp) => {
                        let s = stars.get_untracked().map_or(0, Stars::get);
                        host::submitted(kind.as_str(), s, resp.eval_id.as_deref());
                        outcome.set(Some(Outcome::Rated(resp)));
                    }
                    Err(e) if e.login_required() => {
                        let d = Draft {
                            stars: stars.get_untracked().map_or(0, Stars::get),
                            tags: chosen.get_untracked(),
                            remark: remark.get_untracked(),
                            hall: pick.map(|p| p.get_untracked()),
                        };
                        draft::save(&page_url(ctx), &d);
                        outcome.set(Some(Outcome::Relogin));
                        go_login(ctx);
                    }
                    Err(ApiFailure::Aborted) => {}
                    Err(e) => problem.set(e.message(lang)),
                }
            });
        }
    };

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
            if e.problem == Problem::NeedsReason {
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
                problem.set(String::new());
                send(req);
            }
            Err(msg) => problem.set(msg),
        }
    };

    let on_stars = move |s: Stars| {
        if stars.get_untracked() != Some(s) {
            // Tags belong to a star level: a new level starts with none.
            chosen.set(Vec::new());
            stars.set(Some(s));
            problem.set(String::new());
        }
    };
    let bad = move || stars.get().is_some_and(Stars::is_bad);
    let finished = move || outcome.with(Option::is_some);
    // One view for what replaces the form (a single `Either` costs less wasm than two views).
    let result = move || {
        outcome.get().map(|o| match o {
            Outcome::Rated(resp) => Either::Left(view! { <ResultView response=resp /> }),
            Outcome::Relogin => {
                Either::Right(view! { <p class="hcp-status" role="status">{tx.login_expired}</p> })
            }
        })
    };

    view! {
        {result}
        <form class="hcp-form" novalidate hidden=finished on:submit=on_submit>
            <StarRating value=stars on_change=on_stars />
            <p class="hcp-form__hint" hidden=move || !bad()>
                {tx.bad_hint}
            </p>
            <TagList stars=stars chosen=chosen problem=problem />
            <RemarkField value=remark bad=bad problem=problem />
            {move || {
                let m = problem.get();
                (!m.is_empty()).then(|| view! { <p class="hcp-alert" role="alert">{m}</p> })
            }}
            <button
                type="submit"
                class="hcp-btn hcp-btn--primary hcp-form__submit"
                disabled=move || pending.get()
                aria-busy=move || if pending.get() { "true" } else { "false" }
            >
                {move || if pending.get() { tx.submitting } else { tx.submit }}
            </button>
        </form>
    }
}

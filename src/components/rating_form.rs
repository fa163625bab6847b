//! The rating flow of SPEC §3: stars, tags, remark, the 差评 rule
//! (`Rating::check`, whose `Problem::NeedsReason` is recognised as a value),
//! one submission in flight, the result, and the login round trip on
//! `401 login_required` with the draft kept. What is rated is [`Rated`]: a
//! rating page (the rating entry's `Page`), or what 我的评价 and 一件事 rate. Each rating attempt has an
//! idempotency key, kept with the draft until the answer is in: sending the
//! same rating again (a retry, or a reload after a lost answer) sends the
//! same key; a changed rating gets a new one.

use hcp_protocol::api::{HallChoice, Rating, SubmitRequest, SubmitResponse, TagsResponse};
use hcp_protocol::types::{AppCode, HallCode, IdempotencyKey, TagId, TagType, WorkNo};
use hcp_protocol::{EvalEntityCode, FieldError, Lang, Problem, Remark, Stars};
use leptos::either::Either;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ApiFailure, Inflight};
use crate::components::pick::Pick;
use crate::components::remark::{COUNT_ID, RemarkCount, RemarkField};
use crate::components::result::ResultView;
use crate::components::stars::StarRating;
use crate::components::tags::TagList;
use crate::draft::{self, Draft};
use crate::env::Env;
use crate::fetch::Fetch;
use crate::host;
use crate::i18n::shared::{form, rating_form, remark_too_long};
use crate::idem;

/// What a form rates: the page it is submitted as (the gateway parses its
/// route and query again, and trusts the browser with nothing else) and the
/// tag catalog it shows. Its draft is kept under the `Env`'s page URL, which
/// a login round trip comes back to. A trait rather than a struct the pages
/// fill in: the rating pages answer from their parsed parameters as before,
/// and their bundle stays as it was (a struct measured 0.1–0.16 KB more
/// brotli).
pub trait Rated: Send + Sync + 'static {
    /// The route submitted (`/front/pc/`, `/front/onething/`, …).
    fn route(&self) -> &'static str;
    /// The query submitted (without a ticket).
    fn query<'a>(&'a self, env: &'a Env) -> &'a String;
    /// The tag catalog's appCode.
    fn app_code(&self) -> &AppCode;
    /// The tag catalog's evalEntityCode.
    fn entity(&self) -> EvalEntityCode;
    /// The tag catalog's type.
    fn tag_type(&self) -> TagType;
    /// The page's name told to the host on success (`guide`, `my`, `onething`, …).
    fn name(&self) -> &'static str;
    /// The ticket to send (when the page needs a login).
    fn ticket<'a>(&self, env: &'a Env) -> Option<&'a str>;
}

/// What stops the form, shown under it (`role="alert"`) until the citizen
/// changes something.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormProblem {
    /// No stars chosen.
    NeedStars,
    /// Consult online: no hall picked.
    NeedHall,
    /// Consult online: no worker picked.
    NeedWorker,
    /// A value the rules refuse (the 差评 rule among them).
    Invalid(FieldError),
    /// The gateway refused the submission, or could not be reached.
    Failed(ApiFailure),
}

impl FormProblem {
    /// What the citizen is told.
    pub fn message(&self, lang: Lang) -> String {
        let (tx, rx) = (form(lang), rating_form(lang));
        match self {
            FormProblem::NeedStars => tx.need_stars.to_string(),
            FormProblem::NeedHall => rx.need_hall.to_string(),
            FormProblem::NeedWorker => rx.need_worker.to_string(),
            FormProblem::Invalid(e) => match e.problem {
                // The form's own wording: the field's name means nothing to a citizen here.
                Problem::NeedsReason => tx.bad_needs_reason.to_string(),
                Problem::TooLong { max, actual } if e.field == "remark" => {
                    remark_too_long(lang, max, actual - max)
                }
                _ => e.message(lang),
            },
            FormProblem::Failed(f) => f.message(lang),
        }
    }
}

/// Where the form is. One signal for the three states rather than one
/// each (every signal type costs its own wasm).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Phase {
    /// The citizen is choosing; what stopped the last submit, if anything.
    Editing(Option<FormProblem>),
    /// The submission is in flight (the button is disabled).
    Sending,
    /// The gateway answered: the result replaces the form.
    Rated(SubmitResponse),
    /// `401 login_required`: on the way to the login, the draft kept.
    Relogin,
}

impl Phase {
    /// The citizen changed something: the complaint goes (not while sending).
    pub fn clear_problem(phase: RwSignal<Phase>) {
        if matches!(phase.get_untracked(), Phase::Editing(Some(_))) {
            phase.set(Phase::Editing(None));
        }
    }
}

/// The rating the citizen has chosen so far, as a request, or what stops it.
fn build<R: Rated>(
    env: &Env,
    page: &R,
    stars: Option<Stars>,
    chosen: Vec<String>,
    remark: String,
    pick: Option<Pick>,
) -> Result<SubmitRequest, FormProblem> {
    let invalid = |field: &str, p: Problem| FormProblem::Invalid(FieldError::new(field, p));
    let stars = stars.ok_or(FormProblem::NeedStars)?;
    // Tabs and other control characters pasted into the box become spaces.
    let text: String = remark
        .chars()
        .map(|c| {
            if c.is_control() && c != '\n' && c != '\r' {
                ' '
            } else {
                c
            }
        })
        .collect();
    let remark = Remark::new(text).map_err(|p| invalid("remark", p))?;
    let tags = chosen
        .into_iter()
        .map(|id| TagId::new(id).map_err(|p| invalid("tags", p)))
        .collect::<Result<Vec<_>, _>>()?;
    let hall = match pick.map(Pick::get_untracked) {
        None => None,
        Some(p) if p.hall.is_empty() => return Err(FormProblem::NeedHall),
        Some(p) if p.worker.is_empty() => return Err(FormProblem::NeedWorker),
        Some(p) => Some(HallChoice {
            hall_code: HallCode::new(p.hall).map_err(|e| invalid("hallCode", e))?,
            work_no: WorkNo::new(p.worker).map_err(|e| invalid("workNo", e))?,
        }),
    };
    let rating = Rating {
        stars,
        tags,
        remark,
    };
    rating.check().map_err(FormProblem::Invalid)?;
    Ok(SubmitRequest {
        route: page.route().to_string(),
        query: page.query(env).clone(),
        rating,
        hall,
        idempotency_key: None,
    })
}

/// The form, then its result.
#[component]
pub fn RatingForm<R: Rated>(
    /// The page's environment.
    env: &'static Env,
    /// What is rated.
    page: &'static R,
    /// Consult online only: the window the citizen picks.
    pick: Option<Pick>,
) -> impl IntoView {
    let lang = env.lang;
    let (tx, rx) = (form(lang), rating_form(lang));

    let stars = RwSignal::new(None::<Stars>);
    let chosen = RwSignal::new(Vec::<String>::new());
    let remark = RwSignal::new(String::new());
    let phase = RwSignal::new(Phase::Editing(None));

    // Back from a login round trip, or reloaded after a lost answer: the
    // citizen's choices as they were, and the key they were sent with.
    if let Some(d) = draft::load(&env.page_url()) {
        stars.set(Stars::try_from(i64::from(d.stars)).ok());
        chosen.set(d.tags);
        remark.set(d.remark);
        if let (Some(p), Some(picked)) = (pick, d.hall) {
            p.set(picked);
        }
    }

    let inflight = Inflight::new();
    // Sends the rating; what the citizen sees and the host hears once the answer is in.
    let send = move |req: SubmitRequest| {
        phase.set(Phase::Sending);
        let signal = inflight.next();
        spawn_local(async move {
            let result = api::submit(&env.config.api_base, &req, page.ticket(env), signal).await;
            let next = match result {
                Ok(resp) => {
                    draft::clear(&env.page_url());
                    let s = stars.get_untracked().map_or(0, Stars::get);
                    host::submitted(page.name(), s, resp.eval_id.as_deref());
                    Phase::Rated(resp)
                }
                Err(e) if e.login_required() => {
                    // Kept since sending (with its key): on to the login.
                    env.go_login();
                    Phase::Relogin
                }
                // The form went away.
                Err(ApiFailure::Aborted) => return,
                Err(e) => Phase::Editing(Some(FormProblem::Failed(e))),
            };
            phase.try_set(next);
        });
    };

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if phase.get_untracked() == Phase::Sending {
            return;
        }
        let req = build(
            env,
            page,
            stars.get_untracked(),
            chosen.get_untracked(),
            remark.get_untracked(),
            pick,
        );
        match req {
            Ok(mut req) => {
                let mut d = Draft {
                    stars: req.rating.stars.get(),
                    tags: chosen.get_untracked(),
                    remark: remark.get_untracked(),
                    hall: pick.map(Pick::get_untracked),
                    key: None,
                };
                // The draft kept since the last send (until its answer): the
                // same rating again is the same attempt, with the same key.
                let page_url = env.page_url();
                let key = draft::load(&page_url)
                    .filter(|last| last.same_rating(&d))
                    .and_then(|last| last.key)
                    .unwrap_or_else(idem::new_key);
                req.idempotency_key = IdempotencyKey::new(key.as_str()).ok();
                d.key = Some(key);
                draft::save(&page_url, &d);
                send(req);
            }
            Err(p) => phase.set(Phase::Editing(Some(p))),
        }
    };

    let on_stars = move |s: Stars| {
        if stars.get_untracked() != Some(s) {
            // Tags belong to a star level: a new level starts with none.
            chosen.set(Vec::new());
            stars.set(Some(s));
            Phase::clear_problem(phase);
        }
    };
    // The tags of the chosen stars, from what is rated's catalog.
    let tags: Fetch<Stars, TagsResponse> = Fetch::new(
        move || stars.get(),
        move |s, signal| {
            api::tags(
                &env.config.api_base,
                page.app_code(),
                page.entity(),
                s,
                page.tag_type(),
                signal,
            )
        },
    );
    // The citizen changed something: the complaint goes.
    let edited = move || Phase::clear_problem(phase);
    let bad = move || stars.get().is_some_and(Stars::is_bad);
    let sending = move || phase.with(|p| *p == Phase::Sending);
    let finished = move || phase.with(|p| matches!(p, Phase::Rated(_) | Phase::Relogin));
    // One view for what replaces the form (a single `Either` costs less wasm than two views).
    let result = move || {
        phase.with(|p| match p {
            Phase::Rated(resp) => Some(Either::Left(
                view! { <ResultView env=env response=resp.clone() /> },
            )),
            Phase::Relogin => Some(Either::Right(
                view! { <p class="hcp-status" role="status">{rx.login_expired}</p> },
            )),
            _ => None,
        })
    };
    let problem = move || {
        phase.with(|p| match p {
            Phase::Editing(Some(p)) => Some(p.message(lang)),
            _ => None,
        })
    };

    view! {
        {result}
        <form class="hcp-form" novalidate hidden=finished on:submit=on_submit>
            <StarRating env=env value=stars on_change=on_stars />
            <p class="hcp-form__hint" hidden=move || !bad()>
                {tx.bad_hint}
            </p>
            <TagList env=env tags=tags chosen=chosen on_toggle=edited />
            <RemarkField
                env=env
                value=remark
                bad=bad
                on_input=edited
                rows="4"
                class="hcp-remark__input"
                describedby=COUNT_ID
                count=view! { <RemarkCount env=env value=remark /> }
            />
            {move || problem().map(|m| view! { <p class="hcp-alert" role="alert">{m}</p> })}
            <button
                type="submit"
                class="hcp-btn hcp-btn--primary hcp-form__submit"
                disabled=sending
                aria-busy=move || if sending() { "true" } else { "false" }
            >
                {move || if sending() { tx.submitting } else { tx.submit }}
            </button>
        </form>
    }
}

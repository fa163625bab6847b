//! The hall window's pad (评价器), the gateway's side: what a pad is shown
//! ([`snapshot`], [`case_view`]), how a rating made on it becomes an outbox
//! entry ([`plan`]), how its window learns of a rating made anywhere
//! ([`rated`]), and the watch that closes a revoked pad's connection
//! ([`watch_revocations`]). The store is `pads`, the fan-out `live`, the
//! HTTP side `routes::pad` (pads) and `routes::hall` (hall systems).
//!
//! A pad never receives a phone or ID number: a case reaches it with the
//! citizen's name masked, and a rating made on it names only the case; the
//! evaluator is the one the hall system reported, filled in here.

use std::time::Duration;

use hcp_protocol::api::{SubmitResponse, SubmitStatus};
use hcp_protocol::pad::{
    PadCase, PadCaseRef, PadEvent, PadEventKind, PadRateRequest, PadWindow, mask_name,
};
use hcp_protocol::params::{
    AffairParams, Common, ConsultHallParams, HallAffairParams, HallWorker, UrlEvaluator,
};
use hcp_protocol::types::{
    AppCode, CaseNo, Code, EvalProcess, HallCode, Name, PersonName, Personal, WorkNo,
};
use hcp_protocol::{Channel, PageParams};
use sha2::{Digest, Sha256};
use tokio::sync::watch;

use crate::AppState;
use crate::db::now_secs;
use crate::directory;
use crate::error::AppError;
use crate::hall_links::{self, WindowParts};
use crate::identity::{CERT_TYPE_ID_CARD, Evaluator, USER_TYPE_PERSON};
use crate::live::{self, Event};
use crate::outbox::ClientKey;
use crate::pads::{self, Pad, Reported, Window};
use crate::payload::{self, IdemKey, Plan, UpstreamBody};

/// Why a pad rating is refused (besides the ordinary rating errors).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PadRefusal {
    /// No credential, or a forged, unknown or revoked one: 401 `pad_refused`.
    Credential(Option<pads::Refusal>),
    /// The case was not reported at this pad's window (another window's, or
    /// none): 403 `not_this_window`.
    NotThisWindow,
    /// Reported more than a day ago: 422 `case_expired`.
    Expired,
    /// The pad's window is no longer in the hall directory: 422 `unknown_worker`.
    UnknownWindow,
}

/// A pad rating's failure.
#[derive(Debug)]
pub enum RateError {
    /// Refused for a pad reason.
    Pad(PadRefusal),
    /// Refused like any rating.
    App(AppError),
}

impl From<AppError> for RateError {
    fn from(e: AppError) -> RateError {
        RateError::App(e)
    }
}

impl From<anyhow::Error> for RateError {
    fn from(e: anyhow::Error) -> RateError {
        RateError::App(AppError::Internal(e))
    }
}

/// The names the directory has for a window: (hall name, worker name).
async fn window_names(state: &AppState, w: &Window) -> anyhow::Result<Option<(String, String)>> {
    let (hall, work) = (w.hall_code.clone(), w.work_no.clone());
    state
        .db
        .read(move |c| {
            let hall_name = directory::hall_name(c, &hall)?;
            let worker = directory::worker_name(c, &hall, &work)?;
            Ok(hall_name.zip(worker))
        })
        .await
}

fn parts<'a>(w: &'a Window, worker_name: &'a str) -> WindowParts<'a> {
    WindowParts {
        app_code: &w.app_code,
        hall_code: &w.hall_code,
        work_no: &w.work_no,
        worker_name,
    }
}

/// How a reported case is shown, or `None` when it is no longer shown at
/// `now` (or its case record is gone from the directory).
pub async fn case_view(
    state: &AppState,
    case: &Reported,
    worker_name: &str,
    base: &str,
    now: i64,
) -> anyhow::Result<Option<PadCase>> {
    let show = i64::try_from(state.config.pad_show.as_secs()).unwrap_or(i64::MAX);
    let left = case.reported_at.saturating_add(show) - now;
    if left <= 0 || case.rated_at.is_some() {
        return Ok(None);
    }
    let serial = case.affair_serial_no.clone();
    let Some(record) = state
        .db
        // Its department named from the department directory when the case has no name.
        .read(move |c| crate::payload::find_case(c, &serial))
        .await?
    else {
        return Ok(None);
    };
    let link = hall_links::dynamic_link(
        base,
        parts(&case.window, worker_name),
        &case.affair_serial_no,
        &record.affair_code,
        case.eval_process,
    )
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(Some(PadCase {
        affair_serial_no: case.affair_serial_no.clone(),
        eval_process: case.eval_process,
        affair_name: record.affair_name,
        department_name: record.department_name.unwrap_or(record.department_code),
        citizen: mask_name(case.user_name.as_deref().unwrap_or_default()),
        dynamic_link: link,
        show_ms: u32::try_from(left.saturating_mul(1000)).unwrap_or(u32::MAX),
    }))
}

/// The case a window's pads show now, if any.
pub async fn showing(
    state: &AppState,
    w: &Window,
    worker_name: &str,
    base: &str,
) -> anyhow::Result<Option<PadCase>> {
    let now = now_secs();
    let since = now - i64::try_from(state.config.pad_show.as_secs()).unwrap_or(i64::MAX);
    let window = w.clone();
    let Some(case) = state
        .db
        .read(move |c| pads::showing(c, &window, since))
        .await?
    else {
        return Ok(None);
    };
    case_view(state, &case, worker_name, base, now).await
}

/// The `hello` event: the pad's window (from the hall directory) and its
/// current case. `None` when the window is no longer in the directory.
pub async fn snapshot(state: &AppState, pad: &Pad, base: &str) -> anyhow::Result<Option<PadEvent>> {
    let Some((hall_name, worker_name)) = window_names(state, &pad.window).await? else {
        return Ok(None);
    };
    let case = showing(state, &pad.window, &worker_name, base).await?;
    Ok(Some(PadEvent {
        event: PadEventKind::Hello,
        window: Some(PadWindow {
            consult_link: hall_links::consult_link(base, parts(&pad.window, &worker_name)),
            app_code: pad.window.app_code.clone(),
            hall_name,
            worker_name,
            work_no: pad.window.work_no.clone(),
        }),
        case,
        rated: None,
        zh: None,
        en: None,
    }))
}

/// An event that carries nothing but its kind and a case reference.
pub fn rated_event(affair_serial_no: &str, eval_process: u8) -> PadEvent {
    PadEvent {
        event: PadEventKind::Rated,
        window: None,
        case: None,
        rated: Some(PadCaseRef {
            affair_serial_no: affair_serial_no.to_string(),
            eval_process,
        }),
        zh: None,
        en: None,
    }
}

/// The `refused` event, saying why.
pub fn refused_event(zh: &str, en: &str) -> PadEvent {
    PadEvent {
        event: PadEventKind::Refused,
        window: None,
        case: None,
        rated: None,
        zh: Some(zh.to_string()),
        en: Some(en.to_string()),
    }
}

/// The client key of a pad rating: the pad's idempotency key, fingerprinted
/// with the pad, the case and the rating (the same key with another rating
/// is refused, as for every client).
fn client_key(pad: &Pad, req: &PadRateRequest) -> ClientKey {
    let text = serde_json::json!(["pad", pad.id, req.case, req.rating]).to_string();
    ClientKey {
        key: crate::idempotency::outbox_key(&pad.window.app_code, &req.idempotency_key),
        fingerprint: Sha256::digest(text.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect(),
    }
}

fn invalid(field: &str, p: hcp_protocol::Problem) -> AppError {
    AppError::Param(hcp_protocol::FieldError::new(field, p))
}

/// The window of a page: its parts as the protocol's types.
fn hall_worker(w: &Window, worker_name: &str) -> Result<HallWorker, AppError> {
    Ok(HallWorker {
        hall_code: HallCode::new(w.hall_code.as_str()).map_err(|p| invalid("hallCode", p))?,
        work_no: WorkNo::new(w.work_no.as_str()).map_err(|p| invalid("workNo", p))?,
        worker_name: Some(PersonName::new(worker_name).map_err(|p| invalid("workerName", p))?),
    })
}

fn common(w: &Window) -> Result<Common, AppError> {
    Ok(Common {
        app_code: AppCode::new(w.app_code.as_str()).map_err(|p| invalid("appCode", p))?,
        channel: Channel::HallPad,
    })
}

/// What a rating on the pad sends: 办件评价 (hallAffair, channel `hallPad`,
/// the stage and the evaluator the hall system reported) for a case the pad
/// was shown, or 咨询评价 of its window (channel `hallPad`, no evaluator: the
/// citizen at the pad is not identified). Built by `payload::build` from
/// page parameters the gateway makes itself, so a pad rating is checked and
/// enriched exactly like a page's.
pub async fn plan(state: &AppState, pad: &Pad, req: &PadRateRequest) -> Result<Plan, RateError> {
    let now = now_secs();
    let Some((_, worker_name)) = window_names(state, &pad.window).await? else {
        return Err(RateError::Pad(PadRefusal::UnknownWindow));
    };
    let worker = hall_worker(&pad.window, &worker_name)?;
    let (params, evaluator, anonymous) = match &req.case {
        Some(r) => {
            let (app, serial, stage) = (
                pad.window.app_code.clone(),
                r.affair_serial_no.clone(),
                r.eval_process,
            );
            let reported = state
                .db
                .read(move |c| pads::find(c, &app, &serial, stage))
                .await?;
            let Some(reported) = reported.filter(|c| c.window == pad.window) else {
                tracing::info!(
                    "pad rating refused: the case was not reported at this pad's window"
                );
                return Err(RateError::Pad(PadRefusal::NotThisWindow));
            };
            if reported.reported_at + pads::CASE_TTL_SECS < now {
                return Err(RateError::Pad(PadRefusal::Expired));
            }
            let (Some(name), Some(phone), Some(id)) = (
                reported.user_name.clone(),
                reported.contact_phone_des.clone(),
                reported.certificate_no_des.clone(),
            ) else {
                // Erased (expired meanwhile): nothing to rate with.
                return Err(RateError::Pad(PadRefusal::Expired));
            };
            let des = &state.config.des_key;
            let personal = |hex: &str| {
                des.decrypt_hex(hex)
                    .ok()
                    .and_then(|p| Personal::new(p).ok())
                    .ok_or_else(|| anyhow::anyhow!("a reported evaluator does not decrypt"))
            };
            let (phone, id) = (personal(&phone)?, personal(&id)?);
            let serial = r.affair_serial_no.clone();
            let record = state
                .db
                .read(move |c| directory::find_case(c, &serial))
                .await?
                .ok_or(AppError::UnknownCase(None))?;
            let user_name = PersonName::new(name).map_err(|p| invalid("userName", p))?;
            let params = PageParams::AffairHall(HallAffairParams {
                affair: AffairParams {
                    common: common(&pad.window)?,
                    affair_name: Name::new(record.affair_name)
                        .map_err(|p| invalid("affairName", p))?,
                    affair_serial_no: CaseNo::new(record.affair_serial_no)
                        .map_err(|p| invalid("affairSerialNo", p))?,
                    department_code: Code::new(record.department_code)
                        .map_err(|p| invalid("departmentCode", p))?,
                    eval_process: EvalProcess::try_from(i64::from(r.eval_process))
                        .map_err(|p| invalid("case.evalProcess", p))?,
                },
                worker,
                evaluator: UrlEvaluator {
                    user_name: user_name.clone(),
                    contact_phone: phone.clone(),
                    certificate_no: id.clone(),
                },
                offline: true,
            });
            let evaluator = Evaluator {
                user_id: None,
                user_name: user_name.as_str().to_string(),
                user_type: USER_TYPE_PERSON,
                certificate_type: Some(CERT_TYPE_ID_CARD),
                certificate_no: Some(id),
                contact_phone: Some(phone),
                passport_name: None,
            };
            (params, evaluator, false)
        }
        None => {
            let params = PageParams::ConsultHall(ConsultHallParams {
                common: common(&pad.window)?,
                worker,
            });
            // A stand-in: the consultation is rated without a `user` (4.4
            // allows it); its body and key are put right below.
            let evaluator = Evaluator {
                user_id: None,
                user_name: String::new(),
                user_type: USER_TYPE_PERSON,
                certificate_type: None,
                certificate_no: None,
                contact_phone: None,
                passport_name: None,
            };
            (params, evaluator, true)
        }
    };
    let p2 = params.clone();
    let lookup = state
        .db
        .read(move |c| payload::lookup(c, &p2, None))
        .await?;
    let sub = payload::Submission {
        params: &params,
        rating: &req.rating,
        choice: None,
        evaluator: &evaluator,
    };
    let mut plan = payload::build(
        &sub,
        &state.config.des_key,
        &lookup,
        now,
        &state.config.periods,
    )?;
    if anonymous {
        // Nobody to count once per day: each consultation rated on a pad is
        // its own rating, kept once under the pad's idempotency key.
        if let UpstreamBody::Consult(b) = &mut plan.body {
            b.user = None;
        }
        plan.keys = vec![IdemKey {
            key: [
                "consult:",
                &pad.window.hall_code,
                ":",
                &pad.window.work_no,
                ":a",
                &pad.id,
                "-",
                req.idempotency_key.as_str(),
                ":",
                &payload::period_label(now, state.config.periods.consult_days),
            ]
            .concat(),
            case_no: None,
        }];
    }
    plan.client = Some(client_key(pad, req));
    Ok(plan)
}

/// Whether an answer means the case is rated (now or before).
pub fn settles(answer: &SubmitResponse) -> bool {
    matches!(
        answer.status,
        SubmitStatus::Delivered | SubmitStatus::Queued | SubmitStatus::AlreadyRated
    )
}

/// A rating of `serials` at `stage` was accepted (on a pad: `by = "pad"`; on
/// a page: `"link"`): the reported cases among them are marked rated, their
/// evaluator erased, and their windows' pads told. Cheap when none was
/// reported (one indexed update). Failures are logged, not returned: the
/// rating itself stands.
pub async fn rated(
    state: &AppState,
    app_code: &str,
    serials: Vec<String>,
    stage: u8,
    by: &'static str,
) {
    if serials.is_empty() {
        return;
    }
    let app = app_code.to_string();
    let now = now_secs();
    let marked = state
        .db
        .write(move |c| {
            let refs: Vec<&str> = serials.iter().map(String::as_str).collect();
            let windows = pads::mark_rated(c, &app, &refs, stage, by, now)?;
            for (w, serial) in &windows {
                live::notify(
                    c,
                    &w.topic(),
                    &Event::Rated {
                        affair_serial_no: serial.clone(),
                        eval_process: stage,
                    },
                )?;
            }
            Ok(())
        })
        .await;
    match marked {
        Ok(()) => {}
        Err(e) => tracing::warn!(
            error = %crate::error::safe_text(&format!("{e:#}"), 200),
            "a rated case could not be marked on its window's pads"
        ),
    }
}

/// The rating of a page, for [`rated`]: its case numbers and stage, if it rates cases.
pub fn rated_cases(params: &PageParams) -> Option<(Vec<String>, u8)> {
    let serials: Vec<String> = params
        .case_numbers()
        .into_iter()
        .map(|c| c.as_str().to_string())
        .collect();
    let stage = params.eval_process()?.get();
    (!serials.is_empty()).then_some((serials, stage))
}

/// Every `every`, looks for pads revoked since the last look and tells their
/// windows, whose connections of that pad then close. A revocation is also
/// published through the store when it commits (`pads::revoke`), which
/// reaches every gateway on a shared PostgreSQL at once; the look is what
/// reaches a SQLite gateway, whose in-process notifications another process
/// (`hcp-gateway pad-link --revoke`) cannot publish to. Also
/// erases the evaluators of reported cases past [`pads::CASE_TTL_SECS`].
pub async fn watch_revocations(state: AppState, every: Duration, mut stop: watch::Receiver<bool>) {
    let mut since = now_secs();
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = tick.tick() => {}
            _ = async { let _ = stop.wait_for(|s| *s).await; } => return,
        }
        let from = since;
        let now = now_secs();
        let found = state.db.read(move |c| pads::revoked_since(c, from)).await;
        match found {
            Ok(revoked) => {
                for (id, w) in revoked {
                    state
                        .live
                        .publish(&w.topic(), Event::Revoked { pad_id: id });
                }
                // A revocation in the same second is seen twice: harmless.
                since = now;
            }
            Err(e) => tracing::warn!(
                error = %crate::error::safe_text(&format!("{e:#}"), 200),
                "cannot look for revoked pads"
            ),
        }
        let expire_before = now - pads::CASE_TTL_SECS;
        if let Err(e) = state
            .db
            .write(move |c| pads::expire(c, expire_before))
            .await
        {
            tracing::warn!(
                error = %crate::error::safe_text(&format!("{e:#}"), 200),
                "cannot erase expired evaluators"
            );
        }
    }
}

//! A rating made on a window's pad: its plan (page parameters made by the
//! gateway, never by the pad: the reported case with its evaluator, or an
//! anonymous consultation of the window), and how its window learns of a
//! rating of a reported case made anywhere ([`rated`]).
//!
//! A pad never receives a phone or ID number: a case reaches it with the
//! citizen's name masked, and a rating made on it names only the case; the
//! evaluator is the one the hall system reported, filled in here.

use crate::directory::cases;
use crate::error::AppError;
use crate::hall::live::{self, Event};
use crate::hall::pads::{Pad, Window};
use crate::hall::screen::window_names;
use crate::hall::{pads, reported};
use crate::identity::evaluator::{CERT_TYPE_ID_CARD, Evaluator, USER_TYPE_PERSON};
use crate::rating::plan::{ClientKey, IdemKey, Plan, UpstreamBody};
use crate::rating::prepare;
use crate::rating::{lookup, plan};
use crate::state::AppState;
use hcp_protocol::api::{SubmitResponse, SubmitStatus};
use hcp_protocol::pad::PadRateRequest;
use hcp_protocol::params::{
    AffairParams, Common, ConsultHallParams, HallAffairParams, HallWorker, UrlEvaluator,
};
use hcp_protocol::types::{
    AppCode, CaseNo, Code, EvalProcess, HallCode, Name, PersonName, Personal, WorkNo,
};
use hcp_protocol::{Channel, PageParams};
use sha2::{Digest, Sha256};

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

/// The client key of a pad rating: the pad's idempotency key, fingerprinted
/// with the pad, the case and the rating (the same key with another rating
/// is refused, as for every client).
pub(crate) fn client_key(pad: &Pad, req: &PadRateRequest) -> ClientKey {
    let text = serde_json::json!(["pad", pad.id, req.case, req.rating]).to_string();
    ClientKey {
        key: crate::rating::idempotency::outbox_key(&pad.window.app_code, &req.idempotency_key),
        fingerprint: hex::encode(Sha256::digest(text.as_bytes())),
    }
}

pub(crate) fn invalid(field: &str, p: hcp_protocol::Problem) -> AppError {
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

pub(crate) fn common(w: &Window) -> Result<Common, AppError> {
    Ok(Common {
        app_code: AppCode::new(w.app_code.as_str()).map_err(|p| invalid("appCode", p))?,
        channel: Channel::HallPad,
    })
}

/// What a rating on the pad sends: 办件评价 (hallAffair, channel `hallPad`,
/// the stage and the evaluator the hall system reported) for a case the pad
/// was shown, or 咨询评价 of its window (channel `hallPad`, no evaluator: the
/// citizen at the pad is not identified). Built by `body::build` from
/// page parameters the gateway makes itself, so a pad rating is checked and
/// enriched exactly like a page's.
pub async fn plan(state: &AppState, pad: &Pad, req: &PadRateRequest) -> Result<Plan, RateError> {
    let now = state.clock.now_secs();
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
                .read(move |c| reported::find(c, &app, &serial, stage))
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
                .read(move |c| cases::find_case(c, &serial))
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
    let sub = lookup::Submission {
        params: &params,
        rating: &req.rating,
        choice: None,
        evaluator: &evaluator,
    };
    let mut plan = prepare::plan(state, &sub, now).await?;
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
                &plan::period_label(now, state.config.periods.consult_days),
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
    let now = state.clock.now_secs();
    let marked = state
        .db
        .write(move |c| {
            let refs: Vec<&str> = serials.iter().map(String::as_str).collect();
            let windows = reported::mark_rated(c, &app, &refs, stage, by, now)?;
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
            error = %crate::redact::safe_text(&format!("{e:#}"), 200),
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

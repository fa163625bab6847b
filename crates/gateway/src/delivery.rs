//! Delivery: the immediate attempt of a submission and the background loop
//! that retries due outbox entries with backoff. An entry whose last attempt
//! had an unknown outcome is confirmed with the platform before anything is
//! sent again (`confirm`).
//!
//! An attempt runs in its own task: when the citizen's request stops waiting
//! (after `HCP_SUBMIT_WAIT_MS`, answering `queued`), the attempt still
//! finishes and closes or reschedules the entry; it is never cut off
//! mid-flight by the answer.

use std::time::Duration;

use hcp_protocol::api::{CaseOutcome, SubmitResponse, SubmitStatus};
use tokio::sync::{oneshot, watch};

use hcp_protocol::upstream::{MultiEvalRequest, OneThingEvalRequest};

use crate::AppState;
use crate::confirm::{self, Confirmation, Found};
use crate::db::now_ms;
use crate::error::AppError;
use crate::outbox::{
    self, CaseStatus, Claimed, Enqueued, EntryView, Kind, Outcome, Recovery, State, redact,
};
use crate::payload::Plan;

/// Settles a leased entry once: confirms first when its last attempt's
/// outcome is unknown, sends (again) only what the platform does not have,
/// and records the outcome.
pub async fn attempt(state: &AppState, entry: Claimed) -> Outcome {
    let (outcome, recovery) = match entry.unknown_since {
        None => (Some(send(state, &entry).await), None),
        Some(_) => confirm_then_send(state, &entry).await,
    };
    let Some(outcome) = outcome else {
        // The lease was lost between confirming and sending: the new holder decides.
        return Outcome::Retry {
            error: "outbox lease lost before resending".to_string(),
            unknown: false,
        };
    };
    let retry = state.config.retry;
    let (e2, o2) = (entry.clone(), outcome.clone());
    match state
        .db
        .write(move |c| outbox::record(c, &e2, &o2, recovery, now_ms(), &retry))
        .await
    {
        Ok(true) => {}
        Ok(false) => tracing::warn!(
            entry = entry.id,
            "outbox lease was lost during the attempt; the other holder's result stands"
        ),
        Err(e) => {
            tracing::error!(entry = entry.id, error = %format!("{e:#}"), "cannot record a delivery outcome; the entry is retried after its lease")
        }
    }
    let label = match (&outcome, recovery) {
        (Outcome::Retry { .. }, _) => outcome.label(),
        (_, Some(Recovery::Confirmed)) => "confirmed",
        _ => outcome.label(),
    };
    state.metrics.deliveries.with_label_values(&[label]).inc();
    if let (false, Some(r)) = (matches!(outcome, Outcome::Retry { .. }), recovery) {
        tracing::info!(entry = entry.id, kind = %entry.kind, how = r.as_str(), "an attempt with an unknown outcome was settled");
    }
    log_outcome(&entry, &outcome);
    outcome
}

/// Posts the entry's body and reads the answer.
async fn send(state: &AppState, entry: &Claimed) -> Outcome {
    let result = state
        .upstream
        .post_json(&entry.interface, entry.body.clone())
        .await;
    outbox::classify(entry, result)
}

/// An entry whose last attempt may have landed: asks the platform. What it
/// has is closed as confirmed; what it has not is sent again (a batch: only
/// those cases), and the answer recorded as resent. `None` when the lease
/// was lost before resending.
async fn confirm_then_send(
    state: &AppState,
    entry: &Claimed,
) -> (Option<Outcome>, Option<Recovery>) {
    let confirmation = confirm::confirm(state, entry).await;
    let count = |found: &Found| {
        state
            .metrics
            .confirmations
            .with_label_values(&[entry.kind.as_str(), found.label()])
            .inc();
    };
    let confirmed = Some(Recovery::Confirmed);
    let (settled, absent): (Vec<(String, CaseStatus, String)>, Vec<String>) = match confirmation {
        Err(error) => {
            state
                .metrics
                .confirmations
                .with_label_values(&[entry.kind.as_str(), "failed"])
                .inc();
            tracing::warn!(entry = entry.id, kind = %entry.kind, error = %redact(&error), "cannot confirm whether a rating landed; asking again later, not resending");
            let outcome = Outcome::Retry {
                error: format!("unknown outcome, not confirmed yet: {error}"),
                unknown: true,
            };
            return (Some(outcome), None);
        }
        Ok(Confirmation::Single(found)) => {
            count(&found);
            match found {
                Found::Ours { eval_id } => {
                    let outcome = Outcome::Delivered {
                        response: format!(
                            "{{\"confirmedBy\":\"query\",\"evalId\":{}}}",
                            serde_json::to_string(&eval_id).unwrap_or_default()
                        ),
                        eval_id,
                    };
                    return (Some(outcome), confirmed);
                }
                Found::Other => {
                    let outcome = Outcome::AlreadyRated {
                        message: "该阶段已有评价（评价平台查询结果）".to_string(),
                        response: "{\"confirmedBy\":\"query\"}".to_string(),
                    };
                    return (Some(outcome), confirmed);
                }
                Found::Absent => (vec![], vec![]),
            }
        }
        Ok(Confirmation::Batch(cases)) => {
            let mut settled = Vec::new();
            let mut absent = Vec::new();
            for (case, found) in cases {
                count(&found);
                match found {
                    Found::Ours { eval_id } => settled.push((
                        case,
                        CaseStatus::Delivered,
                        eval_id.map(|id| format!("evalId {id}")).unwrap_or_default(),
                    )),
                    Found::Other => settled.push((
                        case,
                        CaseStatus::AlreadyRated,
                        "该阶段已有评价（评价平台查询结果）".to_string(),
                    )),
                    Found::Absent => absent.push(case),
                }
            }
            if absent.is_empty() {
                let outcome = Outcome::Batch {
                    cases: settled,
                    response: "{\"confirmedBy\":\"query\"}".to_string(),
                };
                return (Some(outcome), confirmed);
            }
            (settled, absent)
        }
    };
    // Not there (or, in a batch, some cases not there): send again.
    let lease = i64::try_from(state.config.retry.lease.as_millis()).unwrap_or(i64::MAX);
    let e2 = entry.clone();
    match state
        .db
        .write(move |c| outbox::renew(c, &e2, now_ms() + lease))
        .await
    {
        Ok(true) => {}
        Ok(false) => return (None, None),
        Err(e) => {
            tracing::error!(entry = entry.id, error = %format!("{e:#}"), "cannot renew an outbox lease");
            return (None, None);
        }
    }
    let mut resend = entry.clone();
    resend.unknown_since = None;
    if !settled.is_empty() {
        match trimmed(entry.kind, &entry.body, &absent) {
            Ok(body) => {
                resend.body = body;
                resend.cases = absent.clone();
            }
            Err(e) => {
                let outcome = Outcome::Retry {
                    error: format!("cannot trim the batch for a resend: {e}"),
                    unknown: true,
                };
                return (Some(outcome), None);
            }
        }
    }
    let outcome = send(state, &resend).await;
    let outcome = merge(settled, &absent, outcome);
    let recovery = match outcome {
        Outcome::Retry { .. } => None,
        _ => Some(Recovery::Resent),
    };
    (Some(outcome), recovery)
}

/// A batch (or 一件事) body with only `cases` left in it.
fn trimmed(kind: Kind, body: &str, cases: &[String]) -> Result<String, serde_json::Error> {
    if kind == Kind::OneThing {
        let mut b: OneThingEvalRequest = serde_json::from_str(body)?;
        crate::onething::keep_only(&mut b, cases);
        return serde_json::to_string(&b);
    }
    let mut b: MultiEvalRequest = serde_json::from_str(body)?;
    b.affair_list
        .retain(|a| cases.contains(&a.affair_serial_no));
    serde_json::to_string(&b)
}

/// A batch's confirmed cases joined with the resend's answer for the rest.
fn merge(
    settled: Vec<(String, CaseStatus, String)>,
    absent: &[String],
    outcome: Outcome,
) -> Outcome {
    if settled.is_empty() {
        return outcome;
    }
    let all = |status: CaseStatus, message: &str| {
        absent
            .iter()
            .map(|c| (c.clone(), status, message.to_string()))
            .collect::<Vec<_>>()
    };
    let (rest, response) = match outcome {
        Outcome::Retry { .. } => return outcome,
        Outcome::Batch { cases, response } => (cases, response),
        Outcome::Delivered { response, .. } => (all(CaseStatus::Delivered, ""), response),
        Outcome::AlreadyRated { message, response } => {
            (all(CaseStatus::AlreadyRated, &message), response)
        }
        Outcome::Refused {
            message, response, ..
        } => (all(CaseStatus::Refused, &message), response),
    };
    Outcome::Batch {
        cases: settled.into_iter().chain(rest).collect(),
        response,
    }
}

fn log_outcome(entry: &Claimed, outcome: &Outcome) {
    match outcome {
        Outcome::Delivered { eval_id, .. } => {
            tracing::info!(entry = entry.id, kind = %entry.kind, eval_id = eval_id.as_deref().unwrap_or(""), "rating delivered")
        }
        Outcome::AlreadyRated { .. } => {
            tracing::info!(entry = entry.id, kind = %entry.kind, "rating was already recorded upstream")
        }
        Outcome::Refused { code, message, .. } => tracing::error!(
            entry = entry.id,
            kind = %entry.kind,
            code,
            message = %redact(message),
            "THE PLATFORM REFUSED A RATING; it is kept in the outbox (hcp-gateway outbox) for an operator"
        ),
        Outcome::Batch { cases, .. } => {
            let refused: Vec<String> = cases
                .iter()
                .filter(|c| c.1 == CaseStatus::Refused)
                .map(|c| format!("{}: {}", c.0, redact(&c.2)))
                .collect();
            if refused.is_empty() {
                tracing::info!(
                    entry = entry.id,
                    cases = cases.len(),
                    "batch rating delivered"
                );
            } else {
                tracing::error!(entry = entry.id, refused = %refused.join("; "), "THE PLATFORM REFUSED SOME CASES OF A BATCH; kept in the outbox for an operator");
            }
        }
        Outcome::Retry { error, unknown } => tracing::warn!(
            entry = entry.id,
            kind = %entry.kind,
            attempts = entry.attempts + 1,
            error = %redact(error),
            outcome_unknown = *unknown,
            "delivery failed; will retry"
        ),
    }
}

fn status_of(s: CaseStatus) -> SubmitStatus {
    // A refused case is said as it is, with the platform's reason: the entry
    // stays in the outbox for an operator, but nothing will deliver it by itself.
    said(s.state())
}

/// What a citizen is told of an entry in `state`.
fn said(state: State) -> SubmitStatus {
    match state {
        State::Pending => SubmitStatus::Queued,
        State::Delivered => SubmitStatus::Delivered,
        State::AlreadyRated => SubmitStatus::AlreadyRated,
        State::Refused => SubmitStatus::Refused,
    }
}

/// A batch's status from its cases', by the outbox's one rule
/// ([`outbox::batch_state`]): a queued case is one still pending.
fn overall(cases: &[CaseOutcome]) -> SubmitStatus {
    said(outbox::batch_state(cases.iter().map(|c| match c.status {
        SubmitStatus::Queued => None,
        SubmitStatus::Delivered => Some(CaseStatus::Delivered),
        SubmitStatus::AlreadyRated => Some(CaseStatus::AlreadyRated),
        SubmitStatus::Refused => Some(CaseStatus::Refused),
    })))
}

/// The answer to a repeated submission (same idempotency key, same
/// rating): its entry as it stands now, said as the first answer was.
fn repeat_answer(view: EntryView, batch: bool) -> Result<SubmitResponse, AppError> {
    let status = |s: Option<CaseStatus>| said(s.map_or(State::Pending, CaseStatus::state));
    if batch {
        let cases: Vec<CaseOutcome> = view
            .cases
            .iter()
            .map(|(case, s, message)| CaseOutcome {
                affair_serial_no: case.clone(),
                status: status(*s),
                message: message.clone().filter(|m| !m.is_empty()),
            })
            .collect();
        if !cases.is_empty() && cases.iter().all(|c| c.status == SubmitStatus::Refused) {
            let first = cases.first().and_then(|c| c.message.clone());
            return Err(AppError::Refused {
                code: None,
                message: first.unwrap_or_default(),
            });
        }
        return Ok(SubmitResponse {
            status: overall(&cases),
            eval_id: None,
            cases,
        });
    }
    match said(view.state) {
        SubmitStatus::Refused => Err(AppError::Refused {
            code: None,
            message: view.message.unwrap_or_default(),
        }),
        s => Ok(SubmitResponse {
            status: s,
            eval_id: view.eval_id.filter(|_| s == SubmitStatus::Delivered),
            cases: vec![],
        }),
    }
}

/// 422 `idempotency_key_reused`: the key came with another rating before.
fn key_reused() -> AppError {
    AppError::Unprocessable(hcp_protocol::api::ApiError {
        code: "idempotency_key_reused".to_string(),
        field: Some("idempotencyKey".to_string()),
        zh: "这个评价标识（idempotencyKey）已用于另一条不同的评价；请为新的评价生成新的标识".to_string(),
        en: "This idempotencyKey was already used for a different rating; make a new key for a new rating".to_string(),
    })
}

/// Commits a submission to the outbox, tries it once, and answers.
pub async fn submit(state: &AppState, plan: Plan) -> Result<SubmitResponse, AppError> {
    let batch = plan.body.is_per_case();
    let lease = i64::try_from(state.config.retry.lease.as_millis()).unwrap_or(i64::MAX);
    let enqueued = state
        .db
        .write(move |c| outbox::enqueue(c, &plan, now_ms(), lease))
        .await?;
    let (entry, already) = match enqueued {
        Enqueued::Fresh { entry, already } => (entry, already),
        Enqueued::Repeat(view) => {
            tracing::info!(
                kind = if batch { "multi" } else { "single" },
                state = %view.state,
                "a submission was repeated with its idempotency key; answered with its entry"
            );
            return repeat_answer(view, batch);
        }
        Enqueued::KeyReused => return Err(key_reused()),
    };
    let mut cases: Vec<CaseOutcome> = if batch {
        already
            .iter()
            .map(|c| CaseOutcome {
                affair_serial_no: c.clone(),
                status: SubmitStatus::AlreadyRated,
                message: None,
            })
            .collect()
    } else {
        vec![]
    };
    let Some(entry) = entry else {
        tracing::info!(
            kind = if batch { "multi" } else { "single" },
            "rating was already given"
        );
        return Ok(SubmitResponse {
            status: SubmitStatus::AlreadyRated,
            eval_id: None,
            cases,
        });
    };
    let new_cases = entry.cases.clone();
    let (tx, rx) = oneshot::channel();
    let st = state.clone();
    tokio::spawn(async move {
        let outcome = attempt(&st, entry).await;
        let _ = tx.send(outcome);
    });
    let outcome = match tokio::time::timeout(state.config.submit_wait, rx).await {
        Ok(Ok(o)) => o,
        _ => Outcome::Retry {
            error: "no answer in time".to_string(),
            unknown: true,
        },
    };
    let queued = |cases: &mut Vec<CaseOutcome>, status: SubmitStatus, message: Option<String>| {
        for c in &new_cases {
            cases.push(CaseOutcome {
                affair_serial_no: c.clone(),
                status,
                message: message.clone(),
            });
        }
    };
    let (status, eval_id) = match outcome {
        Outcome::Delivered { eval_id, .. } => {
            queued(&mut cases, SubmitStatus::Delivered, None);
            (SubmitStatus::Delivered, eval_id)
        }
        Outcome::AlreadyRated { message, .. } => {
            queued(&mut cases, SubmitStatus::AlreadyRated, Some(message));
            (SubmitStatus::AlreadyRated, None)
        }
        Outcome::Retry { .. } => {
            queued(&mut cases, SubmitStatus::Queued, None);
            (SubmitStatus::Queued, None)
        }
        Outcome::Refused { code, message, .. } => {
            return Err(AppError::Refused {
                code: Some(code),
                message,
            });
        }
        Outcome::Batch {
            cases: answered, ..
        } => {
            if answered.iter().all(|c| c.1 == CaseStatus::Refused) {
                let first = answered.first().map(|c| c.2.clone()).unwrap_or_default();
                return Err(AppError::Refused {
                    code: None,
                    message: first,
                });
            }
            for (case, s, message) in answered {
                cases.push(CaseOutcome {
                    affair_serial_no: case,
                    status: status_of(s),
                    message: (!message.is_empty()).then_some(message),
                });
            }
            (overall(&cases), None)
        }
    };
    if batch {
        let status = overall(&cases);
        return Ok(SubmitResponse {
            status,
            eval_id: None,
            cases,
        });
    }
    Ok(SubmitResponse {
        status,
        eval_id,
        cases: vec![],
    })
}

/// Delivers due entries until `stop` turns true. During an outage it pauses
/// after a failed attempt instead of trying every due entry in a row.
pub async fn run_loop(state: AppState, mut stop: watch::Receiver<bool>) {
    tracing::info!("outbox delivery loop started");
    loop {
        let mut failed = false;
        loop {
            if *stop.borrow() {
                tracing::info!("outbox delivery loop stopped");
                return;
            }
            let lease = i64::try_from(state.config.retry.lease.as_millis()).unwrap_or(i64::MAX);
            match state
                .db
                .write(move |c| outbox::claim_due(c, now_ms(), lease))
                .await
            {
                Ok(Some(entry)) => {
                    if matches!(attempt(&state, entry).await, Outcome::Retry { .. }) {
                        failed = true;
                        break;
                    }
                }
                Ok(None) => break,
                Err(e) => {
                    tracing::error!(error = %format!("{e:#}"), "cannot read the outbox");
                    failed = true;
                    break;
                }
            }
        }
        // Forget rate-limit state of clients gone quiet.
        state.limiter.retain_recent();
        let mut wait = match state.db.read(outbox::next_due).await {
            Ok(Some(due)) => Duration::from_millis(
                u64::try_from((due - now_ms()).clamp(20, 1000)).unwrap_or(1000),
            ),
            _ => Duration::from_secs(1),
        };
        if failed {
            // The platform is down: one probe per pause, not every due entry in a row.
            wait = wait.max(state.config.retry.initial.min(Duration::from_secs(1)));
        }
        tokio::select! {
            _ = tokio::time::sleep(wait) => {}
            _ = stop.changed() => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cases(statuses: &[SubmitStatus]) -> Vec<CaseOutcome> {
        statuses
            .iter()
            .enumerate()
            .map(|(i, s)| CaseOutcome {
                affair_serial_no: format!("case-{i}"),
                status: *s,
                message: None,
            })
            .collect()
    }

    #[test]
    fn a_batch_resend_is_merged_with_the_cases_already_confirmed() {
        let settled = vec![("A".to_string(), CaseStatus::Delivered, String::new())];
        let absent = vec!["B".to_string(), "C".to_string()];
        let refused = Outcome::Refused {
            code: 2,
            message: "bad".into(),
            response: "{}".into(),
        };
        let Outcome::Batch { cases, .. } = merge(settled.clone(), &absent, refused) else {
            panic!("batch");
        };
        assert_eq!(
            cases
                .iter()
                .map(|c| (c.0.as_str(), c.1))
                .collect::<Vec<_>>(),
            vec![
                ("A", CaseStatus::Delivered),
                ("B", CaseStatus::Refused),
                ("C", CaseStatus::Refused)
            ]
        );
        let retry = Outcome::Retry {
            error: "x".into(),
            unknown: true,
        };
        assert!(matches!(
            merge(settled, &absent, retry),
            Outcome::Retry { .. }
        ));
        let body = r#"{"appCode":"a","evalEntityCode":"hallAffair","affairCode":"C","affairName":"n",
            "department":{"departmentCode":"D"},"affairList":[
            {"affairSerialNo":"A","affairDealOfficer":"o","affairApplyTime":"20250101000000"},
            {"affairSerialNo":"B","affairDealOfficer":"o","affairApplyTime":"20250101000000"}],
            "user":{"userName":"u","userType":1},"generalStars":5,"evalProcess":2,"channel":"hallPad"}"#;
        let trimmed = trimmed(Kind::Multi, body, &["B".to_string()]).expect("batch body");
        assert!(
            trimmed.contains("\"B\"") && !trimmed.contains("\"A\""),
            "{trimmed}"
        );
    }

    #[test]
    fn a_repeat_is_answered_with_its_entry_as_it_stands() {
        let view =
            |state: State, cases: Vec<(String, Option<CaseStatus>, Option<String>)>| EntryView {
                state,
                eval_id: Some("42".into()),
                message: Some("理由".into()),
                cases,
            };
        let r = repeat_answer(view(State::Delivered, vec![]), false).expect("answer");
        assert_eq!(
            (r.status, r.eval_id.as_deref()),
            (SubmitStatus::Delivered, Some("42"))
        );
        let r = repeat_answer(view(State::Pending, vec![]), false).expect("answer");
        assert_eq!((r.status, r.eval_id), (SubmitStatus::Queued, None));
        assert!(matches!(
            repeat_answer(view(State::Refused, vec![]), false),
            Err(AppError::Refused { message: m, .. }) if m == "理由"
        ));
        let r = repeat_answer(
            view(
                State::Pending,
                vec![
                    ("A".into(), Some(CaseStatus::AlreadyRated), None),
                    ("B".into(), None, None),
                ],
            ),
            true,
        )
        .expect("answer");
        assert_eq!(r.status, SubmitStatus::Queued);
        assert_eq!(r.cases[0].status, SubmitStatus::AlreadyRated);
        assert_eq!(r.cases[1].status, SubmitStatus::Queued);
    }

    #[test]
    fn a_refused_case_is_said_as_refused_never_as_queued() {
        assert_eq!(status_of(CaseStatus::Refused), SubmitStatus::Refused);
        use SubmitStatus::{AlreadyRated, Delivered, Queued, Refused};
        assert_eq!(overall(&cases(&[AlreadyRated, AlreadyRated])), AlreadyRated);
        assert_eq!(overall(&cases(&[Delivered, Refused])), Delivered);
        assert_eq!(overall(&cases(&[Delivered, Queued, Refused])), Queued);
        assert_eq!(overall(&cases(&[AlreadyRated, Refused])), Refused);
        assert_eq!(overall(&cases(&[Delivered, AlreadyRated])), Delivered);
    }
}

//! A submission from the citizen's side: commit its plan to the outbox,
//! attempt it at once, and answer within `HCP_SUBMIT_WAIT_MS` with what is
//! known (`delivered`, `queued`, `already_rated`, per case for batches); a
//! repeat with the same client key gets its entry as it stands.

use crate::delivery::attempt::attempt;
use crate::delivery::kinds::Outcome;
use crate::delivery::kinds::{CaseStatus, State};
use crate::delivery::outbox::{Enqueued, EntryView};
use crate::delivery::{kinds, outbox};
use crate::error::AppError;
use crate::rating::plan::Plan;
use crate::state::AppState;
use hcp_protocol::api::{CaseOutcome, SubmitResponse, SubmitStatus};
use tokio::sync::oneshot;

pub(crate) fn status_of(s: CaseStatus) -> SubmitStatus {
    // A refused case is said as it is, with the platform's reason: the entry
    // stays in the outbox for an operator, but nothing will deliver it by itself.
    said(s.state())
}

/// What a citizen is told of an entry in `state`.
pub(crate) fn said(state: State) -> SubmitStatus {
    match state {
        State::Pending => SubmitStatus::Queued,
        State::Delivered => SubmitStatus::Delivered,
        State::AlreadyRated => SubmitStatus::AlreadyRated,
        State::Refused => SubmitStatus::Refused,
    }
}

/// A batch's status from its cases', by the outbox's one rule
/// ([`kinds::batch_state`]): a queued case is one still pending.
pub(crate) fn overall(cases: &[CaseOutcome]) -> SubmitStatus {
    said(kinds::batch_state(cases.iter().map(|c| match c.status {
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
    let clock = state.clock.clone();
    let enqueued = state
        .db
        .write(move |c| outbox::enqueue(c, &plan, clock.now_ms(), lease))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::delivery::attempt::merge;
    use crate::delivery::attempt::trimmed;
    use crate::delivery::kinds::Kind;

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

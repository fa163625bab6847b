//! Delivery: the immediate attempt of a submission and the background loop
//! that retries due outbox entries with backoff.
//!
//! An attempt runs in its own task: when the citizen's request stops waiting
//! (after `HCP_SUBMIT_WAIT_MS`, answering `queued`), the attempt still
//! finishes and closes or reschedules the entry; it is never cut off
//! mid-flight by the answer.

use std::time::Duration;

use hcp_protocol::api::{CaseOutcome, SubmitResponse, SubmitStatus};
use tokio::sync::{oneshot, watch};

use crate::AppState;
use crate::db::now_ms;
use crate::error::AppError;
use crate::outbox::{self, CaseStatus, Claimed, Outcome, redact};
use crate::payload::Plan;

/// Sends a leased entry once and records the outcome.
pub async fn attempt(state: &AppState, entry: Claimed) -> Outcome {
    let result = state
        .upstream
        .post_json(&entry.interface, entry.body.clone())
        .await;
    let outcome = outbox::classify(&entry, result);
    let retry = state.config.retry;
    let (e2, o2) = (entry.clone(), outcome.clone());
    match state
        .db
        .write(move |c| outbox::record(c, &e2, &o2, now_ms(), &retry))
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
    state
        .metrics
        .deliveries
        .with_label_values(&[outcome.label()])
        .inc();
    match &outcome {
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
        Outcome::Retry { error } => tracing::warn!(
            entry = entry.id,
            kind = %entry.kind,
            attempts = entry.attempts + 1,
            error = %redact(error),
            "delivery failed; will retry"
        ),
    }
    outcome
}

fn status_of(s: CaseStatus) -> SubmitStatus {
    match s {
        CaseStatus::Delivered => SubmitStatus::Delivered,
        CaseStatus::AlreadyRated => SubmitStatus::AlreadyRated,
        // Said as it is, with the platform's reason: the entry stays in the
        // outbox for an operator, but nothing will deliver it by itself.
        CaseStatus::Refused => SubmitStatus::Refused,
    }
}

/// A batch's status from its cases': already rated when every case was;
/// else queued when any case waits for delivery; else delivered when any
/// case was; else (refused and already-rated cases only) refused.
fn overall(cases: &[CaseOutcome]) -> SubmitStatus {
    let any = |s: SubmitStatus| cases.iter().any(|c| c.status == s);
    if cases.iter().all(|c| c.status == SubmitStatus::AlreadyRated) {
        SubmitStatus::AlreadyRated
    } else if any(SubmitStatus::Queued) {
        SubmitStatus::Queued
    } else if any(SubmitStatus::Delivered) {
        SubmitStatus::Delivered
    } else {
        SubmitStatus::Refused
    }
}

/// Commits a submission to the outbox, tries it once, and answers.
pub async fn submit(state: &AppState, plan: Plan) -> Result<SubmitResponse, AppError> {
    let batch = matches!(plan.body, crate::payload::UpstreamBody::Multi(_));
    let lease = i64::try_from(state.config.retry.lease.as_millis()).unwrap_or(i64::MAX);
    let enqueued = state
        .db
        .write(move |c| outbox::enqueue(c, &plan, now_ms(), lease))
        .await?;
    let mut cases: Vec<CaseOutcome> = if batch {
        enqueued
            .already
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
    let Some(entry) = enqueued.entry else {
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
        let mut wait = match state.db.read(|c| Ok(outbox::next_due(c)?)).await {
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

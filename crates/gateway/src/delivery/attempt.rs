//! Delivery's moving part: one attempt of a leased entry (confirmed first
//! when its last attempt's outcome is unknown, `confirm`) and the background
//! loop that takes due entries, with backoff, until each is closed.
//!
//! An attempt runs in its own task: when the citizen's request stops waiting
//! (after `HCP_SUBMIT_WAIT_MS`, answering `queued`), the attempt still
//! finishes and closes or reschedules the entry; it is never cut off
//! mid-flight by the answer.

use crate::delivery::confirm::{Confirmation, Found};
use crate::delivery::kinds::Outcome;
use crate::delivery::kinds::{CaseStatus, Kind, Recovery};
use crate::delivery::outbox::Claimed;
use crate::delivery::{answers, confirm, outbox};
use crate::rating::plan::UpstreamBody;
use crate::redact::redact;
use crate::state::AppState;
use std::time::Duration;
use tokio::sync::watch;

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
    let clock = state.clock.clone();
    match state
        .db
        .write(move |c| outbox::record(c, &e2, &o2, recovery, clock.now_ms(), &retry))
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
pub(crate) async fn send(state: &AppState, entry: &Claimed) -> Outcome {
    let result = state
        .upstream
        .post_json(&entry.interface, entry.body.clone())
        .await;
    answers::classify(entry, result)
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
    let clock = state.clock.clone();
    match state
        .db
        .write(move |c| outbox::renew(c, &e2, clock.now_ms() + lease))
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
pub(crate) fn trimmed(
    kind: Kind,
    body: &str,
    cases: &[String],
) -> Result<String, serde_json::Error> {
    let mut b = if kind == Kind::OneThing {
        UpstreamBody::OneThing(serde_json::from_str(body)?)
    } else {
        UpstreamBody::Multi(serde_json::from_str(body)?)
    };
    b.keep_cases(cases);
    b.to_json()
}

/// A batch's confirmed cases joined with the resend's answer for the rest.
pub(crate) fn merge(
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
            let clock = state.clock.clone();
            match state
                .db
                .write(move |c| outbox::claim_due(c, clock.now_ms(), lease))
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
                u64::try_from((due - state.clock.now_ms()).clamp(20, 1000)).unwrap_or(1000),
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

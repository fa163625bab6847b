//! The durable outbox (docs/ARCHITECTURE.md "Delivery: the outbox"): its
//! storage (one set of queries for both backends, `crate::store`), its
//! keys, leases, and how an attempt's outcome closes or reschedules an
//! entry. The async side (attempts, the delivery loop) is in `attempt` and
//! `submit`; the answers are read in `answers`, the delays in `backoff`.
//!
//! - An accepted rating is committed with its idempotency keys before the
//!   citizen gets an answer. A key already present (and not released by a
//!   refusal) means the rating was given before: `already_rated`.
//! - An entry is leased while an attempt is in flight (`lease_until`,
//!   `lease_token`), so the request handler and the loop never send it at
//!   once; a crash leaves the lease to expire and the entry due again.
//! - Closing needs the lease token, so a holder whose lease expired cannot
//!   overwrite the result of the one that took over.
//! - Keys are of two kinds ([`KeyKind`]): the rating's own (a case and stage,
//!   a guide or window rating by a citizen) and a client's idempotency key
//!   (`SubmitRequest.idempotencyKey`), stored with the fingerprint of the
//!   submission it came with. A repeat with the same client key is the same
//!   rating: it gets that entry's state ([`Enqueued::Repeat`]), not
//!   `already_rated`; with another submission, [`Enqueued::KeyReused`].
//! - An attempt whose outcome is unknown (a timeout, a connection lost after
//!   sending, a lease that expired mid-attempt because the gateway died)
//!   marks the entry `unknown_since`; it is then confirmed with the
//!   platform's own query before anything is sent again (`confirm`), and the
//!   way it was settled is recorded ([`Recovery`]).

use crate::args;
use crate::config::RetryPolicy;
use crate::delivery::backoff::backoff_ms;
use crate::delivery::backoff::random_unit;
use crate::delivery::kinds::Outcome;
use crate::delivery::kinds::{CaseStatus, Kind, Recovery, State, batch_state};
use crate::rating::plan::{Plan, display_key};
use crate::store::{Backend, Conflict, Tx};

/// An entry leased for one attempt.
#[derive(Debug, Clone)]
pub struct Claimed {
    /// Row id.
    pub id: i64,
    /// What it is.
    pub kind: Kind,
    /// Upstream interface path.
    pub interface: String,
    /// The JSON body.
    pub body: String,
    /// Attempts made before this one.
    pub attempts: i64,
    /// Proof of the lease.
    pub lease_token: String,
    /// The cases it rates (batches: several).
    pub cases: Vec<String>,
    /// When it was accepted, Unix ms.
    pub created_at: i64,
    /// When this lease was taken, Unix ms (≈ when the attempt starts).
    pub claimed_at: i64,
    /// When the first attempt whose outcome is unknown started, if one is
    /// outstanding: the entry must be confirmed before it is sent again.
    pub unknown_since: Option<i64>,
    /// What the platform's query answers are matched on (guide, consult).
    pub content_key: Option<String>,
}

/// An entry as it stands, for the answer to a repeated submission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryView {
    /// Its state.
    pub state: State,
    /// The platform's evaluation id, when known.
    pub eval_id: Option<String>,
    /// The platform's words about it (a refusal's reason).
    pub message: Option<String>,
    /// Per case (batches), in the submission's order: number, status (None
    /// while pending), the platform's words.
    pub cases: Vec<(String, Option<CaseStatus>, Option<String>)>,
}

/// The result of committing a submission.
#[derive(Debug)]
pub enum Enqueued {
    /// Committed.
    Fresh {
        /// The new entry, already leased for the immediate attempt; `None`
        /// when every key was present (nothing new to send).
        entry: Option<Claimed>,
        /// Case numbers (or, for guide/consult, the key) that were rated before.
        already: Vec<String>,
    },
    /// The client key came with this same submission before: that entry.
    Repeat(EntryView),
    /// The client key came with a different submission before.
    KeyReused,
}

pub(crate) fn status_of(s: Option<String>) -> anyhow::Result<Option<CaseStatus>> {
    s.as_deref().map(CaseStatus::parse).transpose()
}

/// A repeated submission's entry as it stands: the entry's state, and per
/// case of the plan its status (a case whose key belongs to another entry
/// was already rated when the submission first came).
pub(crate) fn view(tx: &mut dyn Tx, entry_id: i64, plan: &Plan) -> anyhow::Result<EntryView> {
    let row = tx.query_one(
        "SELECT state, eval_id, last_error FROM outbox WHERE id = $1",
        args![entry_id],
    )?;
    let (state, eval_id, last_error): (String, Option<String>, Option<String>) =
        (row.get(0)?, row.get(1)?, row.get(2)?);
    let message: Option<String> = tx
        .query_opt(
            "SELECT message FROM outbox_keys WHERE entry_id = $1 AND kind = 'rating'
             AND message IS NOT NULL AND message != '' ORDER BY rowid LIMIT 1",
            args![entry_id],
        )?
        .map(|r| r.get(0))
        .transpose()?;
    let mut cases = Vec::new();
    for k in plan.keys.iter().filter(|k| k.case_no.is_some()) {
        let row = tx.query_opt(
            "SELECT entry_id, status, message FROM outbox_keys WHERE key = $1",
            args![&k.key],
        )?;
        let case = k.case_no.clone().unwrap_or_default();
        cases.push(match row {
            Some(r) if r.get::<i64>(0)? == entry_id => (case, status_of(r.get(1)?)?, r.get(2)?),
            _ => (case, Some(CaseStatus::AlreadyRated), None),
        });
    }
    Ok(EntryView {
        state: State::parse(&state)?,
        eval_id,
        message: message.or(last_error),
        cases,
    })
}

/// Commits a submission: checks its rating keys, then its client key,
/// stores the body (a batch without its already-rated cases) and leases the
/// new entry for the immediate attempt. Runs inside the caller's job (one
/// transaction): on a shared PostgreSQL, a key another gateway took at the
/// same moment fails the job ([`Conflict`] or a unique violation), which
/// the store runs again and which then finds that key.
pub fn enqueue(
    tx: &mut dyn Tx,
    plan: &Plan,
    now_ms: i64,
    lease_ms: i64,
) -> anyhow::Result<Enqueued> {
    let mut already = Vec::new();
    let mut fresh = Vec::new();
    for k in &plan.keys {
        let status: Option<Option<String>> = tx
            .query_opt(
                "SELECT status FROM outbox_keys WHERE key = $1 AND kind = 'rating'",
                args![&k.key],
            )?
            .map(|r| r.get(0))
            .transpose()?;
        match status {
            // Released by a refusal: the platform never recorded it.
            Some(Some(s)) if s == State::Refused.as_str() => fresh.push(k),
            Some(_) => already.push(k.case_no.clone().unwrap_or_else(|| k.key.clone())),
            None => fresh.push(k),
        }
    }
    // The client key after the rating keys: on a shared PostgreSQL each
    // statement sees what was committed when it ran, and a submission's
    // rating keys and client key are committed together, so a rating key
    // seen here means its client key is seen now (checked first, another
    // gateway's commit could fall between the two and make a repeat look
    // like a new rating of something already rated).
    if let Some(client) = &plan.client {
        let seen = tx.query_opt(
            "SELECT entry_id, fingerprint FROM outbox_keys WHERE key = $1 AND kind = 'client'",
            args![&client.key],
        )?;
        if let Some(row) = seen {
            let fingerprint: Option<String> = row.get(1)?;
            return Ok(
                if fingerprint.as_deref() == Some(client.fingerprint.as_str()) {
                    Enqueued::Repeat(view(tx, row.get(0)?, plan)?)
                } else {
                    Enqueued::KeyReused
                },
            );
        }
    }
    if fresh.is_empty() {
        // Nothing new: a repeat finds the same keys and gets the same answer,
        // so the client key need not be kept.
        return Ok(Enqueued::Fresh {
            entry: None,
            already,
        });
    }
    let mut body = plan.body.clone();
    if body.is_per_case() {
        let fresh_cases: Vec<String> = fresh.iter().filter_map(|k| k.case_no.clone()).collect();
        body.keep_cases(&fresh_cases);
    }
    let json = body.to_json()?;
    let shown = match fresh.len() {
        1 => display_key(&fresh[0].key),
        n => format!("{} (+{} more)", display_key(&fresh[0].key), n - 1),
    };
    let token = uuid::Uuid::new_v4().simple().to_string();
    let content_key = crate::delivery::content::content_key(&body);
    let id: i64 = tx.value(
        "INSERT INTO outbox (kind, interface, body, display_key, state, attempts, next_attempt_at,
            lease_until, lease_token, created_at, content_key)
         VALUES ($1, $2, $3, $4, 'pending', 0, $5, $6, $7, $5, $8) RETURNING id",
        args![
            body.kind().as_str(),
            body.interface(),
            &json,
            &shown,
            now_ms,
            now_ms + lease_ms,
            &token,
            &content_key
        ],
    )?;
    for k in &fresh {
        // Taking over a key only when a refusal released it: a key another
        // gateway wrote meanwhile is not taken, and the job runs again.
        let n = tx.execute(
            "INSERT INTO outbox_keys (key, entry_id, case_no, kind) VALUES ($1, $2, $3, 'rating')
             ON CONFLICT(key) DO UPDATE SET entry_id = excluded.entry_id, case_no = excluded.case_no,
                status = NULL, message = NULL
             WHERE outbox_keys.status = 'refused'",
            args![&k.key, id, &k.case_no],
        )?;
        if n != 1 {
            return Err(Conflict.into());
        }
    }
    if let Some(client) = &plan.client {
        tx.execute(
            "INSERT INTO outbox_keys (key, entry_id, kind, fingerprint) VALUES ($1, $2, 'client', $3)",
            args![&client.key, id, &client.fingerprint],
        )?;
    }
    Ok(Enqueued::Fresh {
        entry: Some(Claimed {
            id,
            kind: body.kind(),
            interface: body.interface().to_string(),
            body: json,
            attempts: 0,
            lease_token: token,
            cases: fresh.iter().filter_map(|k| k.case_no.clone()).collect(),
            created_at: now_ms,
            claimed_at: now_ms,
            unknown_since: None,
            content_key,
        }),
        already,
    })
}

fn cases_of(tx: &mut dyn Tx, id: i64) -> anyhow::Result<Vec<String>> {
    tx.query(
        "SELECT case_no FROM outbox_keys WHERE entry_id = $1 AND case_no IS NOT NULL ORDER BY rowid",
        args![id],
    )?
    .iter()
    .map(|r| r.get(0))
    .collect()
}

/// Leases the next due entry: the subquery picks it; SET expressions read
/// the row as it was, so `lease_until` there is the old lease.
const CLAIM_SQLITE: &str = "UPDATE outbox SET lease_until = $2, lease_token = $3,
        unknown_since = CASE WHEN lease_until IS NOT NULL
            THEN COALESCE(unknown_since, lease_until - $4) ELSE unknown_since END
     WHERE id = (SELECT id FROM outbox WHERE state = 'pending' AND next_attempt_at <= $1
                   AND (lease_until IS NULL OR lease_until <= $1)
                 ORDER BY next_attempt_at, id LIMIT 1)
     RETURNING id, kind, interface, body, attempts, created_at, unknown_since, content_key";

/// The same for several gateways: a row another gateway is leasing at this
/// moment is skipped, not waited for (and never leased twice).
const CLAIM_POSTGRES: &str = "UPDATE outbox SET lease_until = $2, lease_token = $3,
        unknown_since = CASE WHEN lease_until IS NOT NULL
            THEN COALESCE(unknown_since, lease_until - $4) ELSE unknown_since END
     WHERE id = (SELECT id FROM outbox WHERE state = 'pending' AND next_attempt_at <= $1
                   AND (lease_until IS NULL OR lease_until <= $1)
                 ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
     RETURNING id, kind, interface, body, attempts, created_at, unknown_since, content_key";

/// Leases the next due entry, if any. An entry whose previous lease ran out
/// without a result (the gateway died mid-attempt, or lost the lease) had an
/// attempt with an unknown outcome, which started when that lease was taken.
pub fn claim_due(tx: &mut dyn Tx, now_ms: i64, lease_ms: i64) -> anyhow::Result<Option<Claimed>> {
    let token = uuid::Uuid::new_v4().simple().to_string();
    let sql = match tx.backend() {
        Backend::Sqlite => CLAIM_SQLITE,
        Backend::Postgres => CLAIM_POSTGRES,
    };
    let Some(r) = tx.query_opt(sql, args![now_ms, now_ms + lease_ms, &token, lease_ms])? else {
        return Ok(None);
    };
    let id: i64 = r.get(0)?;
    Ok(Some(Claimed {
        cases: cases_of(tx, id)?,
        id,
        kind: Kind::parse(&r.get::<String>(1)?)?,
        interface: r.get(2)?,
        body: r.get(3)?,
        attempts: r.get(4)?,
        lease_token: token,
        created_at: r.get(5)?,
        claimed_at: now_ms,
        unknown_since: r.get(6)?,
        content_key: r.get(7)?,
    }))
}

/// Extends a held lease (between a confirmation and a resend). False when
/// the lease was lost.
pub fn renew(tx: &mut dyn Tx, entry: &Claimed, until_ms: i64) -> anyhow::Result<bool> {
    let n = tx.execute(
        "UPDATE outbox SET lease_until = $3 WHERE id = $1 AND lease_token = $2 AND state = 'pending'",
        args![entry.id, &entry.lease_token, until_ms],
    )?;
    Ok(n == 1)
}

/// Of these evaluation ids, those that closed an entry other than `except`.
pub fn attributed(tx: &mut dyn Tx, ids: &[String], except: i64) -> anyhow::Result<Vec<String>> {
    let mut out = Vec::new();
    for id in ids {
        if tx
            .query_opt(
                "SELECT 1 FROM outbox WHERE eval_id = $1 AND id != $2 LIMIT 1",
                args![id, except],
            )?
            .is_some()
        {
            out.push(id.clone());
        }
    }
    Ok(out)
}

/// How many other entries with this content were answered as delivered
/// between `from_ms` and `to_ms` without an evaluation id (a window
/// rating's answer has none): ratings of ours the platform's list shows
/// that no id ties to an entry.
pub fn landed_without_id(
    tx: &mut dyn Tx,
    content_key: &str,
    except: i64,
    from_ms: i64,
    to_ms: i64,
) -> anyhow::Result<i64> {
    tx.value(
        "SELECT COUNT(*) FROM outbox WHERE content_key = $1 AND id != $2 AND state = 'delivered'
         AND eval_id IS NULL AND closed_at BETWEEN $3 AND $4",
        args![content_key, except, from_ms, to_ms],
    )
}

/// When the next pending entry is due (its lease counted), Unix ms.
pub fn next_due(tx: &mut dyn Tx) -> anyhow::Result<Option<i64>> {
    tx.value(
        "SELECT MIN(CASE WHEN lease_until IS NOT NULL AND lease_until > next_attempt_at
                    THEN lease_until ELSE next_attempt_at END)
         FROM outbox WHERE state = 'pending'",
        args![],
    )
}

/// Records an attempt's outcome; a closing one with how the entry was
/// settled after an unknown outcome, if it was. Returns false when the
/// lease was lost (the entry was taken over after the lease expired), in
/// which case nothing changes.
///
/// A retry after an unknown outcome keeps (or starts, at this attempt's
/// claim) `unknown_since` and waits at least `retry.confirm_after`, so that
/// a rating still on its way has landed before the platform is asked.
pub fn record(
    tx: &mut dyn Tx,
    entry: &Claimed,
    outcome: &Outcome,
    recovery: Option<Recovery>,
    now_ms: i64,
    retry: &RetryPolicy,
) -> anyhow::Result<bool> {
    let Closing {
        state,
        eval_id,
        response,
        error,
        per_case,
    } = match outcome {
        Outcome::Retry { error, unknown } => {
            let attempts = entry.attempts + 1;
            let mut next = now_ms + backoff_ms(retry, attempts, random_unit());
            let unknown_since = unknown.then(|| entry.unknown_since.unwrap_or(entry.claimed_at));
            if *unknown {
                let wait = i64::try_from(retry.confirm_after.as_millis()).unwrap_or(i64::MAX);
                next = next.max(now_ms.saturating_add(wait));
            }
            let n = tx.execute(
                "UPDATE outbox SET attempts = $3, next_attempt_at = $4, lease_until = NULL,
                    lease_token = NULL, last_error = $5, unknown_since = $6
                 WHERE id = $1 AND lease_token = $2 AND state = 'pending'",
                args![
                    entry.id,
                    &entry.lease_token,
                    attempts,
                    next,
                    error,
                    unknown_since
                ],
            )?;
            return Ok(n == 1);
        }
        Outcome::Delivered { eval_id, response } => Closing {
            state: State::Delivered,
            eval_id: eval_id.as_deref(),
            response,
            error: None,
            per_case: all(entry, CaseStatus::Delivered, ""),
        },
        Outcome::AlreadyRated { message, response } => Closing {
            state: State::AlreadyRated,
            eval_id: None,
            response,
            error: None,
            per_case: all(entry, CaseStatus::AlreadyRated, message),
        },
        Outcome::Refused {
            code,
            message,
            response,
        } => Closing {
            state: State::Refused,
            eval_id: None,
            response,
            error: Some(format!("code {code}: {message}")),
            per_case: all(entry, CaseStatus::Refused, message),
        },
        Outcome::Batch { cases, response } => {
            let refused: Vec<&str> = cases
                .iter()
                .filter(|c| c.1 == CaseStatus::Refused)
                .map(|c| c.2.as_str())
                .collect();
            Closing {
                state: batch_state(cases.iter().map(|c| Some(c.1))),
                eval_id: None,
                response,
                error: (!refused.is_empty()).then(|| refused.join("; ")),
                per_case: cases.clone(),
            }
        }
    };
    let n = tx.execute(
        "UPDATE outbox SET state = $3, attempts = attempts + 1, eval_id = $4, response = $5,
            last_error = COALESCE($6, last_error), closed_at = $7, lease_until = NULL, lease_token = NULL,
            unknown_since = NULL, recovery = $8
         WHERE id = $1 AND lease_token = $2 AND state = 'pending'",
        args![
            entry.id,
            &entry.lease_token,
            state.as_str(),
            eval_id,
            response,
            &error,
            now_ms,
            recovery.map(Recovery::as_str)
        ],
    )?;
    if n != 1 {
        // Our lease was lost: nothing was changed, nothing to record.
        return Ok(false);
    }
    if entry.cases.is_empty() {
        let (status, message) = per_case
            .first()
            .map(|c| (c.1, c.2.as_str()))
            .unwrap_or((CaseStatus::Refused, ""));
        tx.execute(
            "UPDATE outbox_keys SET status = $2, message = $3 WHERE entry_id = $1 AND kind = 'rating'",
            args![entry.id, status.as_str(), message],
        )?;
    } else {
        for (case, status, message) in &per_case {
            tx.execute(
                "UPDATE outbox_keys SET status = $3, message = $4 WHERE entry_id = $1 AND case_no = $2",
                args![entry.id, case, status.as_str(), message],
            )?;
        }
    }
    Ok(true)
}

/// How an entry is closed: its final state and what goes with it.
struct Closing<'a> {
    state: State,
    eval_id: Option<&'a str>,
    response: &'a str,
    error: Option<String>,
    /// Per case (or one row for a single rating): number, status, message.
    per_case: Vec<(String, CaseStatus, String)>,
}

pub(crate) fn all(
    entry: &Claimed,
    status: CaseStatus,
    message: &str,
) -> Vec<(String, CaseStatus, String)> {
    if entry.cases.is_empty() {
        vec![(String::new(), status, message.to_string())]
    } else {
        entry
            .cases
            .iter()
            .map(|c| (c.clone(), status, message.to_string()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::delivery::kinds::CaseStatus;

    use crate::delivery::kinds::Outcome;
    use crate::delivery::kinds::Recovery;
    use crate::delivery::kinds::State;
    use crate::delivery::listing::count_of;
    use crate::delivery::listing::counts;
    use crate::delivery::listing::list;
    use crate::delivery::listing::recoveries;
    use crate::delivery::listing::unconfirmed;
    use crate::rating::plan::ClientKey;
    use crate::rating::plan::IdemKey;
    use crate::rating::plan::UpstreamBody;

    use crate::store::Db;

    use hcp_protocol::types::{EvalProcess, LooseInt, Stars};

    use hcp_protocol::upstream::{Department, EvalUser, MultiEvalAffair, MultiEvalRequest};
    use hcp_protocol::{Channel, EvalEntityCode};

    use std::time::Duration;

    fn policy() -> RetryPolicy {
        RetryPolicy {
            initial: Duration::from_secs(2),
            max: Duration::from_secs(600),
            lease: Duration::from_secs(30),
            confirm_after: Duration::from_secs(10),
        }
    }

    fn batch_plan(cases: &[&str]) -> Plan {
        Plan {
            body: UpstreamBody::Multi(MultiEvalRequest {
                app_code: "a1".into(),
                eval_entity_code: EvalEntityCode::HallAffair,
                affair_code: "C1".into(),
                affair_name: "n".into(),
                hall: None,
                department: Department {
                    department_code: "D".into(),
                    department_name: None,
                    ouguid: None,
                },
                affair_list: cases
                    .iter()
                    .map(|c| MultiEvalAffair {
                        affair_serial_no: c.to_string(),
                        affair_deal_officer: "o".into(),
                        affair_apply_time: "20250101000000".into(),
                        affair_done_time: None,
                    })
                    .collect(),
                user: EvalUser {
                    user_id: None,
                    user_name: "u".into(),
                    contact_phone: None,
                    passport_name: None,
                    user_type: LooseInt(1),
                    certificate_type: None,
                    certificate_no: None,
                },
                tag_list: Some(vec![]),
                general_stars: Stars::MAX,
                remark: None,
                eval_process: EvalProcess::Done,
                channel: Channel::HallPad,
                eval_time: None,
            }),
            keys: cases
                .iter()
                .map(|c| IdemKey {
                    key: format!("case:a1:{c}:2"),
                    case_no: Some(c.to_string()),
                })
                .collect(),
            client: None,
        }
    }

    /// A fresh submission's entry and already-rated cases.
    fn fresh(e: Enqueued) -> (Option<Claimed>, Vec<String>) {
        match e {
            Enqueued::Fresh { entry, already } => (entry, already),
            other => panic!("not fresh: {other:?}"),
        }
    }

    fn db() -> (tempfile::TempDir, Db) {
        crate::store::Db::temp()
    }

    #[test]
    fn keys_make_repeats_already_rated_and_trim_batches() {
        let (_d, db) = db();
        db.blocking(|c| {
            let (entry, already) = fresh(enqueue(c, &batch_plan(&["A", "B"]), 1000, 30_000)?);
            assert!(entry.is_some());
            assert!(already.is_empty());
            let (entry, already) = fresh(enqueue(c, &batch_plan(&["B", "C"]), 2000, 30_000)?);
            assert_eq!(already, vec!["B".to_string()]);
            let e = entry.expect("C is new");
            assert_eq!(e.cases, vec!["C".to_string()]);
            assert!(
                e.body.contains("\"C\"") && !e.body.contains("\"B\""),
                "{}",
                e.body
            );
            let (entry, already) = fresh(enqueue(c, &batch_plan(&["A", "C"]), 3000, 30_000)?);
            assert!(entry.is_none());
            assert_eq!(already.len(), 2);
            Ok(())
        })
        .expect("db");
    }

    #[test]
    fn leases_keep_entries_from_being_sent_twice_until_they_expire() {
        let (_d, db) = db();
        db.blocking(|c| {
            let e = fresh(enqueue(c, &batch_plan(&["A"]), 1000, 30_000)?)
                .0
                .expect("entry");
            // Leased by the handler: the loop does not see it…
            assert!(claim_due(c, 2000, 30_000)?.is_none());
            // …until the lease expires (the handler crashed mid-flight):
            // then the attempt's outcome is unknown, since it started.
            let again = claim_due(c, 31_001, 30_000)?.expect("due again");
            assert_eq!(again.id, e.id);
            assert_eq!(again.cases, vec!["A".to_string()]);
            assert_eq!(again.unknown_since, Some(1000), "the lost attempt's start");
            // The old holder cannot close it any more.
            let ok = Outcome::Delivered {
                eval_id: Some("1".into()),
                response: "{}".into(),
            };
            assert!(!record(c, &e, &ok, None, 31_002, &policy())?);
            assert!(record(
                c,
                &again,
                &ok,
                Some(Recovery::Confirmed),
                31_003,
                &policy()
            )?);
            assert_eq!(
                recoveries(c)?,
                vec![(Recovery::Confirmed, 1), (Recovery::Resent, 0)]
            );
            assert!(claim_due(c, 99_999_999, 30_000)?.is_none());
            Ok(())
        })
        .expect("db");
    }

    #[test]
    fn retries_back_off_and_refusals_release_keys() {
        let (_d, db) = db();
        db.blocking(|c| {
            let e = fresh(enqueue(c, &batch_plan(&["A"]), 0, 30_000)?)
                .0
                .expect("entry");
            let retry = Outcome::Retry {
                error: "down".into(),
                unknown: false,
            };
            assert!(record(c, &e, &retry, None, 1_000, &policy())?);
            assert!(
                claim_due(c, 2_000, 30_000)?.is_none(),
                "backoff of at least 1.6 s"
            );
            let e = claim_due(c, 4_000, 30_000)?.expect("due after backoff");
            assert_eq!(e.attempts, 1);
            let refused = Outcome::Refused {
                code: 2,
                message: "x".into(),
                response: "{}".into(),
            };
            assert!(record(c, &e, &refused, None, 5_000, &policy())?);
            // The platform never recorded it: a new submission may try again.
            let (again, _) = fresh(enqueue(c, &batch_plan(&["A"]), 6_000, 30_000)?);
            assert!(again.is_some());
            let counts = counts(c)?;
            assert_eq!(count_of(&counts, State::Refused), 1);
            assert_eq!(count_of(&counts, State::Pending), 1);
            Ok(())
        })
        .expect("db");
    }

    fn keyed(cases: &[&str], fingerprint: &str) -> Plan {
        Plan {
            client: Some(ClientKey {
                key: "client:a1:0f8e2c4a9b7d4e1f8a6c3b5d7e9f1a2c".into(),
                fingerprint: fingerprint.into(),
            }),
            ..batch_plan(cases)
        }
    }

    #[test]
    fn a_client_key_repeat_is_the_same_entry_and_a_reuse_is_refused() {
        let (_d, db) = db();
        db.blocking(|c| {
            let (entry, _) = fresh(enqueue(c, &keyed(&["A", "B"], "f1"), 1_000, 30_000)?);
            let e = entry.expect("entry");
            // The same attempt again: that entry, pending, per case — not already rated.
            let Enqueued::Repeat(view) = enqueue(c, &keyed(&["A", "B"], "f1"), 2_000, 30_000)?
            else {
                panic!("repeat");
            };
            assert_eq!(view.state, State::Pending);
            assert_eq!(
                view.cases,
                vec![("A".into(), None, None), ("B".into(), None, None)]
            );
            // Another rating under the same key is refused.
            assert!(matches!(
                enqueue(c, &keyed(&["A", "B"], "f2"), 2_000, 30_000)?,
                Enqueued::KeyReused
            ));
            let ok = Outcome::Batch {
                cases: vec![
                    ("A".into(), CaseStatus::Delivered, String::new()),
                    ("B".into(), CaseStatus::AlreadyRated, "已存在".into()),
                ],
                response: "{}".into(),
            };
            assert!(record(c, &e, &ok, None, 3_000, &policy())?);
            let Enqueued::Repeat(view) = enqueue(c, &keyed(&["A", "B"], "f1"), 4_000, 30_000)?
            else {
                panic!("repeat");
            };
            assert_eq!(view.state, State::Delivered);
            assert_eq!(view.cases[0].1, Some(CaseStatus::Delivered));
            assert_eq!(view.cases[1].1, Some(CaseStatus::AlreadyRated));
            // Without the key it is what it always was: already rated.
            let (entry, already) = fresh(enqueue(c, &batch_plan(&["A", "B"]), 5_000, 30_000)?);
            assert!(entry.is_none());
            assert_eq!(already.len(), 2);
            Ok(())
        })
        .expect("db");
    }

    #[test]
    fn an_unknown_outcome_waits_to_be_confirmed_and_keeps_its_start() {
        let (_d, db) = db();
        db.blocking(|c| {
            let e = fresh(enqueue(c, &batch_plan(&["A"]), 1_000, 30_000)?)
                .0
                .expect("entry");
            let timeout = Outcome::Retry {
                error: "timed out".into(),
                unknown: true,
            };
            assert!(record(c, &e, &timeout, None, 6_000, &policy())?);
            assert_eq!(unconfirmed(c)?, 1);
            assert!(
                claim_due(c, 15_000, 30_000)?.is_none(),
                "not asked before confirm_after (10 s)"
            );
            let again = claim_due(c, 16_001, 30_000)?.expect("due");
            assert_eq!(
                again.unknown_since,
                Some(1_000),
                "since the attempt's claim"
            );
            // The platform could not say: still unknown, since the same time.
            assert!(record(c, &again, &timeout, None, 17_000, &policy())?);
            let third = claim_due(c, 60_000, 30_000)?.expect("due");
            assert_eq!(third.unknown_since, Some(1_000));
            // Resent after the query said it was not there, and answered.
            let ok = Outcome::Delivered {
                eval_id: Some("9".into()),
                response: "{}".into(),
            };
            assert!(record(
                c,
                &third,
                &ok,
                Some(Recovery::Resent),
                61_000,
                &policy()
            )?);
            assert_eq!(unconfirmed(c)?, 0);
            assert_eq!(
                recoveries(c)?,
                vec![(Recovery::Confirmed, 0), (Recovery::Resent, 1)]
            );
            let rows = list(c, true, 10)?;
            assert_eq!(rows[0].recovery.as_deref(), Some("resent"));
            assert_eq!(
                attributed(c, &["9".to_string(), "8".to_string()], 0)?,
                vec!["9"]
            );
            assert!(attributed(c, &["9".to_string()], third.id)?.is_empty());
            Ok(())
        })
        .expect("db");
    }
}

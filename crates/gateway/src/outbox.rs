//! The durable outbox (docs/ARCHITECTURE.md "Delivery: the outbox"): its
//! SQLite storage, idempotency keys, leases, backoff, and how a platform
//! answer closes an entry. The async side (attempts, the delivery loop) is in
//! `delivery`.
//!
//! - An accepted rating is committed with its idempotency keys before the
//!   citizen gets an answer. A key already present (and not released by a
//!   refusal) means the rating was given before: `already_rated`.
//! - An entry is leased while an attempt is in flight (`lease_until`,
//!   `lease_token`), so the request handler and the loop never send it at
//!   once; a crash leaves the lease to expire and the entry due again.
//! - Closing needs the lease token, so a holder whose lease expired cannot
//!   overwrite the result of the one that took over.

use hcp_protocol::types::mask;
use hcp_protocol::upstream::{self, Envelope, EvalResult, MultiEvalItem};
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::Value;

use crate::config::RetryPolicy;
use crate::payload::{Plan, UpstreamBody, display_key};
use crate::upstream::UpstreamError;

/// Every entry state: `pending` until the platform answers, then closed.
pub const STATES: [&str; 4] = ["pending", "delivered", "already_rated", "refused"];

/// An entry leased for one attempt.
#[derive(Debug, Clone)]
pub struct Claimed {
    /// Row id.
    pub id: i64,
    /// guide, affair, multi, consult.
    pub kind: String,
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
}

/// The result of committing a submission.
#[derive(Debug)]
pub struct Enqueued {
    /// The new entry, already leased for the immediate attempt; `None` when
    /// every key was present (nothing new to send).
    pub entry: Option<Claimed>,
    /// Case numbers (or, for guide/consult, the key) that were rated before.
    pub already: Vec<String>,
}

/// What happened to one case of a batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseStatus {
    /// Recorded by the platform.
    Delivered,
    /// Rated before.
    AlreadyRated,
    /// Refused by the platform.
    Refused,
}

impl CaseStatus {
    fn as_str(self) -> &'static str {
        match self {
            CaseStatus::Delivered => "delivered",
            CaseStatus::AlreadyRated => "already_rated",
            CaseStatus::Refused => "refused",
        }
    }
}

/// How one attempt ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Code 0.
    Delivered {
        /// affairEvalId, when given.
        eval_id: Option<String>,
        /// The answer as received.
        response: String,
    },
    /// Code -1 with the platform's already-rated words.
    AlreadyRated {
        /// The platform's message.
        message: String,
        /// The answer as received.
        response: String,
    },
    /// Any other refusal (code 2 and the like): closed, kept for an operator.
    Refused {
        /// The platform's code.
        code: i64,
        /// The platform's message.
        message: String,
        /// The answer as received.
        response: String,
    },
    /// A batch answered case by case.
    Batch {
        /// Per case: number, status, the platform's message.
        cases: Vec<(String, CaseStatus, String)>,
        /// The answer as received.
        response: String,
    },
    /// No usable answer (network, timeout, 5xx, code 3): try again later.
    Retry {
        /// Why.
        error: String,
    },
}

impl Outcome {
    /// The metrics label.
    pub fn label(&self) -> &'static str {
        match self {
            Outcome::Delivered { .. } => "delivered",
            Outcome::AlreadyRated { .. } => "already_rated",
            Outcome::Refused { .. } => "refused",
            Outcome::Batch { cases, .. } => batch_state(cases),
            Outcome::Retry { .. } => "retry",
        }
    }
}

fn batch_state(cases: &[(String, CaseStatus, String)]) -> &'static str {
    if cases.iter().any(|c| c.1 == CaseStatus::Delivered) {
        "delivered"
    } else if !cases.is_empty() && cases.iter().all(|c| c.1 == CaseStatus::AlreadyRated) {
        "already_rated"
    } else {
        "refused"
    }
}

/// Commits a submission: checks its keys, stores the body (a batch without
/// its already-rated cases) and leases the new entry for the immediate attempt.
pub fn enqueue(
    conn: &mut Connection,
    plan: &Plan,
    now_ms: i64,
    lease_ms: i64,
) -> anyhow::Result<Enqueued> {
    // A savepoint, not a transaction: this runs inside the writer's group commit.
    let tx = conn.savepoint()?;
    let mut already = Vec::new();
    let mut fresh = Vec::new();
    for k in &plan.keys {
        let status: Option<Option<String>> = tx
            .prepare_cached("SELECT status FROM outbox_keys WHERE key = ?1")?
            .query_row([&k.key], |r| r.get(0))
            .optional()?;
        match status {
            // Released by a refusal: the platform never recorded it.
            Some(Some(s)) if s == "refused" => fresh.push(k),
            Some(_) => already.push(k.case_no.clone().unwrap_or_else(|| k.key.clone())),
            None => fresh.push(k),
        }
    }
    if fresh.is_empty() {
        tx.commit()?;
        return Ok(Enqueued {
            entry: None,
            already,
        });
    }
    let mut body = plan.body.clone();
    if let UpstreamBody::Multi(m) = &mut body {
        m.affair_list.retain(|a| {
            fresh
                .iter()
                .any(|k| k.case_no.as_deref() == Some(a.affair_serial_no.as_str()))
        });
    }
    let json = body.to_json()?;
    let shown = match fresh.len() {
        1 => display_key(&fresh[0].key),
        n => format!("{} (+{} more)", display_key(&fresh[0].key), n - 1),
    };
    let token = uuid::Uuid::new_v4().simple().to_string();
    tx.prepare_cached(
        "INSERT INTO outbox (kind, interface, body, display_key, state, attempts, next_attempt_at,
            lease_until, lease_token, created_at)
         VALUES (?1, ?2, ?3, ?4, 'pending', 0, ?5, ?6, ?7, ?5)",
    )?
    .execute(params![
        body.kind(),
        body.interface(),
        json,
        shown,
        now_ms,
        now_ms + lease_ms,
        token
    ])?;
    let id = tx.last_insert_rowid();
    for k in &fresh {
        tx.prepare_cached(
            "INSERT INTO outbox_keys (key, entry_id, case_no) VALUES (?1, ?2, ?3)
             ON CONFLICT(key) DO UPDATE SET entry_id = excluded.entry_id, case_no = excluded.case_no,
                status = NULL, message = NULL")?
        .execute(
            params![k.key, id, k.case_no],
        )?;
    }
    tx.commit()?;
    Ok(Enqueued {
        entry: Some(Claimed {
            id,
            kind: body.kind().to_string(),
            interface: body.interface().to_string(),
            body: json,
            attempts: 0,
            lease_token: token,
            cases: fresh.iter().filter_map(|k| k.case_no.clone()).collect(),
        }),
        already,
    })
}

fn cases_of(conn: &Connection, id: i64) -> rusqlite::Result<Vec<String>> {
    let mut stmt =
        conn.prepare("SELECT case_no FROM outbox_keys WHERE entry_id = ?1 AND case_no IS NOT NULL ORDER BY rowid")?;
    stmt.query_map([id], |r| r.get(0))?.collect()
}

/// Leases the next due entry, if any.
pub fn claim_due(
    conn: &mut Connection,
    now_ms: i64,
    lease_ms: i64,
) -> anyhow::Result<Option<Claimed>> {
    let token = uuid::Uuid::new_v4().simple().to_string();
    let row = conn
        .prepare_cached(
            "UPDATE outbox SET lease_until = ?2, lease_token = ?3
             WHERE id = (SELECT id FROM outbox WHERE state = 'pending' AND next_attempt_at <= ?1
                           AND (lease_until IS NULL OR lease_until <= ?1)
                         ORDER BY next_attempt_at, id LIMIT 1)
             RETURNING id, kind, interface, body, attempts",
        )?
        .query_row(params![now_ms, now_ms + lease_ms, token], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, i64>(4)?,
            ))
        })
        .optional()?;
    let Some((id, kind, interface, body, attempts)) = row else {
        return Ok(None);
    };
    Ok(Some(Claimed {
        cases: cases_of(conn, id)?,
        id,
        kind,
        interface,
        body,
        attempts,
        lease_token: token,
    }))
}

/// When the next pending entry is due (its lease counted), Unix ms.
pub fn next_due(conn: &Connection) -> rusqlite::Result<Option<i64>> {
    conn.prepare_cached(
        "SELECT MIN(MAX(next_attempt_at, COALESCE(lease_until, 0))) FROM outbox WHERE state = 'pending'")?
        .query_row(
        [],
        |r| r.get(0),
    )
}

/// The delay before attempt `attempts + 1`: `initial · 2^(attempts-1)`, at
/// most `max`, with ±20 % jitter so that entries of one outage spread out.
pub fn backoff_ms(policy: &RetryPolicy, attempts: i64, jitter_unit: f64) -> i64 {
    let initial = policy.initial.as_millis() as f64;
    let max = policy.max.as_millis() as f64;
    let exp = (attempts.max(1) - 1).min(40) as i32;
    let base = (initial * 2f64.powi(exp)).min(max);
    let jitter = 0.8 + 0.4 * jitter_unit.clamp(0.0, 1.0);
    (base * jitter).round() as i64
}

fn random_unit() -> f64 {
    (uuid::Uuid::new_v4().as_u128() % 10_000) as f64 / 10_000.0
}

/// Reads a platform answer (or the lack of one) for an entry.
pub fn classify(entry: &Claimed, result: Result<Envelope<Value>, UpstreamError>) -> Outcome {
    let env = match result {
        Ok(env) => env,
        Err(e) => {
            return Outcome::Retry {
                error: e.to_string(),
            };
        }
    };
    let response = serde_json::to_string(&env).unwrap_or_default();
    match env.code {
        upstream::code::OK if entry.kind == "multi" => Outcome::Batch {
            cases: batch_cases(&entry.cases, env.data.as_ref()),
            response,
        },
        upstream::code::OK => Outcome::Delivered {
            eval_id: env
                .data
                .clone()
                .and_then(|d| serde_json::from_value::<EvalResult>(d).ok())
                .map(|r| r.affair_eval_id.0)
                .filter(|s| !s.is_empty()),
            response,
        },
        _ if env.is_already_rated() => Outcome::AlreadyRated {
            message: env.message,
            response,
        },
        // 验签失败: our clock or nonce, or the token being rotated: worth retrying.
        upstream::code::BAD_SIGNATURE => Outcome::Retry {
            error: format!("code 3: {}", env.message),
        },
        code => Outcome::Refused {
            code,
            message: env.message,
            response,
        },
    }
}

/// Per-case answers of 4.6: items are matched by the echoed case number, or
/// by the case number in the message, or else by position; a case without
/// an item was accepted (the envelope said 0).
fn batch_cases(cases: &[String], data: Option<&Value>) -> Vec<(String, CaseStatus, String)> {
    let items: Vec<MultiEvalItem> = data
        .and_then(|d| serde_json::from_value::<Vec<MultiEvalItem>>(d.clone()).ok())
        .unwrap_or_default();
    cases
        .iter()
        .enumerate()
        .map(|(i, case)| {
            let item = items
                .iter()
                .find(|it| {
                    it.data
                        .as_ref()
                        .is_some_and(|d| &d.affair_serial_no == case)
                })
                .or_else(|| {
                    items
                        .iter()
                        .find(|it| it.data.is_none() && it.message.contains(case.as_str()))
                })
                .or_else(|| {
                    if items.len() == cases.len() {
                        items.get(i)
                    } else {
                        None
                    }
                });
            match item {
                None => (case.clone(), CaseStatus::Delivered, String::new()),
                Some(it) if it.code == upstream::code::OK => {
                    (case.clone(), CaseStatus::Delivered, it.message.clone())
                }
                Some(it) if upstream::is_already_rated_message(&it.message) => {
                    (case.clone(), CaseStatus::AlreadyRated, it.message.clone())
                }
                Some(it) => (case.clone(), CaseStatus::Refused, it.message.clone()),
            }
        })
        .collect()
}

/// Records an attempt's outcome. Returns false when the lease was lost (the
/// entry was taken over after the lease expired), in which case nothing changes.
pub fn record(
    conn: &mut Connection,
    entry: &Claimed,
    outcome: &Outcome,
    now_ms: i64,
    retry: &RetryPolicy,
) -> anyhow::Result<bool> {
    // A savepoint, not a transaction: this runs inside the writer's group commit.
    let tx = conn.savepoint()?;
    let Closing {
        state,
        eval_id,
        response,
        error,
        per_case,
    } = match outcome {
        Outcome::Retry { error } => {
            let attempts = entry.attempts + 1;
            let next = now_ms + backoff_ms(retry, attempts, random_unit());
            let n = tx
                .prepare_cached(
                    "UPDATE outbox SET attempts = ?3, next_attempt_at = ?4, lease_until = NULL,
                        lease_token = NULL, last_error = ?5
                     WHERE id = ?1 AND lease_token = ?2 AND state = 'pending'",
                )?
                .execute(params![entry.id, entry.lease_token, attempts, next, error])?;
            tx.commit()?;
            return Ok(n == 1);
        }
        Outcome::Delivered { eval_id, response } => Closing {
            state: "delivered",
            eval_id: eval_id.as_deref(),
            response,
            error: None,
            per_case: all(entry, "delivered", ""),
        },
        Outcome::AlreadyRated { message, response } => Closing {
            state: "already_rated",
            eval_id: None,
            response,
            error: None,
            per_case: all(entry, "already_rated", message),
        },
        Outcome::Refused {
            code,
            message,
            response,
        } => Closing {
            state: "refused",
            eval_id: None,
            response,
            error: Some(format!("code {code}: {message}")),
            per_case: all(entry, "refused", message),
        },
        Outcome::Batch { cases, response } => {
            let state = batch_state(cases);
            let refused: Vec<&str> = cases
                .iter()
                .filter(|c| c.1 == CaseStatus::Refused)
                .map(|c| c.2.as_str())
                .collect();
            Closing {
                state,
                eval_id: None,
                response,
                error: (!refused.is_empty()).then(|| refused.join("; ")),
                per_case: cases
                    .iter()
                    .map(|(c, s, m)| (c.clone(), s.as_str(), m.clone()))
                    .collect(),
            }
        }
    };
    let n = tx.prepare_cached(
        "UPDATE outbox SET state = ?3, attempts = attempts + 1, eval_id = ?4, response = ?5,
            last_error = COALESCE(?6, last_error), closed_at = ?7, lease_until = NULL, lease_token = NULL
         WHERE id = ?1 AND lease_token = ?2 AND state = 'pending'")?
        .execute(
        params![entry.id, entry.lease_token, state, eval_id, response, error, now_ms],
    )?;
    if n != 1 {
        // Our lease was lost: nothing to record (dropping the savepoint rolls it back).
        drop(tx);
        return Ok(false);
    }
    if entry.cases.is_empty() {
        tx.prepare_cached("UPDATE outbox_keys SET status = ?2, message = ?3 WHERE entry_id = ?1")?
            .execute(params![
                entry.id,
                state,
                per_case.first().map(|c| c.2.as_str()).unwrap_or("")
            ])?;
    } else {
        for (case, status, message) in &per_case {
            tx.prepare_cached(
                "UPDATE outbox_keys SET status = ?3, message = ?4 WHERE entry_id = ?1 AND case_no = ?2")?
        .execute(
                params![entry.id, case, status, message],
            )?;
        }
    }
    tx.commit()?;
    Ok(true)
}

/// How an entry is closed: its final state and what goes with it.
struct Closing<'a> {
    state: &'static str,
    eval_id: Option<&'a str>,
    response: &'a str,
    error: Option<String>,
    /// Per case (or one row for a single rating): number, status, message.
    per_case: Vec<(String, &'static str, String)>,
}

fn all(
    entry: &Claimed,
    status: &'static str,
    message: &str,
) -> Vec<(String, &'static str, String)> {
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

/// Entries by state, for /healthz and /metrics.
pub fn counts(conn: &Connection) -> rusqlite::Result<Vec<(String, i64)>> {
    let mut stmt = conn.prepare("SELECT state, COUNT(*) FROM outbox GROUP BY state")?;
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect()
}

/// One entry as the `outbox` command shows it.
#[derive(Debug, Clone)]
pub struct Row {
    /// Row id.
    pub id: i64,
    /// guide, affair, multi, consult.
    pub kind: String,
    /// State.
    pub state: String,
    /// The first idempotency key, personal parts masked.
    pub key: String,
    /// Attempts made.
    pub attempts: i64,
    /// Next attempt (pending), Unix ms.
    pub next_attempt_at: i64,
    /// Last error, if any.
    pub last_error: Option<String>,
    /// When it was accepted, Unix ms.
    pub created_at: i64,
}

/// Entries needing attention (pending, refused), or all of them, newest last.
pub fn list(conn: &Connection, everything: bool, limit: i64) -> rusqlite::Result<Vec<Row>> {
    let sql = if everything {
        "SELECT id, kind, state, display_key, attempts, next_attempt_at, last_error, created_at
         FROM outbox ORDER BY id DESC LIMIT ?1"
    } else {
        "SELECT id, kind, state, display_key, attempts, next_attempt_at, last_error, created_at
         FROM outbox WHERE state IN ('pending', 'refused') ORDER BY id DESC LIMIT ?1"
    };
    let mut stmt = conn.prepare(sql)?;
    let mut rows: Vec<Row> = stmt
        .query_map([limit], |r| {
            Ok(Row {
                id: r.get(0)?,
                kind: r.get(1)?,
                state: r.get(2)?,
                key: r.get(3)?,
                attempts: r.get(4)?,
                next_attempt_at: r.get(5)?,
                last_error: r.get(6)?,
                created_at: r.get(7)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    rows.reverse();
    Ok(rows)
}

/// Masks what could identify a person in an error text (long digit runs).
pub fn redact(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        if run.chars().count() >= 11 {
            out.push_str(&mask(run));
        } else {
            out.push_str(run);
        }
        run.clear();
    };
    for c in text.chars() {
        if c.is_ascii_digit() || ((c == 'X' || c == 'x') && !run.is_empty()) {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::Db;
    use crate::payload::IdemKey;
    use hcp_protocol::types::{EvalProcess, LooseInt, Stars};
    use hcp_protocol::upstream::{Department, EvalUser, MultiEvalAffair, MultiEvalRequest};
    use hcp_protocol::{Channel, EvalEntityCode};
    use std::time::Duration;

    fn policy() -> RetryPolicy {
        RetryPolicy {
            initial: Duration::from_secs(2),
            max: Duration::from_secs(600),
            lease: Duration::from_secs(30),
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
        }
    }

    fn db() -> (tempfile::TempDir, Db) {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = Db::open(&dir.path().join("g.db")).expect("db");
        (dir, db)
    }

    #[test]
    fn keys_make_repeats_already_rated_and_trim_batches() {
        let (_d, db) = db();
        db.blocking(|c| {
            let first = enqueue(c, &batch_plan(&["A", "B"]), 1000, 30_000)?;
            assert!(first.entry.is_some());
            assert!(first.already.is_empty());
            let second = enqueue(c, &batch_plan(&["B", "C"]), 2000, 30_000)?;
            assert_eq!(second.already, vec!["B".to_string()]);
            let e = second.entry.expect("C is new");
            assert_eq!(e.cases, vec!["C".to_string()]);
            assert!(
                e.body.contains("\"C\"") && !e.body.contains("\"B\""),
                "{}",
                e.body
            );
            let third = enqueue(c, &batch_plan(&["A", "C"]), 3000, 30_000)?;
            assert!(third.entry.is_none());
            assert_eq!(third.already.len(), 2);
            Ok(())
        })
        .expect("db");
    }

    #[test]
    fn leases_keep_entries_from_being_sent_twice_until_they_expire() {
        let (_d, db) = db();
        db.blocking(|c| {
            let e = enqueue(c, &batch_plan(&["A"]), 1000, 30_000)?
                .entry
                .expect("entry");
            // Leased by the handler: the loop does not see it…
            assert!(claim_due(c, 2000, 30_000)?.is_none());
            // …until the lease expires (the handler crashed mid-flight).
            let again = claim_due(c, 31_001, 30_000)?.expect("due again");
            assert_eq!(again.id, e.id);
            assert_eq!(again.cases, vec!["A".to_string()]);
            // The old holder cannot close it any more.
            let ok = Outcome::Delivered {
                eval_id: Some("1".into()),
                response: "{}".into(),
            };
            assert!(!record(c, &e, &ok, 31_002, &policy())?);
            assert!(record(c, &again, &ok, 31_003, &policy())?);
            assert!(claim_due(c, 99_999_999, 30_000)?.is_none());
            Ok(())
        })
        .expect("db");
    }

    #[test]
    fn retries_back_off_and_refusals_release_keys() {
        let (_d, db) = db();
        db.blocking(|c| {
            let e = enqueue(c, &batch_plan(&["A"]), 0, 30_000)?
                .entry
                .expect("entry");
            let retry = Outcome::Retry {
                error: "down".into(),
            };
            assert!(record(c, &e, &retry, 1_000, &policy())?);
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
            assert!(record(c, &e, &refused, 5_000, &policy())?);
            // The platform never recorded it: a new submission may try again.
            let again = enqueue(c, &batch_plan(&["A"]), 6_000, 30_000)?;
            assert!(again.entry.is_some());
            let counts = counts(c)?;
            assert!(counts.contains(&("refused".to_string(), 1)));
            assert!(counts.contains(&("pending".to_string(), 1)));
            Ok(())
        })
        .expect("db");
    }

    #[test]
    fn backoff_doubles_up_to_the_maximum() {
        let p = policy();
        assert_eq!(backoff_ms(&p, 1, 0.5), 2000);
        assert_eq!(backoff_ms(&p, 2, 0.5), 4000);
        assert_eq!(backoff_ms(&p, 3, 0.5), 8000);
        assert_eq!(backoff_ms(&p, 30, 0.5), 600_000);
        assert_eq!(backoff_ms(&p, 1, 0.0), 1600);
        assert_eq!(backoff_ms(&p, 1, 1.0), 2400);
    }

    #[test]
    fn multieval_answers_are_read_per_case() {
        let entry = Claimed {
            id: 1,
            kind: "multi".into(),
            interface: "affair/multieval".into(),
            body: String::new(),
            attempts: 0,
            lease_token: String::new(),
            cases: vec![
                "210000-210100183015-20190805160712863".into(),
                "210000-210100183015-20190805160712864".into(),
            ],
        };
        // Seed 000 §4.6's response.
        let answer: Envelope<Value> = serde_json::from_str(
            r#"{"code":0,"message":"SUCCESS","data":[
                {"code":0,"data":{"affairSerialNo":"210000-210100183015-20190805160712863"},"message":"评价成功"},
                {"code":-1,"data":{"affairSerialNo":"210000-210100183015-20190805160712864"},
                 "message":"评价失败,原因:210000-210100183015-20190805160712864的评价在系统中已存在"}]}"#,
        )
        .expect("json");
        let Outcome::Batch { cases, .. } = classify(&entry, Ok(answer)) else {
            panic!("batch");
        };
        assert_eq!(cases[0].1, CaseStatus::Delivered);
        assert_eq!(cases[1].1, CaseStatus::AlreadyRated);
        let dup: Envelope<Value> =
            serde_json::from_str(r#"{"code":-1,"message":"请勿重复评价","data":null}"#)
                .expect("json");
        assert!(matches!(
            classify(&entry, Ok(dup)),
            Outcome::AlreadyRated { .. }
        ));
        let sig: Envelope<Value> =
            serde_json::from_str(r#"{"code":3,"message":"验签失败","data":null}"#).expect("json");
        assert!(matches!(classify(&entry, Ok(sig)), Outcome::Retry { .. }));
        let bad: Envelope<Value> = serde_json::from_str(
            r#"{"code":2,"message":"事项编码affairCode不能为空","data":null}"#,
        )
        .expect("json");
        assert!(matches!(
            classify(&entry, Ok(bad)),
            Outcome::Refused { code: 2, .. }
        ));
        assert!(matches!(
            classify(&entry, Err(UpstreamError::Timeout)),
            Outcome::Retry { .. }
        ));
    }

    #[test]
    fn redact_masks_long_digit_runs() {
        assert_eq!(redact("phone 13812345678 bad"), "phone 138****5678 bad");
        assert_eq!(redact("code 2: x"), "code 2: x");
        assert_eq!(redact("id 21010219900101123X"), "id 210***********123X");
    }
}

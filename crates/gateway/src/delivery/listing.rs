//! Reading the outbox for people: counts by state and by recovery for
//! /healthz and /metrics, the entries `hcp-gateway outbox` lists, and the
//! cases 我的评价 shows as on their way.

use crate::args;
use crate::delivery::kinds::{Kind, Recovery, State};
use crate::store::{Row, Tx};

/// Of these rating keys (`case:…`), those whose rating was accepted and is
/// still waiting to be delivered (its entry pending): 我的评价 shows such a
/// case as being delivered, which the platform's lists cannot yet.
pub fn pending_keys(tx: &mut dyn Tx, keys: &[String]) -> anyhow::Result<Vec<String>> {
    let mut out = Vec::new();
    for k in keys {
        let found = tx.query_opt(
            "SELECT 1 FROM outbox_keys k JOIN outbox o ON o.id = k.entry_id
             WHERE k.key = $1 AND k.kind = 'rating' AND k.status IS NULL AND o.state = 'pending'",
            args![k],
        )?;
        if found.is_some() {
            out.push(k.clone());
        }
    }
    Ok(out)
}

/// Entries by state (every state, zero included), for /healthz and /metrics.
pub fn counts(tx: &mut dyn Tx) -> anyhow::Result<Vec<(State, i64)>> {
    let rows = tx.query("SELECT state, COUNT(*) FROM outbox GROUP BY state", args![])?;
    let mut out: Vec<(State, i64)> = State::ALL.iter().map(|s| (*s, 0)).collect();
    for r in rows {
        let state = State::parse(&r.get::<String>(0)?)?;
        if let Some(slot) = out.iter_mut().find(|(s, _)| *s == state) {
            slot.1 = r.get(1)?;
        }
    }
    Ok(out)
}

/// The count for `state` in what [`counts`] returned.
pub fn count_of(counts: &[(State, i64)], state: State) -> i64 {
    counts
        .iter()
        .find(|(s, _)| *s == state)
        .map_or(0, |(_, n)| *n)
}

/// Closed entries by how they were settled after an unknown outcome
/// (every [`Recovery`], zero included), for `hcp-gateway outbox` and /metrics.
pub fn recoveries(tx: &mut dyn Tx) -> anyhow::Result<Vec<(Recovery, i64)>> {
    Recovery::ALL
        .iter()
        .map(|r| {
            let n: i64 = tx.value(
                "SELECT COUNT(*) FROM outbox WHERE recovery = $1",
                args![r.as_str()],
            )?;
            Ok((*r, n))
        })
        .collect()
}

/// Pending entries waiting to be confirmed (their last attempt's outcome is unknown).
pub fn unconfirmed(tx: &mut dyn Tx) -> anyhow::Result<i64> {
    tx.value(
        "SELECT COUNT(*) FROM outbox WHERE state = 'pending' AND unknown_since IS NOT NULL",
        args![],
    )
}

/// One entry as the `outbox` command shows it.
#[derive(Debug, Clone)]
pub struct EntryRow {
    /// Row id.
    pub id: i64,
    /// What it is.
    pub kind: Kind,
    /// State.
    pub state: State,
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
    /// Pending: whether its last attempt's outcome is unknown (to be confirmed).
    pub unknown: bool,
    /// Closed after an unknown outcome: confirmed or resent.
    pub recovery: Option<String>,
}

pub(crate) fn listed(r: &Row) -> anyhow::Result<EntryRow> {
    Ok(EntryRow {
        id: r.get(0)?,
        kind: Kind::parse(&r.get::<String>(1)?)?,
        state: State::parse(&r.get::<String>(2)?)?,
        key: r.get(3)?,
        attempts: r.get(4)?,
        next_attempt_at: r.get(5)?,
        last_error: r.get(6)?,
        created_at: r.get(7)?,
        unknown: r.get(8)?,
        recovery: r.get(9)?,
    })
}

/// Entries needing attention (pending, refused), or all of them, newest last.
pub fn list(tx: &mut dyn Tx, everything: bool, limit: i64) -> anyhow::Result<Vec<EntryRow>> {
    let sql = if everything {
        "SELECT id, kind, state, display_key, attempts, next_attempt_at, last_error, created_at,
            unknown_since IS NOT NULL, recovery
         FROM outbox ORDER BY id DESC LIMIT $1"
    } else {
        "SELECT id, kind, state, display_key, attempts, next_attempt_at, last_error, created_at,
            unknown_since IS NOT NULL, recovery
         FROM outbox WHERE state IN ('pending', 'refused') ORDER BY id DESC LIMIT $1"
    };
    let mut rows = tx
        .query(sql, args![limit])?
        .iter()
        .map(listed)
        .collect::<anyhow::Result<Vec<_>>>()?;
    rows.reverse();
    Ok(rows)
}

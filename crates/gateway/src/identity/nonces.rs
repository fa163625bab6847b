//! One-use nonces of signed calls (the directory push, the hall system's
//! calls): a primary key in the store, so a replay is refused at whichever
//! gateway it arrives.

use crate::args;
use crate::store::Tx;

/// Uses up a push nonce at `now` (Unix seconds): `false` when it was seen
/// within `ttl_secs` (at this gateway or, on a shared PostgreSQL, at any
/// other). Nonces older than that are forgotten.
pub fn use_push_nonce(
    tx: &mut dyn Tx,
    nonce: &str,
    now: i64,
    ttl_secs: i64,
) -> anyhow::Result<bool> {
    tx.execute(
        "DELETE FROM push_nonces WHERE seen_at < $1",
        args![now - ttl_secs],
    )?;
    // Two gateways inserting the same nonce at once: the second waits for
    // the first's commit, then finds the conflict and inserts nothing.
    let inserted = tx.execute(
        "INSERT INTO push_nonces (nonce, seen_at) VALUES ($1, $2) ON CONFLICT(nonce) DO NOTHING",
        args![nonce, now],
    )?;
    Ok(inserted == 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_push_nonce_is_used_once_within_its_time() {
        let (_dir, db) = crate::store::Db::temp();
        db.blocking(|c| {
            assert!(use_push_nonce(c, "n1", 1_000, 600)?);
            assert!(!use_push_nonce(c, "n1", 1_599, 600)?);
            assert!(use_push_nonce(c, "n2", 1_599, 600)?);
            // Forgotten after its time: usable again (the timestamp check refuses old requests).
            assert!(use_push_nonce(c, "n1", 1_601, 600)?);
            Ok(())
        })
        .expect("db");
    }
}

//! The revocation watch: every few seconds, pads revoked since the last look
//! are told (their connections close) and reported cases past their time
//! lose their evaluator. On PostgreSQL a revocation also arrives at once as a
//! notification; on SQLite another process (`pad-link --revoke`) is heard
//! only here.

use crate::hall::live::Event;
use crate::hall::{pads, reported};
use crate::state::AppState;
use std::time::Duration;
use tokio::sync::watch;

/// Every `every`, looks for pads revoked since the last look and tells their
/// windows, whose connections of that pad then close. A revocation is also
/// published through the store when it commits (`pads::revoke`), which
/// reaches every gateway on a shared PostgreSQL at once; the look is what
/// reaches a SQLite gateway, whose in-process notifications another process
/// (`hcp-gateway pad-link --revoke`) cannot publish to. Also
/// erases the evaluators of reported cases past [`pads::CASE_TTL_SECS`].
pub async fn watch_revocations(state: AppState, every: Duration, mut stop: watch::Receiver<bool>) {
    let mut since = state.clock.now_secs();
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = tick.tick() => {}
            _ = async { let _ = stop.wait_for(|s| *s).await; } => return,
        }
        let from = since;
        let now = state.clock.now_secs();
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
                error = %crate::redact::safe_text(&format!("{e:#}"), 200),
                "cannot look for revoked pads"
            ),
        }
        let expire_before = now - pads::CASE_TTL_SECS;
        if let Err(e) = state
            .db
            .write(move |c| reported::expire(c, expire_before))
            .await
        {
            tracing::warn!(
                error = %crate::redact::safe_text(&format!("{e:#}"), 200),
                "cannot erase expired evaluators"
            );
        }
    }
}

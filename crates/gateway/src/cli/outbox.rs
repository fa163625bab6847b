//! `hcp-gateway outbox`: the entries that need attention (pending, refused),
//! or all of them, with their keys masked, and how entries with an unknown
//! outcome were settled.

use crate::cli::common::open_db;
use crate::config::ConfigArgs;
use crate::delivery::{kinds, listing};
use crate::redact;
use std::process::ExitCode;

fn beijing(ms: i64) -> String {
    let t = hcp_protocol::sign::beijing_timestamp14(ms / 1000);
    format!(
        "{}-{}-{} {}:{}:{}",
        &t[0..4],
        &t[4..6],
        &t[6..8],
        &t[8..10],
        &t[10..12],
        &t[12..14]
    )
}

pub(crate) async fn show_outbox(args: &ConfigArgs, all: bool, limit: i64) -> ExitCode {
    let db = match open_db(args).await {
        Ok(db) => db,
        Err(code) => return code,
    };
    let result = db
        .read(move |c| {
            Ok((
                listing::counts(c)?,
                listing::list(c, all, limit.max(1))?,
                listing::recoveries(c)?,
                listing::unconfirmed(c)?,
            ))
        })
        .await;
    let (counts, rows, recoveries, unconfirmed) = match result {
        Ok(r) => r,
        Err(e) => {
            eprintln!("hcp-gateway outbox: {e:#}");
            return ExitCode::from(2);
        }
    };
    let summary: Vec<String> = counts.iter().map(|(s, n)| format!("{s} {n}")).collect();
    println!(
        "outbox ({} {}): {}",
        db.backend(),
        db.location(),
        summary.join(", ")
    );
    // Attempts whose outcome was unknown (a timeout, a lost connection, a
    // crash mid-attempt): confirmed by the platform's query, or resent.
    let recovered: Vec<String> = recoveries
        .iter()
        .map(|(how, n)| format!("{} {n}", how.as_str()))
        .collect();
    println!(
        "after an unknown outcome: {}; waiting to be confirmed {unconfirmed}",
        recovered.join(", ")
    );
    if rows.is_empty() {
        println!(
            "{}",
            if all {
                "no entries"
            } else {
                "nothing pending or refused"
            }
        );
        return ExitCode::SUCCESS;
    }
    println!(
        "{:>6}  {:<8}  {:<15}  {:<9}  {:>8}  {:<19}  {:<19}  {:<60}  last error",
        "id", "kind", "state", "recovery", "attempts", "accepted", "next attempt", "key"
    );
    for r in rows {
        let pending = r.state == kinds::State::Pending;
        let state = if pending && r.unknown {
            "unknown/confirm".to_string()
        } else if pending && r.attempts > 0 {
            "failed/retry".to_string()
        } else {
            r.state.to_string()
        };
        let next = if pending {
            beijing(r.next_attempt_at)
        } else {
            "-".to_string()
        };
        println!(
            "{:>6}  {:<8}  {:<15}  {:<9}  {:>8}  {:<19}  {:<19}  {:<60}  {}",
            r.id,
            r.kind.as_str(),
            state,
            r.recovery.as_deref().unwrap_or("-"),
            r.attempts,
            beijing(r.created_at),
            next,
            r.key,
            r.last_error
                .as_deref()
                .map(redact::redact)
                .unwrap_or_default()
        );
    }
    ExitCode::SUCCESS
}

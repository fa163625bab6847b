//! The outbox: ratings accepted while the platform is down are delivered
//! exactly once when it comes back, across gateway crashes (SIGKILL) too.
//! No sleeps: each test waits on the outbox's or the platform's state, with
//! a deadline. A closed entry is never sent again, so "every entry closed
//! and each rating stored once" is the end of the story.

use std::collections::HashMap;
use std::time::Duration;

use hcp_sandbox::StoredRating;
use serde_json::Value;

use crate::support::*;

fn per_case(ratings: &[StoredRating]) -> HashMap<String, usize> {
    let mut m = HashMap::new();
    for r in ratings {
        let key = r.affair_serial_no.clone().unwrap_or_else(|| {
            format!(
                "{:?}:{}",
                r.kind,
                r.client_eval_time.clone().unwrap_or_default()
            )
        });
        *m.entry(key).or_insert(0) += 1;
    }
    m
}

#[tokio::test]
async fn ratings_accepted_during_an_outage_are_delivered_exactly_once() {
    let mut app = spawn_app().await;
    let ticket = demo_ticket();
    app.stop_sandbox().await;

    let mut expected = 0;
    for (name, ticket) in [
        ("affair-hall", None),
        ("batch", None),
        ("guide", Some(ticket.as_str())),
        ("dynamic", Some(ticket.as_str())),
    ] {
        let (route, query) = demo_page(name);
        let resp = app
            .submit(&submission(&route, &query, 4, &[], ""), ticket)
            .await;
        assert_eq!(resp.status(), 200, "{name}");
        let v: Value = resp.json().await.expect("json");
        match name {
            // The batch's first case is the affair-hall case, already in the outbox.
            "batch" => {
                assert_eq!(v["status"], "queued", "{v}");
                assert_eq!(v["cases"][0]["status"], "already_rated", "{v}");
                assert_eq!(v["cases"][1]["status"], "queued", "{v}");
                expected += 2;
            }
            _ => {
                assert_eq!(v["status"], "queued", "{name}: {v}");
                expected += 1;
            }
        }
    }
    // A repeat during the outage is already rated, not queued twice.
    let (route, query) = demo_page("affair-hall");
    let v: Value = app
        .submit(&submission(&route, &query, 4, &[], ""), None)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(v["status"], "already_rated");

    let health: Value = app.get("/healthz").await.json().await.expect("health");
    assert_eq!(health["outbox"]["pending"], 4, "{health}");
    // The loop keeps failing while the platform is down.
    let min_attempts = |app: &TestApp| -> i64 {
        app.state()
            .db
            .blocking(|c| Ok(c.query_row("SELECT MIN(attempts) FROM outbox", [], |r| r.get(0))?))
            .expect("attempts")
    };
    eventually(
        20,
        "every entry tried twice while the platform is down",
        || min_attempts(&app) >= 2,
    )
    .await;
    assert!(app.ratings().is_empty());
    // A refused connection proves nothing was sent: nothing to confirm.
    assert_eq!(app.outbox().unconfirmed, 0);

    app.restart_sandbox().await;
    let state = app.settled(20).await;
    assert_eq!((state.confirmed, state.resent), (0, 0), "{state:?}");
    let ratings = app.ratings();
    assert_eq!(ratings.len(), expected);
    assert!(
        per_case(&ratings).values().all(|n| *n == 1),
        "{:?}",
        per_case(&ratings)
    );
    let health: Value = app.get("/healthz").await.json().await.expect("health");
    assert_eq!(health["outbox"]["pending"], 0, "{health}");
    assert!(min_attempts(&app) >= 3, "retried after failing");
    app.shutdown().await;
}

#[tokio::test]
async fn a_gateway_killed_with_sigkill_delivers_after_restart_exactly_once() {
    let mut setup = ChildSetup::new().await;
    let env = setup.env();

    let gw = ChildGateway::start(&env).await;
    setup.stop_sandbox().await;
    let ticket = demo_ticket();
    for (name, ticket) in [
        ("affair-hall", None),
        ("dynamic-gd", Some(ticket.as_str())),
        ("consult-hall", Some(ticket.as_str())),
    ] {
        let (route, query) = demo_page(name);
        let v: Value = gw
            .submit(&submission(&route, &query, 5, &[], ""), ticket)
            .await
            .json()
            .await
            .expect("json");
        assert_eq!(v["status"], "queued", "{name}: {v}");
    }
    // kill -9: no shutdown, nothing flushed but what was committed.
    gw.kill9().await;

    setup.restart_sandbox().await;
    assert!(setup.ratings().is_empty());
    let gw = ChildGateway::start(&env).await;
    let db = setup.db();
    eventually(20, "the restarted gateway settled its outbox", || {
        outbox_state(&db).pending == 0
    })
    .await;
    let ratings = setup.ratings();
    assert_eq!(ratings.len(), 3, "exactly once");
    assert!(per_case(&ratings).values().all(|n| *n == 1));
    // Nothing left to do, and a repeat is recognised after the restart.
    let (route, query) = demo_page("affair-hall");
    let v: Value = gw
        .submit(&submission(&route, &query, 5, &[], ""), None)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(v["status"], "already_rated");
    let out = run_binary(&env, &["outbox"]).await;
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("pending 0"), "{text}");
    assert!(text.contains("delivered 3"), "{text}");
    gw.kill9().await;
    setup.stop_sandbox().await;
}

#[tokio::test]
async fn a_crash_mid_flight_leaves_the_entry_due_again_after_its_lease() {
    // A slow platform: the attempt is still in flight (not yet handled) when
    // the gateway dies, so the killed attempt leaves nothing behind.
    let mut setup = ChildSetup::slow(Duration::from_secs(3)).await;
    let env = setup.env().set("HCP_SUBMIT_WAIT_MS", 300);

    let gw = ChildGateway::start(&env).await;
    let (route, query) = demo_page("affair-hall");
    let submitted = hcp_gateway::clock::now_secs();
    let v: Value = gw
        .submit(&submission(&route, &query, 5, &[], ""), None)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(v["status"], "queued", "{v}");
    // The attempt is waiting on the slow platform, holding its lease: kill -9.
    gw.kill9().await;

    let gw = ChildGateway::start(&env).await;
    let out = run_binary(&env, &["outbox"]).await;
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("pending 1"), "{text}");
    let db = setup.db();
    eventually(
        30,
        "the leased entry settled after its lease expired",
        || outbox_state(&db).pending == 0,
    )
    .await;
    // Not before the lease ran out: taken at submission + 6 s, stored after the 3 s latency.
    let stored = setup.ratings();
    assert_eq!(stored.len(), 1, "exactly once");
    assert!(
        stored[0].created_at >= submitted + 9,
        "sent again before the lease expired"
    );
    // The lost attempt's outcome was unknown: checked before sending again.
    // A hall page with offLine=1 names no userId to ask with; the platform
    // refuses a second rating of the case, so the resend is safe.
    let state = outbox_state(&db);
    assert_eq!(state.resent, 1, "{state:?}");
    assert_eq!(
        state.states.get("delivered"),
        Some(&1),
        "the resend was the first to land"
    );
    gw.kill9().await;
    setup.stop_sandbox().await;
}

#[tokio::test]
async fn the_handler_and_the_loop_never_send_one_entry_at_once() {
    // The platform answers after 2 s; the citizen is told `queued` after 0.3 s
    // while the attempt goes on. Guide ratings are not deduplicated by the
    // platform, so a second concurrent send would show as a second row.
    let app = spawn_app_full(Duration::from_secs(2), |a| a.submit_wait_ms = Some(300)).await;
    let ticket = demo_ticket();
    let (route, query) = demo_page("guide");
    let v: Value = app
        .submit(&submission(&route, &query, 5, &[], ""), Some(&ticket))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(v["status"], "queued", "{v}");
    app.settled(10).await;
    assert_eq!(app.ratings().len(), 1, "sent once");
    let state: String = app
        .state()
        .db
        .blocking(|c| Ok(c.query_row("SELECT state FROM outbox", [], |r| r.get(0))?))
        .expect("state");
    assert_eq!(
        state, "delivered",
        "the attempt that outlived the answer closed the entry"
    );
    app.shutdown().await;
}

//! Exactly once, for every kind of rating, against the sandbox in each of
//! its fault modes: an attempt that times out (or loses its connection)
//! after the rating landed is confirmed with the platform's own query and
//! closed, never sent twice; a repeat with the same idempotency key is the
//! same rating; a `kill -9` mid-delivery loses nothing and doubles nothing.

use hcp_sandbox::Faults;
use serde_json::{Value, json};

use crate::support::*;

/// One submission of every page kind, each with its own remark; the batch
/// shares its first case with the affair-hall link; the 一件事 is the demo
/// one (three cases). `(name, body, ticket?)`.
fn every_kind(tag: &str) -> Vec<(&'static str, Value, bool)> {
    let mut out = Vec::new();
    for (name, login) in [
        ("guide", true),
        ("affair-online", true),
        ("dynamic", true),
        ("dynamic-gd", true),
        ("consult-hall", true),
        ("consult-online", true),
        ("affair-hall", false),
        ("batch", false),
    ] {
        let (route, query) = demo_page(name);
        let mut body = submission(&route, &query, 4, &[], &format!("{tag} {name}"));
        if name == "consult-online" {
            body["hall"] = json!({"hallCode": "56417234343428097", "workNo": "1212"});
        }
        out.push((name, body, login));
    }
    out.push((
        "onething",
        crate::onething::demo_onething(4, &format!("{tag} onething")),
        true,
    ));
    out
}

/// Rows the sandbox holds per remark marker: 12 ratings (the batch's first
/// case was rated by the affair-hall link; the 一件事 rates three).
fn assert_each_once(app: &TestApp, tag: &str) {
    let ratings = app.ratings();
    let marks = by_remark(&ratings);
    for (name, n) in [
        ("guide", 1),
        ("affair-online", 1),
        ("dynamic", 1),
        ("dynamic-gd", 1),
        ("consult-hall", 1),
        ("consult-online", 1),
        ("affair-hall", 1),
        ("batch", 2),
        ("onething", 3),
    ] {
        assert_eq!(
            marks.get(&format!("{tag} {name}")).copied().unwrap_or(0),
            n,
            "{name}: {marks:?}"
        );
    }
    assert_eq!(ratings.len(), 12, "{marks:?}");
    assert!(by_case(&ratings).values().all(|n| *n == 1));
}

/// A fast gateway whose platform has `faults`, and one submission of every
/// kind made through it.
async fn through(faults: Faults, tag: &str) -> TestApp {
    let app = spawn_app_with(fast).await;
    let ticket = demo_ticket();
    app.faults(faults);
    for (name, body, login) in every_kind(tag) {
        let resp = app.submit(&body, login.then_some(ticket.as_str())).await;
        assert_eq!(resp.status(), 200, "{name}");
        let v: Value = resp.json().await.expect("json");
        // No answer in time (or a dropped one): queued. Failing only some
        // requests, some are delivered at once.
        let ok =
            v["status"] == "queued" || (faults.fail_fraction > 0.0 && v["status"] == "delivered");
        assert!(ok, "{name}: {v}");
    }
    app
}

#[tokio::test]
async fn an_attempt_that_times_out_after_landing_is_confirmed_not_resent_for_every_kind() {
    let app = through(
        Faults {
            answer_delay_ms: SLOW_MS,
            ..Faults::NONE
        },
        "slow",
    )
    .await;
    // Seven entries have a userId the platform can be asked about: confirmed
    // while the platform is still slow, without a second send (the 一件事
    // case by case).
    eventually(30, "the seven confirmable entries confirmed", || {
        app.outbox().confirmed == 7
    })
    .await;
    // The hall pages with offLine=1 have no userId to ask with: they are
    // resent, which the platform's case-and-stage rule makes safe; an
    // answer comes once the platform is fast again.
    app.faults(Faults::NONE);
    let state = app.settled(30).await;
    assert_each_once(&app, "slow");
    assert_eq!((state.confirmed, state.resent), (7, 2), "{state:?}");
    assert_eq!(state.states.get("delivered"), Some(&7), "{state:?}");
    assert_eq!(state.states.get("already_rated"), Some(&2), "{state:?}");
    // The confirmed guide rating carries the platform's evaluation id.
    let (eval_id, response): (String, String) = app
        .state()
        .db
        .blocking(|c| {
            Ok(c.query_row(
                "SELECT eval_id, response FROM outbox WHERE kind = 'guide'",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?)
        })
        .expect("guide entry");
    let stored = app
        .ratings()
        .into_iter()
        .find(|r| r.remark.as_deref() == Some("slow guide"))
        .expect("guide stored");
    assert_eq!(eval_id, stored.eval_id);
    assert!(response.contains("query"), "{response}");
    // /metrics and the outbox command say how they were settled.
    let text = app.get("/metrics").await.text().await.expect("metrics");
    for needle in [
        "hcp_outbox_recovered_entries{how=\"confirmed\"} 7",
        "hcp_outbox_recovered_entries{how=\"resent\"} 2",
        "hcp_outbox_confirmations_total{kind=\"guide\",result=\"found\"} 1",
        "hcp_outbox_confirmations_total{kind=\"consult\",result=\"found\"} 2",
        "hcp_outbox_confirmations_total{kind=\"affair\",result=\"found\"} 3",
        "hcp_outbox_confirmations_total{kind=\"onething\",result=\"found\"} 3",
        "hcp_outbox_unconfirmed_entries 0",
    ] {
        assert!(text.contains(needle), "missing {needle} in:\n{text}");
    }
    let health: Value = app.get("/healthz").await.json().await.expect("health");
    assert_eq!(health["outbox"]["unconfirmed"], 0, "{health}");
    app.shutdown().await;
}

#[tokio::test]
async fn a_connection_dropped_after_storing_is_confirmed_not_resent_for_every_kind() {
    let app = through(
        Faults {
            drop_after_store: true,
            ..Faults::NONE
        },
        "dropped",
    )
    .await;
    eventually(30, "the seven confirmable entries confirmed", || {
        app.outbox().confirmed == 7
    })
    .await;
    let dropped = app
        .sandbox
        .as_ref()
        .expect("sandbox")
        .sandbox()
        .fault_state()
        .counts
        .dropped;
    assert!(dropped >= 9, "every first answer was dropped: {dropped}");
    app.faults(Faults::NONE);
    let state = app.settled(30).await;
    assert_each_once(&app, "dropped");
    assert_eq!((state.confirmed, state.resent), (7, 2), "{state:?}");
    app.shutdown().await;
}

#[tokio::test]
async fn a_platform_failing_half_its_requests_stores_every_kind_once() {
    let app = through(
        Faults {
            fail_fraction: 0.5,
            ..Faults::NONE
        },
        "flaky",
    )
    .await;
    // Failed requests (503) are confirmed as absent and resent; the
    // confirmation queries fail half the time too, and are asked again.
    let state = app.settled(40).await;
    assert_each_once(&app, "flaky");
    assert_eq!(state.entries, 9);
    assert!(state.resent >= 1, "{state:?}");
    let failed = app
        .sandbox
        .as_ref()
        .expect("sandbox")
        .sandbox()
        .fault_state()
        .counts
        .failed;
    assert!(failed >= 4, "half of the requests failed: {failed}");
    app.shutdown().await;
}

/// A repeat's answer is the first one's, or what became of it: `queued`
/// may have turned `delivered`; a delivered rating keeps its id.
fn same_or_later(first: &Value, again: &Value, name: &str) {
    let moved_on = |a: &Value, b: &Value| {
        a == b || (a == "queued" && (b == "delivered" || b == "already_rated"))
    };
    assert!(
        moved_on(&first["status"], &again["status"]),
        "{name}: {first} then {again}"
    );
    if first["status"] == "delivered" {
        assert_eq!(first["evalId"], again["evalId"], "{name}");
    }
    let (a, b) = (&first["cases"], &again["cases"]);
    assert_eq!(
        a.as_array().map(Vec::len),
        b.as_array().map(Vec::len),
        "{name}: {first} then {again}"
    );
    for (x, y) in a
        .as_array()
        .into_iter()
        .flatten()
        .zip(b.as_array().into_iter().flatten())
    {
        assert_eq!(x["affairSerialNo"], y["affairSerialNo"], "{name}");
        assert!(
            moved_on(&x["status"], &y["status"]),
            "{name}: {first} then {again}"
        );
    }
}

#[tokio::test]
async fn a_logged_in_batch_that_times_out_after_landing_is_confirmed_case_by_case() {
    let app = spawn_app_with(fast).await;
    let ticket = demo_ticket();
    // The demo batch without offLine=1: the citizen logs in, so 4.11 can be
    // asked about each case.
    let batch = PageLink::demo("batch").remove("offLine");
    let (route, query) = (batch.route(), batch.query());
    app.faults(Faults {
        answer_delay_ms: SLOW_MS,
        ..Faults::NONE
    });
    let v: Value = app
        .submit(&submission(route, &query, 5, &[], "batch"), Some(&ticket))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(v["status"], "queued", "{v}");
    let state = app.settled(20).await;
    assert_eq!((state.confirmed, state.resent), (1, 0), "{state:?}");
    assert_eq!(state.states.get("delivered"), Some(&1), "{state:?}");
    let ratings = app.ratings();
    assert_eq!(ratings.len(), 3);
    assert!(by_case(&ratings).values().all(|n| *n == 1));
    let text = app.get("/metrics").await.text().await.expect("metrics");
    assert!(
        text.contains("hcp_outbox_confirmations_total{kind=\"multi\",result=\"found\"} 3"),
        "{text}"
    );
    // Asked again, the citizen is told each case was delivered.
    app.faults(Faults::NONE);
    let key_less: Value = app
        .submit(&submission(route, &query, 5, &[], "batch"), Some(&ticket))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(key_less["status"], "already_rated", "{key_less}");
    app.shutdown().await;
}

#[tokio::test]
async fn a_retry_with_the_same_key_is_one_rating_for_every_kind() {
    let app = spawn_app_with(fast).await;
    let ticket = demo_ticket();
    for (name, body, login) in every_kind("keyed") {
        let key = new_key();
        let body = keyed(body, &key);
        let t = login.then_some(ticket.as_str());
        let first: Value = app.submit(&body, t).await.json().await.expect("json");
        assert!(
            first["status"] == "delivered" || first["status"] == "queued",
            "{name}: {first}"
        );
        // The browser retries after a lost answer: the same rating, answered
        // with its state (the same, or delivered since).
        let again = app.submit(&body, t).await;
        assert_eq!(again.status(), 200, "{name}");
        let again: Value = again.json().await.expect("json");
        same_or_later(&first, &again, name);
        // The same key with another rating is refused, naming the field.
        let mut other = body.clone();
        other["rating"]["stars"] = json!(5);
        let resp = app.submit(&other, t).await;
        assert_eq!(resp.status(), 422, "{name}");
        let err: Value = resp.json().await.expect("json");
        assert_eq!(err["code"], "idempotency_key_reused", "{err}");
        assert_eq!(err["field"], "idempotencyKey", "{err}");
    }
    app.settled(20).await;
    assert_each_once(&app, "keyed");
    // One outbox entry per rating (the batch's first case was the affair-hall's;
    // the 一件事 is one entry for its three cases).
    assert_eq!(app.outbox().entries, 9);

    // A key that is not one is refused before anything is stored.
    let (route, query) = demo_page("guide");
    let bad = keyed(submission(&route, &query, 5, &[], "x"), "short");
    let resp = app.submit(&bad, Some(&ticket)).await;
    assert_eq!(resp.status(), 400);
    let err: Value = resp.json().await.expect("json");
    assert!(
        err["en"]
            .as_str()
            .is_some_and(|m| m.contains("idempotencyKey")),
        "{err}"
    );
    assert_eq!(app.outbox().entries, 9);
    app.shutdown().await;
}

#[tokio::test]
async fn a_retry_while_the_first_attempt_is_unanswered_waits_for_it() {
    // The platform is slow: the citizen is told `queued` and retries with
    // the same key while the first attempt is still unanswered.
    let app = spawn_app_with(fast).await;
    let ticket = demo_ticket();
    app.faults(Faults {
        answer_delay_ms: SLOW_MS,
        ..Faults::NONE
    });
    let (route, query) = demo_page("guide");
    let key = new_key();
    let body = keyed(submission(&route, &query, 5, &[], "lost answer"), &key);
    let first: Value = app
        .submit(&body, Some(&ticket))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(first["status"], "queued", "{first}");
    let retry: Value = app
        .submit(&body, Some(&ticket))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(retry["status"], "queued", "{retry}");
    assert_eq!(app.outbox().entries, 1, "no second entry");
    let state = app.settled(20).await;
    assert_eq!(state.confirmed, 1, "{state:?}");
    // Asked again later, it is delivered, with the platform's id.
    let later: Value = app
        .submit(&body, Some(&ticket))
        .await
        .json()
        .await
        .expect("json");
    let stored = app.ratings();
    assert_eq!(stored.len(), 1);
    assert_eq!(later["status"], "delivered", "{later}");
    assert_eq!(later["evalId"], stored[0].eval_id.as_str(), "{later}");
    app.shutdown().await;
}

#[tokio::test]
async fn identical_window_ratings_are_told_apart_by_counting() {
    // Two window ratings of the demo citizen with the same stars and no
    // remark: the platform's list (4.15) cannot tell them apart, and names
    // no window. The first is answered; the second lands but its answer is
    // lost. Counting our own delivered one, the second is confirmed, not
    // sent again.
    let app = spawn_app_with(fast).await;
    let ticket = demo_ticket();
    let (route, query) = demo_page("consult-hall");
    let body = submission(&route, &query, 5, &[], "");
    let first: Value = app
        .submit(&body, Some(&ticket))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(first["status"], "delivered", "{first}");
    app.faults(Faults {
        drop_after_store: true,
        ..Faults::NONE
    });
    let mut online = submission(
        "/front/hallworker/",
        &demo_page("consult-online").1,
        5,
        &[],
        "",
    );
    online["hall"] = json!({"hallCode": "56417234343428097", "workNo": "1212"});
    let second: Value = app
        .submit(&online, Some(&ticket))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(second["status"], "queued", "{second}");
    let state = app.settled(20).await;
    assert_eq!(app.ratings().len(), 2, "neither lost nor doubled");
    assert_eq!((state.confirmed, state.resent), (1, 0), "{state:?}");

    // A third, identical, whose request never landed (the platform failed
    // it unhandled): the list shows two rows, both accounted for, so it is
    // sent again.
    app.faults(Faults {
        fail_fraction: 1.0,
        ..Faults::NONE
    });
    let mut third = online.clone();
    third["hall"] = json!({"hallCode": "56417234343428201", "workNo": "2001"});
    let third: Value = app
        .submit(&third, Some(&ticket))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(third["status"], "queued", "{third}");
    eventually(10, "the failed attempt recorded as unknown", || {
        app.outbox().unconfirmed == 1
    })
    .await;
    app.faults(Faults::NONE);
    let state = app.settled(20).await;
    assert_eq!(app.ratings().len(), 3);
    assert_eq!((state.confirmed, state.resent), (1, 1), "{state:?}");
    app.shutdown().await;
}

#[tokio::test]
async fn kill_9_after_the_platform_stored_but_before_the_answer_loses_and_doubles_nothing() {
    let mut setup = ChildSetup::new().await;
    // The platform stores at once and answers after 2 s; the gateway gives
    // up after 3 s, and the citizen waits for it: the attempt is in flight,
    // landed, when the gateway dies.
    setup
        .sandbox()
        .set_faults(Faults {
            answer_delay_ms: 2000,
            ..Faults::NONE
        })
        .expect("faults");
    let env = fast_env(setup.dir.path(), setup.upstream())
        .set("HCP_UPSTREAM_TIMEOUT_MS", 3000)
        .set("HCP_LEASE_SECS", 4)
        .set("HCP_SUBMIT_WAIT_MS", 10000);
    let http = client();
    let ticket = demo_ticket();
    let gw = ChildGateway::start(&env).await;
    let mut sent = Vec::new();
    for name in ["guide", "consult-hall", "batch", "onething"] {
        let body = if name == "onething" {
            crate::onething::demo_onething(3, "killed onething")
        } else {
            let (route, query) = demo_page(name);
            submission(&route, &query, 3, &[], &format!("killed {name}"))
        };
        let body = keyed(body, &new_key());
        let login = (name != "batch").then_some(ticket.as_str());
        let req = submit_request(&http, &gw.base, &body, login);
        sent.push((name, body, tokio::spawn(req.send())));
    }
    // Stored at the platform (1 + 1 + 3 + 3 rows), answers not yet sent: kill -9.
    eventually(10, "the four ratings stored at the platform", || {
        setup.ratings().len() == 8
    })
    .await;
    gw.kill9().await;
    let gw = ChildGateway::start(&env).await;
    setup.sandbox().set_faults(Faults::NONE).expect("faults");
    // The citizens' requests died with the gateway; their pages retry with
    // the same keys and are told the same ratings' states.
    for (name, body, pending) in sent {
        let lost = pending.await.expect("task");
        assert!(
            lost.is_err() || !lost.as_ref().is_ok_and(|r| r.status().is_success()),
            "{name}: the answer was lost with the gateway"
        );
        let login = (name != "batch").then_some(ticket.as_str());
        let v: Value = gw.submit(&body, login).await.json().await.expect("json");
        assert!(
            v["status"] == "queued" || v["status"] == "delivered",
            "{name}: {v}"
        );
    }
    let state = settled_in(&setup.db(), 30).await;
    let ratings = setup.ratings();
    assert_eq!(ratings.len(), 8, "{:?}", by_remark(&ratings));
    assert!(by_case(&ratings).values().all(|n| *n == 1));
    let marks = by_remark(&ratings);
    assert_eq!(marks.get("killed guide"), Some(&1));
    assert_eq!(marks.get("killed consult-hall"), Some(&1));
    assert_eq!(marks.get("killed onething"), Some(&3));
    // Guide and window: confirmed by the platform's lists; the 一件事 case
    // by case (4.11). The offline batch (no userId to ask with) resent, and
    // refused as already rated.
    assert_eq!((state.confirmed, state.resent), (3, 1), "{state:?}");
    let out = run_binary(&env, &["outbox", "--all"]).await;
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("after an unknown outcome: confirmed 3, resent 1"),
        "{text}"
    );
    assert!(text.contains("pending 0"), "{text}");
    gw.kill9().await;
    setup.stop_sandbox().await;
}

//! Fault modes over real HTTP: a slow answer after storing, a connection
//! dropped after storing, a fraction of requests failed unhandled, and the
//! admin switch that sets them at run time.

use std::time::{Duration, Instant};

use hcp_protocol::upstream::path;
use hcp_sandbox::Faults;
use serde_json::{Value, json};

use super::helpers::*;
use super::seed;

fn impatient(ms: u64) -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_millis(ms))
        .build()
        .expect("client")
}

#[tokio::test]
async fn a_slow_answer_still_stores_the_rating_for_a_client_that_gave_up() {
    let s = spawn_sandbox().await;
    s.handle
        .sandbox()
        .set_faults(Faults {
            answer_delay_ms: 800,
            ..Faults::NONE
        })
        .expect("faults");
    let req = impatient(200)
        .post(s.url(path::GUIDE_EVAL))
        .json(&seed::guide_eval());
    let sent = Rio::signed().apply(req).send().await;
    let err = sent.expect_err("no answer within 200 ms");
    assert!(err.is_timeout(), "{err}");
    // Stored at once, before the delayed answer: nothing to wait for.
    assert_eq!(s.ratings().len(), 1, "the rating landed");

    // A patient client gets code 0, late.
    let started = Instant::now();
    assert_code(&s.post(path::GUIDE_EVAL, &seed::guide_eval()).await, 0);
    assert!(started.elapsed() >= Duration::from_millis(800));
    // Queries are not delayed (only rating answers are).
    let started = Instant::now();
    assert_code(
        &s.get(
            path::TAG_LIST,
            &[
                ("appCode", "a"),
                ("evalEntityCode", "egovGuide"),
                ("generalStars", "5"),
            ],
        )
        .await,
        0,
    );
    assert!(started.elapsed() < Duration::from_millis(800));
    let state = s.handle.sandbox().fault_state();
    assert_eq!(state.counts.delayed, 2, "{state:?}");
}

#[tokio::test]
async fn a_dropped_connection_after_storing_leaves_the_rating_stored() {
    let s = spawn_sandbox().await;
    s.handle
        .sandbox()
        .set_faults(Faults {
            drop_after_store: true,
            ..Faults::NONE
        })
        .expect("faults");
    let req = s
        .client
        .post(s.url(path::AFFAIR_EVAL))
        .json(&seed::affair_eval());
    // The head may or may not have left before the body failed: either the
    // send or the body read fails, and no envelope ever arrives.
    let outcome = match Rio::signed().apply(req).send().await {
        Err(e) => Err(e),
        Ok(res) => res.bytes().await.map(|_| ()),
    };
    assert!(outcome.is_err(), "no answer: {outcome:?}");
    assert_eq!(s.ratings().len(), 1, "stored before the connection dropped");
    assert_eq!(s.handle.sandbox().fault_state().counts.dropped, 1);

    // Switched off at run time: the retry is answered (already rated).
    s.handle.sandbox().set_faults(Faults::NONE).expect("faults");
    let again = s.post(path::AFFAIR_EVAL, &seed::affair_eval()).await;
    assert_eq!(again["code"], -1, "{again}");
    assert_eq!(s.ratings().len(), 1);
}

#[tokio::test]
async fn a_fraction_of_requests_fails_unhandled_and_reproducibly() {
    let s = spawn_sandbox().await;
    s.handle
        .sandbox()
        .set_faults(Faults {
            fail_fraction: 0.5,
            ..Faults::NONE
        })
        .expect("faults");
    let mut answered = Vec::new();
    let mut statuses = Vec::new();
    for i in 0..40 {
        let mut body = seed::guide_eval();
        set(&mut body, "remark", json!(format!("r{i}")));
        let req = s.client.post(s.url(path::GUIDE_EVAL)).json(&body);
        let res = Rio::signed().apply(req).send().await.expect("answer");
        statuses.push(res.status().as_u16());
        if res.status() == 200 {
            answered.push(format!("r{i}"));
        }
    }
    assert!(
        statuses.iter().all(|s| *s == 200 || *s == 503),
        "{statuses:?}"
    );
    let failed = statuses.iter().filter(|s| **s == 503).count();
    assert!((10..=30).contains(&failed), "about half: {statuses:?}");
    let stored: Vec<String> = s
        .ratings()
        .iter()
        .filter_map(|r| r.remark.clone())
        .collect();
    assert_eq!(stored, answered, "failed ones left nothing");
    assert_eq!(
        s.handle.sandbox().fault_state().counts.failed,
        failed as u64
    );

    // Set again, the same requests fail: a run can be reproduced.
    s.handle
        .sandbox()
        .set_faults(Faults {
            fail_fraction: 0.5,
            ..Faults::NONE
        })
        .expect("faults");
    let mut again = Vec::new();
    for _ in 0..40 {
        let req = s.client.get(s.url(path::TAG_LIST));
        let res = Rio::signed().apply(req).send().await.expect("answer");
        again.push(res.status().as_u16());
    }
    let failed_again: Vec<usize> = again
        .iter()
        .enumerate()
        .filter(|(_, s)| **s == 503)
        .map(|(i, _)| i)
        .collect();
    let failed_first: Vec<usize> = statuses
        .iter()
        .enumerate()
        .filter(|(_, s)| **s == 503)
        .map(|(i, _)| i)
        .collect();
    assert_eq!(failed_again, failed_first);
}

#[tokio::test]
async fn the_admin_switch_is_served_only_when_asked_for() {
    let off = spawn_sandbox().await;
    let url = format!("http://{}/_sandbox/faults", off.handle.addr());
    let res = off.client.get(&url).send().await.expect("answer");
    assert_eq!(res.status(), 404, "no admin route by default");

    let s = spawn_configured(|c| c.admin = true).await;
    let url = format!("http://{}/_sandbox/faults", s.handle.addr());
    let res = s
        .client
        .put(&url)
        .json(&json!({"failFraction": 1.0}))
        .send()
        .await
        .expect("put");
    assert_eq!(res.status(), 200);
    let v: Value = res.json().await.expect("json");
    assert_eq!(v["faults"]["failFraction"], 1.0, "{v}");
    // Everything fails now, the tag list too.
    let req = s.client.get(s.url(path::TAG_LIST));
    let res = Rio::signed().apply(req).send().await.expect("answer");
    assert_eq!(res.status(), 503);
    let v: Value = s
        .client
        .get(&url)
        .send()
        .await
        .expect("get")
        .json()
        .await
        .expect("json");
    assert_eq!(v["counts"]["failed"], 1, "{v}");

    for (bad, word) in [
        (json!({"failFraction": 2}), "failFraction"),
        (json!({"answerDelayMs": 600_001}), "answerDelayMs"),
        (json!({"dropAfterStore": true, "nope": 1}), "nope"),
    ] {
        let res = s.client.put(&url).json(&bad).send().await.expect("put");
        assert_eq!(res.status(), 400, "{bad}");
        let text = res.text().await.expect("text");
        assert!(text.contains(word), "{bad}: {text}");
    }
    // A refused setting changes nothing.
    assert_eq!(s.handle.sandbox().fault_state().faults.fail_fraction, 1.0);
}

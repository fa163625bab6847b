//! 一件事 (seed 000 §4.7) through `/api/submit`: one request with one item
//! per case, built from the directory; exactly once per bundle and stage
//! (the cases' own keys); a bundle the gateway cannot build refused before
//! anything is kept, naming the case by its place; the platform's per-case
//! answer read back; the citizen only ever the ticket's.

use hcp_protocol::decode::encode_base64 as b;
use hcp_sandbox::demo;
use serde_json::{Value, json};

use crate::support::*;

/// The query of a 一件事 of `cases` at `stage`.
pub fn onething_query(cases: &[&str], stage: u8) -> String {
    form_urlencoded::Serializer::new(String::new())
        .append_pair("appCode", "cTPyv9r6")
        .append_pair("channel", "web")
        .append_pair("subBusiness", &b(demo::ONETHING_SUBJECT))
        .append_pair("affairSerialNos", &b(&cases.join(",")))
        .append_pair("evalEntityCode", "egovAffair")
        .append_pair("evalProcess", &stage.to_string())
        .finish()
}

/// The demo 一件事 (开办企业, three cases), as `make run` links it.
pub fn demo_onething(stars: u8, remark: &str) -> Value {
    submission(
        "/front/onething/",
        &onething_query(&demo::ONETHING_CASES, 2),
        stars,
        &[],
        remark,
    )
}

#[tokio::test]
async fn a_bundle_is_rated_once_case_by_case_and_again_is_already_rated() {
    let app = spawn_app().await;
    let ticket = demo_ticket();
    let resp = app
        .submit(&demo_onething(5, "一次办好"), Some(&ticket))
        .await;
    assert_eq!(resp.status(), 200);
    let v: Value = resp.json().await.expect("json");
    assert_eq!(v["status"], "delivered", "{v}");
    let cases = v["cases"].as_array().expect("per case");
    assert_eq!(cases.len(), 3);
    assert!(cases.iter().all(|c| c["status"] == "delivered"), "{v}");
    let stored = app.ratings();
    assert_eq!(stored.len(), 3);
    for r in &stored {
        assert_eq!(r.kind, hcp_sandbox::RatingKind::OneThing);
        assert_eq!(r.sub_business.as_deref(), Some("开办企业"));
        assert_eq!(r.user_id.as_deref(), Some(demo::CITIZEN.user_id));
        assert_eq!(r.eval_process, Some(2));
        assert!(r.signature_verified);
    }
    // One request for the bundle: one x-rio nonce, one body with three items.
    assert_eq!(stored[0].rio.nonce, stored[2].rio.nonce);
    let body: Value = serde_json::from_str(&stored[0].body).expect("body");
    assert_eq!(body["relationBusNum"], 3);
    assert_eq!(
        body["evalListVo"][1]["department"]["departmentName"],
        "沈阳市公安局"
    );
    // The same bundle again (no key): already rated, every case; nothing sent.
    let again: Value = app
        .submit(&demo_onething(5, "一次办好"), Some(&ticket))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(again["status"], "already_rated", "{again}");
    assert!(
        again["cases"]
            .as_array()
            .is_some_and(|c| c.iter().all(|c| c["status"] == "already_rated")),
        "{again}"
    );
    assert_eq!(app.ratings().len(), 3);
    // A bundle overlapping it: only the new case is sent; the rated one is said as such.
    let overlap = submission(
        "/front/onething/",
        &onething_query(&[demo::ONETHING_CASES[0], UNRATED_DONE], 2),
        4,
        &[],
        "又一件事",
    );
    let v: Value = app
        .submit(&overlap, Some(&ticket))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(v["status"], "delivered", "{v}");
    assert_eq!(v["cases"][0]["status"], "already_rated", "{v}");
    assert_eq!(v["cases"][1]["status"], "delivered", "{v}");
    let ratings = app.ratings();
    assert_eq!(ratings.len(), 4);
    let last: Value = serde_json::from_str(&ratings[3].body).expect("body");
    assert_eq!(last["relationBusNum"], 1, "the rated case left out");
    assert!(by_case(&ratings).values().all(|n| *n == 1));
    app.shutdown().await;
}

/// A finished case of the demo citizen no other test of this file rates.
const UNRATED_DONE: &str = "210000-210100004000-20250302083015301";

#[tokio::test]
async fn a_bundle_that_cannot_be_rated_is_refused_and_explained_nothing_kept() {
    let app = spawn_app().await;
    let ticket = demo_ticket();
    let refused = |body: Value| {
        let app = &app;
        let ticket = ticket.clone();
        async move {
            let resp = app.submit(&body, Some(&ticket)).await;
            let status = resp.status().as_u16();
            (status, resp.json::<Value>().await.expect("json"))
        }
    };
    // The second case is unknown to the directory: named by its place.
    let (status, err) = refused(submission(
        "/front/onething/",
        &onething_query(&[demo::ONETHING_CASES[0], "210000-nope-20250101"], 2),
        5,
        &[],
        "",
    ))
    .await;
    assert_eq!(status, 422, "{err}");
    assert_eq!(err["code"], "unknown_case");
    assert_eq!(err["field"], "affairSerialNos");
    assert!(
        err["zh"]
            .as_str()
            .is_some_and(|s| s.contains("第 2 个办件")),
        "{err}"
    );
    // A case not finished cannot have its completion rated.
    let (status, err) = refused(submission(
        "/front/onething/",
        &onething_query(
            &[
                demo::ONETHING_CASES[0],
                "210100-210100301001-20250311140208104",
            ],
            2,
        ),
        5,
        &[],
        "",
    ))
    .await;
    assert_eq!(status, 400, "{err}");
    assert_eq!(err["field"], "evalProcess");
    // One case only, the same case twice, no stage: the page's own errors.
    for (cases, field) in [
        (vec![demo::ONETHING_CASES[0]], "affairSerialNos"),
        (
            vec![demo::ONETHING_CASES[0], demo::ONETHING_CASES[0]],
            "affairSerialNos",
        ),
    ] {
        let (status, err) = refused(submission(
            "/front/onething/",
            &onething_query(&cases, 2),
            5,
            &[],
            "",
        ))
        .await;
        assert_eq!((status, err["field"].as_str()), (400, Some(field)), "{err}");
    }
    // A 差评 without a reason, and a tag of another star level.
    let (status, err) = refused(demo_onething(1, "")).await;
    assert_eq!(
        (status, err["field"].as_str()),
        (400, Some("remark")),
        "{err}"
    );
    let mut wrong_tag = demo_onething(5, "");
    wrong_tag["rating"]["tags"] = json!(["6176177890787345"]);
    let (status, err) = refused(wrong_tag).await;
    assert_eq!(
        (status, err["field"].as_str()),
        (400, Some("rating.tags")),
        "{err}"
    );
    // No ticket: a 一件事 is the logged-in citizen's.
    let resp = app.submit(&demo_onething(5, ""), None).await;
    assert_eq!(resp.status(), 401);
    assert!(app.ratings().is_empty(), "nothing sent");
    assert_eq!(app.outbox().entries, 0, "nothing kept");
    app.shutdown().await;
}

#[tokio::test]
async fn a_bundle_is_the_tickets_citizens_whatever_the_request_names() {
    let app = spawn_app().await;
    let ticket = demo_ticket();
    let mut body = submission(
        "/front/onething/",
        &format!(
            "{}&userId=someone-else&userName={}",
            onething_query(&demo::ONETHING_CASES, 2),
            b("李华")
        ),
        5,
        &[],
        "",
    );
    body["userId"] = json!("someone-else");
    body["user"] = json!({"userId": "someone-else", "userName": "李华"});
    let v: Value = app
        .submit(&body, Some(&ticket))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(v["status"], "delivered", "{v}");
    for r in app.ratings() {
        assert_eq!(r.user_id.as_deref(), Some(demo::CITIZEN.user_id));
        assert_eq!(r.user_name.as_deref(), Some(demo::CITIZEN.user_name));
    }
    app.shutdown().await;
}

#[tokio::test]
async fn a_retried_bundle_with_its_key_is_one_rating() {
    let app = spawn_app_with(fast).await;
    let ticket = demo_ticket();
    let body = keyed(demo_onething(4, "keyed"), &new_key());
    let first: Value = app
        .submit(&body, Some(&ticket))
        .await
        .json()
        .await
        .expect("json");
    let again: Value = app
        .submit(&body, Some(&ticket))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(first, again, "the same answer for the same attempt");
    let mut other = body.clone();
    other["rating"]["stars"] = json!(5);
    let resp = app.submit(&other, Some(&ticket)).await;
    assert_eq!(resp.status(), 422);
    app.settled(20).await;
    assert_eq!(app.ratings().len(), 3);
    assert_eq!(app.outbox().entries, 1);
    app.shutdown().await;
}

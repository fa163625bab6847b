//! Every page kind arrives at the sandbox signed, with its personal fields
//! DES-encrypted (the sandbox decrypts them back) and enriched from the
//! directories; bad input is refused before any upstream call.

use hcp_protocol::sign;
use hcp_sandbox::demo;
use hcp_sandbox::{RatingKind, StoredRating};
use serde_json::{Value, json};

use crate::support::*;

/// Checks what every stored rating must show: signed by us, evalTime set by
/// the gateway in Beijing time, personal fields decrypted to `phone` / `id`.
fn assert_signed_and_encrypted(r: &StoredRating, phone: &str, id: &str) {
    assert!(r.signature_verified);
    assert_eq!(r.rio.paasid, hcp_sandbox::dev::PAAS_ID);
    assert_eq!(
        r.rio.signature,
        sign::rio_signature(&r.rio.timestamp, hcp_sandbox::dev::PAAS_TOKEN, &r.rio.nonce)
    );
    let ts: i64 = r.rio.timestamp.parse().expect("timestamp");
    assert!((ts - hcp_gateway::clock::now_secs()).abs() < 60);
    assert_eq!(r.contact_phone.as_ref().map(|p| p.expose()), Some(phone));
    assert_eq!(r.certificate_no.as_ref().map(|p| p.expose()), Some(id));
    let cipher = r.contact_phone_cipher.as_deref().expect("phone cipher");
    assert!(
        cipher
            .chars()
            .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c)),
        "{cipher}"
    );
    assert!(!r.body.contains(phone), "the phone travelled in clear");
    assert!(!r.body.contains(id), "the ID number travelled in clear");
    let eval_time = r.client_eval_time.as_deref().expect("evalTime sent");
    let sent = sign::parse_timestamp14(eval_time).expect("yyyyMMddHHmmss");
    assert!(
        (sent - hcp_gateway::clock::now_secs()).abs() < 60,
        "evalTime is Beijing time now"
    );
    assert!(r.body.contains("\"tagList\":["), "tagList always present");
}

async fn tags_for(app: &TestApp, entity: &str, stars: u8, ty: u8) -> Vec<String> {
    let resp = app
        .get(&format!(
            "/api/tags?appCode={}&evalEntityCode={entity}&stars={stars}&type={ty}",
            demo::APP_CODE
        ))
        .await;
    assert_eq!(resp.status(), 200);
    let v: Value = resp.json().await.expect("json");
    v["tags"]
        .as_array()
        .expect("tags")
        .iter()
        .map(|t| t["id"].as_str().expect("id").to_string())
        .collect()
}

#[tokio::test]
async fn every_page_kind_is_delivered_signed_encrypted_and_enriched() {
    let app = spawn_app().await;
    let phone = "13700001111";
    let id = "110101199003074518";
    let ticket = ticket_for(phone, id, 3600);
    let c = demo::CITIZEN;

    // guide (login)
    let (route, query) = demo_page("guide");
    let tags = tags_for(&app, "egovGuide", 5, 1).await;
    assert!(!tags.is_empty());
    let resp = app
        .submit(
            &submission(&route, &query, 5, &[&tags[0]], "清楚"),
            Some(&ticket),
        )
        .await;
    assert_eq!(
        resp.status(),
        200,
        "{}",
        resp.text().await.unwrap_or_default()
    );
    let v: Value = resp.json().await.expect("json");
    assert_eq!(v["status"], "delivered");
    assert!(v["evalId"].as_str().is_some_and(|s| !s.is_empty()));

    // affair online (login)
    let (route, query) = demo_page("affair-online");
    let resp = app
        .submit(&submission(&route, &query, 4, &[], ""), Some(&ticket))
        .await;
    assert_eq!(
        resp.status(),
        200,
        "{}",
        resp.text().await.unwrap_or_default()
    );

    // affair hall offLine=1 (no ticket: the URL names the evaluator)
    let (route, query) = demo_page("affair-hall");
    let resp = app
        .submit(&submission(&route, &query, 5, &[], ""), None)
        .await;
    assert_eq!(
        resp.status(),
        200,
        "{}",
        resp.text().await.unwrap_or_default()
    );

    // batch offLine=1, a 差评 with a reason
    let (route, query) = demo_page("batch");
    let resp = app
        .submit(&submission(&route, &query, 2, &[], "排队时间太长"), None)
        .await;
    assert_eq!(
        resp.status(),
        200,
        "{}",
        resp.text().await.unwrap_or_default()
    );
    let v: Value = resp.json().await.expect("json");
    // The first case of the batch was rated just above (affair-hall): per case answers.
    let cases = v["cases"].as_array().expect("cases");
    assert_eq!(cases.len(), 3);
    assert_eq!(cases[0]["status"], "already_rated");
    assert_eq!(cases[1]["status"], "delivered");
    assert_eq!(cases[2]["status"], "delivered");
    assert_eq!(v["status"], "delivered");

    // consult online: the citizen picks a window from /api/halls
    let halls: Value = app.get("/api/halls").await.json().await.expect("halls");
    let hall = &halls["halls"][0];
    let hall_code = hall["hallCode"].as_str().expect("hallCode").to_string();
    let work_no = hall["workers"][0]["workNo"]
        .as_str()
        .expect("workNo")
        .to_string();
    let (route, query) = demo_page("consult-online");
    let mut body = submission(&route, &query, 5, &[], "");
    body["hall"] = json!({"hallCode": hall_code, "workNo": work_no});
    let resp = app.submit(&body, Some(&ticket)).await;
    assert_eq!(
        resp.status(),
        200,
        "{}",
        resp.text().await.unwrap_or_default()
    );

    // consult hall
    let (route, query) = demo_page("consult-hall");
    let consult_tags = tags_for(&app, "hallAffair", 5, 2).await;
    let resp = app
        .submit(
            &submission(&route, &query, 5, &[&consult_tags[0]], ""),
            Some(&ticket),
        )
        .await;
    assert_eq!(
        resp.status(),
        200,
        "{}",
        resp.text().await.unwrap_or_default()
    );

    // dynamic QR, Liaoning (the seed's own msg) and Guangdong
    let (route, query) = demo_page("dynamic");
    let resp = app
        .submit(&submission(&route, &query, 5, &[], ""), Some(&ticket))
        .await;
    assert_eq!(
        resp.status(),
        200,
        "{}",
        resp.text().await.unwrap_or_default()
    );
    let (route, query) = demo_page("dynamic-gd");
    let resp = app
        .submit(&submission(&route, &query, 3, &[], ""), Some(&ticket))
        .await;
    assert_eq!(
        resp.status(),
        200,
        "{}",
        resp.text().await.unwrap_or_default()
    );

    let ratings = app.ratings();
    let count = |k: RatingKind| ratings.iter().filter(|r| r.kind == k).count();
    assert_eq!(count(RatingKind::Guide), 1);
    assert_eq!(count(RatingKind::Affair), 4, "online, hall, two QR");
    assert_eq!(count(RatingKind::Multi), 2);
    assert_eq!(count(RatingKind::Consult), 2);

    for r in &ratings {
        match (r.kind, r.user_id.is_some()) {
            // Ticket holders: the ticket's phone and ID.
            (_, true) => assert_signed_and_encrypted(r, phone, id),
            // offLine=1 pages: the URL's evaluator (the demo citizen's numbers).
            (_, false) => {
                assert_signed_and_encrypted(r, c.contact_phone, c.certificate_no);
                assert_eq!(r.certificate_type, Some(111));
                assert_eq!(r.user_type, Some(1));
            }
        }
    }

    // Enrichment from the case directory: the seed's QR case.
    let qr = ratings
        .iter()
        .find(|r| r.affair_serial_no.as_deref() == Some("210000-210100009000-20200603093755953"))
        .expect("QR rating");
    assert_eq!(qr.channel, "hallQr");
    assert_eq!(qr.eval_entity_code, "hallAffair");
    assert_eq!(qr.affair_deal_officer.as_deref(), Some("张三"));
    assert_eq!(qr.affair_apply_time.as_deref(), Some("20200603093755"));
    assert_eq!(qr.affair_done_time.as_deref(), Some("20200605153000"));
    assert_eq!(qr.department_name.as_deref(), Some("辽宁省自然资源厅"));
    assert_eq!(qr.hall_name.as_deref(), Some("辽宁省政务服务中心"));
    assert_eq!(qr.hall_worker_name.as_deref(), Some("张三"));
    // Guangdong's QR names no worker: the hall directory does.
    let gd = ratings
        .iter()
        .find(|r| r.affair_serial_no.as_deref() == Some("210000-210100055000-20250305101010201"))
        .expect("GD rating");
    assert_eq!(gd.hall_worker_name.as_deref(), Some("李四"));
    assert_eq!(gd.eval_process, Some(2));
    // The online case: affairCode and officer from the directory.
    let online = demo::case("210000-210100004000-20250302083015301").expect("case");
    let r = ratings
        .iter()
        .find(|r| r.affair_serial_no.as_deref() == Some(online.affair_serial_no))
        .expect("online rating");
    assert_eq!(r.affair_code.as_deref(), Some(online.affair_code));
    assert_eq!(
        r.affair_deal_officer.as_deref(),
        Some(online.affair_deal_officer)
    );
    assert_eq!(r.eval_entity_code, "egovAffair");
    // The batch's 差评 opened work orders for its new cases.
    assert!(
        ratings
            .iter()
            .filter(|r| r.kind == RatingKind::Multi)
            .all(|r| r.work_order_no.is_some())
    );
    app.shutdown().await;
}

#[tokio::test]
async fn bad_params_are_refused_naming_the_field_without_an_upstream_call() {
    let app = spawn_app().await;
    let ticket = demo_ticket();
    let (route, query) = demo_page("affair-hall");
    let nonces_before = app.nonces();

    // A base64 field that is not base64.
    let link = PageLink::parse(&route, &query);
    let not_base64 = format!("%%%{}", link.get("workerName"));
    let bad = link.set("workerName", &not_base64).query();
    let resp = app
        .submit(&submission(&route, &bad, 5, &[], ""), None)
        .await;
    assert_eq!(resp.status(), 400);
    let v: Value = resp.json().await.expect("json");
    assert_eq!(v["code"], "invalid_param");
    assert_eq!(v["field"], "workerName");
    assert!(
        v["zh"].as_str().is_some_and(|s| s.contains("workerName")),
        "{v}"
    );
    assert!(
        v["en"].as_str().is_some_and(|s| s.contains("workerName")),
        "{v}"
    );

    // A missing parameter.
    let resp = app
        .submit(
            &submission("/guide/", "appCode=a1&channel=web", 5, &[], ""),
            Some(&ticket),
        )
        .await;
    assert_eq!(resp.status(), 400);
    let v: Value = resp.json().await.expect("json");
    assert_eq!(v["field"], "affairCode");

    // A channel not in the list, an unknown route.
    let fax = PageLink::demo("affair-online").set("channel", "fax");
    let resp = app
        .submit(
            &submission(fax.route(), &fax.query(), 5, &[], ""),
            Some(&ticket),
        )
        .await;
    assert_eq!(resp.status(), 400);
    assert_eq!(
        resp.json::<Value>().await.expect("json")["field"],
        "channel"
    );
    let resp = app
        .submit(&submission("/nope/", "", 5, &[], ""), Some(&ticket))
        .await;
    assert_eq!(resp.status(), 400);
    assert_eq!(resp.json::<Value>().await.expect("json")["field"], "route");

    // A 差评 without a reason.
    let resp = app
        .submit(&submission(&route, &query, 1, &[], "   "), None)
        .await;
    assert_eq!(resp.status(), 400);
    assert_eq!(resp.json::<Value>().await.expect("json")["field"], "remark");

    // Stars out of range (named), not JSON, too large.
    let resp = app
        .submit(&submission(&route, &query, 6, &[], ""), None)
        .await;
    assert_eq!(resp.status(), 400);
    let v: Value = resp.json().await.expect("json");
    assert_eq!(
        (v["code"].as_str(), v["field"].as_str()),
        (Some("invalid_param"), Some("rating.stars")),
        "{v}"
    );
    let resp = app
        .client
        .post(format!("{}/api/submit", app.base))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .expect("send");
    assert_eq!(resp.status(), 400);
    let v: Value = resp.json().await.expect("json");
    assert_eq!(v["code"], "bad_request");
    assert_eq!(v["field"], "body");
    assert!(
        v["zh"].as_str().is_some_and(|s| !s.is_empty())
            && v["en"].as_str().is_some_and(|s| !s.is_empty())
    );
    let huge = submission(&route, &query, 5, &[], &"好".repeat(20_000));
    let resp = app.submit(&huge, None).await;
    assert_eq!(resp.status(), 413);

    // Remark of 501 characters.
    let resp = app
        .submit(&submission(&route, &query, 5, &[], &"好".repeat(501)), None)
        .await;
    assert_eq!(resp.status(), 400);

    assert!(app.ratings().is_empty(), "nothing may reach the platform");
    assert_eq!(app.nonces(), nonces_before, "no upstream call at all");
    app.shutdown().await;
}

#[tokio::test]
async fn unknown_case_and_unknown_worker_are_422() {
    let app = spawn_app().await;
    let ticket = demo_ticket();
    let query = case_query(
        "某事项",
        "210000-999999-20250101000000001",
        "11210000001099743F",
    );
    let resp = app
        .submit(&submission("/front/pc/", &query, 5, &[], ""), Some(&ticket))
        .await;
    assert_eq!(resp.status(), 422);
    let v: Value = resp.json().await.expect("json");
    assert_eq!(v["code"], "unknown_case");
    assert_eq!(v["field"], "affairSerialNo");
    assert!(
        v["zh"]
            .as_str()
            .is_some_and(|s| s.contains("此办件不在已办数据库中")),
        "{v}"
    );
    // The number came from the URL: it is not repeated (it could be markup).
    assert!(!v.to_string().contains("999999"), "{v}");
    let markup = PageLink::parse("/front/pc/", &query)
        .set_base64("affairSerialNo", "<img/src=x>")
        .query();
    let resp = app
        .submit(
            &submission("/front/pc/", &markup, 5, &[], ""),
            Some(&ticket),
        )
        .await;
    assert_eq!(resp.status(), 422);
    let v: Value = resp.json().await.expect("json");
    assert!(!v.to_string().contains("img"), "{v}");

    let (route, query) = demo_page("consult-online");
    let mut body = submission(&route, &query, 5, &[], "");
    body["hall"] = json!({"hallCode": "56417234343428097", "workNo": "9999"});
    let resp = app.submit(&body, Some(&ticket)).await;
    assert_eq!(resp.status(), 422);
    assert_eq!(
        resp.json::<Value>().await.expect("json")["code"],
        "unknown_worker"
    );
    assert!(app.ratings().is_empty());
    app.shutdown().await;
}

#[tokio::test]
async fn a_repeated_rating_is_already_rated_whether_we_or_the_platform_remember_it() {
    let app = spawn_app().await;
    let (route, query) = demo_page("affair-hall");
    let body = submission(&route, &query, 5, &[], "");
    let first: Value = app.submit(&body, None).await.json().await.expect("json");
    assert_eq!(first["status"], "delivered");
    // Our outbox remembers the key: no second upstream call.
    let nonces = app.nonces();
    let second: Value = app.submit(&body, None).await.json().await.expect("json");
    assert_eq!(second["status"], "already_rated");
    assert_eq!(app.nonces(), nonces);

    // The platform remembers it too (our outbox wiped): -1 请勿重复评价 → already_rated.
    app.state()
        .db
        .blocking(|c| {
            c.execute_batch("DELETE FROM outbox_keys; DELETE FROM outbox;")?;
            Ok(())
        })
        .expect("wipe");
    let third: Value = app.submit(&body, None).await.json().await.expect("json");
    assert_eq!(third["status"], "already_rated");
    let state: String = app
        .state()
        .db
        .blocking(|c| Ok(c.query_row("SELECT state FROM outbox", [], |r| r.get(0))?))
        .expect("state");
    assert_eq!(state, "already_rated");
    assert_eq!(app.ratings().len(), 1, "exactly one rating upstream");
    app.shutdown().await;
}

#[tokio::test]
async fn a_refusal_by_the_platform_is_kept_for_an_operator() {
    let app = spawn_app().await;
    // An evaluator name the gateway accepts but the platform does not
    // (seed 000: 姓名不能含有特殊字符): code 2, 评价人姓名userName不能含有特殊字符.
    let (route, query) = demo_page("affair-hall");
    let query = PageLink::parse(&route, &query)
        .set_base64("userName", "王<b>小明")
        .sign()
        .query();
    let resp = app
        .submit(&submission(&route, &query, 5, &[], ""), None)
        .await;
    assert_eq!(
        resp.status(),
        502,
        "{}",
        resp.text().await.unwrap_or_default()
    );
    let v: Value = resp.json().await.expect("json");
    assert_eq!(v["code"], "upstream");
    assert!(
        v["zh"]
            .as_str()
            .is_some_and(|s| s.contains("代码 2") && s.contains("userName")),
        "{v}"
    );
    let (state, error): (String, String) = app
        .state()
        .db
        .blocking(|c| {
            Ok(
                c.query_row("SELECT state, last_error FROM outbox", [], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })?,
            )
        })
        .expect("row");
    assert_eq!(state, "refused");
    assert!(error.starts_with("code 2"), "{error}");
    // The platform never recorded it, so the citizen may try again.
    let (route, query) = demo_page("affair-hall");
    let resp = app
        .submit(&submission(&route, &query, 5, &[], ""), None)
        .await;
    assert_eq!(
        resp.json::<Value>().await.expect("json")["status"],
        "delivered"
    );
    app.shutdown().await;
}

//! The hall window's pad and the hall system's calls, over real HTTP and a
//! real WebSocket: a signed report reaches its window's pads (and no
//! other), a rating on the pad lands with channel hallPad and the reported
//! identity, a phone rating of a shown case tells the pad, printed codes
//! are the dynamic link, and every bad input is refused with nothing
//! stored or shown.

use hcp_gateway::hall::pads;
use hcp_gateway::hall::reported;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use hcp_gateway::hall::pads::Window;
use hcp_protocol::pad::{PadEvent, PadEventKind};
use hcp_protocol::qr_image::QrImage;
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;

use crate::support::{
    PUSH_SECRET, PushForm, TestApp, demo_ticket, eventually, post_form, spawn_app, spawn_app_at,
};
use hcp_gateway::clock::Clock;

type Ws =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

const HALL: &str = "56417234343428097";

pub(crate) fn window(work_no: &str) -> Window {
    Window {
        app_code: hcp_sandbox::demo::APP_CODE.into(),
        hall_code: HALL.into(),
        work_no: work_no.into(),
    }
}

/// Issues a pad for a window of the Shenyang hall; returns its credential.
fn issue(app: &TestApp, work_no: &str) -> String {
    app.state()
        .db
        .blocking(|c| {
            pads::issue(
                c,
                &window(work_no),
                None,
                hcp_gateway::clock::now_secs(),
                None,
            )
        })
        .expect("issue")
        .credential
}

pub(crate) fn case(serial: &str, work_no: &str, stage: u8) -> Value {
    let c = hcp_sandbox::demo::CITIZEN;
    let mut v = json!({
        "appCode": hcp_sandbox::demo::APP_CODE,
        "hallCode": HALL,
        "workNo": work_no,
        "evalProcess": stage,
        "affairSerialNo": serial,
        "affairCode": "11210100MB1536428E4210300301000",
        "affairName": "个体工商户设立登记",
        "departmentCode": "11210100001583301X",
        "departmentName": "沈阳市市场监督管理局",
        "affairApplyTime": "20250310091512",
        "userName": c.user_name,
        "contactPhone": c.contact_phone,
        "certificateNo": c.certificate_no,
    });
    if stage == 2 {
        v["affairDoneTime"] = json!("20250311101010");
    }
    v
}

/// POSTs the hall call `form` to `path`.
async fn call(app: &TestApp, path: &str, form: PushForm) -> (u16, reqwest::Response) {
    let r = post_form(&app.base, path, form).await;
    (r.status().as_u16(), r)
}

async fn report(app: &TestApp, data: &Value) -> (u16, Value) {
    let (s, r) = call(
        app,
        "/api/hall/cases",
        PushForm::fresh(&data.to_string(), PUSH_SECRET),
    )
    .await;
    (s, r.json().await.expect("json"))
}

async fn connect(app: &TestApp, credential: &str) -> Ws {
    connect_to(&app.base, credential).await
}

/// A pad's live connection to the gateway at `base`, its hello sent.
pub(crate) async fn connect_to(base: &str, credential: &str) -> Ws {
    let url = format!("{}/api/pad/live", base.replacen("http://", "ws://", 1));
    let (mut ws, _) = tokio_tungstenite::connect_async(url).await.expect("ws");
    let hello = json!({ "credential": credential }).to_string();
    ws.send(Message::Text(hello.into())).await.expect("hello");
    ws
}

/// The next event (pings skipped), or `None` when the connection closed.
pub(crate) async fn next(ws: &mut Ws) -> Option<PadEvent> {
    loop {
        let msg = tokio::time::timeout(Duration::from_secs(10), ws.next())
            .await
            .expect("an event within 10 s")?;
        match msg.ok()? {
            Message::Text(t) => return Some(serde_json::from_str(t.as_str()).expect("an event")),
            Message::Close(_) => return None,
            _ => {}
        }
    }
}

async fn rate(app: &TestApp, credential: &str, body: Value) -> (u16, Value) {
    let r = app
        .client
        .post(format!("{}/api/pad/rate", app.base))
        .bearer_auth(credential)
        .json(&body)
        .send()
        .await
        .expect("rate");
    (r.status().as_u16(), r.json().await.expect("json"))
}

#[tokio::test]
async fn a_reported_case_reaches_its_windows_pads_only_and_rating_it_on_the_pad_sends_the_reported_identity()
 {
    let app = spawn_app().await;
    let (a, b) = (issue(&app, "1212"), issue(&app, "1213"));
    let (mut pad_a, mut pad_b) = (connect(&app, &a).await, connect(&app, &b).await);
    let hello = next(&mut pad_a).await.expect("hello");
    assert_eq!(hello.event, PadEventKind::Hello);
    let w = hello.window.expect("window");
    assert_eq!(
        (
            w.worker_name.as_str(),
            w.work_no.as_str(),
            w.hall_name.as_str()
        ),
        ("李凤", "1212", "沈阳测试大厅")
    );
    assert!(
        w.consult_link
            .contains("/front/hallworker/?appCode=cTPyv9r6&channel=hallQr"),
        "{}",
        w.consult_link
    );
    assert!(hello.case.is_none());
    assert_eq!(
        next(&mut pad_b).await.map(|e| e.event),
        Some(PadEventKind::Hello)
    );

    let (status, answer) = report(&app, &case("PAD-A-1", "1212", 1)).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["data"]["pads"], 1);
    let link = answer["data"]["dynamicLink"]
        .as_str()
        .expect("link")
        .to_string();
    assert!(link.ends_with("/rating-dynamic/?msg=cTPyv9r6_1212_JXU2NzRFJXU1MUU0_56417234343428097_PAD-A-1_11210100MB1536428E4210300301000_1"), "{link}");
    let shown = next(&mut pad_a).await.expect("case");
    assert_eq!(shown.event, PadEventKind::Case);
    let c = shown.case.expect("case");
    assert_eq!(
        (
            c.affair_serial_no.as_str(),
            c.eval_process,
            c.citizen.as_str()
        ),
        ("PAD-A-1", 1, "王*明")
    );
    assert_eq!(c.dynamic_link, link);
    assert_eq!(c.department_name, "沈阳市市场监督管理局");
    // Pad B's next event is its own window's case, not A's.
    report(&app, &case("PAD-B-1", "1213", 1)).await;
    let theirs = next(&mut pad_b)
        .await
        .and_then(|e| e.case)
        .expect("b's case");
    assert_eq!(theirs.affair_serial_no, "PAD-B-1");

    // Rated on pad A: the reported identity, channel hallPad, once per key.
    let key = "pad-test-0000000000000001";
    let body = json!({"case": {"affairSerialNo": "PAD-A-1", "evalProcess": 1}, "rating": {"stars": 4}, "idempotencyKey": key});
    let (status, first) = rate(&app, &a, body.clone()).await;
    assert_eq!(status, 200, "{first}");
    let rated = next(&mut pad_a).await.expect("rated");
    assert_eq!(rated.event, PadEventKind::Rated);
    assert_eq!(
        rated.rated.map(|r| r.affair_serial_no).as_deref(),
        Some("PAD-A-1")
    );
    let (status, again) = rate(&app, &a, body).await;
    assert_eq!(
        (status, again["status"].clone()),
        (200, first["status"].clone())
    );
    let stored: Vec<_> = app
        .ratings()
        .into_iter()
        .filter(|r| r.affair_serial_no.as_deref() == Some("PAD-A-1"))
        .collect();
    assert_eq!(stored.len(), 1);
    let r = &stored[0];
    assert_eq!(
        (
            r.channel.as_str(),
            r.eval_entity_code.as_str(),
            r.eval_process
        ),
        ("hallPad", "hallAffair", Some(1))
    );
    assert_eq!(
        r.user_name.as_deref(),
        Some(hcp_sandbox::demo::CITIZEN.user_name)
    );
    assert_eq!(
        r.certificate_no.as_ref().map(|p| p.expose()),
        Some(hcp_sandbox::demo::CITIZEN.certificate_no)
    );
    assert_eq!(r.hall_worker_name.as_deref(), Some("李凤"));
    // Rated, and no longer shown; another rating of it (a new key) is already rated.
    let kept = app
        .state()
        .db
        .blocking(|c| reported::find(c, "cTPyv9r6", "PAD-A-1", 1))
        .expect("find")
        .expect("kept");
    assert!(kept.rated_at.is_some());
    let (_, other) = rate(&app, &a, json!({"case": {"affairSerialNo": "PAD-A-1", "evalProcess": 1}, "rating": {"stars": 1, "remark": "x"}, "idempotencyKey": "pad-test-0000000000000009"})).await;
    assert_eq!(other["status"], "already_rated");
    // A case of window 1213 cannot be rated on pad A.
    let (status, refused) = rate(&app, &a, json!({"case": {"affairSerialNo": "PAD-B-1", "evalProcess": 1}, "rating": {"stars": 5}, "idempotencyKey": "pad-test-0000000000000002"})).await;
    assert_eq!(
        (status, refused["code"].as_str()),
        (403, Some("not_this_window"))
    );
    app.shutdown().await;
}

#[tokio::test]
async fn a_phone_rating_of_a_shown_case_tells_its_pad_and_a_consultation_rated_on_the_pad_is_anonymous()
 {
    let app = spawn_app().await;
    let cred = issue(&app, "1212");
    let mut pad = connect(&app, &cred).await;
    next(&mut pad).await.expect("hello");
    let (_, answer) = report(&app, &case("PAD-PHONE-1", "1212", 2)).await;
    next(&mut pad).await.expect("case");
    let link = answer["data"]["dynamicLink"].as_str().expect("link");
    let query = link.split_once('?').map(|(_, q)| q).expect("query");
    let r = app
        .submit(
            &json!({"route": "/rating-dynamic/", "query": query, "rating": {"stars": 5}}),
            Some(&demo_ticket()),
        )
        .await;
    assert_eq!(r.status(), 200);
    let rated = next(&mut pad).await.expect("rated");
    assert_eq!(
        (rated.event, rated.rated.map(|r| r.eval_process)),
        (PadEventKind::Rated, Some(2))
    );
    // Reported again once rated: nothing to show.
    let (status, again) = report(&app, &case("PAD-PHONE-1", "1212", 2)).await;
    assert_eq!(
        (status, again["data"]["alreadyRated"].clone()),
        (200, json!(true))
    );

    let (status, consult) = rate(&app, &cred, json!({"rating": {"stars": 2, "remark": "等候太久"}, "idempotencyKey": "pad-consult-00000000001"})).await;
    assert_eq!(status, 200, "{consult}");
    let consults: Vec<_> = app
        .ratings()
        .into_iter()
        .filter(|r| r.channel == "hallPad" && r.affair_serial_no.is_none())
        .collect();
    assert_eq!(consults.len(), 1);
    assert_eq!(
        (
            consults[0].user_name.as_deref(),
            consults[0].work_no.as_deref()
        ),
        (None, Some("1212"))
    );
    app.shutdown().await;
}

#[tokio::test]
async fn forged_revoked_and_silent_credentials_get_nothing() {
    let app = spawn_app().await;
    let cred = issue(&app, "1212");
    let (id, _) = cred.split_once('.').expect("id");
    for bad in [format!("{id}.{}", "A".repeat(43)), "garbage".to_string()] {
        let mut ws = connect(&app, &bad).await;
        let e = next(&mut ws).await.expect("refusal");
        assert_eq!(e.event, PadEventKind::Refused);
        assert!(e.window.is_none() && e.case.is_none());
        assert!(e.zh.as_deref().is_some_and(|t| t.contains("无效")));
        assert!(next(&mut ws).await.is_none(), "closed after the refusal");
    }
    let mut pad = connect(&app, &cred).await;
    next(&mut pad).await.expect("hello");
    let revoked = app
        .state()
        .db
        .blocking(|c| pads::revoke(c, id, hcp_gateway::clock::now_secs()))
        .expect("revoke");
    assert!(revoked);
    // The watch (every 2 s) closes the open connection.
    let e = next(&mut pad).await.expect("refusal");
    assert_eq!(e.event, PadEventKind::Refused);
    assert!(e.zh.as_deref().is_some_and(|t| t.contains("撤销")));
    let mut again = connect(&app, &cred).await;
    assert_eq!(
        next(&mut again).await.map(|e| e.event),
        Some(PadEventKind::Refused)
    );
    let (status, body) = rate(
        &app,
        &cred,
        json!({"rating": {"stars": 5}, "idempotencyKey": "pad-revoked-0000000001"}),
    )
    .await;
    assert_eq!((status, body["code"].as_str()), (401, Some("pad_refused")));
    assert!(app.ratings().iter().all(|r| r.channel != "hallPad"));
    app.shutdown().await;
}

#[tokio::test]
async fn bad_hall_calls_are_refused_and_nothing_is_stored() {
    let app = spawn_app().await;
    let count = |app: &TestApp| {
        app.state()
            .db
            .blocking(|c| {
                Ok(c.query_row("SELECT COUNT(*) FROM pad_cases", [], |r| r.get::<_, i64>(0))?)
            })
            .expect("count")
    };
    let data = case("PAD-BAD-1", "1212", 1).to_string();
    let (status, r) = call(
        &app,
        "/api/hall/cases",
        PushForm::fresh(&data, "wrong-secret"),
    )
    .await;
    assert_eq!(status, 403);
    assert_eq!(r.json::<Value>().await.expect("json")["status"], "302");
    // Data changed under a good signature.
    let form = PushForm::fresh(&data, PUSH_SECRET).set("data", case("PAD-BAD-2", "1212", 1));
    assert_eq!(call(&app, "/api/hall/cases", form).await.0, 403);
    let (status, unknown) = report(&app, &case("PAD-BAD-3", "9999", 1)).await;
    assert_eq!(status, 422);
    assert!(
        unknown["msg"]
            .as_str()
            .is_some_and(|m| m.contains("workNo")),
        "{unknown}"
    );
    let mut no_id = case("PAD-BAD-4", "1212", 1);
    no_id.as_object_mut().map(|o| o.remove("certificateNo"));
    let (status, missing) = report(&app, &no_id).await;
    assert_eq!(status, 400);
    assert!(
        missing["msg"]
            .as_str()
            .is_some_and(|m| m.contains("certificateNo")),
        "{missing}"
    );
    let mut not_done = case("PAD-BAD-5", "1212", 2);
    not_done.as_object_mut().map(|o| o.remove("affairDoneTime"));
    assert_eq!(report(&app, &not_done).await.0, 400);
    assert_eq!(count(&app), 0);
    app.shutdown().await;
}

#[tokio::test]
async fn printed_codes_are_the_dynamic_link_and_the_window_card_names_the_window() {
    let app = spawn_app().await;
    let (_, answer) = report(&app, &case("PAD-QR-1", "1212", 1)).await;
    let link = answer["data"]["dynamicLink"].as_str().expect("link");
    let ask = |format: &str| {
        json!({"appCode": "cTPyv9r6", "affairSerialNo": "PAD-QR-1", "evalProcess": 1, "format": format}).to_string()
    };
    let (status, svg) = call(
        &app,
        "/api/hall/qr",
        PushForm::fresh(&ask("svg"), PUSH_SECRET),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(svg.headers()["content-type"], "image/svg+xml");
    let q = QrImage::encode(link).expect("code");
    assert_eq!(svg.text().await.expect("svg"), q.svg(q.size() * 10));
    let (status, png) = call(
        &app,
        "/api/hall/qr",
        PushForm::fresh(&ask("png"), PUSH_SECRET),
    )
    .await;
    assert_eq!(status, 200);
    let bytes = png.bytes().await.expect("png");
    assert_eq!(&bytes[1..4], b"PNG");
    let (status, _) = call(
        &app,
        "/api/hall/qr",
        PushForm::fresh(&ask("gif"), PUSH_SECRET),
    )
    .await;
    assert_eq!(status, 400);
    let unreported =
        json!({"appCode": "cTPyv9r6", "affairSerialNo": "NOPE", "evalProcess": 1}).to_string();
    assert_eq!(
        call(
            &app,
            "/api/hall/qr",
            PushForm::fresh(&unreported, PUSH_SECRET)
        )
        .await
        .0,
        404
    );

    let card = app
        .get("/hall/card/?appCode=cTPyv9r6&hallCode=56417234343428097&workNo=1212")
        .await;
    assert_eq!(card.status(), 200);
    let csp = card.headers()["content-security-policy"]
        .to_str()
        .expect("csp")
        .to_string();
    assert!(
        csp.starts_with("default-src 'none'; style-src 'sha256-"),
        "{csp}"
    );
    let html = card.text().await.expect("html");
    assert!(
        html.contains("李凤")
            && html.contains("工号 1212")
            && html.contains("沈阳测试大厅")
            && html.contains("@page{size:A6")
    );
    assert!(html.contains("<svg ") && !html.contains("<script"));
    let unknown = app
        .get("/hall/card/?appCode=cTPyv9r6&hallCode=56417234343428097&workNo=9999")
        .await;
    assert_eq!(unknown.status(), 404);
    app.shutdown().await;
}

/// The evaluator a hall system reported is kept a day (a pad that sends its
/// rating again must get the same entry) and then erased: the gateway's
/// clock, a manual one here, moved on by a day and a second.
#[tokio::test]
async fn a_reported_evaluator_is_erased_a_day_after_the_report() {
    let clock = Clock::manual(hcp_gateway::clock::now_ms());
    let app = spawn_app_at(clock.clone(), |_| {}).await;
    let (status, answer) = report(&app, &case("PAD-TTL-1", "1212", 1)).await;
    assert_eq!(status, 200, "{answer}");
    let kept = |app: &TestApp| -> bool {
        app.state()
            .db
            .blocking(|c| {
                Ok(c.query_row(
                    "SELECT certificate_no IS NOT NULL AND contact_phone IS NOT NULL
                     FROM pad_cases WHERE affair_serial_no = 'PAD-TTL-1'",
                    [],
                    |r| r.get::<_, bool>(0),
                )?)
            })
            .expect("pad_cases")
    };
    assert!(kept(&app), "the evaluator is kept for the pad's rating");
    let ttl = u64::try_from(hcp_gateway::hall::pads::CASE_TTL_SECS).expect("ttl");
    assert!(clock.advance(Duration::from_secs(ttl + 1)));
    eventually(10, "the evaluator erased a day after the report", || {
        !kept(&app)
    })
    .await;
}

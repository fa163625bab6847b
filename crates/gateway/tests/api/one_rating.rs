//! Issue 11, items 2 and 3: what the gateway knows wins over what a URL
//! says (windows from the hall directory), and one rating per citizen per
//! thing per period (一次一评, 一事一评), answered `already_rated`.

use hcp_gateway::config::Secret;
use hcp_gateway::identity::ticket::issue_ticket;
use hcp_protocol::decode::encode_base64;
use hcp_sandbox::RatingKind;
use serde_json::Value;

use crate::support::*;

fn consult_hall(hall: &str, work_no: &str, name: &str) -> String {
    format!(
        "appCode=cTPyv9r6&channel=hallPad&evalEntityCode=hallAffair&hallCode={hall}&workerNo={work_no}&workerName={}",
        form_urlencoded::byte_serialize(encode_base64(name).as_bytes()).collect::<String>()
    )
}

/// A ticket for another citizen (another userId and ID number).
fn other_citizen() -> String {
    let now = hcp_gateway::clock::now_secs();
    let mut c = hcp_gateway::sandbox::demo_data::demo_citizen(now, 3600);
    c.user_id = "0f0e0d0c-another-citizen".to_string();
    c.user_name = "李四".to_string();
    c.certificate_no = Some("110101199003074219".to_string());
    c.contact_phone = Some("13912345678".to_string());
    issue_ticket(&Secret::new(TICKET_SECRET), &c).expect("ticket")
}

#[tokio::test]
async fn windows_named_by_a_url_are_checked_against_the_hall_directory() {
    let app = spawn_app().await;
    let ticket = demo_ticket();
    let route = "/front/hallworker/";
    // A worker the province hall does not have.
    let resp = app
        .submit(
            &submission(
                route,
                &consult_hall("39357010579292161", "7777", "虚构人员"),
                5,
                &[],
                "",
            ),
            Some(&ticket),
        )
        .await;
    assert_eq!(resp.status(), 422);
    let v: Value = resp.json().await.expect("json");
    assert_eq!(
        (v["code"].as_str(), v["field"].as_str()),
        (Some("unknown_worker"), Some("workNo")),
        "{v}"
    );
    assert!(!v.to_string().contains("7777"), "{v}");
    // A hall that does not exist, while the directory knows the app's halls.
    let resp = app
        .submit(
            &submission(
                route,
                &consult_hall("12345", "7777", "虚构人员"),
                5,
                &[],
                "",
            ),
            Some(&ticket),
        )
        .await;
    assert_eq!(resp.status(), 422);
    let v: Value = resp.json().await.expect("json");
    assert_eq!(v["field"], "hallCode", "{v}");
    // A signed affair-hall link naming a window its hall does not have.
    let link = PageLink::demo("affair-hall").set("workerNo", "7777").sign();
    let resp = app
        .submit(&submission(link.route(), &link.query(), 5, &[], ""), None)
        .await;
    assert_eq!(resp.status(), 422);
    assert!(app.ratings().is_empty());

    // The real window 0204 under a false name: the directory's name is stored.
    let resp = app
        .submit(
            &submission(
                route,
                &consult_hall("39357010579292161", "0204", "冒名顶替"),
                5,
                &[],
                "",
            ),
            Some(&ticket),
        )
        .await;
    assert_eq!(
        resp.status(),
        200,
        "{}",
        resp.text().await.unwrap_or_default()
    );
    let r = app.ratings().pop().expect("rating");
    assert_eq!(r.hall_worker_name.as_deref(), Some("张三"));
    assert_eq!(r.hall_name.as_deref(), Some("辽宁省政务服务中心"));
    app.shutdown().await;
}

#[tokio::test]
async fn one_rating_per_citizen_per_window_per_day_and_per_guide() {
    let app = spawn_app().await;
    let ticket = demo_ticket();
    let window = submission(
        "/front/hallworker/",
        &consult_hall("39357010579292161", "0204", "张三"),
        5,
        &[],
        "",
    );
    // Three times in a row: once delivered, then already rated, with no upstream call.
    let mut statuses = Vec::new();
    for _ in 0..3 {
        let v: Value = app
            .submit(&window, Some(&ticket))
            .await
            .json()
            .await
            .expect("json");
        statuses.push(v["status"].as_str().unwrap_or_default().to_string());
    }
    assert_eq!(statuses, ["delivered", "already_rated", "already_rated"]);
    // The same window via the consult-online page (picked): the same window.
    let (online, q) = demo_page("consult-online");
    let mut picked = submission(&online, &q, 4, &[], "");
    picked["hall"] = serde_json::json!({"hallCode": "39357010579292161", "workNo": "0204"});
    let v: Value = app
        .submit(&picked, Some(&ticket))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(v["status"], "already_rated", "{v}");
    // Another window, and another citizen at this window, are new ratings.
    let other_window = submission(
        "/front/hallworker/",
        &consult_hall("39357010579292161", "0206", "王芳"),
        5,
        &[],
        "",
    );
    let v: Value = app
        .submit(&other_window, Some(&ticket))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(v["status"], "delivered", "{v}");
    let v: Value = app
        .submit(&window, Some(&other_citizen()))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(v["status"], "delivered", "{v}");

    // A guide: once per citizen per guide.
    let (guide, q) = demo_page("guide");
    let body = submission(&guide, &q, 5, &[], "");
    let first: Value = app
        .submit(&body, Some(&ticket))
        .await
        .json()
        .await
        .expect("json");
    let second: Value = app
        .submit(&body, Some(&ticket))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(
        (first["status"].as_str(), second["status"].as_str()),
        (Some("delivered"), Some("already_rated"))
    );

    let ratings = app.ratings();
    let count = |k: RatingKind| ratings.iter().filter(|r| r.kind == k).count();
    assert_eq!(
        count(RatingKind::Consult),
        3,
        "0204 twice (two citizens), 0206 once"
    );
    assert_eq!(count(RatingKind::Guide), 1);
    // The outbox's keys name the citizen and the Beijing day, never the evalTime.
    let keys: Vec<String> = app
        .state()
        .db
        .blocking(|c| {
            let mut s =
                c.prepare("SELECT key FROM outbox_keys WHERE key LIKE 'consult:%' ORDER BY key")?;
            let keys = s
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<Vec<String>>>()?;
            Ok(keys)
        })
        .expect("keys");
    let today = hcp_gateway::rating::plan::period_label(hcp_gateway::clock::now_secs(), 1);
    assert_eq!(keys.len(), 3, "{keys:?}");
    assert!(
        keys.iter().all(|k| k.ends_with(&format!(":{today}"))),
        "{keys:?}"
    );
    app.shutdown().await;
}

#[tokio::test]
async fn the_period_is_configurable() {
    use hcp_gateway::rating::plan::period_label;
    let now = hcp_gateway::clock::now_secs();
    // A period whose current label differs from the default (30 days) one's,
    // so the key shows which setting was used.
    let days = [1u64, 7, 11, 13]
        .into_iter()
        .find(|d| period_label(now, *d) != period_label(now, 30))
        .expect("some period differs");
    let app = spawn_app_with(|a| a.guide_period_days = Some(days)).await;
    let (guide, q) = demo_page("guide");
    let body = submission(&guide, &q, 5, &[], "");
    let v: Value = app
        .submit(&body, Some(&demo_ticket()))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(v["status"], "delivered");
    let key: String = app
        .state()
        .db
        .blocking(|c| Ok(c.query_row("SELECT key FROM outbox_keys", [], |r| r.get(0))?))
        .expect("key");
    let label = period_label(hcp_gateway::clock::now_secs(), days);
    assert!(
        key.starts_with("guide:") && key.ends_with(&format!(":{label}")),
        "{key}"
    );
    app.shutdown().await;
}

//! SPEC §4: tickets, and the development login of sandbox mode.

use hcp_gateway::config::Secret;
use hcp_gateway::identity::ticket::{issue_ticket, verify_ticket};
use serde_json::Value;

use crate::support::*;

#[tokio::test]
async fn missing_expired_and_forged_tickets_are_401() {
    let app = spawn_app().await;
    let (route, query) = demo_page("dynamic");
    let body = submission(&route, &query, 5, &[], "");
    let now = hcp_gateway::clock::now_secs();
    let expired = issue_ticket(
        &Secret::new(TICKET_SECRET),
        &hcp_gateway::sandbox::demo_data::demo_citizen(now - 7200, 3600),
    )
    .expect("ticket");
    let forged = issue_ticket(
        &Secret::new("somebody-else's-secret-0123"),
        &hcp_gateway::sandbox::demo_data::demo_citizen(now, 3600),
    )
    .expect("ticket");
    // A valid ticket with its payload edited (userId changed) keeps its old signature.
    let valid = demo_ticket();
    let parts: Vec<&str> = valid.split('.').collect();
    let tampered = format!("{}.{}x.{}", parts[0], parts[1], parts[2]);
    for (what, ticket) in [
        ("missing", None),
        ("expired", Some(expired.as_str())),
        ("forged", Some(forged.as_str())),
        ("tampered", Some(tampered.as_str())),
        ("garbage", Some("not-a-ticket")),
    ] {
        let resp = app.submit(&body, ticket).await;
        assert_eq!(resp.status(), 401, "{what}");
        let v: Value = resp.json().await.expect("json");
        assert_eq!(v["code"], "login_required", "{what}");
        assert!(v["zh"].as_str().is_some_and(|s| s.contains("登录")), "{v}");
        assert!(
            v["en"].as_str().is_some_and(|s| s.contains("log in")),
            "{v}"
        );
    }
    assert!(app.ratings().is_empty());
    // offLine=1 needs no ticket at all.
    let (route, query) = demo_page("affair-hall");
    let resp = app
        .submit(&submission(&route, &query, 5, &[], ""), None)
        .await;
    assert_eq!(resp.status(), 200);
    // …but without offLine=1 the same page needs one.
    let online = PageLink::demo("affair-hall").remove("offLine").query();
    let resp = app
        .submit(&submission(&route, &online, 5, &[], ""), None)
        .await;
    assert_eq!(resp.status(), 401);
    app.shutdown().await;
}

#[tokio::test]
async fn dev_login_exists_only_in_sandbox_mode_and_redirects_same_origin_only() {
    // Remote mode: not mounted.
    let app = spawn_app().await;
    let resp = app.get("/dev/login?redirect=/guide/").await;
    assert_eq!(resp.status(), 404);
    app.shutdown().await;

    // Sandbox mode (the gateway starts its own sandbox).
    let dir = tempfile::tempdir().expect("tempdir");
    fake_widget(&dir.path().join("widget"));
    let mut args = test_args(dir.path(), "sandbox");
    args.ticket_secret = None;
    args.login_url = None;
    let config = hcp_gateway::Config::resolve(args).expect("config");
    assert_eq!(config.login_url, "/dev/login");
    let gw = hcp_gateway::server::run(config).await.expect("run");
    let base = gw.base_url();
    let http = client();

    let page = http
        .get(format!(
            "{base}/dev/login?redirect=%2Fguide%2F%3Fa%3D1%26b%3D%22%3E%3Cx%3E"
        ))
        .send()
        .await
        .expect("get");
    assert_eq!(page.status(), 200);
    let html = page.text().await.expect("html");
    assert!(
        html.contains("开发登录") && html.contains("Development login"),
        "{html}"
    );
    assert!(
        html.contains("value=\"/guide/?a=1&amp;b=&quot;&gt;&lt;x&gt;\""),
        "{html}"
    );
    assert!(!html.contains("\"><x>"), "{html}");

    for bad in [
        "%2F%2Fevil.example%2F",
        "https%3A%2F%2Fevil.example%2F",
        "%2F%5Cevil.example",
        "evil",
    ] {
        let resp = http
            .get(format!("{base}/dev/login?redirect={bad}"))
            .send()
            .await
            .expect("get");
        assert_eq!(resp.status(), 400, "{bad}");
        let resp = http
            .post(format!("{base}/dev/login"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!("redirect={bad}"))
            .send()
            .await
            .expect("post");
        assert_eq!(resp.status(), 400, "{bad}");
    }

    let resp = http
        .post(format!("{base}/dev/login"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("redirect=%2Frating-dynamic%2F%3Fmsg%3Dabc%26ticket%3Dold")
        .send()
        .await
        .expect("post");
    assert_eq!(resp.status(), 303);
    let location = resp
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .expect("location")
        .to_string();
    assert!(
        location.starts_with("/rating-dynamic/?msg=abc&ticket="),
        "{location}"
    );
    assert!(!location.contains("ticket=old"), "{location}");
    let ticket = location.rsplit("ticket=").next().expect("ticket");
    let claims = verify_ticket(
        &Secret::new(hcp_gateway::sandbox::dev::TICKET_SECRET),
        ticket,
    )
    .expect("valid ticket");
    assert_eq!(claims.user_id, hcp_sandbox::demo::CITIZEN.user_id);
    let ttl = claims.exp - claims.iat.expect("iat");
    assert!((3600..=4 * 3600).contains(&ttl), "{ttl}");

    // The ticket works for a submission, and the embedded sandbox receives it.
    let (route, query) = demo_page("dynamic");
    let resp = http
        .post(format!("{base}/api/submit"))
        .bearer_auth(ticket)
        .json(&submission(&route, &query, 5, &[], ""))
        .send()
        .await
        .expect("submit");
    assert_eq!(
        resp.status(),
        200,
        "{}",
        resp.text().await.unwrap_or_default()
    );
    let stored = gw
        .sandbox()
        .expect("sandbox")
        .sandbox()
        .ratings()
        .expect("ratings");
    // The rating just given, and the demo citizen's history seeded at start
    // (never received over HTTP: not signature-verified).
    assert_eq!(stored.iter().filter(|r| r.signature_verified).count(), 1);
    assert_eq!(
        stored.iter().filter(|r| !r.signature_verified).count(),
        hcp_sandbox::demo::HISTORY.len()
    );
    gw.shutdown().await;
}

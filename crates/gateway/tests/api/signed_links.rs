//! Issue 11, item 1: nobody rates in someone else's name. A hall link that
//! names its evaluator and needs no login (`offLine=1`) must be signed by the
//! hall system; unsigned, altered and expired ones are refused at submission
//! (403 `invalid_link`, before any upstream call) and get a clear page
//! instead of the form. A ticket, when there is one, is always the identity.

use hcp_protocol::decode::encode_base64;
use hcp_protocol::link;
use serde_json::Value;

use crate::support::*;

async fn refused(app: &TestApp, route: &str, query: &str, why: &str) {
    let resp = app
        .submit(&submission(route, query, 1, &[], "假评价"), None)
        .await;
    assert_eq!(resp.status(), 403, "{why}");
    let v: Value = resp.json().await.expect("json");
    assert_eq!(v["code"], "invalid_link", "{why}: {v}");
    assert_eq!(v["field"], "sign", "{why}: {v}");
}

#[tokio::test]
async fn offline_links_must_be_signed_unaltered_and_unexpired() {
    let app = spawn_app().await;
    let nonces = app.nonces();
    let link = PageLink::demo("affair-hall");
    let (route, good) = (link.route().to_string(), link.query());
    let now = hcp_gateway::clock::now_secs();

    // The attack of the issue: the demo link with another evaluator, no ticket.
    let forged = link
        .clone()
        .set_base64("userName", "张伪造")
        .set_base64("contactPhone", "13912345678")
        .set_base64("certificateNo", "110101199003074219");
    assert_ne!(forged.query(), good);
    refused(
        &app,
        &route,
        &forged.clone().unsigned().query(),
        "unsigned forgery",
    )
    .await;
    refused(&app, &route, &forged.query(), "altered after signing").await;
    refused(
        &app,
        &route,
        &link.clone().unsigned().query(),
        "the genuine link, unsigned",
    )
    .await;
    // Signed by someone without the hall system's secret.
    let other = link
        .clone()
        .sign_with(b"a-secret-the-gateway-does-not-have", now + 600)
        .query();
    refused(&app, &route, &other, "another secret").await;
    // Expired, and valid for too long.
    let expired = link
        .clone()
        .sign_with(LINK_SECRET.as_bytes(), now - 1)
        .query();
    refused(&app, &route, &expired, "expired").await;
    let long = link
        .clone()
        .sign_with(LINK_SECRET.as_bytes(), now + 400 * 86_400)
        .query();
    refused(&app, &route, &long, "a year").await;
    let resp = app
        .submit(&submission(&route, &expired, 5, &[], ""), None)
        .await;
    let v: Value = resp.json().await.expect("json");
    assert!(
        v["zh"].as_str().is_some_and(|m| m.contains("已过期")),
        "{v}"
    );
    assert!(
        v["en"].as_str().is_some_and(|m| m.contains("expired")),
        "{v}"
    );

    // A batch link: up to 200 cases per request, so the same rules.
    let batch = PageLink::demo("batch");
    let batch_route = batch.route();
    refused(
        &app,
        batch_route,
        &batch.clone().unsigned().query(),
        "unsigned batch",
    )
    .await;
    assert_eq!(
        batch.get("affairSerialNos"),
        encode_base64(
            "210100-210100301001-20250310091512101,210100-210100301001-20250310092033102,210100-210100301001-20250310093147103"
        )
    );
    let more = batch.clone().set_base64(
        "affairSerialNos",
        "210100-210100301001-20250310091512101,210100-210100301001-20250310092033102,210100-210100301001-20250310093147103,210100-210100301001-20250311140208104",
    );
    assert_ne!(more.query(), batch.query());
    refused(&app, batch_route, &more.query(), "a case added to a batch").await;

    assert!(app.ratings().is_empty(), "nothing reached the platform");
    assert_eq!(app.nonces(), nonces, "no upstream call at all");

    // The genuine signed link rates, in the name it was issued for.
    let resp = app
        .submit(&submission(&route, &good, 5, &[], ""), None)
        .await;
    assert_eq!(
        resp.status(),
        200,
        "{}",
        resp.text().await.unwrap_or_default()
    );
    let ratings = app.ratings();
    assert_eq!(ratings.len(), 1);
    assert_eq!(ratings[0].user_name.as_deref(), Some("王小明"));
    app.shutdown().await;
}

#[tokio::test]
async fn a_refused_link_gets_a_clear_page_in_its_language_and_no_form() {
    let app = spawn_app().await;
    let good = PageLink::demo("affair-hall");
    let page = |link: PageLink| {
        let app = &app;
        async move {
            let resp = app.get(&link.url()).await;
            let status = resp.status().as_u16();
            let cache = resp
                .headers()
                .get("cache-control")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_string();
            (status, cache, resp.text().await.expect("html"))
        }
    };
    // Signed: the widget.
    let (status, _, html) = page(good.clone()).await;
    assert_eq!(status, 200);
    assert!(html.contains("hcp-config"), "{html}");

    // Unsigned: a page of its own, with the widget's classes and stylesheet.
    let (status, cache, html) = page(good.clone().unsigned()).await;
    assert_eq!(status, 403);
    assert_eq!(cache, "no-store");
    assert!(html.contains("<html lang=\"zh-CN\">"), "{html}");
    assert!(html.contains("评价链接无法使用"), "{html}");
    assert!(html.contains("没有办理系统的签名"), "{html}");
    assert!(html.contains("role=\"alert\""), "{html}");
    assert!(
        html.contains("<link rel=\"stylesheet\" href=\"/main-0123456789abcdef.css\">"),
        "{html}"
    );
    assert!(
        !html.contains("hcp-config") && !html.contains("<script"),
        "{html}"
    );
    // Nothing of the URL is in it.
    assert!(!html.contains(&encode_base64("王小明")) && !html.contains("王小明"));

    // Altered, in English, large print.
    let altered = good
        .clone()
        .set_base64("userName", "张伪造")
        .add("lang", "en")
        .add("elder", "1");
    let (status, _, html) = page(altered).await;
    assert_eq!(status, 403);
    assert!(html.contains("<html lang=\"en\">"), "{html}");
    assert!(
        html.contains("has been changed since the hall system issued it"),
        "{html}"
    );
    assert!(html.contains("hcp hcp--elder"), "{html}");

    // Expired.
    let expired = good
        .clone()
        .sign_with(LINK_SECRET.as_bytes(), hcp_gateway::clock::now_secs() - 60);
    let (status, _, html) = page(expired).await;
    assert_eq!(status, 403);
    assert!(html.contains("此评价链接已过期"), "{html}");

    // A link whose parameters are wrong is the widget's to explain.
    let (status, _, html) = page(good.clone().set("workerNo", "12_12")).await;
    assert_eq!(status, 200);
    assert!(html.contains("hcp-config"));
    // With a ticket the link's evaluator does not count: the widget.
    let (status, _, _) = page(good.unsigned().add("ticket", "x.y.z")).await;
    assert_eq!(status, 200);
    app.shutdown().await;
}

#[tokio::test]
async fn a_ticket_is_the_identity_even_when_the_link_says_offline() {
    let app = spawn_app().await;
    let (route, good) = demo_page("affair-hall");
    // A logged-in citizen edits the link to name someone else.
    let forged = PageLink::parse(&route, &good)
        .unsigned()
        .set_base64("userName", "张伪造")
        .set_base64("certificateNo", "110101199003074219")
        .query();
    let resp = app
        .submit(
            &submission(&route, &forged, 5, &[], ""),
            Some(&demo_ticket()),
        )
        .await;
    assert_eq!(
        resp.status(),
        200,
        "{}",
        resp.text().await.unwrap_or_default()
    );
    let r = app.ratings().pop().expect("rating");
    let c = hcp_sandbox::demo::CITIZEN;
    assert_eq!(r.user_name.as_deref(), Some(c.user_name));
    assert_eq!(r.user_id.as_deref(), Some(c.user_id));
    assert_eq!(
        r.certificate_no.as_ref().map(|p| p.expose()),
        Some(c.certificate_no)
    );
    // A bad ticket is not replaced by the link's evaluator either.
    let resp = app
        .submit(&submission(&route, &good, 5, &[], ""), Some("not.a.ticket"))
        .await;
    assert_eq!(resp.status(), 401);
    app.shutdown().await;
}

#[tokio::test]
async fn legacy_unsigned_links_are_accepted_only_for_the_opted_in_appcode_with_a_warning() {
    let app = spawn_app_with(|a| {
        a.legacy_unsigned_links = Some("cTPyv9r6".parse().unwrap_or_default());
    })
    .await;
    let good = PageLink::demo("affair-hall");
    let route = good.route();
    let unsigned = good.clone().unsigned();
    // Another appCode's unsigned link: refused.
    let other = unsigned.clone().set("appCode", "otherHall").query();
    refused(&app, route, &other, "not opted in").await;
    // A signed link of the legacy app that was altered: still refused.
    refused(
        &app,
        route,
        &good.clone().set_base64("userName", "张伪造").query(),
        "altered",
    )
    .await;
    // The opted-in appCode's unsigned link: accepted.
    let resp = app
        .submit(&submission(route, &unsigned.query(), 5, &[], ""), None)
        .await;
    assert_eq!(
        resp.status(),
        200,
        "{}",
        resp.text().await.unwrap_or_default()
    );
    let page = app.get(&unsigned.url()).await;
    assert_eq!(page.status(), 200);
    app.shutdown().await;

    // The operator is warned at start, naming the appCode.
    let dir = tempfile::tempdir().expect("tempdir");
    fake_widget(&dir.path().join("widget"));
    let env = ChildEnv::remote(dir.path(), "http://127.0.0.1:9/ebus/ping/")
        .set("HCP_LEGACY_UNSIGNED_LINKS", "cTPyv9r6");
    let mut gw = ChildGateway::start(&env).await;
    gw.wait_for("the warning", |o| o.contains("HCP_LEGACY_UNSIGNED_LINKS"))
        .await;
    let out = gw.output();
    assert!(
        out.lines().any(|l| l.contains("WARN")
            && l.contains("unsigned offLine=1 hall links of appCode cTPyv9r6 are accepted")),
        "{out}"
    );
    gw.kill9().await;
}

#[tokio::test]
async fn sign_link_signs_on_the_hall_systems_behalf() {
    let app = spawn_app().await;
    let good = PageLink::demo("affair-hall");
    let route = good.route();
    let url = format!(
        "https://hcp.example.gov.cn{}",
        good.clone().unsigned().url()
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let env = ChildEnv::empty()
        .set(
            "HCP_UPSTREAM",
            "https://gw.example.gov.cn/prorio/ebus/ping/",
        )
        .set("HCP_LINK_SECRET", LINK_SECRET)
        .set("HCP_DATA_DIR", dir.path().display());
    let out = run_binary(&env, &["sign-link", "--expires-in", "600", &url]).await;
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let printed = String::from_utf8_lossy(&out.stdout).trim().to_string();
    let prefix = format!("https://hcp.example.gov.cn{route}?");
    assert!(printed.starts_with(&prefix), "{printed}");
    let query = &printed[prefix.len()..];
    let expires = link::verify(
        hcp_protocol::Route::FrontPc,
        query,
        LINK_SECRET.as_bytes(),
        hcp_gateway::clock::now_secs(),
    )
    .expect("verifies");
    assert!((expires - hcp_gateway::clock::now_secs() - 600).abs() <= 5);
    // The gateway takes it.
    let resp = app
        .submit(&submission(route, query, 5, &[], ""), None)
        .await;
    assert_eq!(
        resp.status(),
        200,
        "{}",
        resp.text().await.unwrap_or_default()
    );
    app.shutdown().await;

    // The appCode's own secret wins over the default one.
    let per_app = env.clone().set(
        "HCP_LINK_SECRETS",
        "cTPyv9r6=the-hall-systems-own-secret-0123456789",
    );
    let out = run_binary(&per_app, &["sign-link", &url]).await;
    let printed = String::from_utf8_lossy(&out.stdout).trim().to_string();
    assert!(
        link::verify(
            hcp_protocol::Route::FrontPc,
            &printed[prefix.len()..],
            b"the-hall-systems-own-secret-0123456789",
            hcp_gateway::clock::now_secs()
        )
        .is_ok(),
        "{printed}"
    );

    // A link that is not a page, a bad parameter, no secret, a year: refused, saying why.
    for (env, args, says) in [
        (
            env.clone(),
            vec!["sign-link", "https://x/nope/?a=1"],
            "none of the pages",
        ),
        (
            env.clone(),
            vec!["sign-link", "/front/pc/?appCode=a&channel=fax"],
            "channel",
        ),
        (
            env.first(1),
            vec!["sign-link", url.as_str()],
            "HCP_LINK_SECRET",
        ),
        (
            env.clone(),
            vec!["sign-link", "--expires-in", "31536000", url.as_str()],
            "30 days",
        ),
    ] {
        let out = run_binary(&env, &args).await;
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says), "{args:?}: {err}");
        assert!(!err.contains(LINK_SECRET), "{err}");
    }
}

//! Issue 11, items 4 and 7: cross-site submissions, and the lower findings
//! of the hostile-input run (tags against the catalog, no raw value in an
//! answer, every body error naming its field, ticket claims, Retry-After is
//! in ops.rs, long paths, direction controls, no-store).

use serde_json::{Value, json};

use crate::support::*;

async fn post_raw(app: &TestApp, headers: &[(&str, &str)], body: &str) -> reqwest::Response {
    let mut req = app
        .client
        .post(format!("{}/api/submit", app.base))
        .body(body.to_string());
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    req.send().await.expect("post")
}

#[tokio::test]
async fn only_json_from_our_own_pages_or_an_allowed_portal_reaches_submit() {
    let app = spawn_app().await;
    let (route, query) = demo_page("affair-hall");
    let body = submission(&route, &query, 1, &[], "跨站伪造").to_string();
    let nonces = app.nonces();
    // What a page of another site can make a browser send without a preflight.
    for ct in [
        Some("text/plain"),
        Some("text/plain;charset=UTF-8"),
        Some("application/x-www-form-urlencoded"),
        Some("multipart/form-data; boundary=x"),
        None,
    ] {
        let headers: Vec<(&str, &str)> = ct.iter().map(|c| ("content-type", *c)).collect();
        let resp = post_raw(&app, &headers, &body).await;
        assert_eq!(resp.status(), 415, "{ct:?}");
        let v: Value = resp.json().await.expect("json");
        assert_eq!(v["code"], "unsupported_media_type", "{ct:?}");
    }
    // JSON from another site's page (a browser names it in Origin).
    for origin in [
        "https://evil.example",
        "null",
        "http://127.0.0.1.evil.example",
    ] {
        let resp = post_raw(
            &app,
            &[("content-type", "application/json"), ("origin", origin)],
            &body,
        )
        .await;
        assert_eq!(resp.status(), 403, "{origin}");
        let v: Value = resp.json().await.expect("json");
        assert_eq!(v["code"], "forbidden_origin", "{origin}");
    }
    assert!(app.ratings().is_empty());
    assert_eq!(app.nonces(), nonces, "nothing went upstream");

    // The widget on this gateway (its own origin) and an allowed portal.
    let own = app.base.clone();
    let resp = post_raw(
        &app,
        &[
            ("content-type", "application/json; charset=utf-8"),
            ("origin", &own),
        ],
        &body,
    )
    .await;
    assert_eq!(
        resp.status(),
        200,
        "{}",
        resp.text().await.unwrap_or_default()
    );
    let (route, query) = demo_page("dynamic");
    let resp = app
        .client
        .post(format!("{}/api/submit", app.base))
        .header("origin", PORTAL)
        .bearer_auth(demo_ticket())
        .json(&submission(&route, &query, 5, &[], ""))
        .send()
        .await
        .expect("post");
    assert_eq!(resp.status(), 200);
    app.shutdown().await;
}

#[tokio::test]
async fn every_body_error_names_its_field_and_repeats_no_value() {
    let app = spawn_app().await;
    let (route, query) = demo_page("affair-hall");
    let base = json!({"route": route, "query": query, "rating": {"stars": 5}});
    let with = |path: &[&str], value: Value| {
        let mut b = base.clone();
        let mut at = &mut b;
        for p in &path[..path.len() - 1] {
            at = &mut at[*p];
        }
        at[path[path.len() - 1]] = value;
        b.to_string()
    };
    let cases: Vec<(String, &str)> = vec![
        (with(&["rating", "stars"], json!("five<x>")), "rating.stars"),
        (with(&["rating", "stars"], json!(0)), "rating.stars"),
        (with(&["rating", "stars"], json!(4.5)), "rating.stars"),
        (with(&["rating", "tags"], json!("t1")), "rating.tags"),
        (
            with(&["rating", "tags"], json!(["ok", "a b<x>"])),
            "rating.tags[1]",
        ),
        (with(&["rating", "remark"], json!(42)), "rating.remark"),
        (
            with(&["rating", "remark"], json!("好".repeat(501))),
            "rating.remark",
        ),
        (
            with(&["rating", "remark"], json!("好\u{202E}<x>")),
            "rating.remark",
        ),
        (with(&["route"], json!(["/guide/"])), "route"),
        (with(&["query"], json!({"a": 1})), "query"),
        (with(&["rating"], json!("five<x>")), "rating"),
        (
            with(&["hall"], json!({"hallCode": "1_2<x>", "workNo": "1"})),
            "hall.hallCode",
        ),
        (with(&["hall"], json!({"hallCode": "1"})), "hall.workNo"),
        (
            json!({"route": "/guide/", "query": ""}).to_string(),
            "rating",
        ),
        (
            json!({"query": "", "rating": {"stars": 5}}).to_string(),
            "route",
        ),
        (
            json!({"route": "/guide/", "query": "", "rating": {}}).to_string(),
            "rating.stars",
        ),
        ("[\"<x>\"]".to_string(), "body"),
        ("\"<x>\"".to_string(), "body"),
        ("{\"route\": \"<x>".to_string(), "body"),
    ];
    for (body, field) in cases {
        let resp = post_raw(&app, &[("content-type", "application/json")], &body).await;
        assert_eq!(resp.status(), 400, "{body}");
        let v: Value = resp.json().await.expect("json");
        assert_eq!(v["field"], field, "{body}: {v}");
        for lang in ["zh", "en"] {
            let m = v[lang].as_str().expect("message");
            assert!(m.contains(field), "{body}: {m}");
            assert!(!m.contains("<x>") && !m.contains("five"), "{body}: {m}");
        }
    }
    assert!(app.ratings().is_empty());
    app.shutdown().await;
}

#[tokio::test]
async fn tags_are_checked_against_the_catalog_before_the_outbox() {
    let app = spawn_app().await;
    let (route, query) = demo_page("affair-hall");
    let tags = |stars: u8| {
        let app = &app;
        async move {
            let v: Value = app
                .get(&format!(
                    "/api/tags?appCode=cTPyv9r6&evalEntityCode=hallAffair&stars={stars}&type=1"
                ))
                .await
                .json()
                .await
                .expect("tags");
            v["tags"]
                .as_array()
                .expect("tags")
                .iter()
                .map(|t| t["id"].as_str().expect("id").to_string())
                .collect::<Vec<_>>()
        }
    };
    let five = tags(5).await;
    let one = tags(1).await;
    for bad in ["9999999999999999", "<img/src=x>", one[0].as_str()] {
        let resp = app
            .submit(&submission(&route, &query, 5, &[bad], ""), None)
            .await;
        assert_eq!(resp.status(), 400, "{bad}");
        let v: Value = resp.json().await.expect("json");
        assert_eq!(v["field"], "rating.tags", "{v}");
        assert!(!v.to_string().contains(bad), "{v}");
    }
    let outbox: i64 = app
        .state()
        .db
        .blocking(|c| Ok(c.query_row("SELECT COUNT(*) FROM outbox", [], |r| r.get(0))?))
        .expect("count");
    assert_eq!(outbox, 0, "nothing was kept for the platform to refuse");
    assert!(app.ratings().is_empty());
    let resp = app
        .submit(&submission(&route, &query, 5, &[&five[0]], ""), None)
        .await;
    assert_eq!(
        resp.status(),
        200,
        "{}",
        resp.text().await.unwrap_or_default()
    );
    app.shutdown().await;
}

/// A ticket with exactly these claims.
fn raw_ticket(claims: &Value) -> String {
    jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
        claims,
        &jsonwebtoken::EncodingKey::from_secret(TICKET_SECRET.as_bytes()),
    )
    .expect("ticket")
}

#[tokio::test]
async fn a_ticket_claim_problem_is_422_naming_the_claim_and_nbf_is_honoured() {
    let app = spawn_app().await;
    let (route, query) = demo_page("dynamic");
    let body = submission(&route, &query, 5, &[], "");
    let now = hcp_gateway::clock::now_secs();
    let demo = serde_json::to_value(hcp_gateway::sandbox::demo_data::demo_citizen(now, 3600))
        .expect("claims");
    let change = |k: &str, v: Value| {
        let mut c = demo.clone();
        c[k] = v;
        c
    };
    for (claims, claim) in [
        (change("userType", json!("1")), "userType"),
        (change("userType", json!(9)), "userType"),
        (change("certificateType", json!(12345)), "certificateType"),
        (change("exp", Value::Null), "exp"),
        (change("nbf", json!(now + 3600)), "nbf"),
        (change("userName", json!("王\u{202E}明")), "userName"),
    ] {
        let resp = app.submit(&body, Some(&raw_ticket(&claims))).await;
        assert_eq!(resp.status(), 422, "{claim}");
        let v: Value = resp.json().await.expect("json");
        assert_eq!(v["code"], "invalid_ticket", "{claim}");
        assert!(
            v["en"].as_str().is_some_and(|m| m.contains(claim)),
            "{claim}: {v}"
        );
    }
    assert!(
        app.ratings().is_empty(),
        "nothing out of range reached the platform"
    );
    // No iat, an nbf in the past: fine.
    let mut ok = change("nbf", json!(now - 60));
    ok.as_object_mut().expect("object").remove("iat");
    let resp = app.submit(&body, Some(&raw_ticket(&ok))).await;
    assert_eq!(
        resp.status(),
        200,
        "{}",
        resp.text().await.unwrap_or_default()
    );
    // Another secret is still a login problem (401), not a claim problem.
    let other = jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
        &demo,
        &jsonwebtoken::EncodingKey::from_secret(b"another-portal-secret-0123456789"),
    )
    .expect("ticket");
    assert_eq!(app.submit(&body, Some(&other)).await.status(), 401);
    app.shutdown().await;
}

#[tokio::test]
async fn direction_controls_are_refused_in_names_and_remarks() {
    let app = spawn_app().await;
    let (route, query) = demo_page("affair-hall");
    let named = PageLink::demo("affair-hall")
        .set_base64("userName", "王\u{202E}明小")
        .sign()
        .query();
    let resp = app
        .submit(&submission(&route, &named, 5, &[], ""), None)
        .await;
    assert_eq!(resp.status(), 400);
    let v: Value = resp.json().await.expect("json");
    assert_eq!(v["field"], "userName", "{v}");
    assert!(
        v["zh"].as_str().is_some_and(|m| m.contains("U+202E")),
        "{v}"
    );
    let resp = app
        .submit(&submission(&route, &query, 5, &[], "很好\u{2067}"), None)
        .await;
    assert_eq!(resp.status(), 400);
    assert_eq!(
        resp.json::<Value>().await.expect("json")["field"],
        "rating.remark"
    );
    assert!(app.ratings().is_empty());
    app.shutdown().await;
}

#[tokio::test]
async fn personal_answers_are_no_store_and_long_paths_are_404() {
    let app = spawn_app().await;
    let (route, query) = demo_page("affair-hall");
    let ok = app
        .submit(&submission(&route, &query, 5, &[], ""), None)
        .await;
    let bad = app
        .submit(&submission(&route, &query, 9, &[], ""), None)
        .await;
    for resp in [ok, bad] {
        assert_eq!(
            resp.headers()
                .get("cache-control")
                .and_then(|v| v.to_str().ok()),
            Some("no-store"),
            "{}",
            resp.status()
        );
    }
    for path in [
        format!("/{}", "a".repeat(256)),
        format!("/front/{}.js", "b".repeat(300)),
        format!("/{}/x", "c".repeat(4000)),
    ] {
        assert_eq!(app.get(&path).await.status(), 404, "{}", path.len());
    }
    // 255 is a name the file system can look for: an ordinary 404.
    assert_eq!(
        app.get(&format!("/{}", "d".repeat(255))).await.status(),
        404
    );
    app.shutdown().await;
}

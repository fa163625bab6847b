//! Rate limits, /healthz, /metrics (the tag catalogs: catalogs.rs).

use serde_json::Value;

use crate::support::*;

#[tokio::test]
async fn api_requests_beyond_the_burst_get_429() {
    let app = spawn_app_with(|a| {
        a.rate_limit_burst = Some(3);
        a.rate_limit_per_second = Some(1);
    })
    .await;
    let mut statuses = Vec::new();
    for _ in 0..6 {
        statuses.push(app.get("/api/halls").await.status().as_u16());
    }
    assert_eq!(&statuses[..3], &[200, 200, 200], "{statuses:?}");
    assert!(statuses[3..].contains(&429), "{statuses:?}");
    let resp = app.get("/api/halls").await;
    assert_eq!(resp.status(), 429);
    // When to come back: at one request a second, within a second or two.
    let retry: u64 = resp
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .expect("Retry-After in whole seconds");
    assert!((1..=2).contains(&retry), "{retry}");
    let v: Value = resp.json().await.expect("json");
    assert_eq!(v["code"], "rate_limited");
    assert!(
        v["zh"].as_str().is_some_and(|s| !s.is_empty())
            && v["en"].as_str().is_some_and(|s| !s.is_empty())
    );
    // Pages, health and metrics are not limited.
    assert_eq!(app.get("/healthz").await.status(), 200);
    assert_eq!(app.get("/guide/").await.status(), 200);
    app.shutdown().await;
}

#[tokio::test]
async fn healthz_and_metrics_report_the_state() {
    let app = spawn_app().await;
    let resp = app.get("/healthz").await;
    assert_eq!(resp.status(), 200);
    let v: Value = resp.json().await.expect("json");
    assert_eq!(v["status"], "ok");
    assert_eq!(v["database"], "ok");
    assert_eq!(v["outbox"]["pending"], 0);
    // No configuration: not the platform's address, not the mode.
    assert!(v.get("upstream").is_none(), "{v}");
    let text = v.to_string();
    let sandbox_port = app.sandbox_addr.port().to_string();
    assert!(
        !text.contains(&sandbox_port) && !text.contains("http"),
        "{text}"
    );

    let (route, query) = demo_page("affair-hall");
    assert_eq!(
        app.submit(&submission(&route, &query, 5, &[], ""), None)
            .await
            .status(),
        200
    );
    let _ = app
        .get("/api/tags?appCode=cTPyv9r6&evalEntityCode=hallAffair&stars=5&type=1")
        .await;
    let _ = app
        .get("/api/tags?appCode=cTPyv9r6&evalEntityCode=hallAffair&stars=5&type=1")
        .await;

    let resp = app.get("/metrics").await;
    assert_eq!(resp.status(), 200);
    assert!(
        resp.headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|t| t.starts_with("text/plain"))
    );
    let text = resp.text().await.expect("text");
    for needle in [
        "hcp_http_requests_total{method=\"POST\",route=\"/api/submit\",status=\"200\"} 1",
        "hcp_upstream_request_duration_seconds_bucket{interface=\"affair/eval\",outcome=\"ok\"",
        // The first list asked for brings the appCode's other catalogs (prefetch).
        "hcp_upstream_request_duration_seconds_count{interface=\"eval/tag/list\",outcome=\"ok\"}",
        "hcp_outbox_entries{state=\"delivered\"} 1",
        "hcp_outbox_entries{state=\"pending\"} 0",
        "hcp_outbox_deliveries_total{outcome=\"delivered\"} 1",
        "hcp_tag_cache_total{result=\"hit\"} 1",
    ] {
        assert!(text.contains(needle), "missing {needle} in:\n{text}");
    }
    // Routes are labelled by pattern; no query string or case number in labels.
    assert!(!text.contains("affairSerialNo"), "{text}");
    app.shutdown().await;
}

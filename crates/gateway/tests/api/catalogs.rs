//! Tag catalogs that survive an outage: fetched ahead of need for every
//! page kind and star level, kept in gateway.db, refreshed in the
//! background, served while the platform is down and after a restart
//! during the outage.

use hcp_gateway::Config;
use hcp_gateway::config::CommaList;
use hcp_sandbox::Faults;
use serde_json::{Value, json};

use crate::support::*;

/// The four catalogs the pages show: (evalEntityCode, type).
const PAGE_CATALOGS: [(&str, u8); 4] = [
    ("egovGuide", 1),
    ("egovAffair", 1),
    ("hallAffair", 1),
    ("hallAffair", 2),
];

async fn health(base: &str) -> Value {
    client()
        .get(format!("{base}/healthz"))
        .send()
        .await
        .expect("healthz")
        .json()
        .await
        .expect("json")
}

/// Waits until the gateway at `base` keeps `stored` catalogs, none missing.
async fn all_kept(base: &str, stored: u64) {
    let what = format!("{stored} catalogs kept, none missing");
    eventually_ok(20, &what, || async move {
        let h = health(base).await;
        if h["tagCatalogs"]["missing"] == 0 && h["tagCatalogs"]["stored"] == stored {
            Ok(())
        } else {
            Err(format!("catalogs not fetched: {h}"))
        }
    })
    .await;
}

/// Every page catalog of `app` at every star level, from the gateway at `base`.
async fn every_page_catalog(base: &str, app: &str) -> Vec<Value> {
    let http = client();
    let mut out = Vec::new();
    for (entity, ty) in PAGE_CATALOGS {
        for stars in 1..=5 {
            let resp = http
                .get(format!(
                    "{base}/api/tags?appCode={app}&evalEntityCode={entity}&stars={stars}&type={ty}"
                ))
                .send()
                .await
                .expect("tags");
            assert_eq!(resp.status(), 200, "{entity} {stars}★ type {ty}");
            let v: Value = resp.json().await.expect("json");
            assert!(
                v["tags"].as_array().is_some_and(|t| !t.is_empty()),
                "{entity} {stars}★ type {ty}: {v}"
            );
            out.push(v);
        }
    }
    out
}

#[tokio::test]
async fn every_page_catalog_is_prefetched_and_served_through_an_outage_and_a_restart() {
    let app_code = hcp_sandbox::demo::APP_CODE;
    let mut app = spawn_app_with(|a| a.app_codes = Some(CommaList(vec![app_code.into()]))).await;
    // Fetched at start, before any page asked: 4 catalogs × 5 star levels.
    all_kept(&app.base, 20).await;
    let before = every_page_catalog(&app.base, app_code).await;
    assert_ne!(before[0], before[4], "1★ and 5★ have their own tags");

    // The platform goes down: every star level still has its tags.
    app.stop_sandbox().await;
    let during = every_page_catalog(&app.base, app_code).await;
    assert_eq!(during, before);

    // The gateway restarts during the outage: gateway.db still has them.
    let gateway = app.gateway.take().expect("gateway");
    gateway.shutdown().await;
    let dir = app._dir.path().to_path_buf();
    let mut args = test_args(&dir, &format!("http://{}/ebus/ping/", app.sandbox_addr));
    args.app_codes = Some(CommaList(vec![app_code.into()]));
    let restarted = hcp_gateway::server::run(Config::resolve(args).expect("config"))
        .await
        .expect("restart");
    let base = restarted.base_url();
    all_kept(&base, 20).await;
    let after = every_page_catalog(&base, app_code).await;
    assert_eq!(after, before);
    let text = client()
        .get(format!("{base}/metrics"))
        .send()
        .await
        .expect("metrics")
        .text()
        .await
        .expect("text");
    assert!(
        text.contains("hcp_tag_catalogs{state=\"stored\"} 20"),
        "{text}"
    );
    assert!(
        text.contains("hcp_tag_catalogs{state=\"missing\"} 0"),
        "{text}"
    );
    // A catalog never fetched (an appCode first seen now) cannot be made up.
    let resp = client()
        .get(format!(
            "{base}/api/tags?appCode=other1&evalEntityCode=egovGuide&stars=5&type=1"
        ))
        .send()
        .await
        .expect("tags");
    assert_eq!(resp.status(), 502);
    assert_eq!(
        resp.json::<Value>().await.expect("json")["code"],
        "upstream"
    );
    restarted.shutdown().await;
    app.shutdown().await;
}

#[tokio::test]
async fn a_new_app_code_brings_all_its_catalogs_and_kept_ones_are_refreshed() {
    let app = spawn_app_with(|a| a.tags_ttl_secs = Some(1)).await;
    // Bad queries are refused naming the field, before any upstream call.
    let resp = app
        .get("/api/tags?appCode=newApp1&evalEntityCode=egovGuide&stars=9")
        .await;
    assert_eq!(resp.status(), 400);
    assert_eq!(resp.json::<Value>().await.expect("json")["field"], "stars");
    let resp = app.get("/api/tags?evalEntityCode=egovGuide&stars=5").await;
    assert_eq!(
        resp.json::<Value>().await.expect("json")["field"],
        "appCode"
    );
    let h: Value = app.get("/healthz").await.json().await.expect("json");
    assert_eq!(h["tagCatalogs"]["appCodes"], 0, "{h}");

    // One page of a new appCode asks for one list; the other 19 follow.
    let first: Value = app
        .get("/api/tags?appCode=newApp1&evalEntityCode=egovGuide&stars=5&type=1")
        .await
        .json()
        .await
        .expect("json");
    assert!(first.to_string().contains("材料范本非常规范"), "{first}");
    all_kept(&app.base, 20).await;
    // A list no page shows (appAffair, no type) is kept and refreshed too.
    let resp = app
        .get("/api/tags?appCode=newApp1&evalEntityCode=appAffair&stars=3")
        .await;
    assert_eq!(resp.status(), 200);
    all_kept(&app.base, 21).await;

    // Older than the TTL (1 s): fetched again in the background, all 21.
    let oldest = |app: &TestApp| -> i64 {
        app.state()
            .db
            .blocking(|c| {
                Ok(c.query_row("SELECT MIN(fetched_at) FROM tag_catalogs", [], |r| r.get(0))?)
            })
            .expect("fetched_at")
    };
    // Counted first, then the time: a fetch that ends after that time was
    // asked for after the count, or was in flight across it. The refresher
    // fetches one catalog at a time, so once every catalog has been fetched
    // after that time, the fetch in flight at the count is over; every
    // catalog fetched after a second time was asked for after the count.
    let nonces = app.nonces();
    for generation in ["once", "twice"] {
        let since = hcp_gateway::clock::now_ms();
        let what = format!("every kept catalog fetched {generation} after the count");
        eventually(20, &what, || oldest(&app) > since).await;
    }
    assert!(app.nonces() >= nonces + 21, "21 fetches at least");
    let text = app.get("/metrics").await.text().await.expect("metrics");
    assert!(
        text.contains("hcp_tag_refresh_total{outcome=\"ok\"}"),
        "{text}"
    );
    app.shutdown().await;
}

#[tokio::test]
async fn sandbox_mode_switches_the_embedded_platform_into_an_outage_and_pages_keep_their_tags() {
    let dir = tempfile::tempdir().expect("tempdir");
    fake_widget(&dir.path().join("widget"));
    let mut args = test_args(dir.path(), "sandbox");
    args.paas_id = None;
    args.paas_token = None;
    args.des_key = None;
    let gw = hcp_gateway::server::run(Config::resolve(args).expect("config"))
        .await
        .expect("gateway");
    let base = gw.base_url();
    let http = client();
    // The demo appCode's catalogs are fetched at start.
    all_kept(&base, 20).await;
    let shown: Value = http
        .get(format!("{base}/dev/sandbox"))
        .send()
        .await
        .expect("get")
        .json()
        .await
        .expect("json");
    assert!(
        shown["baseUrl"]
            .as_str()
            .is_some_and(|u| u.starts_with("http://127.0.0.1:") && u.ends_with("/ebus/ping/")),
        "{shown}"
    );
    assert_eq!(shown["state"]["faults"]["failFraction"], 0.0, "{shown}");

    let resp = http
        .put(format!("{base}/dev/sandbox/faults"))
        .json(&json!({"failFraction": 1}))
        .send()
        .await
        .expect("put");
    assert_eq!(resp.status(), 200);
    every_page_catalog(&base, hcp_sandbox::demo::APP_CODE).await;
    // The platform really is down: an unknown list is not there.
    let resp = http
        .get(format!(
            "{base}/api/tags?appCode=nowhere1&evalEntityCode=egovGuide&stars=1&type=1"
        ))
        .send()
        .await
        .expect("tags");
    assert_eq!(resp.status(), 502);
    let resp = http
        .put(format!("{base}/dev/sandbox/faults"))
        .json(&json!({"failFraction": 3}))
        .send()
        .await
        .expect("put");
    assert_eq!(resp.status(), 400);
    assert!(resp.text().await.expect("text").contains("failFraction"));
    let state = gw
        .sandbox()
        .expect("embedded sandbox")
        .sandbox()
        .fault_state();
    assert_eq!(state.faults.fail_fraction, 1.0);
    assert!(state.counts.failed >= 1);
    gw.sandbox()
        .expect("sandbox")
        .sandbox()
        .set_faults(Faults::NONE)
        .expect("faults");
    gw.shutdown().await;

    // Not in remote mode.
    let app = spawn_app().await;
    assert_eq!(app.get("/dev/sandbox").await.status(), 404);
    app.shutdown().await;
}

//! The sandbox, called directly, refuses what the province would: a tampered
//! signature, a stale timestamp, a replayed nonce (code 3). The gateway's own
//! requests pass (every other test).

use hcp_gateway::clock::now_secs;
use hcp_protocol::upstream::{Envelope, path};
use serde_json::Value;

use crate::support::*;

async fn call(app: &TestApp, headers: &[(&'static str, String)]) -> Envelope<Value> {
    let sandbox = app.sandbox.as_ref().expect("sandbox");
    let mut req = app.client.get(format!(
        "{}{}?appCode=cTPyv9r6&evalEntityCode=egovGuide&generalStars=5",
        sandbox.base_url(),
        path::TAG_LIST
    ));
    for (k, v) in headers {
        req = req.header(*k, v);
    }
    req.send()
        .await
        .expect("send")
        .json()
        .await
        .expect("envelope")
}

#[tokio::test]
async fn tampered_stale_and_replayed_requests_are_refused() {
    let app = spawn_app().await;
    let token = hcp_sandbox::dev::PAAS_TOKEN;
    let now = now_secs();

    let good = rio_headers(now, "nonce-good-1", token);
    assert_eq!(call(&app, &good).await.code, 0);

    // Replayed nonce (same headers again, still fresh).
    let replay = call(&app, &good).await;
    assert_eq!(replay.code, 3, "{}", replay.message);
    assert!(replay.message.contains("nonce"), "{}", replay.message);

    // Tampered signature.
    let mut tampered = rio_headers(now, "nonce-tampered", token);
    if let Some(sig) = tampered.iter_mut().find(|(k, _)| *k == "x-rio-signature") {
        let mut s = sig.1.clone();
        let last = if s.ends_with('0') { '1' } else { '0' };
        s.pop();
        s.push(last);
        sig.1 = s;
    }
    let r = call(&app, &tampered).await;
    assert_eq!(r.code, 3, "{}", r.message);

    // Signed with the wrong token.
    let r = call(
        &app,
        &rio_headers(now, "nonce-wrong-token", "not-the-token"),
    )
    .await;
    assert_eq!(r.code, 3);

    // Stale timestamp (signature correct for it).
    let r = call(&app, &rio_headers(now - 600, "nonce-stale", token)).await;
    assert_eq!(r.code, 3, "{}", r.message);
    assert!(r.message.contains("180"), "{}", r.message);

    // No headers at all.
    assert_eq!(call(&app, &[]).await.code, 3);
    app.shutdown().await;
}

#[tokio::test]
async fn the_gateway_signs_every_request_with_a_fresh_nonce() {
    let app = spawn_app().await;
    let ticket = demo_ticket();
    for name in ["dynamic", "dynamic-gd", "affair-online"] {
        let (route, query) = demo_page(name);
        let resp = app
            .submit(&submission(&route, &query, 5, &[], ""), Some(&ticket))
            .await;
        assert_eq!(resp.status(), 200);
    }
    let ratings = app.ratings();
    let mut nonces: Vec<&str> = ratings.iter().map(|r| r.rio.nonce.as_str()).collect();
    nonces.sort_unstable();
    nonces.dedup();
    assert_eq!(nonces.len(), 3);
    app.shutdown().await;
}

//! The x-rio guard: every interface refuses unsigned, mis-signed, stale and
//! replayed requests with code 3 and a message saying what failed.

use hcp_protocol::sign::header;
use hcp_protocol::upstream::path;
use hcp_sandbox::dev;
use serde_json::{Value, json};

use super::helpers::*;
use super::seed;

const TAGS: &[(&str, &str)] = &[
    ("appCode", "egovHcp"),
    ("evalEntityCode", "egovGuide"),
    ("generalStars", "5"),
];

/// Every interface, with a body that would be accepted (POST) or None (GET).
fn interfaces() -> Vec<(&'static str, Option<Value>)> {
    vec![
        (path::TAG_LIST, None),
        (path::HALLWORKER_EVAL, Some(seed::hallworker_eval())),
        (path::AFFAIR_EVAL, Some(seed::affair_eval())),
        (path::MULTI_EVAL, Some(seed::multi_eval())),
        (path::ONETHING_EVAL, Some(seed::onething_eval())),
        (path::GUIDE_EVAL, Some(seed::guide_eval())),
        (path::DETAIL_LIST, None),
        (path::DETAIL_LIST_BY_TIME, None),
        (path::DETAIL, None),
        (path::GUIDE_EVAL, None),
        (path::HALLWORKERS, None),
        (path::EVAL_VALIDITY, Some(seed::eval_validity())),
        (path::EVAL_PROCESS, Some(seed::eval_process())),
    ]
}

fn unsigned() -> Rio {
    Rio {
        paasid: None,
        timestamp: None,
        nonce: None,
        signature: None,
    }
}

async fn call(s: &TestSandbox, p: &str, body: &Option<Value>, rio: &Rio) -> Value {
    match body {
        Some(b) => s.post_with(p, b, rio).await,
        None => s.get_with(p, TAGS, rio).await,
    }
}

#[tokio::test]
async fn all_thirteen_interfaces_refuse_unsigned_requests() {
    let s = spawn_sandbox().await;
    let list = interfaces();
    assert_eq!(list.len(), 13);
    for (p, body) in &list {
        let answer = call(&s, p, body, &unsigned()).await;
        assert_eq!(
            answer,
            json!({"code": 3, "message": "验签失败：缺少请求头 x-rio-paasid", "data": null}),
            "{p}"
        );
    }
    assert!(s.ratings().is_empty());
    assert_eq!(s.handle.sandbox().remembered_nonces().expect("nonces"), 0);
}

#[tokio::test]
async fn each_missing_header_is_named() {
    let s = spawn_sandbox().await;
    for name in [
        header::PAASID,
        header::TIMESTAMP,
        header::NONCE,
        header::SIGNATURE,
    ] {
        let mut rio = Rio::signed();
        match name {
            header::PAASID => rio.paasid = None,
            header::TIMESTAMP => rio.timestamp = None,
            header::NONCE => rio.nonce = None,
            _ => rio.signature = None,
        }
        let answer = s
            .post_with(path::AFFAIR_EVAL, &seed::affair_eval(), &rio)
            .await;
        assert_code(&answer, 3);
        assert_eq!(
            answer["message"],
            format!("验签失败：缺少请求头 {name}"),
            "{name}"
        );
        // An empty value counts as missing.
        let mut rio = Rio::signed();
        match name {
            header::PAASID => rio.paasid = Some(String::new()),
            header::TIMESTAMP => rio.timestamp = Some(String::new()),
            header::NONCE => rio.nonce = Some(String::new()),
            _ => rio.signature = Some(String::new()),
        }
        let answer = s.get_with(path::TAG_LIST, TAGS, &rio).await;
        assert_code(&answer, 3);
    }
    assert!(s.ratings().is_empty());
}

#[tokio::test]
async fn a_tampered_signature_is_refused_and_stores_nothing() {
    let s = spawn_sandbox().await;
    let mut rio = Rio::signed();
    let sig = rio.signature.clone().unwrap_or_default();
    let flipped = if sig.ends_with('A') { 'B' } else { 'A' };
    rio.signature = Some(format!("{}{flipped}", &sig[..sig.len() - 1]));
    let answer = s
        .post_with(path::AFFAIR_EVAL, &seed::affair_eval(), &rio)
        .await;
    assert_eq!(
        answer,
        json!({"code": 3, "message": "验签失败：签名不正确", "data": null})
    );
    assert!(s.ratings().is_empty());

    // Signed with another token.
    let rio = Rio::signed_with(dev::PAAS_ID, "some-other-token", now());
    let answer = s
        .post_with(path::AFFAIR_EVAL, &seed::affair_eval(), &rio)
        .await;
    assert_eq!(answer["message"], "验签失败：签名不正确");

    // A signature over a different nonce.
    let mut rio = Rio::signed();
    rio.nonce = Some(nonce());
    assert_eq!(s.get_with(path::TAG_LIST, TAGS, &rio).await["code"], 3);

    // The same request correctly signed is accepted.
    assert_code(&s.post(path::AFFAIR_EVAL, &seed::affair_eval()).await, 0);
    assert_eq!(s.ratings().len(), 1);
}

#[tokio::test]
async fn a_lowercase_signature_is_the_same_signature() {
    let s = spawn_sandbox().await;
    let mut rio = Rio::signed();
    rio.signature = rio.signature.map(|s| s.to_lowercase());
    assert_code(&s.get_with(path::TAG_LIST, TAGS, &rio).await, 0);
}

#[tokio::test]
async fn timestamps_more_than_180_seconds_away_are_refused() {
    let s = spawn_sandbox().await;
    let stale =
        json!({"code": 3, "message": "验签失败：时间戳与当前时间相差超过180秒", "data": null});
    for skew in [181, -181, 3600, -86_400] {
        let answer = s
            .get_with(path::TAG_LIST, TAGS, &Rio::signed_at(skew))
            .await;
        assert_eq!(answer, stale, "skew {skew}");
    }
    for skew in [170, -170, 0] {
        let answer = s
            .get_with(path::TAG_LIST, TAGS, &Rio::signed_at(skew))
            .await;
        assert_code(&answer, 0);
    }
    for bad in [
        "not-a-number",
        "-9223372036854775808",
        "99999999999999999999999",
    ] {
        let mut rio = Rio::signed();
        rio.timestamp = Some(bad.to_string());
        let answer = s.get_with(path::TAG_LIST, TAGS, &rio).await;
        assert_eq!(answer, stale, "timestamp {bad}");
    }
}

#[tokio::test]
async fn an_unknown_paasid_is_refused() {
    let s = spawn_sandbox().await;
    let rio = Rio::signed_with("someone-else", dev::PAAS_TOKEN, now());
    let answer = s.get_with(path::TAG_LIST, TAGS, &rio).await;
    assert_eq!(
        answer,
        json!({"code": 3, "message": "验签失败：未知的应用标识 x-rio-paasid", "data": null})
    );
}

#[tokio::test]
async fn a_replayed_nonce_is_refused_on_any_interface() {
    let s = spawn_sandbox().await;
    let rio = Rio::signed();
    assert_code(&s.get_with(path::TAG_LIST, TAGS, &rio).await, 0);
    let replay = s.get_with(path::TAG_LIST, TAGS, &rio).await;
    assert_eq!(
        replay,
        json!({"code": 3, "message": "验签失败：x-rio-nonce 在十分钟内已使用过（重放请求）", "data": null})
    );
    // The same headers on a rating do not get it stored.
    let answer = s
        .post_with(path::AFFAIR_EVAL, &seed::affair_eval(), &rio)
        .await;
    assert_code(&answer, 3);
    assert!(s.ratings().is_empty());
}

#[tokio::test]
async fn a_refused_signature_does_not_use_up_the_nonce() {
    let s = spawn_sandbox().await;
    let good = Rio::signed();
    let mut bad = good.clone();
    bad.signature = Some("0".repeat(64));
    assert_code(&s.get_with(path::TAG_LIST, TAGS, &bad).await, 3);
    assert_code(&s.get_with(path::TAG_LIST, TAGS, &good).await, 0);
}

#[tokio::test]
async fn nonces_survive_a_restart() {
    let first = spawn_sandbox().await;
    let db = first.dir.path().join("sandbox").join("sandbox.db");
    let rio = Rio::signed();
    assert_code(
        &first
            .post_with(path::AFFAIR_EVAL, &seed::affair_eval(), &rio)
            .await,
        0,
    );
    let TestSandbox { handle, dir, .. } = first;
    handle.shutdown().await;

    let second = spawn_configured(|c| c.db_path = db.clone()).await;
    let mut body = seed::affair_eval();
    set(&mut body, "evalProcess", json!(1));
    let replay = second.post_with(path::AFFAIR_EVAL, &body, &rio).await;
    assert_code(&replay, 3);
    assert!(
        replay["message"]
            .as_str()
            .is_some_and(|m| m.contains("x-rio-nonce")),
        "{replay}"
    );
    // The rating stored before the restart is still there; the replay added nothing.
    assert_eq!(second.ratings().len(), 1);
    drop(dir);
}

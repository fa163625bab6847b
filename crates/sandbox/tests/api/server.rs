//! The server itself: its base URL, a slow upstream, shutdown, unknown paths,
//! and the standalone binary.

use std::time::{Duration, Instant};

use hcp_protocol::upstream::path;
use serde_json::Value;
use tokio::io::{AsyncBufReadExt, BufReader};

use super::helpers::*;
use super::seed;

const TAGS: &[(&str, &str)] = &[
    ("appCode", "egovHcp"),
    ("evalEntityCode", "egovGuide"),
    ("generalStars", "5"),
];

#[tokio::test]
async fn base_url_is_loopback_with_the_platform_prefix() {
    let s = spawn_sandbox().await;
    let url = s.handle.base_url();
    assert_eq!(
        url,
        format!("http://127.0.0.1:{}/ebus/ping/", s.handle.addr().port())
    );
    assert!(
        s.dir.path().join("sandbox").join("sandbox.db").exists(),
        "the store is where the config says"
    );
}

#[tokio::test]
async fn latency_delays_every_answer_and_a_client_that_gives_up_leaves_nothing() {
    let s = spawn_configured(|c| c.latency = Duration::from_millis(700)).await;
    let impatient = reqwest::Client::builder()
        .timeout(Duration::from_millis(150))
        .build()
        .expect("client");
    let req = impatient
        .post(s.url(path::AFFAIR_EVAL))
        .json(&seed::affair_eval());
    let sent = Rio::signed().apply(req).send().await;
    assert!(sent.is_err(), "the answer took longer than 150 ms");

    // A patient client gets its answer, late. Its request started after the
    // impatient one's, so had that one been stored (its latency ran out
    // first), it would be there by now: one rating means it was not.
    let started = Instant::now();
    let answer = s.post(path::AFFAIR_EVAL, &seed::affair_eval()).await;
    assert_code(&answer, 0);
    assert!(started.elapsed() >= Duration::from_millis(700));
    assert_eq!(
        s.ratings().len(),
        1,
        "only the patient client's rating: nothing stored for the one that left"
    );
}

#[tokio::test]
async fn latency_delivers_a_late_rating_from_a_client_that_waited() {
    // The gateway's deadline case: a client that waits long enough gets code 0,
    // and a retry after a lost answer gets -1 请勿重复评价.
    let s = spawn_configured(|c| c.latency = Duration::from_millis(300)).await;
    assert_code(&s.post(path::AFFAIR_EVAL, &seed::affair_eval()).await, 0);
    let retry = s.post(path::AFFAIR_EVAL, &seed::affair_eval()).await;
    assert_eq!(retry["code"], -1);
}

#[tokio::test]
async fn shutdown_stops_serving() {
    let s = spawn_sandbox().await;
    let url = s.url(path::TAG_LIST);
    assert_code(&s.get(path::TAG_LIST, TAGS).await, 0);
    let TestSandbox { handle, client, .. } = s;
    handle.shutdown().await;
    let fresh = reqwest::Client::new();
    assert!(fresh.get(&url).send().await.is_err());
    drop(client);
}

#[tokio::test]
async fn unknown_paths_and_methods_are_not_interfaces() {
    let s = spawn_sandbox().await;
    let res = s
        .client
        .get(s.url("no/such/interface"))
        .send()
        .await
        .expect("send");
    assert_eq!(res.status(), 404);
    // A signed GET of a POST interface passes the guard, then is the wrong method.
    let res = Rio::signed()
        .apply(s.client.get(s.url(path::AFFAIR_EVAL)))
        .send()
        .await
        .expect("send");
    assert_eq!(res.status(), 405);
}

#[tokio::test]
async fn the_binary_prints_its_base_url_and_serves() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_hcp-sandbox"))
        .args(["--listen", "127.0.0.1:0", "--data-dir"])
        .arg(dir.path().join("data"))
        .env("RUST_LOG", "info")
        .stderr(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("start hcp-sandbox");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines();
    let line = tokio::time::timeout(Duration::from_secs(30), lines.next_line())
        .await
        .expect("printed in time")
        .expect("read")
        .expect("a line");
    assert!(
        line.starts_with("http://127.0.0.1:") && line.ends_with("/ebus/ping/"),
        "{line}"
    );
    let url =
        reqwest::Url::parse_with_params(&format!("{line}{}", path::TAG_LIST), TAGS).expect("url");
    let answer: Value = Rio::signed()
        .apply(reqwest::Client::new().get(url))
        .send()
        .await
        .expect("send")
        .json()
        .await
        .expect("json");
    assert_eq!(answer, seed::tag_list_answer());
    assert!(dir.path().join("data").join("sandbox.db").exists());
    child.kill().await.expect("stop hcp-sandbox");
}

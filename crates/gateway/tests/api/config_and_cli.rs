//! The binary refuses to start when it must, and says why.

use crate::support::*;

#[tokio::test]
async fn remote_mode_without_secrets_refuses_to_start_naming_each_variable() {
    let dir = tempfile::tempdir().expect("tempdir");
    let env = ChildEnv::empty()
        .set("HCP_UPSTREAM", "https://gw.example.gov.cn/prorio/ebus/ping")
        .set("HCP_DATA_DIR", dir.path().display());
    let out = run_binary(&env, &["serve"]).await;
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    for var in [
        "HCP_PAAS_ID",
        "HCP_PAAS_TOKEN",
        "HCP_DES_KEY",
        "HCP_TICKET_SECRET",
        "HCP_LOGIN_URL",
    ] {
        assert!(err.contains(var), "{var} not named in:\n{err}");
    }
    assert!(out.stdout.is_empty());

    // Some given, one wrong: only the rest are named, and the wrong one explained.
    let env = env
        .set("HCP_PAAS_ID", "pid")
        .set("HCP_DES_KEY", "too-long-for-des")
        .set("HCP_ALLOWED_ORIGINS", "https://portal.example/with/path");
    let out = run_binary(&env, &[]).await;
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !err.contains("HCP_PAAS_ID,") && !err.contains(": HCP_PAAS_ID"),
        "{err}"
    );
    assert!(err.contains("HCP_DES_KEY:"), "{err}");
    assert!(err.contains("HCP_ALLOWED_ORIGINS"), "{err}");
    // Secret values are never echoed.
    assert!(!err.contains("too-long-for-des"), "{err}");
}

#[tokio::test]
async fn a_missing_widget_build_fails_loudly() {
    let dir = tempfile::tempdir().expect("tempdir");
    let env = ChildEnv::empty()
        .set("HCP_DATA_DIR", dir.path().join("data").display())
        .set("HCP_WIDGET_DIR", dir.path().join("no-dist").display())
        .set("HCP_LISTEN", "127.0.0.1:0");
    let out = run_binary(&env, &[]).await;
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("make widget"), "{err}");
}

#[tokio::test]
async fn help_lists_every_setting_with_its_variable() {
    let out = run_binary(&ChildEnv::empty(), &["--help"]).await;
    let text = String::from_utf8_lossy(&out.stdout);
    for var in [
        "HCP_LISTEN",
        "HCP_UPSTREAM",
        "HCP_PAAS_ID",
        "HCP_PAAS_TOKEN",
        "HCP_DES_KEY",
        "HCP_TICKET_SECRET",
        "HCP_ALLOWED_ORIGINS",
        "HCP_DATA_DIR",
        "HCP_LOGIN_URL",
        "HCP_WIDGET_DIR",
        "HCP_PUSH_SECRET",
        "HCP_CONFIG",
    ] {
        assert!(text.contains(var), "{var} missing from --help:\n{text}");
    }
}

/// A gateway in sandbox mode (the defaults) with its data and the fake widget in `dir`.
fn sandbox_mode(dir: &std::path::Path) -> ChildEnv {
    fake_widget(&dir.join("widget"));
    ChildEnv::empty()
        .set("HCP_DATA_DIR", dir.join("data").display())
        .set("HCP_WIDGET_DIR", dir.join("widget").display())
        .set("HCP_LISTEN", "127.0.0.1:0")
}

/// `serve` handles SIGTERM from before it listens: a supervisor's stop the
/// moment the listen line is out (here: before the demo links are printed)
/// is a graceful shutdown, not the default end of the process.
#[tokio::test]
async fn sigterm_from_the_listen_line_on_is_a_graceful_stop() {
    let dir = tempfile::tempdir().expect("tempdir");
    let env = sandbox_mode(dir.path());
    let gw = ChildGateway::start(&env).await;
    assert!(
        gw.catches_sigterm(),
        "no SIGTERM handler once the listen line is out:\n{}",
        gw.output()
    );
    let status = gw.stop().await;
    assert!(status.success(), "{status:?}");
}

#[tokio::test]
async fn sandbox_mode_prints_one_link_per_page() {
    let dir = tempfile::tempdir().expect("tempdir");
    let env = sandbox_mode(dir.path());
    let mut gw = ChildGateway::start(&env).await;
    gw.wait_for("the demo links", |o| o.contains("dynamic-gd"))
        .await;
    let out = gw.output();
    let http = client();
    for name in [
        "guide",
        "affair-online",
        "affair-hall",
        "batch",
        "consult-online",
        "consult-hall",
        "dynamic",
        "dynamic-gd",
    ] {
        let line = out
            .lines()
            .find(|l| l.trim_start().starts_with(&format!("{name} ")))
            .unwrap_or_else(|| panic!("no link for {name}:\n{out}"));
        let url = line.split_whitespace().nth(1).expect("url");
        assert!(url.starts_with(&gw.base), "{url}");
        let resp = http.get(url).send().await.expect("page");
        assert_eq!(resp.status(), 200, "{name}");
    }
    // The test entry (sandbox mode only): its own HTML, with the config block,
    // and a CSP that allows its own inline script, not the rating entry's.
    let resp = http
        .get(format!("{}/test/codec/", gw.base))
        .send()
        .await
        .expect("test entry");
    assert_eq!(resp.status(), 200);
    let csp = resp
        .headers()
        .get("content-security-policy")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let hash = |s: &str| {
        use base64::Engine as _;
        use sha2::Digest as _;
        base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(s.as_bytes()))
    };
    assert!(csp.contains(&hash(TEST_ENTRY_SCRIPT)), "{csp}");
    assert!(!csp.contains(&hash(INLINE_SCRIPT)), "{csp}");
    let html = resp.text().await.expect("html");
    assert!(html.contains(TEST_ENTRY_SCRIPT), "{html}");
    assert!(html.contains("hcp-config"), "{html}");
    let resp = http
        .get(format!("{}/test/codec?x=1", gw.base))
        .send()
        .await
        .expect("redirect");
    assert_eq!(resp.status(), 308);
    gw.kill9().await;
}

//! Filling the case and hall directories: the seed-004-signed push API and
//! the `import` command.

use hcp_gateway::db::now_secs;
use hcp_gateway::directory;
use hcp_protocol::decode::encode_base64;
use hcp_protocol::sign::md5_param_signature;
use serde_json::{Value, json};

use crate::helpers::*;

fn signed_form(timestamp: i64, nonce: &str, data: &str, secret: &str) -> String {
    let ts = timestamp.to_string();
    let params = [
        ("appcode", "hcp-directory"),
        ("modulecode", "directory"),
        ("timestamp", ts.as_str()),
        ("nonce", nonce),
    ];
    let sign = md5_param_signature(params.iter().copied(), secret);
    let mut s = form_urlencoded::Serializer::new(String::new());
    for (k, v) in params {
        s.append_pair(k, v);
    }
    s.append_pair("sign", &sign);
    s.append_pair("data", data);
    s.finish()
}

async fn push(app: &TestApp, which: &str, form: String) -> (u16, Value) {
    let resp = app
        .client
        .post(format!("{}/api/directory/{which}", app.base))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form)
        .send()
        .await
        .expect("push");
    let status = resp.status().as_u16();
    (status, resp.json().await.expect("json"))
}

const NEW_CASE: &str = "210000-210100777000-20250601090000001";

fn case_data() -> String {
    json!([{
        "affairSerialNo": NEW_CASE,
        "affairCode": "11210000001099777A2210100777000",
        "affairName": "新推送的事项",
        "departmentCode": "11210000001099777A",
        "departmentName": "推送测试局",
        "affairDealOfficer": "推送员",
        "affairApplyTime": "20250601090000",
        "affairDoneTime": "20250602090000"
    }])
    .to_string()
}

fn find(app: &TestApp, serial: &'static str) -> Option<directory::CaseRecord> {
    app.state()
        .db
        .blocking(move |c| Ok(directory::find_case(c, serial)?))
        .expect("db")
}

#[tokio::test]
async fn push_api_checks_signature_time_and_nonce_then_stores() {
    let app = spawn_app().await;
    let now = now_secs();
    let data = case_data();

    let (status, v) = push(
        &app,
        "cases",
        signed_form(now, "n-bad-sign", &data, "wrong-secret"),
    )
    .await;
    assert_eq!((status, v["status"].as_str()), (403, Some("302")), "{v}");
    assert!(
        v["msg"]
            .as_str()
            .is_some_and(|m| m.contains("接口没有权限")),
        "{v}"
    );

    let (status, v) = push(
        &app,
        "cases",
        signed_form(now - 1000, "n-stale", &data, PUSH_SECRET),
    )
    .await;
    assert_eq!((status, v["status"].as_str()), (400, Some("300")), "{v}");
    assert!(find(&app, NEW_CASE).is_none());

    // Tampered after signing: a different timestamp than the one signed.
    let form = signed_form(now, "n-tamper", &data, PUSH_SECRET).replace(
        &format!("timestamp={now}"),
        &format!("timestamp={}", now + 1),
    );
    let (_, v) = push(&app, "cases", form).await;
    assert_eq!(v["status"], "302", "{v}");

    let good = signed_form(now, "n-good-1", &data, PUSH_SECRET);
    let (status, v) = push(&app, "cases", good.clone()).await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v, json!({"status": "200", "msg": "提交成功"}));
    let stored = find(&app, NEW_CASE).expect("stored");
    assert_eq!(stored.affair_deal_officer, "推送员");

    let (status, v) = push(&app, "cases", good).await;
    assert_eq!(
        (status, v["status"].as_str()),
        (400, Some("300")),
        "replayed nonce: {v}"
    );
    assert!(
        v["msg"].as_str().is_some_and(|m| m.contains("nonce")),
        "{v}"
    );

    // Invalid records: refused whole, naming record index and field.
    let bad = json!([
        {"affairSerialNo": "210000-1-2", "affairCode": "C", "affairName": "n", "departmentCode": "D",
         "affairDealOfficer": "o", "affairApplyTime": "20250101000000"},
        {"affairSerialNo": "210000-1-3", "affairName": "n", "departmentCode": "D",
         "affairDealOfficer": "o", "affairApplyTime": "2025"}
    ])
    .to_string();
    let (status, v) = push(
        &app,
        "cases",
        signed_form(now, "n-bad-data", &bad, PUSH_SECRET),
    )
    .await;
    assert_eq!(status, 400, "{v}");
    let msg = v["msg"].as_str().expect("msg");
    assert!(
        msg.contains("data[1]") && msg.contains("affairCode") && msg.contains("affairApplyTime"),
        "{msg}"
    );
    assert!(find(&app, "210000-1-2").is_none(), "all or nothing");

    // Halls.
    let halls = json!([{"hallCode": "77777777777777777", "hallName": "推送大厅",
        "workers": [{"workNo": "0001", "name": "推送员甲"}]}])
    .to_string();
    let (status, v) = push(
        &app,
        "halls",
        signed_form(now, "n-halls", &halls, PUSH_SECRET),
    )
    .await;
    assert_eq!(status, 200, "{v}");
    let listed: Value = app.get("/api/halls").await.json().await.expect("halls");
    let hall = listed["halls"]
        .as_array()
        .expect("halls")
        .iter()
        .find(|h| h["hallCode"] == "77777777777777777")
        .expect("pushed hall listed")
        .clone();
    assert_eq!(hall["workers"][0]["name"], "推送员甲");

    // Missing parameters.
    let (status, v) = push(&app, "cases", "appcode=hcp-directory".to_string()).await;
    assert_eq!((status, v["status"].as_str()), (400, Some("300")), "{v}");

    // The pushed case can now be rated.
    let ticket = demo_ticket();
    let q = format!(
        "appCode=cTPyv9r6&channel=web&evalEntityCode=egovAffair&evalProcess=2&affairName={}&affairSerialNo={}&departmentCode={}",
        encode_base64("新推送的事项"),
        encode_base64(NEW_CASE),
        encode_base64("11210000001099777A")
    );
    let resp = app
        .submit(&submission("/front/pc/", &q, 5, &[], ""), Some(&ticket))
        .await;
    assert_eq!(
        resp.status(),
        200,
        "{}",
        resp.text().await.unwrap_or_default()
    );
    let r = app
        .ratings()
        .into_iter()
        .find(|r| r.affair_serial_no.as_deref() == Some(NEW_CASE))
        .expect("rating");
    assert_eq!(r.affair_deal_officer.as_deref(), Some("推送员"));
    assert_eq!(r.department_name.as_deref(), Some("推送测试局"));
    app.shutdown().await;
}

#[tokio::test]
async fn import_command_reads_csv_and_json_and_reports_bad_rows_by_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    let env = vec![("HCP_DATA_DIR".to_string(), data.display().to_string())];

    let csv = dir.path().join("cases.csv");
    std::fs::write(
        &csv,
        "affairSerialNo,affairCode,affairName,departmentCode,departmentName,affairDealOfficer,affairApplyTime,affairDoneTime\n\
         210000-9-1,C9,事项一,D9,部门九,张三,20250101090000,20250102090000\n\
         210000-9-2,C9,事项二,D9,部门九,,20250101090000,\n\
         210000-9-3,C9,事项三,D9,部门九,李四,20250101090000,\n",
    )
    .expect("csv");
    let out = run_binary(&env, &["import", csv.to_str().expect("path")]).await;
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert_eq!(
        out.status.code(),
        Some(1),
        "bad rows make the exit code 1: {text}"
    );
    assert!(text.contains("imported 2 cases"), "{text}");
    assert!(text.contains("1 rows refused"), "{text}");
    assert!(
        text.contains("line 3") && text.contains("affairDealOfficer"),
        "{text}"
    );

    let json_file = dir.path().join("halls.json");
    std::fs::write(
        &json_file,
        r#"[{"hallCode": 88888888888888888, "hallName": "导入大厅", "workers": [{"workNo": "01", "name": "甲"}, {"workNo": "02", "name": "乙"}]}]"#,
    )
    .expect("json");
    let out = run_binary(&env, &["import", json_file.to_str().expect("path")]).await;
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("imported 1 halls (2 workers)"), "{text}");

    let db = open_db(&data);
    let (case, worker) = db
        .blocking(|c| {
            Ok((
                directory::find_case(c, "210000-9-3")?,
                directory::worker_name(c, "88888888888888888", "02")?,
            ))
        })
        .expect("db");
    assert_eq!(case.map(|c| c.affair_deal_officer).as_deref(), Some("李四"));
    assert_eq!(worker.as_deref(), Some("乙"));

    let junk = dir.path().join("junk.csv");
    std::fs::write(&junk, "a,b\n1,2\n").expect("junk");
    let out = run_binary(&env, &["import", junk.to_str().expect("path")]).await;
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("affairSerialNo"));
}

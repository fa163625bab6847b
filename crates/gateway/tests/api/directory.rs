//! Filling the case and hall directories: the seed-004-signed push API and
//! the `import` command.

use hcp_gateway::clock::now_secs;
use hcp_gateway::directory::cases;
use hcp_gateway::directory::halls;
use hcp_gateway::directory::records;

use hcp_protocol::decode::encode_base64;
use serde_json::{Value, json};

use crate::support::*;

async fn push(app: &TestApp, which: &str, form: impl Into<reqwest::Body>) -> (u16, Value) {
    let resp = post_form(&app.base, &format!("/api/directory/{which}"), form).await;
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

fn find(app: &TestApp, serial: &'static str) -> Option<records::CaseRecord> {
    app.state()
        .db
        .blocking(move |c| cases::find_case(c, serial))
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
        PushForm::signed(&data, now, "n-bad-sign", "wrong-secret"),
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
        PushForm::signed(&data, now - 1000, "n-stale", PUSH_SECRET),
    )
    .await;
    assert_eq!((status, v["status"].as_str()), (400, Some("300")), "{v}");
    assert!(find(&app, NEW_CASE).is_none());

    // Tampered after signing: a different timestamp than the one signed.
    let form = PushForm::signed(&data, now, "n-tamper", PUSH_SECRET).set("timestamp", now + 1);
    let (_, v) = push(&app, "cases", form).await;
    assert_eq!(v["status"], "302", "{v}");

    let good = PushForm::signed(&data, now, "n-good-1", PUSH_SECRET);
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
        PushForm::signed(&bad, now, "n-bad-data", PUSH_SECRET),
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
        PushForm::signed(&halls, now, "n-halls", PUSH_SECRET),
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
    let (status, v) = push(&app, "cases", PushForm::of(&[("appcode", "hcp-directory")])).await;
    assert_eq!((status, v["status"].as_str()), (400, Some("300")), "{v}");

    // The pushed case can now be rated.
    let ticket = demo_ticket();
    let q = case_query("新推送的事项", NEW_CASE, "11210000001099777A");
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
    let env = ChildEnv::empty().set("HCP_DATA_DIR", data.display());

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
                cases::find_case(c, "210000-9-3")?,
                halls::worker_name(c, "88888888888888888", "02")?,
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

#[tokio::test]
async fn the_pushed_data_is_signed_and_a_verified_request_uses_up_its_nonce() {
    let app = spawn_app().await;
    let now = now_secs();
    let hall =
        |name: &str| json!([{"hallCode": "39357010579292161", "hallName": name}]).to_string();
    // The vector of the form's digest, computed with Python's hashlib.
    assert_eq!(
        hcp_protocol::sign::data_sha256("[]"),
        "4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945"
    );

    // Other data under a good signature: refused, and the hall keeps its name.
    let good = PushForm::signed(
        &hall("辽宁省政务服务中心（新）"),
        now,
        "n-data-1",
        PUSH_SECRET,
    );
    let forged = good
        .clone()
        .set("data", hall("<img src=x onerror=alert(1)>"));
    let (status, v) = push(&app, "halls", forged).await;
    assert_eq!((status, v["status"].as_str()), (403, Some("302")), "{v}");
    assert!(
        v["msg"].as_str().is_some_and(|m| m.contains("datasha256")),
        "{v}"
    );
    // …and the nonce is used up: the genuine request with it is refused too.
    let (status, v) = push(&app, "halls", good).await;
    assert_eq!((status, v["status"].as_str()), (400, Some("300")), "{v}");
    assert!(
        v["msg"].as_str().is_some_and(|m| m.contains("nonce")),
        "{v}"
    );

    // A push refused for its data uses up its nonce as well: the signature
    // cannot be tried again with other data (seed 004 alone leaves data unsigned).
    let bad = PushForm::signed(&hall("辽宁\u{202E}中心"), now, "n-data-2", PUSH_SECRET);
    let (status, v) = push(&app, "halls", bad.clone()).await;
    assert_eq!(status, 400, "{v}");
    assert!(
        v["msg"].as_str().is_some_and(|m| m.contains("hallName")),
        "{v}"
    );
    let replay = bad.set("data", hall("改名"));
    let (_, v) = push(&app, "halls", replay).await;
    assert_ne!(v["status"], "200", "{v}");

    // A form without datasha256 (seed 004 as published) is refused.
    let form = PushForm::signed(&hall("x"), now, "n-data-3", PUSH_SECRET)
        .remove("datasha256")
        .resign(PUSH_SECRET);
    let (status, v) = push(&app, "halls", form).await;
    assert_eq!(status, 400, "{v}");
    assert!(
        v["msg"].as_str().is_some_and(|m| m.contains("datasha256")),
        "{v}"
    );

    let name: String = app
        .state()
        .db
        .blocking(|c| {
            Ok(c.query_row(
                "SELECT hall_name FROM halls WHERE hall_code = '39357010579292161'",
                [],
                |r| r.get(0),
            )?)
        })
        .expect("hall");
    assert_eq!(name, "辽宁省政务服务中心");
    app.shutdown().await;
}

#[tokio::test]
async fn a_case_with_a_reported_applicant_is_rated_by_that_applicant_only() {
    let app = spawn_app().await;
    let serial = "210000-210100888000-20250601090000001";
    let data = json!([{
        "affairSerialNo": serial,
        "affairCode": "11210000001099888A2210100888000",
        "affairName": "报告了办件人的事项",
        "departmentCode": "11210000001099888A",
        "affairDealOfficer": "受理员",
        "affairApplyTime": "20250601090000",
        "affairDoneTime": "20250602090000",
        "certificateNo": hcp_sandbox::demo::CITIZEN.certificate_no
    }])
    .to_string();
    let (status, v) = push(
        &app,
        "cases",
        PushForm::signed(&data, now_secs(), "n-applicant", PUSH_SECRET),
    )
    .await;
    assert_eq!(status, 200, "{v}");
    // The directory keeps a digest, never the number.
    let stored: String = app
        .state()
        .db
        .blocking(move |c| {
            Ok(c.query_row(
                "SELECT applicant_digest FROM cases WHERE affair_serial_no = ?1",
                [serial],
                |r| r.get(0),
            )?)
        })
        .expect("case");
    assert_eq!(stored.len(), 64);
    assert!(!stored.contains(hcp_sandbox::demo::CITIZEN.certificate_no));

    let q = case_query("报告了办件人的事项", serial, "11210000001099888A");
    let body = submission("/front/pc/", &q, 5, &[], "");
    // Someone else, logged in.
    let other = ticket_for("13912345678", "110101199003074219", 3600);
    let resp = app.submit(&body, Some(&other)).await;
    assert_eq!(resp.status(), 403);
    let v: Value = resp.json().await.expect("json");
    assert_eq!(v["code"], "not_applicant");
    assert!(app.ratings().is_empty());
    // The applicant.
    let resp = app.submit(&body, Some(&demo_ticket())).await;
    assert_eq!(
        resp.status(),
        200,
        "{}",
        resp.text().await.unwrap_or_default()
    );
    assert_eq!(app.ratings().len(), 1);
    app.shutdown().await;
}

/// The department name a page was given: its `hcp-department` text block.
fn department_of(html: &str) -> Option<String> {
    let open = "<script id=\"hcp-department\" type=\"text/plain\">";
    let start = html.find(open)? + open.len();
    let end = start + html[start..].find("</script>")?;
    Some(html[start..end].to_string())
}

/// A guide page of a department.
fn guide_of(department: &str) -> String {
    format!(
        "/guide/?appCode=cTPyv9r6&channel=web&evalEntityCode=egovGuide&evalProcess=2&affairCode={}&affairName={}&departmentCode={}",
        encode_base64("11210000001099777A4000101001000"),
        encode_base64("推送测试事项"),
        encode_base64(department)
    )
}

#[tokio::test]
async fn the_department_directory_is_pushed_and_named_on_pages_and_in_ratings() {
    let app = spawn_app().await;
    let now = now_secs();
    // Before: the page carries no name; the widget shows the code.
    let html = app
        .get(&guide_of("11210000001099777A"))
        .await
        .text()
        .await
        .expect("html");
    assert_eq!(department_of(&html), None, "{html}");
    // A demo department is named from the start (sandbox data).
    let html = app
        .get(&guide_of("11210000001099743F"))
        .await
        .text()
        .await
        .expect("html");
    assert_eq!(
        department_of(&html).as_deref(),
        Some("辽宁省发展和改革委员会")
    );

    // Pushed like the hall directory, signed the same way; a bad record
    // refuses the whole push, naming it.
    let bad = json!([{"departmentCode": "11210000001099777A", "departmentName": "推送测试局"},
                     {"departmentCode": "D_9"}])
    .to_string();
    let (status, v) = push(
        &app,
        "departments",
        PushForm::signed(&bad, now, "d-1", PUSH_SECRET),
    )
    .await;
    assert_eq!((status, v["status"].as_str()), (400, Some("300")), "{v}");
    let msg = v["msg"].as_str().unwrap_or("");
    assert!(
        msg.contains("data[1]") && msg.contains("departmentCode") && msg.contains("departmentName"),
        "{v}"
    );
    let data = json!([
        {"departmentCode": "11210000001099777A", "departmentName": "推送测试局 & \"东区\""},
        {"departmentCode": "11210000001099666B", "departmentName": "带<b>标记</b>的局"}
    ])
    .to_string();
    let (status, v) = push(
        &app,
        "departments",
        PushForm::signed(&data, now, "d-2", PUSH_SECRET),
    )
    .await;
    assert_eq!(status, 200, "{v}");
    // Other data under the good signature: refused.
    let form = PushForm::signed(&data, now, "d-3", PUSH_SECRET).set("data", "[]");
    let (status, _) = push(&app, "departments", form).await;
    assert_eq!(status, 403);
    // Replayed: refused.
    let (status, _) = push(
        &app,
        "departments",
        PushForm::signed(&data, now, "d-2", PUSH_SECRET),
    )
    .await;
    assert_eq!(status, 400);

    let html = app
        .get(&guide_of("11210000001099777A"))
        .await
        .text()
        .await
        .expect("html");
    assert_eq!(
        department_of(&html).as_deref(),
        Some("推送测试局 & \"东区\"")
    );
    // A name with markup is not given to a page (it could close the
    // element it travels in): the page shows the code.
    let html = app
        .get(&guide_of("11210000001099666B"))
        .await
        .text()
        .await
        .expect("html");
    assert_eq!(department_of(&html), None);
    assert!(!html.contains("<b>标记"), "{html}");
    // An unknown code: still no name (the page shows the code).
    let html = app
        .get(&guide_of("11210000001099000Z"))
        .await
        .text()
        .await
        .expect("html");
    assert_eq!(department_of(&html), None);

    // A case whose record has no department name: the rating sent names it
    // from the department directory.
    let case = json!([{
        "affairSerialNo": "210000-210100777000-20250601090000009",
        "affairCode": "11210000001099777A2210100777000",
        "affairName": "无部门名称的办件",
        "departmentCode": "11210000001099777A",
        "affairDealOfficer": "推送员",
        "affairApplyTime": "20250601090000",
        "affairDoneTime": "20250602090000"
    }])
    .to_string();
    let (status, _) = push(
        &app,
        "cases",
        PushForm::signed(&case, now, "d-4", PUSH_SECRET),
    )
    .await;
    assert_eq!(status, 200);
    let query = case_query(
        "无部门名称的办件",
        "210000-210100777000-20250601090000009",
        "11210000001099777A",
    );
    // The case page is named too.
    let html = app
        .get(&format!("/front/pc/?{query}"))
        .await
        .text()
        .await
        .expect("html");
    assert_eq!(
        department_of(&html).as_deref(),
        Some("推送测试局 & \"东区\"")
    );
    let v: Value = app
        .submit(
            &submission("/front/pc/", &query, 5, &[], "named"),
            Some(&demo_ticket()),
        )
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(v["status"], "delivered", "{v}");
    let stored = app
        .ratings()
        .into_iter()
        .find(|r| r.remark.as_deref() == Some("named"))
        .expect("stored");
    assert_eq!(
        stored.department_name.as_deref(),
        Some("推送测试局 & \"东区\"")
    );
    app.shutdown().await;
}

#[tokio::test]
async fn departments_are_imported_from_csv_and_json() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    let env = ChildEnv::empty().set("HCP_DATA_DIR", data.display());
    let csv = dir.path().join("departments.csv");
    std::fs::write(
        &csv,
        "departmentCode,departmentName\n11210100001583301X,沈阳市市场监督管理局\nD_1,坏编码\n",
    )
    .expect("csv");
    let out = run_binary(&env, &["import", csv.to_str().expect("path")]).await;
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("imported 1 departments"), "{text}");
    assert!(
        text.contains("line 3") && text.contains("departmentCode"),
        "{text}"
    );
    let json_file = dir.path().join("departments.json");
    std::fs::write(
        &json_file,
        r#"[{"departmentCode": "11210100001583301X", "departmentName": "沈阳市市场监督管理局（改）"}]"#,
    )
    .expect("json");
    let out = run_binary(&env, &["import", json_file.to_str().expect("path")]).await;
    assert_eq!(out.status.code(), Some(0));
    let name = open_db(&data)
        .blocking(|c| hcp_gateway::directory::departments::name(c, "11210100001583301X"))
        .expect("db");
    assert_eq!(name.as_deref(), Some("沈阳市市场监督管理局（改）"));
}

//! The demo citizen's 我的评价: paging over the demo cases, evalFlag bits as
//! ratings arrive, the time-window list and the detail of a case rated twice.

use std::collections::HashSet;

use hcp_protocol::sign::beijing_timestamp14;
use hcp_protocol::upstream::path;
use hcp_sandbox::demo::{self, CITIZEN};
use serde_json::{Value, json};

use super::helpers::*;

/// A case rating by the demo citizen, for one of their demo cases.
fn rate(case: &demo::Case, stage: u8, stars: u8) -> Value {
    let mut body = json!({
        "appCode": demo::APP_CODE,
        "channel": "web",
        "generalStars": stars,
        "evalProcess": stage,
        "evalEntityCode": case.eval_entity_code.as_str(),
        "tagList": [],
        "department": {"departmentCode": case.department_code, "departmentName": case.department_name},
        "affair": {
            "affairSerialNo": case.affair_serial_no,
            "affairCode": case.affair_code,
            "affairName": case.affair_name,
            "affairDealOfficer": case.affair_deal_officer,
            "affairApplyTime": case.affair_apply_time,
        },
        "user": {
            "userId": CITIZEN.user_id,
            "userName": CITIZEN.user_name,
            "userType": CITIZEN.user_type,
            "certificateType": CITIZEN.certificate_type,
            "contactPhone": enc(CITIZEN.contact_phone),
            "certificateNo": enc(CITIZEN.certificate_no),
        },
    });
    if let Some(done) = case.affair_done_time {
        set(&mut body, "affair.affairDoneTime", json!(done));
    }
    if let (Some(h), Some(w)) = (case.hall_code, case.work_no) {
        let worker = demo::worker(h, w).expect("demo worker");
        set(
            &mut body,
            "hall",
            json!({"hallCode": h, "hallWorkerName": worker.name, "workNo": w}),
        );
    }
    body
}

fn march_cases() -> Vec<&'static demo::Case> {
    demo::cases_of(CITIZEN.user_id)
        .filter(|c| c.affair_apply_time.starts_with("202503"))
        .collect()
}

async fn march(s: &TestSandbox, page_no: &str, page_size: &str, flag: Option<&str>) -> Value {
    let mut q = vec![
        ("applyMonth", "2025-03"),
        ("userId", CITIZEN.user_id),
        ("pageNo", page_no),
        ("pageSize", page_size),
    ];
    if let Some(f) = flag {
        q.push(("evalFlag", f));
    }
    let answer = s.get(path::DETAIL_LIST, &q).await;
    assert_code(&answer, 0);
    answer
}

#[tokio::test]
async fn the_demo_citizens_unrated_cases_page_through() {
    let s = spawn_sandbox().await;
    let cases = march_cases();
    let n = cases.len();
    assert!(n >= 7, "enough demo cases in March 2025 to page: {n}");
    let pages = n.div_ceil(3);

    let mut seen = Vec::new();
    for page in 1..=pages {
        let answer = march(&s, &page.to_string(), "3", None).await;
        let d = &answer["data"];
        assert_eq!(d["pageNo"], page);
        assert_eq!(d["pageSize"], 3);
        assert_eq!(d["total"], n);
        assert_eq!(d["pageTotal"], pages);
        let rows = d["pageData"].as_array().expect("rows");
        let want = if page < pages { 3 } else { n - 3 * (pages - 1) };
        assert_eq!(rows.len(), want, "page {page}");
        for r in rows {
            assert_eq!(r["evalFlag"], 0);
            seen.push((
                r["affairApplyTime"].as_str().unwrap_or("").to_string(),
                r["affairSerialNo"].as_str().unwrap_or("").to_string(),
            ));
        }
    }
    let unique: HashSet<_> = seen.iter().map(|(_, serial)| serial.clone()).collect();
    assert_eq!(unique.len(), n, "every case once");
    let expected: HashSet<_> = cases
        .iter()
        .map(|c| c.affair_serial_no.to_string())
        .collect();
    assert_eq!(unique, expected);
    assert!(
        seen.windows(2).all(|w| w[0].0 >= w[1].0),
        "newest application first: {seen:?}"
    );

    // Past the last page: empty, same totals.
    let past = march(&s, &(pages + 1).to_string(), "3", None).await;
    assert_eq!(past["data"]["pageData"], json!([]));
    assert_eq!(past["data"]["total"], n);

    // Another month, another user: nothing.
    let other = s
        .get(
            path::DETAIL_LIST,
            &[
                ("applyMonth", "2025-03"),
                ("userId", "nobody"),
                ("pageNo", "1"),
                ("pageSize", "10"),
            ],
        )
        .await;
    assert_eq!(other["data"]["total"], 0);
    assert_eq!(other["data"]["pageTotal"], 0);
}

#[tokio::test]
async fn eval_flags_follow_the_ratings() {
    let s = spawn_sandbox().await;
    let cases = march_cases();
    let n = cases.len();
    let accepted_only = cases
        .iter()
        .find(|c| c.affair_done_time.is_none())
        .expect("a case still in progress");
    let done = cases
        .iter()
        .find(|c| c.affair_done_time.is_some())
        .expect("a finished case");

    assert_code(
        &s.post(path::AFFAIR_EVAL, &rate(accepted_only, 1, 4)).await,
        0,
    );
    assert_code(&s.post(path::AFFAIR_EVAL, &rate(done, 1, 3)).await, 0);
    assert_code(&s.post(path::AFFAIR_EVAL, &rate(done, 2, 5)).await, 0);

    let all = march(&s, "1", "100", None).await;
    let rows = all["data"]["pageData"].as_array().expect("rows");
    let row = |serial: &str| {
        rows.iter()
            .find(|r| r["affairSerialNo"] == serial)
            .cloned()
            .unwrap_or(Value::Null)
    };
    let a = row(accepted_only.affair_serial_no);
    assert_eq!(a["evalFlag"], 1);
    assert_eq!(a["generalStars"], 4);
    assert_eq!(a["processStatus"], 1);
    assert!(a["affairDoneTime"].is_null());
    let d = row(done.affair_serial_no);
    assert_eq!(d["evalFlag"], 3);
    assert_eq!(d["generalStars"], 5, "the completion rating's stars");
    assert_eq!(d["processStatus"], 2);

    for (flag, total) in [("0", n - 2), ("1", 2), ("2", 1), ("3", 1)] {
        let answer = march(&s, "1", "100", Some(flag)).await;
        assert_eq!(answer["data"]["total"], total, "evalFlag={flag}");
    }

    // By evaluation time: only the rated ones are in the last hour.
    let since = beijing_timestamp14(now() - 3600);
    let recent = s
        .get(
            path::DETAIL_LIST_BY_TIME,
            &[
                ("userId", CITIZEN.user_id),
                ("pageNo", "1"),
                ("pageSize", "10"),
                ("startTime", since.as_str()),
            ],
        )
        .await;
    assert_eq!(recent["data"]["total"], 2);
    // Without bounds: all the citizen's cases.
    let all_time = s
        .get(
            path::DETAIL_LIST_BY_TIME,
            &[
                ("userId", CITIZEN.user_id),
                ("pageNo", "1"),
                ("pageSize", "100"),
            ],
        )
        .await;
    assert_eq!(
        all_time["data"]["total"],
        demo::cases_of(CITIZEN.user_id).count()
    );

    // The detail of the case rated at both stages.
    let detail = s
        .get(
            path::DETAIL,
            &[
                ("appCode", demo::APP_CODE),
                ("affairSerialNo", done.affair_serial_no),
                ("userId", CITIZEN.user_id),
            ],
        )
        .await;
    let d = &detail["data"];
    assert_eq!(d["evalFlag"], 3);
    assert_eq!(d["processingEval"]["evalProcess"], 1);
    assert_eq!(d["processingEval"]["generalStars"], 3);
    assert_eq!(d["completedEval"]["evalProcess"], 2);
    assert_eq!(d["completedEval"]["generalStars"], 5);
    assert_eq!(d["channelCode"], "web");
    assert_eq!(d["departmentName"], done.department_name);

    // An unrated demo case has a detail too, with no evaluations.
    let unrated = cases
        .iter()
        .find(|c| {
            c.affair_serial_no != done.affair_serial_no
                && c.affair_serial_no != accepted_only.affair_serial_no
        })
        .expect("an unrated case");
    let detail = s
        .get(
            path::DETAIL,
            &[
                ("appCode", demo::APP_CODE),
                ("affairSerialNo", unrated.affair_serial_no),
                ("userId", CITIZEN.user_id),
            ],
        )
        .await;
    assert_eq!(detail["data"]["evalFlag"], 0);
    assert!(detail["data"]["processingEval"].is_null());
    assert!(detail["data"]["completedEval"].is_null());
}

#[tokio::test]
async fn a_batch_of_demo_cases_sharing_an_affair_code_is_rated_per_case() {
    let s = spawn_sandbox().await;
    let batch: Vec<&demo::Case> = demo::cases_of(CITIZEN.user_id)
        .filter(|c| c.affair_name == "个体工商户设立登记" && c.affair_done_time.is_some())
        .collect();
    assert!(batch.len() >= 3);
    let first = batch[0];
    let hall = first.hall_code.expect("hall");
    let work_no = first.work_no.expect("worker");
    let body = json!({
        "appCode": demo::APP_CODE,
        "evalEntityCode": "hallAffair",
        "affairCode": first.affair_code,
        "affairName": first.affair_name,
        "hall": {"hallCode": hall, "hallWorkerName": demo::worker(hall, work_no).map(|w| w.name), "workNo": work_no},
        "department": {"departmentCode": first.department_code},
        "affairList": batch.iter().map(|c| json!({
            "affairSerialNo": c.affair_serial_no,
            "affairDealOfficer": c.affair_deal_officer,
            "affairApplyTime": c.affair_apply_time,
            "affairDoneTime": c.affair_done_time,
        })).collect::<Vec<_>>(),
        "user": {
            "userId": CITIZEN.user_id, "userName": CITIZEN.user_name, "userType": 1,
            "certificateType": 111,
            "contactPhone": enc(CITIZEN.contact_phone),
            "certificateNo": enc(CITIZEN.certificate_no),
        },
        "tagList": ["6184929050230789"],
        "generalStars": 4,
        "evalProcess": 2,
        "channel": "hallPad",
    });
    let answer = s.post(path::MULTI_EVAL, &body).await;
    assert_code(&answer, 0);
    let items = answer["data"].as_array().expect("items");
    assert_eq!(items.len(), batch.len());
    assert!(
        items
            .iter()
            .all(|i| i["code"] == 0 && i["message"] == "评价成功")
    );

    let list = march(&s, "1", "100", Some("2")).await;
    assert_eq!(list["data"]["total"], batch.len());
    let stored = s.ratings();
    assert_eq!(stored.len(), batch.len());
    assert!(
        stored
            .iter()
            .all(|r| r.contact_phone.as_ref().map(|p| p.expose()) == Some(CITIZEN.contact_phone))
    );
    let ids: HashSet<_> = stored.iter().map(|r| r.eval_id.clone()).collect();
    assert_eq!(ids.len(), batch.len(), "one evaluation id per case");
}

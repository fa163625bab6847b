//! Every request example of seed 000 is accepted or refused as the seed says,
//! and answered in the seed's shape.

use hcp_protocol::sign::{self, parse_timestamp14};
use hcp_protocol::upstream::path;
use hcp_sandbox::{RatingKind, dev};
use serde_json::{Value, json};

use super::helpers::*;
use super::seed;

/// An evalTime the sandbox set: 14 digits, Beijing time, within a minute of now.
#[track_caller]
fn assert_fresh_eval_time(v: &Value) {
    let t = v.as_str().expect("evalTime is a string");
    let secs = parse_timestamp14(t).expect("evalTime is yyyyMMddHHmmss");
    assert!((secs - now()).abs() < 60, "evalTime {t} is not now");
}

#[tokio::test]
async fn seed_4_4_consultation_is_accepted_with_null_data() {
    let s = spawn_sandbox().await;
    let answer = s
        .post(path::HALLWORKER_EVAL, &seed::hallworker_eval())
        .await;
    assert_eq!(
        answer,
        json!({"code": 0, "message": "SUCCESS", "data": null})
    );

    let ratings = s.ratings();
    assert_eq!(ratings.len(), 1);
    let r = &ratings[0];
    assert_eq!(r.kind, RatingKind::Consult);
    assert_eq!(r.app_code, "hallCs");
    assert_eq!(r.hall_code.as_deref(), Some("56417234343428097"));
    assert_eq!(r.work_no.as_deref(), Some("1212"));
    assert_eq!(r.hall_worker_name.as_deref(), Some("李凤"));
    assert_eq!(
        r.user_id.as_deref(),
        Some("08ffe903-538c-42bc-b300-76ddd1c26924")
    );
    assert_eq!(r.tag_ids, ["6184929050230784", "6184929050230788"]);
    assert_eq!(r.eval_process, Some(2));
    assert_eq!(
        r.contact_phone.as_ref().map(|p| p.expose()),
        Some(seed::WU_PHONE)
    );
    assert_eq!(
        r.certificate_no.as_ref().map(|p| p.expose()),
        Some(seed::WU_ID)
    );
    assert!(r.work_order_no.is_none());
}

#[tokio::test]
async fn seed_4_5_case_rating_is_stored_decrypted_with_a_verified_signature() {
    let s = spawn_sandbox().await;
    let body = seed::affair_eval();
    let rio = Rio::signed();
    let answer = s.post_with(path::AFFAIR_EVAL, &body, &rio).await;
    assert_code(&answer, 0);
    assert_eq!(answer["message"], "SUCCESS");
    let id = answer["data"]["affairEvalId"].as_str().expect("id string");
    assert!(
        id.len() >= 15 && id.bytes().all(|b| b.is_ascii_digit()),
        "{id}"
    );
    assert_fresh_eval_time(&answer["data"]["evalTime"]);
    assert_eq!(answer["data"]["currentWorkOrderStatus"], 3);

    let ratings = s.ratings();
    assert_eq!(ratings.len(), 1);
    let r = &ratings[0];
    assert_eq!(r.eval_id, id);
    assert_eq!(r.kind, RatingKind::Affair);
    assert_eq!(
        r.affair_serial_no.as_deref(),
        Some("210101-210100259014-20200819134236952")
    );
    assert_eq!(r.general_stars, 5);
    assert_eq!(r.eval_process, Some(2));
    assert_eq!(
        r.eval_time,
        answer["data"]["evalTime"].as_str().unwrap_or("")
    );
    assert_eq!(r.client_eval_time.as_deref(), Some("20200831115716"));
    assert_eq!(r.department_name.as_deref(), Some("自然资源局"));
    assert_eq!(r.certificate_type, Some(22));
    assert_eq!(r.passport_name.as_deref(), Some("szg"));
    // The province's database holds the decrypted values and what was sent.
    assert_eq!(
        r.contact_phone.as_ref().map(|p| p.expose()),
        Some(seed::WU_PHONE)
    );
    assert_eq!(
        r.certificate_no.as_ref().map(|p| p.expose()),
        Some(seed::WU_ID)
    );
    assert_eq!(
        r.contact_phone_cipher.as_deref(),
        body["user"]["contactPhone"].as_str()
    );
    assert_eq!(
        r.certificate_no_cipher.as_deref(),
        body["user"]["certificateNo"].as_str()
    );
    let back = key().decrypt_hex(r.certificate_no_cipher.as_deref().unwrap_or(""));
    assert_eq!(back.as_deref(), Ok(seed::WU_ID));
    // ... and the signature that carried them, which verifies.
    assert!(r.signature_verified);
    assert_eq!(r.rio.paasid, dev::PAAS_ID);
    assert_eq!(Some(&r.rio.nonce), rio.nonce.as_ref());
    let ts: i64 = r.rio.timestamp.parse().expect("timestamp");
    assert_eq!(
        sign::verify_rio(
            dev::PAAS_TOKEN,
            &r.rio.timestamp,
            &r.rio.nonce,
            &r.rio.signature,
            ts
        ),
        Ok(())
    );
    // The personal values never show in Debug output.
    let debug = format!("{r:?}");
    assert!(!debug.contains(seed::WU_PHONE) && !debug.contains(seed::WU_ID));
}

#[tokio::test]
async fn seed_4_5_second_rating_of_the_same_case_and_stage_is_refused() {
    let s = spawn_sandbox().await;
    assert_code(&s.post(path::AFFAIR_EVAL, &seed::affair_eval()).await, 0);
    let again = s.post(path::AFFAIR_EVAL, &seed::affair_eval()).await;
    assert_eq!(
        again,
        json!({"code": -1, "message": "请勿重复评价", "data": null})
    );
    // A different stage of the same case is a new rating.
    let mut accepted = seed::affair_eval();
    set(&mut accepted, "evalProcess", json!(1));
    assert_code(&s.post(path::AFFAIR_EVAL, &accepted).await, 0);
    assert_eq!(
        s.post(path::AFFAIR_EVAL, &accepted).await["code"],
        -1,
        "stage 1 twice"
    );
    assert_eq!(s.ratings().len(), 2);
}

#[tokio::test]
async fn seed_4_6_batch_answers_each_case_exactly_as_the_seed() {
    let s = spawn_sandbox().await;
    // The second case was rated before, as in the seed's answer.
    let mut first = seed::multi_eval();
    remove(&mut first, "affairList.0");
    let answer = s.post(path::MULTI_EVAL, &first).await;
    assert_code(&answer, 0);
    assert_eq!(answer["data"][0]["code"], 0);
    assert_eq!(answer["data"][0]["message"], "评价成功");
    assert_eq!(
        answer["data"][0]["data"]["affairSerialNo"],
        "210000-210100183015-20190805160712864"
    );

    let answer = s.post(path::MULTI_EVAL, &seed::multi_eval()).await;
    assert_eq!(answer["code"], 0);
    assert_eq!(answer["message"], "SUCCESS");
    assert_eq!(answer["data"], seed::multi_eval_answer());

    let ratings = s.ratings();
    assert_eq!(ratings.len(), 2);
    assert!(ratings.iter().all(|r| r.kind == RatingKind::Multi));
    assert!(ratings.iter().all(|r| r.eval_entity_code == "appAffair"));
    assert!(
        ratings
            .iter()
            .all(|r| r.affair_name.as_deref() == Some("电网工程项目核准"))
    );
    assert_eq!(
        ratings[1].affair_deal_officer.as_deref(),
        Some("李萌"),
        "per-case fields come from affairList"
    );
}

#[tokio::test]
async fn seed_4_6_a_case_listed_twice_in_one_batch_is_rated_once() {
    let s = spawn_sandbox().await;
    let mut body = seed::multi_eval();
    set(
        &mut body,
        "affairList.1.affairSerialNo",
        json!("210000-210100183015-20190805160712863"),
    );
    let answer = s.post(path::MULTI_EVAL, &body).await;
    assert_eq!(answer["data"][0]["code"], 0);
    assert_eq!(answer["data"][1]["code"], -1);
    assert_eq!(s.ratings().len(), 1);
}

#[tokio::test]
async fn seed_4_7_one_thing_answers_each_case_as_a_string() {
    let s = spawn_sandbox().await;
    let answer = s.post(path::ONETHING_EVAL, &seed::onething_eval()).await;
    assert_eq!(
        answer,
        json!({"code": 0, "message": "SUCCESS", "data": [
            "210000-210100188000-20191031103932435评价成功",
            "210000-210100188000-20191031103932436评价成功",
        ]})
    );
    let ratings = s.ratings();
    assert_eq!(ratings.len(), 2);
    assert!(
        ratings
            .iter()
            .all(|r| r.sub_business.as_deref() == Some("open company"))
    );
    assert_eq!(ratings[0].tag_ids, ["6184929050230784", "6184929050230788"]);
    assert!(ratings[1].tag_ids.is_empty());
    // The 2-star one is a 差评 and opened a work order.
    let orders = s.work_orders();
    assert_eq!(orders.len(), 1);
    assert_eq!(orders[0].eval_id, ratings[1].eval_id);
    assert_eq!(orders[0].status, 0);

    let again = s.post(path::ONETHING_EVAL, &seed::onething_eval()).await;
    assert_eq!(
        again["data"],
        json!([
            "210000-210100188000-20191031103932435评价失败,原因:当前流程已经评价过，请勿再次评价",
            "210000-210100188000-20191031103932436评价失败,原因:当前流程已经评价过，请勿再次评价",
        ])
    );
    assert_eq!(s.ratings().len(), 2);
}

#[tokio::test]
async fn seed_4_7_failure_example_is_answered_exactly() {
    let s = spawn_sandbox().await;
    let mut body = seed::onething_eval();
    remove(&mut body, "evalListVo.0.affair.affairCode");
    let answer = s.post(path::ONETHING_EVAL, &body).await;
    assert_eq!(
        answer,
        json!({"code": 2, "message": "事项编码affairCode不能为空", "data": null})
    );
    assert!(s.ratings().is_empty(), "a refused batch stores nothing");
}

#[tokio::test]
async fn seed_4_8_guide_rating_then_4_12_lists_it() {
    let s = spawn_sandbox().await;
    let answer = s.post(path::GUIDE_EVAL, &seed::guide_eval()).await;
    assert_code(&answer, 0);
    let id = answer["data"]["affairEvalId"]
        .as_str()
        .expect("id")
        .to_string();
    assert_fresh_eval_time(&answer["data"]["evalTime"]);
    assert_eq!(answer["data"]["currentWorkOrderStatus"], 3);

    let r = &s.ratings()[0];
    assert_eq!(r.kind, RatingKind::Guide);
    assert_eq!(
        r.affair_code.as_deref(),
        Some("11211282001198258E4000109040000")
    );
    assert_eq!(r.department_code.as_deref(), Some("11211282001198258E"));
    assert_eq!(r.client_eval_time.as_deref(), Some("20191013200714"));
    assert!(r.affair_serial_no.is_none());

    // §4.12's query example.
    let list = s
        .get(
            path::GUIDE_EVAL,
            &[
                ("appCode", "jianhang"),
                ("evalEntityCode", "egovGuide"),
                ("userId", "0292f238da6e4eeda5e930b15df88f79"),
                ("pageSize", "10"),
                ("pageNo", "1"),
            ],
        )
        .await;
    assert_code(&list, 0);
    let data = &list["data"];
    assert_eq!(
        (
            &data["pageNo"],
            &data["pageSize"],
            &data["pageTotal"],
            &data["total"]
        ),
        (&json!(1), &json!(10), &json!(1), &json!(1))
    );
    let row = &data["pageData"][0];
    assert_eq!(row["affairEvalId"], id.as_str());
    assert_eq!(row["affairName"], "其它无户口人员恢复户口");
    assert_eq!(row["generalStars"], 3);
    assert_eq!(row["remark"], "");
    assert_eq!(row["evalTime"], r.eval_time.as_str());
    assert_eq!(
        row["tagList"],
        json!([
            {"tagId": "6176177894981649", "tagName": "材料范本比较规范"},
            {"tagId": "6176177894981650", "tagName": "办理条件比较准确"},
            {"tagId": "6176177894981651", "tagName": "申请流程比较清晰"},
            {"tagId": "6176177894981652", "tagName": "情形比较合理"},
        ])
    );
}

#[tokio::test]
async fn seed_4_8_failure_example_names_user_type() {
    let s = spawn_sandbox().await;
    let mut body = seed::guide_eval();
    remove(&mut body, "user.userType");
    assert_refused(
        &s.post(path::GUIDE_EVAL, &body).await,
        "用户类型userType不能为空",
    );
}

#[tokio::test]
async fn seed_4_13_and_4_14_examples_name_unknown_work_orders() {
    let s = spawn_sandbox().await;
    let unknown = json!({"code": -2, "message": "工单不存在", "data": null});
    assert_eq!(
        s.post(path::EVAL_VALIDITY, &seed::eval_validity()).await,
        unknown
    );
    assert_eq!(
        s.post(path::EVAL_PROCESS, &seed::eval_process()).await,
        unknown
    );
}

#[tokio::test]
async fn seed_4_3_tag_list_answer_is_the_seeds() {
    let s = spawn_sandbox().await;
    let answer = s
        .get(
            path::TAG_LIST,
            &[
                ("appCode", "egovHcp"),
                ("evalEntityCode", "egovGuide"),
                ("generalStars", "5"),
            ],
        )
        .await;
    assert_eq!(answer, seed::tag_list_answer());
}

#[tokio::test]
async fn seed_4_9_to_4_11_queries_answer_in_the_seeds_shape() {
    let s = spawn_sandbox().await;
    let user = "35c9f094-915b-488d-ba26-d71159c2020b";
    // §4.9's example: the user's October 2019 cases, none rated yet.
    let list = s
        .get(
            path::DETAIL_LIST,
            &[
                ("applyMonth", "2019-10"),
                ("userId", user),
                ("pageNo", "1"),
                ("pageSize", "10"),
            ],
        )
        .await;
    assert_code(&list, 0);
    assert_eq!(list["data"]["total"], 5);
    assert_eq!(list["data"]["pageTotal"], 1);
    let rows = list["data"]["pageData"].as_array().expect("rows");
    assert_eq!(rows.len(), 5);
    for row in rows {
        let keys: Vec<&str> = row
            .as_object()
            .expect("row")
            .keys()
            .map(String::as_str)
            .collect();
        for k in [
            "entityCode",
            "affairDoneDay",
            "affairSource",
            "affairSerialNo",
            "departmentName",
            "affairName",
            "affairApplyTime",
            "affairDoneTime",
            "generalStars",
            "processStatus",
            "evalFlag",
        ] {
            assert!(keys.contains(&k), "{k} missing in {row}");
        }
        assert_eq!(row["evalFlag"], 0);
        assert!(row["generalStars"].is_null());
    }
    let hall_row = rows
        .iter()
        .find(|r| r["affairSerialNo"] == "210000-210100001015-20191011183237023")
        .expect("the hall case");
    assert_eq!(hall_row["entityCode"], "hallAffair");
    assert_eq!(hall_row["affairSource"], 3);
    assert_eq!(hall_row["affairDoneDay"], 0);
    assert_eq!(hall_row["affairApplyTime"], "2019-10-11 18:32:37");
    assert_eq!(hall_row["affairDoneTime"], "2019-10-12 08:56:35");
    assert_eq!(hall_row["processStatus"], 2);

    // The citizen rates the 石化项目核准 case at completion: 4 stars, the seed's tags.
    let k = key();
    let rating = json!({
        "appCode": "egovHcp", "channel": "web", "generalStars": 4, "evalProcess": 2,
        "evalEntityCode": "egovAffair", "tagList": ["6176177890787336", "6176177890787337"],
        "department": {"departmentCode": "11210000001099743F",
                       "departmentName": "辽宁省发展和改革委员会（辽宁省能源局）"},
        "affair": {"affairSerialNo": "210000-210100001009-20191012124738520",
                   "affairCode": "11210000001099508F2210100001009", "affairName": "石化项目核准",
                   "affairDealOfficer": "吴迪", "affairApplyTime": "20191012130744",
                   "affairDoneTime": "20191013100000"},
        "user": {"userId": user, "userName": "张伟", "userType": 1, "certificateType": 111,
                 "contactPhone": k.encrypt_hex("13500000000"),
                 "certificateNo": k.encrypt_hex("210102198001010011")}
    });
    let answer = s.post(path::AFFAIR_EVAL, &rating).await;
    assert_code(&answer, 0);
    let eval_id = answer["data"]["affairEvalId"].clone();

    // §4.11's example.
    let detail = s
        .get(
            path::DETAIL,
            &[
                ("affairSerialNo", "210000-210100001009-20191012124738520"),
                ("userId", user),
                ("appCode", "egovHcp"),
            ],
        )
        .await;
    assert_code(&detail, 0);
    let d = &detail["data"];
    assert_eq!(d["entityCode"], "egovAffair");
    assert_eq!(d["affairSerialNo"], "210000-210100001009-20191012124738520");
    assert_eq!(d["affairName"], "石化项目核准");
    assert_eq!(d["affairApplyTime"], "2019-10-12 13:07:44");
    assert_eq!(
        d["departmentName"],
        "辽宁省发展和改革委员会（辽宁省能源局）"
    );
    assert_eq!(d["generalStars"], 4);
    assert_eq!(d["processStatus"], 2);
    assert_eq!(d["evalFlag"], 2);
    assert!(d["processingEval"].is_null());
    let c = &d["completedEval"];
    assert_eq!(c["evalId"], eval_id);
    assert_eq!(c["generalStars"], 4);
    assert!(c["remark"].is_null());
    assert_eq!(c["evalProcess"], 2);
    assert!(c["deptFeedback"].is_null());
    let eval_time = c["evalTime"].as_str().expect("evalTime");
    assert_eq!(eval_time.len(), "2019-10-13 22:07:20".len());
    assert_eq!(&eval_time[4..5], "-");
    assert_eq!(
        c["tagList"],
        json!([
            {"tagId": "6176177890787336", "tagName": "只填写一张表单"},
            {"tagId": "6176177890787337", "tagName": "最多跑一次"},
        ])
    );

    // §4.10's example window (Sept 1 – Oct 10, 2019) holds none of these
    // (unrated cases count by application, rated ones by evaluation time).
    let by_time = s
        .get(
            path::DETAIL_LIST_BY_TIME,
            &[
                ("userId", user),
                ("pageNo", "1"),
                ("pageSize", "10"),
                ("startTime", "20190901061001"),
                ("endTime", "20191010231010"),
            ],
        )
        .await;
    assert_code(&by_time, 0);
    assert_eq!(by_time["data"]["total"], 0);
    assert_eq!(by_time["data"]["pageData"], json!([]));
    let since = sign::beijing_timestamp14(now() - 3600);
    let by_time = s
        .get(
            path::DETAIL_LIST_BY_TIME,
            &[
                ("userId", user),
                ("pageNo", "1"),
                ("pageSize", "10"),
                ("startTime", since.as_str()),
            ],
        )
        .await;
    assert_eq!(by_time["data"]["total"], 1);
    assert_eq!(by_time["data"]["pageData"][0]["evalFlag"], 2);
    assert_eq!(by_time["data"]["pageData"][0]["generalStars"], 4);

    // The evalFlag filter of §4.9.
    for (flag, total) in [("2", 1), ("0", 4)] {
        let list = s
            .get(
                path::DETAIL_LIST,
                &[
                    ("applyMonth", "2019-10"),
                    ("userId", user),
                    ("pageNo", "1"),
                    ("pageSize", "10"),
                    ("evalFlag", flag),
                ],
            )
            .await;
        assert_eq!(list["data"]["total"], total, "evalFlag={flag}: {list}");
    }

    // Someone else's case is not found.
    let other = s
        .get(
            path::DETAIL,
            &[
                ("affairSerialNo", "210000-210100001009-20191012124738520"),
                ("userId", "someone-else"),
                ("appCode", "egovHcp"),
            ],
        )
        .await;
    assert_code(&other, -1);
}

#[tokio::test]
async fn seed_4_15_window_ratings_are_listed() {
    let s = spawn_sandbox().await;
    // §4.15's example window (July 2020) holds nothing.
    let empty = s
        .get(
            path::HALLWORKERS,
            &[
                ("appCode", "jianhang"),
                ("userId", "0292f238da6e4eeda5e930b15df88f79"),
                ("pageSize", "10"),
                ("pageNo", "1"),
                ("startTime", "20200701000000"),
                ("endTime", "20200710000000"),
            ],
        )
        .await;
    assert_eq!(
        empty,
        json!({"code": 0, "message": "SUCCESS", "data": {
            "pageNo": 1, "pageSize": 10, "pageTotal": 0, "total": 0, "pageData": []
        }})
    );

    assert_code(
        &s.post(path::HALLWORKER_EVAL, &seed::hallworker_eval())
            .await,
        0,
    );
    let user = "08ffe903-538c-42bc-b300-76ddd1c26924";
    let list = s
        .get(
            path::HALLWORKERS,
            &[("userId", user), ("pageSize", "10"), ("pageNo", "1")],
        )
        .await;
    assert_eq!(list["data"]["total"], 1);
    let row = &list["data"]["pageData"][0];
    assert_eq!(row["evalId"], s.ratings()[0].eval_id.as_str());
    assert_eq!(row["generalStars"], 5);
    assert_eq!(row["remark"], "评论测试数据");
    assert_eq!(row["evalTime"].as_str().map(str::len), Some(19));
    assert_eq!(
        row["tagList"],
        json!([
            {"tagId": "6184929050230784", "tagName": "一次办好"},
            {"tagId": "6184929050230788", "tagName": "环境整洁舒适"},
        ])
    );
    let other_app = s
        .get(
            path::HALLWORKERS,
            &[
                ("appCode", "jianhang"),
                ("userId", user),
                ("pageSize", "10"),
                ("pageNo", "1"),
            ],
        )
        .await;
    assert_eq!(other_app["data"]["total"], 0);
}

//! 差评 open work orders; the 8890 hotline verifies (4.13) and reports the
//! rectification (4.14).

use hcp_protocol::upstream::path;
use serde_json::json;

use super::helpers::*;
use super::seed;

#[tokio::test]
async fn a_bad_rating_opens_a_work_order_that_the_hotline_closes() {
    let s = spawn_sandbox().await;
    let mut body = seed::affair_eval();
    set(&mut body, "generalStars", json!(1));
    set(&mut body, "tagList", json!(["6184929050230800"]));
    set(&mut body, "remark", json!("服务态度差"));
    let answer = s.post(path::AFFAIR_EVAL, &body).await;
    assert_code(&answer, 0);
    assert_eq!(answer["data"]["currentWorkOrderStatus"], 0);

    let rating = s.ratings().remove(0);
    let orders = s.work_orders();
    assert_eq!(orders.len(), 1);
    let order = &orders[0];
    assert_eq!(Some(&order.work_order_no), rating.work_order_no.as_ref());
    assert_eq!(order.eval_id, rating.eval_id);
    assert_eq!((order.status, order.validity), (0, None));
    assert!(order.work_order_no.len() <= 20, "String(20)");
    let no = order.work_order_no.clone();

    // 4.13: valid, sent to the department.
    let answer = s
        .post(
            path::EVAL_VALIDITY,
            &json!({"appCode": "hotLine8890", "evalWorkOrderNo": no, "validity": 1}),
        )
        .await;
    assert_eq!(
        answer,
        json!({"code": 0, "message": "SUCCESS", "data": null})
    );
    let order = s.work_orders().remove(0);
    assert_eq!((order.status, order.validity), (2, Some(1)));

    // 4.14: rectified and reported, closed.
    let answer = s
        .post(
            path::EVAL_PROCESS,
            &json!({
                "appCode": "hotLine8890",
                "evalWorkOrderNo": no,
                "processList": [
                    {"processTime": "20191015171010", "processType": 1, "remark": "已转交部门"},
                    {"processTime": "20191016093000", "processType": 2, "remark": "热线处理回访成功"}
                ]
            }),
        )
        .await;
    assert_eq!(
        answer,
        json!({"code": 0, "message": "SUCCESS", "data": null})
    );
    let order = s.work_orders().remove(0);
    assert_eq!(order.status, 3);
    assert_eq!(order.processes.len(), 2);
    assert_eq!(order.processes[1].process_type, 2);
    assert_eq!(
        order.processes[1].remark.as_deref(),
        Some("热线处理回访成功")
    );
    assert_eq!(order.processes[0].app_code, "hotLine8890");

    // The citizen sees the feedback in the case detail.
    let detail = s
        .get(
            path::DETAIL,
            &[
                ("appCode", "hallCs"),
                ("affairSerialNo", "210101-210100259014-20200819134236952"),
                ("userId", "08ffe903-538c-42bc-b300-76ddd1c26924"),
            ],
        )
        .await;
    let feedback = &detail["data"]["completedEval"]["deptFeedback"];
    assert_eq!(feedback["evalWorkOrderNo"], no.as_str());
    assert_eq!(feedback["status"], 3);
    assert_eq!(feedback["processList"][1]["remark"], "热线处理回访成功");
}

#[tokio::test]
async fn an_invalid_complaint_is_closed_by_the_hotline() {
    let s = spawn_sandbox().await;
    let mut body = seed::guide_eval();
    set(&mut body, "generalStars", json!(2));
    set(&mut body, "tagList", json!(["6176177894981653"]));
    let answer = s.post(path::GUIDE_EVAL, &body).await;
    assert_eq!(answer["data"]["currentWorkOrderStatus"], 0);
    let no = s.work_orders().remove(0).work_order_no;
    let answer = s
        .post(
            path::EVAL_VALIDITY,
            &json!({"appCode": "hotLine8890", "evalWorkOrderNo": no, "validity": "3"}),
        )
        .await;
    assert_code(&answer, 0);
    let order = s.work_orders().remove(0);
    assert_eq!((order.status, order.validity), (3, Some(3)));
}

#[tokio::test]
async fn only_bad_ratings_open_work_orders() {
    let s = spawn_sandbox().await;
    for (stars, serial) in [(3, "a-3"), (4, "a-4"), (5, "a-5"), (2, "a-2"), (1, "a-1")] {
        let mut body = seed::affair_eval();
        set(&mut body, "generalStars", json!(stars));
        set(&mut body, "tagList", json!([]));
        set(&mut body, "affair.affairSerialNo", json!(serial));
        let answer = s.post(path::AFFAIR_EVAL, &body).await;
        let want = if stars <= 2 { 0 } else { 3 };
        assert_eq!(answer["data"]["currentWorkOrderStatus"], want, "{stars}★");
    }
    // A consultation 差评 opens one too (its answer carries no data).
    let mut body = seed::hallworker_eval();
    set(&mut body, "generalStars", json!(1));
    set(&mut body, "tagList", json!(["6184929046036504"]));
    assert_code(&s.post(path::HALLWORKER_EVAL, &body).await, 0);

    let orders = s.work_orders();
    assert_eq!(orders.len(), 3);
    let ratings = s.ratings();
    for o in &orders {
        let r = ratings
            .iter()
            .find(|r| r.eval_id == o.eval_id)
            .expect("its rating");
        assert!(r.general_stars <= 2);
    }
    let numbers: std::collections::HashSet<_> =
        orders.iter().map(|o| o.work_order_no.clone()).collect();
    assert_eq!(numbers.len(), 3);
}

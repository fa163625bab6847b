//! Every 必填 field of the spec's tables: leaving it out (or empty, or null) is
//! refused with code 2 and a message naming the field; optional fields may go.

use hcp_protocol::upstream::path;
use serde_json::{Value, json};

use super::helpers::*;
use super::seed;

/// Leaves each field out in turn; each must be refused with its message.
async fn each_required(s: &TestSandbox, p: &str, body: &Value, cases: &[(&str, &str)]) {
    for (field, message) in cases {
        let mut v = body.clone();
        remove(&mut v, field);
        let answer = s.post(p, &v).await;
        assert_refused(&answer, message);
    }
}

/// Leaves each field out in turn; each must still be accepted (on a fresh sandbox,
/// so duplicates do not interfere).
async fn each_optional(p: &str, body: &Value, fields: &[&str]) {
    for field in fields {
        let s = spawn_sandbox().await;
        let mut v = body.clone();
        remove(&mut v, field);
        let answer = s.post(p, &v).await;
        assert_eq!(answer["code"], 0, "without {field}: {answer}");
    }
}

#[tokio::test]
async fn affair_eval_required_fields() {
    let s = spawn_sandbox().await;
    each_required(
        &s,
        path::AFFAIR_EVAL,
        &seed::affair_eval(),
        &[
            ("appCode", "系统编码appCode不能为空"),
            ("evalEntityCode", "评价对象编码evalEntityCode不能为空"),
            ("hall", "大厅信息hall不能为空"),
            ("hall.hallCode", "大厅编码hallCode不能为空"),
            (
                "hall.hallWorkerName",
                "窗口服务人员姓名hallWorkerName不能为空",
            ),
            ("hall.workNo", "窗口服务人员工号workNo不能为空"),
            ("department", "部门信息department不能为空"),
            (
                "department.departmentCode",
                "部门编码departmentCode不能为空",
            ),
            ("affair", "办件事项信息affair不能为空"),
            ("affair.affairSerialNo", "办件编号affairSerialNo不能为空"),
            ("affair.affairCode", "事项编码affairCode不能为空"),
            ("affair.affairName", "事项名称affairName不能为空"),
            (
                "affair.affairDealOfficer",
                "事项受理人姓名affairDealOfficer不能为空",
            ),
            (
                "affair.affairApplyTime",
                "事项受理时间affairApplyTime不能为空",
            ),
            (
                "affair.affairDoneTime",
                "事项办结时间affairDoneTime不能为空",
            ),
            ("user", "评价人信息user不能为空"),
            ("user.userName", "评价人姓名userName不能为空"),
            ("user.contactPhone", "评价人手机号码contactPhone不能为空"),
            ("user.userType", "用户类型userType不能为空"),
            ("user.certificateType", "证件类型certificateType不能为空"),
            ("user.certificateNo", "证件编号certificateNo不能为空"),
            ("tagList", "评价标签tagList不能为空"),
            ("generalStars", "整体评价星级generalStars不能为空"),
            ("evalProcess", "评价阶段evalProcess不能为空"),
            ("channel", "渠道标识channel不能为空"),
        ],
    )
    .await;
    // Empty strings and nulls are as good as absent.
    for value in [json!(""), json!("   "), Value::Null] {
        let mut v = seed::affair_eval();
        set(&mut v, "affair.affairCode", value);
        assert_refused(
            &s.post(path::AFFAIR_EVAL, &v).await,
            "事项编码affairCode不能为空",
        );
    }
    assert!(s.ratings().is_empty(), "refusals store nothing");
}

#[tokio::test]
async fn affair_eval_optional_fields() {
    each_optional(
        path::AFFAIR_EVAL,
        &seed::affair_eval(),
        &[
            "remark",
            "evalTime",
            "hall.hallName",
            "department.departmentName",
            "department.ouguid",
            "user.userId",
            "user.passportName",
        ],
    )
    .await;
    // An empty tag list is a tag list.
    let s = spawn_sandbox().await;
    let mut v = seed::affair_eval();
    set(&mut v, "tagList", json!([]));
    assert_code(&s.post(path::AFFAIR_EVAL, &v).await, 0);
    // The done time is only required at completion (stage 2).
    let mut v = seed::affair_eval();
    set(&mut v, "evalProcess", json!(1));
    remove(&mut v, "affair.affairDoneTime");
    assert_code(&s.post(path::AFFAIR_EVAL, &v).await, 0);
    // The hall is only required for hall cases.
    let mut v = seed::affair_eval();
    set(&mut v, "evalEntityCode", json!("egovAffair"));
    set(
        &mut v,
        "affair.affairSerialNo",
        json!("210000-210100004000-20250302083015301"),
    );
    remove(&mut v, "hall");
    assert_code(&s.post(path::AFFAIR_EVAL, &v).await, 0);
    let stored = s.ratings();
    assert_eq!(stored.len(), 3);
    assert!(stored[2].hall_code.is_none());
}

#[tokio::test]
async fn multi_eval_required_fields() {
    let s = spawn_sandbox().await;
    let body = seed::multi_eval();
    each_required(
        &s,
        path::MULTI_EVAL,
        &body,
        &[
            ("appCode", "系统编码appCode不能为空"),
            ("evalEntityCode", "评价对象编码evalEntityCode不能为空"),
            ("affairCode", "事项编码affairCode不能为空"),
            ("affairName", "事项名称affairName不能为空"),
            ("department", "部门信息department不能为空"),
            (
                "department.departmentCode",
                "部门编码departmentCode不能为空",
            ),
            ("affairList", "办件事项信息affairList不能为空"),
            (
                "affairList.0.affairSerialNo",
                "办件编号affairSerialNo不能为空",
            ),
            (
                "affairList.1.affairDealOfficer",
                "事项受理人姓名affairDealOfficer不能为空",
            ),
            (
                "affairList.0.affairApplyTime",
                "事项受理时间affairApplyTime不能为空",
            ),
            (
                "affairList.1.affairDoneTime",
                "事项办结时间affairDoneTime不能为空",
            ),
            ("user", "评价人信息user不能为空"),
            ("user.contactPhone", "评价人手机号码contactPhone不能为空"),
            ("user.certificateNo", "证件编号certificateNo不能为空"),
            ("user.certificateType", "证件类型certificateType不能为空"),
            ("tagList", "评价标签tagList不能为空"),
            ("generalStars", "整体评价星级generalStars不能为空"),
            ("evalProcess", "评价阶段evalProcess不能为空"),
            ("channel", "渠道标识channel不能为空"),
        ],
    )
    .await;
    let mut v = body.clone();
    set(&mut v, "affairList", json!([]));
    assert_refused(
        &s.post(path::MULTI_EVAL, &v).await,
        "办件事项信息affairList不能为空",
    );
    // A hall batch needs its hall.
    let mut v = body.clone();
    set(&mut v, "evalEntityCode", json!("hallAffair"));
    assert_refused(&s.post(path::MULTI_EVAL, &v).await, "大厅信息hall不能为空");
    set(
        &mut v,
        "hall",
        json!({"hallCode": "56417234343428097", "hallWorkerName": "李凤"}),
    );
    assert_refused(
        &s.post(path::MULTI_EVAL, &v).await,
        "窗口服务人员工号workNo不能为空",
    );
    assert!(s.ratings().is_empty());
}

#[tokio::test]
async fn hallworker_eval_required_and_optional_fields() {
    let s = spawn_sandbox().await;
    let body = seed::hallworker_eval();
    each_required(
        &s,
        path::HALLWORKER_EVAL,
        &body,
        &[
            ("appCode", "系统编码appCode不能为空"),
            ("evalEntityCode", "评价对象编码evalEntityCode不能为空"),
            ("hall", "大厅信息hall不能为空"),
            ("hall.hallCode", "大厅编码hallCode不能为空"),
            (
                "hall.hallWorkerName",
                "窗口服务人员姓名hallWorkerName不能为空",
            ),
            ("hall.workNo", "窗口服务人员工号workNo不能为空"),
            ("generalStars", "整体评价星级generalStars不能为空"),
            ("channel", "渠道标识channel不能为空"),
            ("user.userName", "评价人姓名userName不能为空"),
            ("user.userType", "用户类型userType不能为空"),
        ],
    )
    .await;
    let mut v = body.clone();
    remove(&mut v, "user.userId");
    remove(&mut v, "user.certificateNo");
    assert_refused(
        &s.post(path::HALLWORKER_EVAL, &v).await,
        "统一身份认证用户IDuserId与证件编号certificateNo不能同时为空",
    );
    assert!(s.ratings().is_empty());
    each_optional(
        path::HALLWORKER_EVAL,
        &body,
        &[
            "tagList",
            "remark",
            "evalProcess",
            "user",
            "user.contactPhone",
            "user.userId",
            "user.certificateNo",
        ],
    )
    .await;
}

#[tokio::test]
async fn guide_eval_required_and_optional_fields() {
    let s = spawn_sandbox().await;
    let body = seed::guide_eval();
    each_required(
        &s,
        path::GUIDE_EVAL,
        &body,
        &[
            ("appCode", "系统编码appCode不能为空"),
            ("evalEntityCode", "评价对象编码evalEntityCode不能为空"),
            ("user", "评价人信息user不能为空"),
            ("user.userName", "评价人姓名userName不能为空"),
            ("user.userType", "用户类型userType不能为空"),
            ("user.certificateType", "证件类型certificateType不能为空"),
            ("tagList", "评价标签tagList不能为空"),
            ("guide", "办事指南信息guide不能为空"),
            ("guide.affairCode", "事项编码affairCode不能为空"),
            ("guide.affairName", "事项名称affairName不能为空"),
            ("guide.departmentCode", "部门编码departmentCode不能为空"),
            ("channel", "渠道标识channel不能为空"),
            ("generalStars", "整体评价星级generalStars不能为空"),
            ("evalTime", "评价时间evalTime不能为空"),
        ],
    )
    .await;
    let mut v = body.clone();
    remove(&mut v, "user.userId");
    remove(&mut v, "user.certificateNo");
    assert_refused(
        &s.post(path::GUIDE_EVAL, &v).await,
        "统一身份认证用户IDuserId与证件编号certificateNo不能同时为空",
    );
    assert!(s.ratings().is_empty());
    each_optional(
        path::GUIDE_EVAL,
        &body,
        &[
            "remark",
            "user.contactPhone",
            "user.userId",
            "user.certificateNo",
        ],
    )
    .await;
}

#[tokio::test]
async fn onething_eval_required_fields() {
    let s = spawn_sandbox().await;
    each_required(
        &s,
        path::ONETHING_EVAL,
        &seed::onething_eval(),
        &[
            ("subBusiness", "主题业务subBusiness不能为空"),
            ("relationBusNum", "关联业务数relationBusNum不能为空"),
            ("evalListVo", "事项评价数据evalListVo不能为空"),
            (
                "evalListVo.0.affair.affairCode",
                "事项编码affairCode不能为空",
            ),
            (
                "evalListVo.1.user.certificateNo",
                "证件编号certificateNo不能为空",
            ),
            ("evalListVo.1.channel", "渠道标识channel不能为空"),
            ("evalListVo.0.hall", "大厅信息hall不能为空"),
        ],
    )
    .await;
    assert!(s.ratings().is_empty());
}

#[tokio::test]
async fn work_order_required_fields() {
    let s = spawn_sandbox().await;
    each_required(
        &s,
        path::EVAL_VALIDITY,
        &seed::eval_validity(),
        &[
            ("appCode", "系统编码appCode不能为空"),
            ("evalWorkOrderNo", "差评工单编号evalWorkOrderNo不能为空"),
            ("validity", "有效性标识validity不能为空"),
        ],
    )
    .await;
    each_required(
        &s,
        path::EVAL_PROCESS,
        &seed::eval_process(),
        &[
            ("appCode", "系统编码appCode不能为空"),
            ("evalWorkOrderNo", "差评工单编号evalWorkOrderNo不能为空"),
            ("processList", "评价工单流程processList不能为空"),
            ("processList.0.processTime", "处理时间processTime不能为空"),
            ("processList.0.processType", "处理类型processType不能为空"),
        ],
    )
    .await;
}

#[tokio::test]
async fn query_required_parameters() {
    let s = spawn_sandbox().await;
    type Case<'a> = (&'a str, &'a [(&'a str, &'a str)], &'a str);
    let cases: &[Case] = &[
        (
            path::TAG_LIST,
            &[("evalEntityCode", "egovGuide"), ("generalStars", "5")],
            "系统编码appCode不能为空",
        ),
        (
            path::TAG_LIST,
            &[("appCode", "a"), ("generalStars", "5")],
            "评价对象编码evalEntityCode不能为空",
        ),
        (
            path::TAG_LIST,
            &[("appCode", "a"), ("evalEntityCode", "egovGuide")],
            "整体评价星级generalStars不能为空",
        ),
        (
            path::DETAIL_LIST,
            &[("userId", "u"), ("pageNo", "1"), ("pageSize", "10")],
            "申请月份applyMonth不能为空",
        ),
        (
            path::DETAIL_LIST,
            &[
                ("applyMonth", "2025-03"),
                ("pageNo", "1"),
                ("pageSize", "10"),
            ],
            "统一身份认证用户IDuserId不能为空",
        ),
        (
            path::DETAIL_LIST,
            &[
                ("applyMonth", "2025-03"),
                ("userId", "u"),
                ("pageSize", "10"),
            ],
            "起始页pageNo不能为空",
        ),
        (
            path::DETAIL_LIST_BY_TIME,
            &[("userId", "u"), ("pageNo", "1")],
            "每页大小pageSize不能为空",
        ),
        (
            path::DETAIL,
            &[("appCode", "a"), ("userId", "u")],
            "办件编号affairSerialNo不能为空",
        ),
        (
            path::GUIDE_EVAL,
            &[
                ("appCode", "a"),
                ("userId", "u"),
                ("pageNo", "1"),
                ("pageSize", "10"),
            ],
            "评价对象编码evalEntityCode不能为空",
        ),
        (
            path::HALLWORKERS,
            &[("pageNo", "1"), ("pageSize", "10")],
            "统一身份认证用户IDuserId不能为空",
        ),
    ];
    for (p, query, message) in cases {
        assert_refused(&s.get(p, query).await, message);
    }
}

//! Bodies that are present but wrong: malformed JSON, wrong types, values
//! outside the spec's sets, bad formats, unknown tags, undecryptable fields.
//! All code 2 with a message naming the field; nothing stored.

use hcp_protocol::crypt::DesKey;
use hcp_protocol::upstream::path;
use serde_json::{Value, json};

use super::helpers::*;
use super::seed;

#[tokio::test]
async fn malformed_bodies_are_refused() {
    let s = spawn_sandbox().await;
    for (body, starts) in [
        ("{\"appCode\": ", "请求报文不是合法的JSON"),
        ("", "请求报文不是合法的JSON"),
        ("not json", "请求报文不是合法的JSON"),
        ("[1, 2]", "请求报文必须为JSON对象"),
        ("\"text\"", "请求报文必须为JSON对象"),
    ] {
        for p in [path::AFFAIR_EVAL, path::MULTI_EVAL, path::EVAL_PROCESS] {
            let answer = s.post_raw(p, body.to_string(), &Rio::signed()).await;
            assert_code(&answer, 2);
            assert!(
                answer["message"]
                    .as_str()
                    .is_some_and(|m| m.starts_with(starts)),
                "{p} {body:?}: {answer}"
            );
        }
    }
    assert!(s.ratings().is_empty());
}

#[tokio::test]
async fn wrong_values_are_refused_naming_the_field() {
    let s = spawn_sandbox().await;
    let other_key = DesKey::parse("otherkey").expect("key");
    let cases: Vec<(&str, Value, String)> = vec![
        (
            "generalStars",
            json!("five"),
            "整体评价星级generalStars必须为整数".into(),
        ),
        (
            "generalStars",
            json!(0),
            "整体评价星级generalStars必须为1到5的整数".into(),
        ),
        (
            "generalStars",
            json!(4.5),
            "整体评价星级generalStars必须为整数".into(),
        ),
        (
            "evalProcess",
            json!(3),
            "评价阶段evalProcess必须为1（受理阶段）或2（办结阶段）".into(),
        ),
        (
            "user.userType",
            json!(3),
            "用户类型userType必须为1（个人）或2（法人）".into(),
        ),
        (
            "channel",
            json!("wechat"),
            "渠道标识channel必须为web、android、ios、miniApp、h5、hallQr、hallPad、hallOther、other之一".into(),
        ),
        (
            "evalEntityCode",
            json!("egovGuide"),
            "评价对象编码evalEntityCode必须为hallAffair、egovAffair、appAffair之一".into(),
        ),
        (
            "department",
            json!("自然资源局"),
            "部门信息department必须为对象".into(),
        ),
        ("tagList", json!("6176177894981642"), "评价标签tagList必须为数组".into()),
        (
            "tagList",
            json!(["6176177894981642", "123"]),
            "评价标签tagList中的标签123不存在".into(),
        ),
        (
            "tagList",
            json!([true]),
            "评价标签tagList的每一项必须为标签编码或{\"tagId\": 标签编码}".into(),
        ),
        (
            "affair.affairApplyTime",
            json!("2020-08-27 17:50:15"),
            "事项受理时间affairApplyTime格式应为yyyyMMddHHmmss".into(),
        ),
        (
            "affair.affairDoneTime",
            json!("20200231000000"),
            "事项办结时间affairDoneTime格式应为yyyyMMddHHmmss".into(),
        ),
        (
            "evalTime",
            json!("2020083111571"),
            "评价时间evalTime格式应为yyyyMMddHHmmss".into(),
        ),
        (
            "remark",
            json!("好".repeat(501)),
            "附加评论remark不能超过500个字".into(),
        ),
        ("remark", json!(5), "附加评论remark必须为字符串".into()),
        (
            "affair.affairSerialNo",
            json!(12345),
            "办件编号affairSerialNo必须为字符串".into(),
        ),
        (
            "affair.affairSerialNo",
            json!("x".repeat(65)),
            "办件编号affairSerialNo长度不能超过64个字符".into(),
        ),
        (
            "user.userName",
            json!("<b>吴鹏</b>"),
            "评价人姓名userName不能含有特殊字符".into(),
        ),
        (
            "user.contactPhone",
            json!("7191adf0dd70fc77fecf6b31f1b3b976"),
            "评价人手机号码contactPhone解密失败，应为DES加密后的十六进制串".into(),
        ),
        (
            "user.contactPhone",
            json!("not-hex"),
            "评价人手机号码contactPhone解密失败，应为DES加密后的十六进制串".into(),
        ),
        (
            "user.certificateNo",
            json!(other_key.encrypt_hex(seed::WU_ID)),
            "证件编号certificateNo解密失败，应为DES加密后的十六进制串".into(),
        ),
        (
            "user.certificateNo",
            json!(enc("<script>")),
            "证件编号certificateNo解密后的值格式不正确".into(),
        ),
    ];
    for (field, value, message) in cases {
        let mut v = seed::affair_eval();
        set(&mut v, field, value);
        let answer = s.post(path::AFFAIR_EVAL, &v).await;
        assert_refused(&answer, &message);
    }
    assert!(s.ratings().is_empty());

    // 500 characters is still fine.
    let mut v = seed::affair_eval();
    set(&mut v, "remark", json!("好".repeat(500)));
    assert_code(&s.post(path::AFFAIR_EVAL, &v).await, 0);
}

#[tokio::test]
async fn guide_and_consultation_check_their_entity_code() {
    let s = spawn_sandbox().await;
    let mut v = seed::guide_eval();
    set(&mut v, "evalEntityCode", json!("egovAffair"));
    assert_refused(
        &s.post(path::GUIDE_EVAL, &v).await,
        "评价对象编码evalEntityCode必须为egovGuide",
    );
    let mut v = seed::hallworker_eval();
    set(&mut v, "evalEntityCode", json!("egovAffair"));
    assert_refused(
        &s.post(path::HALLWORKER_EVAL, &v).await,
        "评价对象编码evalEntityCode必须为hallAffair",
    );
    let mut v = seed::guide_eval();
    set(&mut v, "evalTime", json!("2019-10-13"));
    assert_refused(
        &s.post(path::GUIDE_EVAL, &v).await,
        "评价时间evalTime格式应为yyyyMMddHHmmss",
    );
    assert!(s.ratings().is_empty());
}

#[tokio::test]
async fn work_order_values_are_checked() {
    let s = spawn_sandbox().await;
    let mut v = seed::eval_validity();
    set(&mut v, "validity", json!(2));
    assert_refused(
        &s.post(path::EVAL_VALIDITY, &v).await,
        "有效性标识validity必须为1（有效）或3（无效）",
    );
    let mut v = seed::eval_process();
    set(&mut v, "processList.0.processType", json!(3));
    assert_refused(
        &s.post(path::EVAL_PROCESS, &v).await,
        "处理类型processType必须为1（热线处理）或2（部门处理）",
    );
    let mut v = seed::eval_process();
    set(&mut v, "processList.0.processTime", json!("2019-10-15"));
    assert_refused(
        &s.post(path::EVAL_PROCESS, &v).await,
        "处理时间processTime格式应为yyyyMMddHHmmss",
    );
    let mut v = seed::eval_process();
    set(&mut v, "processList.0.remark", json!("x".repeat(2001)));
    assert_refused(
        &s.post(path::EVAL_PROCESS, &v).await,
        "处理信息remark不能超过2000个字",
    );
}

#[tokio::test]
async fn query_values_are_checked() {
    let s = spawn_sandbox().await;
    let base = [("userId", "u"), ("pageNo", "1"), ("pageSize", "10")];
    let with = |extra: &[(&'static str, &'static str)]| {
        let mut q: Vec<(&str, &str)> = base.to_vec();
        for (k, v) in extra {
            q.retain(|(qk, _)| qk != k);
            q.push((k, v));
        }
        q
    };
    type Case<'a> = (&'a str, Vec<(&'a str, &'a str)>, &'a str);
    let cases: Vec<Case> = vec![
        (
            path::DETAIL_LIST,
            with(&[("applyMonth", "2025/03")]),
            "申请月份applyMonth格式应为yyyy-MM",
        ),
        (
            path::DETAIL_LIST,
            with(&[("applyMonth", "2025-13")]),
            "申请月份applyMonth格式应为yyyy-MM",
        ),
        (
            path::DETAIL_LIST,
            with(&[("applyMonth", "2025-03"), ("pageNo", "0")]),
            "起始页pageNo必须为从1开始的整数",
        ),
        (
            path::DETAIL_LIST,
            with(&[("applyMonth", "2025-03"), ("pageSize", "0")]),
            "每页大小pageSize必须为1到100之间的整数",
        ),
        (
            path::DETAIL_LIST,
            with(&[("applyMonth", "2025-03"), ("pageSize", "ten")]),
            "每页大小pageSize必须为整数",
        ),
        (
            path::DETAIL_LIST,
            with(&[("applyMonth", "2025-03"), ("evalFlag", "4")]),
            "评价状态evalFlag必须为0、1、2或3",
        ),
        (
            path::DETAIL_LIST_BY_TIME,
            with(&[("startTime", "2019-09-01")]),
            "查询开始时间startTime格式应为yyyyMMddHHmmss",
        ),
        (
            path::HALLWORKERS,
            with(&[("endTime", "20191301000000")]),
            "查询结束时间endTime格式应为yyyyMMddHHmmss",
        ),
    ];
    for (p, q, message) in cases {
        assert_refused(&s.get(p, &q).await, message);
    }
}

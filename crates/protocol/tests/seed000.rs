//! Every JSON example of seed 000 §4.3–4.15 (request bodies, success and
//! failure responses) and every query-string example of its GET interfaces,
//! as round-trip tests of the typed wire model in `hcp_protocol::upstream`.
//!
//! The examples are in `tests/seed000/`, copied verbatim from the seed, with
//! two repairs of text-extraction garbage that made them invalid JSON (see
//! `tests/seed000/README.md`).
//!
//! For each example: deserialize into its type, serialize, deserialize again
//! and compare; then walk the original and the re-serialized JSON side by side:
//! no key of the original may be missing, and every scalar must keep its value
//! (a number may come back as a string or the other way round, as the spec's
//! own examples are loosely typed, but `"5"` must stay 5).

use std::collections::BTreeMap;
use std::fmt::Debug;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use hcp_protocol::upstream::*;
use hcp_protocol::{Channel, EvalEntityCode, EvalProcess};

// ------------------------------------------------------------------ harness

/// Walks `orig` and `back` together: every key of `orig` must be in `back`,
/// arrays keep their length, scalars keep their value up to number/string.
fn assert_nothing_lost(orig: &Value, back: &Value, path: &str) {
    match (orig, back) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in a {
                match b.get(k) {
                    Some(w) => assert_nothing_lost(v, w, &format!("{path}.{k}")),
                    None => panic!("{path}.{k} was lost; re-serialized: {back}"),
                }
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            assert_eq!(a.len(), b.len(), "{path}: array length changed");
            for (i, (v, w)) in a.iter().zip(b).enumerate() {
                assert_nothing_lost(v, w, &format!("{path}[{i}]"));
            }
        }
        (a, b) => assert_eq!(loose(a), loose(b), "{path}: value changed from {a} to {b}"),
    }
}

/// A scalar as text, so that `5` and `"5"` compare equal and nothing else does.
fn loose(v: &Value) -> String {
    match v {
        Value::String(s) => format!("scalar:{s}"),
        Value::Number(n) => format!("scalar:{n}"),
        Value::Bool(b) => format!("bool:{b}"),
        Value::Null => "null".to_string(),
        other => format!("compound:{other}"),
    }
}

/// The round trip of one JSON example into `T`.
fn json_roundtrip<T>(text: &str) -> T
where
    T: DeserializeOwned + Serialize + PartialEq + Debug,
{
    let orig: Value = serde_json::from_str(text).expect("the example is valid JSON");
    let first: T = serde_json::from_str(text).expect("the example deserializes into its type");
    let out = serde_json::to_string(&first).expect("serializes");
    let second: T = serde_json::from_str(&out).expect("the output deserializes again");
    assert_eq!(first, second, "deserialize(serialize(x)) != x");
    let back: Value = serde_json::from_str(&out).expect("valid JSON out");
    assert_nothing_lost(&orig, &back, "$");
    // Serializing again gives the same text: the output is a fixed point.
    assert_eq!(serde_json::to_string(&second).expect("serializes"), out);
    first
}

/// The round trip of one GET example URL's query string into `T`.
fn query_roundtrip<T>(url: &str) -> T
where
    T: DeserializeOwned + Serialize + PartialEq + Debug,
{
    let url = url.trim();
    let (_, query) = url.split_once('?').expect("the URL has a query");
    let orig: Vec<(String, String)> = serde_urlencoded::from_str(query).expect("pairs");
    let first: T = serde_urlencoded::from_str(query).expect("the query parses into its type");
    let out = serde_urlencoded::to_string(&first).expect("serializes");
    let second: T = serde_urlencoded::from_str(&out).expect("the output parses again");
    assert_eq!(first, second, "parse(serialize(x)) != x");
    let back: BTreeMap<String, String> = serde_urlencoded::from_str(&out).expect("pairs");
    for (k, v) in &orig {
        assert_eq!(
            back.get(k),
            Some(v),
            "query parameter {k} lost or changed: {out}"
        );
    }
    assert_eq!(back.len(), orig.len(), "parameters were added: {out}");
    first
}

macro_rules! example {
    ($file:literal) => {
        include_str!(concat!("seed000/", $file))
    };
}

/// The response envelope of the interfaces whose data is not specified (4.4,
/// 4.13, 4.14) or always null in failures.
type Bare = Envelope<Value>;

fn assert_failure(env: &Bare, code: i64, message: &str) {
    assert_eq!(env.code, code);
    assert_eq!(env.message, message);
    assert_eq!(env.data, None);
}

// ------------------------------------------------------------------ 4.3 tag list

#[test]
fn s4_03_tag_list_query() {
    let q: TagListQuery = query_roundtrip(example!("4_03_tag_list.url"));
    assert_eq!(q.app_code, "egovHcp");
    assert_eq!(q.eval_entity_code, EvalEntityCode::EgovGuide);
    assert_eq!(q.general_stars.get(), 5);
    assert_eq!(q.tag_type, None);
}

#[test]
fn s4_03_tag_list_response() {
    let r: Envelope<TagListData> = json_roundtrip(example!("4_03_tag_list.response.json"));
    assert_eq!(r.code, 0);
    assert_eq!(r.message, "SUCCESS");
    let tags = r.data.expect("data").tag_list;
    assert_eq!(tags.len(), 4);
    assert_eq!(tags[0].tag_id.as_str(), "6176177894981641");
    assert_eq!(tags[0].tag_name, "材料范本非常规范");
    assert_eq!(tags[3].tag_name, "情形非常合理");
    assert!(tags.iter().all(|t| t.star_num.map(|s| s.get()) == Some(5)));
}

// ------------------------------------------------------------------ 4.4 consult

#[test]
fn s4_04_hallworker_eval_request() {
    let r: HallWorkerEvalRequest = json_roundtrip(example!("4_04_hallworker_eval.request.json"));
    assert_eq!(r.app_code, "hallCs");
    assert_eq!(r.eval_entity_code, EvalEntityCode::HallAffair);
    // A bare number in the example; a string in the table and in our output.
    assert_eq!(r.hall.hall_code.as_str(), "56417234343428097");
    assert_eq!(r.hall.hall_worker_name, "李凤");
    assert_eq!(r.hall.work_no.as_str(), "1212");
    let tags: Vec<&str> = r.tag_list.iter().flatten().map(TagRef::id).collect();
    assert_eq!(tags, ["6184929050230784", "6184929050230788"]);
    assert_eq!(r.general_stars.get(), 5);
    assert_eq!(r.remark.as_deref(), Some("评论测试数据"));
    assert_eq!(r.channel, Channel::HallPad);
    assert_eq!(r.eval_process, Some(EvalProcess::Done));
    let u = r.user.expect("user");
    // The example's uid has spaces around it; they are kept, not trimmed.
    assert_eq!(
        u.user_id.as_deref(),
        Some(" 08ffe903-538c-42bc-b300-76ddd1c26924 ")
    );
    assert_eq!(u.user_name, "吴鹏");
    assert_eq!(
        u.contact_phone.as_deref(),
        Some("7191adf0dd70fc77fecf6b31f1b3b976")
    );
    assert_eq!(u.user_type.0, 1);
    assert_eq!(u.certificate_type, None);
    assert_eq!(
        u.certificate_no.as_deref(),
        Some("91264dfaaa1e808c0350652a03c78031b8614dcc7772a52e")
    );
}

#[test]
fn s4_04_hallworker_eval_responses() {
    let ok: Bare = json_roundtrip(example!("4_04_hallworker_eval.response.json"));
    assert_failure(&ok, 0, "SUCCESS");
    assert!(!ok.is_already_rated());
    let bad: Bare = json_roundtrip(example!("4_04_hallworker_eval.failure.json"));
    assert_failure(&bad, code::INVALID, "申请人姓名不能含有特殊字符");
    assert!(!bad.is_already_rated());
}

// ------------------------------------------------------------------ 4.5 affair

#[test]
fn s4_05_affair_eval_request() {
    let r: AffairEvalRequest = json_roundtrip(example!("4_05_affair_eval.request.json"));
    assert_eq!(r.app_code, "hallCs");
    assert_eq!(r.channel, Channel::MiniApp);
    // "5" and "2" are strings in the example.
    assert_eq!(r.general_stars.get(), 5);
    assert_eq!(r.eval_process, EvalProcess::Done);
    assert_eq!(r.eval_entity_code, EvalEntityCode::HallAffair);
    assert_eq!(r.remark.as_deref(), Some("8月31号szg测试"));
    assert_eq!(r.eval_time.as_deref(), Some("20200831115716"));
    let tags: Vec<&str> = r.tag_list.iter().flatten().map(TagRef::id).collect();
    assert_eq!(tags, ["6176177894981642"]);
    assert_eq!(r.department.department_name.as_deref(), Some("自然资源局"));
    assert_eq!(
        r.department.ouguid.as_deref(),
        Some("650b2191-e399-4684-81cb-f47629103857")
    );
    assert_eq!(r.department.department_code, "11210100001583287J");
    assert_eq!(r.affair.affair_name, "测试事项yx_证照");
    assert_eq!(r.affair.affair_apply_time, "20200827175015");
    assert_eq!(
        r.affair.affair_serial_no,
        "210101-210100259014-20200819134236952"
    );
    assert_eq!(r.affair.affair_deal_officer, "yx");
    assert_eq!(r.affair.affair_code, "11210100001582962H3211000880000");
    assert_eq!(r.affair.affair_done_time.as_deref(), Some("20200827175016"));
    assert_eq!(r.user.user_type.0, 1);
    assert_eq!(r.user.certificate_type.map(|c| c.0), Some(22));
    assert_eq!(r.user.passport_name.as_deref(), Some("szg"));
    let hall = r.hall.expect("hall");
    assert_eq!(hall.hall_code.as_str(), "56417234343428097");
    assert_eq!(hall.hall_name.as_deref(), Some("沈阳测试大厅"));
    assert_eq!(hall.hall_worker_name, "李凤");
    assert_eq!(hall.work_no.as_str(), "1212");
}

#[test]
fn s4_05_affair_eval_responses() {
    let ok: Envelope<EvalResult> = json_roundtrip(example!("4_05_affair_eval.response.json"));
    assert_eq!(ok.code, code::OK);
    let d = ok.data.expect("data");
    assert_eq!(d.affair_eval_id.as_str(), "157633797775425536");
    assert_eq!(d.eval_time.as_deref(), Some("20200901191754"));
    assert_eq!(d.current_work_order_status.map(|s| s.0), Some(3));

    let dup: Envelope<EvalResult> = json_roundtrip(example!("4_05_affair_eval.failure.json"));
    assert_eq!(dup.code, code::FAILED);
    assert_eq!(dup.message, "请勿重复评价");
    assert_eq!(dup.data, None);
    assert!(dup.is_already_rated());
}

// ------------------------------------------------------------------ 4.6 batch

#[test]
fn s4_06_multieval_request() {
    let r: MultiEvalRequest = json_roundtrip(example!("4_06_multieval.request.json"));
    assert_eq!(r.app_code, "jianhang");
    assert_eq!(r.eval_entity_code, EvalEntityCode::AppAffair);
    assert_eq!(r.affair_code, "11210000001099508F2210100001001");
    assert_eq!(r.affair_name, "电网工程项目核准");
    assert_eq!(r.hall, None);
    assert_eq!(r.department.department_code, "11210000001099743F");
    assert_eq!(r.department.department_name, None);
    assert_eq!(r.affair_list.len(), 2);
    assert_eq!(
        r.affair_list[0].affair_serial_no,
        "210000-210100183015-20190805160712863"
    );
    assert_eq!(r.affair_list[0].affair_deal_officer, "李萌");
    assert_eq!(r.affair_list[1].affair_deal_officer, "本萌");
    assert_eq!(
        r.affair_list[1].affair_done_time.as_deref(),
        Some("20200902153028")
    );
    assert_eq!(r.user.user_name, "孙文岩");
    assert_eq!(r.user.certificate_type.map(|c| c.0), Some(1));
    assert_eq!(r.general_stars.get(), 5);
    assert_eq!(r.remark.as_deref(), Some("附加评论测试"));
    assert_eq!(r.eval_process, EvalProcess::Done);
    assert_eq!(r.channel, Channel::MiniApp);
    assert_eq!(r.eval_time, None);
}

#[test]
fn s4_06_multieval_response() {
    let r: Envelope<Vec<MultiEvalItem>> = json_roundtrip(example!("4_06_multieval.response.json"));
    assert_eq!(r.code, code::OK);
    let items = r.data.expect("data");
    assert_eq!(items.len(), 2);
    assert_eq!(items[0].code, 0);
    assert_eq!(items[0].message, "评价成功");
    let c0 = items[0].data.as_ref().expect("case");
    assert_eq!(c0.affair_serial_no, "210000-210100183015-20190805160712863");
    assert_eq!(c0.affair_code, None);
    assert_eq!(c0.affair_deal_officer.as_deref(), Some("李萌"));
    assert_eq!(c0.accept_person, None);
    assert_eq!(items[1].code, code::FAILED);
    assert_eq!(
        items[1].message,
        "评价失败,原因:210000-210100183015-20190805160712864的评价在系统中已存在"
    );
    assert!(is_already_rated_message(&items[1].message));
    assert!(!is_already_rated_message(&items[0].message));
}

// ------------------------------------------------------------------ 4.7 one thing

#[test]
fn s4_07_onethingeval_request() {
    let r: OneThingEvalRequest = json_roundtrip(example!("4_07_onethingeval.request.json"));
    // A no-break space inside the string, verbatim from the seed.
    assert_eq!(r.sub_business, "open\u{a0}company");
    assert_eq!(r.relation_bus_num.0, 2);
    assert_eq!(r.eval_list_vo.len(), 2);
    let a = &r.eval_list_vo[0];
    assert_eq!(
        a.affair.affair_serial_no,
        "210000-210100188000-20191031103932435"
    );
    assert_eq!(a.affair.affair_deal_officer, "张虹");
    assert_eq!(a.app_code, "hallCs");
    assert_eq!(a.channel, Channel::HallPad);
    assert_eq!(a.department.department_code, "11211100MB1507487E");
    assert_eq!(a.eval_process, EvalProcess::Done);
    assert_eq!(a.general_stars.get(), 5);
    assert_eq!(
        a.hall.as_ref().map(|h| h.hall_worker_name.as_str()),
        Some("刘丹丹")
    );
    // Tags as objects here, not bare ids; written back as objects.
    let tags = a.tag_list.as_ref().expect("tags");
    assert!(matches!(tags[0], TagRef::Object { .. }));
    assert_eq!(
        tags.iter().map(TagRef::id).collect::<Vec<_>>(),
        ["6184929050230784", "6184929050230788"]
    );
    assert_eq!(a.user.user_id.as_deref(), Some("41338431132925952"));
    let b = &r.eval_list_vo[1];
    assert_eq!(b.general_stars.get(), 2);
    assert_eq!(b.remark.as_deref(), Some("体验很差好不好！"));
    assert_eq!(b.tag_list, None);
}

#[test]
fn s4_07_onethingeval_responses() {
    let ok: Envelope<Vec<String>> = json_roundtrip(example!("4_07_onethingeval.response.json"));
    let lines = ok.data.expect("data");
    assert_eq!(
        lines,
        [
            "210000-210100188000-20191031103932436评价失败,原因:当前流程已经评价过，请勿再次评价",
            "210000-210100188000-20191031103932436评价成功"
        ]
    );
    assert!(is_already_rated_message(&lines[0]));
    let bad: Bare = json_roundtrip(example!("4_07_onethingeval.failure.json"));
    assert_failure(&bad, code::INVALID, "事项编码affairCode不能为空");
}

// ------------------------------------------------------------------ 4.8 guide

#[test]
fn s4_08_guide_eval_request() {
    let r: GuideEvalRequest = json_roundtrip(example!("4_08_guide_eval.request.json"));
    assert_eq!(r.general_stars.get(), 3);
    assert_eq!(r.remark.as_deref(), Some(""));
    assert_eq!(
        r.tag_list
            .iter()
            .flatten()
            .map(TagRef::id)
            .collect::<Vec<_>>(),
        [
            "6176177894981649",
            "6176177894981650",
            "6176177894981651",
            "6176177894981652"
        ]
    );
    assert_eq!(r.guide.department_code, "11211282001198258E");
    assert_eq!(r.guide.affair_code, "11211282001198258E4000109040000");
    assert_eq!(r.guide.affair_name, "其它无户口人员恢复户口");
    assert_eq!(
        r.user.user_id.as_deref(),
        Some("0292f238da6e4eeda5e930b15df88f79")
    );
    assert_eq!(r.app_code, "jianhang");
    assert_eq!(r.eval_entity_code, EvalEntityCode::EgovGuide);
    assert_eq!(r.channel, Channel::Web);
    assert_eq!(r.eval_time, "20191013200714");
}

#[test]
fn s4_08_guide_eval_responses() {
    let ok: Envelope<EvalResult> = json_roundtrip(example!("4_08_guide_eval.response.json"));
    let d = ok.data.expect("data");
    assert_eq!(d.affair_eval_id.as_str(), "157639715346972672");
    assert_eq!(d.eval_time, None);
    assert_eq!(d.current_work_order_status, None);
    let bad: Envelope<EvalResult> = json_roundtrip(example!("4_08_guide_eval.failure.json"));
    assert_eq!(bad.code, code::INVALID);
    assert_eq!(bad.message, "用户类型不能为空");
    assert_eq!(bad.data, None);
}

// ------------------------------------------------------------------ 4.9 / 4.10 lists

#[test]
fn s4_09_detail_list_query() {
    let q: DetailListQuery = query_roundtrip(example!("4_09_detail_list.url"));
    assert_eq!(q.apply_month, "2019-10");
    assert_eq!(q.user_id, "35c9f094-915b-488d-ba26-d71159c2020b");
    assert_eq!(q.page_no.0, 1);
    assert_eq!(q.page_size.0, 10);
    assert_eq!(q.eval_flag, None);
}

#[test]
fn s4_09_detail_list_response() {
    let r: Envelope<Page<AffairSummary>> =
        json_roundtrip(example!("4_09_detail_list.response.json"));
    let p = r.data.expect("data");
    assert_eq!(
        (p.page_no.0, p.page_size.0, p.page_total.0, p.total.0),
        (1, 10, 1, 1)
    );
    assert_eq!(p.page_data.len(), 2);
    let a = &p.page_data[0];
    assert_eq!(a.entity_code, "egovAffair");
    assert_eq!(a.affair_done_day, None);
    assert_eq!(a.affair_source.map(|s| s.0), Some(1));
    assert_eq!(a.affair_serial_no, "210000-210101681002-20207031409191234");
    assert_eq!(a.department_name.as_deref(), Some("辽宁省药品监督管理局"));
    assert_eq!(a.affair_name, "测试1");
    // A no-break space inside the string, verbatim from the seed.
    assert_eq!(
        a.affair_apply_time.as_deref(),
        Some("2020-07-03\u{a0}14:10:06")
    );
    assert_eq!(a.general_stars.map(|s| s.get()), Some(1));
    assert_eq!(a.process_status.map(|s| s.0), Some(2));
    assert_eq!(a.eval_flag.0, 2);
    assert_eq!(p.page_data[1].affair_name, "测试2");
}

#[test]
fn s4_10_detail_list_by_time_query() {
    let q: DetailListByTimeQuery = query_roundtrip(example!("4_10_detail_list_by_time.url"));
    assert_eq!(q.user_id, "35c9f094-915b-488d-ba26-d71159c2020b");
    assert_eq!(q.page_no.0, 1);
    assert_eq!(q.page_size.0, 10);
    assert_eq!(q.start_time.as_deref(), Some("20190901061001"));
    assert_eq!(q.end_time.as_deref(), Some("20191010231010"));
}

#[test]
fn s4_10_detail_list_by_time_response() {
    let r: Envelope<Page<AffairSummary>> =
        json_roundtrip(example!("4_10_detail_list_by_time.response.json"));
    let p = r.data.expect("data");
    assert_eq!(
        (p.page_no.0, p.page_size.0, p.page_total.0, p.total.0),
        (1, 5, 2, 10)
    );
    assert_eq!(p.page_data.len(), 5);
    assert_eq!(p.page_data[0].affair_name, "煤矿技术改造项目审批");
    assert_eq!(p.page_data[0].general_stars, None);
    assert_eq!(p.page_data[0].eval_flag.0, 0);
    assert_eq!(p.page_data[2].general_stars.map(|s| s.get()), Some(4));
    let hall = &p.page_data[4];
    assert_eq!(hall.entity_code, "hallAffair");
    assert_eq!(hall.affair_done_day.map(|d| d.0), Some(0));
    assert_eq!(hall.affair_source.map(|d| d.0), Some(3));
    assert_eq!(
        hall.affair_done_time.as_deref(),
        Some("2019-10-12 08:56:35")
    );
}

// ------------------------------------------------------------------ 4.11 detail

#[test]
fn s4_11_detail_query() {
    let q: DetailQuery = query_roundtrip(example!("4_11_detail.url"));
    assert_eq!(q.app_code, "egovHcp");
    assert_eq!(q.affair_serial_no, "210000-210100001009-20191012124738520");
    assert_eq!(q.user_id, "35c9f094-915b-488d-ba26-d71159c2020b");
}

#[test]
fn s4_11_detail_response() {
    let r: Envelope<AffairDetail> = json_roundtrip(example!("4_11_detail.response.json"));
    let d = r.data.expect("data");
    assert_eq!(d.entity_code, "egovAffair");
    assert_eq!(d.channel_code, None);
    assert_eq!(d.affair_name, "石化项目核准");
    assert_eq!(d.general_stars.map(|s| s.get()), Some(4));
    assert_eq!(d.eval_flag.0, 2);
    assert_eq!(d.processing_eval, None);
    let c = d.completed_eval.expect("completed");
    assert_eq!(c.eval_id.as_str(), "40262765985660928");
    assert_eq!(c.general_stars.get(), 4);
    assert_eq!(c.remark, None);
    assert_eq!(c.eval_time, "2019-10-13 22:07:20");
    assert_eq!(c.eval_process, EvalProcess::Done);
    assert_eq!(
        c.tag_list
            .iter()
            .map(|t| t.tag_name.as_str())
            .collect::<Vec<_>>(),
        ["只填写一张表单", "最多跑一次"]
    );
    assert_eq!(c.dept_feedback, None);
}

// ------------------------------------------------------------------ 4.12 guide list

#[test]
fn s4_12_guide_eval_list_query() {
    let q: GuideEvalListQuery = query_roundtrip(example!("4_12_guide_eval_list.url"));
    assert_eq!(q.app_code, "jianhang");
    assert_eq!(q.eval_entity_code, EvalEntityCode::EgovGuide);
    assert_eq!(q.user_id, "0292f238da6e4eeda5e930b15df88f79");
    assert_eq!(q.page_size.0, 10);
    assert_eq!(q.page_no.0, 1);
    assert_eq!(q.affair_code, None);
}

#[test]
fn s4_12_guide_eval_list_response() {
    let r: Envelope<Page<GuideEvalRecord>> =
        json_roundtrip(example!("4_12_guide_eval_list.response.json"));
    let p = r.data.expect("data");
    assert_eq!(p.total.0, 3);
    assert_eq!(p.page_data.len(), 3);
    let g = &p.page_data[1];
    assert_eq!(g.affair_eval_id.as_str(), "40932089113083904");
    assert_eq!(g.affair_name.as_deref(), Some("其它无户口人员恢复户口"));
    assert_eq!(g.general_stars.get(), 3);
    assert_eq!(g.remark.as_deref(), Some(""));
    assert_eq!(g.eval_time, "20191013200714");
    assert_eq!(g.tag_list.as_ref().map(Vec::len), Some(4));
}

// ------------------------------------------------------------------ 4.13 / 4.14 work orders

#[test]
fn s4_13_evalvalidity() {
    let r: EvalValidityRequest = json_roundtrip(example!("4_13_evalvalidity.request.json"));
    assert_eq!(r.app_code, "hotLine8890");
    assert_eq!(
        r.eval_work_order_no,
        "210000-210100188000-20191031103932435"
    );
    assert_eq!(r.validity.0, 1);
    let ok: Bare = json_roundtrip(example!("4_13_evalvalidity.response.json"));
    assert_failure(&ok, code::OK, "SUCCESS");
}

#[test]
fn s4_14_evalprocess() {
    let r: EvalProcessRequest = json_roundtrip(example!("4_14_evalprocess.request.json"));
    assert_eq!(r.app_code, "hotLine8890");
    assert_eq!(r.eval_work_order_no, "B40897245633052672");
    assert_eq!(r.process_list.len(), 1);
    assert_eq!(r.process_list[0].process_time, "20191015171010");
    assert_eq!(r.process_list[0].process_type.0, 2);
    assert_eq!(
        r.process_list[0].remark.as_deref(),
        Some("热线处理回访成功")
    );
    let bad: Bare = json_roundtrip(example!("4_14_evalprocess.response.json"));
    assert_failure(&bad, code::NO_WORK_ORDER, "工单不存在");
}

// ------------------------------------------------------------------ 4.15 hall workers

#[test]
fn s4_15_hallworkers_query() {
    let q: HallWorkersQuery = query_roundtrip(example!("4_15_hallworkers.url"));
    assert_eq!(q.app_code.as_deref(), Some("jianhang"));
    assert_eq!(q.user_id, "0292f238da6e4eeda5e930b15df88f79");
    assert_eq!(q.page_size.0, 10);
    assert_eq!(q.page_no.0, 1);
    assert_eq!(q.start_time.as_deref(), Some("20200701000000"));
    assert_eq!(q.end_time.as_deref(), Some("20200710000000"));
}

#[test]
fn s4_15_hallworkers_response() {
    let r: Envelope<Page<HallWorkerEvalRecord>> =
        json_roundtrip(example!("4_15_hallworkers.response.json"));
    let p = r.data.expect("data");
    assert_eq!(p.page_data.len(), 1);
    let e = &p.page_data[0];
    assert_eq!(e.eval_id.as_str(), "137663396349739008");
    assert_eq!(e.general_stars.get(), 5);
    assert_eq!(e.remark, None);
    assert_eq!(e.eval_time, "2020-07-08 16:42:39");
    assert_eq!(
        e.tag_list
            .iter()
            .flatten()
            .map(|t| t.tag_name.as_str())
            .collect::<Vec<_>>(),
        ["服务热情周到", "业务熟悉，办事效率高"]
    );
}

// ------------------------------------------------------------------ the harness itself

#[test]
fn the_harness_catches_a_lost_key_and_a_changed_value() {
    let orig: Value = serde_json::json!({"a": {"b": "5", "c": [1, 2]}, "d": null});
    let same_loose: Value = serde_json::json!({"a": {"b": 5, "c": ["1", 2]}, "d": null});
    assert_nothing_lost(&orig, &same_loose, "$");
    let lost: Value = serde_json::json!({"a": {"c": [1, 2]}, "d": null});
    assert!(std::panic::catch_unwind(|| assert_nothing_lost(&orig, &lost, "$")).is_err());
    let changed: Value = serde_json::json!({"a": {"b": "6", "c": [1, 2]}, "d": null});
    assert!(std::panic::catch_unwind(|| assert_nothing_lost(&orig, &changed, "$")).is_err());
    let nulled: Value = serde_json::json!({"a": {"b": "5", "c": [1, 2]}, "d": "x"});
    assert!(std::panic::catch_unwind(|| assert_nothing_lost(&orig, &nulled, "$")).is_err());
    let shorter: Value = serde_json::json!({"a": {"b": "5", "c": [1]}, "d": null});
    assert!(std::panic::catch_unwind(|| assert_nothing_lost(&orig, &shorter, "$")).is_err());
}

#[test]
fn every_example_file_is_used() {
    let this = include_str!("seed000.rs");
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/seed000");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).expect("dir") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        if name.ends_with(".json") || name.ends_with(".url") {
            n += 1;
            assert!(
                this.contains(&format!("example!(\"{name}\")")),
                "{name} is not tested"
            );
        }
    }
    // 4.3–4.15: 24 JSON bodies and 6 GET query examples.
    assert_eq!(n, 30);
}

//! Request checks in the platform's own words. Each interface's body is first
//! checked as JSON against its seed-000 table (必填 是 fields, formats, value
//! sets, tag ids, decryption), so a refusal names the field the way the
//! platform does (`事项编码affairCode不能为空`, code 2). Only then is it read
//! into the protocol type, which must then succeed.

use std::collections::HashMap;

use hcp_protocol::crypt::DesKey;
use hcp_protocol::sign::parse_timestamp14;
use hcp_protocol::types::{Personal, Remark};
use hcp_protocol::upstream::{
    AffairEvalRequest, EvalProcessRequest, EvalValidityRequest, GuideEvalRequest,
    HallWorkerEvalRequest, MultiEvalRequest, OneThingEvalRequest, code,
};
use hcp_protocol::{Channel, EvalEntityCode, Problem};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::tags;

type Obj = Map<String, Value>;

/// A refusal: the code and the platform's message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Refusal {
    pub code: i64,
    pub message: String,
}

impl Refusal {
    /// Code 2, 参数不合法.
    pub(crate) fn invalid(message: impl Into<String>) -> Refusal {
        Refusal {
            code: code::INVALID,
            message: message.into(),
        }
    }
}

/// A field as the spec's tables name it: JSON name, Chinese label, longest value.
#[derive(Debug, Clone, Copy)]
pub(crate) struct F {
    name: &'static str,
    label: &'static str,
    max: usize,
}

impl F {
    pub(crate) fn empty(self) -> Refusal {
        Refusal::invalid(format!("{}{}不能为空", self.label, self.name))
    }

    pub(crate) fn bad(self, what: &str) -> Refusal {
        Refusal::invalid(format!("{}{}{}", self.label, self.name, what))
    }
}

const fn f(name: &'static str, label: &'static str, max: usize) -> F {
    F { name, label, max }
}

/// The fields.
pub(crate) mod field {
    use super::{F, f};

    pub const APP_CODE: F = f("appCode", "系统编码", 64);
    pub const EVAL_ENTITY_CODE: F = f("evalEntityCode", "评价对象编码", 32);
    pub const HALL: F = f("hall", "大厅信息", 0);
    pub const HALL_CODE: F = f("hallCode", "大厅编码", 32);
    pub const HALL_NAME: F = f("hallName", "大厅名字", 100);
    pub const HALL_WORKER_NAME: F = f("hallWorkerName", "窗口服务人员姓名", 50);
    pub const WORK_NO: F = f("workNo", "窗口服务人员工号", 32);
    pub const DEPARTMENT: F = f("department", "部门信息", 0);
    pub const DEPARTMENT_CODE: F = f("departmentCode", "部门编码", 64);
    pub const DEPARTMENT_NAME: F = f("departmentName", "部门名称", 200);
    pub const OUGUID: F = f("ouguid", "部门标识", 64);
    pub const AFFAIR: F = f("affair", "办件事项信息", 0);
    pub const AFFAIR_LIST: F = f("affairList", "办件事项信息", 100);
    pub const AFFAIR_SERIAL_NO: F = f("affairSerialNo", "办件编号", 64);
    pub const AFFAIR_CODE: F = f("affairCode", "事项编码", 64);
    pub const AFFAIR_NAME: F = f("affairName", "事项名称", 200);
    pub const AFFAIR_DEAL_OFFICER: F = f("affairDealOfficer", "事项受理人姓名", 50);
    pub const AFFAIR_APPLY_TIME: F = f("affairApplyTime", "事项受理时间", 0);
    pub const AFFAIR_DONE_TIME: F = f("affairDoneTime", "事项办结时间", 0);
    pub const USER: F = f("user", "评价人信息", 0);
    pub const USER_ID: F = f("userId", "统一身份认证用户ID", 64);
    pub const USER_NAME: F = f("userName", "评价人姓名", 50);
    pub const CONTACT_PHONE: F = f("contactPhone", "评价人手机号码", 256);
    pub const PASSPORT_NAME: F = f("passportName", "评价者登录账号", 64);
    pub const USER_TYPE: F = f("userType", "用户类型", 0);
    pub const CERTIFICATE_TYPE: F = f("certificateType", "证件类型", 0);
    pub const CERTIFICATE_NO: F = f("certificateNo", "证件编号", 256);
    pub const TAG_LIST: F = f("tagList", "评价标签", 50);
    pub const GENERAL_STARS: F = f("generalStars", "整体评价星级", 0);
    pub const REMARK: F = f("remark", "附加评论", 500);
    pub const EVAL_PROCESS: F = f("evalProcess", "评价阶段", 0);
    pub const CHANNEL: F = f("channel", "渠道标识", 16);
    pub const EVAL_TIME: F = f("evalTime", "评价时间", 0);
    pub const GUIDE: F = f("guide", "办事指南信息", 0);
    pub const EVAL_LIST_VO: F = f("evalListVo", "事项评价数据", 50);
    pub const SUB_BUSINESS: F = f("subBusiness", "主题业务", 200);
    pub const RELATION_BUS_NUM: F = f("relationBusNum", "关联业务数", 0);
    pub const EVAL_WORK_ORDER_NO: F = f("evalWorkOrderNo", "差评工单编号", 64);
    pub const VALIDITY: F = f("validity", "有效性标识", 0);
    pub const PROCESS_LIST: F = f("processList", "评价工单流程", 50);
    pub const PROCESS_TIME: F = f("processTime", "处理时间", 0);
    pub const PROCESS_TYPE: F = f("processType", "处理类型", 0);
    pub const PROCESS_REMARK: F = f("remark", "处理信息", 2000);
    pub const APPLY_MONTH: F = f("applyMonth", "申请月份", 0);
    pub const PAGE_NO: F = f("pageNo", "起始页", 0);
    pub const PAGE_SIZE: F = f("pageSize", "每页大小", 0);
    pub const EVAL_FLAG: F = f("evalFlag", "评价状态", 0);
    pub const START_TIME: F = f("startTime", "查询开始时间", 0);
    pub const END_TIME: F = f("endTime", "查询结束时间", 0);
    pub const TAG_TYPE: F = f("type", "星级类型", 0);
}

use field::*;

// ---------------------------------------------------------------- JSON helpers

/// Reads a body: JSON, and an object.
pub(crate) fn parse_body(body: &[u8]) -> Result<Value, Refusal> {
    let v: Value = serde_json::from_slice(body)
        .map_err(|e| Refusal::invalid(format!("请求报文不是合法的JSON：{e}")))?;
    if !v.is_object() {
        return Err(Refusal::invalid("请求报文必须为JSON对象"));
    }
    Ok(v)
}

fn as_obj(v: &Value) -> Result<&Obj, Refusal> {
    v.as_object()
        .ok_or_else(|| Refusal::invalid("请求报文必须为JSON对象"))
}

/// Reads the checked body into its protocol type.
fn typed<T: DeserializeOwned>(v: &Value) -> Result<T, Refusal> {
    T::deserialize(v).map_err(|e| Refusal::invalid(format!("请求参数格式不正确：{e}")))
}

fn present(o: &Obj, f: F) -> Option<&Value> {
    o.get(f.name).filter(|v| !v.is_null())
}

fn check_len(s: &str, f: F) -> Result<(), Refusal> {
    if f.max > 0 && s.chars().count() > f.max {
        return Err(f.bad(&format!("长度不能超过{}个字符", f.max)));
    }
    if s.chars().any(char::is_control) {
        return Err(f.bad("不能含有控制字符"));
    }
    Ok(())
}

/// A string (or, when `loose`, a number) field; blank reads as absent.
fn text_of(v: &Value, f: F, loose: bool) -> Result<Option<String>, Refusal> {
    let s = match v {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) if loose => n.to_string(),
        _ if loose => return Err(f.bad("必须为字符串或数字")),
        _ => return Err(f.bad("必须为字符串")),
    };
    if s.is_empty() {
        return Ok(None);
    }
    check_len(&s, f)?;
    Ok(Some(s))
}

fn opt_text(o: &Obj, f: F) -> Result<Option<String>, Refusal> {
    present(o, f).map_or(Ok(None), |v| text_of(v, f, false))
}

fn req_text(o: &Obj, f: F) -> Result<String, Refusal> {
    opt_text(o, f)?.ok_or_else(|| f.empty())
}

/// Codes the spec's examples send as numbers too (`"hallCode": 56417234343428097`).
fn req_code(o: &Obj, f: F) -> Result<String, Refusal> {
    present(o, f)
        .map_or(Ok(None), |v| text_of(v, f, true))?
        .ok_or_else(|| f.empty())
}

fn int_of(v: &Value, f: F) -> Result<Option<i64>, Refusal> {
    match v {
        Value::Number(n) => n.as_i64().map(Some).ok_or_else(|| f.bad("必须为整数")),
        Value::String(s) if s.trim().is_empty() => Ok(None),
        Value::String(s) => s.trim().parse().map(Some).map_err(|_| f.bad("必须为整数")),
        _ => Err(f.bad("必须为整数")),
    }
}

fn opt_int(o: &Obj, f: F) -> Result<Option<i64>, Refusal> {
    present(o, f).map_or(Ok(None), |v| int_of(v, f))
}

fn req_int(o: &Obj, f: F) -> Result<i64, Refusal> {
    opt_int(o, f)?.ok_or_else(|| f.empty())
}

fn opt_obj(o: &Obj, f: F) -> Result<Option<&Obj>, Refusal> {
    match present(o, f) {
        None => Ok(None),
        Some(Value::Object(m)) => Ok(Some(m)),
        Some(_) => Err(f.bad("必须为对象")),
    }
}

fn req_obj(o: &Obj, f: F) -> Result<&Obj, Refusal> {
    opt_obj(o, f)?.ok_or_else(|| f.empty())
}

/// A non-empty array of at most `f.max` items.
fn req_list(o: &Obj, f: F) -> Result<&Vec<Value>, Refusal> {
    match present(o, f) {
        None => Err(f.empty()),
        Some(Value::Array(a)) if a.is_empty() => Err(f.empty()),
        Some(Value::Array(a)) if a.len() > f.max => Err(f.bad(&format!("不能超过{}项", f.max))),
        Some(Value::Array(a)) => Ok(a),
        Some(_) => Err(f.bad("必须为数组")),
    }
}

fn item_obj(v: &Value, f: F) -> Result<&Obj, Refusal> {
    v.as_object().ok_or_else(|| f.bad("的每一项必须为对象"))
}

/// `yyyyMMddHHmmss`, a real date and time.
fn check_time(s: &str, f: F) -> Result<(), Refusal> {
    match parse_timestamp14(s) {
        Some(_) => Ok(()),
        None => Err(f.bad("格式应为yyyyMMddHHmmss")),
    }
}

fn req_time(o: &Obj, f: F) -> Result<String, Refusal> {
    let s = req_text(o, f)?;
    check_time(&s, f)?;
    Ok(s)
}

fn opt_time(o: &Obj, f: F) -> Result<Option<String>, Refusal> {
    let s = opt_text(o, f)?;
    if let Some(s) = &s {
        check_time(s, f)?;
    }
    Ok(s)
}

/// A person's name: the platform refuses markup and shell-ish characters
/// (seed 000 §4.4: 申请人姓名不能含有特殊字符).
fn req_name(o: &Obj, f: F) -> Result<String, Refusal> {
    let s = req_text(o, f)?;
    if s.chars().any(|c| "<>\"'&\\/;{}[]|$%*^=+`~!@#?".contains(c)) {
        return Err(f.bad("不能含有特殊字符"));
    }
    Ok(s)
}

fn entity(o: &Obj, allowed: &[EvalEntityCode]) -> Result<EvalEntityCode, Refusal> {
    let s = req_text(o, EVAL_ENTITY_CODE)?;
    let names: Vec<&str> = allowed.iter().map(|e| e.as_str()).collect();
    let wrong = || {
        let list = match names.as_slice() {
            [one] => (*one).to_string(),
            many => format!("{}之一", many.join("、")),
        };
        EVAL_ENTITY_CODE.bad(&format!("必须为{list}"))
    };
    let e: EvalEntityCode = s.parse().map_err(|_| wrong())?;
    if allowed.contains(&e) {
        Ok(e)
    } else {
        Err(wrong())
    }
}

fn stars(o: &Obj) -> Result<u8, Refusal> {
    let n = req_int(o, GENERAL_STARS)?;
    u8::try_from(n)
        .ok()
        .filter(|n| (1..=5).contains(n))
        .ok_or_else(|| GENERAL_STARS.bad("必须为1到5的整数"))
}

fn process_of(n: i64) -> Result<u8, Refusal> {
    match n {
        1 => Ok(1),
        2 => Ok(2),
        _ => Err(EVAL_PROCESS.bad("必须为1（受理阶段）或2（办结阶段）")),
    }
}

fn process(o: &Obj) -> Result<u8, Refusal> {
    process_of(req_int(o, EVAL_PROCESS)?)
}

/// The stage if it is readable, to know whether affairDoneTime is required;
/// errors in it are reported where the table puts evalProcess.
fn peek_process(o: &Obj) -> Option<u8> {
    opt_int(o, EVAL_PROCESS)
        .ok()
        .flatten()
        .and_then(|n| process_of(n).ok())
}

fn channel(o: &Obj) -> Result<Channel, Refusal> {
    let s = req_text(o, CHANNEL)?;
    s.parse()
        .map_err(|_| CHANNEL.bad(&format!("必须为{}之一", Channel::ALL.join("、"))))
}

fn remark(o: &Obj) -> Result<Option<String>, Refusal> {
    let s = match present(o, REMARK) {
        None => return Ok(None),
        Some(Value::String(s)) => s.clone(),
        Some(_) => return Err(REMARK.bad("必须为字符串")),
    };
    match Remark::new(s.clone()) {
        Ok(_) => Ok(Some(s)),
        Err(Problem::TooLong { max, .. }) => Err(REMARK.bad(&format!("不能超过{max}个字"))),
        Err(_) => Err(REMARK.bad("不能含有控制字符")),
    }
}

/// The tag ids, each in the catalog. `required`: the table says 必填 (an empty list is fine).
fn tag_list(o: &Obj, required: bool) -> Result<Vec<String>, Refusal> {
    let items = match present(o, TAG_LIST) {
        None if required => return Err(TAG_LIST.empty()),
        None => return Ok(Vec::new()),
        Some(Value::Array(a)) => a,
        Some(_) => return Err(TAG_LIST.bad("必须为数组")),
    };
    if items.len() > TAG_LIST.max {
        return Err(TAG_LIST.bad(&format!("不能超过{}项", TAG_LIST.max)));
    }
    let shape = || TAG_LIST.bad("的每一项必须为标签编码或{\"tagId\": 标签编码}");
    let mut ids = Vec::with_capacity(items.len());
    for item in items {
        let id = match item {
            Value::String(s) => s.trim().to_string(),
            Value::Number(n) => n.to_string(),
            Value::Object(m) => match m.get("tagId") {
                Some(Value::String(s)) => s.trim().to_string(),
                Some(Value::Number(n)) => n.to_string(),
                _ => return Err(shape()),
            },
            _ => return Err(shape()),
        };
        if id.is_empty() {
            return Err(TAG_LIST.bad("中含有空的标签编码"));
        }
        if tags::find(&id).is_none() {
            let shown: String = id.chars().take(32).collect();
            return Err(TAG_LIST.bad(&format!("中的标签{shown}不存在")));
        }
        ids.push(id);
    }
    Ok(ids)
}

// ---------------------------------------------------------------- parts

/// 大厅信息, checked.
#[derive(Debug, Clone)]
pub(crate) struct CheckedHall {
    pub hall_code: String,
    pub hall_name: Option<String>,
    pub hall_worker_name: String,
    pub work_no: String,
}

fn hall(o: &Obj, required: bool) -> Result<Option<CheckedHall>, Refusal> {
    let h = if required {
        Some(req_obj(o, HALL)?)
    } else {
        opt_obj(o, HALL)?
    };
    let Some(h) = h else { return Ok(None) };
    let hall_code = req_code(h, HALL_CODE)?;
    let hall_name = opt_text(h, HALL_NAME)?;
    let hall_worker_name = req_name(h, HALL_WORKER_NAME)?;
    let work_no = req_code(h, WORK_NO)?;
    Ok(Some(CheckedHall {
        hall_code,
        hall_name,
        hall_worker_name,
        work_no,
    }))
}

/// 部门信息, checked: (departmentCode, departmentName).
fn department(o: &Obj) -> Result<(String, Option<String>), Refusal> {
    let d = req_obj(o, DEPARTMENT)?;
    let code = req_text(d, DEPARTMENT_CODE)?;
    let name = opt_text(d, DEPARTMENT_NAME)?;
    opt_text(d, OUGUID)?;
    Ok((code, name))
}

/// 办件事项信息, checked.
#[derive(Debug, Clone)]
pub(crate) struct CheckedAffair {
    pub affair_serial_no: String,
    pub affair_code: String,
    pub affair_name: String,
    pub affair_deal_officer: String,
    pub affair_apply_time: String,
    pub affair_done_time: Option<String>,
}

/// The per-case fields; `code_and_name` is false for 4.6's affairList items,
/// whose affairCode / affairName are given once for the batch.
fn affair_fields(
    a: &Obj,
    process: Option<u8>,
    code_and_name: Option<(String, String)>,
) -> Result<CheckedAffair, Refusal> {
    let affair_serial_no = req_text(a, AFFAIR_SERIAL_NO)?;
    let (affair_code, affair_name) = match code_and_name {
        Some(cn) => cn,
        None => (req_text(a, AFFAIR_CODE)?, req_text(a, AFFAIR_NAME)?),
    };
    let affair_deal_officer = req_text(a, AFFAIR_DEAL_OFFICER)?;
    let affair_apply_time = req_time(a, AFFAIR_APPLY_TIME)?;
    let affair_done_time = if process == Some(2) {
        Some(req_time(a, AFFAIR_DONE_TIME)?)
    } else {
        opt_time(a, AFFAIR_DONE_TIME)?
    };
    Ok(CheckedAffair {
        affair_serial_no,
        affair_code,
        affair_name,
        affair_deal_officer,
        affair_apply_time,
        affair_done_time,
    })
}

/// Which user fields a table makes 必填.
#[derive(Debug, Clone, Copy)]
struct UserRules {
    phone: bool,
    certificate_type: bool,
    certificate_no: bool,
    /// userId 不能与证件号码同时为空.
    id_or_certificate: bool,
}

/// 评价人信息, checked, with the personal fields decrypted.
#[derive(Debug, Clone)]
pub(crate) struct CheckedUser {
    pub user_id: Option<String>,
    pub user_name: String,
    pub user_type: i64,
    pub certificate_type: Option<i64>,
    pub passport_name: Option<String>,
    /// (plaintext, ciphertext as received).
    pub contact_phone: Option<(Personal, String)>,
    /// (plaintext, ciphertext as received).
    pub certificate_no: Option<(Personal, String)>,
}

fn decrypt(
    cipher: Option<String>,
    f: F,
    key: &DesKey,
) -> Result<Option<(Personal, String)>, Refusal> {
    let Some(cipher) = cipher else {
        return Ok(None);
    };
    let plain = key
        .decrypt_hex(&cipher)
        .map_err(|_| f.bad("解密失败，应为DES加密后的十六进制串"))?;
    let personal = Personal::new(plain).map_err(|_| f.bad("解密后的值格式不正确"))?;
    Ok(Some((personal, cipher)))
}

fn user_fields(u: &Obj, rules: UserRules, key: &DesKey) -> Result<CheckedUser, Refusal> {
    let user_id = opt_text(u, USER_ID)?;
    let user_name = req_name(u, USER_NAME)?;
    let phone = if rules.phone {
        Some(req_text(u, CONTACT_PHONE)?)
    } else {
        opt_text(u, CONTACT_PHONE)?
    };
    let passport_name = opt_text(u, PASSPORT_NAME)?;
    let user_type = req_int(u, USER_TYPE)?;
    if !matches!(user_type, 1 | 2) {
        return Err(USER_TYPE.bad("必须为1（个人）或2（法人）"));
    }
    let certificate_type = if rules.certificate_type {
        Some(req_int(u, CERTIFICATE_TYPE)?)
    } else {
        opt_int(u, CERTIFICATE_TYPE)?
    };
    let cert = if rules.certificate_no {
        Some(req_text(u, CERTIFICATE_NO)?)
    } else {
        opt_text(u, CERTIFICATE_NO)?
    };
    if rules.id_or_certificate && user_id.is_none() && cert.is_none() {
        return Err(Refusal::invalid(format!(
            "{}{}与{}{}不能同时为空",
            USER_ID.label, USER_ID.name, CERTIFICATE_NO.label, CERTIFICATE_NO.name
        )));
    }
    Ok(CheckedUser {
        user_id,
        user_name,
        user_type,
        certificate_type,
        passport_name,
        contact_phone: decrypt(phone, CONTACT_PHONE, key)?,
        certificate_no: decrypt(cert, CERTIFICATE_NO, key)?,
    })
}

const CASE_RULES: UserRules = UserRules {
    phone: true,
    certificate_type: true,
    certificate_no: true,
    id_or_certificate: false,
};

const CASE_ENTITIES: &[EvalEntityCode] = &[
    EvalEntityCode::HallAffair,
    EvalEntityCode::EgovAffair,
    EvalEntityCode::AppAffair,
];

/// What every rating has once checked.
#[derive(Debug, Clone)]
pub(crate) struct CheckedCommon {
    pub app_code: String,
    pub eval_entity_code: EvalEntityCode,
    pub channel: Channel,
    pub general_stars: u8,
    pub remark: Option<String>,
    pub eval_process: Option<u8>,
    pub client_eval_time: Option<String>,
    pub tag_ids: Vec<String>,
    pub user: Option<CheckedUser>,
    pub hall: Option<CheckedHall>,
    pub department: Option<(String, Option<String>)>,
}

// ---------------------------------------------------------------- interfaces

/// 4.4 提交"咨询评价"评价.
pub(crate) fn hallworker_eval(
    v: &Value,
    key: &DesKey,
) -> Result<(HallWorkerEvalRequest, CheckedCommon), Refusal> {
    let o = as_obj(v)?;
    let app_code = req_text(o, APP_CODE)?;
    let eval_entity_code = entity(o, &[EvalEntityCode::HallAffair])?;
    let hall = hall(o, true)?;
    let tag_ids = tag_list(o, false)?;
    let general_stars = stars(o)?;
    let remark = remark(o)?;
    let channel = channel(o)?;
    let user = match opt_obj(o, USER)? {
        Some(u) => Some(user_fields(
            u,
            UserRules {
                phone: false,
                certificate_type: false,
                certificate_no: false,
                id_or_certificate: true,
            },
            key,
        )?),
        None => None,
    };
    let eval_process = opt_int(o, EVAL_PROCESS)?.map(process_of).transpose()?;
    let client_eval_time = opt_time(o, EVAL_TIME)?;
    let req = typed(v)?;
    Ok((
        req,
        CheckedCommon {
            app_code,
            eval_entity_code,
            channel,
            general_stars,
            remark,
            eval_process,
            client_eval_time,
            tag_ids,
            user,
            hall,
            department: None,
        },
    ))
}

/// One 4.5 办件评价 (also each item of 4.7, where tagList is optional).
fn affair_eval_obj(
    o: &Obj,
    key: &DesKey,
    tags_required: bool,
) -> Result<(CheckedCommon, CheckedAffair), Refusal> {
    let early_process = peek_process(o);
    let app_code = req_text(o, APP_CODE)?;
    let eval_entity_code = entity(o, CASE_ENTITIES)?;
    let hall = hall(o, eval_entity_code == EvalEntityCode::HallAffair)?;
    let department = department(o)?;
    let affair = affair_fields(req_obj(o, AFFAIR)?, early_process, None)?;
    let user = user_fields(req_obj(o, USER)?, CASE_RULES, key)?;
    let tag_ids = tag_list(o, tags_required)?;
    let general_stars = stars(o)?;
    let remark = remark(o)?;
    let eval_process = process(o)?;
    let channel = channel(o)?;
    let client_eval_time = opt_time(o, EVAL_TIME)?;
    Ok((
        CheckedCommon {
            app_code,
            eval_entity_code,
            channel,
            general_stars,
            remark,
            eval_process: Some(eval_process),
            client_eval_time,
            tag_ids,
            user: Some(user),
            hall,
            department: Some(department),
        },
        affair,
    ))
}

/// 4.5 提交"办件评价"评价.
pub(crate) fn affair_eval(
    v: &Value,
    key: &DesKey,
) -> Result<(AffairEvalRequest, CheckedCommon, CheckedAffair), Refusal> {
    let (common, affair) = affair_eval_obj(as_obj(v)?, key, true)?;
    Ok((typed(v)?, common, affair))
}

/// 4.6 提交同一事项批量评价.
pub(crate) fn multi_eval(
    v: &Value,
    key: &DesKey,
) -> Result<(MultiEvalRequest, CheckedCommon, Vec<CheckedAffair>), Refusal> {
    let o = as_obj(v)?;
    let early_process = peek_process(o);
    let app_code = req_text(o, APP_CODE)?;
    let eval_entity_code = entity(o, CASE_ENTITIES)?;
    let affair_code = req_text(o, AFFAIR_CODE)?;
    let affair_name = req_text(o, AFFAIR_NAME)?;
    let hall = hall(o, eval_entity_code == EvalEntityCode::HallAffair)?;
    let department = department(o)?;
    let affairs = req_list(o, AFFAIR_LIST)?
        .iter()
        .map(|item| {
            affair_fields(
                item_obj(item, AFFAIR_LIST)?,
                early_process,
                Some((affair_code.clone(), affair_name.clone())),
            )
        })
        .collect::<Result<Vec<_>, _>>()?;
    let user = user_fields(req_obj(o, USER)?, CASE_RULES, key)?;
    let tag_ids = tag_list(o, true)?;
    let general_stars = stars(o)?;
    let remark = remark(o)?;
    let eval_process = process(o)?;
    let channel = channel(o)?;
    let client_eval_time = opt_time(o, EVAL_TIME)?;
    Ok((
        typed(v)?,
        CheckedCommon {
            app_code,
            eval_entity_code,
            channel,
            general_stars,
            remark,
            eval_process: Some(eval_process),
            client_eval_time,
            tag_ids,
            user: Some(user),
            hall,
            department: Some(department),
        },
        affairs,
    ))
}

/// 4.7, checked: the request, its subBusiness, and each case.
pub(crate) type OneThingChecked = (
    OneThingEvalRequest,
    String,
    Vec<(CheckedCommon, CheckedAffair)>,
);

/// 4.8, checked: the request, the rating, and the guide (affairCode, affairName, departmentCode).
pub(crate) type GuideChecked = (GuideEvalRequest, CheckedCommon, (String, String, String));

/// 4.7 提交"一件事"评价.
pub(crate) fn onething_eval(v: &Value, key: &DesKey) -> Result<OneThingChecked, Refusal> {
    let o = as_obj(v)?;
    let sub_business = req_text(o, SUB_BUSINESS)?;
    req_int(o, RELATION_BUS_NUM)?;
    let items = req_list(o, EVAL_LIST_VO)?
        .iter()
        .map(|item| affair_eval_obj(item_obj(item, EVAL_LIST_VO)?, key, false))
        .collect::<Result<Vec<_>, _>>()?;
    Ok((typed(v)?, sub_business, items))
}

/// 4.8 提交办事指南评价.
pub(crate) fn guide_eval(v: &Value, key: &DesKey) -> Result<GuideChecked, Refusal> {
    let o = as_obj(v)?;
    let app_code = req_text(o, APP_CODE)?;
    let eval_entity_code = entity(o, &[EvalEntityCode::EgovGuide])?;
    let user = user_fields(
        req_obj(o, USER)?,
        UserRules {
            phone: false,
            certificate_type: true,
            certificate_no: false,
            id_or_certificate: true,
        },
        key,
    )?;
    let tag_ids = tag_list(o, true)?;
    let g = req_obj(o, GUIDE)?;
    let guide = (
        req_text(g, AFFAIR_CODE)?,
        req_text(g, AFFAIR_NAME)?,
        req_text(g, DEPARTMENT_CODE)?,
    );
    let channel = channel(o)?;
    let general_stars = stars(o)?;
    let remark = remark(o)?;
    let client_eval_time = Some(req_time(o, EVAL_TIME)?);
    Ok((
        typed(v)?,
        CheckedCommon {
            app_code,
            eval_entity_code,
            channel,
            general_stars,
            remark,
            eval_process: None,
            client_eval_time,
            tag_ids,
            user: Some(user),
            hall: None,
            department: None,
        },
        guide,
    ))
}

/// 4.13 更新差评工单有效性.
pub(crate) fn eval_validity(v: &Value) -> Result<EvalValidityRequest, Refusal> {
    let o = as_obj(v)?;
    req_text(o, APP_CODE)?;
    req_text(o, EVAL_WORK_ORDER_NO)?;
    let validity = req_int(o, VALIDITY)?;
    if !matches!(validity, 1 | 3) {
        return Err(VALIDITY.bad("必须为1（有效）或3（无效）"));
    }
    typed(v)
}

/// 4.14 更新差评工单整改信息.
pub(crate) fn eval_process(v: &Value) -> Result<EvalProcessRequest, Refusal> {
    let o = as_obj(v)?;
    req_text(o, APP_CODE)?;
    req_text(o, EVAL_WORK_ORDER_NO)?;
    for item in req_list(o, PROCESS_LIST)? {
        let p = item_obj(item, PROCESS_LIST)?;
        req_time(p, PROCESS_TIME)?;
        let t = req_int(p, PROCESS_TYPE)?;
        if !matches!(t, 1 | 2) {
            return Err(PROCESS_TYPE.bad("必须为1（热线处理）或2（部门处理）"));
        }
        match present(p, PROCESS_REMARK) {
            None => {}
            Some(Value::String(s)) if s.chars().count() > PROCESS_REMARK.max => {
                return Err(PROCESS_REMARK.bad(&format!("不能超过{}个字", PROCESS_REMARK.max)));
            }
            Some(Value::String(_)) => {}
            Some(_) => return Err(PROCESS_REMARK.bad("必须为字符串")),
        }
    }
    typed(v)
}

// ---------------------------------------------------------------- query strings

/// A GET interface's parameters (last value wins).
pub(crate) struct Query(HashMap<String, String>);

impl Query {
    /// Parses a raw query string.
    pub(crate) fn parse(raw: Option<&str>) -> Query {
        Query(
            form_urlencoded::parse(raw.unwrap_or("").as_bytes())
                .map(|(k, v)| (k.into_owned(), v.trim().to_string()))
                .collect(),
        )
    }

    pub(crate) fn opt(&self, f: F) -> Result<Option<String>, Refusal> {
        match self.0.get(f.name).filter(|v| !v.is_empty()) {
            None => Ok(None),
            Some(v) => {
                check_len(v, f)?;
                Ok(Some(v.clone()))
            }
        }
    }

    pub(crate) fn req(&self, f: F) -> Result<String, Refusal> {
        self.opt(f)?.ok_or_else(|| f.empty())
    }

    pub(crate) fn opt_int(&self, f: F) -> Result<Option<i64>, Refusal> {
        self.opt(f)?
            .map(|v| v.parse().map_err(|_| f.bad("必须为整数")))
            .transpose()
    }

    pub(crate) fn opt_time(&self, f: F) -> Result<Option<String>, Refusal> {
        let v = self.opt(f)?;
        if let Some(v) = &v {
            check_time(v, f)?;
        }
        Ok(v)
    }

    /// pageNo (from 1) and pageSize (1..=100).
    pub(crate) fn paging(&self) -> Result<(u32, u32), Refusal> {
        let no = self.opt_int(PAGE_NO)?.ok_or_else(|| PAGE_NO.empty())?;
        let no = u32::try_from(no)
            .ok()
            .filter(|n| *n >= 1)
            .ok_or_else(|| PAGE_NO.bad("必须为从1开始的整数"))?;
        let size = self.opt_int(PAGE_SIZE)?.ok_or_else(|| PAGE_SIZE.empty())?;
        let size = u32::try_from(size)
            .ok()
            .filter(|n| (1..=100).contains(n))
            .ok_or_else(|| PAGE_SIZE.bad("必须为1到100之间的整数"))?;
        Ok((no, size))
    }

    /// evalFlag: 0 未评价, 1 受理已评, 2 办结已评, 3 both.
    pub(crate) fn eval_flag(&self) -> Result<Option<u8>, Refusal> {
        self.opt_int(EVAL_FLAG)?
            .map(|n| {
                u8::try_from(n)
                    .ok()
                    .filter(|n| *n <= 3)
                    .ok_or_else(|| EVAL_FLAG.bad("必须为0、1、2或3"))
            })
            .transpose()
    }

    /// evalEntityCode, any of the four.
    pub(crate) fn entity(&self) -> Result<EvalEntityCode, Refusal> {
        let s = self.req(EVAL_ENTITY_CODE)?;
        s.parse().map_err(|_| {
            EVAL_ENTITY_CODE.bad(&format!("必须为{}之一", EvalEntityCode::ALL.join("、")))
        })
    }

    /// applyMonth, `yyyy-MM`.
    pub(crate) fn apply_month(&self) -> Result<String, Refusal> {
        let s = self.req(APPLY_MONTH)?;
        let b = s.as_bytes();
        let ok = b.len() == 7
            && b[4] == b'-'
            && b[..4].iter().all(u8::is_ascii_digit)
            && b[5..].iter().all(u8::is_ascii_digit)
            && matches!(s[5..].parse::<u8>(), Ok(1..=12));
        if ok {
            Ok(s)
        } else {
            Err(APPLY_MONTH.bad("格式应为yyyy-MM"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn key() -> DesKey {
        DesKey::parse(crate::dev::DES_KEY).expect("key")
    }

    fn affair_body() -> Value {
        let k = key();
        json!({
            "appCode": "hallCs", "channel": "miniApp", "generalStars": "5", "evalProcess": "2",
            "evalEntityCode": "hallAffair", "tagList": ["6176177894981642"],
            "department": {"departmentCode": "11210100001583287J"},
            "affair": {"affairName": "测试", "affairApplyTime": "20200827175015",
                       "affairSerialNo": "210101-1", "affairDealOfficer": "yx",
                       "affairCode": "1121", "affairDoneTime": "20200827175016"},
            "user": {"userType": "1", "userName": "吴鹏", "certificateType": "22",
                     "contactPhone": k.encrypt_hex("13812345678"),
                     "certificateNo": k.encrypt_hex("21010219900101123X")},
            "hall": {"hallCode": 56417234343428097_u64, "hallWorkerName": "李凤", "workNo": "1212"}
        })
    }

    fn refusal(v: &Value) -> String {
        match affair_eval(v, &key()) {
            Ok(_) => "accepted".to_string(),
            Err(r) => {
                assert_eq!(r.code, 2);
                r.message
            }
        }
    }

    #[test]
    fn a_good_body_is_accepted_and_decrypted() {
        let (req, common, affair) = affair_eval(&affair_body(), &key()).expect("accepted");
        assert_eq!(req.affair.affair_serial_no, "210101-1");
        assert_eq!(affair.affair_done_time.as_deref(), Some("20200827175016"));
        let user = common.user.expect("user");
        assert_eq!(
            user.contact_phone.map(|(p, _)| p.expose().to_string()),
            Some("13812345678".to_string())
        );
        assert_eq!(
            common.hall.map(|h| h.hall_code).as_deref(),
            Some("56417234343428097")
        );
    }

    #[test]
    fn refusals_name_the_field_like_the_platform() {
        let mut v = affair_body();
        v["affair"]["affairCode"] = json!("");
        assert_eq!(refusal(&v), "事项编码affairCode不能为空");
        let mut v = affair_body();
        v["user"].as_object_mut().map(|u| u.remove("userType"));
        assert_eq!(refusal(&v), "用户类型userType不能为空");
        let mut v = affair_body();
        v["affair"]
            .as_object_mut()
            .map(|a| a.remove("affairDoneTime"));
        assert_eq!(refusal(&v), "事项办结时间affairDoneTime不能为空");
        v["evalProcess"] = json!(1);
        assert_eq!(refusal(&v), "accepted");
        let mut v = affair_body();
        v["affair"]["affairApplyTime"] = json!("2020-08-27");
        assert_eq!(
            refusal(&v),
            "事项受理时间affairApplyTime格式应为yyyyMMddHHmmss"
        );
        let mut v = affair_body();
        v["tagList"] = json!(["42"]);
        assert_eq!(refusal(&v), "评价标签tagList中的标签42不存在");
        let mut v = affair_body();
        v["user"]["contactPhone"] = json!("zz");
        assert!(refusal(&v).starts_with("评价人手机号码contactPhone解密失败"));
        let mut v = affair_body();
        v["remark"] = json!("好".repeat(501));
        assert_eq!(refusal(&v), "附加评论remark不能超过500个字");
        let mut v = affair_body();
        v["channel"] = json!("fax");
        assert!(refusal(&v).starts_with("渠道标识channel必须为web、"));
        let mut v = affair_body();
        v["generalStars"] = json!(6);
        assert_eq!(refusal(&v), "整体评价星级generalStars必须为1到5的整数");
        let mut v = affair_body();
        v.as_object_mut().map(|o| o.remove("hall"));
        assert_eq!(refusal(&v), "大厅信息hall不能为空");
        v["evalEntityCode"] = json!("egovAffair");
        assert_eq!(refusal(&v), "accepted");
        let mut v = affair_body();
        v["user"]["userName"] = json!("<script>");
        assert_eq!(refusal(&v), "评价人姓名userName不能含有特殊字符");
        let mut v = affair_body();
        v["department"] = json!("x");
        assert_eq!(refusal(&v), "部门信息department必须为对象");
    }

    #[test]
    fn bodies_that_are_not_json_objects_are_refused() {
        assert!(parse_body(b"{").is_err());
        assert!(parse_body(b"[]").is_err());
        assert!(parse_body(b"").is_err());
        assert!(parse_body(b"{}").is_ok());
    }

    #[test]
    fn query_paging_and_months() {
        let q = Query::parse(Some("pageNo=1&pageSize=10&applyMonth=2019-10"));
        assert_eq!(q.paging(), Ok((1, 10)));
        assert_eq!(q.apply_month().as_deref(), Ok("2019-10"));
        let q = Query::parse(Some("pageNo=0&pageSize=10&applyMonth=2019-13"));
        assert!(q.paging().is_err());
        assert!(q.apply_month().is_err());
        let q = Query::parse(None);
        assert_eq!(
            q.paging().map_err(|r| r.message),
            Err("起始页pageNo不能为空".to_string())
        );
    }
}

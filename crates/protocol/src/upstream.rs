//! The provincial platform's wire model: request and response bodies of all 13
//! interfaces of seed 000 §4.3–4.15, with serde names exactly as the spec.
//!
//! Field docs quote the spec's own descriptions. Where the spec's examples use
//! looser types than its tables (numbers as strings, codes as bare numbers, tag
//! lists as ids or as objects), the deserializers accept both and the
//! serializers write the tables' form.

use serde::{Deserialize, Serialize};

use crate::types::{Channel, EvalEntityCode, EvalProcess, LooseInt, LooseString, Stars, TagType};

/// Paths of the interfaces, relative to the gateway base URL (`HCP_UPSTREAM`).
pub mod path {
    /// 4.3 查询评价标签列表 (GET).
    pub const TAG_LIST: &str = "eval/tag/list";
    /// 4.4 提交"咨询评价"评价 (POST).
    pub const HALLWORKER_EVAL: &str = "affair/hallworker/eval";
    /// 4.5 提交"办件评价"评价 (POST).
    pub const AFFAIR_EVAL: &str = "affair/eval";
    /// 4.6 提交同一事项批量评价 (POST).
    pub const MULTI_EVAL: &str = "affair/multieval";
    /// 4.7 提交"一件事"评价 (POST).
    pub const ONETHING_EVAL: &str = "affair/onethingeval";
    /// 4.8 提交办事指南评价 (POST) and 4.12 查询办事指南评价列表 (GET).
    pub const GUIDE_EVAL: &str = "guide/eval";
    /// 4.9 查询办结事项评价列表 (GET).
    pub const DETAIL_LIST: &str = "user/evalAffairDetailList";
    /// 4.10 查询办结事项评价列表-以时间段为条件 (GET).
    pub const DETAIL_LIST_BY_TIME: &str = "user/evalAffairDetailListByTime";
    /// 4.11 查询办结事项评价详情 (GET).
    pub const DETAIL: &str = "user/evalAffairDetail";
    /// 4.13 更新差评工单有效性 (POST).
    pub const EVAL_VALIDITY: &str = "workorder/evalvalidity";
    /// 4.14 更新差评工单整改信息 (POST).
    pub const EVAL_PROCESS: &str = "workorder/evalprocess";
    /// 4.15 查询窗口评价列表 (GET).
    pub const HALLWORKERS: &str = "get/hallworkers";
}

/// Response codes (seed 000 and seed 001 §3.3).
pub mod code {
    /// 成功.
    pub const OK: i64 = 0;
    /// 失败 (also 请勿重复评价 / 已存在).
    pub const FAILED: i64 = -1;
    /// 工单不存在.
    pub const NO_WORK_ORDER: i64 = -2;
    /// 参数不合法.
    pub const INVALID: i64 = 2;
    /// 验签失败.
    pub const BAD_SIGNATURE: i64 = 3;
}

/// Every response: `{"code": 0, "message": "SUCCESS", "data": …}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Envelope<T> {
    /// 响应编码，响应成功为0.
    pub code: i64,
    /// 响应结果描述.
    #[serde(default)]
    pub message: String,
    /// 响应成功时返回的业务数据.
    #[serde(default = "none")]
    pub data: Option<T>,
}

fn none<T>() -> Option<T> {
    None
}

impl<T> Envelope<T> {
    /// A success with data.
    pub fn ok(data: T) -> Self {
        Envelope {
            code: code::OK,
            message: "SUCCESS".to_string(),
            data: Some(data),
        }
    }

    /// A failure with no data.
    pub fn err(code: i64, message: impl Into<String>) -> Self {
        Envelope {
            code,
            message: message.into(),
            data: None,
        }
    }

    /// Whether the platform says this case and stage was rated before
    /// (code -1 with 请勿重复评价 / 已存在 / 已经评价过).
    pub fn is_already_rated(&self) -> bool {
        self.code == code::FAILED && is_already_rated_message(&self.message)
    }
}

/// Whether a message is one of the platform's "already rated" answers.
pub fn is_already_rated_message(message: &str) -> bool {
    ["重复评价", "已存在", "已经评价过", "已评价"]
        .iter()
        .any(|m| message.contains(m))
}

/// A tag in a request's tagList: the spec sends either the bare id
/// (`["6176177894981642"]`, §4.5) or an object (`[{"tagId": "…"}]`, §4.7).
/// The form received is the form written back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum TagRef {
    /// `"6176177894981642"`.
    Id(LooseString),
    /// `{"tagId": "6176177894981642"}`.
    Object {
        /// 评价标签编码.
        #[serde(rename = "tagId")]
        tag_id: LooseString,
    },
}

impl TagRef {
    /// The tag id, whichever form it came in.
    pub fn id(&self) -> &str {
        match self {
            TagRef::Id(s) => s.as_str(),
            TagRef::Object { tag_id } => tag_id.as_str(),
        }
    }
}

// ---------------------------------------------------------------- 4.3 tag list

/// 4.3 查询评价标签列表: query parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TagListQuery {
    /// 系统编码，业务系统接入时由好差评系统分配.
    pub app_code: String,
    /// 评价对象编码.
    pub eval_entity_code: EvalEntityCode,
    /// 整体评价星级.
    pub general_stars: Stars,
    /// 星级类型（1：办件评价；2：咨询评价）.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub tag_type: Option<TagType>,
}

/// 4.3 response data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TagListData {
    /// 评价标签列表.
    #[serde(default)]
    pub tag_list: Vec<UpstreamTag>,
}

/// A tag with its name, as the platform lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UpstreamTag {
    /// 评价标签编码.
    pub tag_id: LooseString,
    /// 评价标签名称.
    pub tag_name: String,
    /// The star count the tag belongs to (in 4.3's example, not its table).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub star_num: Option<Stars>,
}

// ---------------------------------------------------------------- shared parts

/// 评价人信息. contactPhone and certificateNo travel DES-encrypted (hex).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EvalUser {
    /// 统一身份认证系统uid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// 评价人姓名.
    pub user_name: String,
    /// 评价人手机号码，值需使用des加密.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_phone: Option<String>,
    /// 评价者登录账号.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub passport_name: Option<String>,
    /// 评价者类型：1个人；2法人.
    pub user_type: LooseInt,
    /// 评价者证件类型 使用统一认证的证件类型.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate_type: Option<LooseInt>,
    /// 证件编号，值需使用des加密.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate_no: Option<String>,
}

/// 大厅信息.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HallRef {
    /// 大厅编码（录入大厅信息到好差评系统时由好差评系统分配）.
    pub hall_code: LooseString,
    /// 大厅名字.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hall_name: Option<String>,
    /// 窗口服务人名名字.
    pub hall_worker_name: String,
    /// 窗口服务人员工号.
    pub work_no: LooseString,
}

/// 事项所属部门信息.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Department {
    /// 部门编码.
    pub department_code: String,
    /// 部门名称.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department_name: Option<String>,
    /// Organisation GUID (in 4.5's example, not its table).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ouguid: Option<String>,
}

/// 办件事项信息.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Affair {
    /// 办件事项办件编号.
    pub affair_serial_no: String,
    /// 事项目录系统中实施清单编码.
    pub affair_code: String,
    /// 事项目录系统中事项名称.
    pub affair_name: String,
    /// 事项受理人姓名.
    pub affair_deal_officer: String,
    /// 事项受理时间，格式yyyyMMddHHmmss.
    pub affair_apply_time: String,
    /// 事项办结时间，格式yyyyMMddHHmmss，若为办结评价，该办结日期必传.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub affair_done_time: Option<String>,
}

// ---------------------------------------------------------------- 4.4 consult

/// 4.4 提交"咨询评价"评价.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HallWorkerEvalRequest {
    /// 系统编码.
    pub app_code: String,
    /// 大厅咨询评价编码：hallAffair.
    pub eval_entity_code: EvalEntityCode,
    /// 大厅信息.
    pub hall: HallRef,
    /// 评价标签.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag_list: Option<Vec<TagRef>>,
    /// 整体评价星级.
    pub general_stars: Stars,
    /// 附加评论，不得超过500个字.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remark: Option<String>,
    /// 渠道标识.
    pub channel: Channel,
    /// 评价阶段 (in 4.4's example, not its table).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eval_process: Option<EvalProcess>,
    /// 评价时间 yyyyMMddHHmmss (set by the gateway; not in 4.4's table).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eval_time: Option<String>,
    /// 评价人信息.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<EvalUser>,
}

// ---------------------------------------------------------------- 4.5 affair

/// 4.5 提交"办件评价"评价 (also each item of 4.7's evalListVo).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AffairEvalRequest {
    /// 系统编码.
    pub app_code: String,
    /// 渠道标识.
    pub channel: Channel,
    /// 整体评价星级.
    pub general_stars: Stars,
    /// 评价阶段（1：受理阶段；2：办结阶段）.
    pub eval_process: EvalProcess,
    /// 大厅办件评价：hallAffair；政务网办件评价：egovAffair.
    pub eval_entity_code: EvalEntityCode,
    /// 附加评论，不能超过500个字.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remark: Option<String>,
    /// 评价时间 yyyyMMddHHmmss.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eval_time: Option<String>,
    /// 评价标签.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag_list: Option<Vec<TagRef>>,
    /// 事项所属部门信息.
    pub department: Department,
    /// 办件事项信息.
    pub affair: Affair,
    /// 评价人信息.
    pub user: EvalUser,
    /// 大厅信息，大厅办件系统必传.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hall: Option<HallRef>,
}

/// 4.5 / 4.8 response data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EvalResult {
    /// 好差评系统评价信息流水号.
    pub affair_eval_id: LooseString,
    /// 评价时间，格式为yyyyMMddHHmmss.
    #[serde(default)]
    pub eval_time: Option<String>,
    /// 评价工单当前状态(0:工单已生成；1：热线处理中；2：部门处理中；3：已办结).
    #[serde(default)]
    pub current_work_order_status: Option<LooseInt>,
}

// ---------------------------------------------------------------- 4.6 batch

/// 4.6 提交同一事项批量评价.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MultiEvalRequest {
    /// 系统编码.
    pub app_code: String,
    /// 评价对象编码.
    pub eval_entity_code: EvalEntityCode,
    /// 事项目录系统中实施清单编码.
    pub affair_code: String,
    /// 事项目录系统中事项名称.
    pub affair_name: String,
    /// 大厅信息，大厅办件系统必传.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hall: Option<HallRef>,
    /// 事项所属部门信息.
    pub department: Department,
    /// 办件事项信息.
    pub affair_list: Vec<MultiEvalAffair>,
    /// 评价人信息.
    pub user: EvalUser,
    /// 评价标签.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag_list: Option<Vec<TagRef>>,
    /// 整体评价星级.
    pub general_stars: Stars,
    /// 附加评论.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remark: Option<String>,
    /// 评价阶段.
    pub eval_process: EvalProcess,
    /// 渠道标识.
    pub channel: Channel,
    /// 评价时间 yyyyMMddHHmmss (set by the gateway; not in 4.6's table).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eval_time: Option<String>,
}

/// One case of a 4.6 batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MultiEvalAffair {
    /// 办件事项办件编号.
    pub affair_serial_no: String,
    /// 事项受理人姓名.
    pub affair_deal_officer: String,
    /// 事项受理时间.
    pub affair_apply_time: String,
    /// 事项办结时间.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub affair_done_time: Option<String>,
}

/// One case's answer in 4.6's response data (an array of these).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MultiEvalItem {
    /// 0 评价成功, -1 评价失败.
    pub code: i64,
    /// The case as the platform echoes it.
    #[serde(default)]
    pub data: Option<MultiEvalCase>,
    /// 评价成功 / 评价失败,原因:…
    #[serde(default)]
    pub message: String,
}

/// The case echoed in a 4.6 answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MultiEvalCase {
    /// 办件编号.
    pub affair_serial_no: String,
    /// 事项编码.
    #[serde(default)]
    pub affair_code: Option<String>,
    /// 事项名称.
    #[serde(default)]
    pub affair_name: Option<String>,
    /// 受理人.
    #[serde(default)]
    pub affair_deal_officer: Option<String>,
    /// 受理时间.
    #[serde(default)]
    pub affair_apply_time: Option<String>,
    /// 办结时间.
    #[serde(default)]
    pub affair_done_time: Option<String>,
    /// acceptPerson.
    #[serde(default)]
    pub accept_person: Option<String>,
    /// projectType.
    #[serde(default)]
    pub project_type: Option<String>,
}

// ---------------------------------------------------------------- 4.7 one thing

/// 4.7 提交"一件事"评价.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OneThingEvalRequest {
    /// 事项评价数据.
    pub eval_list_vo: Vec<AffairEvalRequest>,
    /// 主题业务.
    pub sub_business: String,
    /// 关联业务数 (a String in the table, a number in the example).
    pub relation_bus_num: LooseInt,
}

// ---------------------------------------------------------------- 4.8 guide

/// 4.8 提交办事指南评价.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GuideEvalRequest {
    /// 整体评价星级.
    pub general_stars: Stars,
    /// 附加评论，不能超过500个字.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remark: Option<String>,
    /// 评价者主动勾选的评价标签编码.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag_list: Option<Vec<TagRef>>,
    /// 办事指南信息.
    pub guide: Guide,
    /// 评价人信息.
    pub user: EvalUser,
    /// 系统编码.
    pub app_code: String,
    /// 办事指南评价：固定值egovGuide.
    pub eval_entity_code: EvalEntityCode,
    /// 渠道标识.
    pub channel: Channel,
    /// 评价时间，格式为yyyyMMddHHmmss.
    pub eval_time: String,
}

/// 办事指南信息.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Guide {
    /// 事项所属部门编码.
    pub department_code: String,
    /// 事项目录系统中实施清单编码.
    pub affair_code: String,
    /// 事项目录系统中事项名称.
    pub affair_name: String,
}

// ---------------------------------------------------------------- 4.9–4.11 queries

/// Paged response data (4.9, 4.10, 4.12, 4.15).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Page<T> {
    /// 当前页数.
    pub page_no: LooseInt,
    /// 每页大小.
    pub page_size: LooseInt,
    /// 总页数.
    pub page_total: LooseInt,
    /// 总记录数.
    pub total: LooseInt,
    /// 分页数据.
    #[serde(default = "Vec::new")]
    pub page_data: Vec<T>,
}

/// 4.9 查询办结事项评价列表: query parameters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DetailListQuery {
    /// yyyy-MM.
    pub apply_month: String,
    /// 用户id（统一认证用户id）.
    pub user_id: String,
    /// 起始页，从1开始.
    pub page_no: LooseInt,
    /// 每页大小.
    pub page_size: LooseInt,
    /// 评价状态，0：未评价； 2:办结已评价.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eval_flag: Option<LooseInt>,
}

/// 4.10 查询办结事项评价列表-以时间段为条件: query parameters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DetailListByTimeQuery {
    /// 查询开始时间（评价时间）,格式为yyyyMMddHHmmss.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_time: Option<String>,
    /// 查询结束时间（评价时间）,格式为yyyyMMddHHmmss.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_time: Option<String>,
    /// 用户id.
    pub user_id: String,
    /// 起始页，从1开始.
    pub page_no: LooseInt,
    /// 每页大小.
    pub page_size: LooseInt,
    /// 评价状态.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eval_flag: Option<LooseInt>,
}

/// One row of 4.9 / 4.10.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AffairSummary {
    /// 评价对象编码.
    pub entity_code: String,
    /// 办件完成花费天数.
    #[serde(default)]
    pub affair_done_day: Option<LooseInt>,
    /// 事项来源（1：政务网事项；2：8890热线，3：线下办理）.
    #[serde(default)]
    pub affair_source: Option<LooseInt>,
    /// 办件编号.
    pub affair_serial_no: String,
    /// 部门.
    #[serde(default)]
    pub department_name: Option<String>,
    /// 事项名称.
    pub affair_name: String,
    /// 申请时间.
    #[serde(default)]
    pub affair_apply_time: Option<String>,
    /// 办结时间.
    #[serde(default)]
    pub affair_done_time: Option<String>,
    /// 评价星级（1-5）.
    #[serde(default)]
    pub general_stars: Option<Stars>,
    /// 处理状态（1 受理；2 办结）.
    #[serde(default)]
    pub process_status: Option<LooseInt>,
    /// 评价状态: bit 0 受理已评价, bit 1 办结已评价.
    pub eval_flag: LooseInt,
}

/// 4.11 查询办结事项评价详情: query parameters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DetailQuery {
    /// 系统编码.
    pub app_code: String,
    /// 办件编号.
    pub affair_serial_no: String,
    /// 用户id.
    pub user_id: String,
}

/// 4.11 response data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AffairDetail {
    /// 评价对象编码.
    pub entity_code: String,
    /// 渠道.
    #[serde(default)]
    pub channel_code: Option<String>,
    /// 办件编号.
    pub affair_serial_no: String,
    /// 事项名称.
    pub affair_name: String,
    /// 申请时间.
    #[serde(default)]
    pub affair_apply_time: Option<String>,
    /// 办结时间.
    #[serde(default)]
    pub affair_done_time: Option<String>,
    /// 部门.
    #[serde(default)]
    pub department_name: Option<String>,
    /// 评价星级（1-5）.
    #[serde(default)]
    pub general_stars: Option<Stars>,
    /// 处理状态（1 受理；2 办结）.
    #[serde(default)]
    pub process_status: Option<LooseInt>,
    /// 评价状态.
    pub eval_flag: LooseInt,
    /// 受理中评价（无评价时为null）.
    #[serde(default)]
    pub processing_eval: Option<EvalRecord>,
    /// 办结评价（无评价时为null）.
    #[serde(default)]
    pub completed_eval: Option<EvalRecord>,
}

/// One evaluation in 4.11.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EvalRecord {
    /// 评价id.
    pub eval_id: LooseString,
    /// 评价星级（1-5）.
    pub general_stars: Stars,
    /// 用户评价意见.
    #[serde(default)]
    pub remark: Option<String>,
    /// 评价日期.
    pub eval_time: String,
    /// 1受理, 2办结.
    pub eval_process: EvalProcess,
    /// 标签列表.
    #[serde(default)]
    pub tag_list: Vec<UpstreamTag>,
    /// 部门反馈信息 (shape not specified).
    #[serde(default)]
    pub dept_feedback: Option<serde_json::Value>,
}

// ---------------------------------------------------------------- 4.12 guide list

/// 4.12 查询办事指南评价列表: query parameters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GuideEvalListQuery {
    /// 系统编码.
    pub app_code: String,
    /// 评价对象编码.
    pub eval_entity_code: EvalEntityCode,
    /// 统一身份认证系统uid.
    pub user_id: String,
    /// 办事指南编码.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub affair_code: Option<String>,
    /// 查询开始时间（评价时间）.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_time: Option<String>,
    /// 查询结束时间（评价时间）.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_time: Option<String>,
    /// 每页记录数.
    pub page_size: LooseInt,
    /// 当前页数.
    pub page_no: LooseInt,
}

/// One row of 4.12.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GuideEvalRecord {
    /// 好差评系统评价信息流水号.
    pub affair_eval_id: LooseString,
    /// 事项名称 (in the example, not the table).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub affair_name: Option<String>,
    /// 整体评价星级.
    pub general_stars: Stars,
    /// 附加评论.
    #[serde(default)]
    pub remark: Option<String>,
    /// 评价时间.
    pub eval_time: String,
    /// 评价标签列表.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag_list: Option<Vec<UpstreamTag>>,
}

// ---------------------------------------------------------------- 4.13–4.14 work orders

/// 4.13 更新差评工单有效性.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EvalValidityRequest {
    /// 系统编码.
    pub app_code: String,
    /// 好差评系统系统差评工单编号.
    pub eval_work_order_no: String,
    /// 有效性标识（1:有效；3：无效）.
    pub validity: LooseInt,
}

/// 4.14 更新差评工单整改信息.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EvalProcessRequest {
    /// 系统编码.
    pub app_code: String,
    /// 好差评系统系统差评工单编号.
    pub eval_work_order_no: String,
    /// 评价工单流程.
    pub process_list: Vec<ProcessItem>,
}

/// One step of 4.14.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProcessItem {
    /// 差评工单处理时间，格式为yyyyMMddHHmmss.
    pub process_time: String,
    /// 处理类型 1：热线处理 ；2：部门处理.
    pub process_type: LooseInt,
    /// 处理信息 (at most 2000).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remark: Option<String>,
}

// ---------------------------------------------------------------- 4.15 hall workers

/// 4.15 查询窗口评价列表: query parameters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HallWorkersQuery {
    /// 系统编码.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_code: Option<String>,
    /// 查询开始时间.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_time: Option<String>,
    /// 查询结束时间.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_time: Option<String>,
    /// 统一身份认证系统uid.
    pub user_id: String,
    /// 当前页数.
    pub page_no: LooseInt,
    /// 每页记录数.
    pub page_size: LooseInt,
}

/// One row of 4.15.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HallWorkerEvalRecord {
    /// 评价ID.
    pub eval_id: LooseString,
    /// 整体评价星级.
    pub general_stars: Stars,
    /// 附加评论.
    #[serde(default)]
    pub remark: Option<String>,
    /// 评价时间.
    pub eval_time: String,
    /// 评价标签列表.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag_list: Option<Vec<UpstreamTag>>,
}

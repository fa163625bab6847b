//! The platform's tag catalog (评价标签): one definition, used both to answer
//! 4.3 查询评价标签列表 and to check the tag ids of every rating.
//!
//! Every id and name in seed 000 is here as the seed has it (guide 5★ and 3★,
//! online-case 4★, consultation 5★, and the hall-case ids of the request
//! examples); the other (kind × stars) combinations are filled in the same id
//! style, 3–5 tags each, with complaint tags for 1–2 stars.

use hcp_protocol::EvalEntityCode;
use hcp_protocol::types::{Stars, TagType};

/// Which catalog a tag belongs to. The query's (evalEntityCode, type) picks one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TagGroup {
    /// 办事指南 (egovGuide): about the guide's content.
    Guide,
    /// 网上办件 (egovAffair, appAffair; type 1): about a case handled online.
    OnlineCase,
    /// 大厅办件 (hallAffair; type 1): about a case handled in a hall.
    HallCase,
    /// 咨询评价 (type 2): about a window worker's service.
    Consult,
}

impl TagGroup {
    /// The catalog for a 4.3 query. A guide has one catalog whatever the type;
    /// type 2 asks for consultation tags; type 1 or none for case tags.
    pub fn for_query(entity: EvalEntityCode, tag_type: Option<TagType>) -> TagGroup {
        match (entity, tag_type) {
            (EvalEntityCode::EgovGuide, _) => TagGroup::Guide,
            (_, Some(TagType::Consult)) => TagGroup::Consult,
            (EvalEntityCode::HallAffair, _) => TagGroup::HallCase,
            (EvalEntityCode::EgovAffair | EvalEntityCode::AppAffair, _) => TagGroup::OnlineCase,
        }
    }
}

/// One tag of the catalog.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CatalogTag {
    /// 评价标签编码.
    pub id: &'static str,
    /// 评价标签名称.
    pub name: &'static str,
    /// The star level it is offered for (starNum).
    pub stars: u8,
    /// Its catalog.
    pub group: TagGroup,
}

macro_rules! tags {
    ($($group:ident $stars:literal : [$($id:literal $name:literal),+ $(,)?])+) => {
        &[$($(CatalogTag { id: $id, name: $name, stars: $stars, group: TagGroup::$group },)+)+]
    };
}

/// The whole catalog.
pub static CATALOG: &[CatalogTag] = tags! {
    // 办事指南 — 5★ and 3★ are seed 000 §4.3 / §4.12.
    Guide 5: [
        "6176177894981641" "材料范本非常规范",
        "6176177894981642" "办理条件非常准确",
        "6176177894981643" "申请流程非常清晰",
        "6176177894981644" "情形非常合理",
    ]
    Guide 4: [
        "6176177894981645" "材料范本规范",
        "6176177894981646" "办理条件准确",
        "6176177894981647" "申请流程清晰",
        "6176177894981648" "情形合理",
    ]
    Guide 3: [
        "6176177894981649" "材料范本比较规范",
        "6176177894981650" "办理条件比较准确",
        "6176177894981651" "申请流程比较清晰",
        "6176177894981652" "情形比较合理",
    ]
    Guide 2: [
        "6176177894981653" "材料范本不规范",
        "6176177894981654" "办理条件不准确",
        "6176177894981655" "申请流程不清晰",
        "6176177894981656" "情形不合理",
    ]
    Guide 1: [
        "6176177894981657" "材料范本非常不规范",
        "6176177894981658" "办理条件非常不准确",
        "6176177894981659" "申请流程非常混乱",
        "6176177894981660" "指南内容与实际办理不一致",
    ]
    // 网上办件 — 4★ 只填写一张表单 / 最多跑一次 are seed 000 §4.11.
    OnlineCase 5: [
        "6176177890787330" "全程网上办理",
        "6176177890787331" "一次都不用跑",
        "6176177890787332" "办理速度非常快",
        "6176177890787333" "申请材料非常精简",
    ]
    OnlineCase 4: [
        "6176177890787334" "办事流程顺畅",
        "6176177890787335" "材料一次告知清楚",
        "6176177890787336" "只填写一张表单",
        "6176177890787337" "最多跑一次",
    ]
    OnlineCase 3: [
        "6176177890787338" "办理进度可查询",
        "6176177890787339" "办理时间基本符合承诺",
        "6176177890787340" "网上操作比较方便",
    ]
    OnlineCase 2: [
        "6176177890787341" "多次跑腿",
        "6176177890787342" "材料反复提交",
        "6176177890787343" "办理进度不透明",
        "6176177890787344" "超过承诺时限",
    ]
    OnlineCase 1: [
        "6176177890787345" "网上无法办理",
        "6176177890787346" "系统操作复杂",
        "6176177890787347" "被要求提供额外材料",
        "6176177890787348" "办理结果与申请不符",
    ]
    // 大厅办件 — 6184929050230784 / …788 are the request examples of §4.4–4.7.
    HallCase 5: [
        "6184929050230784" "一次办好",
        "6184929050230785" "窗口服务热情",
        "6184929050230786" "办理速度非常快",
        "6184929050230787" "材料一次告知清楚",
        "6184929050230788" "环境整洁舒适",
    ]
    HallCase 4: [
        "6184929050230789" "办事流程顺畅",
        "6184929050230790" "等候时间较短",
        "6184929050230791" "工作人员业务熟练",
        "6184929050230792" "最多跑一次",
    ]
    HallCase 3: [
        "6184929050230793" "办理时间基本符合承诺",
        "6184929050230794" "排队时间一般",
        "6184929050230795" "告知基本清楚",
    ]
    HallCase 2: [
        "6184929050230796" "多次跑腿",
        "6184929050230797" "等待时间过长",
        "6184929050230798" "材料范本不规范",
        "6184929050230799" "告知不清楚",
    ]
    HallCase 1: [
        "6184929050230800" "服务态度差",
        "6184929050230801" "推诿扯皮",
        "6184929050230802" "办理超时",
        "6184929050230803" "要求提供额外材料",
    ]
    // 咨询评价 — 5★ 服务热情周到 / 业务熟悉，办事效率高 are seed 000 §4.15.
    Consult 5: [
        "6184929046036490" "服务热情周到",
        "6184929046036491" "业务熟悉，办事效率高",
        "6184929046036492" "一次性告知清楚",
        "6184929046036493" "仪容仪表规范",
    ]
    Consult 4: [
        "6184929046036494" "服务态度好",
        "6184929046036495" "解答准确",
        "6184929046036496" "等候时间较短",
    ]
    Consult 3: [
        "6184929046036497" "解答基本清楚",
        "6184929046036498" "服务态度一般",
        "6184929046036499" "等候时间一般",
    ]
    Consult 2: [
        "6184929046036500" "等待时间过长",
        "6184929046036501" "解答不清楚",
        "6184929046036502" "业务不熟练",
        "6184929046036503" "服务不够耐心",
    ]
    Consult 1: [
        "6184929046036504" "服务态度差",
        "6184929046036505" "推诿扯皮",
        "6184929046036506" "答复错误",
        "6184929046036507" "擅离岗位",
    ]
};

/// The tags offered for a 4.3 query, in catalog order.
pub fn list(
    entity: EvalEntityCode,
    stars: Stars,
    tag_type: Option<TagType>,
) -> impl Iterator<Item = &'static CatalogTag> {
    let group = TagGroup::for_query(entity, tag_type);
    CATALOG
        .iter()
        .filter(move |t| t.group == group && t.stars == stars.get())
}

/// The tag with this id, if the catalog has it.
pub fn find(id: &str) -> Option<&'static CatalogTag> {
    CATALOG.iter().find(|t| t.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn ids_are_unique_and_every_combination_has_three_to_five_tags() {
        let ids: HashSet<_> = CATALOG.iter().map(|t| t.id).collect();
        assert_eq!(ids.len(), CATALOG.len());
        for entity in [
            EvalEntityCode::EgovGuide,
            EvalEntityCode::EgovAffair,
            EvalEntityCode::HallAffair,
            EvalEntityCode::AppAffair,
        ] {
            for ty in [None, Some(TagType::Case), Some(TagType::Consult)] {
                for stars in Stars::all() {
                    let n = list(entity, stars, ty).count();
                    assert!((3..=5).contains(&n), "{entity} {ty:?} {stars}: {n}");
                }
            }
        }
    }

    #[test]
    fn seed_tags_are_where_the_seed_puts_them() {
        let five = Stars::MAX;
        let names: Vec<_> = list(EvalEntityCode::EgovGuide, five, None)
            .map(|t| (t.id, t.name))
            .collect();
        assert_eq!(
            names,
            [
                ("6176177894981641", "材料范本非常规范"),
                ("6176177894981642", "办理条件非常准确"),
                ("6176177894981643", "申请流程非常清晰"),
                ("6176177894981644", "情形非常合理"),
            ]
        );
        assert_eq!(find("6176177890787337").map(|t| t.name), Some("最多跑一次"));
        assert_eq!(
            find("6184929046036491").map(|t| (t.name, t.group)),
            Some(("业务熟悉，办事效率高", TagGroup::Consult))
        );
        for id in ["6184929050230784", "6184929050230788", "6176177894981652"] {
            assert!(find(id).is_some(), "{id}");
        }
        assert!(find("1").is_none());
    }
}

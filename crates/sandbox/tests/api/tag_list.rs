//! 4.3 查询评价标签列表 for every (evalEntityCode × stars × type).

use std::collections::HashSet;

use hcp_protocol::EvalEntityCode;
use hcp_protocol::upstream::path;
use serde_json::Value;

use super::helpers::*;

async fn tags(s: &TestSandbox, entity: &str, stars: &str, ty: Option<&str>) -> Value {
    let mut q = vec![
        ("appCode", "hcpTest"),
        ("evalEntityCode", entity),
        ("generalStars", stars),
    ];
    if let Some(t) = ty {
        q.push(("type", t));
    }
    s.get(path::TAG_LIST, &q).await
}

fn names(answer: &Value) -> Vec<String> {
    answer["data"]["tagList"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|t| t["tagName"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn every_combination_lists_three_to_five_tags_with_their_star_level() {
    let s = spawn_sandbox().await;
    let mut all_ids = HashSet::new();
    for entity in EvalEntityCode::ALL {
        for stars in ["1", "2", "3", "4", "5"] {
            for ty in [None, Some("1"), Some("2")] {
                let answer = tags(&s, entity, stars, ty).await;
                assert_code(&answer, 0);
                let list = answer["data"]["tagList"].as_array().expect("tagList");
                assert!(
                    (3..=5).contains(&list.len()),
                    "{entity} {stars}★ type {ty:?}: {answer}"
                );
                for t in list {
                    let id = t["tagId"].as_str().expect("tagId is a string");
                    assert_eq!(id.len(), 16, "{id}");
                    assert!(id.bytes().all(|b| b.is_ascii_digit()));
                    assert!(t["tagName"].as_str().is_some_and(|n| !n.is_empty()));
                    assert_eq!(t["starNum"].to_string(), stars);
                    all_ids.insert(id.to_string());
                }
            }
        }
    }
    assert!(all_ids.len() >= 60, "{} distinct tags", all_ids.len());
}

#[tokio::test]
async fn the_seeds_tags_are_in_their_catalogs() {
    let s = spawn_sandbox().await;
    let consult = names(&tags(&s, "hallAffair", "5", Some("2")).await);
    assert!(consult.contains(&"服务热情周到".to_string()));
    assert!(consult.contains(&"业务熟悉，办事效率高".to_string()));
    let online = names(&tags(&s, "egovAffair", "4", Some("1")).await);
    assert!(online.contains(&"只填写一张表单".to_string()));
    assert!(online.contains(&"最多跑一次".to_string()));
    let guide3 = names(&tags(&s, "egovGuide", "3", None).await);
    assert_eq!(
        guide3,
        [
            "材料范本比较规范",
            "办理条件比较准确",
            "申请流程比较清晰",
            "情形比较合理"
        ]
    );
    let hall5 = tags(&s, "hallAffair", "5", None).await;
    let ids: Vec<&str> = hall5["data"]["tagList"]
        .as_array()
        .map(|a| a.iter().filter_map(|t| t["tagId"].as_str()).collect())
        .unwrap_or_default();
    assert!(ids.contains(&"6184929050230784") && ids.contains(&"6184929050230788"));
    // Low stars are complaints.
    let hall2 = names(&tags(&s, "hallAffair", "2", Some("1")).await);
    assert!(hall2.contains(&"等待时间过长".to_string()));
    assert!(hall2.contains(&"多次跑腿".to_string()));
    let consult1 = names(&tags(&s, "hallAffair", "1", Some("2")).await);
    assert!(consult1.contains(&"服务态度差".to_string()));
    let guide2 = names(&tags(&s, "egovGuide", "2", None).await);
    assert!(guide2.contains(&"材料范本不规范".to_string()));
}

#[tokio::test]
async fn bad_tag_queries_are_refused() {
    let s = spawn_sandbox().await;
    assert_refused(
        &tags(&s, "hallAffair", "0", None).await,
        "整体评价星级generalStars必须为1到5的整数",
    );
    assert_refused(
        &tags(&s, "hallAffair", "five", None).await,
        "整体评价星级generalStars必须为整数",
    );
    assert_refused(
        &tags(&s, "hallAffair", "5", Some("3")).await,
        "星级类型type必须为1（办件评价）或2（咨询评价）",
    );
    assert_refused(
        &tags(&s, "hall", "5", None).await,
        "评价对象编码evalEntityCode必须为egovGuide、egovAffair、hallAffair、appAffair之一",
    );
}

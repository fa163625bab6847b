//! 一件事 (seed 000 §4.7 affair/onethingeval): one rating of a bundle of a
//! citizen's cases of different services (开办企业: 企业设立登记,
//! 公章刻制备案, 社会保险登记 …), given at `/front/onething/`
//! ([`hcp_protocol::my::OneThingParams`]) and submitted to `/api/submit`
//! like every rating, with the page's route and query.
//!
//! It goes through the outbox like the others, exactly once per bundle and
//! stage: its keys are the cases' own (`case:{appCode}:{serial}:{stage}`),
//! shared with every other way of rating a case, so a bundle given twice is
//! `already_rated`, and a case already rated (on its own, or in another
//! bundle) is left out of the request and answered as such. The platform
//! answers case by case (one line each: `…评价成功` / `…评价失败,原因:…`),
//! read by [`answer_cases`]; an attempt with an unknown outcome is
//! confirmed case by case with 4.11, like a batch (`confirm`).
//!
//! Every case must be in the case directory (its record fills the
//! platform's required fields), finished for a 办结 rating, and not
//! reported as someone else's; a bundle that fails any of these is refused
//! before anything is kept, naming the case by its place in the list.

use crate::directory::{cases, halls};
use crate::error::AppError;
use crate::identity::evaluator::Evaluator;
use crate::rating::lookup::Lookup;
use crate::rating::plan::{IdemKey, Plan, UpstreamBody, case_key};
use crate::rating::{body, checks};
use crate::store::Tx;
use hcp_protocol::api::Rating;
use hcp_protocol::crypt::DesKey;
use hcp_protocol::my::{MyRoute, OneThingParams};
use hcp_protocol::types::{LooseInt, LooseString};
use hcp_protocol::upstream::{AffairEvalRequest, OneThingEvalRequest, TagRef};

/// Whether a submission's route is the 一件事 page's.
pub fn is_route(route: &str) -> bool {
    MyRoute::from_path(route) == Some(MyRoute::OneThing)
}

/// What the directories say about a bundle's cases and window.
pub fn lookup(conn: &mut dyn Tx, params: &OneThingParams) -> anyhow::Result<Lookup> {
    let mut out = Lookup::default();
    for no in &params.affair_serial_nos {
        if let Some(c) = cases::find_with_department(conn, no.as_str())? {
            out.cases.insert(no.as_str().to_string(), c);
        }
    }
    if let Some(w) = &params.worker {
        out.hall_name = halls::hall_name(conn, w.hall_code.as_str())?;
        out.worker_name = halls::worker_name(conn, w.hall_code.as_str(), w.work_no.as_str())?;
        out.halls_known = halls::knows_halls(conn, params.common.app_code.as_str())?;
    }
    Ok(out)
}

/// The upstream body (one 4.5-shaped item per case) and the cases' keys,
/// for a rating given at `now` (Unix seconds).
pub fn build(
    params: &OneThingParams,
    rating: &Rating,
    evaluator: &Evaluator,
    des: &DesKey,
    lookup: &Lookup,
    now: i64,
) -> Result<Plan, AppError> {
    checks::need(evaluator, true)?;
    let eval_time = hcp_protocol::sign::beijing_timestamp14(now);
    let app_code = params.common.app_code.as_str().to_string();
    let stage = params.eval_process;
    let hall = match &params.worker {
        Some(w) => Some(checks::hall_ref(w, lookup)?),
        None => None,
    };
    // 4.7's example sends its tags as objects.
    let tags: Vec<TagRef> = rating
        .tags
        .iter()
        .map(|t| TagRef::Object {
            tag_id: LooseString::from(t.as_str()),
        })
        .collect();
    let user = evaluator.to_eval_user(des);
    let mut items = Vec::with_capacity(params.affair_serial_nos.len());
    let mut keys = Vec::with_capacity(params.affair_serial_nos.len());
    for (i, no) in params.affair_serial_nos.iter().enumerate() {
        let c = checks::case(lookup, no.as_str(), Some(i + 1))?;
        checks::check_stage(c, stage)?;
        checks::check_applicant(c, evaluator)?;
        items.push(AffairEvalRequest {
            app_code: app_code.clone(),
            channel: params.common.channel,
            general_stars: rating.stars,
            eval_process: stage,
            eval_entity_code: params.eval_entity_code,
            remark: body::remark(rating),
            eval_time: Some(eval_time.clone()),
            tag_list: Some(tags.clone()),
            department: checks::department(c),
            affair: checks::affair(c),
            user: user.clone(),
            hall: hall.clone(),
        });
        keys.push(IdemKey {
            key: case_key(&app_code, &c.affair_serial_no, stage),
            case_no: Some(c.affair_serial_no.clone()),
        });
    }
    Ok(Plan {
        body: UpstreamBody::OneThing(OneThingEvalRequest {
            relation_bus_num: LooseInt(i64::try_from(items.len()).unwrap_or(i64::MAX)),
            eval_list_vo: items,
            sub_business: params.sub_business.as_str().to_string(),
        }),
        keys,
        client: None,
    })
}

#[cfg(all(test, feature = "sandbox"))]
mod tests {
    use super::*;
    use crate::delivery::answers::answer_cases;
    use crate::delivery::kinds::CaseStatus;
    use hcp_protocol::decode::encode_base64 as b;
    use hcp_protocol::types::{Remark, Stars};

    fn rating(stars: i64) -> Rating {
        Rating {
            stars: Stars::try_from(stars).expect("stars"),
            tags: vec![hcp_protocol::types::TagId::new("6176177890787330").expect("tag")],
            remark: Remark::new("一次办好").expect("remark"),
        }
    }

    fn citizen() -> Evaluator {
        Evaluator {
            user_id: Some(hcp_sandbox::demo::CITIZEN.user_id.into()),
            user_name: "王小明".into(),
            user_type: 1,
            certificate_type: Some(111),
            certificate_no: hcp_protocol::types::Personal::new("210102199001011237").ok(),
            contact_phone: hcp_protocol::types::Personal::new("13800138000").ok(),
            passport_name: None,
        }
    }

    fn params(serials: &[&str], stage: u8) -> OneThingParams {
        OneThingParams::parse(&format!(
            "appCode=cTPyv9r6&channel=web&evalEntityCode=egovAffair&evalProcess={stage}&subBusiness={}&affairSerialNos={}",
            b("开办企业"),
            b(&serials.join(","))
        ))
        .expect("params")
    }

    fn demo_lookup(p: &OneThingParams) -> Lookup {
        let (_dir, db) = crate::store::Db::temp();
        let p = p.clone();
        db.blocking(move |c| {
            crate::sandbox::demo_data::seed_demo(c)?;
            lookup(c, &p)
        })
        .expect("lookup")
    }

    fn key() -> DesKey {
        DesKey::parse(hcp_sandbox::dev::DES_KEY).expect("key")
    }

    #[test]
    fn a_bundle_is_one_request_with_one_item_and_one_key_per_case() {
        let p = params(&hcp_sandbox::demo::ONETHING_CASES, 2);
        let l = demo_lookup(&p);
        let plan = build(&p, &rating(5), &citizen(), &key(), &l, 1_764_460_800).expect("plan");
        let UpstreamBody::OneThing(body) = &plan.body else {
            panic!("onething");
        };
        assert_eq!(body.sub_business, "开办企业");
        assert_eq!(body.relation_bus_num, LooseInt(3));
        assert_eq!(body.eval_list_vo.len(), 3);
        let names: Vec<&str> = body
            .eval_list_vo
            .iter()
            .map(|i| i.department.department_name.as_deref().unwrap_or(""))
            .collect();
        assert_eq!(
            names,
            vec![
                "沈阳市市场监督管理局",
                "沈阳市公安局",
                "沈阳市人力资源和社会保障局"
            ]
        );
        assert!(
            plan.keys
                .iter()
                .all(|k| k.key.starts_with("case:cTPyv9r6:"))
        );
        let json = plan.body.to_json().expect("json");
        assert!(
            json.contains("\"tagList\":[{\"tagId\":\"6176177890787330\"}]"),
            "{json}"
        );
        assert!(!json.contains("13800138000"), "phone encrypted: {json}");
        let mut trimmed = plan.body.clone();
        trimmed.keep_cases(&[hcp_sandbox::demo::ONETHING_CASES[1].to_string()]);
        let UpstreamBody::OneThing(trimmed) = trimmed else {
            panic!("onething");
        };
        assert_eq!(trimmed.relation_bus_num, LooseInt(1));
    }

    #[test]
    fn a_bundle_with_a_case_unknown_or_unfinished_is_refused_by_its_place() {
        let p = params(&[hcp_sandbox::demo::ONETHING_CASES[0], "210000-nope-1"], 2);
        let l = demo_lookup(&p);
        assert!(matches!(
            build(&p, &rating(5), &citizen(), &key(), &l, 0),
            Err(AppError::UnknownCase(Some(2)))
        ));
        // Accepted only, not finished: no 办结 rating.
        let p = params(
            &[
                hcp_sandbox::demo::ONETHING_CASES[0],
                "210100-210100301001-20250311140208104",
            ],
            2,
        );
        let l = demo_lookup(&p);
        assert!(matches!(
            build(&p, &rating(5), &citizen(), &key(), &l, 0),
            Err(AppError::Param(f)) if f.field == "evalProcess"
        ));
    }

    #[test]
    fn the_platforms_lines_are_read_per_case() {
        let cases = vec!["A-1".to_string(), "B-2".to_string(), "C-3".to_string()];
        let data = serde_json::json!([
            "A-1评价成功",
            "B-2评价失败,原因:当前流程已经评价过，请勿再次评价",
            "C-3评价失败,原因:事项编码affairCode不能为空"
        ]);
        let got = answer_cases(&cases, Some(&data));
        assert_eq!(
            got.iter().map(|c| c.1).collect::<Vec<_>>(),
            vec![
                CaseStatus::Delivered,
                CaseStatus::AlreadyRated,
                CaseStatus::Refused
            ]
        );
        assert!(got[2].2.contains("affairCode"), "{:?}", got[2]);
        // No lines at all: the envelope's code 0 stands for every case.
        assert!(
            answer_cases(&cases, None)
                .iter()
                .all(|c| c.1 == CaseStatus::Delivered)
        );
    }
}

//! Builds the exact upstream body of a submission: the page's parameters
//! (re-parsed by the gateway), the citizen's rating, the evaluator, the case
//! and hall directories, evalTime and the DES-encrypted personal fields. Also
//! the rating's own keys. A pure function; what it needs of the directories
//! is read first (`lookup`, or the whole path in `prepare`), so that it can
//! be tested without a database.
//!
//! What the directories know wins over what a URL says: a window named by a
//! URL must be in the hall directory when the directory knows its hall, and
//! the worker's name is the directory's; a case whose applicant the hall
//! system reported may be rated by that person only.

use crate::config::RatingPeriods;
use crate::error::AppError;
use crate::rating::checks::{
    affair, case, check_applicant, check_stage, department, hall_ref, need,
};
use crate::rating::lookup::{Lookup, Submission};
use crate::rating::plan::{IdemKey, Plan, UpstreamBody, case_key, period_label};
use hcp_protocol::api::Rating;
use hcp_protocol::crypt::DesKey;
use hcp_protocol::error::{FieldError, Problem};
use hcp_protocol::types::{EvalProcess, LooseString};
use hcp_protocol::upstream::{
    AffairEvalRequest, Guide, GuideEvalRequest, HallRef, HallWorkerEvalRequest, MultiEvalAffair,
    MultiEvalRequest, TagRef,
};
use hcp_protocol::{EvalEntityCode, PageParams};

pub(crate) fn tags(rating: &Rating) -> Option<Vec<TagRef>> {
    // tagList is required by 4.5/4.6/4.8: always sent, empty when none is chosen.
    Some(
        rating
            .tags
            .iter()
            .map(|t| TagRef::Id(LooseString::from(t.as_str())))
            .collect(),
    )
}

pub(crate) fn remark(rating: &Rating) -> Option<String> {
    (!rating.remark.is_blank()).then(|| rating.remark.as_str().to_string())
}

/// Builds the upstream body and the idempotency keys of a submission made
/// at `now` (Unix seconds: evalTime and the rating period).
pub fn build(
    sub: &Submission,
    des: &DesKey,
    lookup: &Lookup,
    now: i64,
    periods: &RatingPeriods,
) -> Result<Plan, AppError> {
    let Submission {
        params,
        rating,
        choice,
        evaluator,
    } = *sub;
    let eval_time = &hcp_protocol::sign::beijing_timestamp14(now);
    let app_code = params.app_code().as_str().to_string();
    let channel = params.channel();
    let citizen = evaluator.citizen_key();
    match params {
        PageParams::Guide(p) => {
            need(evaluator, false)?;
            let body = GuideEvalRequest {
                general_stars: rating.stars,
                remark: remark(rating),
                tag_list: tags(rating),
                guide: Guide {
                    department_code: p.department_code.as_str().to_string(),
                    affair_code: p.affair_code.as_str().to_string(),
                    affair_name: p.affair_name.as_str().to_string(),
                },
                user: evaluator.to_eval_user(des),
                app_code,
                eval_entity_code: EvalEntityCode::EgovGuide,
                channel,
                eval_time: eval_time.to_string(),
            };
            Ok(Plan {
                keys: vec![IdemKey {
                    key: format!(
                        "guide:{}:{citizen}:{}",
                        p.affair_code.as_str(),
                        period_label(now, periods.guide_days)
                    ),
                    case_no: None,
                }],
                body: UpstreamBody::Guide(body),
                client: None,
            })
        }
        PageParams::AffairOnline(_) | PageParams::AffairHall(_) | PageParams::Dynamic(_) => {
            need(evaluator, true)?;
            let serial = params
                .case_numbers()
                .first()
                .map(|c| c.as_str().to_string())
                .unwrap_or_default();
            let stage = params.eval_process().unwrap_or(EvalProcess::Done);
            let c = case(lookup, &serial, None)?;
            check_stage(c, stage)?;
            check_applicant(c, evaluator)?;
            let hall = match params.worker() {
                Some(w) => Some(hall_ref(&w, lookup)?),
                None => None,
            };
            let body = AffairEvalRequest {
                app_code: app_code.clone(),
                channel,
                general_stars: rating.stars,
                eval_process: stage,
                eval_entity_code: params.eval_entity_code(),
                remark: remark(rating),
                eval_time: Some(eval_time.to_string()),
                tag_list: tags(rating),
                department: department(c),
                affair: affair(c),
                user: evaluator.to_eval_user(des),
                hall,
            };
            Ok(Plan {
                keys: vec![IdemKey {
                    key: case_key(&app_code, &serial, stage),
                    case_no: Some(serial),
                }],
                body: UpstreamBody::Affair(body),
                client: None,
            })
        }
        PageParams::Batch(p) => {
            need(evaluator, true)?;
            let mut records = Vec::with_capacity(p.affair_serial_nos.len());
            for (i, no) in p.affair_serial_nos.iter().enumerate() {
                let c = case(lookup, no.as_str(), Some(i + 1))?;
                check_stage(c, p.eval_process)?;
                check_applicant(c, evaluator)?;
                records.push(c);
            }
            let Some(first) = records.first() else {
                return Err(AppError::Param(FieldError::new(
                    "affairSerialNos",
                    Problem::Empty,
                )));
            };
            if records.iter().any(|c| c.affair_code != first.affair_code) {
                return Err(AppError::Param(FieldError::new(
                    "affairSerialNos",
                    Problem::Shape(
                        "：同一事项批量评价的办件必须属于同一事项",
                        ": the cases of a batch must all be of the same service item",
                    ),
                )));
            }
            let body = MultiEvalRequest {
                app_code: app_code.clone(),
                eval_entity_code: EvalEntityCode::HallAffair,
                affair_code: first.affair_code.clone(),
                affair_name: first.affair_name.clone(),
                hall: Some(hall_ref(&p.worker, lookup)?),
                department: department(first),
                affair_list: records
                    .iter()
                    .map(|c| MultiEvalAffair {
                        affair_serial_no: c.affair_serial_no.clone(),
                        affair_deal_officer: c.affair_deal_officer.clone(),
                        affair_apply_time: c.affair_apply_time.clone(),
                        affair_done_time: c.affair_done_time.clone(),
                    })
                    .collect(),
                user: evaluator.to_eval_user(des),
                tag_list: tags(rating),
                general_stars: rating.stars,
                remark: remark(rating),
                eval_process: p.eval_process,
                channel,
                eval_time: Some(eval_time.to_string()),
            };
            Ok(Plan {
                keys: records
                    .iter()
                    .map(|c| IdemKey {
                        key: case_key(&app_code, &c.affair_serial_no, p.eval_process),
                        case_no: Some(c.affair_serial_no.clone()),
                    })
                    .collect(),
                body: UpstreamBody::Multi(body),
                client: None,
            })
        }
        PageParams::ConsultOnline(_) | PageParams::ConsultHall(_) => {
            let hall = match (params, choice) {
                (PageParams::ConsultHall(p), _) => hall_ref(&p.worker, lookup)?,
                (_, None) => {
                    return Err(AppError::Param(FieldError::new("hall", Problem::Missing)));
                }
                (_, Some(c)) => {
                    // The citizen picked from the directory: the window must be in it.
                    let (Some(_), Some(worker)) = (&lookup.hall_name, &lookup.worker_name) else {
                        return Err(AppError::UnknownWorker {
                            hall_unknown: lookup.hall_name.is_none(),
                        });
                    };
                    HallRef {
                        hall_code: LooseString::from(c.hall_code.as_str()),
                        hall_name: lookup.hall_name.clone(),
                        hall_worker_name: worker.clone(),
                        work_no: LooseString::from(c.work_no.as_str()),
                    }
                }
            };
            let key = format!(
                "consult:{}:{}:{citizen}:{}",
                hall.hall_code.as_str(),
                hall.work_no.as_str(),
                period_label(now, periods.consult_days)
            );
            let body = HallWorkerEvalRequest {
                app_code,
                eval_entity_code: EvalEntityCode::HallAffair,
                hall,
                tag_list: tags(rating),
                general_stars: rating.stars,
                remark: remark(rating),
                channel,
                eval_process: None,
                eval_time: Some(eval_time.to_string()),
                user: Some(evaluator.to_eval_user(des)),
            };
            Ok(Plan {
                keys: vec![IdemKey { key, case_no: None }],
                body: UpstreamBody::Consult(body),
                client: None,
            })
        }
    }
}

#[cfg(all(test, feature = "sandbox"))]
mod tests {
    use super::*;
    use crate::identity::evaluator::{Evaluator, applicant_digest};
    use crate::identity::ticket::TicketClaims;
    use crate::rating::lookup::Lookup;
    use crate::rating::lookup::Submission;
    use crate::rating::lookup::lookup;
    use crate::rating::lookup::needs_lookup;
    use crate::rating::plan::Plan;
    use crate::rating::plan::UpstreamBody;
    use crate::rating::plan::display_key;
    use crate::rating::plan::period_label;
    use hcp_protocol::Route;
    use hcp_protocol::api::HallChoice;
    use hcp_protocol::decode::encode_base64;
    use hcp_protocol::types::{Remark, Stars};

    fn rating(stars: i64) -> Rating {
        Rating {
            stars: Stars::try_from(stars).expect("stars"),
            tags: vec![],
            remark: Remark::new("").expect("remark"),
        }
    }

    fn citizen() -> Evaluator {
        let t = crate::sandbox::demo_data::demo_citizen(0, 1);
        let secret = crate::config::Secret::new("x-secret-for-tests-only");
        let token = crate::identity::ticket::issue_ticket(
            &secret,
            &TicketClaims {
                exp: i64::MAX / 2,
                ..t
            },
        )
        .expect("ticket");
        let mut h = axum::http::HeaderMap::new();
        h.insert(
            axum::http::header::AUTHORIZATION,
            format!("Bearer {token}").parse().expect("header"),
        );
        let p = PageParams::parse(
            Route::HallWorker,
            "appCode=a1&channel=web&evalEntityCode=hallAffair",
        )
        .expect("p");
        crate::identity::evaluator::evaluator(&p, &h, &secret).expect("evaluator")
    }

    /// 2025-01-01 12:00:00 in Beijing.
    const NOW: i64 = 1_735_704_000;

    fn go(
        p: &PageParams,
        r: &Rating,
        choice: Option<&HallChoice>,
        l: &Lookup,
    ) -> Result<Plan, AppError> {
        go_as(p, r, choice, &citizen(), l, NOW)
    }

    fn go_as(
        p: &PageParams,
        r: &Rating,
        choice: Option<&HallChoice>,
        who: &Evaluator,
        l: &Lookup,
        now: i64,
    ) -> Result<Plan, AppError> {
        let sub = Submission {
            params: p,
            rating: r,
            choice,
            evaluator: who,
        };
        build(&sub, &key(), l, now, &RatingPeriods::default())
    }

    fn demo_lookup(params: &PageParams, choice: Option<&HallChoice>) -> Lookup {
        let (_dir, db) = crate::store::Db::temp();
        let params = params.clone();
        let choice = choice.cloned();
        db.blocking(move |c| {
            crate::sandbox::demo_data::seed_demo(c)?;
            lookup(c, &params, choice.as_ref())
        })
        .expect("lookup")
    }

    fn key() -> DesKey {
        DesKey::parse(hcp_sandbox::dev::DES_KEY).expect("key")
    }

    #[test]
    fn only_pages_that_name_a_case_or_a_window_need_the_directory() {
        let b = encode_base64;
        let guide = format!(
            "appCode=a1&channel=web&evalEntityCode=egovGuide&evalProcess=2&affairName={}&affairCode={}&departmentCode={}",
            b("其它无户口人员恢复户口"),
            b("11211282001198258E4000109040000"),
            b("11211282001198258E")
        );
        let guide = PageParams::parse(Route::Guide, &guide).expect("guide");
        assert!(!needs_lookup(&guide, None));
        // Skipping the lookup loses nothing: it finds nothing for such a page.
        let l = demo_lookup(&guide, None);
        assert!(l.cases.is_empty() && l.hall_name.is_none() && l.worker_name.is_none());

        let q = "msg=cTPyv9r6_0204_JXU1RjIwJXU0RTA5_39357010579292161_210000-210100009000-20200603093755953_11210000001099516A2210100009000_2";
        let dynamic = PageParams::parse(Route::RatingDynamic, q).expect("dynamic");
        assert!(needs_lookup(&dynamic, None));
        assert!(demo_lookup(&dynamic, None).hall_name.is_some());
    }

    #[test]
    fn dynamic_qr_is_enriched_from_the_directory() {
        let q = "msg=cTPyv9r6_0204_JXU1RjIwJXU0RTA5_39357010579292161_210000-210100009000-20200603093755953_11210000001099516A2210100009000_2";
        let p = PageParams::parse(Route::RatingDynamic, q).expect("params");
        let l = demo_lookup(&p, None);
        let plan = go(&p, &rating(5), None, &l).expect("plan");
        let UpstreamBody::Affair(b) = &plan.body else {
            panic!("affair body");
        };
        assert_eq!(b.channel.as_str(), "hallQr");
        assert_eq!(b.eval_entity_code.as_str(), "hallAffair");
        assert_eq!(b.affair.affair_deal_officer, "张三");
        assert_eq!(b.affair.affair_apply_time, "20200603093755");
        assert_eq!(
            b.department.department_name.as_deref(),
            Some("辽宁省自然资源厅")
        );
        let hall = b.hall.as_ref().expect("hall");
        assert_eq!(hall.hall_worker_name, "张三");
        assert_eq!(hall.hall_name.as_deref(), Some("辽宁省政务服务中心"));
        assert_eq!(b.tag_list.as_deref(), Some(&[][..]));
        assert_eq!(
            plan.keys[0].key,
            "case:cTPyv9r6:210000-210100009000-20200603093755953:2"
        );
        let json = plan.body.to_json().expect("json");
        assert!(json.contains("\"tagList\":[]"), "{json}");
        assert!(
            !json.contains(hcp_sandbox::demo::CITIZEN.contact_phone),
            "{json}"
        );
    }

    #[test]
    fn guangdong_qr_takes_the_worker_name_from_the_directory() {
        let msg = "cTPyv9r6-0205-39357010579292161-210000-210100055000-20250305101010201-11210000001099412L4000103002000";
        let p = PageParams::parse(Route::RatingDynamic, &format!("msg={msg}")).expect("params");
        let l = demo_lookup(&p, None);
        let plan = go(&p, &rating(4), None, &l).expect("plan");
        let UpstreamBody::Affair(b) = plan.body else {
            panic!("affair");
        };
        assert_eq!(b.hall.map(|h| h.hall_worker_name).as_deref(), Some("李四"));
        // Unknown worker → 422.
        let msg = "cTPyv9r6-9999-39357010579292161-210000-210100055000-20250305101010201-11210000001099412L4000103002000";
        let p = PageParams::parse(Route::RatingDynamic, &format!("msg={msg}")).expect("params");
        let l = demo_lookup(&p, None);
        assert!(matches!(
            go(&p, &rating(4), None, &l),
            Err(AppError::UnknownWorker { .. })
        ));
    }

    #[test]
    fn unknown_case_and_unfinished_case() {
        let q = format!(
            "appCode=a1&channel=web&evalEntityCode=egovAffair&evalProcess=2&affairName={}&affairSerialNo={}&departmentCode={}",
            encode_base64("x"),
            encode_base64("210000-nope-1"),
            encode_base64("D1")
        );
        let p = PageParams::parse(Route::FrontPc, &q).expect("params");
        let l = demo_lookup(&p, None);
        match go(&p, &rating(5), None, &l) {
            Err(AppError::UnknownCase(position)) => assert_eq!(position, None),
            other => panic!("{other:?}"),
        }
        let q = format!(
            "appCode=a1&channel=web&evalEntityCode=egovAffair&evalProcess=2&affairName={}&affairSerialNo={}&departmentCode={}",
            encode_base64("x"),
            encode_base64("210100-210100301001-20250311140208104"),
            encode_base64("D1")
        );
        let p = PageParams::parse(Route::FrontPc, &q).expect("params");
        let l = demo_lookup(&p, None);
        match go(&p, &rating(5), None, &l) {
            Err(AppError::Param(f)) => assert_eq!(f.field, "evalProcess"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn consult_online_needs_a_known_window() {
        let p = PageParams::parse(
            Route::HallWorker,
            "appCode=a1&channel=web&evalEntityCode=hallAffair",
        )
        .expect("p");
        let l = demo_lookup(&p, None);
        assert!(matches!(
            go(&p, &rating(5), None, &l),
            Err(AppError::Param(_))
        ));
        let choice: HallChoice =
            serde_json::from_str(r#"{"hallCode":"56417234343428097","workNo":"1212"}"#)
                .expect("choice");
        let l = demo_lookup(&p, Some(&choice));
        let plan = go(&p, &rating(5), Some(&choice), &l).expect("plan");
        let UpstreamBody::Consult(b) = &plan.body else {
            panic!("consult");
        };
        assert_eq!(b.hall.hall_worker_name, "李凤");
        assert!(
            plan.keys[0]
                .key
                .starts_with("consult:56417234343428097:1212:")
        );
        let shown = display_key(&plan.keys[0].key);
        assert!(
            !shown.contains(hcp_sandbox::demo::CITIZEN.user_id),
            "{shown}"
        );
        let bad: HallChoice =
            serde_json::from_str(r#"{"hallCode":"56417234343428097","workNo":"7777"}"#)
                .expect("choice");
        let l = demo_lookup(&p, Some(&bad));
        assert!(matches!(
            go(&p, &rating(5), Some(&bad), &l),
            Err(AppError::UnknownWorker { .. })
        ));
    }

    fn consult_hall(hall: &str, work_no: &str, name: &str) -> PageParams {
        PageParams::parse(
            Route::HallWorker,
            &format!(
                "appCode=a1&channel=hallPad&evalEntityCode=hallAffair&hallCode={hall}&workerNo={work_no}&workerName={}",
                encode_base64(name)
            ),
        )
        .expect("params")
    }

    #[test]
    fn a_window_in_a_known_hall_must_exist_and_is_named_by_the_directory() {
        // A made-up worker in a hall the directory knows.
        let p = consult_hall("39357010579292161", "7777", "虚构人员");
        let l = demo_lookup(&p, None);
        assert!(matches!(
            go(&p, &rating(5), None, &l),
            Err(AppError::UnknownWorker {
                hall_unknown: false
            })
        ));
        // A real window under a false name: the directory's name is sent.
        let p = consult_hall("39357010579292161", "0204", "冒名顶替");
        let l = demo_lookup(&p, None);
        let plan = go(&p, &rating(5), None, &l).expect("plan");
        let UpstreamBody::Consult(b) = &plan.body else {
            panic!("consult");
        };
        assert_eq!(b.hall.hall_worker_name, "张三");
        // A hall the directory does not know, while it knows the app's halls: made up.
        let p = consult_hall("12345", "7777", "虚构人员");
        let l = demo_lookup(&p, None);
        assert!(matches!(
            go(&p, &rating(5), None, &l),
            Err(AppError::UnknownWorker { hall_unknown: true })
        ));
        // Without a hall directory at all, the URL is all there is.
        let p = consult_hall("12345", "7777", "窗口人员");
        let l = Lookup::default();
        let plan = go(&p, &rating(5), None, &l).expect("plan");
        let UpstreamBody::Consult(b) = &plan.body else {
            panic!("consult");
        };
        assert_eq!(b.hall.hall_worker_name, "窗口人员");
    }

    #[test]
    fn one_consult_rating_per_citizen_window_and_day_one_guide_per_thirty_days() {
        let p = consult_hall("39357010579292161", "0204", "张三");
        let l = demo_lookup(&p, None);
        let key_at = |now: i64| {
            go_as(&p, &rating(5), None, &citizen(), &l, now)
                .expect("plan")
                .keys[0]
                .key
                .clone()
        };
        // Same Beijing day: one key; the next day (00:00 Beijing = 16:00 UTC): another.
        assert_eq!(key_at(NOW), key_at(NOW + 3));
        assert_eq!(key_at(NOW), key_at(NOW + 11 * 3600 + 59 * 60));
        assert_ne!(key_at(NOW), key_at(NOW + 12 * 3600));
        assert!(key_at(NOW).ends_with(":p20250101"), "{}", key_at(NOW));
        assert!(key_at(NOW).starts_with("consult:39357010579292161:0204:u"));
        assert_eq!(period_label(NOW, 30), period_label(NOW + 86_400, 30));
        assert_eq!(period_label(1_741_536_000, 1), "p20250310");
    }

    #[test]
    fn a_case_with_a_reported_applicant_is_rated_by_that_person_only() {
        let q = "msg=cTPyv9r6_0204_JXU1RjIwJXU0RTA5_39357010579292161_210000-210100009000-20200603093755953_11210000001099516A2210100009000_2";
        let p = PageParams::parse(Route::RatingDynamic, q).expect("params");
        let mut l = demo_lookup(&p, None);
        let who = citizen();
        for c in l.cases.values_mut() {
            c.applicant_digest = Some(applicant_digest("110101199003074219"));
        }
        assert!(matches!(
            go_as(&p, &rating(5), None, &who, &l, NOW),
            Err(AppError::NotApplicant)
        ));
        for c in l.cases.values_mut() {
            c.applicant_digest = Some(applicant_digest(
                who.certificate_no.as_ref().expect("id").expose(),
            ));
        }
        assert!(go_as(&p, &rating(5), None, &who, &l, NOW).is_ok());
    }
}

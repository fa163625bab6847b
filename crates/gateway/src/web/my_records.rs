//! 我的评价's rows made from the platform's: a 差评's work order from
//! deptFeedback, a stage's rating, and the rating page a case is rated
//! through in place.

use crate::directory::records::CaseRecord;
use hcp_protocol::EvalEntityCode;
use hcp_protocol::decode::encode_base64;
use hcp_protocol::my::{StageRating, WorkOrder, WorkOrderStep, display_time};
use hcp_protocol::types::{AppCode, Channel, EvalProcess};
use hcp_protocol::upstream::EvalRecord;
use serde_json::Value;

/// 4.11's deptFeedback, whose shape seed 000 leaves open: a text, a list
/// of steps, or an object with some of `status` / `currentWorkOrderStatus`,
/// `validity`, `processList` (4.14's steps: `processTime`, `processType`,
/// `remark`) and a text under `remark`, `content` or `feedback`. What is
/// not recognised is left out, never shown raw.
pub fn work_order(feedback: Option<&Value>) -> Option<WorkOrder> {
    fn small(v: Option<&Value>) -> Option<u8> {
        match v? {
            Value::Number(n) => n.as_u64().and_then(|n| u8::try_from(n).ok()),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    }
    fn text(v: Option<&Value>) -> Option<String> {
        let s = v?.as_str()?;
        // Shown as text by the widget; control characters other than line breaks go.
        let t: String = s
            .chars()
            .filter(|c| *c == '\n' || !c.is_control())
            .filter(|c| !hcp_protocol::types::is_direction_control(*c))
            .take(2000)
            .collect();
        (!t.trim().is_empty()).then(|| t.trim().to_string())
    }
    fn step(v: &Value) -> Option<WorkOrderStep> {
        match v {
            Value::Object(o) => Some(WorkOrderStep {
                time: text(o.get("processTime")).map(|t| display_time(&t)),
                kind: small(o.get("processType")).filter(|k| matches!(k, 1 | 2)),
                text: text(o.get("remark").or(o.get("content")))?,
            }),
            Value::String(_) => Some(WorkOrderStep {
                time: None,
                kind: None,
                text: text(Some(v))?,
            }),
            _ => None,
        }
    }
    match feedback? {
        Value::Null => None,
        Value::String(_) => Some(WorkOrder {
            status: None,
            validity: None,
            steps: step(feedback?).into_iter().collect(),
        }),
        Value::Array(items) => Some(WorkOrder {
            status: None,
            validity: None,
            steps: items.iter().filter_map(step).collect(),
        }),
        Value::Object(o) => {
            let mut steps: Vec<WorkOrderStep> = o
                .get("processList")
                .and_then(Value::as_array)
                .map(|l| l.iter().filter_map(step).collect())
                .unwrap_or_default();
            if steps.is_empty()
                && let Some(t) = text(o.get("remark").or(o.get("content")).or(o.get("feedback")))
            {
                steps.push(WorkOrderStep {
                    time: None,
                    kind: Some(2),
                    text: t,
                });
            }
            Some(WorkOrder {
                status: small(o.get("status").or(o.get("currentWorkOrderStatus")))
                    .filter(|s| *s <= 3),
                validity: small(o.get("validity")).filter(|v| matches!(v, 1 | 3)),
                steps,
            })
        }
        _ => None,
    }
}

pub(crate) fn stage_rating(r: &EvalRecord) -> StageRating {
    StageRating {
        stars: r.general_stars,
        tags: r.tag_list.iter().map(|t| t.tag_name.clone()).collect(),
        remark: r.remark.clone().filter(|s| !s.trim().is_empty()),
        time: display_time(&r.eval_time),
        work_order: work_order(r.dept_feedback.as_ref()),
    }
}

/// The query of the rating page seed 000 §3 defines for a case rated
/// online (`/front/pc/`, `egovAffair`), from its directory record: what
/// 我的评价 submits to rate it. Rated from 我的评价, a case is rated
/// online, whichever way it was handled (the directory does not know the
/// hall and window of a case, which a hall rating names).
pub fn rate_query(
    app: &AppCode,
    channel: Channel,
    record: &CaseRecord,
    stage: EvalProcess,
) -> String {
    let stage = stage.get().to_string();
    form_urlencoded::Serializer::new(String::new())
        .append_pair("appCode", app.as_str())
        .append_pair("channel", channel.as_str())
        .append_pair("evalEntityCode", EvalEntityCode::EgovAffair.as_str())
        .append_pair("evalProcess", &stage)
        .append_pair("affairName", &encode_base64(&record.affair_name))
        .append_pair("affairSerialNo", &encode_base64(&record.affair_serial_no))
        .append_pair("departmentCode", &encode_base64(&record.department_code))
        .finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::AppError;
    use crate::identity::evaluator::{Evaluator, applicant_digest};
    use crate::web::my::Asked;
    use crate::web::my::Known;
    use crate::web::my::my_case;
    use hcp_protocol::Route;
    use hcp_protocol::my::EvalStatus;
    use hcp_protocol::types::Stars;
    use hcp_protocol::upstream::AffairSummary;
    use serde_json::json;

    #[test]
    fn feedback_of_every_shape_reads_or_is_left_out() {
        // The sandbox's: the work order and the hotline's steps.
        let o = work_order(Some(&json!({
            "evalWorkOrderNo": "B1", "status": 3, "validity": 1,
            "processList": [
                {"processTime": "20250101090000", "processType": 1, "remark": "已核实"},
                {"processTime": "20250102090000", "processType": 2, "remark": "已整改\u{202E}"},
                {"processType": 2, "remark": ""}
            ]
        })))
        .expect("order");
        assert_eq!((o.status, o.validity), (Some(3), Some(1)));
        assert_eq!(o.steps.len(), 2);
        assert_eq!(o.steps[0].time.as_deref(), Some("2025-01-01 09:00:00"));
        assert_eq!(o.steps[1].text, "已整改");
        assert_eq!(o.steps[1].kind, Some(2));
        // A bare text, a list, an object with a text of its own.
        let t = work_order(Some(&json!("部门已回访"))).expect("text");
        assert_eq!(t.steps[0].text, "部门已回访");
        let l = work_order(Some(&json!([{"remark": "一"}, 5, "二"]))).expect("list");
        assert_eq!(l.steps.len(), 2);
        let c = work_order(Some(
            &json!({"currentWorkOrderStatus": "2", "content": "处理中"}),
        ))
        .expect("object");
        assert_eq!((c.status, c.steps[0].text.as_str()), (Some(2), "处理中"));
        // Nothing, or out of range.
        assert_eq!(work_order(None), None);
        assert_eq!(work_order(Some(&Value::Null)), None);
        assert_eq!(work_order(Some(&json!(7))), None);
        let odd = work_order(Some(&json!({"status": 9, "validity": 2}))).expect("object");
        assert_eq!((odd.status, odd.validity, odd.steps.len()), (None, None, 0));
    }

    #[test]
    fn unknown_and_repeated_parameters_are_refused_by_name() {
        let allowed = &["appCode", "page"];
        assert!(Asked::read(Some("appCode=a&page=2"), allowed).is_ok());
        for (raw, field) in [
            ("appCode=a&userId=someone", "userId"),
            ("appCode=a&uid=1", "uid"),
            ("appCode=a&%3Cb%3E=1", "query"),
            ("appCode=a&appCode=b", "appCode"),
        ] {
            match Asked::read(Some(raw), allowed) {
                Err(AppError::Param(f)) => assert_eq!(f.field, field, "{raw}"),
                other => panic!("{raw}: {:?}", other.err()),
            }
        }
        let q = Asked::read(Some("page=0"), allowed).expect("read");
        assert!(q.page().is_err());
        assert!(
            Asked::read(Some("page=x"), allowed)
                .expect("read")
                .page()
                .is_err()
        );
    }

    #[test]
    fn the_rating_of_a_case_is_its_online_page() {
        let record = CaseRecord {
            affair_serial_no: "210000-1-1".into(),
            affair_code: "A1".into(),
            affair_name: "事项".into(),
            department_code: "D1".into(),
            department_name: None,
            affair_deal_officer: "张三".into(),
            affair_apply_time: "20250101090000".into(),
            affair_done_time: Some("20250102090000".into()),
            applicant_digest: None,
        };
        let app = AppCode::new("cTPyv9r6").expect("app");
        let q = rate_query(&app, Channel::H5, &record, EvalProcess::Done);
        let p = hcp_protocol::PageParams::parse(Route::FrontPc, &q).expect("a valid page");
        assert_eq!(p.kind(), hcp_protocol::PageKind::AffairOnline);
        assert_eq!(p.channel(), Channel::H5);
        assert_eq!(p.case_numbers()[0].as_str(), "210000-1-1");
        assert_eq!(p.eval_process(), Some(EvalProcess::Done));
    }

    #[test]
    fn rows_offer_the_current_stage_when_it_can_be_rated() {
        let row = |flag: i64, status: i64| AffairSummary {
            entity_code: "egovAffair".into(),
            affair_done_day: None,
            affair_source: None,
            affair_serial_no: "210000-1-1".into(),
            department_name: None,
            affair_name: "事项".into(),
            affair_apply_time: Some("2025-01-01 09:00:00".into()),
            affair_done_time: None,
            general_stars: Stars::try_from(5).ok().filter(|_| flag != 0),
            process_status: Some(hcp_protocol::types::LooseInt(status)),
            eval_flag: hcp_protocol::types::LooseInt(flag),
        };
        let record = CaseRecord {
            affair_serial_no: "210000-1-1".into(),
            affair_code: "A1".into(),
            affair_name: "事项".into(),
            department_code: "D1".into(),
            department_name: Some("一号部门".into()),
            affair_deal_officer: "张三".into(),
            affair_apply_time: "20250101090000".into(),
            affair_done_time: Some("20250102090000".into()),
            applicant_digest: None,
        };
        let citizen = Evaluator {
            user_id: Some("u1".into()),
            user_name: "王小明".into(),
            user_type: 1,
            certificate_type: Some(111),
            certificate_no: hcp_protocol::types::Personal::new("210102199001011237").ok(),
            contact_phone: None,
            passport_name: None,
        };
        let known = Known {
            record: Some(record.clone()),
            pending: [false, false],
        };
        let c = my_case(&row(1, 2), &known, &citizen);
        assert_eq!(
            (c.status, c.rate_stage),
            (EvalStatus::AcceptedRated, Some(2))
        );
        assert_eq!(c.department_name.as_deref(), Some("一号部门"));
        assert_eq!(my_case(&row(3, 2), &known, &citizen).rate_stage, None);
        assert_eq!(my_case(&row(0, 1), &known, &citizen).rate_stage, Some(1));
        // Not in the directory: shown, not offered.
        let unknown = Known::default();
        assert_eq!(my_case(&row(0, 2), &unknown, &citizen).rate_stage, None);
        // A rating on its way: delivering, not offered again.
        let pending = Known {
            record: Some(record.clone()),
            pending: [false, true],
        };
        let c = my_case(&row(1, 2), &pending, &citizen);
        assert!(c.delivering && c.rate_stage.is_none());
        // Someone else's, as the hall system reported it.
        let theirs = Known {
            record: Some(CaseRecord {
                applicant_digest: Some(applicant_digest("110101199003074219")),
                ..record
            }),
            pending: [false, false],
        };
        assert_eq!(my_case(&row(0, 2), &theirs, &citizen).rate_stage, None);
    }
}

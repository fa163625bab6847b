//! The GET interfaces: 4.3 tag list, 4.9–4.11 the citizen's cases and their
//! ratings, 4.12 guide ratings, 4.15 window (consultation) ratings. Answers
//! come from the stored ratings and, for the case lists, from the demo cases
//! the citizen applied for but has not rated (evalFlag 0).

use std::collections::{BTreeMap, HashMap};

use axum::extract::{RawQuery, State};
use axum::response::Response;
use hcp_protocol::sign::parse_timestamp14;
use hcp_protocol::types::{LooseInt, LooseString, Stars, TagType};
use hcp_protocol::upstream::{
    AffairDetail, AffairSummary, EvalRecord, GuideEvalRecord, HallWorkerEvalRecord, Page,
    TagListData, UpstreamTag, code,
};
use hcp_protocol::{EvalEntityCode, EvalProcess};
use serde_json::json;

use super::{Fail, ok};
use crate::check::field::{
    AFFAIR_CODE, AFFAIR_SERIAL_NO, APP_CODE, END_TIME, GENERAL_STARS, START_TIME, TAG_TYPE, USER_ID,
};
use crate::check::{Query, Refusal};
use crate::clock::dashed;
use crate::store::{self, RatingKind, StoredRating, WorkOrder};
use crate::{Sandbox, demo, tags};

/// 4.3 查询评价标签列表.
pub(crate) async fn tag_list(RawQuery(raw): RawQuery) -> Result<Response, Fail> {
    let q = Query::parse(raw.as_deref());
    q.req(APP_CODE)?;
    let entity = q.entity()?;
    let stars = q
        .opt_int(GENERAL_STARS)?
        .ok_or_else(|| GENERAL_STARS.empty())?;
    let stars = Stars::try_from(stars).map_err(|_| GENERAL_STARS.bad("必须为1到5的整数"))?;
    let tag_type = q
        .opt_int(TAG_TYPE)?
        .map(|t| {
            TagType::try_from(t).map_err(|_| TAG_TYPE.bad("必须为1（办件评价）或2（咨询评价）"))
        })
        .transpose()?;
    let tag_list = tags::list(entity, stars, tag_type)
        .map(|t| UpstreamTag {
            tag_id: LooseString::from(t.id),
            tag_name: t.name.to_string(),
            star_num: Some(stars),
        })
        .collect();
    Ok(ok(TagListData { tag_list }))
}

// ---------------------------------------------------------------- helpers

/// Tags with their names, as the query answers list them.
fn named_tags(ids: &[String]) -> Vec<UpstreamTag> {
    ids.iter()
        .filter_map(|id| tags::find(id))
        .map(|t| UpstreamTag {
            tag_id: LooseString::from(t.id),
            tag_name: t.name.to_string(),
            star_num: None,
        })
        .collect()
}

fn stars_of(r: &StoredRating) -> Option<Stars> {
    Stars::try_from(i64::from(r.general_stars)).ok()
}

fn page<T>(items: Vec<T>, no: u32, size: u32) -> Page<T> {
    let total = items.len();
    let size_usize = size as usize;
    let skip = (no as usize - 1).saturating_mul(size_usize);
    let page_total = total.div_ceil(size_usize);
    Page {
        page_no: LooseInt(i64::from(no)),
        page_size: LooseInt(i64::from(size)),
        page_total: LooseInt(page_total as i64),
        total: LooseInt(total as i64),
        page_data: items.into_iter().skip(skip).take(size_usize).collect(),
    }
}

/// Whether a yyyyMMddHHmmss time is within the optional bounds (inclusive).
fn within(t: &str, start: Option<&str>, end: Option<&str>) -> bool {
    start.is_none_or(|s| t >= s) && end.is_none_or(|e| t <= e)
}

/// Whether an evalFlag matches the query's: 0 means unrated, others are bits that must be set.
fn flag_matches(flag: u8, wanted: Option<u8>) -> bool {
    match wanted {
        None => true,
        Some(0) => flag == 0,
        Some(w) => flag & w == w,
    }
}

async fn user_ratings(
    sandbox: &Sandbox,
    user_id: String,
    kinds: &'static [RatingKind],
) -> crate::Result<Vec<StoredRating>> {
    sandbox
        .db(move |c| store::ratings_of_user(c, &user_id, kinds))
        .await
}

const CASE_KINDS: &[RatingKind] = &[RatingKind::Affair, RatingKind::Multi, RatingKind::OneThing];

// ---------------------------------------------------------------- 4.9–4.11 cases

/// A citizen's case as the case lists show it.
struct CaseRow {
    serial: String,
    entity_code: String,
    department_name: Option<String>,
    affair_name: String,
    apply: Option<String>,
    done: Option<String>,
    processing: Option<StoredRating>,
    completed: Option<StoredRating>,
}

impl CaseRow {
    fn from_demo(c: &demo::Case) -> CaseRow {
        CaseRow {
            serial: c.affair_serial_no.to_string(),
            entity_code: c.eval_entity_code.as_str().to_string(),
            department_name: Some(c.department_name.to_string()),
            affair_name: c.affair_name.to_string(),
            apply: Some(c.affair_apply_time.to_string()),
            done: c.affair_done_time.map(str::to_string),
            processing: None,
            completed: None,
        }
    }

    fn from_rating(r: &StoredRating) -> CaseRow {
        CaseRow {
            serial: r.affair_serial_no.clone().unwrap_or_default(),
            entity_code: r.eval_entity_code.clone(),
            department_name: r.department_name.clone(),
            affair_name: r.affair_name.clone().unwrap_or_default(),
            apply: r.affair_apply_time.clone(),
            done: r.affair_done_time.clone(),
            processing: None,
            completed: None,
        }
    }

    /// evalFlag: bit 0 受理已评, bit 1 办结已评.
    fn flag(&self) -> u8 {
        u8::from(self.processing.is_some()) | (u8::from(self.completed.is_some()) << 1)
    }

    fn latest(&self) -> Option<&StoredRating> {
        self.completed.as_ref().or(self.processing.as_ref())
    }

    /// The time 4.10 filters on: the latest evaluation, or the application if unrated.
    fn list_time(&self) -> Option<&str> {
        let evals = [&self.processing, &self.completed];
        evals
            .iter()
            .filter_map(|r| r.as_ref().map(|r| r.eval_time.as_str()))
            .max()
            .or(self.apply.as_deref())
    }

    fn done_days(&self) -> Option<LooseInt> {
        let apply = parse_timestamp14(self.apply.as_deref()?)?;
        let done = parse_timestamp14(self.done.as_deref()?)?;
        Some(LooseInt((done - apply).max(0) / 86_400))
    }

    fn source(&self) -> LooseInt {
        // 1 政务网事项, 3 线下办理.
        LooseInt(if self.entity_code == EvalEntityCode::HallAffair.as_str() {
            3
        } else {
            1
        })
    }

    fn summary(&self) -> AffairSummary {
        AffairSummary {
            entity_code: self.entity_code.clone(),
            affair_done_day: self.done_days(),
            affair_source: Some(self.source()),
            affair_serial_no: self.serial.clone(),
            department_name: self.department_name.clone(),
            affair_name: self.affair_name.clone(),
            affair_apply_time: self.apply.as_deref().map(dashed),
            affair_done_time: self.done.as_deref().map(dashed),
            general_stars: self.latest().and_then(stars_of),
            process_status: Some(LooseInt(if self.done.is_some() { 2 } else { 1 })),
            eval_flag: LooseInt(i64::from(self.flag())),
        }
    }
}

/// The citizen's cases: the demo cases they applied for, and every case they rated.
/// Newest application first.
fn cases_of(user_id: &str, ratings: Vec<StoredRating>) -> Vec<CaseRow> {
    let mut rows: BTreeMap<String, CaseRow> = demo::cases_of(user_id)
        .map(|c| (c.affair_serial_no.to_string(), CaseRow::from_demo(c)))
        .collect();
    for r in ratings {
        let Some(serial) = r.affair_serial_no.clone() else {
            continue;
        };
        let row = rows
            .entry(serial.clone())
            .or_insert_with(|| match demo::case(&serial) {
                Some(c) => CaseRow::from_demo(c),
                None => CaseRow::from_rating(&r),
            });
        match r.eval_process {
            Some(1) => row.processing = Some(r),
            Some(2) => row.completed = Some(r),
            _ => {}
        }
    }
    let mut rows: Vec<CaseRow> = rows.into_values().collect();
    rows.sort_by(|a, b| b.apply.cmp(&a.apply).then_with(|| a.serial.cmp(&b.serial)));
    rows
}

/// 4.9 查询办结事项评价列表 (by the month of application).
pub(crate) async fn detail_list(
    State(sandbox): State<Sandbox>,
    RawQuery(raw): RawQuery,
) -> Result<Response, Fail> {
    let q = Query::parse(raw.as_deref());
    let month = q.apply_month()?;
    let user_id = q.req(USER_ID)?;
    let (no, size) = q.paging()?;
    let wanted = q.eval_flag()?;
    let ratings = user_ratings(&sandbox, user_id.clone(), CASE_KINDS).await?;
    let month_prefix = month.replace('-', "");
    let rows = cases_of(&user_id, ratings)
        .into_iter()
        .filter(|c| {
            c.apply
                .as_deref()
                .is_some_and(|a| a.starts_with(&month_prefix))
        })
        .filter(|c| flag_matches(c.flag(), wanted))
        .map(|c| c.summary())
        .collect();
    Ok(ok(page(rows, no, size)))
}

/// 4.10 查询办结事项评价列表-以时间段为条件 (rated cases by evaluation
/// time, unrated ones by application time).
pub(crate) async fn detail_list_by_time(
    State(sandbox): State<Sandbox>,
    RawQuery(raw): RawQuery,
) -> Result<Response, Fail> {
    let q = Query::parse(raw.as_deref());
    let start = q.opt_time(START_TIME)?;
    let end = q.opt_time(END_TIME)?;
    let user_id = q.req(USER_ID)?;
    let (no, size) = q.paging()?;
    let wanted = q.eval_flag()?;
    let ratings = user_ratings(&sandbox, user_id.clone(), CASE_KINDS).await?;
    let rows = cases_of(&user_id, ratings)
        .into_iter()
        .filter(|c| {
            c.list_time()
                .is_some_and(|t| within(t, start.as_deref(), end.as_deref()))
        })
        .filter(|c| flag_matches(c.flag(), wanted))
        .map(|c| c.summary())
        .collect();
    Ok(ok(page(rows, no, size)))
}

/// The work order's story, as 4.11's deptFeedback (its shape is not specified).
fn feedback(order: Option<&WorkOrder>) -> Option<serde_json::Value> {
    let o = order?;
    Some(json!({
        "evalWorkOrderNo": o.work_order_no,
        "status": o.status,
        "validity": o.validity,
        "processList": o.processes.iter().map(|p| json!({
            "processTime": p.process_time,
            "processType": p.process_type,
            "remark": p.remark,
        })).collect::<Vec<_>>(),
    }))
}

fn eval_record(r: &StoredRating, orders: &HashMap<String, WorkOrder>) -> Option<EvalRecord> {
    Some(EvalRecord {
        eval_id: LooseString(r.eval_id.clone()),
        general_stars: stars_of(r)?,
        remark: r.remark.clone().filter(|s| !s.is_empty()),
        eval_time: dashed(&r.eval_time),
        eval_process: EvalProcess::try_from(i64::from(r.eval_process?)).ok()?,
        tag_list: named_tags(&r.tag_ids),
        dept_feedback: feedback(r.work_order_no.as_ref().and_then(|n| orders.get(n))),
    })
}

/// 4.11 查询办结事项评价详情.
pub(crate) async fn detail(
    State(sandbox): State<Sandbox>,
    RawQuery(raw): RawQuery,
) -> Result<Response, Fail> {
    let q = Query::parse(raw.as_deref());
    q.req(APP_CODE)?;
    let serial = q.req(AFFAIR_SERIAL_NO)?;
    let user_id = q.req(USER_ID)?;
    let uid = user_id.clone();
    let (ratings, orders) = sandbox
        .db(move |c| {
            let ratings = store::ratings_of_user(c, &uid, CASE_KINDS)?;
            let mut orders = HashMap::new();
            for no in ratings.iter().filter_map(|r| r.work_order_no.as_deref()) {
                if let Some(o) = store::work_order(c, no)? {
                    orders.insert(no.to_string(), o);
                }
            }
            Ok((ratings, orders))
        })
        .await?;
    let Some(row) = cases_of(&user_id, ratings)
        .into_iter()
        .find(|c| c.serial == serial)
    else {
        return Err(Refusal {
            code: code::FAILED,
            message: format!("未查询到该用户的办件{serial}"),
        }
        .into());
    };
    let summary = row.summary();
    let detail = AffairDetail {
        entity_code: summary.entity_code,
        channel_code: row.latest().map(|r| r.channel.clone()),
        affair_serial_no: summary.affair_serial_no,
        affair_name: summary.affair_name,
        affair_apply_time: summary.affair_apply_time,
        affair_done_time: summary.affair_done_time,
        department_name: summary.department_name,
        general_stars: summary.general_stars,
        process_status: summary.process_status,
        eval_flag: summary.eval_flag,
        processing_eval: row
            .processing
            .as_ref()
            .and_then(|r| eval_record(r, &orders)),
        completed_eval: row.completed.as_ref().and_then(|r| eval_record(r, &orders)),
    };
    Ok(ok(detail))
}

// ---------------------------------------------------------------- 4.12, 4.15

/// 4.12 查询办事指南评价列表 (newest first).
pub(crate) async fn guide_list(
    State(sandbox): State<Sandbox>,
    RawQuery(raw): RawQuery,
) -> Result<Response, Fail> {
    let q = Query::parse(raw.as_deref());
    let app_code = q.req(APP_CODE)?;
    let entity = q.entity()?;
    let user_id = q.req(USER_ID)?;
    let affair_code = q.opt(AFFAIR_CODE)?;
    let start = q.opt_time(START_TIME)?;
    let end = q.opt_time(END_TIME)?;
    let (no, size) = q.paging()?;
    let ratings = user_ratings(&sandbox, user_id, &[RatingKind::Guide]).await?;
    let rows = ratings
        .iter()
        .rev()
        .filter(|r| r.app_code == app_code && r.eval_entity_code == entity.as_str())
        .filter(|r| affair_code.is_none() || r.affair_code == affair_code)
        .filter(|r| within(&r.eval_time, start.as_deref(), end.as_deref()))
        .filter_map(|r| {
            Some(GuideEvalRecord {
                affair_eval_id: LooseString(r.eval_id.clone()),
                affair_name: r.affair_name.clone(),
                general_stars: stars_of(r)?,
                remark: r.remark.clone(),
                eval_time: r.eval_time.clone(),
                tag_list: Some(named_tags(&r.tag_ids)),
            })
        })
        .collect();
    Ok(ok(page(rows, no, size)))
}

/// 4.15 查询窗口评价列表 (newest first).
pub(crate) async fn hallworkers(
    State(sandbox): State<Sandbox>,
    RawQuery(raw): RawQuery,
) -> Result<Response, Fail> {
    let q = Query::parse(raw.as_deref());
    let app_code = q.opt(APP_CODE)?;
    let start = q.opt_time(START_TIME)?;
    let end = q.opt_time(END_TIME)?;
    let user_id = q.req(USER_ID)?;
    let (no, size) = q.paging()?;
    let ratings = user_ratings(&sandbox, user_id, &[RatingKind::Consult]).await?;
    let rows = ratings
        .iter()
        .rev()
        .filter(|r| app_code.as_ref().is_none_or(|a| &r.app_code == a))
        .filter(|r| within(&r.eval_time, start.as_deref(), end.as_deref()))
        .filter_map(|r| {
            Some(HallWorkerEvalRecord {
                eval_id: LooseString(r.eval_id.clone()),
                general_stars: stars_of(r)?,
                remark: r.remark.clone(),
                eval_time: dashed(&r.eval_time),
                tag_list: Some(named_tags(&r.tag_ids)),
            })
        })
        .collect();
    Ok(ok(page(rows, no, size)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_count_from_one() {
        let p = page((1..=10).collect::<Vec<_>>(), 4, 3);
        assert_eq!(p.page_data, vec![10]);
        assert_eq!((p.page_total.0, p.total.0), (4, 10));
        let p = page(Vec::<u8>::new(), 1, 10);
        assert_eq!((p.page_total.0, p.total.0, p.page_data.len()), (0, 0, 0));
        let p = page((1..=10).collect::<Vec<_>>(), 9, 3);
        assert!(p.page_data.is_empty());
    }

    #[test]
    fn flags_filter_like_the_spec() {
        assert!(flag_matches(0, Some(0)));
        assert!(!flag_matches(2, Some(0)));
        assert!(flag_matches(3, Some(2)));
        assert!(!flag_matches(1, Some(2)));
        assert!(flag_matches(1, None));
    }

    #[test]
    fn unrated_demo_cases_belong_to_their_owner() {
        let rows = cases_of(demo::CITIZEN.user_id, Vec::new());
        assert_eq!(rows.len(), demo::cases_of(demo::CITIZEN.user_id).count());
        assert!(rows.iter().all(|r| r.flag() == 0));
        assert!(rows.windows(2).all(|w| w[0].apply >= w[1].apply));
    }
}

//! The five rating interfaces (4.4–4.8): check, store, answer as the seed shows.

use axum::Extension;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use hcp_protocol::sign::beijing_timestamp14;
use hcp_protocol::types::{LooseInt, LooseString};
use hcp_protocol::upstream::{EvalResult, MultiEvalCase, MultiEvalItem, code};

use super::{Fail, ok, ok_null, refuse};
use crate::check::{self, CheckedAffair, CheckedCommon};
use crate::store::{self, RatingKind, RioHeaders, StoredRating, WO_CREATED};
use crate::{Sandbox, clock};

/// Work order status of a rating without one: 已办结.
const NO_WORK_ORDER_STATUS: i64 = 3;

/// One request's context: when, and with which headers and body.
struct Received {
    rio: RioHeaders,
    body: String,
    now: i64,
    eval_time: String,
}

impl Received {
    fn new(rio: RioHeaders, body: &Bytes) -> Received {
        let now = clock::now_secs();
        Received {
            rio,
            body: String::from_utf8_lossy(body).into_owned(),
            now,
            eval_time: beijing_timestamp14(now),
        }
    }
}

/// The row for one rating; a 差评 (≤ 2 stars) gets a work order number.
fn rating(
    sandbox: &Sandbox,
    kind: RatingKind,
    common: &CheckedCommon,
    affair: Option<&CheckedAffair>,
    received: &Received,
) -> StoredRating {
    let eval_id = sandbox.next_id().to_string();
    let work_order_no = (common.general_stars <= 2).then(|| format!("B{}", sandbox.next_id()));
    let user = common.user.as_ref();
    let hall = common.hall.as_ref();
    let department = common.department.as_ref();
    StoredRating {
        eval_id,
        kind,
        app_code: common.app_code.clone(),
        eval_entity_code: common.eval_entity_code.as_str().to_string(),
        channel: common.channel.as_str().to_string(),
        general_stars: common.general_stars,
        remark: common.remark.clone(),
        eval_process: common.eval_process,
        eval_time: received.eval_time.clone(),
        client_eval_time: common.client_eval_time.clone(),
        tag_ids: common.tag_ids.clone(),
        affair_serial_no: affair.map(|a| a.affair_serial_no.clone()),
        affair_code: affair.map(|a| a.affair_code.clone()),
        affair_name: affair.map(|a| a.affair_name.clone()),
        affair_deal_officer: affair.map(|a| a.affair_deal_officer.clone()),
        affair_apply_time: affair.map(|a| a.affair_apply_time.clone()),
        affair_done_time: affair.and_then(|a| a.affair_done_time.clone()),
        department_code: department.map(|d| d.0.clone()),
        department_name: department.and_then(|d| d.1.clone()),
        hall_code: hall.map(|h| h.hall_code.clone()),
        hall_name: hall.and_then(|h| h.hall_name.clone()),
        hall_worker_name: hall.map(|h| h.hall_worker_name.clone()),
        work_no: hall.map(|h| h.work_no.clone()),
        user_id: user.and_then(|u| u.user_id.clone()),
        user_name: user.map(|u| u.user_name.clone()),
        user_type: user.map(|u| u.user_type),
        certificate_type: user.and_then(|u| u.certificate_type),
        passport_name: user.and_then(|u| u.passport_name.clone()),
        contact_phone: user.and_then(|u| u.contact_phone.as_ref().map(|p| p.0.clone())),
        contact_phone_cipher: user.and_then(|u| u.contact_phone.as_ref().map(|p| p.1.clone())),
        certificate_no: user.and_then(|u| u.certificate_no.as_ref().map(|p| p.0.clone())),
        certificate_no_cipher: user.and_then(|u| u.certificate_no.as_ref().map(|p| p.1.clone())),
        sub_business: None,
        work_order_no,
        rio: received.rio.clone(),
        signature_verified: true,
        body: received.body.clone(),
        created_at: received.now,
    }
}

fn eval_result(r: &StoredRating) -> EvalResult {
    EvalResult {
        affair_eval_id: LooseString(r.eval_id.clone()),
        eval_time: Some(r.eval_time.clone()),
        current_work_order_status: Some(LooseInt(if r.work_order_no.is_some() {
            WO_CREATED
        } else {
            NO_WORK_ORDER_STATUS
        })),
    }
}

fn stored(r: &StoredRating) {
    tracing::info!(
        eval_id = %r.eval_id,
        kind = r.kind.as_str(),
        stars = r.general_stars,
        work_order = r.work_order_no.as_deref().unwrap_or("-"),
        "rating stored"
    );
}

/// Stores case ratings in one transaction; each is `None` if its case and
/// stage were rated before (by an earlier request or earlier in this one).
async fn store_cases(
    sandbox: &Sandbox,
    ratings: Vec<StoredRating>,
) -> Result<Vec<Option<StoredRating>>, Fail> {
    let out = sandbox
        .db(move |c| {
            let tx = c.transaction()?;
            let mut out = Vec::with_capacity(ratings.len());
            for r in ratings {
                let serial = r.affair_serial_no.clone().unwrap_or_default();
                let process = r.eval_process.unwrap_or(0);
                if store::case_rated(&tx, &serial, process)? {
                    out.push(None);
                } else {
                    store::insert_rating(&tx, &r)?;
                    out.push(Some(r));
                }
            }
            tx.commit()?;
            Ok(out)
        })
        .await?;
    out.iter().flatten().for_each(stored);
    Ok(out)
}

async fn store_one(sandbox: &Sandbox, r: StoredRating) -> Result<StoredRating, Fail> {
    let r = sandbox
        .db(move |c| {
            let tx = c.transaction()?;
            store::insert_rating(&tx, &r)?;
            tx.commit()?;
            Ok(r)
        })
        .await?;
    stored(&r);
    Ok(r)
}

/// 4.4 提交"咨询评价"评价: `"data": null`.
pub(crate) async fn hallworker_eval(
    State(sandbox): State<Sandbox>,
    Extension(rio): Extension<RioHeaders>,
    body: Bytes,
) -> Result<Response, Fail> {
    let v = check::parse_body(&body)?;
    let (_req, common) = check::hallworker_eval(&v, &sandbox.config().des_key)?;
    let received = Received::new(rio, &body);
    let r = rating(&sandbox, RatingKind::Consult, &common, None, &received);
    store_one(&sandbox, r).await?;
    Ok(ok_null())
}

/// 4.5 提交"办件评价"评价: EvalResult, or -1 请勿重复评价.
pub(crate) async fn affair_eval(
    State(sandbox): State<Sandbox>,
    Extension(rio): Extension<RioHeaders>,
    body: Bytes,
) -> Result<Response, Fail> {
    let v = check::parse_body(&body)?;
    let (_req, common, affair) = check::affair_eval(&v, &sandbox.config().des_key)?;
    let received = Received::new(rio, &body);
    let r = rating(
        &sandbox,
        RatingKind::Affair,
        &common,
        Some(&affair),
        &received,
    );
    match store_cases(&sandbox, vec![r]).await?.pop().flatten() {
        Some(r) => Ok(ok(eval_result(&r))),
        None => Ok(refuse(code::FAILED, "请勿重复评价")),
    }
}

/// 4.6 提交同一事项批量评价: one item per case, top-level code 0.
pub(crate) async fn multi_eval(
    State(sandbox): State<Sandbox>,
    Extension(rio): Extension<RioHeaders>,
    body: Bytes,
) -> Result<Response, Fail> {
    let v = check::parse_body(&body)?;
    let (_req, common, affairs) = check::multi_eval(&v, &sandbox.config().des_key)?;
    let received = Received::new(rio, &body);
    let ratings = affairs
        .iter()
        .map(|a| rating(&sandbox, RatingKind::Multi, &common, Some(a), &received))
        .collect();
    let outcomes = store_cases(&sandbox, ratings).await?;
    let items: Vec<MultiEvalItem> = affairs
        .iter()
        .zip(outcomes)
        .map(|(a, outcome)| {
            let echo = MultiEvalCase {
                affair_serial_no: a.affair_serial_no.clone(),
                affair_code: None,
                affair_name: None,
                affair_deal_officer: Some(a.affair_deal_officer.clone()),
                affair_apply_time: Some(a.affair_apply_time.clone()),
                affair_done_time: a.affair_done_time.clone(),
                accept_person: None,
                project_type: None,
            };
            match outcome {
                Some(_) => MultiEvalItem {
                    code: code::OK,
                    data: Some(echo),
                    message: "评价成功".to_string(),
                },
                None => MultiEvalItem {
                    code: code::FAILED,
                    data: Some(echo),
                    message: format!("评价失败,原因:{}的评价在系统中已存在", a.affair_serial_no),
                },
            }
        })
        .collect();
    Ok(ok(items))
}

/// 4.7 提交"一件事"评价: one string per case.
pub(crate) async fn onething_eval(
    State(sandbox): State<Sandbox>,
    Extension(rio): Extension<RioHeaders>,
    body: Bytes,
) -> Result<Response, Fail> {
    let v = check::parse_body(&body)?;
    let (_req, sub_business, items) = check::onething_eval(&v, &sandbox.config().des_key)?;
    let received = Received::new(rio, &body);
    let ratings = items
        .iter()
        .map(|(common, affair)| {
            let mut r = rating(
                &sandbox,
                RatingKind::OneThing,
                common,
                Some(affair),
                &received,
            );
            r.sub_business = Some(sub_business.clone());
            r
        })
        .collect();
    let outcomes = store_cases(&sandbox, ratings).await?;
    let lines: Vec<String> = items
        .iter()
        .zip(outcomes)
        .map(|((_, a), outcome)| match outcome {
            Some(_) => format!("{}评价成功", a.affair_serial_no),
            None => format!(
                "{}评价失败,原因:当前流程已经评价过，请勿再次评价",
                a.affair_serial_no
            ),
        })
        .collect();
    Ok(ok(lines))
}

/// 4.8 提交办事指南评价: EvalResult.
pub(crate) async fn guide_eval(
    State(sandbox): State<Sandbox>,
    Extension(rio): Extension<RioHeaders>,
    body: Bytes,
) -> Result<Response, Fail> {
    let v = check::parse_body(&body)?;
    let (_req, common, (affair_code, affair_name, department_code)) =
        check::guide_eval(&v, &sandbox.config().des_key)?;
    let received = Received::new(rio, &body);
    let mut r = rating(&sandbox, RatingKind::Guide, &common, None, &received);
    r.affair_code = Some(affair_code);
    r.affair_name = Some(affair_name);
    r.department_code = Some(department_code);
    let r = store_one(&sandbox, r).await?;
    Ok(ok(eval_result(&r)))
}

//! Confirm before resending (docs/ARCHITECTURE.md, "Confirm before
//! resending"). An attempt whose outcome is unknown (a timeout, a
//! connection lost after sending, a gateway killed mid-attempt) may have
//! landed. Before the entry is sent again, the platform is asked with its
//! own queries whether the rating is there:
//!
//! - a case (4.5, each case of a 4.6 batch): 4.11 查询办结事项评价详情 by
//!   appCode, case number and userId; the stage's evaluation is there or not.
//!   Without a userId (hall pages with `offLine=1`) the platform cannot be
//!   asked; resending is safe anyway, since it refuses a second rating of a
//!   case and stage.
//! - a guide rating (4.8): 4.12 查询办事指南评价列表 by userId, appCode and
//!   affairCode, between the entry's acceptance and now.
//! - a window rating (4.4): 4.15 查询窗口评价列表 by userId and appCode in the
//!   same window. Its rows name no hall or worker.
//!
//! List rows are matched on what they show (stars, tags, remark, time). A
//! row whose evaluation id closed another entry is not ours. Rows can also
//! be ours without an id (4.4 answers `data: null`): the entries of this
//! citizen with the same content answered as delivered in the window are
//! counted, and the entry is taken as landed only when the list shows more
//! such rows than those. The time window is widened by
//! [`CLOCK_TOLERANCE_SECS`] on both sides: the platform refuses requests
//! whose x-rio timestamp is off by more, so its clock is that close to ours.
//! What is left is an identical rating (same citizen, stars, tags and
//! remark) given through another channel within minutes; the hall and
//! worker of a window rating cannot tell them apart.

use crate::delivery::content::Content;
use crate::delivery::kinds::Kind;
use crate::delivery::outbox;
use crate::delivery::outbox::Claimed;
use crate::redact;
use crate::state::AppState;
use hcp_protocol::EvalProcess;
use hcp_protocol::sign::{beijing_timestamp14, parse_timestamp14};
use hcp_protocol::upstream::{
    self, AffairDetail, AffairEvalRequest, Envelope, GuideEvalRecord, GuideEvalRequest,
    HallWorkerEvalRecord, HallWorkerEvalRequest, MultiEvalRequest, OneThingEvalRequest, Page,
    UpstreamTag,
};
use serde::de::DeserializeOwned;
use serde_json::Value;

/// How far the platform's clock may be from ours: x-rio refuses a
/// timestamp more than 180 s off (seed 000 §4.2).
pub const CLOCK_TOLERANCE_SECS: i64 = hcp_protocol::sign::RIO_MAX_SKEW_SECS;

/// Rows per page asked for (the platform's maximum).
pub(crate) const PAGE_SIZE: u32 = 100;

/// The most pages read for one confirmation.
const MAX_PAGES: u32 = 20;

/// What the platform's query said about one rating.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// It is there, as we sent it: delivered, with its evaluation id.
    Ours {
        /// 评价id, when the answer has one.
        eval_id: Option<String>,
    },
    /// The case and stage is rated, but not as we sent it (another
    /// channel): a resend would be refused as already rated.
    Other,
    /// It is not there: it may be sent again.
    Absent,
}

impl Found {
    /// The metrics label.
    pub fn label(&self) -> &'static str {
        match self {
            Found::Ours { .. } => "found",
            Found::Other => "rated_by_other",
            Found::Absent => "absent",
        }
    }
}

/// The answer for a whole entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confirmation {
    /// A guide, window or single-case rating.
    Single(Found),
    /// A batch: per case of the entry.
    Batch(Vec<(String, Found)>),
}

/// A row of a 4.12 / 4.15 list, as matched.
#[derive(Debug, Clone)]
pub struct Listed {
    /// 评价id.
    pub eval_id: String,
    /// 评价星级.
    pub stars: u8,
    /// Its tags, if the list gives them.
    pub tags: Option<Vec<UpstreamTag>>,
    /// Its remark.
    pub remark: Option<String>,
    /// Its evaluation time (Unix seconds), when readable.
    pub time: Option<i64>,
}

/// Reads `yyyyMMddHHmmss` or `yyyy-MM-dd HH:mm:ss` (Beijing time).
pub fn list_time(text: &str) -> Option<i64> {
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    parse_timestamp14(&digits)
}

/// Decides from a list whether our rating is in it (the module docs):
/// rows showing our content, within `[from, to]` (Unix seconds; rows whose
/// time does not read are taken as the platform filtered them), not tied to
/// another entry by id, must outnumber `landed_without_id`.
pub fn pick(
    rows: &[Listed],
    ours: &Content,
    from: i64,
    to: i64,
    attributed: &[String],
    landed_without_id: i64,
) -> Found {
    let candidates: Vec<&Listed> = rows
        .iter()
        .filter(|r| ours.shown_by(r.stars, r.tags.as_deref(), r.remark.as_deref()))
        .filter(|r| r.time.is_none_or(|t| (from..=to).contains(&t)))
        .filter(|r| !attributed.contains(&r.eval_id))
        .collect();
    if i64::try_from(candidates.len()).unwrap_or(i64::MAX) > landed_without_id {
        // Any unclaimed row will do for the record; the earliest is the
        // likeliest to be the first attempt's.
        let first = candidates.iter().min_by_key(|r| r.time.unwrap_or(i64::MAX));
        Found::Ours {
            eval_id: first.map(|r| r.eval_id.clone()),
        }
    } else {
        Found::Absent
    }
}

/// Reads an envelope's data, or says why not.
pub(crate) fn data<T: DeserializeOwned>(
    env: Envelope<Value>,
    what: &str,
) -> Result<Option<T>, String> {
    if env.code != upstream::code::OK {
        return Err(format!(
            "{what}: code {}: {}",
            env.code,
            redact::redact(&env.message)
        ));
    }
    env.data
        .map(serde_json::from_value::<T>)
        .transpose()
        .map_err(|e| format!("{what}: unreadable answer ({e})"))
}

/// Asks the platform whether `entry` (whose last attempt's outcome is
/// unknown) landed. An error means the platform could not say: the entry
/// stays unconfirmed and is asked about again later, never resent blindly.
pub async fn confirm(state: &AppState, entry: &Claimed) -> Result<Confirmation, String> {
    let bad = |e: serde_json::Error| format!("the outbox body does not read: {e}");
    match entry.kind {
        Kind::Guide => {
            let b: GuideEvalRequest = serde_json::from_str(&entry.body).map_err(bad)?;
            let Some(user) = b.user.user_id.clone() else {
                return Err("a guide rating without userId cannot be confirmed".to_string());
            };
            let ours = Content::of(
                b.general_stars.get(),
                b.tag_list.as_ref(),
                b.remark.as_deref(),
            );
            let extra = [
                ("evalEntityCode", "egovGuide"),
                ("affairCode", b.guide.affair_code.as_str()),
            ];
            listed(
                state,
                entry,
                upstream::path::GUIDE_EVAL,
                &b.app_code,
                &user,
                &extra,
                &ours,
            )
            .await
            .map(Confirmation::Single)
        }
        Kind::Consult => {
            let b: HallWorkerEvalRequest = serde_json::from_str(&entry.body).map_err(bad)?;
            let Some(user) = b.user.as_ref().and_then(|u| u.user_id.clone()) else {
                return Err("a window rating without userId cannot be confirmed".to_string());
            };
            let ours = Content::of(
                b.general_stars.get(),
                b.tag_list.as_ref(),
                b.remark.as_deref(),
            );
            listed(
                state,
                entry,
                upstream::path::HALLWORKERS,
                &b.app_code,
                &user,
                &[],
                &ours,
            )
            .await
            .map(Confirmation::Single)
        }
        Kind::Affair => {
            let b: AffairEvalRequest = serde_json::from_str(&entry.body).map_err(bad)?;
            let ours = Content::of(
                b.general_stars.get(),
                b.tag_list.as_ref(),
                b.remark.as_deref(),
            );
            let found = case(
                state,
                &b.app_code,
                &b.affair.affair_serial_no,
                b.user.user_id.as_deref(),
                b.eval_process,
                &ours,
            )
            .await?;
            Ok(Confirmation::Single(found))
        }
        Kind::Multi => {
            let b: MultiEvalRequest = serde_json::from_str(&entry.body).map_err(bad)?;
            let ours = Content::of(
                b.general_stars.get(),
                b.tag_list.as_ref(),
                b.remark.as_deref(),
            );
            let mut out = Vec::with_capacity(entry.cases.len());
            for serial in &entry.cases {
                let found = case(
                    state,
                    &b.app_code,
                    serial,
                    b.user.user_id.as_deref(),
                    b.eval_process,
                    &ours,
                )
                .await?;
                out.push((serial.clone(), found));
                renew_lease(state, entry).await?;
            }
            Ok(Confirmation::Batch(out))
        }
        Kind::OneThing => {
            let b: OneThingEvalRequest = serde_json::from_str(&entry.body).map_err(bad)?;
            let mut out = Vec::with_capacity(entry.cases.len());
            for serial in &entry.cases {
                // Each case is its own 4.5-shaped item, with its own stage and user.
                let Some(item) = b
                    .eval_list_vo
                    .iter()
                    .find(|i| i.affair.affair_serial_no == *serial)
                else {
                    return Err("a case of the entry is not in its body".to_string());
                };
                let ours = Content::of(
                    item.general_stars.get(),
                    item.tag_list.as_ref(),
                    item.remark.as_deref(),
                );
                let found = case(
                    state,
                    &item.app_code,
                    serial,
                    item.user.user_id.as_deref(),
                    item.eval_process,
                    &ours,
                )
                .await?;
                out.push((serial.clone(), found));
                renew_lease(state, entry).await?;
            }
            Ok(Confirmation::Batch(out))
        }
    }
}

/// Renews the entry's lease between the cases of a batch: a long batch on
/// a slow platform must not outlive its lease.
async fn renew_lease(state: &AppState, entry: &Claimed) -> Result<(), String> {
    let (e, lease) = (entry.clone(), state.config.retry.lease);
    let until = state.clock.now_ms() + i64::try_from(lease.as_millis()).unwrap_or(i64::MAX);
    match state.db.write(move |c| outbox::renew(c, &e, until)).await {
        Ok(true) => Ok(()),
        Ok(false) => Err("the outbox lease was lost while confirming".into()),
        Err(e) => Err(format!("cannot renew the outbox lease: {e:#}")),
    }
}

/// 4.11 for one case and stage.
pub(crate) async fn case(
    state: &AppState,
    app_code: &str,
    serial: &str,
    user_id: Option<&str>,
    stage: EvalProcess,
    ours: &Content,
) -> Result<Found, String> {
    // offLine=1: nobody to ask about; the platform refuses a second rating
    // of a case and stage, so sending again cannot double it.
    let Some(user) = user_id else {
        return Ok(Found::Absent);
    };
    let query = [
        ("appCode", app_code),
        ("affairSerialNo", serial),
        ("userId", user),
    ];
    let env = state
        .upstream
        .get(upstream::path::DETAIL, &query)
        .await
        .map_err(|e| format!("4.11 detail: {e}"))?;
    match env.code {
        upstream::code::OK => {}
        // The guard refused the query: ask again later.
        upstream::code::BAD_SIGNATURE => {
            return Err(format!("4.11 detail: code 3: {}", env.message));
        }
        // 未查询到该用户的办件 and the like: not rated by this citizen. A resend
        // of a case cannot double it, so "absent" is safe here.
        _ => return Ok(Found::Absent),
    }
    let detail: Option<AffairDetail> = data(env, "4.11 detail")?;
    let record = detail.and_then(|d| match stage {
        EvalProcess::Accepted => d.processing_eval,
        EvalProcess::Done => d.completed_eval,
    });
    Ok(match record {
        None => Found::Absent,
        Some(r)
            if ours.shown_by(
                r.general_stars.get(),
                Some(&r.tag_list),
                r.remark.as_deref(),
            ) =>
        {
            Found::Ours {
                eval_id: Some(r.eval_id.0).filter(|s| !s.is_empty()),
            }
        }
        Some(_) => Found::Other,
    })
}

/// One page of 4.12 or 4.15, as [`Listed`] rows.
fn rows_of(interface: &str, env: Envelope<Value>) -> Result<(Vec<Listed>, i64), String> {
    if interface == upstream::path::GUIDE_EVAL {
        page_rows(env, "4.12 guide list", |r: GuideEvalRecord| Listed {
            eval_id: r.affair_eval_id.0,
            stars: r.general_stars.get(),
            time: list_time(&r.eval_time),
            tags: r.tag_list,
            remark: r.remark,
        })
    } else {
        page_rows(env, "4.15 window list", |r: HallWorkerEvalRecord| Listed {
            eval_id: r.eval_id.0,
            stars: r.general_stars.get(),
            time: list_time(&r.eval_time),
            tags: r.tag_list,
            remark: r.remark,
        })
    }
}

/// A page of records as [`Listed`] rows and the page count (no page: none).
fn page_rows<R: DeserializeOwned>(
    env: Envelope<Value>,
    what: &str,
    row: impl FnMut(R) -> Listed,
) -> Result<(Vec<Listed>, i64), String> {
    let page: Option<Page<R>> = data(env, what)?;
    Ok(page.map_or((vec![], 0), |page| {
        (
            page.page_data.into_iter().map(row).collect(),
            page.page_total.0,
        )
    }))
}

/// 4.12 / 4.15: the citizen's ratings since the entry was accepted, matched.
pub(crate) async fn listed(
    state: &AppState,
    entry: &Claimed,
    interface: &str,
    app_code: &str,
    user_id: &str,
    extra: &[(&str, &str)],
    ours: &Content,
) -> Result<Found, String> {
    let tolerance_ms = CLOCK_TOLERANCE_SECS * 1000;
    let from_ms = entry.created_at - tolerance_ms;
    let to_ms = state.clock.now_ms() + tolerance_ms;
    let (start, end) = (
        beijing_timestamp14(from_ms / 1000),
        beijing_timestamp14(to_ms / 1000),
    );
    let size = PAGE_SIZE.to_string();
    let mut rows = Vec::new();
    let mut page_no = 1u32;
    loop {
        let no = page_no.to_string();
        let mut query: Vec<(&str, &str)> = vec![
            ("appCode", app_code),
            ("userId", user_id),
            ("startTime", &start),
            ("endTime", &end),
            ("pageSize", &size),
            ("pageNo", &no),
        ];
        query.extend_from_slice(extra);
        let env = state
            .upstream
            .get(interface, &query)
            .await
            .map_err(|e| format!("{interface}: {e}"))?;
        let (page, total) = rows_of(interface, env)?;
        rows.extend(page);
        if i64::from(page_no) >= total {
            break;
        }
        if page_no >= MAX_PAGES {
            return Err(format!(
                "{interface}: more than {} ratings in the window; not sure which is ours",
                MAX_PAGES * PAGE_SIZE
            ));
        }
        page_no += 1;
    }
    let ids: Vec<String> = rows.iter().map(|r| r.eval_id.clone()).collect();
    let (id, key) = (entry.id, entry.content_key.clone());
    let (attributed, landed) = state
        .db
        .read(move |c| {
            let attributed = outbox::attributed(c, &ids, id)?;
            let landed = match &key {
                Some(k) => outbox::landed_without_id(c, k, id, from_ms, to_ms)?,
                None => 0,
            };
            Ok((attributed, landed))
        })
        .await
        .map_err(|e| format!("the outbox could not be read: {e:#}"))?;
    Ok(pick(
        &rows,
        ours,
        from_ms / 1000,
        to_ms / 1000,
        &attributed,
        landed,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::delivery::content::Content;
    use crate::delivery::content::content_key;
    use crate::rating::plan::UpstreamBody;
    use hcp_protocol::types::LooseString;

    fn tag(id: &str) -> UpstreamTag {
        UpstreamTag {
            tag_id: LooseString::from(id),
            tag_name: "n".into(),
            star_num: None,
        }
    }

    fn row(id: &str, stars: u8, tags: &[&str], remark: &str, time: i64) -> Listed {
        Listed {
            eval_id: id.into(),
            stars,
            tags: Some(tags.iter().map(|t| tag(t)).collect()),
            remark: Some(remark.into()),
            time: Some(time),
        }
    }

    fn ours() -> Content {
        Content::new(5, ["b".to_string(), "a".to_string()], Some(" 好 "))
    }

    #[test]
    fn a_row_with_our_content_in_the_window_is_ours() {
        let rows = [row("9", 5, &["a", "b"], "好", 1_000)];
        assert_eq!(
            pick(&rows, &ours(), 900, 1_100, &[], 0),
            Found::Ours {
                eval_id: Some("9".into())
            }
        );
        // Another content, another time, or an id that closed another entry: not ours.
        for (rows, attributed) in [
            ([row("9", 4, &["a", "b"], "好", 1_000)], vec![]),
            ([row("9", 5, &["a", "c"], "好", 1_000)], vec![]),
            ([row("9", 5, &["a", "b"], "差", 1_000)], vec![]),
            ([row("9", 5, &["a", "b"], "好", 800)], vec![]),
            (
                [row("9", 5, &["a", "b"], "好", 1_000)],
                vec!["9".to_string()],
            ),
        ] {
            assert_eq!(
                pick(&rows, &ours(), 900, 1_100, &attributed, 0),
                Found::Absent,
                "{rows:?}"
            );
        }
        // A list that leaves out a tag still shows our rating; one without tags too.
        let mut partial = row("9", 5, &["a"], "好", 1_000);
        assert!(matches!(
            pick(&[partial.clone()], &ours(), 900, 1_100, &[], 0),
            Found::Ours { .. }
        ));
        partial.tags = None;
        partial.time = None;
        assert!(matches!(
            pick(&[partial], &ours(), 900, 1_100, &[], 0),
            Found::Ours { .. }
        ));
    }

    #[test]
    fn our_rows_without_an_id_are_counted_before_claiming_one() {
        // A window rating answered as delivered (no id) shows as a row too.
        let one = [row("1", 5, &["a", "b"], "好", 1_000)];
        assert_eq!(pick(&one, &ours(), 900, 1_100, &[], 1), Found::Absent);
        let two = [
            row("1", 5, &["a", "b"], "好", 1_000),
            row("2", 5, &["a", "b"], "好", 1_010),
        ];
        assert_eq!(
            pick(&two, &ours(), 900, 1_100, &[], 1),
            Found::Ours {
                eval_id: Some("1".into())
            }
        );
    }

    #[test]
    fn list_times_read_in_both_formats() {
        assert_eq!(
            list_time("20191013200714"),
            parse_timestamp14("20191013200714")
        );
        assert_eq!(
            list_time("2020-07-08 16:42:39"),
            parse_timestamp14("20200708164239")
        );
        assert_eq!(list_time("yesterday"), None);
    }

    #[test]
    fn content_keys_ignore_tag_order_and_name_the_citizen() {
        let body = |user: &str, tags: &[&str]| {
            let json = serde_json::json!({
                "generalStars": 5, "remark": "好",
                "tagList": tags,
                "guide": {"departmentCode": "D", "affairCode": "A1", "affairName": "n"},
                "user": {"userId": user, "userName": "u", "userType": 1},
                "appCode": "app", "evalEntityCode": "egovGuide", "channel": "web",
                "evalTime": "20250101120000"
            });
            UpstreamBody::Guide(serde_json::from_value(json).expect("guide body"))
        };
        let a = content_key(&body("u1", &["x", "y"]));
        assert!(a.is_some());
        assert_eq!(a, content_key(&body("u1", &["y", "x"])));
        assert_ne!(a, content_key(&body("u2", &["x", "y"])));
    }
}

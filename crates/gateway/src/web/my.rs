//! 我的评价's API: the citizen's cases (seed 000 §4.10, with its time
//! filter), one case with its ratings and a 差评's work order (§4.11), and
//! their guide ratings (§4.12), asked of the platform as they are asked for.
//!
//! | call | answer |
//! |---|---|
//! | `GET /api/my/cases?appCode&range&page` | [`MyCasesResponse`] |
//! | `GET /api/my/case?appCode&channel&affairSerialNo` | [`MyCaseDetail`] |
//! | `GET /api/my/guides?appCode&range&page` | [`MyGuidesResponse`] |
//!
//! Whose: the verified ticket's `userId`, and nothing else. A query naming
//! a parameter these calls do not take (a `userId` above all) is refused
//! with 400 naming it; headers and cookies are never read for a user. The
//! answers are personal: `no-store` (as every `/api` answer), nothing about
//! the citizen or their cases in the logs, and nothing kept: when the
//! platform cannot answer, the page is told so (502 `upstream`), never
//! shown older data.
//!
//! What the platform's rows do not say comes from the gateway's own
//! directories: a department's name when the row has none, and whether a
//! case can be rated from the page (it must be in the case directory, whose
//! record the rating is built from, like every case rating); and from the
//! outbox, which ratings are accepted but not yet delivered.

use crate::directory::records::CaseRecord;
use crate::error::AppError;
use crate::identity::evaluator;
use crate::identity::evaluator::{Evaluator, applicant_digest};
use crate::rating::plan::case_key;
use crate::redact::safe_text;
use crate::state::AppState;
use crate::web::my_records::rate_query;
use crate::web::my_records::stage_rating;
use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use axum::routing::get;
use axum::{Json, Router};
use hcp_protocol::api::ApiError;
use hcp_protocol::error::{FieldError, Problem};
use hcp_protocol::my::{
    EvalStatus, MyCase, MyCaseDetail, MyCasesResponse, MyGuideRating, MyGuidesResponse, PAGE_SIZE,
    RateLink, TimeRange, display_time,
};
use hcp_protocol::params::Query;
use hcp_protocol::sign::beijing_timestamp14;
use hcp_protocol::types::{AppCode, CaseNo, Channel, EvalProcess};
use hcp_protocol::upstream::{self, AffairDetail, AffairSummary, Envelope, GuideEvalRecord, Page};
use hcp_protocol::{EvalEntityCode, Route};
use serde::de::DeserializeOwned;
use serde_json::Value;

/// The highest page number asked for (the platform's lists are far shorter).
const MAX_PAGE: u32 = 10_000;

/// The parameters of one call, read strictly: each at most once, none
/// other than `allowed`.
pub(crate) struct Asked(Query);

impl Asked {
    pub(crate) fn read(raw: Option<&str>, allowed: &[&str]) -> Result<Asked, AppError> {
        let q = Query::parse(raw.unwrap_or(""));
        for (i, (k, _)) in q.pairs().iter().enumerate() {
            if k == "userId" {
                // Whose cases is the ticket's to say, never the request's.
                return Err(AppError::Param(FieldError::new(
                    "userId",
                    Problem::Shape(
                        "不能由请求指定：我的评价只显示登录用户本人的办件和评价",
                        "cannot be given: 我的评价 shows the logged-in citizen's own cases and ratings only",
                    ),
                )));
            }
            if !allowed.contains(&k.as_str()) {
                // The name is repeated only when it is a plain identifier.
                let shown = if !k.is_empty()
                    && k.len() <= 32
                    && k.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
                {
                    k.clone()
                } else {
                    "query".to_string()
                };
                return Err(AppError::Param(FieldError::new(
                    shown,
                    Problem::Shape("不是此接口的参数", "is not a parameter of this call"),
                )));
            }
            if q.pairs()[..i].iter().any(|(k2, _)| k2 == k) {
                return Err(AppError::Param(FieldError::new(
                    k.clone(),
                    Problem::Shape("重复出现", "is given twice"),
                )));
            }
        }
        Ok(Asked(q))
    }

    fn app_code(&self) -> Result<AppCode, AppError> {
        let v = self
            .0
            .get("appCode")
            .ok_or_else(|| FieldError::new("appCode", Problem::Missing))?;
        Ok(AppCode::new(v).map_err(|p| FieldError::new("appCode", p))?)
    }

    fn range(&self) -> Result<TimeRange, AppError> {
        match self.0.get("range") {
            None | Some("") => Ok(TimeRange::All),
            Some(r) => Ok(r.parse().map_err(|p| FieldError::new("range", p))?),
        }
    }

    pub(crate) fn page(&self) -> Result<u32, AppError> {
        match self.0.get("page") {
            None | Some("") => Ok(1),
            Some(p) => p
                .parse::<u32>()
                .ok()
                .filter(|n| (1..=MAX_PAGE).contains(n))
                .ok_or_else(|| {
                    AppError::Param(FieldError::new(
                        "page",
                        Problem::Shape("必须是从 1 开始的页码", "must be a page number from 1"),
                    ))
                }),
        }
    }
}

/// The logged-in citizen's userId (a verified ticket always has one).
fn user_of(headers: &HeaderMap, state: &AppState) -> Result<(Evaluator, String), AppError> {
    let citizen = evaluator::citizen(headers, &state.config.ticket_secret)?;
    let user = citizen.user_id.clone().ok_or(AppError::LoginRequired)?;
    Ok((citizen, user))
}

/// An answer's data, or why there is none: a refusal (with the platform's
/// words, made safe) or nothing readable are both the platform failing us.
pub(crate) fn data<T: DeserializeOwned>(
    env: Envelope<Value>,
    what: &str,
) -> Result<Option<T>, AppError> {
    if env.code != upstream::code::OK {
        return Err(AppError::Upstream(format!(
            "{what}: code {}: {}",
            env.code,
            safe_text(&env.message, 120)
        )));
    }
    env.data
        .map(serde_json::from_value::<T>)
        .transpose()
        .map_err(|e| AppError::Upstream(format!("{what}: unreadable answer ({e})")))
}

/// The time bounds of a list asked for at `now`.
pub(crate) fn bounds(range: TimeRange, now: i64) -> Vec<(&'static str, String)> {
    match range.start(now) {
        Some(start) => vec![
            ("startTime", beijing_timestamp14(start)),
            ("endTime", beijing_timestamp14(now)),
        ],
        None => Vec::new(),
    }
}

pub(crate) fn count(n: i64) -> u32 {
    u32::try_from(n.max(0)).unwrap_or(u32::MAX)
}

/// What the gateway knows of a case the platform lists: its directory
/// record (department named) and whether a rating of each stage is waiting
/// in the outbox.
#[derive(Default)]
pub(crate) struct Known {
    pub(crate) record: Option<CaseRecord>,
    pub(crate) pending: [bool; 2],
}

pub(crate) async fn known(
    state: &AppState,
    app: &AppCode,
    serials: Vec<String>,
) -> Result<Vec<Known>, AppError> {
    let app = app.as_str().to_string();
    Ok(state
        .db
        .read(move |c| {
            let mut out = Vec::with_capacity(serials.len());
            for serial in &serials {
                let keys: Vec<String> = [EvalProcess::Accepted, EvalProcess::Done]
                    .iter()
                    .map(|s| case_key(&app, serial, *s))
                    .collect();
                let pending = crate::delivery::listing::pending_keys(c, &keys)?;
                out.push(Known {
                    record: crate::directory::cases::find_with_department(c, serial)?,
                    pending: [pending.contains(&keys[0]), pending.contains(&keys[1])],
                });
            }
            Ok(out)
        })
        .await?)
}

/// A platform row as 我的评价 shows it. The stage to rate is offered when
/// the rating can be built (the case is in the directory, finished if the
/// stage is 办结, and not reported as someone else's) and none is on its way.
pub(crate) fn my_case(row: &AffairSummary, known: &Known, citizen: &Evaluator) -> MyCase {
    let finished = row.process_status.is_some_and(|p| p.0 == 2) || row.affair_done_time.is_some();
    let status = EvalStatus::from_flag(row.eval_flag.0);
    let stage = status.stage_to_rate(finished);
    let delivering = stage.is_some_and(|s| known.pending[usize::from(s.get() - 1)]);
    let rateable = known.record.as_ref().is_some_and(|r| {
        let applicant_ok = r.applicant_digest.as_ref().is_none_or(|want| {
            citizen
                .certificate_no
                .as_ref()
                .is_some_and(|n| applicant_digest(n.expose()) == *want)
        });
        let stage_ok = stage != Some(EvalProcess::Done) || r.affair_done_time.is_some();
        applicant_ok && stage_ok
    });
    MyCase {
        affair_serial_no: row.affair_serial_no.clone(),
        affair_name: row.affair_name.clone(),
        department_name: row
            .department_name
            .clone()
            .filter(|n| !n.trim().is_empty())
            .or_else(|| {
                known
                    .record
                    .as_ref()
                    .and_then(|r| r.department_name.clone())
            }),
        apply_time: row.affair_apply_time.as_deref().map(display_time),
        done_time: row.affair_done_time.as_deref().map(display_time),
        finished,
        status,
        stars: row.general_stars,
        rate_stage: stage
            .filter(|_| rateable && !delivering)
            .map(EvalProcess::get),
        delivering,
    }
}

pub(crate) async fn cases(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Json<MyCasesResponse>, AppError> {
    let (citizen, user) = user_of(&headers, &state)?;
    let q = Asked::read(raw.as_deref(), &["appCode", "range", "page"])?;
    let (app, range, page_no) = (q.app_code()?, q.range()?, q.page()?);
    let (no, size) = (page_no.to_string(), PAGE_SIZE.to_string());
    let mut query: Vec<(&str, String)> = vec![("userId", user), ("pageNo", no), ("pageSize", size)];
    query.extend(bounds(range, state.clock.now_secs()));
    let pairs: Vec<(&str, &str)> = query.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let env = state
        .upstream
        .get(upstream::path::DETAIL_LIST_BY_TIME, &pairs)
        .await
        .map_err(|e| AppError::Upstream(format!("4.10 case list: {e}")))?;
    let page: Option<Page<AffairSummary>> = data(env, "4.10 case list")?;
    let page = page.unwrap_or(Page {
        page_no: hcp_protocol::types::LooseInt(i64::from(page_no)),
        page_size: hcp_protocol::types::LooseInt(i64::from(PAGE_SIZE)),
        page_total: hcp_protocol::types::LooseInt(0),
        total: hcp_protocol::types::LooseInt(0),
        page_data: Vec::new(),
    });
    let serials = page
        .page_data
        .iter()
        .map(|r| r.affair_serial_no.clone())
        .collect();
    let known = known(&state, &app, serials).await?;
    let cases: Vec<MyCase> = page
        .page_data
        .iter()
        .zip(&known)
        .map(|(row, k)| my_case(row, k, &citizen))
        .collect();
    tracing::info!(
        range = range.as_str(),
        page = page_no,
        rows = cases.len(),
        "我的评价: cases listed"
    );
    Ok(Json(MyCasesResponse {
        page_no: count(page.page_no.0).max(1),
        page_total: count(page.page_total.0),
        total: count(page.total.0),
        cases,
    }))
}

pub(crate) async fn case(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Json<MyCaseDetail>, AppError> {
    let (citizen, user) = user_of(&headers, &state)?;
    let q = Asked::read(raw.as_deref(), &["appCode", "channel", "affairSerialNo"])?;
    let app = q.app_code()?;
    let channel: Channel = match q.0.get("channel") {
        None | Some("") => Channel::Web,
        Some(c) => c.parse().map_err(|p| FieldError::new("channel", p))?,
    };
    let serial =
        q.0.get("affairSerialNo")
            .ok_or_else(|| FieldError::new("affairSerialNo", Problem::Missing))?;
    let serial = CaseNo::new(serial).map_err(|p| FieldError::new("affairSerialNo", p))?;
    let query = [
        ("appCode", app.as_str()),
        ("affairSerialNo", serial.as_str()),
        ("userId", user.as_str()),
    ];
    let env = state
        .upstream
        .get(upstream::path::DETAIL, &query)
        .await
        .map_err(|e| AppError::Upstream(format!("4.11 case detail: {e}")))?;
    // Another citizen's case, or none: the platform finds nothing for this user.
    if env.code == upstream::code::FAILED {
        tracing::info!("我的评价: a case not found for the citizen");
        return Err(not_found());
    }
    let detail: AffairDetail = data(env, "4.11 case detail")?.ok_or_else(not_found)?;
    let known = known(&state, &app, vec![detail.affair_serial_no.clone()])
        .await?
        .pop()
        .unwrap_or_default();
    let row = AffairSummary {
        entity_code: detail.entity_code.clone(),
        affair_done_day: None,
        affair_source: None,
        affair_serial_no: detail.affair_serial_no.clone(),
        department_name: detail.department_name.clone(),
        affair_name: detail.affair_name.clone(),
        affair_apply_time: detail.affair_apply_time.clone(),
        affair_done_time: detail.affair_done_time.clone(),
        general_stars: detail.general_stars,
        process_status: detail.process_status,
        eval_flag: detail.eval_flag,
    };
    let mine = my_case(&row, &known, &citizen);
    let rate = match (mine.rate_stage, &known.record) {
        (Some(stage), Some(record)) => {
            let stage = EvalProcess::try_from(i64::from(stage)).unwrap_or(EvalProcess::Done);
            Some(RateLink {
                stage: stage.get(),
                route: Route::FrontPc.path().to_string(),
                query: rate_query(&app, channel, record, stage),
            })
        }
        _ => None,
    };
    tracing::info!(
        rated = mine.status.as_str(),
        rateable = rate.is_some(),
        "我的评价: a case opened"
    );
    Ok(Json(MyCaseDetail {
        case: mine,
        accepted: detail.processing_eval.as_ref().map(stage_rating),
        done: detail.completed_eval.as_ref().map(stage_rating),
        rate,
    }))
}

fn not_found() -> AppError {
    AppError::NotFound(ApiError::new(
        "not_found",
        "没有找到这个办件：它不在您的办件中",
        "This case was not found among your cases",
    ))
}

async fn guides(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Json<MyGuidesResponse>, AppError> {
    let (_, user) = user_of(&headers, &state)?;
    let q = Asked::read(raw.as_deref(), &["appCode", "range", "page"])?;
    let (app, range, page_no) = (q.app_code()?, q.range()?, q.page()?);
    let (no, size) = (page_no.to_string(), PAGE_SIZE.to_string());
    let mut query: Vec<(&str, String)> = vec![
        ("appCode", app.as_str().to_string()),
        (
            "evalEntityCode",
            EvalEntityCode::EgovGuide.as_str().to_string(),
        ),
        ("userId", user),
        ("pageNo", no),
        ("pageSize", size),
    ];
    query.extend(bounds(range, state.clock.now_secs()));
    let pairs: Vec<(&str, &str)> = query.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let env = state
        .upstream
        .get(upstream::path::GUIDE_EVAL, &pairs)
        .await
        .map_err(|e| AppError::Upstream(format!("4.12 guide list: {e}")))?;
    let page: Option<Page<GuideEvalRecord>> = data(env, "4.12 guide list")?;
    let (page_total, total, rows) = match page {
        Some(p) => (count(p.page_total.0), count(p.total.0), p.page_data),
        None => (0, 0, Vec::new()),
    };
    let guides: Vec<MyGuideRating> = rows
        .into_iter()
        .map(|r| MyGuideRating {
            affair_name: r.affair_name.filter(|s| !s.trim().is_empty()),
            stars: r.general_stars,
            tags: r
                .tag_list
                .unwrap_or_default()
                .into_iter()
                .map(|t| t.tag_name)
                .collect(),
            remark: r.remark.filter(|s| !s.trim().is_empty()),
            time: display_time(&r.eval_time),
        })
        .collect();
    tracing::info!(
        range = range.as_str(),
        page = page_no,
        rows = guides.len(),
        "我的评价: guide ratings listed"
    );
    Ok(Json(MyGuidesResponse {
        page_no,
        page_total,
        total,
        guides,
    }))
}

/// `/api/my/cases`, `/api/my/case`, `/api/my/guides`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/my/cases", get(cases))
        .route("/api/my/case", get(case))
        .route("/api/my/guides", get(guides))
}

//! The citizen's own pages, beyond seed 000's links (SPEC §2a): 我的评价
//! (`/my/`: their cases and ratings, seed 000 §4.9–4.12) and 一件事
//! (`/front/onething/`: one rating of a bundle of cases, §4.7). Their page
//! parameters, the bodies of the gateway's `/api/my/*` answers, and the
//! rules both sides read the platform's answers by (what `evalFlag` means,
//! which stage a citizen can rate now).
//!
//! Their URLs follow seed 000 §3's conventions: `appCode` and `channel` as
//! on every page, base64 for text (`subBusiness`) and case lists
//! (`affairSerialNos`, comma-joined as on the batch page), `evalProcess`
//! and `evalEntityCode` as the platform spells them; `lang`, `elder`,
//! `ticket` and `returnUrl` as everywhere ([`crate::PageOptions`]). Both
//! need a logged-in citizen: the user is the ticket's, never a parameter.

use serde::{Deserialize, Serialize};

use crate::error::{FieldError, ParamErrors, Problem};
use crate::params::{Common, HallWorker, Query, Reader, case_list};
use crate::types::{CaseNo, EvalEntityCode, EvalProcess, Name, Stars};

/// The 我的评价 path.
pub const MY_PATH: &str = "/my/";
/// The 一件事 path.
pub const ONETHING_PATH: &str = "/front/onething/";
/// The most cases one 一件事 may bundle.
pub const MAX_ONETHING: usize = 30;
/// The fewest: a 一件事 is several cases (一件事由多个事项组成).
pub const MIN_ONETHING: usize = 2;
/// Rows per page the gateway asks the platform for (4.10, 4.12).
pub const PAGE_SIZE: u32 = 10;

/// Which of the two pages a path is (matched by suffix, like
/// [`crate::Route::from_path`], so they work behind a deployment prefix).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MyRoute {
    /// `/my/`.
    My,
    /// `/front/onething/`.
    OneThing,
}

impl MyRoute {
    /// The route a path ends with (`/my/`, `/ping/my`, `/front/onething/index.html`).
    pub fn from_path(path: &str) -> Option<MyRoute> {
        let p = path.strip_suffix("index.html").unwrap_or(path);
        let p = p.strip_suffix('/').unwrap_or(p);
        if p.ends_with("/front/onething") {
            Some(MyRoute::OneThing)
        } else if p.ends_with("/my") {
            Some(MyRoute::My)
        } else {
            None
        }
    }

    /// Its path, with slashes.
    pub fn path(self) -> &'static str {
        match self {
            MyRoute::My => MY_PATH,
            MyRoute::OneThing => ONETHING_PATH,
        }
    }
}

/// `/my/?appCode&channel`: the app the portal asks as (4.11 and 4.12 need
/// it, and it rates the cases rated from the page) and the channel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MyParams {
    /// appCode, channel.
    pub common: Common,
}

impl MyParams {
    /// Parses the page's query (with or without `?`), naming every bad parameter.
    pub fn parse(query: &str) -> Result<MyParams, ParamErrors> {
        let q = Query::parse(query);
        let mut r = Reader::new(&q);
        let common = r.common();
        r.finish(common).map(|common| MyParams { common })
    }
}

/// `/front/onething/`: a 一件事 (seed 000 §4.7) and the stage rated.
///
/// `appCode`, `channel`, `subBusiness`* (主题业务, e.g. 开办企业),
/// `affairSerialNos`* (the bundle's case numbers, comma-joined, 2 to
/// [`MAX_ONETHING`]), `evalEntityCode` (`egovAffair`, or `hallAffair` with
/// the window: `hallCode`, `workerNo`, `workerName`*), `evalProcess`.
/// `*` = base64, as on the other pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OneThingParams {
    /// appCode, channel.
    pub common: Common,
    /// 主题业务.
    pub sub_business: Name,
    /// The cases, in URL order.
    pub affair_serial_nos: Vec<CaseNo>,
    /// 评价对象编码: egovAffair or hallAffair.
    pub eval_entity_code: EvalEntityCode,
    /// 评价阶段.
    pub eval_process: EvalProcess,
    /// The window, for `hallAffair`.
    pub worker: Option<HallWorker>,
}

impl OneThingParams {
    /// Parses the page's query (with or without `?`), naming every bad parameter.
    pub fn parse(query: &str) -> Result<OneThingParams, ParamErrors> {
        let q = Query::parse(query);
        let mut r = Reader::new(&q);
        let common = r.common();
        let sub_business = r.b64("subBusiness", Name::new);
        let serials = r.b64("affairSerialNos", |list| {
            let cases = case_list(&list, MAX_ONETHING)?;
            if cases.len() < MIN_ONETHING {
                return Err(Problem::Shape(
                    "至少要有两个办件（一件事由多个事项组成）",
                    "must name at least two cases (a 一件事 bundles several)",
                ));
            }
            Ok(cases)
        });
        let entity = r.plain("evalEntityCode", |s| match s {
            "egovAffair" => Ok(EvalEntityCode::EgovAffair),
            "hallAffair" => Ok(EvalEntityCode::HallAffair),
            _ => Err(Problem::NotOneOf(&["egovAffair", "hallAffair"])),
        });
        let eval_process = r.plain("evalProcess", str::parse);
        // A hall 一件事 names the window it was handled at; an online one none.
        let worker = match entity {
            Some(EvalEntityCode::HallAffair) => r.worker().map(Some),
            _ => {
                for k in ["hallCode", "workerNo", "workerName"] {
                    if q.get(k).is_some() {
                        r.c.push(FieldError::new(
                            k,
                            Problem::Shape(
                                "只用于大厅办件（evalEntityCode=hallAffair）",
                                "is only for hall cases (evalEntityCode=hallAffair)",
                            ),
                        ));
                    }
                }
                Some(None)
            }
        };
        let v = (|| {
            Some(OneThingParams {
                common: common?,
                sub_business: sub_business?,
                affair_serial_nos: serials?,
                eval_entity_code: entity?,
                eval_process: eval_process?,
                worker: worker?,
            })
        })();
        r.finish(v)
    }
}

string_enum! {
    /// A case's rating status, from the platform's `evalFlag` (two bits:
    /// 1 受理已评价, 2 办结已评价).
    EvalStatus {
        /// 0: 未评价.
        Unrated = "unrated",
        /// 1: 受理已评价.
        AcceptedRated = "accepted_rated",
        /// 2: 办结已评价.
        DoneRated = "done_rated",
        /// 3: 受理办结都已评价.
        BothRated = "both_rated",
    }
}

impl EvalStatus {
    /// From `evalFlag` (other bits are ignored; a negative flag reads as 0).
    pub fn from_flag(flag: i64) -> EvalStatus {
        match flag.max(0) & 3 {
            1 => EvalStatus::AcceptedRated,
            2 => EvalStatus::DoneRated,
            3 => EvalStatus::BothRated,
            _ => EvalStatus::Unrated,
        }
    }

    /// Whether this stage is rated.
    pub fn rated(self, stage: EvalProcess) -> bool {
        let bit = match stage {
            EvalProcess::Accepted => 1,
            EvalProcess::Done => 2,
        };
        let flag = match self {
            EvalStatus::Unrated => 0,
            EvalStatus::AcceptedRated => 1,
            EvalStatus::DoneRated => 2,
            EvalStatus::BothRated => 3,
        };
        flag & bit != 0
    }

    /// The stage a citizen can rate now: the case's current one (受理 while
    /// it is only accepted, 办结 once it is finished), if it is not rated yet.
    pub fn stage_to_rate(self, finished: bool) -> Option<EvalProcess> {
        let stage = if finished {
            EvalProcess::Done
        } else {
            EvalProcess::Accepted
        };
        (!self.rated(stage)).then_some(stage)
    }
}

string_enum! {
    /// 我的评价's time filter (seed 000 §4.10: by evaluation time).
    TimeRange {
        /// 近一月: the last 30 days.
        Month = "1m",
        /// 近三月: the last 90 days.
        Quarter = "3m",
        /// 近一年: the last 365 days.
        Year = "1y",
        /// 全部: no bound.
        All = "all",
    }
}

impl TimeRange {
    /// Every range, in the order the page offers them.
    pub const EVERY: [TimeRange; 4] = [
        TimeRange::All,
        TimeRange::Month,
        TimeRange::Quarter,
        TimeRange::Year,
    ];

    /// How many days back it reaches (`None`: all).
    pub fn days(self) -> Option<i64> {
        match self {
            TimeRange::Month => Some(30),
            TimeRange::Quarter => Some(90),
            TimeRange::Year => Some(365),
            TimeRange::All => None,
        }
    }

    /// Where it starts, in Unix seconds, for a list asked for at `now`.
    pub fn start(self, now: i64) -> Option<i64> {
        self.days().map(|d| now - d * 86_400)
    }
}

/// One case of the citizen's (4.9/4.10 row), as 我的评价 lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MyCase {
    /// 办件编号.
    pub affair_serial_no: String,
    /// 事项名称.
    pub affair_name: String,
    /// 部门: the platform's name, else the department directory's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department_name: Option<String>,
    /// 申请时间, `yyyy-MM-dd HH:mm:ss`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub apply_time: Option<String>,
    /// 办结时间, `yyyy-MM-dd HH:mm:ss`, once finished.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done_time: Option<String>,
    /// Whether the case is finished (processStatus 2 办结).
    pub finished: bool,
    /// 评价状态 (evalFlag).
    pub status: EvalStatus,
    /// 评价星级 of its latest rating.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stars: Option<Stars>,
    /// The stage the citizen can rate now from this page (1 受理, 2 办结):
    /// not rated yet, in the gateway's case directory, and not waiting for
    /// delivery.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_stage: Option<u8>,
    /// A rating of it was accepted by the gateway and is on its way to the
    /// platform (its outbox), which does not show it yet.
    #[serde(default)]
    pub delivering: bool,
}

/// `GET /api/my/cases?appCode&range&page`: one page of the citizen's cases.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MyCasesResponse {
    /// 当前页数, from 1.
    pub page_no: u32,
    /// 总页数.
    pub page_total: u32,
    /// 总记录数.
    pub total: u32,
    /// The page's cases, as the platform orders them.
    pub cases: Vec<MyCase>,
}

/// One step of a 差评's work order (seed 000 §4.14, §8).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkOrderStep {
    /// 处理时间, `yyyy-MM-dd HH:mm:ss`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<String>,
    /// 处理类型: 1 热线处理, 2 部门处理.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<u8>,
    /// 处理信息 (the department's feedback, for kind 2).
    pub text: String,
}

/// The work order a 差评 opened, as 4.11's deptFeedback tells it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkOrder {
    /// 工单状态: 0 已生成, 1 热线处理中, 2 部门处理中, 3 已办结.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u8>,
    /// 有效性: 1 有效, 3 无效 (the hotline's verdict), once verified.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validity: Option<u8>,
    /// What was done, oldest first.
    #[serde(default)]
    pub steps: Vec<WorkOrderStep>,
}

/// One stage's rating of a case (4.11's processingEval / completedEval).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StageRating {
    /// 评价星级.
    pub stars: Stars,
    /// The tags, by name.
    #[serde(default)]
    pub tags: Vec<String>,
    /// 评价意见.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remark: Option<String>,
    /// 评价时间, `yyyy-MM-dd HH:mm:ss`.
    pub time: String,
    /// The work order of a 差评, when the platform tells of one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub work_order: Option<WorkOrder>,
}

/// The rating a case can be given now, ready to submit: `POST /api/submit`
/// with this route and query (the gateway built them from its case
/// directory: the page URL seed 000 §3 defines for the case).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RateLink {
    /// The stage: 1 受理, 2 办结.
    pub stage: u8,
    /// The page's route (`/front/pc/`).
    pub route: String,
    /// The page's query.
    pub query: String,
}

/// `GET /api/my/case?appCode&affairSerialNo`: one case, its ratings and
/// what became of a 差评 (4.11).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MyCaseDetail {
    /// The case.
    pub case: MyCase,
    /// 受理阶段's rating.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accepted: Option<StageRating>,
    /// 办结阶段's rating.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done: Option<StageRating>,
    /// The rating it can be given now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate: Option<RateLink>,
}

/// One of the citizen's guide ratings (4.12 row).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MyGuideRating {
    /// 事项名称, when the platform gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub affair_name: Option<String>,
    /// 评价星级.
    pub stars: Stars,
    /// The tags, by name.
    #[serde(default)]
    pub tags: Vec<String>,
    /// 附加评论.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remark: Option<String>,
    /// 评价时间, `yyyy-MM-dd HH:mm:ss`.
    pub time: String,
}

/// `GET /api/my/guides?appCode&range&page`: one page of the citizen's guide ratings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MyGuidesResponse {
    /// 当前页数, from 1.
    pub page_no: u32,
    /// 总页数.
    pub page_total: u32,
    /// 总记录数.
    pub total: u32,
    /// The page's ratings, newest first.
    pub guides: Vec<MyGuideRating>,
}

/// `yyyyMMddHHmmss` or `yyyy-MM-dd HH:mm:ss` (the platform uses both) as
/// `yyyy-MM-dd HH:mm:ss`; anything else as it is.
pub fn display_time(text: &str) -> String {
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    if digits.len() != 14 || text.chars().count() > 19 {
        return text.to_string();
    }
    [
        &digits[0..4],
        "-",
        &digits[4..6],
        "-",
        &digits[6..8],
        " ",
        &digits[8..10],
        ":",
        &digits[10..12],
        ":",
        &digits[12..14],
    ]
    .concat()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::encode_base64 as b;
    use crate::{Channel, Lang};

    #[test]
    fn routes_match_by_suffix() {
        assert_eq!(MyRoute::from_path("/my/"), Some(MyRoute::My));
        assert_eq!(MyRoute::from_path("/ping/my"), Some(MyRoute::My));
        assert_eq!(
            MyRoute::from_path("/front/onething/index.html"),
            Some(MyRoute::OneThing)
        );
        assert_eq!(MyRoute::from_path("/army/"), None);
        assert_eq!(MyRoute::from_path("/front/pc/"), None);
        assert_eq!(MyRoute::from_path("/"), None);
        for r in [MyRoute::My, MyRoute::OneThing] {
            assert_eq!(MyRoute::from_path(r.path()), Some(r));
        }
    }

    #[test]
    fn my_params_need_app_and_channel() {
        let p = MyParams::parse("appCode=cTPyv9r6&channel=h5&lang=en").expect("params");
        assert_eq!(p.common.app_code.as_str(), "cTPyv9r6");
        assert_eq!(p.common.channel, Channel::H5);
        let e = MyParams::parse("channel=web&userId=someone-else").expect_err("no appCode");
        assert!(e.has("appCode"));
        assert_eq!(e.0.len(), 1, "{e}");
    }

    fn onething(extra: &str) -> Result<OneThingParams, ParamErrors> {
        OneThingParams::parse(&format!(
            "appCode=cTPyv9r6&channel=web&subBusiness={}&evalProcess=2{extra}",
            b("开办企业")
        ))
    }

    #[test]
    fn a_onething_link_names_its_cases_and_stage() {
        let p = onething(&format!(
            "&evalEntityCode=egovAffair&affairSerialNos={}",
            b("210100-1-1, 210100-1-2")
        ))
        .expect("params");
        assert_eq!(p.sub_business.as_str(), "开办企业");
        assert_eq!(
            p.affair_serial_nos
                .iter()
                .map(CaseNo::as_str)
                .collect::<Vec<_>>(),
            vec!["210100-1-1", "210100-1-2"]
        );
        assert_eq!(p.eval_process, EvalProcess::Done);
        assert_eq!(p.worker, None);
        let hall = onething(&format!(
            "&evalEntityCode=hallAffair&affairSerialNos={}&hallCode=56417234343428097&workerNo=1212&workerName={}",
            b("a-1,a-2"),
            b("李凤")
        ))
        .expect("hall");
        assert_eq!(
            hall.worker.map(|w| w.work_no.as_str().to_string()),
            Some("1212".to_string())
        );
    }

    #[test]
    fn a_bad_onething_link_names_each_problem() {
        let one = onething(&format!(
            "&evalEntityCode=egovAffair&affairSerialNos={}",
            b("210100-1-1")
        ))
        .expect_err("one case");
        assert_eq!(
            one.first().map(|e| e.message(Lang::En)),
            Some(
                "Parameter affairSerialNos (case numbers) must name at least two cases (a 一件事 bundles several)"
                    .to_string()
            )
        );
        let twice = onething(&format!(
            "&evalEntityCode=egovAffair&affairSerialNos={}",
            b("a-1,a-1")
        ))
        .expect_err("twice");
        assert!(twice.has("affairSerialNos"));
        let many: Vec<String> = (0..=MAX_ONETHING).map(|i| format!("c-{i}")).collect();
        let e = onething(&format!(
            "&evalEntityCode=egovAffair&affairSerialNos={}",
            b(&many.join(","))
        ))
        .expect_err("too many");
        assert_eq!(
            e.first().map(|e| e.problem.clone()),
            Some(Problem::TooMany { max: MAX_ONETHING })
        );
        // A hall 一件事 needs its window; an online one must not name one.
        let e = onething(&format!(
            "&evalEntityCode=hallAffair&affairSerialNos={}",
            b("a-1,a-2")
        ))
        .expect_err("no window");
        assert!(e.has("hallCode") && e.has("workerNo") && e.has("workerName"));
        let e = onething(&format!(
            "&evalEntityCode=egovAffair&affairSerialNos={}&hallCode=1",
            b("a-1,a-2")
        ))
        .expect_err("window online");
        assert!(e.has("hallCode"));
        let e = OneThingParams::parse("appCode=a&channel=web").expect_err("nothing");
        for f in [
            "subBusiness",
            "affairSerialNos",
            "evalEntityCode",
            "evalProcess",
        ] {
            assert!(e.has(f), "{f}: {e}");
        }
    }

    #[test]
    fn eval_flags_read_as_the_spec_says() {
        use EvalStatus::*;
        assert_eq!(
            [0, 1, 2, 3, 7, -1].map(EvalStatus::from_flag),
            [
                Unrated,
                AcceptedRated,
                DoneRated,
                BothRated,
                BothRated,
                Unrated
            ]
        );
        // The current stage, if it is not rated.
        assert_eq!(Unrated.stage_to_rate(false), Some(EvalProcess::Accepted));
        assert_eq!(Unrated.stage_to_rate(true), Some(EvalProcess::Done));
        assert_eq!(AcceptedRated.stage_to_rate(false), None);
        assert_eq!(AcceptedRated.stage_to_rate(true), Some(EvalProcess::Done));
        assert_eq!(DoneRated.stage_to_rate(true), None);
        assert_eq!(BothRated.stage_to_rate(true), None);
    }

    #[test]
    fn time_ranges_reach_back_in_days() {
        let now = 1_764_460_800;
        assert_eq!(TimeRange::Month.start(now), Some(now - 30 * 86_400));
        assert_eq!(TimeRange::All.start(now), None);
        assert_eq!("3m".parse::<TimeRange>(), Ok(TimeRange::Quarter));
        assert!("2m".parse::<TimeRange>().is_err());
    }

    #[test]
    fn times_are_shown_one_way() {
        assert_eq!(display_time("20191013200714"), "2019-10-13 20:07:14");
        assert_eq!(display_time("2019-10-13 20:07:14"), "2019-10-13 20:07:14");
        assert_eq!(display_time("yesterday"), "yesterday");
        assert_eq!(display_time("2019-10-13"), "2019-10-13");
    }
}

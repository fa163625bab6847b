//! Page parameters: every rating page of SPEC §2, parsed from its raw query
//! string into types that cannot hold a bad value.
//!
//! The widget parses the URL with this module to render a page, and the gateway
//! parses the very same query string again when the rating is submitted, so the
//! two can never disagree about what a link means.

use crate::decode;
use crate::error::{Collector, FieldError, Lang, ParamErrors, Problem};
use crate::qr::QrMsg;
use crate::types::{
    AppCode, CaseNo, Channel, Code, EvalEntityCode, EvalProcess, HallCode, Name, PersonName,
    Personal, WorkNo,
};

/// The most case numbers one batch page may rate.
pub const MAX_BATCH: usize = 200;

/// A page path of SPEC §2. Paths match by suffix, so the pages also work
/// behind a prefix (`/ping/guide/`), as the province deploys them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Route {
    /// `/guide/`: 办事指南评价.
    Guide,
    /// `/front/pc/`: 办件评价, online or hall (by `evalEntityCode`).
    FrontPc,
    /// `/front/evallist/`: 同一事项批量评价.
    EvalList,
    /// `/front/hallworker/`: 咨询评价, online or hall (by whether a worker is named).
    HallWorker,
    /// `/rating-dynamic/`: 动态二维码.
    RatingDynamic,
}

impl Route {
    /// Every route, in SPEC §2 order.
    pub const ALL: [Route; 5] = [
        Route::Guide,
        Route::FrontPc,
        Route::EvalList,
        Route::HallWorker,
        Route::RatingDynamic,
    ];

    /// Every route's path, in [`Route::ALL`] order.
    pub const PATHS: &'static [&'static str] = &[
        "/guide/",
        "/front/pc/",
        "/front/evallist/",
        "/front/hallworker/",
        "/rating-dynamic/",
    ];

    /// The path, with its slashes.
    pub fn path(self) -> &'static str {
        Self::PATHS[self as usize]
    }

    /// Finds the route a path ends with (`/guide/`, `/ping/guide/`, `/guide/index.html`).
    pub fn from_path(path: &str) -> Option<Route> {
        let p = path.strip_suffix("index.html").unwrap_or(path);
        let p = if p.ends_with('/') {
            p.to_string()
        } else {
            [p, "/"].concat()
        };
        Route::ALL.into_iter().find(|r| p.ends_with(r.path()))
    }

    /// The deployment prefix in front of the route (`/ping` for `/ping/guide/`).
    pub fn prefix(self, path: &str) -> &str {
        let p = path.strip_suffix("index.html").unwrap_or(path);
        let p = p.strip_suffix('/').unwrap_or(p);
        let tail = self.path().trim_end_matches('/');
        p.strip_suffix(tail).unwrap_or("")
    }
}

/// Which page variant a link is (SPEC §2 has seven).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PageKind {
    /// 办事指南评价.
    Guide,
    /// 办件评价(网上).
    AffairOnline,
    /// 办件评价(大厅).
    AffairHall,
    /// 同一事项批量评价.
    Batch,
    /// 咨询评价(网上): the citizen picks the hall and the worker.
    ConsultOnline,
    /// 咨询评价(大厅).
    ConsultHall,
    /// 动态二维码.
    Dynamic,
}

impl PageKind {
    /// Every page variant.
    pub const ALL: [PageKind; 7] = [
        PageKind::Guide,
        PageKind::AffairOnline,
        PageKind::AffairHall,
        PageKind::Batch,
        PageKind::ConsultOnline,
        PageKind::ConsultHall,
        PageKind::Dynamic,
    ];

    /// 评价对象编码 of the page's ratings (and of the tag catalog it shows).
    pub fn eval_entity_code(self) -> EvalEntityCode {
        match self {
            PageKind::Guide => EvalEntityCode::EgovGuide,
            PageKind::AffairOnline => EvalEntityCode::EgovAffair,
            _ => EvalEntityCode::HallAffair,
        }
    }

    /// A short stable name, used in postMessage and logs.
    pub fn as_str(self) -> &'static str {
        match self {
            PageKind::Guide => "guide",
            PageKind::AffairOnline => "affair-online",
            PageKind::AffairHall => "affair-hall",
            PageKind::Batch => "batch",
            PageKind::ConsultOnline => "consult-online",
            PageKind::ConsultHall => "consult-hall",
            PageKind::Dynamic => "dynamic",
        }
    }

    /// The page title.
    pub fn title(self, lang: Lang) -> &'static str {
        let (zh, en) = match self {
            PageKind::Guide => ("办事指南评价", "Rate this service guide"),
            PageKind::AffairOnline | PageKind::AffairHall | PageKind::Dynamic => {
                ("办件评价", "Rate this case")
            }
            PageKind::Batch => ("同一事项批量评价", "Rate these cases"),
            PageKind::ConsultOnline | PageKind::ConsultHall => {
                ("咨询评价", "Rate this consultation")
            }
        };
        lang.pick(zh, en)
    }

    /// The tag catalog the page shows: consultations have their own.
    pub fn tag_type(self) -> crate::types::TagType {
        match self {
            PageKind::ConsultOnline | PageKind::ConsultHall => crate::types::TagType::Consult,
            _ => crate::types::TagType::Case,
        }
    }
}

/// The parameters every page has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Common {
    /// 应用编码.
    pub app_code: AppCode,
    /// 渠道标识.
    pub channel: Channel,
}

/// The hall window a rating is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HallWorker {
    /// 大厅编码.
    pub hall_code: HallCode,
    /// 工作人员编号 (`workerNo` in page URLs, `workNo` upstream).
    pub work_no: WorkNo,
    /// 工作人员姓名, decoded. Guangdong QR codes do not carry it.
    pub worker_name: Option<PersonName>,
}

/// The evaluator named in a hall URL (used as identity when `offLine=1`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlEvaluator {
    /// 评价人姓名.
    pub user_name: PersonName,
    /// 评价人联系电话.
    pub contact_phone: Personal,
    /// 评价人证件号码.
    pub certificate_no: Personal,
}

/// `/guide/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuideParams {
    /// appCode, channel.
    pub common: Common,
    /// 事项编码.
    pub affair_code: Code,
    /// 事项名称.
    pub affair_name: Name,
    /// 部门编码.
    pub department_code: Code,
    /// 评价阶段.
    pub eval_process: EvalProcess,
}

/// `/front/pc/` with `evalEntityCode=egovAffair`, and the case part of the hall variants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AffairParams {
    /// appCode, channel.
    pub common: Common,
    /// 事项名称.
    pub affair_name: Name,
    /// 办件编号.
    pub affair_serial_no: CaseNo,
    /// 部门编码.
    pub department_code: Code,
    /// 评价阶段.
    pub eval_process: EvalProcess,
}

/// `/front/pc/` with `evalEntityCode=hallAffair`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HallAffairParams {
    /// The case.
    pub affair: AffairParams,
    /// The window.
    pub worker: HallWorker,
    /// The evaluator named in the URL.
    pub evaluator: UrlEvaluator,
    /// `offLine=1`: no login; the URL's evaluator is the identity.
    pub offline: bool,
}

/// `/front/evallist/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchParams {
    /// appCode, channel.
    pub common: Common,
    /// 事项名称.
    pub affair_name: Name,
    /// 办件编号, in URL order (a number given twice is an error).
    pub affair_serial_nos: Vec<CaseNo>,
    /// 部门编码.
    pub department_code: Code,
    /// 评价阶段.
    pub eval_process: EvalProcess,
    /// The window.
    pub worker: HallWorker,
    /// The evaluator named in the URL.
    pub evaluator: UrlEvaluator,
    /// `offLine=1`.
    pub offline: bool,
}

/// `/front/hallworker/` with a worker named: 咨询评价(大厅).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsultHallParams {
    /// appCode, channel.
    pub common: Common,
    /// The window.
    pub worker: HallWorker,
}

/// Parameters of one page, by variant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageParams {
    /// 办事指南评价.
    Guide(GuideParams),
    /// 办件评价(网上).
    AffairOnline(AffairParams),
    /// 办件评价(大厅).
    AffairHall(HallAffairParams),
    /// 同一事项批量评价.
    Batch(BatchParams),
    /// 咨询评价(网上): the citizen picks hall and worker on the page.
    ConsultOnline(Common),
    /// 咨询评价(大厅).
    ConsultHall(ConsultHallParams),
    /// 动态二维码 (always `hallAffair`, channel `hallQr`).
    Dynamic(QrMsg),
}

impl PageParams {
    /// Parses the raw query string (with or without its `?`) of a page at `route`.
    /// Every bad or missing parameter is reported, each naming its field.
    pub fn parse(route: Route, query: &str) -> Result<PageParams, ParamErrors> {
        let q = Query::parse(query);
        match route {
            Route::Guide => parse_guide(&q),
            Route::FrontPc => parse_front_pc(&q),
            Route::EvalList => parse_batch(&q),
            Route::HallWorker => parse_hallworker(&q),
            Route::RatingDynamic => {
                let msg = q
                    .get("msg")
                    .ok_or_else(|| ParamErrors(vec![FieldError::new("msg", Problem::Missing)]))?;
                QrMsg::parse(msg).map(PageParams::Dynamic)
            }
        }
    }

    /// Which of the seven variants this is.
    pub fn kind(&self) -> PageKind {
        match self {
            PageParams::Guide(_) => PageKind::Guide,
            PageParams::AffairOnline(_) => PageKind::AffairOnline,
            PageParams::AffairHall(_) => PageKind::AffairHall,
            PageParams::Batch(_) => PageKind::Batch,
            PageParams::ConsultOnline(_) => PageKind::ConsultOnline,
            PageParams::ConsultHall(_) => PageKind::ConsultHall,
            PageParams::Dynamic(_) => PageKind::Dynamic,
        }
    }

    /// 应用编码.
    pub fn app_code(&self) -> &AppCode {
        match self {
            PageParams::Guide(p) => &p.common.app_code,
            PageParams::AffairOnline(p) => &p.common.app_code,
            PageParams::AffairHall(p) => &p.affair.common.app_code,
            PageParams::Batch(p) => &p.common.app_code,
            PageParams::ConsultOnline(c) => &c.app_code,
            PageParams::ConsultHall(p) => &p.common.app_code,
            PageParams::Dynamic(q) => q.app_code(),
        }
    }

    /// 渠道标识 (a dynamic QR is always `hallQr`).
    pub fn channel(&self) -> Channel {
        match self {
            PageParams::Guide(p) => p.common.channel,
            PageParams::AffairOnline(p) => p.common.channel,
            PageParams::AffairHall(p) => p.affair.common.channel,
            PageParams::Batch(p) => p.common.channel,
            PageParams::ConsultOnline(c) => c.channel,
            PageParams::ConsultHall(p) => p.common.channel,
            PageParams::Dynamic(_) => Channel::HallQr,
        }
    }

    /// 评价对象编码 sent upstream and used for the tag list.
    pub fn eval_entity_code(&self) -> EvalEntityCode {
        self.kind().eval_entity_code()
    }

    /// Whether the citizen must be logged in (SPEC §4): everything except hall
    /// pages with `offLine=1`.
    pub fn needs_login(&self) -> bool {
        match self {
            PageParams::AffairHall(p) => !p.offline,
            PageParams::Batch(p) => !p.offline,
            _ => true,
        }
    }

    /// The evaluator named in the URL, for hall pages with `offLine=1`.
    pub fn offline_evaluator(&self) -> Option<&UrlEvaluator> {
        match self {
            PageParams::AffairHall(p) if p.offline => Some(&p.evaluator),
            PageParams::Batch(p) if p.offline => Some(&p.evaluator),
            _ => None,
        }
    }

    /// The window this rating is about, if the page names one.
    pub fn worker(&self) -> Option<HallWorker> {
        match self {
            PageParams::AffairHall(p) => Some(p.worker.clone()),
            PageParams::Batch(p) => Some(p.worker.clone()),
            PageParams::ConsultHall(p) => Some(p.worker.clone()),
            PageParams::Dynamic(q) => Some(HallWorker {
                hall_code: q.hall_code().clone(),
                work_no: q.work_no().clone(),
                worker_name: q.worker_name().cloned(),
            }),
            _ => None,
        }
    }

    /// The case numbers rated (one, several for a batch, none for guides and consultations).
    pub fn case_numbers(&self) -> Vec<&CaseNo> {
        match self {
            PageParams::AffairOnline(p) => vec![&p.affair_serial_no],
            PageParams::AffairHall(p) => vec![&p.affair.affair_serial_no],
            PageParams::Batch(p) => p.affair_serial_nos.iter().collect(),
            PageParams::Dynamic(q) => vec![q.affair_serial_no()],
            _ => vec![],
        }
    }

    /// 评价阶段, for the pages that rate a stage.
    pub fn eval_process(&self) -> Option<EvalProcess> {
        match self {
            PageParams::Guide(p) => Some(p.eval_process),
            PageParams::AffairOnline(p) => Some(p.eval_process),
            PageParams::AffairHall(p) => Some(p.affair.eval_process),
            PageParams::Batch(p) => Some(p.eval_process),
            PageParams::Dynamic(q) => Some(q.eval_process()),
            PageParams::ConsultOnline(_) | PageParams::ConsultHall(_) => None,
        }
    }
}

/// The display options every page accepts besides its own parameters.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PageOptions {
    /// `lang=en` for English.
    pub lang: Lang,
    /// `elder=1`: 适老化 mode.
    pub elder: bool,
    /// `ticket`: the portal's login ticket (verified by the gateway only).
    pub ticket: Option<String>,
    /// `returnUrl`: where 返回 goes after success, if its origin is allowed.
    pub return_url: Option<String>,
}

impl PageOptions {
    /// Reads the options; they never fail (an unknown `lang` means Chinese).
    pub fn parse(query: &str) -> PageOptions {
        let q = Query::parse(query);
        PageOptions {
            lang: Lang::from_param(q.get("lang")),
            elder: q.get("elder") == Some("1"),
            ticket: q
                .get("ticket")
                .filter(|t| !t.is_empty())
                .map(str::to_string),
            return_url: q
                .get("returnUrl")
                .filter(|t| !t.is_empty())
                .map(str::to_string),
        }
    }
}

/// A query string split into decoded pairs (`+` is a space, `%XX` decoded;
/// invalid UTF-8 becomes U+FFFD, which no base64 field accepts).
#[derive(Debug, Clone, Default)]
pub struct Query(Vec<(String, String)>);

impl Query {
    /// Parses `a=1&b=2`, with or without a leading `?`.
    pub fn parse(raw: &str) -> Query {
        let raw = raw.strip_prefix('?').unwrap_or(raw);
        Query(
            form_urlencoded::parse(raw.as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        )
    }

    /// Every pair, decoded, in URL order (a key may appear more than once).
    pub fn pairs(&self) -> &[(String, String)] {
        &self.0
    }

    /// The first value of `key`, if present. Keys are case-sensitive, as in the spec.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// The raw query string (with or without its `?`) without the pairs named
/// `key` (compared decoded, as [`Query::get`] does); every other pair is kept
/// byte for byte, so the rest is still the page's own query string: the widget
/// drops a used `ticket` from its address this way, the dev login replaces one.
pub fn without_key(raw: &str, key: &str) -> String {
    let raw = raw.strip_prefix('?').unwrap_or(raw);
    let mut out = String::with_capacity(raw.len());
    for pair in raw.split('&') {
        let named = form_urlencoded::parse(pair.as_bytes())
            .next()
            .is_some_and(|(k, _)| k == key);
        if !pair.is_empty() && !named {
            if !out.is_empty() {
                out.push('&');
            }
            out.push_str(pair);
        }
    }
    out
}

/// Reads one parameter through a parser, naming it in the error (also used
/// by [`crate::my`] for the citizen's own pages).
pub(crate) struct Reader<'a> {
    q: &'a Query,
    pub(crate) c: Collector,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(q: &'a Query) -> Self {
        Reader {
            q,
            c: Collector::default(),
        }
    }

    pub(crate) fn raw(&mut self, key: &str) -> Option<&'a str> {
        match self.q.get(key) {
            Some(v) => Some(v),
            None => {
                self.c.push(FieldError::new(key, Problem::Missing));
                None
            }
        }
    }

    /// A plain parameter.
    pub(crate) fn plain<T>(
        &mut self,
        key: &str,
        parse: impl FnOnce(&str) -> Result<T, Problem>,
    ) -> Option<T> {
        let raw = self.raw(key)?;
        let r = if raw.is_empty() {
            Err(Problem::Empty)
        } else {
            parse(raw)
        };
        self.c.take(r.map_err(|p| FieldError::new(key, p)))
    }

    /// A base64 parameter (`*` in SPEC §2), decoded by the rules of SPEC §2.
    pub(crate) fn b64<T>(
        &mut self,
        key: &str,
        parse: impl FnOnce(String) -> Result<T, Problem>,
    ) -> Option<T> {
        let raw = self.raw(key)?;
        let r = decode::base64_text(raw).and_then(parse);
        self.c.take(r.map_err(|p| FieldError::new(key, p)))
    }

    /// `evalEntityCode`, which must be exactly `want`.
    pub(crate) fn entity(&mut self, want: EvalEntityCode) {
        let allowed: &'static [&'static str] = match want {
            EvalEntityCode::EgovGuide => &["egovGuide"],
            EvalEntityCode::EgovAffair => &["egovAffair"],
            EvalEntityCode::HallAffair => &["hallAffair"],
            EvalEntityCode::AppAffair => &["appAffair"],
        };
        self.plain("evalEntityCode", |s| {
            if s == want.as_str() {
                Ok(())
            } else {
                Err(Problem::NotOneOf(allowed))
            }
        });
    }

    pub(crate) fn common(&mut self) -> Option<Common> {
        let app_code = self.plain("appCode", str::parse);
        let channel = self.plain("channel", str::parse);
        Some(Common {
            app_code: app_code?,
            channel: channel?,
        })
    }

    pub(crate) fn offline(&mut self) -> bool {
        match self.q.get("offLine") {
            None | Some("") | Some("0") => false,
            Some("1") => true,
            Some(_) => {
                self.c
                    .push(FieldError::new("offLine", Problem::NotOneOf(&["1"])));
                false
            }
        }
    }

    pub(crate) fn worker(&mut self) -> Option<HallWorker> {
        let hall_code = self.plain("hallCode", str::parse);
        let work_no = self.plain("workerNo", str::parse);
        let worker_name = self.b64("workerName", PersonName::new);
        Some(HallWorker {
            hall_code: hall_code?,
            work_no: work_no?,
            worker_name: Some(worker_name?),
        })
    }

    pub(crate) fn evaluator(&mut self) -> Option<UrlEvaluator> {
        let user_name = self.b64("userName", PersonName::new);
        let contact_phone = self.b64("contactPhone", Personal::new);
        let certificate_no = self.b64("certificateNo", Personal::new);
        Some(UrlEvaluator {
            user_name: user_name?,
            contact_phone: contact_phone?,
            certificate_no: certificate_no?,
        })
    }

    pub(crate) fn finish<T>(self, value: Option<T>) -> Result<T, ParamErrors> {
        match value {
            Some(v) if self.c.is_empty() => Ok(v),
            _ => Err(self.c.finish()),
        }
    }
}

fn parse_guide(q: &Query) -> Result<PageParams, ParamErrors> {
    let mut r = Reader::new(q);
    let common = r.common();
    let affair_code = r.b64("affairCode", Code::new);
    let affair_name = r.b64("affairName", Name::new);
    let department_code = r.b64("departmentCode", Code::new);
    r.entity(EvalEntityCode::EgovGuide);
    let eval_process = r.plain("evalProcess", str::parse);
    let v = (|| {
        Some(GuideParams {
            common: common?,
            affair_code: affair_code?,
            affair_name: affair_name?,
            department_code: department_code?,
            eval_process: eval_process?,
        })
    })();
    r.finish(v).map(PageParams::Guide)
}

fn affair_part(r: &mut Reader) -> Option<AffairParams> {
    let common = r.common();
    let affair_name = r.b64("affairName", Name::new);
    let affair_serial_no = r.b64("affairSerialNo", CaseNo::new);
    let department_code = r.b64("departmentCode", Code::new);
    let eval_process = r.plain("evalProcess", str::parse);
    Some(AffairParams {
        common: common?,
        affair_name: affair_name?,
        affair_serial_no: affair_serial_no?,
        department_code: department_code?,
        eval_process: eval_process?,
    })
}

fn parse_front_pc(q: &Query) -> Result<PageParams, ParamErrors> {
    let mut r = Reader::new(q);
    let entity = r.plain("evalEntityCode", |s| match s {
        "egovAffair" => Ok(EvalEntityCode::EgovAffair),
        "hallAffair" => Ok(EvalEntityCode::HallAffair),
        _ => Err(Problem::NotOneOf(&["egovAffair", "hallAffair"])),
    });
    let affair = affair_part(&mut r);
    match entity {
        Some(EvalEntityCode::HallAffair) => {
            let worker = r.worker();
            let evaluator = r.evaluator();
            let offline = r.offline();
            let v = (|| {
                Some(HallAffairParams {
                    affair: affair?,
                    worker: worker?,
                    evaluator: evaluator?,
                    offline,
                })
            })();
            r.finish(v).map(PageParams::AffairHall)
        }
        _ => r.finish(affair).map(PageParams::AffairOnline),
    }
}

/// A comma-joined list of case numbers (a batch's, a 一件事's): at most
/// `max`, none twice, at least one.
pub(crate) fn case_list(list: &str, max: usize) -> Result<Vec<CaseNo>, Problem> {
    let mut out: Vec<CaseNo> = Vec::new();
    for part in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        // Stop at the limit, so a huge list costs no more than max² comparisons.
        if out.len() == max {
            return Err(Problem::TooMany { max });
        }
        let case = CaseNo::new(part)?;
        // The same case twice is a portal's mistake: rating it twice cannot be meant.
        if out.contains(&case) {
            return Err(Problem::Shape(
                "含有重复的办件编号",
                "contains the same case number twice",
            ));
        }
        out.push(case);
    }
    if out.is_empty() {
        return Err(Problem::Empty);
    }
    Ok(out)
}

fn parse_batch(q: &Query) -> Result<PageParams, ParamErrors> {
    let mut r = Reader::new(q);
    let common = r.common();
    let affair_name = r.b64("affairName", Name::new);
    // SPEC §2 calls it affairSerialNos; seed 000's own table says affairSerialNo.
    let key = if q.get("affairSerialNos").is_none() && q.get("affairSerialNo").is_some() {
        "affairSerialNo"
    } else {
        "affairSerialNos"
    };
    let affair_serial_nos = r.b64(key, |list| case_list(&list, MAX_BATCH));
    let department_code = r.b64("departmentCode", Code::new);
    r.entity(EvalEntityCode::HallAffair);
    let eval_process = r.plain("evalProcess", str::parse);
    let worker = r.worker();
    let evaluator = r.evaluator();
    let offline = r.offline();
    let v = (|| {
        Some(BatchParams {
            common: common?,
            affair_name: affair_name?,
            affair_serial_nos: affair_serial_nos?,
            department_code: department_code?,
            eval_process: eval_process?,
            worker: worker?,
            evaluator: evaluator?,
            offline,
        })
    })();
    r.finish(v).map(PageParams::Batch)
}

fn parse_hallworker(q: &Query) -> Result<PageParams, ParamErrors> {
    let mut r = Reader::new(q);
    let common = r.common();
    r.entity(EvalEntityCode::HallAffair);
    // Naming any of the window's parameters makes this the hall variant, which
    // then needs all three.
    let hall = ["hallCode", "workerNo", "workerName"]
        .iter()
        .any(|k| q.get(k).is_some());
    if hall {
        let worker = r.worker();
        let v = (|| {
            Some(ConsultHallParams {
                common: common?,
                worker: worker?,
            })
        })();
        r.finish(v).map(PageParams::ConsultHall)
    } else {
        r.finish(common).map(PageParams::ConsultOnline)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_match_by_suffix() {
        assert_eq!(Route::from_path("/guide/"), Some(Route::Guide));
        assert_eq!(Route::from_path("/ping/guide/"), Some(Route::Guide));
        assert_eq!(Route::from_path("/ping/guide"), Some(Route::Guide));
        assert_eq!(
            Route::from_path("/front/pc/index.html"),
            Some(Route::FrontPc)
        );
        assert_eq!(
            Route::from_path("/hcptest/rating-dynamic/"),
            Some(Route::RatingDynamic)
        );
        assert_eq!(Route::from_path("/front/"), None);
        assert_eq!(Route::from_path("/"), None);
        assert_eq!(Route::from_path("/xguide/"), None);
        assert_eq!(Route::Guide.prefix("/ping/guide/"), "/ping");
        assert_eq!(Route::FrontPc.prefix("/front/pc/"), "");
        assert_eq!(Route::FrontPc.prefix("/a/b/front/pc/index.html"), "/a/b");
        for (i, r) in Route::ALL.into_iter().enumerate() {
            assert_eq!(Route::from_path(Route::PATHS[i]), Some(r));
        }
    }

    #[test]
    fn query_turns_plus_into_space_and_keeps_padding() {
        let q = Query::parse("?a=5rWL+6K%2BV==&b=");
        assert_eq!(q.get("a"), Some("5rWL 6K+V=="));
        assert_eq!(q.get("b"), Some(""));
        assert_eq!(q.get("c"), None);
    }

    #[test]
    fn without_key_keeps_the_other_pairs_as_they_were() {
        assert_eq!(
            without_key("?ticket=x&a=5rWL+6K%2BV==&b=", "ticket"),
            "a=5rWL+6K%2BV==&b="
        );
        assert_eq!(
            without_key("a=1&ticket=x&b=%E5%BC%A0&ticket", "ticket"),
            "a=1&b=%E5%BC%A0"
        );
        assert_eq!(
            without_key("a=1&%74icket=x&&tickets=2", "ticket"),
            "a=1&tickets=2"
        );
        assert_eq!(without_key("ticket=x", "ticket"), "");
        assert_eq!(without_key("", "ticket"), "");
        // What is left reads back as the same pairs, less the ticket.
        let q = Query::parse(&without_key(
            "appCode=a&ticket=t.k.n&lang=en&x=%2B+",
            "ticket",
        ));
        assert_eq!(q.get("x"), Some("+ "));
        assert_eq!(q.get("ticket"), None);
        assert_eq!(q.get("lang"), Some("en"));
    }
}

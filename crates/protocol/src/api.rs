//! The widget-facing API of the gateway (SPEC §5): request and response bodies
//! shared by the widget (which sends them) and the gateway (which checks them).
//!
//! | call | what |
//! |---|---|
//! | `GET  /api/tags?appCode&evalEntityCode&stars&type` | [`TagsResponse`] |
//! | `GET  /api/halls?appCode` | [`HallsResponse`] (consult online) |
//! | `POST /api/submit` with [`SubmitRequest`] | [`SubmitResponse`] |
//! | any error | HTTP 4xx/5xx with [`ApiError`] |
//!
//! A submission carries the page's route and raw query string, not decoded
//! values: the gateway parses them again with [`crate::PageParams::parse`], so
//! the browser is trusted with nothing but the citizen's own rating.

use serde::{Deserialize, Serialize};

use crate::error::{FieldError, Lang, Problem};
use crate::params::Route;
use crate::types::{HallCode, IdempotencyKey, Remark, Stars, TagId, WorkNo};

/// The most tags one rating may carry.
pub const MAX_TAGS: usize = 20;

/// What the citizen chose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rating {
    /// 1..=5.
    pub stars: Stars,
    /// The chosen tags' ids, from the tag list for these stars.
    #[serde(default)]
    pub tags: Vec<TagId>,
    /// The comment (may be empty).
    #[serde(default)]
    pub remark: Remark,
}

impl Rating {
    /// The rules of SPEC §3 that are not already in the types: at most
    /// [`MAX_TAGS`] tags, none twice, and a 差评 (1–2 stars) must say why: at
    /// least one tag or a non-empty remark.
    pub fn check(&self) -> Result<(), FieldError> {
        if self.tags.len() > MAX_TAGS {
            return Err(FieldError::new("tags", Problem::TooMany { max: MAX_TAGS }));
        }
        for (i, t) in self.tags.iter().enumerate() {
            if self.tags[..i].contains(t) {
                return Err(FieldError::new(
                    "tags",
                    Problem::Shape("含有重复的标签", "contains the same tag twice"),
                ));
            }
        }
        if self.stars.is_bad() && self.tags.is_empty() && self.remark.is_blank() {
            return Err(FieldError::new("remark", Problem::NeedsReason));
        }
        Ok(())
    }
}

/// The hall window the citizen picked on the consult-online page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HallChoice {
    /// 大厅编码, from [`HallsResponse`].
    pub hall_code: HallCode,
    /// 工作人员编号, from the same hall.
    pub work_no: WorkNo,
}

/// `POST /api/submit`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubmitRequest {
    /// The page's route path (`/guide/`, `/front/pc/`, …).
    pub route: String,
    /// The page's raw query string, exactly as in its URL (the ticket may be left out).
    pub query: String,
    /// The rating.
    pub rating: Rating,
    /// Only on the consult-online page: the window the citizen picked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hall: Option<HallChoice>,
    /// One key per rating attempt, sent again with every retry of it: a
    /// second submission with the same key is the same rating (answered
    /// with the first one's outcome), for every page kind. Optional, so
    /// that hall systems and pages without it still work.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub idempotency_key: Option<IdempotencyKey>,
}

impl SubmitRequest {
    /// The route named by `route`, if it is one.
    pub fn route(&self) -> Option<Route> {
        Route::from_path(&self.route)
    }
}

string_enum! {
    /// How a submission ended. Its names (`as_str` / `FromStr`, which serde
    /// goes through) are read by the widget's codec too.
    SubmitStatus {
        /// The provincial platform accepted it.
        Delivered = "delivered",
        /// Saved; the platform is slow or down, and the gateway delivers it later.
        Queued = "queued",
        /// This case and stage was rated already; nothing new was recorded.
        AlreadyRated = "already_rated",
        /// The platform refused it (the case's `message` says why). Only for a
        /// case of a batch: a refusal of a whole submission is an error answer.
        /// Kept in the gateway's outbox for an operator; not retried.
        Refused = "refused",
    }
}

/// One case's outcome in a batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CaseOutcome {
    /// 办件编号.
    pub affair_serial_no: String,
    /// What happened to this case.
    pub status: SubmitStatus,
    /// The platform's own words about it, if any (shown as text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// The answer to `POST /api/submit`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubmitResponse {
    /// Overall: delivered, queued, or already rated (batch: already rated only if every case was).
    pub status: SubmitStatus,
    /// 好差评系统评价信息流水号, when the platform returned one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eval_id: Option<String>,
    /// Per case, for batch pages.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cases: Vec<CaseOutcome>,
}

/// A tag as the widget shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tag {
    /// tagId.
    pub id: String,
    /// tagName (shown as text).
    pub name: String,
}

/// `GET /api/tags`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagsResponse {
    /// The tags for the requested stars, in the platform's order.
    pub tags: Vec<Tag>,
}

/// A window worker in the hall directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Worker {
    /// 工作人员编号.
    pub work_no: String,
    /// 姓名.
    pub name: String,
}

/// A hall in the directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Hall {
    /// 大厅编码.
    pub hall_code: String,
    /// 大厅名称.
    pub name: String,
    /// Its window workers.
    pub workers: Vec<Worker>,
}

/// `GET /api/halls`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HallsResponse {
    /// The halls of this appCode.
    pub halls: Vec<Hall>,
}

/// Every error answer of the gateway. Messages are plain text in both
/// languages; the widget shows the one for its page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    /// A stable machine code: `bad_request`, `invalid_param`, `login_required`,
    /// `unknown_case`, `unknown_worker`, `rate_limited`, `upstream`, `internal`.
    pub code: String,
    /// The field at fault, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Chinese message.
    pub zh: String,
    /// English message.
    pub en: String,
}

impl ApiError {
    /// An error with both messages given.
    pub fn new(code: &str, zh: impl Into<String>, en: impl Into<String>) -> ApiError {
        ApiError {
            code: code.to_string(),
            field: None,
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// The `invalid_param` error for one field.
    pub fn field(e: &FieldError) -> ApiError {
        ApiError {
            code: "invalid_param".to_string(),
            field: Some(e.field.clone()),
            zh: e.message(Lang::Zh),
            en: e.message(Lang::En),
        }
    }

    /// The message for a page in `lang`.
    pub fn message(&self, lang: Lang) -> &str {
        lang.pick(&self.zh, &self.en)
    }
}

/// What the gateway tells the widget about its deployment. The gateway embeds
/// it in every page it serves as `<script id="hcp-config" type="application/json">`
/// (no extra round trip on a slow network); the widget never gets secrets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct WidgetConfig {
    /// Where a citizen without a valid ticket is sent (`?redirect=<page url>` is appended).
    pub login_url: String,
    /// Origins allowed to embed the pages and receive postMessage, and to be `returnUrl`s.
    #[serde(default)]
    pub allowed_origins: Vec<String>,
    /// Path prefix of the gateway's API (normally `/api`).
    pub api_base: String,
}

/// The id of the element by which the gateway gives a rating page the name
/// of its `departmentCode` (from its department directory), when it has
/// one: `<script id="hcp-department" type="text/plain">沈阳市市场监督管理局</script>`
/// (the name as it is; a name with `<` in it is not given, and the page
/// shows the code). Apart from [`WidgetConfig`], which every entry reads,
/// so that only the pages that show a department carry the code that reads
/// it.
pub const DEPARTMENT_ELEMENT_ID: &str = "hcp-department";

impl WidgetConfig {
    /// The id of the script element that carries it.
    pub const ELEMENT_ID: &'static str = "hcp-config";

    /// Whether `origin` (`https://host[:port]`) may embed the pages, receive
    /// messages and be returned to.
    pub fn allows(&self, origin: &str) -> bool {
        self.allowed_origins.iter().any(|o| o == origin)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rating(stars: i64, tags: &[&str], remark: &str) -> Rating {
        Rating {
            stars: Stars::try_from(stars).expect("stars"),
            tags: tags.iter().map(|t| TagId::new(*t).expect("tag")).collect(),
            remark: Remark::new(remark).expect("remark"),
        }
    }

    #[test]
    fn a_bad_rating_needs_a_tag_or_a_remark() {
        let e = rating(2, &[], "  ").check().expect_err("needs reason");
        assert_eq!(e.field, "remark");
        assert_eq!(e.problem, Problem::NeedsReason);
        assert_eq!(
            e.message(Lang::Zh),
            "参数 remark（评价内容）：差评请至少选择一个标签或填写评价内容"
        );
        assert!(rating(1, &["t1"], "").check().is_ok());
        assert!(rating(2, &[], "排队太久").check().is_ok());
        assert!(rating(3, &[], "").check().is_ok());
    }

    #[test]
    fn tags_are_limited_and_unique() {
        assert!(rating(5, &["a", "a"], "").check().is_err());
        let many: Vec<String> = (0..21).map(|i| i.to_string()).collect();
        let refs: Vec<&str> = many.iter().map(String::as_str).collect();
        assert_eq!(
            rating(5, &refs, "").check().map_err(|e| e.problem),
            Err(Problem::TooMany { max: 20 })
        );
    }

    #[test]
    fn submit_request_json() {
        let json = r#"{"route":"/guide/","query":"a=1","rating":{"stars":"5","tags":["t"],"remark":"好"}}"#;
        let r: SubmitRequest = serde_json::from_str(json).expect("parses");
        assert_eq!(r.route(), Some(Route::Guide));
        assert_eq!(r.rating.stars.get(), 5);
        assert!(serde_json::from_str::<SubmitRequest>(&json.replace("\"5\"", "9")).is_err());
        assert_eq!(r.idempotency_key, None, "optional on the wire");
        let keyed = json.replacen(
            "{\"route\"",
            "{\"idempotencyKey\":\"0f8e2c4a9b7d4e1f8a6c3b5d7e9f1a2c\",\"route\"",
            1,
        );
        let r: SubmitRequest = serde_json::from_str(&keyed).expect("with a key");
        assert_eq!(
            r.idempotency_key.as_ref().map(IdempotencyKey::as_str),
            Some("0f8e2c4a9b7d4e1f8a6c3b5d7e9f1a2c")
        );
        let back = serde_json::to_value(&r).expect("json");
        assert_eq!(back["idempotencyKey"], "0f8e2c4a9b7d4e1f8a6c3b5d7e9f1a2c");
        let bad = keyed.replace("0f8e2c4a9b7d4e1f8a6c3b5d7e9f1a2c", "too-short");
        let e = serde_json::from_str::<SubmitRequest>(&bad).expect_err("short key");
        assert!(e.to_string().contains("idempotencyKey"), "{e}");
    }

    #[test]
    fn submit_statuses_serialize_through_as_str() {
        for (status, name) in [
            (SubmitStatus::Delivered, "delivered"),
            (SubmitStatus::Queued, "queued"),
            (SubmitStatus::AlreadyRated, "already_rated"),
            (SubmitStatus::Refused, "refused"),
        ] {
            assert_eq!(status.as_str(), name);
            assert_eq!(name.parse::<SubmitStatus>(), Ok(status));
            assert_eq!(serde_json::to_value(status).expect("json"), name);
            let back: SubmitStatus = serde_json::from_value(name.into()).expect("parses");
            assert_eq!(back, status);
        }
        assert!("Delivered".parse::<SubmitStatus>().is_err());
        assert!(serde_json::from_str::<SubmitStatus>("\"sent\"").is_err());
    }
}

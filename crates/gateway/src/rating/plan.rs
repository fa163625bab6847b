//! A plan: what a submission commits to the outbox. The upstream body by
//! interface, the rating's own keys (a case and stage; a citizen's guide or
//! window rating per period) and the client's idempotency key.

use hcp_protocol::types::{EvalProcess, LooseInt, mask};
use hcp_protocol::upstream::{
    self, AffairEvalRequest, GuideEvalRequest, HallWorkerEvalRequest, MultiEvalRequest,
    OneThingEvalRequest,
};
use serde::{Deserialize, Serialize};

/// An upstream request body, by interface.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "body", rename_all = "snake_case")]
pub enum UpstreamBody {
    /// guide/eval.
    Guide(GuideEvalRequest),
    /// affair/eval.
    Affair(AffairEvalRequest),
    /// affair/multieval.
    Multi(MultiEvalRequest),
    /// affair/hallworker/eval.
    Consult(HallWorkerEvalRequest),
    /// affair/onethingeval (`onething`).
    OneThing(OneThingEvalRequest),
}

impl UpstreamBody {
    /// The interface path, relative to the upstream base URL.
    pub fn interface(&self) -> &'static str {
        match self {
            UpstreamBody::Guide(_) => upstream::path::GUIDE_EVAL,
            UpstreamBody::Affair(_) => upstream::path::AFFAIR_EVAL,
            UpstreamBody::Multi(_) => upstream::path::MULTI_EVAL,
            UpstreamBody::Consult(_) => upstream::path::HALLWORKER_EVAL,
            UpstreamBody::OneThing(_) => upstream::path::ONETHING_EVAL,
        }
    }

    /// What kind of outbox entry it makes.
    pub fn kind(&self) -> crate::delivery::kinds::Kind {
        use crate::delivery::kinds::Kind;
        match self {
            UpstreamBody::Guide(_) => Kind::Guide,
            UpstreamBody::Affair(_) => Kind::Affair,
            UpstreamBody::Multi(_) => Kind::Multi,
            UpstreamBody::Consult(_) => Kind::Consult,
            UpstreamBody::OneThing(_) => Kind::OneThing,
        }
    }

    /// Whether it rates several cases, each answered on its own (a batch, a 一件事).
    pub fn is_per_case(&self) -> bool {
        matches!(self, UpstreamBody::Multi(_) | UpstreamBody::OneThing(_))
    }

    /// A batch or 一件事 body with only these of its cases (the others were
    /// rated before, or confirmed): what is sent is only what is still to be
    /// rated, and a 一件事's 关联业务数 follows. Other bodies are left as they are.
    pub fn keep_cases(&mut self, cases: &[String]) {
        match self {
            UpstreamBody::Multi(m) => m
                .affair_list
                .retain(|a| cases.contains(&a.affair_serial_no)),
            UpstreamBody::OneThing(o) => {
                o.eval_list_vo
                    .retain(|a| cases.contains(&a.affair.affair_serial_no));
                o.relation_bus_num =
                    LooseInt(i64::try_from(o.eval_list_vo.len()).unwrap_or(i64::MAX));
            }
            UpstreamBody::Guide(_) | UpstreamBody::Affair(_) | UpstreamBody::Consult(_) => {}
        }
    }

    /// The JSON sent upstream.
    pub fn to_json(&self) -> Result<String, serde_json::Error> {
        match self {
            UpstreamBody::Guide(b) => serde_json::to_string(b),
            UpstreamBody::Affair(b) => serde_json::to_string(b),
            UpstreamBody::Multi(b) => serde_json::to_string(b),
            UpstreamBody::Consult(b) => serde_json::to_string(b),
            UpstreamBody::OneThing(b) => serde_json::to_string(b),
        }
    }
}

/// One idempotency key of a submission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdemKey {
    /// `case:{appCode}:{serial}:{stage}` (一事一评: once per case and stage),
    /// `consult:{hallCode}:{workNo}:{citizen}:{period}` and
    /// `guide:{affairCode}:{citizen}:{period}` (once per citizen and thing
    /// per period, [`period_label`]).
    pub key: String,
    /// The case it stands for (case keys).
    pub case_no: Option<String>,
}

/// What a submission commits to the outbox.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The body.
    pub body: UpstreamBody,
    /// Its keys (one per case for a batch).
    pub keys: Vec<IdemKey>,
    /// The client's idempotency key, if it sent one (`crate::rating::idempotency`).
    pub client: Option<crate::rating::plan::ClientKey>,
}

/// The key of a case rating.
pub fn case_key(app_code: &str, serial: &str, stage: EvalProcess) -> String {
    format!("case:{app_code}:{serial}:{}", stage.get())
}

/// A key for display: the citizen in consult/guide keys is masked.
pub fn display_key(key: &str) -> String {
    let parts: Vec<&str> = key.split(':').collect();
    match parts.as_slice() {
        ["consult", hall, work, user, period] => {
            format!("consult:{hall}:{work}:{}:{period}", mask(user))
        }
        ["guide", code, user, period] => format!("guide:{code}:{}:{period}", mask(user)),
        _ => key.to_string(),
    }
}

/// The period `now` (Unix seconds) falls in, for periods of `days` Beijing
/// days counted from 1970-01-01: `p` and the Beijing date the period
/// started (with `days = 1`, the day itself: `p20250310`).
pub fn period_label(now: i64, days: u64) -> String {
    const DAY: i64 = 86_400;
    const BEIJING: i64 = 8 * 3_600;
    let days = i64::try_from(days.max(1)).unwrap_or(1);
    let day = (now + BEIJING).div_euclid(DAY);
    let start = day - day.rem_euclid(days);
    let start_secs = start * DAY - BEIJING;
    format!(
        "p{}",
        &hcp_protocol::sign::beijing_timestamp14(start_secs)[..8]
    )
}

/// A client's idempotency key, as the outbox keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientKey {
    /// `client:{appCode}:{key}`.
    pub key: String,
    /// SHA-256 (hex) of what was submitted with it.
    pub fingerprint: String,
}

//! The hall window's pad (评价器, `/pad/`): what the gateway tells a pad over
//! its live connection, and what a pad sends when a citizen rates on it.
//! Shared by the pad entry of the widget (which reads and writes these
//! bodies through its codec) and the gateway (serde).
//!
//! | call | what |
//! |---|---|
//! | `GET /api/pad/live` (WebSocket) | the pad sends [`PadHello`] first; the gateway answers [`PadEvent`]s |
//! | `POST /api/pad/rate` with [`PadRateRequest`] (`Authorization: Bearer <credential>`) | `SubmitResponse` |
//!
//! The pad never receives a citizen's phone or ID number: a reported case
//! reaches it with the citizen's name masked ([`mask_name`]), and a rating
//! made on it names the case, not the citizen; the gateway fills in the
//! identity the hall system reported.

use serde::{Deserialize, Serialize};

use crate::api::Rating;
use crate::types::IdempotencyKey;

/// The first message of a pad on its live connection (never in a URL, so it
/// reaches no access log).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PadHello {
    /// The pad credential `hcp-gateway pad-link` issued (`<id>.<secret>`).
    pub credential: String,
}

string_enum! {
    /// What a [`PadEvent`] says.
    PadEventKind {
        /// The pad's window and its current case, if any: the first event on
        /// every connection, and again when the pad fell behind.
        Hello = "hello",
        /// The hall system reported a case at this window: show it.
        Case = "case",
        /// A case of this window was rated (on a pad or by a phone): thank, then idle.
        Rated = "rated",
        /// The credential was refused or revoked: nothing more comes, and the
        /// pad must not reconnect with it.
        Refused = "refused",
    }
}

/// The window a pad is bound to, as its idle screen shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PadWindow {
    /// 应用编码 (for the tag lists).
    pub app_code: String,
    /// 大厅名称 (from the hall directory).
    pub hall_name: String,
    /// 窗口服务人员姓名 (from the hall directory).
    pub worker_name: String,
    /// 工号.
    pub work_no: String,
    /// This window's consult link (咨询评价, SPEC §2), for the idle QR code.
    pub consult_link: String,
}

/// A case reported at the pad's window, as the pad shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PadCase {
    /// 办件编号: what a rating on the pad names.
    pub affair_serial_no: String,
    /// 评价阶段 (1 受理, 2 办结), as the hall system reported it.
    pub eval_process: u8,
    /// 办理业务.
    pub affair_name: String,
    /// 办理部门.
    pub department_name: String,
    /// The citizen's name, masked (王*明): the pad faces the public.
    pub citizen: String,
    /// The case's dynamic link (seed 000 §6, Liaoning `msg`), for the QR code.
    pub dynamic_link: String,
    /// How long the pad shows it before going back to idle, in milliseconds
    /// from now (the case stays rateable by its QR code).
    pub show_ms: u32,
}

/// One message from the gateway to a pad.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PadEvent {
    /// What happened.
    pub event: PadEventKind,
    /// `hello`: the window.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub window: Option<PadWindow>,
    /// `hello` (when one is showing), `case`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case: Option<PadCase>,
    /// `rated`: the case rated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rated: Option<PadCaseRef>,
    /// `refused`: why, in Chinese.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zh: Option<String>,
    /// `refused`: why, in English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en: Option<String>,
}

/// The case a pad rating is about: the one the pad was shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PadCaseRef {
    /// 办件编号.
    pub affair_serial_no: String,
    /// 评价阶段.
    pub eval_process: u8,
}

/// `POST /api/pad/rate`: a rating made on the pad (channel `hallPad`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PadRateRequest {
    /// The case shown (办件评价); absent: the window's consultation (咨询评价).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case: Option<PadCaseRef>,
    /// The rating.
    pub rating: Rating,
    /// Made on the pad with the rating and kept with it while it waits to be
    /// sent (the gateway unreachable), so it is recorded once however often
    /// it is sent.
    pub idempotency_key: IdempotencyKey,
}

/// A name as a shared screen may show it: the first and last character kept,
/// the middle starred (王小明 → 王*明, 欧阳小明 → 欧**明), a two-character name
/// keeps its first (张三 → 张*), one character is starred whole.
pub fn mask_name(name: &str) -> String {
    let chars: Vec<char> = name.trim().chars().collect();
    match chars.len() {
        0 => String::new(),
        1 => "*".to_string(),
        2 => [chars[0], '*'].iter().collect(),
        n => {
            let mut out = String::with_capacity(name.len());
            out.push(chars[0]);
            out.extend(std::iter::repeat_n('*', n - 2));
            out.push(chars[n - 1]);
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_masked_for_a_shared_screen() {
        assert_eq!(mask_name("王小明"), "王*明");
        assert_eq!(mask_name("张三"), "张*");
        assert_eq!(mask_name("欧阳小明"), "欧**明");
        assert_eq!(mask_name("李"), "*");
        assert_eq!(mask_name(""), "");
        assert_eq!(mask_name(" Ann Lee "), "A*****e");
    }

    #[test]
    fn events_are_tagged_by_name() {
        let e = PadEvent {
            event: PadEventKind::Rated,
            window: None,
            case: None,
            rated: None,
            zh: None,
            en: None,
        };
        assert_eq!(
            serde_json::to_string(&e).expect("json"),
            r#"{"event":"rated"}"#
        );
        let back: PadEvent =
            serde_json::from_str(r#"{"event":"refused","zh":"x","en":"y"}"#).expect("reads");
        assert_eq!(back.event, PadEventKind::Refused);
        assert!(serde_json::from_str::<PadEvent>(r#"{"event":"bye"}"#).is_err());
    }
}

//! What the platform answered: an attempt's [`Outcome`] read from its
//! envelope (or from the failure to get one), and the per-case answers of a
//! batch (4.6) and of a 一件事 (4.7's lines).

use crate::delivery::kinds::Outcome;
use crate::delivery::kinds::{CaseStatus, Kind};
use crate::delivery::outbox::Claimed;
use crate::upstream::UpstreamError;
use hcp_protocol::upstream::{self, Envelope, EvalResult, MultiEvalItem, is_already_rated_message};
use serde_json::Value;

/// The platform's per-case answer (4.7: `data` is one line per case, the
/// case number then 评价成功 or 评价失败,原因:…). A line is matched by the
/// case number it starts with, else contains; a case without a line was
/// accepted (the envelope said 0).
pub fn answer_cases(cases: &[String], data: Option<&Value>) -> Vec<(String, CaseStatus, String)> {
    let lines: Vec<&str> = data
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    cases
        .iter()
        .map(|case| {
            let line = lines
                .iter()
                .find(|l| l.starts_with(case.as_str()))
                .or_else(|| lines.iter().find(|l| l.contains(case.as_str())));
            match line {
                None => (case.clone(), CaseStatus::Delivered, String::new()),
                Some(l) => {
                    let said = l.strip_prefix(case.as_str()).unwrap_or(l).to_string();
                    if said.contains("失败") {
                        if is_already_rated_message(&said) {
                            (case.clone(), CaseStatus::AlreadyRated, said)
                        } else {
                            (case.clone(), CaseStatus::Refused, said)
                        }
                    } else {
                        (case.clone(), CaseStatus::Delivered, said)
                    }
                }
            }
        })
        .collect()
}

/// Reads a platform answer (or the lack of one) for an entry.
pub fn classify(entry: &Claimed, result: Result<Envelope<Value>, UpstreamError>) -> Outcome {
    let env = match result {
        Ok(env) => env,
        Err(e) => {
            return Outcome::Retry {
                unknown: e.may_have_landed(),
                error: e.to_string(),
            };
        }
    };
    let response = serde_json::to_string(&env).unwrap_or_default();
    match env.code {
        upstream::code::OK if entry.kind == Kind::Multi => Outcome::Batch {
            cases: batch_cases(&entry.cases, env.data.as_ref()),
            response,
        },
        upstream::code::OK if entry.kind == Kind::OneThing => Outcome::Batch {
            cases: crate::delivery::answers::answer_cases(&entry.cases, env.data.as_ref()),
            response,
        },
        upstream::code::OK => Outcome::Delivered {
            eval_id: env
                .data
                .clone()
                .and_then(|d| serde_json::from_value::<EvalResult>(d).ok())
                .map(|r| r.affair_eval_id.0)
                .filter(|s| !s.is_empty()),
            response,
        },
        _ if env.is_already_rated() => Outcome::AlreadyRated {
            message: env.message,
            response,
        },
        // 验签失败: our clock or nonce, or the token being rotated: worth
        // retrying. The guard refused it before the rating was looked at.
        upstream::code::BAD_SIGNATURE => Outcome::Retry {
            error: format!("code 3: {}", env.message),
            unknown: false,
        },
        code => Outcome::Refused {
            code,
            message: env.message,
            response,
        },
    }
}

/// Per-case answers of 4.6: items are matched by the echoed case number, or
/// by the case number in the message, or else by position; a case without
/// an item was accepted (the envelope said 0).
pub(crate) fn batch_cases(
    cases: &[String],
    data: Option<&Value>,
) -> Vec<(String, CaseStatus, String)> {
    let items: Vec<MultiEvalItem> = data
        .and_then(|d| serde_json::from_value::<Vec<MultiEvalItem>>(d.clone()).ok())
        .unwrap_or_default();
    cases
        .iter()
        .enumerate()
        .map(|(i, case)| {
            let item = items
                .iter()
                .find(|it| {
                    it.data
                        .as_ref()
                        .is_some_and(|d| &d.affair_serial_no == case)
                })
                .or_else(|| {
                    items
                        .iter()
                        .find(|it| it.data.is_none() && it.message.contains(case.as_str()))
                })
                .or_else(|| {
                    if items.len() == cases.len() {
                        items.get(i)
                    } else {
                        None
                    }
                });
            match item {
                None => (case.clone(), CaseStatus::Delivered, String::new()),
                Some(it) if it.code == upstream::code::OK => {
                    (case.clone(), CaseStatus::Delivered, it.message.clone())
                }
                Some(it) if upstream::is_already_rated_message(&it.message) => {
                    (case.clone(), CaseStatus::AlreadyRated, it.message.clone())
                }
                Some(it) => (case.clone(), CaseStatus::Refused, it.message.clone()),
            }
        })
        .collect()
}

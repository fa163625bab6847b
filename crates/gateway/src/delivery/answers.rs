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
fn batch_cases(cases: &[String], data: Option<&Value>) -> Vec<(String, CaseStatus, String)> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::delivery::kinds::{CaseStatus, Kind, Outcome};
    use crate::delivery::outbox::Claimed;
    use crate::upstream::UpstreamError;
    use hcp_protocol::upstream::Envelope;
    use serde_json::Value;

    #[test]
    fn multieval_answers_are_read_per_case() {
        let entry = Claimed {
            id: 1,
            kind: Kind::Multi,
            interface: "affair/multieval".into(),
            body: String::new(),
            attempts: 0,
            lease_token: String::new(),
            created_at: 0,
            claimed_at: 0,
            unknown_since: None,
            content_key: None,
            cases: vec![
                "210000-210100183015-20190805160712863".into(),
                "210000-210100183015-20190805160712864".into(),
            ],
        };
        // Seed 000 §4.6's response.
        let answer: Envelope<Value> = serde_json::from_str(
            r#"{"code":0,"message":"SUCCESS","data":[
                {"code":0,"data":{"affairSerialNo":"210000-210100183015-20190805160712863"},"message":"评价成功"},
                {"code":-1,"data":{"affairSerialNo":"210000-210100183015-20190805160712864"},
                 "message":"评价失败,原因:210000-210100183015-20190805160712864的评价在系统中已存在"}]}"#,
        )
        .expect("json");
        let Outcome::Batch { cases, .. } = classify(&entry, Ok(answer)) else {
            panic!("batch");
        };
        assert_eq!(cases[0].1, CaseStatus::Delivered);
        assert_eq!(cases[1].1, CaseStatus::AlreadyRated);
        let dup: Envelope<Value> =
            serde_json::from_str(r#"{"code":-1,"message":"请勿重复评价","data":null}"#)
                .expect("json");
        assert!(matches!(
            classify(&entry, Ok(dup)),
            Outcome::AlreadyRated { .. }
        ));
        let sig: Envelope<Value> =
            serde_json::from_str(r#"{"code":3,"message":"验签失败","data":null}"#).expect("json");
        assert!(matches!(classify(&entry, Ok(sig)), Outcome::Retry { .. }));
        let bad: Envelope<Value> = serde_json::from_str(
            r#"{"code":2,"message":"事项编码affairCode不能为空","data":null}"#,
        )
        .expect("json");
        assert!(matches!(
            classify(&entry, Ok(bad)),
            Outcome::Refused { code: 2, .. }
        ));
        assert!(matches!(
            classify(&entry, Err(UpstreamError::Timeout)),
            Outcome::Retry { unknown: true, .. }
        ));
        assert!(matches!(
            classify(&entry, Err(UpstreamError::Network("reset".into()))),
            Outcome::Retry { unknown: true, .. }
        ));
        assert!(matches!(
            classify(&entry, Err(UpstreamError::Connect("refused".into()))),
            Outcome::Retry { unknown: false, .. }
        ));
        assert!(matches!(
            classify(&entry, Err(UpstreamError::Status(404))),
            Outcome::Retry { unknown: false, .. }
        ));
        assert!(matches!(
            classify(&entry, Err(UpstreamError::Status(503))),
            Outcome::Retry { unknown: true, .. }
        ));
    }
}

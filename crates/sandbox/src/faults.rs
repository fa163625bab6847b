//! Fault modes: the provincial platform's bad days, reproducible in tests.
//!
//! - `answerDelayMs`: a rating interface stores the rating, then answers only
//!   after this delay (longer than the client's timeout: the client gives up
//!   on a rating that did land).
//! - `dropAfterStore`: a rating interface stores the rating, then drops the
//!   connection instead of answering (a connection reset after sending).
//! - `failFraction`: that fraction of all requests (0 to 1) is answered
//!   HTTP 503 without being handled; nothing is stored. Which requests fail
//!   is decided by a fixed hash of the request's number since the faults
//!   were set, so a run is reproducible, yet without a period a client's
//!   own rhythm could fall into step with (a query then a resend, forever
//!   the resend failing).
//!
//! They can be switched while the sandbox runs: [`crate::Sandbox::set_faults`]
//! in-process (tests hold the [`crate::SandboxHandle`]), `PUT /_sandbox/faults`
//! when the sandbox was started with `admin` (`hcp-sandbox --admin`), and the
//! gateway's `PUT /dev/sandbox/faults` in its sandbox mode.

use std::time::Duration;

use axum::Json;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::header::CONTENT_LENGTH;
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use hcp_protocol::upstream::{Envelope, code, path};
use serde::{Deserialize, Serialize};

use crate::Sandbox;
use crate::routes::PREFIX;

/// Where the fault switch is served (only with `SandboxConfig::admin`).
pub const ADMIN_PATH: &str = "/_sandbox/faults";

/// The longest answer delay accepted (ten minutes).
pub const MAX_ANSWER_DELAY_MS: u64 = 600_000;

/// The fault modes in force. All off by default.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Faults {
    /// Rating interfaces: store, then wait this many milliseconds before answering.
    #[serde(default)]
    pub answer_delay_ms: u64,
    /// Rating interfaces: store, then drop the connection without an answer.
    #[serde(default)]
    pub drop_after_store: bool,
    /// Every interface: this fraction of requests (0 to 1) fails with HTTP 503, unhandled.
    #[serde(default)]
    pub fail_fraction: f64,
}

impl Faults {
    /// None at all.
    pub const NONE: Faults = Faults {
        answer_delay_ms: 0,
        drop_after_store: false,
        fail_fraction: 0.0,
    };

    /// Checks the values; the message says what is wrong.
    pub fn check(&self) -> Result<(), String> {
        if !(0.0..=1.0).contains(&self.fail_fraction) {
            return Err(format!(
                "failFraction must be between 0 and 1, not {}",
                self.fail_fraction
            ));
        }
        if self.answer_delay_ms > MAX_ANSWER_DELAY_MS {
            return Err(format!(
                "answerDelayMs must be at most {MAX_ANSWER_DELAY_MS}, not {}",
                self.answer_delay_ms
            ));
        }
        Ok(())
    }
}

/// What the faults did since they were last set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FaultCounts {
    /// Requests answered 503 unhandled.
    pub failed: u64,
    /// Rating answers delayed.
    pub delayed: u64,
    /// Rating answers dropped.
    pub dropped: u64,
}

/// The faults and their counters, as `GET /_sandbox/faults` shows them.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FaultState {
    /// In force.
    pub faults: Faults,
    /// Done since they were set.
    pub counts: FaultCounts,
    /// Requests seen since they were set (the failFraction's counter).
    pub seen: u64,
}

impl FaultState {
    /// Counts a request; whether it must fail.
    fn fail_next(&mut self) -> bool {
        let f = self.faults.fail_fraction;
        let n = self.seen;
        self.seen += 1;
        // splitmix64 of the request's number: uniform in [0, 1), no period.
        let mut z = n.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        let unit = (z >> 11) as f64 / (1u64 << 53) as f64;
        let fail = unit < f;
        if fail {
            self.counts.failed += 1;
        }
        fail
    }
}

/// Whether a request is a rating submission (4.4–4.8).
fn is_rating(method: &Method, uri_path: &str) -> bool {
    method == Method::POST
        && uri_path.strip_prefix(PREFIX).is_some_and(|p| {
            [
                path::HALLWORKER_EVAL,
                path::AFFAIR_EVAL,
                path::MULTI_EVAL,
                path::ONETHING_EVAL,
                path::GUIDE_EVAL,
            ]
            .contains(&p)
        })
}

/// A response whose body fails at once: the client gets no answer, the
/// connection is closed under it.
fn dropped() -> Response {
    let body = Body::from_stream(futures_util::stream::once(async {
        Err::<Bytes, std::io::Error>(std::io::Error::new(
            std::io::ErrorKind::ConnectionReset,
            "sandbox fault: connection dropped after storing",
        ))
    }));
    let mut res = Response::new(body);
    res.headers_mut().remove(CONTENT_LENGTH);
    res
}

/// Middleware over the interfaces: fails, delays or drops as the faults say.
pub(crate) async fn apply(State(sandbox): State<Sandbox>, req: Request, next: Next) -> Response {
    let rating = is_rating(req.method(), req.uri().path());
    let (fail, faults) = sandbox.with_faults(|s| (s.fail_next(), s.faults));
    if fail {
        tracing::info!(path = %req.uri().path(), "sandbox fault: request failed unhandled");
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(Envelope::<()>::err(
                code::FAILED,
                "服务暂不可用（沙箱故障模拟）",
            )),
        )
            .into_response();
    }
    let res = next.run(req).await;
    if !rating {
        return res;
    }
    if faults.drop_after_store {
        sandbox.with_faults(|s| s.counts.dropped += 1);
        tracing::info!("sandbox fault: answer dropped after storing");
        return dropped();
    }
    if faults.answer_delay_ms > 0 {
        sandbox.with_faults(|s| s.counts.delayed += 1);
        // A client that gives up now leaves the rating stored: it was handled.
        tokio::time::sleep(Duration::from_millis(faults.answer_delay_ms)).await;
    }
    res
}

/// `GET /_sandbox/faults`: the faults and what they did.
pub(crate) async fn show(State(sandbox): State<Sandbox>) -> Json<FaultState> {
    Json(sandbox.fault_state())
}

/// `PUT /_sandbox/faults` with a [`Faults`] body: sets them (counters restart).
pub(crate) async fn set(
    State(sandbox): State<Sandbox>,
    body: Result<Json<Faults>, axum::extract::rejection::JsonRejection>,
) -> Response {
    let faults = match body {
        Ok(Json(f)) => f,
        Err(e) => return (StatusCode::BAD_REQUEST, e.body_text()).into_response(),
    };
    match sandbox.set_faults(faults) {
        Ok(()) => Json(sandbox.fault_state()).into_response(),
        Err(e) => (StatusCode::BAD_REQUEST, e).into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failing(f: f64) -> FaultState {
        FaultState {
            faults: Faults {
                fail_fraction: f,
                ..Faults::NONE
            },
            ..FaultState::default()
        }
    }

    #[test]
    fn a_fraction_fails_that_share_of_requests_reproducibly() {
        for (f, lo, hi) in [
            (0.0, 0, 0),
            (0.3, 2_850, 3_150),
            (0.5, 4_850, 5_150),
            (1.0, 10_000, 10_000),
        ] {
            let mut s = failing(f);
            let failed = (0..10_000).filter(|_| s.fail_next()).count();
            assert!((lo..=hi).contains(&failed), "fraction {f}: {failed}");
            assert_eq!(s.counts.failed, failed as u64);
        }
        let (mut a, mut b) = (failing(0.5), failing(0.5));
        let run = |s: &mut FaultState| (0..64).map(|_| s.fail_next()).collect::<Vec<_>>();
        let first = run(&mut a);
        assert_eq!(first, run(&mut b), "the same sequence every time");
        // No period of two: a query-then-resend rhythm does not fall into step.
        let evens: Vec<bool> = first.iter().step_by(2).copied().collect();
        assert!(evens.contains(&true) && evens.contains(&false), "{first:?}");
    }

    #[test]
    fn only_rating_submissions_are_delayed_or_dropped() {
        let p = |x: &str| format!("{PREFIX}{x}");
        assert!(is_rating(&Method::POST, &p(path::GUIDE_EVAL)));
        assert!(is_rating(&Method::POST, &p(path::MULTI_EVAL)));
        assert!(!is_rating(&Method::GET, &p(path::GUIDE_EVAL)), "4.12 query");
        assert!(!is_rating(&Method::GET, &p(path::TAG_LIST)));
        assert!(!is_rating(&Method::POST, &p(path::EVAL_VALIDITY)));
    }

    #[test]
    fn bad_values_are_named() {
        let bad = Faults {
            fail_fraction: 1.5,
            ..Faults::NONE
        };
        assert!(bad.check().expect_err("bad").contains("failFraction"));
        let slow = Faults {
            answer_delay_ms: MAX_ANSWER_DELAY_MS + 1,
            ..Faults::NONE
        };
        assert!(slow.check().expect_err("bad").contains("answerDelayMs"));
        assert!(Faults::NONE.check().is_ok());
        let parsed: Result<Faults, _> = serde_json::from_str(r#"{"failFraction":0.2,"x":1}"#);
        assert!(parsed.is_err(), "unknown fields are refused");
    }
}

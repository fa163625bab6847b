//! The API gateway's guard (seed 000 §4.2): every request carries x-rio-paasid,
//! x-rio-timestamp, x-rio-nonce and x-rio-signature; the PaaSID must be known,
//! the timestamp within ±180 s, the signature right, and the nonce unused for
//! ten minutes. Anything else is answered with code 3 and a message saying
//! what failed, and logged (never with the token).

use std::sync::atomic::Ordering;

use axum::extract::{Request, State};
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::Response;
use hcp_protocol::sign::{self, RIO_MAX_SKEW_SECS, RioRefusal, header};
use hcp_protocol::upstream::code;

use crate::routes::{internal_error, refuse};
use crate::store::{self, RioHeaders};
use crate::{Sandbox, clock};

/// The longest nonce remembered; longer ones are refused rather than stored.
const MAX_NONCE_CHARS: usize = 128;

/// Why a request was refused before its body was looked at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Refused {
    Rio(RioRefusal),
    NotText(&'static str),
    UnknownPaasId,
    NonceTooLong,
    Replayed,
}

impl Refused {
    pub(crate) fn message(&self) -> String {
        match self {
            Refused::Rio(r) => r.message(),
            Refused::NotText(h) => format!("验签失败：请求头 {h} 不是合法的文本"),
            Refused::UnknownPaasId => "验签失败：未知的应用标识 x-rio-paasid".to_string(),
            Refused::NonceTooLong => {
                format!("验签失败：x-rio-nonce 过长（不能超过{MAX_NONCE_CHARS}个字符）")
            }
            Refused::Replayed => "验签失败：x-rio-nonce 在十分钟内已使用过（重放请求）".to_string(),
        }
    }
}

fn header_text(headers: &HeaderMap, name: &'static str) -> Result<String, Refused> {
    let value = headers
        .get(name)
        .ok_or(Refused::Rio(RioRefusal::MissingHeader(name)))?;
    let text = value.to_str().map_err(|_| Refused::NotText(name))?.trim();
    if text.is_empty() {
        return Err(Refused::Rio(RioRefusal::MissingHeader(name)));
    }
    Ok(text.to_string())
}

/// The checks that need no memory: presence, PaaSID, time, signature.
pub(crate) fn check_headers(
    headers: &HeaderMap,
    paas_id: &str,
    token: &str,
    now: i64,
) -> Result<RioHeaders, Refused> {
    let rio = RioHeaders {
        paasid: header_text(headers, header::PAASID)?,
        timestamp: header_text(headers, header::TIMESTAMP)?,
        nonce: header_text(headers, header::NONCE)?,
        signature: header_text(headers, header::SIGNATURE)?,
    };
    if rio.paasid != paas_id {
        return Err(Refused::UnknownPaasId);
    }
    // verify_rio subtracts in i64; keep absurd values away from it.
    let ts: i128 = rio
        .timestamp
        .parse()
        .map_err(|_| Refused::Rio(RioRefusal::StaleTimestamp))?;
    if (ts - i128::from(now)).abs() > i128::from(RIO_MAX_SKEW_SECS) {
        return Err(Refused::Rio(RioRefusal::StaleTimestamp));
    }
    sign::verify_rio(token, &rio.timestamp, &rio.nonce, &rio.signature, now)
        .map_err(Refused::Rio)?;
    if rio.nonce.chars().count() > MAX_NONCE_CHARS {
        return Err(Refused::NonceTooLong);
    }
    Ok(rio)
}

/// Middleware over every route: the latency, then the guard. The verified
/// headers go into the request's extensions for the handlers to store.
pub(crate) async fn guard(
    State(sandbox): State<Sandbox>,
    mut req: Request,
    next: Next,
) -> Response {
    let latency = sandbox.config().latency;
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    let path = req.uri().path().to_string();
    let now = clock::now_secs();
    let config = sandbox.config();
    let rio = match check_headers(req.headers(), &config.paas_id, &config.paas_token, now) {
        Ok(rio) => rio,
        Err(refused) => {
            tracing::warn!(%path, reason = ?refused, "x-rio check refused a request");
            return refuse(code::BAD_SIGNATURE, refused.message());
        }
    };
    let prune = {
        let last = sandbox.inner.last_prune.load(Ordering::Relaxed);
        now - last >= 60
            && sandbox
                .inner
                .last_prune
                .compare_exchange(last, now, Ordering::Relaxed, Ordering::Relaxed)
                .is_ok()
    };
    let (paasid, nonce) = (rio.paasid.clone(), rio.nonce.clone());
    let fresh = sandbox
        .db(move |c| store::use_nonce(c, &paasid, &nonce, now, prune))
        .await;
    match fresh {
        Ok(true) => {}
        Ok(false) => {
            tracing::warn!(%path, paasid = %rio.paasid, "x-rio check refused a replayed nonce");
            return refuse(code::BAD_SIGNATURE, Refused::Replayed.message());
        }
        Err(e) => return internal_error(e),
    }
    req.extensions_mut().insert(rio);
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            if let Ok(v) = HeaderValue::from_str(v) {
                h.insert(*k, v);
            }
        }
        h
    }

    #[test]
    fn refusals_say_what_failed() {
        let now = 1_700_000_000;
        let ts = now.to_string();
        let sig = sign::rio_signature(&ts, "tok", "n");
        let good = [
            (header::PAASID, "p"),
            (header::TIMESTAMP, ts.as_str()),
            (header::NONCE, "n"),
            (header::SIGNATURE, sig.as_str()),
        ];
        assert!(check_headers(&headers(&good), "p", "tok", now).is_ok());
        assert_eq!(
            check_headers(&headers(&good[..3]), "p", "tok", now),
            Err(Refused::Rio(RioRefusal::MissingHeader(header::SIGNATURE)))
        );
        assert_eq!(
            check_headers(&headers(&good), "q", "tok", now),
            Err(Refused::UnknownPaasId)
        );
        assert_eq!(
            check_headers(&headers(&good), "p", "other", now),
            Err(Refused::Rio(RioRefusal::BadSignature))
        );
        assert_eq!(
            check_headers(&headers(&good), "p", "tok", now + 181),
            Err(Refused::Rio(RioRefusal::StaleTimestamp))
        );
        let mut extreme = good;
        extreme[1] = (header::TIMESTAMP, "-9223372036854775808");
        assert_eq!(
            check_headers(&headers(&extreme), "p", "tok", now),
            Err(Refused::Rio(RioRefusal::StaleTimestamp))
        );
        assert!(Refused::Replayed.message().contains("x-rio-nonce"));
    }
}

//! Signed page links: our extension of seed 000 §3 (feature `sign`).
//!
//! A hall link with `offLine=1` names its evaluator (userName, contactPhone,
//! certificateNo) and needs no login, so whoever can write such a link can
//! rate any case in anyone's name. The hall system that issues the link (or
//! the gateway on its behalf, `hcp-gateway sign-link`) therefore signs it,
//! and the gateway refuses an unsigned, altered or expired one.
//!
//! The link gets two more parameters, `expires` (Unix seconds) and `sign`
//! (lowercase hex HMAC-SHA256 with the hall system's secret) over this
//! canonical form, lines joined by `\n` (no trailing newline):
//!
//! ```text
//! HCP-LINK-1
//! /front/pc/                      the page's path (Route::path), without any deployment prefix
//! affairName=个体工商户设立登记    one line per signed parameter present in the link,
//! affairSerialNo=210100-…          sorted by name (byte order), as name=value
//! …
//! ```
//!
//! - Signed parameters are the page parameters of seed 000 §3 ([`SIGNED_PARAMS`],
//!   `expires` among them) that the link carries; anything else (`lang`,
//!   `elder`, `returnUrl`, `ticket`, a tracking parameter a messenger app
//!   appends) is left out, so it may be added or changed without breaking the
//!   signature and without changing what is rated.
//! - Values are what the page shows: form-decoded, and for the base64
//!   parameters ([`BASE64_PARAMS`]) the decoded text (after base64 and any
//!   `escape()` / `encodeURIComponent()` layer), so the signature does not
//!   depend on the base64 alphabet, padding or URL encoding a portal uses.
//! - A signed parameter given twice, or a value with a line break, makes the
//!   link malformed: the canonical form is then ambiguous.
//!
//! The test vector is in README.md, crates/gateway/README.md and
//! `tests/signatures.rs` (computed there with Python's `hmac`).

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::decode;
use crate::error::Lang;
use crate::params::{Query, Route, without_key};

/// The first line of the canonical form: the scheme and its version.
pub const VERSION_LINE: &str = "HCP-LINK-1";
/// The parameter carrying the signature.
pub const SIGN_PARAM: &str = "sign";
/// The parameter carrying the expiry (Unix seconds).
pub const EXPIRES_PARAM: &str = "expires";
/// The longest a link may be valid from the moment it is checked: a link
/// valid for years would be as good as unsigned once it leaks.
pub const MAX_TTL_SECS: i64 = 30 * 86_400;
/// Clock skew allowed between the signer and the gateway for [`MAX_TTL_SECS`].
pub const SKEW_SECS: i64 = 300;

/// The parameters that are signed when present (every page parameter of
/// seed 000 §3 and the dynamic-QR `msg`, and `expires`), sorted.
pub const SIGNED_PARAMS: &[&str] = &[
    "affairCode",
    "affairName",
    "affairSerialNo",
    "affairSerialNos",
    "appCode",
    "certificateNo",
    "channel",
    "contactPhone",
    "departmentCode",
    "evalEntityCode",
    "evalProcess",
    "expires",
    "hallCode",
    "msg",
    "offLine",
    "userName",
    "workerName",
    "workerNo",
];

/// The signed parameters that are base64 (`*` in SPEC §2): signed as their decoded text.
pub const BASE64_PARAMS: &[&str] = &[
    "affairCode",
    "affairName",
    "affairSerialNo",
    "affairSerialNos",
    "certificateNo",
    "contactPhone",
    "departmentCode",
    "userName",
    "workerName",
];

/// Why a link's signature was not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkRefusal {
    /// No `sign` parameter.
    Unsigned,
    /// The link cannot be checked: `expires` missing or not a number, `sign`
    /// not 64 hex digits, a signed parameter given twice or undecodable.
    Malformed,
    /// The signature does not match: a parameter was changed, added or
    /// removed, or another secret signed it.
    Altered,
    /// Signed, but `expires` has passed.
    Expired,
    /// Signed, but valid for longer than [`MAX_TTL_SECS`] from now.
    TooLong,
}

impl LinkRefusal {
    /// A stable name, for logs and metrics.
    pub fn as_str(self) -> &'static str {
        match self {
            LinkRefusal::Unsigned => "unsigned",
            LinkRefusal::Malformed => "malformed",
            LinkRefusal::Altered => "altered",
            LinkRefusal::Expired => "expired",
            LinkRefusal::TooLong => "too_long",
        }
    }

    /// What the citizen is told, in `lang`: what is wrong and what to do.
    pub fn message(self, lang: Lang) -> &'static str {
        let (zh, en) = match self {
            LinkRefusal::Unsigned => (
                "此评价链接没有办理系统的签名，无法确认评价人身份。请向办理窗口索取新的评价二维码或链接。",
                "This rating link is not signed by the hall system, so the evaluator cannot be confirmed. Please ask the service window for a new rating QR code or link.",
            ),
            LinkRefusal::Malformed => (
                "此评价链接的签名参数（expires、sign）不完整或格式有误。请向办理窗口索取新的评价二维码或链接。",
                "The signature parameters of this rating link (expires, sign) are incomplete or malformed. Please ask the service window for a new rating QR code or link.",
            ),
            LinkRefusal::Altered => (
                "此评价链接已被改动，与办理系统签发的不一致。请向办理窗口索取新的评价二维码或链接。",
                "This rating link has been changed since the hall system issued it. Please ask the service window for a new rating QR code or link.",
            ),
            LinkRefusal::Expired => (
                "此评价链接已过期。请向办理窗口索取新的评价二维码或链接。",
                "This rating link has expired. Please ask the service window for a new rating QR code or link.",
            ),
            LinkRefusal::TooLong => (
                "此评价链接的有效期超过 30 天，不予接受。请向办理窗口索取新的评价二维码或链接。",
                "This rating link is valid for more than 30 days, which is not accepted. Please ask the service window for a new rating QR code or link.",
            ),
        };
        lang.pick(zh, en)
    }
}

impl std::fmt::Display for LinkRefusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.message(Lang::En))
    }
}

impl std::error::Error for LinkRefusal {}

/// The canonical form of the link to `route` with this raw query string
/// (with or without `?`).
pub fn canonical(route: Route, query: &str) -> Result<String, LinkRefusal> {
    let q = Query::parse(query);
    let mut lines: Vec<(&str, String)> = Vec::new();
    for (key, value) in q.pairs() {
        let Some(name) = SIGNED_PARAMS.iter().find(|k| **k == key.as_str()) else {
            continue;
        };
        if lines.iter().any(|(k, _)| k == name) {
            return Err(LinkRefusal::Malformed);
        }
        let value = if BASE64_PARAMS.contains(name) {
            decode::base64_text(value).map_err(|_| LinkRefusal::Malformed)?
        } else {
            value.clone()
        };
        if value.contains(['\n', '\r']) {
            return Err(LinkRefusal::Malformed);
        }
        lines.push((name, value));
    }
    lines.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let mut out = String::from(VERSION_LINE);
    out.push('\n');
    out.push_str(route.path());
    for (k, v) in lines {
        out.push('\n');
        out.push_str(k);
        out.push('=');
        out.push_str(&v);
    }
    Ok(out)
}

fn mac(secret: &[u8]) -> Hmac<Sha256> {
    // HMAC takes a key of any length (RFC 2104); this cannot fail.
    match Hmac::<Sha256>::new_from_slice(secret) {
        Ok(m) => m,
        Err(_) => unreachable!("HMAC-SHA256 accepts keys of every length"),
    }
}

/// The signature of a canonical form: lowercase hex HMAC-SHA256 with `secret`.
pub fn signature(secret: &[u8], canonical: &str) -> String {
    let mut m = mac(secret);
    m.update(canonical.as_bytes());
    hex::encode(m.finalize().into_bytes())
}

/// Signs a link: the raw query without any old `expires` and `sign`, with
/// `expires` and the new `sign` appended. Every other pair is kept byte for
/// byte, so the link reads as before.
pub fn sign(route: Route, query: &str, secret: &[u8], expires: i64) -> Result<String, LinkRefusal> {
    let mut q = without_key(&without_key(query, SIGN_PARAM), EXPIRES_PARAM);
    if !q.is_empty() {
        q.push('&');
    }
    q.push_str(EXPIRES_PARAM);
    q.push('=');
    q.push_str(&expires.to_string());
    let sig = signature(secret, &canonical(route, &q)?);
    q.push('&');
    q.push_str(SIGN_PARAM);
    q.push('=');
    q.push_str(&sig);
    Ok(q)
}

/// Checks a link's signature with `secret`, then its expiry against `now`
/// (Unix seconds). The signature is checked first, so an expired link is
/// reported as expired only when it is authentic. Returns `expires`.
pub fn verify(route: Route, query: &str, secret: &[u8], now: i64) -> Result<i64, LinkRefusal> {
    let q = Query::parse(query);
    let one = |key: &str| -> Result<Option<&str>, LinkRefusal> {
        let mut values = q.pairs().iter().filter(|(k, _)| k == key);
        let first = values.next().map(|(_, v)| v.as_str());
        match values.next() {
            Some(_) => Err(LinkRefusal::Malformed),
            None => Ok(first),
        }
    };
    let Some(sig) = one(SIGN_PARAM)? else {
        return Err(LinkRefusal::Unsigned);
    };
    let sig = hex::decode(sig)
        .ok()
        .filter(|b| b.len() == 32)
        .ok_or(LinkRefusal::Malformed)?;
    let expires = one(EXPIRES_PARAM)?
        .filter(|e| !e.is_empty() && e.len() <= 12 && e.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|e| e.parse::<i64>().ok())
        .ok_or(LinkRefusal::Malformed)?;
    let mut m = mac(secret);
    m.update(canonical(route, query)?.as_bytes());
    // Constant-time comparison (the `hmac` crate's).
    m.verify_slice(&sig).map_err(|_| LinkRefusal::Altered)?;
    if expires < now {
        return Err(LinkRefusal::Expired);
    }
    if expires > now + MAX_TTL_SECS + SKEW_SECS {
        return Err(LinkRefusal::TooLong);
    }
    Ok(expires)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &[u8] = b"unit-test-link-secret-0123456789";

    #[test]
    fn lists_are_sorted_and_base64_ones_are_signed() {
        assert!(SIGNED_PARAMS.windows(2).all(|w| w[0] < w[1]));
        assert!(BASE64_PARAMS.windows(2).all(|w| w[0] < w[1]));
        assert!(BASE64_PARAMS.iter().all(|p| SIGNED_PARAMS.contains(p)));
    }

    #[test]
    fn canonical_form_decodes_sorts_and_skips_presentation_parameters() {
        // 张三 as base64 of UTF-8, and as base64 of escape() output: one value.
        let a = canonical(
            Route::FrontPc,
            "workerName=5byg5LiJ&appCode=a1&lang=en&ticket=t&expires=9&from=singlemessage",
        );
        let b = canonical(
            Route::FrontPc,
            "appCode=a1&workerName=JXU1RjIwJXU0RTA5&expires=9&returnUrl=x",
        );
        assert_eq!(a, b);
        assert_eq!(
            a.as_deref(),
            Ok("HCP-LINK-1\n/front/pc/\nappCode=a1\nexpires=9\nworkerName=张三")
        );
        // A signed parameter twice, or a line break, is ambiguous.
        assert_eq!(
            canonical(Route::FrontPc, "appCode=a&appCode=b"),
            Err(LinkRefusal::Malformed)
        );
        assert_eq!(
            canonical(Route::FrontPc, "appCode=a%0Ab"),
            Err(LinkRefusal::Malformed)
        );
    }

    #[test]
    fn signed_links_verify_and_every_change_is_caught() {
        let q = "appCode=a1&offLine=1&userName=5byg5LiJ";
        let signed = sign(Route::FrontPc, q, SECRET, 2_000).expect("sign");
        assert!(signed.starts_with("appCode=a1&offLine=1&userName=5byg5LiJ&expires=2000&sign="));
        assert_eq!(verify(Route::FrontPc, &signed, SECRET, 1_000), Ok(2_000));
        // Presentation parameters may be added.
        let more = format!("{signed}&lang=en&elder=1");
        assert_eq!(verify(Route::FrontPc, &more, SECRET, 1_000), Ok(2_000));
        // Another evaluator, another page, another secret, a later expiry.
        let other = signed.replace("5byg5LiJ", "5p2O5Zub");
        for (route, q, secret) in [
            (Route::FrontPc, other.as_str(), SECRET),
            (Route::EvalList, signed.as_str(), SECRET),
            (
                Route::FrontPc,
                signed.as_str(),
                b"another-secret".as_slice(),
            ),
        ] {
            assert_eq!(verify(route, q, secret, 1_000), Err(LinkRefusal::Altered));
        }
        let later = signed.replace("expires=2000", "expires=2001");
        assert_eq!(
            verify(Route::FrontPc, &later, SECRET, 1_000),
            Err(LinkRefusal::Altered)
        );
        let dropped = signed.replace("offLine=1&", "");
        assert_eq!(
            verify(Route::FrontPc, &dropped, SECRET, 1_000),
            Err(LinkRefusal::Altered)
        );
        // Expired (after its signature was found good).
        assert_eq!(
            verify(Route::FrontPc, &signed, SECRET, 2_001),
            Err(LinkRefusal::Expired)
        );
        // Unsigned, malformed.
        assert_eq!(
            verify(Route::FrontPc, q, SECRET, 1_000),
            Err(LinkRefusal::Unsigned)
        );
        for bad in [
            format!("{q}&expires=2000&sign=zz"),
            format!("{q}&sign={}", "0".repeat(64)),
            format!("{q}&expires=-5&sign={}", "0".repeat(64)),
            format!("{signed}&sign={}", "0".repeat(64)),
        ] {
            assert_eq!(
                verify(Route::FrontPc, &bad, SECRET, 1_000),
                Err(LinkRefusal::Malformed),
                "{bad}"
            );
        }
    }

    #[test]
    fn a_link_valid_for_more_than_thirty_days_is_refused() {
        let now = 1_700_000_000;
        let ok = sign(Route::FrontPc, "appCode=a", SECRET, now + MAX_TTL_SECS).expect("sign");
        assert!(verify(Route::FrontPc, &ok, SECRET, now).is_ok());
        let long = sign(Route::FrontPc, "appCode=a", SECRET, now + 365 * 86_400).expect("sign");
        assert_eq!(
            verify(Route::FrontPc, &long, SECRET, now),
            Err(LinkRefusal::TooLong)
        );
    }

    #[test]
    fn signing_again_replaces_the_old_signature() {
        let once = sign(Route::Guide, "appCode=a", SECRET, 5).expect("sign");
        let twice = sign(Route::Guide, &once, SECRET, 6).expect("sign");
        assert_eq!(twice.matches("sign=").count(), 1);
        assert!(twice.contains("expires=6"));
        assert_eq!(verify(Route::Guide, &twice, SECRET, 1), Ok(6));
    }
}

//! Signature schemes of the seeds, and the platform's time formats.
//!
//! - x-rio gateway signature (seed 000): `SHA-256(timestamp + token + nonce + timestamp)`,
//!   uppercase hex, sent as `x-rio-signature`.
//! - Parameter signature (seed 004): the parameters other than `sign` and
//!   `data`, empty optional ones left out, as `k=v` sorted by key, joined by
//!   `&`, the secret appended, MD5, lowercase hex. [`SignedForm`] builds a
//!   whole call: seed 004's parameters and our `datasha256`, which signs `data`.
//! - Header signature (seed 003): `AppId&Token&MD5(yyyymmdd-body)`.

use md5::{Digest as _, Md5};
use sha2::Sha256;

/// Header names of the x-rio gateway.
pub mod header {
    /// 应用标识 PaaSID.
    pub const PAASID: &str = "x-rio-paasid";
    /// Unix time in seconds.
    pub const TIMESTAMP: &str = "x-rio-timestamp";
    /// A string not repeated within ten minutes.
    pub const NONCE: &str = "x-rio-nonce";
    /// [`super::rio_signature`].
    pub const SIGNATURE: &str = "x-rio-signature";
}

/// How far a request's x-rio-timestamp may be from the receiver's clock.
pub const RIO_MAX_SKEW_SECS: i64 = 180;

/// The x-rio signature: uppercase hex SHA-256 of `timestamp + token + nonce + timestamp`.
pub fn rio_signature(timestamp: &str, token: &str, nonce: &str) -> String {
    let mut h = Sha256::new();
    h.update(timestamp.as_bytes());
    h.update(token.as_bytes());
    h.update(nonce.as_bytes());
    h.update(timestamp.as_bytes());
    hex::encode_upper(h.finalize())
}

/// Why an x-rio signature was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RioRefusal {
    /// A header is absent.
    MissingHeader(&'static str),
    /// The timestamp is not a number, or more than 180 s from now.
    StaleTimestamp,
    /// The signature does not match.
    BadSignature,
}

impl RioRefusal {
    /// The platform's message for it.
    pub fn message(self) -> String {
        match self {
            RioRefusal::MissingHeader(h) => format!("验签失败：缺少请求头 {h}"),
            RioRefusal::StaleTimestamp => "验签失败：时间戳与当前时间相差超过180秒".to_string(),
            RioRefusal::BadSignature => "验签失败：签名不正确".to_string(),
        }
    }
}

/// Checks a received x-rio signature as the platform does (seed 000's `checkSign`):
/// the timestamp within ±180 s of `now`, and the signature equal (case-insensitive).
/// Nonce reuse is the caller's to check, since it needs memory.
pub fn verify_rio(
    token: &str,
    timestamp: &str,
    nonce: &str,
    signature: &str,
    now: i64,
) -> Result<(), RioRefusal> {
    let ts: i64 = timestamp.parse().map_err(|_| RioRefusal::StaleTimestamp)?;
    // abs_diff: an extreme timestamp must be refused, not overflow.
    if ts.abs_diff(now) > RIO_MAX_SKEW_SECS as u64 {
        return Err(RioRefusal::StaleTimestamp);
    }
    let want = rio_signature(timestamp, token, nonce);
    if constant_time_eq(want.as_bytes(), signature.to_ascii_uppercase().as_bytes()) {
        Ok(())
    } else {
        Err(RioRefusal::BadSignature)
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The seed-004 parameter signature over `params` (name, value) with `secret`.
/// `sign` and `data` never take part; parameters with empty values are left out.
pub fn md5_param_signature<'a>(
    params: impl IntoIterator<Item = (&'a str, &'a str)>,
    secret: &str,
) -> String {
    let mut pairs: Vec<(&str, &str)> = params
        .into_iter()
        .filter(|(k, v)| *k != "sign" && *k != "data" && !v.is_empty())
        .collect();
    pairs.sort_unstable();
    let joined = pairs
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&");
    hex::encode(Md5::digest(format!("{joined}{secret}").as_bytes()))
}

/// Checks a seed-004 `sign` (lowercase or uppercase hex).
pub fn verify_md5_param_signature<'a>(
    params: impl IntoIterator<Item = (&'a str, &'a str)>,
    secret: &str,
    sign: &str,
) -> bool {
    let want = md5_param_signature(params, secret);
    constant_time_eq(want.as_bytes(), sign.to_ascii_lowercase().as_bytes())
}

/// Lowercase hex SHA-256 of `data`'s UTF-8 bytes: the `datasha256` of a
/// seed-004 call (our extension, so that `data` is signed too).
pub fn data_sha256(data: &str) -> String {
    hex::encode(Sha256::digest(data.as_bytes()))
}

/// Who signs seed-004 calls (the directory push, the hall system's calls)
/// and with what: the form the gateway's signed-call check accepts, built
/// in one place for the `hall-report` command, the load generator and the
/// tests. No `Debug`: it holds the secret.
#[derive(Clone, Copy)]
pub struct SignedForm<'a> {
    /// `appcode` (HCP_PUSH_APPCODE).
    pub appcode: &'a str,
    /// `modulecode` (HCP_PUSH_MODULECODE).
    pub modulecode: &'a str,
    /// The shared secret (HCP_PUSH_SECRET).
    pub secret: &'a str,
}

impl SignedForm<'_> {
    /// The form of a call with `data` at `timestamp` (Unix seconds) with
    /// `nonce`: `appcode`, `modulecode`, `timestamp`, `nonce`, `datasha256`
    /// ([`data_sha256`]), then `data` and `sign` ([`md5_param_signature`]
    /// over the five before it).
    pub fn form(&self, data: &str, timestamp: i64, nonce: &str) -> Vec<(String, String)> {
        let mut pairs: Vec<(String, String)> = [
            ("appcode", self.appcode.to_string()),
            ("modulecode", self.modulecode.to_string()),
            ("timestamp", timestamp.to_string()),
            ("nonce", nonce.to_string()),
            ("datasha256", data_sha256(data)),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        let sign = md5_param_signature(
            pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())),
            self.secret,
        );
        pairs.push(("data".to_string(), data.to_string()));
        pairs.push(("sign".to_string(), sign));
        pairs
    }

    /// [`SignedForm::form`] form-encoded: the body of the request.
    pub fn body(&self, data: &str, timestamp: i64, nonce: &str) -> String {
        form_urlencoded::Serializer::new(String::new())
            .extend_pairs(self.form(data, timestamp, nonce))
            .finish()
    }
}

/// The seed-003 header value `AppId&Token&MD5(yyyymmdd-body)`; without a body
/// the integrity part is left out (`AppId&Token`). MD5 in lowercase hex.
pub fn seed003_header(app_id: &str, token: &str, yyyymmdd: &str, body: Option<&str>) -> String {
    match body {
        Some(b) if !b.is_empty() => {
            let digest = hex::encode(Md5::digest(format!("{yyyymmdd}-{b}").as_bytes()));
            format!("{app_id}&{token}&{digest}")
        }
        _ => format!("{app_id}&{token}"),
    }
}

/// Beijing time (UTC+8, no daylight saving) of a Unix timestamp.
fn beijing(unix_secs: i64) -> time::OffsetDateTime {
    let offset = time::UtcOffset::from_hms(8, 0, 0).unwrap_or(time::UtcOffset::UTC);
    time::OffsetDateTime::from_unix_timestamp(unix_secs)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH)
        .to_offset(offset)
}

/// `yyyyMMddHHmmss` in Beijing time, whatever the machine's zone (evalTime).
pub fn beijing_timestamp14(unix_secs: i64) -> String {
    let t = beijing(unix_secs);
    format!(
        "{:04}{:02}{:02}{:02}{:02}{:02}",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// `yyyyMMdd` in Beijing time (the seed-003 header's date).
pub fn beijing_date8(unix_secs: i64) -> String {
    beijing_timestamp14(unix_secs)[..8].to_string()
}

/// Parses a `yyyyMMddHHmmss` Beijing time into a Unix timestamp, checking
/// that it is a real date and time.
pub fn parse_timestamp14(s: &str) -> Option<i64> {
    if s.len() != 14 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n = |r: std::ops::Range<usize>| s[r].parse::<u32>().ok();
    let month = time::Month::try_from(n(4..6)? as u8).ok()?;
    let date = time::Date::from_calendar_date(n(0..4)? as i32, month, n(6..8)? as u8).ok()?;
    let clock = time::Time::from_hms(n(8..10)? as u8, n(10..12)? as u8, n(12..14)? as u8).ok()?;
    let offset = time::UtcOffset::from_hms(8, 0, 0).ok()?;
    Some(
        time::PrimitiveDateTime::new(date, clock)
            .assume_offset(offset)
            .unix_timestamp(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_rio_vector() {
        assert_eq!(
            rio_signature(
                "1523340394",
                "Nu4WmXGBauU99NsNuwXjbV7hO2xwEef91Rp9rKX6WatcmiwWqXyk",
                "ab570e0a:015a1d0fbef0:00cb3d"
            ),
            "B6CD9D9377EDB58CA445B4A6A753F884C156DBD6344F058E7B88658E9AF54F71"
        );
    }

    #[test]
    fn verify_rio_checks_time_and_signature() {
        let token = "Nu4WmXGBauU99NsNuwXjbV7hO2xwEef91Rp9rKX6WatcmiwWqXyk";
        let nonce = "ab570e0a:015a1d0fbef0:00cb3d";
        let sig = "b6cd9d9377edb58ca445b4a6a753f884c156dbd6344f058e7b88658e9af54f71";
        assert_eq!(
            verify_rio(token, "1523340394", nonce, sig, 1523340394 + 180),
            Ok(())
        );
        assert_eq!(
            verify_rio(token, "1523340394", nonce, sig, 1523340394 + 181),
            Err(RioRefusal::StaleTimestamp)
        );
        assert_eq!(
            verify_rio(token, "1523340394", "other", sig, 1523340394),
            Err(RioRefusal::BadSignature)
        );
        assert_eq!(
            verify_rio(token, "x", nonce, sig, 1523340394),
            Err(RioRefusal::StaleTimestamp)
        );
        assert_eq!(
            verify_rio(token, "-9223372036854775808", nonce, sig, 1523340394),
            Err(RioRefusal::StaleTimestamp)
        );
    }

    #[test]
    fn md5_param_signature_sorts_and_skips() {
        // Computed with Python's hashlib:
        // md5(b"appcode=a1&modulecode=m1&nonce=n1&timestamp=1700000000s3cret").
        let params = [
            ("timestamp", "1700000000"),
            ("appcode", "a1"),
            ("nonce", "n1"),
            ("modulecode", "m1"),
            ("data", "[{\"id\":\"1\"}]"),
            ("optional", ""),
            ("sign", "whatever"),
        ];
        let want = "2bee4e0a0524cc12cab88f00e4540415";
        assert_eq!(md5_param_signature(params, "s3cret"), want);
        assert!(verify_md5_param_signature(
            params,
            "s3cret",
            &want.to_uppercase()
        ));
        assert!(!verify_md5_param_signature(params, "other", want));
    }

    /// Pinned with the four copies this builder replaced (the gateway's
    /// `hall-report`, two test files, the load generator), and with Python:
    /// `hashlib.sha256(data.encode()).hexdigest()`, then
    /// `hashlib.md5(b"appcode=hcp-directory&datasha256=…&modulecode=directory&nonce=n-vector-1&timestamp=1700000000test-push-secret")`.
    #[test]
    fn signed_form_vector() {
        let data = r#"[{"hallCode":"39357010579292161","hallName":"辽宁省政务服务中心"}]"#;
        let signer = SignedForm {
            appcode: "hcp-directory",
            modulecode: "directory",
            secret: "test-push-secret",
        };
        let digest = "861755bc0bef94c72169cd475c0d701661daccbdcc3b24ceda371494b8b16721";
        let want: Vec<(String, String)> = [
            ("appcode", "hcp-directory"),
            ("modulecode", "directory"),
            ("timestamp", "1700000000"),
            ("nonce", "n-vector-1"),
            ("datasha256", digest),
            ("data", data),
            ("sign", "ec6dc836e64016a58391df14521df0c8"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        assert_eq!(signer.form(data, 1_700_000_000, "n-vector-1"), want);
        assert_eq!(
            signer.body(data, 1_700_000_000, "n-vector-1"),
            "appcode=hcp-directory&modulecode=directory&timestamp=1700000000&nonce=n-vector-1\
             &datasha256=861755bc0bef94c72169cd475c0d701661daccbdcc3b24ceda371494b8b16721\
             &data=%5B%7B%22hallCode%22%3A%2239357010579292161%22%2C%22hallName%22%3A%22%E8%BE%BD%E5%AE%81%E7%9C%81%E6%94%BF%E5%8A%A1%E6%9C%8D%E5%8A%A1%E4%B8%AD%E5%BF%83%22%7D%5D\
             &sign=ec6dc836e64016a58391df14521df0c8"
        );
        // What the gateway checks: the signature over every pair but data and sign.
        let form = signer.form(data, 1_700_000_000, "n-vector-1");
        assert!(verify_md5_param_signature(
            form.iter().map(|(k, v)| (k.as_str(), v.as_str())),
            "test-push-secret",
            "ec6dc836e64016a58391df14521df0c8"
        ));
        // The digest vector of Python's hashlib for "[]".
        assert_eq!(
            data_sha256("[]"),
            "4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945"
        );
    }

    #[test]
    fn md5_of_empty_is_the_known_value() {
        assert_eq!(
            md5_param_signature([], ""),
            "d41d8cd98f00b204e9800998ecf8427e"
        );
    }

    #[test]
    fn seed003_header_shape() {
        let h = seed003_header("app", "tok", "20240101", Some("{}"));
        // Python: hashlib.md5(b"20240101-{}").hexdigest()
        assert_eq!(h, "app&tok&65d694b6c521eed462cbe4e48bd303ed");
        assert_eq!(seed003_header("app", "tok", "20240101", None), "app&tok");
    }

    #[test]
    fn beijing_time_is_utc_plus_8() {
        // 2020-09-01 11:17:54 UTC is 19:17:54 in Beijing.
        assert_eq!(beijing_timestamp14(1598959074), "20200901191754");
        // 16:30 UTC on Dec 31 is already the next year in Beijing.
        assert_eq!(beijing_timestamp14(1704040200), "20240101003000");
        assert_eq!(beijing_date8(1704040200), "20240101");
        assert_eq!(parse_timestamp14("20200901191754"), Some(1598959074));
        assert_eq!(parse_timestamp14("20200231000000"), None);
        assert_eq!(parse_timestamp14("2020090119175"), None);
        assert_eq!(parse_timestamp14("2020090119175x"), None);
    }
}

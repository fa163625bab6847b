//! Login tickets (SPEC §4): a JWT (HS256 with `HCP_TICKET_SECRET`) that only
//! the gateway verifies, claim by claim, each problem named by its claim.
//! Personal claims are kept as [`Personal`], whose `Debug`/`Display` mask
//! them.

use crate::config::Secret;
use hcp_protocol::types::{Name, PersonName, Personal};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The claims of a login ticket (as the development login issues them; a
/// received ticket is checked claim by claim, [`verify_ticket`]).
#[derive(Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TicketClaims {
    /// 统一身份认证系统uid.
    pub user_id: String,
    /// 姓名.
    pub user_name: String,
    /// 1 个人, 2 法人.
    pub user_type: i64,
    /// 证件类型.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate_type: Option<i64>,
    /// 证件号码.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate_no: Option<String>,
    /// 手机号码.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_phone: Option<String>,
    /// 登录账号.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub passport_name: Option<String>,
    /// Expiry, Unix seconds.
    pub exp: i64,
    /// Issued at, Unix seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iat: Option<i64>,
    /// Not before, Unix seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nbf: Option<i64>,
}

impl fmt::Debug for TicketClaims {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let m = |v: &Option<String>| v.as_deref().map(hcp_protocol::types::mask);
        f.debug_struct("TicketClaims")
            .field("user_id", &hcp_protocol::types::mask(&self.user_id))
            .field("user_type", &self.user_type)
            .field("certificate_type", &self.certificate_type)
            .field("certificate_no", &m(&self.certificate_no))
            .field("contact_phone", &m(&self.contact_phone))
            .field("exp", &self.exp)
            .finish_non_exhaustive()
    }
}

/// Signs a ticket (HS256).
pub fn issue_ticket(secret: &Secret, claims: &TicketClaims) -> anyhow::Result<String> {
    Ok(jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        claims,
        &EncodingKey::from_secret(secret.expose().as_bytes()),
    )?)
}

/// Clock skew allowed on `exp` and `nbf`.
pub const LEEWAY_SECS: i64 = 30;

/// Why a ticket was not accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TicketError {
    /// Not a token signed with our secret (malformed, another algorithm, a
    /// bad signature): the citizen logs in again.
    Invalid,
    /// Past its `exp`: the citizen logs in again.
    Expired,
    /// Signed by the portal, but a claim is missing, of the wrong type or
    /// out of range. Logging in again would bring the same claims back, so
    /// this is not sent to the login (422 `invalid_ticket`, naming the claim).
    Claim {
        /// The claim's name.
        claim: &'static str,
        /// What is wrong, Chinese.
        zh: &'static str,
        /// What is wrong, English.
        en: &'static str,
    },
}

impl TicketError {
    fn claim(claim: &'static str, zh: &'static str, en: &'static str) -> TicketError {
        TicketError::Claim { claim, zh, en }
    }
}

pub(crate) type Claims = serde_json::Map<String, serde_json::Value>;

const MISSING: (&str, &str) = ("缺失", "is missing");

fn int_claim(c: &Claims, name: &'static str, required: bool) -> Result<Option<i64>, TicketError> {
    match c.get(name) {
        None | Some(serde_json::Value::Null) if required => {
            Err(TicketError::claim(name, MISSING.0, MISSING.1))
        }
        None | Some(serde_json::Value::Null) => Ok(None),
        Some(v) => v.as_i64().map(Some).ok_or(TicketError::claim(
            name,
            "必须是整数（JSON 数字）",
            "must be a whole number (a JSON number)",
        )),
    }
}

fn text_claim<'a>(
    c: &'a Claims,
    name: &'static str,
    required: bool,
) -> Result<Option<&'a str>, TicketError> {
    match c.get(name) {
        None | Some(serde_json::Value::Null) if required => {
            Err(TicketError::claim(name, MISSING.0, MISSING.1))
        }
        None | Some(serde_json::Value::Null) => Ok(None),
        Some(serde_json::Value::String(s)) if s.trim().is_empty() && required => {
            Err(TicketError::claim(name, "为空", "is empty"))
        }
        Some(serde_json::Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(serde_json::Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(TicketError::claim(name, "必须是字符串", "must be a string")),
    }
}

/// Reads and checks every claim the gateway uses (SPEC §4), naming the first bad one.
pub(crate) fn claims_of(c: &Claims, now: i64) -> Result<TicketClaims, TicketError> {
    let exp = int_claim(c, "exp", true)?.unwrap_or(0);
    if exp + LEEWAY_SECS < now {
        return Err(TicketError::Expired);
    }
    let nbf = int_claim(c, "nbf", false)?;
    if nbf.is_some_and(|nbf| nbf - LEEWAY_SECS > now) {
        return Err(TicketError::claim(
            "nbf",
            "表示凭证尚未生效（请核对门户网站服务器的时间）",
            "says the ticket is not valid yet (check the portal server's clock)",
        ));
    }
    let iat = int_claim(c, "iat", false)?;
    let user_id = text_claim(c, "userId", true)?.unwrap_or_default();
    if user_id.chars().count() > 64 || user_id.chars().any(char::is_control) {
        return Err(TicketError::claim(
            "userId",
            "不是有效的用户标识（最多 64 个字符）",
            "is not a valid user id (at most 64 characters)",
        ));
    }
    let user_name = text_claim(c, "userName", true)?.unwrap_or_default();
    // A person's name is String(50) upstream; a longer one would be refused there.
    if PersonName::new(user_name).is_err() {
        return Err(TicketError::claim(
            "userName",
            "不是有效的姓名（最多 50 个字，不含控制字符或方向控制字符）",
            "is not a valid name (at most 50 characters, no control or direction-control characters)",
        ));
    }
    let user_type = int_claim(c, "userType", true)?.unwrap_or(0);
    if !matches!(user_type, 1 | 2) {
        return Err(TicketError::claim(
            "userType",
            "必须是 1（个人）或 2（法人）",
            "must be 1 (person) or 2 (organisation)",
        ));
    }
    let certificate_type = int_claim(c, "certificateType", false)?;
    if certificate_type.is_some_and(|t| !(1..=999).contains(&t)) {
        return Err(TicketError::claim(
            "certificateType",
            "必须是统一身份认证的证件类型代码（1 到 999）",
            "must be a certificate type code of the unified login (1 to 999)",
        ));
    }
    let personal = |name: &'static str| -> Result<Option<String>, TicketError> {
        match text_claim(c, name, false)? {
            None => Ok(None),
            Some(v) => Personal::new(v)
                .map(|p| Some(p.expose().to_string()))
                .map_err(|_| {
                    TicketError::claim(
                        name,
                        "不是有效的号码（3 到 32 个字母、数字或 +-() 空格）",
                        "is not a valid number (3 to 32 letters, digits or +-() and spaces)",
                    )
                }),
        }
    };
    let certificate_no = personal("certificateNo")?;
    let contact_phone = personal("contactPhone")?;
    let passport_name = text_claim(c, "passportName", false)?;
    if passport_name.is_some_and(|p| Name::new(p).is_err()) {
        return Err(TicketError::claim(
            "passportName",
            "不是有效的登录账号（最多 100 个字）",
            "is not a valid account name (at most 100 characters)",
        ));
    }
    Ok(TicketClaims {
        user_id: user_id.to_string(),
        user_name: user_name.to_string(),
        user_type,
        certificate_type,
        certificate_no,
        contact_phone,
        passport_name: passport_name.map(str::to_string),
        exp,
        iat,
        nbf,
    })
}

/// Verifies a ticket now: [`verify_ticket_at`].
pub fn verify_ticket(secret: &Secret, token: &str) -> Result<TicketClaims, TicketError> {
    verify_ticket_at(secret, token, crate::clock::now_secs())
}

/// Verifies a ticket at `now`: HS256 only and its signature (jsonwebtoken),
/// then every claim ([`TicketError`] says which way it failed): `exp`
/// required and honoured, `nbf` honoured when present (30 s leeway each),
/// `iat` a number when present, the identity claims of SPEC §4 with their
/// types and ranges.
pub fn verify_ticket_at(
    secret: &Secret,
    token: &str,
    now: i64,
) -> Result<TicketClaims, TicketError> {
    let mut v = Validation::new(Algorithm::HS256);
    // The claims are checked below, each by name.
    v.required_spec_claims.clear();
    v.validate_exp = false;
    v.validate_nbf = false;
    v.validate_aud = false;
    let data = jsonwebtoken::decode::<Claims>(
        token,
        &DecodingKey::from_secret(secret.expose().as_bytes()),
        &v,
    )
    .map_err(|e| {
        tracing::info!(reason = ?e.kind(), "login ticket refused");
        TicketError::Invalid
    })?;
    claims_of(&data.claims, now)
}

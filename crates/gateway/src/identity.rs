//! Who is rating (SPEC §4).
//!
//! Hall pages with `offLine=1` name the evaluator in their URL. Every other
//! page needs the portal's login ticket, a JWT (HS256 with
//! `HCP_TICKET_SECRET`) that the widget sends as `Authorization: Bearer`.
//! Only the gateway verifies it. Personal fields are kept as
//! [`Personal`], whose `Debug`/`Display` mask them.

use std::fmt;

use axum::http::HeaderMap;
use axum::http::header::AUTHORIZATION;
use hcp_protocol::PageParams;
use hcp_protocol::api::ApiError;
use hcp_protocol::crypt::DesKey;
use hcp_protocol::types::{LooseInt, PersonName, Personal};
use hcp_protocol::upstream::EvalUser;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

use crate::config::Secret;
use crate::error::AppError;

/// 评价者类型 1: 个人.
pub const USER_TYPE_PERSON: i64 = 1;
/// 证件类型 111: 居民身份证.
pub const CERT_TYPE_ID_CARD: i64 = 111;

/// The claims of a login ticket.
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
    pub iat: i64,
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

impl TicketClaims {
    /// Claims for the sandbox's demo citizen, valid for `ttl_secs` from `now`.
    pub fn demo_citizen(now: i64, ttl_secs: i64) -> TicketClaims {
        let c = hcp_sandbox::demo::CITIZEN;
        TicketClaims {
            user_id: c.user_id.to_string(),
            user_name: c.user_name.to_string(),
            user_type: c.user_type,
            certificate_type: Some(c.certificate_type),
            certificate_no: Some(c.certificate_no.to_string()),
            contact_phone: Some(c.contact_phone.to_string()),
            passport_name: Some(c.passport_name.to_string()),
            exp: now + ttl_secs,
            iat: now,
        }
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

/// Verifies a ticket: HS256 only, signature, and `exp` (with 30 s leeway for clock skew).
pub fn verify_ticket(
    secret: &Secret,
    token: &str,
) -> Result<TicketClaims, jsonwebtoken::errors::Error> {
    let mut v = Validation::new(Algorithm::HS256);
    v.leeway = 30;
    v.validate_exp = true;
    jsonwebtoken::decode::<TicketClaims>(
        token,
        &DecodingKey::from_secret(secret.expose().as_bytes()),
        &v,
    )
    .map(|d| d.claims)
}

/// The evaluator of a rating, whichever way it was identified.
#[derive(Debug, Clone)]
pub struct Evaluator {
    /// 统一身份认证系统uid (absent for `offLine=1`).
    pub user_id: Option<String>,
    /// 姓名.
    pub user_name: String,
    /// 评价者类型.
    pub user_type: i64,
    /// 证件类型.
    pub certificate_type: Option<i64>,
    /// 证件号码.
    pub certificate_no: Option<Personal>,
    /// 手机号码.
    pub contact_phone: Option<Personal>,
    /// 登录账号.
    pub passport_name: Option<String>,
}

impl Evaluator {
    /// The upstream `user` object, with contactPhone and certificateNo
    /// DES-encrypted (lowercase hex) as seed 000 requires.
    pub fn to_eval_user(&self, key: &DesKey) -> EvalUser {
        EvalUser {
            user_id: self.user_id.clone(),
            user_name: self.user_name.clone(),
            contact_phone: self
                .contact_phone
                .as_ref()
                .map(|p| key.encrypt_hex(p.expose())),
            passport_name: self.passport_name.clone(),
            user_type: LooseInt(self.user_type),
            certificate_type: self.certificate_type.map(LooseInt),
            certificate_no: self
                .certificate_no
                .as_ref()
                .map(|p| key.encrypt_hex(p.expose())),
        }
    }

    fn from_claims(c: TicketClaims) -> Option<Evaluator> {
        let personal = |v: Option<String>| -> Result<Option<Personal>, ()> {
            match v.filter(|s| !s.trim().is_empty()) {
                None => Ok(None),
                Some(s) => Personal::new(s).map(Some).map_err(|_| ()),
            }
        };
        // A person's name is String(50) upstream; a longer one would be refused there.
        if c.user_id.trim().is_empty() || PersonName::new(c.user_name.as_str()).is_err() {
            return None;
        }
        Some(Evaluator {
            user_id: Some(c.user_id),
            user_name: c.user_name,
            user_type: c.user_type,
            certificate_type: c.certificate_type.or(Some(CERT_TYPE_ID_CARD)),
            certificate_no: personal(c.certificate_no).ok()?,
            contact_phone: personal(c.contact_phone).ok()?,
            passport_name: c.passport_name.filter(|s| !s.is_empty()),
        })
    }
}

/// The bearer token of a request, if any.
pub fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|t| !t.is_empty())
}

/// Identifies the evaluator of a submission (SPEC §4).
pub fn evaluator(
    params: &PageParams,
    headers: &HeaderMap,
    secret: &Secret,
) -> Result<Evaluator, AppError> {
    if let Some(e) = params.offline_evaluator() {
        return Ok(Evaluator {
            user_id: None,
            user_name: e.user_name.as_str().to_string(),
            user_type: USER_TYPE_PERSON,
            certificate_type: Some(CERT_TYPE_ID_CARD),
            certificate_no: Some(e.certificate_no.clone()),
            contact_phone: Some(e.contact_phone.clone()),
            passport_name: None,
        });
    }
    let Some(token) = bearer(headers) else {
        return Err(AppError::LoginRequired);
    };
    let claims = verify_ticket(secret, token).map_err(|e| {
        tracing::info!(reason = ?e.kind(), "login ticket refused");
        AppError::LoginRequired
    })?;
    // Not 401: logging in again would bring back the same claims, and the
    // citizen would go round in circles between the page and the login.
    Evaluator::from_claims(claims).ok_or_else(|| {
        tracing::warn!(
            "login ticket has unusable claims (empty user id, bad name, or a malformed phone/ID number)"
        );
        AppError::Unprocessable(ApiError::new(
            "invalid_ticket",
            "登录信息不完整（用户标识、姓名、手机号或证件号码无效），请联系门户网站。",
            "The login does not carry usable user details (user id, name, phone or ID number); please contact the portal.",
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secret() -> Secret {
        Secret::new("0123456789abcdef-test")
    }

    fn headers(token: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        if let Ok(v) = format!("Bearer {token}").parse() {
            h.insert(AUTHORIZATION, v);
        }
        h
    }

    fn online_params() -> PageParams {
        PageParams::parse(
            hcp_protocol::Route::HallWorker,
            "appCode=cTPyv9r6&channel=web&evalEntityCode=hallAffair",
        )
        .expect("params")
    }

    #[test]
    fn a_valid_ticket_identifies_the_citizen() {
        let now = crate::db::now_secs();
        let t = issue_ticket(&secret(), &TicketClaims::demo_citizen(now, 60)).expect("issue");
        let e = evaluator(&online_params(), &headers(&t), &secret()).expect("ok");
        assert_eq!(
            e.user_id.as_deref(),
            Some(hcp_sandbox::demo::CITIZEN.user_id)
        );
        let dbg = format!("{e:?}");
        assert!(
            !dbg.contains(hcp_sandbox::demo::CITIZEN.contact_phone),
            "{dbg}"
        );
        assert!(
            !dbg.contains(hcp_sandbox::demo::CITIZEN.certificate_no),
            "{dbg}"
        );
    }

    #[test]
    fn missing_expired_and_forged_tickets_are_refused() {
        let now = crate::db::now_secs();
        let p = online_params();
        assert!(matches!(
            evaluator(&p, &HeaderMap::new(), &secret()),
            Err(AppError::LoginRequired)
        ));
        let expired =
            issue_ticket(&secret(), &TicketClaims::demo_citizen(now - 7200, 3600)).expect("issue");
        assert!(matches!(
            evaluator(&p, &headers(&expired), &secret()),
            Err(AppError::LoginRequired)
        ));
        let forged = issue_ticket(
            &Secret::new("another-secret-entirely"),
            &TicketClaims::demo_citizen(now, 60),
        )
        .expect("issue");
        assert!(matches!(
            evaluator(&p, &headers(&forged), &secret()),
            Err(AppError::LoginRequired)
        ));
        assert!(matches!(
            evaluator(&p, &headers("not.a.jwt"), &secret()),
            Err(AppError::LoginRequired)
        ));
    }

    #[test]
    fn valid_tickets_with_unusable_claims_are_not_sent_back_to_login() {
        let now = crate::db::now_secs();
        let p = online_params();
        let mut long_name = TicketClaims::demo_citizen(now, 60);
        long_name.user_name = "王".repeat(51);
        let mut bad_phone = TicketClaims::demo_citizen(now, 60);
        bad_phone.contact_phone = Some("<13800138000>".to_string());
        let mut no_user = TicketClaims::demo_citizen(now, 60);
        no_user.user_id = " ".to_string();
        for claims in [long_name, bad_phone, no_user] {
            let t = issue_ticket(&secret(), &claims).expect("issue");
            match evaluator(&p, &headers(&t), &secret()) {
                Err(AppError::Unprocessable(e)) => assert_eq!(e.code, "invalid_ticket"),
                other => panic!("expected invalid_ticket, got {other:?}"),
            }
        }
        let mut fifty = TicketClaims::demo_citizen(now, 60);
        fifty.user_name = "王".repeat(50);
        let t = issue_ticket(&secret(), &fifty).expect("issue");
        assert!(evaluator(&p, &headers(&t), &secret()).is_ok());
    }

    #[test]
    fn personal_fields_are_des_encrypted() {
        let key = DesKey::parse(hcp_sandbox::dev::DES_KEY).expect("key");
        let e = Evaluator::from_claims(TicketClaims::demo_citizen(0, 1)).expect("claims");
        let u = e.to_eval_user(&key);
        let phone = u.contact_phone.expect("phone");
        assert_ne!(phone, hcp_sandbox::demo::CITIZEN.contact_phone);
        assert_eq!(
            key.decrypt_hex(&phone).as_deref(),
            Ok(hcp_sandbox::demo::CITIZEN.contact_phone)
        );
        assert!(
            phone
                .chars()
                .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c))
        );
    }
}

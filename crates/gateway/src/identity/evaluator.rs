//! The evaluator of a rating: from a verified ticket, or (offLine=1 hall
//! pages, signed) from the link itself; how its personal fields go upstream
//! (DES) and how it is named in keys and logs (never in full).

use crate::config::Secret;
use crate::error::AppError;
use crate::identity::ticket::{TicketClaims, TicketError, verify_ticket};
use axum::http::HeaderMap;
use axum::http::header::AUTHORIZATION;
use hcp_protocol::PageParams;
use hcp_protocol::api::ApiError;
use hcp_protocol::crypt::DesKey;
use hcp_protocol::types::{LooseInt, Personal};
use hcp_protocol::upstream::EvalUser;

/// 评价者类型 1: 个人.
pub const USER_TYPE_PERSON: i64 = 1;
/// 证件类型 111: 居民身份证.
pub const CERT_TYPE_ID_CARD: i64 = 111;

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

    /// Who this is, for the one-rating-per-citizen rule: the login's userId,
    /// or for an evaluator named by a link a digest of the ID number.
    pub fn citizen_key(&self) -> String {
        match (&self.user_id, &self.certificate_no) {
            (Some(id), _) => format!("u{id}"),
            (None, Some(no)) => format!("c{}", &applicant_digest(no.expose())[..24]),
            (None, None) => format!("n{}", self.user_name),
        }
    }

    pub(crate) fn from_claims(c: TicketClaims) -> Evaluator {
        // claims_of has checked every value.
        let personal = |v: Option<String>| v.and_then(|s| Personal::new(s).ok());
        Evaluator {
            user_id: Some(c.user_id),
            user_name: c.user_name,
            user_type: c.user_type,
            certificate_type: c.certificate_type.or(Some(CERT_TYPE_ID_CARD)),
            certificate_no: personal(c.certificate_no),
            contact_phone: personal(c.contact_phone),
            passport_name: c.passport_name,
        }
    }
}

/// The digest an ID number is kept as in the case directory (the applicant
/// a hall system reported) and compared by: SHA-256 (lowercase hex) of the
/// number in upper case without spaces, so `x` and `X` are one number.
pub fn applicant_digest(certificate_no: &str) -> String {
    use sha2::{Digest, Sha256};
    let normal: String = certificate_no
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    hex::encode(Sha256::digest(
        format!("hcp-applicant-v1:{normal}").as_bytes(),
    ))
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

/// Identifies the evaluator of a submission (SPEC §4). A login ticket, when
/// one is sent, is always the identity: an `offLine=1` link never replaces
/// it. Without one, only a hall page with `offLine=1` (whose link the caller
/// has checked, `page_links`) names its evaluator.
pub fn evaluator(
    params: &PageParams,
    headers: &HeaderMap,
    secret: &Secret,
) -> Result<Evaluator, AppError> {
    let Some(token) = bearer(headers) else {
        return match params.offline_evaluator() {
            Some(e) => Ok(Evaluator {
                user_id: None,
                user_name: e.user_name.as_str().to_string(),
                user_type: USER_TYPE_PERSON,
                certificate_type: Some(CERT_TYPE_ID_CARD),
                certificate_no: Some(e.certificate_no.clone()),
                contact_phone: Some(e.contact_phone.clone()),
                passport_name: None,
            }),
            None => Err(AppError::LoginRequired),
        };
    };
    from_ticket(token, secret)
}

/// The logged-in citizen of a request that needs one (我的评价, 一件事):
/// the ticket's, whatever else the request says; without a valid ticket,
/// `401 login_required`.
pub fn citizen(headers: &HeaderMap, secret: &Secret) -> Result<Evaluator, AppError> {
    match bearer(headers) {
        Some(token) => from_ticket(token, secret),
        None => Err(AppError::LoginRequired),
    }
}

/// The evaluator a ticket names, or why it cannot be used.
fn from_ticket(token: &str, secret: &Secret) -> Result<Evaluator, AppError> {
    match verify_ticket(secret, token) {
        Ok(claims) => Ok(Evaluator::from_claims(claims)),
        Err(TicketError::Invalid) => Err(AppError::LoginRequired),
        Err(TicketError::Expired) => {
            tracing::info!("login ticket refused: expired");
            Err(AppError::LoginRequired)
        }
        // Not 401: logging in again would bring back the same claims, and the
        // citizen would go round in circles between the page and the login.
        Err(TicketError::Claim { claim, zh, en }) => {
            tracing::warn!(claim, "login ticket has an unusable claim");
            Err(AppError::Unprocessable(ApiError {
                code: "invalid_ticket".to_string(),
                field: Some("ticket".to_string()),
                zh: format!("登录凭证的 {claim} 声明{zh}，无法评价，请联系门户网站。"),
                en: format!(
                    "The login ticket's {claim} claim {en}, so it cannot be used to rate; please contact the portal."
                ),
            }))
        }
    }
}

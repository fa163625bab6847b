//! Who is rating (SPEC §4).
//!
//! A login ticket, when the widget sends one (`Authorization: Bearer`), is the
//! identity: a JWT (HS256 with `HCP_TICKET_SECRET`) that only the gateway
//! verifies, claim by claim. Without one, a hall page with `offLine=1` names
//! the evaluator in its URL, which must then be signed (`links`). Personal
//! fields are kept as [`Personal`], whose `Debug`/`Display` mask them.

use std::fmt;

use axum::http::HeaderMap;
use axum::http::header::AUTHORIZATION;
use hcp_protocol::PageParams;
use hcp_protocol::api::ApiError;
use hcp_protocol::crypt::DesKey;
use hcp_protocol::types::{LooseInt, Name, PersonName, Personal};
use hcp_protocol::upstream::EvalUser;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

use crate::config::Secret;
use crate::error::AppError;

/// 评价者类型 1: 个人.
pub const USER_TYPE_PERSON: i64 = 1;
/// 证件类型 111: 居民身份证.
pub const CERT_TYPE_ID_CARD: i64 = 111;

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

impl TicketClaims {
    /// Claims for the sandbox's demo citizen, valid for `ttl_secs` from `now`.
    #[cfg(feature = "sandbox")]
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
            iat: Some(now),
            nbf: None,
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

type Claims = serde_json::Map<String, serde_json::Value>;

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
fn claims_of(c: &Claims, now: i64) -> Result<TicketClaims, TicketError> {
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
    verify_ticket_at(secret, token, crate::db::now_secs())
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

    fn from_claims(c: TicketClaims) -> Evaluator {
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
    Sha256::digest(format!("hcp-applicant-v1:{normal}").as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
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
/// has checked, `links`) names its evaluator.
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

#[cfg(all(test, feature = "sandbox"))]
mod tests {
    use super::*;
    use serde_json::json;

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

    /// A ticket with exactly these claims, signed with [`secret`].
    fn raw_ticket(claims: serde_json::Value) -> String {
        jsonwebtoken::encode(
            &Header::new(Algorithm::HS256),
            &claims,
            &EncodingKey::from_secret(secret().expose().as_bytes()),
        )
        .expect("encode")
    }

    fn demo_json(now: i64) -> serde_json::Value {
        serde_json::to_value(TicketClaims::demo_citizen(now, 600)).expect("json")
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
    fn every_claim_problem_names_its_claim_and_is_not_a_login_loop() {
        let now = crate::db::now_secs();
        let p = online_params();
        type Change = Box<dyn Fn(&mut serde_json::Value)>;
        let cases: Vec<(&str, Change)> = vec![
            ("exp", Box::new(|c| c["exp"] = json!(null))),
            ("exp", Box::new(|c| c["exp"] = json!("soon"))),
            ("nbf", Box::new(move |c| c["nbf"] = json!(now + 3600))),
            ("iat", Box::new(|c| c["iat"] = json!("yesterday"))),
            ("userType", Box::new(|c| c["userType"] = json!("1"))),
            ("userType", Box::new(|c| c["userType"] = json!(3))),
            (
                "certificateType",
                Box::new(|c| c["certificateType"] = json!(1000)),
            ),
            (
                "certificateType",
                Box::new(|c| c["certificateType"] = json!("111")),
            ),
            ("userId", Box::new(|c| c["userId"] = json!(" "))),
            ("userId", Box::new(|c| c["userId"] = json!(42))),
            (
                "userName",
                Box::new(|c| c["userName"] = json!("王".repeat(51))),
            ),
            (
                "userName",
                Box::new(|c| c["userName"] = json!("王\u{202E}明")),
            ),
            (
                "contactPhone",
                Box::new(|c| c["contactPhone"] = json!("<13800138000>")),
            ),
            (
                "certificateNo",
                Box::new(|c| c["certificateNo"] = json!(210102)),
            ),
        ];
        for (claim, change) in cases {
            let mut c = demo_json(now);
            change(&mut c);
            let t = raw_ticket(c);
            match evaluator(&p, &headers(&t), &secret()) {
                Err(AppError::Unprocessable(e)) => {
                    assert_eq!(e.code, "invalid_ticket");
                    assert!(e.zh.contains(claim), "{claim}: {}", e.zh);
                    assert!(e.en.contains(claim), "{claim}: {}", e.en);
                }
                other => panic!("{claim}: expected invalid_ticket, got {other:?}"),
            }
        }
    }

    #[test]
    fn optional_claims_may_be_absent_and_nbf_in_the_past_is_fine() {
        let now = crate::db::now_secs();
        let mut c = demo_json(now);
        let o = c.as_object_mut().expect("object");
        for k in ["iat", "certificateType", "passportName", "contactPhone"] {
            o.remove(k);
        }
        c["nbf"] = json!(now - 10);
        let e = evaluator(&online_params(), &headers(&raw_ticket(c)), &secret()).expect("ok");
        assert_eq!(e.certificate_type, Some(CERT_TYPE_ID_CARD));
        assert!(e.contact_phone.is_none());
        let mut fifty = TicketClaims::demo_citizen(now, 60);
        fifty.user_name = "王".repeat(50);
        let t = issue_ticket(&secret(), &fifty).expect("issue");
        assert!(evaluator(&online_params(), &headers(&t), &secret()).is_ok());
    }

    #[test]
    fn a_ticket_is_the_identity_even_on_an_offline_link() {
        use hcp_protocol::decode::encode_base64 as b;
        let q = format!(
            "appCode=a1&channel=hallPad&affairName={}&affairSerialNo={}&departmentCode={}&evalEntityCode=hallAffair&evalProcess=2&hallCode=H1&workerNo=01&workerName={}&userName={}&contactPhone={}&certificateNo={}&offLine=1",
            b("事项"),
            b("C-1"),
            b("D1"),
            b("李凤"),
            b("张伪造"),
            b("13912345678"),
            b("110101199003074219")
        );
        let p = PageParams::parse(hcp_protocol::Route::FrontPc, &q).expect("params");
        let now = crate::db::now_secs();
        let t = issue_ticket(&secret(), &TicketClaims::demo_citizen(now, 60)).expect("issue");
        let e = evaluator(&p, &headers(&t), &secret()).expect("ticket");
        assert_eq!(e.user_name, hcp_sandbox::demo::CITIZEN.user_name);
        assert_eq!(
            e.certificate_no.as_ref().map(Personal::expose),
            Some(hcp_sandbox::demo::CITIZEN.certificate_no)
        );
        // A bad ticket is not replaced by the link's evaluator either.
        assert!(matches!(
            evaluator(&p, &headers("not.a.jwt"), &secret()),
            Err(AppError::LoginRequired)
        ));
        // Without a ticket the link names the evaluator.
        let e = evaluator(&p, &HeaderMap::new(), &secret()).expect("link");
        assert_eq!(e.user_name, "张伪造");
        assert!(e.citizen_key().starts_with('c'));
    }

    #[test]
    fn applicant_digests_ignore_case_and_spaces() {
        assert_eq!(
            applicant_digest("21010219900101123x"),
            applicant_digest(" 21010219900101123X")
        );
        assert_ne!(
            applicant_digest("210102199001011237"),
            applicant_digest("210102199001011238")
        );
    }

    #[test]
    fn personal_fields_are_des_encrypted() {
        let key = DesKey::parse(hcp_sandbox::dev::DES_KEY).expect("key");
        let e = Evaluator::from_claims(TicketClaims::demo_citizen(0, 1));
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

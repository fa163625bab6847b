//! The identity as a page and the API see it: tickets verified into evaluators, and the
//! evaluator of an offLine=1 hall link.

use crate::AppError;
use axum::http::HeaderMap;
use axum::http::header::AUTHORIZATION;
use hcp_protocol::PageParams;
use hcp_protocol::crypt::DesKey;
use hcp_protocol::types::Personal;
use jsonwebtoken::{Algorithm, EncodingKey, Header};

use super::evaluator::*;
use super::ticket::*;
use crate::config::Secret;

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
    serde_json::to_value(crate::sandbox::demo_data::demo_citizen(now, 600)).expect("json")
}

#[test]
fn a_valid_ticket_identifies_the_citizen() {
    let now = crate::clock::now_secs();
    let t =
        issue_ticket(&secret(), &crate::sandbox::demo_data::demo_citizen(now, 60)).expect("issue");
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
    let now = crate::clock::now_secs();
    let p = online_params();
    assert!(matches!(
        evaluator(&p, &HeaderMap::new(), &secret()),
        Err(AppError::LoginRequired)
    ));
    let expired = issue_ticket(
        &secret(),
        &crate::sandbox::demo_data::demo_citizen(now - 7200, 3600),
    )
    .expect("issue");
    assert!(matches!(
        evaluator(&p, &headers(&expired), &secret()),
        Err(AppError::LoginRequired)
    ));
    let forged = issue_ticket(
        &Secret::new("another-secret-entirely"),
        &crate::sandbox::demo_data::demo_citizen(now, 60),
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
    let now = crate::clock::now_secs();
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
    let now = crate::clock::now_secs();
    let mut c = demo_json(now);
    let o = c.as_object_mut().expect("object");
    for k in ["iat", "certificateType", "passportName", "contactPhone"] {
        o.remove(k);
    }
    c["nbf"] = json!(now - 10);
    let e = evaluator(&online_params(), &headers(&raw_ticket(c)), &secret()).expect("ok");
    assert_eq!(e.certificate_type, Some(CERT_TYPE_ID_CARD));
    assert!(e.contact_phone.is_none());
    let mut fifty = crate::sandbox::demo_data::demo_citizen(now, 60);
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
    let now = crate::clock::now_secs();
    let t =
        issue_ticket(&secret(), &crate::sandbox::demo_data::demo_citizen(now, 60)).expect("issue");
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
    let e = Evaluator::from_claims(crate::sandbox::demo_data::demo_citizen(0, 1));
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

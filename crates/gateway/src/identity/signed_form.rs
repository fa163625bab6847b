//! Server-to-server calls signed like seed 004 (晋来办 business-data push):
//! the directory push (`web::directory_push`) and the hall system's
//! calls (`web::hall_calls`). Form-encoded `appcode`, `modulecode`,
//! `timestamp` (10-digit seconds, ±300 s), `nonce` (not reused within 10
//! minutes), `data`, `datasha256` and `sign` (MD5 over the sorted `k=v`
//! pairs other than `sign` and `data`, plus the secret, `HCP_PUSH_SECRET`).
//! Answers in seed 004's style: `{"status":"200","msg":"提交成功"}`, `300`
//! for a bad request, `302` for no permission.
//!
//! Our extension of seed 004: its signature leaves `data` out, so anyone who
//! saw one call could send other data under its signature. `datasha256`, the
//! lowercase hex SHA-256 of the `data` value's UTF-8 bytes, is a signed
//! parameter like the others, and `data` must match it. And every request
//! whose signature and time are good uses up its nonce, whatever becomes of
//! its data, so a signature cannot be tried again with other data.

use crate::identity::nonces;
use crate::redact::safe_text;
use crate::state::AppState;
use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::http::StatusCode;
use hcp_protocol::sign::verify_md5_param_signature;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// How far `timestamp` may be from now.
pub const MAX_SKEW_SECS: i64 = 300;
/// How long a nonce is remembered.
pub const NONCE_TTL_SECS: i64 = 600;

/// Seed 004's answer, with the data some calls answer with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushAnswer {
    /// 200 成功, 300 异常, 302 接口没有权限.
    pub status: String,
    /// 信息说明.
    pub msg: String,
    /// What the call returns, if anything (the hall system's calls).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<serde_json::Value>,
}

/// An answer: the HTTP status and seed 004's body.
pub type Answer = (StatusCode, Json<PushAnswer>);

/// An answer with this HTTP status, seed-004 status and message.
pub fn answer(http: StatusCode, status: &str, msg: impl Into<String>) -> Answer {
    (
        http,
        Json(PushAnswer {
            status: status.to_string(),
            msg: msg.into(),
            data: None,
        }),
    )
}

/// `300`: a bad request (400).
pub fn bad(msg: impl Into<String>) -> Answer {
    answer(StatusCode::BAD_REQUEST, "300", msg)
}

/// `302`: no permission (403), saying why.
pub fn denied(reason: &str) -> Answer {
    answer(
        StatusCode::FORBIDDEN,
        "302",
        format!("接口没有权限,请与管理员联系（{reason}）"),
    )
}

/// `300` with HTTP 500: the gateway failed (its log says how).
pub fn internal() -> Answer {
    answer(
        StatusCode::INTERNAL_SERVER_ERROR,
        "300",
        "服务器内部错误 / internal error",
    )
}

/// Checks a signed call to the API named `what` (for the logs) and returns
/// its `data`, or the answer refusing it.
pub async fn verify(
    state: &AppState,
    what: &'static str,
    body: Result<Bytes, BytesRejection>,
) -> Result<String, Answer> {
    let body = match body {
        Ok(b) => b,
        Err(r) if r.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            return Err(answer(
                StatusCode::PAYLOAD_TOO_LARGE,
                "300",
                "请求过大 / request too large",
            ));
        }
        Err(_) => return Err(bad("无法读取请求 / unreadable request")),
    };
    let pairs: Vec<(String, String)> = form_urlencoded::parse(&body).into_owned().collect();
    let get = |k: &str| {
        pairs
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.as_str())
    };
    for k in [
        "appcode",
        "modulecode",
        "timestamp",
        "nonce",
        "sign",
        "data",
        "datasha256",
    ] {
        match pairs.iter().filter(|(key, _)| key == k).count() {
            0 => return Err(bad(format!("缺少参数 {k} / missing parameter {k}"))),
            1 => {}
            _ => return Err(bad(format!("参数 {k} 重复 / parameter {k} given twice"))),
        }
        if get(k).is_none_or(str::is_empty) {
            return Err(bad(format!("参数 {k} 为空 / parameter {k} is empty")));
        }
    }
    let (appcode, modulecode, timestamp, nonce, sign, data, data_digest) = (
        get("appcode").unwrap_or_default(),
        get("modulecode").unwrap_or_default(),
        get("timestamp").unwrap_or_default(),
        get("nonce").unwrap_or_default(),
        get("sign").unwrap_or_default(),
        get("data").unwrap_or_default(),
        get("datasha256").unwrap_or_default(),
    );
    let auth = &state.config.push;
    let Some(secret) = &auth.secret else {
        tracing::warn!(
            api = what,
            "signed call refused: HCP_PUSH_SECRET is not set"
        );
        return Err(denied("推送接口未开通 / push API not enabled"));
    };
    if appcode != auth.appcode || modulecode != auth.modulecode {
        tracing::warn!(
            api = what,
            appcode = %safe_text(appcode, 40),
            modulecode = %safe_text(modulecode, 40),
            "signed call refused: unknown appcode/modulecode"
        );
        return Err(denied(
            "appcode 或 modulecode 不正确 / unknown appcode or modulecode",
        ));
    }
    let signed = pairs.iter().map(|(k, v)| (k.as_str(), v.as_str()));
    if !verify_md5_param_signature(signed, secret.expose(), sign) {
        tracing::warn!(api = what, "signed call refused: bad signature");
        return Err(denied("签名错误 / bad signature"));
    }
    let now = state.clock.now_secs();
    let ts = if timestamp.len() == 10 {
        timestamp.parse::<i64>().ok()
    } else {
        None
    };
    match ts {
        Some(t) if (t - now).abs() <= MAX_SKEW_SECS => {}
        _ => {
            tracing::warn!(
                api = what,
                "signed call refused: stale or malformed timestamp"
            );
            return Err(bad(
                "时间戳无效或已过期 / timestamp invalid or expired (10-digit seconds, within 300 s)",
            ));
        }
    }
    // Verified: the nonce is used up now, whatever becomes of the data.
    let nonce = nonce.to_string();
    let fresh = state
        .db
        .write(move |c| nonces::use_push_nonce(c, &nonce, now, NONCE_TTL_SECS))
        .await;
    match fresh {
        Ok(true) => {}
        Ok(false) => {
            tracing::warn!(api = what, "signed call refused: replayed nonce");
            return Err(bad("nonce 已使用 / nonce already used"));
        }
        Err(e) => {
            tracing::error!(error = %safe_text(&format!("{e:#}"), 300), "signed call: cannot record its nonce");
            return Err(internal());
        }
    }
    let digest: String = hex::encode(Sha256::digest(data.as_bytes()));
    if !digest.eq_ignore_ascii_case(data_digest) {
        tracing::warn!(
            api = what,
            "signed call refused: data does not match its signed datasha256"
        );
        return Err(denied(
            "data 与签名的 datasha256 不符 / data does not match its signed datasha256",
        ));
    }
    Ok(data.to_string())
}

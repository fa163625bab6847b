//! The directory push API, signed like seed 004 (晋来办 business-data push):
//! `POST /api/directory/cases` and `POST /api/directory/halls`, form-encoded
//! `appcode`, `modulecode`, `timestamp` (10-digit seconds, ±300 s), `nonce`
//! (not reused within 10 minutes), `data` (a JSON array of at most 2000
//! records), `datasha256` and `sign` (MD5 over the sorted `k=v` pairs other
//! than `sign` and `data`, plus the secret). Answers in seed 004's style:
//! `{"status":"200","msg":"提交成功"}`, `300` for a bad request, `302` for
//! no permission. A push is stored whole or not at all.
//!
//! Our extension of seed 004: its signature leaves `data` out, so anyone who
//! saw one push could send other data under its signature. `datasha256`, the
//! lowercase hex SHA-256 of the `data` value's UTF-8 bytes, is a signed
//! parameter like the others, and `data` must match it. And every request
//! whose signature and time are good uses up its nonce, whatever becomes of
//! its data, so a signature cannot be tried again with other data.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::StatusCode;
use axum::routing::post;
use axum::{Json, Router};
use hcp_protocol::sign::verify_md5_param_signature;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::AppState;
use crate::db::now_secs;
use crate::directory::{self, DirectoryKind};
use crate::error::safe_text;

/// Most records in one push (seed 004: 单次最多上传2000条数据).
pub const MAX_RECORDS: usize = 2000;
/// How far `timestamp` may be from now.
pub const MAX_SKEW_SECS: i64 = 300;
/// How long a nonce is remembered.
pub const NONCE_TTL_SECS: i64 = 600;
/// The largest push body.
pub const MAX_BODY: usize = 8 * 1024 * 1024;

/// Seed 004's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushAnswer {
    /// 200 成功, 300 异常, 302 接口没有权限.
    pub status: String,
    /// 信息说明.
    pub msg: String,
}

type Answer = (StatusCode, Json<PushAnswer>);

fn answer(http: StatusCode, status: &str, msg: impl Into<String>) -> Answer {
    (
        http,
        Json(PushAnswer {
            status: status.to_string(),
            msg: msg.into(),
        }),
    )
}

fn bad(msg: impl Into<String>) -> Answer {
    answer(StatusCode::BAD_REQUEST, "300", msg)
}

fn denied(reason: &str) -> Answer {
    answer(
        StatusCode::FORBIDDEN,
        "302",
        format!("接口没有权限,请与管理员联系（{reason}）"),
    )
}

async fn push(state: AppState, kind: DirectoryKind, body: Result<Bytes, BytesRejection>) -> Answer {
    let body = match body {
        Ok(b) => b,
        Err(r) if r.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            return answer(
                StatusCode::PAYLOAD_TOO_LARGE,
                "300",
                "请求过大 / request too large",
            );
        }
        Err(_) => return bad("无法读取请求 / unreadable request"),
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
            0 => return bad(format!("缺少参数 {k} / missing parameter {k}")),
            1 => {}
            _ => return bad(format!("参数 {k} 重复 / parameter {k} given twice")),
        }
        if get(k).is_none_or(str::is_empty) {
            return bad(format!("参数 {k} 为空 / parameter {k} is empty"));
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
            directory = kind.as_str(),
            "directory push refused: HCP_PUSH_SECRET is not set"
        );
        return denied("推送接口未开通 / push API not enabled");
    };
    if appcode != auth.appcode || modulecode != auth.modulecode {
        tracing::warn!(
            directory = kind.as_str(),
            appcode = %safe_text(appcode, 40),
            modulecode = %safe_text(modulecode, 40),
            "directory push refused: unknown appcode/modulecode"
        );
        return denied("appcode 或 modulecode 不正确 / unknown appcode or modulecode");
    }
    let signed = pairs.iter().map(|(k, v)| (k.as_str(), v.as_str()));
    if !verify_md5_param_signature(signed, secret.expose(), sign) {
        tracing::warn!(
            directory = kind.as_str(),
            "directory push refused: bad signature"
        );
        return denied("签名错误 / bad signature");
    }
    let now = now_secs();
    let ts = if timestamp.len() == 10 {
        timestamp.parse::<i64>().ok()
    } else {
        None
    };
    match ts {
        Some(t) if (t - now).abs() <= MAX_SKEW_SECS => {}
        _ => {
            tracing::warn!(
                directory = kind.as_str(),
                "directory push refused: stale or malformed timestamp"
            );
            return bad(
                "时间戳无效或已过期 / timestamp invalid or expired (10-digit seconds, within 300 s)",
            );
        }
    }
    // Verified: the nonce is used up now, whatever becomes of the data.
    let nonce = nonce.to_string();
    let fresh = state
        .db
        .write(move |c| directory::use_push_nonce(c, &nonce, now, NONCE_TTL_SECS))
        .await;
    match fresh {
        Ok(true) => {}
        Ok(false) => {
            tracing::warn!(
                directory = kind.as_str(),
                "directory push refused: replayed nonce"
            );
            return bad("nonce 已使用 / nonce already used");
        }
        Err(e) => {
            tracing::error!(error = %safe_text(&format!("{e:#}"), 300), "directory push: cannot record its nonce");
            return answer(
                StatusCode::INTERNAL_SERVER_ERROR,
                "300",
                "服务器内部错误 / internal error",
            );
        }
    }
    let digest: String = Sha256::digest(data.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    if !digest.eq_ignore_ascii_case(data_digest) {
        tracing::warn!(
            directory = kind.as_str(),
            "directory push refused: data does not match its signed datasha256"
        );
        return denied("data 与签名的 datasha256 不符 / data does not match its signed datasha256");
    }
    let items: Vec<Value> = match serde_json::from_str::<Value>(data) {
        Ok(Value::Array(items)) => items,
        _ => return bad("data 必须是 JSON 数组 / data must be a JSON array"),
    };
    if items.len() > MAX_RECORDS {
        return bad(format!(
            "单次最多上传{MAX_RECORDS}条数据 / at most {MAX_RECORDS} records per push"
        ));
    }
    let parsed = directory::parse_json_records(kind, &items);
    if !parsed.errors.is_empty() {
        let shown: Vec<String> = parsed
            .errors
            .iter()
            .take(10)
            .map(ToString::to_string)
            .collect();
        let more = parsed.errors.len().saturating_sub(10);
        let tail = if more > 0 {
            format!("; …(+{more})")
        } else {
            String::new()
        };
        tracing::info!(
            directory = kind.as_str(),
            refused = parsed.errors.len(),
            "directory push refused: invalid records"
        );
        return bad(format!(
            "数据校验失败 / invalid records: {}{tail}",
            shown.join("; ")
        ));
    }
    let stored = state
        .db
        .write(move |c| match kind {
            DirectoryKind::Cases => directory::upsert_cases(c, &parsed.cases),
            DirectoryKind::Halls => directory::upsert_halls(c, &parsed.halls),
        })
        .await;
    match stored {
        Ok(n) => {
            tracing::info!(
                directory = kind.as_str(),
                records = n,
                "directory push stored"
            );
            answer(StatusCode::OK, "200", "提交成功")
        }
        Err(e) => {
            tracing::error!(error = %safe_text(&format!("{e:#}"), 300), "directory push could not be stored");
            answer(
                StatusCode::INTERNAL_SERVER_ERROR,
                "300",
                "服务器内部错误 / internal error",
            )
        }
    }
}

async fn cases(State(state): State<AppState>, body: Result<Bytes, BytesRejection>) -> Answer {
    push(state, DirectoryKind::Cases, body).await
}

async fn halls(State(state): State<AppState>, body: Result<Bytes, BytesRejection>) -> Answer {
    push(state, DirectoryKind::Halls, body).await
}

/// `/api/directory/cases`, `/api/directory/halls`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/directory/cases", post(cases))
        .route("/api/directory/halls", post(halls))
        .layer(DefaultBodyLimit::max(MAX_BODY))
}

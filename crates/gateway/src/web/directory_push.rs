//! The directory push API, signed like seed 004 (晋来办 business-data push):
//! `POST /api/directory/cases`, `/api/directory/halls` and
//! `/api/directory/departments` (`departments`), form-encoded
//! `appcode`, `modulecode`, `timestamp` (10-digit seconds, ±300 s), `nonce`
//! (not reused within 10 minutes), `data` (a JSON array of at most 2000
//! records), `datasha256` and `sign` (MD5 over the sorted `k=v` pairs other
//! than `sign` and `data`, plus the secret). Answers in seed 004's style:
//! `{"status":"200","msg":"提交成功"}`, `300` for a bad request, `302` for
//! no permission. A push is stored whole or not at all. The signature, with
//! our extension (`datasha256`), is checked by [`crate::identity::signed_form`],
//! which the hall system's calls share.

use crate::directory::records::DirectoryKind;
use crate::directory::{cases, halls, import};
use crate::identity::signed_form::{Answer, answer, bad, internal, verify};
use crate::redact::safe_text;
use crate::state::AppState;
use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::StatusCode;
use axum::routing::post;
use serde_json::Value;

/// Most records in one push (seed 004: 单次最多上传2000条数据).
pub const MAX_RECORDS: usize = 2000;
/// The largest push body.
pub const MAX_BODY: usize = 8 * 1024 * 1024;

async fn push(state: AppState, kind: DirectoryKind, body: Result<Bytes, BytesRejection>) -> Answer {
    let data = match verify(&state, kind.as_str(), body).await {
        Ok(d) => d,
        Err(refused) => return refused,
    };
    let data = data.as_str();
    let items: Vec<Value> = match serde_json::from_str::<Value>(data) {
        Ok(Value::Array(items)) => items,
        _ => return bad("data 必须是 JSON 数组 / data must be a JSON array"),
    };
    if items.len() > MAX_RECORDS {
        return bad(format!(
            "单次最多上传{MAX_RECORDS}条数据 / at most {MAX_RECORDS} records per push"
        ));
    }
    let parsed = import::parse_json_records(kind, &items);
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
            DirectoryKind::Cases => cases::upsert_cases(c, &parsed.cases),
            DirectoryKind::Halls => halls::upsert_halls(c, &parsed.halls),
            DirectoryKind::Departments => {
                crate::directory::departments::upsert(c, &parsed.departments)
            }
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
            internal()
        }
    }
}

async fn cases(State(state): State<AppState>, body: Result<Bytes, BytesRejection>) -> Answer {
    push(state, DirectoryKind::Cases, body).await
}

async fn halls(State(state): State<AppState>, body: Result<Bytes, BytesRejection>) -> Answer {
    push(state, DirectoryKind::Halls, body).await
}

async fn departments(State(state): State<AppState>, body: Result<Bytes, BytesRejection>) -> Answer {
    push(state, DirectoryKind::Departments, body).await
}

/// `/api/directory/cases`, `/api/directory/halls`, `/api/directory/departments`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/directory/cases", post(cases))
        .route("/api/directory/halls", post(halls))
        .route("/api/directory/departments", post(departments))
        .layer(DefaultBodyLimit::max(MAX_BODY))
}

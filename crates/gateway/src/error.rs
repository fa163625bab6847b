//! `AppError`: every way a widget API call can fail, turned into an HTTP
//! status and an [`ApiError`] body with Chinese and English text. Internal
//! causes are logged here and never shown to the client.

use axum::Json;
use axum::extract::rejection::BytesRejection;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use hcp_protocol::api::ApiError;
use hcp_protocol::error::FieldError;

/// An error answer of the widget API.
#[derive(Debug)]
pub enum AppError {
    /// The request is malformed (not JSON, wrong shape): 400.
    BadRequest(ApiError),
    /// One parameter or field is wrong: 400 `invalid_param` naming it.
    Param(FieldError),
    /// The body is larger than this route accepts: 413.
    TooLarge,
    /// No valid login ticket: 401 `login_required`.
    LoginRequired,
    /// The case is not in the case directory: 422 `unknown_case`.
    UnknownCase(String),
    /// The hall window is not in the hall directory: 422 `unknown_worker`.
    UnknownWorker {
        /// 大厅编码.
        hall_code: String,
        /// 工作人员编号, if one was named.
        work_no: Option<String>,
    },
    /// Understood but not acceptable (a rule about the data): 422.
    Unprocessable(ApiError),
    /// Too many requests from this client: 429 `rate_limited`.
    RateLimited,
    /// The platform refused the rating (its own words): 502 `upstream`.
    Refused(String),
    /// The platform could not be reached or answered nonsense: 502 `upstream`.
    Upstream(String),
    /// Anything else: 500 `internal`, details only in the log.
    Internal(anyhow::Error),
}

impl AppError {
    /// Maps a body extractor's rejection (too large, unreadable) to an answer.
    pub fn from_body(rejection: BytesRejection) -> AppError {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            AppError::TooLarge
        } else {
            AppError::BadRequest(ApiError::new(
                "bad_request",
                "无法读取请求内容",
                "The request body could not be read",
            ))
        }
    }

    /// A 400 for a JSON body that does not parse. serde's message is shown
    /// only when it cannot echo a value from the body (which may be personal).
    pub fn from_json(e: &serde_json::Error) -> AppError {
        let detail = e.to_string();
        let safe = !detail.contains('"') && !detail.contains('`');
        let (zh, en) = if safe {
            (
                format!("请求内容不是有效的评价数据：{detail}"),
                format!("The request body is not a valid rating: {detail}"),
            )
        } else {
            (
                format!(
                    "请求内容不是有效的评价数据（第 {} 行第 {} 列）",
                    e.line(),
                    e.column()
                ),
                format!(
                    "The request body is not a valid rating (line {}, column {})",
                    e.line(),
                    e.column()
                ),
            )
        };
        AppError::BadRequest(ApiError::new("bad_request", zh, en))
    }

    fn status_and_body(&self) -> (StatusCode, ApiError) {
        match self {
            AppError::BadRequest(e) => (StatusCode::BAD_REQUEST, e.clone()),
            AppError::Param(f) => (StatusCode::BAD_REQUEST, ApiError::field(f)),
            AppError::TooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                ApiError::new(
                    "bad_request",
                    "请求内容过大",
                    "The request body is too large",
                ),
            ),
            AppError::LoginRequired => (
                StatusCode::UNAUTHORIZED,
                ApiError::new(
                    "login_required",
                    "请先登录后再评价（登录凭证缺失、无效或已过期）",
                    "Please log in to rate (the login ticket is missing, invalid or expired)",
                ),
            ),
            AppError::UnknownCase(no) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                ApiError {
                    code: "unknown_case".to_string(),
                    field: Some("affairSerialNo".to_string()),
                    zh: format!(
                        "办件 {no} 不在已办数据库中，暂时无法评价。请核对办件编号，或稍后再试。"
                    ),
                    en: format!(
                        "Case {no} is not in the case directory, so it cannot be rated yet. Check the case number or try again later."
                    ),
                },
            ),
            AppError::UnknownWorker { hall_code, work_no } => {
                let (zh, en) = match work_no {
                    Some(w) => (
                        format!("大厅 {hall_code} 中没有编号为 {w} 的工作人员，无法评价。"),
                        format!(
                            "Hall {hall_code} has no staff member numbered {w}, so this cannot be rated."
                        ),
                    ),
                    None => (
                        format!("没有编码为 {hall_code} 的大厅，无法评价。"),
                        format!("There is no hall with code {hall_code}, so this cannot be rated."),
                    ),
                };
                (
                    StatusCode::UNPROCESSABLE_ENTITY,
                    ApiError {
                        code: "unknown_worker".to_string(),
                        field: Some("workNo".to_string()),
                        zh,
                        en,
                    },
                )
            }
            AppError::Unprocessable(e) => (StatusCode::UNPROCESSABLE_ENTITY, e.clone()),
            AppError::RateLimited => (
                StatusCode::TOO_MANY_REQUESTS,
                ApiError::new(
                    "rate_limited",
                    "请求过于频繁，请稍后再试",
                    "Too many requests; please try again in a moment",
                ),
            ),
            AppError::Refused(message) => (
                StatusCode::BAD_GATEWAY,
                ApiError::new(
                    "upstream",
                    format!("评价平台未接受此评价：{message}"),
                    format!("The rating platform did not accept this rating: {message}"),
                ),
            ),
            AppError::Upstream(_) => (
                StatusCode::BAD_GATEWAY,
                ApiError::new(
                    "upstream",
                    "评价平台暂时无法访问，请稍后再试",
                    "The rating platform cannot be reached; please try again later",
                ),
            ),
            AppError::Internal(_) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                ApiError::new(
                    "internal",
                    "服务器内部错误，请稍后再试",
                    "Internal server error; please try again later",
                ),
            ),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        match &self {
            AppError::Internal(e) => tracing::error!(error = %format!("{e:#}"), "internal error"),
            AppError::Upstream(e) => tracing::warn!(error = %e, "upstream unavailable"),
            AppError::Refused(m) => tracing::warn!(message = %m, "upstream refused a rating"),
            _ => {}
        }
        let (status, body) = self.status_and_body();
        if status.is_client_error() {
            tracing::debug!(code = %body.code, field = ?body.field, status = status.as_u16(), "request refused");
        }
        (status, Json(body)).into_response()
    }
}

impl From<anyhow::Error> for AppError {
    fn from(e: anyhow::Error) -> Self {
        AppError::Internal(e)
    }
}

impl From<rusqlite::Error> for AppError {
    fn from(e: rusqlite::Error) -> Self {
        AppError::Internal(e.into())
    }
}

impl From<FieldError> for AppError {
    fn from(e: FieldError) -> Self {
        AppError::Param(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_errors_do_not_echo_values() {
        let Err(e) = serde_json::from_str::<Vec<u8>>("[\"13812345678\"]") else {
            panic!("must fail");
        };
        let AppError::BadRequest(api) = AppError::from_json(&e) else {
            panic!("bad request");
        };
        assert!(!api.zh.contains("13812345678"), "{}", api.zh);
        assert!(!api.en.contains("13812345678"), "{}", api.en);
        assert!(api.en.contains("line 1"), "{}", api.en);
    }

    #[test]
    fn statuses() {
        assert_eq!(
            AppError::LoginRequired.status_and_body().0,
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(
            AppError::UnknownCase("x".into()).status_and_body().1.code,
            "unknown_case"
        );
        assert_eq!(
            AppError::RateLimited.status_and_body().0,
            StatusCode::TOO_MANY_REQUESTS
        );
    }
}

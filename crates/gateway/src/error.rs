//! `AppError`: every way a widget API call can fail, turned into an HTTP
//! status and an [`ApiError`] body with Chinese and English text. Internal
//! causes are logged here and never shown to the client.

use crate::redact::safe_text;
use std::time::Duration;

use axum::Json;
use axum::extract::rejection::BytesRejection;
use axum::http::StatusCode;
use axum::http::header::RETRY_AFTER;
use axum::response::{IntoResponse, Response};
use hcp_protocol::api::ApiError;
use hcp_protocol::error::{FieldError, Lang};
use hcp_protocol::link::LinkRefusal;

/// An error answer of the widget API.
#[derive(Debug)]
pub enum AppError {
    /// The request is malformed (not JSON, wrong shape): 400.
    BadRequest(ApiError),
    /// One parameter or field is wrong: 400 `invalid_param` naming it.
    Param(FieldError),
    /// The body is larger than this route accepts: 413.
    TooLarge,
    /// The body is not `application/json`: 415 `unsupported_media_type`.
    UnsupportedMediaType,
    /// The request comes from a page of another site: 403 `forbidden_origin`.
    ForbiddenOrigin,
    /// No valid login ticket: 401 `login_required`.
    LoginRequired,
    /// A link that carries an evaluator is unsigned, altered or expired: 403 `invalid_link`.
    Link(LinkRefusal),
    /// The hall system reported another applicant for the case: 403 `not_applicant`.
    NotApplicant,
    /// The case is not in the case directory: 422 `unknown_case`; in a batch,
    /// its position (1-based). The number itself is not repeated: it came
    /// from the URL and may be anything.
    UnknownCase(Option<usize>),
    /// The hall window is not in the hall directory: 422 `unknown_worker`
    /// (codes not repeated, as for cases).
    UnknownWorker {
        /// Whether the hall itself is unknown (not only the worker).
        hall_unknown: bool,
    },
    /// Understood but not acceptable (a rule about the data): 422.
    Unprocessable(ApiError),
    /// What was asked for is not there (for this citizen): 404.
    NotFound(ApiError),
    /// Too many requests from this client: 429 `rate_limited`, with how long
    /// to wait (`Retry-After`).
    RateLimited(Duration),
    /// The platform refused the rating: 502 `upstream`, with its code and
    /// its words made safe to show ([`safe_text`]).
    Refused {
        /// The platform's code (none for the cases of a batch).
        code: Option<i64>,
        /// The platform's message.
        message: String,
    },
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
            AppError::UnsupportedMediaType => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                ApiError::new(
                    "unsupported_media_type",
                    "请求内容必须是 JSON（Content-Type: application/json）",
                    "The request body must be JSON (Content-Type: application/json)",
                ),
            ),
            AppError::ForbiddenOrigin => (
                StatusCode::FORBIDDEN,
                ApiError::new(
                    "forbidden_origin",
                    "不接受来自其他网站页面的评价提交",
                    "Ratings are not accepted from pages of other websites",
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
            AppError::Link(refusal) => (
                StatusCode::FORBIDDEN,
                ApiError {
                    code: "invalid_link".to_string(),
                    field: Some(hcp_protocol::link::SIGN_PARAM.to_string()),
                    zh: refusal.message(Lang::Zh).to_string(),
                    en: refusal.message(Lang::En).to_string(),
                },
            ),
            AppError::NotApplicant => (
                StatusCode::FORBIDDEN,
                ApiError::new(
                    "not_applicant",
                    "此办件只能由办件人本人评价：办理系统登记的办件人与评价人不一致。",
                    "Only the applicant may rate this case: the hall system registered another person for it.",
                ),
            ),
            AppError::UnknownCase(position) => {
                let (zh, en) = match position {
                    Some(n) => (
                        format!(
                            "第 {n} 个办件不在已办数据库中，暂时无法评价。请核对办件编号，或稍后再试。"
                        ),
                        format!(
                            "Case {n} of the list is not in the case directory, so it cannot be rated yet. Check the case numbers or try again later."
                        ),
                    ),
                    None => (
                        "此办件不在已办数据库中，暂时无法评价。请核对办件编号，或稍后再试。"
                            .to_string(),
                        "This case is not in the case directory, so it cannot be rated yet. Check the case number or try again later."
                            .to_string(),
                    ),
                };
                (
                    StatusCode::UNPROCESSABLE_ENTITY,
                    ApiError {
                        code: "unknown_case".to_string(),
                        field: Some(
                            if position.is_some() {
                                "affairSerialNos"
                            } else {
                                "affairSerialNo"
                            }
                            .to_string(),
                        ),
                        zh,
                        en,
                    },
                )
            }
            AppError::UnknownWorker { hall_unknown } => {
                let (field, zh, en) = if *hall_unknown {
                    (
                        "hallCode",
                        "大厅目录中没有此大厅，无法评价。",
                        "This hall is not in the hall directory, so it cannot be rated.",
                    )
                } else {
                    (
                        "workNo",
                        "此大厅没有该编号的工作人员，无法评价。",
                        "This hall has no staff member with that number, so it cannot be rated.",
                    )
                };
                (
                    StatusCode::UNPROCESSABLE_ENTITY,
                    ApiError {
                        code: "unknown_worker".to_string(),
                        field: Some(field.to_string()),
                        zh: zh.to_string(),
                        en: en.to_string(),
                    },
                )
            }
            AppError::Unprocessable(e) => (StatusCode::UNPROCESSABLE_ENTITY, e.clone()),
            AppError::NotFound(e) => (StatusCode::NOT_FOUND, e.clone()),
            AppError::RateLimited(_) => (
                StatusCode::TOO_MANY_REQUESTS,
                ApiError::new(
                    "rate_limited",
                    "请求过于频繁，请稍后再试",
                    "Too many requests; please try again in a moment",
                ),
            ),
            AppError::Refused { code, message } => {
                let shown = safe_text(message, 120);
                let (zh_code, en_code) = match code {
                    Some(c) => (format!("（代码 {c}）"), format!(" (code {c})")),
                    None => (String::new(), String::new()),
                };
                (
                    StatusCode::BAD_GATEWAY,
                    ApiError::new(
                        "upstream",
                        format!("评价平台未接受此评价{zh_code}：{shown}"),
                        format!("The rating platform did not accept this rating{en_code}: {shown}"),
                    ),
                )
            }
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
            AppError::Internal(e) => {
                tracing::error!(error = %safe_text(&format!("{e:#}"), 500), "internal error")
            }
            AppError::Upstream(e) => {
                tracing::warn!(error = %safe_text(e, 300), "upstream unavailable")
            }
            AppError::Refused { code, message } => tracing::warn!(
                code = ?code,
                message = %safe_text(message, 300),
                "upstream refused a rating"
            ),
            _ => {}
        }
        let (status, body) = self.status_and_body();
        if status.is_client_error() {
            tracing::debug!(code = %body.code, field = ?body.field, status = status.as_u16(), "request refused");
        }
        let mut resp = (status, Json(body)).into_response();
        if let AppError::RateLimited(wait) = &self {
            // Whole seconds, rounded up: a client that waits that long gets in.
            let secs = wait.as_millis().div_ceil(1000).max(1);
            if let Ok(v) = secs.to_string().parse() {
                resp.headers_mut().insert(RETRY_AFTER, v);
            }
        }
        resp
    }
}

impl From<anyhow::Error> for AppError {
    fn from(e: anyhow::Error) -> Self {
        AppError::Internal(e)
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
    use crate::redact::safe_text;

    #[test]
    fn statuses() {
        assert_eq!(
            AppError::LoginRequired.status_and_body().0,
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(
            AppError::UnknownCase(None).status_and_body().1.code,
            "unknown_case"
        );
        assert_eq!(
            AppError::RateLimited(Duration::from_millis(1))
                .status_and_body()
                .0,
            StatusCode::TOO_MANY_REQUESTS
        );
    }

    #[test]
    fn platform_words_are_shown_and_logged_safely() {
        let t = safe_text(
            "评价标签<img src=x onerror=alert(1)>\u{202E}不存在，手机13812345678",
            200,
        );
        assert_eq!(
            t,
            "评价标签?img src=x onerror=alert(1)??不存在，手机138****5678"
        );
        assert_eq!(safe_text(&"好".repeat(10), 4), "好好好好…");
        let (_, body) = AppError::Refused {
            code: Some(2),
            message: "x<script>".into(),
        }
        .status_and_body();
        assert!(
            !body.zh.contains('<') && body.zh.contains("代码 2"),
            "{}",
            body.zh
        );
    }
}

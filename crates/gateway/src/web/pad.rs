//! The pad's API (`/pad/` is its page, `web::widget::ENTRIES`):
//!
//! - `GET /api/pad/live`: a WebSocket. The pad's first message is
//!   `PadHello {credential}` (so the credential is in no URL and no access
//!   log); the gateway answers `hello` (the window and its current case),
//!   then `case` and `rated` as they happen, `refused` (and closes, code
//!   4001) for a forged or revoked credential. A ping every 25 s keeps
//!   proxies from closing an idle connection.
//! - `POST /api/pad/rate` (`Authorization: Bearer <credential>`,
//!   `PadRateRequest`): a rating made on the pad; answered like
//!   `/api/submit`.

use crate::error::AppError;
use crate::hall::links::public_base;
use crate::hall::live::Event;
use crate::hall::pad_rating::{PadRefusal, RateError};
use crate::hall::pads::{Pad, Refusal};
use crate::hall::{pad_rating, pads, screen};
use crate::identity::evaluator;
use crate::redact::safe_text;
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::ws::{CloseFrame, Message, Utf8Bytes, WebSocket, WebSocketUpgrade};
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use hcp_protocol::api::ApiError;
use hcp_protocol::pad::{PadEvent, PadEventKind, PadHello, PadRateRequest};
use std::time::Duration;
use tokio::sync::broadcast::error::RecvError;

/// How long a new connection may take to say who it is.
pub const HELLO_TIMEOUT: Duration = Duration::from_secs(10);
/// How often an idle connection is pinged.
pub const PING_EVERY: Duration = Duration::from_secs(25);
/// The close code of a refused credential: the pad must not retry with it.
pub const CLOSE_REFUSED: u16 = 4001;
/// The largest message a pad may send (its hello).
pub const MAX_MESSAGE: usize = 4 * 1024;
/// The read and write buffers of one connection. A pad's messages are a
/// few hundred bytes; tungstenite's defaults (128 KiB each) made a
/// connection cost about 140 KB of the gateway's memory, these about a
/// tenth of that (docs/BENCHMARKS.md, "Hall pads").
pub const BUFFER: usize = 4 * 1024;
/// The largest rating body.
pub const MAX_BODY: usize = 16 * 1024;

const REVOKED: (&str, &str) = (
    "此评价器的凭证已被撤销，请联系管理员重新开通。",
    "This pad's credential has been revoked; ask the administrator for a new pad link.",
);
const INVALID: (&str, &str) = (
    "此评价器链接无效（凭证不正确或不完整），请联系管理员获取评价器链接。",
    "This pad link is not valid (its credential is wrong or incomplete); ask the administrator for the pad link.",
);
const NO_WINDOW: (&str, &str) = (
    "此评价器绑定的窗口已不在大厅名录中，请联系管理员。",
    "The window this pad is bound to is no longer in the hall directory; ask the administrator.",
);

fn refusal_text(r: Refusal) -> (&'static str, &'static str) {
    match r {
        Refusal::Invalid => INVALID,
        Refusal::Revoked => REVOKED,
    }
}

async fn send(socket: &mut WebSocket, event: &PadEvent) -> bool {
    match serde_json::to_string(event) {
        Ok(text) => socket.send(Message::Text(text.into())).await.is_ok(),
        Err(_) => false,
    }
}

async fn refuse(mut socket: WebSocket, (zh, en): (&str, &str)) {
    let _ = send(&mut socket, &screen::refused_event(zh, en)).await;
    let _ = socket
        .send(Message::Close(Some(CloseFrame {
            code: CLOSE_REFUSED,
            reason: Utf8Bytes::from_static("refused"),
        })))
        .await;
}

/// Reads the hello and checks its credential.
async fn authenticate(
    state: &AppState,
    socket: &mut WebSocket,
) -> Result<Pad, (&'static str, &'static str)> {
    let first = tokio::time::timeout(HELLO_TIMEOUT, socket.recv()).await;
    let credential = match first {
        Ok(Some(Ok(Message::Text(t)))) => serde_json::from_str::<PadHello>(t.as_str())
            .ok()
            .map(|h| h.credential),
        _ => None,
    };
    let Some(credential) = credential else {
        tracing::info!("pad connection refused: no hello");
        return Err(INVALID);
    };
    let found = state
        .db
        .read(move |c| pads::authenticate(c, &credential))
        .await;
    match found {
        Ok(Ok(pad)) => Ok(pad),
        Ok(Err(r)) => {
            tracing::info!(reason = ?r, "pad connection refused");
            Err(refusal_text(r))
        }
        Err(e) => {
            tracing::error!(error = %safe_text(&format!("{e:#}"), 200), "pad connection: cannot read the pads");
            Err((
                "服务暂时不可用，请稍后重试。",
                "The service is unavailable; retrying.",
            ))
        }
    }
}

/// Counts a connection in `hcp_pad_connections` while it lives.
struct Connected(prometheus::IntGauge);

impl Drop for Connected {
    fn drop(&mut self) {
        self.0.dec();
    }
}

async fn connection(state: AppState, mut socket: WebSocket, base: String) {
    let pad = match authenticate(&state, &mut socket).await {
        Ok(p) => p,
        Err(why) => return refuse(socket, why).await,
    };
    let topic = pad.window.topic();
    // Subscribed before the snapshot is read: nothing reported in between is missed.
    let mut events = state.live.subscribe(&topic);
    let mut closing = state.live.closing();
    let gauge = state.metrics.pad_connections.clone();
    gauge.inc();
    let _counted = Connected(gauge);
    tracing::info!(pad = %pad.id, "pad connected");
    let hello = |state: &AppState| {
        let (state, pad, base) = (state.clone(), pad.clone(), base.clone());
        async move { screen::snapshot(&state, &pad, &base).await }
    };
    match hello(&state).await {
        Ok(Some(e)) => {
            if !send(&mut socket, &e).await {
                return;
            }
        }
        Ok(None) => return refuse(socket, NO_WINDOW).await,
        Err(e) => {
            tracing::error!(error = %safe_text(&format!("{e:#}"), 200), "pad snapshot failed");
            return;
        }
    }
    let mut ping = tokio::time::interval_at(tokio::time::Instant::now() + PING_EVERY, PING_EVERY);
    loop {
        tokio::select! {
            event = events.recv() => {
                let out = match event {
                    Ok(e) => match &*e {
                        Event::Reported { .. } => {
                            let worker = hello(&state).await;
                            match worker {
                                Ok(Some(PadEvent { case: Some(case), .. })) => Some(PadEvent {
                                    event: PadEventKind::Case,
                                    window: None,
                                    case: Some(case),
                                    rated: None,
                                    zh: None,
                                    en: None,
                                }),
                                Ok(_) => None,
                                Err(e) => {
                                    tracing::warn!(error = %safe_text(&format!("{e:#}"), 200), "pad case view failed");
                                    None
                                }
                            }
                        }
                        Event::Rated { affair_serial_no, eval_process } => {
                            Some(screen::rated_event(affair_serial_no, *eval_process))
                        }
                        Event::Revoked { pad_id } if *pad_id == pad.id => {
                            tracing::info!(pad = %pad.id, "revoked pad disconnected");
                            return refuse(socket, REVOKED).await;
                        }
                        Event::Revoked { .. } => None,
                        // Notifications may have been missed: the state as it is now.
                        Event::Resync => hello(&state).await.ok().flatten(),
                    },
                    // Fell behind: the state as it is now.
                    Err(RecvError::Lagged(_)) => hello(&state).await.ok().flatten(),
                    Err(RecvError::Closed) => break,
                };
                if let Some(out) = out
                    && !send(&mut socket, &out).await
                {
                    break;
                }
            }
            incoming = socket.recv() => match incoming {
                None | Some(Err(_)) | Some(Ok(Message::Close(_))) => break,
                Some(Ok(_)) => {}
            },
            _ = ping.tick() => {
                if socket.send(Message::Ping(Bytes::new())).await.is_err() {
                    break;
                }
            }
            _ = async { let _ = closing.wait_for(|c| *c).await; } => {
                let _ = socket.send(Message::Close(Some(CloseFrame {
                    code: 1012,
                    reason: Utf8Bytes::from_static("restarting"),
                }))).await;
                break;
            }
        }
    }
    tracing::info!(pad = %pad.id, "pad disconnected");
}

async fn live(State(state): State<AppState>, headers: HeaderMap, ws: WebSocketUpgrade) -> Response {
    let base = public_base(&state.config, &headers);
    ws.max_message_size(MAX_MESSAGE)
        .max_frame_size(MAX_MESSAGE)
        .read_buffer_size(BUFFER)
        .write_buffer_size(BUFFER)
        .on_upgrade(move |socket| connection(state, socket, base))
}

/// A pad rating's error answer.
fn pad_error(status: StatusCode, code: &str, zh: &str, en: &str) -> Response {
    (status, Json(ApiError::new(code, zh, en))).into_response()
}

async fn rate(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    match rate_inner(&state, &headers, body).await {
        Ok(answer) => Json(answer).into_response(),
        Err(RateError::App(e)) => e.into_response(),
        Err(RateError::Pad(PadRefusal::Credential(r))) => {
            let (zh, en) = r.map_or(INVALID, refusal_text);
            pad_error(StatusCode::UNAUTHORIZED, "pad_refused", zh, en)
        }
        Err(RateError::Pad(PadRefusal::NotThisWindow)) => pad_error(
            StatusCode::FORBIDDEN,
            "not_this_window",
            "此办件不是在本窗口登记的，不能在此评价器上评价。",
            "This case was not reported at this window, so it cannot be rated on this pad.",
        ),
        Err(RateError::Pad(PadRefusal::Expired)) => pad_error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "case_expired",
            "此办件登记已超过一天，请扫描办件二维码评价。",
            "This case was reported more than a day ago; please rate it with its QR code.",
        ),
        Err(RateError::Pad(PadRefusal::UnknownWindow)) => pad_error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "unknown_worker",
            NO_WINDOW.0,
            NO_WINDOW.1,
        ),
    }
}

/// A pad credential that is missing, forged or revoked.
fn refused(r: Option<Refusal>) -> RateError {
    RateError::Pad(PadRefusal::Credential(r))
}

async fn rate_inner(
    state: &AppState,
    headers: &HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<hcp_protocol::api::SubmitResponse, RateError> {
    crate::web::submit::check_media_type(headers)?;
    let Some(cred) = evaluator::bearer(headers).map(str::to_string) else {
        return Err(refused(None));
    };
    let found = state.db.read(move |c| pads::authenticate(c, &cred)).await?;
    let pad = match found {
        Ok(p) => p,
        Err(r) => {
            tracing::info!(reason = ?r, "pad rating refused: credential");
            return Err(refused(Some(r)));
        }
    };
    let body = body.map_err(AppError::from_body)?;
    let req: PadRateRequest =
        serde_path_to_error::deserialize(&mut serde_json::Deserializer::from_slice(&body))
            .map_err(|e| {
                let path = e.path().to_string();
                let field = if path == "." {
                    "body".to_string()
                } else {
                    path
                };
                AppError::Param(hcp_protocol::FieldError::new(
                    field,
                    hcp_protocol::Problem::Shape("的值无效", "has an invalid value"),
                ))
            })?;
    req.rating.check().map_err(AppError::from)?;
    let plan = pad_rating::plan(state, &pad, &req).await?;
    tracing::info!(
        pad = %pad.id,
        interface = plan.body.interface(),
        stars = req.rating.stars.get(),
        "pad rating accepted"
    );
    let answer = crate::delivery::submit::submit(state, plan).await?;
    if let Some(case) = &req.case
        && pad_rating::settles(&answer)
    {
        pad_rating::rated(
            state,
            &pad.window.app_code,
            vec![case.affair_serial_no.clone()],
            case.eval_process,
            "pad",
        )
        .await;
    }
    Ok(answer)
}

/// `/api/pad/live`, `/api/pad/rate`.
pub fn router() -> Router<AppState> {
    Router::new().route("/api/pad/live", get(live)).route(
        "/api/pad/rate",
        post(rate).layer(DefaultBodyLimit::max(MAX_BODY)),
    )
}

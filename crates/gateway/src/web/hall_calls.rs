//! The hall system's API (README.md, "The hall window: pads, QR codes and
//! the hall system"), server to server, signed like the directory push
//! (`signed_form`: seed 004, nonce, timestamp, `datasha256`):
//!
//! - `POST /api/hall/cases`: a case at a window, accepted or done (`data`:
//!   one JSON object: the case as the case directory takes it, the window,
//!   `evalProcess` and the evaluator). The case goes into the case
//!   directory, the window's pads show it within a second, and the answer
//!   carries its dynamic link.
//! - `POST /api/hall/qr`: the dynamic link's QR code of a reported case, to
//!   print on the 受理通知书 (`data`: `{appCode, affairSerialNo, evalProcess,
//!   format: "svg" | "png"}`).

use crate::directory::records::DirectoryKind;
use crate::directory::{cases, halls, import};
use crate::hall::links::{self, ImageFormat, WindowParts, public_base};
use crate::hall::live::{self, Event};
use crate::hall::pads::Window;
use crate::hall::reported;
use crate::hall::reported::{Reported, Stored};
use crate::identity::signed_form::{Answer, PushAnswer, answer, bad, internal, verify};
use crate::redact::safe_text;
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use hcp_protocol::types::{AppCode, EvalProcess, PersonName, Personal};
use serde_json::{Map, Value, json};

/// The largest hall call body.
pub const MAX_BODY: usize = 64 * 1024;

fn field_problem(field: &str, p: hcp_protocol::Problem) -> String {
    let e = hcp_protocol::FieldError::new(field, p);
    [
        e.message(hcp_protocol::Lang::Zh),
        " / ".into(),
        e.message(hcp_protocol::Lang::En),
    ]
    .concat()
}

pub(crate) fn text(o: &Map<String, Value>, key: &str) -> Option<String> {
    match o.get(key)? {
        Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// `data` as one JSON object, or the answer refusing it.
pub(crate) fn object(data: &str) -> Result<Map<String, Value>, Answer> {
    match serde_json::from_str::<Value>(data) {
        Ok(Value::Object(o)) => Ok(o),
        _ => Err(bad(
            "data 必须是一个 JSON 对象 / data must be one JSON object",
        )),
    }
}

/// The window a call names (`appCode`, `hallCode`, `workNo`), checked
/// against the hall directory; with its worker's name.
pub(crate) async fn window_of(
    state: &AppState,
    o: &Map<String, Value>,
) -> Result<(Window, String), Answer> {
    let mut problems = Vec::new();
    let mut need = |key: &str, check: fn(&str) -> Result<(), hcp_protocol::Problem>| -> String {
        match text(o, key) {
            None => {
                problems.push(field_problem(key, hcp_protocol::Problem::Missing));
                String::new()
            }
            Some(v) => {
                if let Err(p) = check(&v) {
                    problems.push(field_problem(key, p));
                }
                v
            }
        }
    };
    let app_code = need("appCode", |v| AppCode::new(v).map(drop));
    let hall_code = need("hallCode", |v| {
        hcp_protocol::types::HallCode::new(v).map(drop)
    });
    let work_no = need("workNo", |v| hcp_protocol::types::WorkNo::new(v).map(drop));
    if !problems.is_empty() {
        return Err(bad(problems.join("; ")));
    }
    let (h, w) = (hall_code.clone(), work_no.clone());
    let names = state
        .db
        .read(move |c| Ok((halls::hall_name(c, &h)?, halls::worker_name(c, &h, &w)?)))
        .await;
    match names {
        Ok((Some(_), Some(worker))) => Ok((
            Window {
                app_code,
                hall_code,
                work_no,
            },
            worker,
        )),
        Ok((hall, _)) => {
            tracing::info!(
                hall_known = hall.is_some(),
                "hall call refused: unknown window"
            );
            Err(answer(
                StatusCode::UNPROCESSABLE_ENTITY,
                "300",
                if hall.is_some() {
                    "窗口不存在：大厅名录中此大厅没有该工号（workNo） / unknown window: the hall directory has no such workNo in this hall"
                } else {
                    "窗口不存在：大厅名录中没有此大厅（hallCode） / unknown window: the hall directory has no such hallCode"
                },
            ))
        }
        Err(e) => {
            tracing::error!(error = %safe_text(&format!("{e:#}"), 200), "hall call: cannot read the directory");
            Err(internal())
        }
    }
}

fn stage_of(o: &Map<String, Value>) -> Result<u8, String> {
    match text(o, "evalProcess") {
        None => Err(field_problem("evalProcess", hcp_protocol::Problem::Missing)),
        Some(v) => v
            .parse::<EvalProcess>()
            .map(EvalProcess::get)
            .map_err(|p| field_problem("evalProcess", p)),
    }
}

pub(crate) fn ok(msg: &str, data: Value) -> Answer {
    (
        StatusCode::OK,
        Json(PushAnswer {
            status: "200".to_string(),
            msg: msg.to_string(),
            data: Some(data),
        }),
    )
}

pub(crate) async fn report(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Answer {
    let data = match verify(&state, "hall cases", body).await {
        Ok(d) => d,
        Err(refused) => return refused,
    };
    let mut o = match object(&data) {
        Ok(o) => o,
        Err(a) => return a,
    };
    let (window, worker_name) = match window_of(&state, &o).await {
        Ok(w) => w,
        Err(a) => return a,
    };
    let mut problems = Vec::new();
    let stage = stage_of(&o).map_err(|p| problems.push(p)).unwrap_or(0);
    let user_name = match text(&o, "userName").map(PersonName::new) {
        None => {
            problems.push(field_problem("userName", hcp_protocol::Problem::Missing));
            None
        }
        Some(Err(p)) => {
            problems.push(field_problem("userName", p));
            None
        }
        Some(Ok(n)) => Some(n),
    };
    let mut personal = |key: &str| match text(&o, key).map(Personal::new) {
        None => {
            problems.push(field_problem(key, hcp_protocol::Problem::Missing));
            None
        }
        Some(Err(p)) => {
            problems.push(field_problem(key, p));
            None
        }
        Some(Ok(v)) => Some(v),
    };
    let phone = personal("contactPhone");
    let id = personal("certificateNo");
    if stage == 2 && text(&o, "affairDoneTime").is_none() {
        problems.push(field_problem(
            "affairDoneTime",
            hcp_protocol::Problem::Shape(
                "缺失：办结阶段（evalProcess 2）的办件须有办结时间",
                "is missing: a case at stage 2 (done) needs its completion time",
            ),
        ));
    }
    // The worker at the window handled it, unless the report names someone else.
    o.entry("affairDealOfficer")
        .or_insert_with(|| Value::String(worker_name.clone()));
    let parsed = import::parse_json_records(DirectoryKind::Cases, &[Value::Object(o.clone())]);
    problems.extend(parsed.errors.iter().map(|e| e.message.clone()));
    let (Some(record), Some(user_name), Some(phone), Some(id), true) = (
        parsed.cases.into_iter().next(),
        user_name,
        phone,
        id,
        problems.is_empty(),
    ) else {
        tracing::info!(
            problems = problems.len(),
            "hall case report refused: invalid data"
        );
        return bad(["数据校验失败 / invalid data: ", &problems.join("; ")].concat());
    };
    let base = public_base(&state.config, &headers);
    let parts = WindowParts {
        app_code: &window.app_code,
        hall_code: &window.hall_code,
        work_no: &window.work_no,
        worker_name: &worker_name,
    };
    let link = match links::dynamic_link(
        &base,
        parts,
        &record.affair_serial_no,
        &record.affair_code,
        stage,
    ) {
        Ok(l) => l,
        Err(e) => {
            return bad([
                "数据校验失败 / invalid data: ",
                &e.message(hcp_protocol::Lang::Zh),
                " / ",
                &e.message(hcp_protocol::Lang::En),
            ]
            .concat());
        }
    };
    let des = &state.config.des_key;
    let reported = Reported {
        window: window.clone(),
        affair_serial_no: record.affair_serial_no.clone(),
        eval_process: stage,
        user_name: Some(user_name.as_str().to_string()),
        contact_phone_des: Some(des.encrypt_hex(phone.expose())),
        certificate_no_des: Some(des.encrypt_hex(id.expose())),
        reported_at: state.clock.now_secs(),
        rated_at: None,
    };
    let topic = window.topic();
    let stored = state
        .db
        .write(move |c| {
            cases::upsert_cases(c, std::slice::from_ref(&record))?;
            let s = reported::report(c, &reported)?;
            if s == Stored::Fresh {
                // Heard after the commit by this window's pads at every gateway.
                live::notify(
                    c,
                    &reported.window.topic(),
                    &Event::Reported {
                        affair_serial_no: reported.affair_serial_no.clone(),
                        eval_process: stage,
                    },
                )?;
            }
            Ok(s)
        })
        .await;
    match stored {
        Ok(Stored::Fresh) => {
            // The pads connected to this gateway (others may be connected to
            // other gateways on the same store: they are told too).
            let pads = state.live.receivers(&topic);
            tracing::info!(pads, stage, "hall case reported");
            ok(
                "提交成功",
                json!({"dynamicLink": link, "pads": pads, "alreadyRated": false}),
            )
        }
        Ok(Stored::AlreadyRated) => ok(
            "该办件此阶段已评价，评价器不再显示 / this case was rated at this stage already; the pad does not show it",
            json!({"dynamicLink": link, "pads": 0, "alreadyRated": true}),
        ),
        Err(e) => {
            tracing::error!(error = %safe_text(&format!("{e:#}"), 300), "hall case report could not be stored");
            internal()
        }
    }
}

pub(crate) async fn qr(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let data = match verify(&state, "hall qr", body).await {
        Ok(d) => d,
        Err(refused) => return refused.into_response(),
    };
    let o = match object(&data) {
        Ok(o) => o,
        Err(a) => return a.into_response(),
    };
    let format = match text(&o, "format")
        .as_deref()
        .map_or(Some(ImageFormat::Svg), ImageFormat::parse)
    {
        Some(f) => f,
        None => {
            return bad("参数 format 必须是 svg 或 png / format must be svg or png")
                .into_response();
        }
    };
    let stage = match stage_of(&o) {
        Ok(s) => s,
        Err(p) => return bad(p).into_response(),
    };
    let (Some(app), Some(serial)) = (text(&o, "appCode"), text(&o, "affairSerialNo")) else {
        return bad("缺少参数 appCode 或 affairSerialNo / appCode or affairSerialNo is missing")
            .into_response();
    };
    let found = state
        .db
        .read(move |c| {
            let Some(rep) = reported::find(c, &app, &serial, stage)? else {
                return Ok(None);
            };
            let worker = halls::worker_name(c, &rep.window.hall_code, &rep.window.work_no)?;
            let case = cases::find_case(c, &rep.affair_serial_no)?;
            Ok(worker.zip(case).map(|(w, c)| (rep, w, c)))
        })
        .await;
    let (rep, worker_name, record) = match found {
        Ok(Some(f)) => f,
        Ok(None) => {
            return answer(
                StatusCode::NOT_FOUND,
                "300",
                "办件未登记：请先以 /api/hall/cases 登记此办件及阶段 / unknown case: report it (and its stage) with /api/hall/cases first",
            )
            .into_response();
        }
        Err(e) => {
            tracing::error!(error = %safe_text(&format!("{e:#}"), 200), "hall qr: cannot read");
            return internal().into_response();
        }
    };
    let base = public_base(&state.config, &headers);
    let parts = WindowParts {
        app_code: &rep.window.app_code,
        hall_code: &rep.window.hall_code,
        work_no: &rep.window.work_no,
        worker_name: &worker_name,
    };
    let file = links::dynamic_link(
        &base,
        parts,
        &rep.affair_serial_no,
        &record.affair_code,
        stage,
    )
    .map_err(|e| anyhow::anyhow!("{e}"))
    .and_then(|link| links::qr_file(&link, format));
    match file {
        Ok(bytes) => (
            [
                (
                    CONTENT_TYPE,
                    HeaderValue::from_static(format.content_type()),
                ),
                (CACHE_CONTROL, HeaderValue::from_static("no-store")),
            ],
            bytes,
        )
            .into_response(),
        Err(e) => {
            tracing::error!(error = %safe_text(&format!("{e:#}"), 200), "hall qr: cannot draw the code");
            internal().into_response()
        }
    }
}

/// `/api/hall/cases`, `/api/hall/qr`, `/hall/card/`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/hall/cases", post(report))
        .route("/api/hall/qr", post(qr))
        .layer(DefaultBodyLimit::max(MAX_BODY))
}

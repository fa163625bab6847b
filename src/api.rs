//! Every call the widget makes to the gateway (docs/ARCHITECTURE.md, "Widget
//! ↔ gateway API"): tags, halls, submit, 我的评价's reads (`my_*`) and the
//! pad's rating (its live updates come over a WebSocket, in the pad entry).
//! An entry links only the calls it makes. Plain `fetch` with an
//! `AbortSignal`; bodies are those of `hcp_protocol::api`, read and written
//! by [`crate::codec`]. Each call returns a `Result`; reads are wrapped in a
//! [`crate::fetch::Fetch`] by the component that shows them.
//!
//! Not gloo-net, which the design names for HTTP: in place of [`call`] it
//! added 1.4 KB brotli to the rating pages' first load, which would put them
//! over their budget (docs/ARCHITECTURE.md, "Widget").

use hcp_protocol::api::{ApiError, HallsResponse, SubmitRequest, SubmitResponse, TagsResponse};
use hcp_protocol::my::{MyCaseDetail, MyCasesResponse, MyGuidesResponse, TimeRange};
use hcp_protocol::types::{AppCode, TagType};
use hcp_protocol::{EvalEntityCode, Lang, Stars};
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal, RequestInit, Response};

use crate::codec::{self, Json};
use crate::i18n::shared::read;

/// Why a call failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiFailure {
    /// The gateway answered with its error body.
    Api {
        /// The HTTP status.
        status: u16,
        /// The body.
        error: ApiError,
    },
    /// The gateway (or something in front of it) answered something else.
    Http(u16),
    /// No answer: offline, DNS, connection reset, CSP.
    Network,
    /// Aborted by the widget (a newer request, or the page went away).
    Aborted,
}

impl ApiFailure {
    /// Whether the answer is `401 login_required`.
    pub fn login_required(&self) -> bool {
        matches!(self, ApiFailure::Api { status: 401, error } if error.code == "login_required")
            || matches!(self, ApiFailure::Http(401))
    }

    /// What the citizen is told.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            ApiFailure::Api { error, .. } => error.message(lang).to_string(),
            ApiFailure::Http(_) => read(lang).server_error.to_string(),
            ApiFailure::Network | ApiFailure::Aborted => read(lang).network_error.to_string(),
        }
    }
}

/// One in-flight request slot: starting a new request aborts the previous
/// one, and disposing of the owner (the component goes away) aborts whatever
/// is still running.
#[derive(Clone, Copy)]
pub struct Inflight(StoredValue<Option<AbortController>, LocalStorage>);

impl Inflight {
    /// A slot owned by the current reactive owner. (No `Default`: making
    /// one registers a cleanup with the owner, which a default should not.)
    #[allow(clippy::new_without_default)]
    pub fn new() -> Inflight {
        let slot: StoredValue<Option<AbortController>, LocalStorage> = StoredValue::new_local(None);
        on_cleanup(move || {
            slot.try_update_value(|c| {
                if let Some(c) = c.take() {
                    c.abort();
                }
            });
        });
        Inflight(slot)
    }

    /// Aborts the previous request and hands out the signal for the next.
    pub fn next(&self) -> Option<AbortSignal> {
        let fresh = AbortController::new().ok();
        let signal = fresh.as_ref().map(AbortController::signal);
        self.0.try_update_value(|c| {
            if let Some(old) = std::mem::replace(c, fresh) {
                old.abort();
            }
        });
        signal
    }
}

fn enc(s: &str) -> String {
    String::from(js_sys::encode_uri_component(s))
}

/// `GET {base}/tags?appCode&evalEntityCode&stars&type`.
pub async fn tags(
    base: &str,
    app_code: &AppCode,
    entity: EvalEntityCode,
    stars: Stars,
    tag_type: TagType,
    signal: Option<AbortSignal>,
) -> Result<TagsResponse, ApiFailure> {
    let url = [
        base,
        "/tags?appCode=",
        &enc(app_code.as_str()),
        "&evalEntityCode=",
        entity.as_str(),
        "&stars=",
        &stars.get().to_string(),
        "&type=",
        &tag_type.get().to_string(),
    ]
    .concat();
    call(&url, None, None, signal).await
}

/// `GET {base}/halls?appCode`: the halls of the page's app, and those not tied to one.
pub async fn halls(
    base: &str,
    app_code: &AppCode,
    signal: Option<AbortSignal>,
) -> Result<HallsResponse, ApiFailure> {
    let url = [base, "/halls?appCode=", &enc(app_code.as_str())].concat();
    call(&url, None, None, signal).await
}

/// `POST {base}/submit`, with the ticket as a bearer token when the page needs login.
pub async fn submit(
    base: &str,
    req: &SubmitRequest,
    ticket: Option<&str>,
    signal: Option<AbortSignal>,
) -> Result<SubmitResponse, ApiFailure> {
    let body = codec::to_text(req).ok_or(ApiFailure::Http(0))?;
    let url = [base, "/submit"].concat();
    call(&url, Some(body), ticket, signal).await
}

/// `GET {base}/my/cases?appCode&range&page` (or `/my/guides` with
/// `guides`): one page of the citizen's cases or guide ratings. The user is
/// the ticket's.
pub async fn my_list<T: Json>(
    base: &str,
    what: &str,
    app_code: &AppCode,
    range: TimeRange,
    page: u32,
    ticket: Option<&str>,
    signal: Option<AbortSignal>,
) -> Result<T, ApiFailure> {
    let url = [
        base,
        "/my/",
        what,
        "?appCode=",
        &enc(app_code.as_str()),
        "&range=",
        range.as_str(),
        "&page=",
        &page.to_string(),
    ]
    .concat();
    call(&url, None, ticket, signal).await
}

/// [`my_list`] of the citizen's cases.
pub async fn my_cases(
    base: &str,
    app_code: &AppCode,
    range: TimeRange,
    page: u32,
    ticket: Option<&str>,
    signal: Option<AbortSignal>,
) -> Result<MyCasesResponse, ApiFailure> {
    my_list(base, "cases", app_code, range, page, ticket, signal).await
}

/// [`my_list`] of the citizen's guide ratings.
pub async fn my_guides(
    base: &str,
    app_code: &AppCode,
    range: TimeRange,
    page: u32,
    ticket: Option<&str>,
    signal: Option<AbortSignal>,
) -> Result<MyGuidesResponse, ApiFailure> {
    my_list(base, "guides", app_code, range, page, ticket, signal).await
}

/// `GET {base}/my/case?appCode&channel&affairSerialNo`: one case with its ratings.
pub async fn my_case(
    base: &str,
    app_code: &AppCode,
    channel: &str,
    serial: &str,
    ticket: Option<&str>,
    signal: Option<AbortSignal>,
) -> Result<MyCaseDetail, ApiFailure> {
    let url = [
        base,
        "/my/case?appCode=",
        &enc(app_code.as_str()),
        "&channel=",
        &enc(channel),
        "&affairSerialNo=",
        &enc(serial),
    ]
    .concat();
    call(&url, None, ticket, signal).await
}

/// `POST {base}/pad/rate`: a rating made on a hall window's pad, with the
/// pad's credential as a bearer token (the pad entry).
pub async fn pad_rate(
    base: &str,
    req: &hcp_protocol::pad::PadRateRequest,
    credential: &str,
    signal: Option<AbortSignal>,
) -> Result<SubmitResponse, ApiFailure> {
    let body = codec::to_text(req).ok_or(ApiFailure::Http(0))?;
    let url = [base, "/pad/rate"].concat();
    call(&url, Some(body), Some(credential), signal).await
}

/// One fetch: JSON in (a POST when there is a body), the answer's body read
/// as `T`, or the gateway's `ApiError`.
async fn call<T: Json>(
    url: &str,
    body: Option<String>,
    ticket: Option<&str>,
    signal: Option<AbortSignal>,
) -> Result<T, ApiFailure> {
    let init = RequestInit::new();
    let headers = js_sys::Object::new();
    codec::set(&headers, "Accept", &"application/json".into());
    if let Some(b) = &body {
        init.set_method("POST");
        init.set_body(&JsValue::from_str(b));
        codec::set(&headers, "Content-Type", &"application/json".into());
    }
    if let Some(tk) = ticket {
        codec::set(&headers, "Authorization", &["Bearer ", tk].concat().into());
    }
    init.set_headers(&headers);
    if let Some(s) = &signal {
        init.set_signal(Some(s));
    }
    let failed = |_| {
        if signal.as_ref().is_some_and(AbortSignal::aborted) {
            ApiFailure::Aborted
        } else {
            ApiFailure::Network
        }
    };
    let window = web_sys::window().ok_or(ApiFailure::Network)?;
    let resp: Response = JsFuture::from(window.fetch_with_str_and_init(url, &init))
        .await
        .map_err(failed)?
        .unchecked_into();
    let status = resp.status();
    let text = resp.text().map_err(|_| ApiFailure::Network)?;
    let text = JsFuture::from(text).await.map_err(failed)?.as_string();
    let text = text.as_deref().unwrap_or("");
    if resp.ok() {
        codec::from_text(text).ok_or(ApiFailure::Http(status))
    } else {
        Err(match codec::from_text(text) {
            Some(error) => ApiFailure::Api { status, error },
            None => ApiFailure::Http(status),
        })
    }
}

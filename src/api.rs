//! Every call the widget makes to the gateway (`docs/ARCHITECTURE.md`,
//! "Widget ↔ gateway API"): tags, halls, submit. Plain `fetch` with an
//! `AbortController`, bodies from `hcp_protocol::api`. Every call returns a
//! `Result` into the view; a superseded or unmounted request is aborted.

use hcp_protocol::api::{ApiError, HallsResponse, SubmitRequest, SubmitResponse, TagsResponse};
use hcp_protocol::types::{AppCode, TagType};
use hcp_protocol::{EvalEntityCode, Lang, Stars};
use leptos::prelude::*;
use serde::de::DeserializeOwned;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal, RequestInit, Response};

use crate::i18n::t;

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
    /// Aborted by the widget (a newer request or the page went away).
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
            ApiFailure::Http(_) => t(lang).server_error.to_string(),
            ApiFailure::Network | ApiFailure::Aborted => t(lang).network_error.to_string(),
        }
    }
}

/// One in-flight request slot: starting a new request aborts the previous
/// one, and unmounting the owner aborts whatever is still running.
#[derive(Clone, Copy)]
pub struct Inflight(StoredValue<Option<AbortController>, LocalStorage>);

impl Inflight {
    /// A slot owned by the current reactive owner.
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
    let url = format!(
        "{base}/tags?appCode={}&evalEntityCode={}&stars={}&type={}",
        enc(app_code.as_str()),
        entity.as_str(),
        stars.get(),
        tag_type.get()
    );
    call(&url, None, None, signal).await
}

/// `GET {base}/halls?appCode`: the hall directory.
pub async fn halls(
    base: &str,
    app_code: &AppCode,
    signal: Option<AbortSignal>,
) -> Result<HallsResponse, ApiFailure> {
    let url = format!("{base}/halls?appCode={}", enc(app_code.as_str()));
    call(&url, None, None, signal).await
}

/// `POST {base}/submit`, with the ticket as a bearer token when the page needs login.
pub async fn submit(
    base: &str,
    req: &SubmitRequest,
    ticket: Option<&str>,
    signal: Option<AbortSignal>,
) -> Result<SubmitResponse, ApiFailure> {
    let body = serde_json::to_string(req).map_err(|_| ApiFailure::Http(0))?;
    call(&format!("{base}/submit"), Some(body), ticket, signal).await
}

/// One fetch: JSON in, JSON (or an `ApiError`) out.
async fn call<T: DeserializeOwned>(
    url: &str,
    body: Option<String>,
    ticket: Option<&str>,
    signal: Option<AbortSignal>,
) -> Result<T, ApiFailure> {
    let init = RequestInit::new();
    let headers = js_sys::Object::new();
    let set = |k: &str, v: &str| {
        let _ = js_sys::Reflect::set(&headers, &JsValue::from_str(k), &JsValue::from_str(v));
    };
    set("Accept", "application/json");
    if let Some(b) = &body {
        init.set_method("POST");
        init.set_body(&JsValue::from_str(b));
        set("Content-Type", "application/json");
    }
    if let Some(tk) = ticket {
        set("Authorization", &format!("Bearer {tk}"));
    }
    init.set_headers(&headers);
    if let Some(s) = &signal {
        init.set_signal(Some(s));
    }
    let aborted = || signal.as_ref().is_some_and(AbortSignal::aborted);
    let window = web_sys::window().ok_or(ApiFailure::Network)?;
    let resp = JsFuture::from(window.fetch_with_str_and_init(url, &init))
        .await
        .map_err(|_| {
            if aborted() {
                ApiFailure::Aborted
            } else {
                ApiFailure::Network
            }
        })?;
    let resp: Response = resp.dyn_into().map_err(|_| ApiFailure::Network)?;
    let status = resp.status();
    let text = match resp.text() {
        Ok(p) => JsFuture::from(p)
            .await
            .map_err(|_| {
                if aborted() {
                    ApiFailure::Aborted
                } else {
                    ApiFailure::Network
                }
            })?
            .as_string()
            .unwrap_or_default(),
        Err(_) => return Err(ApiFailure::Network),
    };
    if resp.ok() {
        serde_json::from_str(&text).map_err(|_| ApiFailure::Http(status))
    } else {
        match serde_json::from_str::<ApiError>(&text) {
            Ok(error) => Err(ApiFailure::Api { status, error }),
            Err(_) => Err(ApiFailure::Http(status)),
        }
    }
}

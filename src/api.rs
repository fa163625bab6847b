//! Every call the widget makes to the gateway (`docs/ARCHITECTURE.md`,
//! "Widget ↔ gateway API"): tags, halls, submit. Plain `fetch` with an
//! `AbortController`; bodies are those of `hcp_protocol::api`, read and
//! written by [`crate::json`]. Every call returns a `Result` into the view; a
//! superseded or unmounted request is aborted.
//!
//! Answers land in plain signals, with the request started by `spawn_local`,
//! rather than in `LocalResource` / `Action` (the house style): those bring
//! Leptos's async-derived machinery (suspense bookkeeping, async locks,
//! send wrappers), which was about an eighth of the wasm for three calls that
//! need none of it. The behaviour is the same: `None` while a request is in
//! flight, its `Result` when it is in, a retry re-runs it, and on cleanup
//! [`Inflight`] aborts whatever is still running.

use hcp_protocol::api::{ApiError, Hall, HallsResponse, SubmitRequest, SubmitResponse, Tag};
use hcp_protocol::types::{AppCode, TagType};
use hcp_protocol::{EvalEntityCode, Lang, Stars};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal, RequestInit, Response};

use crate::i18n::t;
use crate::json;

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

/// The hall directory, for the pages that show or pick a hall: `None` while
/// it loads. Fetched once per page; [`Halls::reload`] is the retry.
#[derive(Clone, Copy)]
pub struct Halls {
    answer: RwSignal<Option<Result<HallsResponse, ApiFailure>>>,
    /// Notified, fetches again (the retry button).
    pub reload: Trigger,
}

impl Halls {
    /// Starts `GET {base}/halls?appCode`, owned by the current reactive owner.
    pub fn fetch(base: &str, app_code: &AppCode) -> Halls {
        let url = [base, "/halls?appCode=", &enc(app_code.as_str())].concat();
        let halls = Halls {
            answer: RwSignal::new(None),
            reload: Trigger::new(),
        };
        let inflight = Inflight::new();
        Effect::new(move || {
            halls.reload.track();
            halls.answer.set(None);
            let signal = inflight.next();
            let url = url.clone();
            spawn_local(async move {
                let r = read(call(&url, None, None, signal).await, json::halls);
                if r != Err(ApiFailure::Aborted) {
                    halls.answer.try_set(Some(r));
                }
            });
        });
        halls
    }

    /// Reads the answer (tracked), `None` while loading.
    pub fn with<R>(self, f: impl FnOnce(Option<&Result<HallsResponse, ApiFailure>>) -> R) -> R {
        self.answer.with(|a| f(a.as_ref()))
    }

    /// Reads the halls (tracked): none while loading or after a failure.
    pub fn with_halls<R>(self, f: impl FnOnce(&[Hall]) -> R) -> R {
        self.answer.with(|a| match a {
            Some(Ok(d)) => f(&d.halls),
            _ => f(&[]),
        })
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
) -> Result<Vec<Tag>, ApiFailure> {
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
    read(call(&url, None, None, signal).await, json::tags)
}

/// `POST {base}/submit`, with the ticket as a bearer token when the page needs login.
pub async fn submit(
    base: &str,
    req: &SubmitRequest,
    ticket: Option<&str>,
    signal: Option<AbortSignal>,
) -> Result<SubmitResponse, ApiFailure> {
    let body = json::stringify(&json::submit_request(req)).ok_or(ApiFailure::Http(0))?;
    let url = [base, "/submit"].concat();
    read(
        call(&url, Some(body.into()), ticket, signal).await,
        json::submit_response,
    )
}

/// Reads a successful answer's body, which must have the expected shape.
fn read<T>(
    answer: Result<(u16, JsValue), ApiFailure>,
    body: fn(&JsValue) -> Option<T>,
) -> Result<T, ApiFailure> {
    let (status, v) = answer?;
    body(&v).ok_or(ApiFailure::Http(status))
}

/// One fetch: JSON in, the status and parsed JSON (or an `ApiError`) out.
async fn call(
    url: &str,
    body: Option<JsValue>,
    ticket: Option<&str>,
    signal: Option<AbortSignal>,
) -> Result<(u16, JsValue), ApiFailure> {
    let init = RequestInit::new();
    let headers = js_sys::Object::new();
    json::set(&headers, "Accept", &"application/json".into());
    if let Some(b) = &body {
        init.set_method("POST");
        init.set_body(b);
        json::set(&headers, "Content-Type", &"application/json".into());
    }
    if let Some(tk) = ticket {
        json::set(&headers, "Authorization", &["Bearer ", tk].concat().into());
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
    let v = text.as_deref().and_then(json::parse);
    match v {
        Some(v) if resp.ok() => Ok((status, v)),
        _ => Err(match v.as_ref().and_then(json::api_error) {
            Some(error) if !resp.ok() => ApiFailure::Api { status, error },
            _ => ApiFailure::Http(status),
        }),
    }
}

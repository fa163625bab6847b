//! The JSON the widget reads and writes (the gateway's bodies of
//! `hcp_protocol::api`, the page's `WidgetConfig`, the saved draft), through
//! the browser's own `JSON.parse` / `JSON.stringify` and field reads.
//!
//! Why not serde_json: the widget ships to cheap phones over slow networks,
//! and serde_json with the derived visitors of these few bodies was about a
//! fifth of the wasm. The browser parses JSON anyway; here each body is read
//! field by field, with the same rules as the protocol crate's serde
//! attributes: a required field that is missing or of the wrong type makes
//! the whole body unreadable (`None`), optional fields may be absent or
//! `null`, and lists default to empty where the protocol says `default`.
//! The gateway still reads and writes these bodies with serde, so
//! `crates/protocol`'s round-trip tests pin the format both sides share.

use hcp_protocol::api::{
    ApiError, CaseOutcome, Hall, HallsResponse, SubmitRequest, SubmitResponse, SubmitStatus, Tag,
    WidgetConfig, Worker,
};
use js_sys::{Array, JSON, JsString, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// `o[key]` (`undefined` when `o` is not an object or has no such key).
pub fn get(o: &JsValue, key: &str) -> JsValue {
    if !o.is_object() {
        return JsValue::UNDEFINED;
    }
    Reflect::get(o, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// `o[key] = value`.
pub fn set(o: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(o, &JsValue::from_str(key), value);
}

/// A required string field.
pub fn string(o: &JsValue, key: &str) -> Option<String> {
    get(o, key).as_string()
}

/// An optional string field: absent or `null` is `Some(None)`, another type `None`.
fn opt_string(o: &JsValue, key: &str) -> Option<Option<String>> {
    let v = get(o, key);
    if v.is_undefined() || v.is_null() {
        Some(None)
    } else {
        v.as_string().map(Some)
    }
}

/// A list field read item by item; `None` if it is not an array or an item does not read.
/// `default`: an absent or `null` field is an empty list.
pub fn list<T>(
    o: &JsValue,
    key: &str,
    default: bool,
    item: fn(&JsValue) -> Option<T>,
) -> Option<Vec<T>> {
    let v = get(o, key);
    if default && (v.is_undefined() || v.is_null()) {
        return Some(Vec::new());
    }
    v.dyn_into::<Array>()
        .ok()?
        .iter()
        .map(|x| item(&x))
        .collect()
}

/// A list of strings as a JS array.
pub fn string_array<'a>(items: impl Iterator<Item = &'a str>) -> Array {
    items.map(JsValue::from_str).collect()
}

/// Parses JSON text (`None` if it is not JSON).
pub fn parse(text: &str) -> Option<JsValue> {
    JSON::parse(text).ok()
}

/// Writes a JS value as JSON text.
pub fn stringify(v: &JsValue) -> Option<JsString> {
    JSON::stringify(v).ok()
}

/// `GET /api/tags`: `{tags: [{id, name}]}`.
pub fn tags(v: &JsValue) -> Option<Vec<Tag>> {
    list(v, "tags", false, |t| {
        Some(Tag {
            id: string(t, "id")?,
            name: string(t, "name")?,
        })
    })
}

/// `GET /api/halls?appCode=`: `{halls: [{hallCode, name, workers: [{workNo, name}]}]}`.
pub fn halls(v: &JsValue) -> Option<HallsResponse> {
    let halls = list(v, "halls", false, |h| {
        Some(Hall {
            hall_code: string(h, "hallCode")?,
            name: string(h, "name")?,
            workers: list(h, "workers", false, |w| {
                Some(Worker {
                    work_no: string(w, "workNo")?,
                    name: string(w, "name")?,
                })
            })?,
        })
    })?;
    Some(HallsResponse { halls })
}

fn status(v: &JsValue, key: &str) -> Option<SubmitStatus> {
    string(v, key)?.parse().ok()
}

/// `POST /api/submit`'s answer: `{status, evalId?, cases?: [{affairSerialNo, status, message?}]}`.
pub fn submit_response(v: &JsValue) -> Option<SubmitResponse> {
    Some(SubmitResponse {
        status: status(v, "status")?,
        eval_id: opt_string(v, "evalId")?,
        cases: list(v, "cases", true, |c| {
            Some(CaseOutcome {
                affair_serial_no: string(c, "affairSerialNo")?,
                status: status(c, "status")?,
                message: opt_string(c, "message")?,
            })
        })?,
    })
}

/// An error body: `{code, field?, zh, en}`.
pub fn api_error(v: &JsValue) -> Option<ApiError> {
    Some(ApiError {
        code: string(v, "code")?,
        field: opt_string(v, "field")?,
        zh: string(v, "zh")?,
        en: string(v, "en")?,
    })
}

/// The page's `{loginUrl, allowedOrigins?, apiBase}`.
pub fn widget_config(v: &JsValue) -> Option<WidgetConfig> {
    Some(WidgetConfig {
        login_url: string(v, "loginUrl")?,
        allowed_origins: list(v, "allowedOrigins", true, JsValue::as_string)?,
        api_base: string(v, "apiBase")?,
    })
}

/// `POST /api/submit`'s body, as `SubmitRequest` serializes:
/// `{route, query, rating: {stars, tags, remark}, hall?: {hallCode, workNo}}`.
pub fn submit_request(req: &SubmitRequest) -> JsValue {
    let rating = Object::new();
    set(&rating, "stars", &req.rating.stars.get().into());
    let tags = string_array(req.rating.tags.iter().map(|t| t.as_str()));
    set(&rating, "tags", &tags);
    set(&rating, "remark", &req.rating.remark.as_str().into());
    let o = Object::new();
    set(&o, "route", &req.route.as_str().into());
    set(&o, "query", &req.query.as_str().into());
    set(&o, "rating", &rating);
    if let Some(h) = &req.hall {
        let hall = Object::new();
        set(&hall, "hallCode", &h.hall_code.as_str().into());
        set(&hall, "workNo", &h.work_no.as_str().into());
        set(&o, "hall", &hall);
    }
    o.into()
}

//! The citizen's unfinished rating, kept in `sessionStorage` from the moment
//! it is sent until the gateway has answered it (so a reload after a lost
//! answer, or a login round trip after `401 login_required`, finds it with
//! its idempotency key); the form restores it on load. Storage may be
//! unavailable (privacy modes, sandboxed frames): then nothing is kept, and
//! nothing fails. Stored as JSON
//! `{stars, tags, remark, hall: [hallCode, workNo] | null, key: string | null}`
//! (see [`crate::json`]).

use js_sys::Object;
use wasm_bindgen::JsValue;

use crate::json;

/// What the citizen had chosen.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Draft {
    /// 1..=5.
    pub stars: u8,
    /// Chosen tag ids.
    pub tags: Vec<String>,
    /// The comment.
    pub remark: String,
    /// Consult online: picked hall code and work number.
    pub hall: Option<(String, String)>,
    /// The idempotency key it was sent with, if it was.
    pub key: Option<String>,
}

impl Draft {
    /// Whether `other` is the same rating (its key aside).
    pub fn same_rating(&self, other: &Draft) -> bool {
        self.stars == other.stars
            && self.tags == other.tags
            && self.remark == other.remark
            && self.hall == other.hall
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

fn key(page: &str) -> String {
    ["hcp-draft:", page].concat()
}

/// Keeps the draft of the page identified by `page` (route and query without ticket).
pub fn save(page: &str, draft: &Draft) {
    let o = Object::new();
    json::set(&o, "stars", &draft.stars.into());
    json::set(
        &o,
        "tags",
        &json::string_array(draft.tags.iter().map(String::as_str)),
    );
    json::set(&o, "remark", &draft.remark.as_str().into());
    let hall = match &draft.hall {
        Some((h, w)) => json::string_array([h.as_str(), w.as_str()].into_iter()).into(),
        None => JsValue::NULL,
    };
    json::set(&o, "hall", &hall);
    let sent = draft
        .key
        .as_deref()
        .map_or(JsValue::NULL, JsValue::from_str);
    json::set(&o, "key", &sent);
    if let (Some(s), Some(text)) = (storage(), json::stringify(&o)) {
        let _ = s.set_item(&key(page), &String::from(text));
    }
}

/// Forgets the page's draft (the gateway answered).
pub fn clear(page: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(&key(page));
    }
}

/// The page's draft, if there is one (it stays until [`clear`]).
pub fn load(page: &str) -> Option<Draft> {
    let text = storage()?.get_item(&key(page)).ok().flatten()?;
    let v = json::parse(&text)?;
    let hall = match json::list(&v, "hall", true, JsValue::as_string).as_deref() {
        Some([h, w]) => Some((h.clone(), w.clone())),
        _ => None,
    };
    Some(Draft {
        stars: json::get(&v, "stars").as_f64()? as u8,
        tags: json::list(&v, "tags", false, JsValue::as_string)?,
        remark: json::string(&v, "remark")?,
        hall,
        key: json::get(&v, "key").as_string(),
    })
}

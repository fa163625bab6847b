//! The citizen's unfinished rating, kept in `sessionStorage` across a login
//! round trip (a `401 login_required` on submit), and restored once on return.
//! Storage may be unavailable (privacy modes, sandboxed frames): then nothing
//! is kept, and nothing fails.

use serde::{Deserialize, Serialize};

/// What the citizen had chosen.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    /// 1..=5.
    pub stars: u8,
    /// Chosen tag ids.
    pub tags: Vec<String>,
    /// The comment.
    pub remark: String,
    /// Consult online: picked hall code and work number.
    #[serde(default)]
    pub hall: Option<(String, String)>,
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

fn key(page: &str) -> String {
    format!("hcp-draft:{page}")
}

/// Keeps the draft of the page identified by `page` (route and query without ticket).
pub fn save(page: &str, draft: &Draft) {
    if let (Some(s), Ok(json)) = (storage(), serde_json::to_string(draft)) {
        let _ = s.set_item(&key(page), &json);
    }
}

/// Takes the page's draft out of storage, if there is one.
pub fn take(page: &str) -> Option<Draft> {
    let s = storage()?;
    let k = key(page);
    let json = s.get_item(&k).ok().flatten()?;
    let _ = s.remove_item(&k);
    serde_json::from_str(&json).ok()
}

//! The citizen's unfinished rating, kept in `sessionStorage` across a login
//! round trip (a `401 login_required` on submit), and restored once on return.
//! Storage may be unavailable (privacy modes, sandboxed frames): then nothing
//! is kept, and nothing fails. Stored as JSON through [`crate::codec`]:
//! `{stars, tags, remark, hall?: {hall, worker}}`.

use crate::codec;

/// What the citizen had chosen.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Draft {
    /// 1..=5.
    pub stars: u8,
    /// Chosen tag ids.
    pub tags: Vec<String>,
    /// The comment.
    pub remark: String,
    /// Consult online: the picked window.
    pub hall: Option<Picked>,
}

/// The window picked on the consult-online page, as chosen (not yet checked).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Picked {
    /// 大厅编码.
    pub hall: String,
    /// 工作人员编号.
    pub worker: String,
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

fn key(page: &str) -> String {
    ["hcp-draft:", page].concat()
}

/// Keeps the draft of the page identified by `page` (route and query without ticket).
pub fn save(page: &str, draft: &Draft) {
    if let (Some(s), Some(text)) = (storage(), codec::to_text(draft)) {
        let _ = s.set_item(&key(page), &text);
    }
}

/// Takes the page's draft out of storage, if there is one.
pub fn take(page: &str) -> Option<Draft> {
    let s = storage()?;
    let k = key(page);
    let text = s.get_item(&k).ok().flatten()?;
    let _ = s.remove_item(&k);
    codec::from_text(&text)
}

//! The citizen's unfinished rating, kept in `sessionStorage` from the moment
//! it is sent until the gateway has answered it (so a reload after a lost
//! answer, or a login round trip after `401 login_required`, finds it with
//! its idempotency key); the form restores it on load. Storage may be
//! unavailable (privacy modes, sandboxed frames): then nothing is kept, and
//! nothing fails. Stored as JSON through [`crate::codec`]:
//! `{stars, tags, remark, hall?: {hall, worker}, key?}`.

use crate::codec::{self, json_object};

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

/// The window picked on the consult-online page, as chosen (not yet checked).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Picked {
    /// 大厅编码.
    pub hall: String,
    /// 工作人员编号.
    pub worker: String,
}

json_object!(Draft {
    stars: "stars" required,
    tags: "tags" required,
    remark: "remark" required,
    hall: "hall" optional,
    key: "key" optional,
});
json_object!(Picked {
    hall: "hall" required,
    worker: "worker" required,
});

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

/// Forgets the page's draft (the gateway answered).
pub fn clear(page: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(&key(page));
    }
}

/// The page's draft, if there is one (it stays until [`clear`]).
pub fn load(page: &str) -> Option<Draft> {
    let text = storage()?.get_item(&key(page)).ok().flatten()?;
    codec::from_text(&text)
}

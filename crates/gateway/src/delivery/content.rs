//! What a guide or window rating says (stars, tags, remark, who), as the
//! outbox keeps it (`content_key`) and as the platform's lists show it: the
//! confirmation matches list rows against it, since those rows carry no key
//! of ours.

use crate::rating::plan::UpstreamBody;
use hcp_protocol::upstream::{TagRef, UpstreamTag};
use sha2::{Digest, Sha256};

/// What a rating shows in the platform's lists: stars, tags, remark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Content {
    /// 1..=5.
    pub stars: u8,
    /// Tag ids, sorted.
    pub tags: Vec<String>,
    /// The remark, trimmed ("" when none).
    pub remark: String,
}

impl Content {
    pub(crate) fn new(
        stars: u8,
        tags: impl IntoIterator<Item = String>,
        remark: Option<&str>,
    ) -> Content {
        let mut tags: Vec<String> = tags.into_iter().collect();
        tags.sort();
        tags.dedup();
        Content {
            stars,
            tags,
            remark: remark.unwrap_or("").trim().to_string(),
        }
    }

    pub(crate) fn of(stars: u8, tags: Option<&Vec<TagRef>>, remark: Option<&str>) -> Content {
        Content::new(
            stars,
            tags.into_iter().flatten().map(|t| t.id().to_string()),
            remark,
        )
    }

    /// Whether a listed rating shows this content. A list may leave out
    /// tags it does not know, so its tags need only be among ours.
    pub fn shown_by(&self, stars: u8, tags: Option<&[UpstreamTag]>, remark: Option<&str>) -> bool {
        self.stars == stars
            && self.remark == remark.unwrap_or("").trim()
            && tags.is_none_or(|t| {
                t.iter()
                    .all(|t| self.tags.iter().any(|o| o == t.tag_id.as_str()))
            })
    }
}

/// The key the outbox keeps to count a citizen's ratings with the same
/// content (guide and window ratings; `None` for cases, which the platform
/// keys itself): SHA-256 of kind, appCode, userId, guide code and content.
pub fn content_key(body: &UpstreamBody) -> Option<String> {
    let (kind, app, user, code, content) = match body {
        UpstreamBody::Guide(b) => (
            "guide",
            &b.app_code,
            b.user.user_id.as_deref(),
            b.guide.affair_code.as_str(),
            Content::of(
                b.general_stars.get(),
                b.tag_list.as_ref(),
                b.remark.as_deref(),
            ),
        ),
        UpstreamBody::Consult(b) => (
            "consult",
            &b.app_code,
            b.user.as_ref().and_then(|u| u.user_id.as_deref()),
            "",
            Content::of(
                b.general_stars.get(),
                b.tag_list.as_ref(),
                b.remark.as_deref(),
            ),
        ),
        UpstreamBody::Affair(_) | UpstreamBody::Multi(_) | UpstreamBody::OneThing(_) => {
            return None;
        }
    };
    let user = user?;
    let text = serde_json::json!([
        kind,
        app,
        user,
        code,
        content.stars,
        content.tags,
        content.remark
    ])
    .to_string();
    Some(hex::encode(Sha256::digest(text.as_bytes())))
}

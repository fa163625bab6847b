//! Ratings made on the pad while the gateway could not be reached, kept in
//! `localStorage` (they survive a reload or a restart of the tablet) with
//! the idempotency key each was made with, and sent once the live
//! connection is back: the gateway records each once, however often it is
//! sent (a send whose answer was lost is sent again with the same key).
//! Without storage (a private mode) nothing is kept, and the rating is
//! reported as not sent.

use hcp_protocol::pad::PadRateRequest;
use hcp_widget::api::{self, ApiFailure};
use hcp_widget::codec;

const KEY: &str = "hcp-pad-queue";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The waiting ratings, oldest first.
pub fn all() -> Vec<PadRateRequest> {
    storage()
        .and_then(|s| s.get_item(KEY).ok().flatten())
        .and_then(|text| codec::from_text::<Vec<PadRateRequest>>(&text))
        .unwrap_or_default()
}

fn save(list: &[PadRateRequest]) -> bool {
    let Some(s) = storage() else {
        return false;
    };
    if list.is_empty() {
        return s.remove_item(KEY).is_ok();
    }
    codec::to_text(&list.to_vec()).is_some_and(|text| s.set_item(KEY, &text).is_ok())
}

/// Keeps a rating to send later; `false` if it could not be kept.
pub fn push(req: PadRateRequest) -> bool {
    let mut list = all();
    if !list
        .iter()
        .any(|r| r.idempotency_key == req.idempotency_key)
    {
        list.push(req);
    }
    save(&list)
}

/// Whether the failure means "try again later" (nothing was decided).
pub fn retryable(f: &ApiFailure) -> bool {
    match f {
        ApiFailure::Network | ApiFailure::Aborted => true,
        ApiFailure::Http(status) | ApiFailure::Api { status, .. } => {
            *status >= 500 || *status == 429 || *status == 0
        }
    }
}

/// Sends every waiting rating, in order, until one cannot be sent now.
/// A rating the gateway answered (accepted, already rated, or refused for
/// good) leaves the queue. Returns how many are still waiting.
pub async fn flush(base: &str, credential: &str) -> usize {
    loop {
        let list = all();
        let Some(first) = list.first().cloned() else {
            return 0;
        };
        match api::pad_rate(base, &first, credential, None).await {
            Err(f) if retryable(&f) => return list.len(),
            // Answered: delivered, queued at the gateway, or refused for good.
            _ => {
                let rest: Vec<PadRateRequest> = all()
                    .into_iter()
                    .filter(|r| r.idempotency_key != first.idempotency_key)
                    .collect();
                if !save(&rest) {
                    return rest.len() + 1;
                }
            }
        }
    }
}

//! A client's idempotency key (`SubmitRequest.idempotencyKey`, made by the
//! widget per rating attempt, or by a hall system or the pad's offline
//! queue): the outbox key it is kept under and the fingerprint of the
//! submission it came with. A repeat with the same key and the same
//! fingerprint is the same rating; with another fingerprint it is refused,
//! so a reused or colliding key never hides someone else's rating.

use crate::identity::evaluator::Evaluator;
use crate::rating::plan::ClientKey;
use hcp_protocol::api::SubmitRequest;
use hcp_protocol::types::IdempotencyKey;
use sha2::{Digest, Sha256};

/// The outbox key: `client:{appCode}:{key}`, so that two systems' keys
/// cannot meet.
pub fn outbox_key(app_code: &str, key: &IdempotencyKey) -> String {
    ["client:", app_code, ":", key.as_str()].concat()
}

/// SHA-256 (hex) of what makes the submission this rating: the page (route
/// and query, without a ticket), the citizen's choice (stars, tags, remark,
/// the window picked) and who rates (the ticket's userId; a hall page names
/// its evaluator in the query).
pub fn fingerprint(req: &SubmitRequest, evaluator: &Evaluator) -> String {
    let query = hcp_protocol::params::without_key(&req.query, "ticket");
    let text =
        serde_json::json!([req.route, query, req.rating, req.hall, evaluator.user_id,]).to_string();
    hex::encode(Sha256::digest(text.as_bytes()))
}

/// The client key of a submission, if it has one.
pub fn client_key(req: &SubmitRequest, app_code: &str, evaluator: &Evaluator) -> Option<ClientKey> {
    req.idempotency_key.as_ref().map(|k| ClientKey {
        key: outbox_key(app_code, k),
        fingerprint: fingerprint(req, evaluator),
    })
}

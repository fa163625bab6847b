//! What a page sends to `/api/submit`: the body of a rating, and the
//! idempotency key a page adds so that its retries are the same rating.

use std::sync::atomic::{AtomicU64, Ordering};

use serde_json::{Value, json};

/// A submission body.
pub fn submission(route: &str, query: &str, stars: u8, tags: &[&str], remark: &str) -> Value {
    json!({"route": route, "query": query, "rating": {"stars": stars, "tags": tags, "remark": remark}})
}

/// A key no other submission of this test run uses (32 hex digits).
pub fn new_key() -> String {
    static N: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let n = N.fetch_add(1, Ordering::Relaxed);
    format!("{:016x}{:08x}{:08x}", nanos as u64, std::process::id(), n)
}

/// `body` with an idempotency key.
pub fn keyed(mut body: Value, key: &str) -> Value {
    body["idempotencyKey"] = Value::String(key.to_string());
    body
}

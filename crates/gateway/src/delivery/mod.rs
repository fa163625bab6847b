//! Delivery: from a plan to the platform, exactly once. The outbox (entries, keys, leases), an attempt and its answer, the confirmation of an unknown outcome before anything is sent again, the retry timing, and the submission's answer to the citizen (docs/ARCHITECTURE.md "Delivery: the outbox").

pub mod answers;
pub mod attempt;
pub mod backoff;
pub mod confirm;
pub mod content;
pub mod kinds;
pub mod listing;
pub mod outbox;
pub mod submit;

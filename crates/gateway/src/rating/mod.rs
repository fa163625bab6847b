//! From a page and a citizen's choice to what goes upstream: the plan (body and keys), the directory lookups it needs, the checks on the case and window, idempotency keys, 一件事 bundles and tag checks. Storage and HTTP are not called from here, except the reads the lookups name.

pub mod body;
pub mod checks;
pub mod idempotency;
pub mod lookup;
pub mod onething;
pub mod plan;
pub mod prepare;
pub mod tags;

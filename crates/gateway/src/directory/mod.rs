//! What is rated: the case, hall and department directories (their records, import and SQL) and the platform's tag lists (kept catalogs, fetched and refreshed).

pub mod cases;
pub mod catalog;
pub mod departments;
pub mod halls;
pub mod import;
pub mod records;
pub mod tag_lists;

//! hcp-gateway integration tests: real HTTP against a real sandbox, real
//! SQLite files in temporary directories, and the real binary where the
//! process matters (SIGKILL, startup refusal, logs, import).

mod pg;
mod support;

mod catalogs;
mod config_and_cli;
mod delivery;
mod directory;
mod exactly_once;
mod hostile;
mod identity;
mod logs;
mod my;
mod one_rating;
mod onething;
mod ops;
mod pad;
mod shared_postgres;
mod signed_links;
mod static_files;
mod store;
mod submit;
mod thousand;
mod upstream_guard;

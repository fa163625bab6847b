//! The hcp rating widget: every rating page of SPEC §2 as one Leptos CSR app,
//! compiled to WebAssembly. One page per URL; the URL is parsed once, by the
//! protocol crate, and nothing is decoded or validated anywhere else.

mod api;
mod app;
mod components;
mod draft;
mod host;
mod i18n;
mod idem;
mod json;
mod pages;

pub use app::{App, mounted};

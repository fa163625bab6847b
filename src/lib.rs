//! The hcp widget: every page the citizen sees, compiled to WebAssembly.
//!
//! One library, one bundle per entry. Each entry is a bin (`src/main.rs`
//! for the rating pages, `src/bin/*.rs` for the others) that calls one
//! function below; the linker keeps only what that entry reaches, so an
//! entry's code never lands in another's bundle. Every entry starts the same
//! way ([`start::run`]): the URL and the gateway's config are read once, and
//! components get them as a typed prop. Adding an entry:
//! docs/ARCHITECTURE.md, "Widget".

mod api;
mod codec;
mod codec_check;
mod components;
mod draft;
mod fetch;
mod frame;
mod host;
mod i18n;
mod pages;
mod rating;
mod start;

/// The rating pages (SPEC §2–3): the `hcp-widget` bundle, served at every
/// rating route.
pub fn rating() {
    start::run(rating::decide, rating::render);
}

/// The codec check: the `hcp-codec-check` bundle, a test page served only
/// in sandbox mode (tests/e2e/specs/codec.spec.js).
pub fn codec_check() {
    start::run(codec_check::decide, codec_check::render);
}

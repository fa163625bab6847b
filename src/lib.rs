//! The hcp widget: every page the citizen sees, compiled to WebAssembly.
//!
//! One library, one bundle per entry. Each entry is a bin: `src/main.rs`
//! for the rating pages (whose code is in this library: [`rating`]), and
//! `src/bin/*.rs` for the others, each holding its own code and using the
//! shared modules below. The linker keeps only what an entry reaches, and an
//! entry's own code lives in its bin, so adding an entry leaves the other
//! bundles byte for byte as they were. Every entry starts the same way
//! ([`start::run`]): the URL and the gateway's config are read once, and
//! components get them as a typed prop. Adding an entry:
//! docs/ARCHITECTURE.md, "Widget".

// Shared by every entry.
pub mod api;
pub mod codec;
pub mod draft;
pub mod env;
pub mod fetch;
pub mod frame;
pub mod host;
pub mod i18n;
pub mod idem;
pub mod start;

// The rating entry's own code; its form and pieces are public for the
// other entries that rate (我的评价, 一件事: src/bin/hcp-my/).
pub mod components;
mod pages;
pub mod rating;

/// The star rating (a radio group), which the pad entry shows too.
pub use components::stars::StarRating;

/// The rating pages (SPEC §2–3): the `hcp-widget` bundle, served at every
/// rating route.
pub fn rating() {
    start::run(rating::decide, rating::render);
}

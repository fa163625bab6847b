//! The hcp widget: every page the citizen sees, compiled to WebAssembly.
//!
//! One library, one bundle per entry. Each entry is a bin under
//! `src/bin/` (the pad: `hcp-pad/`; 我的评价 and 一件事: `hcp-my/`; the
//! codec check: `hcp-codec-check.rs`) holding its own code and using the
//! shared modules below; the rating pages' code is the library's
//! [`rating`], which their bin (`hcp-widget/`) starts. The linker keeps
//! only what an entry reaches, so adding an entry leaves the other bundles
//! as they were. Every entry starts the same way
//! ([`start::run`]): the URL and the gateway's config are read once into
//! an [`env::Env`], which components get as a typed prop. Adding an entry:
//! docs/ARCHITECTURE.md, "Widget".

// Shared by every entry: start-up and its Env, the frame, the bridge to the
// host, the gateway's calls and the one way to read them, the JSON codec,
// what is kept in the browser, every text.
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

// The pieces of the rating form and of what is rated, for the entries that rate.
pub mod components;

// The rating pages' own code (the `hcp-widget` entry; src/rating.rs says why
// it is here and not in its bin).
pub mod rating;

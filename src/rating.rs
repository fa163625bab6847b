//! The rating pages (SPEC §2–3): the `hcp-widget` entry's own code, every
//! page of SPEC §2 with the rating flow of §3. Its bin
//! (src/bin/hcp-widget/main.rs) only starts it.
//!
//! - [`screens`]: what the URL opens: the page, the parameter-error
//!   notice, "page not found", or the login redirect;
//! - [`page`]: a valid page (its route and parameters), which its form rates;
//! - [`pages`]: one module per page: what is rated, then the rating form;
//! - [`hall_picker`]: consult online's hall and worker.
//!
//! Unlike the other entries' code, this is in the library rather than in
//! its bin: built from src/bin/hcp-widget/ (the same modules), the rating
//! pages' first load was 2.6 KB larger (brotli; 8.6 KB of raw wasm), LLVM
//! inlining the form's and the start-up's generic code differently when
//! the bin instantiates it (docs/ARCHITECTURE.md, "Widget"). The other
//! entries link none of it.

mod hall_picker;
mod page;
mod pages;
mod screens;

pub use screens::run;

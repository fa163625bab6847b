//! The rating pages (SPEC §2–3), an entry of its own (`hcp-widget`,
//! index.html, served at every rating route). Their code is the library's
//! `rating` module (src/rating/: its pages, what the URL opens), built on
//! the shared start-up, frame, reads and rating form.
//!
//! `#[wasm_bindgen(start)]` instead of `fn main`: the page calls it once the
//! module is instantiated, as it would `main`, without Rust's program start
//! and exit (arguments, stdout flushing, …), which on wasm only add weight.
#![no_main]

#[wasm_bindgen::prelude::wasm_bindgen(start)]
fn start() {
    hcp_widget::rating::run();
}

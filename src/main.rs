//! The rating entry (`hcp-widget`, index.html).
//!
//! `#[wasm_bindgen(start)]` instead of `fn main`: the page calls it once the
//! module is instantiated, as it would `main`, without Rust's program start
//! and exit (arguments, stdout flushing, …), which on wasm only add weight.
#![no_main]

#[wasm_bindgen::prelude::wasm_bindgen(start)]
fn start() {
    hcp_widget::rating();
}

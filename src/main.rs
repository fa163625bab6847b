//! Entry point: installs the panic hook, mounts the app and tells the host.
//!
//! `#[wasm_bindgen(start)]` instead of `fn main`: the page calls it once the
//! module is instantiated, as it would `main`, without Rust's program start
//! and exit (arguments, stdout flushing, …), which on wasm only add weight.
#![no_main]

use wasm_bindgen::prelude::wasm_bindgen;

#[wasm_bindgen(start)]
fn start() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(hcp_widget::App);
    hcp_widget::mounted();
}

//! The codec-check entry (`hcp-codec-check`, codec-check.html): a test page.
#![no_main]

#[wasm_bindgen::prelude::wasm_bindgen(start)]
fn start() {
    hcp_widget::codec_check();
}

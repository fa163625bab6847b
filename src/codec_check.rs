//! The codec check, an entry of its own (and the proof that an entry loads
//! only its own code: docs/ARCHITECTURE.md, "Widget"). It puts
//! `window.hcpCodec(name, json)` in the page: the widget's codec reads `json`
//! as the body `name` and writes it back (`null` if it does not read).
//! tests/e2e/specs/codec.spec.js feeds it every golden file the protocol
//! crate writes with serde and compares. Served in sandbox mode only.

use leptos::prelude::*;
use wasm_bindgen::JsValue;
use wasm_bindgen::prelude::Closure;

use crate::codec::{self, set};
use crate::start::{Env, Screen};

/// Installs `window.hcpCodec`; the title says so.
pub fn decide(_env: &'static Env) -> Screen<bool> {
    let ready = web_sys::window().is_some_and(|w| {
        let f = Closure::<dyn Fn(String, String) -> JsValue>::new(|name: String, text: String| {
            codec::round_trip(&name, &text).map_or(JsValue::NULL, |s| JsValue::from_str(&s))
        });
        set(&w, "hcpCodec", f.as_ref());
        // Lives as long as the page.
        f.forget();
        true
    });
    Screen {
        title: "JSON codec check".to_string(),
        shown: ready,
    }
}

/// Says whether the check is ready.
pub fn render(_env: &'static Env, ready: bool) -> impl IntoView {
    view! {
        <p class="hcp-status" role="status">
            {if ready { "hcpCodec ready" } else { "no window" }}
        </p>
    }
}

//! The codec check, an entry of its own: a test page served by the gateway
//! in sandbox mode only, at `/test/codec/` (codec-check.html). It is also
//! the proof that an entry loads only its own code (docs/ARCHITECTURE.md,
//! "Widget"): everything here is in this bin, not in the shared library.
//!
//! It puts `window.hcpCodec(name, json)` in the page: the widget's codec
//! reads `json` as the body `name` and writes it back (`null` if it does not
//! read). tests/e2e/specs/codec.spec.js feeds it every golden file the
//! protocol crate writes with serde and compares.
#![no_main]

use hcp_protocol::api::{
    ApiError, HallsResponse, SubmitRequest, SubmitResponse, TagsResponse, WidgetConfig,
};
use hcp_protocol::my::{MyCaseDetail, MyCasesResponse, MyGuidesResponse};
use hcp_protocol::pad::{PadEvent, PadHello, PadRateRequest};
use hcp_widget::codec::{self, Json};
use hcp_widget::env::Env;
use hcp_widget::start::{self, Screen};
use leptos::prelude::*;
use wasm_bindgen::JsValue;
use wasm_bindgen::prelude::{Closure, wasm_bindgen};

#[wasm_bindgen(start)]
fn main() {
    start::run(decide, render);
}

/// Reads `text` as the body named `name` and writes it back; `None` if it does not read.
fn round_trip(name: &str, text: &str) -> Option<String> {
    fn rt<T: Json>(text: &str) -> Option<String> {
        codec::to_text(&codec::from_text::<T>(text)?)
    }
    match name {
        "SubmitRequest" => rt::<SubmitRequest>(text),
        "SubmitResponse" => rt::<SubmitResponse>(text),
        "TagsResponse" => rt::<TagsResponse>(text),
        "HallsResponse" => rt::<HallsResponse>(text),
        "ApiError" => rt::<ApiError>(text),
        "WidgetConfig" => rt::<WidgetConfig>(text),
        "MyCasesResponse" => rt::<MyCasesResponse>(text),
        "MyCaseDetail" => rt::<MyCaseDetail>(text),
        "MyGuidesResponse" => rt::<MyGuidesResponse>(text),
        "PadHello" => rt::<PadHello>(text),
        "PadEvent" => rt::<PadEvent>(text),
        "PadRateRequest" => rt::<PadRateRequest>(text),
        _ => None,
    }
}

/// Installs `window.hcpCodec`; the page says whether it could.
fn decide(_env: &'static Env) -> Screen<bool> {
    let ready = web_sys::window().is_some_and(|w| {
        let f = Closure::<dyn Fn(String, String) -> JsValue>::new(|name: String, text: String| {
            round_trip(&name, &text).map_or(JsValue::NULL, |s| JsValue::from_str(&s))
        });
        codec::set(&w, "hcpCodec", f.as_ref());
        // Lives as long as the page.
        f.forget();
        true
    });
    Screen {
        title: "JSON codec check".to_string(),
        shown: ready,
    }
}

fn render(_env: &'static Env, ready: bool) -> impl IntoView {
    view! {
        <p class="hcp-status" role="status">
            {if ready { "hcpCodec ready" } else { "no window" }}
        </p>
    }
}

//! A minimal Leptos 0.8 counter: the size and cold-load reference of `make bench`.
//! Started like the widget (src/main.rs): `#[wasm_bindgen(start)]`, no `fn main`.
#![no_main]

use leptos::prelude::*;
use wasm_bindgen::prelude::wasm_bindgen;

#[wasm_bindgen(start)]
fn start() {
    leptos::mount::mount_to_body(|| {
        let (count, set_count) = signal(0);
        view! {
            <button id="counter" type="button" on:click=move |_| *set_count.write() += 1>
                "Count: " {count}
            </button>
        }
    });
}

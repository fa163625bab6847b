//! A minimal Leptos 0.8 counter: the size and cold-load reference of `make bench`.
use leptos::prelude::*;

fn main() {
    leptos::mount::mount_to_body(|| {
        let (count, set_count) = signal(0);
        view! {
            <button id="counter" type="button" on:click=move |_| *set_count.write() += 1>
                "Count: " {count}
            </button>
        }
    });
}

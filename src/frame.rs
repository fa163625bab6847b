//! The frame every entry shares: the root element with the 适老化 class,
//! the header with its tools, and the notices shown instead of an entry's
//! content (a bad link, an unknown path, a redirect, a broken page).

pub mod header;
pub mod notice;

use header::Header;
use leptos::prelude::*;

use crate::env::Env;

/// The root `.hcp` (with `.hcp--elder` in 适老化 mode), the header, then
/// `main` in `<main>`.
pub fn shell(env: &'static Env, title: String, main: impl IntoView + 'static) -> impl IntoView {
    let elder = env.elder;
    view! {
        <div class=move || if elder.get() { "hcp hcp--elder" } else { "hcp" }>
            <Header env=env title=title />
            <main class="hcp-main">{main}</main>
        </div>
    }
}

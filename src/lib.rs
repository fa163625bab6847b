//! The hcp rating widget.
use leptos::prelude::*;

/// The whole widget.
#[component]
pub fn App() -> impl IntoView {
    view! { <p>"hcp"</p> }
}

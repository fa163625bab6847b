//! A QR code on the screen: `hcp_protocol::qr_image`'s modules as one SVG
//! path (the gateway prints the same code for paper).

use hcp_protocol::qr_image::QrImage;
use leptos::prelude::*;

/// The QR code of `text`, labelled for screen readers.
#[component]
pub fn QrCode(
    /// What the code says (a link).
    text: String,
    /// Its accessible name.
    label: &'static str,
) -> impl IntoView {
    let image = QrImage::encode(&text).ok();
    image.map(|q| {
        let size = q.size().to_string();
        let view_box = ["0 0 ", &size, " ", &size].concat();
        view! {
            <svg
                class="pad-qr"
                viewBox=view_box
                role="img"
                aria-label=label
                shape-rendering="crispEdges"
            >
                <rect width=size.clone() height=size fill="#fff"></rect>
                <path d=q.path_data() fill="#000"></path>
            </svg>
        }
    })
}

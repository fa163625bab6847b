//! The hall window's pad (评价器), an entry of its own (`pad.html`, served
//! at `/pad/`): a tablet at a service window, facing the citizen, opened
//! once with the link `hcp-gateway pad-link` prints.
//!
//! - Idle: the window's worker, 工号 and hall, the QR code of its consult
//!   link (扫码评价), and a button to rate the consultation on the pad.
//! - A case the hall system reported at this window: what it is, the
//!   citizen's name masked, the rating form, and the QR code of its dynamic
//!   link for those who prefer their phone.
//! - Thanks after a rating (on the pad, or by a phone: the gateway says so),
//!   then idle; an unrated case goes back to idle after a few minutes.
//!
//! Everything comes over one live connection ([`live`], a WebSocket with
//! reconnection and backoff); a rating made while the gateway cannot be
//! reached waits on the device ([`queue`]) with its idempotency key and is
//! sent once it is back. Reads and writes go through the library's `api`
//! and `codec`; the QR codes are drawn from `hcp_protocol::qr_image`.
#![no_main]

mod form;
mod live;
mod qr;
mod queue;
mod screens;

#[wasm_bindgen::prelude::wasm_bindgen(start)]
fn start() {
    hcp_widget::start::run(screens::decide, screens::render);
}

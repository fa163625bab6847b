//! The 好差评 wire model, shared by the widget and the gateway.
//!
//! Pure Rust with no I/O; it builds for `wasm32-unknown-unknown` and native.
//! Everything the two sides must agree on lives here, to the letter of the
//! provincial specs in `seeds/`:
//!
//! - [`params`]: every page's URL parameters, parsed into types that cannot
//!   hold a bad value ([`PageParams::parse`]);
//! - [`decode`]: the base64 / `escape()` / `encodeURIComponent()` rules;
//! - [`qr`]: the dynamic-QR `msg` codec, Liaoning and Guangdong dialects;
//! - [`upstream`]: request and response bodies of all 13 platform interfaces;
//! - [`api`]: the widget ↔ gateway bodies, and the rating rules;
//! - [`my`]: 我的评价 and 一件事, the citizen's own pages (parameters, bodies, rules);
//! - [`error`]: errors as values, with Chinese and English messages;
//! - `sign` (feature `sign`): x-rio, seed-004 MD5 and seed-003 signatures, Beijing time;
//! - `crypt` (feature `sign`): DES/ECB/PKCS5 of the personal fields;
//! - `link` (feature `sign`): signed page links (HMAC-SHA256 over a canonical form);
//! - [`pad`]: the hall window's pad: its live events and its ratings;
//! - `qr_image` (feature `qrcode`): QR code images of links (screen and paper).

// First: its `string_enum!` serves the modules below.
#[macro_use]
pub mod types;
pub mod api;
#[cfg(feature = "sign")]
pub mod crypt;
pub mod decode;
pub mod error;
#[cfg(feature = "sign")]
pub mod link;
pub mod my;
pub mod pad;
pub mod params;
pub mod qr;
#[cfg(feature = "qrcode")]
pub mod qr_image;
#[cfg(feature = "sign")]
pub mod sign;
pub mod upstream;

pub use error::{FieldError, Lang, ParamErrors, Problem};
pub use params::{PageKind, PageOptions, PageParams, Route};
pub use qr::QrMsg;
pub use types::{Channel, EvalEntityCode, EvalProcess, Remark, Stars};

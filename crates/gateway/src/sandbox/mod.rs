//! Sandbox mode (cargo feature `sandbox`, on by default, left out of the
//! production build): the embedded platform and the demo data it is seeded
//! with, the development values, the demo links and pad `serve` prints, the
//! development login and the sandbox's switches.
//!
//! The rest of the gateway reaches sandbox mode only through the names
//! re-exported here; the production build has `no_sandbox.rs` under the same
//! names (lib.rs picks one), so no other file asks which build it is in.

pub mod banner;
pub mod demo_data;
pub mod demo_links;
pub mod demo_pad;
pub mod dev;
pub mod dev_login;
pub mod dev_ratings;
pub mod dev_sandbox;
pub mod embedded;
pub mod routes;

pub use banner::banner;
pub use demo_links::dev_link_secret;
pub use demo_pad::demo_report;
pub use dev::{BUILT, dev_value};
pub use embedded::{Embedded, Handle, shared, shutdown, start};
pub use routes::router;

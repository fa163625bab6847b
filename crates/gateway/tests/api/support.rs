//! The test-support layer of the API tests, one file for each thing it holds;
//! tests take all of it with `use crate::support::*`.
//!
//! - [`app`]: a gateway in this process against a sandbox of its own
//!   (`spawn_app`), the settings and secrets of test gateways, the client;
//! - [`widget`]: the fake Trunk output the gateways serve;
//! - [`platform`]: the sandbox as the provincial platform (started on a
//!   port, its fault modes, what it stored, direct x-rio calls);
//! - [`child`]: the gateway as a child process (`hcp-gateway` with an
//!   environment of its own), and what it runs against;
//! - [`links`]: page links built and altered by name, signed as a hall
//!   system signs them, and the citizens' login tickets;
//! - [`submissions`]: `/api/submit` bodies and idempotency keys;
//! - [`forms`]: seed-004 signed forms (directory push, hall calls);
//! - [`outbox`]: the outbox as gateway.db records it, and the gateway
//!   tuned to give up on the platform fast;
//! - [`wait`]: waiting on a state another process changes.

pub mod app;
pub mod child;
pub mod forms;
pub mod links;
pub mod outbox;
pub mod platform;
pub mod submissions;
pub mod wait;
pub mod widget;

pub use app::*;
pub use child::*;
pub use forms::*;
pub use links::*;
pub use outbox::*;
pub use platform::*;
pub use submissions::*;
pub use wait::*;
pub use widget::*;

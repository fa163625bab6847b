//! hcp-gateway: the thin backend of the 好差评 widget (SPEC §5).
//!
//! It serves the built widget, answers the widget's `/api/*`, fills in what
//! the browser must not be trusted with (evalTime, identity, case data),
//! DES-encrypts the personal fields, signs every upstream request (x-rio),
//! and keeps every accepted rating in a durable outbox (SQLite or
//! PostgreSQL) until the provincial platform — or, in sandbox mode, the
//! embedded `hcp-sandbox` — has answered. See docs/ARCHITECTURE.md, which
//! opens with a map of these folders.
//!
//! [`app`] builds the router from an [`AppState`] (tests can serve it on
//! port 0); [`run`] opens everything, starts the sandbox when configured,
//! the delivery loop and the server, and returns a [`RunningGateway`].
//!
//! The folders, from the bottom up (a folder uses those above it in this
//! list, never one below):
//!
//! | folder | owns |
//! |---|---|
//! | `clock`, `error`, `redact`, `config`, `store`, `metrics`, `telemetry`, `upstream` | the foundations: time, the error type, text that may be shown, settings, the database, observability, the platform's signed HTTP client |
//! | `identity` | who rates: tickets, evaluators, signed page links, signed forms and their nonces |
//! | `directory` | what is rated: cases, halls, departments, their import, the platform's tag lists |
//! | `rating` | from a page and a choice to an upstream body: the plan, its keys, 一件事, tag checks |
//! | `delivery` | from a plan to the platform, exactly once: the outbox, attempts, confirmation, answers |
//! | `hall` | the window's pads: credentials, reported cases, live updates, the pad's rating, QR links |
//! | `state` | what the handlers share |
//! | `web`, `cli`, `server`, `sandbox` | the ways in: HTTP routes and pages, commands, start-up, sandbox mode |

pub mod cli;
pub mod clock;
pub mod config;
pub mod delivery;
pub mod directory;
pub mod error;
pub mod hall;
pub mod identity;
pub mod metrics;
pub mod rating;
pub mod redact;
// Sandbox mode, or in the production build (no feature `sandbox`) its
// stand-in with the same names, which answers that there is none: the one
// place the feature decides anything.
#[cfg(feature = "sandbox")]
pub mod sandbox;
#[cfg(not(feature = "sandbox"))]
#[path = "no_sandbox.rs"]
pub mod sandbox;
pub mod server;
pub mod state;
pub mod store;
pub mod telemetry;
pub mod upstream;
pub mod web;

pub use config::{Config, ConfigArgs, Secret, Upstream};
pub use error::AppError;
pub use server::{RunningGateway, open_store, run, run_with_clock};
pub use state::{AppState, StateInner, widget_config};
pub use web::router::app;

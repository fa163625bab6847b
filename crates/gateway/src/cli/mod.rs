//! The `hcp-gateway` commands: `serve`, `import`, `outbox`, `sign-link`, `pad-link`, `hall-report`.

pub mod command;
pub mod common;
pub mod hall_report;
pub mod import;
pub mod outbox;
pub mod pad_link;
pub mod serve;
pub mod sign_link;

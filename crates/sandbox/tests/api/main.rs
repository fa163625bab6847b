//! Integration tests: the sandbox served on a random loopback port and called
//! over real HTTP with real x-rio signatures, as the gateway calls it.

mod helpers;
mod seed;

mod auth;
mod examples;
mod faults;
mod queries;
mod refusals;
mod required;
mod server;
mod tag_list;
mod work_orders;

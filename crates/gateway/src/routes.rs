//! The HTTP routes, one module per resource, merged in [`crate::app`].

#[cfg(feature = "sandbox")]
pub mod dev_login;
#[cfg(feature = "sandbox")]
pub mod dev_ratings;
#[cfg(feature = "sandbox")]
pub mod dev_sandbox;
pub mod directory_push;
pub mod hall;
pub mod my;
pub mod ops;
pub mod pad;
pub mod submit;
pub mod tags_halls;

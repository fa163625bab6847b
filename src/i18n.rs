//! Every text the widget shows, in Chinese (the default) and English
//! (`lang=en`): one module per entry, and one for what the entries share.
//!
//! - [`shared`]: what several entries show, one struct for each group of
//!   pieces shown together (the frame, the notices, reads, the form's
//!   pieces, the rating form's result, the info blocks);
//! - [`rating`]: the rating pages' own;
//! - [`pad`]: the hall pad's;
//! - [`my`]: 我的评价's and 一件事's.
//!
//! Messages about parameters and API errors come from the protocol crate
//! (`FieldError::message`, `ApiError::message`), and so do the star labels
//! and page titles (`Stars::label`, `PageKind::title`).
//!
//! An entry's bundle holds only the texts it shows: the linker keeps what
//! is reached, so the rating pages carry none of the pad's or 我的评价's.

pub mod my;
pub mod pad;
pub mod rating;
pub mod shared;

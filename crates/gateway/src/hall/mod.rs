//! The hall's window: pad credentials, the cases a hall system reports to a window, the live updates to the window's pads, what a pad shows, a pad's rating, the revocation watch, and the window's links and QR codes.

pub mod links;
pub mod live;
pub mod pad_rating;
pub mod pads;
pub mod reported;
pub mod revocations;
pub mod screen;

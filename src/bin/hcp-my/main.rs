//! The citizen's own pages (the `hcp-my` bundle, my.html): 我的评价 at
//! `/my/` (their cases with rating status, a case's ratings and a 差评's
//! work order, their guide ratings; rating a case not yet rated) and 一件事
//! at `/front/onething/` (one rating of a bundle of their cases). Both need
//! a logged-in citizen; the gateway answers for the ticket's user only.
//!
//! - [`screens`]: what the URL opens (我的评价, 一件事, a notice);
//! - [`page`]: a 我的评价 link, parsed; [`nav`]: which of its views is
//!   shown, kept in the address bar;
//! - [`cases`], [`guides`]: the two lists; [`case`]: one case, with its
//!   ratings and the form; [`onething`]: the 一件事 page;
//! - [`parts`]: the pieces the views share (tabs, filter, pager, the reads'
//!   login guard, what the forms rate).
//!
//! Its code is here, beside the shared library it uses (start-up, frame,
//! reads, codec, the rating form), so the rating pages' bundle does not
//! carry it (docs/ARCHITECTURE.md, "Widget").
#![no_main]

mod case;
mod cases;
mod guides;
mod nav;
mod onething;
mod page;
mod parts;
mod screens;

use hcp_widget::start;
use wasm_bindgen::prelude::wasm_bindgen;

#[wasm_bindgen(start)]
fn main() {
    start::run(screens::decide, screens::render);
}

//! What the gateway's own HTML pages share (the window card, the page of a
//! refused rating link, the development login): maud, whose `html!` escapes
//! every value spliced into text or an attribute unless it is wrapped in
//! [`PreEscaped`], and the doctype they begin with.
//!
//! maud rather than askama: these are three small pages, each built in code
//! from a few values by the handler that serves it, so a template in the same
//! file, checked by the compiler like the code around it, reads better than a
//! template file with a struct to fill. What is not escaped is then visible
//! by name: `PreEscaped`, used only for the gateway's own markup and CSS.

pub(crate) use maud::{Markup, PreEscaped, html};

/// The doctype these pages have always begun with (maud's own `DOCTYPE` is
/// the upper-case `<!DOCTYPE html>`: the same to a browser, but not the same
/// bytes).
pub(crate) const DOCTYPE: PreEscaped<&str> = PreEscaped("<!doctype html>");

//! What each page variant of SPEC §2 shows. A page is described as data
//! (its info blocks, and for consult online the hall picker); one view,
//! [`RatingPage`], renders every variant, so the widget ships one set of
//! view code instead of seven.

use hcp_protocol::PageParams;
use leptos::prelude::*;

use crate::app::{fetch_halls, use_ctx, use_page};
use crate::components::hall_picker::{HallPicker, Pick};
use crate::components::info::{InfoSections, Section};
use crate::components::rating_form::RatingForm;

pub mod affair;
pub mod batch;
pub mod consult;
pub mod dynamic;
pub mod guide;

/// A page's content above the form.
pub struct Described {
    /// The info blocks.
    pub sections: Vec<Section>,
    /// Consult online: the picked (hallCode, workNo).
    pub pick: Option<Pick>,
}

/// The rating page for the parsed variant.
#[component]
pub fn RatingPage() -> impl IntoView {
    let lang = use_ctx().lang;
    let page = use_page();
    let d = match &page.params {
        PageParams::Guide(p) => guide::describe(lang, p),
        PageParams::AffairOnline(p) => affair::describe_online(lang, p),
        PageParams::AffairHall(p) => affair::describe_hall(lang, p, fetch_halls()),
        PageParams::Batch(p) => batch::describe(lang, p, fetch_halls()),
        PageParams::ConsultOnline(_) => consult::describe_online(),
        PageParams::ConsultHall(p) => consult::describe_hall(lang, p, fetch_halls()),
        PageParams::Dynamic(q) => dynamic::describe(lang, q, fetch_halls()),
    };
    let picker = d
        .pick
        .map(|pick| view! { <HallPicker halls=fetch_halls() pick=pick /> });
    view! {
        <InfoSections sections=d.sections />
        {picker}
        <RatingForm pick=d.pick />
    }
}

//! The rating pages of SPEC §2, one module each. A page shows what is rated
//! (its info blocks), then the rating form; the pieces are the shared
//! components of [`crate::components`], so pages with the same pieces share
//! their view code.

use crate::env::Env;
use hcp_protocol::PageParams;
use leptos::either::EitherOf7;
use leptos::prelude::*;

use crate::rating::page::Page;

pub mod affair;
pub mod batch;
pub mod consult;
pub mod dynamic;
pub mod guide;

/// The page for the parsed variant.
#[component]
pub fn RatingPage(
    /// The page's environment.
    env: &'static Env,
    /// The route and parameters.
    page: &'static Page,
) -> impl IntoView {
    match &page.params {
        PageParams::Guide(p) => EitherOf7::A(view! { <guide::GuidePage env page p /> }),
        PageParams::AffairOnline(p) => {
            EitherOf7::B(view! { <affair::AffairOnlinePage env page p /> })
        }
        PageParams::AffairHall(p) => EitherOf7::C(view! { <affair::AffairHallPage env page p /> }),
        PageParams::Batch(p) => EitherOf7::D(view! { <batch::BatchPage env page p /> }),
        PageParams::ConsultOnline(_) => {
            EitherOf7::E(view! { <consult::ConsultOnlinePage env page /> })
        }
        PageParams::ConsultHall(p) => {
            EitherOf7::F(view! { <consult::ConsultHallPage env page p /> })
        }
        PageParams::Dynamic(q) => EitherOf7::G(view! { <dynamic::DynamicPage env page q /> }),
    }
}

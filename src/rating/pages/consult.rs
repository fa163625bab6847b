//! 咨询评价 (`/front/hallworker/`): in a hall (the URL names the window, so
//! 大厅信息 is shown) or online (the citizen picks the hall, then the worker).

use crate::components::info::{InfoSections, hall_section};
use crate::components::pick::Pick;
use crate::components::rating_form::RatingForm;
use crate::env::Env;
use hcp_protocol::params::ConsultHallParams;
use leptos::prelude::*;

use crate::rating::hall_picker::HallPicker;
use crate::rating::page::{Page, hall_directory};

/// 咨询评价(大厅).
#[component]
pub fn ConsultHallPage(
    /// The page's environment.
    env: &'static Env,
    /// The route and parameters.
    page: &'static Page,
    /// The window's parameters.
    p: &'static ConsultHallParams,
) -> impl IntoView {
    let halls = hall_directory(env, page);
    view! {
        <InfoSections sections=vec![hall_section(env.lang, p.worker.clone(), halls)] />
        <RatingForm env=env page=page pick=None />
    }
}

/// 咨询评价(网上): the hall and worker pickers, then the form.
#[component]
pub fn ConsultOnlinePage(
    /// The page's environment.
    env: &'static Env,
    /// The route and parameters.
    page: &'static Page,
) -> impl IntoView {
    let halls = hall_directory(env, page);
    let pick = Pick::new();
    view! {
        <HallPicker env=env halls=halls pick=pick />
        <RatingForm env=env page=page pick=Some(pick) />
    }
}

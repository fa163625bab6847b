//! 办事指南评价 (`/guide/`): 办理事项 and 办理部门, then the form.

use crate::components::info::{InfoSections, Row, Section, department_row};
use crate::components::rating_form::RatingForm;
use crate::env::Env;
use crate::i18n::rating::rt;
use crate::i18n::shared::info;
use hcp_protocol::params::GuideParams;
use leptos::prelude::*;

use crate::rating::page::Page;

/// The guide page.
#[component]
pub fn GuidePage(
    /// The page's environment.
    env: &'static Env,
    /// The route and parameters.
    page: &'static Page,
    /// The guide's parameters.
    p: &'static GuideParams,
) -> impl IntoView {
    let tx = info(env.lang);
    let sections = vec![Section::rows(
        tx.business_info,
        vec![
            Row::new(rt(env.lang).affair_item, p.affair_name.as_str()),
            department_row(env, p.department_code.as_str()),
        ],
    )];
    view! {
        <InfoSections sections=sections />
        <RatingForm env=env page=page pick=None />
    }
}

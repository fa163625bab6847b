//! 办件评价 (`/front/pc/`): online (业务信息) and in a hall (业务信息 + 大厅信息).

use crate::components::info::{InfoSections, Row, Section, department_row, hall_section};
use crate::components::rating_form::RatingForm;
use crate::env::Env;
use crate::i18n::shared::info;
use hcp_protocol::params::{AffairParams, HallAffairParams};
use leptos::prelude::*;

use crate::rating::page::{Page, hall_directory};

/// 业务信息 of a case: 办理业务, 办理部门, 办件编号.
fn case_section(env: &Env, p: &AffairParams) -> Section {
    let tx = info(env.lang);
    Section::rows(
        tx.business_info,
        vec![
            Row::new(tx.affair, p.affair_name.as_str()),
            department_row(env, p.department_code.as_str()),
            Row::new(tx.case_no, p.affair_serial_no.as_str()),
        ],
    )
}

/// 办件评价(网上).
#[component]
pub fn AffairOnlinePage(
    /// The page's environment.
    env: &'static Env,
    /// The route and parameters.
    page: &'static Page,
    /// The case's parameters.
    p: &'static AffairParams,
) -> impl IntoView {
    view! {
        <InfoSections sections=vec![case_section(env, p)] />
        <RatingForm env=env page=page pick=None />
    }
}

/// 办件评价(大厅): the case, then the hall and the worker.
#[component]
pub fn AffairHallPage(
    /// The page's environment.
    env: &'static Env,
    /// The route and parameters.
    page: &'static Page,
    /// The case's parameters.
    p: &'static HallAffairParams,
) -> impl IntoView {
    let halls = hall_directory(env, page);
    let sections = vec![
        case_section(env, &p.affair),
        hall_section(env.lang, p.worker.clone(), halls),
    ];
    view! {
        <InfoSections sections=sections />
        <RatingForm env=env page=page pick=None />
    }
}

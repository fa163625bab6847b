//! 同一事项批量评价 (`/front/evallist/`): one rating for several cases of the
//! same service. The page lists the case numbers it rates; the result view
//! shows each case's own outcome.

use crate::components::info::{InfoSections, Row, Section, department_row, hall_section};
use crate::components::rating_form::RatingForm;
use crate::env::Env;
use crate::i18n::rating::batch_cases;
use crate::i18n::shared::info;
use hcp_protocol::params::BatchParams;
use leptos::prelude::*;

use crate::rating::page::{Page, hall_directory};

/// The batch page.
#[component]
pub fn BatchPage(
    /// The page's environment.
    env: &'static Env,
    /// The route and parameters.
    page: &'static Page,
    /// The batch's parameters.
    p: &'static BatchParams,
) -> impl IntoView {
    let lang = env.lang;
    let tx = info(lang);
    let halls = hall_directory(env, page);
    let sections = vec![
        Section::rows(
            tx.business_info,
            vec![
                Row::new(tx.affair, p.affair_name.as_str()),
                department_row(env, p.department_code.as_str()),
            ],
        ),
        hall_section(lang, p.worker.clone(), halls),
        Section {
            heading: batch_cases(lang, p.affair_serial_nos.len()),
            rows: Vec::new(),
            items: p
                .affair_serial_nos
                .iter()
                .map(|c| c.as_str().to_string())
                .collect(),
        },
    ];
    view! {
        <InfoSections sections=sections />
        <RatingForm env=env page=page pick=None />
    }
}

//! 动态二维码 (`/rating-dynamic/?msg=…`), Liaoning or Guangdong dialect: the
//! case number and item code, then the hall (name from the directory, else
//! its code) and the worker (Guangdong's QR has no name: the number).

use crate::components::info::{InfoSections, Row, Section, hall_section};
use crate::components::rating_form::RatingForm;
use crate::env::Env;
use crate::i18n::rating::rt;
use crate::i18n::shared::info;
use hcp_protocol::QrMsg;
use hcp_protocol::params::HallWorker;
use leptos::prelude::*;

use crate::rating::page::{Page, hall_directory};

/// The dynamic-QR page.
#[component]
pub fn DynamicPage(
    /// The page's environment.
    env: &'static Env,
    /// The route and parameters.
    page: &'static Page,
    /// The decoded QR message.
    q: &'static QrMsg,
) -> impl IntoView {
    let lang = env.lang;
    let tx = info(lang);
    let worker = HallWorker {
        hall_code: q.hall_code().clone(),
        work_no: q.work_no().clone(),
        worker_name: q.worker_name().cloned(),
    };
    let halls = hall_directory(env, page);
    let sections = vec![
        Section::rows(
            tx.business_info,
            vec![
                Row::new(tx.case_no, q.affair_serial_no().as_str()),
                Row::new(rt(lang).affair_code, q.affair_code().as_str()),
            ],
        ),
        hall_section(lang, worker, halls),
    ];
    view! {
        <InfoSections sections=sections />
        <RatingForm env=env page=page pick=None />
    }
}

//! 一件事 (`/front/onething/`, seed 000 §4.7): one rating for a bundle of
//! the citizen's cases of different services. The page shows the bundle
//! (its subject, its cases, the window when it was handled in a hall) and
//! the rating form; the result lists each case's outcome (rated, rated
//! before, or refused by the platform with its reason).

use hcp_protocol::my::{ONETHING_PATH, OneThingParams};
use hcp_widget::api;
use hcp_widget::components::info::{InfoSections, Row, Section, hall_section};
use hcp_widget::components::rating_form::RatingForm;
use hcp_widget::env::Env;
use hcp_widget::fetch::Fetch;
use hcp_widget::i18n::my::{m, onething_cases, stage_name};
use leptos::prelude::*;

use crate::parts::Rates;

/// A 一件事 link, parsed; it rates itself, as the page's own route and query.
pub struct OneThing {
    /// The parameters.
    pub params: OneThingParams,
    /// What its form submits.
    pub rates: Rates,
}

impl OneThing {
    /// The page of `params`, whose query (without the ticket) is `query`.
    pub fn new(params: OneThingParams, query: &str) -> OneThing {
        OneThing {
            rates: Rates {
                route: ONETHING_PATH,
                query: query.to_string(),
                app_code: params.common.app_code.clone(),
                entity: params.eval_entity_code,
                name: "onething",
            },
            params,
        }
    }
}

/// The 一件事 page.
#[component]
pub fn OneThingPage(
    /// The page's environment.
    env: &'static Env,
    /// The bundle.
    page: &'static OneThing,
) -> impl IntoView {
    let lang = env.lang;
    let tx = m(lang);
    let p = &page.params;
    let mut sections = vec![Section::rows(
        tx.onething_info,
        vec![
            Row::new(tx.subject, p.sub_business.as_str()),
            Row::new(tx.stage, stage_name(lang, p.eval_process.get())),
        ],
    )];
    if let Some(w) = &p.worker {
        let app = &p.common.app_code;
        let halls = Fetch::new(
            || Some(()),
            move |(), signal| api::halls(&env.config.api_base, app, signal),
        );
        sections.push(hall_section(lang, w.clone(), halls));
    }
    sections.push(Section {
        heading: onething_cases(lang, p.affair_serial_nos.len()),
        rows: Vec::new(),
        items: p
            .affair_serial_nos
            .iter()
            .map(|c| c.as_str().to_string())
            .collect(),
    });
    view! {
        <InfoSections sections=sections />
        <RatingForm env=env page=&page.rates pick=None />
    }
}

//! What is rated: 业务信息（办理业务、办理部门）and 大厅信息（办理大厅、办理人员）
//! (seed 000 §5.1). Pages describe their blocks as data; one view renders
//! them all. Values are decoded URL text, rendered only as text nodes.

use hcp_protocol::Lang;
use hcp_protocol::api::HallsResponse;
use hcp_protocol::params::HallWorker;
use leptos::prelude::*;

use crate::api::ApiFailure;
use crate::i18n::{t, worker_by_no};

/// One label and its value.
pub struct Row {
    /// The label (`<dt>`).
    pub label: &'static str,
    /// The value (`<dd>`), which may fill in once the hall directory is in.
    pub value: Signal<String>,
}

impl Row {
    /// A row with a fixed value.
    pub fn new(label: &'static str, value: &str) -> Row {
        Row {
            label,
            value: Signal::stored(value.to_string()),
        }
    }
}

/// A titled block: label/value rows, then a plain list (a batch's case numbers).
pub struct Section {
    /// The heading.
    pub heading: String,
    /// The rows.
    pub rows: Vec<Row>,
    /// List items under the rows.
    pub items: Vec<String>,
}

/// The hall directory, as fetched.
pub type Halls = LocalResource<Result<HallsResponse, ApiFailure>>;

/// 大厅信息: the hall (its name when the directory knows the code, else the
/// code) and the worker (the URL's name; else the directory's with the
/// number; else the number: Guangdong's QR names no one).
pub fn hall_section(lang: Lang, worker: HallWorker, halls: Halls) -> Section {
    let tx = t(lang);
    let code = worker.hall_code.as_str().to_string();
    let no = worker.work_no.as_str().to_string();
    let hall = move || {
        halls
            .get()
            .and_then(Result::ok)
            .and_then(|d| d.halls.into_iter().find(|h| h.hall_code == code))
    };
    let hall_name = {
        let hall = hall.clone();
        let code = worker.hall_code.as_str().to_string();
        Signal::derive(move || hall().map_or_else(|| code.clone(), |h| h.name))
    };
    let worker_label = match worker.worker_name {
        Some(name) => Signal::stored(name.as_str().to_string()),
        None => Signal::derive(move || {
            let known = hall().and_then(|h| h.workers.into_iter().find(|w| w.work_no == no));
            match known {
                Some(w) => format!("{}（{}）", w.name, worker_by_no(lang, &no)),
                None => worker_by_no(lang, &no),
            }
        }),
    };
    Section {
        heading: tx.hall_info.to_string(),
        rows: vec![
            Row {
                label: tx.hall,
                value: hall_name,
            },
            Row {
                label: tx.worker,
                value: worker_label,
            },
        ],
        items: Vec::new(),
    }
}

/// The blocks, in order.
#[component]
pub fn InfoSections(
    /// What to show.
    sections: Vec<Section>,
) -> impl IntoView {
    sections
        .into_iter()
        .map(|s| {
            let rows = s
                .rows
                .into_iter()
                .map(|r| {
                    view! {
                        <div class="hcp-info__row">
                            <dt class="hcp-info__label">{r.label}</dt>
                            <dd class="hcp-info__value">{r.value}</dd>
                        </div>
                    }
                })
                .collect_view();
            let items = (!s.items.is_empty()).then(|| {
                let li = s
                    .items
                    .into_iter()
                    .map(|i| view! { <li class="hcp-info__item">{i}</li> })
                    .collect_view();
                view! { <ul class="hcp-info__items">{li}</ul> }
            });
            view! {
                <section class="hcp-info">
                    <h2 class="hcp-info__heading">{s.heading}</h2>
                    <dl class="hcp-info__list">{rows}</dl>
                    {items}
                </section>
            }
        })
        .collect_view()
}

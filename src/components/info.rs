//! What is rated: 业务信息（办理业务、办理部门）and 大厅信息（办理大厅、办理人员）
//! (seed 000 §5.1). A page lists its blocks as data and [`InfoSections`]
//! renders them, so every page ships the same view code. Values are decoded
//! URL text, rendered only as text nodes.

use std::sync::Arc;

use hcp_protocol::Lang;
use hcp_protocol::api::DEPARTMENT_ELEMENT_ID;
use hcp_protocol::api::HallsResponse;
use hcp_protocol::params::HallWorker;
use leptos::prelude::*;

use crate::env::Env;
use crate::fetch::Fetch;
use crate::i18n::shared::{info, worker_by_no};
use crate::start::block_text;

/// A row's value, read where it is shown: it may fill in once the hall
/// directory is in. (A plain closure rather than a `Signal<String>`, whose
/// wrapper costs more wasm than the few rows it would serve.)
pub type Value = Arc<dyn Fn() -> String + Send + Sync>;

/// The hall directory as a page reads it: fetched once, refetched on retry.
pub type Halls = Fetch<(), HallsResponse>;

/// One label and its value.
pub struct Row {
    /// The label (`<dt>`).
    pub label: &'static str,
    /// The value (`<dd>`).
    pub value: Value,
}

impl Row {
    /// A row with a fixed value.
    pub fn new(label: &'static str, value: &str) -> Row {
        let value = value.to_string();
        Row {
            label,
            value: Arc::new(move || value.clone()),
        }
    }
}

/// 办理部门: the name the gateway's department directory gave the page
/// (the text of `api::DEPARTMENT_ELEMENT_ID`, read with the DOM calls the
/// config block is read with), else the code the URL carries. Measured
/// against the other ways (raw wasm of the rating pages): a `<meta>` and
/// its attribute +0.14 KB, a JSON string +0.17 KB, a `WidgetConfig` field
/// (read by every entry) +0.13 KB on the pad too.
pub fn department_row(env: &Env, code: &str) -> Row {
    let name = block_text(DEPARTMENT_ELEMENT_ID).filter(|n| !n.is_empty());
    Row::new(info(env.lang).department, name.as_deref().unwrap_or(code))
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

impl Section {
    /// A block of rows.
    pub fn rows(heading: &str, rows: Vec<Row>) -> Section {
        Section {
            heading: heading.to_string(),
            rows,
            items: Vec::new(),
        }
    }
}

/// 大厅信息: the hall (its name with the code when the directory knows the
/// code, else the code) and the worker: the directory's name with the number
/// when the directory knows the window (that name, not the URL's, is what
/// the gateway sends to the platform); else the URL's name; else the number
/// (Guangdong's QR names no one).
pub fn hall_section(lang: Lang, worker: HallWorker, halls: Halls) -> Section {
    let tx = info(lang);
    let code = worker.hall_code.as_str().to_string();
    let no = worker.work_no.as_str().to_string();
    let hall_name: Value = {
        let code = code.clone();
        Arc::new(move || {
            halls.with(|d| {
                d.and_then(|d| d.halls.iter().find(|h| h.hall_code == code))
                    .map_or_else(|| code.clone(), |h| [&h.name, "（", &code, "）"].concat())
            })
        })
    };
    let url_name = worker.worker_name.map(|n| n.as_str().to_string());
    let worker_row = Row {
        label: tx.worker,
        value: Arc::new(move || {
            halls.with(|d| {
                let known = d
                    .and_then(|d| d.halls.iter().find(|h| h.hall_code == code))
                    .and_then(|h| h.workers.iter().find(|w| w.work_no == no));
                match (known, &url_name) {
                    (Some(w), _) => [&w.name, "（", &worker_by_no(lang, &no), "）"].concat(),
                    (None, Some(name)) => name.clone(),
                    (None, None) => worker_by_no(lang, &no),
                }
            })
        }),
    };
    Section {
        heading: tx.hall_info.to_string(),
        rows: vec![
            Row {
                label: tx.hall,
                value: hall_name,
            },
            worker_row,
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
                    let value = r.value;
                    view! {
                        <div class="hcp-info__row">
                            <dt class="hcp-info__label">{r.label}</dt>
                            <dd class="hcp-info__value">{move || value()}</dd>
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

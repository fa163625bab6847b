//! 同一事项批量评价 (`/front/evallist/`): one rating for several cases of the
//! same service. The page lists the case numbers it rates; the result view
//! shows each case's own outcome.

use hcp_protocol::Lang;
use hcp_protocol::params::BatchParams;

use crate::api::Halls;
use crate::components::info::{Row, Section, hall_section};
use crate::i18n::{batch_cases, t};
use crate::pages::Described;

/// The batch page's blocks.
pub fn describe(lang: Lang, p: &BatchParams, halls: Halls) -> Described {
    let tx = t(lang);
    Described {
        sections: vec![
            Section {
                heading: tx.business_info.to_string(),
                rows: vec![
                    Row::new(tx.affair, p.affair_name.as_str()),
                    Row::new(tx.department, p.department_code.as_str()),
                ],
                items: Vec::new(),
            },
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
        ],
        pick: None,
    }
}

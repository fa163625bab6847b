//! 动态二维码 (`/rating-dynamic/?msg=…`), Liaoning or Guangdong dialect: the
//! case number and item code, then the hall (name from the directory, else
//! its code) and the worker (Guangdong's QR has no name: the number).

use hcp_protocol::params::HallWorker;
use hcp_protocol::{Lang, QrMsg};

use crate::api::Halls;
use crate::components::info::{Row, Section, hall_section};
use crate::i18n::t;
use crate::pages::Described;

/// The dynamic-QR page's blocks.
pub fn describe(lang: Lang, q: &QrMsg, halls: Halls) -> Described {
    let tx = t(lang);
    let worker = HallWorker {
        hall_code: q.hall_code().clone(),
        work_no: q.work_no().clone(),
        worker_name: q.worker_name().cloned(),
    };
    let sections = vec![
        Section {
            heading: tx.business_info.to_string(),
            rows: vec![
                Row::new(tx.case_no, q.affair_serial_no().as_str()),
                Row::new(tx.affair_code, q.affair_code().as_str()),
            ],
            items: Vec::new(),
        },
        hall_section(lang, worker, halls),
    ];
    Described {
        sections,
        pick: None,
    }
}

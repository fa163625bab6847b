//! 办事指南评价 (`/guide/`): 办理事项 and 办理部门.

use hcp_protocol::Lang;
use hcp_protocol::params::GuideParams;

use crate::components::info::{Row, Section};
use crate::i18n::t;
use crate::pages::Described;

/// The guide page's blocks.
pub fn describe(lang: Lang, p: &GuideParams) -> Described {
    let tx = t(lang);
    Described {
        sections: vec![Section {
            heading: tx.business_info.to_string(),
            rows: vec![
                Row::new(tx.affair_item, p.affair_name.as_str()),
                Row::new(tx.department, p.department_code.as_str()),
            ],
            items: Vec::new(),
        }],
        pick: None,
    }
}

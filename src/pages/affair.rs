//! 办件评价 (`/front/pc/`): online (业务信息) and in a hall (业务信息 + 大厅信息).

use hcp_protocol::Lang;
use hcp_protocol::params::{AffairParams, HallAffairParams};

use crate::api::Halls;
use crate::components::info::{Row, Section, hall_section};
use crate::i18n::t;
use crate::pages::Described;

/// 业务信息 of a case: 办理业务, 办理部门, 办件编号.
pub fn case_section(lang: Lang, p: &AffairParams) -> Section {
    let tx = t(lang);
    Section {
        heading: tx.business_info.to_string(),
        rows: vec![
            Row::new(tx.affair, p.affair_name.as_str()),
            Row::new(tx.department, p.department_code.as_str()),
            Row::new(tx.case_no, p.affair_serial_no.as_str()),
        ],
        items: Vec::new(),
    }
}

/// 办件评价(网上).
pub fn describe_online(lang: Lang, p: &AffairParams) -> Described {
    Described {
        sections: vec![case_section(lang, p)],
        pick: None,
    }
}

/// 办件评价(大厅).
pub fn describe_hall(lang: Lang, p: &HallAffairParams, halls: Halls) -> Described {
    Described {
        sections: vec![
            case_section(lang, &p.affair),
            hall_section(lang, p.worker.clone(), halls),
        ],
        pick: None,
    }
}
